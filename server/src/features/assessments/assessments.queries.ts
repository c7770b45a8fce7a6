import type { Db } from '../../db/database.js';
import type { Assessment } from '../../db/tables.js';
import type { Position } from '../../platform/pagination.js';

export const insertAssessment = (db: Db, row: Assessment) => db.insertInto('assessments').values(row).execute();

export const findAssessment = (db: Db, id: string): Promise<Assessment | undefined> =>
  db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst();

/** Newest first by `(created_at, id)`, served by assessments_user_idx. */
export async function listAssessments(
  db: Db,
  userId: string,
  options: { after: Position | undefined; limit: number },
): Promise<Assessment[]> {
  let query = db.selectFrom('assessments').selectAll().where('userId', '=', userId);
  const after = options.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('createdAt', '<', after.createdAt),
        eb.and([eb('createdAt', '=', after.createdAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  return query
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
}

export const findLatestAssessment = (db: Db, userId: string): Promise<Assessment | undefined> =>
  db
    .selectFrom('assessments')
    .selectAll()
    .where('userId', '=', userId)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();

export async function countAssessments(db: Db, userId: string, since: string | null): Promise<number> {
  let query = db
    .selectFrom('assessments')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('userId', '=', userId);
  if (since !== null) query = query.where('createdAt', '>=', since);
  return Number((await query.executeTakeFirstOrThrow()).n);
}
