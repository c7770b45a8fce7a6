import type { Kysely } from 'kysely';

/*
 * One row per member who has filled in anything, keyed by the user id. A table of its own rather
 * than columns on `users`: the session lookup reads `users` on every request and stays narrow, and
 * the accounts migration stays untouched. One column per field, so that the network directory and
 * matching can filter and index level, function, industry, size and region directly. Expertise tags
 * and the per-field visibilities are small JSON texts read only with the whole row (both dialects
 * store them as text; a tag table can come when search needs to look tags up).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('profiles')
    .addColumn('user_id', 'varchar(36)', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('headline', 'varchar(120)')
    .addColumn('job_title', 'varchar(100)')
    .addColumn('level', 'varchar(40)')
    .addColumn('function', 'varchar(40)')
    .addColumn('industry', 'varchar(40)')
    .addColumn('company', 'varchar(100)')
    .addColumn('company_size', 'varchar(20)')
    .addColumn('region', 'varchar(40)')
    .addColumn('time_zone', 'varchar(64)')
    .addColumn('years_of_experience', 'integer')
    .addColumn('expertise', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('bio', 'text')
    .addColumn('website', 'varchar(300)')
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('avatar_key', 'varchar(200)')
    .addColumn('avatar_updated_at', 'varchar(30)')
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('profiles').execute();
}
