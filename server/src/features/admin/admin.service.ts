import type { OutboxPage } from '@roundtable/contract/admin';
import type { PageQuery } from '@roundtable/contract/common';
import type { AppContext } from '../../platform/context.js';
import { decodeCursor, toPage } from '../../platform/pagination.js';
import { presentOutboxMessage } from './admin.presenter.js';
import { listOutboxRows } from './admin.queries.js';

/** The local outbox, newest first: every email the instance would have sent without SMTP. */
export async function listOutbox(ctx: AppContext, query: PageQuery): Promise<OutboxPage> {
  const limit = query.limit ?? 25;
  const rows = await listOutboxRows(ctx.db, decodeCursor(query.cursor), limit);
  return toPage(rows, limit, presentOutboxMessage);
}
