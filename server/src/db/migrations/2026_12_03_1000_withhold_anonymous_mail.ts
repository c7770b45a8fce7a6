import type { Kysely } from 'kysely';

/*
 * A notification about an anonymous post (caused by one, or addressed to its author) is marked, so
 * that its email is dated to the minute and withheld from the host admin's outbox, and its live
 * event waits for the next whole minute: neither may tie the post to its author.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('notifications')
    .addColumn('about_anonymous_post', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('outbox_messages')
    .addColumn('withheld', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox_messages').dropColumn('withheld').execute();
  await db.schema.alterTable('notifications').dropColumn('about_anonymous_post').execute();
}
