import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, MINUTE } from '../test/clock.js';
import { openTestDatabase, testDialect } from '../test/database.js';
import { openJobQueue } from '../test/jobs.js';
import { type JobQueue, type JobQueueOptions, TableJobQueue } from './jobs.js';

type TestJobs = {
  'test.record': { key: string };
  'test.flaky': { key: string; failTimes: number };
};

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The queue each dialect runs: the jobs table on SQLite, pg-boss on PostgreSQL. */
const implementation = testDialect() === 'postgres' ? 'pg-boss' : 'the jobs table';

/**
 * One contract for both queues. Steps that move time use `workDue()` on the test clock; the
 * worker loop (`start()`) is tested with jobs due now, because pg-boss's own claim compares with
 * PostgreSQL's clock, which a test cannot move. The clock starts at the real time for that reason.
 */
describe(`the job queue on ${testDialect()} (${implementation})`, () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let clock: ManualClock;
  let queues: JobQueue<TestJobs>[];
  /** Each job's effect, keyed by job id so a second run of the same job changes nothing. */
  let effects: Map<string, string>;
  let runs: string[];

  const makeQueue = (options: JobQueueOptions = {}) => {
    const queue = openJobQueue<TestJobs>(database, clock, {
      pollIntervalMs: 10,
      backoffMs: 10_000,
      leaseMs: MINUTE,
      ...options,
    });
    queue.work('test.record', async ({ key }, job) => {
      runs.push(job.id);
      if (!effects.has(job.id)) effects.set(job.id, key);
    });
    queue.work('test.flaky', async ({ key, failTimes }, job) => {
      runs.push(job.id);
      if (job.attempt <= failTimes) throw new Error(`attempt ${job.attempt} of ${key} failed`);
      if (!effects.has(job.id)) effects.set(job.id, key);
    });
    queues.push(queue);
    return queue;
  };

  beforeEach(async () => {
    database = await openTestDatabase();
    clock = new ManualClock(Date.now());
    queues = [];
    effects = new Map();
    runs = [];
  });
  afterEach(async () => {
    await Promise.all(queues.map((queue) => queue.stop()));
    await database.close();
  });

  it('runs an enqueued job once in the worker loop and marks it done', async () => {
    const queue = makeQueue();
    queue.start();
    const id = await queue.enqueue('test.record', { key: 'hello' });
    const done = await waitFor('the job to finish', async () => (await queue.find(id))?.status === 'done');
    expect(done).toBe(true);
    expect(effects.get(id)).toBe('hello');
    expect(runs).toEqual([id]);
    const record = await queue.find(id);
    expect(record).toMatchObject({ name: 'test.record', attempts: 1, maxAttempts: 5, lastError: null });
    expect(record?.finishedAt).toEqual(expect.any(String));
  });

  it('retries a failing job with exponential backoff on the app clock until it succeeds', async () => {
    const queue = makeQueue();
    const id = await queue.enqueue('test.flaky', { key: 'k', failTimes: 2 });
    expect(await queue.workDue()).toBe(1);
    const afterFirst = await queue.find(id);
    expect(afterFirst).toMatchObject({ status: 'queued', attempts: 1 });
    expect(afterFirst?.lastError).toMatch(/attempt 1 of k failed/);
    expect(afterFirst?.runAt).toBe(new Date(clock.now().getTime() + 10_000).toISOString());

    clock.advance(9_999);
    expect(await queue.workDue()).toBe(0);
    clock.advance(1);
    expect(await queue.workDue()).toBe(1);
    const afterSecond = await queue.find(id);
    expect(afterSecond).toMatchObject({ status: 'queued', attempts: 2 });
    // The delay doubles: 10 s, then 20 s.
    expect(afterSecond?.runAt).toBe(new Date(clock.now().getTime() + 20_000).toISOString());
    clock.advance(19_999);
    expect(await queue.workDue()).toBe(0);
    clock.advance(1);
    expect(await queue.workDue()).toBe(1);
    expect(effects.get(id)).toBe('k');
    expect(runs).toEqual([id, id, id]);
    expect(await queue.find(id)).toMatchObject({ attempts: 3, status: 'done', lastError: null });
  });

  it('marks a job failed with its last error once the attempts run out, lists it, and retries it on demand', async () => {
    const queue = makeQueue({ backoffMs: 1000 });
    const id = await queue.enqueue('test.flaky', { key: 'doomed', failTimes: 3 }, { maxAttempts: 2 });
    expect(await queue.workDue()).toBe(1);
    clock.advance(1000);
    expect(await queue.workDue()).toBe(1);
    const failed = await queue.find(id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 2, maxAttempts: 2 });
    expect(failed?.lastError).toMatch(/attempt 2 of doomed failed/);
    expect(failed?.finishedAt).toEqual(expect.any(String));
    clock.advance(MINUTE);
    expect(await queue.workDue()).toBe(0);
    expect(runs).toHaveLength(2);

    const listed = await queue.list({ status: 'failed', limit: 10 });
    expect(listed.items.map((job) => job.id)).toEqual([id]);
    expect((await queue.list({ status: 'queued', limit: 10 })).items).toEqual([]);

    expect(await queue.retry(id)).toBe('queued');
    expect(await queue.find(id)).toMatchObject({ status: 'queued', attempts: 0, maxAttempts: 2, finishedAt: null });
    expect(await queue.retry(id)).toBe('not_failed');
    expect(await queue.retry('no-such-job')).toBe('not_found');
    // A fresh set of attempts: the flaky handler fails its first attempt again, and is retried.
    expect(await queue.workDue()).toBe(1);
    expect(runs).toHaveLength(3);
    expect(await queue.find(id)).toMatchObject({ status: 'queued', attempts: 1 });
  });

  it('refuses a job with no attempts to make', async () => {
    const queue = makeQueue();
    await expect(queue.enqueue('test.record', { key: 'x' }, { maxAttempts: 0 })).rejects.toThrow(
      /at least one attempt/,
    );
    expect((await queue.list({ limit: 10 })).items).toEqual([]);
  });

  it('does not run a scheduled job before its time', async () => {
    const queue = makeQueue();
    const id = await queue.enqueue(
      'test.record',
      { key: 'later' },
      { runAt: new Date(clock.now().getTime() + 5 * MINUTE) },
    );
    expect(await queue.workDue()).toBe(0);
    clock.advance(5 * MINUTE - 1);
    expect(await queue.workDue()).toBe(0);
    expect(await queue.find(id)).toMatchObject({ status: 'queued', attempts: 0 });
    clock.advance(1);
    expect(await queue.workDue()).toBe(1);
    expect(runs).toEqual([id]);
    expect((await queue.find(id))?.status).toBe('done');
  });

  it('queues a job with a singleton key once while it is pending', async () => {
    const queue = makeQueue();
    const later = new Date(clock.now().getTime() + MINUTE);
    const first = await queue.enqueue('test.record', { key: 'digest' }, { singletonKey: 'u1', runAt: later });
    const again = await queue.enqueue('test.record', { key: 'digest' }, { singletonKey: 'u1', runAt: later });
    const other = await queue.enqueue('test.record', { key: 'digest' }, { singletonKey: 'u2', runAt: later });
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect((await queue.list({ limit: 10 })).items).toHaveLength(2);

    clock.advance(MINUTE);
    expect(await queue.workDue()).toBe(2);
    expect((await queue.list({ status: 'done', limit: 10 })).items).toHaveLength(2);
    // Once done, the key is free again.
    const next = await queue.enqueue('test.record', { key: 'digest' }, { singletonKey: 'u1' });
    expect(next).not.toBe(first);
  });

  it('answers the same id to enqueuers of one singleton key racing each other', async () => {
    const queue = makeQueue();
    const later = new Date(clock.now().getTime() + MINUTE);
    const ids = await Promise.all(
      Array.from({ length: 8 }, () =>
        queue.enqueue('test.record', { key: 'race' }, { singletonKey: 'same', runAt: later }),
      ),
    );
    expect(new Set(ids).size).toBe(1);
    expect((await queue.list({ limit: 10 })).items).toHaveLength(1);
  });

  it('stores a job enqueued within a transaction exactly when the transaction commits', async () => {
    const queue = makeQueue();
    let rolledBack: string | undefined;
    await expect(
      database.db.transaction().execute(async (trx) => {
        rolledBack = await queue.enqueue('test.record', { key: 'rolled back' }, { within: trx });
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');
    expect(rolledBack).toEqual(expect.any(String));
    expect(await queue.find(rolledBack ?? '')).toBeUndefined();

    const committed = await database.db
      .transaction()
      .execute((trx) => queue.enqueue('test.record', { key: 'committed' }, { within: trx }));
    expect((await queue.list({ limit: 10 })).items.map((job) => job.id)).toEqual([committed]);
    expect(await queue.workDue()).toBe(1);
    expect(effects.get(committed)).toBe('committed');
    await expect(
      queue.enqueue('test.record', { key: 'x' }, { within: database.db, singletonKey: 'k' }),
    ).rejects.toThrow(/singleton key/);
  });

  it('lets stop() finish the running job, and gives back one that outlasts the grace period', async () => {
    const queue = openJobQueue<TestJobs>(database, clock, { pollIntervalMs: 10, stopTimeoutMs: 100 });
    queues.push(queue);
    let started = 0;
    let aborted = false;
    queue.work('test.record', async ({ key }, job) => {
      started++;
      if (key === 'quick') {
        await pause(50);
        return;
      }
      await new Promise<void>((resolve) =>
        job.signal.addEventListener('abort', () => {
          aborted = true;
          resolve();
        }),
      );
    });
    queue.start();
    const quick = await queue.enqueue('test.record', { key: 'quick' });
    await waitFor('the quick job to start', async () => started === 1);
    await queue.stop();
    expect((await queue.find(quick))?.status).toBe('done');

    queue.start();
    const slow = await queue.enqueue('test.record', { key: 'slow' });
    await waitFor('the slow job to start', async () => started === 2);
    await queue.stop();
    expect(aborted).toBe(true);
    expect(await queue.find(slow)).toMatchObject({ status: 'queued', attempts: 0 });
    // Given back whole: the next run is its first attempt again.
    let attempt = 0;
    const again = openJobQueue<TestJobs>(database, clock);
    again.work('test.record', async (_payload, job) => {
      attempt = job.attempt;
    });
    expect(await again.workDue()).toBe(1);
    expect(attempt).toBe(1);
    expect(await queue.find(slow)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('pages the job list newest first by cursor, of one status or all', async () => {
    const queue = makeQueue();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      ids.push(
        await queue.enqueue('test.record', { key: String(i) }, { runAt: new Date(clock.now().getTime() + MINUTE) }),
      );
    }
    const flaky = await queue.enqueue('test.flaky', { key: 'f', failTimes: 1 });
    expect(await queue.workDue()).toBe(1);
    for (const status of ['queued', undefined] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await queue.list({ limit: 2, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((job) => job.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual([flaky, ...[...ids].reverse()]);
    }
    expect((await queue.list({ status: 'running', limit: 2 })).items).toEqual([]);
  });
});

describe.runIf(testDialect() === 'sqlite')('the jobs table queue', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let clock: ManualClock;
  let queues: TableJobQueue<TestJobs>[];
  let effects: Map<string, string>;
  let runs: string[];

  const makeQueue = (options: JobQueueOptions = {}) => {
    const queue = new TableJobQueue<TestJobs>(database, clock, { pollIntervalMs: 10, leaseMs: MINUTE, ...options });
    queue.work('test.record', async ({ key }, job) => {
      runs.push(job.id);
      if (!effects.has(job.id)) effects.set(job.id, key);
    });
    queue.work('test.flaky', async ({ key, failTimes }, job) => {
      runs.push(job.id);
      if (job.attempt <= failTimes) throw new Error(`attempt ${job.attempt} of ${key} failed`);
      if (!effects.has(job.id)) effects.set(job.id, key);
    });
    queues.push(queue);
    return queue;
  };

  beforeEach(async () => {
    database = await openTestDatabase();
    clock = new ManualClock();
    queues = [];
    effects = new Map();
    runs = [];
  });
  afterEach(async () => {
    await Promise.all(queues.map((queue) => queue.stop()));
    await database.close();
  });

  it('takes over a job whose worker died once its lease has passed, and runs its effect once', async () => {
    const queue = makeQueue({ leaseMs: MINUTE });
    const id = await queue.enqueue('test.record', { key: 'orphan' });
    // What a worker killed mid-run leaves behind: the job running, under a lease nobody renews.
    await database.db
      .updateTable('jobs')
      .set({ status: 'running', attempts: 1, lockedUntil: new Date(clock.now().getTime() + MINUTE).toISOString() })
      .where('id', '=', id)
      .execute();
    queue.start();
    await pause(80);
    expect(runs).toEqual([]);
    clock.advance(MINUTE);
    await waitFor('the takeover', async () => (await queue.find(id))?.status === 'done');
    expect(await queue.find(id)).toMatchObject({ attempts: 2 });
    expect(effects.get(id)).toBe('orphan');
  });
  it('deletes done jobs after the retention window and keeps failed ones', async () => {
    const queue = makeQueue({ keepDoneMs: 7 * 24 * 60 * MINUTE, backoffMs: 1 });
    queue.start();
    const done = await queue.enqueue('test.record', { key: 'old' });
    const failed = await queue.enqueue('test.flaky', { key: 'old', failTimes: 1 }, { maxAttempts: 1 });
    await waitFor('both to finish', async () => (await queue.find(failed))?.status === 'failed');
    await waitFor('the done one', async () => (await queue.find(done))?.status === 'done');
    expect(await queue.purgeDone()).toBe(0);
    clock.advance(7 * 24 * 60 * MINUTE + 1);
    const fresh = await queue.enqueue('test.record', { key: 'new' });
    await waitFor('the fresh one', async () => (await queue.find(fresh))?.status === 'done');
    expect(await queue.purgeDone()).toBe(1);
    expect(await queue.find(done)).toBeUndefined();
    expect((await queue.find(failed))?.status).toBe('failed');
    expect((await queue.find(fresh))?.status).toBe('done');
  });
});

describe.runIf(testDialect() === 'postgres')('the pg-boss queue', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  const queues: JobQueue<TestJobs>[] = [];

  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.stop()));
    await database.close();
  });

  const jobRow = async (id: string) =>
    (
      await sql<{ state: string; heartbeatOn: Date | null; deletionSeconds: number }>`select state, heartbeat_on,
        deletion_seconds from pgboss.job where id = ${id}::uuid`.execute(database.db)
    ).rows[0];

  it('takes over a job whose worker died once its heartbeat stops, and runs its effect once', async () => {
    const clock = new ManualClock(Date.now());
    const queue = openJobQueue<TestJobs>(database, clock, { pollIntervalMs: 20, leaseMs: 1000 });
    queues.push(queue);
    const effects = new Map<string, number>();
    queue.work('test.record', async (_payload, job) => {
      effects.set(job.id, job.attempt);
    });
    const id = await queue.enqueue('test.record', { key: 'orphan' });
    // What a worker killed mid-run leaves behind: the job active, its heartbeat silent for longer
    // than any lease (pg-boss's shortest is 10 s).
    await sql`update pgboss.job set state = 'active', started_on = now() - interval '1 minute',
      heartbeat_on = now() - interval '1 minute' where id = ${id}::uuid`.execute(database.db);
    expect(await queue.find(id)).toMatchObject({ status: 'running', attempts: 1 });
    queue.start();
    await waitFor('the takeover', async () => (await queue.find(id))?.status === 'done', 10_000);
    expect(await queue.find(id)).toMatchObject({ attempts: 2 });
    expect(effects.get(id)).toBe(2);
  });

  it('keeps a job with its worker past the lease while the worker beats', async () => {
    const clock = new ManualClock(Date.now());
    const queue = openJobQueue<TestJobs>(database, clock, { pollIntervalMs: 20, leaseMs: 1000 });
    queues.push(queue);
    let attempts = 0;
    let aborted = false;
    let finish = () => {};
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    queue.work('test.record', async (_payload, job) => {
      attempts++;
      job.signal.addEventListener('abort', () => {
        aborted = true;
      });
      await finished;
    });
    const id = await queue.enqueue('test.record', { key: 'long' });
    queue.start();
    await waitFor('the job to start', async () => attempts === 1);
    // Started an hour ago, far past the lease: only a missed heartbeat may take it back.
    await sql`update pgboss.job set started_on = now() - interval '1 hour' where id = ${id}::uuid`.execute(database.db);
    const firstBeat = (await jobRow(id))?.heartbeatOn?.getTime() ?? 0;
    // The worker touches the job every third of pg-boss's 10 s heartbeat, while pg-boss checks the
    // queue every 2.5 s.
    await waitFor('a heartbeat', async () => ((await jobRow(id))?.heartbeatOn?.getTime() ?? 0) > firstBeat, 8000);
    expect(await queue.find(id)).toMatchObject({ status: 'running', attempts: 1 });
    finish();
    await waitFor('the job to finish', async () => (await queue.find(id))?.status === 'done');
    expect(await queue.find(id)).toMatchObject({ attempts: 1 });
    expect(attempts).toBe(1);
    expect(aborted).toBe(false);
  }, 20_000);

  it('deletes done jobs after the retention window and keeps failed ones', async () => {
    const clock = new ManualClock(Date.now());
    const queue = openJobQueue<TestJobs>(database, clock, { pollIntervalMs: 20, keepDoneMs: 1000 });
    queues.push(queue);
    queue.work('test.record', async () => {});
    queue.work('test.flaky', async () => {
      throw new Error('always');
    });
    const done = await queue.enqueue('test.record', { key: 'old' });
    const failed = await queue.enqueue('test.flaky', { key: 'old', failTimes: 1 }, { maxAttempts: 1 });
    expect(await queue.workDue()).toBe(2);
    expect((await queue.find(failed))?.status).toBe('failed');
    await pause(1100);
    // Working processes let pg-boss delete the done jobs past the window, first thing and then
    // every few seconds.
    queue.start();
    await waitFor('the done job to go', async () => (await queue.find(done)) === undefined);
    expect((await queue.find(failed))?.status).toBe('failed');
    expect(await queue.retry(failed)).toBe('queued');
    expect((await jobRow(failed))?.deletionSeconds).toBe(1);
  });

  it('carries the jobs of a pg-boss 10 schema over on first use, and drops that schema', async () => {
    // What a Roundtable database on pg-boss 10 held: its schema (version 24), with jobs as it wrote them.
    const schema = fs.readFileSync(path.join(import.meta.dirname, '../test/pgboss10-schema.sql'), 'utf8');
    await sql.raw(schema).execute(database.db);
    for (const name of ['test.record', 'test.flaky']) {
      await sql`select pgboss.create_queue(${name}, '{"policy":"standard"}'::json)`.execute(database.db);
    }
    const now = Date.now();
    const later = new Date(now + 2 * MINUTE);
    const [scheduled, failed, done, running] = [
      'a1a1a1a1-0000-4000-8000-000000000001',
      'a1a1a1a1-0000-4000-8000-000000000002',
      'a1a1a1a1-0000-4000-8000-000000000003',
      'a1a1a1a1-0000-4000-8000-000000000004',
    ];
    await sql`insert into pgboss.job (id, name, data, state, retry_limit, retry_count, start_after, started_on,
        singleton_key, expire_in, created_on, completed_on, keep_until, output, policy) values
      (${scheduled}::uuid, 'test.record', '{"key":"scheduled"}', 'created', 4, 0, ${later}, null,
        'digest', interval '15 minutes', now() - interval '3 minutes', null, now() + interval '60 days', null, 'standard'),
      (${failed}::uuid, 'test.flaky', '{"key":"failed","failTimes":9}', 'failed', 1, 1, now(), now(),
        null, interval '15 minutes', now() - interval '2 minutes', now(), now() + interval '60 days',
        '{"message":"attempt 2 of failed failed"}', 'standard'),
      (${done}::uuid, 'test.record', '{"key":"done"}', 'completed', 4, 0, now(), now(),
        null, interval '15 minutes', now() - interval '1 minute', now(), now() + interval '60 days', null, 'standard'),
      (${running}::uuid, 'test.record', '{"key":"running"}', 'active', 4, 0, now(), now(),
        null, interval '15 minutes', now(), null, now() + interval '60 days', null, 'standard')`.execute(database.db);

    const clock = new ManualClock(now);
    const queue = openJobQueue<TestJobs>(database, clock, { pollIntervalMs: 20 });
    queues.push(queue);
    const ran: string[] = [];
    queue.work('test.record', async ({ key }) => {
      ran.push(key);
    });
    queue.work('test.flaky', async ({ key }) => {
      ran.push(key);
    });
    expect((await queue.list({ limit: 10 })).items.map((job) => [job.id, job.status])).toEqual([
      [running, 'running'],
      [done, 'done'],
      [failed, 'failed'],
      [scheduled, 'queued'],
    ]);
    expect(await queue.find(scheduled)).toMatchObject({ runAt: later.toISOString(), attempts: 0, maxAttempts: 5 });
    expect(await queue.find(failed)).toMatchObject({ attempts: 2, lastError: 'attempt 2 of failed failed' });
    const schemas = await sql<{ name: string }>`select nspname as name from pg_namespace
      where nspname like 'pgboss%' order by nspname`.execute(database.db);
    expect(schemas.rows.map((row) => row.name)).toEqual(['pgboss']);
    // A singleton key still holds across the move.
    expect(await queue.enqueue('test.record', { key: 'again' }, { singletonKey: 'digest', runAt: later })).toBe(
      scheduled,
    );

    expect(await queue.retry(failed)).toBe('queued');
    clock.advance(2 * MINUTE);
    expect(await queue.workDue()).toBe(2);
    expect(ran.sort()).toEqual(['failed', 'scheduled']);
    expect(await queue.find(scheduled)).toMatchObject({ status: 'done', attempts: 1 });
    // The job pg-boss 10 was running comes back once its heartbeat is missed, like a dead worker's.
    expect((await jobRow(running))?.heartbeatOn).toEqual(expect.any(Date));
  });
});
