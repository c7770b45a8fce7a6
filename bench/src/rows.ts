import type { Insertable } from 'kysely';
import type { Trx } from '../../server/src/db/database.js';
import type { Tables } from '../../server/src/db/tables.js';
import type { Random } from './random.js';

/** What every table group of the generator shares: the clock, batching and weighted draws. */

export const DAY_MS = 24 * 60 * 60 * 1000;
// Rows are dated before a fixed moment, so a seed always writes the same rows whatever the day.
export const ANCHOR_MS = Date.parse('2026-11-01T00:00:00.000Z');
// 500 rows × at most 21 columns stays far below SQLite's 32,766 bound variables and PostgreSQL's 65,535.
const BATCH_ROWS = 500;

export type Account = { id: string; name: string; email: string; createdMs: number };

/** A table's rows and insert time; a few lines report a step that is not one table (building rows). */
export type TableReport = { table: keyof Tables | `${keyof Tables} (${string})`; rows: number; ms: number };

export const iso = (ms: number) => new Date(ms).toISOString();

export async function insertInBatches<T extends keyof Tables>(trx: Trx, table: T, rows: Insertable<Tables[T]>[]) {
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + BATCH_ROWS))
      .execute();
  }
}

/** Inserts one table's rows and reports how many and how long, as the generator prints them. */
export async function insertReported<T extends keyof Tables>(
  reports: TableReport[],
  trx: Trx,
  table: T,
  rows: Insertable<Tables[T]>[],
  extraMs = 0,
): Promise<void> {
  const started = performance.now();
  await insertInBatches(trx, table, rows);
  reports.push({ table, rows: rows.length, ms: performance.now() - started + extraMs });
}

export const weighted = <T>(random: Random, items: readonly (readonly [T, number])[]): T => {
  let roll = random.next() * items.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  const last = items[items.length - 1];
  if (!last) throw new Error('Cannot pick from an empty list.');
  return last[0];
};

// Earlier entries of each list are more common (a Zipf-like tail), so filters see realistic skew.
export const zipf = <T extends { id: string }>(list: readonly T[]) =>
  list.map((option, index) => [option.id, 1 / (index + 1) ** 0.8] as const);
