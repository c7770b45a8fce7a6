import fs from 'node:fs';
import { fromCallerDir } from './generate.js';

/**
 * `npm run bench:scaling -- small.json large.json`: issue 8's scaling check from two runs of
 * `npm run bench -- --results FILE` on the same members and networks with different `--posts`.
 * Prints, per scenario in both, each run's ratio to its own ceiling and large ÷ small: near 1 when
 * the scenario's queries are index-backed, falling as the data set grows when one is not.
 */
type Run = {
  parameters: { members: number; posts: number; networks: number; database: string };
  machine: { loadAverageAtStart: number[] };
  scenarios: { key: string; ratio: number; requestsPerSecond: number }[];
  derived: Record<string, number>;
};

const files = process.argv.slice(2).filter((arg) => arg !== '--');
if (files.length !== 2) {
  console.error('usage: npm run bench:scaling -- <small.json> <large.json>   (from `npm run bench -- --results FILE`)');
  process.exit(2);
}
const [small, large] = files.map((file) => JSON.parse(fs.readFileSync(fromCallerDir(file), 'utf8')) as Run);
if (!small || !large) throw new Error('two result files are needed');

const describe = (run: Run) =>
  `${run.parameters.posts.toLocaleString('en-US')} posts (${run.parameters.members.toLocaleString('en-US')} members, ` +
  `${run.parameters.database}, load ${run.machine.loadAverageAtStart[0] ?? '?'})`;
console.info(`small: ${describe(small)}\nlarge: ${describe(large)}\n`);

const ratios = (run: Run) =>
  new Map<string, number>([
    ...run.scenarios.map((scenario) => [scenario.key, scenario.ratio] as const),
    ...Object.entries(run.derived),
  ]);
const smallRatios = ratios(small);
const largeRatios = ratios(large);
const rows = [['scenario', 'small ratio', 'large ratio', 'large ÷ small']];
for (const [key, before] of smallRatios) {
  const after = largeRatios.get(key);
  if (after === undefined || key.endsWith('-vs-first')) continue;
  rows.push([key, before.toFixed(4), after.toFixed(4), before > 0 ? (after / before).toFixed(2) : '—']);
}
const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
for (const row of rows)
  console.info(
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  '),
  );
