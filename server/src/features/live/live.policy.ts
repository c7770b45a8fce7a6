import { isSignedIn, type Policy } from '../../platform/policy.js';

export const liveRoutePolicies = {
  /** The stream itself needs a session; each channel it carries is authorised by the feature that owns it. */
  'events.stream': isSignedIn,
} satisfies Record<string, Policy>;
