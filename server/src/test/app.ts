import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MeView } from '@roundtable/contract/accounts';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type AppOptions, buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { type AppContext, defaultRateRules, type RateRules } from '../platform/context.js';
import { LocalFileStore } from '../platform/files.js';
import type { Mailer } from '../platform/mail.js';
import { ManualClock } from './clock.js';
import { openTestDatabase } from './database.js';

export const TEST_ORIGIN = 'http://localhost:3000';
export const GOOD_PASSWORD = 'a long and uncommon passphrase';

const generous = { limit: 10_000, windowMs: 60_000 };

/** Per-IP limits are lifted by default because every injected request comes from one address. */
const testRateRules: RateRules = {
  ...defaultRateRules,
  signInPerIp: generous,
  signUpPerIp: generous,
  resetPerIp: generous,
  // Tests ask many pulses as one member; the limit has a test of its own.
  pulsesPerAsker: generous,
};

export type Person = { me: MeView; email: string; password: string; cookie: string };

export type TestApp = {
  app: FastifyInstance;
  /** The app's platform services, to call a service directly. */
  ctx: AppContext;
  database: Database;
  clock: ManualClock;
  /** The folder uploaded files land in; removed on close. */
  filesDir: string;
  request(options: InjectOptions & { as?: Person | string }): Promise<LightMyRequestResponse>;
  signUp(overrides?: Partial<{ email: string; name: string; password: string }>): Promise<Person>;
  /** The instance's first account, which is its host admin; created on first use. */
  admin(): Promise<Person>;
  /** A fresh member (the admin is created first so this one is never the admin). */
  member(name?: string): Promise<Person>;
  outbox(to?: string): Promise<{ to: string; subject: string; text: string; html: string; headers: string | null }[]>;
  rowCounts(): Promise<Record<string, number>>;
  /** Works every background job due on the test clock (emails, digests) and answers how many ran. */
  runJobs(): Promise<number>;
  /** Moves the clock to the next whole minute and works the jobs due, which publishes held anonymous posts. */
  nextMinute(): Promise<void>;
  close(): Promise<void>;
};

let counter = 0;
export const uniqueEmail = (label = 'peer') => `${label}.${process.pid}.${Date.now()}.${++counter}@example.com`;

export function sessionCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'rt_session');
  if (!cookie) throw new Error(`no session cookie in response ${response.statusCode}: ${response.body}`);
  return `rt_session=${cookie.value}`;
}

export async function buildTestApp(
  options: { rateRules?: Partial<RateRules>; mailer?: Mailer; env?: Record<string, string> } & Pick<
    AppOptions,
    'rateLimitStore' | 'events'
  > = {},
): Promise<TestApp> {
  const database = await openTestDatabase();
  const clock = new ManualClock();
  const config = loadConfig({ PUBLIC_URL: TEST_ORIGIN, WEB_DIST: '', LOG_LEVEL: 'silent', ...options.env });
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-test-files-'));
  const app = await buildApp({
    config,
    database,
    clock,
    files: new LocalFileStore(filesDir),
    logger: false,
    rateRules: { ...testRateRules, ...options.rateRules },
    ...(options.mailer ? { mailer: options.mailer } : {}),
    ...(options.rateLimitStore ? { rateLimitStore: options.rateLimitStore } : {}),
    ...(options.events ? { events: options.events } : {}),
  });
  await app.ready();

  const request: TestApp['request'] = ({ as, headers, ...rest }) => {
    const merged: Record<string, unknown> = {
      origin: TEST_ORIGIN,
      ...(as ? { cookie: typeof as === 'string' ? as : as.cookie } : {}),
      ...headers,
    };
    // A header set to undefined means "leave it out", e.g. to act as a client that sends no Origin.
    const present = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
    return app.inject({ ...rest, headers: present as Record<string, string> });
  };

  const signUp: TestApp['signUp'] = async (overrides = {}) => {
    const body = { email: uniqueEmail(), name: 'Pat Peer', password: GOOD_PASSWORD, ...overrides };
    const response = await request({ method: 'POST', url: '/api/v1/auth/sign-up', payload: body });
    if (response.statusCode !== 201) throw new Error(`sign-up failed ${response.statusCode}: ${response.body}`);
    return { me: response.json(), email: body.email, password: body.password, cookie: sessionCookie(response) };
  };

  let firstAccount: Promise<Person> | undefined;
  const admin = () => {
    firstAccount ??= signUp({ name: 'Harriet Host', email: uniqueEmail('host') });
    return firstAccount;
  };

  return {
    app,
    ctx: app.appContext,
    database,
    clock,
    filesDir,
    request,
    signUp,
    admin,
    async member(name = 'Morgan Member') {
      await admin();
      return signUp({ name, email: uniqueEmail('member') });
    },
    async outbox(to) {
      let query = database.db.selectFrom('outboxMessages').select(['toAddress', 'subject', 'text', 'html', 'headers']);
      if (to) query = query.where('toAddress', '=', to);
      const rows = await query.orderBy('createdAt', 'desc').orderBy('id', 'desc').execute();
      return rows.map(({ toAddress, ...rest }) => ({ to: toAddress, ...rest }));
    },
    runJobs: () => app.jobs.workDue(),
    async nextMinute() {
      clock.set(new Date((Math.floor(clock.now().getTime() / 60_000) + 1) * 60_000));
      await app.jobs.workDue();
    },
    async rowCounts() {
      const tables = [
        'users',
        'sessions',
        'emailTokens',
        'outboxMessages',
        'instanceSettings',
        'profiles',
        'networks',
        'networkCharters',
        'networkAudience',
        'memberships',
        'charterAcceptances',
        'networkApplications',
        'networkInvitations',
        'networkAdmissions',
        'notifications',
        'notificationPreferences',
        'threads',
        'replies',
        'postRevisions',
        'helpfulMarks',
        'threadReads',
        'postFlags',
        'moderationLog',
        'pulses',
        'pulseNetworks',
        'pulseRecipients',
        'pulseResponses',
        'assessments',
        'planGoals',
        'planActions',
      ] as const;
      const counts: Record<string, number> = {};
      for (const table of tables) {
        const row = await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow();
        counts[table] = Number(row.n);
      }
      // Through the queue: on PostgreSQL the jobs live in pg-boss's tables, not the jobs table.
      counts.jobs = (await app.jobs.list({ limit: 100 })).items.length;
      return counts;
    },
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/** The link of the given path (e.g. `/reset-password`) in an email's text part. */
export function linkIn(text: string, pathname: string): URL {
  const match = text.match(new RegExp(`https?://\\S+${pathname}\\?token=[A-Za-z0-9_-]+`));
  if (!match) throw new Error(`no ${pathname} link in: ${text}`);
  return new URL(match[0]);
}

/** Confirms the person's email address with the link of their sign-up email, as they would by clicking it. */
export async function verifyEmail(t: TestApp, person: Pick<Person, 'email'>): Promise<void> {
  const mail = (await t.outbox(person.email)).find((message) => /confirm your email/i.test(message.subject));
  const token = linkIn(mail?.text ?? '', '/verify-email').searchParams.get('token');
  const response = await t.request({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } });
  if (response.statusCode !== 200) throw new Error(`verify failed ${response.statusCode}: ${response.body}`);
}
