import type { Db } from '../../db/database.js';
import { type Membership, type NetworkApplication, PROFILE_COLUMNS, type Profile, profileOf } from '../../db/tables.js';
import type { Position } from '../../platform/pagination.js';

export type MemberRow = Membership & { name: string; profile: Profile | undefined };

const memberRowQuery = (db: Db) =>
  db
    .selectFrom('memberships as m')
    .innerJoin('users', 'users.id', 'm.userId')
    .leftJoin('profiles', 'profiles.userId', 'm.userId')
    .selectAll('m')
    // Selected last under its own name: profiles.userId, null without a profile, would shadow m.userId.
    .select(['users.name', ...PROFILE_COLUMNS, 'm.userId as memberId']);

type JoinedMemberRow = Awaited<ReturnType<ReturnType<typeof memberRowQuery>['execute']>>[number];

const toMemberRow = (row: JoinedMemberRow): MemberRow => ({
  networkId: row.networkId,
  userId: row.memberId,
  role: row.role,
  status: row.status,
  joinedAt: row.joinedAt,
  acceptedCharterVersion: row.acceptedCharterVersion,
  acceptedCharterAt: row.acceptedCharterAt,
  endedAt: row.endedAt,
  removedBy: row.removedBy,
  removalReason: row.removalReason,
  name: row.name,
  profile: profileOf(row),
});

export const findMemberRow = async (db: Db, networkId: string, userId: string): Promise<MemberRow | undefined> => {
  const row = await memberRowQuery(db)
    .where('m.networkId', '=', networkId)
    .where('m.userId', '=', userId)
    .executeTakeFirst();
  return row ? toMemberRow(row) : undefined;
};

/** Active members in the order they joined, by cursor over (joinedAt, userId). */
export async function listMembers(
  db: Db,
  networkId: string,
  options: { role?: 'member' | 'facilitator'; after: Position | undefined; limit: number },
): Promise<MemberRow[]> {
  let query = memberRowQuery(db).where('m.networkId', '=', networkId).where('m.status', '=', 'active');
  if (options.role) query = query.where('m.role', '=', options.role);
  const after = options.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('m.joinedAt', '>', after.createdAt),
        eb.and([eb('m.joinedAt', '=', after.createdAt), eb('m.userId', '>', after.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('m.joinedAt', 'asc')
    .orderBy('m.userId', 'asc')
    .limit(options.limit + 1)
    .execute();
  return rows.map(toMemberRow);
}

export type CompanyFacts = {
  userId: string;
  name: string;
  company: string | null;
  competitors: string;
  customers: string;
};

/** Company, declared competitors and customers of every active member: what the conflict screen compares. */
export const listMemberCompanyFacts = (db: Db, networkId: string): Promise<CompanyFacts[]> =>
  db
    .selectFrom('memberships as m')
    .innerJoin('users', 'users.id', 'm.userId')
    .leftJoin('profiles', 'profiles.userId', 'm.userId')
    .select([
      'm.userId',
      'users.name',
      'profiles.company',
      (eb) => eb.fn.coalesce('profiles.competitors', eb.val('[]')).as('competitors'),
      (eb) => eb.fn.coalesce('profiles.customers', eb.val('[]')).as('customers'),
    ])
    .where('m.networkId', '=', networkId)
    .where('m.status', '=', 'active')
    .execute();

export async function findCompanyFacts(db: Db, userIds: readonly string[]): Promise<Map<string, CompanyFacts>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .leftJoin('profiles', 'profiles.userId', 'users.id')
    .select([
      'users.id as userId',
      'users.name',
      'profiles.company',
      (eb) => eb.fn.coalesce('profiles.competitors', eb.val('[]')).as('competitors'),
      (eb) => eb.fn.coalesce('profiles.customers', eb.val('[]')).as('customers'),
    ])
    .where('users.id', 'in', [...userIds])
    .execute();
  return new Map(rows.map((row) => [row.userId, row]));
}

export const findApplication = (db: Db, networkId: string, applicationId: string) =>
  db
    .selectFrom('networkApplications')
    .selectAll()
    .where('id', '=', applicationId)
    .where('networkId', '=', networkId)
    .executeTakeFirst();

/** Pending applications oldest first (a queue); decided ones newest first. */
export async function listApplications(
  db: Db,
  networkId: string,
  options: { status: NetworkApplication['status']; after: Position | undefined; limit: number },
): Promise<NetworkApplication[]> {
  const ascending = options.status === 'pending';
  let query = db
    .selectFrom('networkApplications')
    .selectAll()
    .where('networkId', '=', networkId)
    .where('status', '=', options.status);
  const after = options.after;
  if (after) {
    const op = ascending ? '>' : '<';
    query = query.where((eb) =>
      eb.or([
        eb('createdAt', op, after.createdAt),
        eb.and([eb('createdAt', '=', after.createdAt), eb('id', op, after.id)]),
      ]),
    );
  }
  const direction = ascending ? 'asc' : 'desc';
  return query
    .orderBy('createdAt', direction)
    .orderBy('id', direction)
    .limit(options.limit + 1)
    .execute();
}
