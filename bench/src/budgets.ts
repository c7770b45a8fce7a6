import fs from 'node:fs';

/**
 * A budget row of BUDGETS.md, the one source of truth: a bare number is a minimum ratio
 * (higher is better), a number in kB is a maximum size.
 */
export type Budget = { key: string; kind: 'minRatio'; min: number } | { key: string; kind: 'maxKb'; max: number };

export function readBudgets(file: string): Budget[] {
  const budgets: Budget[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const cells = line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((cell) => cell.trim());
    const key = /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    const value = /^(\d+(?:\.\d+)?)\s*(kB)?$/.exec(cells[1] ?? '');
    if (!line.trim().startsWith('|') || !key || !value?.[1]) continue;
    const amount = Number(value[1]);
    budgets.push(value[2] ? { key, kind: 'maxKb', max: amount } : { key, kind: 'minRatio', min: amount });
  }
  if (budgets.length === 0) throw new Error(`${file} holds no budget rows (| \`key\` | 0.25 | why |).`);
  return budgets;
}

export type Verdict = { key: string; budget: string; measured: string; ok: boolean; note?: string };

/**
 * Compares measurements with budgets. A budget without a measurement fails (a renamed scenario
 * must not pass silently), and so does a measurement without a budget, except `skipped` keys.
 */
export function checkBudgets(
  budgets: Budget[],
  measured: Map<string, number>,
  skipped: Map<string, string>,
): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const budget of budgets) {
    const value = measured.get(budget.key);
    const limit = budget.kind === 'minRatio' ? `≥ ${budget.min}` : `≤ ${budget.max} kB`;
    const reason = skipped.get(budget.key);
    if (value === undefined) {
      verdicts.push(
        reason
          ? { key: budget.key, budget: limit, measured: 'skipped', ok: true, note: reason }
          : {
              key: budget.key,
              budget: limit,
              measured: 'missing',
              ok: false,
              note: 'nothing measured under this name',
            },
      );
      continue;
    }
    const ok = budget.kind === 'minRatio' ? value >= budget.min : value <= budget.max;
    const shown = budget.kind === 'minRatio' ? value.toFixed(3) : `${value.toFixed(1)} kB`;
    verdicts.push({ key: budget.key, budget: limit, measured: shown, ok });
  }
  const known = new Set(budgets.map((budget) => budget.key));
  for (const key of measured.keys()) {
    if (!known.has(key)) verdicts.push({ key, budget: 'none', measured: '—', ok: false, note: 'add it to BUDGETS.md' });
  }
  return verdicts;
}
