import type { JobListQuery, JobPage, JobView, OutboxPage } from '@roundtable/contract/admin';
import type { PageQuery } from '@roundtable/contract/common';
import type { AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { decodeCursor, toPage } from '../../platform/pagination.js';
import { presentJob, presentOutboxMessage } from './admin.presenter.js';
import { listOutboxRows } from './admin.queries.js';

/** The local outbox, newest first: every email the instance would have sent without SMTP. */
export async function listOutbox(ctx: AppContext, query: PageQuery): Promise<OutboxPage> {
  const limit = query.limit ?? 25;
  const rows = await listOutboxRows(ctx.db, decodeCursor(query.cursor), limit);
  return toPage(rows, limit, presentOutboxMessage);
}

/** Background jobs, newest first, optionally of one status: what is waiting, running, failed or done. */
export async function listJobs(ctx: AppContext, query: JobListQuery): Promise<JobPage> {
  const page = await ctx.jobs.list({
    limit: query.limit ?? 25,
    ...(query.status ? { status: query.status } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  return { items: page.items.map(presentJob), nextCursor: page.nextCursor };
}

/** Queues a failed job again with a fresh set of attempts; only failed jobs can be retried. */
export async function retryJob(ctx: AppContext, jobId: string): Promise<JobView> {
  const outcome = await ctx.jobs.retry(jobId);
  if (outcome === 'not_found') throw notFound('That job');
  if (outcome === 'not_failed') throw new AppError('conflict', 'Only a failed job can be retried.');
  const job = await ctx.jobs.find(jobId);
  if (!job) throw notFound('That job');
  return presentJob(job);
}
