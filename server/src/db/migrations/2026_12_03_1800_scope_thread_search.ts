import { type Kysely, SqliteAdapter, sql } from 'kysely';

const isSqlite = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof SqliteAdapter;

/*
 * A network's search used to ask the full-text index for every matching thread of the instance and
 * only then keep its own: the lookup grew with the instance, not the network. The index now holds
 * the network too, so the lookup itself is scoped.
 *
 * SQLite: `threads_fts` gets a `network` column holding one token per network, `hex(network_id)` (a
 * single unicode61 token whatever the id's punctuation; a UUID's dashes would split it into a
 * phrase of five tokens, two of them shared by every network made the same day, which measured
 * twice as slow). Its external content is the view `threads_search`, which derives that token, so
 * FTS5's `rebuild` and `integrity-check` still see the index and its content agree. Moving a
 * thread re-indexes it. FTS5 cannot add a column: the table is made again and rebuilt.
 *
 * PostgreSQL: one GIN index over (network_id, search), through `btree_gin` (a contrib extension,
 * trusted since PostgreSQL 13, so a database owner may create it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) {
    await dropSqliteSearch(db);
    await sql`create view threads_search as select rowid, title, body, hex(network_id) as network from threads`.execute(
      db,
    );
    await sql`create virtual table threads_fts using fts5(title, body, network, content='threads_search', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2')`.execute(
      db,
    );
    await sql`create trigger threads_fts_insert after insert on threads begin
      insert into threads_fts(rowid, title, body, network) values (new.rowid, new.title, new.body, hex(new.network_id));
    end`.execute(db);
    await sql`create trigger threads_fts_delete after delete on threads begin
      insert into threads_fts(threads_fts, rowid, title, body, network) values ('delete', old.rowid, old.title, old.body, hex(old.network_id));
    end`.execute(db);
    await sql`create trigger threads_fts_update after update of title, body, network_id on threads begin
      insert into threads_fts(threads_fts, rowid, title, body, network) values ('delete', old.rowid, old.title, old.body, hex(old.network_id));
      insert into threads_fts(rowid, title, body, network) values (new.rowid, new.title, new.body, hex(new.network_id));
    end`.execute(db);
    await sql`insert into threads_fts(threads_fts) values ('rebuild')`.execute(db);
  } else {
    await sql`create extension if not exists btree_gin`.execute(db);
    await sql`create index threads_network_search_idx on threads using gin (network_id, search)`.execute(db);
    await sql`drop index threads_search_idx`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) {
    await dropSqliteSearch(db);
    await sql`drop view threads_search`.execute(db);
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
    await sql`insert into threads_fts(threads_fts) values ('rebuild')`.execute(db);
  } else {
    await sql`create index threads_search_idx on threads using gin (search)`.execute(db);
    // `btree_gin` stays: it costs nothing unused, and it may have been there before, for something else.
    await sql`drop index threads_network_search_idx`.execute(db);
  }
}

async function dropSqliteSearch(db: Kysely<unknown>) {
  await sql`drop trigger threads_fts_update`.execute(db);
  await sql`drop trigger threads_fts_delete`.execute(db);
  await sql`drop trigger threads_fts_insert`.execute(db);
  await sql`drop table threads_fts`.execute(db);
}
