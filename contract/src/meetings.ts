import { type Static, Type } from 'typebox';
import { Id, Page, PageQuery, Timestamp } from './common.js';
import { PersonSummaryView } from './networks.js';

export const MEETING_TITLE_MAX_LENGTH = 160;
export const MEETING_DESCRIPTION_MAX_LENGTH = 4_000;
export const MEETING_LOCATION_MAX_LENGTH = 300;
export const MEETING_VIDEO_URL_MAX_LENGTH = 500;
export const MEETING_CAPACITY_MAX = 10_000;
export const RRULE_MAX_LENGTH = 500;
/** A series must end, and within this many occurrences. */
export const SERIES_MAX_OCCURRENCES = 500;
/** A meeting lasts at most this long. */
export const MEETING_MAX_MINUTES = 24 * 60;
export const RSVP_NOTE_MAX_LENGTH = 500;
export const CANCEL_REASON_MAX_LENGTH = 500;
export const ISSUE_TITLE_MAX_LENGTH = 160;
export const ISSUE_BACKGROUND_MAX_LENGTH = 4_000;
export const AGENDA_MAX_ITEMS = 30;
export const TIME_BOX_MAX_MINUTES = 240;

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

/** A wall-clock time without zone, `YYYY-MM-DDTHH:mm`, read in the meeting's `timeZone`. */
export const LocalDateTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$',
  maxLength: 16,
  description: 'A wall-clock time in the meeting’s time zone, e.g. `2027-01-12T09:00`',
});

const TimeZone = Type.String({ minLength: 1, maxLength: 64, description: 'An IANA time zone such as `Europe/Berlin`' });

export const MeetingFormat = Type.Enum(['in_person', 'online', 'hybrid']);
export type MeetingFormat = Static<typeof MeetingFormat>;

export const MEETING_FORMATS = [
  { id: 'in_person', label: 'In person' },
  { id: 'online', label: 'Online' },
  { id: 'hybrid', label: 'Hybrid' },
] as const;

const VideoUrl = Type.String({ minLength: 1, maxLength: MEETING_VIDEO_URL_MAX_LENGTH, pattern: '^https?://\\S+$' });
const orNull = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const MeetingParams = Type.Object({ meetingId: Id }, { additionalProperties: false });
export type MeetingParams = Static<typeof MeetingParams>;

/**
 * A meeting to schedule. `startsAt` and `endsAt` are wall-clock times in `timeZone`. With `repeat`
 * (an RRULE such as `FREQ=MONTHLY;BYDAY=2TU;COUNT=6`) it becomes a series whose every occurrence
 * keeps the same local time; the rule must end (COUNT or UNTIL) within 500 occurrences.
 * In person and hybrid meetings need a `location`, online and hybrid ones a `videoUrl`.
 */
export const MeetingCreateBody = Type.Object(
  {
    title: Text(MEETING_TITLE_MAX_LENGTH),
    description: Type.Optional(Type.String({ maxLength: MEETING_DESCRIPTION_MAX_LENGTH })),
    startsAt: LocalDateTime,
    endsAt: LocalDateTime,
    timeZone: TimeZone,
    format: MeetingFormat,
    location: Type.Optional(orNull(Text(MEETING_LOCATION_MAX_LENGTH))),
    videoUrl: Type.Optional(orNull(VideoUrl)),
    capacity: Type.Optional(orNull(Type.Integer({ minimum: 1, maximum: MEETING_CAPACITY_MAX }))),
    repeat: Type.Optional(orNull(Type.String({ minLength: 1, maxLength: RRULE_MAX_LENGTH }))),
  },
  { additionalProperties: false },
);
export type MeetingCreateBody = Static<typeof MeetingCreateBody>;

/** Changes one occurrence; new times move it away from its series. */
export const MeetingUpdateBody = Type.Object(
  {
    title: Type.Optional(Text(MEETING_TITLE_MAX_LENGTH)),
    description: Type.Optional(Type.String({ maxLength: MEETING_DESCRIPTION_MAX_LENGTH })),
    startsAt: Type.Optional(LocalDateTime),
    endsAt: Type.Optional(LocalDateTime),
    format: Type.Optional(MeetingFormat),
    location: Type.Optional(orNull(Text(MEETING_LOCATION_MAX_LENGTH))),
    videoUrl: Type.Optional(orNull(VideoUrl)),
    capacity: Type.Optional(orNull(Type.Integer({ minimum: 1, maximum: MEETING_CAPACITY_MAX }))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type MeetingUpdateBody = Static<typeof MeetingUpdateBody>;

export const MeetingCancelBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: CANCEL_REASON_MAX_LENGTH })) },
  { additionalProperties: false },
);
export type MeetingCancelBody = Static<typeof MeetingCancelBody>;

