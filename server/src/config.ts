import path from 'node:path';

/** Where files go in the scaled mode: one bucket of S3-compatible storage, from `S3_URL`. */
export type S3Config = Readonly<{
  bucket: string;
  /** Put before every key: several instances (or other data) can share a bucket. Empty or ending in `/`. */
  prefix: string;
  region: string;
  /** Null is AWS itself; MinIO, Garage, Ceph and friends need theirs. */
  endpoint: string | null;
  /** `bucket` in the path rather than the host name, as most self-hosted stores want. */
  forcePathStyle: boolean;
  /** Null leaves the keys to the SDK's chain: `AWS_*` variables, the instance's or task's role. */
  credentials: Readonly<{ accessKeyId: string; secretAccessKey: string }> | null;
}>;

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
  /** Uploaded files in S3-compatible storage when set; otherwise in `dataDir/files`. */
  s3: S3Config | null;
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

const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const S3_OPTIONS = ['region', 'endpoint', 'forcePathStyle'];

/** `S3_URL=s3://bucket[/prefix]?region=…&endpoint=…&forcePathStyle=true`, keys in `S3_ACCESS_KEY_ID`/`S3_SECRET_ACCESS_KEY`. */
function readS3(env: Env): S3Config | null {
  const raw = env.S3_URL;
  const accessKeyId = env.S3_ACCESS_KEY_ID || '';
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY || '';
  if (raw === undefined || raw === '') {
    if (accessKeyId || secretAccessKey) throw new ConfigError('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY need S3_URL');
    return null;
  }
  const example = 's3://bucket?region=eu-central-1 (see the README)';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`S3_URL must be a URL like ${example}, got "${raw}"`);
  }
  if (url.protocol !== 's3:') throw new ConfigError(`S3_URL must start with s3://, like ${example}, got "${raw}"`);
  // Keys in the URL would end up in logs and process listings; they have variables of their own.
  if (url.username || url.password)
    throw new ConfigError('S3_URL must not hold keys: set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
  const bucket = url.hostname;
  if (!S3_BUCKET.test(bucket) || url.port) {
    throw new ConfigError(
      `S3_URL must name a bucket (3-63 lower-case letters, digits, dots and hyphens) after s3://, got "${bucket}${url.port ? `:${url.port}` : ''}"`,
    );
  }
  const prefix = url.pathname.replace(/^\/+|\/+$/g, '');
  if (prefix !== '' && !/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(prefix)) {
    throw new ConfigError(`S3_URL's path is a key prefix of letters, digits, '_', '.', '-' and '/', got "${prefix}"`);
  }
  const unknown = [...url.searchParams.keys()].filter((name) => !S3_OPTIONS.includes(name));
  if (unknown.length > 0) {
    throw new ConfigError(`S3_URL takes only ${S3_OPTIONS.join(', ')} as options, got "${unknown.join('", "')}"`);
  }
  const options = Object.fromEntries(url.searchParams);
  const endpoint = options.endpoint
    ? readUrl({ 'S3_URL endpoint': options.endpoint }, 'S3_URL endpoint', ['http:', 'https:'])
    : null;
  const forcePathStyle = readBoolean(
    { 'S3_URL forcePathStyle': options.forcePathStyle },
    'S3_URL forcePathStyle',
    false,
  );
  const region = options.region || env.AWS_REGION || 'us-east-1';
  if (!/^[a-z0-9-]+$/.test(region))
    throw new ConfigError(`S3_URL region must be a region name like eu-central-1, got "${region}"`);
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new ConfigError(
      'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither to use the AWS_* chain',
    );
  }
  return Object.freeze({
    bucket,
    prefix: prefix ? `${prefix}/` : '',
    region,
    endpoint,
    forcePathStyle,
    credentials: accessKeyId ? Object.freeze({ accessKeyId, secretAccessKey }) : null,
  });
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
    s3: readS3(env),
  });
}

function defaultWebDist(): string {
  return path.resolve(import.meta.dirname, '../../web/dist');
}
