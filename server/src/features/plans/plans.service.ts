import type { ActivityMetric } from '@roundtable/contract/activity';
import { currentInstrument, type DimensionId, findInstrument, rankDimensions } from '@roundtable/contract/assessments';
import type { DirectoryQuery, NetworkSummaryView } from '@roundtable/contract/networks';
import {
  type ActionCreateBody,
  type ActionUpdateBody,
  type GoalUpdateBody,
  type NetworkSuggestionView,
  PLAN_ACTIONS_PER_GOAL_MAX,
  type PlanActionListQuery,
  type PlanActionPage,
  type PlanActionView,
  type PlanProposalView,
  type PlanReplaceBody,
  type PlanView,
} from '@roundtable/contract/plans';
import type { Db } from '../../db/database.js';
import type { PlanAction, PlanGoal } from '../../db/tables.js';
import { first, run, type Work, write } from '../../db/write.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { authorize, type SignedInActor } from '../../platform/policy.js';
import { countActivity } from '../activity/activity.service.js';
import { findLatestAssessment } from '../assessments/assessments.service.js';
import { listDirectory } from '../networks/networks.service.js';
import { planNotifications, storeNotifications } from '../notifications/notifications.service.js';
import { getOwnProfile } from '../profiles/profiles.service.js';
import { planPolicies } from './plans.policy.js';
import { presentAction, presentPlan } from './plans.presenter.js';
import {
  actionCountOfGoal,
  deleteActionsById,
  deleteActionsOfGoals,
  deleteGoalsById,
  editAction,
  editGoal,
  findAction,
  findGoal,
  insertAction,
  insertGoal,
  listActionsOfGoals,
  listDatedActions,
  listGoals,
  markRemindedFor,
  rewriteAction,
  rewriteGoal,
} from './plans.queries.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Reminders go out at this UTC hour of the due date. */
const REMINDER_HOUR_UTC = 9;
const SUGGESTED_NETWORKS = 3;

/** Which networks a "join a network" action suggests from the directory. */
type Suggest = 'my_function' | 'other_industries' | 'best_fit';

type ProposedAction = { title: string; dueInDays: number; metric?: ActivityMetric; target?: number; suggest?: Suggest };

/**
 * What a plan proposes for a weak dimension: one goal, three actions. Actions that name an activity
 * Roundtable records complete themselves; the rest the member ticks.
 */
