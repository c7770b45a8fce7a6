import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/database.js';
import { row, statement } from '../db/statements.js';
import type { JobsTable, Tables } from '../db/tables.js';
import { first, run, type Work, write } from '../db/write.js';
import { type Clock, isoAfter, isoNow } from './clock.js';
import { newId } from './ids.js';
import { decodeCursor, toPage } from './pagination.js';

/**
 * Every job's name and payload type. A feature adds its jobs in its `<area>.jobs.ts` file:
 * `declare module '../../platform/jobs.js' { interface JobRegistry { 'mail.send': MailJob } }`,
 * so a misspelt name or a wrong payload does not compile. Payloads travel as JSON.
 */
// biome-ignore lint/suspicious/noEmptyInterface: features augment it, as described above.
export interface JobRegistry {}

export type JobStatus = JobsTable['status'];

export type EnqueueOptions = {
  /** Not before this time (deadlines, reminders, digests); defaults to now. */
  runAt?: Date;
  /** While a job of the same name and key is queued or running, enqueueing answers its id instead. */
  singletonKey?: string;
  /** Attempts before the job is marked failed; the queue's default otherwise. */
  maxAttempts?: number;
  /**
   * The caller's transaction: the job is stored with the change that caused it, or not at all.
   * Not with `singletonKey`, whose refused insert would abort the transaction on PostgreSQL.
   */
  within?: Kysely<Tables>;
};

export type JobInfo = {
  id: string;
  name: string;
  /** 1 on the first run; a job retried after an error or a lost worker runs again with the next number. */
  attempt: number;
  /** True on the attempt after which an error marks the job failed for good. */
  isLastAttempt: boolean;
  /** Aborted when the worker stops and gives the job back before it finished. */
  signal: AbortSignal;
};

/**
 * Runs one job. Handlers MUST be idempotent: a job runs at least once, and again whenever a
 * worker dies or stops between the handler's effect and the job being marked done. Key every
 * effect by the job id (insert-or-ignore, upserts, "already sent" checks) so a second run changes
 * nothing. A thrown error schedules a retry with exponential backoff until the attempts run out.
 */
export type JobHandler<Payload> = (payload: Payload, job: JobInfo) => Promise<void>;

