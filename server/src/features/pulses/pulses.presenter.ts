import { createHash } from 'node:crypto';
import {
  ANTITRUST_MAX_SHARE,
  type Answer,
  type BreakdownGroup,
  type PulseAbilities,
  type PulseView,
  type QuestionResult,
  type QuestionView,
  type ResponseCurve,
} from '@roundtable/contract/pulses';
import type { Pulse } from '../../db/tables.js';
import type { SignedInActor } from '../../platform/policy.js';
import { type PulseAccess, pulsePolicies } from './pulses.policy.js';

/*
 * Results are aggregates and nothing else: no per-respondent rows, no answer times, no minimum or
 * maximum of a number. This file is the only place answers become something a person sees.
 */

export type StoredQuestion = QuestionView;

export const questionsOf = (pulse: Pick<Pulse, 'questions'>): StoredQuestion[] =>
  JSON.parse(pulse.questions) as StoredQuestion[];
export const answersOf = (json: string): Answer[] => JSON.parse(json) as Answer[];

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The p-quantile of sorted values, interpolating between neighbours. */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] ?? 0;
  const high = sorted[upper] ?? low;
  return low + (high - low) * (position - lower);
}

/** One response as the publication rule sees it: what the member answers now, and what results show. */
export type PublicationRow = { id: string; answers: Answer[]; published: Answer[] | null };

const valueKey = (sheet: readonly Answer[] | null, questionId: string): string | undefined => {
  const answer = sheet?.find((candidate) => candidate.questionId === questionId);
  return answer === undefined ? undefined : JSON.stringify(answer.value);
};

/**
 * The batch rule that keeps one member's answer out of sight: a question's published answers
 * change only when at least `threshold` respondents' answers to it differ from what was published
 * (a first answer counts as a change) and publishing them changes what the question shows; then
 * all of those are published together. Nothing else — not a close, a re-open, a hide or an edit —
 * moves a result, so any two results a person sees differ by the answers of at least `threshold`
 * people. (A batch that would show nothing new stays pending: were it published unseen, a later
 * batch that partly undid it could move the result by fewer people than the threshold.)
 *
 * `rows` are the responses that differ from what is published; `settled` the published sheets of
 * all the others (the caller may pass none while fewer rows than the threshold differ, as no batch
 * can then be ready). Returns each row's new published sheet (null while nothing of it is
 * published) and whether it still differs.
 */
export function planPublication(
  questions: readonly StoredQuestion[],
  rows: readonly PublicationRow[],
  settled: readonly Answer[][],
  options: AggregateOptions,
): Map<string, { published: Answer[] | null; isPending: boolean }> {
  const published = new Map(rows.map((row) => [row.id, row.published ? [...row.published] : null]));
  for (const question of questions) {
    const changed = rows.filter((row) => valueKey(row.answers, question.id) !== valueKey(row.published, question.id));
    if (changed.length < options.threshold) continue;
    const shows = (sheets: readonly Answer[][]) => JSON.stringify(aggregateQuestion(question, sheets, options));
    const before = [...settled, ...rows.flatMap((row) => (row.published ? [row.published] : []))];
    const after = [
      ...settled,
      ...rows.flatMap((row) => (changed.includes(row) ? [row.answers] : row.published ? [row.published] : [])),
    ];
    if (shows(before) === shows(after)) continue;
    for (const row of changed) {
      const sheet = (published.get(row.id) ?? []).filter((answer) => answer.questionId !== question.id);
      const current = row.answers.find((answer) => answer.questionId === question.id);
      if (current) sheet.push(current);
      published.set(row.id, sheet);
    }
  }
  const plan = new Map<string, { published: Answer[] | null; isPending: boolean }>();
  for (const row of rows) {
    const sheet = published.get(row.id) ?? null;
    const isPending = questions.some((question) => valueKey(row.answers, question.id) !== valueKey(sheet, question.id));
    plan.set(row.id, { published: sheet, isPending });
  }
  return plan;
}

/** A stable order that says nothing about who wrote a text or when. */
const shuffleKey = (salt: string, text: string) => createHash('sha1').update(`${salt}\n${text}`).digest('hex');

/** What aggregates need besides the answers: the pulse's rules and its threshold. */
export type AggregateOptions = { antitrustSafe: boolean; salt: string; threshold: number };

/** The round width nearest above `raw`: 1, 2 or 5 times a power of ten. */
function niceWidth(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((step) => step * power >= raw) ?? 10) * power;
}

/** Two significant digits: a median of 48,317 reads 48,000 and is no one's exact answer. */
const coarse = (value: number) => Number(value.toPrecision(2));

/**
 * Numbers as a histogram of round-edged bins, each holding at least `threshold` answers (a bin of
 * one answer would say where that answer lies), and — from twice the threshold — the median and
 * quartiles to two significant digits. Never the minimum or the maximum.
 */
