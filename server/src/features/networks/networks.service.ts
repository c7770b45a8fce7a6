import type { PageQuery } from '@roundtable/contract/common';
import {
  DEFAULT_CHARTER,
  DEFAULT_CONFIDENTIALITY,
  type DirectoryQuery,
  type NetworkAudience,
  type NetworkCreateBody,
  type NetworkPage,
  type NetworkUpdateBody,
  type NetworkView,
  type ProposalDecisionBody,
  slugify,
} from '@roundtable/contract/networks';
import type { Updateable } from 'kysely';
import { type Db, isUniqueViolation } from '../../db/database.js';
import type { Membership, Network, NetworksTable } from '../../db/tables.js';
import { run, write } from '../../db/write.js';
import { isoNow } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { type Actor, authorize, isHostAdmin, type SignedInActor } from '../../platform/policy.js';
import { getInstanceSettings } from '../instance/instance.service.js';
import { type NetworkAccess, type NetworkAction, networkPolicies } from './networks.policy.js';
import {
  accessFor,
  audienceOf,
  audienceRowsOf,
  presentNetwork,
  presentNetworkSummary,
  presentPersonSummary,
  traitsOf,
} from './networks.presenter.js';
import {
  audienceColumns,
  countFacilitators,
  type DirectoryPosition,
  decideProposedNetwork,
  findCharter,
  findMembership,
  findNetwork,
  findNetworkBySlug,
  findViewerStanding,
  insertAudienceRow,
  insertCharter,
  insertCharterAcceptance,
  insertMembership,
  insertNetwork,
  listActiveNetworkIds,
  listAudience,
  listDirectory as listDirectoryRows,
  listFacilitatorIds,
  listMyNetworks as listMyNetworkRows,
  listPeople,
  listProposals as listProposalRows,
  replaceAudience,
  setNetworkColumns,
  type ViewerStanding,
  type ViewerTraits,
} from './networks.queries.js';

const flag = (value: boolean): number => (value ? 1 : 0);

/** The networks each person belongs to, for profile visibility: one query for the whole set. */
export const listNetworkIdsOf = (db: Db, userIds: readonly string[]): Promise<Map<string, string[]>> =>
  listActiveNetworkIds(db, userIds);

/** People by id with their profiles, for presenting names, pictures and headlines. */
export const findPeople = (db: Db, userIds: readonly string[]) => listPeople(db, userIds);

export const countNetworkFacilitators = (db: Db, networkId: string) => countFacilitators(db, networkId);

/**
 * A network by id or slug with the viewer's membership in it, for features inside a network
 * (discussions, pulses) whose policies need no more than that: two small reads.
 */
export async function findNetworkWithMembership(
  db: Db,
  userId: string,
  ref: string,
): Promise<{ network: Network; membership: Membership | undefined } | undefined> {
  const network = await findNetwork(db, ref);
  if (!network) return undefined;
  return { network, membership: await findMembership(db, network.id, userId) };
}

/** The confidentiality promise of the network's current charter, for the banner on its discussions. */
export async function findConfidentiality(db: Db, network: Pick<Network, 'id' | 'charterVersion'>): Promise<string> {
  return (await findCharter(db, network.id, network.charterVersion))?.confidentiality ?? DEFAULT_CONFIDENTIALITY;
}

export type LoadedNetwork = { network: Network; access: NetworkAccess; standing: ViewerStanding };

/**
 * The network and the viewer's standing in it, after checking the viewer may see it at all: a
 * network the viewer may not read answers not_found, exactly like one that does not exist.
 */
export async function loadNetwork(db: Db, actor: SignedInActor, ref: string): Promise<LoadedNetwork> {
  const network = await findNetwork(db, ref);
  if (!network) throw notFound('That network');
  const standing = await findViewerStanding(db, actor.userId, [network.id]);
  const access = accessFor(network, standing);
  if (!networkPolicies['network.read'](actor, access)) throw notFound('That network');
  return { network, access, standing };
}

