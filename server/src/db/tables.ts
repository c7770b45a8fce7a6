import type { ModerationAction } from '@roundtable/contract/threads';
import type { Generated, Insertable, Selectable } from 'kysely';

/** Times are ISO-8601 UTC strings on both dialects, so they sort and compare the same everywhere. */
type Time = string;

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  role: 'member' | 'admin';
  emailVerifiedAt: Time | null;
  createdAt: Time;
  updatedAt: Time;
}

export interface SessionsTable {
  id: string;
  userId: string;
  tokenHash: string;
  createdAt: Time;
  expiresAt: Time;
  userAgent: string | null;
}

export interface EmailTokensTable {
  id: string;
  userId: string;
  purpose: 'verify_email' | 'reset_password';
  tokenHash: string;
  createdAt: Time;
  expiresAt: Time;
  usedAt: Time | null;
}

export interface OutboxMessagesTable {
  id: string;
  toAddress: string;
  subject: string;
  text: string;
  html: string;
  /** JSON object of extra headers (List-Unsubscribe…), or null. */
  headers: string | null;
  /** 1 for an email about an anonymous post: the admin's outbox shows neither its recipient nor its text. */
  withheld: Generated<number>;
  createdAt: Time;
}

export interface InstanceSettingsTable {
  key: string;
  value: string;
}

export interface JobsTable {
  id: string;
  name: string;
  /** JSON text of the payload. */
  payload: string;
  status: 'queued' | 'running' | 'failed' | 'done';
  attempts: Generated<number>;
  maxAttempts: number;
  runAt: Time;
  /** The lease of the worker running the job; once past, another worker may take it over. */
  lockedUntil: Time | null;
  singletonKey: string | null;
  lastError: string | null;
  createdAt: Time;
  finishedAt: Time | null;
}

export interface ProfilesTable {
  userId: string;
  headline: string | null;
  jobTitle: string | null;
  level: string | null;
  function: string | null;
  industry: string | null;
  company: string | null;
  companySize: string | null;
  region: string | null;
  timeZone: string | null;
  yearsOfExperience: number | null;
  /** JSON array of normalised tags. */
  expertise: Generated<string>;
  bio: string | null;
  website: string | null;
  /** JSON object: field name → `network` | `signed_in`; fields left out take the default. */
  visibility: Generated<string>;
  avatarKey: string | null;
  avatarUpdatedAt: Time | null;
  /** JSON arrays of company names the member declared; private, read by the conflict screen only. */
  competitors: Generated<string>;
  customers: Generated<string>;
  updatedAt: Time;
}

/** 0 or 1: both dialects store booleans as integers here. */
type Flag = number;

export interface NetworksTable {
  id: string;
  slug: string;
  name: string;
  purpose: string;
  status: 'proposed' | 'active' | 'declined';
  format: 'in_person' | 'online' | 'hybrid';
  homeLocation: string | null;
  cadence: string;
  sizeLimit: number | null;
  joinPolicy: 'open' | 'application' | 'invitation';
  listed: Flag;
  memberCount: Generated<number>;
  charterVersion: number;
  /** JSON array of question texts. */
  applicationQuestions: Generated<string>;
  allowMemberInvites: Generated<Flag>;
  refuseSameCompany: Generated<Flag>;
  refuseCompetitors: Generated<Flag>;
  /** Replies are asked for experience, not advice (the Gestalt protocol). */
  experienceProtocol: Generated<Flag>;
  /** Who the network is for as bitmasks (see the contract's `audienceMasks`), kept with `network_audience`. */
  audienceLevels: Generated<number>;
  audienceFunctions: Generated<number>;
  audienceIndustries: Generated<number>;
  audienceCompanySizes: Generated<number>;
  audienceRegions: Generated<number>;
  proposedBy: string | null;
  decisionMessage: string | null;
  /** The zone its meetings are scheduled in; null until a facilitator sets one. */
  timeZone: string | null;
  /** Whether a meeting's recap may carry minutes (a safe harbor may prefer none). */
  meetingMinutes: Generated<Flag>;
  /** Tell the facilitators when a member has missed this many meetings in a row; null: never. */
  missedMeetingsAlert: number | null;
  /** JSON array of `{ name, minutes }`: the steps an issue is processed in; null: the default protocol. */
  meetingProtocol: string | null;
  createdAt: Time;
  updatedAt: Time;
}

