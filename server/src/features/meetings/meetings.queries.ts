import type { Db } from '../../db/database.js';
import { row, statement } from '../../db/statements.js';
import type { Meeting, MeetingCommitment, MeetingIssue, MeetingOffer, MeetingParticipant } from '../../db/tables.js';

/*
 * Meetings are members-only: every list here is scoped to a network (or to the networks the caller
 * passes, which the service takes from the viewer's active memberships).
 */

export const insertSeries = statement(
  (
    db,
    p: {
      id: string;
      networkId: string;
      rrule: string;
      timeZone: string;
      localStart: string;
      createdBy: string;
      createdAt: string;
    },
  ) =>
    db.insertInto('meetingSeries').values(
      row(p, {
        id: true,
        networkId: true,
        rrule: true,
        timeZone: true,
        localStart: true,
        createdBy: true,
        createdAt: true,
      }),
    ),
);

/** What scheduling stores; the rest starts at its default. */
export type NewMeeting = Omit<Meeting, keyof typeof MEETING_DEFAULTS>;

export const MEETING_DEFAULTS = {
  moved: 0,
  sequence: 0,
  goingCount: 0,
  runStartedAt: null,
  runEndedAt: null,
  runIssueId: null,
  runStep: null,
  runStepStartedAt: null,
  recapPublishedAt: null,
  minutes: null,
  remindedDay: 0,
  remindedHour: 0,
} as const satisfies Partial<Meeting>;

export const insertMeeting = statement((db, p: NewMeeting) =>
  db.insertInto('meetings').values(
    row(p, {
      id: true,
      networkId: true,
      seriesId: true,
      title: true,
      description: true,
      startsAt: true,
      endsAt: true,
      timeZone: true,
      localStart: true,
      format: true,
      location: true,
      videoUrl: true,
      capacity: true,
      status: true,
      cancelReason: true,
      agendaPublishedAt: true,
      createdBy: true,
      createdAt: true,
      updatedAt: true,
    }),
  ),
);

const meetingById = statement((db, p: { id: string }) => db.selectFrom('meetings').selectAll().where('id', '=', p.id));
export const findMeeting = (db: Db, meetingId: string): Promise<Meeting | undefined> =>
  meetingById.first(db, { id: meetingId });

const seriesRuleById = statement((db, p: { id: string }) =>
  db.selectFrom('meetingSeries').select('rrule').where('id', '=', p.id),
);
export const findSeriesRule = async (db: Db, seriesId: string | null): Promise<string | null> =>
  seriesId === null ? null : ((await seriesRuleById.first(db, { id: seriesId }))?.rrule ?? null);

/** Changes to one occurrence; every change bumps its calendar SEQUENCE. */
export const updateMeeting = statement(
  (
    db,
    p: Pick<
      Meeting,
      | 'id'
      | 'title'
      | 'description'
      | 'startsAt'
      | 'endsAt'
      | 'localStart'
      | 'format'
      | 'location'
      | 'videoUrl'
      | 'capacity'
      | 'moved'
      | 'updatedAt'
    >,
  ) =>
    db
      .updateTable('meetings')
      .set((eb) => ({
        title: p.title,
        description: p.description,
        startsAt: p.startsAt,
        endsAt: p.endsAt,
        localStart: p.localStart,
        format: p.format,
        location: p.location,
        videoUrl: p.videoUrl,
        capacity: p.capacity,
        moved: p.moved,
        updatedAt: p.updatedAt,
        sequence: eb('sequence', '+', 1),
      }))
      .where('id', '=', p.id),
);

export const cancelMeeting = statement((db, p: { id: string; reason: string | null; updatedAt: string }) =>
  db
    .updateTable('meetings')
    .set((eb) => ({
      status: 'cancelled',
      cancelReason: p.reason,
      updatedAt: p.updatedAt,
      sequence: eb('sequence', '+', 1),
    }))
    .where('id', '=', p.id)
    .where('status', '=', 'scheduled'),
);

