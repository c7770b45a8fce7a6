import type { Database } from '../db/database.js';
import type { Clock } from '../platform/clock.js';
import { type JobQueue, type JobQueueOptions, type JobRegistry, TableJobQueue } from '../platform/jobs.js';
import { PgBossJobQueue } from '../platform/jobs.pgboss.js';

/**
 * The queue `buildApp()` would choose for this database: pg-boss on PostgreSQL, the jobs table on
 * SQLite. Tests that work a queue outside an app choose it the same way here.
 */
export function openJobQueue<Registry extends object = JobRegistry>(
  database: Database,
  clock: Clock,
  options: JobQueueOptions = {},
): JobQueue<Registry> {
  return database.dialect === 'postgres'
    ? new PgBossJobQueue<Registry>(database, clock, options)
    : new TableJobQueue<Registry>(database, clock, options);
}
