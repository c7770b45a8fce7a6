import type {
  ApplicationBody,
  ApplicationListQuery,
  ApplicationPage,
  ApplicationView,
  ConflictView,
  DecisionBody,
  MemberListQuery,
  MembershipPage,
  MembershipView,
  NetworkView,
  OwnApplicationView,
} from '@roundtable/contract/networks';
import { companyKey } from '@roundtable/contract/profiles';
import type { Db } from '../../db/database.js';
import type { Membership, Network } from '../../db/tables.js';
import { run, type Work, write } from '../../db/write.js';
import { isoNow } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, encodeCursor, toPage } from '../../platform/pagination.js';
import { isHostAdmin, type SignedInActor } from '../../platform/policy.js';
import { dropAnswersOnLeaving } from '../meetings/meetings.service.js';
import { parseStrings, presentPersonSummary, questionsOf } from '../networks/networks.presenter.js';
import {
  authorizeNetwork,
  countNetworkFacilitators,
  findPeople,
  loadNetwork,
  presentNetworkFor,
} from '../networks/networks.service.js';
import { planNotifications, storeNotifications } from '../notifications/notifications.service.js';
import { presentApplication, presentMembership } from './memberships.presenter.js';
import {
  type CompanyFacts,
  countMember,
  countMemberIfRoom,
  decidePendingApplication,
  endActiveMembership,
  findApplication,
  findCompanyFacts,
  findMemberRow,
  insertAdmission,
  insertApplication,
  insertCharterAcceptance,
  listApplications,
  listFacilitatorIds,
  listMemberCompanyFacts,
  listMembers as listMemberRows,
  markApplicationJoined,
  promoteActiveMember,
  putMembership,
  setAcceptedCharter,
  setMemberRole,
  uncountMember,
  useAdmissions,
} from './memberships.queries.js';

const keysOf = (names: string[]) => new Set(names.map(companyKey).filter(Boolean));

/**
 * The conflicts of interest a person would bring into a network: a colleague from the same
 * company, a company either side declared a competitor, or a declared customer. `refused` says
 * whether the network's rules keep the person out because of it.
 */
export function findConflicts(
  person: CompanyFacts,
  members: readonly CompanyFacts[],
  rules: { refuseSameCompany: boolean; refuseCompetitors: boolean },
): (Omit<ConflictView, 'member'> & { memberId: string })[] {
  const ownKey = person.company ? companyKey(person.company) : '';
  const ownCompetitors = keysOf(parseStrings(person.competitors));
  const ownCustomers = keysOf(parseStrings(person.customers));
  const conflicts: (Omit<ConflictView, 'member'> & { memberId: string })[] = [];
  for (const member of members) {
    if (member.userId === person.userId || !member.company) continue;
    const memberKey = companyKey(member.company);
    if (!memberKey) continue;
    const base = { memberId: member.userId, company: member.company };
    if (memberKey === ownKey) {
      conflicts.push({ ...base, kind: 'same_company', refused: rules.refuseSameCompany });
    } else if (ownCompetitors.has(memberKey)) {
      conflicts.push({ ...base, kind: 'declared_competitor', refused: rules.refuseCompetitors });
    } else if (ownKey && keysOf(parseStrings(member.competitors)).has(ownKey)) {
      conflicts.push({
        ...base,
        company: person.company ?? member.company,
        kind: 'declared_by_member',
        refused: rules.refuseCompetitors,
      });
    } else if (ownCustomers.has(memberKey) || (ownKey && keysOf(parseStrings(member.customers)).has(ownKey))) {
      conflicts.push({ ...base, kind: 'customer', refused: false });
    }
  }
  return conflicts;
}

const rulesOf = (network: Network) => ({
  refuseSameCompany: network.refuseSameCompany === 1,
  refuseCompetitors: network.refuseCompetitors === 1,
});

