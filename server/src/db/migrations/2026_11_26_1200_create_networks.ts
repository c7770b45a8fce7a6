import { type Kysely, SqliteAdapter, sql } from 'kysely';

const isSqlite = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof SqliteAdapter;

/*
 * Networks and everything about getting into one. Booleans are 0/1 integers so both dialects read
 * them alike. `member_count` is kept in step by the service inside the join/leave transaction, so
 * the directory never counts rows. Who a network is for lives in `network_audience`, one row per
 * (dimension, value) and `*` for "anyone", so a directory filter is one index seek on either side.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('networks')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('slug', 'varchar(60)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(80)', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('format', 'varchar(12)', (c) => c.notNull())
    .addColumn('home_location', 'varchar(120)')
    .addColumn('cadence', 'varchar(12)', (c) => c.notNull())
    .addColumn('size_limit', 'integer')
    .addColumn('join_policy', 'varchar(12)', (c) => c.notNull())
    .addColumn('listed', 'integer', (c) => c.notNull())
    .addColumn('member_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('charter_version', 'integer', (c) => c.notNull())
    .addColumn('application_questions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('allow_member_invites', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refuse_same_company', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refuse_competitors', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('proposed_by', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decision_message', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('networks_directory_newest_idx')
    .on('networks')
    .columns(['status', 'listed', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('networks_directory_name_idx')
    .on('networks')
    .columns(['status', 'listed', 'name', 'id'])
    .execute();

  await db.schema
    .createTable('network_charters')
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('charter', 'text', (c) => c.notNull())
    .addColumn('confidentiality', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('network_charters_pk', ['network_id', 'version'])
    .execute();

  await db.schema
    .createTable('network_audience')
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('dimension', 'varchar(20)', (c) => c.notNull())
    .addColumn('value', 'varchar(40)', (c) => c.notNull())
    .addPrimaryKeyConstraint('network_audience_pk', ['network_id', 'dimension', 'value'])
    .execute();
  await db.schema
    .createIndex('network_audience_lookup_idx')
    .on('network_audience')
    .columns(['dimension', 'value', 'network_id'])
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'varchar(12)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('joined_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('accepted_charter_version', 'integer')
    .addColumn('accepted_charter_at', 'varchar(30)')
    .addColumn('ended_at', 'varchar(30)')
    .addColumn('removed_by', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('removal_reason', 'text')
    .addPrimaryKeyConstraint('memberships_pk', ['network_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('memberships_list_idx')
    .on('memberships')
    .columns(['network_id', 'status', 'joined_at', 'user_id'])
    .execute();
  await db.schema
    .createIndex('memberships_user_idx')
    .on('memberships')
    .columns(['user_id', 'status', 'joined_at', 'network_id'])
    .execute();

  await db.schema
    .createTable('charter_acceptances')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('accepted_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('charter_acceptances_member_idx')
    .on('charter_acceptances')
    .columns(['network_id', 'user_id', 'accepted_at'])
    .execute();

  await db.schema
    .createTable('network_applications')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('why', 'text', (c) => c.notNull())
    .addColumn('contribution', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('decision_message', 'text')
    .addColumn('decided_by', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('network_applications_queue_idx')
    .on('network_applications')
    .columns(['network_id', 'status', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('network_applications_applicant_idx')
    .on('network_applications')
    .columns(['user_id', 'network_id', 'created_at'])
    .execute();
  // One open application per person and network, even when two requests race.
  await db.schema
    .createIndex('network_applications_one_open_idx')
    .on('network_applications')
    .columns(['network_id', 'user_id'])
    .unique()
    .where(sql.ref('status'), 'in', ['pending', 'approved'])
    .execute();

  await db.schema
    .createTable('network_invitations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('email', 'varchar(254)')
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('message', 'text')
    .addColumn('invited_by', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('max_uses', 'integer')
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(30)')
    .execute();
  await db.schema
    .createIndex('network_invitations_list_idx')
    .on('network_invitations')
    .columns(['network_id', 'created_at', 'id'])
    .execute();

  // A way in that has been granted (approved application, accepted invitation) and not yet used to join.
  await db.schema
    .createTable('network_admissions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('via', 'varchar(12)', (c) => c.notNull())
    .addColumn('source_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('granted_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(30)')
    .execute();
  await db.schema
    .createIndex('network_admissions_member_idx')
    .on('network_admissions')
    .columns(['network_id', 'user_id', 'used_at'])
    .execute();

  // Declared competitors and customers stay private to the member; only the conflict screen reads them.
  await db.schema
    .alterTable('profiles')
    .addColumn('competitors', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('profiles')
    .addColumn('customers', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();

  if (isSqlite(db)) {
    await sql`create virtual table networks_fts using fts5(name, purpose, content='networks', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2')`.execute(
      db,
    );
    await sql`create trigger networks_fts_insert after insert on networks begin
      insert into networks_fts(rowid, name, purpose) values (new.rowid, new.name, new.purpose);
    end`.execute(db);
    await sql`create trigger networks_fts_delete after delete on networks begin
      insert into networks_fts(networks_fts, rowid, name, purpose) values ('delete', old.rowid, old.name, old.purpose);
    end`.execute(db);
    await sql`create trigger networks_fts_update after update of name, purpose on networks begin
      insert into networks_fts(networks_fts, rowid, name, purpose) values ('delete', old.rowid, old.name, old.purpose);
      insert into networks_fts(rowid, name, purpose) values (new.rowid, new.name, new.purpose);
    end`.execute(db);
  } else {
    await sql`alter table networks add column search tsvector generated always as (to_tsvector('english', name || ' ' || purpose)) stored`.execute(
      db,
    );
    await sql`create index networks_search_idx on networks using gin (search)`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) {
    await sql`drop trigger networks_fts_update`.execute(db);
    await sql`drop trigger networks_fts_delete`.execute(db);
    await sql`drop trigger networks_fts_insert`.execute(db);
    await sql`drop table networks_fts`.execute(db);
  }
  await db.schema.alterTable('profiles').dropColumn('customers').execute();
  await db.schema.alterTable('profiles').dropColumn('competitors').execute();
  for (const table of [
    'network_admissions',
    'network_invitations',
    'network_applications',
    'charter_acceptances',
    'memberships',
    'network_audience',
    'network_charters',
    'networks',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
