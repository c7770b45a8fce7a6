import type {
  AgendaBody,
  CalendarFeedView,
  CheckInBody,
  CommitmentCreateBody,
  CommitmentView,
  IssueCreateBody,
  IssuePage,
  IssueUpdateBody,
  IssueView,
  MeetingCancelBody,
  MeetingCreateBody,
  MeetingPage,
  MeetingSettingsBody,
  MeetingSettingsView,
  MeetingsQuery,
  MeetingUpdateBody,
  MeetingView,
  MyOffersQuery,
  OfferCreateBody,
  OfferLinkBody,
  OfferList,
  OfferView,
  ParticipantList,
  RecapBody,
  RecapView,
  RsvpBody,
  RunBody,
  RunView,
  ScheduledView,
} from '@roundtable/contract/meetings';
import { OFFER_FILE_MAX_BYTES } from '@roundtable/contract/meetings';
import type { Meeting, MeetingCommitment, MeetingIssue, MeetingOffer, Membership, Network } from '../../db/tables.js';
import { run, type Work, write } from '../../db/write.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, invalidField, notFound } from '../../platform/errors.js';
import { publishBestEffort } from '../../platform/events.js';
import type { StoredFile } from '../../platform/files.js';
import { hashToken, newId, newSecretToken } from '../../platform/ids.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { authorize, type SignedInActor } from '../../platform/policy.js';
import { findNetworkWithMembership, findPeople } from '../networks/networks.service.js';
import { type NewNotification, planNotifications, storeNotifications } from '../notifications/notifications.service.js';
import { calendarOf, checkTimeZone, occurrencesOf, toLocal } from './meetings.calendar.js';
import { checkDocument, type Upload } from './meetings.files.js';
import {
  commitmentPolicies,
  type IssueAccess,
  type IssueAction,
  issuePolicies,
  type MeetingAccess,
  type MeetingAction,
  type MeetingsAccess,
  type MeetingsAction,
  meetingPolicies,
  meetingsPolicies,
  type OfferAccess,
  type OfferAction,
  offerPolicies,
} from './meetings.policy.js';
import {
  personOf,
  presentCommitment,
  presentIssue,
  presentMeeting,
  presentMeetingSummary,
  presentOffer,
  presentParticipant,
  presentRun,
  protocolOf,
} from './meetings.presenter.js';
import {
  cancelMeeting as cancelMeetingRow,
  carryOverAgenda,
  checkInCommitment as checkInCommitmentRow,
  countAnswers,
  countOffersOf,
  deleteCalendarFeed as deleteCalendarFeedRow,
  dropFutureAnswers,
  findCalendarFeed,
  findCalendarFeedOwner,
  findCommitment,
  findIssue,
  findMeeting,
  findMyAnswers,
  findOffer,
  findParticipant,
  findSeriesRule,
  fulfilOffer,
  insertCommitment,
  insertIssue,
  insertMeeting,
  insertMissed,
  insertOffer,
  insertSeries,
  listAgenda,
  listAttendance,
  listCalendarMeetings,
  listCommitmentsOf,
  listFacilitatorIds,
  listGoingIds,
  listIssuesByIds,
  listMeetings,
  listMemberIds,
  listMyNetworkIds,
  listMyOffersRows,
  listOffersDue,
  listOffersOf,
  listOpenCommitments,
  listProcessed,
  listQueue,
  listRecentAttendance,
  listRoll,
  listStartingBetween,
  MEETING_DEFAULTS,
  markAllMissed,
  markAttended,
  markOfferReminded,
  markRemindedDay,
  markRemindedHour,
  type NewMeeting,
  placeOnAgenda,
  publishAgenda,
  publishRecap,
  recountGoing,
  recountGoingAhead,
  returnAgendaToQueue,
  saveMeetingSettings,
  saveRun,
  setIssueStatus,
  updateIssue as updateIssueRow,
  updateMeeting as updateMeetingRow,
  upsertCalendarFeed,
  upsertRsvp,
  withdrawIssue as withdrawIssueRow,
  withdrawOffer as withdrawOfferRow,
} from './meetings.queries.js';

type Standing = { network: Network; membership: Membership | undefined; access: MeetingsAccess };

const accessOf = (network: Network, membership: Membership | undefined, now: string): MeetingsAccess => ({
  network: { status: network.status },
  membership: membership ? { role: membership.role, status: membership.status } : null,
  now,
});

/** A network's meetings as the viewer stands in them; a network they may not see answers not_found. */
async function loadStanding(ctx: AppContext, actor: SignedInActor, networkRef: string): Promise<Standing> {
  const found = await findNetworkWithMembership(ctx.db, actor.userId, networkRef);
  if (!found) throw notFound('That network');
  const access = accessOf(found.network, found.membership, ctx.clock.now().toISOString());
  if (!meetingsPolicies['meetings.read'](actor, access)) throw notFound('That network');
  return { ...found, access };
}

type LoadedMeeting = Standing & { meeting: Meeting; meetingAccess: MeetingAccess };

/** The meeting, or not_found exactly as for one that does not exist when the viewer is not a member. */
async function loadMeeting(ctx: AppContext, actor: SignedInActor, meetingId: string): Promise<LoadedMeeting> {
  const meeting = await findMeeting(ctx.db, meetingId);
  if (!meeting) throw notFound('That meeting');
  const found = await findNetworkWithMembership(ctx.db, actor.userId, meeting.networkId);
  if (!found) throw notFound('That meeting');
  const access = accessOf(found.network, found.membership, ctx.clock.now().toISOString());
  const meetingAccess = { ...access, meeting };
  if (!meetingPolicies['meeting.read'](actor, meetingAccess)) throw notFound('That meeting');
  return { ...found, access, meeting, meetingAccess };
}

type LoadedIssue = Standing & { issue: MeetingIssue; issueAccess: IssueAccess };

async function loadIssue(ctx: AppContext, actor: SignedInActor, issueId: string): Promise<LoadedIssue> {
  const issue = await findIssue(ctx.db, issueId);
  if (!issue || issue.status === 'withdrawn') throw notFound('That issue');
  const found = await findNetworkWithMembership(ctx.db, actor.userId, issue.networkId);
  if (!found) throw notFound('That issue');
  const access = accessOf(found.network, found.membership, ctx.clock.now().toISOString());
  const issueAccess = { ...access, issue };
  if (!issuePolicies['issue.read'](actor, issueAccess)) throw notFound('That issue');
  return { ...found, access, issue, issueAccess };
}

const authorizeMeetings = (actor: SignedInActor, action: MeetingsAction, loaded: Standing) =>
  authorize(actor, action, meetingsPolicies[action], loaded.access);
const authorizeMeeting = (actor: SignedInActor, action: MeetingAction, loaded: LoadedMeeting) =>
  authorize(actor, action, meetingPolicies[action], loaded.meetingAccess);
const authorizeIssue = (actor: SignedInActor, action: IssueAction, loaded: LoadedIssue) =>
  authorize(actor, action, issuePolicies[action], loaded.issueAccess);

/** In person and hybrid meetings say where; online and hybrid ones how to join. */
function checkPlace(place: { format: Meeting['format']; location: string | null; videoUrl: string | null }) {
  if (place.format !== 'online' && !place.location)
    throw invalidField('/location', 'is needed for a meeting in person');
  if (place.format !== 'in_person' && !place.videoUrl)
    throw invalidField('/videoUrl', 'is needed for a meeting online');
}

