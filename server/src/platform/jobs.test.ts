import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, MINUTE } from '../test/clock.js';
import { openTestDatabase, testDialect } from '../test/database.js';
import { type JobQueue, TableJobQueue, type TableJobQueueOptions } from './jobs.js';

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

describe(`the table job queue on ${testDialect()}`, () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let clock: ManualClock;
  let queues: JobQueue<TestJobs>[];
  /** Each job's effect, keyed by job id so a second run of the same job changes nothing. */
  let effects: Map<string, string>;
  let runs: string[];

  const makeQueue = (options: TableJobQueueOptions = {}) => {
    const queue = new TableJobQueue<TestJobs>(database, clock, {
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
    clock = new ManualClock();
    queues = [];
    effects = new Map();
    runs = [];
  });
  afterEach(async () => {
    await Promise.all(queues.map((queue) => queue.stop()));
    await database.close();
  });

  it('runs an enqueued job once and marks it done', async () => {
    const queue = makeQueue();
    queue.start();
    const id = await queue.enqueue('test.record', { key: 'hello' });
    const done = await waitFor('the job to finish', async () => (await queue.find(id))?.status === 'done');
    expect(done).toBe(true);
    expect(effects.get(id)).toBe('hello');
    expect(runs).toEqual([id]);
    expect(await queue.find(id)).toMatchObject({ attempts: 1, lastError: null, finishedAt: clock.now().toISOString() });
  });

  it('retries a failing job with exponential backoff until it succeeds', async () => {
    const queue = makeQueue();
    queue.start();
    const id = await queue.enqueue('test.flaky', { key: 'k', failTimes: 2 });
    await waitFor('the first failure', async () => (await queue.find(id))?.attempts === 1 || undefined);
    const afterFirst = await waitFor('the retry to be queued', async () => {
      const job = await queue.find(id);
      return job?.status === 'queued' ? job : undefined;
    });
    expect(afterFirst.lastError).toMatch(/attempt 1 of k failed/);
    expect(afterFirst.runAt).toBe(new Date(clock.now().getTime() + 10_000).toISOString());

    clock.advance(9_999);
    await pause(60);
    expect(runs).toHaveLength(1);
    clock.advance(1);
    await waitFor('the second attempt', async () => runs.length === 2);
    const afterSecond = await waitFor('the second retry to be queued', async () => {
      const job = await queue.find(id);
      return job?.status === 'queued' && job.attempts === 2 ? job : undefined;
    });
    // The delay doubles: 10 s, then 20 s.
    expect(afterSecond.runAt).toBe(new Date(clock.now().getTime() + 20_000).toISOString());
    clock.advance(19_999);
    await pause(60);
    expect(runs).toHaveLength(2);
    clock.advance(1);
    await waitFor('success', async () => (await queue.find(id))?.status === 'done');
    expect(effects.get(id)).toBe('k');
    expect(await queue.find(id)).toMatchObject({ attempts: 3, status: 'done', lastError: null });
  });

  it('marks a job failed with its last error once the attempts run out, lists it, and retries it on demand', async () => {
    const queue = makeQueue({ backoffMs: 1000 });
    queue.start();
    const id = await queue.enqueue('test.flaky', { key: 'doomed', failTimes: 3 }, { maxAttempts: 2 });
    await waitFor('the first failure', async () => (await queue.find(id))?.status === 'queued' && runs.length === 1);
    clock.advance(1000);
    const failed = await waitFor('the job to fail', async () => {
      const job = await queue.find(id);
      return job?.status === 'failed' ? job : undefined;
    });
    expect(failed).toMatchObject({ attempts: 2, maxAttempts: 2, finishedAt: clock.now().toISOString() });
    expect(failed.lastError).toMatch(/attempt 2 of doomed failed/);
    clock.advance(MINUTE);
    await pause(60);
    expect(runs).toHaveLength(2);

    const listed = await queue.list({ status: 'failed', limit: 10 });
    expect(listed.items.map((job) => job.id)).toEqual([id]);
    expect((await queue.list({ status: 'queued', limit: 10 })).items).toEqual([]);

    expect(await queue.retry(id)).toBe('queued');
    // With a fresh set of attempts the flaky handler reaches its third attempt number only later.
    await waitFor('the retried attempt', async () => runs.length === 3);
    expect(await queue.retry(id)).toBe('not_failed');
    expect(await queue.retry('no-such-job')).toBe('not_found');
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
    queue.start();
    const id = await queue.enqueue(
      'test.record',
      { key: 'later' },
      { runAt: new Date(clock.now().getTime() + 5 * MINUTE) },
    );
    await pause(80);
    expect(runs).toEqual([]);
    clock.advance(5 * MINUTE - 1);
    await pause(60);
    expect(runs).toEqual([]);
    clock.advance(1);
    await waitFor('the scheduled job', async () => (await queue.find(id))?.status === 'done');
    expect(runs).toEqual([id]);
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

    queue.start();
    clock.advance(MINUTE);
    await waitFor('both jobs', async () => (await queue.list({ status: 'done', limit: 10 })).items.length === 2);
    // Once done, the key is free again.
    const next = await queue.enqueue('test.record', { key: 'digest' }, { singletonKey: 'u1' });
    expect(next).not.toBe(first);
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

  it('lets stop() finish the running job, and gives back one that outlasts the grace period', async () => {
    const queue = new TableJobQueue<TestJobs>(database, clock, { pollIntervalMs: 10, stopTimeoutMs: 100 });
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

  it('pages the job list newest first by cursor', async () => {
    const queue = makeQueue();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      ids.push(
        await queue.enqueue('test.record', { key: String(i) }, { runAt: new Date(clock.now().getTime() + MINUTE) }),
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await queue.list({ status: 'queued', limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((job) => job.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(ids.reverse());
  });
});
