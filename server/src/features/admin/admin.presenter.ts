import type { JobView, OutboxMessageView } from '@roundtable/contract/admin';
import type { Selectable } from 'kysely';
import type { OutboxMessagesTable } from '../../db/tables.js';
import type { JobRecord } from '../../platform/jobs.js';

const WITHHELD_SUBJECT = 'Withheld: an email about an anonymous post';
const WITHHELD_TEXT =
  'This email concerns an anonymous post. Its recipient and content are withheld here, because they could tell who wrote the post; only the logged reveal of an author may do that.';

/** An email about an anonymous post shows neither its recipient nor its text: the outbox is no way around the audited reveal. */
export const presentOutboxMessage = (row: Selectable<OutboxMessagesTable>): OutboxMessageView =>
  row.withheld === 1
    ? {
        id: row.id,
        to: 'withheld',
        subject: WITHHELD_SUBJECT,
        text: WITHHELD_TEXT,
        html: `<p>${WITHHELD_TEXT}</p>`,
        createdAt: row.createdAt,
      }
    : {
        id: row.id,
        to: row.toAddress,
        subject: row.subject,
        text: row.text,
        html: row.html,
        createdAt: row.createdAt,
      };

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
