import { type Static, Type } from 'typebox';
import { Id, Page, Timestamp } from './common.js';

/*
 * The Networking Quotient (NQ) instrument and its scoring, versioned together: a stored result
 * names the instrument version it was taken with, and is always read back with that version's
 * scoring and advice. Scoring is documented in docs/nq-scoring.md; change both in one commit.
 */

export const DIMENSION_IDS = ['breadth', 'depth', 'diversity', 'reciprocity', 'peer', 'upkeep'] as const;
export type DimensionId = (typeof DIMENSION_IDS)[number];
export const DimensionId = Type.Enum(DIMENSION_IDS);

export const BAND_IDS = ['developing', 'capable', 'strong', 'exceptional'] as const;
export type BandId = (typeof BAND_IDS)[number];
export const BandId = Type.Enum(BAND_IDS);

export type InstrumentItem = { id: string; text: string; dimension: DimensionId; reverse: boolean };

export type DimensionAdvice = {
  /** One plain sentence on what a low score here means. */
  summary: string;
  /** Concrete next steps, most useful first. */
  steps: readonly string[];
};

export type InstrumentDefinition = {
  version: number;
  /** Agreement scale: 1 = strongly disagree … 5 = strongly agree. */
  scale: readonly { value: number; label: string }[];
  dimensions: readonly { id: DimensionId; name: string; description: string; weight: number }[];
  items: readonly InstrumentItem[];
  /** Lower edges, highest first: a score at or above `min` is in the band. */
  bands: readonly { id: BandId; name: string; min: number }[];
  advice: Record<DimensionId, DimensionAdvice>;
};

const SCALE = [
  { value: 1, label: 'Strongly disagree' },
  { value: 2, label: 'Disagree' },
  { value: 3, label: 'Neither' },
  { value: 4, label: 'Agree' },
  { value: 5, label: 'Strongly agree' },
] as const;