async function conflictsFor(db: Db, network: Network, userId: string) {
  const [members, facts] = await Promise.all([listMemberCompanyFacts(db, network.id), findCompanyFacts(db, [userId])]);
  const person = facts.get(userId);
  return person ? findConflicts(person, members, rulesOf(network)) : [];
}

/** Keeps out someone the network's conflict rules refuse, without naming the member on the other side. */
async function assertNoRefusedConflict(db: Db, network: Network, userId: string, who: 'you' | 'applicant') {
  const refused = (await conflictsFor(db, network, userId)).filter((conflict) => conflict.refused);
  if (refused.length === 0) return;
  const kinds = new Set(refused.map((conflict) => conflict.kind));
  const reason = kinds.has('same_company') ? 'someone from the same company' : 'a competitor';
  throw new AppError(
    'conflict_of_interest',
    who === 'you'
      ? `This network already has ${reason} of yours, and its rules keep competitors apart. A facilitator can tell you more.`
      : `The network already has ${reason} of this applicant, and its rules refuse that conflict.`,
  );
}

function assertCurrentCharter(network: Network, charterVersion: number): void {
  if (charterVersion === network.charterVersion) return;
  throw new AppError(
    'charter_outdated',
    'The charter changed while you were reading it. Read the current version and accept it again.',
    { details: [{ path: '/charterVersion', message: `must be the current version, ${network.charterVersion}` }] },
  );
}

/** Adds or reactivates the membership, counts it, records the charter acceptance and uses up the admission. */
function* admitMember(network: Network, userId: string, now: string): Work<void> {
  // The size check and the count move together in one conditional update, so two racing joins cannot overfill.
  if ((yield* run(countMemberIfRoom, { networkId: network.id })) === 0) {
    throw new AppError('network_full', 'This network is full. A facilitator can raise its size limit.');
  }
  yield* run(putMembership, {
    networkId: network.id,
    userId,
    role: 'member',
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
    userId,
    version: network.charterVersion,
    acceptedAt: now,
  });
  yield* run(useAdmissions, { networkId: network.id, userId, usedAt: now });
  yield* run(markApplicationJoined, { networkId: network.id, userId });
}

/**
 * Joins a network after accepting its current charter: at once for open networks, or with an
 * approved application or accepted invitation.
 */
export async function joinNetwork(
  ctx: AppContext,
  actor: SignedInActor,
  ref: string,
  charterVersion: number,
): Promise<NetworkView> {
  const loaded = await loadNetwork(ctx.db, actor, ref);
  if (loaded.access.membership?.status === 'active') {
    throw new AppError('conflict', 'You are already a member of this network.');
  }
  if (!loaded.access.admitted && loaded.network.joinPolicy !== 'open' && loaded.access.network.status === 'active') {
    const message =
      loaded.network.joinPolicy === 'application'
        ? 'This network takes members by application. Apply first; you can join once a facilitator approves.'
        : 'This network takes members by invitation only.';
    throw new AppError('forbidden', message);
  }
  authorizeNetwork(actor, 'network.join', loaded);
  assertCurrentCharter(loaded.network, charterVersion);
  await assertNoRefusedConflict(ctx.db, loaded.network, actor.userId, 'you');
  const now = isoNow(ctx.clock);
  const [people, facilitatorIds] = await Promise.all([
    findPeople(ctx.db, [actor.userId]),
    listFacilitatorIds(ctx.db, loaded.network.id),
  ]);
  const joiner = people.get(actor.userId);
  const planned = await planNotifications(
    ctx,
    ctx.db,
    facilitatorIds.map((userId) => ({
      userId,
      kind: 'member_joined' as const,
      title: `${joiner?.name ?? 'Someone'} joined ${loaded.network.name}`,
      url: `/networks/${loaded.network.slug}?tab=members`,
      networkId: loaded.network.id,
    })),
  );
  await write(ctx.database, function* (tx) {
    yield* admitMember(loaded.network, actor.userId, now);
    yield* storeNotifications(ctx, tx, planned);
  });
  return presentNetworkFor(ctx.db, actor, { ...loaded.network, memberCount: loaded.network.memberCount + 1 });
}

