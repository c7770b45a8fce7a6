import type { Answer } from '@roundtable/contract/pulses';
import { describe, expect, it } from 'vitest';
import { storedQuestion } from '../../test/pulses.js';
import { aggregate, aggregateQuestion, breakDown, quantile, responseCurve } from './pulses.presenter.js';

const question = storedQuestion;
const single = question({ id: 'q-single', type: 'single_choice', options: ['Yes', 'No', 'Planning to'] });
const multiple = question({ id: 'q-multiple', type: 'multiple_choice', options: ['Excel', 'Anaplan', 'Adaptive'] });
const scale5 = question({ id: 'q-scale', type: 'scale', min: 1, max: 5 });
const scale10 = question({ id: 'q-scale10', type: 'scale', min: 1, max: 10 });
const number = question({ id: 'q-number', type: 'number', unit: 'people' });
const text = question({ id: 'q-text', type: 'text' });

const plain = { antitrustSafe: false, salt: 'pulse-1', threshold: 3 };
const safe = { antitrustSafe: true, salt: 'pulse-1', threshold: 3 };

/** One sheet per value, each answering only the given question. */
const sheetsOf = (questionId: string, values: Answer['value'][]): Answer[][] =>
  values.map((value) => [{ questionId, value }]);

describe('quantile', () => {
  it.each([
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4], 0.25, 1.75],
    [[1, 2, 3, 4], 0.75, 3.25],
    [[1, 2, 3, 4], 0, 1],
    [[1, 2, 3, 4], 1, 4],
    [[8, 12, 15, 20, 30], 0.5, 15],
    [[8, 12, 15, 20, 30], 0.25, 12],
    [[7], 0.5, 7],
    [[7], 0.25, 7],
  ])('of %o at %s is %s', (sorted, p, expected) => {
    expect(quantile(sorted, p)).toBeCloseTo(expected, 10);
  });

  it('is not a number for no values', () => {
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('choices', () => {
  it('counts each option in the question’s order with percentages of those who answered', () => {
    const result = aggregateQuestion(single, sheetsOf(single.id, [0, 0, 1]), plain);
    expect(result).toEqual({
      questionId: single.id,
      type: 'single_choice',
      prompt: single.prompt,
      answered: 3,
      options: [
        { label: 'Yes', count: 2, percent: 66.7 },
        { label: 'No', count: 1, percent: 33.3 },
        { label: 'Planning to', count: 0, percent: 0 },
      ],
    });
  });

  it('counts several choices per answer, so percentages may add up to more than 100', () => {
    const result = aggregateQuestion(multiple, sheetsOf(multiple.id, [[0, 1], [0], [2], [0, 2]]), plain);
    expect(result.answered).toBe(4);
    expect(result.options).toEqual([
      { label: 'Excel', count: 3, percent: 75 },
      { label: 'Anaplan', count: 1, percent: 25 },
      { label: 'Adaptive', count: 2, percent: 50 },
    ]);
  });

  it('counts only the sheets that answered the question', () => {
    const sheets = [...sheetsOf(single.id, [1, 1]), [{ questionId: text.id, value: 'skipped the choice' }]];
    const result = aggregateQuestion(single, sheets, plain);
    expect(result.answered).toBe(2);
    expect(result.options?.map((option) => option.percent)).toEqual([0, 100, 0]);
  });

  it('gives zero percent, not a division by zero, when nobody answered', () => {
    expect(aggregateQuestion(single, [], plain).options?.map((option) => option.percent)).toEqual([0, 0, 0]);
  });
});

describe('scales', () => {
  it('gives the mean, the median and how many chose each value from 1 to 5', () => {
    const result = aggregateQuestion(scale5, sheetsOf(scale5.id, [4, 5, 2, 4, 3]), plain);
    expect(result).toMatchObject({ answered: 5, mean: 3.6, median: 4 });
    expect(result.distribution).toEqual([
      { value: 1, count: 0 },
      { value: 2, count: 1 },
      { value: 3, count: 1 },
      { value: 4, count: 2 },
      { value: 5, count: 1 },
    ]);
  });

  it('interpolates the median of an even count and rounds the mean to two places', () => {
    const result = aggregateQuestion(scale10, sheetsOf(scale10.id, [1, 2, 2, 10, 9, 7]), plain);
    expect(result).toMatchObject({ mean: 5.17, median: 4.5 });
    expect(result.distribution).toHaveLength(10);
    expect(result.distribution?.map((step) => step.count)).toEqual([1, 2, 0, 0, 0, 0, 1, 0, 1, 1]);
  });

  it('leaves out the mean and median when nobody answered', () => {
    const result = aggregateQuestion(scale5, [], plain);
    expect(result).not.toHaveProperty('mean');
    expect(result).not.toHaveProperty('median');
    expect(result.distribution?.every((step) => step.count === 0)).toBe(true);
  });
});

describe('numbers', () => {
  const values = [12, 20, 8, 15, 30];

  it('withholds the median and quartiles below twice the threshold, so five answers do not give three of them away', () => {
    const result = aggregateQuestion(number, sheetsOf(number.id, values), plain);
    expect(result).toMatchObject({ answered: 5, unit: 'people' });
    for (const field of ['median', 'q1', 'q3', 'min', 'max', 'mean', 'values'])
      expect(result).not.toHaveProperty(field);
  });

  it('gives the median and quartiles to two significant digits from twice the threshold', () => {
    const result = aggregateQuestion(number, sheetsOf(number.id, [...values, 41]), plain);
    expect(result).toMatchObject({ answered: 6, median: 18, q1: 13, q3: 28, unit: 'people' });
  });

  it('bins on round edges with at least the threshold in every bin, so no bin holds a single answer', () => {
    const many = [8, 12, 15, 20, 30, 41, 13, 17, 19, 22, 25, 9];
    const result = aggregateQuestion(number, sheetsOf(number.id, many), plain);
    const bins = result.histogram ?? [];
    expect(bins.length).toBeGreaterThan(1);
    for (const bin of bins) {
      expect(bin.count).toBeGreaterThanOrEqual(plain.threshold);
      expect(Number.isInteger(bin.from) && Number.isInteger(bin.to)).toBe(true);
    }
    expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(many.length);
    expect(aggregateQuestion(number, sheetsOf(number.id, values), plain).histogram).toEqual([
      { from: 0, to: 30, count: 5 },
    ]);
  });

  it('gives a head count whole-number bins, never "29.17 to 35 people"', () => {
    const headCount = question({ id: 'q-head', type: 'number', unit: 'people', min: 0 });
    const result = aggregateQuestion(headCount, sheetsOf(headCount.id, [6, 9, 14, 22, 31, 7, 11, 12, 18, 25]), {
      ...plain,
      threshold: 2,
    });
    for (const bin of result.histogram ?? []) {
      expect(Number.isInteger(bin.from) && Number.isInteger(bin.to)).toBe(true);
      expect(bin.count).toBeGreaterThanOrEqual(2);
    }
  });

  it.each([
    ['spread out', [1, 2, 3, 4, 5, 6, 7, 8, 9, 1000]],
    ['with a far outlier below', [-5000, 10, 11, 12, 13]],
    ['all the same', [5, 5, 5, 5, 5]],
    ['fractional', [0.1, 0.25, 0.3, 0.35, 0.9, 0.91]],
  ])('sums the histogram to the number of answers when %s', (_label, spread) => {
    const result = aggregateQuestion(number, sheetsOf(number.id, spread), plain);
    expect(result.histogram?.reduce((sum, bin) => sum + bin.count, 0)).toBe(spread.length);
  });

  it('keeps the histogram within the question’s own bounds, so a head count has no bin below zero', () => {
    const headCount = question({ id: 'q-head', type: 'number', unit: 'people', min: 0 });
    const result = aggregateQuestion(headCount, sheetsOf(headCount.id, [6, 9, 14, 22, 31]), plain);
    expect(result.histogram?.[0]?.from).toBe(0);
    expect(result.histogram?.reduce((sum, bin) => sum + bin.count, 0)).toBe(5);
  });

  it('draws the histogram from the quartiles alone, so moving the largest answer changes nothing shown', () => {
    const before = aggregateQuestion(number, sheetsOf(number.id, values), plain);
    const after = aggregateQuestion(number, sheetsOf(number.id, [12, 20, 8, 15, 30_000]), plain);
    expect(after).toEqual(before);
  });

  it('gives one bin when the middle answers are all equal', () => {
    const result = aggregateQuestion(number, sheetsOf(number.id, [5, 5, 5, 5, 5, 5]), plain);
    expect(result).toMatchObject({ median: 5, q1: 5, q3: 5, histogram: [{ from: 5, to: 6, count: 6 }] });
  });
});

describe('the antitrust-safe mode', () => {
  it.each([
    ['four equal answers, each exactly a quarter', [25, 25, 25, 25], false],
    ['one answer at exactly a quarter', [25, 15, 20, 20, 20], false],
    ['one answer just above a quarter', [26, 14, 20, 20, 20], true],
    ['one large answer', [1000, 10, 10, 10, 10, 10], true],
    ['a dominant negative answer, by its size', [-60, 10, 10, 10, 10], true],
    ['five equal answers', [10, 10, 10, 10, 10], false],
  ])('with %s withholds the figure: %s', (_label, spread, withheld) => {
    const result = aggregateQuestion(number, sheetsOf(number.id, spread), safe);
    if (withheld) {
      expect(result).toEqual({
        questionId: number.id,
        type: 'number',
        prompt: number.prompt,
        answered: spread.length,
        unit: 'people',
        withheld: expect.stringContaining('more than a quarter'),
      });
    } else {
      expect(result).not.toHaveProperty('withheld');
      expect(result).toHaveProperty('histogram');
    }
  });

  it('shows a dominated figure when the mode is off', () => {
    const result = aggregateQuestion(number, sheetsOf(number.id, [1000, 10, 10, 10, 10, 10]), plain);
    expect(result).not.toHaveProperty('withheld');
    expect(result.median).toBe(10);
  });

  it('withholds nothing but numbers', () => {
    const result = aggregateQuestion(single, sheetsOf(single.id, [0, 0, 0, 0, 1]), safe);
    expect(result).not.toHaveProperty('withheld');
    expect(result.options?.[0]?.count).toBe(4);
  });
});

describe('text answers', () => {
  const tips = ['Weekly cash calls', 'Start simple', 'Own the model', 'Reconcile weekly', 'Involve sales'];

  it('lists every text trimmed and without blanks, in an order independent of arrival', () => {
    const forward = aggregateQuestion(text, sheetsOf(text.id, [...tips, '   ']), plain);
    const backward = aggregateQuestion(
      text,
      sheetsOf(text.id, ['  Involve sales  ', ...tips.slice(0, 4).reverse()]),
      plain,
    );
    expect(forward.texts).toEqual(backward.texts);
    expect([...(forward.texts ?? [])].sort()).toEqual([...tips].sort());
    expect(forward.answered).toBe(6);
  });

  it('does not keep the arrival order', () => {
    const orders = new Set(
      [tips, [...tips].reverse(), [...tips.slice(2), ...tips.slice(0, 2)]].map((arrival) =>
        JSON.stringify(aggregateQuestion(text, sheetsOf(text.id, arrival), plain).texts),
      ),
    );
    expect(orders.size).toBe(1);
    expect(JSON.parse([...orders][0] ?? '[]')).not.toEqual(tips);
  });
});

describe('aggregate', () => {
  it('gives one result per question in the pulse’s order', () => {
    const sheets = [
      [
        { questionId: scale5.id, value: 3 },
        { questionId: single.id, value: 1 },
      ],
    ];
    expect(
      aggregate([single, scale5, text], sheets, plain).map((result) => [result.questionId, result.answered]),
    ).toEqual([
      [single.id, 1],
      [scale5.id, 1],
      [text.id, 0],
    ]);
  });
});

describe('breakDown', () => {
  const label = (group: string) => `Group ${group}`;
  /** Sheets answering the single-choice question, `count` per group (null: no profile field). */
  const grouped = (sizes: [string | null, number][]) =>
    sizes.flatMap(([group, count]) =>
      Array.from({ length: count }, () => ({ answers: [{ questionId: single.id, value: 0 }], group })),
    );
  const shape = (sizes: [string | null, number][], threshold = 3) =>
    breakDown([single], grouped(sizes), threshold, label, plain).map((group) => [group.label, group.responseCount]);

  it.each([
    [
      'shows every group at or above the threshold, largest first',
      [
        ['a', 3],
        ['b', 5],
      ],
      [
        ['Group b', 5],
        ['Group a', 3],
      ],
    ],
    [
      'merges a small group into "Other", which then absorbs the smallest named group',
      [
        ['a', 4],
        ['b', 2],
        ['c', 3],
      ],
      [
        ['Group a', 4],
        ['Other', 5],
      ],
    ],
    [
      'keeps "Other" when it reaches the threshold by itself',
      [
        ['a', 4],
        ['b', 2],
        ['c', 1],
      ],
      [
        ['Group a', 4],
        ['Other', 3],
      ],
    ],
    [
      'puts answers without the field into "Other"',
      [
        ['a', 3],
        [null, 3],
      ],
      [
        ['Group a', 3],
        ['Other', 3],
      ],
    ],
    [
      'never shows one named group beside a small "Other"',
      [
        ['a', 5],
        [null, 1],
      ],
      [['Everyone', 6]],
    ],
    [
      'calls it "Everyone" when every group is small',
      [
        ['a', 2],
        ['b', 2],
        ['c', 2],
      ],
      [['Everyone', 6]],
    ],
    [
      'shows nothing when everything together is below the threshold',
      [
        ['a', 1],
        ['b', 1],
      ],
      [],
    ],
    ['shows nothing without answers', [], []],
  ] as const)('%s', (_label, sizes, expected) => {
    expect(shape(sizes.map(([group, count]) => [group, count]))).toEqual(expected.map(([l, n]) => [l, n]));
  });

  it('aggregates each group over its own answers', () => {
    const sheets = [
      ...Array.from({ length: 3 }, () => ({ answers: [{ questionId: single.id, value: 0 }], group: 'a' })),
      ...Array.from({ length: 3 }, () => ({ answers: [{ questionId: single.id, value: 1 }], group: 'b' })),
    ];
    const groups = breakDown([single], sheets, 3, label, plain);
    expect(groups.map((group) => group.questions[0]?.options?.map((option) => option.count))).toEqual([
      [3, 0, 0],
      [0, 3, 0],
    ]);
  });

  it('never shows a group below the threshold, and accounts for every answer or none', () => {
    // A small deterministic generator, so a failure can be replayed.
    let seed = 42;
    const next = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % below;
    };
    for (let round = 0; round < 300; round += 1) {
      const threshold = 3 + next(5);
      const sizes: [string | null, number][] = Array.from({ length: 1 + next(6) }, (_, index) => [
        index === 0 && next(2) === 0 ? null : `g${index}`,
        1 + next(9),
      ]);
      const total = sizes.reduce((sum, [, count]) => sum + count, 0);
      const groups = breakDown([single], grouped(sizes), threshold, label, plain);
      for (const group of groups) expect(group.responseCount).toBeGreaterThanOrEqual(threshold);
      const shown = groups.reduce((sum, group) => sum + group.responseCount, 0);
      expect(shown, JSON.stringify({ threshold, sizes })).toBe(total < threshold ? 0 : total);
    }
  });
});

describe('responseCurve', () => {
  const opened = '2026-11-25T12:00:00.000Z';
  const at = (minutes: number) => new Date(Date.parse(opened) + minutes * 60_000).toISOString();

  it('counts the answers cumulatively at the end of each hour, whatever order they come in', () => {
    const curve = responseCurve(opened, [at(300), at(30), at(119), at(90)], at(6 * 60));
    expect(curve).toEqual({ hourly: [1, 3, 3, 3, 3, 4], minutesToFirstAnswer: 30, answersWithin48Hours: 4 });
  });

  it('counts an answer at the turn of an hour in the hour that begins', () => {
    expect(responseCurve(opened, [at(60)], at(120)).hourly).toEqual([0, 1]);
  });

  it('counts answers within 48 hours, the deadline included', () => {
    const curve = responseCurve(opened, [at(10), at(48 * 60), at(49 * 60)], at(60 * 60));
    expect(curve.answersWithin48Hours).toBe(2);
    expect(curve.hourly).toHaveLength(60);
    expect(curve.hourly.at(-1)).toBe(3);
  });

  it('has at least one hour and at most fourteen days of hours', () => {
    expect(responseCurve(opened, [], opened)).toEqual({
      hourly: [0],
      minutesToFirstAnswer: null,
      answersWithin48Hours: 0,
    });
    expect(responseCurve(opened, [at(5)], at(30 * 24 * 60)).hourly).toHaveLength(14 * 24);
  });

  it('never decreases', () => {
    const { hourly } = responseCurve(opened, [at(500), at(5), at(61), at(1000), at(62)], at(20 * 60));
    expect(hourly).toEqual([...hourly].sort((a, b) => a - b));
  });
});
