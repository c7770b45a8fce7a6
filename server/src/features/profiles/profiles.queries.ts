import type { Db } from '../../db/database.js';
import { statement } from '../../db/statements.js';
import type { NewProfile, Profile } from '../../db/tables.js';

const profileOf = statement((db, p: { userId: string }) =>
  db.selectFrom('profiles').selectAll().where('userId', '=', p.userId),
);

export const findProfile = (db: Db, userId: string): Promise<Profile | undefined> => profileOf.first(db, { userId });

export const findMember = (db: Db, userId: string): Promise<{ id: string; name: string } | undefined> =>
  db.selectFrom('users').select(['id', 'name']).where('id', '=', userId).executeTakeFirst();

/** Inserts the member's row or replaces the given columns of it. */
export async function upsertProfile(db: Db, profile: NewProfile): Promise<void> {
  const { userId: _userId, ...changes } = profile;
  await db
    .insertInto('profiles')
    .values(profile)
    .onConflict((oc) => oc.column('userId').doUpdateSet(changes))
    .execute();
}

export async function setAvatar(
  db: Db,
  userId: string,
  avatar: { avatarKey: string | null; avatarUpdatedAt: string | null },
  now: string,
): Promise<void> {
  await db
    .insertInto('profiles')
    .values({ userId, ...avatar, updatedAt: now })
    .onConflict((oc) => oc.column('userId').doUpdateSet({ ...avatar, updatedAt: now }))
    .execute();
}