const PROPOSALS: Record<DimensionId, { title: string; targetInDays: number; actions: ProposedAction[] }> = {
  peer: {
    title: 'Belong to a network of true peers, and use it',
    targetInDays: 90,
    actions: [
      {
        title: 'Join a network of peers in your function',
        dueInDays: 14,
        metric: 'networks_joined',
        target: 1,
        suggest: 'my_function',
      },
      { title: 'Put your next hard question to your peers before deciding', dueInDays: 30 },
      { title: 'Answer three pulses from your peers this month', dueInDays: 30, metric: 'pulses_answered', target: 3 },
    ],
  },
  breadth: {
    title: 'Widen your circle beyond your own company',
    targetInDays: 90,
    actions: [
      {
        title: 'Join a network outside your own company',
        dueInDays: 21,
        metric: 'networks_joined',
        target: 1,
        suggest: 'best_fit',
      },
      {
        title: 'Invite a colleague you value to one of your networks',
        dueInDays: 30,
        metric: 'invitations_sent',
        target: 1,
      },
      { title: 'Meet one new person in your field', dueInDays: 30 },
    ],
  },
  depth: {
    title: 'Deepen trust with a few peers',
    targetInDays: 90,
    actions: [
      {
        title: 'Join a network that meets regularly',
        dueInDays: 21,
        metric: 'networks_joined',
        target: 1,
        suggest: 'best_fit',
      },
      {
        title: 'Bring one real, confidential problem to your peers',
        dueInDays: 30,
        metric: 'threads_started',
        target: 1,
      },
      { title: 'Book a one-to-one with a peer you would like to know better', dueInDays: 45 },
    ],
  },
  diversity: {
    title: 'Hear from people unlike you',
    targetInDays: 90,
    actions: [
      {
        title: 'Join a network whose members come from other industries',
        dueInDays: 21,
        metric: 'networks_joined',
        target: 1,
        suggest: 'other_industries',
      },
      { title: 'Ask someone in another function how they would handle your current challenge', dueInDays: 30 },
      { title: 'Meet a peer more senior and one less senior than you', dueInDays: 60 },
    ],
  },
  reciprocity: {
    title: 'Give before you ask',
    targetInDays: 60,
    actions: [
      {
        title: 'Invite a peer who would benefit from your network',
        dueInDays: 14,
        metric: 'invitations_sent',
        target: 1,
      },
      { title: 'Share one process or template you built with your peers', dueInDays: 30 },
      { title: 'Introduce two people who could help each other', dueInDays: 30 },
      {
        title: 'Reply to three of your peers’ questions with your own experience',
        dueInDays: 30,
        metric: 'replies_posted',
        target: 3,
      },
    ],
  },
  upkeep: {
    title: 'Keep in touch deliberately',
    targetInDays: 90,
    actions: [
      { title: 'Block thirty minutes a week for your network in your calendar', dueInDays: 7 },
      { title: 'Reconnect with three people you have lost touch with', dueInDays: 30 },
      { title: 'Retake the NQ to see what changed', dueInDays: 90, metric: 'assessments_taken', target: 1 },
    ],
  },
};

const dayOf = (instant: Date) => instant.toISOString().slice(0, 10);
const daysFrom = (instant: Date, days: number) => dayOf(new Date(instant.getTime() + days * DAY_MS));

/** How much tracked activity each action has seen since it was added; one count per tracked action. */
async function countProgress(db: Db, userId: string, actions: readonly PlanAction[]): Promise<Map<string, number>> {
  const tracked = actions.filter((action) => action.metric !== null && action.target !== null);
  const counts = await Promise.all(
    tracked.map(async (action) => {
      const count = await countActivity(db, userId, action.metric as ActivityMetric, action.createdAt);
      return [action.id, count] as const;
    }),
  );
  return new Map(counts);
}

async function loadPlan(db: Db, userId: string): Promise<PlanView> {
  const goals = await listGoals(db, userId);
  const actions = await listActionsOfGoals(
    db,
    goals.map((goal) => goal.id),
  );
  return presentPlan(goals, actions, await countProgress(db, userId, actions));
}

/** The member's plan with each action's progress counted from their activity now. */
export const getPlan = (ctx: AppContext, actor: SignedInActor): Promise<PlanView> => loadPlan(ctx.db, actor.userId);

const suggestionOf = (network: NetworkSummaryView): NetworkSuggestionView => ({
  id: network.id,
  name: network.name,
  slug: network.slug,
  purpose: network.purpose,
  joinPolicy: network.joinPolicy,
  memberCount: network.memberCount,
  fit: network.fit,
});

/** Networks from the directory the member could join or apply to, best fit first. */
async function suggestNetworks(
  ctx: AppContext,
  actor: SignedInActor,
  suggest: Suggest,
  profile: { function: string | null; industry: string | null },
): Promise<NetworkSuggestionView[]> {
  const joinable = (network: NetworkSummaryView) =>
    network.viewer.role === null && (network.viewer.abilities.join || network.viewer.abilities.apply);
  const search = async (query: DirectoryQuery) =>
    (await listDirectory(ctx, actor, { sort: 'fit', limit: 25, ...query })).items.filter(joinable);
  let found: NetworkSummaryView[] = [];
  if (suggest === 'my_function' && profile.function) {
    found = await search({ function: profile.function as DirectoryQuery['function'] });
  } else if (suggest === 'other_industries' && profile.industry) {
    const industry = profile.industry;
    const industries = (network: NetworkSummaryView): readonly string[] => network.audience.industries;
    found = (await search({})).filter(
      (network) => industries(network).length > 0 && !industries(network).includes(industry),
    );
  }
  if (found.length === 0) found = await search({});
  return found.slice(0, SUGGESTED_NETWORKS).map(suggestionOf);
}