const meetingUrl = (meetingId: string) => `/meetings/${meetingId}`;

/** Tells the network's other members, through their preferences. */
async function planForMembers(
  ctx: AppContext,
  actor: SignedInActor,
  network: Network,
  notification: Omit<NewNotification, 'userId' | 'networkId'>,
) {
  const memberIds = await listMemberIds(ctx.db, network.id);
  return planNotifications(
    ctx,
    ctx.db,
    memberIds.filter((id) => id !== actor.userId).map((userId) => ({ ...notification, userId, networkId: network.id })),
  );
}

const dateLabel = (meeting: Pick<Meeting, 'localStart'>) => meeting.localStart.replace('T', ' at ');

/** Schedules a meeting, or every occurrence of a series, and tells the members. */
export async function scheduleMeeting(
  ctx: AppContext,
  actor: SignedInActor,
  networkRef: string,
  body: MeetingCreateBody,
): Promise<ScheduledView> {
  const loaded = await loadStanding(ctx, actor, networkRef);
  authorizeMeetings(actor, 'meetings.schedule', loaded);
  const place = { format: body.format, location: body.location ?? null, videoUrl: body.videoUrl ?? null };
  checkPlace(place);
  const occurrences = occurrencesOf({ ...body, repeat: body.repeat ?? null });
  const now = ctx.clock.now().toISOString();
  const first = occurrences[0];
  if (!first || first.startsAt <= now) throw invalidField('/startsAt', 'must be in the future');
  const seriesId = body.repeat ? newId() : null;
  const meetings: NewMeeting[] = occurrences.map((occurrence) => ({
    id: newId(),
    networkId: loaded.network.id,
    seriesId,
    title: body.title.trim(),
    description: body.description?.trim() ?? '',
    startsAt: occurrence.startsAt,
    endsAt: occurrence.endsAt,
    timeZone: body.timeZone,
    localStart: occurrence.localStart,
    ...place,
    capacity: body.capacity ?? null,
    status: 'scheduled',
    cancelReason: null,
    agendaPublishedAt: null,
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
  }));
  const firstMeeting = meetings[0] as NewMeeting;
  const series = meetings.length > 1 ? ` (${meetings.length} meetings)` : '';
  const planned = await planForMembers(ctx, actor, loaded.network, {
    kind: 'meeting_scheduled',
    title: `${loaded.network.name} meets: ${firstMeeting.title}, ${dateLabel(firstMeeting)}${series}`,
    url: meetingUrl(firstMeeting.id),
  });
  await write(ctx.database, function* (tx) {
    if (seriesId && body.repeat)
      yield* run(insertSeries, {
        id: seriesId,
        networkId: loaded.network.id,
        rrule: body.repeat.trim().replace(/^RRULE:/i, ''),
        timeZone: body.timeZone,
        localStart: firstMeeting.localStart,
        createdBy: actor.userId,
        createdAt: now,
      });
    for (const meeting of meetings) yield* run(insertMeeting, meeting);
    yield* storeNotifications(ctx, tx, planned);
  });
  const meeting: Meeting = { ...firstMeeting, ...MEETING_DEFAULTS };
  return {
    meeting: await detailsOf(ctx, actor, { ...loaded, meeting, meetingAccess: { ...loaded.access, meeting } }),
    occurrences: meetings.length,
  };
}

async function detailsOf(ctx: AppContext, actor: SignedInActor, loaded: LoadedMeeting): Promise<MeetingView> {
  const { meeting } = loaded;
  const isAhead = meeting.status === 'scheduled' && meeting.runEndedAt === null;
  const [repeat, mine, counts, goingIds, agenda, openCommitments] = await Promise.all([
    findSeriesRule(ctx.db, meeting.seriesId),
    findParticipant(ctx.db, meeting.id, actor.userId),
    countAnswers(ctx.db, meeting.id),
    listGoingIds(ctx.db, meeting.id),
    listAgenda(ctx.db, meeting.id),
    isAhead ? listOpenCommitments(ctx.db, meeting.networkId, meeting.startsAt) : Promise.resolve([]),
  ]);
  const [people, offerCounts] = await Promise.all([
    findPeople(ctx.db, [
      ...goingIds,
      ...agenda.map((issue) => issue.authorId),
      ...openCommitments.map((commitment) => commitment.userId),
    ]),
    countOffersOf(
      ctx.db,
      agenda.map((issue) => issue.id),
    ),
  ]);
  return presentMeeting(actor, {
    protocol: protocolOf(loaded.network),
    openCommitments,
    issueTitles: new Map(openCommitments.map((commitment) => [commitment.issueId, commitment.issueTitle])),
    offerCounts,
    now: loaded.access.now,
    meeting,
    network: loaded.network,
    access: loaded.meetingAccess,
    repeat,
    mine,
    counts,
    goingIds,
    agenda,
    people,
    calendarUrl: `/api/v1/meetings/${meeting.id}/calendar.ics`,
  });
}

/** A meeting with the viewer's answer, who is going and the agenda as they may see it. */
export async function getMeeting(ctx: AppContext, actor: SignedInActor, meetingId: string): Promise<MeetingView> {
  return detailsOf(ctx, actor, await loadMeeting(ctx, actor, meetingId));
}

async function pageOf(
  ctx: AppContext,
  actor: SignedInActor,
  networkIds: string[],
  query: MeetingsQuery,
): Promise<MeetingPage> {
  const limit = query.limit ?? 25;
  const after = decodeCursor(query.cursor);
  const rows = await listMeetings(ctx.db, {
    networkIds,
    when: query.when ?? 'upcoming',
    now: ctx.clock.now().toISOString(),
    after: after ? { startsAt: after.createdAt, id: after.id } : undefined,
    limit,
  });
  const page = rows.slice(0, limit);
  const answers = await findMyAnswers(
    ctx.db,
    actor.userId,
    page.map((row) => row.id),
  );
  const last = page.at(-1);
  return {
    items: page.map((row) =>
      presentMeetingSummary(
        row,
        { id: row.networkId, slug: row.networkSlug, name: row.networkName },
        answers.get(row.id),
      ),
    ),
    nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.startsAt, id: last.id }) : null,
  };
}

/** A network's meetings, upcoming (soonest first) or past (latest first). */
export async function listNetworkMeetings(
  ctx: AppContext,
  actor: SignedInActor,
  networkRef: string,
  query: MeetingsQuery,
): Promise<MeetingPage> {
  const loaded = await loadStanding(ctx, actor, networkRef);
  return pageOf(ctx, actor, [loaded.network.id], query);
}

/** The meetings of every network the viewer is an active member of. */
export async function listMyMeetings(
  ctx: AppContext,
  actor: SignedInActor,
  query: MeetingsQuery,
): Promise<MeetingPage> {
  return pageOf(ctx, actor, await listMyNetworkIds(ctx.db, actor.userId), query);
}

