import {
  ACTIVITY_METRICS,
  type ActivityMetric,
  type ActivityView,
  activityMetric,
  describeCount,
  metricsOfDimension,
} from '@roundtable/contract/activity';
import { currentInstrument, type DimensionId } from '@roundtable/contract/assessments';
import type { Db } from '../../db/database.js';
import type { AppContext } from '../../platform/context.js';
import type { SignedInActor } from '../../platform/policy.js';
import { countAssessments } from '../assessments/assessments.service.js';
import { countPulsesAnswered } from '../pulses/pulses.service.js';
import { countHelpfulMarksGiven, countRepliesPosted, countThreadsStarted } from '../threads/threads.service.js';
import {
  countApplicationsSent,
  countInvitationsSent,
  countNetworksFacilitated,
  countNetworksJoined,
} from './activity.queries.js';

type Counter = (db: Db, userId: string, since: string | null) => Promise<number>;

/**
 * The one place activity is counted. Each metric of the contract's `ACTIVITY_METRICS` has its
 * counter here, reading the records its own feature keeps (never a copy): a new metric does not
 * compile until it has one. Plans count from an action's creation, signals count everything.
 */
const counters: Record<ActivityMetric, Counter> = {
  networks_joined: countNetworksJoined,
  applications_sent: countApplicationsSent,
  invitations_sent: countInvitationsSent,
  networks_facilitated: countNetworksFacilitated,
  threads_started: countThreadsStarted,
  replies_posted: countRepliesPosted,
  helpful_marks_given: countHelpfulMarksGiven,
  pulses_answered: countPulsesAnswered,
  assessments_taken: countAssessments,
};

/** How much of one activity the member did since a time (ISO), or ever with null. */
export const countActivity = (db: Db, userId: string, metric: ActivityMetric, since: string | null): Promise<number> =>
  counters[metric](db, userId, since);

function summaryOf(dimension: DimensionId, counts: { id: ActivityMetric; count: number }[]): string {
  if (counts.length === 0) {
    return dimension === 'diversity'
      ? 'Roundtable cannot see this one yet: how varied your contacts are shows outside it. Your own answers are the guide.'
      : 'Roundtable records nothing for this yet; your own answers are the guide.';
  }
  const active = counts.filter((c) => c.count > 0);
  if (active.length === 0) return 'No activity here yet.';
  return `You have ${active.map((c) => describeCount(c.id, c.count)).join(' and ')}.`;
}

/** "What your activity says": every metric counted once, then grouped by the dimensions it feeds. */
export async function getActivitySignals(ctx: AppContext, actor: SignedInActor): Promise<ActivityView> {
  const totals = new Map(
    await Promise.all(
      ACTIVITY_METRICS.map(
        async (metric) => [metric.id, await countActivity(ctx.db, actor.userId, metric.id, null)] as const,
      ),
    ),
  );
  return {
    dimensions: currentInstrument().dimensions.map(({ id }) => {
      const metrics = metricsOfDimension(id).map((metricId) => ({
        id: metricId,
        label: activityMetric(metricId).label,
        count: totals.get(metricId) ?? 0,
      }));
      return { dimension: id, metrics, summary: summaryOf(id, metrics) };
    }),
  };
}