export const publishAgenda = statement((db, p: { id: string; publishedAt: string }) =>
  db.updateTable('meetings').set({ agendaPublishedAt: p.publishedAt, updatedAt: p.publishedAt }).where('id', '=', p.id),
);

type MeetingCursor = { startsAt: string; id: string };
export type MeetingListRow = Meeting & { networkSlug: string; networkName: string };

type ListArgs = { networkIds: string[]; now: string; startsAt: string; afterId: string; limit: number };

const meetingColumns = (db: Db) =>
  db
    .selectFrom('meetings')
    .innerJoin('networks', 'networks.id', 'meetings.networkId')
    .selectAll('meetings')
    .select(['networks.slug as networkSlug', 'networks.name as networkName']);

/** Meetings not yet over, soonest first, by `meetings_network_idx` (a meeting lasts at most a day). */
const upcomingIn = statement((db, p: ListArgs & { since: string }) =>
  meetingColumns(db)
    .where('meetings.networkId', 'in', p.networkIds)
    .where('meetings.startsAt', '>=', p.since)
    .where('meetings.endsAt', '>', p.now)
    .where((eb) => eb(eb.refTuple('meetings.startsAt', 'meetings.id'), '>', eb.tuple(p.startsAt, p.afterId)))
    .orderBy('meetings.startsAt', 'asc')
    .orderBy('meetings.id', 'asc')
    .limit(p.limit),
);

/** Meetings over, latest first. */
const pastIn = statement((db, p: ListArgs) =>
  meetingColumns(db)
    .where('meetings.networkId', 'in', p.networkIds)
    .where('meetings.endsAt', '<=', p.now)
    .where((eb) => eb(eb.refTuple('meetings.startsAt', 'meetings.id'), '<', eb.tuple(p.startsAt, p.afterId)))
    .orderBy('meetings.startsAt', 'desc')
    .orderBy('meetings.id', 'desc')
    .limit(p.limit),
);

const DAY_MS = 86_400_000;

/** One page of the networks' meetings, and one row more to tell whether another page exists. */
export function listMeetings(
  db: Db,
  query: {
    networkIds: string[];
    when: 'upcoming' | 'past';
    now: string;
    after: MeetingCursor | undefined;
    limit: number;
  },
): Promise<MeetingListRow[]> {
  if (query.networkIds.length === 0) return Promise.resolve([]);
  const base = { networkIds: query.networkIds, now: query.now, limit: query.limit + 1 };
  if (query.when === 'upcoming')
    return upcomingIn.all(db, {
      ...base,
      since: new Date(Date.parse(query.now) - DAY_MS).toISOString(),
      startsAt: query.after?.startsAt ?? '',
      afterId: query.after?.id ?? '',
    });
  return pastIn.all(db, { ...base, startsAt: query.after?.startsAt ?? '~', afterId: query.after?.id ?? '' });
}

/** A member's calendar: their networks' meetings from 90 days ago on, at most 500. */
const calendarOf = statement((db, p: { networkIds: string[]; since: string }) =>
  meetingColumns(db)
    .where('meetings.networkId', 'in', p.networkIds)
    .where('meetings.startsAt', '>=', p.since)
    .orderBy('meetings.startsAt', 'asc')
    .limit(500),
);
export const listCalendarMeetings = (db: Db, networkIds: string[], since: string): Promise<MeetingListRow[]> =>
  networkIds.length === 0 ? Promise.resolve([]) : calendarOf.all(db, { networkIds, since });

// Participants

const participantOf = statement((db, p: { meetingId: string; userId: string }) =>
  db.selectFrom('meetingParticipants').selectAll().where('meetingId', '=', p.meetingId).where('userId', '=', p.userId),
);
export const findParticipant = (db: Db, meetingId: string, userId: string): Promise<MeetingParticipant | undefined> =>
  participantOf.first(db, { meetingId, userId });

