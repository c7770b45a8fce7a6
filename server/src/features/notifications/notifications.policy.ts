import { isSignedIn, type Policy } from '../../platform/policy.js';

export const notificationRoutePolicies = {
  /** Every notification route acts on the signed-in member's own notifications and nothing else. */
  'notifications.own': isSignedIn,
  /** The one-click unsubscribe link of an email: its token is the credential, no session needed. */
  'notifications.unsubscribe': () => true,
} satisfies Record<string, Policy>;
