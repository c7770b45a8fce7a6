import { type Static, Type } from 'typebox';
import { Id, PageQuery, Timestamp } from './common.js';
import { CompanySize, Industry, JobFunction, Level, Region } from './profiles.js';

export const PULSE_TITLE_MAX_LENGTH = 160;
export const PULSE_CONTEXT_MAX_LENGTH = 4_000;
export const PROMPT_MAX_LENGTH = 300;
export const OPTION_MAX_LENGTH = 120;
export const TEXT_ANSWER_MAX_LENGTH = 1_000;
export const QUESTIONS_MAX = 10;
export const OPTIONS_MAX = 10;
/** Results show once at least this many answered; never fewer. */
export const THRESHOLD_MIN = 3;
export const THRESHOLD_DEFAULT = 5;
/** The antitrust-safe mode's floor, after the usual safe-harbour rules. */
export const ANTITRUST_THRESHOLD_MIN = 5;
/** In the antitrust-safe mode no single answer may be more than this share of a figure. */
export const ANTITRUST_MAX_SHARE = 0.25;
export const DEFAULT_DURATION_MS = 48 * 3_600_000;
export const MIN_DURATION_MS = 3_600_000;
export const MAX_DURATION_MS = 14 * 24 * 3_600_000;
/** The reminder goes out when a quarter of the time is left. */
export const REMINDER_AT_SHARE = 0.75;

export const ANTITRUST_REMINDER =
  'Ask about the past, not future plans: what you paid, offered or decided, never what you will charge or intend to do. Results need at least five answers and hide any figure one answer dominates.';

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

export const QuestionType = Type.Enum(['single_choice', 'multiple_choice', 'scale', 'number', 'text']);
export type QuestionType = Static<typeof QuestionType>;

export const QUESTION_TYPES = [
  { id: 'single_choice', label: 'One choice' },
  { id: 'multiple_choice', label: 'Several choices' },
  { id: 'scale', label: 'Scale' },
  { id: 'number', label: 'Number' },
  { id: 'text', label: 'Short text' },
] as const;

/**
 * One question. Choices need 2–10 `options`; a scale runs from 1 to `max` (5 or 10) with optional
 * end `labels`; a number may carry a `unit` (e.g. "EUR", "people", "%") and bounds.
 */
