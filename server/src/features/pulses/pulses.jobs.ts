import type { AppContext } from '../../platform/context.js';
import { closeAtDeadline, remindWaiting } from './pulses.service.js';

declare module '../../platform/jobs.js' {
  interface JobRegistry {
    /** Scheduled for when a quarter of the time is left; `closesAt` tells a stale reminder from a current one. */
    'pulses.remind': { pulseId: string; closesAt: string };
    /** Scheduled for the deadline; a no-op when the deadline moved or the pulse closed early. */
    'pulses.close': { pulseId: string; closesAt: string };
  }
}

export function registerPulseJobs(ctx: AppContext): void {
  ctx.jobs.work('pulses.remind', ({ pulseId, closesAt }) => remindWaiting(ctx, pulseId, closesAt));
  ctx.jobs.work('pulses.close', ({ pulseId, closesAt }) => closeAtDeadline(ctx, pulseId, closesAt));
}