/** Changes one occurrence; new times move it from its series. The members hear of a new time or place. */
export async function updateMeeting(
  ctx: AppContext,
  actor: SignedInActor,
  meetingId: string,
  body: MeetingUpdateBody,
): Promise<MeetingView> {
  const loaded = await loadMeeting(ctx, actor, meetingId);
  authorizeMeeting(actor, 'meeting.edit', loaded);
  const { meeting } = loaded;
  const isRetimed = body.startsAt !== undefined || body.endsAt !== undefined;
  const localStart = body.startsAt ?? meeting.localStart;
  const localEnd = body.endsAt ?? toLocal(meeting.endsAt, meeting.timeZone);
  const [occurrence] = isRetimed
    ? occurrencesOf({ startsAt: localStart, endsAt: localEnd, timeZone: meeting.timeZone, repeat: null })
    : [{ localStart: meeting.localStart, startsAt: meeting.startsAt, endsAt: meeting.endsAt }];
  if (!occurrence) throw invalidField('/startsAt', 'is not a date and time');
  const now = ctx.clock.now().toISOString();
  if (isRetimed && occurrence.startsAt <= now) throw invalidField('/startsAt', 'must be in the future');
  const place = {
    format: body.format ?? meeting.format,
    location: body.location === undefined ? meeting.location : body.location,
    videoUrl: body.videoUrl === undefined ? meeting.videoUrl : body.videoUrl,
  };
  checkPlace(place);
  const changed: Meeting = {
    ...meeting,
    title: body.title?.trim() ?? meeting.title,
    description: body.description === undefined ? meeting.description : body.description.trim(),
    ...occurrence,
    ...place,
    capacity: body.capacity === undefined ? meeting.capacity : body.capacity,
    moved: isRetimed && meeting.seriesId !== null && occurrence.startsAt !== meeting.startsAt ? 1 : meeting.moved,
    sequence: meeting.sequence + 1,
    updatedAt: now,
  };
  const isMoved = changed.startsAt !== meeting.startsAt || changed.endsAt !== meeting.endsAt;
  const isReplaced =
    changed.format !== meeting.format || changed.location !== meeting.location || changed.videoUrl !== meeting.videoUrl;
  const planned =
    isMoved || isReplaced
      ? await planForMembers(ctx, actor, loaded.network, {
          kind: 'meeting_scheduled',
          title: isMoved
            ? `Moved: ${changed.title} is now ${dateLabel(changed)}`
            : `Changed: where ${changed.title} meets`,
          url: meetingUrl(meeting.id),
        })
      : undefined;
  await write(ctx.database, function* (tx) {
    yield* run(updateMeetingRow, changed);
    if (planned) yield* storeNotifications(ctx, tx, planned);
  });
  return detailsOf(ctx, actor, { ...loaded, meeting: changed, meetingAccess: { ...loaded.access, meeting: changed } });
}

/** Cancels one occurrence; its agenda goes back to the queue and the members are told. */
export async function cancelMeeting(
  ctx: AppContext,
  actor: SignedInActor,
  meetingId: string,
  body: MeetingCancelBody,
): Promise<MeetingView> {
  const loaded = await loadMeeting(ctx, actor, meetingId);
  authorizeMeeting(actor, 'meeting.cancel', loaded);
  const now = ctx.clock.now().toISOString();
  const reason = body.reason?.trim() || null;
  const planned = await planForMembers(ctx, actor, loaded.network, {
    kind: 'meeting_scheduled',
    title: `Cancelled: ${loaded.meeting.title}, ${dateLabel(loaded.meeting)}`,
    url: meetingUrl(meetingId),
  });
  await write(ctx.database, function* (tx) {
    yield* run(cancelMeetingRow, { id: meetingId, reason, updatedAt: now });
    yield* run(returnAgendaToQueue, { meetingId, updatedAt: now });
    yield* storeNotifications(ctx, tx, planned);
  });
  const cancelled: Meeting = {
    ...loaded.meeting,
    status: 'cancelled',
    cancelReason: reason,
    sequence: loaded.meeting.sequence + 1,
    updatedAt: now,
  };
  return detailsOf(ctx, actor, {
    ...loaded,
    meeting: cancelled,
    meetingAccess: { ...loaded.access, meeting: cancelled },
  });
}

/** Going, maybe or can't go, with a note for the facilitators. A full meeting takes no one more. */
export async function answerMeeting(
  ctx: AppContext,
  actor: SignedInActor,
  meetingId: string,
  body: RsvpBody,
): Promise<MeetingView> {
  const loaded = await loadMeeting(ctx, actor, meetingId);
  authorizeMeeting(actor, 'meeting.rsvp', loaded);
  const { meeting } = loaded;
  const mine = await findParticipant(ctx.db, meetingId, actor.userId);
  if (
    body.answer === 'going' &&
    mine?.rsvp !== 'going' &&
    meeting.capacity !== null &&
    meeting.goingCount >= meeting.capacity
  )
    throw new AppError('conflict', 'The meeting is full; answer maybe and the facilitators will see it.');
  const answeredAt = ctx.clock.now().toISOString();
  await write(ctx.database, function* () {
    yield* run(upsertRsvp, {
      meetingId,
      userId: actor.userId,
      rsvp: body.answer,
      note: body.note?.trim() || null,
      answeredAt,
    });
    yield* run(recountGoing, { meetingId });
  });
  return getMeeting(ctx, actor, meetingId);
}

/** Every active member with their answer, note and attendance: for the facilitators. */
export async function listParticipants(
  ctx: AppContext,
  actor: SignedInActor,
  meetingId: string,
): Promise<ParticipantList> {
  const loaded = await loadMeeting(ctx, actor, meetingId);
  authorizeMeeting(actor, 'meeting.readRoll', loaded);
  const roll = await listRoll(ctx.db, meetingId, loaded.network.id);
  const people = await findPeople(
    ctx.db,
    roll.map((entry) => entry.userId),
  );
  const items = roll.map((entry) => presentParticipant(entry, people));
  items.sort((a, b) => a.person.name.localeCompare(b.person.name));
  return { items };
}

/** Records who attended: the members listed attended, every other active member missed it. */
export async function recordAttendance(
  ctx: AppContext,
  actor: SignedInActor,
  meetingId: string,
  attendedIds: readonly string[],
): Promise<ParticipantList> {
  const loaded = await loadMeeting(ctx, actor, meetingId);
  authorizeMeeting(actor, 'meeting.recordAttendance', loaded);
  const memberIds = new Set(await listMemberIds(ctx.db, loaded.network.id));
  const stranger = attendedIds.findIndex((id) => !memberIds.has(id));
  if (stranger >= 0) throw invalidField(`/attendedIds/${stranger}`, 'is not a member of this network');
  const attended = new Set(attendedIds);
  const missedIds = [...memberIds].filter((id) => !attended.has(id));
  const alerts = await planAttendanceAlerts(ctx, loaded.network, loaded.meeting, missedIds, meetingId);
  await write(ctx.database, function* (tx) {
    yield* run(markAllMissed, { meetingId });
    for (const userId of memberIds)
      yield* run(attended.has(userId) ? markAttended : insertMissed, { meetingId, userId });
    if (alerts) yield* storeNotifications(ctx, tx, alerts);
  });
  return listParticipants(ctx, actor, meetingId);
}

// Issues

