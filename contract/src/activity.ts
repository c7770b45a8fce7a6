import { type Static, Type } from 'typebox';
import { DimensionId } from './assessments.js';

/**
 * What a member actually does in Roundtable, counted from the records each feature keeps anyway
 * (never stored a second time). Each metric feeds one or more NQ dimensions. A feature that adds a
 * countable activity (thread replies, helpful marks, pulses answered, meetings attended, resources
 * shared, recommendations given) adds its metric here and its counter in the server's
 * `features/activity/activity.queries.ts`; the compiler asks for both.
 */
export const ACTIVITY_METRICS = [
  {
    id: 'networks_joined',
    label: 'Networks of peers joined',
    unit: { one: 'network joined', other: 'networks joined' },
    dimensions: ['peer', 'breadth'],
  },
  {
    id: 'applications_sent',
    label: 'Applications to join a network',
    unit: { one: 'application sent', other: 'applications sent' },
    dimensions: ['peer'],
  },
  {
    id: 'invitations_sent',
    label: 'Peers invited to a network',
    unit: { one: 'invitation sent', other: 'invitations sent' },
    dimensions: ['reciprocity', 'breadth'],
  },
  {
    id: 'networks_facilitated',
    label: 'Networks you facilitate',
    unit: { one: 'network facilitated', other: 'networks facilitated' },
    dimensions: ['depth', 'reciprocity'],
  },
  {
    id: 'threads_started',
    label: 'Questions and discussions started',
    unit: { one: 'thread started', other: 'threads started' },
    dimensions: ['peer', 'depth'],
  },
  {
    id: 'replies_posted',
    label: 'Replies to your peers',
    unit: { one: 'reply posted', other: 'replies posted' },
    dimensions: ['reciprocity', 'depth'],
  },
  {
    id: 'helpful_marks_given',
    label: 'Replies you marked helpful',
    unit: { one: 'helpful mark given', other: 'helpful marks given' },
    dimensions: ['reciprocity'],
  },
  {
    id: 'pulses_answered',
    label: 'Pulses answered',
    unit: { one: 'pulse answered', other: 'pulses answered' },
    dimensions: ['peer', 'reciprocity'],
  },
  {
    id: 'assessments_taken',
    label: 'NQ assessments taken',
    unit: { one: 'assessment taken', other: 'assessments taken' },
    dimensions: ['upkeep'],
  },
] as const satisfies readonly {
  id: string;
  label: string;
  unit: { one: string; other: string };
  dimensions: readonly DimensionId[];
}[];

export type ActivityMetric = (typeof ACTIVITY_METRICS)[number]['id'];
export const ActivityMetric = Type.Enum(ACTIVITY_METRICS.map((metric) => metric.id) as ActivityMetric[]);

export const activityMetric = (id: ActivityMetric) => {
  const metric = ACTIVITY_METRICS.find((m) => m.id === id);
  if (!metric) throw new Error(`unknown activity metric ${id}`);
  return metric;
};

/** "1 network joined", "3 invitations sent". */
export const describeCount = (id: ActivityMetric, count: number): string => {
  const { unit } = activityMetric(id);
  return `${count} ${count === 1 ? unit.one : unit.other}`;
};

export const ActivitySignalView = Type.Object({
  dimension: DimensionId,
  metrics: Type.Array(Type.Object({ id: ActivityMetric, label: Type.String(), count: Type.Integer({ minimum: 0 }) })),
  /** Plain words on what the counts say; says so when Roundtable measures nothing here yet. */
  summary: Type.String(),
});
export type ActivitySignalView = Static<typeof ActivitySignalView>;

/** "What your activity says", one entry per NQ dimension in instrument order. */
export const ActivityView = Type.Object({ dimensions: Type.Array(ActivitySignalView) });
export type ActivityView = Static<typeof ActivityView>;

export const metricsOfDimension = (dimension: DimensionId): ActivityMetric[] =>
  ACTIVITY_METRICS.filter((metric) => (metric.dimensions as readonly DimensionId[]).includes(dimension)).map(
    (metric) => metric.id,
  );
