import { type Kysely, SqliteAdapter, sql } from 'kysely';

const isSqlite = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof SqliteAdapter;

/*
 * Discussions. A thread keeps its `last_position` (replies ever posted, deleted ones included) so
 * a reply takes the next position in its thread's transaction and unread state is one
 * subtraction against `thread_reads`. The feed orders by (pinned, last_activity_at, id) from one
 * index per network. Moderation actions and author reveals go to `moderation_log`, which only
 * host admins read. Anonymous posts get random (not time-ordered) ids; see threads.service.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('networks')
    .addColumn('experience_protocol', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('threads')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('author_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(12)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_activity_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('resolved_reply_id', 'varchar(36)')
    .addColumn('locked_at', 'varchar(30)')
    .addColumn('hidden_at', 'varchar(30)')
    .addColumn('hidden_reason', 'varchar(500)')
    .addColumn('deleted_at', 'varchar(30)')
    .addColumn('edited_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('threads_feed_idx')
    .on('threads')
    .columns(['network_id', 'pinned', 'last_activity_at', 'id'])
    .execute();
  await db.schema
    .createIndex('threads_kind_idx')
    .on('threads')
    .columns(['network_id', 'kind', 'pinned', 'last_activity_at', 'id'])
    .execute();
  await db.schema
    .createIndex('threads_author_idx')
    .on('threads')
    .columns(['author_id', 'network_id', 'pinned', 'last_activity_at', 'id'])
    .execute();

  await db.schema
    .createTable('replies')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('thread_id', 'varchar(36)', (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('quote_reply_id', 'varchar(36)')
    .addColumn('helpful_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('nudged_at', 'varchar(30)')
    .addColumn('hidden_at', 'varchar(30)')
    .addColumn('hidden_reason', 'varchar(500)')
    .addColumn('deleted_at', 'varchar(30)')
    .addColumn('edited_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('replies_position_idx')
    .on('replies')
    .columns(['thread_id', 'position'])
    .unique()
    .execute();
  await db.schema.createIndex('replies_author_idx').on('replies').columns(['author_id', 'created_at']).execute();

  await db.schema
    .createTable('post_revisions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('thread_id', 'varchar(36)', (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('reply_id', 'varchar(36)')
    .addColumn('title', 'varchar(200)')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('post_revisions_post_idx')
    .on('post_revisions')
    .columns(['thread_id', 'reply_id'])
    .execute();

  await db.schema
    .createTable('helpful_marks')
    .addColumn('reply_id', 'varchar(36)', (c) => c.notNull().references('replies.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('helpful_marks_pk', ['reply_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('helpful_marks_user_idx')
    .on('helpful_marks')
    .columns(['user_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('thread_reads')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('thread_id', 'varchar(36)', (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('read_position', 'integer', (c) => c.notNull())
    .addColumn('read_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('thread_reads_pk', ['user_id', 'thread_id'])
    .execute();

  await db.schema
    .createTable('post_flags')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('thread_id', 'varchar(36)', (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('reply_id', 'varchar(36)')
    .addColumn('flagged_by', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('resolved_by', 'varchar(36)')
    .addColumn('resolved_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('post_flags_queue_idx')
    .on('post_flags')
    .columns(['network_id', 'status', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('moderation_log')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('action', 'varchar(20)', (c) => c.notNull())
    .addColumn('thread_id', 'varchar(36)')
    .addColumn('reply_id', 'varchar(36)')
    .addColumn('reason', 'varchar(500)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('moderation_log_time_idx').on('moderation_log').columns(['created_at', 'id']).execute();

  if (isSqlite(db)) {
    await sql`create virtual table threads_fts using fts5(title, body, content='threads', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2')`.execute(
      db,
    );
    await sql`create trigger threads_fts_insert after insert on threads begin
      insert into threads_fts(rowid, title, body) values (new.rowid, new.title, new.body);
    end`.execute(db);
    await sql`create trigger threads_fts_delete after delete on threads begin
      insert into threads_fts(threads_fts, rowid, title, body) values ('delete', old.rowid, old.title, old.body);
    end`.execute(db);
    await sql`create trigger threads_fts_update after update of title, body on threads begin
      insert into threads_fts(threads_fts, rowid, title, body) values ('delete', old.rowid, old.title, old.body);
      insert into threads_fts(rowid, title, body) values (new.rowid, new.title, new.body);
    end`.execute(db);
  } else {
    await sql`alter table threads add column search tsvector generated always as (to_tsvector('english', title || ' ' || body)) stored`.execute(
      db,
    );
    await sql`create index threads_search_idx on threads using gin (search)`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) {
    await sql`drop trigger threads_fts_update`.execute(db);
    await sql`drop trigger threads_fts_delete`.execute(db);
    await sql`drop trigger threads_fts_insert`.execute(db);
    await sql`drop table threads_fts`.execute(db);
  }
  for (const table of [
    'moderation_log',
    'post_flags',
    'thread_reads',
    'helpful_marks',
    'post_revisions',
    'replies',
    'threads',
  ])
    await db.schema.dropTable(table).execute();
  await db.schema.alterTable('networks').dropColumn('experience_protocol').execute();
}