const answersAmong = statement((db, p: { userId: string; meetingIds: string[] }) =>
  db
    .selectFrom('meetingParticipants')
    .select(['meetingId', 'rsvp'])
    .where('userId', '=', p.userId)
    .where('meetingId', 'in', p.meetingIds),
);
/** The viewer's answer to each of these meetings. */
export async function findMyAnswers(db: Db, userId: string, meetingIds: readonly string[]) {
  if (meetingIds.length === 0) return new Map<string, MeetingParticipant['rsvp']>();
  const rows = await answersAmong.all(db, { userId, meetingIds: [...meetingIds] });
  return new Map(rows.map((answer) => [answer.meetingId, answer.rsvp]));
}

export const upsertRsvp = statement(
  (db, p: { meetingId: string; userId: string; rsvp: string; note: string | null; answeredAt: string }) =>
    db
      .insertInto('meetingParticipants')
      .values({
        meetingId: p.meetingId,
        userId: p.userId,
        rsvp: p.rsvp as MeetingParticipant['rsvp'],
        note: p.note,
        answeredAt: p.answeredAt,
        attended: null,
      })
      .onConflict((oc) =>
        oc.columns(['meetingId', 'userId']).doUpdateSet({
          rsvp: p.rsvp as MeetingParticipant['rsvp'],
          note: p.note,
          answeredAt: p.answeredAt,
        }),
      ),
);

/** Keeps the meeting's count of members going in step, inside the write that changed an answer. */
export const recountGoing = statement((db, p: { meetingId: string }) =>
  db
    .updateTable('meetings')
    .set((eb) => ({
      goingCount: eb
        .selectFrom('meetingParticipants')
        .select((count) => count.fn.countAll<number>().as('n'))
        .where('meetingParticipants.meetingId', '=', p.meetingId)
        .where('meetingParticipants.rsvp', '=', 'going'),
    }))
    .where('id', '=', p.meetingId),
);

const answerCounts = statement((db, p: { meetingId: string }) =>
  db
    .selectFrom('meetingParticipants')
    .select(['rsvp', (eb) => eb.fn.countAll<number>().as('n')])
    .where('meetingId', '=', p.meetingId)
    .where('rsvp', 'is not', null)
    .groupBy('rsvp'),
);
export async function countAnswers(db: Db, meetingId: string) {
  const counts = { going: 0, maybe: 0, notGoing: 0 };
  for (const { rsvp, n } of await answerCounts.all(db, { meetingId })) {
    if (rsvp === 'going') counts.going = Number(n);
    if (rsvp === 'maybe') counts.maybe = Number(n);
    if (rsvp === 'not_going') counts.notGoing = Number(n);
  }
  return counts;
}

/** How many of those going a meeting's page names; the count says how many more. */
export const GOING_SHOWN = 24;

const goingIds = statement((db, p: { meetingId: string }) =>
  db
    .selectFrom('meetingParticipants')
    .select('userId')
    .where('meetingId', '=', p.meetingId)
    .where('rsvp', '=', 'going')
    .orderBy('answeredAt', 'asc')
    .limit(GOING_SHOWN),
);
/** The first members going, in the order they answered. */
export const listGoingIds = async (db: Db, meetingId: string): Promise<string[]> =>
  (await goingIds.all(db, { meetingId })).map((going) => going.userId);

const rollOf = statement((db, p: { meetingId: string; networkId: string }) =>
  db
    .selectFrom('memberships')
    .leftJoin('meetingParticipants', (join) =>
      join
        .onRef('meetingParticipants.userId', '=', 'memberships.userId')
        .on('meetingParticipants.meetingId', '=', p.meetingId),
    )
    .select([
      'memberships.userId',
      'meetingParticipants.rsvp',
      'meetingParticipants.note',
      'meetingParticipants.answeredAt',
      'meetingParticipants.attended',
    ])
    .where('memberships.networkId', '=', p.networkId)
    .where('memberships.status', '=', 'active'),
);
/** Every active member of the network with their answer and attendance: the facilitators' roll. */
export const listRoll = (db: Db, meetingId: string, networkId: string) => rollOf.all(db, { meetingId, networkId });

