import type { Meeting, MeetingIssue } from '../../db/tables.js';
import { type Actor, isSignedIn, type Policy } from '../../platform/policy.js';

export const meetingRoutePolicies = {
  /** Each meetings route loads the meeting or network and the viewer's standing, then applies the policies below. */
  'meetings.signedIn': isSignedIn,
} satisfies Record<string, Policy>;

/** A network's meetings as the viewer stands in it: all a decision needs, loaded once. */
export type MeetingsAccess = {
  network: { status: 'proposed' | 'active' | 'declined' };
  membership: { role: 'member' | 'facilitator'; status: 'active' | 'left' | 'removed' } | null;
  now: string;
};

export type MeetingAccess = MeetingsAccess & { meeting: Pick<Meeting, 'status' | 'startsAt' | 'endsAt'> };

export type IssueAccess = MeetingsAccess & { issue: Pick<MeetingIssue, 'authorId' | 'status'> };

const isMember = (actor: Actor, access: MeetingsAccess) => isSignedIn(actor) && access.membership?.status === 'active';
const isFacilitator = (actor: Actor, access: MeetingsAccess) =>
  isMember(actor, access) && access.membership?.role === 'facilitator';
const isActiveNetwork = (access: MeetingsAccess) => access.network.status === 'active';
const isScheduled = ({ meeting }: MeetingAccess) => meeting.status === 'scheduled';
const isOver = ({ meeting, now }: MeetingAccess) => meeting.endsAt <= now;
const hasStarted = ({ meeting, now }: MeetingAccess) => meeting.startsAt <= now;

/*
 * Meetings are a safe harbor's own record: only the network's members see them. Host admins who
 * are not members get the same 404 as anyone else.
 */
export const meetingsPolicies = {
  'meetings.read': (actor, access) => isMember(actor, access),
  'meetings.schedule': (actor, access) => isFacilitator(actor, access) && isActiveNetwork(access),
  'meetings.raiseIssue': (actor, access) => isMember(actor, access) && isActiveNetwork(access),
} satisfies Record<string, Policy<MeetingsAccess>>;

export const meetingPolicies = {
  'meeting.read': (actor, access) => isMember(actor, access),
  'meeting.rsvp': (actor, access) => isMember(actor, access) && isScheduled(access) && !isOver(access),
  'meeting.edit': (actor, access) => isFacilitator(actor, access) && isScheduled(access) && !isOver(access),
  'meeting.cancel': (actor, access) => isFacilitator(actor, access) && isScheduled(access) && !isOver(access),
  'meeting.buildAgenda': (actor, access) => isFacilitator(actor, access) && isScheduled(access) && !isOver(access),
  /** Notes to the facilitators and who attended are theirs to read. */
  'meeting.readRoll': (actor, access) => isFacilitator(actor, access),
  'meeting.recordAttendance': (actor, access) =>
    isFacilitator(actor, access) && isScheduled(access) && hasStarted(access),
} satisfies Record<string, Policy<MeetingAccess>>;

const isAuthor = (actor: Actor, { issue }: IssueAccess) => isSignedIn(actor) && actor.userId === issue.authorId;
const isOpenIssue = ({ issue }: IssueAccess) => issue.status === 'queued' || issue.status === 'on_agenda';

export const issuePolicies = {
  'issue.read': (actor, access) => isMember(actor, access),
  'issue.edit': (actor, access) => isMember(actor, access) && isAuthor(actor, access) && isOpenIssue(access),
  'issue.withdraw': (actor, access) =>
    isMember(actor, access) && (isAuthor(actor, access) || isFacilitator(actor, access)) && isOpenIssue(access),
} satisfies Record<string, Policy<IssueAccess>>;

export type MeetingsAction = keyof typeof meetingsPolicies;
export type MeetingAction = keyof typeof meetingPolicies;
export type IssueAction = keyof typeof issuePolicies;
