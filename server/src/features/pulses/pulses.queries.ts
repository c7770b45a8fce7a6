import type { PulseBox } from '@roundtable/contract/pulses';
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import { row, statement } from '../../db/statements.js';
import type { Pulse, Tables } from '../../db/tables.js';
import { all, first, run, type Work } from '../../db/write.js';

export const findPulse = (db: Db, pulseId: string): Promise<Pulse | undefined> =>
  db.selectFrom('pulses').selectAll().where('id', '=', pulseId).executeTakeFirst();

export type PulseNetwork = { id: string; slug: string; name: string };

export async function listPulseNetworks(db: Db, pulseIds: readonly string[]): Promise<Map<string, PulseNetwork[]>> {
  const result = new Map<string, PulseNetwork[]>();
  if (pulseIds.length === 0) return result;
  const rows = await db
    .selectFrom('pulseNetworks')
    .innerJoin('networks', 'networks.id', 'pulseNetworks.networkId')
    .select(['pulseNetworks.pulseId', 'networks.id', 'networks.slug', 'networks.name'])
    .where('pulseNetworks.pulseId', 'in', [...new Set(pulseIds)])
    .orderBy('networks.name')
    .execute();
  for (const row of rows)
    result.set(row.pulseId, [...(result.get(row.pulseId) ?? []), { id: row.id, slug: row.slug, name: row.name }]);
  return result;
}