export const markAllMissed = statement((db, p: { meetingId: string }) =>
  db.updateTable('meetingParticipants').set({ attended: 0 }).where('meetingId', '=', p.meetingId),
);

export const markAttended = statement((db, p: { meetingId: string; userId: string }) =>
  db
    .insertInto('meetingParticipants')
    .values({ meetingId: p.meetingId, userId: p.userId, rsvp: null, note: null, answeredAt: null, attended: 1 })
    .onConflict((oc) => oc.columns(['meetingId', 'userId']).doUpdateSet({ attended: 1 })),
);

export const insertMissed = statement((db, p: { meetingId: string; userId: string }) =>
  db
    .insertInto('meetingParticipants')
    .values({ meetingId: p.meetingId, userId: p.userId, rsvp: null, note: null, answeredAt: null, attended: 0 })
    .onConflict((oc) => oc.columns(['meetingId', 'userId']).doNothing()),
);

const activeMemberIds = statement((db, p: { networkId: string }) =>
  db.selectFrom('memberships').select('userId').where('networkId', '=', p.networkId).where('status', '=', 'active'),
);
/** Who is told about a network's meetings. */
export const listMemberIds = async (db: Db, networkId: string): Promise<string[]> =>
  (await activeMemberIds.all(db, { networkId })).map((member) => member.userId);

const activeNetworkIdsOf = statement((db, p: { userId: string }) =>
  db.selectFrom('memberships').select('networkId').where('userId', '=', p.userId).where('status', '=', 'active'),
);
export const listMyNetworkIds = async (db: Db, userId: string): Promise<string[]> =>
  (await activeNetworkIdsOf.all(db, { userId })).map((membership) => membership.networkId);

// Issues

export const insertIssue = statement((db, p: Omit<MeetingIssue, 'carriedOver'>) =>
  db.insertInto('meetingIssues').values(
    row(p, {
      id: true,
      networkId: true,
      authorId: true,
      title: true,
      need: true,
      priority: true,
      background: true,
      status: true,
      meetingId: true,
      position: true,
      minutes: true,
      createdAt: true,
      updatedAt: true,
    }),
  ),
);

const issueById = statement((db, p: { id: string }) =>
  db.selectFrom('meetingIssues').selectAll().where('id', '=', p.id),
);
export const findIssue = (db: Db, issueId: string): Promise<MeetingIssue | undefined> =>
  issueById.first(db, { id: issueId });

export const updateIssue = statement(
  (db, p: Pick<MeetingIssue, 'id' | 'title' | 'need' | 'priority' | 'background' | 'updatedAt'>) =>
    db
      .updateTable('meetingIssues')
      .set({ title: p.title, need: p.need, priority: p.priority, background: p.background, updatedAt: p.updatedAt })
      .where('id', '=', p.id),
);

export const withdrawIssue = statement((db, p: { id: string; updatedAt: string }) =>
  db
    .updateTable('meetingIssues')
    .set({ status: 'withdrawn', meetingId: null, position: null, minutes: null, updatedAt: p.updatedAt })
    .where('id', '=', p.id),
);

/** The network's queue, A before B before C, oldest first within a priority, by `meeting_issues_queue_idx`. */
const queueOf = statement((db, p: { networkId: string }) =>
  db
    .selectFrom('meetingIssues')
    .selectAll()
    .where('networkId', '=', p.networkId)
    .where('status', '=', 'queued')
    .orderBy('priority', 'asc')
    .orderBy('createdAt', 'asc')
    .orderBy('id', 'asc')
    .limit(200),
);
export const listQueue = (db: Db, networkId: string): Promise<MeetingIssue[]> => queueOf.all(db, { networkId });

const agendaOf = statement((db, p: { meetingId: string }) =>
  db.selectFrom('meetingIssues').selectAll().where('meetingId', '=', p.meetingId).orderBy('position', 'asc'),
);
export const listAgenda = (db: Db, meetingId: string): Promise<MeetingIssue[]> => agendaOf.all(db, { meetingId });

