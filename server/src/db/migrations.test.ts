import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openTestDatabase, testDialect } from '../test/database.js';
import { migrateToLatest, migrateToNothing } from './database.js';
import { migrations } from './migrations/index.js';

describe(`migrations on ${testDialect()}`, () => {
  it('run up, down and up again', async () => {
    const database = await openTestDatabase({ migrate: false });
    try {
      const up = await migrateToLatest(database.db);
      expect(up).toHaveLength(Object.keys(migrations).length);
      expect(up.every((line) => line.endsWith('Success'))).toBe(true);
      await database.db.insertInto('instanceSettings').values({ key: 'k', value: 'v' }).execute();

      await migrateToNothing(database.db);
      await expect(sql`select count(*) from users`.execute(database.db)).rejects.toThrow();

      expect(await migrateToLatest(database.db)).toHaveLength(Object.keys(migrations).length);
      expect(await migrateToLatest(database.db)).toEqual([]);
      expect(await database.db.selectFrom('instanceSettings').selectAll().execute()).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('keeps migration names in order', () => {
    const names = Object.keys(migrations);
    expect(names).toEqual([...names].sort());
    for (const name of names) expect(name).toMatch(/^\d{4}_\d{2}_\d{2}_\d{4}_[a-z_]+$/);
  });
});
