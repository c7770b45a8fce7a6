import type { Answer } from '@roundtable/contract/pulses';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storedQuestion } from '../../test/pulses.js';
import { aggregateQuestion, planPublication } from './pulses.presenter.js';

const question = storedQuestion;
const QUESTIONS = [
  question({ id: 'choice', type: 'single_choice', options: ['Yes', 'No', 'Planning to'] }),
  question({ id: 'scale', type: 'scale', min: 1, max: 5 }),
  question({ id: 'number', type: 'number', unit: 'people', min: 0 }),
  question({ id: 'text', type: 'text' }),
];

const answerFor: Record<string, fc.Arbitrary<Answer['value']>> = {
  choice: fc.integer({ min: 0, max: 2 }),
  scale: fc.integer({ min: 1, max: 5 }),
  number: fc.integer({ min: 0, max: 60 }),
  text: fc.constantFrom('Weekly', 'Monthly', 'Never', 'Ask the bank'),
};
/** A sheet may leave a question out, as an optional question allows. */
const sheet = fc
  .tuple(...QUESTIONS.map((q) => fc.option(answerFor[q.id] ?? fc.constant(0), { nil: undefined })))
  .map((values) =>
    values.flatMap((value, index) => (value === undefined ? [] : [{ questionId: QUESTIONS[index]?.id ?? '', value }])),
  );

type Row = { id: string; answers: Answer[]; published: Answer[] | null; isPending: boolean };

/** Answers and edits by random respondents, the rule applied after each, as the service does. */
function run(threshold: number, steps: readonly { who: number; answers: Answer[] }[]) {
  const rows = new Map<number, Row>();
  const options = { antitrustSafe: false, salt: 'pulse', threshold };
  const observations: { shown: string[]; answers: Map<number, Answer[]> }[] = [];
  for (const step of steps) {
    const row = rows.get(step.who) ?? { id: `r${step.who}`, answers: [], published: null, isPending: true };
    rows.set(step.who, { ...row, answers: step.answers, isPending: true });
    const pending = [...rows.values()].filter((candidate) => candidate.isPending);
    const settled = [...rows.values()].flatMap((candidate) =>
      !candidate.isPending && candidate.published ? [candidate.published] : [],
    );
    const plan = planPublication(QUESTIONS, pending, settled, options);
    for (const [who, candidate] of rows) {
      const next = plan.get(candidate.id);
      if (next) rows.set(who, { ...candidate, published: next.published, isPending: next.isPending });
    }
    const published = [...rows.values()].flatMap((candidate) => (candidate.published ? [candidate.published] : []));
    observations.push({
      shown: QUESTIONS.map((q) => JSON.stringify(aggregateQuestion(q, published, options))),
      answers: new Map([...rows].map(([who, candidate]) => [who, candidate.answers])),
    });
  }
  return observations;
}

const valueIn = (answers: Answer[] | undefined, questionId: string) =>
  JSON.stringify(answers?.find((answer) => answer.questionId === questionId)?.value ?? null);

describe('the batch rule for pulse results', () => {
  it('moves a question’s results only by the changed answers of at least the threshold of respondents, over any sequence', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 5 }),
        fc.array(fc.record({ who: fc.integer({ min: 0, max: 11 }), answers: sheet }), { maxLength: 40 }),
        (threshold, steps) => {
          const observations = run(threshold, steps);
          QUESTIONS.forEach((q, index) => {
            // What each respondent had answered when the observer last saw this question's results move.
            let seenAt = new Map<number, Answer[]>();
            let seen = observations[0]?.shown[index];
            for (const observation of observations) {
              const shown = observation.shown[index];
              if (shown === seen) continue;
              const movers = [...observation.answers].filter(
                ([who, answers]) => valueIn(answers, q.id) !== valueIn(seenAt.get(who), q.id),
              ).length;
              expect(movers, `${q.id} moved by ${movers} respondents`).toBeGreaterThanOrEqual(threshold);
              seen = shown;
              seenAt = observation.answers;
            }
          });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('publishes a first batch at the threshold and holds back fewer', () => {
    const answers = (value: number): Answer[] => [{ questionId: 'choice', value }];
    const observations = run(3, [
      { who: 1, answers: answers(0) },
      { who: 2, answers: answers(1) },
      { who: 3, answers: answers(2) },
      { who: 1, answers: answers(2) },
    ]);
    const counts = (index: number) =>
      (JSON.parse(observations[index]?.shown[0] ?? '{}') as { answered: number }).answered;
    expect([counts(0), counts(1), counts(2), counts(3)]).toEqual([0, 0, 3, 3]);
    expect(observations[3]?.shown[0]).toBe(observations[2]?.shown[0]);
  });
});