/** What the host admin's job view shows; times are ISO-8601 UTC. */
export type JobRecord = {
  id: string;
  name: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export type JobListQuery = { status?: JobStatus; cursor?: string; limit: number };

export type RetryOutcome = 'queued' | 'not_found' | 'not_failed';

/**
 * Durable background jobs: enqueued in the database, retried with exponential backoff, run at a
 * chosen time, and taken over by another worker when the one running a job dies (its lease
 * expires). Every process may enqueue; only processes that `start()` work jobs.
 */
export interface JobQueue<Registry extends object = JobRegistry> {
  /** Stores the job and answers its id (or, with a `singletonKey`, the id of the pending twin). */
  enqueue<Name extends keyof Registry & string>(
    name: Name,
    payload: Registry[Name],
    options?: EnqueueOptions,
  ): Promise<string>;
  /**
   * The same as a step of a write (`db/write.ts`): stored in the write's transaction, so the job
   * exists exactly when the write does. No singleton key within a transaction.
   */
  enqueueIn<Name extends keyof Registry & string>(
    name: Name,
    payload: Registry[Name],
    options?: Omit<EnqueueOptions, 'within' | 'singletonKey'>,
  ): Work<string>;
  /** Registers the handler for a job name; call before `start()`. See `JobHandler`: idempotent. */
  work<Name extends keyof Registry & string>(name: Name, handler: JobHandler<Registry[Name]>): void;
  /** Starts working the registered job names in this process. */
  start(): void;
  /**
   * Works every job due now, one after another in this process, and answers how many ran; for
   * tests on a controlled clock and for one-off runs. Jobs made due by those jobs run too.
   */
  workDue(): Promise<number>;
  /** Takes no new jobs and waits for the running ones; past the grace period gives them back. */
  stop(): Promise<void>;
  find(jobId: string): Promise<JobRecord | undefined>;
  /** Newest first, optionally of one status, by cursor. */
  list(query: JobListQuery): Promise<{ items: JobRecord[]; nextCursor: string | null }>;
  /** Queues a failed job again with a fresh set of attempts. */
  retry(jobId: string): Promise<RetryOutcome>;
}

/** Options both implementations honour; each documents where its mechanism differs. */
export type JobQueueOptions = {
  /** How often an idle worker looks for due jobs; enqueueing in the same process wakes it at once. */
  pollIntervalMs?: number;
  /**
   * How long a claimed job stays with its worker without a heartbeat before another may take it;
   * pg-boss takes no less than 10 s.
   */
  leaseMs?: number;
  /** Delay before the first retry; doubles with each further attempt up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  maxAttempts?: number;
  /** Jobs this process runs at the same time. */
  concurrency?: number;
  /** How long `stop()` waits for running jobs before giving them back to the queue. */
  stopTimeoutMs?: number;
  /** Done jobs older than this are deleted by working processes; failed ones stay for the admin. */
  keepDoneMs?: number;
  /** Called with handler errors (each failed attempt) and with the queue's own database errors. */
  onError?: (error: unknown, job: { id?: string; name?: string }) => void;
};

type JobRow = {
  id: string;
  name: string;
  payload: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lockedUntil: string | null;
  singletonKey: string | null;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
};

type Running = { row: JobRow; controller: AbortController };

const ERROR_LIMIT = 2000;
const PURGE_INTERVAL_MS = 60 * 60_000;
const PURGE_BATCH = 1000;

export const errorText = (error: unknown): string =>
  (error instanceof Error ? error.stack || error.message : String(error)).slice(0, ERROR_LIMIT);

const toRecord = (row: JobRow): JobRecord => ({
  id: row.id,
  name: row.name,
  status: row.status,
  attempts: Number(row.attempts),
  maxAttempts: Number(row.maxAttempts),
  runAt: row.runAt,
  lastError: row.lastError,
  createdAt: row.createdAt,
  finishedAt: row.finishedAt,
});

/**
 * An idle worker loop's wait: a poll interval, cut short when this process enqueues a job.
 * Shared by both queues.
 */
export class IdleWait {
  private readonly sleepers = new Set<() => void>();

  constructor(private readonly intervalMs: () => number) {}

  wake(): void {
    for (const resolve of this.sleepers) resolve();
    this.sleepers.clear();
  }

  sleep(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.intervalMs());
      this.sleepers.add(done);
    });
  }
}

/**
 * The job queue over the `jobs` table: the embedded mode's queue on SQLite. (It also runs on
 * PostgreSQL, where its claim skips locked rows, but the scaled mode uses `PgBossJobQueue`.)
 *
 * A claim is one conditional `UPDATE … RETURNING`: it takes a due queued job, or a running job
 * whose lease has passed (its worker died), and bumps `attempts`, which fences every later write
 * of that run — a worker that lost its lease can no longer mark the job done or failed.
 */