export interface NetworkChartersTable {
  networkId: string;
  version: number;
  charter: string;
  confidentiality: string;
  createdBy: string | null;
  createdAt: Time;
}

export interface NetworkAudienceTable {
  networkId: string;
  /** `levels`, `functions`, `industries`, `companySizes` or `regions`. */
  dimension: string;
  /** An option id, or `*` for anyone on this dimension. */
  value: string;
}

export interface MembershipsTable {
  networkId: string;
  userId: string;
  role: 'member' | 'facilitator';
  status: 'active' | 'left' | 'removed';
  joinedAt: Time;
  acceptedCharterVersion: number | null;
  acceptedCharterAt: Time | null;
  endedAt: Time | null;
  removedBy: string | null;
  removalReason: string | null;
}

export interface CharterAcceptancesTable {
  id: string;
  networkId: string;
  userId: string;
  version: number;
  acceptedAt: Time;
}

export interface NetworkApplicationsTable {
  id: string;
  networkId: string;
  userId: string;
  why: string;
  contribution: string;
  /** JSON array of answers, in the order of the questions when applying. */
  answers: Generated<string>;
  status: 'pending' | 'approved' | 'declined' | 'joined';
  decisionMessage: string | null;
  decidedBy: string | null;
  decidedAt: Time | null;
  createdAt: Time;
}

export interface NetworkInvitationsTable {
  id: string;
  networkId: string;
  kind: 'email' | 'link';
  email: string | null;
  tokenHash: string;
  message: string | null;
  invitedBy: string;
  maxUses: number | null;
  uses: Generated<number>;
  createdAt: Time;
  expiresAt: Time;
  revokedAt: Time | null;
}

export interface NetworkAdmissionsTable {
  id: string;
  networkId: string;
  userId: string;
  via: 'application' | 'invitation';
  sourceId: string;
  grantedAt: Time;
  usedAt: Time | null;
}

export interface NotificationsTable {
  id: string;
  userId: string;
  kind: string;
  title: string;
  /** What was written (an excerpt), left out of emails for members who chose no content. */
  body: string | null;
  url: string;
  networkId: string | null;
  emailState: 'none' | 'queued' | 'sent' | 'failed';
  digestState: 'none' | 'pending' | 'sent';
  /** 1 when caused by an anonymous post or addressed to its author; see `NewNotification`. */
  aboutAnonymousPost: Generated<number>;
  createdAt: Time;
  readAt: Time | null;
}

export interface NotificationPreferencesTable {
  userId: string;
  /** JSON object: kind → channel, for kinds the member changed. */
  channels: Generated<string>;
  digestFrequency: Generated<'daily' | 'weekly' | 'off'>;
  digestHour: Generated<number>;
  quietStart: number | null;
  quietEnd: number | null;
  includeContent: Generated<number>;
  /** The member's secret key that signs unsubscribe links (per kind, expiring); never in an email itself. */
  unsubscribeToken: string;
  updatedAt: Time;
}

export interface ThreadsTable {
  id: string;
  networkId: string;
  authorId: string;
  anonymous: Flag;
  kind: 'discussion' | 'question';
  title: string;
  body: string;
  /** JSON array of tags. */
  tags: Generated<string>;
  pinned: Generated<Flag>;
  lastActivityAt: Time;
  /** Replies that are neither deleted nor hidden. */
  replyCount: Generated<number>;
  /** Replies ever posted; the next reply takes the next position. */
  lastPosition: Generated<number>;
  resolvedReplyId: string | null;
  lockedAt: Time | null;
  hiddenAt: Time | null;
  hiddenReason: string | null;
  deletedAt: Time | null;
  editedAt: Time | null;
  createdAt: Time;
  /** An anonymous thread is seen by its author alone until then; see threads.publication. */
  heldUntil: Time | null;
}

