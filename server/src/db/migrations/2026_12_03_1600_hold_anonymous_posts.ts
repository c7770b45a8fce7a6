import type { Kysely } from 'kysely';

/*
 * An anonymous thread or reply is held until the next whole minute: only its author sees it, and a
 * held reply has no position yet (a negative placeholder keeps the unique index), so neither a poll
 * nor an order against its author's signed posts can time it finer than its minute. A job publishes
 * it at the minute, numbering the reply then.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('threads').addColumn('held_until', 'varchar(30)').execute();
  await db.schema.alterTable('replies').addColumn('held_until', 'varchar(30)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('replies').dropColumn('held_until').execute();
  await db.schema.alterTable('threads').dropColumn('held_until').execute();
}