/** A member accepts a charter that changed since they joined. */
export async function acceptCharter(
  ctx: AppContext,
  actor: SignedInActor,
  ref: string,
  charterVersion: number,
): Promise<NetworkView> {
  const loaded = await loadNetwork(ctx.db, actor, ref);
  authorizeNetwork(actor, 'network.acceptCharter', loaded);
  assertCurrentCharter(loaded.network, charterVersion);
  const now = isoNow(ctx.clock);
  await write(ctx.database, function* () {
    yield* run(setAcceptedCharter, {
      networkId: loaded.network.id,
      userId: actor.userId,
      version: charterVersion,
      acceptedAt: now,
    });
    yield* run(insertCharterAcceptance, {
      id: newId(),
      networkId: loaded.network.id,
      userId: actor.userId,
      version: charterVersion,
      acceptedAt: now,
    });
  });
  return presentNetworkFor(ctx.db, actor, loaded.network);
}

const lastFacilitator = () =>
  new AppError('conflict', 'A network needs a facilitator. Appoint another facilitator first.');

function* endMembership(
  networkId: string,
  userId: string,
  ending: { status: 'left' | 'removed'; removedBy: string | null; removalReason: string | null },
  now: string,
): Work<void> {
  const ended = yield* run(endActiveMembership, { networkId, userId, ...ending, endedAt: now });
  if (ended === 0) return;
  yield* run(uncountMember, { networkId });
  yield* dropAnswersOnLeaving(networkId, userId, now);
}

export async function leaveNetwork(ctx: AppContext, actor: SignedInActor, ref: string): Promise<void> {
  const loaded = await loadNetwork(ctx.db, actor, ref);
  authorizeNetwork(actor, 'network.leave', loaded);
  if (
    loaded.access.membership?.role === 'facilitator' &&
    (await countNetworkFacilitators(ctx.db, loaded.network.id)) <= 1
  ) {
    throw lastFacilitator();
  }
  const now = isoNow(ctx.clock);
  await write(ctx.database, () =>
    endMembership(loaded.network.id, actor.userId, { status: 'left', removedBy: null, removalReason: null }, now),
  );
}

export async function removeMember(
  ctx: AppContext,
  actor: SignedInActor,
  ref: string,
  memberId: string,
  reason: string,
): Promise<void> {
  const loaded = await loadNetwork(ctx.db, actor, ref);
  authorizeNetwork(actor, 'network.removeMember', loaded);
  if (memberId === actor.userId) throw new AppError('conflict', 'To leave the network yourself, use “Leave network”.');
  const target = await findMemberRow(ctx.db, loaded.network.id, memberId);
  if (target?.status !== 'active') throw notFound('That member');
  if (target.role === 'facilitator' && !isHostAdmin(actor)) {
    throw new AppError('forbidden', 'Only a host admin can remove a facilitator.');
  }
  const now = isoNow(ctx.clock);
  const trimmed = reason.trim();
  const planned = await planNotifications(ctx, ctx.db, [
    {
      userId: memberId,
      kind: 'removed_from_network',
      title: `You were removed from ${loaded.network.name}`,
      body: `A facilitator removed you, giving this reason: “${trimmed}”`,
      url: '/networks',
    },
  ]);
  await write(ctx.database, function* (tx) {
    yield* endMembership(
      loaded.network.id,
      memberId,
      { status: 'removed', removedBy: actor.userId, removalReason: trimmed },
      now,
    );
    yield* storeNotifications(ctx, tx, planned);
  });
}

