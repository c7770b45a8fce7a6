import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/policy.js';
import { anonymous } from '../../platform/policy.js';
import { moderationRoutePolicies } from './moderation.policy.js';

const person = (role: 'member' | 'admin' = 'member', userId = 'viewer'): Actor => ({
  kind: 'user',
  userId,
  role,
  sessionId: 's',
});
const viewer = person();
const hostAdmin = person('admin', 'admin');

describe('route policies', () => {
  it.each([
    ['moderation.signedIn', anonymous, false],
    ['moderation.signedIn', viewer, true],
    ['moderationLog.list', anonymous, false],
    ['moderationLog.list', viewer, false],
    ['moderationLog.list', hostAdmin, true],
  ] as const)('%s for %o → %s', (action, actor, expected) => {
    expect(moderationRoutePolicies[action](actor)).toBe(expected);
  });
});