export interface RepliesTable {
  id: string;
  threadId: string;
  networkId: string;
  /** From 1 in the thread; negative while the reply is held, as it is numbered when published. */
  position: number;
  authorId: string;
  anonymous: Flag;
  body: string;
  quoteReplyId: string | null;
  helpfulCount: Generated<number>;
  nudgedAt: Time | null;
  hiddenAt: Time | null;
  hiddenReason: string | null;
  deletedAt: Time | null;
  editedAt: Time | null;
  createdAt: Time;
  /** An anonymous reply is seen by its author alone, unnumbered, until then. */
  heldUntil: Time | null;
}

export interface PostRevisionsTable {
  id: string;
  threadId: string;
  replyId: string | null;
  title: string | null;
  body: string;
  createdAt: Time;
}

export interface HelpfulMarksTable {
  replyId: string;
  userId: string;
  createdAt: Time;
}

export interface ThreadReadsTable {
  userId: string;
  threadId: string;
  readPosition: number;
  readAt: Time;
}

export interface PostFlagsTable {
  id: string;
  networkId: string;
  threadId: string;
  replyId: string | null;
  flaggedBy: string;
  reason: string;
  status: 'open' | 'resolved';
  resolvedBy: string | null;
  resolvedAt: Time | null;
  createdAt: Time;
}

export interface ModerationLogTable {
  id: string;
  networkId: string;
  actorId: string;
  action: ModerationAction;
  threadId: string | null;
  replyId: string | null;
  pulseId: Generated<string | null>;
  reason: string | null;
  createdAt: Time;
}

export interface AssessmentsTable {
  id: string;
  userId: string;
  instrumentVersion: number;
  /** JSON object: item id → answer 1–5. */
  answers: string;
  overall: number;
  band: string;
  /** JSON object: dimension id → score 0–100. */
  dimensions: string;
  createdAt: Time;
}

export interface PlanGoalsTable {
  id: string;
  userId: string;
  dimension: string;
  title: string;
  /** `YYYY-MM-DD`. */
  targetDate: string;
  position: number;
  createdAt: Time;
  updatedAt: Time;
}

export interface PlanActionsTable {
  id: string;
  userId: string;
  goalId: string;
  title: string;
  /** `YYYY-MM-DD`, or null for no due date. */
  dueDate: string | null;
  /** An activity metric id that completes the action once it reaches `target` after `createdAt`. */
  metric: string | null;
  target: number | null;
  /** When the member ticked it by hand. */
  doneAt: Time | null;
  /** The due date the last reminder was sent for. */
  remindedFor: string | null;
  position: number;
  createdAt: Time;
  updatedAt: Time;
}

export interface PulsesTable {
  id: string;
  askerId: string;
  title: string;
  context: string;
  /** JSON array of questions with their ids. */
  questions: string;
  threshold: number;
  anonymous: Flag;
  antitrustSafe: Flag;
  resultsVisibility: 'after_answer' | 'after_close';
  /** JSON of the audience filter the asker chose. */
  audience: Generated<string>;
  audienceSize: number;
  responseCount: Generated<number>;
  declinedCount: Generated<number>;
  /** Responses with at least one published answer: "results from 10 of 12 answers". */
  publishedCount: Generated<number>;
  /** When the breakdown copy was taken (the first close); breakdowns exist only after it. */
  breakdownTakenAt: Time | null;
  extended: Generated<Flag>;
  closesAt: Time;
  closedAt: Time | null;
  hiddenAt: Time | null;
  hiddenReason: string | null;
  createdAt: Time;
}

export interface PulseNetworksTable {
  pulseId: string;
  networkId: string;
  createdAt: Time;
}

export interface PulseRecipientsTable {
  pulseId: string;
  userId: string;
  /** `missed` once the pulse closed unanswered. */
  state: 'waiting' | 'answered' | 'declined' | 'missed';
  createdAt: Time;
}