/** Throws forbidden unless the policy allows the action; the network was readable already. */
export function authorizeNetwork(actor: Actor, action: NetworkAction, loaded: LoadedNetwork): void {
  authorize(actor, action, networkPolicies[action], loaded.access);
}

async function viewerTraits(db: Db, userId: string) {
  const person = (await listPeople(db, [userId])).get(userId);
  return traitsOf(person?.profile);
}

/** The network's page as this viewer may see it. */
export async function presentNetworkFor(db: Db, actor: SignedInActor, network: Network): Promise<NetworkView> {
  const [standing, audienceRows, charter, facilitatorIds] = await Promise.all([
    findViewerStanding(db, actor.userId, [network.id]),
    listAudience(db, [network.id]),
    findCharter(db, network.id, network.charterVersion),
    listFacilitatorIds(db, network.id),
  ]);
  if (!charter) throw new Error(`network ${network.id} has no charter version ${network.charterVersion}`);
  const people = await listPeople(db, [
    actor.userId,
    ...facilitatorIds,
    ...(network.proposedBy ? [network.proposedBy] : []),
  ]);
  const summary = (id: string) => {
    const person = people.get(id);
    return person ? presentPersonSummary(person) : null;
  };
  return presentNetwork(
    network,
    {
      audienceRows,
      charter,
      facilitators: facilitatorIds.map(summary).filter((person) => person !== null),
      proposedBy: network.proposedBy ? summary(network.proposedBy) : null,
    },
    actor,
    standing,
    traitsOf(people.get(actor.userId)?.profile),
  );
}

export async function getNetwork(ctx: AppContext, actor: SignedInActor, ref: string): Promise<NetworkView> {
  const { network } = await loadNetwork(ctx.db, actor, ref);
  return presentNetworkFor(ctx.db, actor, network);
}

async function presentPage(
  db: Db,
  actor: SignedInActor,
  rows: Network[],
  traits: ViewerTraits,
): Promise<NetworkPage['items']> {
  const ids = rows.map((row) => row.id);
  const [audience, standing] = await Promise.all([listAudience(db, ids), findViewerStanding(db, actor.userId, ids)]);
  const audienceByNetwork = new Map<string, typeof audience>();
  for (const row of audience)
    audienceByNetwork.set(row.networkId, [...(audienceByNetwork.get(row.networkId) ?? []), row]);
  return rows.map((row) => presentNetworkSummary(row, audienceByNetwork.get(row.id) ?? [], actor, standing, traits));
}

const encodeDirectoryCursor = (position: DirectoryPosition) =>
  Buffer.from(JSON.stringify([position.score, position.sortKey, position.id])).toString('base64url');

function decodeDirectoryCursor(cursor: string | undefined): DirectoryPosition | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 3) {
      const [score, sortKey, id] = value as unknown[];
      if (typeof score === 'number' && typeof sortKey === 'string' && typeof id === 'string')
        return { score, sortKey, id };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new AppError('validation_failed', 'That page cursor is not valid; start from the first page.', {
    details: [{ path: 'querystring:/cursor', message: 'is not a cursor this list handed out' }],
  });
}

/** Letters and digits of the search text, at most eight words; operators of either search syntax never get through. */
const searchWords = (q: string | undefined): string[] => (q?.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);