/**
 * A plan proposed from the two weakest dimensions of the member's latest NQ, with networks from
 * the directory for the actions that ask to join one. Nothing is stored until the member accepts.
 */
export async function proposePlan(ctx: AppContext, actor: SignedInActor): Promise<PlanProposalView> {
  const latest = await findLatestAssessment(ctx.db, actor.userId);
  if (!latest) throw new AppError('not_found', 'Take the NQ assessment first: your plan is built from its result.');
  const instrument = findInstrument(latest.instrumentVersion) ?? currentInstrument();
  const weakest = rankDimensions(instrument, latest.dimensions).slice(0, 2);
  const profile = await getOwnProfile(ctx.db, actor.userId);
  const now = ctx.clock.now();
  const suggestions = new Map<Suggest, Promise<NetworkSuggestionView[]>>();
  const suggested = (suggest: Suggest) => {
    const existing = suggestions.get(suggest);
    if (existing) return existing;
    const pending = suggestNetworks(ctx, actor, suggest, profile);
    suggestions.set(suggest, pending);
    return pending;
  };
  const goals = await Promise.all(
    weakest.map(async (dimension) => {
      const template = PROPOSALS[dimension];
      return {
        dimension,
        title: template.title,
        targetDate: daysFrom(now, template.targetInDays),
        actions: await Promise.all(
          template.actions.map(async (action) => ({
            title: action.title,
            dueDate: daysFrom(now, action.dueInDays),
            metric: action.metric ?? null,
            target: action.metric ? (action.target ?? 1) : null,
            networks: action.suggest ? await suggested(action.suggest) : [],
          })),
        ),
      };
    }),
  );
  return {
    basedOn: { assessmentId: latest.id, overall: latest.overall, createdAt: latest.createdAt, weakest },
    goals,
  };
}

/** When the reminder for a due date goes out: its morning, or now when that has passed today; never for past days. */
function reminderTime(ctx: AppContext, dueDate: string): Date | null {
  const now = ctx.clock.now();
  if (dueDate < dayOf(now)) return null;
  const morning = new Date(`${dueDate}T${String(REMINDER_HOUR_UTC).padStart(2, '0')}:00:00.000Z`);
  return morning.getTime() > now.getTime() ? morning : now;
}

/** The reminder of an action's due date, queued as a step of the write that sets it. */
function* scheduleReminder(ctx: AppContext, action: Pick<PlanAction, 'id' | 'dueDate'>): Work<void> {
  if (action.dueDate === null) return;
  const runAt = reminderTime(ctx, action.dueDate);
  if (!runAt) return;
  yield* ctx.jobs.enqueueIn(
    'plans.reminder',
    { actionId: action.id, dueDate: action.dueDate },
    { runAt, maxAttempts: 3 },
  );
}

/** Deletes goals with their actions (explicitly, so it never depends on cascades being enabled). */
function* deleteGoals(ids: readonly string[]): Work<void> {
  if (ids.length === 0) return;
  yield* run(deleteActionsOfGoals, { goalIds: [...ids] });
  yield* run(deleteGoalsById, { ids: [...ids] });
}

/** A tracked action needs both halves: a metric without a target counts to one; a target alone means nothing. */
const trackingOf = (input: { metric?: ActivityMetric | null; target?: number | null }) =>
  input.metric ? { metric: input.metric, target: input.target ?? 1 } : { metric: null, target: null };

/**
 * Replaces the whole plan with the one given (accepting a proposal, or editing the plan at once).
 * Goals and actions that carry an id keep it, with their creation time, so tracked actions keep
 * counting from when they were first added; ids not in the member's plan are refused.
 */
