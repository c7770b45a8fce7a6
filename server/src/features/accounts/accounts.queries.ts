import type { Db } from '../../db/database.js';
import { statement } from '../../db/statements.js';
import type { EmailTokensTable, NewUser, User } from '../../db/tables.js';

export const findUserByEmail = (db: Db, email: string): Promise<User | undefined> =>
  db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

const userById = statement((db, p: { id: string }) => db.selectFrom('users').selectAll().where('id', '=', p.id));

export const findUserById = (db: Db, id: string): Promise<User | undefined> => userById.first(db, { id });

export async function insertUser(db: Db, user: NewUser): Promise<void> {
  await db.insertInto('users').values(user).execute();
}

export async function updateUser(
  db: Db,
  id: string,
  changes: Partial<Pick<User, 'name' | 'passwordHash' | 'emailVerifiedAt' | 'updatedAt'>>,
): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

export async function insertEmailToken(db: Db, token: Omit<EmailTokensTable, 'usedAt'>): Promise<void> {
  await db
    .insertInto('emailTokens')
    .values({ ...token, usedAt: null })
    .execute();
}

/**
 * Marks an unused, unexpired token used and answers its owner. The conditional update makes a
 * token single-use even when two requests race with it.
 */
export async function consumeEmailToken(
  db: Db,
  tokenHash: string,
  purpose: EmailTokensTable['purpose'],
  now: string,
): Promise<string | undefined> {
  const token = await db
    .selectFrom('emailTokens')
    .select(['id', 'userId'])
    .where('tokenHash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .executeTakeFirst();
  if (!token) return undefined;
  const result = await db
    .updateTable('emailTokens')
    .set({ usedAt: now })
    .where('id', '=', token.id)
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n ? token.userId : undefined;
}

/** Older links of the same purpose stop working once a newer one is sent or one is used. */
export async function retireEmailTokens(
  db: Db,
  userId: string,
  purpose: EmailTokensTable['purpose'],
  now: string,
): Promise<void> {
  await db
    .updateTable('emailTokens')
    .set({ usedAt: now })
    .where('userId', '=', userId)
    .where('purpose', '=', purpose)
    .where('usedAt', 'is', null)
    .execute();
}

/**
 * The first account becomes host admin. Claiming a fixed settings key makes that decision once:
 * of two racing first sign-ups, the database lets exactly one insert succeed.
 */
export async function claimHostAdmin(db: Db, userId: string): Promise<boolean> {
  const someone = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (someone) return false;
  const result = await db
    .insertInto('instanceSettings')
    .values({ key: 'hostAdminClaimedBy', value: userId })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}
