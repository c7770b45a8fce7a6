import { AUDIENCE_ANYONE_BIT, audienceBit, audienceMasks } from '@roundtable/contract/networks';
import { type Expression, type Selectable, type SqlBool, sql, type Updateable } from 'kysely';
import type { Db, Dialect } from '../../db/database.js';
import { row, statement } from '../../db/statements.js';
import {
  type CharterAcceptancesTable,
  type Membership,
  type Network,
  type NetworkChartersTable,
  type NetworksTable,
  PROFILE_COLUMNS,
  type Profile,
  profileOf,
} from '../../db/tables.js';
import { run, type Work } from '../../db/write.js';

/** A network looked up by id or by slug, as URLs carry either. */
const networkByRef = statement((db, p: { ref: string }) =>
  db
    .selectFrom('networks')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', p.ref), eb('slug', '=', p.ref)])),
);

export const findNetwork = (db: Db, ref: string): Promise<Network | undefined> => networkByRef.first(db, { ref });

const networkBySlug = statement((db, p: { slug: string }) =>
  db.selectFrom('networks').select('id').where('slug', '=', p.slug),
);

export const findNetworkBySlug = (db: Db, slug: string) => networkBySlug.first(db, { slug });

const membershipOf = statement((db, p: { networkId: string; userId: string }) =>
  db.selectFrom('memberships').selectAll().where('networkId', '=', p.networkId).where('userId', '=', p.userId),
);

export const findMembership = (db: Db, networkId: string, userId: string): Promise<Membership | undefined> =>
  membershipOf.first(db, { networkId, userId });

export type ViewerStanding = {
  memberships: Map<string, Membership>;
  applications: Map<
    string,
    {
      id: string;
      status: 'pending' | 'approved' | 'declined' | 'joined';
      decisionMessage: string | null;
      createdAt: string;
      decidedAt: string | null;
    }
  >;
  admitted: Set<string>;
};

/** The viewer's membership, latest application and open admission in each of these networks, in three queries. */
export async function findViewerStanding(
  db: Db,
  userId: string,
  networkIds: readonly string[],
): Promise<ViewerStanding> {
  const standing: ViewerStanding = { memberships: new Map(), applications: new Map(), admitted: new Set() };
  if (networkIds.length === 0) return standing;
  const ids = [...networkIds];
  const [memberships, applications, admissions] = await Promise.all([
    db.selectFrom('memberships').selectAll().where('userId', '=', userId).where('networkId', 'in', ids).execute(),
    db
      .selectFrom('networkApplications')
      .select(['id', 'networkId', 'status', 'decisionMessage', 'createdAt', 'decidedAt'])
      .where('userId', '=', userId)
      .where('networkId', 'in', ids)
      .orderBy('createdAt', 'asc')
      .execute(),
    db
      .selectFrom('networkAdmissions')
      .select('networkId')
      .where('userId', '=', userId)
      .where('networkId', 'in', ids)
      .where('usedAt', 'is', null)
      .execute(),
  ]);
  for (const row of memberships) standing.memberships.set(row.networkId, row);
  // Oldest first, so the latest application is the one left in the map.
  for (const { networkId, ...application } of applications) standing.applications.set(networkId, application);
  for (const row of admissions) standing.admitted.add(row.networkId);
  return standing;
}

export type AudienceRow = { networkId: string; dimension: string; value: string };

export const listAudience = (db: Db, networkIds: readonly string[]): Promise<AudienceRow[]> =>
  networkIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('networkAudience')
        .select(['networkId', 'dimension', 'value'])
        .where('networkId', 'in', [...networkIds])
        .execute();

/** The audience as the networks row stores it: one bitmask column per dimension. */
export function audienceColumns(rows: readonly AudienceRow[]) {
  const audience: Record<string, string[]> = {};
  for (const row of rows) audience[row.dimension] = [...(audience[row.dimension] ?? []), row.value];
  const masks = audienceMasks(audience);
  return {
    audienceLevels: masks.levels,
    audienceFunctions: masks.functions,
    audienceIndustries: masks.industries,
    audienceCompanySizes: masks.companySizes,
    audienceRegions: masks.regions,
  };
}

/** Replaces who the network is for: its audience rows and the bitmasks the directory reads. */
export function* replaceAudience(networkId: string, rows: AudienceRow[]): Work<void> {
  yield* run(deleteAudience, { networkId });
  for (const audience of rows) yield* run(insertAudienceRow, audience);
  yield* run(setAudienceColumns, { id: networkId, ...audienceColumns(rows) });
}