export async function replacePlan(ctx: AppContext, actor: SignedInActor, body: PlanReplaceBody): Promise<PlanView> {
  const now = ctx.clock.now().toISOString();
  // The plan as it stands is read before the write, which then only writes.
  const existingGoals = await listGoals(ctx.db, actor.userId);
  const existingActions = await listActionsOfGoals(
    ctx.db,
    existingGoals.map((goal) => goal.id),
  );
  const goalsById = new Map(existingGoals.map((goal) => [goal.id, goal]));
  const actionsById = new Map(existingActions.map((action) => [action.id, action]));
  const problems: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  body.goals.forEach((goal, g) => {
    if (goal.id !== undefined && (!goalsById.has(goal.id) || seen.has(goal.id)))
      problems.push({ path: `/goals/${g}/id`, message: 'is not a goal of your plan' });
    if (goal.id) seen.add(goal.id);
    goal.actions.forEach((action, a) => {
      if (action.id !== undefined && (!actionsById.has(action.id) || seen.has(action.id)))
        problems.push({ path: `/goals/${g}/actions/${a}/id`, message: 'is not an action of your plan' });
      if (action.id) seen.add(action.id);
    });
  });
  if (problems.length > 0) {
    throw new AppError('validation_failed', 'The plan names goals or actions that are not yours.', {
      details: problems,
    });
  }

  // Every goal and action of the new plan, in its order, as it will be written.
  const goals: { row: PlanGoal; kept: boolean }[] = [];
  const actions: { row: PlanAction; kept: boolean }[] = [];
  const remind: Pick<PlanAction, 'id' | 'dueDate'>[] = [];
  for (const [position, goal] of body.goals.entries()) {
    const goalId = goal.id ?? newId();
    const fields = { dimension: goal.dimension, title: goal.title.trim(), targetDate: goal.targetDate, position };
    const existingGoal = goal.id ? goalsById.get(goal.id) : undefined;
    if (existingGoal) goals.push({ row: { ...existingGoal, ...fields, updatedAt: now }, kept: true });
    else
      goals.push({
        row: { id: goalId, userId: actor.userId, ...fields, createdAt: now, updatedAt: now },
        kept: false,
      });
    for (const [actionPosition, action] of goal.actions.entries()) {
      const existing = action.id ? actionsById.get(action.id) : undefined;
      const dueDate = action.dueDate ?? null;
      const doneAt =
        action.done === undefined ? (existing?.doneAt ?? null) : action.done ? (existing?.doneAt ?? now) : null;
      const fields = {
        goalId,
        title: action.title.trim(),
        dueDate,
        ...trackingOf(action),
        doneAt,
        position: actionPosition,
      };
      if (existing) {
        actions.push({ row: { ...existing, ...fields, updatedAt: now }, kept: true });
        if (existing.dueDate !== dueDate) remind.push({ id: existing.id, dueDate });
      } else {
        const id = newId();
        actions.push({
          row: { id, userId: actor.userId, ...fields, remindedFor: null, createdAt: now, updatedAt: now },
          kept: false,
        });
        remind.push({ id, dueDate });
      }
    }
  }
  const keptGoals = new Set(goals.filter((goal) => goal.kept).map((goal) => goal.row.id));
  const keptActions = new Set(actions.filter((action) => action.kept).map((action) => action.row.id));
  const droppedActions = existingActions.filter((action) => !keptActions.has(action.id)).map((action) => action.id);
  const droppedGoals = existingGoals.filter((goal) => !keptGoals.has(goal.id)).map((goal) => goal.id);

  await write(ctx.database, function* () {
    // New goals first, so a kept action can move under one; then the kept rows, what goes, the new actions.
    for (const { row, kept } of goals) if (!kept) yield* run(insertGoal, row);
    for (const goal of goals) {
      if (goal.kept) {
        const { id, dimension, title, targetDate, position, updatedAt } = goal.row;
        yield* run(rewriteGoal, { id, dimension, title, targetDate, position, updatedAt });
      }
      for (const { row, kept } of actions) {
        if (!kept || row.goalId !== goal.row.id) continue;
        const { id, goalId, title, dueDate, metric, target, doneAt, position, updatedAt } = row;
        yield* run(rewriteAction, { id, goalId, title, dueDate, metric, target, doneAt, position, updatedAt });
      }
    }
    if (droppedActions.length > 0) yield* run(deleteActionsById, { ids: droppedActions });
    yield* deleteGoals(droppedGoals);
    for (const { row, kept } of actions) if (!kept) yield* run(insertAction, row);
    for (const action of remind) yield* scheduleReminder(ctx, action);
  });
  // Presented from the rows as written, in the plan's order.
  const rows = actions.map((action) => action.row);
  return presentPlan(
    goals.map((goal) => goal.row),
    rows,
    await countProgress(ctx.db, actor.userId, rows),
  );
}

