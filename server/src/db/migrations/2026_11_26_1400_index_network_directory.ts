import { audienceMasks } from '@roundtable/contract/networks';
import { type Kysely, sql } from 'kysely';

const MASK_COLUMNS = {
  levels: 'audience_levels',
  functions: 'audience_functions',
  industries: 'audience_industries',
  companySizes: 'audience_company_sizes',
  regions: 'audience_regions',
} as const;

/*
 * The directory at 10,000 networks: the fit ranking joined and grouped `network_audience` for every
 * network (70–200 ms a page). Each network now carries its audience as bitmasks (see the contract's
 * `audienceMasks`), so filters and the fit score are bit tests on the row, read through a covering
 * index. Newest and by-name pages get indexes that lead with status alone, because "listed, or
 * mine" cannot use one that leads with `listed`; and facilitators are found without reading every
 * membership of a large network. The masks are filled in from the audience rows already stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of Object.values(MASK_COLUMNS)) {
    await db.schema
      .alterTable('networks')
      .addColumn(column, 'integer', (c) => c.notNull().defaultTo(2 ** 30))
      .execute();
  }
  const rows = await sql<{ network_id: string; dimension: string; value: string }>`
    select network_id, dimension, value from network_audience order by network_id`.execute(db);
  const byNetwork = new Map<string, Record<string, string[]>>();
  for (const row of rows.rows) {
    const audience = byNetwork.get(row.network_id) ?? {};
    audience[row.dimension] = [...(audience[row.dimension] ?? []), row.value];
    byNetwork.set(row.network_id, audience);
  }
  for (const [networkId, audience] of byNetwork) {
    const masks = audienceMasks(audience);
    await sql`update networks set
      audience_levels = ${masks.levels}, audience_functions = ${masks.functions},
      audience_industries = ${masks.industries}, audience_company_sizes = ${masks.companySizes},
      audience_regions = ${masks.regions}
      where id = ${networkId}`.execute(db);
  }
  await db.schema
    .createIndex('networks_fit_idx')
    .on('networks')
    .columns([
      'status',
      'listed',
      'audience_levels',
      'audience_functions',
      'audience_industries',
      'audience_company_sizes',
      'audience_regions',
      'created_at',
      'id',
    ])
    .execute();
  await db.schema
    .createIndex('networks_status_created_idx')
    .on('networks')
    .columns(['status', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('networks_status_name_idx').on('networks').columns(['status', 'name', 'id']).execute();
  await db.schema
    .createIndex('memberships_role_idx')
    .on('memberships')
    .columns(['network_id', 'role', 'status', 'joined_at', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('memberships_role_idx').execute();
  await db.schema.dropIndex('networks_status_name_idx').execute();
  await db.schema.dropIndex('networks_status_created_idx').execute();
  await db.schema.dropIndex('networks_fit_idx').execute();
  for (const column of Object.values(MASK_COLUMNS)) {
    await db.schema.alterTable('networks').dropColumn(column).execute();
  }
}