export async function listMembers(
  ctx: AppContext,
  actor: SignedInActor,
  ref: string,
  query: MemberListQuery,
): Promise<MembershipPage> {
  const loaded = await loadNetwork(ctx.db, actor, ref);
  authorizeNetwork(actor, 'network.readMembers', loaded);
  const limit = query.limit ?? 25;
  const rows = await listMemberRows(ctx.db, loaded.network.id, {
    ...(query.role ? { role: query.role } : {}),
    after: decodeCursor(query.cursor),
    limit,
  });
  const isFacilitatorView = isHostAdmin(actor) || loaded.access.membership?.role === 'facilitator';
  return toPage(
    rows.map((row) => ({ ...row, createdAt: row.joinedAt, id: row.userId })),
    limit,
    (row) => presentMembership(row, actor, isFacilitatorView),
  );
}

async function membershipView(ctx: AppContext, actor: SignedInActor, networkId: string, memberId: string) {
  const row = await findMemberRow(ctx.db, networkId, memberId);
  if (row?.status !== 'active') throw notFound('That member');
  return presentMembership(row, actor, true);
}

/**
 * Makes someone a facilitator. A facilitator may only promote an active member who accepted the
 * charter: adding anyone else would skip the application, the charter, the conflict screen and the
 * size limit, or undo a host admin's removal. A host admin may also add someone not yet in the
 * network, who is asked to accept the charter on their first visit.
 */
export async function appointFacilitator(
  ctx: AppContext,
  actor: SignedInActor,
  ref: string,
  memberId: string,
): Promise<MembershipView> {
  const loaded = await loadNetwork(ctx.db, actor, ref);
  authorizeNetwork(actor, 'network.appointFacilitators', loaded);
  const people = await findPeople(ctx.db, [memberId]);
  if (!people.has(memberId)) throw notFound('That member');
  const networkId = loaded.network.id;
  if (!isHostAdmin(actor)) {
    const target = await findMemberRow(ctx.db, networkId, memberId);
    if (target?.status !== 'active' || target.acceptedCharterVersion === null) throw notFound('That member');
  }
  const now = isoNow(ctx.clock);
  await write(ctx.database, function* () {
    if ((yield* run(promoteActiveMember, { networkId, userId: memberId })) > 0) return;
    // Removed or gone since the check above: only a host admin adds someone from outside.
    if (!isHostAdmin(actor)) throw notFound('That member');
    const fresh: Membership = {
      networkId,
      userId: memberId,
      role: 'facilitator',
      status: 'active',
      joinedAt: now,
      acceptedCharterVersion: null,
      acceptedCharterAt: null,
      endedAt: null,
      removedBy: null,
      removalReason: null,
    };
    yield* run(putMembership, fresh);
    yield* run(countMember, { networkId });
  });
  return membershipView(ctx, actor, networkId, memberId);
}

/** A facilitator steps down to member (or is stepped down); the network keeps at least one. */
export async function dismissFacilitator(
  ctx: AppContext,
  actor: SignedInActor,
  ref: string,
  memberId: string,
): Promise<MembershipView> {
  const loaded = await loadNetwork(ctx.db, actor, ref);
  authorizeNetwork(actor, 'network.appointFacilitators', loaded);
  const networkId = loaded.network.id;
  const target = await findMemberRow(ctx.db, networkId, memberId);
  if (target?.status !== 'active' || target.role !== 'facilitator') throw notFound('That facilitator');
  if ((await countNetworkFacilitators(ctx.db, networkId)) <= 1) throw lastFacilitator();
  await write(ctx.database, () => run(setMemberRole, { networkId, userId: memberId, role: 'member' }));
  return membershipView(ctx, actor, networkId, memberId);
}

const presentOwnApplication = (row: {
  id: string;
  status: OwnApplicationView['status'];
  decisionMessage: string | null;
  createdAt: string;
  decidedAt: string | null;
}): OwnApplicationView => ({
  id: row.id,
  status: row.status,
  decisionMessage: row.decisionMessage,
  createdAt: row.createdAt,
  decidedAt: row.decidedAt,
});

