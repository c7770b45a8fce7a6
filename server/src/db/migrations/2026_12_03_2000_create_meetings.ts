import type { Kysely } from 'kysely';

/*
 * Meetings. A series is kept as its RRULE and its wall-clock start in its time zone; its
 * occurrences are rows of `meetings` (a series is bounded: it must end, within 500 occurrences), so
 * an occurrence can be moved or cancelled on its own, lists are one index range, and every
 * occurrence has its own stable calendar UID. `starts_at`/`ends_at` are UTC; `local_start` keeps
 * the wall-clock time the facilitator chose, so a series stays at 09:00 local across DST changes.
 *
 * Members' issues wait in their network's queue (`meeting_id` null) until a facilitator puts them
 * on a meeting's agenda; an issue not processed goes back to the queue, marked as carried over.
 *
 * A calendar feed is found by the hash of its secret token, never by the token itself.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('networks').addColumn('time_zone', 'varchar(64)').execute();
  await db.schema
    .alterTable('networks')
    .addColumn('meeting_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('networks').addColumn('missed_meetings_alert', 'integer').execute();
  await db.schema.alterTable('networks').addColumn('meeting_protocol', 'text').execute();

  await db.schema
    .createTable('meeting_series')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('rrule', 'varchar(500)', (c) => c.notNull())
    .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
    .addColumn('local_start', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('meetings')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('series_id', 'varchar(36)', (c) => c.references('meeting_series.id').onDelete('set null'))
    .addColumn('title', 'varchar(160)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
    .addColumn('local_start', 'varchar(16)', (c) => c.notNull())
    .addColumn('format', 'varchar(10)', (c) => c.notNull())
    .addColumn('location', 'varchar(300)')
    .addColumn('video_url', 'varchar(500)')
    .addColumn('capacity', 'integer')
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('cancel_reason', 'varchar(500)')
    .addColumn('moved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('going_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('agenda_published_at', 'varchar(30)')
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('meetings_network_idx')
    .on('meetings')
    .columns(['network_id', 'starts_at', 'id'])
    .execute();
  await db.schema.createIndex('meetings_series_idx').on('meetings').columns(['series_id', 'starts_at']).execute();

  await db.schema
    .createTable('meeting_participants')
    .addColumn('meeting_id', 'varchar(36)', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('rsvp', 'varchar(10)')
    .addColumn('note', 'varchar(500)')
    .addColumn('answered_at', 'varchar(30)')
    .addColumn('attended', 'integer')
    .addPrimaryKeyConstraint('meeting_participants_pk', ['meeting_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('meeting_participants_user_idx')
    .on('meeting_participants')
    .columns(['user_id', 'meeting_id'])
    .execute();

  await db.schema
    .createTable('meeting_issues')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('author_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'varchar(160)', (c) => c.notNull())
    .addColumn('need', 'varchar(20)', (c) => c.notNull())
    .addColumn('priority', 'varchar(1)', (c) => c.notNull())
    .addColumn('background', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('meeting_id', 'varchar(36)', (c) => c.references('meetings.id').onDelete('set null'))
    .addColumn('position', 'integer')
    .addColumn('minutes', 'integer')
    .addColumn('carried_over', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('meeting_issues_queue_idx')
    .on('meeting_issues')
    .columns(['network_id', 'status', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('meeting_issues_agenda_idx')
    .on('meeting_issues')
    .columns(['meeting_id', 'position'])
    .execute();

  await db.schema
    .createTable('calendar_feeds')
    .addColumn('user_id', 'varchar(36)', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('calendar_feeds').execute();
  await db.schema.dropTable('meeting_issues').execute();
  await db.schema.dropTable('meeting_participants').execute();
  await db.schema.dropTable('meetings').execute();
  await db.schema.dropTable('meeting_series').execute();
  for (const column of ['meeting_protocol', 'missed_meetings_alert', 'meeting_minutes', 'time_zone'])
    await db.schema.alterTable('networks').dropColumn(column).execute();
}
