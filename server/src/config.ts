import path from 'node:path';

export type Config = Readonly<{
  port: number;
  host: string;
  /** Base of every link the instance sends out (emails); also the one trusted browser origin. */
  publicUrl: URL;
  dataDir: string;
  /** PostgreSQL when set; otherwise SQLite in `dataDir`. */
  databaseUrl: string | null;
  redisUrl: string | null;
  smtpUrl: string | null;
  mailFrom: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Directory of the built web app; null serves the API only. */
  webDist: string | null;
  trustProxy: boolean;
  sessionDays: number;
  /** Live event streams one account may hold open on one server (tabs, devices). */
  streamsPerUser: number;
  /**
   * `in-process`: the server works the job queue itself (the embedded mode). `workers`: servers
   * only enqueue and `npm run worker` processes work the jobs (the scaled mode, PostgreSQL only).
   */
  jobs: 'in-process' | 'workers';
  /**
   * How long a job's worker may go silent before another worker takes the job over (on PostgreSQL
   * at least 10 s, and fixed when the job is stored); null keeps the queue's default.
   */
  jobLeaseMs: number | null;
}>;

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function readUrl(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${raw}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}, got "${raw}"`);
  }
  return raw;
}

function readChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${choices.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** Reads and validates the configuration once; a wrong value throws a ConfigError naming the variable. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const port = readInteger(env, 'PORT', 3000, 0, 65535);
  const publicUrl = new URL(readUrl(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`);
  const databaseUrl = readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const jobs = readChoice(env, 'JOBS', ['in-process', 'workers'], 'in-process');
  if (jobs === 'workers' && databaseUrl === null) {
    // Worker processes share the jobs table through the database server; a SQLite file has one writer.
    throw new ConfigError('JOBS=workers needs DATABASE_URL: separate worker processes share PostgreSQL');
  }
  const webDist = env.WEB_DIST === '' ? null : path.resolve(cwd, env.WEB_DIST ?? defaultWebDist());
  return Object.freeze({
    port,
    host: env.HOST || '0.0.0.0',
    publicUrl,
    dataDir: path.resolve(cwd, env.DATA_DIR || 'data'),
    databaseUrl,
    redisUrl: readUrl(env, 'REDIS_URL', ['redis:', 'rediss:']),
    smtpUrl: readUrl(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.MAIL_FROM || `Roundtable <no-reply@${publicUrl.hostname}>`,
    logLevel: readChoice(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    webDist,
    trustProxy: readBoolean(env, 'TRUST_PROXY', false),
    sessionDays: readInteger(env, 'SESSION_DAYS', 30, 1, 365),
    streamsPerUser: readInteger(env, 'STREAMS_PER_USER', 10, 1, 10_000),
    jobs,
    jobLeaseMs: env.JOB_LEASE_SECONDS ? readInteger(env, 'JOB_LEASE_SECONDS', 60, 1, 23 * 60 * 60) * 1000 : null,
  });
}

function defaultWebDist(): string {
  return path.resolve(import.meta.dirname, '../../web/dist');
}
