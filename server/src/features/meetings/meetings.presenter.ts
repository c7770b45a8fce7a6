import type {
  AgendaItemView,
  IssueView,
  MeetingSummaryView,
  MeetingView,
  ParticipantView,
} from '@roundtable/contract/meetings';
import type { PersonSummaryView } from '@roundtable/contract/networks';
import type { Meeting, MeetingIssue, MeetingParticipant } from '../../db/tables.js';
import type { Actor } from '../../platform/policy.js';
import { presentPersonSummary } from '../networks/networks.presenter.js';
import type { PersonRow } from '../networks/networks.queries.js';
import {
  type IssueAccess,
  issuePolicies,
  type MeetingAccess,
  meetingPolicies,
  meetingsPolicies,
} from './meetings.policy.js';

type NetworkRef = { id: string; slug: string; name: string };

/** Someone who has since gone from the instance still has a name on the record. */
export const personOf = (people: ReadonlyMap<string, PersonRow>, userId: string): PersonSummaryView => {
  const person = people.get(userId);
  return person ? presentPersonSummary(person) : { id: userId, name: 'A former member', avatarUrl: null };
};

export function presentMeetingSummary(
  meeting: Meeting,
  network: NetworkRef,
  myRsvp: MeetingParticipant['rsvp'] | undefined,
): MeetingSummaryView {
  return {
    id: meeting.id,
    network: { id: network.id, slug: network.slug, name: network.name },
    title: meeting.title,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    timeZone: meeting.timeZone,
    format: meeting.format,
    location: meeting.location,
    status: meeting.status,
    cancelReason: meeting.cancelReason,
    isRecurring: meeting.seriesId !== null,
    moved: meeting.moved === 1,
    capacity: meeting.capacity,
    goingCount: meeting.goingCount,
    myRsvp: myRsvp ?? null,
    agendaPublished: meeting.agendaPublishedAt !== null,
  };
}

export function presentIssue(
  actor: Actor,
  issue: MeetingIssue,
  access: Omit<IssueAccess, 'issue'>,
  people: ReadonlyMap<string, PersonRow>,
): IssueView {
  const issueAccess = { ...access, issue };
  return {
    id: issue.id,
    networkId: issue.networkId,
    title: issue.title,
    need: issue.need,
    priority: issue.priority,
    background: issue.background,
    status: issue.status,
    author: personOf(people, issue.authorId),
    meetingId: issue.meetingId,
    minutes: issue.minutes,
    carriedOver: issue.carriedOver,
    createdAt: issue.createdAt,
    abilities: {
      edit: issuePolicies['issue.edit'](actor, issueAccess),
      withdraw: issuePolicies['issue.withdraw'](actor, issueAccess),
    },
  };
}

export type MeetingDetails = {
  meeting: Meeting;
  network: NetworkRef;
  access: MeetingAccess;
  repeat: string | null;
  mine: MeetingParticipant | undefined;
  counts: { going: number; maybe: number; notGoing: number };
  goingIds: readonly string[];
  agenda: readonly MeetingIssue[];
  people: ReadonlyMap<string, PersonRow>;
  calendarUrl: string;
};

export function presentMeeting(actor: Actor, details: MeetingDetails): MeetingView {
  const { meeting, access, people } = details;
  const canBuildAgenda = meetingPolicies['meeting.buildAgenda'](actor, access);
  // Members see the agenda once it is published; the facilitators while they build it.
  const showsAgenda = meeting.agendaPublishedAt !== null || meetingPolicies['meeting.readRoll'](actor, access);
  const agenda: AgendaItemView[] = showsAgenda
    ? details.agenda.map((issue, index) => ({
        ...presentIssue(actor, issue, access, people),
        position: issue.position ?? index,
      }))
    : [];
  return {
    ...presentMeetingSummary(meeting, details.network, details.mine?.rsvp),
    description: meeting.description,
    videoUrl: meeting.videoUrl,
    repeat: details.repeat,
    myNote: details.mine?.note ?? null,
    counts: details.counts,
    going: details.goingIds.map((id) => personOf(people, id)),
    agenda,
    calendarUrl: details.calendarUrl,
    abilities: {
      rsvp: meetingPolicies['meeting.rsvp'](actor, access),
      edit: meetingPolicies['meeting.edit'](actor, access),
      cancel: meetingPolicies['meeting.cancel'](actor, access),
      buildAgenda: canBuildAgenda,
      recordAttendance: meetingPolicies['meeting.recordAttendance'](actor, access),
      raiseIssue: meetingsPolicies['meetings.raiseIssue'](actor, access),
    },
  };
}

export function presentParticipant(
  row:
    | Pick<MeetingParticipant, 'userId' | 'rsvp' | 'note' | 'answeredAt' | 'attended'>
    | {
        userId: string;
        rsvp: MeetingParticipant['rsvp'];
        note: string | null;
        answeredAt: string | null;
        attended: number | null;
      },
  people: ReadonlyMap<string, PersonRow>,
): ParticipantView {
  return {
    person: personOf(people, row.userId),
    rsvp: row.rsvp ?? null,
    note: row.note,
    answeredAt: row.answeredAt,
    attended: row.attended === null ? null : row.attended === 1,
  };
}
