import { isHostAdmin, isSignedIn, type Policy } from '../../platform/policy.js';

/*
 * Which moderator may act on which thread, reply or flag is decided by the discussion, thread and
 * reply policies in `threads.policy.ts`: a thread's abilities carry them to every viewer.
 */
export const moderationRoutePolicies = {
  /** Each moderation route loads the post, flag or network and the viewer's standing, then applies the policies above. */
  'moderation.signedIn': isSignedIn,
  /** The audit trail of moderation and author reveals. */
  'moderationLog.list': isHostAdmin,
} satisfies Record<string, Policy>;