export const RsvpAnswer = Type.Enum(['going', 'maybe', 'not_going']);
export type RsvpAnswer = Static<typeof RsvpAnswer>;

export const RSVP_ANSWERS = [
  { id: 'going', label: 'Going' },
  { id: 'maybe', label: 'Maybe' },
  { id: 'not_going', label: 'Can’t go' },
] as const;

/** The member's answer, with an optional note only the facilitators read. */
export const RsvpBody = Type.Object(
  { answer: RsvpAnswer, note: Type.Optional(orNull(Type.String({ maxLength: RSVP_NOTE_MAX_LENGTH }))) },
  { additionalProperties: false },
);
export type RsvpBody = Static<typeof RsvpBody>;

/** Who attended, as the facilitator records it: every member listed attended, the others missed. */
export const AttendanceBody = Type.Object(
  { attendedIds: Type.Array(Id, { maxItems: MEETING_CAPACITY_MAX, uniqueItems: true }) },
  { additionalProperties: false },
);
export type AttendanceBody = Static<typeof AttendanceBody>;

export const MeetingsWhen = Type.Enum(['upcoming', 'past']);
export type MeetingsWhen = Static<typeof MeetingsWhen>;

export const MeetingsQuery = Type.Object(
  { ...PageQuery.properties, when: Type.Optional(MeetingsWhen) },
  { additionalProperties: false },
);
export type MeetingsQuery = Static<typeof MeetingsQuery>;

export const IssueNeed = Type.Enum(['experience', 'sounding_board', 'resources', 'decision']);
export type IssueNeed = Static<typeof IssueNeed>;

export const ISSUE_NEEDS = [
  { id: 'experience', label: 'Experience', hint: 'How did you handle this?' },
  { id: 'sounding_board', label: 'A sounding board', hint: 'Listen and test my thinking' },
  { id: 'resources', label: 'Resources', hint: 'Processes, templates, people to call' },
  { id: 'decision', label: 'A decision', hint: 'Help me choose between options' },
] as const;

export const IssuePriority = Type.Enum(['A', 'B', 'C']);
export type IssuePriority = Static<typeof IssuePriority>;

export const ISSUE_PRIORITIES = [
  { id: 'A', label: 'A — urgent and important' },
  { id: 'B', label: 'B — important, not urgent' },
  { id: 'C', label: 'C — worth a few minutes' },
] as const;

export const IssueCreateBody = Type.Object(
  {
    title: Text(ISSUE_TITLE_MAX_LENGTH),
    need: IssueNeed,
    priority: IssuePriority,
    background: Type.Optional(Type.String({ maxLength: ISSUE_BACKGROUND_MAX_LENGTH })),
  },
  { additionalProperties: false },
);
export type IssueCreateBody = Static<typeof IssueCreateBody>;

