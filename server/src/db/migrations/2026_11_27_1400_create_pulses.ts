import type { Kysely } from 'kysely';

/*
 * Pulses. Who was asked is fixed when the pulse is published (`pulse_recipients`, one row per
 * member with their state), so the inbox is one index range per member and the counts on the
 * pulse row are kept in step inside the same transactions. A response row holds one member's
 * answers as JSON; nothing that reads results ever selects its `user_id`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pulses')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('asker_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'varchar(160)', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull())
    .addColumn('questions', 'text', (c) => c.notNull())
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    .addColumn('antitrust_safe', 'integer', (c) => c.notNull())
    .addColumn('results_visibility', 'varchar(12)', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('audience_size', 'integer', (c) => c.notNull())
    .addColumn('response_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('declined_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('extended', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('closes_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('closed_at', 'varchar(30)')
    .addColumn('hidden_at', 'varchar(30)')
    .addColumn('hidden_reason', 'varchar(500)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pulses_asker_idx').on('pulses').columns(['asker_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('pulse_networks')
    .addColumn('pulse_id', 'varchar(36)', (c) => c.notNull().references('pulses.id').onDelete('cascade'))
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('pulse_networks_pk', ['pulse_id', 'network_id'])
    .execute();
  await db.schema
    .createIndex('pulse_networks_feed_idx')
    .on('pulse_networks')
    .columns(['network_id', 'created_at', 'pulse_id'])
    .execute();

  await db.schema
    .createTable('pulse_recipients')
    .addColumn('pulse_id', 'varchar(36)', (c) => c.notNull().references('pulses.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('state', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('pulse_recipients_pk', ['pulse_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('pulse_recipients_inbox_idx')
    .on('pulse_recipients')
    .columns(['user_id', 'state', 'created_at', 'pulse_id'])
    .execute();
  await db.schema
    .createIndex('pulse_recipients_all_idx')
    .on('pulse_recipients')
    .columns(['user_id', 'created_at', 'pulse_id'])
    .execute();
  await db.schema
    .createIndex('pulse_recipients_state_idx')
    .on('pulse_recipients')
    .columns(['pulse_id', 'state'])
    .execute();

  await db.schema
    .createTable('pulse_responses')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('pulse_id', 'varchar(36)', (c) => c.notNull().references('pulses.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('pulse_responses_member_idx')
    .on('pulse_responses')
    .columns(['pulse_id', 'user_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('pulse_responses_order_idx')
    .on('pulse_responses')
    .columns(['pulse_id', 'position'])
    .unique()
    .execute();

  await db.schema.alterTable('moderation_log').addColumn('pulse_id', 'varchar(36)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('moderation_log').dropColumn('pulse_id').execute();
  for (const table of ['pulse_responses', 'pulse_recipients', 'pulse_networks', 'pulses'])
    await db.schema.dropTable(table).execute();
}
