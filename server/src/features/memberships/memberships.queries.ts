import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import { row, statement } from '../../db/statements.js';
import {
  type CharterAcceptancesTable,
  type Membership,
  type NetworkAdmissionsTable,
  type NetworkApplication,
  PROFILE_COLUMNS,
  type Profile,
  profileOf,
} from '../../db/tables.js';
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

const facilitatorsOf = statement((db, p: { networkId: string }) =>
  db
    .selectFrom('memberships')
    .select('userId')
    .where('networkId', '=', p.networkId)
    .where('status', '=', 'active')
    .where('role', '=', 'facilitator'),
);

/** Everyone who facilitates the network now. */
export const listFacilitatorIds = async (db: Db, networkId: string): Promise<string[]> =>
  (await facilitatorsOf.all(db, { networkId })).map((row) => row.userId);

/** Counts one more member, unless the network is full: the size check and the count in one statement, so racing joins cannot overfill. */
export const countMemberIfRoom = statement((db, p: { networkId: string }) =>
  db
    .updateTable('networks')
    .set((eb) => ({ memberCount: eb('memberCount', '+', 1) }))
    .where('id', '=', p.networkId)
    .where((eb) => eb.or([eb('sizeLimit', 'is', null), eb('memberCount', '<', eb.ref('sizeLimit'))])),
);

export const countMember = statement((db, p: { networkId: string }) =>
  db
    .updateTable('networks')
    .set((eb) => ({ memberCount: eb('memberCount', '+', 1) }))
    .where('id', '=', p.networkId),
);

export const uncountMember = statement((db, p: { networkId: string }) =>
  db
    .updateTable('networks')
    .set((eb) => ({ memberCount: eb('memberCount', '-', 1) }))
    .where('id', '=', p.networkId),
);

/** Adds the membership, or makes the person's earlier one this one (they left or were removed). */
export const putMembership = statement((db, p: Membership) =>
  db
    .insertInto('memberships')
    .values(
      row(p, {
        networkId: true,
        userId: true,
        role: true,
        status: true,
        joinedAt: true,
        acceptedCharterVersion: true,
        acceptedCharterAt: true,
        endedAt: true,
        removedBy: true,
        removalReason: true,
      }),
    )
    .onConflict((oc) =>
      oc.columns(['networkId', 'userId']).doUpdateSet({
        role: p.role,
        status: p.status,
        joinedAt: p.joinedAt,
        acceptedCharterVersion: p.acceptedCharterVersion,
        acceptedCharterAt: p.acceptedCharterAt,
        endedAt: p.endedAt,
        removedBy: p.removedBy,
        removalReason: p.removalReason,
      }),
    ),
);

export const insertCharterAcceptance = statement((db, p: Selectable<CharterAcceptancesTable>) =>
  db
    .insertInto('charterAcceptances')
    .values(row(p, { id: true, networkId: true, userId: true, version: true, acceptedAt: true })),
);

export const setAcceptedCharter = statement(
  (db, p: { networkId: string; userId: string; version: number; acceptedAt: string }) =>
    db
      .updateTable('memberships')
      .set({ acceptedCharterVersion: p.version, acceptedCharterAt: p.acceptedAt })
      .where('networkId', '=', p.networkId)
      .where('userId', '=', p.userId),
);

/** Uses up the person's open admissions to the network once they join. */
export const useAdmissions = statement((db, p: { networkId: string; userId: string; usedAt: string }) =>
  db
    .updateTable('networkAdmissions')
    .set({ usedAt: p.usedAt })
    .where('networkId', '=', p.networkId)
    .where('userId', '=', p.userId)
    .where('usedAt', 'is', null),
);

export const markApplicationJoined = statement((db, p: { networkId: string; userId: string }) =>
  db
    .updateTable('networkApplications')
    .set({ status: 'joined' })
    .where('networkId', '=', p.networkId)
    .where('userId', '=', p.userId)
    .where('status', '=', 'approved'),
);

/** Ends an active membership; answers no rows when it was not active. */
export const endActiveMembership = statement(
  (
    db,
    p: {
      networkId: string;
      userId: string;
      status: 'left' | 'removed';
      removedBy: string | null;
      removalReason: string | null;
      endedAt: string;
    },
  ) =>
    db
      .updateTable('memberships')
      .set({ status: p.status, removedBy: p.removedBy, removalReason: p.removalReason, endedAt: p.endedAt })
      .where('networkId', '=', p.networkId)
      .where('userId', '=', p.userId)
      .where('status', '=', 'active'),
);

export const setMemberRole = statement((db, p: { networkId: string; userId: string; role: Membership['role'] }) =>
  db
    .updateTable('memberships')
    .set({ role: p.role })
    .where('networkId', '=', p.networkId)
    .where('userId', '=', p.userId),
);

/** Makes an active member a facilitator; answers no rows when they are not active. */
export const promoteActiveMember = statement((db, p: { networkId: string; userId: string }) =>
  db
    .updateTable('memberships')
    .set({ role: 'facilitator' })
    .where('networkId', '=', p.networkId)
    .where('userId', '=', p.userId)
    .where('status', '=', 'active'),
);

/** A new application, unless the person has one open in the network already (then no row). */
export const insertApplication = statement((db, p: NetworkApplication) =>
  db
    .insertInto('networkApplications')
    .values(
      row(p, {
        id: true,
        networkId: true,
        userId: true,
        why: true,
        contribution: true,
        answers: true,
        status: true,
        decisionMessage: true,
        decidedBy: true,
        decidedAt: true,
        createdAt: true,
      }),
    )
    .onConflict((oc) => oc.doNothing()),
);

/** Decides a pending application; answers no rows when someone decided it first. */
export const decidePendingApplication = statement(
  (
    db,
    p: {
      id: string;
      status: 'approved' | 'declined';
      decisionMessage: string | null;
      decidedBy: string;
      decidedAt: string;
    },
  ) =>
    db
      .updateTable('networkApplications')
      .set({ status: p.status, decisionMessage: p.decisionMessage, decidedBy: p.decidedBy, decidedAt: p.decidedAt })
      .where('id', '=', p.id)
      .where('status', '=', 'pending'),
);

export const insertAdmission = statement((db, p: Selectable<NetworkAdmissionsTable>) =>
  db.insertInto('networkAdmissions').values(
    row(p, {
      id: true,
      networkId: true,
      userId: true,
      via: true,
      sourceId: true,
      grantedAt: true,
      usedAt: true,
    }),
  ),
);