/** Raises an issue for the network's next meetings: it waits in the queue until a facilitator takes it. */
export async function raiseIssue(
  ctx: AppContext,
  actor: SignedInActor,
  networkRef: string,
  body: IssueCreateBody,
): Promise<IssueView> {
  const loaded = await loadStanding(ctx, actor, networkRef);
  authorizeMeetings(actor, 'meetings.raiseIssue', loaded);
  const now = ctx.clock.now().toISOString();
  const issue: MeetingIssue = {
    id: newId(),
    networkId: loaded.network.id,
    authorId: actor.userId,
    title: body.title.trim(),
    need: body.need,
    priority: body.priority,
    background: body.background?.trim() ?? '',
    status: 'queued',
    meetingId: null,
    position: null,
    minutes: null,
    carriedOver: 0,
    createdAt: now,
    updatedAt: now,
  };
  const { carriedOver: _carriedOver, ...row } = issue;
  await write(ctx.database, () => run(insertIssue, row));
  return presentIssue(actor, issue, loaded.access, await findPeople(ctx.db, [actor.userId]), new Map());
}

/** The network's queue of issues waiting for an agenda, A first. */
export async function listIssueQueue(ctx: AppContext, actor: SignedInActor, networkRef: string): Promise<IssuePage> {
  const loaded = await loadStanding(ctx, actor, networkRef);
  const queue = await listQueue(ctx.db, loaded.network.id);
  const [people, offerCounts] = await Promise.all([
    findPeople(
      ctx.db,
      queue.map((issue) => issue.authorId),
    ),
    countOffersOf(
      ctx.db,
      queue.map((issue) => issue.id),
    ),
  ]);
  return {
    items: queue.map((issue) => presentIssue(actor, issue, loaded.access, people, offerCounts)),
    nextCursor: null,
  };
}

export async function updateIssue(
  ctx: AppContext,
  actor: SignedInActor,
  issueId: string,
  body: IssueUpdateBody,
): Promise<IssueView> {
  const loaded = await loadIssue(ctx, actor, issueId);
  authorizeIssue(actor, 'issue.edit', loaded);
  const changed: MeetingIssue = {
    ...loaded.issue,
    title: body.title?.trim() ?? loaded.issue.title,
    need: body.need ?? loaded.issue.need,
    priority: body.priority ?? loaded.issue.priority,
    background: body.background === undefined ? loaded.issue.background : body.background.trim(),
    updatedAt: ctx.clock.now().toISOString(),
  };
  await write(ctx.database, () => run(updateIssueRow, changed));
  const [people, offerCounts] = await Promise.all([
    findPeople(ctx.db, [changed.authorId]),
    countOffersOf(ctx.db, [changed.id]),
  ]);
  return presentIssue(actor, changed, loaded.access, people, offerCounts);
}

/** Takes an issue off the queue or the agenda: by its author, or by a facilitator. */
export async function withdrawIssue(ctx: AppContext, actor: SignedInActor, issueId: string): Promise<IssueView> {
  const loaded = await loadIssue(ctx, actor, issueId);
  authorizeIssue(actor, 'issue.withdraw', loaded);
  const updatedAt = ctx.clock.now().toISOString();
  await write(ctx.database, () => run(withdrawIssueRow, { id: issueId, updatedAt }));
  const withdrawn: MeetingIssue = {
    ...loaded.issue,
    status: 'withdrawn',
    meetingId: null,
    position: null,
    minutes: null,
    updatedAt,
  };
  const [people, offerCounts] = await Promise.all([
    findPeople(ctx.db, [withdrawn.authorId]),
    countOffersOf(ctx.db, [withdrawn.id]),
  ]);
  return presentIssue(actor, withdrawn, loaded.access, people, offerCounts);
}

/**
 * Sets the meeting's agenda from the queue: the issues in order with their time boxes. Issues it
 * held before and leaves out go back to the queue. Publishing tells the members.
 */
export async function setAgenda(
  ctx: AppContext,
  actor: SignedInActor,
  meetingId: string,
  body: AgendaBody,
): Promise<MeetingView> {
  const loaded = await loadMeeting(ctx, actor, meetingId);
  authorizeMeeting(actor, 'meeting.buildAgenda', loaded);
  const ids = body.items.map((item) => item.issueId);
  const duplicate = ids.findIndex((id, index) => ids.indexOf(id) !== index);
  if (duplicate >= 0) throw invalidField(`/items/${duplicate}/issueId`, 'is on the agenda twice');
  const issues = new Map((await listIssuesByIds(ctx.db, ids)).map((issue) => [issue.id, issue]));
  const unavailable = ids.findIndex((id) => {
    const issue = issues.get(id);
    return (
      !issue ||
      issue.networkId !== loaded.network.id ||
      !(issue.status === 'queued' || (issue.status === 'on_agenda' && issue.meetingId === meetingId))
    );
  });
  if (unavailable >= 0)
    throw invalidField(`/items/${unavailable}/issueId`, 'is not an issue waiting in this network’s queue');
  const now = ctx.clock.now().toISOString();
  const planned = body.publish
    ? await planForMembers(ctx, actor, loaded.network, {
        kind: 'meeting_agenda',
        title: `Agenda for ${loaded.meeting.title}, ${dateLabel(loaded.meeting)}: ${ids.length} ${ids.length === 1 ? 'issue' : 'issues'}`,
        url: meetingUrl(meetingId),
      })
    : undefined;
  await write(ctx.database, function* (tx) {
    yield* run(returnAgendaToQueue, { meetingId, updatedAt: now });
    for (const [position, item] of body.items.entries())
      yield* run(placeOnAgenda, { id: item.issueId, meetingId, position, minutes: item.minutes, updatedAt: now });
    if (planned) {
      yield* run(publishAgenda, { id: meetingId, publishedAt: now });
      yield* storeNotifications(ctx, tx, planned);
    }
  });
  const meeting: Meeting = planned ? { ...loaded.meeting, agendaPublishedAt: now, updatedAt: now } : loaded.meeting;
  return detailsOf(ctx, actor, { ...loaded, meeting, meetingAccess: { ...loaded.access, meeting } });
}

// Calendars

const icsOf = (ctx: AppContext, name: string, meetings: readonly Meeting[]) =>
  calendarOf({
    name,
    host: ctx.config.publicUrl.hostname,
    events: meetings.map((meeting) => ({
      ...meeting,
      url: new URL(meetingUrl(meeting.id), ctx.config.publicUrl).toString(),
    })),
  });

/** One meeting as an iCalendar file. */
export async function meetingCalendar(ctx: AppContext, actor: SignedInActor, meetingId: string): Promise<string> {
  const loaded = await loadMeeting(ctx, actor, meetingId);
  return icsOf(ctx, `${loaded.network.name}: ${loaded.meeting.title}`, [loaded.meeting]);
}

const feedUrlsOf = (ctx: AppContext, token: string) => {
  const url = new URL(`/api/v1/calendar/${token}.ics`, ctx.config.publicUrl).toString();
  return { url, webcalUrl: url.replace(/^https?:/, 'webcal:') };
};

/** Whether the viewer has a calendar feed; its address was shown once, when it was made. */
export async function getCalendarFeed(ctx: AppContext, actor: SignedInActor): Promise<CalendarFeedView> {
  const feed = await findCalendarFeed(ctx.db, actor.userId);
  return { url: null, webcalUrl: null, active: feed !== undefined, createdAt: feed?.createdAt ?? null };
}

/** Makes the viewer's private calendar address, replacing (and so revoking) any earlier one. */
export async function createCalendarFeed(ctx: AppContext, actor: SignedInActor): Promise<CalendarFeedView> {
  const token = newSecretToken();
  const createdAt = ctx.clock.now().toISOString();
  await write(ctx.database, () =>
    run(upsertCalendarFeed, { userId: actor.userId, tokenHash: hashToken(token), createdAt }),
  );
  return { ...feedUrlsOf(ctx, token), active: true, createdAt };
}

