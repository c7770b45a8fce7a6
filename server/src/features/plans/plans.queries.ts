import type { Db } from '../../db/database.js';
import { row, statement } from '../../db/statements.js';
import type { PlanAction, PlanGoal } from '../../db/tables.js';

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

/** A new goal, as written. */
export const insertGoal = statement((db, p: PlanGoal) =>
  db.insertInto('planGoals').values(
    row(p, {
      id: true,
      userId: true,
      dimension: true,
      title: true,
      targetDate: true,
      position: true,
      createdAt: true,
      updatedAt: true,
    }),
  ),
);

/** A new action, as written. */
export const insertAction = statement((db, p: PlanAction) =>
  db.insertInto('planActions').values(
    row(p, {
      id: true,
      userId: true,
      goalId: true,
      title: true,
      dueDate: true,
      metric: true,
      target: true,
      doneAt: true,
      remindedFor: true,
      position: true,
      createdAt: true,
      updatedAt: true,
    }),
  ),
);

/** A kept goal as the replaced plan has it. */
export const rewriteGoal = statement(
  (db, p: { id: string; dimension: string; title: string; targetDate: string; position: number; updatedAt: string }) =>
    db
      .updateTable('planGoals')
      .set({
        dimension: p.dimension,
        title: p.title,
        targetDate: p.targetDate,
        position: p.position,
        updatedAt: p.updatedAt,
      })
      .where('id', '=', p.id),
);

/** A kept action as the replaced plan has it. */
export const rewriteAction = statement(
  (
    db,
    p: {
      id: string;
      goalId: string;
      title: string;
      dueDate: string | null;
      metric: string | null;
      target: number | null;
      doneAt: string | null;
      position: number;
      updatedAt: string;
    },
  ) =>
    db
      .updateTable('planActions')
      .set({
        goalId: p.goalId,
        title: p.title,
        dueDate: p.dueDate,
        metric: p.metric,
        target: p.target,
        doneAt: p.doneAt,
        position: p.position,
        updatedAt: p.updatedAt,
      })
      .where('id', '=', p.id),
);

/** The member's edit of a goal: each field given replaces the stored one, each null keeps it. */
export const editGoal = statement(
  (
    db,
    p: { id: string; title: string | null; targetDate: string | null; dimension: string | null; updatedAt: string },
  ) =>
    db
      .updateTable('planGoals')
      .set((eb) => ({
        title: eb.fn.coalesce(eb.val(p.title), eb.ref('title')),
        targetDate: eb.fn.coalesce(eb.val(p.targetDate), eb.ref('targetDate')),
        dimension: eb.fn.coalesce(eb.val(p.dimension), eb.ref('dimension')),
        updatedAt: p.updatedAt,
      }))
      .where('id', '=', p.id),
);

/**
 * The member's edit of an action: a null title keeps the stored one; the due date and the done
 * time, which may become null, are replaced only when their flag is 1. One statement for every
 * combination of fields.
 */
export const editAction = statement(
  (
    db,
    p: {
      id: string;
      title: string | null;
      setDueDate: number;
      dueDate: string | null;
      setDoneAt: number;
      doneAt: string | null;
      updatedAt: string;
    },
  ) =>
    db
      .updateTable('planActions')
      .set((eb) => ({
        title: eb.fn.coalesce(eb.val(p.title), eb.ref('title')),
        dueDate: eb
          .case()
          .when(eb.val(p.setDueDate), '=', eb.lit(1))
          .then(eb.val(p.dueDate))
          .else(eb.ref('dueDate'))
          .end(),
        doneAt: eb.case().when(eb.val(p.setDoneAt), '=', eb.lit(1)).then(eb.val(p.doneAt)).else(eb.ref('doneAt')).end(),
        updatedAt: p.updatedAt,
      }))
      .where('id', '=', p.id),
);

/** The actions of these goals (a list), deleted with them. */
export const deleteActionsOfGoals = statement((db, p: { goalIds: string[] }) =>
  db.deleteFrom('planActions').where('goalId', 'in', p.goalIds),
);

export const deleteGoalsById = statement((db, p: { ids: string[] }) =>
  db.deleteFrom('planGoals').where('id', 'in', p.ids),
);

export const deleteActionsById = statement((db, p: { ids: string[] }) =>
  db.deleteFrom('planActions').where('id', 'in', p.ids),
);

/** How many actions a goal holds: the next one's position, and the cap. */
export const actionCountOfGoal = statement((db, p: { goalId: string }) =>
  db
    .selectFrom('planActions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('goalId', '=', p.goalId),
);

/** Records that the reminder for this due date went out; 0 changes when another run already did. */
export const markRemindedFor = statement((db, p: { id: string; dueDate: string }) =>
  db
    .updateTable('planActions')
    .set({ remindedFor: p.dueDate })
    .where('id', '=', p.id)
    .where('dueDate', '=', p.dueDate)
    .where((eb) => eb.or([eb('remindedFor', 'is', null), eb('remindedFor', '!=', p.dueDate)])),
);