const deleteAudience = statement((db, p: { networkId: string }) =>
  db.deleteFrom('networkAudience').where('networkId', '=', p.networkId),
);

export const insertAudienceRow = statement((db, p: AudienceRow) =>
  db.insertInto('networkAudience').values(row(p, { networkId: true, dimension: true, value: true })),
);

const setAudienceColumns = statement((db, p: { id: string } & ReturnType<typeof audienceColumns>) =>
  db
    .updateTable('networks')
    .set({
      audienceLevels: p.audienceLevels,
      audienceFunctions: p.audienceFunctions,
      audienceIndustries: p.audienceIndustries,
      audienceCompanySizes: p.audienceCompanySizes,
      audienceRegions: p.audienceRegions,
    })
    .where('id', '=', p.id),
);

/** A new network, unless its slug is taken (then no row). */
export const insertNetwork = statement((db, p: Network) =>
  db
    .insertInto('networks')
    .values(
      row(p, {
        id: true,
        slug: true,
        name: true,
        purpose: true,
        status: true,
        format: true,
        homeLocation: true,
        cadence: true,
        sizeLimit: true,
        joinPolicy: true,
        listed: true,
        memberCount: true,
        charterVersion: true,
        applicationQuestions: true,
        allowMemberInvites: true,
        refuseSameCompany: true,
        refuseCompetitors: true,
        experienceProtocol: true,
        audienceLevels: true,
        audienceFunctions: true,
        audienceIndustries: true,
        audienceCompanySizes: true,
        audienceRegions: true,
        proposedBy: true,
        decisionMessage: true,
        timeZone: true,
        meetingMinutes: true,
        missedMeetingsAlert: true,
        meetingProtocol: true,
        createdAt: true,
        updatedAt: true,
      }),
    )
    .onConflict((oc) => oc.column('slug').doNothing()),
);

/**
 * Sets the columns a change names. Built per call: which columns change varies with each request
 * (the values are fixed parameters of this one statement).
 */
export const setNetworkColumns = (changes: Updateable<NetworksTable>) =>
  statement((db, p: { id: string }) => db.updateTable('networks').set(changes).where('id', '=', p.id));

export const insertCharter = statement((db, p: Selectable<NetworkChartersTable>) =>
  db.insertInto('networkCharters').values(
    row(p, {
      networkId: true,
      version: true,
      charter: true,
      confidentiality: true,
      createdBy: true,
      createdAt: true,
    }),
  ),
);

/** The first facilitator of a new network, or of an approved proposal. */
export const insertMembership = statement((db, p: Membership) =>
  db.insertInto('memberships').values(
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
  ),
);

export const insertCharterAcceptance = statement((db, p: Selectable<CharterAcceptancesTable>) =>
  db
    .insertInto('charterAcceptances')
    .values(row(p, { id: true, networkId: true, userId: true, version: true, acceptedAt: true })),
);

/** A host admin's decision on a proposal; no row when it was decided already. */
export const decideProposedNetwork = statement(
  (
    db,
    p: {
      id: string;
      status: 'active' | 'declined';
      decisionMessage: string | null;
      memberCount: number;
      updatedAt: string;
    },
  ) =>
    db
      .updateTable('networks')
      .set({
        status: p.status,
        decisionMessage: p.decisionMessage,
        memberCount: p.memberCount,
        updatedAt: p.updatedAt,
      })
      .where('id', '=', p.id)
      .where('status', '=', 'proposed'),
);

const charterOf = statement((db, p: { networkId: string; version: number }) =>
  db.selectFrom('networkCharters').selectAll().where('networkId', '=', p.networkId).where('version', '=', p.version),
);

export const findCharter = (db: Db, networkId: string, version: number) => charterOf.first(db, { networkId, version });

export type PersonRow = { id: string; name: string; profile: Profile | undefined };

const peopleByIds = statement((db, p: { ids: string[] }) =>
  db
    .selectFrom('users')
    .leftJoin('profiles', 'profiles.userId', 'users.id')
    .select(['users.id', 'users.name', ...PROFILE_COLUMNS])
    .where('users.id', 'in', p.ids),
);

export async function listPeople(db: Db, userIds: readonly string[]): Promise<Map<string, PersonRow>> {
  if (userIds.length === 0) return new Map();
  const rows = await peopleByIds.all(db, { ids: [...new Set(userIds)] });
  return new Map(rows.map((row) => [row.id, { id: row.id, name: row.name, profile: profileOf(row) }]));
}