export interface PulseResponsesTable {
  id: string;
  pulseId: string;
  userId: string;
  /** Arrival order within the pulse, from 1; results are built in this order. */
  position: number;
  /** JSON array of `{ questionId, value }`. */
  answers: string;
  /** The answers results are built from (JSON, as `answers`); they move only in batches of the threshold. */
  publishedAnswers: string | null;
  /** 1 while `answers` differ from `publishedAnswers` in some question. */
  isPending: Generated<Flag>;
  /** The published answers frozen at the first close, for breakdowns. */
  breakdownAnswers: string | null;
  /** JSON `{ companySize, region, industry }` of the respondent at the first close. */
  breakdownGroup: string | null;
  createdAt: Time;
  updatedAt: Time;
}

export interface MeetingSeriesTable {
  id: string;
  networkId: string;
  rrule: string;
  timeZone: string;
  /** The wall-clock start every occurrence keeps, `YYYY-MM-DDTHH:mm` in `timeZone`. */
  localStart: string;
  createdBy: string;
  createdAt: Time;
}

export interface MeetingsTable {
  id: string;
  networkId: string;
  seriesId: string | null;
  title: string;
  description: string;
  startsAt: Time;
  endsAt: Time;
  timeZone: string;
  localStart: string;
  format: 'in_person' | 'online' | 'hybrid';
  location: string | null;
  videoUrl: string | null;
  capacity: number | null;
  status: 'scheduled' | 'cancelled';
  cancelReason: string | null;
  /** Moved away from its series' rule. */
  moved: Generated<Flag>;
  /** Bumped on every change, so calendars replace the event (iCalendar SEQUENCE). */
  sequence: Generated<number>;
  goingCount: Generated<number>;
  agendaPublishedAt: Time | null;
  runStartedAt: Time | null;
  runEndedAt: Time | null;
  /** The issue being processed, and its protocol step (an index into the network's protocol). */
  runIssueId: string | null;
  runStep: number | null;
  runStepStartedAt: Time | null;
  recapPublishedAt: Time | null;
  /** Kept only where the network allows minutes. */
  minutes: string | null;
  remindedDay: Generated<Flag>;
  remindedHour: Generated<Flag>;
  createdBy: string;
  createdAt: Time;
  updatedAt: Time;
}

export interface MeetingOffersTable {
  id: string;
  issueId: string;
  networkId: string;
  offererId: string;
  /** The issue's author, who the offer is for. */
  presenterId: string;
  description: string;
  /** A calendar date, `YYYY-MM-DD`. */
  dueOn: string;
  status: 'open' | 'fulfilled' | 'withdrawn';
  reminded: Generated<Flag>;
  link: string | null;
  message: string | null;
  fileKey: string | null;
  fileName: string | null;
  fileType: string | null;
  fileSize: number | null;
  fulfilledAt: Time | null;
  createdAt: Time;
  updatedAt: Time;
}

export interface MeetingCommitmentsTable {
  id: string;
  issueId: string;
  networkId: string;
  userId: string;
  text: string;
  status: 'open' | 'in_progress' | 'done' | 'dropped';
  madeInMeetingId: string | null;
  checkedInMeetingId: string | null;
  checkInNote: string | null;
  checkedAt: Time | null;
  createdAt: Time;
  updatedAt: Time;
}

export interface MeetingParticipantsTable {
  meetingId: string;
  userId: string;
  rsvp: 'going' | 'maybe' | 'not_going' | null;
  /** For the facilitators only. */
  note: string | null;
  answeredAt: Time | null;
  /** Recorded by a facilitator: 1 attended, 0 missed, null not recorded. */
  attended: Flag | null;
}

export interface MeetingIssuesTable {
  id: string;
  networkId: string;
  authorId: string;
  title: string;
  need: 'experience' | 'sounding_board' | 'resources' | 'decision';
  priority: 'A' | 'B' | 'C';
  background: string;
  status: 'queued' | 'on_agenda' | 'processed' | 'withdrawn';
  meetingId: string | null;
  position: number | null;
  minutes: number | null;
  carriedOver: Generated<number>;
  createdAt: Time;
  updatedAt: Time;
}

