import type { OutboxMessageView } from '@roundtable/contract/admin';
import type { Selectable } from 'kysely';
import type { OutboxMessagesTable } from '../../db/tables.js';

export const presentOutboxMessage = (row: Selectable<OutboxMessagesTable>): OutboxMessageView => ({
  id: row.id,
  to: row.toAddress,
  subject: row.subject,
  text: row.text,
  html: row.html,
  createdAt: row.createdAt,
});
