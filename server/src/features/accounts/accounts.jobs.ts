import type { AppContext } from '../../platform/context.js';
import { sendPasswordReset } from './accounts.service.js';

declare module '../../platform/jobs.js' {
  interface JobRegistry {
    'accounts.passwordReset': { email: string };
  }
}

export function registerAccountJobs(ctx: AppContext): void {
  ctx.jobs.work('accounts.passwordReset', ({ email }) => sendPasswordReset(ctx, email));
}