const issuesAmong = statement((db, p: { ids: string[] }) =>
  db.selectFrom('meetingIssues').selectAll().where('id', 'in', p.ids),
);
export const listIssuesByIds = (db: Db, ids: readonly string[]): Promise<MeetingIssue[]> =>
  ids.length === 0 ? Promise.resolve([]) : issuesAmong.all(db, { ids: [...ids] });

/** Takes a meeting's agenda back to the queue, before it is rebuilt or when the meeting is cancelled. */
export const returnAgendaToQueue = statement((db, p: { meetingId: string; updatedAt: string }) =>
  db
    .updateTable('meetingIssues')
    .set({ status: 'queued', meetingId: null, position: null, minutes: null, updatedAt: p.updatedAt })
    .where('meetingId', '=', p.meetingId)
    .where('status', '=', 'on_agenda'),
);

export const placeOnAgenda = statement(
  (db, p: { id: string; meetingId: string; position: number; minutes: number; updatedAt: string }) =>
    db
      .updateTable('meetingIssues')
      .set({
        status: 'on_agenda',
        meetingId: p.meetingId,
        position: p.position,
        minutes: p.minutes,
        updatedAt: p.updatedAt,
      })
      .where('id', '=', p.id),
);

// Calendar feeds

export const upsertCalendarFeed = statement((db, p: { userId: string; tokenHash: string; createdAt: string }) =>
  db
    .insertInto('calendarFeeds')
    .values({ userId: p.userId, tokenHash: p.tokenHash, createdAt: p.createdAt })
    .onConflict((oc) => oc.column('userId').doUpdateSet({ tokenHash: p.tokenHash, createdAt: p.createdAt })),
);

export const deleteCalendarFeed = statement((db, p: { userId: string }) =>
  db.deleteFrom('calendarFeeds').where('userId', '=', p.userId),
);

const feedOfUser = statement((db, p: { userId: string }) =>
  db.selectFrom('calendarFeeds').selectAll().where('userId', '=', p.userId),
);
export const findCalendarFeed = (db: Db, userId: string) => feedOfUser.first(db, { userId });

const feedByHash = statement((db, p: { tokenHash: string }) =>
  db.selectFrom('calendarFeeds').select('userId').where('tokenHash', '=', p.tokenHash),
);
export const findCalendarFeedOwner = async (db: Db, tokenHash: string): Promise<string | undefined> =>
  (await feedByHash.first(db, { tokenHash }))?.userId;

// Running a meeting

export const saveRun = statement(
  (
    db,
    p: Pick<
      Meeting,
      'id' | 'runStartedAt' | 'runEndedAt' | 'runIssueId' | 'runStep' | 'runStepStartedAt' | 'updatedAt'
    >,
  ) =>
    db
      .updateTable('meetings')
      .set({
        runStartedAt: p.runStartedAt,
        runEndedAt: p.runEndedAt,
        runIssueId: p.runIssueId,
        runStep: p.runStep,
        runStepStartedAt: p.runStepStartedAt,
        updatedAt: p.updatedAt,
      })
      .where('id', '=', p.id),
);

export const setIssueStatus = statement((db, p: { id: string; status: MeetingIssue['status']; updatedAt: string }) =>
  db.updateTable('meetingIssues').set({ status: p.status, updatedAt: p.updatedAt }).where('id', '=', p.id),
);

/** What the meeting did not reach goes back to the queue, marked as carried over. */
export const carryOverAgenda = statement((db, p: { meetingId: string; updatedAt: string }) =>
  db
    .updateTable('meetingIssues')
    .set((eb) => ({
      status: 'queued',
      meetingId: null,
      position: null,
      minutes: null,
      carriedOver: eb('carriedOver', '+', 1),
      updatedAt: p.updatedAt,
    }))
    .where('meetingId', '=', p.meetingId)
    .where('status', '=', 'on_agenda'),
);

// Settings

