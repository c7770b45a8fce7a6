import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

/*
 * Unsubscribe links used to carry each member's `unsubscribe_token` itself: one link for every kind,
 * valid for ever. Links are now signed with that value, per kind and with an expiry, so it becomes
 * a key and must be one that no email ever carried: every stored value is replaced. The old links
 * stop working, which is the point. Nothing to undo: a new random key is as good as the old.
 */
const BATCH = 500;

export async function up(db: Kysely<unknown>): Promise<void> {
  // Without the app's camel-casing, whatever instance the migrator hands over: rows keep their column names.
  const typed = db.withoutPlugins() as unknown as Kysely<{
    notification_preferences: { user_id: string; unsubscribe_token: string };
  }>;
  let after = '';
  for (;;) {
    const rows = await typed
      .selectFrom('notification_preferences')
      .select('user_id')
      .where('user_id', '>', after)
      .orderBy('user_id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return;
    const keys = rows.map((row) => sql`when ${row.user_id} then ${randomBytes(32).toString('base64url')}`);
    await typed
      .updateTable('notification_preferences')
      .set({ unsubscribe_token: sql<string>`case user_id ${sql.join(keys, sql` `)} end` })
      .where(
        'user_id',
        'in',
        rows.map((row) => row.user_id),
      )
      .execute();
    const last = rows[rows.length - 1]?.user_id;
    if (last === undefined || last <= after) return;
    after = last;
  }
}

export async function down(): Promise<void> {}
