import { sql } from 'kysely';
import { openDatabase } from '../db/database.js';
import { systemClock } from '../platform/clock.js';
import { openJobQueue } from './jobs.js';

/**
 * A worker process for the durability tests (`jobs.process.test.ts`). It works `test.effect`
 * jobs: each records that it ran (`job_runs`, one row per run), waits, then leaves its effect in
 * `job_effects` keyed by the job id with insert-or-ignore — the idempotent handler every real job
 * must be, so a job run again after a crash changes nothing.
 */
export type WorkerTestJobs = { 'test.effect': { n: number; sleepMs: number } };

const database = openDatabase({
  databaseUrl: process.env.DATABASE_URL || null,
  sqlitePath: process.env.SQLITE_PATH ?? '',
});
const label = process.env.WORKER_LABEL ?? String(process.pid);
const queue = openJobQueue<WorkerTestJobs>(database, systemClock, {
  pollIntervalMs: 20,
  leaseMs: Number(process.env.JOB_LEASE_MS ?? 1000),
  concurrency: 1,
});

queue.work('test.effect', async ({ sleepMs }, job) => {
  await sql`insert into job_runs (job_id, worker) values (${job.id}, ${label})`.execute(database.db);
  await new Promise((resolve) => setTimeout(resolve, sleepMs));
  await sql`insert into job_effects (job_id, worker) values (${job.id}, ${label}) on conflict (job_id) do nothing`.execute(
    database.db,
  );
});

queue.start();
process.stdout.write('worker ready\n');

process.once('SIGTERM', () => {
  queue
    .stop()
    .then(() => database.close())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
});
