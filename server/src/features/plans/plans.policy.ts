import { isSignedIn, type Policy } from '../../platform/policy.js';

export const planRoutePolicies = {
  /** Every plan route acts on the signed-in member's own plan; the service checks each goal and action. */
  'plan.own': isSignedIn,
} satisfies Record<string, Policy>;

export type PlanSubject = { userId: string };

/** A plan is private to its member: anyone else's goal or action answers not_found. */
export const planPolicies = {
  'planGoal.read': (actor, goal) => isSignedIn(actor) && actor.userId === goal.userId,
  'planAction.read': (actor, action) => isSignedIn(actor) && actor.userId === action.userId,
} satisfies Record<string, Policy<PlanSubject>>;
