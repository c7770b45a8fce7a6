import type { Kysely } from 'kysely';

/*
 * Activity signals and self-ticking plan actions count a member's answers to pulses since a
 * time; this index serves that count without reading the pulse's other answers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('pulse_responses_member_time_idx')
    .on('pulse_responses')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema.createIndex('threads_started_idx').on('threads').columns(['author_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('threads_started_idx').execute();
  await db.schema.dropIndex('pulse_responses_member_time_idx').execute();
}
