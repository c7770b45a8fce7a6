import { type Kysely, sql } from 'kysely';

/*
 * Pulse results move only in batches. Each response keeps, beside the member's current answers,
 * the answers the results were last built from (`published_answers`); a question's published
 * answers change only when at least the pulse's threshold of respondents changed their answer to
 * it, so no two results anyone sees differ by one person's answer — not at a close, a re-open or
 * an edit. `is_pending` marks responses whose answers differ from what was published, so the
 * check after each answer reads a handful of rows. Breakdowns by profile field come from a frozen
 * copy taken at the first close (`breakdown_answers`, `breakdown_group`), so a later batch or a
 * profile change never moves one person between groups.
 *
 * `shown_count` (the old rule: steps of the threshold while open, everything at a close) goes.
 * Pulses already past their threshold keep showing what they showed at their close.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('pulse_responses').addColumn('published_answers', 'text').execute();
  await db.schema
    .alterTable('pulse_responses')
    .addColumn('is_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('pulse_responses').addColumn('breakdown_answers', 'text').execute();
  await db.schema.alterTable('pulse_responses').addColumn('breakdown_group', 'text').execute();
  await db.schema
    .createIndex('pulse_responses_pending_idx')
    .on('pulse_responses')
    .columns(['pulse_id', 'is_pending'])
    .execute();
  await db.schema
    .alterTable('pulses')
    .addColumn('published_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('pulses').addColumn('breakdown_taken_at', 'varchar(30)').execute();

  await sql`update pulse_responses set published_answers = answers
    where pulse_id in (select id from pulses where response_count >= threshold and shown_count > 0)`.execute(db);
  await sql`update pulse_responses set is_pending = 1
    where published_answers is null
      and pulse_id in (select id from pulses where response_count >= threshold and shown_count > 0)`.execute(db);
  await sql`update pulses set published_count = (
      select count(*) from pulse_responses r where r.pulse_id = pulses.id and r.published_answers is not null)`.execute(
    db,
  );
  await db.schema.alterTable('pulses').dropColumn('shown_count').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('pulses')
    .addColumn('shown_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update pulses set shown_count = published_count`.execute(db);
  await db.schema.alterTable('pulses').dropColumn('breakdown_taken_at').execute();
  await db.schema.alterTable('pulses').dropColumn('published_count').execute();
  await db.schema.dropIndex('pulse_responses_pending_idx').execute();
  for (const column of ['breakdown_group', 'breakdown_answers', 'is_pending', 'published_answers'])
    await db.schema.alterTable('pulse_responses').dropColumn(column).execute();
}