export const saveMeetingSettings = statement(
  (
    db,
    p: {
      id: string;
      timeZone: string | null;
      meetingProtocol: string | null;
      meetingMinutes: number;
      missedMeetingsAlert: number | null;
      updatedAt: string;
    },
  ) =>
    db
      .updateTable('networks')
      .set({
        timeZone: p.timeZone,
        meetingProtocol: p.meetingProtocol,
        meetingMinutes: p.meetingMinutes,
        missedMeetingsAlert: p.missedMeetingsAlert,
        updatedAt: p.updatedAt,
      })
      .where('id', '=', p.id),
);

// Offers

export const insertOffer = statement((db, p: Omit<MeetingOffer, 'reminded'>) =>
  db.insertInto('meetingOffers').values(
    row(p, {
      id: true,
      issueId: true,
      networkId: true,
      offererId: true,
      presenterId: true,
      description: true,
      dueOn: true,
      status: true,
      link: true,
      message: true,
      fileKey: true,
      fileName: true,
      fileType: true,
      fileSize: true,
      fulfilledAt: true,
      createdAt: true,
      updatedAt: true,
    }),
  ),
);

const offerById = statement((db, p: { id: string }) =>
  db.selectFrom('meetingOffers').selectAll().where('id', '=', p.id),
);
export const findOffer = (db: Db, offerId: string): Promise<MeetingOffer | undefined> =>
  offerById.first(db, { id: offerId });

const offersOfIssues = statement((db, p: { issueIds: string[] }) =>
  db
    .selectFrom('meetingOffers')
    .selectAll()
    .where('issueId', 'in', p.issueIds)
    .where('status', '!=', 'withdrawn')
    .orderBy('createdAt', 'asc'),
);
export const listOffersOf = (db: Db, issueIds: readonly string[]): Promise<MeetingOffer[]> =>
  issueIds.length === 0 ? Promise.resolve([]) : offersOfIssues.all(db, { issueIds: [...issueIds] });