export const listFacilitatorIds = async (db: Db, networkId: string): Promise<string[]> =>
  (
    await db
      .selectFrom('memberships')
      .select('userId')
      .where('networkId', '=', networkId)
      .where('status', '=', 'active')
      .where('role', '=', 'facilitator')
      .orderBy('joinedAt', 'asc')
      .limit(20)
      .execute()
  ).map((row) => row.userId);

export const countFacilitators = async (db: Db, networkId: string): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('networkId', '=', networkId)
        .where('status', '=', 'active')
        .where('role', '=', 'facilitator')
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Weights of each audience dimension in the fit score; level matters most for true peers. */
export const FIT_WEIGHTS = { levels: 3, functions: 2, industries: 2, companySizes: 1, regions: 1 } as const;
export type FitDimension = keyof typeof FIT_WEIGHTS;
/** A network aimed at the viewer's exact value scores twice as much as one open to anyone. */
export const EXACT_MATCH = 2;
export const ANYONE_MATCH = 1;

export type ViewerTraits = Partial<Record<FitDimension, string>>;

export type DirectoryFilters = {
  viewerId: string;
  words: string[];
  filters: Partial<Record<FitDimension, string>>;
  format?: string;
  joinPolicy?: string;
  hasSpace?: boolean;
};

export type DirectoryRow = Network & { score: number };
export type DirectoryPosition = { score: number; sortKey: string; id: string };

const MASK_COLUMN: Record<FitDimension, string> = {
  levels: 'audience_levels',
  functions: 'audience_functions',
  industries: 'audience_industries',
  companySizes: 'audience_company_sizes',
  regions: 'audience_regions',
};

/** Networks for this value of a dimension, or open to anyone on it: one bit test on the row. */
const audienceMatch = (dimension: FitDimension, value: string) =>
  sql<SqlBool>`(${sql.ref(`n.${MASK_COLUMN[dimension]}`)} & ${sql.lit(audienceBit(dimension, value) | AUDIENCE_ANYONE_BIT)}) <> 0`;

function textMatch(dialect: Dialect, words: string[]): Expression<SqlBool> {
  if (dialect === 'sqlite') {
    const query = words.map((word) => `"${word}"*`).join(' ');
    return sql<SqlBool>`n.rowid in (select rowid from networks_fts where networks_fts match ${query})`;
  }
  const query = words.map((word) => `${word}:*`).join(' & ');
  return sql<SqlBool>`n.search @@ to_tsquery('english', ${query})`;
}

/**
 * The fit score of a network for the viewer, from its audience bitmasks: per dimension the viewer
 * has a value for, an exact match scores twice what a network open to anyone does, times the
 * dimension's weight. Literals only, so the expression is the same text for every viewer with the
 * same traits and PostgreSQL can type it.
 */
function fitScore(traits: ViewerTraits) {
  const terms = (Object.keys(FIT_WEIGHTS) as FitDimension[]).flatMap((dimension) => {
    const value = traits[dimension];
    if (!value) return [];
    const column = sql.ref(`n.${MASK_COLUMN[dimension]}`);
    const weight = FIT_WEIGHTS[dimension];
    return [
      sql`case when (${column} & ${sql.lit(audienceBit(dimension, value))}) <> 0 then ${sql.lit(EXACT_MATCH * weight)} when (${column} & ${sql.lit(AUDIENCE_ANYONE_BIT)}) <> 0 then ${sql.lit(ANYONE_MATCH * weight)} else 0 end`,
    ];
  });
  return terms.length === 0 ? sql<number>`0` : sql<number>`(${sql.join(terms, sql` + `)})`;
}

/**
 * One page of the directory: active networks that are listed or that the viewer belongs to,
 * narrowed by the filters, ordered by fit (then newest), newest, or name; one row more than asked.
 * The keys of the page come from the networks index alone; only the page's rows are then read whole.
 */
