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

/** A stable order that says nothing about who wrote a text or when. */
const shuffleKey = (salt: string, text: string) => createHash('sha1').update(`${salt}\n${text}`).digest('hex');

function numberResult(question: StoredQuestion, values: number[], antitrustSafe: boolean): Partial<QuestionResult> {
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + Math.abs(value), 0);
  if (antitrustSafe && total > 0 && sorted.some((value) => Math.abs(value) > ANTITRUST_MAX_SHARE * total))
    return {
      withheld: 'One answer is more than a quarter of the total, so this figure is withheld (antitrust-safe mode).',
      ...(question.unit ? { unit: question.unit } : {}),
    };
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const spread = q3 - q1;
  // Bins span the middle of the answers and a quartile-width either side; outliers fall into the
  // end bins, so no bin edge is ever an answer's exact extreme.
  // Never past the question's own bounds: a team size has no bin below zero.
  const from = question.min === null ? q1 - spread : Math.max(question.min, q1 - spread);
  const to = question.max === null ? q3 + spread : Math.min(question.max, q3 + spread);
  const binCount = spread === 0 ? 1 : 6;
  const width = spread === 0 ? 1 : (to - from) / binCount;
  const histogram = Array.from({ length: binCount }, (_, index) => ({
    from: round(spread === 0 ? q1 : from + index * width),
    to: round(spread === 0 ? q3 : from + (index + 1) * width),
    count: 0,
  }));
  for (const value of sorted) {
    const index = spread === 0 ? 0 : Math.min(binCount - 1, Math.max(0, Math.floor((value - from) / width)));
    const bin = histogram[index];
    if (bin) bin.count += 1;
  }
  return {
    median: round(quantile(sorted, 0.5)),
    q1: round(q1),
    q3: round(q3),
    histogram,
    ...(question.unit ? { unit: question.unit } : {}),
  };
}

/** One question's aggregates over the given answer sheets. */
export function aggregateQuestion(
  question: StoredQuestion,
  sheets: readonly Answer[][],
  options: { antitrustSafe: boolean; salt: string },
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
      return { ...base, ...(numbers.length > 0 ? numberResult(question, numbers, options.antitrustSafe) : {}) };
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
  options: { antitrustSafe: boolean; salt: string },
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
  options: { antitrustSafe: boolean; salt: string },
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
