import { isSignedIn, type Policy } from '../../platform/policy.js';

export const activityRoutePolicies = {
  /** A member's activity signals are counted for that member alone. */
  'activity.own': isSignedIn,
} satisfies Record<string, Policy>;