export async function listDirectory(
  db: Db,
  dialect: Dialect,
  query: DirectoryFilters & {
    sort: 'fit' | 'newest' | 'name';
    traits: ViewerTraits;
    after: DirectoryPosition | undefined;
    limit: number;
  },
): Promise<DirectoryRow[]> {
  const hasTraits = Object.values(query.traits).some(Boolean);
  const byFit = query.sort === 'fit' && hasTraits;
  const sortKey = query.sort === 'name' ? sql<string>`n.name` : sql<string>`n.created_at`;

  let inner = db
    .selectFrom('networks as n')
    .select(['n.id', sortKey.as('sortKey'), (byFit ? fitScore(query.traits) : sql<number>`0`).as('score')])
    .where('n.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb('n.listed', '=', 1),
        eb(
          'n.id',
          'in',
          eb
            .selectFrom('memberships as m')
            .select('m.networkId')
            .where('m.userId', '=', query.viewerId)
            .where('m.status', '=', 'active'),
        ),
      ]),
    );
  for (const [dimension, value] of Object.entries(query.filters) as [FitDimension, string | undefined][]) {
    if (value) inner = inner.where(audienceMatch(dimension, value));
  }
  if (query.format) inner = inner.where('n.format', '=', query.format as NetworksTable['format']);
  if (query.joinPolicy) inner = inner.where('n.joinPolicy', '=', query.joinPolicy as NetworksTable['joinPolicy']);
  if (query.hasSpace) {
    inner = inner.where((eb) =>
      eb.or([eb('n.sizeLimit', 'is', null), eb('n.memberCount', '<', eb.ref('n.sizeLimit'))]),
    );
  }
  if (query.words.length > 0) inner = inner.where(textMatch(dialect, query.words));

  const descending = query.sort !== 'name';
  let keys = db.selectFrom(inner.as('d')).select(['d.id', 'd.sortKey', 'd.score']);
  const after = query.after;
  if (after) {
    keys = keys.where((eb) => {
      const keyThenId = descending
        ? eb.or([
            eb('d.sortKey', '<', after.sortKey),
            eb.and([eb('d.sortKey', '=', after.sortKey), eb('d.id', '<', after.id)]),
          ])
        : eb.or([
            eb('d.sortKey', '>', after.sortKey),
            eb.and([eb('d.sortKey', '=', after.sortKey), eb('d.id', '>', after.id)]),
          ]);
      return byFit
        ? eb.or([eb('d.score', '<', after.score), eb.and([eb('d.score', '=', after.score), keyThenId])])
        : keyThenId;
    });
  }
  if (byFit) keys = keys.orderBy('d.score', 'desc');
  keys = descending
    ? keys.orderBy('d.sortKey', 'desc').orderBy('d.id', 'desc')
    : keys.orderBy('d.sortKey', 'asc').orderBy('d.id', 'asc');
  const page = await keys.limit(query.limit + 1).execute();
  if (page.length === 0) return [];
  const rows = await db
    .selectFrom('networks')
    .selectAll()
    .where(
      'id',
      'in',
      page.map((key) => key.id),
    )
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return page.flatMap((key) => {
    const row = byId.get(key.id);
    return row ? [{ ...row, score: Number(key.score) }] : [];
  });
}

/** The viewer's active memberships, newest first. */
export async function listMyNetworks(
  db: Db,
  userId: string,
  after: { createdAt: string; id: string } | undefined,
  limit: number,
): Promise<(Network & { joinedAt: string })[]> {
  let query = db
    .selectFrom('memberships as m')
    .innerJoin('networks as n', 'n.id', 'm.networkId')
    .selectAll('n')
    .select('m.joinedAt')
    .where('m.userId', '=', userId)
    .where('m.status', '=', 'active');
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('m.joinedAt', '<', after.createdAt),
        eb.and([eb('m.joinedAt', '=', after.createdAt), eb('m.networkId', '<', after.id)]),
      ]),
    );
  }
  return query
    .orderBy('m.joinedAt', 'desc')
    .orderBy('m.networkId', 'desc')
    .limit(limit + 1)
    .execute();
}

/** Networks waiting for a host admin's decision, oldest first. */
export async function listProposals(
  db: Db,
  after: { createdAt: string; id: string } | undefined,
  limit: number,
): Promise<Network[]> {
  let query = db.selectFrom('networks').selectAll().where('status', '=', 'proposed');
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('createdAt', '>', after.createdAt),
        eb.and([eb('createdAt', '=', after.createdAt), eb('id', '>', after.id)]),
      ]),
    );
  }
  return query
    .orderBy('createdAt', 'asc')
    .orderBy('id', 'asc')
    .limit(limit + 1)
    .execute();
}

/** The ids of the networks each person is an active member of; one query for the whole set. */
export async function listActiveNetworkIds(db: Db, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (userIds.length === 0) return result;
  const rows = await db
    .selectFrom('memberships')
    .select(['userId', 'networkId'])
    .where('userId', 'in', [...userIds])
    .where('status', '=', 'active')
    .execute();
  for (const row of rows) result.set(row.userId, [...(result.get(row.userId) ?? []), row.networkId]);
  return result;
}
