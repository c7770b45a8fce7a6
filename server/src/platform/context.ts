import type { Config } from '../config.js';
import type { Database, Db } from '../db/database.js';
import type { Sessions } from './auth.js';
import type { Clock } from './clock.js';
import type { EventBus } from './events.js';
import type { FileStore } from './files.js';
import type { JobQueue } from './jobs.js';
import { type EmailContent, type Mailer, renderEmail } from './mail.js';
import type { RateLimiter, RateRule } from './ratelimit.js';

/** Limits on the attempts an attacker would repeat; per IP and per account. */
export type RateRules = {
  signInPerIp: RateRule;
  /**
   * Wrong passwords per account and IP address, in tiers of growing windows: each tier passed
   * makes the wait longer. Counted per pair, so a stranger guessing from elsewhere never locks
   * the member out from their own address.
   */
  signInFailuresPerAccountAndIp: RateRule[];
  signUpPerIp: RateRule;
  signUpPerEmail: RateRule;
  resetPerIp: RateRule;
  resetPerAccount: RateRule;
  /** Emailed invitations one person sends, counted per address: no bulk mail from the instance. */
  invitationsPerInviter: RateRule;
  /** Pulses one member asks: each notifies a whole audience, so no one floods a network with them. */
  pulsesPerAsker: RateRule;
};

const MINUTE = 60_000;

export const defaultRateRules: RateRules = {
  signInPerIp: { limit: 50, windowMs: 15 * MINUTE },
  signInFailuresPerAccountAndIp: [
    { limit: 5, windowMs: MINUTE },
    { limit: 10, windowMs: 15 * MINUTE },
    { limit: 20, windowMs: 60 * MINUTE },
    { limit: 50, windowMs: 24 * 60 * MINUTE },
  ],
  signUpPerIp: { limit: 20, windowMs: 60 * MINUTE },
  signUpPerEmail: { limit: 5, windowMs: 60 * MINUTE },
  resetPerIp: { limit: 20, windowMs: 60 * MINUTE },
  resetPerAccount: { limit: 5, windowMs: 60 * MINUTE },
  invitationsPerInviter: { limit: 20, windowMs: 60 * MINUTE },
  pulsesPerAsker: { limit: 5, windowMs: 24 * 60 * MINUTE },
};

/** The platform services every feature receives; chosen once at start-up from configuration. */
export type AppContext = {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
  mailer: Mailer;
  jobs: JobQueue;
  events: EventBus;
  files: FileStore;
  sessions: Sessions;
  rateLimiter: RateLimiter;
  rateRules: RateRules;
};

/** Absolute link into the web app, for emails. */
export const appLink = (ctx: AppContext, pathname: string, params: Record<string, string> = {}): string => {
  const url = new URL(pathname, ctx.config.publicUrl);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
};

/**
 * Sends one email after the change it reports has been committed; a mail server hiccup is logged
 * and must not undo that change.
 */
export async function sendEmailAfterCommit(
  ctx: AppContext,
  to: string,
  content: EmailContent,
  log: { error(object: object, message: string): void },
): Promise<void> {
  try {
    await ctx.mailer.send(renderEmail(to, content, ctx.config.publicUrl.origin));
  } catch (error) {
    log.error({ err: error, subject: content.subject }, 'sending email failed');
  }
}
