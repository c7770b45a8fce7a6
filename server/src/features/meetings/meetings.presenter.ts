import {
  type AgendaItemView,
  type CommitmentView,
  DEFAULT_MEETING_PROTOCOL,
  type IssueView,
  type MeetingSummaryView,
  type MeetingView,
  type OfferView,
  type ParticipantView,
  type ProtocolStep,
  type RunView,
} from '@roundtable/contract/meetings';
import type { PersonSummaryView } from '@roundtable/contract/networks';
import type {
  Meeting,
  MeetingCommitment,
  MeetingIssue,
  MeetingOffer,
  MeetingParticipant,
  Network,
} from '../../db/tables.js';
import type { Actor } from '../../platform/policy.js';
import { presentPersonSummary } from '../networks/networks.presenter.js';
import type { PersonRow } from '../networks/networks.queries.js';
import {
  type CommitmentAccess,
  commitmentPolicies,
  type IssueAccess,
  issuePolicies,
  type MeetingAccess,
  type MeetingsAccess,
  meetingPolicies,
  meetingsPolicies,
  type OfferAccess,
  offerPolicies,
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
  offerCounts: ReadonlyMap<string, number>,
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
    offerCount: offerCounts.get(issue.id) ?? 0,
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
  protocol: readonly ProtocolStep[];
  openCommitments: readonly MeetingCommitment[];
  issueTitles: ReadonlyMap<string, string>;
  offerCounts: ReadonlyMap<string, number>;
  now: string;
};

export function presentMeeting(actor: Actor, details: MeetingDetails): MeetingView {
  const { meeting, access, people } = details;
  const canBuildAgenda = meetingPolicies['meeting.buildAgenda'](actor, access);
  // Members see the agenda once it is published; the facilitators while they build it.
  const showsAgenda = meeting.agendaPublishedAt !== null || meetingPolicies['meeting.readRoll'](actor, access);
  const agenda: AgendaItemView[] = showsAgenda
    ? details.agenda.map((issue, index) => ({
        ...presentIssue(actor, issue, access, people, details.offerCounts),
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
    run:
      meeting.runStartedAt === null
        ? null
        : presentRun(actor, { ...details, agenda: details.agenda, protocol: details.protocol }),
    openCommitments: details.openCommitments.map((commitment) =>
      presentCommitment(actor, commitment, access, people, details.issueTitles),
    ),
    recapPublished: meeting.recapPublishedAt !== null,
    abilities: {
      run: meetingPolicies['meeting.run'](actor, access),
      publishRecap: meetingPolicies['meeting.publishRecap'](actor, access),
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

/** The network's processing protocol, or the default one. */
export function protocolOf(network: Pick<Network, 'meetingProtocol'>): ProtocolStep[] {
  if (network.meetingProtocol === null) return DEFAULT_MEETING_PROTOCOL.map((step) => ({ ...step }));
  return JSON.parse(network.meetingProtocol) as ProtocolStep[];
}

export function presentRun(
  actor: Actor,
  details: Pick<MeetingDetails, 'meeting' | 'access' | 'agenda' | 'people' | 'protocol' | 'now'>,
): RunView {
  const { meeting, agenda } = details;
  const issue = agenda.find((item) => item.id === meeting.runIssueId);
  return {
    meetingId: meeting.id,
    startedAt: meeting.runStartedAt,
    endedAt: meeting.runEndedAt,
    issueId: issue?.id ?? null,
    issueTitle: issue?.title ?? null,
    presenter: issue ? personOf(details.people, issue.authorId) : null,
    issueMinutes: issue?.minutes ?? null,
    stepIndex: issue ? meeting.runStep : null,
    stepStartedAt: meeting.runStepStartedAt,
    protocol: [...details.protocol],
    position: issue ? agenda.indexOf(issue) : null,
    agendaLength: agenda.length,
    serverNow: details.now,
    abilities: { run: meetingPolicies['meeting.run'](actor, details.access) },
  };
}

export function presentOffer(
  actor: Actor,
  offer: MeetingOffer,
  access: MeetingsAccess,
  people: ReadonlyMap<string, PersonRow>,
  issueTitle: string,
): OfferView {
  const offerAccess: OfferAccess = { ...access, offer };
  const mayReadShared = offerPolicies['offer.readShared'](actor, offerAccess);
  return {
    id: offer.id,
    issueId: offer.issueId,
    issueTitle,
    offerer: personOf(people, offer.offererId),
    presenter: personOf(people, offer.presenterId),
    description: offer.description,
    dueOn: offer.dueOn,
    status: offer.status,
    fulfilledAt: offer.fulfilledAt,
    link: mayReadShared ? offer.link : null,
    message: mayReadShared ? offer.message : null,
    file:
      mayReadShared && offer.fileKey && offer.fileName && offer.fileType
        ? {
            name: offer.fileName,
            type: offer.fileType,
            size: offer.fileSize ?? 0,
            url: `/api/v1/meeting-offers/${offer.id}/file`,
          }
        : null,
    abilities: {
      fulfil: offerPolicies['offer.fulfil'](actor, offerAccess),
      withdraw: offerPolicies['offer.withdraw'](actor, offerAccess),
    },
  };
}

export function presentCommitment(
  actor: Actor,
  commitment: MeetingCommitment,
  access: MeetingsAccess,
  people: ReadonlyMap<string, PersonRow>,
  issueTitles: ReadonlyMap<string, string>,
): CommitmentView {
  const commitmentAccess: CommitmentAccess = { ...access, commitment };
  return {
    id: commitment.id,
    issueId: commitment.issueId,
    issueTitle: issueTitles.get(commitment.issueId) ?? '',
    person: personOf(people, commitment.userId),
    text: commitment.text,
    status: commitment.status,
    checkInNote: commitment.checkInNote,
    checkedAt: commitment.checkedAt,
    createdAt: commitment.createdAt,
    abilities: { checkIn: commitmentPolicies['commitment.checkIn'](actor, commitmentAccess) },
  };
}
