import type { Db } from '../../db/database.js';

export async function readSettingValues(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('instanceSettings').select(['key', 'value']).execute();
  return new Map(rows.map((row) => [row.key, row.value]));
}

export async function writeSettingValue(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto('instanceSettings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export async function hasAnyUser(db: Db): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}
