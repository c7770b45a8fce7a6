import {
  bandOf,
  checkAnswers,
  currentInstrument,
  type DimensionScores,
  itemValue,
  overallOf,
  rankDimensions,
  scoreAnswers,
} from '@roundtable/contract/assessments';
import { describe, expect, it } from 'vitest';

const instrument = currentInstrument();

/** An answer sheet: every statement answered `normal`, reverse-scored ones `reverse`. */
const sheet = (normal: number, reverse = normal) =>
  Object.fromEntries(instrument.items.map((item) => [item.id, item.reverse ? reverse : normal]));

const dims = (value: number, overrides: Partial<DimensionScores> = {}): DimensionScores => ({
  breadth: value,
  depth: value,
  diversity: value,
  reciprocity: value,
  peer: value,
  upkeep: value,
  ...overrides,
});

describe('the instrument', () => {
  it('has 24 statements, four per dimension, one of each four reverse-scored, and weights adding up to 1', () => {
    expect(instrument.items).toHaveLength(24);
    for (const dimension of instrument.dimensions) {
      const items = instrument.items.filter((item) => item.dimension === dimension.id);
      expect(items, dimension.id).toHaveLength(4);
      expect(
        items.filter((item) => item.reverse),
        dimension.id,
      ).toHaveLength(1);
    }
    expect(instrument.dimensions.reduce((sum, d) => sum + d.weight, 0)).toBeCloseTo(1, 10);
    expect(new Set(instrument.items.map((item) => item.id)).size).toBe(24);
  });
});

describe('scoring', () => {
  it('flips reverse-scored answers (1 ↔ 5, 2 ↔ 4, 3 stays)', () => {
    expect([1, 2, 3, 4, 5].map((answer) => itemValue({ reverse: true }, answer))).toEqual([5, 4, 3, 2, 1]);
    expect([1, 2, 3, 4, 5].map((answer) => itemValue({ reverse: false }, answer))).toEqual([1, 2, 3, 4, 5]);
  });

  it('scores a sheet of all 3s as 50 everywhere, capable', () => {
    expect(scoreAnswers(instrument, sheet(3))).toEqual({
      overall: 50,
      band: 'capable',
      dimensions: dims(50),
      // A tie goes to the heavier weight (peer 0.25), then depth before reciprocity (both 0.2) by order.
      weakest: ['peer', 'depth'],
    });
  });

  it('scores "strongly agree" to everything as 75, because each reverse item then counts 1', () => {
    // Per dimension: 5 + 5 + 5 + 1 = 16, mean 4, (4 − 1) / 4 × 100 = 75.
    expect(scoreAnswers(instrument, sheet(5))).toMatchObject({ overall: 75, band: 'strong', dimensions: dims(75) });
  });

  it('scores the best possible sheet 100 (exceptional) and the worst 0 (developing)', () => {
    expect(scoreAnswers(instrument, sheet(5, 1))).toMatchObject({
      overall: 100,
      band: 'exceptional',
      dimensions: dims(100),
    });
    expect(scoreAnswers(instrument, sheet(1, 5))).toMatchObject({
      overall: 0,
      band: 'developing',
      dimensions: dims(0),
    });
  });

  it('scores a mixed sheet as worked out by hand', () => {
    const answers = {
      // breadth: 4, 3, (2 → 4), 2 = 13, mean 3.25 → 56.25 → 56
      'breadth-1': 4,
      'breadth-2': 3,
      'breadth-3': 2,
      'breadth-4': 2,
      // depth: 5, 4, (1 → 5), 4 = 18, mean 4.5 → 87.5 → 88 (half up)
      'depth-1': 5,
      'depth-2': 4,
      'depth-3': 1,
      'depth-4': 4,
      // diversity: 2, 2, 1, (4 → 2) = 7, mean 1.75 → 18.75 → 19
      'diversity-1': 2,
      'diversity-2': 2,
      'diversity-3': 1,
      'diversity-4': 4,
      // reciprocity: 3, 2, (4 → 2), 3 = 10, mean 2.5 → 37.5 → 38
      'reciprocity-1': 3,
      'reciprocity-2': 2,
      'reciprocity-3': 4,
      'reciprocity-4': 3,
      // peer: 1, 2, 3, (5 → 1) = 7, mean 1.75 → 18.75 → 19
      'peer-1': 1,
      'peer-2': 2,
      'peer-3': 3,
      'peer-4': 5,
      // upkeep: 4, 3, (3 → 3), 4 = 14, mean 3.5 → 62.5 → 63
      'upkeep-1': 4,
      'upkeep-2': 3,
      'upkeep-3': 3,
      'upkeep-4': 4,
    };
    // 0.1×56 + 0.2×88 + 0.1×19 + 0.2×38 + 0.25×19 + 0.15×63 = 5.6 + 17.6 + 1.9 + 7.6 + 4.75 + 9.45 = 46.9 → 47
    expect(scoreAnswers(instrument, answers)).toEqual({
      overall: 47,
      band: 'capable',
      dimensions: { breadth: 56, depth: 88, diversity: 19, reciprocity: 38, peer: 19, upkeep: 63 },
      // diversity and peer tie at 19: peer weighs more, so it comes first.
      weakest: ['peer', 'diversity'],
    });
  });

  it('rounds a weighted overall of exactly .5 up, despite binary fractions', () => {
    // 59 everywhere but peer 61: 59 + 0.25 × 2 = 59.5 → 60, which is strong.
    expect(overallOf(instrument, dims(59, { peer: 61 }))).toBe(60);
    expect(overallOf(instrument, dims(59, { upkeep: 62 }))).toBe(59); // 59 + 0.15 × 3 = 59.45
  });

  it('puts each band edge in the higher band', () => {
    const cases: [number, string][] = [
      [0, 'developing'],
      [39, 'developing'],
      [40, 'capable'],
      [59, 'capable'],
      [60, 'strong'],
      [79, 'strong'],
      [80, 'exceptional'],
      [100, 'exceptional'],
    ];
    for (const [overall, band] of cases) expect(bandOf(instrument, overall), String(overall)).toBe(band);
  });

  it('ranks dimensions lowest first', () => {
    expect(
      rankDimensions(instrument, { breadth: 10, depth: 90, diversity: 40, reciprocity: 30, peer: 70, upkeep: 20 }),
    ).toEqual(['breadth', 'upkeep', 'reciprocity', 'diversity', 'peer', 'depth']);
  });
});

describe('checking answers', () => {
  it('accepts a complete sheet', () => {
    expect(checkAnswers(instrument, sheet(3))).toEqual([]);
  });

  it('names each missing, out-of-range and unknown item', () => {
    const { 'peer-4': _missing, ...rest } = sheet(3);
    expect(checkAnswers(instrument, { ...rest, 'depth-1': 6, 'upkeep-2': 2.5, 'made-up': 3 })).toEqual([
      { path: '/answers/depth-1', message: 'must be a whole number from 1 to 5' },
      { path: '/answers/peer-4', message: 'is not answered' },
      { path: '/answers/upkeep-2', message: 'must be a whole number from 1 to 5' },
      { path: '/answers/made-up', message: 'is not a statement of instrument version 1' },
    ]);
  });
});
