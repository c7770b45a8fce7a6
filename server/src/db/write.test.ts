import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, testDialect } from '../test/database.js';
import { type Database, withTransaction } from './database.js';
import { row, statement } from './statements.js';
import { all, continueInTransaction, run, write } from './write.js';

type Setting = { key: string; value: string };

const insertSetting = statement((db, p: Setting) =>
  db.insertInto('instanceSettings').values(row(p, { key: true, value: true })),
);
const settingsAmong = statement((db, p: { keys: string[] }) =>
  db.selectFrom('instanceSettings').select(['key', 'value']).where('key', 'in', p.keys).orderBy('key'),
);
const renameSetting = statement((db, p: { key: string; value: string }) =>
  db.updateTable('instanceSettings').set({ value: p.value }).where('key', '=', p.key).returning(['key', 'value']),
);
const userById = statement((db, p: { id: string }) =>
  db.selectFrom('users').select(['id', 'emailVerifiedAt', 'createdAt']).where('id', '=', p.id),
);

const keysOf = (database: Database, ...keys: string[]) => settingsAmong.all(database.db, { keys });

describe(`statements and writes on ${testDialect()}`, () => {
  let database: Database;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => {
    await database.close();
  });

  it('run with named arguments and answer camel-cased rows', async () => {
    const now = new Date().toISOString();
    await database.db
      .insertInto('users')
      .values({
        id: 'u1',
        email: 'a@example.com',
        name: 'A',
        role: 'member',
        passwordHash: 'x',
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    expect(await userById.first(database.db, { id: 'u1' })).toEqual({
      id: 'u1',
      emailVerifiedAt: null,
      createdAt: now,
    });
    expect(await userById.first(database.db, { id: 'nobody' })).toBeUndefined();
    expect(await insertSetting.run(database.db, { key: 'a', value: '1' })).toBe(1);
    await insertSetting.run(database.db, { key: 'b', value: '2' });
    expect(await keysOf(database, 'b', 'a', 'missing')).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
    ]);
    expect(await keysOf(database)).toEqual([]);
    await expect(userById.first(database.db, {} as { id: string })).rejects.toThrow(/without its argument "id"/);
  });

  it('commit a write with its reads of its own rows, then run its effects in order', async () => {
    const effects: string[] = [];
    const result = await write(database, function* (tx) {
      yield* run(insertSetting, { key: 'k', value: 'v1' });
      const renamed = yield* all(renameSetting, { key: 'k', value: 'v2' });
      tx.afterCommit(async () => {
        // The effect sees the committed row.
        effects.push(`after: ${(await keysOf(database, 'k'))[0]?.value}`);
      });
      tx.afterCommit(async () => {
        effects.push('second');
      });
      return renamed;
    });
    expect(result).toEqual([{ key: 'k', value: 'v2' }]);
    expect(effects).toEqual(['after: v2', 'second']);
  });

  it('roll back only the write that failed among writes that arrive together', async () => {
    const effects: string[] = [];
    const writes = [1, 2, 3, 4].map((n) =>
      write(database, function* (tx) {
        yield* run(insertSetting, { key: `k${n}`, value: 'v' });
        tx.afterCommit(async () => {
          effects.push(`k${n}`);
        });
        // The third one repeats the first one's key: a unique violation, after its own insert.
        if (n === 3) yield* run(insertSetting, { key: 'k1', value: 'again' });
        return n;
      }),
    );
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await keysOf(database, 'k1', 'k2', 'k3', 'k4')).toEqual([
      { key: 'k1', value: 'v' },
      { key: 'k2', value: 'v' },
      { key: 'k4', value: 'v' },
    ]);
    expect(effects.sort()).toEqual(['k1', 'k2', 'k4']);
  });

  it('end a write at a failed step, even one it catches, alike on both databases', async () => {
    await insertSetting.run(database.db, { key: 'taken', value: 'v' });
    let cleanedUp = false;
    const outcome = write(database, function* () {
      yield* run(insertSetting, { key: 'before', value: 'v' });
      try {
        yield* run(insertSetting, { key: 'taken', value: 'again' });
      } catch {
        yield* run(insertSetting, { key: 'caught', value: 'v' });
      } finally {
        cleanedUp = true;
      }
    });
    await expect(outcome).rejects.toThrow();
    expect(cleanedUp).toBe(true);
    expect(await keysOf(database, 'before', 'caught', 'taken')).toEqual([{ key: 'taken', value: 'v' }]);
  });

  it('run the same steps inside a transaction opened with Kysely, rolled back with it', async () => {
    await expect(
      withTransaction(database.db, async (trx) => {
        await continueInTransaction(trx, run(insertSetting, { key: 'inside', value: 'v' }));
        expect(
          await trx.selectFrom('instanceSettings').select('key').where('key', '=', 'inside').execute(),
        ).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await keysOf(database, 'inside')).toEqual([]);
  });

  it('never read a transaction that Kysely holds open and has not committed', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted: () => void = () => undefined;
    const insertedYet = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const open = withTransaction(database.db, async (trx) => {
      await trx.insertInto('instanceSettings').values({ key: 'uncommitted', value: 'v' }).execute();
      inserted();
      await held;
      throw new Error('roll back');
    });
    await insertedYet;
    const read = keysOf(database, 'uncommitted');
    const writing = write(database, function* () {
      yield* run(insertSetting, { key: 'after', value: 'v' });
    });
    release();
    await expect(open).rejects.toThrow('roll back');
    expect(await read).toEqual([]);
    await writing;
    expect(await keysOf(database, 'after', 'uncommitted')).toEqual([{ key: 'after', value: 'v' }]);
  });
});
