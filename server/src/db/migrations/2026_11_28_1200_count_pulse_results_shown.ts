import type { Kysely } from 'kysely';

/*
 * While a pulse is open its results grow in whole steps of the threshold, so one new answer never
 * shows alone. A closed pulse shows every answer; re-opened, its steps must count on from what it
 * showed when it closed, or the first step after the re-open could add a single answer to a result
 * everyone has seen. `shown_count` keeps that number, set at each close.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('pulses')
    .addColumn('shown_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('pulses').dropColumn('shown_count').execute();
}
