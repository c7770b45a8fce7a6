import { type Static, Type } from 'typebox';
import { Id, Page, PageQuery, Timestamp } from './common.js';
import {
  COMPANY_SIZES,
  CompanySize,
  FUNCTIONS,
  INDUSTRIES,
  Industry,
  JobFunction,
  LEVELS,
  Level,
  MemberView,
  type Option,
  REGIONS,
  Region,
} from './profiles.js';

export const NETWORK_FORMATS = [
  { id: 'in_person', label: 'In person' },
  { id: 'online', label: 'Online' },
  { id: 'hybrid', label: 'Hybrid' },
] as const satisfies readonly Option[];

export const JOIN_POLICIES = [
  { id: 'open', label: 'Open: members join at once' },
  { id: 'application', label: 'By application: facilitators review' },
  { id: 'invitation', label: 'By invitation only' },
] as const satisfies readonly Option[];

export const CADENCES = [
  { id: 'weekly', label: 'Weekly' },
  { id: 'fortnightly', label: 'Every two weeks' },
  { id: 'monthly', label: 'Monthly' },
  { id: 'quarterly', label: 'Quarterly' },
  { id: 'as_needed', label: 'As needed' },
] as const satisfies readonly Option[];

export const NETWORK_NAME_MAX_LENGTH = 80;
export const NETWORK_PURPOSE_MAX_LENGTH = 2000;
export const NETWORK_SLUG_MAX_LENGTH = 60;
export const HOME_LOCATION_MAX_LENGTH = 120;
export const CHARTER_MAX_LENGTH = 20_000;
export const APPLICATION_QUESTIONS_MAX = 5;
export const APPLICATION_QUESTION_MAX_LENGTH = 300;
export const APPLICATION_TEXT_MAX_LENGTH = 2000;
export const DECISION_MESSAGE_MAX_LENGTH = 1000;
export const REMOVAL_REASON_MAX_LENGTH = 500;
/** A personal note, not a letter: long texts are what phishing needs. */
export const INVITATION_MESSAGE_MAX_LENGTH = 500;
export const INVITATION_EMAILS_MAX = 20;
export const NETWORK_SIZE_LIMIT_MAX = 10_000;
export const DIRECTORY_QUERY_MAX_LENGTH = 200;
/** Lower-case words joined by single hyphens, e.g. `cfo-circle-berlin`. */
export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';

export const DEFAULT_CHARTER = [
  'We meet as true peers: nobody here sells to, recruits or lobbies another member.',
  'We share our own experience, not advice, and we speak for ourselves.',
  'We show up prepared, answer each other’s questions promptly, and keep our commitments.',
  'Facilitators keep the group safe and may remove anyone who breaks this charter.',
].join('\n\n');

export const DEFAULT_CONFIDENTIALITY = [
  'What is said in this network stays in this network.',
  'I will not repeat, forward, screenshot or otherwise share what members post, nor who said it, outside the network.',
  'I will not use what I learn here to compete with, trade against or solicit a member or their company.',
].join('\n\n');

/** The lower-case words of a name, joined by hyphens: `CFO Circle (Berlin)` → `cfo-circle-berlin`. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, NETWORK_SLUG_MAX_LENGTH)
    .replace(/-+$/g, '');
}

const idsOf = /* #__NO_SIDE_EFFECTS__ */ <T extends readonly Option[]>(list: T) =>
  list.map((option) => option.id) as { -readonly [K in keyof T]: T[K]['id'] };

export const NetworkFormat = Type.Enum(idsOf(NETWORK_FORMATS));
export type NetworkFormat = Static<typeof NetworkFormat>;
export const JoinPolicy = Type.Enum(idsOf(JOIN_POLICIES));
export type JoinPolicy = Static<typeof JoinPolicy>;
export const Cadence = Type.Enum(idsOf(CADENCES));
export type Cadence = Static<typeof Cadence>;
/** `proposed` by a member and waiting for a host admin, `active`, or `declined`. */
export const NetworkStatus = Type.Enum(['proposed', 'active', 'declined']);
export type NetworkStatus = Static<typeof NetworkStatus>;
export const NetworkRole = Type.Enum(['member', 'facilitator']);
export type NetworkRole = Static<typeof NetworkRole>;

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

