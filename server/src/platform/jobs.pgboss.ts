import { CompiledQuery, type Kysely, sql } from 'kysely';
import PgBoss from 'pg-boss';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/tables.js';
import type { Clock } from './clock.js';
import { AppError } from './errors.js';
import {
  type EnqueueOptions,
  errorText,
  IdleWait,
  type JobHandler,
  type JobListQuery,
  type JobQueue,
  type JobQueueOptions,
  type JobRecord,
  type JobRegistry,
  type JobStatus,
  type RetryOutcome,
} from './jobs.js';
import { decodeCursor, toPage } from './pagination.js';

/**
 * pg-boss's schema. The few statements below that read or write it directly are written against
 * pg-boss 10's tables (schema version 24); the dependency is pinned to 10.4.x for that reason.
 */
const SCHEMA = 'pgboss';
const JOB = sql.raw(`${SCHEMA}.job`);
const QUEUE = sql.raw(`${SCHEMA}.queue`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_SECONDS = 24 * 60 * 60;
/** Failed jobs wait for the admin, so pg-boss never archives them in practice. */
const KEEP_FAILED_SECONDS = 10 * 365 * DAY_SECONDS;

type BossState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

/** A job this process claimed, whether through pg-boss's `fetch()` or `workDue()`'s claim. */
type Claimed = {
  id: string;
  name: string;
  data: unknown;
  retryCount: number;
  retryLimit: number;
  expireInSeconds: number;
};

type Running = { job: Claimed; controller: AbortController; isReleased: boolean };

type JobRow = {
  id: string;
  name: string;
  state: BossState;
  retryCount: number;
  retryLimit: number;
  startAfter: Date;
  startedOn: Date | null;
  createdOn: Date;
  completedOn: Date | null;
  output: unknown;
  /** `created_on` to the microsecond, which a JavaScript date would round away, for the cursor. */
  cursorAt: string;
};

const JOB_COLUMNS = sql.raw(`j.id, j.name, j.state, j.retry_count as "retryCount", j.retry_limit as "retryLimit",
  j.start_after as "startAfter", j.started_on as "startedOn", j.created_on as "createdOn",
  j.completed_on as "completedOn", j.output,
  to_char(j.created_on at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "cursorAt"`);

/** The states behind each status the admin filters by. */
const STATES_OF: Record<JobStatus, BossState[]> = {
  queued: ['created', 'retry'],
  running: ['active'],
  done: ['completed'],
  failed: ['failed', 'cancelled'],
};

const statusOf = (state: BossState): JobStatus =>
  state === 'created' || state === 'retry'
    ? 'queued'
    : state === 'active'
      ? 'running'
      : state === 'completed'
        ? 'done'
        : 'failed';

/** Our failures store `{ message }`; pg-boss's own (expiry, shutdown) store `{ value: { message } }`. */
function messageOf(output: unknown): string | null {
  if (typeof output !== 'object' || output === null) return null;
  if ('message' in output && typeof output.message === 'string') return output.message;
  if ('value' in output) return messageOf(output.value);
  return null;
}

const toRecord = (row: JobRow): JobRecord => ({
  id: row.id,
  name: row.name,
  status: statusOf(row.state),
  // pg-boss counts retries when the next attempt starts; a started attempt is one more.
  attempts: Number(row.retryCount) + (row.startedOn ? 1 : 0),
  maxAttempts: Number(row.retryLimit) + 1,
  runAt: row.startAfter.toISOString(),
  lastError: row.state === 'completed' ? null : messageOf(row.output),
  createdAt: row.createdOn.toISOString(),
  finishedAt: row.completedOn ? row.completedOn.toISOString() : null,
});

/**
 * pg-boss runs its SQL through this: the app's connection pool, or the caller's transaction for
 * `within`. Without plugins, so pg-boss's column names and its payloads come back untouched.
 */
function executorOf(db: Kysely<Tables>): PgBoss.Db {
  const raw = db.withoutPlugins();
  return {
    async executeSql(text, values) {
      const result = await raw.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: [...result.rows] };
    },
  };
}

