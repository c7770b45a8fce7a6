import type { Kysely } from 'kysely';

/*
 * NQ results and the networking plan. A result keeps its answers (JSON text) with the instrument
 * version they answer, and the scores computed when it was taken; advice is derived from the
 * scores on read. A plan is the member's goals, each with its actions; an action tracked by an
 * activity metric stores only the metric and target, as progress is counted from the activity's
 * own tables since the action's `created_at`. `reminded_for` is the due date a reminder went out
 * for, which keeps the reminder job idempotent and lets a new due date be reminded again.
 * Activity counts of invitations need the inviter's invitations by time, which no index served.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('assessments')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('instrument_version', 'integer', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('overall', 'integer', (c) => c.notNull())
    .addColumn('band', 'varchar(20)', (c) => c.notNull())
    .addColumn('dimensions', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('assessments_user_idx')
    .on('assessments')
    .columns(['user_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('plan_goals')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('dimension', 'varchar(20)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('target_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_goals_user_idx').on('plan_goals').columns(['user_id', 'position']).execute();

  await db.schema
    .createTable('plan_actions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('goal_id', 'varchar(36)', (c) => c.notNull().references('plan_goals.id').onDelete('cascade'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('due_date', 'varchar(10)')
    .addColumn('metric', 'varchar(40)')
    .addColumn('target', 'integer')
    .addColumn('done_at', 'varchar(30)')
    .addColumn('reminded_for', 'varchar(10)')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_actions_goal_idx').on('plan_actions').columns(['goal_id', 'position']).execute();
  await db.schema
    .createIndex('plan_actions_due_idx')
    .on('plan_actions')
    .columns(['user_id', 'due_date', 'id'])
    .execute();

  await db.schema
    .createIndex('network_invitations_inviter_idx')
    .on('network_invitations')
    .columns(['invited_by', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('network_invitations_inviter_idx').execute();
  await db.schema.dropTable('plan_actions').execute();
  await db.schema.dropTable('plan_goals').execute();
  await db.schema.dropTable('assessments').execute();
}
