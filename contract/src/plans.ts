import { type Static, Type } from 'typebox';
import { ActivityMetric } from './activity.js';
import { DimensionId } from './assessments.js';
import { Id, Page, PageQuery, Timestamp } from './common.js';
import { JoinPolicy } from './networks.js';

/** A plan stays a short list a person can hold in mind; these caps also bound every plan read. */
export const PLAN_GOALS_MAX = 6;
export const PLAN_ACTIONS_PER_GOAL_MAX = 8;
export const PLAN_TITLE_MAX_LENGTH = 200;
/** The most an activity-tracked action can ask for, e.g. "invite 20 peers". */
export const PLAN_TARGET_MAX = 50;

const Title = Type.String({ minLength: 1, maxLength: PLAN_TITLE_MAX_LENGTH, pattern: '\\S' });
/** A calendar day, `YYYY-MM-DD`; reminders go out on the morning of the day (UTC). */
export const PlanDate = Type.String({ format: 'date' });

export const PlanActionView = Type.Object({
  id: Id,
  goalId: Id,
  title: Type.String(),
  dueDate: Type.Union([PlanDate, Type.Null()]),
  /** The activity that completes the action by itself, counted from when the action was added. */
  metric: Type.Union([ActivityMetric, Type.Null()]),
  /** How much of `metric` completes it. */
  target: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  /** How much of `metric` happened since the action was added, up to `target`. */
  progress: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  done: Type.Boolean(),
  /** `member` when ticked by hand, `activity` when the tracked activity reached its target. */
  completedBy: Type.Union([Type.Enum(['member', 'activity']), Type.Null()]),
  createdAt: Timestamp,
});
export type PlanActionView = Static<typeof PlanActionView>;

export const PlanProgressView = Type.Object({
  done: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
});
export type PlanProgressView = Static<typeof PlanProgressView>;

export const PlanGoalView = Type.Object({
  id: Id,
  dimension: DimensionId,
  title: Type.String(),
  targetDate: PlanDate,
  actions: Type.Array(PlanActionView),
  progress: PlanProgressView,
  createdAt: Timestamp,
});
export type PlanGoalView = Static<typeof PlanGoalView>;

/** The member's networking plan; an empty `goals` list until they accept a proposal. */
export const PlanView = Type.Object({
  goals: Type.Array(PlanGoalView),
  progress: PlanProgressView,
  updatedAt: Type.Union([Timestamp, Type.Null()]),
});
export type PlanView = Static<typeof PlanView>;

/** A network the directory suggests for a "join a network" action. */
export const NetworkSuggestionView = Type.Object({
  id: Id,
  name: Type.String(),
  slug: Type.String(),
  purpose: Type.String(),
  joinPolicy: JoinPolicy,
  memberCount: Type.Integer({ minimum: 0 }),
  fit: Type.Union([Type.Integer(), Type.Null()]),
});
export type NetworkSuggestionView = Static<typeof NetworkSuggestionView>;

export const ProposedActionView = Type.Object({
  title: Type.String(),
  dueDate: PlanDate,
  metric: Type.Union([ActivityMetric, Type.Null()]),
  target: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  /** Networks from the directory that would complete a "join a network" action. */
  networks: Type.Array(NetworkSuggestionView),
});
export type ProposedActionView = Static<typeof ProposedActionView>;

/** A plan proposed from the two weakest dimensions of the member's latest NQ; nothing is stored. */
export const PlanProposalView = Type.Object({
  basedOn: Type.Object({
    assessmentId: Id,
    overall: Type.Integer(),
    createdAt: Timestamp,
    weakest: Type.Array(DimensionId),
  }),
  goals: Type.Array(
    Type.Object({
      dimension: DimensionId,
      title: Type.String(),
      targetDate: PlanDate,
      actions: Type.Array(ProposedActionView),
    }),
  ),
});
export type PlanProposalView = Static<typeof PlanProposalView>;

const ActionFields = {
  title: Title,
  dueDate: Type.Union([PlanDate, Type.Null()]),
  metric: Type.Union([ActivityMetric, Type.Null()]),
  target: Type.Union([Type.Integer({ minimum: 1, maximum: PLAN_TARGET_MAX }), Type.Null()]),
};

export const ActionCreateBody = Type.Object(
  {
    title: ActionFields.title,
    dueDate: Type.Optional(ActionFields.dueDate),
    /** With `target`: the action completes itself when this activity reaches the target. */
    metric: Type.Optional(ActionFields.metric),
    target: Type.Optional(ActionFields.target),
  },
  { additionalProperties: false },
);
export type ActionCreateBody = Static<typeof ActionCreateBody>;

/**
 * The whole plan, as accepted or edited: goals and actions with an `id` keep their identity (and
 * an activity-tracked action keeps counting from when it was first added); the rest are new, and
 * goals or actions left out are removed.
 */
export const PlanReplaceBody = Type.Object(
  {
    goals: Type.Array(
      Type.Object(
        {
          id: Type.Optional(Id),
          dimension: DimensionId,
          title: Title,
          targetDate: PlanDate,
          actions: Type.Array(
            Type.Object(
              {
                id: Type.Optional(Id),
                ...ActionCreateBody.properties,
                done: Type.Optional(Type.Boolean()),
              },
              { additionalProperties: false },
            ),
            { maxItems: PLAN_ACTIONS_PER_GOAL_MAX },
          ),
        },
        { additionalProperties: false },
      ),
      { maxItems: PLAN_GOALS_MAX },
    ),
  },
  { additionalProperties: false },
);
export type PlanReplaceBody = Static<typeof PlanReplaceBody>;

/** The proposal as the plan body that accepts it unchanged. */
export const acceptedProposal = (proposal: PlanProposalView): PlanReplaceBody => ({
  goals: proposal.goals.map((goal) => ({
    dimension: goal.dimension,
    title: goal.title,
    targetDate: goal.targetDate,
    actions: goal.actions.map((action) => ({
      title: action.title,
      dueDate: action.dueDate,
      metric: action.metric,
      target: action.target,
    })),
  })),
});

export const GoalUpdateBody = Type.Object(
  {
    title: Type.Optional(Title),
    targetDate: Type.Optional(PlanDate),
    dimension: Type.Optional(DimensionId),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type GoalUpdateBody = Static<typeof GoalUpdateBody>;

export const ActionUpdateBody = Type.Object(
  {
    title: Type.Optional(Title),
    dueDate: Type.Optional(ActionFields.dueDate),
    /** Ticks or unticks the action by hand; an activity-tracked action also completes itself. */
    done: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ActionUpdateBody = Static<typeof ActionUpdateBody>;

export const GoalParams = Type.Object({ goalId: Id }, { additionalProperties: false });
export type GoalParams = Static<typeof GoalParams>;
export const ActionParams = Type.Object({ actionId: Id }, { additionalProperties: false });
export type ActionParams = Static<typeof ActionParams>;

/** The plan's actions that have a due date, soonest first, for "what is next" lists. */
export const PlanActionPage = Page(PlanActionView);
export type PlanActionPage = Static<typeof PlanActionPage>;
export const PlanActionListQuery = PageQuery;
export type PlanActionListQuery = Static<typeof PlanActionListQuery>;
