import type { Db } from '../../db/database.js';
import type { Position } from '../../platform/pagination.js';

/** Newest first, served by outbox_messages_created_at_idx. */
export function listOutboxRows(db: Db, after: Position | undefined, limit: number) {
  let query = db
    .selectFrom('outboxMessages')
    .selectAll()
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (after) {
    query = query.where((eb) => eb(eb.refTuple('createdAt', 'id'), '<', eb.tuple(after.createdAt, after.id)));
  }
  return query.execute();
}