export const QuestionBody = Type.Object(
  {
    type: QuestionType,
    prompt: Text(PROMPT_MAX_LENGTH),
    options: Type.Optional(Type.Array(Text(OPTION_MAX_LENGTH), { minItems: 2, maxItems: OPTIONS_MAX })),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    unit: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    labels: Type.Optional(
      Type.Object(
        { min: Type.String({ maxLength: 40 }), max: Type.String({ maxLength: 40 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type QuestionBody = Static<typeof QuestionBody>;

export const PulseAudienceFilter = Type.Object(
  {
    levels: Type.Optional(Type.Array(Level, { minItems: 1, uniqueItems: true })),
    functions: Type.Optional(Type.Array(JobFunction, { minItems: 1, uniqueItems: true })),
    industries: Type.Optional(Type.Array(Industry, { minItems: 1, uniqueItems: true })),
    companySizes: Type.Optional(Type.Array(CompanySize, { minItems: 1, uniqueItems: true })),
    regions: Type.Optional(Type.Array(Region, { minItems: 1, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type PulseAudienceFilter = Static<typeof PulseAudienceFilter>;

export const ResultsVisibility = Type.Enum(['after_answer', 'after_close']);
export type ResultsVisibility = Static<typeof ResultsVisibility>;

export const PulseCreateBody = Type.Object(
  {
    title: Text(PULSE_TITLE_MAX_LENGTH),
    context: Type.String({ maxLength: PULSE_CONTEXT_MAX_LENGTH }),
    questions: Type.Array(QuestionBody, { minItems: 1, maxItems: QUESTIONS_MAX }),
    /** Between one hour and 14 days from now; 48 hours when left out. */
    closesAt: Type.Optional(Timestamp),
    threshold: Type.Optional(Type.Integer({ minimum: THRESHOLD_MIN, maximum: 1000 })),
    /** Answers are never linked to a person; when false the asker also sees who answered (not what). */
    anonymous: Type.Optional(Type.Boolean()),
    audience: Type.Optional(PulseAudienceFilter),
    /** Also ask these networks of yours, in one pulse with one set of results. */
    alsoNetworkIds: Type.Optional(Type.Array(Id, { maxItems: 10, uniqueItems: true })),
    /** Prices, wages or terms: at least five answers, no dominant figure, declared competitors left out. */
    antitrustSafe: Type.Optional(Type.Boolean()),
    excludeCompetitors: Type.Optional(Type.Boolean()),
    resultsVisibility: Type.Optional(ResultsVisibility),
  },
  { additionalProperties: false },
);
export type PulseCreateBody = Static<typeof PulseCreateBody>;

export const PulseParams = Type.Object({ pulseId: Id }, { additionalProperties: false });
export type PulseParams = Static<typeof PulseParams>;

export const QuestionView = Type.Object({
  id: Id,
  type: QuestionType,
  prompt: Type.String(),
  options: Type.Array(Type.String()),
  min: Type.Union([Type.Number(), Type.Null()]),
  max: Type.Union([Type.Number(), Type.Null()]),
  unit: Type.Union([Type.String(), Type.Null()]),
  labels: Type.Union([Type.Object({ min: Type.String(), max: Type.String() }), Type.Null()]),
});
export type QuestionView = Static<typeof QuestionView>;

/** An answer's value: an option index, several indexes, a number or a text. */
export const AnswerValue = Type.Union([
  Type.Integer({ minimum: 0 }),
  Type.Array(Type.Integer({ minimum: 0 }), { maxItems: OPTIONS_MAX, uniqueItems: true }),
  Type.Number(),
  Type.String({ maxLength: TEXT_ANSWER_MAX_LENGTH }),
]);
export type AnswerValue = Static<typeof AnswerValue>;

export const Answer = Type.Object({ questionId: Id, value: AnswerValue }, { additionalProperties: false });
export type Answer = Static<typeof Answer>;

export const ResponseBody = Type.Object(
  { answers: Type.Array(Answer, { minItems: 1, maxItems: QUESTIONS_MAX }) },
  { additionalProperties: false },
);
export type ResponseBody = Static<typeof ResponseBody>;

export const PulseStatus = Type.Enum(['open', 'closed', 'hidden']);
export type PulseStatus = Static<typeof PulseStatus>;

export const PulseAbilities = Type.Object({
  answer: Type.Boolean(),
  decline: Type.Boolean(),
  viewResults: Type.Boolean(),
  breakDown: Type.Boolean(),
  close: Type.Boolean(),
  extend: Type.Boolean(),
  reopen: Type.Boolean(),
  hide: Type.Boolean(),
});
export type PulseAbilities = Static<typeof PulseAbilities>;

export const PulseView = Type.Object({
  id: Id,
  title: Type.String(),
  context: Type.String(),
  networks: Type.Array(Type.Object({ id: Id, slug: Type.String(), name: Type.String() })),
  asker: Type.Object({ id: Id, name: Type.String(), avatarUrl: Type.Union([Type.String(), Type.Null()]) }),
  questions: Type.Array(QuestionView),
  status: PulseStatus,
  createdAt: Timestamp,
  closesAt: Timestamp,
  closedAt: Type.Union([Timestamp, Type.Null()]),
  threshold: Type.Integer(),
  anonymous: Type.Boolean(),
  antitrustSafe: Type.Boolean(),
  resultsVisibility: ResultsVisibility,
  extended: Type.Boolean(),
  /** How many members were asked. */
  audienceSize: Type.Integer({ minimum: 0 }),
  responseCount: Type.Integer({ minimum: 0 }),
  declinedCount: Type.Integer({ minimum: 0 }),
  hiddenReason: Type.Union([Type.String(), Type.Null()]),
  viewer: Type.Object({
    isAsker: Type.Boolean(),
    /** 'waiting' when the viewer was asked and has not answered. */
    state: Type.Enum(['waiting', 'answered', 'declined', 'missed', 'not_asked']),
    /** The viewer's own answers, to edit until the deadline. */
    answers: Type.Union([Type.Array(Answer), Type.Null()]),
  }),
  abilities: PulseAbilities,
});
export type PulseView = Static<typeof PulseView>;

export const PulsePage = Type.Object({
  items: Type.Array(PulseView),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type PulsePage = Static<typeof PulsePage>;

export const PulseBox = Type.Enum(['waiting', 'asked', 'answered', 'all']);
export type PulseBox = Static<typeof PulseBox>;

export const MyPulsesQuery = Type.Object(
  { ...PageQuery.properties, box: Type.Optional(PulseBox) },
  { additionalProperties: false },
);
export type MyPulsesQuery = Static<typeof MyPulsesQuery>;

export const BREAKDOWN_FIELDS = [
  { id: 'companySize', label: 'Company size' },
  { id: 'region', label: 'Region' },
  { id: 'industry', label: 'Industry' },
] as const;
export const BreakdownField = Type.Enum(['companySize', 'region', 'industry']);
export type BreakdownField = Static<typeof BreakdownField>;

export const ResultsQuery = Type.Object({ by: Type.Optional(BreakdownField) }, { additionalProperties: false });
export type ResultsQuery = Static<typeof ResultsQuery>;

const Count = Type.Integer({ minimum: 0 });

/** Aggregates of one question; which fields are present depends on its type. */
export const QuestionResult = Type.Object({
  questionId: Id,
  type: QuestionType,
  prompt: Type.String(),
  answered: Count,
  /** Choices: one entry per option, in the question's order. */
  options: Type.Optional(Type.Array(Type.Object({ label: Type.String(), count: Count, percent: Type.Number() }))),
  /** Scales: how many chose each value from 1 to max. */
  distribution: Type.Optional(Type.Array(Type.Object({ value: Type.Integer(), count: Count }))),
  mean: Type.Optional(Type.Number()),
  median: Type.Optional(Type.Number()),
  /** Numbers: first and third quartiles; never the minimum or maximum, which would expose one answer. */
  q1: Type.Optional(Type.Number()),
  q3: Type.Optional(Type.Number()),
  /** Numbers: counts per bin for a histogram, bins between the quartile-based bounds. */
  histogram: Type.Optional(Type.Array(Type.Object({ from: Type.Number(), to: Type.Number(), count: Count }))),
  unit: Type.Optional(Type.String()),
  /** Text answers, shuffled and unattributed. */
  texts: Type.Optional(Type.Array(Type.String())),
  /** Why a figure is withheld, e.g. one answer dominates it (antitrust-safe mode). */
  withheld: Type.Optional(Type.String()),
});
export type QuestionResult = Static<typeof QuestionResult>;

export const BreakdownGroup = Type.Object({
  /** The group's label, or "Other" for the groups too small to show alone. */
  label: Type.String(),
  responseCount: Count,
  questions: Type.Array(QuestionResult),
});
export type BreakdownGroup = Static<typeof BreakdownGroup>;

export const ResponseCurve = Type.Object({
  /** Cumulative answers at the end of each hour since the pulse opened. */
  hourly: Type.Array(Count),
  minutesToFirstAnswer: Type.Union([Type.Integer(), Type.Null()]),
  answersWithin48Hours: Count,
});
export type ResponseCurve = Static<typeof ResponseCurve>;

export const PulseResults = Type.Object({
  responseCount: Count,
  threshold: Type.Integer(),
  /** False below the threshold: then only the count is given. */
  visible: Type.Boolean(),
  /** While the pulse is open, results cover answers in steps of the threshold, so one new answer never shows alone. */
  includedCount: Type.Optional(Count),
  questions: Type.Optional(Type.Array(QuestionResult)),
  breakdown: Type.Optional(Type.Object({ by: BreakdownField, groups: Type.Array(BreakdownGroup) })),
  /** The asker's view of how answers arrived. */
  curve: Type.Optional(ResponseCurve),
  /** Who answered (not what), for an asker whose pulse is not anonymous. */
  respondents: Type.Optional(Type.Array(Type.String())),
});
export type PulseResults = Static<typeof PulseResults>;

export const PulseDeadlineBody = Type.Object({ closesAt: Timestamp }, { additionalProperties: false });
export type PulseDeadlineBody = Static<typeof PulseDeadlineBody>;

export const PulseModerationBody = Type.Union([
  Type.Object(
    { action: Type.Literal('hide'), reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }) },
    { additionalProperties: false },
  ),
  Type.Object({ action: Type.Literal('unhide') }, { additionalProperties: false }),
]);
export type PulseModerationBody = Static<typeof PulseModerationBody>;
