import type { Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { PlanAction, PlanActionsTable, PlanGoal, PlanGoalsTable } from '../../db/tables.js';

/** A member's goals in their order, by plan_goals_user_idx; a plan holds a handful. */
export const listGoals = (db: Db, userId: string): Promise<PlanGoal[]> =>
  db.selectFrom('planGoals').selectAll().where('userId', '=', userId).orderBy('position').orderBy('id').execute();

/** The actions of these goals in their order, by plan_actions_goal_idx. */
export const listActionsOfGoals = (db: Db, goalIds: readonly string[]): Promise<PlanAction[]> =>
  goalIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('planActions')
        .selectAll()
        .where('goalId', 'in', [...goalIds])
        .orderBy('goalId')
        .orderBy('position')
        .orderBy('id')
        .execute();

export const findGoal = (db: Db, id: string): Promise<PlanGoal | undefined> =>
  db.selectFrom('planGoals').selectAll().where('id', '=', id).executeTakeFirst();

export const findAction = (db: Db, id: string): Promise<PlanAction | undefined> =>
  db.selectFrom('planActions').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertGoals(db: Db, rows: PlanGoal[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('planGoals').values(rows).execute();
}

export async function insertActions(db: Db, rows: PlanAction[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('planActions').values(rows).execute();
}

export const updateGoal = (db: Db, id: string, changes: Updateable<PlanGoalsTable>) =>
  db.updateTable('planGoals').set(changes).where('id', '=', id).execute();

export const updateAction = (db: Db, id: string, changes: Updateable<PlanActionsTable>) =>
  db.updateTable('planActions').set(changes).where('id', '=', id).execute();

/** Deletes a goal with its actions (explicitly, so it never depends on cascades being enabled). */
export async function deleteGoals(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom('planActions')
    .where('goalId', 'in', [...ids])
    .execute();
  await db
    .deleteFrom('planGoals')
    .where('id', 'in', [...ids])
    .execute();
}

export async function deleteActions(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length > 0)
    await db
      .deleteFrom('planActions')
      .where('id', 'in', [...ids])
      .execute();
}

export async function countActionsOfGoal(db: Db, goalId: string): Promise<number> {
  const row = await db
    .selectFrom('planActions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('goalId', '=', goalId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type DuePosition = { dueDate: string; id: string };

/** Actions with a due date, soonest first by `(due_date, id)`, served by plan_actions_due_idx. */
export async function listDatedActions(
  db: Db,
  userId: string,
  options: { after: DuePosition | undefined; limit: number },
): Promise<PlanAction[]> {
  let query = db.selectFrom('planActions').selectAll().where('userId', '=', userId).where('dueDate', 'is not', null);
  const after = options.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('dueDate', '>', after.dueDate), eb.and([eb('dueDate', '=', after.dueDate), eb('id', '>', after.id)])]),
    );
  }
  return query
    .orderBy('dueDate', 'asc')
    .orderBy('id', 'asc')
    .limit(options.limit + 1)
    .execute();
}

/** Records that the reminder for this due date went out; false when another run already did. */
export async function markReminded(db: Db, id: string, dueDate: string): Promise<boolean> {
  const result = await db
    .updateTable('planActions')
    .set({ remindedFor: dueDate })
    .where('id', '=', id)
    .where('dueDate', '=', dueDate)
    .where((eb) => eb.or([eb('remindedFor', 'is', null), eb('remindedFor', '!=', dueDate)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