export async function findRecipientStates(
  db: Db,
  userId: string,
  pulseIds: readonly string[],
): Promise<Map<string, 'waiting' | 'answered' | 'declined' | 'missed'>> {
  if (pulseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('pulseRecipients')
    .select(['pulseId', 'state'])
    .where('userId', '=', userId)
    .where('pulseId', 'in', [...pulseIds])
    .execute();
  return new Map(rows.map((row) => [row.pulseId, row.state]));
}

/** The person's role in each of these networks they are an active member of. */
export async function listActiveRoles(
  db: Db,
  userId: string,
  networkIds: readonly string[],
): Promise<Map<string, 'member' | 'facilitator'>> {
  if (networkIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('memberships')
    .select(['networkId', 'role'])
    .where('userId', '=', userId)
    .where('networkId', 'in', [...networkIds])
    .where('status', '=', 'active')
    .execute();
  return new Map(rows.map((row) => [row.networkId, row.role]));
}

const ownResponse = statement((db, p: { pulseId: string; userId: string }) =>
  db
    .selectFrom('pulseResponses')
    .select(['id', 'answers', 'publishedAnswers', 'createdAt'])
    .where('pulseId', '=', p.pulseId)
    .where('userId', '=', p.userId),
);

export const findOwnResponse = (db: Db, pulseId: string, userId: string) => ownResponse.first(db, { pulseId, userId });

/** The member's response, as a step of the write that answers or changes it. */
export const ownResponseIn = (pulseId: string, userId: string) => first(ownResponse, { pulseId, userId });

export const changeAnswers = statement((db, p: { id: string; answers: string; updatedAt: string }) =>
  db
    .updateTable('pulseResponses')
    .set({ answers: p.answers, isPending: 1, updatedAt: p.updatedAt })
    .where('id', '=', p.id),
);

export const markRecipientAnswered = statement((db, p: { pulseId: string; userId: string }) =>
  db
    .updateTable('pulseRecipients')
    .set({ state: 'answered' })
    .where('pulseId', '=', p.pulseId)
    .where('userId', '=', p.userId),
);

/**
 * Counts a first answer and answers its position; taking it through the pulse row orders
 * concurrent answers. `undeclined` is 1 when the member had declined before.
 */
export const countAnswer = statement((db, p: { pulseId: string; undeclined: number }) =>
  db
    .updateTable('pulses')
    .set((eb) => ({
      responseCount: eb('responseCount', '+', 1),
      declinedCount: eb('declinedCount', '-', p.undeclined),
    }))
    .where('id', '=', p.pulseId)
    .returning('responseCount'),
);

export const insertResponse = statement(
  (
    db,
    p: {
      id: string;
      pulseId: string;
      userId: string;
      position: number;
      answers: string;
      createdAt: string;
      updatedAt: string;
    },
  ) =>
    db.insertInto('pulseResponses').values({
      ...row(p, {
        id: true,
        pulseId: true,
        userId: true,
        position: true,
        answers: true,
        createdAt: true,
        updatedAt: true,
      }),
      isPending: 1,
    }),
);

/**
 * Takes the pulse row's lock before the publication check reads the pending answers, so two
 * answers arriving together are checked one after the other and each sees the other's row.
 */
export const lockPulseForPublication = statement((db, p: { pulseId: string }) =>
  db
    .updateTable('pulses')
    .set((eb) => ({ publishedCount: eb.ref('publishedCount') }))
    .where('id', '=', p.pulseId)
    .returningAll(),
);

/** Responses whose answers differ from what the results show, by `pulse_responses_pending_idx`. */
export const pendingResponses = statement((db, p: { pulseId: string }) =>
  db
    .selectFrom('pulseResponses')
    .select(['id', 'answers', 'publishedAnswers'])
    .where('pulseId', '=', p.pulseId)
    .where('isPending', '=', 1),
);

export const setResponsePublication = statement(
  (db, p: { id: string; publishedAnswers: string | null; isPending: 0 | 1 }) =>
    db
      .updateTable('pulseResponses')
      .set({ publishedAnswers: p.publishedAnswers, isPending: p.isPending })
      .where('id', '=', p.id),
);

/** Adds newly published responses to the pulse's count and answers the new count. */
export const addPublishedCount = statement((db, p: { pulseId: string; added: number }) =>
  db
    .updateTable('pulses')
    .set((eb) => ({ publishedCount: eb('publishedCount', '+', p.added) }))
    .where('id', '=', p.pulseId)
    .returning('publishedCount'),
);

export type AudienceCandidate = {
  userId: string;
  level: string | null;
  function: string | null;
  industry: string | null;
  companySize: string | null;
  region: string | null;
  company: string | null;
  competitors: string | null;
  joinedAt: string;
  emailVerifiedAt: string | null;
};

/** Every active member of these networks, once, with the profile fields an audience filter reads. */
export async function listAudienceCandidates(db: Db, networkIds: readonly string[]): Promise<AudienceCandidate[]> {
  const rows = await db
    .selectFrom('memberships')
    .leftJoin('profiles', 'profiles.userId', 'memberships.userId')
    .innerJoin('users', 'users.id', 'memberships.userId')
    .select([
      'memberships.userId',
      'memberships.joinedAt',
      'users.emailVerifiedAt',
      'profiles.level',
      'profiles.function',
      'profiles.industry',
      'profiles.companySize',
      'profiles.region',
      'profiles.company',
      'profiles.competitors',
    ])
    .where('memberships.networkId', 'in', [...networkIds])
    .where('memberships.status', '=', 'active')
    .execute();
  const seen = new Map<string, AudienceCandidate>();
  // A member of several of the pulse's networks counts from the earliest of their joins.
  for (const row of rows) {
    const earlier = seen.get(row.userId);
    seen.set(row.userId, earlier && earlier.joinedAt < row.joinedAt ? earlier : row);
  }
  return [...seen.values()];
}

/** The published answer sheets, the only answers results are built from. */
export const listPublishedSheets = async (db: Db, pulseId: string): Promise<string[]> =>
  (
    await db
      .selectFrom('pulseResponses')
      .select('publishedAnswers')
      .where('pulseId', '=', pulseId)
      .where('publishedAnswers', 'is not', null)
      .orderBy('position', 'asc')
      .execute()
  ).flatMap((row) => (row.publishedAnswers === null ? [] : [row.publishedAnswers]));

/** Published sheets of responses with nothing pending, for the publication check. */
/** The published sheets of the responses that are settled (not pending). */
export const settledSheets = statement((db, p: { pulseId: string }) =>
  db
    .selectFrom('pulseResponses')
    .select('publishedAnswers')
    .where('pulseId', '=', p.pulseId)
    .where('isPending', '=', 0)
    .where('publishedAnswers', 'is not', null),
);

/** When each first answer came, for the asker's response curve. */
export const listAnswerTimes = async (db: Db, pulseId: string): Promise<string[]> =>
  (
    await db
      .selectFrom('pulseResponses')
      .select('createdAt')
      .where('pulseId', '=', pulseId)
      .orderBy('position', 'asc')
      .execute()
  ).map((row) => row.createdAt);

/** The sheets published at the first close with their writers' profile fields then; never who wrote them. */
export const listBreakdownSheets = (db: Db, pulseId: string) =>
  db
    .selectFrom('pulseResponses')
    .select(['breakdownAnswers', 'breakdownGroup'])
    .where('pulseId', '=', pulseId)
    .where('breakdownAnswers', 'is not', null)
    .orderBy('position', 'asc')
    .execute();

const markBreakdownTaken = statement((db, p: { pulseId: string; at: string }) =>
  db
    .updateTable('pulses')
    .set({ breakdownTakenAt: p.at })
    .where('id', '=', p.pulseId)
    .where('breakdownTakenAt', 'is', null),
);

const publishedSheetsWithProfiles = statement((db, p: { pulseId: string }) =>
  db
    .selectFrom('pulseResponses')
    .leftJoin('profiles', 'profiles.userId', 'pulseResponses.userId')
    .select([
      'pulseResponses.id',
      'pulseResponses.publishedAnswers',
      'profiles.companySize',
      'profiles.region',
      'profiles.industry',
    ])
    .where('pulseResponses.pulseId', '=', p.pulseId)
    .where('pulseResponses.publishedAnswers', 'is not', null),
);

const setBreakdownCopy = statement((db, p: { id: string; breakdownAnswers: string | null; breakdownGroup: string }) =>
  db
    .updateTable('pulseResponses')
    .set({ breakdownAnswers: p.breakdownAnswers, breakdownGroup: p.breakdownGroup })
    .where('id', '=', p.id),
);

/**
 * Freezes the published answers and their writers' profile fields for breakdowns, once, at the
 * first close; steps of the write that closes the pulse.
 */
export function* takeBreakdownCopy(pulseId: string, at: string): Work<void> {
  if ((yield* run(markBreakdownTaken, { pulseId, at })) === 0) return;
  const rows = yield* all(publishedSheetsWithProfiles, { pulseId });
  for (const row of rows)
    yield* run(setBreakdownCopy, {
      id: row.id,
      breakdownAnswers: row.publishedAnswers,
      breakdownGroup: JSON.stringify({
        companySize: row.companySize ?? null,
        region: row.region ?? null,
        industry: row.industry ?? null,
      }),
    });
}

/** Names of those who answered a pulse that is not anonymous, alphabetically (never in answer order). */
export const listRespondentNames = async (db: Db, pulseId: string): Promise<string[]> =>
  (
    await db
      .selectFrom('pulseRecipients')
      .innerJoin('users', 'users.id', 'pulseRecipients.userId')
      .select('users.name')
      .where('pulseRecipients.pulseId', '=', pulseId)
      .where('pulseRecipients.state', '=', 'answered')
      .orderBy('users.name')
      .execute()
  ).map((row) => row.name);

/** The person asked still belongs to one of the pulse's networks: someone who left hears and sees no more of it. */
const isStillInPulseNetworks = (eb: ExpressionBuilder<Tables, 'pulseRecipients'>) =>
  eb.exists(
    eb
      .selectFrom('pulseNetworks')
      .innerJoin('memberships', 'memberships.networkId', 'pulseNetworks.networkId')
      .select('memberships.userId')
      .whereRef('pulseNetworks.pulseId', '=', 'pulseRecipients.pulseId')
      .whereRef('memberships.userId', '=', 'pulseRecipients.userId')
      .where('memberships.status', '=', 'active'),
  );

/** Members asked, in one state, who still belong to one of the pulse's networks. */
export const listRecipientIds = async (
  db: Db,
  pulseId: string,
  state: 'waiting' | 'answered' | 'declined' | 'missed',
) =>
  (
    await db
      .selectFrom('pulseRecipients')
      .select('pulseRecipients.userId')
      .where('pulseRecipients.pulseId', '=', pulseId)
      .where('pulseRecipients.state', '=', state)
      .where(isStillInPulseNetworks)
      .execute()
  ).map((row) => row.userId);

export type InboxPosition = { createdAt: string; id: string };

/** The viewer's pulses in one box, newest first, each from one index range. */
export async function listMyPulseIds(
  db: Db,
  userId: string,
  box: PulseBox,
  after: InboxPosition | undefined,
  limit: number,
): Promise<InboxPosition[]> {
  if (box === 'asked') {
    let select = db.selectFrom('pulses').select(['id', 'createdAt']).where('askerId', '=', userId);
    if (after)
      select = select.where((eb) => eb(eb.refTuple('createdAt', 'id'), '<', eb.tuple(after.createdAt, after.id)));
    return select
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
  }
  // A hidden pulse leaves the members' view, and a pulse leaves the view of whoever left its networks.
  let select = db
    .selectFrom('pulseRecipients')
    .innerJoin('pulses', 'pulses.id', 'pulseRecipients.pulseId')
    .select(['pulseRecipients.pulseId as id', 'pulseRecipients.createdAt'])
    .where('pulseRecipients.userId', '=', userId)
    .where('pulses.hiddenAt', 'is', null)
    .where(isStillInPulseNetworks);
  if (box !== 'all') select = select.where('pulseRecipients.state', '=', box);
  if (after)
    select = select.where((eb) =>
      eb(eb.refTuple('pulseRecipients.createdAt', 'pulseRecipients.pulseId'), '<', eb.tuple(after.createdAt, after.id)),
    );
  return select
    .orderBy('pulseRecipients.createdAt', 'desc')
    .orderBy('pulseRecipients.pulseId', 'desc')
    .limit(limit + 1)
    .execute();
}

/** A network's pulses the viewer may see (asked, asking, or running the network), newest first. */
export async function listNetworkPulseIds(
  db: Db,
  networkId: string,
  viewerId: string,
  seesAll: boolean,
  after: InboxPosition | undefined,
  limit: number,
): Promise<InboxPosition[]> {
  let select = db
    .selectFrom('pulseNetworks')
    .innerJoin('pulses', 'pulses.id', 'pulseNetworks.pulseId')
    .select(['pulseNetworks.pulseId as id', 'pulseNetworks.createdAt'])
    .where('pulseNetworks.networkId', '=', networkId);
  if (!seesAll)
    select = select
      .where('pulses.hiddenAt', 'is', null)
      .where((eb) =>
        eb.or([
          eb('pulses.askerId', '=', viewerId),
          eb.exists(
            eb
              .selectFrom('pulseRecipients')
              .select('pulseRecipients.userId')
              .whereRef('pulseRecipients.pulseId', '=', 'pulseNetworks.pulseId')
              .where('pulseRecipients.userId', '=', viewerId),
          ),
        ]),
      );
  if (after)
    select = select.where((eb) =>
      eb(eb.refTuple('pulseNetworks.createdAt', 'pulseNetworks.pulseId'), '<', eb.tuple(after.createdAt, after.id)),
    );
  return select
    .orderBy('pulseNetworks.createdAt', 'desc')
    .orderBy('pulseNetworks.pulseId', 'desc')
    .limit(limit + 1)
    .execute();
}

export async function listPulsesById(db: Db, ids: readonly string[]): Promise<Map<string, Pulse>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('pulses')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/** A new pulse, as written: every column, its counts from zero. */
export const insertPulse = statement((db, p: Pulse) =>
  db.insertInto('pulses').values(
    row(p, {
      id: true,
      askerId: true,
      title: true,
      context: true,
      questions: true,
      threshold: true,
      anonymous: true,
      antitrustSafe: true,
      resultsVisibility: true,
      audience: true,
      audienceSize: true,
      responseCount: true,
      declinedCount: true,
      publishedCount: true,
      breakdownTakenAt: true,
      extended: true,
      closesAt: true,
      closedAt: true,
      hiddenAt: true,
      hiddenReason: true,
      createdAt: true,
    }),
  ),
);

/** One of the networks a pulse asks. */
export const insertPulseNetwork = statement((db, p: { pulseId: string; networkId: string; createdAt: string }) =>
  db.insertInto('pulseNetworks').values(row(p, { pulseId: true, networkId: true, createdAt: true })),
);

/**
 * Asks a batch of members (their ids a list): one row each, waiting. Taken from their user rows so
 * the statement keeps one shape per list size; a padded list repeats an id, which `in` ignores.
 */
export const insertWaitingRecipients = statement((db, p: { pulseId: string; userIds: string[]; createdAt: string }) =>
  db
    .insertInto('pulseRecipients')
    .columns(['pulseId', 'userId', 'state', 'createdAt'])
    .expression((eb) =>
      eb
        .selectFrom('users')
        .select([
          eb.val(p.pulseId).as('pulseId'),
          'users.id',
          eb.val('waiting').as('state'),
          eb.val(p.createdAt).as('createdAt'),
        ])
        .where('users.id', 'in', p.userIds),
    ),
);

/** The member will not answer: counted once, only while waiting. */
export const declineWaiting = statement((db, p: { pulseId: string; userId: string }) =>
  db
    .updateTable('pulseRecipients')
    .set({ state: 'declined' })
    .where('pulseId', '=', p.pulseId)
    .where('userId', '=', p.userId)
    .where('state', '=', 'waiting'),
);

/** Counts a decline and answers the pulse as it now stands. */
export const countDecline = statement((db, p: { pulseId: string }) =>
  db
    .updateTable('pulses')
    .set((eb) => ({ declinedCount: eb('declinedCount', '+', 1) }))
    .where('id', '=', p.pulseId)
    .returningAll(),
);

/**
 * Closes a pulse still open and as it was read: its counts and whether it is hidden unchanged, so
 * the notices planned on them hold. Answers 0 changes otherwise.
 */
export const closeAsRead = statement(
  (
    db,
    p: {
      pulseId: string;
      at: string;
      responseCount: number;
      publishedCount: number;
      declinedCount: number;
      hidden: number;
    },
  ) =>
    db
      .updateTable('pulses')
      .set({ closedAt: p.at })
      .where('id', '=', p.pulseId)
      .where('closedAt', 'is', null)
      .where('responseCount', '=', p.responseCount)
      .where('publishedCount', '=', p.publishedCount)
      .where('declinedCount', '=', p.declinedCount)
      .where((eb) =>
        eb.or([
          eb.and([eb(eb.val(p.hidden), '=', eb.lit(0)), eb('hiddenAt', 'is', null)]),
          eb.and([eb(eb.val(p.hidden), '=', eb.lit(1)), eb('hiddenAt', 'is not', null)]),
        ]),
      ),
);

/** Members asked who did not answer by the close. */
export const markWaitingMissed = statement((db, p: { pulseId: string }) =>
  db
    .updateTable('pulseRecipients')
    .set({ state: 'missed' })
    .where('pulseId', '=', p.pulseId)
    .where('state', '=', 'waiting'),
);

/** Those who missed a re-opened pulse are asked again. */
export const markMissedWaiting = statement((db, p: { pulseId: string }) =>
  db
    .updateTable('pulseRecipients')
    .set({ state: 'waiting' })
    .where('pulseId', '=', p.pulseId)
    .where('state', '=', 'missed'),
);

/** The asker's one extension of the deadline. */
export const extendDeadline = statement((db, p: { pulseId: string; closesAt: string }) =>
  db.updateTable('pulses').set({ closesAt: p.closesAt, extended: 1 }).where('id', '=', p.pulseId),
);

/** Re-opens a closed pulse with a new deadline. */
export const reopenWithDeadline = statement((db, p: { pulseId: string; closesAt: string }) =>
  db.updateTable('pulses').set({ closesAt: p.closesAt, closedAt: null }).where('id', '=', p.pulseId),
);

/** Hides a pulse with the reason its asker sees, or shows it again with nulls. */
export const setPulseHidden = statement(
  (db, p: { pulseId: string; hiddenAt: string | null; hiddenReason: string | null }) =>
    db.updateTable('pulses').set({ hiddenAt: p.hiddenAt, hiddenReason: p.hiddenReason }).where('id', '=', p.pulseId),
);

/** A pulse's hiding or showing, in the audit trail host admins read. */
export const logPulseModeration = statement(
  (
    db,
    p: {
      id: string;
      networkId: string;
      actorId: string;
      action: 'hide_pulse' | 'unhide_pulse';
      pulseId: string;
      reason: string | null;
      createdAt: string;
    },
  ) =>
    db.insertInto('moderationLog').values({
      ...row(p, {
        id: true,
        networkId: true,
        actorId: true,
        action: true,
        pulseId: true,
        reason: true,
        createdAt: true,
      }),
      threadId: null,
      replyId: null,
    }),
);

/**
 * Pulses the member answered (first answers, not edits), by `pulse_responses_member_time_idx`; for NQ
 * signals and plans. Its shape varies per call (the `since` bound is optional), so it is built per call.
 */
export async function countPulsesAnswered(db: Db, userId: string, since: string | null): Promise<number> {
  let query = db
    .selectFrom('pulseResponses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('userId', '=', userId);
  if (since !== null) query = query.where('createdAt', '>=', since);
  return Number((await query.executeTakeFirst())?.n ?? 0);
}