/** Version 1: 24 statements, four per dimension, one of each four reverse-scored. */
const INSTRUMENT_V1: InstrumentDefinition = {
  version: 1,
  scale: SCALE,
  dimensions: [
    {
      id: 'breadth',
      name: 'Breadth',
      description: 'How many relationships you have, and how far beyond your own team they reach.',
      weight: 0.1,
    },
    {
      id: 'depth',
      name: 'Depth and trust',
      description: 'Relationships close enough that people answer fast and speak candidly.',
      weight: 0.2,
    },
    {
      id: 'diversity',
      name: 'Diversity',
      description: 'People at other levels, in other functions, industries and organisations.',
      weight: 0.1,
    },
    {
      id: 'reciprocity',
      name: 'Reciprocity',
      description: 'Giving help, knowledge and introductions, not only asking for them.',
      weight: 0.2,
    },
    {
      id: 'peer',
      name: 'Peer-to-peer engagement',
      description: 'Belonging to, and really using, a network of true peers who face problems like yours.',
      weight: 0.25,
    },
    {
      id: 'upkeep',
      name: 'Upkeep',
      description: 'Keeping in touch deliberately, not only when you need something.',
      weight: 0.15,
    },
  ],
  items: [
    {
      id: 'breadth-1',
      dimension: 'breadth',
      reverse: false,
      text: 'I have contacts in more than a handful of organisations whom I could call this week.',
    },
    {
      id: 'breadth-2',
      dimension: 'breadth',
      reverse: false,
      text: 'When a new challenge comes up, I can usually name someone outside my team who has faced it.',
    },
    {
      id: 'breadth-3',
      dimension: 'breadth',
      reverse: true,
      text: 'Almost everyone I talk to about work is in my own company.',
    },
    {
      id: 'breadth-4',
      dimension: 'breadth',
      reverse: false,
      text: 'I meet someone new in my field at least once a month.',
    },
    {
      id: 'depth-1',
      dimension: 'depth',
      reverse: false,
      text: 'There are peers I would trust with a confidential problem.',
    },
    {
      id: 'depth-2',
      dimension: 'depth',
      reverse: false,
      text: 'Several of my contacts would answer a request from me within a day.',
    },
    {
      id: 'depth-3',
      dimension: 'depth',
      reverse: true,
      text: 'Most of my professional relationships never go beyond small talk.',
    },
    {
      id: 'depth-4',
      dimension: 'depth',
      reverse: false,
      text: 'I know my closest contacts’ current priorities well enough to help them.',
    },
    {
      id: 'diversity-1',
      dimension: 'diversity',
      reverse: false,
      text: 'My network includes people at levels both above and below my own.',
    },
    {
      id: 'diversity-2',
      dimension: 'diversity',
      reverse: false,
      text: 'I regularly exchange ideas with people in functions other than mine.',
    },
    {
      id: 'diversity-3',
      dimension: 'diversity',
      reverse: false,
      text: 'I know people in other industries who would gladly help me.',
    },
    {
      id: 'diversity-4',
      dimension: 'diversity',
      reverse: true,
      text: 'The people I turn to for advice mostly think the way I do.',
    },
    {
      id: 'reciprocity-1',
      dimension: 'reciprocity',
      reverse: false,
      text: 'I share what I know with others without waiting to be asked.',
    },
    {
      id: 'reciprocity-2',
      dimension: 'reciprocity',
      reverse: false,
      text: 'In the past three months I introduced two people who could help each other.',
    },
    {
      id: 'reciprocity-3',
      dimension: 'reciprocity',
      reverse: true,
      text: 'I mostly reach out to my network when I need something.',
    },
    {
      id: 'reciprocity-4',
      dimension: 'reciprocity',
      reverse: false,
      text: 'People come to me for advice and introductions.',
    },
    {
      id: 'peer-1',
      dimension: 'peer',
      reverse: false,
      text: 'I belong to a group of true peers who face problems like mine.',
    },
    {
      id: 'peer-2',
      dimension: 'peer',
      reverse: false,
      text: 'Before a tough decision, I put the question to my peers.',
    },
    {
      id: 'peer-3',
      dimension: 'peer',
      reverse: false,
      text: 'I answer my peers’ questions and polls promptly.',
    },
    {
      id: 'peer-4',
      dimension: 'peer',
      reverse: true,
      text: 'I have nobody at my own level with whom I can speak candidly.',
    },
    {
      id: 'upkeep-1',
      dimension: 'upkeep',
      reverse: false,
      text: 'I keep in touch with important contacts even when I need nothing from them.',
    },
    {
      id: 'upkeep-2',
      dimension: 'upkeep',
      reverse: false,
      text: 'I set aside time in my calendar for my network.',
    },
    {
      id: 'upkeep-3',
      dimension: 'upkeep',
      reverse: true,
      text: 'I often lose touch with people once a project or job ends.',
    },
    {
      id: 'upkeep-4',
      dimension: 'upkeep',
      reverse: false,
      text: 'I follow up within a week after meeting someone new.',
    },
  ],
  bands: [
    { id: 'exceptional', name: 'Exceptional', min: 80 },
    { id: 'strong', name: 'Strong', min: 60 },
    { id: 'capable', name: 'Capable', min: 40 },
    { id: 'developing', name: 'Developing', min: 0 },
  ],
  advice: {
    breadth: {
      summary: 'Your circle is small or close to home, so many problems have nobody to take them to.',
      steps: [
        'Join a network of peers outside your own company.',
        'Invite a colleague you value to Roundtable, and meet the people they bring.',
        'Meet one new person in your field every month.',
      ],
    },
    depth: {
      summary: 'You know people, but few well enough to call on them for a candid answer fast.',
      steps: [
        'Bring one real, confidential problem to a peer group and let them probe it.',
        'Book a one-to-one with a peer you would like to know better.',
        'Join a network that meets regularly, so trust has time to grow.',
      ],
    },
    diversity: {
      summary: 'Your advice comes from people much like you, so blind spots go unchallenged.',
      steps: [
        'Join a network whose members come from other industries.',
        'Ask someone in another function how they would handle your current challenge.',
        'Seek out a peer at a different level — someone more and someone less senior.',
      ],
    },
    reciprocity: {
      summary: 'You ask more than you give, and networks answer those who give first.',
      steps: [
        'Invite a peer who would benefit from a network you belong to.',
        'Share one process or template you built with your peers.',
        'Introduce two people who could help each other this month.',
      ],
    },
    peer: {
      summary: 'You have no group of true peers yet, or you rarely use the one you have.',
      steps: [
        'Join a network of peers in your function and level.',
        'Put your next hard question to your peers before deciding alone.',
        'Answer your peers’ questions and pulses within 48 hours.',
      ],
    },
    upkeep: {
      summary: 'Relationships fade between needs, so they are cold when you need them.',
      steps: [
        'Block thirty minutes a week for your network in your calendar.',
        'Reconnect with three people you have lost touch with.',
        'Retake the NQ in three months to see what changed.',
      ],
    },
  },
};

