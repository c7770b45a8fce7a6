import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, migrateToLatest, openDatabase } from '../db/database.js';
import { openTestDatabase, testDialect } from '../test/database.js';
import type { WorkerTestJobs } from '../test/job-worker.js';
import { openJobQueue } from '../test/jobs.js';
import { systemClock } from './clock.js';
import type { JobQueue, JobStatus } from './jobs.js';

const workerFile = path.join(import.meta.dirname, '../test/job-worker.ts');
/** How soon a killed worker's job comes back after its last heartbeat; on PostgreSQL pg-boss's shortest. */
const leaseMs = testDialect() === 'postgres' ? '10000' : '1000';

type Worker = { child: ChildProcess; ready: Promise<void>; output: () => string };

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe(`job worker processes on ${testDialect()} (${testDialect() === 'postgres' ? 'pg-boss' : 'the jobs table'})`, () => {
  let database: Database;
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  const workers: Worker[] = [];

  beforeEach(async () => {
    if (testDialect() === 'postgres') {
      const test = await openTestDatabase();
      database = test;
      env = { DATABASE_URL: test.url ?? '' };
      cleanup = () => test.close();
    } else {
      // Worker processes need a file they share with the test, not an in-memory database.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roundtable-jobs-'));
      const sqlitePath = path.join(dir, 'roundtable.db');
      database = openDatabase({ databaseUrl: null, sqlitePath });
      await migrateToLatest(database.db);
      env = { SQLITE_PATH: sqlitePath };
      cleanup = async () => {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      };
    }
    const db = database.db as unknown as Kysely<unknown>;
    await db.schema
      .createTable('job_effects')
      .addColumn('job_id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('worker', 'varchar(64)', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('job_runs')
      .addColumn('job_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('worker', 'varchar(64)', (c) => c.notNull())
      .execute();
  });

  afterEach(async () => {
    for (const { child } of workers.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await cleanup();
  });

  function startWorker(label: string): Worker {
    let output = '';
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', workerFile], {
      env: { PATH: process.env.PATH ?? '', WORKER_LABEL: label, JOB_LEASE_MS: leaseMs, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk) => {
        output += chunk;
        if (output.includes('worker ready')) resolve();
      });
      child.stderr?.on('data', (chunk) => {
        output += chunk;
      });
      child.once('exit', (code) =>
        reject(new Error(`worker ${label} exited (${code}) before it was ready: ${output}`)),
      );
    });
    const worker = { child, ready, output: () => output };
    workers.push(worker);
    return worker;
  }

  let queue: JobQueue<WorkerTestJobs>;
  let ids: string[];
  const enqueue = async (count: number, sleepMsOf: (n: number) => number) => {
    // pg-boss fixes a job's lease when it is stored, so the enqueuer sets it too.
    queue = openJobQueue<WorkerTestJobs>(database, systemClock, { leaseMs: Number(leaseMs) });
    ids = [];
    for (let n = 0; n < count; n++) ids.push(await queue.enqueue('test.effect', { n, sleepMs: sleepMsOf(n) }));
    return ids;
  };

  const rows = async (table: 'job_effects' | 'job_runs') =>
    (await sql<{ jobId: string; worker: string }>`select job_id, worker from ${sql.table(table)}`.execute(database.db))
      .rows;

  /** Jobs per status, read through the queue: the jobs table on SQLite, pg-boss on PostgreSQL. */
  const statuses = async () => {
    const counts: Partial<Record<JobStatus, number>> = {};
    for (const id of ids) {
      const status = (await queue.find(id))?.status;
      if (status) counts[status] = (counts[status] ?? 0) + 1;
    }
    return counts;
  };

  it('loses nothing when a worker is killed mid-job: every job takes effect exactly once', async () => {
    // Job 10 is slow, so the kill lands while it is certainly running.
    const ids = await enqueue(30, (n) => (n === 10 ? 3000 : 50));
    const slowJob = ids[10];
    const first = startWorker('first');
    await first.ready;
    await waitFor('the slow job to start', async () => (await rows('job_runs')).some((run) => run.jobId === slowJob));
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');

    const afterKill = await statuses();
    expect(afterKill.running).toBe(1);
    expect(afterKill.done ?? 0).toBeLessThan(30);
    expect((await rows('job_effects')).map((effect) => effect.jobId)).not.toContain(slowJob);

    const second = startWorker('second');
    await second.ready;
    await waitFor('every job to be done', async () => (await statuses()).done === 30);

    const effects = await rows('job_effects');
    expect(effects.map((effect) => effect.jobId).sort()).toEqual([...ids].sort());
    expect(effects.find((effect) => effect.jobId === slowJob)?.worker).toBe('second');
    // The killed job ran twice, yet its effect happened once.
    const runsOfSlowJob = (await rows('job_runs')).filter((run) => run.jobId === slowJob);
    expect(runsOfSlowJob.map((run) => run.worker)).toEqual(['first', 'second']);
    expect(await queue.find(slowJob ?? '')).toMatchObject({ status: 'done', attempts: 2 });
  }, 60_000);

  it.runIf(testDialect() === 'postgres')(
    'shares the queue between two worker processes, each job worked once, and both stop gracefully',
    async () => {
      const ids = await enqueue(40, () => 50);
      const pair = [startWorker('one'), startWorker('two')];
      await Promise.all(pair.map((worker) => worker.ready));
      await waitFor('every job to be done', async () => (await statuses()).done === 40);

      const runs = await rows('job_runs');
      expect(runs.map((run) => run.jobId).sort()).toEqual([...ids].sort());
      expect(new Set(runs.map((run) => run.worker))).toEqual(new Set(['one', 'two']));
      expect((await rows('job_effects')).length).toBe(40);

      for (const { child } of pair) child.kill('SIGTERM');
      const codes = await Promise.all(pair.map(({ child }) => once(child, 'exit').then(([code]) => code)));
      expect(codes).toEqual([0, 0]);
    },
    40_000,
  );
});