export const IssueUpdateBody = Type.Object(
  {
    title: Type.Optional(Text(ISSUE_TITLE_MAX_LENGTH)),
    need: Type.Optional(IssueNeed),
    priority: Type.Optional(IssuePriority),
    background: Type.Optional(Type.String({ maxLength: ISSUE_BACKGROUND_MAX_LENGTH })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type IssueUpdateBody = Static<typeof IssueUpdateBody>;

export const IssueParams = Type.Object({ issueId: Id }, { additionalProperties: false });
export type IssueParams = Static<typeof IssueParams>;

/**
 * The agenda as the facilitator builds it: the issues in order with their time boxes. Issues of
 * the queue left out stay in it for next time. `publish` tells the members.
 */
export const AgendaBody = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        { issueId: Id, minutes: Type.Integer({ minimum: 1, maximum: TIME_BOX_MAX_MINUTES }) },
        { additionalProperties: false },
      ),
      { maxItems: AGENDA_MAX_ITEMS },
    ),
    publish: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type AgendaBody = Static<typeof AgendaBody>;

export const IssueStatus = Type.Enum(['queued', 'on_agenda', 'processed', 'withdrawn']);

export const IssueView = Type.Object({
  id: Id,
  networkId: Id,
  title: Type.String(),
  need: IssueNeed,
  priority: IssuePriority,
  background: Type.String(),
  status: IssueStatus,
  author: PersonSummaryView,
  /** The meeting whose agenda holds it. */
  meetingId: Type.Union([Id, Type.Null()]),
  /** Its time box on the agenda. */
  minutes: Type.Union([Type.Integer(), Type.Null()]),
  /** How many agendas it has been left off. */
  carriedOver: Type.Integer(),
  /** Offers peers made on it (not withdrawn): the list is fetched only when there are some. */
  offerCount: Type.Integer(),
  createdAt: Timestamp,
  abilities: Type.Object({ edit: Type.Boolean(), withdraw: Type.Boolean() }),
});
export type IssueView = Static<typeof IssueView>;

export const IssuePage = Page(IssueView);
export type IssuePage = Static<typeof IssuePage>;

export const RsvpCounts = Type.Object({ going: Type.Integer(), maybe: Type.Integer(), notGoing: Type.Integer() });

export const MeetingSummaryView = Type.Object({
  id: Id,
  network: Type.Object({ id: Id, slug: Type.String(), name: Type.String() }),
  title: Type.String(),
  startsAt: Timestamp,
  endsAt: Timestamp,
  /** The zone it was scheduled in; clients show times in the viewer's own zone. */
  timeZone: Type.String(),
  format: MeetingFormat,
  location: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(['scheduled', 'cancelled']),
  cancelReason: Type.Union([Type.String(), Type.Null()]),
  /** Part of a repeating series. */
  isRecurring: Type.Boolean(),
  /** Moved away from its series' usual time. */
  moved: Type.Boolean(),
  capacity: Type.Union([Type.Integer(), Type.Null()]),
  goingCount: Type.Integer(),
  myRsvp: Type.Union([RsvpAnswer, Type.Null()]),
  agendaPublished: Type.Boolean(),
});
export type MeetingSummaryView = Static<typeof MeetingSummaryView>;

export const MeetingPage = Page(MeetingSummaryView);
export type MeetingPage = Static<typeof MeetingPage>;

export const AgendaItemView = Type.Object({ ...IssueView.properties, position: Type.Integer() });
export type AgendaItemView = Static<typeof AgendaItemView>;

export const ParticipantView = Type.Object({
  person: PersonSummaryView,
  rsvp: Type.Union([RsvpAnswer, Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  answeredAt: Type.Union([Timestamp, Type.Null()]),
  attended: Type.Union([Type.Boolean(), Type.Null()]),
});
export type ParticipantView = Static<typeof ParticipantView>;

/** Every active member with their answer: the facilitators' roll. */
export const ParticipantList = Type.Object({ items: Type.Array(ParticipantView) });
export type ParticipantList = Static<typeof ParticipantList>;

export const CalendarFeedView = Type.Object({
  /** `https://…/api/v1/calendar/<token>.ics`; shown once, right after it is made. */
  url: Type.Union([Type.String(), Type.Null()]),
  webcalUrl: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  createdAt: Type.Union([Timestamp, Type.Null()]),
});
export type CalendarFeedView = Static<typeof CalendarFeedView>;

export const CalendarTokenParams = Type.Object(
  { token: Type.String({ minLength: 20, maxLength: 80, pattern: '^[A-Za-z0-9_-]+\\.ics$' }) },
  { additionalProperties: false },
);
export type CalendarTokenParams = Static<typeof CalendarTokenParams>;

/** The protocol an issue is processed in, step by step (a network setting). */
export const DEFAULT_MEETING_PROTOCOL = [
  { name: 'Present', minutes: 5 },
  { name: 'Clarifying questions', minutes: 10 },
  { name: 'Experience sharing', minutes: 15 },
  { name: 'Commitment', minutes: 5 },
] as const;

export const PROTOCOL_MAX_STEPS = 8;
export const OFFER_DESCRIPTION_MAX_LENGTH = 500;
export const OFFER_MESSAGE_MAX_LENGTH = 2_000;
export const OFFER_LINK_MAX_LENGTH = 500;
/** Documents fulfilling an offer: PDF, Office, OpenDocument, images, text, Markdown, CSV. */
export const OFFER_FILE_MAX_BYTES = 25 * 1024 * 1024;
export const COMMITMENT_MAX_LENGTH = 500;
export const MINUTES_MAX_LENGTH = 20_000;

/** A calendar date, `YYYY-MM-DD`. */
export const CalendarDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });

export const ProtocolStep = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' }),
    minutes: Type.Integer({ minimum: 1, maximum: 120 }),
  },
  { additionalProperties: false },
);
export type ProtocolStep = Static<typeof ProtocolStep>;