/** The directory: listed networks, and unlisted ones the viewer belongs to, best fit first by default. */
export async function listDirectory(
  ctx: AppContext,
  actor: SignedInActor,
  query: DirectoryQuery,
): Promise<NetworkPage> {
  const limit = query.limit ?? 25;
  const sort = query.sort ?? 'fit';
  // Read once: the fit order needs it, and every card shows its fit.
  const traits = await viewerTraits(ctx.db, actor.userId);
  const rows = await listDirectoryRows(ctx.db, ctx.database.dialect, {
    viewerId: actor.userId,
    words: searchWords(query.q),
    filters: {
      levels: query.level,
      functions: query.function,
      industries: query.industry,
      companySizes: query.companySize,
      regions: query.region,
    },
    ...(query.format ? { format: query.format } : {}),
    ...(query.joinPolicy ? { joinPolicy: query.joinPolicy } : {}),
    ...(query.hasSpace ? { hasSpace: true } : {}),
    sort,
    traits: sort === 'fit' ? traits : {},
    after: decodeDirectoryCursor(query.cursor),
    limit,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await presentPage(ctx.db, actor, page, traits),
    nextCursor:
      rows.length > limit && last
        ? encodeDirectoryCursor({
            score: last.score,
            sortKey: sort === 'name' ? last.name : last.createdAt,
            id: last.id,
          })
        : null,
  };
}

export async function listMyNetworks(ctx: AppContext, actor: SignedInActor, query: PageQuery): Promise<NetworkPage> {
  const limit = query.limit ?? 25;
  const rows = await listMyNetworkRows(ctx.db, actor.userId, decodeCursor(query.cursor), limit);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await presentPage(ctx.db, actor, page, await viewerTraits(ctx.db, actor.userId)),
    nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.joinedAt, id: last.id }) : null,
  };
}

