import type { JobView, OutboxMessageView } from '@roundtable/contract/admin';
import type { Selectable } from 'kysely';
import type { OutboxMessagesTable } from '../../db/tables.js';
import type { JobRecord } from '../../platform/jobs.js';

export const presentOutboxMessage = (row: Selectable<OutboxMessagesTable>): OutboxMessageView => ({
  id: row.id,
  to: row.toAddress,
  subject: row.subject,
  text: row.text,
  html: row.html,
  createdAt: row.createdAt,
});

export const presentJob = (job: JobRecord): JobView => ({
  id: job.id,
  name: job.name,
  status: job.status,
  attempts: job.attempts,
  maxAttempts: job.maxAttempts,
  runAt: job.runAt,
  lastError: job.lastError,
  createdAt: job.createdAt,
  finishedAt: job.finishedAt,
});
