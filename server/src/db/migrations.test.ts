import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openTestDatabase, testDialect } from '../test/database.js';
import { migrateToLatest, migrateToNothing } from './database.js';
import * as rotateUnsubscribeKeys from './migrations/2026_12_03_1400_rotate_unsubscribe_keys.js';
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

  it('replace every unsubscribe key that older emails carried', async () => {
    const database = await openTestDatabase();
    try {
      const now = new Date().toISOString();
      const users = ['u1', 'u2', 'u3'];
      await database.db
        .insertInto('users')
        .values(
          users.map((id) => ({
            id,
            email: `${id}@example.com`,
            name: id,
            passwordHash: 'x',
            role: 'member' as const,
            emailVerifiedAt: null,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .execute();
      await database.db
        .insertInto('notificationPreferences')
        .values(users.map((userId) => ({ userId, unsubscribeToken: `old-${userId}`, updatedAt: now })))
        .execute();
      await rotateUnsubscribeKeys.up(database.db as never);
      const keys = (await database.db.selectFrom('notificationPreferences').select('unsubscribeToken').execute()).map(
        (row) => row.unsubscribeToken,
      );
      expect(keys).toHaveLength(3);
      expect(new Set(keys).size).toBe(3);
      for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    } finally {
      await database.close();
    }
  });
});