async function getOwnGoal(db: Db, actor: SignedInActor, goalId: string): Promise<PlanGoal> {
  const goal = await findGoal(db, goalId);
  if (!goal) throw notFound('That goal');
  authorize(actor, 'planGoal.read', planPolicies['planGoal.read'], goal);
  return goal;
}

async function getOwnAction(db: Db, actor: SignedInActor, actionId: string): Promise<PlanAction> {
  const action = await findAction(db, actionId);
  if (!action) throw notFound('That action');
  authorize(actor, 'planAction.read', planPolicies['planAction.read'], action);
  return action;
}

export async function updateGoal(
  ctx: AppContext,
  actor: SignedInActor,
  goalId: string,
  body: GoalUpdateBody,
): Promise<PlanView> {
  await getOwnGoal(ctx.db, actor, goalId);
  const edit = {
    id: goalId,
    title: body.title !== undefined ? body.title.trim() : null,
    targetDate: body.targetDate ?? null,
    dimension: body.dimension ?? null,
    updatedAt: ctx.clock.now().toISOString(),
  };
  await write(ctx.database, () => run(editGoal, edit));
  return loadPlan(ctx.db, actor.userId);
}

export async function deleteGoal(ctx: AppContext, actor: SignedInActor, goalId: string): Promise<PlanView> {
  await getOwnGoal(ctx.db, actor, goalId);
  await write(ctx.database, () => deleteGoals([goalId]));
  return loadPlan(ctx.db, actor.userId);
}

export async function addAction(
  ctx: AppContext,
  actor: SignedInActor,
  goalId: string,
  body: ActionCreateBody,
): Promise<PlanActionView> {
  await getOwnGoal(ctx.db, actor, goalId);
  const now = ctx.clock.now().toISOString();
  const row = await write(ctx.database, function* () {
    // Counted in the write, after any action added just before it: the cap and the position hold under concurrent adds.
    const count = Number((yield* first(actionCountOfGoal, { goalId }))?.n ?? 0);
    if (count >= PLAN_ACTIONS_PER_GOAL_MAX) {
      throw new AppError(
        'conflict',
        `A goal holds at most ${PLAN_ACTIONS_PER_GOAL_MAX} actions; finish or remove one first.`,
      );
    }
    const action: PlanAction = {
      id: newId(),
      userId: actor.userId,
      goalId,
      title: body.title.trim(),
      dueDate: body.dueDate ?? null,
      ...trackingOf(body),
      doneAt: null,
      remindedFor: null,
      position: count,
      createdAt: now,
      updatedAt: now,
    };
    yield* run(insertAction, action);
    yield* scheduleReminder(ctx, action);
    return action;
  });
  return presentAction(row, 0);
}

