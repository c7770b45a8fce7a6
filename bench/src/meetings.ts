import type { Db } from '../../server/src/db/database.js';
import { withTransaction } from '../../server/src/db/database.js';
import type { Random } from './random.js';
import { DAY_MS, insertInBatches, type TableReport } from './rows.js';

export type MeetingsResult = {
  /** The flagship network's next meeting, with its published agenda and many answers. */
  nextMeetingId: string;
  networkId: string;
  meetings: number;
  agendaItems: number;
  queued: number;
} | null;

const AGENDA = 8;
const QUEUED = 40;

/**
 * Every network meets monthly: six meetings behind and six ahead. The flagship's next meeting has
 * answers from about 60 % of its members, a published agenda of eight issues with offers and the
 * presenters' commitments from the meeting before, and forty more issues wait in its queue.
 * Written straight to the tables like the rest of the data set.
 */
export async function writeBenchMeetings(
  db: Db,
  random: Random,
  options: { flagshipId: string | null; benchMemberId: string | null },
  reports: TableReport[],
): Promise<MeetingsResult> {
  const started = performance.now();
  const networks = await db.selectFrom('networks').select(['id']).where('status', '=', 'active').execute();
  const facilitators = new Map(
    (
      await db
        .selectFrom('memberships')
        .select(['networkId', 'userId'])
        .where('role', '=', 'facilitator')
        .where('status', '=', 'active')
        .execute()
    ).map((row) => [row.networkId, row.userId]),
  );
  const nowMs = Date.now();
  const monthStart = Date.UTC(new Date(nowMs).getUTCFullYear(), new Date(nowMs).getUTCMonth(), 1);
  const meetings: Parameters<typeof insertMeetings>[1] = [];
  let nextMeetingId = '';
  let lastMeetingId = '';
  for (const network of networks) {
    const createdBy = facilitators.get(network.id);
    if (!createdBy) continue;
    for (let month = -6; month < 6; month++) {
      // The tenth of each month at 09:00 UTC, and the flagship's next one always ahead of the run.
      const startsMs = month === 0 ? nowMs + 3 * DAY_MS : monthStart + month * 30 * DAY_MS + 9 * DAY_MS + 9 * 3_600_000;
      const startsAt = new Date(startsMs).toISOString();
      const id = random.uuidV7(Math.min(startsMs, nowMs) - 30 * DAY_MS);
      if (network.id === options.flagshipId && month === 0) nextMeetingId = id;
      if (network.id === options.flagshipId && month === -1) lastMeetingId = id;
      meetings.push({
        id,
        networkId: network.id,
        seriesId: null,
        title: 'Monthly forum',
        description: 'Bring one issue you want the group’s experience on.',
        startsAt,
        endsAt: new Date(startsMs + 3 * 3_600_000).toISOString(),
        timeZone: 'UTC',
        localStart: startsAt.slice(0, 16),
        format: 'hybrid',
        location: 'The usual room',
        videoUrl: 'https://meet.example.com/forum',
        capacity: null,
        status: 'scheduled',
        cancelReason: null,
        agendaPublishedAt: month === 0 || month < 0 ? new Date(startsMs - 7 * DAY_MS).toISOString() : null,
        runStartedAt: month < 0 ? startsAt : null,
        runEndedAt: month < 0 ? new Date(startsMs + 3 * 3_600_000).toISOString() : null,
        recapPublishedAt: null,
        createdBy,
        createdAt: new Date(nowMs - 200 * DAY_MS).toISOString(),
        updatedAt: new Date(nowMs - 200 * DAY_MS).toISOString(),
      });
    }
  }
  if (!options.flagshipId || !nextMeetingId || !lastMeetingId) return null;
  const flagshipId = options.flagshipId;
  const members = (
    await db
      .selectFrom('memberships')
      .select('userId')
      .where('networkId', '=', flagshipId)
      .where('status', '=', 'active')
      .orderBy('userId')
      .execute()
  ).map((row) => row.userId);
  const answered = members.filter((id) => id === options.benchMemberId || random.chance(0.6));
  const rsvpOf = () => (random.chance(0.7) ? 'going' : random.chance(0.5) ? 'maybe' : 'not_going');
  const participants = answered.map((userId, index) => ({
    meetingId: nextMeetingId,
    userId,
    rsvp: rsvpOf() as 'going' | 'maybe' | 'not_going',
    note: index % 10 === 0 ? 'Joining online' : null,
    answeredAt: new Date(nowMs - DAY_MS + index * 1_000).toISOString(),
    attended: null,
  }));
  const goingCount = participants.filter((participant) => participant.rsvp === 'going').length;
  const presenters = members.filter((id) => id !== options.benchMemberId).slice(0, AGENDA + QUEUED);
  const needs = ['experience', 'sounding_board', 'resources', 'decision'] as const;
  const issues = presenters.map((authorId, index) => {
    const onAgenda = index < AGENDA;
    const at = new Date(nowMs - (10 - (index % 10)) * DAY_MS + index * 60_000).toISOString();
    return {
      id: random.uuidV4(),
      networkId: flagshipId,
      authorId,
      title: `${['Pricing', 'Hiring', 'Churn', 'Forecasting', 'Board'][index % 5]} question ${index + 1}`,
      need: needs[index % needs.length] ?? 'experience',
      priority: (['A', 'B', 'C'] as const)[index % 3] ?? 'B',
      background: 'What we tried so far, and what the board expects by the end of the quarter.',
      status: onAgenda ? ('on_agenda' as const) : ('queued' as const),
      meetingId: onAgenda ? nextMeetingId : null,
      position: onAgenda ? index : null,
      minutes: onAgenda ? 20 : null,
      createdAt: at,
      updatedAt: at,
    };
  });
  const offers = issues.slice(0, AGENDA).flatMap((issue, index) =>
    [1, 2].map((n) => ({
      id: random.uuidV4(),
      issueId: issue.id,
      networkId: flagshipId,
      offererId: members[(index * 2 + n) % members.length] ?? issue.authorId,
      presenterId: issue.authorId,
      description: 'Our process, as we run it today',
      dueOn: new Date(nowMs + 10 * DAY_MS).toISOString().slice(0, 10),
      status: 'open' as const,
      createdAt: issue.createdAt,
      updatedAt: issue.createdAt,
    })),
  );
  // The commitments made at the last meeting, checked in at the start of the next.
  const commitments = issues.slice(0, AGENDA).map((issue) => ({
    id: random.uuidV4(),
    issueId: issue.id,
    networkId: flagshipId,
    userId: issue.authorId,
    text: 'Try it with one team and report back',
    status: 'open' as const,
    madeInMeetingId: lastMeetingId,
    checkedInMeetingId: null,
    checkInNote: null,
    checkedAt: null,
    createdAt: new Date(nowMs - 20 * DAY_MS).toISOString(),
    updatedAt: new Date(nowMs - 20 * DAY_MS).toISOString(),
  }));
  await withTransaction(db, async (trx) => {
    await insertMeetings(trx, meetings);
    await insertInBatches(trx, 'meetingParticipants', participants);
    await trx.updateTable('meetings').set({ goingCount }).where('id', '=', nextMeetingId).execute();
    await insertInBatches(trx, 'meetingIssues', issues);
    await insertInBatches(trx, 'meetingOffers', offers);
    await insertInBatches(trx, 'meetingCommitments', commitments);
  });
  reports.push({
    table: 'meetings',
    rows: meetings.length + participants.length + issues.length + offers.length + commitments.length,
    ms: performance.now() - started,
  });
  return { nextMeetingId, networkId: flagshipId, meetings: meetings.length, agendaItems: AGENDA, queued: QUEUED };
}

async function insertMeetings(
  trx: Parameters<typeof insertInBatches>[0],
  rows: Parameters<typeof insertInBatches<'meetings'>>[2],
): Promise<void> {
  await insertInBatches(trx, 'meetings', rows);
}