/** Applies to a network that takes members by application; every facilitator is told by email. */
export async function applyToNetwork(
  ctx: AppContext,
  actor: SignedInActor,
  ref: string,
  body: ApplicationBody,
): Promise<OwnApplicationView> {
  const loaded = await loadNetwork(ctx.db, actor, ref);
  if (loaded.access.application?.status === 'pending') {
    throw new AppError('conflict', 'Your application is already with the facilitators.');
  }
  authorizeNetwork(actor, 'network.apply', loaded);
  const questions = questionsOf(loaded.network);
  const answers = (body.answers ?? []).map((answer) => answer.trim());
  const missing = questions.flatMap((_question, index) => (answers[index] ? [] : [index]));
  if (answers.length > questions.length || missing.length > 0) {
    throw new AppError('validation_failed', 'Answer each of the network’s questions.', {
      details:
        missing.length > 0
          ? missing.map((index) => ({
              path: `/answers/${index}`,
              message: `answers “${questions[index]}” and is required`,
            }))
          : [{ path: '/answers', message: `must have ${questions.length} answers` }],
    });
  }
  const application = {
    id: newId(),
    networkId: loaded.network.id,
    userId: actor.userId,
    why: body.why.trim(),
    contribution: body.contribution.trim(),
    answers: JSON.stringify(answers),
    status: 'pending' as const,
    decisionMessage: null,
    decidedBy: null,
    decidedAt: null,
    createdAt: isoNow(ctx.clock),
  };
  const [people, facilitatorIds] = await Promise.all([
    findPeople(ctx.db, [actor.userId]),
    listFacilitatorIds(ctx.db, loaded.network.id),
  ]);
  const applicant = people.get(actor.userId);
  const planned = await planNotifications(
    ctx,
    ctx.db,
    facilitatorIds.map((userId) => ({
      userId,
      kind: 'application_received' as const,
      title: `${applicant?.name ?? 'Someone'} applied to ${loaded.network.name}`,
      body: 'Review the application, the profile and any conflicts of interest it would bring, then approve or decline.',
      url: `/networks/${loaded.network.slug}/applications`,
      networkId: loaded.network.id,
    })),
  );
  await write(ctx.database, function* (tx) {
    // One open application per person and network: a second one (two racing requests) inserts nothing.
    if ((yield* run(insertApplication, application)) === 0)
      throw new AppError('conflict', 'Your application is already with the facilitators.');
    yield* storeNotifications(ctx, tx, planned);
  });
  return presentOwnApplication(application);
}

async function presentApplications(
  db: Db,
  actor: SignedInActor,
  network: Network,
  rows: Parameters<typeof presentApplication>[0][],
): Promise<ApplicationView[]> {
  const ids = rows.flatMap((row) => [row.userId, ...(row.decidedBy ? [row.decidedBy] : [])]);
  const rules = rulesOf(network);
  const conflictsWithMembers = (person: CompanyFacts | undefined) =>
    person ? findConflicts(person, members, rules) : [];
  const [people, members, facts] = await Promise.all([
    findPeople(db, ids),
    listMemberCompanyFacts(db, network.id),
    findCompanyFacts(
      db,
      rows.map((row) => row.userId),
    ),
  ]);
  const conflicts = new Map(rows.map((row) => [row.userId, conflictsWithMembers(facts.get(row.userId))]));
  const memberPeople = await findPeople(
    db,
    [...conflicts.values()].flat().map((conflict) => conflict.memberId),
  );
  const questions = questionsOf(network);
  const conflictsOf = (userId: string): ConflictView[] =>
    (conflicts.get(userId) ?? []).map(({ memberId, ...conflict }) => {
      const known = memberPeople.get(memberId);
      return {
        ...conflict,
        member: known ? presentPersonSummary(known) : { id: memberId, name: 'A member', avatarUrl: null },
      };
    });
  return rows.map((row) => presentApplication(row, people, questions, conflictsOf(row.userId), actor));
}

