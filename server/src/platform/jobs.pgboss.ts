import { type Kysely, sql, type Transaction } from 'kysely';
import type pg from 'pg';
import { type Clock as BossClock, type Db, fromKysely, PgBoss } from 'pg-boss';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/tables.js';
import { call, type Work } from '../db/write.js';
import type { Clock } from './clock.js';
import { AppError } from './errors.js';
import {
  attemptsOf,
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
 * pg-boss 12's tables (schema version 46 as of 12.38); the dependency is pinned to 12.38.x for that
 * reason, and a newer 12.x is taken only after checking them against its migrations.
 */
const SCHEMA = 'pgboss';
const JOB = sql.raw(`${SCHEMA}.job`);
const QUEUE = sql.raw(`${SCHEMA}.queue`);

/**
 * Where pg-boss 10's schema (version 24) is set aside on the way to 12. pg-boss 12 migrates its
 * schema from version 25 (pg-boss 11) on and refuses 24, so `carryOverV10()` moves the jobs over.
 */
const V10_SCHEMA = 'pgboss_v10';
const V10_VERSION = 24;
const V10_JOB = sql.raw(`${V10_SCHEMA}.job`);
const V10_QUEUE = sql.raw(`${V10_SCHEMA}.queue`);

/** One lock for our own changes to pg-boss's schemas, which several processes start at once. */
const SCHEMA_LOCK = 'roundtable.pgboss.schema';

/**
 * Whether a table exists, read from the catalog as of this statement: `to_regclass()` answers from
 * the session's catalog cache, which an advisory lock does not refresh, so after waiting for another
 * process that renamed or dropped a schema it could still name the table that process removed.
 */
async function tableExists(db: Kysely<Tables>, schema: string, table: string): Promise<boolean> {
  const found = await sql<{ found: boolean }>`select exists (select 1 from pg_catalog.pg_tables
    where schemaname = ${schema} and tablename = ${table}) as found`.execute(db);
  return found.rows[0]?.found === true;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_SECONDS = 24 * 60 * 60;
/**
 * The longest a job may run: pg-boss expires a running job this long after it started whatever its
 * heartbeat says, and will not go beyond 24 hours. The heartbeat, not this, is what takes a dead
 * worker's job back.
 */
const MAX_RUN_SECONDS = DAY_SECONDS;
/** pg-boss's shortest heartbeat interval; a shorter lease is raised to it. */
const MIN_HEARTBEAT_SECONDS = 10;
/** A queued job is deleted unseen this long after its time; far beyond any real backlog. */
const RETENTION_SECONDS = 60 * DAY_SECONDS;
/** How often a working process lets pg-boss delete the done jobs past `keepDoneMs`. */
const DELETION_INTERVAL_SECONDS = 60 * 60;

/**
 * pg-boss's timers (its queue cache, its background migrations) on real time, but never holding a
 * process open: one that only enqueues or reads the admin's list exits when its work is done.
 */
const unrefClock: BossClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  setInterval: (fn, ms) => setInterval(fn, ms).unref(),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

type BossState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

/** A job this process claimed, whether through pg-boss's `fetch()` or `workDue()`'s claim. */
type Claimed = {
  id: string;
  name: string;
  data: unknown;
  /** Also the attempt's fence: pg-boss settles or touches the job only while it still has this count. */
  retryCount: number;
  retryLimit: number;
  expireInSeconds: number;
  heartbeatSeconds: number | null;
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

/** Our failures store `{ message }`; pg-boss's own (expiry, lost heartbeat) store `{ value: { message } }`. */
function messageOf(output: unknown): string | null {
  if (typeof output !== 'object' || output === null) return null;
  if ('message' in output && typeof output.message === 'string') return output.message;
  if ('value' in output) return messageOf(output.value);
  return null;
}

/** How many jobs a settle or touch changed; pg-boss types its answer as an opaque object. */
function affectedOf(response: object): number | undefined {
  return 'affected' in response && typeof response.affected === 'number' ? response.affected : undefined;
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
 * pg-boss runs its SQL on the app's connection pool through this. Straight to the pool rather than
 * through Kysely: pg-boss sends several statements at once (a batch under its advisory lock) and
 * reads the rows of each, which node-postgres answers as one result per statement and Kysely drops.
 */
function poolExecutor(pool: pg.Pool): Db {
  return {
    async executeSql(text, values) {
      const result: unknown = await pool.query(text, values);
      const results = (Array.isArray(result) ? result : [result]) as pg.QueryResult[];
      return { rows: results.flatMap((each) => each.rows) };
    },
  };
}

/**
 * pg-boss's statements inside a transaction of ours (`within`, fail()), one at a time, by pg-boss's
 * own Kysely adapter. Without plugins, so pg-boss's column names and its payloads come back untouched.
 */
const transactionExecutor = (trx: Kysely<Tables>): Db => fromKysely(trx.withoutPlugins());

/**
 * The scaled mode's job queue: jobs kept in PostgreSQL by pg-boss 12, behind the same `JobQueue`
 * promises as the table queue.
 *
 * pg-boss does the queue's work: its schema and migrations, storing jobs (`send`, inside the
 * caller's transaction for `within`), claiming them with `FOR UPDATE SKIP LOCKED` (`fetch`),
 * the worker's heartbeat (`touch`), completing and failing them fenced to the attempt that was
 * claimed (a worker that lost its job can no longer settle it), taking back the jobs of workers
 * whose heartbeat stopped, and deleting done jobs (`supervise`).
 *
 * As in the table queue, the lease (`leaseMs`, at least pg-boss's 10 s) bounds how long a worker
 * may go silent, not how long a job runs: the worker touches its job every third of the lease, and
 * a job runs for up to a day. The handler's signal is aborted when a touch finds the job taken
 * back (the database missed the heartbeats) or the day is up.
 *
 * Where pg-boss 12 cannot keep a promise, a statement of ours on its tables does, each one
 * explained where it stands: a retry's time comes from the app's clock (pg-boss takes PostgreSQL's
 * `now()` plus jitter); `workDue()` claims by the app's clock; a singleton is "one queued or
 * running" for the keyed jobs of a queue that also holds unkeyed ones; failed jobs stay for the
 * admin (pg-boss deletes every finished job alike); `stop()` gives a job back without spending an
 * attempt; the admin's retry starts a fresh set of attempts; and the admin's list pages newest
 * first across queues, which pg-boss has no API for.
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
  private maintaining: Promise<void> | undefined;
  private stopping = false;
  private nextName = 0;
  private readonly heartbeatSeconds: number;
  private readonly superviseEveryMs: number;
  private readonly options: Required<Omit<JobQueueOptions, 'onError'>> & Pick<JobQueueOptions, 'onError'>;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    options: JobQueueOptions = {},
  ) {
    if (database.dialect !== 'postgres' || !database.pool)
      throw new Error('pg-boss keeps its jobs in PostgreSQL; SQLite has TableJobQueue.');
    this.options = {
      pollIntervalMs: 1000,
      leaseMs: 60_000,
      backoffMs: 10_000,
      maxBackoffMs: 60 * 60_000,
      maxAttempts: 5,
      concurrency: 2,
      stopTimeoutMs: 10_000,
      keepDoneMs: 7 * DAY_SECONDS * 1000,
      ...options,
    };
    this.heartbeatSeconds = Math.max(MIN_HEARTBEAT_SECONDS, Math.ceil(this.options.leaseMs / 1000));
    // A dead worker's job comes back a lease after its last heartbeat, plus at most this.
    this.superviseEveryMs = Math.min(60_000, Math.max(1000, (this.heartbeatSeconds * 1000) / 4));
    this.raw = database.db.withoutPlugins();
    this.boss = new PgBoss({
      db: poolExecutor(database.pool),
      schema: SCHEMA,
      clock: unrefClock,
      // Supervision (taking back the jobs of silent workers, deleting old ones) runs from start(),
      // in the processes that work jobs; recurring jobs schedule their successors themselves, so
      // pg-boss's cron stays off; and nothing reads its registry of instances.
      supervise: false,
      schedule: false,
      registerInstance: false,
      // pg-boss lets one process per interval check a queue; ours check it every superviseEveryMs.
      monitorIntervalSeconds: Math.max(1, Math.floor(this.superviseEveryMs / 2000)),
      maintenanceIntervalSeconds: DELETION_INTERVAL_SECONDS,
    });
    this.boss.on('error', (error) => this.options.onError?.(error, {}));
  }

  /**
   * pg-boss's schema (created or migrated on first use, with a pg-boss 10 schema's jobs carried
   * over) plus the indexes our own statements need.
   */
  private ensureReady(): Promise<void> {
    this.ready ??= (async () => {
      await this.setAsideV10();
      await this.boss.start();
      await this.raw.transaction().execute(async (trx) => {
        await this.lockSchema(trx);
        // The admin's newest-first list, with and without a status filter; on the partitioned
        // table, so every partition gets them, including partitions made later.
        await sql`create index if not exists roundtable_job_created_idx on ${JOB} (created_on, id)`.execute(trx);
        await sql`create index if not exists roundtable_job_state_created_idx on ${JOB} (state, created_on, id)`.execute(
          trx,
        );
        await sql`create index if not exists roundtable_job_singleton_idx on ${JOB} (name, singleton_key)
          where singleton_key is not null and state <= 'active'`.execute(trx);
        // The failed jobs that pg-boss would still delete; see keepFailed().
        await sql`create index if not exists roundtable_job_failed_idx on ${JOB} (name, id)
          where state = 'failed' and deletion_seconds > 0`.execute(trx);
      });
      await this.carryOverV10();
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  /** Several processes start at once; one changes pg-boss's schemas while the others wait. */
  private async lockSchema(trx: Transaction<Tables>): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext(${SCHEMA_LOCK}))`.execute(trx);
  }

  /**
   * pg-boss 12 refuses to start on pg-boss 10's schema, so that schema is renamed out of its way
   * (pg-boss then installs a fresh one) and its jobs follow in `carryOverV10()`. Every pg-boss 10
   * process must have stopped: the schema it works on is gone.
   */
  private async setAsideV10(): Promise<void> {
    await this.raw.transaction().execute(async (trx) => {
      await this.lockSchema(trx);
      if (!(await tableExists(trx, SCHEMA, 'version'))) return;
      const version = await sql<{ version: number | null }>`select max(version) as version
        from ${sql.raw(`${SCHEMA}.version`)}`.execute(trx);
      if (Number(version.rows[0]?.version) !== V10_VERSION) return;
      await sql`alter schema ${sql.raw(SCHEMA)} rename to ${sql.raw(V10_SCHEMA)}`.execute(trx);
    });
  }

  /**
   * Moves every job of a set-aside pg-boss 10 schema into pg-boss 12's, then drops the old schema,
   * in one transaction: scheduled jobs (a pulse's close, a reminder) keep their time, failed ones
   * stay for the admin, and a job that was running when pg-boss 10 stopped comes back a lease later
   * like any job whose worker died.
   */
  private async carryOverV10(): Promise<void> {
    if (!(await tableExists(this.raw, V10_SCHEMA, 'job'))) return;
    const queues = await sql<{ name: string }>`select name from ${V10_QUEUE}`.execute(this.raw);
    for (const { name } of queues.rows) await this.boss.createQueue(name);
    await this.raw.transaction().execute(async (trx) => {
      await this.lockSchema(trx);
      // Another process may have carried the jobs over while this one created the queues.
      if (!(await tableExists(trx, V10_SCHEMA, 'job'))) return;
      await sql`insert into ${JOB} (id, name, priority, data, state, retry_limit, retry_count, retry_delay,
          retry_backoff, start_after, started_on, singleton_key, singleton_on, expire_seconds, heartbeat_on,
          heartbeat_seconds, deletion_seconds, created_on, completed_on, keep_until, output, policy)
        select v.id, v.name, v.priority, v.data, v.state::text::${sql.raw(SCHEMA)}.job_state, v.retry_limit,
          v.retry_count, v.retry_delay, v.retry_backoff, v.start_after, v.started_on, v.singleton_key,
          v.singleton_on, ${MAX_RUN_SECONDS}::int, case when v.state = 'active' then now() end,
          ${this.heartbeatSeconds}::int,
          case when v.state = 'failed' then 0 else ${this.keepDoneSeconds()}::int end,
          v.created_on, v.completed_on, v.keep_until, v.output, 'standard'
        from ${V10_JOB} v
        on conflict do nothing`.execute(trx);
      await sql`drop schema ${sql.raw(V10_SCHEMA)} cascade`.execute(trx);
    });
  }

  private keepDoneSeconds(): number {
    return Math.max(1, Math.round(this.options.keepDoneMs / 1000));
  }

  /** pg-boss stores a job only in a queue created beforehand; creating one twice is harmless. */
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
    const maxAttempts = attemptsOf(name, options, this.options.maxAttempts);
    await this.ensureQueue(name);
    /** In the given transaction, or on pg-boss's executor, the pool. */
    const send = async (db?: Kysely<Tables>) => {
      const id = await this.boss.send(name, payload as object, {
        startAfter: options.runAt ?? this.clock.now(),
        retryLimit: maxAttempts - 1,
        // The retry's time is written by fail() below, from the app's clock.
        retryDelay: 0,
        retryBackoff: false,
        // pg-boss fixes these when the job is stored, so the enqueuer's options set them.
        heartbeatSeconds: this.heartbeatSeconds,
        expireInSeconds: MAX_RUN_SECONDS,
        deleteAfterSeconds: this.keepDoneSeconds(),
        retentionSeconds: RETENTION_SECONDS,
        ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
        ...(db ? { db: transactionExecutor(db) } : {}),
      });
      if (!id) throw new Error(`pg-boss did not store job ${name}.`);
      return id;
    };
    const key = options.singletonKey;
    const id = key
      ? await this.database.db.transaction().execute(async (trx) => {
          // pg-boss 12's exclusive policy is this promise (one job per key while queued or running),
          // but it holds for a whole queue, where unkeyed jobs share one empty key and so could not
          // queue two at once; a queue here holds both. Enqueuers of the same key take turns instead:
          // look for the pending twin, and store a job only when there is none.
          await sql`select pg_advisory_xact_lock(hashtext(${`roundtable.jobs:${name}:${key}`}))`.execute(trx);
          const twin = await sql<{ id: string }>`select id from ${JOB}
            where name = ${name} and singleton_key = ${key} and state <= 'active' limit 1`.execute(trx);
          return twin.rows[0]?.id ?? (await send(trx));
        })
      : await send(options.within);
    this.idle.wake();
    return id;
  }

  *enqueueIn<Name extends keyof Registry & string>(
    name: Name,
    payload: Registry[Name],
    options: Omit<EnqueueOptions, 'within' | 'singletonKey'> = {},
  ): Work<string> {
    return yield* call((trx) => this.enqueue(name, payload, { ...options, within: trx }));
  }

  work<Name extends keyof Registry & string>(name: Name, handler: JobHandler<Registry[Name]>): void {
    if (this.handlers.has(name)) throw new Error(`Job ${name} already has a handler.`);
    this.handlers.set(name, handler as JobHandler<never>);
  }

  start(): void {
    if (this.loops.length > 0) return;
    this.stopping = false;
    for (let i = 0; i < this.options.concurrency; i++) this.loops.push(this.loop());
    const supervise = () => {
      this.maintaining ??= this.supervise()
        .catch((error: unknown) => this.options.onError?.(error, {}))
        .finally(() => {
          this.maintaining = undefined;
        });
    };
    this.maintenanceTimer = setInterval(supervise, this.superviseEveryMs);
    this.maintenanceTimer.unref();
    supervise();
  }

  /**
   * One pass of pg-boss's supervision: the jobs of workers whose heartbeat stopped go back to the
   * queue (or fail, on their last attempt), and done jobs past `keepDoneMs` are deleted.
   */
  private async supervise(): Promise<void> {
    await this.ensureReady();
    if (this.stopping) return;
    // Started again after a stop(), which stopped pg-boss too; a no-op while it runs.
    await this.boss.start();
    await this.keepFailed();
    await this.boss.supervise();
  }

  /**
   * pg-boss deletes a finished job `deletion_seconds` after it finished, failed ones included,
   * however it failed (our fail(), or its own expiry of a last attempt); ours stay until the admin
   * retries them. Run just before each of pg-boss's deletion passes; the admin's retry restores it.
   */
  private async keepFailed(): Promise<void> {
    await sql`update ${JOB} set deletion_seconds = 0
      where state = 'failed' and deletion_seconds > 0`.execute(this.raw);
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
    this.stopping = true;
    clearInterval(this.maintenanceTimer);
    this.idle.wake();
    if (this.loops.length > 0) {
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
    await this.maintaining;
    // pg-boss's own timers end here; storing and claiming jobs need none, and start() starts it again.
    if (this.ready) await this.boss.stop({ graceful: false });
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
    // starts over as if new (its last error stays for the admin until the next outcome), kept like a
    // new job: deleted once done, and unseen in the queue only after the retention.
    const now = this.clock.now();
    const result = await sql<{ id: string }>`update ${JOB} j set state = 'created', retry_count = 0,
        started_on = null, heartbeat_on = null, completed_on = null, start_after = ${now},
        keep_until = ${new Date(now.getTime() + RETENTION_SECONDS * 1000)},
        deletion_seconds = ${this.keepDoneSeconds()}::int
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
      await this.ensureQueue(name);
      const [job] = await this.boss.fetch<unknown>(name, { batchSize: 1, includeMetadata: true });
      if (job) {
        const { id, data, retryCount, retryLimit, expireInSeconds, heartbeatSeconds } = job;
        return { id, name, data, retryCount, retryLimit, expireInSeconds, heartbeatSeconds };
      }
    }
    return undefined;
  }

  /**
   * The claim of `workDue()`: pg-boss's `fetch()` takes jobs due by PostgreSQL's `now()`, which a
   * test cannot move, so this takes one due by the app's clock; otherwise it is the same statement
   * (skip locked rows, mark active with a first heartbeat, count the retry when a started job
   * starts again).
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
      update ${JOB} j set state = 'active', started_on = now(), heartbeat_on = now(),
        retry_count = case when j.started_on is not null then j.retry_count + 1 else j.retry_count end
      from next
      where j.name = next.name and j.id = next.id
      returning j.id, j.name, j.data, j.retry_count as "retryCount", j.retry_limit as "retryLimit",
        j.expire_seconds as "expireInSeconds", j.heartbeat_seconds as "heartbeatSeconds"`.execute(this.raw);
    return result.rows[0];
  }

  private async run(job: Claimed): Promise<void> {
    const handler = this.handlers.get(job.name);
    const entry: Running = { job, controller: new AbortController(), isReleased: false };
    this.running.add(entry);
    const attempt = { id: job.id, retryCount: job.retryCount };
    const expiry = setTimeout(() => entry.controller.abort(), job.expireInSeconds * 1000);
    expiry.unref();
    const heartbeat = job.heartbeatSeconds
      ? setInterval(
          () => {
            this.touch(entry).catch((error: unknown) => this.options.onError?.(error, job));
          },
          (job.heartbeatSeconds * 1000) / 3,
        )
      : undefined;
    heartbeat?.unref();
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
      // A released job may be claimed again at the same count, which the fence cannot tell apart.
      if (entry.isReleased) return;
      if (succeeded) await this.boss.complete(job.name, attempt);
      else await this.fail(job, failure);
    } catch (error) {
      // The job stays active until its heartbeat is missed; then another attempt takes it.
      this.options.onError?.(error, job);
    } finally {
      clearTimeout(expiry);
      clearInterval(heartbeat);
      this.running.delete(entry);
    }
  }

  /** The worker's heartbeat; a touch that finds the job no longer this attempt's stops the handler. */
  private async touch(entry: Running): Promise<void> {
    const { job } = entry;
    const response = await this.boss.touch(job.name, { id: job.id, retryCount: job.retryCount });
    if (affectedOf(response) === 0 && !entry.isReleased) entry.controller.abort();
  }

  private backoff(attempt: number): number {
    return Math.min(this.options.maxBackoffMs, this.options.backoffMs * 2 ** Math.max(0, attempt - 1));
  }

  private async fail(job: Claimed, failure: unknown): Promise<void> {
    this.options.onError?.(failure, job);
    const retryAt = new Date(this.clock.now().getTime() + this.backoff(job.retryCount + 1));
    await this.database.db.transaction().execute(async (trx) => {
      const attempt = { id: job.id, retryCount: job.retryCount };
      const failed = await this.boss.fail(
        job.name,
        attempt,
        { message: errorText(failure) },
        { db: transactionExecutor(trx) },
      );
      if (affectedOf(failed) === 0) return;
      // pg-boss times a retry from PostgreSQL's now(), with random jitter when it backs off; the
      // app's clock times it instead, like every other time the app writes, so tests can move it
      // and both queues back off alike. In the same transaction: the retry is never left at
      // pg-boss's time.
      await sql`update ${JOB} set start_after = ${retryAt}
        where name = ${job.name} and id = ${job.id}::uuid and state = 'retry'`.execute(trx);
    });
  }

  /**
   * Gives an unfinished job back at shutdown. pg-boss can only fail it, which spends an attempt and
   * records an error (its restore() is internal, and unfenced); instead the row goes back to
   * waiting with `started_on` cleared, which is what keeps pg-boss's next claim from counting the
   * interrupted run as a retry.
   */
  private async release(entry: Running): Promise<void> {
    entry.isReleased = true;
    entry.controller.abort();
    const { job } = entry;
    try {
      await sql`update ${JOB} set state = case when retry_count = 0 then 'created' else 'retry' end::${sql.raw(SCHEMA)}.job_state,
          started_on = null, heartbeat_on = null
        where name = ${job.name} and id = ${job.id}::uuid and state = 'active' and retry_count = ${job.retryCount}`.execute(
        this.raw,
      );
    } catch (error) {
      this.options.onError?.(error, job);
    }
  }
}