export async function deleteCalendarFeed(ctx: AppContext, actor: SignedInActor): Promise<CalendarFeedView> {
  await write(ctx.database, () => run(deleteCalendarFeedRow, { userId: actor.userId }));
  return { url: null, webcalUrl: null, active: false, createdAt: null };
}

const CALENDAR_PAST_MS = 90 * 86_400_000;

/** The feed behind a secret address: the meetings of the owner's networks, from 90 days ago on. */
export async function calendarFeed(ctx: AppContext, tokenFile: string): Promise<string> {
  const owner = await findCalendarFeedOwner(ctx.db, hashToken(tokenFile.replace(/\.ics$/, '')));
  if (!owner) throw notFound('That calendar');
  const networkIds = await listMyNetworkIds(ctx.db, owner);
  const since = new Date(ctx.clock.now().getTime() - CALENDAR_PAST_MS).toISOString();
  return icsOf(ctx, 'Roundtable meetings', await listCalendarMeetings(ctx.db, networkIds, since));
}

// Settings

export async function getMeetingSettings(
  ctx: AppContext,
  actor: SignedInActor,
  networkRef: string,
): Promise<MeetingSettingsView> {
  const loaded = await loadStanding(ctx, actor, networkRef);
  return settingsOf(actor, loaded);
}

const settingsOf = (actor: SignedInActor, loaded: Standing): MeetingSettingsView => ({
  timeZone: loaded.network.timeZone,
  protocol: protocolOf(loaded.network),
  minutesAllowed: loaded.network.meetingMinutes === 1,
  missedMeetingsAlert: loaded.network.missedMeetingsAlert,
  abilities: { edit: meetingsPolicies['meetings.editSettings'](actor, loaded.access) },
});

/** The network's time zone, processing protocol, minutes and attendance rule (facilitators). */
export async function updateMeetingSettings(
  ctx: AppContext,
  actor: SignedInActor,
  networkRef: string,
  body: MeetingSettingsBody,
): Promise<MeetingSettingsView> {
  const loaded = await loadStanding(ctx, actor, networkRef);
  authorizeMeetings(actor, 'meetings.editSettings', loaded);
  if (body.timeZone) checkTimeZone(body.timeZone);
  const network: Network = {
    ...loaded.network,
    timeZone: body.timeZone === undefined ? loaded.network.timeZone : body.timeZone,
    meetingProtocol:
      body.protocol === undefined
        ? loaded.network.meetingProtocol
        : JSON.stringify(body.protocol.map((step) => ({ name: step.name.trim(), minutes: step.minutes }))),
    meetingMinutes: body.minutesAllowed === undefined ? loaded.network.meetingMinutes : body.minutesAllowed ? 1 : 0,
    missedMeetingsAlert:
      body.missedMeetingsAlert === undefined ? loaded.network.missedMeetingsAlert : body.missedMeetingsAlert,
    updatedAt: ctx.clock.now().toISOString(),
  };
  await write(ctx.database, () => run(saveMeetingSettings, network));
  return settingsOf(actor, { ...loaded, network });
}

// Running a meeting

export const meetingChannel = (meetingId: string) => `meeting:${meetingId}`;

/** Where the meeting goes next from where it is; pure, so every action is one write. */
function nextRunState(
  meeting: Meeting,
  agenda: readonly MeetingIssue[],
  steps: number,
  action: RunBody['action'],
  now: string,
): {
  run: Pick<Meeting, 'runStartedAt' | 'runEndedAt' | 'runIssueId' | 'runStep' | 'runStepStartedAt'>;
  processed?: string;
  reopened?: string;
} {
  const index = agenda.findIndex((issue) => issue.id === meeting.runIssueId);
  const at = (issue: MeetingIssue | undefined, step: number) => ({
    runStartedAt: meeting.runStartedAt ?? now,
    runEndedAt: null,
    runIssueId: issue?.id ?? null,
    runStep: issue ? step : null,
    runStepStartedAt: now,
  });
  if (action === 'end') return { run: { ...at(undefined, 0), runEndedAt: now } };
  if (action === 'start' || meeting.runStartedAt === null)
    return { run: meeting.runStartedAt === null ? at(agenda[0], 0) : at(agenda[index], meeting.runStep ?? 0) };
  const step = meeting.runStep ?? 0;
  if (action === 'next') {
    if (index < 0) return { run: at(undefined, 0) };
    const current = agenda[index];
    if (step + 1 < steps) return { run: at(current, step + 1) };
    return { run: at(agenda[index + 1], 0), processed: current?.id };
  }
  if (index < 0) {
    const last = agenda.at(-1);
    return { run: at(last, steps - 1), reopened: last?.id };
  }
  if (step > 0) return { run: at(agenda[index], step - 1) };
  const previous = agenda[index - 1];
  return previous ? { run: at(previous, steps - 1), reopened: previous.id } : { run: at(agenda[index], 0) };
}

/**
 * Moves the meeting on (facilitators): start it, the next or previous protocol step — past an
 * issue's last step to the next issue, which marks it processed — or end it, which carries what it
 * did not reach back to the queue. Everyone with the meeting open hears the new state at once.
 */
export async function runMeeting(
  ctx: AppContext,
  actor: SignedInActor,
  meetingId: string,
  body: RunBody,
): Promise<RunView> {
  const loaded = await loadMeeting(ctx, actor, meetingId);
  authorizeMeeting(actor, 'meeting.run', loaded);
  const agenda = (await listAgenda(ctx.db, meetingId)).filter((issue) => issue.status !== 'withdrawn');
  const protocol = protocolOf(loaded.network);
  const now = ctx.clock.now().toISOString();
  const { run: state, processed, reopened } = nextRunState(loaded.meeting, agenda, protocol.length, body.action, now);
  const meeting: Meeting = { ...loaded.meeting, ...state, updatedAt: now };
  const people = await findPeople(
    ctx.db,
    agenda.map((issue) => issue.authorId),
  );
  const shown = agenda.map((issue) =>
    issue.id === processed
      ? { ...issue, status: 'processed' as const }
      : issue.id === reopened
        ? { ...issue, status: 'on_agenda' as const }
        : issue,
  );
  const access = { ...loaded.access, meeting };
  const view = (as: SignedInActor | { kind: 'anonymous' }) =>
    presentRun(as, { meeting, access, agenda: shown, people, protocol, now });
  await write(ctx.database, function* (tx) {
    yield* run(saveRun, meeting);
    if (processed) yield* run(setIssueStatus, { id: processed, status: 'processed', updatedAt: now });
    if (reopened) yield* run(setIssueStatus, { id: reopened, status: 'on_agenda', updatedAt: now });
    if (body.action === 'end') yield* run(carryOverAgenda, { meetingId, updatedAt: now });
    tx.afterCommit(() =>
      publishBestEffort(ctx.events, meetingChannel(meetingId), {
        type: 'meeting.run',
        data: view({ kind: 'anonymous' }),
      }),
    );
  });
  return view(actor);
}