export interface CalendarFeedsTable {
  userId: string;
  tokenHash: string;
  createdAt: Time;
}

export interface Tables {
  users: UsersTable;
  sessions: SessionsTable;
  emailTokens: EmailTokensTable;
  outboxMessages: OutboxMessagesTable;
  instanceSettings: InstanceSettingsTable;
  jobs: JobsTable;
  profiles: ProfilesTable;
  networks: NetworksTable;
  networkCharters: NetworkChartersTable;
  networkAudience: NetworkAudienceTable;
  memberships: MembershipsTable;
  charterAcceptances: CharterAcceptancesTable;
  networkApplications: NetworkApplicationsTable;
  networkInvitations: NetworkInvitationsTable;
  networkAdmissions: NetworkAdmissionsTable;
  notifications: NotificationsTable;
  notificationPreferences: NotificationPreferencesTable;
  threads: ThreadsTable;
  replies: RepliesTable;
  postRevisions: PostRevisionsTable;
  helpfulMarks: HelpfulMarksTable;
  threadReads: ThreadReadsTable;
  postFlags: PostFlagsTable;
  moderationLog: ModerationLogTable;
  pulses: PulsesTable;
  pulseNetworks: PulseNetworksTable;
  pulseRecipients: PulseRecipientsTable;
  pulseResponses: PulseResponsesTable;
  assessments: AssessmentsTable;
  planGoals: PlanGoalsTable;
  planActions: PlanActionsTable;
  meetingSeries: MeetingSeriesTable;
  meetings: MeetingsTable;
  meetingParticipants: MeetingParticipantsTable;
  meetingIssues: MeetingIssuesTable;
  meetingOffers: MeetingOffersTable;
  meetingCommitments: MeetingCommitmentsTable;
  calendarFeeds: CalendarFeedsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type Profile = Selectable<ProfilesTable>;
export type NewProfile = Insertable<ProfilesTable>;
export type Network = Selectable<NetworksTable>;
export type Membership = Selectable<MembershipsTable>;
export type NetworkApplication = Selectable<NetworkApplicationsTable>;
export type NetworkInvitation = Selectable<NetworkInvitationsTable>;
export type Thread = Selectable<ThreadsTable>;
export type Reply = Selectable<RepliesTable>;
export type Pulse = Selectable<PulsesTable>;
export type Meeting = Selectable<MeetingsTable>;
export type MeetingIssue = Selectable<MeetingIssuesTable>;
export type MeetingParticipant = Selectable<MeetingParticipantsTable>;
export type MeetingOffer = Selectable<MeetingOffersTable>;
export type MeetingCommitment = Selectable<MeetingCommitmentsTable>;

/** Every column of `profiles`, qualified, for queries that join a member's profile. */
export const PROFILE_COLUMNS = [
  'profiles.userId',
  'profiles.headline',
  'profiles.jobTitle',
  'profiles.level',
  'profiles.function',
  'profiles.industry',
  'profiles.company',
  'profiles.companySize',
  'profiles.region',
  'profiles.timeZone',
  'profiles.yearsOfExperience',
  'profiles.expertise',
  'profiles.bio',
  'profiles.website',
  'profiles.visibility',
  'profiles.avatarKey',
  'profiles.avatarUpdatedAt',
  'profiles.competitors',
  'profiles.customers',
  'profiles.updatedAt',
] as const;

/** The left-joined profile columns, or undefined when the member never filled anything in. */
export const profileOf = (row: { [K in keyof Profile]: Profile[K] | null }): Profile | undefined =>
  row.userId === null ? undefined : (row as Profile);
export type Notification = Selectable<NotificationsTable>;
export type NotificationPreferences = Selectable<NotificationPreferencesTable>;
export type Assessment = Selectable<AssessmentsTable>;
export type PlanGoal = Selectable<PlanGoalsTable>;
export type PlanAction = Selectable<PlanActionsTable>;