/** Every instrument version ever published; results keep the version they were taken with. */
export const INSTRUMENTS: Readonly<Record<number, InstrumentDefinition>> = { 1: INSTRUMENT_V1 };
export const CURRENT_INSTRUMENT_VERSION = 1;

export function findInstrument(version: number): InstrumentDefinition | undefined {
  return Object.hasOwn(INSTRUMENTS, version) ? INSTRUMENTS[version] : undefined;
}

export function currentInstrument(): InstrumentDefinition {
  const instrument = findInstrument(CURRENT_INSTRUMENT_VERSION);
  if (!instrument) throw new Error(`instrument version ${CURRENT_INSTRUMENT_VERSION} is missing`);
  return instrument;
}

export type DimensionScores = Record<DimensionId, number>;

export type Score = {
  overall: number;
  band: BandId;
  dimensions: DimensionScores;
  /** The two lowest dimensions, lowest first; a tie goes to the heavier weight, then instrument order. */
  weakest: [DimensionId, DimensionId];
};

/** The value an answer counts for: reverse items are flipped (1 ↔ 5, 2 ↔ 4). */
export const itemValue = (item: Pick<InstrumentItem, 'reverse'>, answer: number): number =>
  item.reverse ? 6 - answer : answer;

/** The band a score falls in: the highest band whose lower edge it reaches. */
export function bandOf(instrument: InstrumentDefinition, overall: number): BandId {
  return (
    (instrument.bands.find((band) => overall >= band.min) ?? instrument.bands[instrument.bands.length - 1])?.id ??
    'developing'
  );
}

/**
 * Dimension order for advice and plans: lowest score first; on a tie the dimension with the
 * greater weight (improving it lifts the NQ more), then the instrument's order.
 */
export function rankDimensions(instrument: InstrumentDefinition, dimensions: DimensionScores): DimensionId[] {
  const order = instrument.dimensions.map((d) => d.id);
  const weight = new Map(instrument.dimensions.map((d) => [d.id, d.weight]));
  return [...order].sort(
    (a, b) =>
      dimensions[a] - dimensions[b] ||
      (weight.get(b) ?? 0) - (weight.get(a) ?? 0) ||
      order.indexOf(a) - order.indexOf(b),
  );
}

/** The overall NQ and band from (already rounded) dimension scores. */
export function overallOf(instrument: InstrumentDefinition, dimensions: DimensionScores): number {
  const weighted = instrument.dimensions.reduce((sum, d) => sum + d.weight * dimensions[d.id], 0);
  // Weights are decimals: round away the binary noise before rounding half up to a whole point.
  return Math.round(Math.round(weighted * 1000) / 1000);
}

/**
 * Scores a complete answer sheet (every item answered 1–5; the caller validates): each dimension
 * is the mean of its items after reverse items are flipped, rescaled linearly so 1 → 0 and 5 → 100,
 * rounded half up to a whole number; the overall NQ is the weighted sum of those, rounded the same.
 */
export function scoreAnswers(instrument: InstrumentDefinition, answers: Readonly<Record<string, number>>): Score {
  const dimensions = {} as DimensionScores;
  for (const dimension of instrument.dimensions) {
    const items = instrument.items.filter((item) => item.dimension === dimension.id);
    const total = items.reduce((sum, item) => sum + itemValue(item, answers[item.id] ?? 0), 0);
    const mean = total / items.length;
    dimensions[dimension.id] = Math.round(Math.round(((mean - 1) / 4) * 100 * 1000) / 1000);
  }
  const overall = overallOf(instrument, dimensions);
  const [first, second] = rankDimensions(instrument, dimensions);
  if (!first || !second) throw new Error('an instrument needs at least two dimensions');
  return { overall, band: bandOf(instrument, overall), dimensions, weakest: [first, second] };
}

