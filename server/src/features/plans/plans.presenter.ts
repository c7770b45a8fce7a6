import type { ActivityMetric } from '@roundtable/contract/activity';
import type { DimensionId } from '@roundtable/contract/assessments';
import type { PlanActionView, PlanGoalView, PlanView } from '@roundtable/contract/plans';
import type { PlanAction, PlanGoal } from '../../db/tables.js';

/** An action as the member sees it; `counted` is the tracked activity since the action was added. */
export function presentAction(row: PlanAction, counted: number | undefined): PlanActionView {
  const tracked = row.metric !== null && row.target !== null;
  const progress = tracked ? Math.min(counted ?? 0, row.target ?? 0) : null;
  const reachedTarget = tracked && progress !== null && progress >= (row.target ?? 0);
  return {
    id: row.id,
    goalId: row.goalId,
    title: row.title,
    dueDate: row.dueDate,
    metric: tracked ? (row.metric as ActivityMetric) : null,
    target: tracked ? row.target : null,
    progress,
    done: row.doneAt !== null || reachedTarget,
    completedBy: row.doneAt !== null ? 'member' : reachedTarget ? 'activity' : null,
    createdAt: row.createdAt,
  };
}

const progressOf = (actions: readonly PlanActionView[]) => ({
  done: actions.filter((action) => action.done).length,
  total: actions.length,
});

export function presentPlan(goals: PlanGoal[], actions: PlanAction[], counted: Map<string, number>): PlanView {
  const byGoal = new Map<string, PlanActionView[]>();
  for (const row of actions) {
    byGoal.set(row.goalId, [...(byGoal.get(row.goalId) ?? []), presentAction(row, counted.get(row.id))]);
  }
  const goalViews: PlanGoalView[] = goals.map((goal) => {
    const goalActions = byGoal.get(goal.id) ?? [];
    return {
      id: goal.id,
      dimension: goal.dimension as DimensionId,
      title: goal.title,
      targetDate: goal.targetDate,
      actions: goalActions,
      progress: progressOf(goalActions),
      createdAt: goal.createdAt,
    };
  });
  const updatedAt = [...goals.map((g) => g.updatedAt), ...actions.map((a) => a.updatedAt)].sort().at(-1) ?? null;
  return {
    goals: goalViews,
    progress: progressOf(goalViews.flatMap((goal) => goal.actions)),
    updatedAt,
  };
}