export class TableJobQueue<Registry extends object = JobRegistry> implements JobQueue<Registry> {
  private readonly handlers = new Map<string, JobHandler<never>>();
  private readonly running = new Set<Running>();
  private readonly idle = new IdleWait(() => this.options.pollIntervalMs);
  private loops: Promise<void>[] = [];
  private purgeTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private readonly options: Required<Omit<JobQueueOptions, 'onError'>> & Pick<JobQueueOptions, 'onError'>;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    options: JobQueueOptions = {},
  ) {
    this.options = {
      pollIntervalMs: 1000,
      leaseMs: 60_000,
      backoffMs: 10_000,
      maxBackoffMs: 60 * 60_000,
      maxAttempts: 5,
      concurrency: 2,
      stopTimeoutMs: 10_000,
      keepDoneMs: 7 * 24 * 60 * 60_000,
      ...options,
    };
  }

  private get db() {
    return this.database.db;
  }

  async enqueue<Name extends keyof Registry & string>(
    name: Name,
    payload: Registry[Name],
    options: EnqueueOptions = {},
  ): Promise<string> {
    const maxAttempts = attemptsOf(name, options, this.options.maxAttempts);
    const now = isoNow(this.clock);
    const row = {
      name,
      payload: JSON.stringify(payload),
      status: 'queued' as const,
      maxAttempts,
      runAt: options.runAt ? options.runAt.toISOString() : now,
      singletonKey: options.singletonKey ?? null,
      createdAt: now,
    };
    // A pending twin may finish between the refused insert and the look-up; then insert again.
    for (let tries = 0; tries < 5; tries++) {
      const id = newId();
      try {
        await (options.within ?? this.db)
          .insertInto('jobs')
          .values({ id, ...row })
          .execute();
        this.idle.wake();
        return id;
      } catch (error) {
        if (!options.singletonKey || !isUniqueViolation(error)) throw error;
      }
      const twin = await this.db
        .selectFrom('jobs')
        .select('id')
        .where('name', '=', name)
        .where('singletonKey', '=', options.singletonKey)
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirst();
      if (twin) return twin.id;
    }
    throw new Error(`Could not enqueue ${name}: its singleton key kept changing hands.`);
  }

  *enqueueIn<Name extends keyof Registry & string>(
    name: Name,
    payload: Registry[Name],
    options: Omit<EnqueueOptions, 'within' | 'singletonKey'> = {},
  ): Work<string> {
    const now = isoNow(this.clock);
    const id = newId();
    yield* run(insertJob, {
      id,
      name,
      payload: JSON.stringify(payload),
      maxAttempts: attemptsOf(name, options, this.options.maxAttempts),
      runAt: options.runAt ? options.runAt.toISOString() : now,
      createdAt: now,
    });
    // Its worker looks once this turn's writes have committed, which they have by the time it wakes.
    this.idle.wake();
    return id;
  }

  work<Name extends keyof Registry & string>(name: Name, handler: JobHandler<Registry[Name]>): void {
    if (this.handlers.has(name)) throw new Error(`Job ${name} already has a handler.`);
    this.handlers.set(name, handler as JobHandler<never>);
  }

  start(): void {
    if (this.loops.length > 0) return;
    this.stopping = false;
    for (let i = 0; i < this.options.concurrency; i++) this.loops.push(this.loop());
    const purge = () => {
      this.purgeDone().catch((error: unknown) => this.options.onError?.(error, {}));
    };
    this.purgeTimer = setInterval(purge, PURGE_INTERVAL_MS);
    this.purgeTimer.unref();
    purge();
  }

  /**
   * Deletes done jobs created before the retention window, in small batches so no statement holds
   * the (single SQLite) writer for long; answers how many went.
   */
  async purgeDone(): Promise<number> {
    const cutoff = isoAfter(this.clock, -this.options.keepDoneMs);
    let deleted = 0;
    for (;;) {
      const batch = this.db
        .selectFrom('jobs')
        .select('id')
        .where('status', '=', 'done')
        .where('createdAt', '<', cutoff)
        .limit(PURGE_BATCH);
      const result = await this.db.deleteFrom('jobs').where('id', 'in', batch).executeTakeFirst();
      const count = Number(result.numDeletedRows);
      deleted += count;
      if (count < PURGE_BATCH || this.stopping) return deleted;
    }
  }

  async stop(): Promise<void> {
    if (this.loops.length === 0) return;
    this.stopping = true;
    clearInterval(this.purgeTimer);
    this.idle.wake();
    const loops = Promise.all(this.loops);
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      loops.then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), this.options.stopTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (!finished) {
      // Give the unfinished jobs back now rather than making them wait out their lease.
      await Promise.all([...this.running].map((entry) => this.release(entry)));
    }
    this.loops = [];
  }

  async find(jobId: string): Promise<JobRecord | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** Served by jobs_status_created_at_idx or, unfiltered, jobs_created_at_idx. */
  async list(query: JobListQuery): Promise<{ items: JobRecord[]; nextCursor: string | null }> {
    const after = decodeCursor(query.cursor);
    let select = this.db
      .selectFrom('jobs')
      .selectAll()
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit + 1);
    if (query.status) select = select.where('status', '=', query.status);
    if (after) {
      select = select.where((eb) => eb(eb.refTuple('createdAt', 'id'), '<', eb.tuple(after.createdAt, after.id)));
    }
    return toPage(await select.execute(), query.limit, toRecord);
  }

  async retry(jobId: string): Promise<RetryOutcome> {
    const now = isoNow(this.clock);
    const retried = await this.db
      .updateTable('jobs')
      .set({ status: 'queued', attempts: 0, runAt: now, lockedUntil: null, finishedAt: null })
      .where('id', '=', jobId)
      .where('status', '=', 'failed')
      .returning('id')
      .executeTakeFirst();
    if (retried) {
      this.idle.wake();
      return 'queued';
    }
    return (await this.find(jobId)) ? 'not_failed' : 'not_found';
  }

  async workDue(): Promise<number> {
    let count = 0;
    for (let row = await this.claim(); row; row = await this.claim()) {
      await this.run(row);
      count++;
    }
    return count;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let row: JobRow | undefined;
      try {
        row = await this.claim();
      } catch (error) {
        this.options.onError?.(error, {});
      }
      // After an error (the database away for a moment) the loop waits a poll interval too.
      if (row) await this.run(row);
      else if (!this.stopping) await this.idle.sleep();
    }
  }

  private async claim(): Promise<JobRow | undefined> {
    const names = [...this.handlers.keys()];
    if (names.length === 0) return undefined;
    const args = {
      names,
      now: isoNow(this.clock),
      lockedUntil: isoAfter(this.clock, this.options.leaseMs),
    };
    // Written like every other write: on SQLite it shares the commit of the writes of its turn.
    return write(this.database, function* () {
      // A job whose worker died is taken back first.
      return (yield* first(claimExpired, args)) ?? (yield* first(claimDue, args));
    });
  }

  private async run(row: JobRow): Promise<void> {
    const handler = this.handlers.get(row.name);
    const entry: Running = { row, controller: new AbortController() };
    this.running.add(entry);
    const heartbeat = setInterval(() => {
      this.extendLease(row).catch((error: unknown) => this.options.onError?.(error, row));
    }, this.options.leaseMs / 3);
    heartbeat.unref();
    try {
      let failure: unknown;
      let succeeded = false;
      if (!handler) {
        failure = new Error(`No handler for job ${row.name}.`);
      } else if (row.attempts > row.maxAttempts) {
        failure = new Error('The worker running its last attempt stopped before finishing it.');
      } else {
        try {
          await handler(JSON.parse(row.payload) as never, {
            id: row.id,
            name: row.name,
            attempt: row.attempts,
            isLastAttempt: row.attempts >= row.maxAttempts,
            signal: entry.controller.signal,
          });
          succeeded = true;
        } catch (error) {
          failure = error;
        }
      }
      if (entry.controller.signal.aborted) return;
      if (succeeded) await this.settle(row, { status: 'done', finishedAt: isoNow(this.clock), lastError: null });
      else await this.fail(row, failure);
    } catch (error) {
      // The job stays running until its lease passes, then another attempt takes it.
      this.options.onError?.(error, row);
    } finally {
      clearInterval(heartbeat);
      this.running.delete(entry);
    }
  }

  private backoff(attempt: number): number {
    return Math.min(this.options.maxBackoffMs, this.options.backoffMs * 2 ** Math.max(0, attempt - 1));
  }

  private fail(row: JobRow, failure: unknown): Promise<void> {
    this.options.onError?.(failure, row);
    const lastError = errorText(failure);
    if (row.attempts >= row.maxAttempts) {
      return this.settle(row, { status: 'failed', finishedAt: isoNow(this.clock), lastError });
    }
    return this.settle(row, {
      status: 'queued',
      runAt: isoAfter(this.clock, this.backoff(row.attempts)),
      lastError,
    });
  }

  /** Writes the outcome of one run, unless the job has since been taken over (fenced by attempts). */
  private async settle(
    row: JobRow,
    changes: { status: JobStatus; finishedAt?: string; runAt?: string; lastError: string | null },
  ): Promise<void> {
    const args = {
      id: row.id,
      attempts: row.attempts,
      status: changes.status,
      finishedAt: changes.finishedAt ?? null,
      runAt: changes.runAt ?? row.runAt,
      lastError: changes.lastError,
    };
    await write(this.database, () => run(settleJob, args));
  }

  private async extendLease(row: JobRow): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ lockedUntil: isoAfter(this.clock, this.options.leaseMs) })
      .where('id', '=', row.id)
      .where('status', '=', 'running')
      .where('attempts', '=', row.attempts)
      .execute();
  }

  /** Hands an unfinished job back without counting the interrupted attempt. */
  private async release(entry: Running): Promise<void> {
    entry.controller.abort();
    const { row } = entry;
    try {
      await this.db
        .updateTable('jobs')
        .set((eb) => ({ status: 'queued', attempts: eb('attempts', '-', 1), lockedUntil: null }))
        .where('id', '=', row.id)
        .where('status', '=', 'running')
        .where('attempts', '=', row.attempts)
        .execute();
    } catch (error) {
      this.options.onError?.(error, row);
    }
  }
}

