import type { Selectable } from 'kysely';
import { type Runner, row, statement } from '../../db/statements.js';
import type { EmailTokensTable, User } from '../../db/tables.js';
import { first, run, type Work } from '../../db/write.js';

const userByEmail = statement((db, p: { email: string }) =>
  db.selectFrom('users').selectAll().where('email', '=', p.email),
);

export const findUserByEmail = (db: Runner, email: string): Promise<User | undefined> =>
  userByEmail.first(db, { email });

const userById = statement((db, p: { id: string }) => db.selectFrom('users').selectAll().where('id', '=', p.id));

export const findUserById = (db: Runner, id: string): Promise<User | undefined> => userById.first(db, { id });

/** The account an email token was sent to, whatever the token's state: to check a new password against, and to present. */
const ownerOfEmailToken = statement((db, p: { tokenHash: string }) =>
  db
    .selectFrom('emailTokens')
    .innerJoin('users', 'users.id', 'emailTokens.userId')
    .selectAll('users')
    .where('emailTokens.tokenHash', '=', p.tokenHash),
);

export const findEmailTokenOwner = (db: Runner, tokenHash: string): Promise<User | undefined> =>
  ownerOfEmailToken.first(db, { tokenHash });

export const insertUserRow = statement((db, p: User) =>
  db.insertInto('users').values(
    row(p, {
      id: true,
      email: true,
      name: true,
      passwordHash: true,
      role: true,
      emailVerifiedAt: true,
      createdAt: true,
      updatedAt: true,
    }),
  ),
);

/** Outside a write (the race test of the host admin claim). */
export async function insertUser(db: Runner, user: User): Promise<void> {
  await insertUserRow.run(db, user);
}

export const renameUser = statement((db, p: { id: string; name: string; updatedAt: string }) =>
  db.updateTable('users').set({ name: p.name, updatedAt: p.updatedAt }).where('id', '=', p.id),
);

export const setPasswordHash = statement((db, p: { id: string; passwordHash: string; updatedAt: string }) =>
  db.updateTable('users').set({ passwordHash: p.passwordHash, updatedAt: p.updatedAt }).where('id', '=', p.id),
);

/** A reset password; following the emailed link proves the address, so it counts as verified too. */
export const setPasswordFromReset = statement((db, p: { id: string; passwordHash: string; now: string }) =>
  db
    .updateTable('users')
    .set((eb) => ({
      passwordHash: p.passwordHash,
      updatedAt: p.now,
      emailVerifiedAt: eb.fn.coalesce('emailVerifiedAt', eb.val(p.now)),
    }))
    .where('id', '=', p.id),
);

export const markEmailVerified = statement((db, p: { id: string; now: string }) =>
  db.updateTable('users').set({ emailVerifiedAt: p.now, updatedAt: p.now }).where('id', '=', p.id),
);

export const endSessionsOf = statement((db, p: { userId: string }) =>
  db.deleteFrom('sessions').where('userId', '=', p.userId),
);

export const endOtherSessionsOf = statement((db, p: { userId: string; keepSessionId: string }) =>
  db.deleteFrom('sessions').where('userId', '=', p.userId).where('id', '!=', p.keepSessionId),
);

export const insertEmailToken = statement((db, p: Selectable<EmailTokensTable>) =>
  db.insertInto('emailTokens').values(
    row(p, {
      id: true,
      userId: true,
      purpose: true,
      tokenHash: true,
      createdAt: true,
      expiresAt: true,
      usedAt: true,
    }),
  ),
);

/**
 * Marks an unused, unexpired token used and answers its owner. The conditional update makes a
 * token single-use even when two requests race with it.
 */
export const consumeEmailToken = statement(
  (db, p: { tokenHash: string; purpose: EmailTokensTable['purpose']; now: string }) =>
    db
      .updateTable('emailTokens')
      .set({ usedAt: p.now })
      .where('tokenHash', '=', p.tokenHash)
      .where('purpose', '=', p.purpose)
      .where('usedAt', 'is', null)
      .where('expiresAt', '>', p.now)
      .returning('userId'),
);

/** Older links of the same purpose stop working once a newer one is sent or one is used. */
export const retireEmailTokens = statement(
  (db, p: { userId: string; purpose: EmailTokensTable['purpose']; now: string }) =>
    db
      .updateTable('emailTokens')
      .set({ usedAt: p.now })
      .where('userId', '=', p.userId)
      .where('purpose', '=', p.purpose)
      .where('usedAt', 'is', null),
);

const anyUser = statement((db, _p: Record<string, never>) => db.selectFrom('users').select('id').limit(1));

const claimHostAdminKey = statement((db, p: { userId: string }) =>
  db
    .insertInto('instanceSettings')
    .values({ key: 'hostAdminClaimedBy', value: p.userId })
    .onConflict((oc) => oc.column('key').doNothing()),
);

/**
 * The first account becomes host admin. Claiming a fixed settings key makes that decision once:
 * of two racing first sign-ups, the database lets exactly one insert succeed.
 */
export function* claimHostAdminStep(userId: string): Work<boolean> {
  if (yield* first(anyUser, {})) return false;
  return (yield* run(claimHostAdminKey, { userId })) > 0;
}

/** The same claim outside a write (the race test opens its own transactions). */
export async function claimHostAdmin(db: Runner, userId: string): Promise<boolean> {
  if (await anyUser.first(db, {})) return false;
  return (await claimHostAdminKey.run(db, { userId })) > 0;
}
