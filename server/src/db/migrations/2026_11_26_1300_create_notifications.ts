import type { Kysely } from 'kysely';

/*
 * One row per notification. `email_state` follows an email through the queue (`none` when the
 * member gets it in the app only, `queued`, `sent`, `failed` after the last retry) and
 * `digest_state` marks what waits for the next digest, so a digest finds its rows by index.
 * Preferences are one row per member that changed any; channels per kind are a small JSON text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('url', 'varchar(500)', (c) => c.notNull())
    .addColumn('network_id', 'varchar(36)')
    .addColumn('email_state', 'varchar(10)', (c) => c.notNull())
    .addColumn('digest_state', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('read_at', 'varchar(30)')
    .execute();
  await db.schema
    .createIndex('notifications_user_idx')
    .on('notifications')
    .columns(['user_id', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('notifications_unread_idx').on('notifications').columns(['user_id', 'read_at']).execute();
  await db.schema
    .createIndex('notifications_digest_idx')
    .on('notifications')
    .columns(['digest_state', 'user_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'varchar(36)', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('channels', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('digest_frequency', 'varchar(10)', (c) => c.notNull().defaultTo('daily'))
    .addColumn('digest_hour', 'integer', (c) => c.notNull().defaultTo(8))
    .addColumn('quiet_start', 'integer')
    .addColumn('quiet_end', 'integer')
    .addColumn('include_content', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('unsubscribe_token', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('outbox_messages').addColumn('headers', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox_messages').dropColumn('headers').execute();
  await db.schema.dropTable('notification_preferences').execute();
  await db.schema.dropTable('notifications').execute();
}
