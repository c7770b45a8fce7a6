import type {
  AgendaBody,
  CalendarFeedView,
  IssueCreateBody,
  IssuePage,
  IssueUpdateBody,
  IssueView,
  MeetingCancelBody,
  MeetingCreateBody,
  MeetingPage,
  MeetingsQuery,
  MeetingUpdateBody,
  MeetingView,
  ParticipantList,
  RsvpBody,
  ScheduledView,
} from '@roundtable/contract/meetings';
import type { Meeting, MeetingIssue, Membership, Network } from '../../db/tables.js';
import { run, write } from '../../db/write.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { hashToken, newId, newSecretToken } from '../../platform/ids.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { authorize, type SignedInActor } from '../../platform/policy.js';
import { findNetworkWithMembership, findPeople } from '../networks/networks.service.js';
import { type NewNotification, planNotifications, storeNotifications } from '../notifications/notifications.service.js';
import { calendarOf, occurrencesOf, toLocal } from './meetings.calendar.js';
import {
  type IssueAccess,
  type IssueAction,
  issuePolicies,
  type MeetingAccess,
  type MeetingAction,
  type MeetingsAccess,
  type MeetingsAction,
  meetingPolicies,
  meetingsPolicies,
} from './meetings.policy.js';
import { presentIssue, presentMeeting, presentMeetingSummary, presentParticipant } from './meetings.presenter.js';
import {
  cancelMeeting as cancelMeetingRow,
  countAnswers,
  deleteCalendarFeed as deleteCalendarFeedRow,
  findCalendarFeed,
  findCalendarFeedOwner,
  findIssue,
  findMeeting,
  findMyAnswers,
  findParticipant,
  findSeriesRule,
  insertIssue,
  insertMeeting,
  insertMissed,
  insertSeries,
  listAgenda,
  listCalendarMeetings,
  listGoingIds,
  listIssuesByIds,
  listMeetings,
  listMemberIds,
  listMyNetworkIds,
  listQueue,
  listRoll,
  markAllMissed,
  markAttended,
  type NewMeeting,
  placeOnAgenda,
  publishAgenda,
  recountGoing,
  returnAgendaToQueue,
  updateIssue as updateIssueRow,
  updateMeeting as updateMeetingRow,
  upsertCalendarFeed,
  upsertRsvp,
  withdrawIssue as withdrawIssueRow,
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

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', `The ${path.slice(1).replace(/\/.*/, '')} ${message}.`, {
    details: [{ path, message }],
  });

/** In person and hybrid meetings say where; online and hybrid ones how to join. */
function checkPlace(place: { format: Meeting['format']; location: string | null; videoUrl: string | null }) {
  if (place.format !== 'online' && !place.location) throw invalid('/location', 'is needed for a meeting in person');
  if (place.format !== 'in_person' && !place.videoUrl) throw invalid('/videoUrl', 'is needed for a meeting online');
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
  if (!first || first.startsAt <= now) throw invalid('/startsAt', 'must be in the future');
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
  const meeting: Meeting = { ...firstMeeting, moved: 0, sequence: 0, goingCount: 0 };
  return {
    meeting: await detailsOf(ctx, actor, { ...loaded, meeting, meetingAccess: { ...loaded.access, meeting } }),
    occurrences: meetings.length,
  };
}

async function detailsOf(ctx: AppContext, actor: SignedInActor, loaded: LoadedMeeting): Promise<MeetingView> {
  const { meeting } = loaded;
  const [repeat, mine, counts, goingIds, agenda] = await Promise.all([
    findSeriesRule(ctx.db, meeting.seriesId),
    findParticipant(ctx.db, meeting.id, actor.userId),
    countAnswers(ctx.db, meeting.id),
    listGoingIds(ctx.db, meeting.id),
    listAgenda(ctx.db, meeting.id),
  ]);
  const people = await findPeople(ctx.db, [...goingIds, ...agenda.map((issue) => issue.authorId)]);
  return presentMeeting(actor, {
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
  if (!occurrence) throw invalid('/startsAt', 'is not a date and time');
  const now = ctx.clock.now().toISOString();
  if (isRetimed && occurrence.startsAt <= now) throw invalid('/startsAt', 'must be in the future');
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
  if (stranger >= 0) throw invalid(`/attendedIds/${stranger}`, 'is not a member of this network');
  const attended = new Set(attendedIds);
  await write(ctx.database, function* () {
    yield* run(markAllMissed, { meetingId });
    for (const userId of memberIds)
      yield* run(attended.has(userId) ? markAttended : insertMissed, { meetingId, userId });
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
  return presentIssue(actor, issue, loaded.access, await findPeople(ctx.db, [actor.userId]));
}

/** The network's queue of issues waiting for an agenda, A first. */
export async function listIssueQueue(ctx: AppContext, actor: SignedInActor, networkRef: string): Promise<IssuePage> {
  const loaded = await loadStanding(ctx, actor, networkRef);
  const queue = await listQueue(ctx.db, loaded.network.id);
  const people = await findPeople(
    ctx.db,
    queue.map((issue) => issue.authorId),
  );
  return { items: queue.map((issue) => presentIssue(actor, issue, loaded.access, people)), nextCursor: null };
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
  return presentIssue(actor, changed, loaded.access, await findPeople(ctx.db, [changed.authorId]));
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
  return presentIssue(actor, withdrawn, loaded.access, await findPeople(ctx.db, [withdrawn.authorId]));
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
  if (duplicate >= 0) throw invalid(`/items/${duplicate}/issueId`, 'is on the agenda twice');
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
    throw invalid(`/items/${unavailable}/issueId`, 'is not an issue waiting in this network’s queue');
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