/**
 * The queue for a database: pg-boss on PostgreSQL (the scaled mode, worked by `npm run worker`
 * processes), the jobs table on SQLite (the embedded mode, worked by the server itself).
 */
/** The attempts a job is given, checked; and no singleton key within a transaction. */
export function attemptsOf(name: string, options: EnqueueOptions, defaultAttempts: number): number {
  const maxAttempts = options.maxAttempts ?? defaultAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`A job needs at least one attempt; ${name} was given ${maxAttempts}.`);
  }
  if (options.within && options.singletonKey) {
    throw new Error(`${name}: a job enqueued within a transaction cannot have a singleton key.`);
  }
  return maxAttempts;
}

/**
 * Claims the first job of one kind that is due, by that kind's own index in its order, so a claim
 * reads one entry however long the queue: picked together (an `or`, sorted afterwards) every claim
 * sorted the whole backlog, and a backlog made each claim slower. On PostgreSQL workers skip the
 * rows another worker is claiming instead of queueing behind its lock; SQLite has one writer.
 */
const claimOf = (status: 'queued' | 'running', time: 'runAt' | 'lockedUntil') =>
  statement((db, p: { names: string[]; now: string; lockedUntil: string }, dialect) => {
    let pick = db
      .selectFrom('jobs')
      .select('id')
      .where('status', '=', status)
      .where(time, '<=', p.now)
      .where('name', 'in', p.names)
      .orderBy(time)
      .orderBy('id')
      .limit(1);
    if (dialect === 'postgres') pick = pick.forUpdate().skipLocked();
    return db
      .updateTable('jobs')
      .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), lockedUntil: p.lockedUntil }))
      .where('id', '=', pick)
      .where('status', '=', status)
      .where(time, '<=', p.now)
      .returningAll();
  });

const claimExpired = claimOf('running', 'lockedUntil');
const claimDue = claimOf('queued', 'runAt');

const settleJob = statement(
  (
    db,
    p: {
      id: string;
      attempts: number;
      status: JobStatus;
      finishedAt: string | null;
      runAt: string;
      lastError: string | null;
    },
  ) =>
    db
      .updateTable('jobs')
      .set({ status: p.status, finishedAt: p.finishedAt, runAt: p.runAt, lastError: p.lastError, lockedUntil: null })
      .where('id', '=', p.id)
      .where('status', '=', 'running')
      .where('attempts', '=', p.attempts),
);

const insertJob = statement(
  (db, p: { id: string; name: string; payload: string; maxAttempts: number; runAt: string; createdAt: string }) =>
    db.insertInto('jobs').values({
      ...row(p, { id: true, name: true, payload: true, maxAttempts: true, runAt: true, createdAt: true }),
      status: 'queued',
      singletonKey: null,
    }),
);