export async function updateAction(
  ctx: AppContext,
  actor: SignedInActor,
  actionId: string,
  body: ActionUpdateBody,
): Promise<PlanActionView> {
  const action = await getOwnAction(ctx.db, actor, actionId);
  const now = ctx.clock.now().toISOString();
  const changes = {
    ...(body.title !== undefined ? { title: body.title.trim() } : {}),
    ...(body.dueDate !== undefined ? { dueDate: body.dueDate } : {}),
    ...(body.done !== undefined ? { doneAt: body.done ? (action.doneAt ?? now) : null } : {}),
    updatedAt: now,
  };
  const edit = {
    id: actionId,
    title: changes.title ?? null,
    setDueDate: 'dueDate' in changes ? 1 : 0,
    dueDate: changes.dueDate ?? null,
    setDoneAt: 'doneAt' in changes ? 1 : 0,
    doneAt: changes.doneAt ?? null,
    updatedAt: now,
  };
  await write(ctx.database, function* () {
    yield* run(editAction, edit);
    if (body.dueDate !== undefined && body.dueDate !== action.dueDate)
      yield* scheduleReminder(ctx, { id: actionId, dueDate: body.dueDate });
  });
  const updated = { ...action, ...changes };
  return presentAction(updated, (await countProgress(ctx.db, actor.userId, [updated])).get(actionId));
}

export async function deleteAction(ctx: AppContext, actor: SignedInActor, actionId: string): Promise<PlanView> {
  await getOwnAction(ctx.db, actor, actionId);
  await write(ctx.database, () => run(deleteActionsById, { ids: [actionId] }));
  return loadPlan(ctx.db, actor.userId);
}

const encodeDueCursor = (action: { dueDate: string; id: string }) =>
  Buffer.from(JSON.stringify([action.dueDate, action.id])).toString('base64url');

function decodeDueCursor(cursor: string | undefined): { dueDate: string; id: string } | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [dueDate, id] = value as unknown[];
      if (typeof dueDate === 'string' && typeof id === 'string') return { dueDate, id };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new AppError('validation_failed', 'That page cursor is not valid; start from the first page.', {
    details: [{ path: 'querystring:/cursor', message: 'is not a cursor this list handed out' }],
  });
}

/** The plan's actions that have a due date, soonest first, with their progress. */
export async function listPlanActions(
  ctx: AppContext,
  actor: SignedInActor,
  query: PlanActionListQuery,
): Promise<PlanActionPage> {
  const limit = query.limit ?? 25;
  const rows = await listDatedActions(ctx.db, actor.userId, { after: decodeDueCursor(query.cursor), limit });
  const page = rows.slice(0, limit);
  const counted = await countProgress(ctx.db, actor.userId, page);
  const last = page.at(-1);
  return {
    items: page.map((row) => presentAction(row, counted.get(row.id))),
    nextCursor: rows.length > limit && last?.dueDate ? encodeDueCursor({ dueDate: last.dueDate, id: last.id }) : null,
  };
}

/**
 * The `plans.reminder` job: tells the member an action is due today, unless it is done, gone, or
 * moved to another day since. Idempotent: the reminder for a due date is marked in the same
 * transaction as its notification, and a second run finds it marked.
 */
export async function remindAction(ctx: AppContext, actionId: string, dueDate: string): Promise<void> {
  const action = await findAction(ctx.db, actionId);
  if (!action || action.dueDate !== dueDate || action.remindedFor === dueDate) return;
  const done = presentAction(action, (await countProgress(ctx.db, action.userId, [action])).get(action.id)).done;
  if (done) return;
  const planned = await planNotifications(ctx, ctx.db, [
    { userId: action.userId, kind: 'plan_action_due', title: `Due today: ${action.title}`, url: '/nq/plan' },
  ]);
  await write(ctx.database, function* (tx) {
    if ((yield* run(markRemindedFor, { id: actionId, dueDate })) === 0) return;
    yield* storeNotifications(ctx, tx, planned);
  });
}
