import fs from 'node:fs';

/**
 * A budget row of BUDGETS.md, the one source of truth: a bare number is a minimum ratio
 * (higher is better), a number in kB is a maximum size.
 */
export type Budget = { key: string; kind: 'minRatio'; min: number } | { key: string; kind: 'maxKb'; max: number };

/** The heading of BUDGETS.md's section of product targets, kept apart from the regression budgets. */
const TARGETS_HEADING = /^##\s+Targets\b/;

/** The table rows of BUDGETS.md: the budgets, or with `targets` only those under `## Targets`. */
function tableRows(file: string, targets: boolean): string[][] {
  const rows: string[][] = [];
  let inTargets = false;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('## ')) inTargets = TARGETS_HEADING.test(line);
    if (inTargets !== targets || !line.trim().startsWith('|')) continue;
    rows.push(
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

export function readBudgets(file: string): Budget[] {
  const budgets: Budget[] = [];
  for (const cells of tableRows(file, false)) {
    const key = /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    const value = /^(\d+(?:\.\d+)?)\s*(kB)?$/.exec(cells[1] ?? '');
    if (!key || !value?.[1]) continue;
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

/**
 * A product target of BUDGETS.md's `## Targets` section: a bare number is a minimum ratio to the
 * ceiling, `N/s` a minimum of requests per second, `N ms` a maximum p99, `N MB` a maximum server RSS.
 */
export type Target = { key: string; kind: 'minRatio' | 'minPerSecond' | 'maxP99Ms' | 'maxRssMb'; value: number };

export function readTargets(file: string): Target[] {
  const targets: Target[] = [];
  for (const cells of tableRows(file, true)) {
    const key = /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    if (!key) continue;
    for (const part of (cells[1] ?? '').split(';').map((text) => text.trim())) {
      const found = /^([\d,]+(?:\.\d+)?)\s*(\/s|ms|MB)?$/.exec(part);
      if (!found?.[1]) continue;
      const value = Number(found[1].replaceAll(',', ''));
      const kind =
        found[2] === '/s'
          ? 'minPerSecond'
          : found[2] === 'ms'
            ? 'maxP99Ms'
            : found[2] === 'MB'
              ? 'maxRssMb'
              : 'minRatio';
      targets.push({ key, kind, value });
    }
  }
  return targets;
}

export type TargetMeasure = { ratio: number; perSecond: number; p99Ms: number; rssMb: number | null };

/** Compares a run with the targets; `rss` stands for the largest server RSS over the read scenarios. */
export function checkTargets(targets: Target[], measured: Map<string, TargetMeasure>): Verdict[] {
  const writes = new Set(['reply-post', 'pulse-answer']);
  const rss = Math.max(0, ...[...measured].filter(([key]) => !writes.has(key)).map(([, read]) => read.rssMb ?? 0));
  return targets.map((target): Verdict => {
    if (target.kind === 'maxRssMb')
      return { key: target.key, budget: `< ${target.value} MB`, measured: `${rss} MB`, ok: rss < target.value };
    const m = measured.get(target.key);
    if (m === undefined)
      return { key: target.key, budget: 'target', measured: 'missing', ok: false, note: 'not measured in this run' };
    if (target.kind === 'minPerSecond')
      return {
        key: target.key,
        budget: `≥ ${target.value}/s`,
        measured: `${Math.round(m.perSecond)}/s`,
        ok: m.perSecond >= target.value,
      };
    if (target.kind === 'maxP99Ms')
      return {
        key: target.key,
        budget: `p99 < ${target.value} ms`,
        measured: `${m.p99Ms} ms`,
        ok: m.p99Ms < target.value,
      };
    return { key: target.key, budget: `≥ ${target.value}`, measured: m.ratio.toFixed(3), ok: m.ratio >= target.value };
  });
}