export type AnswerProblem = { path: string; message: string };

/** Everything wrong with an answer sheet, each naming its item; empty when it can be scored. */
export function checkAnswers(
  instrument: InstrumentDefinition,
  answers: Readonly<Record<string, unknown>>,
): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  const known = new Set(instrument.items.map((item) => item.id));
  for (const item of instrument.items) {
    const answer = answers[item.id];
    if (answer === undefined) problems.push({ path: `/answers/${item.id}`, message: 'is not answered' });
    else if (typeof answer !== 'number' || !Number.isInteger(answer) || answer < 1 || answer > 5)
      problems.push({ path: `/answers/${item.id}`, message: 'must be a whole number from 1 to 5' });
  }
  for (const id of Object.keys(answers)) {
    if (!known.has(id))
      problems.push({
        path: `/answers/${id}`,
        message: `is not a statement of instrument version ${instrument.version}`,
      });
  }
  return problems;
}

// API shapes

export const InstrumentView = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  items: Type.Array(
    Type.Object({ id: Type.String(), text: Type.String(), dimension: DimensionId, reverse: Type.Boolean() }),
  ),
  dimensions: Type.Array(
    Type.Object({
      id: DimensionId,
      name: Type.String(),
      description: Type.String(),
      /** Share of the overall NQ, 0–1; the weights add up to 1. */
      weight: Type.Number(),
    }),
  ),
  scale: Type.Array(Type.Object({ value: Type.Integer(), label: Type.String() })),
  bands: Type.Array(Type.Object({ id: BandId, name: Type.String(), min: Type.Integer() })),
});
export type InstrumentView = Static<typeof InstrumentView>;

const ITEM_ID_PATTERN = '^[a-z0-9-]{1,40}$';

export const AssessmentCreateBody = Type.Object(
  {
    instrumentVersion: Type.Integer({ minimum: 1 }),
    /** Every statement of the instrument, by id, answered 1 (strongly disagree) to 5 (strongly agree). */
    answers: Type.Record(Type.String({ pattern: ITEM_ID_PATTERN }), Type.Integer({ minimum: 1, maximum: 5 }), {
      maxProperties: 100,
    }),
    /**
     * When a visitor took it before signing up: the time the browser computed the result, within
     * the last 30 days. Defaults to now.
     */
    takenAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type AssessmentCreateBody = Static<typeof AssessmentCreateBody>;

export const AdviceView = Type.Object({
  dimension: DimensionId,
  name: Type.String(),
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  summary: Type.String(),
  steps: Type.Array(Type.String()),
});
export type AdviceView = Static<typeof AdviceView>;

const DimensionScore = Type.Integer({ minimum: 0, maximum: 100 });
// Spelled out rather than built from DIMENSION_IDS, so the web bundle can drop it (and TypeBox) when unused.
export const DimensionScoresView = Type.Object({
  breadth: DimensionScore,
  depth: DimensionScore,
  diversity: DimensionScore,
  reciprocity: DimensionScore,
  peer: DimensionScore,
  upkeep: DimensionScore,
});

/** A result. `id` is null for a visitor's result, which is computed and returned but not stored. */
export const AssessmentView = Type.Object({
  id: Type.Union([Id, Type.Null()]),
  instrumentVersion: Type.Integer(),
  overall: Type.Integer({ minimum: 0, maximum: 100 }),
  band: BandId,
  dimensions: DimensionScoresView,
  /** What to do about the two weakest dimensions, weakest first. */
  advice: Type.Array(AdviceView),
  createdAt: Timestamp,
  /** True when the result is stored in the member's history. */
  saved: Type.Boolean(),
});
export type AssessmentView = Static<typeof AssessmentView>;

export const AssessmentPage = Page(AssessmentView);
export type AssessmentPage = Static<typeof AssessmentPage>;

export const AssessmentParams = Type.Object({ assessmentId: Id }, { additionalProperties: false });
export type AssessmentParams = Static<typeof AssessmentParams>;

/** How long a visitor's result may wait in the browser before it can no longer be saved. */
export const PENDING_RESULT_MAX_AGE_DAYS = 30;
