import type { Meeting, MeetingCommitment, MeetingIssue, MeetingOffer } from '../../db/tables.js';
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

export type MeetingAccess = MeetingsAccess & {
  meeting: Pick<Meeting, 'status' | 'startsAt' | 'endsAt' | 'runStartedAt' | 'runEndedAt' | 'recapPublishedAt'>;
};

export type OfferAccess = MeetingsAccess & { offer: Pick<MeetingOffer, 'offererId' | 'presenterId' | 'status'> };

export type CommitmentAccess = MeetingsAccess & { commitment: Pick<MeetingCommitment, 'userId' | 'status'> };

export type IssueAccess = MeetingsAccess & { issue: Pick<MeetingIssue, 'authorId' | 'status'> };

const isMember = (actor: Actor, access: MeetingsAccess) => isSignedIn(actor) && access.membership?.status === 'active';
const isFacilitator = (actor: Actor, access: MeetingsAccess) =>
  isMember(actor, access) && access.membership?.role === 'facilitator';
const isActiveNetwork = (access: MeetingsAccess) => access.network.status === 'active';
const isScheduled = ({ meeting }: MeetingAccess) => meeting.status === 'scheduled';
const isOver = ({ meeting, now }: MeetingAccess) => meeting.endsAt <= now;
const hasStarted = ({ meeting, now }: MeetingAccess) => meeting.startsAt <= now;
const RUN_EARLY_MS = 2 * 3_600_000;
/** A facilitator may open the run screen up to two hours early, to set up the room. */
const isRunnable = ({ meeting, now }: MeetingAccess) =>
  meeting.runEndedAt === null && Date.parse(meeting.startsAt) - RUN_EARLY_MS <= Date.parse(now);
const isFinished = (access: MeetingAccess) => access.meeting.runEndedAt !== null || isOver(access);

/*
 * Meetings are a safe harbor's own record: only the network's members see them. Host admins who
 * are not members get the same 404 as anyone else.
 */
export const meetingsPolicies = {
  'meetings.read': (actor, access) => isMember(actor, access),
  'meetings.schedule': (actor, access) => isFacilitator(actor, access) && isActiveNetwork(access),
  'meetings.raiseIssue': (actor, access) => isMember(actor, access) && isActiveNetwork(access),
  'meetings.editSettings': (actor, access) => isFacilitator(actor, access),
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
  'meeting.run': (actor, access) => isFacilitator(actor, access) && isScheduled(access) && isRunnable(access),
  'meeting.publishRecap': (actor, access) => isFacilitator(actor, access) && isScheduled(access) && isFinished(access),
  /** Members read the recap once published; the facilitators while they write it. */
  'meeting.readRecap': (actor, access) =>
    isMember(actor, access) && (access.meeting.recapPublishedAt !== null || isFacilitator(actor, access)),
} satisfies Record<string, Policy<MeetingAccess>>;

const isAuthor = (actor: Actor, { issue }: IssueAccess) => isSignedIn(actor) && actor.userId === issue.authorId;
const isOpenIssue = ({ issue }: IssueAccess) => issue.status === 'queued' || issue.status === 'on_agenda';

export const issuePolicies = {
  'issue.read': (actor, access) => isMember(actor, access),
  'issue.edit': (actor, access) => isMember(actor, access) && isAuthor(actor, access) && isOpenIssue(access),
  'issue.withdraw': (actor, access) =>
    isMember(actor, access) && (isAuthor(actor, access) || isFacilitator(actor, access)) && isOpenIssue(access),
  /** A peer offers the presenter something: their own issue is not theirs to offer on. */
  'issue.offer': (actor, access) =>
    isMember(actor, access) && !isAuthor(actor, access) && access.issue.status !== 'withdrawn',
  /** The presenter records their commitment, or a facilitator for them at the meeting. */
  'issue.commit': (actor, access) =>
    isMember(actor, access) &&
    (isAuthor(actor, access) || isFacilitator(actor, access)) &&
    access.issue.status !== 'withdrawn',
} satisfies Record<string, Policy<IssueAccess>>;

const isOfferer = (actor: Actor, { offer }: OfferAccess) => isSignedIn(actor) && actor.userId === offer.offererId;
const isPresenter = (actor: Actor, { offer }: OfferAccess) => isSignedIn(actor) && actor.userId === offer.presenterId;

export const offerPolicies = {
  'offer.read': (actor, access) => isMember(actor, access),
  /** What was shared goes to the presenter; the offerer keeps sight of what they sent. */
  'offer.readShared': (actor, access) =>
    isMember(actor, access) && (isOfferer(actor, access) || isPresenter(actor, access)),
  'offer.fulfil': (actor, access) =>
    isMember(actor, access) && isOfferer(actor, access) && access.offer.status === 'open',
  'offer.withdraw': (actor, access) =>
    isMember(actor, access) && isOfferer(actor, access) && access.offer.status === 'open',
} satisfies Record<string, Policy<OfferAccess>>;

export const commitmentPolicies = {
  'commitment.read': (actor, access) => isMember(actor, access),
  'commitment.checkIn': (actor, access) =>
    isMember(actor, access) &&
    ((isSignedIn(actor) && actor.userId === access.commitment.userId) || isFacilitator(actor, access)) &&
    (access.commitment.status === 'open' || access.commitment.status === 'in_progress'),
} satisfies Record<string, Policy<CommitmentAccess>>;

export type OfferAction = keyof typeof offerPolicies;
export type CommitmentAction = keyof typeof commitmentPolicies;
export type MeetingsAction = keyof typeof meetingsPolicies;
export type MeetingAction = keyof typeof meetingPolicies;
export type IssueAction = keyof typeof issuePolicies;
