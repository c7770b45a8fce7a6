import type { AppContext } from '../../platform/context.js';
import {
  emailNotifications,
  type LaterLiveEvent,
  publishLive,
  runDigestTick,
  scheduleDigestTick,
  sendDigest,
} from './notifications.service.js';

declare module '../../platform/jobs.js' {
  interface JobRegistry {
    'notifications.email': { notificationIds: string[] };
    'notifications.digestTick': { at: string };
    'notifications.digest': { userId: string };
    'notifications.publishLive': { events: LaterLiveEvent[] };
  }
}

export function registerNotificationJobs(ctx: AppContext): void {
  ctx.jobs.work('notifications.email', ({ notificationIds }, job) => emailNotifications(ctx, notificationIds, job));
  ctx.jobs.work('notifications.digestTick', async () => {
    await runDigestTick(ctx);
  });
  ctx.jobs.work('notifications.digest', ({ userId }) => sendDigest(ctx, userId));
  ctx.jobs.work('notifications.publishLive', ({ events }) => publishLive(ctx, events));
}

/** Recurring jobs that must exist once a process starts working jobs. */
export const scheduleNotificationJobs = (ctx: AppContext): Promise<void> => scheduleDigestTick(ctx);
