import type { MeView } from '@roundtable/contract/accounts';
import type { OwnProfileView } from '@roundtable/contract/profiles';
import type { User } from '../../db/tables.js';
import type { Actor } from '../../platform/policy.js';
import { accountPolicies } from './accounts.policy.js';

export function presentMe(user: User, actor: Actor, profile: OwnProfileView): MeView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    emailVerified: user.emailVerifiedAt !== null,
    createdAt: user.createdAt,
    abilities: {
      readOutbox: accountPolicies['outbox.read'](actor),
      manageInstance: accountPolicies['instance.manage'](actor),
    },
    profile,
  };
}