export async function listNetworkApplications(
  ctx: AppContext,
  actor: SignedInActor,
  ref: string,
  query: ApplicationListQuery,
): Promise<ApplicationPage> {
  const loaded = await loadNetwork(ctx.db, actor, ref);
  authorizeNetwork(actor, 'network.review', loaded);
  const limit = query.limit ?? 25;
  const rows = await listApplications(ctx.db, loaded.network.id, {
    status: query.status ?? 'pending',
    after: decodeCursor(query.cursor),
    limit,
  });
  const page = rows.slice(0, limit);
  const items = await presentApplications(ctx.db, actor, loaded.network, page);
  const last = page.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** Approves (admitting the applicant, who then accepts the charter) or declines, and tells the applicant. */
export async function decideApplication(
  ctx: AppContext,
  actor: SignedInActor,
  ref: string,
  applicationId: string,
  body: DecisionBody,
): Promise<ApplicationView> {
  const loaded = await loadNetwork(ctx.db, actor, ref);
  authorizeNetwork(actor, 'network.review', loaded);
  const application = await findApplication(ctx.db, loaded.network.id, applicationId);
  if (!application) throw notFound('That application');
  if (application.status !== 'pending') throw new AppError('conflict', 'This application has already been decided.');
  const isApproved = body.decision === 'approve';
  if (isApproved) await assertNoRefusedConflict(ctx.db, loaded.network, application.userId, 'applicant');
  const now = isoNow(ctx.clock);
  const message = body.message?.trim() ?? null;
  const explanation = isApproved
    ? 'The facilitators approved your application. Read and accept the charter and confidentiality agreement to join your peers.'
    : 'The facilitators have decided not to admit you to this network for now.';
  const planned = await planNotifications(ctx, ctx.db, [
    {
      userId: application.userId,
      kind: 'application_decided',
      title: isApproved ? `You are in: ${loaded.network.name}` : `Your application to ${loaded.network.name}`,
      body: message ? `${explanation} Their message: “${message}”` : explanation,
      url: `/networks/${loaded.network.slug}`,
      networkId: loaded.network.id,
    },
  ]);
  const decision = {
    status: isApproved ? ('approved' as const) : ('declined' as const),
    decisionMessage: message,
    decidedBy: actor.userId,
    decidedAt: now,
  };
  await write(ctx.database, function* (tx) {
    if ((yield* run(decidePendingApplication, { id: application.id, ...decision })) === 0)
      throw new AppError('conflict', 'This application has already been decided.');
    if (isApproved) {
      yield* grantAdmission({
        networkId: loaded.network.id,
        userId: application.userId,
        via: 'application',
        sourceId: application.id,
        now,
      });
    }
    yield* storeNotifications(ctx, tx, planned);
  });
  // Presented from the row read before, as the write decided it.
  const updated = { ...application, ...decision };
  const [view] = await presentApplications(ctx.db, actor, loaded.network, [updated]);
  if (!view) throw notFound('That application');
  return view;
}

/** Everyone who facilitates the network now, e.g. to tell them of an application or a flag. */
export const listFacilitatorIdsOf = (db: Db, networkId: string): Promise<string[]> => listFacilitatorIds(db, networkId);

/** Grants a way in (used by invitations), to be used when the person accepts the charter; a step of the caller's write. */
export function* grantAdmission(admission: {
  networkId: string;
  userId: string;
  via: 'application' | 'invitation';
  sourceId: string;
  now: string;
}): Work<void> {
  yield* run(insertAdmission, {
    id: newId(),
    networkId: admission.networkId,
    userId: admission.userId,
    via: admission.via,
    sourceId: admission.sourceId,
    grantedAt: admission.now,
    usedAt: null,
  });
}