function numberResult(question: StoredQuestion, values: number[], options: AggregateOptions): Partial<QuestionResult> {
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + Math.abs(value), 0);
  const unit = question.unit ? { unit: question.unit } : {};
  if (options.antitrustSafe && total > 0 && sorted.some((value) => Math.abs(value) > ANTITRUST_MAX_SHARE * total))
    return {
      withheld: 'One answer is more than a quarter of the total, so this figure is withheld (antitrust-safe mode).',
      ...unit,
    };
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const spread = q3 - q1;
  const isWhole = sorted.every((value) => Number.isInteger(value));
  // Bins span the middle of the answers and a quartile-width either side, on round edges so the
  // edges do not give the quartiles away; outliers fall into the end bins. Never past the
  // question's own bounds: a team size has no bin below zero.
  const low = question.min === null ? q1 - spread : Math.max(question.min, q1 - spread);
  const high = question.max === null ? q3 + spread : Math.min(question.max, q3 + spread);
  const raw = spread === 0 ? Math.max(Math.abs(q1) / 10, isWhole ? 1 : 0.1) : (high - low) / 6;
  const width = Math.max(isWhole ? 1 : 0, niceWidth(raw));
  const from = Math.floor((spread === 0 ? q1 : low) / width) * width;
  const binCount = spread === 0 ? 1 : Math.max(1, Math.ceil((high - from) / width));
  const bins = Array.from({ length: binCount }, (_, index) => ({
    from: round(from + index * width, 6),
    to: round(from + (index + 1) * width, 6),
    count: 0,
  }));
  for (const value of sorted) {
    const bin = bins[Math.min(binCount - 1, Math.max(0, Math.floor((value - from) / width)))];
    if (bin) bin.count += 1;
  }
  const histogram: { from: number; to: number; count: number }[] = [];
  let open: { from: number; to: number; count: number } | undefined;
  for (const bin of bins) {
    open = open ? { from: open.from, to: bin.to, count: open.count + bin.count } : { ...bin };
    if (open.count >= options.threshold) {
      histogram.push(open);
      open = undefined;
    }
  }
  if (open) {
    const last = histogram.pop();
    histogram.push(last ? { from: last.from, to: open.to, count: last.count + open.count } : open);
  }
  const hasQuartiles = sorted.length >= 2 * options.threshold;
  return {
    ...(hasQuartiles ? { median: coarse(quantile(sorted, 0.5)), q1: coarse(q1), q3: coarse(q3) } : {}),
    histogram,
    ...unit,
  };
}

/** One question's aggregates over the given answer sheets. */
export function aggregateQuestion(
  question: StoredQuestion,
  sheets: readonly Answer[][],
  options: AggregateOptions,
): QuestionResult {
  const values = sheets
    .map((sheet) => sheet.find((answer) => answer.questionId === question.id)?.value)
    .filter((value) => value !== undefined);
  const base = { questionId: question.id, type: question.type, prompt: question.prompt, answered: values.length };
  const percent = (count: number) => (values.length === 0 ? 0 : round((count / values.length) * 100, 1));
  switch (question.type) {
    case 'single_choice':
    case 'multiple_choice': {
      const counts = question.options.map(() => 0);
      for (const value of values)
        for (const index of Array.isArray(value) ? value : [value])
          if (typeof index === 'number' && counts[index] !== undefined) counts[index] += 1;
      return {
        ...base,
        options: question.options.map((label, index) => ({
          label,
          count: counts[index] ?? 0,
          percent: percent(counts[index] ?? 0),
        })),
      };
    }
    case 'scale': {
      const numbers = values.filter((value): value is number => typeof value === 'number').sort((a, b) => a - b);
      const low = question.min ?? 1;
      const high = question.max ?? 5;
      const distribution = Array.from({ length: high - low + 1 }, (_, index) => ({
        value: low + index,
        count: numbers.filter((value) => value === low + index).length,
      }));
      return {
        ...base,
        distribution,
        ...(numbers.length > 0
          ? {
              mean: round(numbers.reduce((sum, value) => sum + value, 0) / numbers.length),
              median: quantile(numbers, 0.5),
            }
          : {}),
      };
    }
    case 'number': {
      const numbers = values.filter((value): value is number => typeof value === 'number');
      return { ...base, ...(numbers.length > 0 ? numberResult(question, numbers, options) : {}) };
    }
    case 'text': {
      const texts = values
        .filter((value): value is string => typeof value === 'string')
        .map((text) => text.trim())
        .filter((text) => text !== '');
      return {
        ...base,
        texts: texts.sort((a, b) => shuffleKey(options.salt, a).localeCompare(shuffleKey(options.salt, b))),
      };
    }
  }
}