export async function listProposals(ctx: AppContext, actor: SignedInActor, query: PageQuery): Promise<NetworkPage> {
  const limit = query.limit ?? 25;
  const rows = await listProposalRows(ctx.db, decodeCursor(query.cursor), limit);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await presentPage(ctx.db, actor, page, await viewerTraits(ctx.db, actor.userId)),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

const fullAudience = (partial: Partial<NetworkAudience> | undefined, current?: NetworkAudience): NetworkAudience => ({
  levels: partial?.levels ?? current?.levels ?? [],
  functions: partial?.functions ?? current?.functions ?? [],
  industries: partial?.industries ?? current?.industries ?? [],
  companySizes: partial?.companySizes ?? current?.companySizes ?? [],
  regions: partial?.regions ?? current?.regions ?? [],
});

const trimmedQuestions = (questions: string[]) => questions.map((q) => q.trim()).filter(Boolean);

const slugTaken = () =>
  new AppError('conflict', 'Another network already uses that address. Choose a different one.', {
    details: [{ path: '/slug', message: 'is taken' }],
  });

/** A free slug from the name: `cfo-circle`, else `cfo-circle-2`, `cfo-circle-3`, … */
const freeSlug = (db: Db, name: string): Promise<string> => freeSlugFrom(db, slugify(name) || 'network');

async function freeSlugFrom(db: Db, base: string): Promise<string> {
  for (let n = 1; n < 50; n++) {
    const candidate = n === 1 ? base : `${base.slice(0, 55)}-${n}`;
    if (!(await findNetworkBySlug(db, candidate))) return candidate;
  }
  return `${base.slice(0, 50)}-${newId().slice(-8)}`;
}

/**
 * The slug a network gets when someone asks for `wanted`. A host admin sees every network, so a
 * taken slug is a 409 for them. Anyone else gets the next free suffix instead, whoever holds the
 * slug: a 409 would confirm that an unlisted network (or a pending proposal) uses the address.
 */
async function slugFor(db: Db, actor: SignedInActor, wanted: string): Promise<string> {
  if (!(await findNetworkBySlug(db, wanted))) return wanted;
  if (isHostAdmin(actor)) throw slugTaken();
  return freeSlugFrom(db, wanted);
}

/**
 * Creates a network. A host admin's is active at once with the admin as first facilitator; a
 * member's is a proposal for a host admin to decide, when the instance allows proposals.
 */
export async function createNetwork(
  ctx: AppContext,
  actor: SignedInActor,
  body: NetworkCreateBody,
): Promise<NetworkView> {
  const isAdmin = isHostAdmin(actor);
  if (!isAdmin && !(await getInstanceSettings(ctx.db)).memberNetworkProposals) {
    throw new AppError(
      'forbidden',
      'Only host admins create networks here. Ask one to start the network you have in mind.',
    );
  }
  const now = isoNow(ctx.clock);
  const id = newId();
  const slug = body.slug ? await slugFor(ctx.db, actor, body.slug) : await freeSlug(ctx.db, body.name);
  const audienceRows = audienceRowsOf(id, fullAudience(body.audience));
  const network: Network = {
    ...audienceColumns(audienceRows),
    id,
    slug,
    name: body.name.trim(),
    purpose: body.purpose.trim(),
    status: isAdmin ? ('active' as const) : ('proposed' as const),
    format: body.format,
    homeLocation: body.homeLocation?.trim() ?? null,
    cadence: body.cadence ?? 'monthly',
    sizeLimit: body.sizeLimit ?? null,
    joinPolicy: body.joinPolicy,
    listed: flag(body.listed),
    memberCount: isAdmin ? 1 : 0,
    charterVersion: 1,
    applicationQuestions: JSON.stringify(trimmedQuestions(body.applicationQuestions ?? [])),
    allowMemberInvites: flag(body.allowMemberInvites ?? false),
    experienceProtocol: flag(body.experienceProtocol ?? false),
    refuseSameCompany: flag(body.conflictRules?.refuseSameCompany ?? false),
    refuseCompetitors: flag(body.conflictRules?.refuseCompetitors ?? false),
    proposedBy: isAdmin ? null : actor.userId,
    decisionMessage: null,
    timeZone: null,
    meetingMinutes: 0,
    missedMeetingsAlert: null,
    meetingProtocol: null,
    createdAt: now,
    updatedAt: now,
  };
  await write(ctx.database, function* () {
    // Taken since the check above (a racing request): nothing is written.
    if ((yield* run(insertNetwork, network)) === 0) throw slugTaken();
    yield* run(insertCharter, {
      networkId: id,
      version: 1,
      charter: body.charter?.trim() ?? DEFAULT_CHARTER,
      confidentiality: body.confidentiality?.trim() ?? DEFAULT_CONFIDENTIALITY,
      createdBy: actor.userId,
      createdAt: now,
    });
    for (const audience of audienceRows) yield* run(insertAudienceRow, audience);
    if (isAdmin) {
      // The creator runs the network; creating it is accepting its first charter.
      yield* run(insertMembership, {
        networkId: id,
        userId: actor.userId,
        role: 'facilitator',
        status: 'active',
        joinedAt: now,
        acceptedCharterVersion: 1,
        acceptedCharterAt: now,
        endedAt: null,
        removedBy: null,
        removalReason: null,
      });
      yield* run(insertCharterAcceptance, {
        id: newId(),
        networkId: id,
        userId: actor.userId,
        version: 1,
        acceptedAt: now,
      });
    }
  });
  return presentNetworkFor(ctx.db, actor, network);
}

/** Applies a partial change; new charter or confidentiality text becomes the next version. */
export async function updateNetwork(
  ctx: AppContext,
  actor: SignedInActor,
  ref: string,
  body: NetworkUpdateBody,
): Promise<NetworkView> {
  const loaded = await loadNetwork(ctx.db, actor, ref);
  authorizeNetwork(actor, 'network.manage', loaded);
  const { network } = loaded;
  const slug = body.slug && body.slug !== network.slug ? await slugFor(ctx.db, actor, body.slug) : body.slug;
  if (body.sizeLimit !== undefined && body.sizeLimit !== null && body.sizeLimit < network.memberCount) {
    throw new AppError(
      'validation_failed',
      `The network already has ${network.memberCount} members; the limit cannot be lower.`,
      {
        details: [{ path: '/sizeLimit', message: `must be at least ${network.memberCount}` }],
      },
    );
  }
  const now = isoNow(ctx.clock);
  const changes: Updateable<NetworksTable> = { updatedAt: now };
  if (body.name !== undefined) changes.name = body.name.trim();
  if (body.purpose !== undefined) changes.purpose = body.purpose.trim();
  if (body.format !== undefined) changes.format = body.format;
  if (body.joinPolicy !== undefined) changes.joinPolicy = body.joinPolicy;
  if (body.listed !== undefined) changes.listed = flag(body.listed);
  if (slug !== undefined) changes.slug = slug;
  if (body.homeLocation !== undefined) changes.homeLocation = body.homeLocation?.trim() ?? null;
  if (body.cadence !== undefined) changes.cadence = body.cadence;
  if (body.sizeLimit !== undefined) changes.sizeLimit = body.sizeLimit;
  if (body.applicationQuestions !== undefined) {
    changes.applicationQuestions = JSON.stringify(trimmedQuestions(body.applicationQuestions));
  }
  if (body.allowMemberInvites !== undefined) changes.allowMemberInvites = flag(body.allowMemberInvites);
  if (body.experienceProtocol !== undefined) changes.experienceProtocol = flag(body.experienceProtocol);
  if (body.conflictRules?.refuseSameCompany !== undefined) {
    changes.refuseSameCompany = flag(body.conflictRules.refuseSameCompany);
  }
  if (body.conflictRules?.refuseCompetitors !== undefined) {
    changes.refuseCompetitors = flag(body.conflictRules.refuseCompetitors);
  }

  // Everything the write decides on is read before it: the current charter and audience.
  const [currentCharter, currentAudience] = await Promise.all([
    body.charter !== undefined || body.confidentiality !== undefined
      ? findCharter(ctx.db, network.id, network.charterVersion)
      : undefined,
    body.audience !== undefined ? listAudience(ctx.db, [network.id]) : undefined,
  ]);
  let newCharter: { version: number; charter: string; confidentiality: string } | undefined;
  if (body.charter !== undefined || body.confidentiality !== undefined) {
    const charter = body.charter?.trim() ?? currentCharter?.charter ?? DEFAULT_CHARTER;
    const confidentiality = body.confidentiality?.trim() ?? currentCharter?.confidentiality ?? DEFAULT_CONFIDENTIALITY;
    if (charter !== currentCharter?.charter || confidentiality !== currentCharter?.confidentiality) {
      newCharter = { version: network.charterVersion + 1, charter, confidentiality };
      changes.charterVersion = newCharter.version;
    }
  }
  const audienceRows = currentAudience
    ? audienceRowsOf(network.id, fullAudience(body.audience, audienceOf(currentAudience)))
    : undefined;
  try {
    await write(ctx.database, function* () {
      if (newCharter)
        yield* run(insertCharter, { networkId: network.id, ...newCharter, createdBy: actor.userId, createdAt: now });
      if (audienceRows) yield* replaceAudience(network.id, audienceRows);
      yield* run(setNetworkColumns(changes), { id: network.id });
    });
  } catch (error) {
    // A slug taken since the check above (a racing request) fails the update's step; the write rolled back whole.
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
  return getNetwork(ctx, actor, network.id);
}

/** A host admin approves a member's proposal, making the proposer its first facilitator, or declines it. */
export async function decideProposal(
  ctx: AppContext,
  actor: SignedInActor,
  ref: string,
  body: ProposalDecisionBody,
): Promise<NetworkView> {
  const loaded = await loadNetwork(ctx.db, actor, ref);
  authorizeNetwork(actor, 'network.decideProposal', loaded);
  const { network } = loaded;
  const now = isoNow(ctx.clock);
  await write(ctx.database, function* () {
    const approved = body.decision === 'approve' && network.proposedBy !== null;
    yield* run(decideProposedNetwork, {
      id: network.id,
      status: approved ? 'active' : 'declined',
      decisionMessage: body.message?.trim() ?? null,
      memberCount: approved ? 1 : 0,
      updatedAt: now,
    });
    if (approved && network.proposedBy) {
      yield* run(insertMembership, {
        networkId: network.id,
        userId: network.proposedBy,
        role: 'facilitator',
        status: 'active',
        joinedAt: now,
        acceptedCharterVersion: network.charterVersion,
        acceptedCharterAt: now,
        endedAt: null,
        removedBy: null,
        removalReason: null,
      });
      yield* run(insertCharterAcceptance, {
        id: newId(),
        networkId: network.id,
        userId: network.proposedBy,
        version: network.charterVersion,
        acceptedAt: now,
      });
    }
  });
  return getNetwork(ctx, actor, network.id);
}
