import type { AppContext } from '../../platform/context.js';
import { runMeetingReminders, scheduleMeetingReminders } from './meetings.service.js';

declare module '../../platform/jobs.js' {
  interface JobRegistry {
    'meetings.remindTick': { at: string };
  }
}

export function registerMeetingJobs(ctx: AppContext): void {
  ctx.jobs.work('meetings.remindTick', async () => {
    await runMeetingReminders(ctx);
    await scheduleMeetingReminders(ctx);
  });
}

/** The reminder sweep must be scheduled once a process starts working jobs. */
export const scheduleMeetingJobs = (ctx: AppContext): Promise<void> => scheduleMeetingReminders(ctx);
