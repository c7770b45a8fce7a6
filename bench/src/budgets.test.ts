import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTargets, readBudgets, readTargets } from './budgets.js';

const budgetsFile = path.join(import.meta.dirname, '..', 'BUDGETS.md');

describe('BUDGETS.md', () => {
  it('keeps the product targets apart from the regression budgets', () => {
    const budgets = readBudgets(budgetsFile);
    const targets = readTargets(budgetsFile);
    expect(budgets.find((budget) => budget.key === 'me')).toMatchObject({ kind: 'minRatio' });
    expect(budgets.some((budget) => budget.key === 'rss')).toBe(false);
    expect(targets).toEqual(
      expect.arrayContaining([
        { key: 'me', kind: 'minRatio', value: 0.2 },
        { key: 'discussions-feed', kind: 'minRatio', value: 0.1 },
        { key: 'discussions-feed', kind: 'maxP99Ms', value: 25 },
        { key: 'reply-post', kind: 'minPerSecond', value: 2000 },
        { key: 'rss', kind: 'maxRssMb', value: 200 },
      ]),
    );
  });

  it('fails a run below a target, above a p99 or RSS ceiling, or without the scenario', () => {
    const verdicts = checkTargets(
      [
        { key: 'me', kind: 'minRatio', value: 0.2 },
        { key: 'discussions-feed', kind: 'maxP99Ms', value: 25 },
        { key: 'reply-post', kind: 'minPerSecond', value: 2000 },
        { key: 'rss', kind: 'maxRssMb', value: 200 },
        { key: 'thread-page', kind: 'minRatio', value: 0.06 },
      ],
      new Map([
        ['me', { ratio: 0.25, perSecond: 9000, p99Ms: 12, rssMb: 180 }],
        ['discussions-feed', { ratio: 0.05, perSecond: 1800, p99Ms: 34, rssMb: 210 }],
        // A write's memory is not a read's: its RSS does not count against the read target.
        ['reply-post', { ratio: 0.04, perSecond: 1428, p99Ms: 67, rssMb: 450 }],
      ]),
    );
    expect(verdicts.map(({ key, ok, measured }) => ({ key, ok, measured }))).toEqual([
      { key: 'me', ok: true, measured: '0.250' },
      { key: 'discussions-feed', ok: false, measured: '34 ms' },
      { key: 'reply-post', ok: false, measured: '1428/s' },
      { key: 'rss', ok: false, measured: '210 MB' },
      { key: 'thread-page', ok: false, measured: 'missing' },
    ]);
  });
});