/** May this person hear the meeting's live state? Answers not_found exactly as the API would. */
export async function authorizeMeetingChannel(
  ctx: AppContext,
  actor: SignedInActor,
  meetingId: string | undefined,
): Promise<string[]> {
  if (meetingId === undefined) return [];
  return [meetingChannel((await loadMeeting(ctx, actor, meetingId)).meeting.id)];
}

// Offers

type LoadedOffer = Standing & { offer: MeetingOffer; offerAccess: OfferAccess };

async function loadOffer(ctx: AppContext, actor: SignedInActor, offerId: string): Promise<LoadedOffer> {
  const offer = await findOffer(ctx.db, offerId);
  if (!offer || offer.status === 'withdrawn') throw notFound('That offer');
  const found = await findNetworkWithMembership(ctx.db, actor.userId, offer.networkId);
  if (!found) throw notFound('That offer');
  const access = accessOf(found.network, found.membership, ctx.clock.now().toISOString());
  const offerAccess = { ...access, offer };
  if (!offerPolicies['offer.read'](actor, offerAccess)) throw notFound('That offer');
  return { ...found, access, offer, offerAccess };
}

const authorizeOffer = (actor: SignedInActor, action: OfferAction, loaded: LoadedOffer) =>
  authorize(actor, action, offerPolicies[action], loaded.offerAccess);

const offerUrl = (offer: Pick<MeetingOffer, 'issueId'>) => `/meetings/offers?issue=${offer.issueId}`;