export const aggregate = (
  questions: readonly StoredQuestion[],
  sheets: readonly Answer[][],
  options: AggregateOptions,
): QuestionResult[] => questions.map((question) => aggregateQuestion(question, sheets, options));

/**
 * Breaks results down by one profile field. A group smaller than the threshold never shows on
 * its own: it joins "Other", and while "Other" is itself too small the smallest named group joins it.
 */
export function breakDown(
  questions: readonly StoredQuestion[],
  sheets: readonly { answers: Answer[]; group: string | null }[],
  threshold: number,
  labelOf: (group: string) => string,
  options: AggregateOptions,
): BreakdownGroup[] {
  const groups = new Map<string, Answer[][]>();
  const other: Answer[][] = [];
  for (const sheet of sheets) {
    if (sheet.group === null) other.push(sheet.answers);
    else groups.set(sheet.group, [...(groups.get(sheet.group) ?? []), sheet.answers]);
  }
  for (const [key, members] of [...groups]) {
    if (members.length < threshold) {
      other.push(...members);
      groups.delete(key);
    }
  }
  while (other.length > 0 && other.length < threshold && groups.size > 0) {
    const [smallest] = [...groups].sort((a, b) => a[1].length - b[1].length);
    if (!smallest) break;
    other.push(...smallest[1]);
    groups.delete(smallest[0]);
  }
  const named = [...groups]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([key, members]) => ({
      label: labelOf(key),
      responseCount: members.length,
      questions: aggregate(questions, members, options),
    }));
  if (other.length === 0) return named;
  if (other.length < threshold) return [];
  return [
    ...named,
    {
      label: named.length === 0 ? 'Everyone' : 'Other',
      responseCount: other.length,
      questions: aggregate(questions, other, options),
    },
  ];
}

/** How answers arrived: cumulative per hour since the pulse opened, for the asker. */
export function responseCurve(openedAt: string, firstAnswers: readonly string[], until: string): ResponseCurve {
  const start = Date.parse(openedAt);
  const hours = Math.min(14 * 24, Math.max(1, Math.ceil((Date.parse(until) - start) / 3_600_000)));
  const offsets = firstAnswers.map((at) => Date.parse(at) - start).sort((a, b) => a - b);
  const hourly = Array.from(
    { length: hours },
    (_, hour) => offsets.filter((offset) => offset < (hour + 1) * 3_600_000).length,
  );
  const first = offsets[0];
  return {
    hourly,
    minutesToFirstAnswer: first === undefined ? null : Math.round(first / 60_000),
    answersWithin48Hours: offsets.filter((offset) => offset <= 48 * 3_600_000).length,
  };
}

export function presentPulse(
  pulse: Pulse,
  details: {
    actor: SignedInActor;
    access: PulseAccess;
    networks: { id: string; slug: string; name: string }[];
    asker: { id: string; name: string; avatarUrl: string | null };
    ownAnswers: Answer[] | null;
  },
): PulseView {
  const { actor, access } = details;
  const can = (action: keyof typeof pulsePolicies) => pulsePolicies[action](actor, access);
  const abilities: PulseAbilities = {
    answer: can('pulse.answer'),
    decline: can('pulse.decline'),
    viewResults: can('pulse.viewResults'),
    breakDown: can('pulse.breakDown'),
    close: can('pulse.close'),
    extend: can('pulse.extend'),
    reopen: can('pulse.reopen'),
    hide: can('pulse.hide'),
  };
  const isAsker = pulse.askerId === actor.userId;
  return {
    id: pulse.id,
    title: pulse.title,
    context: pulse.context,
    networks: details.networks,
    asker: details.asker,
    questions: questionsOf(pulse),
    status:
      pulse.hiddenAt !== null ? 'hidden' : pulse.closedAt === null && access.now < pulse.closesAt ? 'open' : 'closed',
    createdAt: pulse.createdAt,
    closesAt: pulse.closesAt,
    closedAt: pulse.closedAt ?? (access.now >= pulse.closesAt ? pulse.closesAt : null),
    threshold: pulse.threshold,
    anonymous: pulse.anonymous === 1,
    antitrustSafe: pulse.antitrustSafe === 1,
    resultsVisibility: pulse.resultsVisibility,
    extended: pulse.extended === 1,
    audienceSize: pulse.audienceSize,
    responseCount: pulse.responseCount,
    declinedCount: pulse.declinedCount,
    hiddenReason: pulse.hiddenAt !== null && (isAsker || abilities.hide) ? pulse.hiddenReason : null,
    viewer: {
      isAsker,
      state: access.recipientState ?? 'not_asked',
      answers: details.ownAnswers,
    },
    abilities,
  };
}