const offerCountsOf = statement((db, p: { issueIds: string[] }) =>
  db
    .selectFrom('meetingOffers')
    .select(['issueId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('issueId', 'in', p.issueIds)
    .where('status', '!=', 'withdrawn')
    .groupBy('issueId'),
);
/** How many offers (not withdrawn) each issue has, by `meeting_offers_issue_idx`. */
export async function countOffersOf(db: Db, issueIds: readonly string[]): Promise<Map<string, number>> {
  if (issueIds.length === 0) return new Map();
  const rows = await offerCountsOf.all(db, { issueIds: [...issueIds] });
  return new Map(rows.map((row) => [row.issueId, Number(row.n)]));
}

const offersBy = statement((db, p: { userId: string }) =>
  db
    .selectFrom('meetingOffers')
    .selectAll()
    .where('offererId', '=', p.userId)
    .where('status', '!=', 'withdrawn')
    .orderBy('createdAt', 'desc')
    .limit(200),
);
const offersTo = statement((db, p: { userId: string }) =>
  db
    .selectFrom('meetingOffers')
    .selectAll()
    .where('presenterId', '=', p.userId)
    .where('status', '!=', 'withdrawn')
    .orderBy('createdAt', 'desc')
    .limit(200),
);
/** The latest 200 offers the member made, or was made. */
export const listMyOffersRows = (db: Db, userId: string, role: 'offered_by_me' | 'offered_to_me') =>
  (role === 'offered_by_me' ? offersBy : offersTo).all(db, { userId });

export const fulfilOffer = statement(
  (
    db,
    p: Pick<
      MeetingOffer,
      'id' | 'link' | 'message' | 'fileKey' | 'fileName' | 'fileType' | 'fileSize' | 'fulfilledAt' | 'updatedAt'
    >,
  ) =>
    db
      .updateTable('meetingOffers')
      .set({
        status: 'fulfilled',
        link: p.link,
        message: p.message,
        fileKey: p.fileKey,
        fileName: p.fileName,
        fileType: p.fileType,
        fileSize: p.fileSize,
        fulfilledAt: p.fulfilledAt,
        updatedAt: p.updatedAt,
      })
      .where('id', '=', p.id),
);

export const withdrawOffer = statement((db, p: { id: string; updatedAt: string }) =>
  db.updateTable('meetingOffers').set({ status: 'withdrawn', updatedAt: p.updatedAt }).where('id', '=', p.id),
);

/** Open offers due on or before a day and not yet reminded, by `meeting_offers_due_idx`. */
const offersDue = statement((db, p: { dueOn: string }) =>
  db
    .selectFrom('meetingOffers')
    .selectAll()
    .where('status', '=', 'open')
    .where('dueOn', '<=', p.dueOn)
    .where('reminded', '=', 0)
    .limit(500),
);
export const listOffersDue = (db: Db, dueOn: string): Promise<MeetingOffer[]> => offersDue.all(db, { dueOn });

export const markOfferReminded = statement((db, p: { id: string }) =>
  db.updateTable('meetingOffers').set({ reminded: 1 }).where('id', '=', p.id).where('reminded', '=', 0),
);

// Commitments

export const insertCommitment = statement((db, p: MeetingCommitment) =>
  db.insertInto('meetingCommitments').values(
    row(p, {
      id: true,
      issueId: true,
      networkId: true,
      userId: true,
      text: true,
      status: true,
      madeInMeetingId: true,
      checkedInMeetingId: true,
      checkInNote: true,
      checkedAt: true,
      createdAt: true,
      updatedAt: true,
    }),
  ),
);

const commitmentById = statement((db, p: { id: string }) =>
  db.selectFrom('meetingCommitments').selectAll().where('id', '=', p.id),
);
export const findCommitment = (db: Db, commitmentId: string): Promise<MeetingCommitment | undefined> =>
  commitmentById.first(db, { id: commitmentId });

/** Commitments still open in a network, made before a time, with their issue's title: the next meeting's check-in. */
const openCommitmentsOf = statement((db, p: { networkId: string; before: string }) =>
  db
    .selectFrom('meetingCommitments')
    .innerJoin('meetingIssues', 'meetingIssues.id', 'meetingCommitments.issueId')
    .selectAll('meetingCommitments')
    .select('meetingIssues.title as issueTitle')
    .where('meetingCommitments.networkId', '=', p.networkId)
    .where('meetingCommitments.status', 'in', ['open', 'in_progress'])
    .where('meetingCommitments.createdAt', '<', p.before)
    .orderBy('meetingCommitments.createdAt', 'asc')
    .limit(100),
);
export type OpenCommitment = MeetingCommitment & { issueTitle: string };
export const listOpenCommitments = (db: Db, networkId: string, before: string): Promise<OpenCommitment[]> =>
  openCommitmentsOf.all(db, { networkId, before });

const commitmentsOfIssues = statement((db, p: { issueIds: string[] }) =>
  db.selectFrom('meetingCommitments').selectAll().where('issueId', 'in', p.issueIds).orderBy('createdAt', 'asc'),
);
export const listCommitmentsOf = (db: Db, issueIds: readonly string[]): Promise<MeetingCommitment[]> =>
  issueIds.length === 0 ? Promise.resolve([]) : commitmentsOfIssues.all(db, { issueIds: [...issueIds] });

export const checkInCommitment = statement(
  (
    db,
    p: Pick<MeetingCommitment, 'id' | 'status' | 'checkInNote' | 'checkedInMeetingId' | 'checkedAt' | 'updatedAt'>,
  ) =>
    db
      .updateTable('meetingCommitments')
      .set({
        status: p.status,
        checkInNote: p.checkInNote,
        checkedInMeetingId: p.checkedInMeetingId,
        checkedAt: p.checkedAt,
        updatedAt: p.updatedAt,
      })
      .where('id', '=', p.id),
);

// Recap

const processedOf = statement((db, p: { meetingId: string }) =>
  db
    .selectFrom('meetingIssues')
    .selectAll()
    .where('meetingId', '=', p.meetingId)
    .where('status', '=', 'processed')
    .orderBy('position', 'asc'),
);
export const listProcessed = (db: Db, meetingId: string): Promise<MeetingIssue[]> => processedOf.all(db, { meetingId });

export const publishRecap = statement((db, p: { id: string; minutes: string | null; publishedAt: string }) =>
  db
    .updateTable('meetings')
    .set({ recapPublishedAt: p.publishedAt, minutes: p.minutes, updatedAt: p.publishedAt })
    .where('id', '=', p.id),
);

const attendanceOf = statement((db, p: { meetingId: string }) =>
  db.selectFrom('meetingParticipants').select(['userId', 'attended', 'rsvp']).where('meetingId', '=', p.meetingId),
);
export const listAttendance = (db: Db, meetingId: string) => attendanceOf.all(db, { meetingId });

/** Each member's last attendance records in the network, latest first: the attendance rule reads them. */
const recentAttendanceOf = statement((db, p: { networkId: string; userIds: string[]; since: string }) =>
  db
    .selectFrom('meetingParticipants')
    .innerJoin('meetings', 'meetings.id', 'meetingParticipants.meetingId')
    .select([
      'meetingParticipants.userId',
      'meetingParticipants.meetingId',
      'meetingParticipants.attended',
      'meetings.startsAt',
    ])
    .where('meetings.networkId', '=', p.networkId)
    .where('meetings.startsAt', '>=', p.since)
    .where('meetingParticipants.userId', 'in', p.userIds)
    .where('meetingParticipants.attended', 'is not', null)
    .orderBy('meetings.startsAt', 'desc'),
);
export const listRecentAttendance = (db: Db, networkId: string, userIds: readonly string[], since: string) =>
  userIds.length === 0 ? Promise.resolve([]) : recentAttendanceOf.all(db, { networkId, userIds: [...userIds], since });

// Reminders

/** Scheduled meetings starting between two instants, by `meetings_start_idx`. */
const startingBetween = statement((db, p: { from: string; to: string }) =>
  db
    .selectFrom('meetings')
    .selectAll()
    .where('startsAt', '>', p.from)
    .where('startsAt', '<=', p.to)
    .where('status', '=', 'scheduled')
    .limit(500),
);
export const listStartingBetween = (db: Db, from: string, to: string): Promise<Meeting[]> =>
  startingBetween.all(db, { from, to });

export const markRemindedDay = statement((db, p: { id: string }) =>
  db.updateTable('meetings').set({ remindedDay: 1 }).where('id', '=', p.id),
);
export const markRemindedHour = statement((db, p: { id: string }) =>
  db.updateTable('meetings').set({ remindedDay: 1, remindedHour: 1 }).where('id', '=', p.id),
);

/** A member who left or was removed no longer answers the network's meetings still to come. */
export const dropFutureAnswers = statement((db, p: { networkId: string; userId: string; now: string }) =>
  db
    .deleteFrom('meetingParticipants')
    .where('userId', '=', p.userId)
    .where('meetingId', 'in', (eb) =>
      eb.selectFrom('meetings').select('id').where('networkId', '=', p.networkId).where('startsAt', '>', p.now),
    ),
);

/** Keeps the going counts of the network's meetings still to come in step after answers were dropped. */
export const recountGoingAhead = statement((db, p: { networkId: string; now: string }) =>
  db
    .updateTable('meetings')
    .set((eb) => ({
      goingCount: eb
        .selectFrom('meetingParticipants')
        .select((count) => count.fn.countAll<number>().as('n'))
        .whereRef('meetingParticipants.meetingId', '=', 'meetings.id')
        .where('meetingParticipants.rsvp', '=', 'going'),
    }))
    .where('networkId', '=', p.networkId)
    .where('startsAt', '>', p.now),
);

const facilitatorIdsOf = statement((db, p: { networkId: string }) =>
  db
    .selectFrom('memberships')
    .select('userId')
    .where('networkId', '=', p.networkId)
    .where('role', '=', 'facilitator')
    .where('status', '=', 'active'),
);
export const listFacilitatorIds = async (db: Db, networkId: string): Promise<string[]> =>
  (await facilitatorIdsOf.all(db, { networkId })).map((membership) => membership.userId);
