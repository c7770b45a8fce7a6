import { isSignedIn, type Policy } from '../../platform/policy.js';

export const assessmentRoutePolicies = {
  /** The instrument is public: the NQ is the first thing a newcomer can do. */
  'assessments.instrument': () => true,
  /** Anyone may take it; a member's result is stored in their history, a visitor's only returned. */
  'assessments.take': () => true,
  /** History and single results: the service answers only the signed-in member's own. */
  'assessments.own': isSignedIn,
} satisfies Record<string, Policy>;

export type AssessmentSubject = { userId: string };

export const assessmentPolicies = {
  /** A result is its taker's alone: nobody else, host admins included, reads it. */
  'assessment.read': (actor, assessment) => isSignedIn(actor) && actor.userId === assessment.userId,
} satisfies Record<string, Policy<AssessmentSubject>>;
