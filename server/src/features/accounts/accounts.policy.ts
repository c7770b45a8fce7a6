import type { SignUpPolicy } from '@roundtable/contract/admin';
import { isHostAdmin, isSignedIn, type Policy } from '../../platform/policy.js';

export const accountRoutePolicies = {
  'auth.signUp': () => true,
  'auth.signIn': () => true,
  'auth.signOut': () => true,
  'auth.passwordReset': () => true,
  'auth.verifyEmail': () => true,
  'auth.verifyEmail.resend': isSignedIn,
  'me.read': isSignedIn,
  'me.update': isSignedIn,
  'me.password.change': isSignedIn,
} satisfies Record<string, Policy>;

export type SignUpSubject = { signUpPolicy: SignUpPolicy; hasAdmin: boolean; isInvited: boolean };

export const accountPolicies = {
  // The very first account always gets in: it becomes the host admin who sets the instance up.
  // On an invitation-only instance, a usable network invitation is the way in.
  'account.create': ((_actor, instance) =>
    !instance.hasAdmin || instance.signUpPolicy === 'open' || instance.isInvited) satisfies Policy<SignUpSubject>,
  'outbox.read': ((actor) => isHostAdmin(actor)) satisfies Policy,
  'instance.manage': ((actor) => isHostAdmin(actor)) satisfies Policy,
};