/**
 * The scaled mode's job queue: jobs kept in PostgreSQL by pg-boss 10 (the last line that runs on
 * Node 20), behind the same `JobQueue` promises as the table queue.
 *
 * pg-boss does the queue's work: its schema and migrations, storing jobs (`send`, inside the
 * caller's transaction for `within`), claiming them with `FOR UPDATE SKIP LOCKED` (`fetch`),
 * completing and failing them (whether a failure retries or fails for good), expiring jobs whose
 * worker died, and archiving and deleting old ones (`maintain`).
 *
 * Where pg-boss 10 cannot keep a promise, a statement of ours on its tables does, each one
 * explained where it stands: a retry's time comes from the app's clock (pg-boss takes PostgreSQL's
 * `now()` plus jitter); `workDue()` claims by the app's clock; a singleton is "one queued or
 * running" (pg-boss's singleton policies apply to a whole queue and key on one state each); `stop()`
 * gives a job back without spending an attempt; the admin's retry starts a fresh set of attempts;
 * and the admin's list pages newest first, which pg-boss has no API for.
 *
 * Unlike the table queue there is no heartbeat: pg-boss 10 expires a running job `leaseMs` after
 * it started, however alive its worker is, so the lease must outlast the slowest run (default
 * 15 minutes; an email batch takes seconds). When it runs out the handler's signal is aborted.
 */