/** Who a network is for; an empty list means anyone on that dimension. */
export const NetworkAudience = Type.Object(
  {
    levels: Type.Array(Level, { maxItems: 20, uniqueItems: true }),
    functions: Type.Array(JobFunction, { maxItems: 30, uniqueItems: true }),
    industries: Type.Array(Industry, { maxItems: 30, uniqueItems: true }),
    companySizes: Type.Array(CompanySize, { maxItems: 10, uniqueItems: true }),
    regions: Type.Array(Region, { maxItems: 20, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type NetworkAudience = Static<typeof NetworkAudience>;
export const AUDIENCE_DIMENSIONS = ['levels', 'functions', 'industries', 'companySizes', 'regions'] as const;
export type AudienceDimension = (typeof AUDIENCE_DIMENSIONS)[number];

/** The option lists behind each audience dimension; their order gives each id its bit, so they only grow at the end. */
const AUDIENCE_OPTIONS: Record<AudienceDimension, readonly Option[]> = {
  levels: LEVELS,
  functions: FUNCTIONS,
  industries: INDUSTRIES,
  companySizes: COMPANY_SIZES,
  regions: REGIONS,
};

/** The bit that marks a dimension open to anyone. */
export const AUDIENCE_ANYONE_BIT = 2 ** 30;

/** The bit of one option id on its dimension, or 0 for an unknown id. */
export function audienceBit(dimension: AudienceDimension, id: string): number {
  const index = AUDIENCE_OPTIONS[dimension].findIndex((option) => option.id === id);
  return index < 0 ? 0 : 2 ** index;
}

/**
 * Who a network is for as one integer per dimension, so the directory filters and ranks with bit
 * tests on the networks row itself: a bit per targeted option, or the anyone bit when none is.
 */
export function audienceMasks(
  audience: Partial<Record<AudienceDimension, readonly string[]>>,
): Record<AudienceDimension, number> {
  const masks = {} as Record<AudienceDimension, number>;
  for (const dimension of AUDIENCE_DIMENSIONS) {
    const values = (audience[dimension] ?? []).filter((value) => value !== '*');
    masks[dimension] =
      values.length === 0
        ? AUDIENCE_ANYONE_BIT
        : values.reduce((mask, value) => mask | audienceBit(dimension, value), 0);
  }
  return masks;
}

/** Screening for conflicts of interest, as Vistage and EO do by hand. */
export const ConflictRules = Type.Object(
  {
    /** Refuse a second member from a company already in the network. */
    refuseSameCompany: Type.Boolean(),
    /** Refuse someone whose company a member declared a competitor, or who declared a member's company one. */
    refuseCompetitors: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ConflictRules = Static<typeof ConflictRules>;

const NetworkSettings = {
  slug: Type.String({ minLength: 2, maxLength: NETWORK_SLUG_MAX_LENGTH, pattern: SLUG_PATTERN }),
  homeLocation: Type.Union([Text(HOME_LOCATION_MAX_LENGTH), Type.Null()]),
  cadence: Cadence,
  /** The most members the network takes; null for no limit. */
  sizeLimit: Type.Union([Type.Integer({ minimum: 2, maximum: NETWORK_SIZE_LIMIT_MAX }), Type.Null()]),
  audience: Type.Partial(NetworkAudience, { additionalProperties: false }),
  charter: Text(CHARTER_MAX_LENGTH),
  confidentiality: Text(CHARTER_MAX_LENGTH),
  applicationQuestions: Type.Array(Text(APPLICATION_QUESTION_MAX_LENGTH), { maxItems: APPLICATION_QUESTIONS_MAX }),
  /** Members, not only facilitators, may invite people. */
  allowMemberInvites: Type.Boolean(),
  /** Replies are asked to share experience, not advice, and facilitators may nudge (the Gestalt protocol). */
  experienceProtocol: Type.Boolean(),
  conflictRules: Type.Partial(ConflictRules, { additionalProperties: false }),
};

/**
 * A new network. Host admins create active networks and become their first facilitator; members
 * propose networks for a host admin's approval when the instance allows it.
 */
export const NetworkCreateBody = Type.Object(
  {
    name: Text(NETWORK_NAME_MAX_LENGTH),
    purpose: Text(NETWORK_PURPOSE_MAX_LENGTH),
    format: NetworkFormat,
    joinPolicy: JoinPolicy,
    listed: Type.Boolean(),
    slug: Type.Optional(NetworkSettings.slug),
    homeLocation: Type.Optional(NetworkSettings.homeLocation),
    cadence: Type.Optional(NetworkSettings.cadence),
    sizeLimit: Type.Optional(NetworkSettings.sizeLimit),
    audience: Type.Optional(NetworkSettings.audience),
    charter: Type.Optional(NetworkSettings.charter),
    confidentiality: Type.Optional(NetworkSettings.confidentiality),
    applicationQuestions: Type.Optional(NetworkSettings.applicationQuestions),
    allowMemberInvites: Type.Optional(NetworkSettings.allowMemberInvites),
    experienceProtocol: Type.Optional(NetworkSettings.experienceProtocol),
    conflictRules: Type.Optional(NetworkSettings.conflictRules),
  },
  { additionalProperties: false },
);
export type NetworkCreateBody = Static<typeof NetworkCreateBody>;

/** A partial change; a new charter or confidentiality text becomes a new version members accept. */
export const NetworkUpdateBody = Type.Object(
  {
    name: Type.Optional(Text(NETWORK_NAME_MAX_LENGTH)),
    purpose: Type.Optional(Text(NETWORK_PURPOSE_MAX_LENGTH)),
    format: Type.Optional(NetworkFormat),
    joinPolicy: Type.Optional(JoinPolicy),
    listed: Type.Optional(Type.Boolean()),
    slug: Type.Optional(NetworkSettings.slug),
    homeLocation: Type.Optional(NetworkSettings.homeLocation),
    cadence: Type.Optional(NetworkSettings.cadence),
    sizeLimit: Type.Optional(NetworkSettings.sizeLimit),
    audience: Type.Optional(NetworkSettings.audience),
    charter: Type.Optional(NetworkSettings.charter),
    confidentiality: Type.Optional(NetworkSettings.confidentiality),
    applicationQuestions: Type.Optional(NetworkSettings.applicationQuestions),
    allowMemberInvites: Type.Optional(NetworkSettings.allowMemberInvites),
    experienceProtocol: Type.Optional(NetworkSettings.experienceProtocol),
    conflictRules: Type.Optional(NetworkSettings.conflictRules),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type NetworkUpdateBody = Static<typeof NetworkUpdateBody>;

/** A network id, or its slug. */
export const NetworkParams = Type.Object(
  { networkId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);
export type NetworkParams = Static<typeof NetworkParams>;

export const ApplicationStatus = Type.Enum(['pending', 'approved', 'declined', 'joined']);
export type ApplicationStatus = Static<typeof ApplicationStatus>;

/** The viewer's own application to a network, as the applicant sees it. */
export const OwnApplicationView = Type.Object({
  id: Id,
  status: ApplicationStatus,
  /** The facilitator's message with the decision. */
  decisionMessage: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  decidedAt: Type.Union([Timestamp, Type.Null()]),
});
export type OwnApplicationView = Static<typeof OwnApplicationView>;

/** What the viewer may do with the network; the web app shows exactly these actions. */
export const NetworkAbilities = Type.Object({
  join: Type.Boolean(),
  apply: Type.Boolean(),
  leave: Type.Boolean(),
  invite: Type.Boolean(),
  readMembers: Type.Boolean(),
  manage: Type.Boolean(),
  review: Type.Boolean(),
  appointFacilitators: Type.Boolean(),
  decideProposal: Type.Boolean(),
});
export type NetworkAbilities = Static<typeof NetworkAbilities>;

export const NetworkViewerView = Type.Object({
  /** The viewer's role in the network, or null when not a member. */
  role: Type.Union([NetworkRole, Type.Null()]),
  /** The charter version the viewer last accepted; behind `charterVersion` when it changed since. */
  acceptedCharterVersion: Type.Union([Type.Integer(), Type.Null()]),
  application: Type.Union([OwnApplicationView, Type.Null()]),
  /** An approved application or accepted invitation waiting for the viewer to accept the charter. */
  admitted: Type.Boolean(),
  abilities: NetworkAbilities,
});
export type NetworkViewerView = Static<typeof NetworkViewerView>;

/** A network as the directory lists it. */
export const NetworkSummaryView = Type.Object({
  id: Id,
  name: Type.String(),
  slug: Type.String(),
  purpose: Type.String(),
  status: NetworkStatus,
  format: NetworkFormat,
  homeLocation: Type.Union([Type.String(), Type.Null()]),
  cadence: Cadence,
  joinPolicy: JoinPolicy,
  listed: Type.Boolean(),
  audience: NetworkAudience,
  memberCount: Type.Integer({ minimum: 0 }),
  sizeLimit: Type.Union([Type.Integer(), Type.Null()]),
  hasSpace: Type.Boolean(),
  charterVersion: Type.Integer({ minimum: 1 }),
  /** How well the network's audience fits the viewer's profile, 0–100; null without a profile. */
  fit: Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()]),
  viewer: NetworkViewerView,
});
export type NetworkSummaryView = Static<typeof NetworkSummaryView>;

export const PersonSummaryView = Type.Object({
  id: Id,
  name: Type.String(),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  headline: Type.Optional(Type.String()),
});
export type PersonSummaryView = Static<typeof PersonSummaryView>;

/** A network's page: the summary plus its charter, questions and facilitators. */
export const NetworkView = Type.Object({
  ...NetworkSummaryView.properties,
  charter: Type.String(),
  confidentiality: Type.String(),
  charterUpdatedAt: Timestamp,
  applicationQuestions: Type.Array(Type.String()),
  allowMemberInvites: Type.Boolean(),
  experienceProtocol: Type.Boolean(),
  conflictRules: ConflictRules,
  facilitators: Type.Array(PersonSummaryView),
  proposedBy: Type.Union([PersonSummaryView, Type.Null()]),
  createdAt: Timestamp,
});
export type NetworkView = Static<typeof NetworkView>;

export const DIRECTORY_SORTS = [
  { id: 'fit', label: 'Best fit for you' },
  { id: 'newest', label: 'Newest' },
  { id: 'name', label: 'Name' },
] as const satisfies readonly Option[];
export const DirectorySort = Type.Enum(idsOf(DIRECTORY_SORTS));
export type DirectorySort = Static<typeof DirectorySort>;

export const DirectoryQuery = Type.Object(
  {
    ...PageQuery.properties,
    /** Words to find in the name and purpose. */
    q: Type.Optional(Type.String({ maxLength: DIRECTORY_QUERY_MAX_LENGTH })),
    industry: Type.Optional(Industry),
    function: Type.Optional(JobFunction),
    level: Type.Optional(Level),
    companySize: Type.Optional(CompanySize),
    region: Type.Optional(Region),
    format: Type.Optional(NetworkFormat),
    joinPolicy: Type.Optional(JoinPolicy),
    /** Only networks below their size limit. */
    hasSpace: Type.Optional(Type.Boolean()),
    /** `fit` (the default) ranks by the viewer's profile, then newest. */
    sort: Type.Optional(DirectorySort),
  },
  { additionalProperties: false },
);
export type DirectoryQuery = Static<typeof DirectoryQuery>;

export const NetworkPage = Page(NetworkSummaryView);
export type NetworkPage = Static<typeof NetworkPage>;

export const ProposalDecisionBody = Type.Object(
  {
    decision: Type.Enum(['approve', 'decline']),
    message: Type.Optional(Text(DECISION_MESSAGE_MAX_LENGTH)),
  },
  { additionalProperties: false },
);
export type ProposalDecisionBody = Static<typeof ProposalDecisionBody>;

// Membership

export const JoinBody = Type.Object(
  {
    /** The charter version the member read and accepts; must be the current one. */
    charterVersion: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type JoinBody = Static<typeof JoinBody>;

export const MembershipView = Type.Object({
  member: MemberView,
  role: NetworkRole,
  joinedAt: Timestamp,
  /** Shown to facilitators only: the charter version the member accepted and when. */
  acceptedCharterVersion: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  acceptedCharterAt: Type.Optional(Type.Union([Timestamp, Type.Null()])),
});
export type MembershipView = Static<typeof MembershipView>;

export const MembershipPage = Page(MembershipView);
export type MembershipPage = Static<typeof MembershipPage>;

export const MemberListQuery = Type.Object(
  { ...PageQuery.properties, role: Type.Optional(NetworkRole) },
  { additionalProperties: false },
);
export type MemberListQuery = Static<typeof MemberListQuery>;

export const NetworkMemberParams = Type.Object(
  { networkId: NetworkParams.properties.networkId, memberId: Id },
  { additionalProperties: false },
);
export type NetworkMemberParams = Static<typeof NetworkMemberParams>;

export const RemovalBody = Type.Object({ reason: Text(REMOVAL_REASON_MAX_LENGTH) }, { additionalProperties: false });
export type RemovalBody = Static<typeof RemovalBody>;

export const FacilitatorBody = Type.Object({ memberId: Id }, { additionalProperties: false });
export type FacilitatorBody = Static<typeof FacilitatorBody>;

// Applications

export const ApplicationBody = Type.Object(
  {
    why: Text(APPLICATION_TEXT_MAX_LENGTH),
    contribution: Text(APPLICATION_TEXT_MAX_LENGTH),
    /** Answers to the network's `applicationQuestions`, in their order. */
    answers: Type.Optional(
      Type.Array(Type.String({ maxLength: APPLICATION_TEXT_MAX_LENGTH }), { maxItems: APPLICATION_QUESTIONS_MAX }),
    ),
  },
  { additionalProperties: false },
);
export type ApplicationBody = Static<typeof ApplicationBody>;

export const ConflictKind = Type.Enum(['same_company', 'declared_competitor', 'declared_by_member', 'customer']);
export type ConflictKind = Static<typeof ConflictKind>;

/** A conflict of interest the applicant would bring into the network. */
export const ConflictView = Type.Object({
  kind: ConflictKind,
  /** The member on the other side. */
  member: PersonSummaryView,
  /** The company the conflict is about. */
  company: Type.String(),
  /** True when the network's rules refuse this conflict. */
  refused: Type.Boolean(),
});
export type ConflictView = Static<typeof ConflictView>;

/** An application as facilitators review it: the applicant's full profile and the conflicts. */
export const ApplicationView = Type.Object({
  id: Id,
  networkId: Id,
  applicant: MemberView,
  why: Type.String(),
  contribution: Type.String(),
  answers: Type.Array(Type.Object({ question: Type.String(), answer: Type.String() })),
  status: ApplicationStatus,
  decisionMessage: Type.Union([Type.String(), Type.Null()]),
  decidedBy: Type.Union([PersonSummaryView, Type.Null()]),
  decidedAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
  conflicts: Type.Array(ConflictView),
});
export type ApplicationView = Static<typeof ApplicationView>;

export const ApplicationPage = Page(ApplicationView);
export type ApplicationPage = Static<typeof ApplicationPage>;

export const ApplicationListQuery = Type.Object(
  { ...PageQuery.properties, status: Type.Optional(ApplicationStatus) },
  { additionalProperties: false },
);
export type ApplicationListQuery = Static<typeof ApplicationListQuery>;

export const ApplicationParams = Type.Object(
  { networkId: NetworkParams.properties.networkId, applicationId: Id },
  { additionalProperties: false },
);
export type ApplicationParams = Static<typeof ApplicationParams>;

export const DecisionBody = Type.Object(
  {
    decision: Type.Enum(['approve', 'decline']),
    message: Type.Optional(Text(DECISION_MESSAGE_MAX_LENGTH)),
  },
  { additionalProperties: false },
);
export type DecisionBody = Static<typeof DecisionBody>;

// Invitations

export const InvitationKind = Type.Enum(['email', 'link']);
export type InvitationKind = Static<typeof InvitationKind>;
export const InvitationStatus = Type.Enum(['pending', 'accepted', 'expired', 'revoked']);
export type InvitationStatus = Static<typeof InvitationStatus>;

export const EmailInvitationBody = Type.Object(
  {
    emails: Type.Array(Type.String({ format: 'email', minLength: 3, maxLength: 254 }), {
      minItems: 1,
      maxItems: INVITATION_EMAILS_MAX,
    }),
    /** A personal note, quoted in the email; plain words, no links (refused with 400). */
    message: Type.Optional(Text(INVITATION_MESSAGE_MAX_LENGTH)),
  },
  { additionalProperties: false },
);
export type EmailInvitationBody = Static<typeof EmailInvitationBody>;

export const InviteLinkBody = Type.Object(
  {
    expiresInDays: Type.Integer({ minimum: 1, maximum: 30 }),
    /** How many people may join through the link; null for anyone until it expires. */
    maxUses: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 500 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type InviteLinkBody = Static<typeof InviteLinkBody>;

export const InvitationView = Type.Object({
  id: Id,
  kind: InvitationKind,
  /** The address invited; null for a shared link. */
  email: Type.Union([Type.String(), Type.Null()]),
  status: InvitationStatus,
  invitedBy: PersonSummaryView,
  uses: Type.Integer({ minimum: 0 }),
  maxUses: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Timestamp,
  expiresAt: Timestamp,
});
export type InvitationView = Static<typeof InvitationView>;

export const InvitationPage = Page(InvitationView);
export type InvitationPage = Static<typeof InvitationPage>;

export const EmailInvitationsView = Type.Object({ items: Type.Array(InvitationView) });
export type EmailInvitationsView = Static<typeof EmailInvitationsView>;

/** A new shared link; its `url` is shown only now, the server keeps just a hash. */
export const InviteLinkView = Type.Object({ invitation: InvitationView, url: Type.String() });
export type InviteLinkView = Static<typeof InviteLinkView>;

export const InvitationParams = Type.Object(
  { networkId: NetworkParams.properties.networkId, invitationId: Id },
  { additionalProperties: false },
);
export type InvitationParams = Static<typeof InvitationParams>;

export const InvitationTokenParams = Type.Object(
  { token: Type.String({ minLength: 20, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);
export type InvitationTokenParams = Static<typeof InvitationTokenParams>;

/** What an invitation link shows before accepting, even to someone without an account. */
export const InvitationPreviewView = Type.Object({
  network: Type.Object({
    id: Id,
    name: Type.String(),
    slug: Type.String(),
    purpose: Type.String(),
    format: NetworkFormat,
    homeLocation: Type.Union([Type.String(), Type.Null()]),
    cadence: Cadence,
    memberCount: Type.Integer(),
    charterVersion: Type.Integer(),
    charter: Type.String(),
    confidentiality: Type.String(),
  }),
  invitedBy: Type.Object({ name: Type.String() }),
  /** The personal note of an email invitation. */
  message: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Timestamp,
});
export type InvitationPreviewView = Static<typeof InvitationPreviewView>;

export const InvitationAcceptBody = Type.Object(
  {
    /** When given, joins at once, accepting this (the current) charter version. */
    charterVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type InvitationAcceptBody = Static<typeof InvitationAcceptBody>;

export const InvitationAcceptedView = Type.Object({
  networkId: Id,
  slug: Type.String(),
  joined: Type.Boolean(),
});
export type InvitationAcceptedView = Static<typeof InvitationAcceptedView>;
