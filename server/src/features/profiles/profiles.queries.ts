import type { Db } from '../../db/database.js';
import { row, statement } from '../../db/statements.js';
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

/** The member's whole row, inserted or replacing the stored one: a step of a write (`saveProfileRow`). */
export const upsertProfileRow = statement((db, p: Profile) => {
  const profile = row(p, {
    userId: true,
    headline: true,
    jobTitle: true,
    level: true,
    function: true,
    industry: true,
    company: true,
    companySize: true,
    region: true,
    timeZone: true,
    yearsOfExperience: true,
    expertise: true,
    bio: true,
    website: true,
    visibility: true,
    avatarKey: true,
    avatarUpdatedAt: true,
    competitors: true,
    customers: true,
    updatedAt: true,
  });
  const { userId: _userId, ...changes } = profile;
  return db
    .insertInto('profiles')
    .values(profile)
    .onConflict((oc) => oc.column('userId').doUpdateSet(changes));
});