/** Offers the presenter something ("I'll send you our coaching process") by a day; they are told. */
export async function makeOffer(
  ctx: AppContext,
  actor: SignedInActor,
  issueId: string,
  body: OfferCreateBody,
): Promise<OfferView> {
  const loaded = await loadIssue(ctx, actor, issueId);
  authorizeIssue(actor, 'issue.offer', loaded);
  const today = loaded.access.now.slice(0, 10);
  if (!isCalendarDate(body.dueOn)) throw invalidField('/dueOn', 'is not a date');
  if (body.dueOn < today) throw invalidField('/dueOn', 'must be today or later');
  const now = loaded.access.now;
  const offer: MeetingOffer = {
    id: newId(),
    issueId,
    networkId: loaded.network.id,
    offererId: actor.userId,
    presenterId: loaded.issue.authorId,
    description: body.description.trim(),
    dueOn: body.dueOn,
    status: 'open',
    reminded: 0,
    link: null,
    message: null,
    fileKey: null,
    fileName: null,
    fileType: null,
    fileSize: null,
    fulfilledAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const people = await findPeople(ctx.db, [actor.userId, offer.presenterId]);
  const planned = await planNotifications(ctx, ctx.db, [
    {
      userId: offer.presenterId,
      kind: 'offer_received',
      title: `${personOf(people, actor.userId).name} offers you: ${offer.description}`,
      url: offerUrl(offer),
      networkId: offer.networkId,
    },
  ]);
  const { reminded: _reminded, ...stored } = offer;
  await write(ctx.database, function* (tx) {
    yield* run(insertOffer, stored);
    yield* storeNotifications(ctx, tx, planned);
  });
  return presentOffer(actor, offer, loaded.access, people, loaded.issue.title);
}

const isCalendarDate = (value: string) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

/** The offers on an issue, with what was shared for the presenter and each offerer. */
export async function listIssueOffers(ctx: AppContext, actor: SignedInActor, issueId: string): Promise<OfferList> {
  const loaded = await loadIssue(ctx, actor, issueId);
  const offers = await listOffersOf(ctx.db, [issueId]);
  const people = await findPeople(ctx.db, [...offers.map((offer) => offer.offererId), loaded.issue.authorId]);
  return { items: offers.map((offer) => presentOffer(actor, offer, loaded.access, people, loaded.issue.title)) };
}

/** The offers I made, or that were made to me, latest first. */
export async function listMyOffers(ctx: AppContext, actor: SignedInActor, query: MyOffersQuery): Promise<OfferList> {
  const networkIds = new Set(await listMyNetworkIds(ctx.db, actor.userId));
  const offers = (await listMyOffersRows(ctx.db, actor.userId, query.role ?? 'offered_to_me')).filter((offer) =>
    networkIds.has(offer.networkId),
  );
  const [people, issues] = await Promise.all([
    findPeople(ctx.db, [...offers.flatMap((offer) => [offer.offererId, offer.presenterId])]),
    listIssuesByIds(ctx.db, [...new Set(offers.map((offer) => offer.issueId))]),
  ]);
  const titles = new Map(issues.map((issue) => [issue.id, issue.title]));
  const access: MeetingsAccess = {
    network: { status: 'active' },
    membership: { role: 'member', status: 'active' },
    now: ctx.clock.now().toISOString(),
  };
  return { items: offers.map((offer) => presentOffer(actor, offer, access, people, titles.get(offer.issueId) ?? '')) };
}

async function fulfil(
  ctx: AppContext,
  actor: SignedInActor,
  loaded: LoadedOffer,
  shared: Pick<MeetingOffer, 'link' | 'message' | 'fileKey' | 'fileName' | 'fileType' | 'fileSize'>,
): Promise<OfferView> {
  const now = ctx.clock.now().toISOString();
  const offer: MeetingOffer = { ...loaded.offer, ...shared, status: 'fulfilled', fulfilledAt: now, updatedAt: now };
  const [people, issue] = await Promise.all([
    findPeople(ctx.db, [offer.offererId, offer.presenterId]),
    findIssue(ctx.db, offer.issueId),
  ]);
  const planned = await planNotifications(ctx, ctx.db, [
    {
      userId: offer.presenterId,
      kind: 'offer_fulfilled',
      title: `${personOf(people, offer.offererId).name} sent you what they offered: ${offer.description}`,
      url: offerUrl(offer),
      networkId: offer.networkId,
    },
  ]);
  await write(ctx.database, function* (tx) {
    yield* run(fulfilOffer, offer);
    yield* storeNotifications(ctx, tx, planned);
  });
  return presentOffer(actor, offer, loaded.access, people, issue?.title ?? '');
}

/** Fulfils an offer with a link and a message; the presenter is told. */
export async function fulfilOfferWithLink(
  ctx: AppContext,
  actor: SignedInActor,
  offerId: string,
  body: OfferLinkBody,
): Promise<OfferView> {
  const loaded = await loadOffer(ctx, actor, offerId);
  authorizeOffer(actor, 'offer.fulfil', loaded);
  return fulfil(ctx, actor, loaded, {
    link: body.link,
    message: body.message?.trim() || null,
    fileKey: null,
    fileName: null,
    fileType: null,
    fileSize: null,
  });
}

/**
 * Fulfils an offer with a document, checked by its bytes as it streams in; the presenter is told.
 * The document is stored before the offer row is written and removed again when that fails, so a
 * refused, broken-off or failed upload leaves neither a row nor a file.
 */
export async function fulfilOfferWithFile(
  ctx: AppContext,
  actor: SignedInActor,
  offerId: string,
  upload: Upload,
): Promise<OfferView> {
  const loaded = await loadOffer(ctx, actor, offerId);
  authorizeOffer(actor, 'offer.fulfil', loaded);
  const document = await checkDocument(upload, OFFER_FILE_MAX_BYTES);
  const key = `offers/${loaded.offer.id}/${newId()}`;
  const { size } = await ctx.files.putStream(key, document.content, document.kind.mime);
  try {
    return await fulfil(ctx, actor, loaded, {
      link: null,
      message: null,
      fileKey: key,
      fileName: document.name,
      fileType: document.kind.mime,
      fileSize: size,
    });
  } catch (error) {
    await ctx.files.delete(key);
    throw error;
  }
}

/** The shared document as a stream, for the presenter and the offerer; access is checked on every call. */
export async function offerFile(
  ctx: AppContext,
  actor: SignedInActor,
  offerId: string,
): Promise<StoredFile & { name: string; type: string }> {
  const loaded = await loadOffer(ctx, actor, offerId);
  const { offer } = loaded;
  if (!offerPolicies['offer.readShared'](actor, loaded.offerAccess) || !offer.fileKey) throw notFound('That file');
  const file = await ctx.files.getStream(offer.fileKey);
  if (!file) throw notFound('That file');
  return { ...file, name: offer.fileName ?? 'document', type: offer.fileType ?? 'application/octet-stream' };
}

export async function withdrawOffer(ctx: AppContext, actor: SignedInActor, offerId: string): Promise<OfferView> {
  const loaded = await loadOffer(ctx, actor, offerId);
  authorizeOffer(actor, 'offer.withdraw', loaded);
  const updatedAt = ctx.clock.now().toISOString();
  await write(ctx.database, () => run(withdrawOfferRow, { id: offerId, updatedAt }));
  const [people, issue] = await Promise.all([
    findPeople(ctx.db, [loaded.offer.offererId, loaded.offer.presenterId]),
    findIssue(ctx.db, loaded.offer.issueId),
  ]);
  return presentOffer(
    actor,
    { ...loaded.offer, status: 'withdrawn', updatedAt },
    loaded.access,
    people,
    issue?.title ?? '',
  );
}

// Commitments

/** The presenter's commitment on their issue ("I will pilot it with one team by March"). */
export async function makeCommitment(
  ctx: AppContext,
  actor: SignedInActor,
  issueId: string,
  body: CommitmentCreateBody,
): Promise<CommitmentView> {
  const loaded = await loadIssue(ctx, actor, issueId);
  authorizeIssue(actor, 'issue.commit', loaded);
  const now = loaded.access.now;
  const commitment: MeetingCommitment = {
    id: newId(),
    issueId,
    networkId: loaded.network.id,
    userId: loaded.issue.authorId,
    text: body.text.trim(),
    status: 'open',
    madeInMeetingId: body.meetingId ?? loaded.issue.meetingId,
    checkedInMeetingId: null,
    checkInNote: null,
    checkedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  if (commitment.madeInMeetingId !== null) {
    const meeting = await findMeeting(ctx.db, commitment.madeInMeetingId);
    if (!meeting || meeting.networkId !== loaded.network.id)
      throw invalidField('/meetingId', 'is not a meeting of this network');
  }
  await write(ctx.database, () => run(insertCommitment, commitment));
  return presentCommitment(
    actor,
    commitment,
    loaded.access,
    await findPeople(ctx.db, [commitment.userId]),
    new Map([[issueId, loaded.issue.title]]),
  );
}

/** The one-line check-in at the next meeting: done, in progress or dropped. */
export async function checkInCommitment(
  ctx: AppContext,
  actor: SignedInActor,
  commitmentId: string,
  body: CheckInBody,
): Promise<CommitmentView> {
  const found = await findCommitment(ctx.db, commitmentId);
  if (!found) throw notFound('That commitment');
  const standing = await findNetworkWithMembership(ctx.db, actor.userId, found.networkId);
  if (!standing) throw notFound('That commitment');
  const access = accessOf(standing.network, standing.membership, ctx.clock.now().toISOString());
  const commitmentAccess = { ...access, commitment: found };
  if (!commitmentPolicies['commitment.read'](actor, commitmentAccess)) throw notFound('That commitment');
  authorize(actor, 'commitment.checkIn', commitmentPolicies['commitment.checkIn'], commitmentAccess);
  const commitment: MeetingCommitment = {
    ...found,
    status: body.status,
    checkInNote: body.note?.trim() || null,
    checkedInMeetingId: body.meetingId ?? null,
    checkedAt: access.now,
    updatedAt: access.now,
  };
  if (commitment.checkedInMeetingId !== null) {
    const meeting = await findMeeting(ctx.db, commitment.checkedInMeetingId);
    if (!meeting || meeting.networkId !== found.networkId)
      throw invalidField('/meetingId', 'is not a meeting of this network');
  }
  await write(ctx.database, () => run(checkInCommitmentRow, commitment));
  const issue = await findIssue(ctx.db, found.issueId);
  return presentCommitment(
    actor,
    commitment,
    access,
    await findPeople(ctx.db, [commitment.userId]),
    new Map([[found.issueId, issue?.title ?? '']]),
  );
}

// Recap

async function recapOf(
  ctx: AppContext,
  actor: SignedInActor,
  loaded: LoadedMeeting,
  minutes: string | null,
): Promise<RecapView> {
  const { meeting } = loaded;
  const [attendance, processed] = await Promise.all([
    listAttendance(ctx.db, meeting.id),
    listProcessed(ctx.db, meeting.id),
  ]);
  const issueIds = processed.map((issue) => issue.id);
  const [offers, commitments] = await Promise.all([
    listOffersOf(ctx.db, issueIds),
    listCommitmentsOf(ctx.db, issueIds),
  ]);
  const attendedIds = attendance.filter((entry) => entry.attended === 1).map((entry) => entry.userId);
  const people = await findPeople(ctx.db, [
    ...attendedIds,
    ...processed.map((issue) => issue.authorId),
    ...offers.map((offer) => offer.offererId),
  ]);
  return {
    meetingId: meeting.id,
    publishedAt: meeting.recapPublishedAt,
    attended: attendedIds.map((id) => personOf(people, id)).sort((a, b) => a.name.localeCompare(b.name)),
    missedCount: attendance.filter((entry) => entry.attended === 0).length,
    issues: processed.map((issue) => ({
      id: issue.id,
      title: issue.title,
      presenter: personOf(people, issue.authorId),
      offers: offers
        .filter((offer) => offer.issueId === issue.id)
        .map((offer) => ({
          offerer: personOf(people, offer.offererId),
          description: offer.description,
          status: offer.status,
          dueOn: offer.dueOn,
        })),
      commitments: commitments
        .filter((commitment) => commitment.issueId === issue.id)
        .map((commitment) => ({ text: commitment.text, status: commitment.status })),
    })),
    minutes: loaded.network.meetingMinutes === 1 ? minutes : null,
    abilities: { publish: meetingPolicies['meeting.publishRecap'](actor, loaded.meetingAccess) },
  };
}

/** The recap: attendance, the issues processed, their offers and commitments, and minutes where allowed. */
export async function getRecap(ctx: AppContext, actor: SignedInActor, meetingId: string): Promise<RecapView> {
  const loaded = await loadMeeting(ctx, actor, meetingId);
  authorizeMeeting(actor, 'meeting.readRecap', loaded);
  return recapOf(ctx, actor, loaded, loaded.meeting.minutes);
}

/**
 * Publishes the recap (facilitators, once the meeting is over) and sends it to those who attended
 * — or, where attendance was not recorded, to those who said they were going.
 */
export async function publishMeetingRecap(
  ctx: AppContext,
  actor: SignedInActor,
  meetingId: string,
  body: RecapBody,
): Promise<RecapView> {
  const loaded = await loadMeeting(ctx, actor, meetingId);
  authorizeMeeting(actor, 'meeting.publishRecap', loaded);
  const minutes = body.minutes?.trim() || null;
  if (minutes !== null && loaded.network.meetingMinutes !== 1)
    throw invalidField('/minutes', 'are not kept in this network: its settings prefer no minutes');
  const now = ctx.clock.now().toISOString();
  const meeting: Meeting = { ...loaded.meeting, recapPublishedAt: now, minutes, updatedAt: now };
  const published = { ...loaded, meeting, meetingAccess: { ...loaded.access, meeting } };
  const recap = await recapOf(ctx, actor, published, minutes);
  const attendance = await listAttendance(ctx.db, meetingId);
  const isRecorded = attendance.some((entry) => entry.attended !== null);
  const recipients = attendance
    .filter((entry) => (isRecorded ? entry.attended === 1 : entry.rsvp === 'going'))
    .map((entry) => entry.userId);
  const planned = await planNotifications(
    ctx,
    ctx.db,
    recipients.map((userId) => ({
      userId,
      kind: 'meeting_recap' as const,
      title: `Recap: ${meeting.title}, ${dateLabel(meeting)}`,
      body: recapText(recap),
      url: `${meetingUrl(meetingId)}/recap`,
      networkId: loaded.network.id,
    })),
  );
  await write(ctx.database, function* (tx) {
    yield* run(publishRecap, { id: meetingId, minutes, publishedAt: now });
    yield* storeNotifications(ctx, tx, planned);
  });
  return recap;
}

/** The recap as plain text for its email. */
function recapText(recap: RecapView): string {
  const lines = [`Attended: ${recap.attended.map((person) => person.name).join(', ') || 'not recorded'}.`];
  for (const issue of recap.issues) {
    lines.push('', `${issue.title} (${issue.presenter.name})`);
    for (const offer of issue.offers)
      lines.push(`- ${offer.offerer.name} offered: ${offer.description} (by ${offer.dueOn})`);
    for (const commitment of issue.commitments) lines.push(`- Commitment: ${commitment.text}`);
  }
  if (recap.minutes) lines.push('', 'Minutes', recap.minutes);
  return lines.join('\n');
}

// Reminders and the attendance rule

const HOUR_MS = 3_600_000;

/**
 * The reminder sweep: a day and an hour before each meeting, members who have not said they
 * cannot go are reminded (at once, or after their quiet hours); offers due today remind their
 * offerer. Each reminder is marked in the same write, so a sweep run twice reminds once.
 */
export async function runMeetingReminders(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const iso = now.toISOString();
  const upcoming = await listStartingBetween(ctx.db, iso, new Date(now.getTime() + 24 * HOUR_MS).toISOString());
  let sent = 0;
  for (const meeting of upcoming) {
    const isHourAway = Date.parse(meeting.startsAt) - now.getTime() <= HOUR_MS;
    const which = isHourAway ? (meeting.remindedHour ? null : 'hour') : meeting.remindedDay ? null : 'day';
    if (which === null) continue;
    const [memberIds, answers] = await Promise.all([
      listMemberIds(ctx.db, meeting.networkId),
      listAttendance(ctx.db, meeting.id),
    ]);
    const declined = new Set(answers.filter((entry) => entry.rsvp === 'not_going').map((entry) => entry.userId));
    const planned = await planNotifications(
      ctx,
      ctx.db,
      memberIds
        .filter((userId) => !declined.has(userId))
        .map((userId) => ({
          userId,
          kind: 'meeting_soon' as const,
          title: `${which === 'hour' ? 'In an hour' : 'Tomorrow'}: ${meeting.title}, ${dateLabel(meeting)}`,
          url: meetingUrl(meeting.id),
          networkId: meeting.networkId,
        })),
    );
    await write(ctx.database, function* (tx) {
      yield* run(which === 'hour' ? markRemindedHour : markRemindedDay, { id: meeting.id });
      yield* storeNotifications(ctx, tx, planned);
    });
    sent += planned.rows.length;
  }
  for (const offer of await listOffersDue(ctx.db, iso.slice(0, 10))) {
    const issue = await findIssue(ctx.db, offer.issueId);
    const planned = await planNotifications(ctx, ctx.db, [
      {
        userId: offer.offererId,
        kind: 'offer_due',
        title: `Due today: ${offer.description}${issue ? ` (for “${issue.title}”)` : ''}`,
        url: offerUrl(offer),
        networkId: offer.networkId,
      },
    ]);
    await write(ctx.database, function* (tx) {
      yield* run(markOfferReminded, { id: offer.id });
      yield* storeNotifications(ctx, tx, planned);
    });
    sent += planned.rows.length;
  }
  return sent;
}

const REMINDER_TICK_MS = 5 * 60_000;

/** The next sweep, five minutes on; one per slot whichever process schedules it. */
export async function scheduleMeetingReminders(ctx: AppContext): Promise<void> {
  const at = new Date(Math.ceil((ctx.clock.now().getTime() + 1) / REMINDER_TICK_MS) * REMINDER_TICK_MS);
  await ctx.jobs.enqueue(
    'meetings.remindTick',
    { at: at.toISOString() },
    { runAt: at, singletonKey: `meetings-remind:${at.toISOString()}` },
  );
}

/** Members who have now missed the network's rule of meetings in a row; the facilitators are told. */
async function planAttendanceAlerts(
  ctx: AppContext,
  network: Network,
  meeting: Meeting,
  missedIds: readonly string[],
  meetingId: string,
) {
  const rule = network.missedMeetingsAlert;
  if (rule === null || missedIds.length === 0) return undefined;
  const since = new Date(Date.parse(meeting.startsAt) - 400 * 86_400_000).toISOString();
  // Earlier meetings only: this one's misses are being recorded now and count as the latest.
  const records = (await listRecentAttendance(ctx.db, network.id, missedIds, since)).filter(
    (record) => record.startsAt < meeting.startsAt && record.meetingId !== meetingId,
  );
  const streaks = new Map<string, number>(missedIds.map((id) => [id, 1]));
  const broken = new Set<string>();
  for (const record of records) {
    if (broken.has(record.userId)) continue;
    if (record.attended === 1) broken.add(record.userId);
    else streaks.set(record.userId, (streaks.get(record.userId) ?? 0) + 1);
  }
  const alerted = missedIds.filter((id) => streaks.get(id) === rule);
  if (alerted.length === 0) return undefined;
  const [facilitatorIds, people] = await Promise.all([
    listFacilitatorIds(ctx.db, network.id),
    findPeople(ctx.db, alerted),
  ]);
  return planNotifications(
    ctx,
    ctx.db,
    facilitatorIds.flatMap((userId) =>
      alerted.map((memberId) => ({
        userId,
        kind: 'attendance_alert' as const,
        title: `${personOf(people, memberId).name} has missed ${rule} ${network.name} meetings in a row`,
        url: meetingUrl(meeting.id),
        networkId: network.id,
      })),
    ),
  );
}

/** Takes a member who left or was removed off the network's meetings still to come. */
export function* dropAnswersOnLeaving(networkId: string, userId: string, now: string): Work<void> {
  yield* run(dropFutureAnswers, { networkId, userId, now });
  yield* run(recountGoingAhead, { networkId, now });
}
