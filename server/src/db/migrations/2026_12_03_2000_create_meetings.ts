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
 * A member who offers something on an issue ("I'll send you our process") fulfils it with a file or
 * a link, shared with the presenter only. The presenter's commitments come back, open, at the top
 * of the network's next meeting for a check-in.
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
    .addColumn('run_started_at', 'varchar(30)')
    .addColumn('run_ended_at', 'varchar(30)')
    .addColumn('run_issue_id', 'varchar(36)')
    .addColumn('run_step', 'integer')
    .addColumn('run_step_started_at', 'varchar(30)')
    .addColumn('recap_published_at', 'varchar(30)')
    .addColumn('minutes', 'text')
    .addColumn('reminded_day', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reminded_hour', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('meetings_network_idx')
    .on('meetings')
    .columns(['network_id', 'starts_at', 'id'])
    .execute();
  // The reminder sweep reads the meetings starting within the next day.
  await db.schema.createIndex('meetings_start_idx').on('meetings').columns(['starts_at']).execute();
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
  // A meeting's answers by kind in the order given: the counts and the first members going, without a sort.
  await db.schema
    .createIndex('meeting_participants_answer_idx')
    .on('meeting_participants')
    .columns(['meeting_id', 'rsvp', 'answered_at'])
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
    .createTable('meeting_offers')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('issue_id', 'varchar(36)', (c) => c.notNull().references('meeting_issues.id').onDelete('cascade'))
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('offerer_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('presenter_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('description', 'varchar(500)', (c) => c.notNull())
    .addColumn('due_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('reminded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('link', 'varchar(500)')
    .addColumn('message', 'varchar(2000)')
    .addColumn('file_key', 'varchar(200)')
    .addColumn('file_name', 'varchar(200)')
    .addColumn('file_type', 'varchar(100)')
    .addColumn('file_size', 'integer')
    .addColumn('fulfilled_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('meeting_offers_issue_idx')
    .on('meeting_offers')
    .columns(['issue_id', 'created_at'])
    .execute();
  await db.schema.createIndex('meeting_offers_due_idx').on('meeting_offers').columns(['status', 'due_on']).execute();
  await db.schema
    .createIndex('meeting_offers_offerer_idx')
    .on('meeting_offers')
    .columns(['offerer_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('meeting_offers_presenter_idx')
    .on('meeting_offers')
    .columns(['presenter_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('meeting_commitments')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('issue_id', 'varchar(36)', (c) => c.notNull().references('meeting_issues.id').onDelete('cascade'))
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('text', 'varchar(500)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('made_in_meeting_id', 'varchar(36)', (c) => c.references('meetings.id').onDelete('set null'))
    .addColumn('checked_in_meeting_id', 'varchar(36)', (c) => c.references('meetings.id').onDelete('set null'))
    .addColumn('check_in_note', 'varchar(500)')
    .addColumn('checked_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('meeting_commitments_open_idx')
    .on('meeting_commitments')
    .columns(['network_id', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('meeting_commitments_issue_idx')
    .on('meeting_commitments')
    .columns(['issue_id'])
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
  await db.schema.dropTable('meeting_commitments').execute();
  await db.schema.dropTable('meeting_offers').execute();
  await db.schema.dropTable('meeting_issues').execute();
  await db.schema.dropTable('meeting_participants').execute();
  await db.schema.dropTable('meetings').execute();
  await db.schema.dropTable('meeting_series').execute();
  for (const column of ['meeting_protocol', 'missed_meetings_alert', 'meeting_minutes', 'time_zone'])
    await db.schema.alterTable('networks').dropColumn(column).execute();
}
