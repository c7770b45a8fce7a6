import type { AppContext } from '../../platform/context.js';
import type { LaterLiveEvent } from '../notifications/notifications.service.js';
import { publishHeldPost } from './threads.service.js';

declare module '../../platform/jobs.js' {
  interface JobRegistry {
    'threads.publishHeld': { threadId: string; replyId: string | null; events: LaterLiveEvent[] };
  }
}

export function registerThreadJobs(ctx: AppContext): void {
  ctx.jobs.work('threads.publishHeld', (post) => publishHeldPost(ctx, post));
}