export class PgBossJobQueue<Registry extends object = JobRegistry> implements JobQueue<Registry> {
  private readonly boss: PgBoss;
  private readonly raw: Kysely<Tables>;
  private ready: Promise<void> | undefined;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly handlers = new Map<string, JobHandler<never>>();
  private readonly running = new Set<Running>();
  private readonly idle = new IdleWait(() => this.options.pollIntervalMs);
  private loops: Promise<void>[] = [];
  private maintenanceTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private nextName = 0;
  private readonly options: Required<Omit<JobQueueOptions, 'onError'>> & Pick<JobQueueOptions, 'onError'>;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    options: JobQueueOptions = {},
  ) {
    if (database.dialect !== 'postgres')
      throw new Error('pg-boss keeps its jobs in PostgreSQL; SQLite has TableJobQueue.');
    this.options = {
      pollIntervalMs: 1000,
      leaseMs: 15 * 60_000,
      backoffMs: 10_000,
      maxBackoffMs: 60 * 60_000,
      maxAttempts: 5,
      concurrency: 2,
      stopTimeoutMs: 10_000,
      keepDoneMs: 7 * DAY_SECONDS * 1000,
      ...options,
    };
    this.raw = database.db.withoutPlugins();
    this.boss = new PgBoss({
      db: executorOf(database.db),
      schema: SCHEMA,
      // Maintenance runs from start(), in the processes that work jobs; recurring jobs schedule
      // their successors themselves, so pg-boss's cron stays off.
      supervise: false,
      schedule: false,
      archiveCompletedAfterSeconds: Math.max(1, Math.round(this.options.keepDoneMs / 1000)),
      archiveFailedAfterSeconds: KEEP_FAILED_SECONDS,
      deleteAfterDays: 1,
      // A queued job is archived unseen this long after its time; far beyond any real backlog.
      retentionDays: 60,
    });
    this.boss.on('error', (error) => this.options.onError?.(error, {}));
  }

  /** pg-boss's schema (created or migrated on first use) plus the indexes our own statements need. */
  private ensureReady(): Promise<void> {
    this.ready ??= (async () => {
      await this.boss.start();
      await this.raw.transaction().execute(async (trx) => {
        // Several processes start at once; one creates the indexes while the others wait.
        await sql`select pg_advisory_xact_lock(hashtext('roundtable.pgboss.indexes'))`.execute(trx);
        // The admin's newest-first list, with and without a status filter; on the partitioned
        // table, so every queue's partition gets them, including partitions made later.
        await sql`create index if not exists roundtable_job_created_idx on ${JOB} (created_on, id)`.execute(trx);
        await sql`create index if not exists roundtable_job_state_created_idx on ${JOB} (state, created_on, id)`.execute(
          trx,
        );
        await sql`create index if not exists roundtable_job_singleton_idx on ${JOB} (name, singleton_key)
          where singleton_key is not null and state <= 'active'`.execute(trx);
      });
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  /** pg-boss 10 stores a job only in a queue created beforehand; creating one twice is harmless. */
  private ensureQueue(name: string): Promise<void> {
    let created = this.queues.get(name);
    if (!created) {
      created = this.ensureReady()
        .then(() => this.boss.createQueue(name))
        .catch((error: unknown) => {
          this.queues.delete(name);
          throw error;
        });
      this.queues.set(name, created);
    }
    return created;
  }

  async enqueue<Name extends keyof Registry & string>(
    name: Name,
    payload: Registry[Name],
    options: EnqueueOptions = {},
  ): Promise<string> {
    const maxAttempts = options.maxAttempts ?? this.options.maxAttempts;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw new RangeError(`A job needs at least one attempt; ${name} was given ${maxAttempts}.`);
    }
    if (options.within && options.singletonKey) {
      throw new Error(`${name}: a job enqueued within a transaction cannot have a singleton key.`);
    }
    await this.ensureQueue(name);
    const send = async (db: Kysely<Tables>) => {
      const id = await this.boss.send(name, payload as object, {
        startAfter: options.runAt ?? this.clock.now(),
        retryLimit: maxAttempts - 1,
        // The retry's time is written by fail() below, from the app's clock.
        retryDelay: 0,
        retryBackoff: false,
        expireInSeconds: Math.max(1, Math.ceil(this.options.leaseMs / 1000)),
        ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
        db: executorOf(db),
      });
      if (!id) throw new Error(`pg-boss did not store job ${name}.`);
      return id;
    };
    const key = options.singletonKey;
    const id = key
      ? await this.database.db.transaction().execute(async (trx) => {
          // pg-boss's singleton policies hold for a whole queue and for one state at a time; the
          // promise here is one job per key while queued or running, so enqueuers of the same key
          // take turns: look for the pending twin, and store a job only when there is none.
          await sql`select pg_advisory_xact_lock(hashtext(${`roundtable.jobs:${name}:${key}`}))`.execute(trx);
          const twin = await sql<{ id: string }>`select id from ${JOB}
            where name = ${name} and singleton_key = ${key} and state <= 'active' limit 1`.execute(trx);
          return twin.rows[0]?.id ?? (await send(trx));
        })
      : await send(options.within ?? this.database.db);
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
    // Expiring the jobs of dead workers is how their jobs come back, so it runs well within a lease.
    const everyMs = Math.min(60_000, Math.max(1000, this.options.leaseMs / 2));
    this.maintenanceTimer = setInterval(() => {
      this.ensureReady()
        .then(() => this.boss.maintain())
        .catch((error: unknown) => this.options.onError?.(error, {}));
    }, everyMs);
    this.maintenanceTimer.unref();
  }

  async workDue(): Promise<number> {
    let count = 0;
    for (let job = await this.claimDue(); job; job = await this.claimDue()) {
      await this.run(job);
      count++;
    }
    return count;
  }

  async stop(): Promise<void> {
    // Whoever closes the database next must not pull it from under pg-boss creating its schema.
    await this.ready?.catch(() => undefined);
    if (this.loops.length === 0) return;
    this.stopping = true;
    clearInterval(this.maintenanceTimer);
    this.idle.wake();
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.all(this.loops).then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), this.options.stopTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (!finished) await Promise.all([...this.running].map((entry) => this.release(entry)));
    this.loops = [];
  }

  async find(jobId: string): Promise<JobRecord | undefined> {
    if (!UUID.test(jobId)) return undefined;
    await this.ensureReady();
    // Jobs are partitioned by queue name: joining the few queues lets each partition's primary key
    // (name, id) answer, where `id` alone would scan every partition.
    const result = await sql<JobRow>`select ${JOB_COLUMNS} from ${QUEUE} q
      join ${JOB} j on j.name = q.name and j.id = ${jobId}::uuid`.execute(this.raw);
    const row = result.rows[0];
    return row ? toRecord(row) : undefined;
  }

  /**
   * Newest first by (created_on, id), served by roundtable_job_created_idx or, per state,
   * roundtable_job_state_created_idx; a status of two states merges two index-ordered pages.
   */
  async list(query: JobListQuery): Promise<{ items: JobRecord[]; nextCursor: string | null }> {
    await this.ensureReady();
    const after = decodeCursor(query.cursor);
    if (after && !UUID.test(after.id)) {
      throw new AppError('validation_failed', 'That page cursor is not valid; start from the first page.');
    }
    const page = async (state: BossState | undefined) => {
      const byState = state ? sql`and j.state = ${state}` : sql``;
      const afterCursor = after
        ? sql`and (j.created_on, j.id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`
        : sql``;
      const result = await sql<JobRow>`select ${JOB_COLUMNS} from ${JOB} j
        where true ${byState} ${afterCursor}
        order by j.created_on desc, j.id desc limit ${query.limit + 1}`.execute(this.raw);
      return result.rows;
    };
    const states = query.status ? STATES_OF[query.status] : [undefined];
    const rows = (await Promise.all(states.map(page)))
      .flat()
      .sort((a, b) => (a.cursorAt === b.cursorAt ? b.id.localeCompare(a.id) : b.cursorAt.localeCompare(a.cursorAt)))
      .slice(0, query.limit + 1);
    return toPage(
      rows.map((row) => ({ createdAt: row.cursorAt, id: row.id, record: toRecord(row) })),
      query.limit,
      (row) => row.record,
    );
  }

  async retry(jobId: string): Promise<RetryOutcome> {
    if (!UUID.test(jobId)) return 'not_found';
    await this.ensureReady();
    // pg-boss's retry() grants a failed job one more attempt; ours promises a fresh set, so the job
    // starts over as if new (its last error stays for the admin until the next outcome).
    const result = await sql<{ id: string }>`update ${JOB} j set state = 'created', retry_count = 0,
        started_on = null, completed_on = null, start_after = ${this.clock.now()}
      from ${QUEUE} q
      where j.name = q.name and j.id = ${jobId}::uuid and j.state = 'failed'
      returning j.id`.execute(this.raw);
    if (result.rows.length > 0) {
      this.idle.wake();
      return 'queued';
    }
    return (await this.find(jobId)) ? 'not_failed' : 'not_found';
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let job: Claimed | undefined;
      try {
        job = await this.fetchNext();
      } catch (error) {
        this.options.onError?.(error, {});
      }
      if (job) await this.run(job);
      else if (!this.stopping) await this.idle.sleep();
    }
  }

  /** pg-boss's own claim, one queue after another so that no job name starves the rest. */
  private async fetchNext(): Promise<Claimed | undefined> {
    await this.ensureReady();
    const names = [...this.handlers.keys()];
    for (let tried = 0; tried < names.length; tried++) {
      const name = names[this.nextName++ % names.length];
      if (name === undefined) continue;
      const [job] = await this.boss.fetch<unknown>(name, { batchSize: 1, includeMetadata: true, priority: false });
      if (job) {
        const { id, data, retryCount, retryLimit, expireInSeconds } = job;
        return { id, name, data, retryCount, retryLimit, expireInSeconds: Number(expireInSeconds) };
      }
    }
    return undefined;
  }

  /**
   * The claim of `workDue()`: pg-boss's `fetch()` takes jobs due by PostgreSQL's `now()`, which a
   * test cannot move, so this takes one due by the app's clock; otherwise it is the same statement
   * (skip locked rows, mark active, count the retry when a started job starts again).
   */
  private async claimDue(): Promise<Claimed | undefined> {
    const names = [...this.handlers.keys()];
    if (names.length === 0) return undefined;
    await this.ensureReady();
    const result = await sql<Claimed>`with next as (
        select name, id from ${JOB}
        where name = any(${names}::text[]) and state < 'active' and start_after <= ${this.clock.now()}
        order by start_after, created_on, id
        limit 1
        for update skip locked
      )
      update ${JOB} j set state = 'active', started_on = now(),
        retry_count = case when j.started_on is not null then j.retry_count + 1 else j.retry_count end
      from next
      where j.name = next.name and j.id = next.id
      returning j.id, j.name, j.data, j.retry_count as "retryCount", j.retry_limit as "retryLimit",
        extract(epoch from j.expire_in)::int as "expireInSeconds"`.execute(this.raw);
    return result.rows[0];
  }

  private async run(job: Claimed): Promise<void> {
    const handler = this.handlers.get(job.name);
    const entry: Running = { job, controller: new AbortController(), isReleased: false };
    this.running.add(entry);
    const expiry = setTimeout(() => entry.controller.abort(), job.expireInSeconds * 1000);
    expiry.unref();
    try {
      let failure: unknown;
      let succeeded = false;
      if (!handler) {
        failure = new Error(`No handler for job ${job.name}.`);
      } else {
        try {
          await handler(job.data as never, {
            id: job.id,
            name: job.name,
            attempt: job.retryCount + 1,
            isLastAttempt: job.retryCount >= job.retryLimit,
            signal: entry.controller.signal,
          });
          succeeded = true;
        } catch (error) {
          failure = error;
        }
      }
      if (entry.isReleased) return;
      if (succeeded) await this.boss.complete(job.name, job.id);
      else await this.fail(job, failure);
    } catch (error) {
      // The job stays active until pg-boss expires it; then another attempt takes it.
      this.options.onError?.(error, job);
    } finally {
      clearTimeout(expiry);
      this.running.delete(entry);
    }
  }

  private backoff(attempt: number): number {
    return Math.min(this.options.maxBackoffMs, this.options.backoffMs * 2 ** Math.max(0, attempt - 1));
  }

  private async fail(job: Claimed, failure: unknown): Promise<void> {
    this.options.onError?.(failure, job);
    const retryAt = new Date(this.clock.now().getTime() + this.backoff(job.retryCount + 1));
    await this.database.db.transaction().execute(async (trx) => {
      await this.boss.fail(job.name, job.id, { message: errorText(failure) }, { db: executorOf(trx) });
      // pg-boss 10 times a retry from PostgreSQL's now() with random jitter; the app's clock times
      // it instead, like every other time the app writes, so tests can move it and both queues
      // back off alike. In the same transaction: the retry is never left at pg-boss's time.
      await sql`update ${JOB} set start_after = ${retryAt}
        where name = ${job.name} and id = ${job.id}::uuid and state = 'retry'`.execute(trx);
    });
  }

  /**
   * Gives an unfinished job back at shutdown. pg-boss 10 can only fail it, which spends an attempt
   * and records an error; instead the row goes back to waiting with `started_on` cleared, which is
   * what keeps pg-boss's next claim from counting the interrupted run as a retry.
   */
  private async release(entry: Running): Promise<void> {
    entry.isReleased = true;
    entry.controller.abort();
    const { job } = entry;
    try {
      await sql`update ${JOB} set state = case when retry_count = 0 then 'created' else 'retry' end::${sql.raw(SCHEMA)}.job_state,
          started_on = null
        where name = ${job.name} and id = ${job.id}::uuid and state = 'active' and retry_count = ${job.retryCount}`.execute(
        this.raw,
      );
    } catch (error) {
      this.options.onError?.(error, job);
    }
  }
}
