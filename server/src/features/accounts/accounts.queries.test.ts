import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/database.js';
import { openTestDatabase, testDialect } from '../../test/database.js';
import { claimHostAdmin, insertUser } from './accounts.queries.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const now = '2026-11-25T12:00:00.000Z';
const user = (id: string) => ({
  id,
  email: `${id}@example.com`,
  name: id,
  passwordHash: 'x',
  role: 'member' as const,
  emailVerifiedAt: null,
  createdAt: now,
  updatedAt: now,
});

describe(`claimHostAdmin on ${testDialect()}`, () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(() => database.close());

  it('lets exactly one of two overlapping first sign-ups become host admin', async () => {
    const first = withTransaction(database.db, async (trx) => {
      const won = await claimHostAdmin(trx, 'first');
      await insertUser(trx, user('first'));
      // Holds the transaction open while the second one makes its claim.
      await sleep(150);
      return won;
    });
    const second = (async () => {
      await sleep(30);
      return withTransaction(database.db, async (trx) => {
        const won = await claimHostAdmin(trx, 'second');
        await insertUser(trx, user('second'));
        return won;
      });
    })();
    expect(await Promise.all([first, second])).toEqual([true, false]);
  });

  it('never makes a later account host admin', async () => {
    await insertUser(database.db, user('existing'));
    expect(await claimHostAdmin(database.db, 'later')).toBe(false);
  });
});