/** How the network's meetings run: its zone, the processing protocol, minutes and the attendance rule. */
export const MeetingSettingsView = Type.Object({
  timeZone: Type.Union([Type.String(), Type.Null()]),
  protocol: Type.Array(ProtocolStep),
  /** Whether a recap may carry minutes; a safe harbor may prefer none. */
  minutesAllowed: Type.Boolean(),
  /** Tell the facilitators when a member has missed this many meetings in a row; null: never. */
  missedMeetingsAlert: Type.Union([Type.Integer(), Type.Null()]),
  abilities: Type.Object({ edit: Type.Boolean() }),
});
export type MeetingSettingsView = Static<typeof MeetingSettingsView>;

export const MeetingSettingsBody = Type.Object(
  {
    timeZone: Type.Optional(orNull(TimeZone)),
    protocol: Type.Optional(Type.Array(ProtocolStep, { minItems: 1, maxItems: PROTOCOL_MAX_STEPS })),
    minutesAllowed: Type.Optional(Type.Boolean()),
    missedMeetingsAlert: Type.Optional(orNull(Type.Integer({ minimum: 1, maximum: 12 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type MeetingSettingsBody = Static<typeof MeetingSettingsBody>;

export const RunAction = Type.Enum(['start', 'next', 'back', 'end']);
export type RunAction = Static<typeof RunAction>;

/** The facilitator moves the meeting on: start it, the next or previous protocol step, or end it. */
export const RunBody = Type.Object({ action: RunAction }, { additionalProperties: false });
export type RunBody = Static<typeof RunBody>;

/** Where the meeting is, as everyone with it open sees it. */
export const RunView = Type.Object({
  meetingId: Id,
  startedAt: Type.Union([Timestamp, Type.Null()]),
  endedAt: Type.Union([Timestamp, Type.Null()]),
  /** The issue being processed; null before the first and after the last. */
  issueId: Type.Union([Id, Type.Null()]),
  issueTitle: Type.Union([Type.String(), Type.Null()]),
  presenter: Type.Union([PersonSummaryView, Type.Null()]),
  /** The issue's time box on the agenda. */
  issueMinutes: Type.Union([Type.Integer(), Type.Null()]),
  stepIndex: Type.Union([Type.Integer(), Type.Null()]),
  stepStartedAt: Type.Union([Timestamp, Type.Null()]),
  protocol: Type.Array(ProtocolStep),
  /** The issue's place on the agenda (0-based) and how many there are. */
  position: Type.Union([Type.Integer(), Type.Null()]),
  agendaLength: Type.Integer(),
  /** The server's clock, so a screen counts down from the same time as everyone else's. */
  serverNow: Timestamp,
  abilities: Type.Object({ run: Type.Boolean() }),
});
export type RunView = Static<typeof RunView>;

export const OfferParams = Type.Object({ offerId: Id }, { additionalProperties: false });
export type OfferParams = Static<typeof OfferParams>;

export const OfferCreateBody = Type.Object(
  { description: Text(OFFER_DESCRIPTION_MAX_LENGTH), dueOn: CalendarDate },
  { additionalProperties: false },
);
export type OfferCreateBody = Static<typeof OfferCreateBody>;

/** Fulfils an offer with a link (a file goes to `PUT /meeting-offers/:offerId/file`). */
export const OfferLinkBody = Type.Object(
  {
    link: Type.String({ minLength: 1, maxLength: OFFER_LINK_MAX_LENGTH, pattern: '^https?://\\S+$' }),
    message: Type.Optional(Type.String({ maxLength: OFFER_MESSAGE_MAX_LENGTH })),
  },
  { additionalProperties: false },
);
export type OfferLinkBody = Static<typeof OfferLinkBody>;

export const OfferStatus = Type.Enum(['open', 'fulfilled', 'withdrawn']);

export const OfferView = Type.Object({
  id: Id,
  issueId: Id,
  issueTitle: Type.String(),
  offerer: PersonSummaryView,
  presenter: PersonSummaryView,
  description: Type.String(),
  dueOn: Type.String(),
  status: OfferStatus,
  fulfilledAt: Type.Union([Timestamp, Type.Null()]),
  /** What was shared: to the presenter and the offerer only. */
  link: Type.Union([Type.String(), Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
  file: Type.Union([
    Type.Object({ name: Type.String(), type: Type.String(), size: Type.Integer(), url: Type.String() }),
    Type.Null(),
  ]),
  abilities: Type.Object({ fulfil: Type.Boolean(), withdraw: Type.Boolean() }),
});
export type OfferView = Static<typeof OfferView>;

export const OfferList = Type.Object({ items: Type.Array(OfferView) });
export type OfferList = Static<typeof OfferList>;

export const MyOffersQuery = Type.Object(
  { role: Type.Optional(Type.Enum(['offered_by_me', 'offered_to_me'])) },
  { additionalProperties: false },
);
export type MyOffersQuery = Static<typeof MyOffersQuery>;

export const CommitmentParams = Type.Object({ commitmentId: Id }, { additionalProperties: false });
export type CommitmentParams = Static<typeof CommitmentParams>;

export const CommitmentCreateBody = Type.Object(
  { text: Text(COMMITMENT_MAX_LENGTH), meetingId: Type.Optional(Id) },
  { additionalProperties: false },
);
export type CommitmentCreateBody = Static<typeof CommitmentCreateBody>;

export const CommitmentStatus = Type.Enum(['open', 'in_progress', 'done', 'dropped']);

/** The one-line check-in at the next meeting. */
export const CheckInBody = Type.Object(
  {
    status: Type.Enum(['in_progress', 'done', 'dropped']),
    note: Type.Optional(Type.String({ maxLength: COMMITMENT_MAX_LENGTH })),
    meetingId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type CheckInBody = Static<typeof CheckInBody>;

export const CommitmentView = Type.Object({
  id: Id,
  issueId: Id,
  issueTitle: Type.String(),
  person: PersonSummaryView,
  text: Type.String(),
  status: CommitmentStatus,
  checkInNote: Type.Union([Type.String(), Type.Null()]),
  checkedAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
  abilities: Type.Object({ checkIn: Type.Boolean() }),
});
export type CommitmentView = Static<typeof CommitmentView>;

export const CommitmentList = Type.Object({ items: Type.Array(CommitmentView) });
export type CommitmentList = Static<typeof CommitmentList>;

export const RecapBody = Type.Object(
  { minutes: Type.Optional(Type.String({ maxLength: MINUTES_MAX_LENGTH })) },
  { additionalProperties: false },
);
export type RecapBody = Static<typeof RecapBody>;

export const RecapView = Type.Object({
  meetingId: Id,
  publishedAt: Type.Union([Timestamp, Type.Null()]),
  attended: Type.Array(PersonSummaryView),
  /** Members recorded as missing it; names stay with the facilitators. */
  missedCount: Type.Integer(),
  issues: Type.Array(
    Type.Object({
      id: Id,
      title: Type.String(),
      presenter: PersonSummaryView,
      offers: Type.Array(
        Type.Object({
          offerer: PersonSummaryView,
          description: Type.String(),
          status: OfferStatus,
          dueOn: Type.String(),
        }),
      ),
      commitments: Type.Array(Type.Object({ text: Type.String(), status: CommitmentStatus })),
    }),
  ),
  minutes: Type.Union([Type.String(), Type.Null()]),
  abilities: Type.Object({ publish: Type.Boolean() }),
});
export type RecapView = Static<typeof RecapView>;

export const MeetingView = Type.Object({
  ...MeetingSummaryView.properties,
  description: Type.String(),
  /** Online and hybrid meetings; members only, like everything here. */
  videoUrl: Type.Union([Type.String(), Type.Null()]),
  /** The series' rule, e.g. `FREQ=MONTHLY;BYDAY=2TU;COUNT=6`. */
  repeat: Type.Union([Type.String(), Type.Null()]),
  myNote: Type.Union([Type.String(), Type.Null()]),
  counts: RsvpCounts,
  /** The first 24 members going, in the order they answered; `counts.going` says how many in all. */
  going: Type.Array(PersonSummaryView),
  /** Published, or in the making for the facilitators. */
  agenda: Type.Array(AgendaItemView),
  calendarUrl: Type.String(),
  /** Where the meeting is while it runs; null before it starts. */
  run: Type.Union([RunView, Type.Null()]),
  /** Commitments from earlier meetings still open: the agenda starts with their check-in. */
  openCommitments: Type.Array(CommitmentView),
  recapPublished: Type.Boolean(),
  abilities: Type.Object({
    run: Type.Boolean(),
    publishRecap: Type.Boolean(),
    rsvp: Type.Boolean(),
    edit: Type.Boolean(),
    cancel: Type.Boolean(),
    buildAgenda: Type.Boolean(),
    recordAttendance: Type.Boolean(),
    raiseIssue: Type.Boolean(),
  }),
});
export type MeetingView = Static<typeof MeetingView>;

/** What a meeting's schedule answered: the first occurrence and how many the series holds. */
export const ScheduledView = Type.Object({ meeting: MeetingView, occurrences: Type.Integer() });
export type ScheduledView = Static<typeof ScheduledView>;
