import type { AppContext } from '../../platform/context.js';
import { remindAction } from './plans.service.js';

declare module '../../platform/jobs.js' {
  interface JobRegistry {
    /** Enqueued for the morning of an action's due date; skipped when the date moved since. */
    'plans.reminder': { actionId: string; dueDate: string };
  }
}

export function registerPlanJobs(ctx: AppContext): void {
  ctx.jobs.work('plans.reminder', ({ actionId, dueDate }) => remindAction(ctx, actionId, dueDate));
}
