import { type Static, Type } from 'typebox';
import { Id, PageQuery, Timestamp } from './common.js';

export const THREAD_TITLE_MAX_LENGTH = 200;
export const POST_BODY_MAX_LENGTH = 20_000;
export const TAG_MAX_LENGTH = 30;
export const TAGS_MAX = 5;
export const MODERATION_REASON_MAX_LENGTH = 500;

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

export const ThreadKind = Type.Enum(['discussion', 'question']);
export type ThreadKind = Static<typeof ThreadKind>;

/** Lower-case words joined by hyphens, e.g. `cash-flow`; the same tag reads the same everywhere. */
export const Tag = Type.String({ minLength: 1, maxLength: TAG_MAX_LENGTH, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' });

export const ThreadParams = Type.Object({ threadId: Id }, { additionalProperties: false });
export type ThreadParams = Static<typeof ThreadParams>;
export const ReplyParams = Type.Object({ replyId: Id }, { additionalProperties: false });
export type ReplyParams = Static<typeof ReplyParams>;
export const FlagParams = Type.Object({ flagId: Id }, { additionalProperties: false });
export type FlagParams = Static<typeof FlagParams>;

export const ThreadCreateBody = Type.Object(
  {
    title: Text(THREAD_TITLE_MAX_LENGTH),
    /** Markdown; raw HTML is shown as text, never rendered. */
    body: Text(POST_BODY_MAX_LENGTH),
    kind: ThreadKind,
    /** Shown to every member and facilitator as "A member of <network>"; only a host admin can reveal the author, with a reason that is logged. */
    anonymous: Type.Boolean(),
    tags: Type.Optional(Type.Array(Tag, { maxItems: TAGS_MAX, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type ThreadCreateBody = Static<typeof ThreadCreateBody>;

export const ThreadUpdateBody = Type.Object(
  {
    title: Type.Optional(Text(THREAD_TITLE_MAX_LENGTH)),
    body: Type.Optional(Text(POST_BODY_MAX_LENGTH)),
    kind: Type.Optional(ThreadKind),
    tags: Type.Optional(Type.Array(Tag, { maxItems: TAGS_MAX, uniqueItems: true })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ThreadUpdateBody = Static<typeof ThreadUpdateBody>;

export const ReplyCreateBody = Type.Object(
  {
    body: Text(POST_BODY_MAX_LENGTH),
    anonymous: Type.Boolean(),
    /** The reply being quoted; its excerpt is shown above the new reply. */
    quoteReplyId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type ReplyCreateBody = Static<typeof ReplyCreateBody>;

export const ReplyUpdateBody = Type.Object({ body: Text(POST_BODY_MAX_LENGTH) }, { additionalProperties: false });
export type ReplyUpdateBody = Static<typeof ReplyUpdateBody>;

export const FEED_FILTERS = [
  { id: 'all', label: 'All' },
  { id: 'questions', label: 'Questions' },
  { id: 'unresolved', label: 'Unanswered questions' },
  { id: 'mine', label: 'Started by me' },
] as const;
export const FeedFilter = Type.Enum(['all', 'questions', 'unresolved', 'mine']);
export type FeedFilter = Static<typeof FeedFilter>;

export const FeedQuery = Type.Object(
  {
    ...PageQuery.properties,
    filter: Type.Optional(FeedFilter),
    /** Words to find in titles and bodies. */
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type FeedQuery = Static<typeof FeedQuery>;

export const RepliesQuery = Type.Object(
  {
    /** Opaque cursor from a previous page's `nextCursor`. */
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    /** Start at the viewer's first unread reply instead of the first reply. */
    from: Type.Optional(Type.Enum(['start', 'unread'])),
  },
  { additionalProperties: false },
);
export type RepliesQuery = Static<typeof RepliesQuery>;

/**
 * Who wrote a post, as the viewer may know it. An anonymous post shows a placeholder without id,
 * picture or headline to everyone but its author, who sees "you (posted anonymously)".
 */
export const AuthorView = Type.Object({
  /** Absent for anonymous posts. */
  id: Type.Optional(Id),
  name: Type.String(),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  headline: Type.Optional(Type.String()),
  anonymous: Type.Boolean(),
  /** True only for the viewer's own posts. */
  isYou: Type.Boolean(),
});
export type AuthorView = Static<typeof AuthorView>;

/** Why a facilitator hid a post; shown to its author and to the facilitators. */
export const HiddenView = Type.Object({ reason: Type.String(), hiddenAt: Timestamp });
export type HiddenView = Static<typeof HiddenView>;

export const ThreadAbilities = Type.Object({
  reply: Type.Boolean(),
  edit: Type.Boolean(),
  delete: Type.Boolean(),
  resolve: Type.Boolean(),
  flag: Type.Boolean(),
  pin: Type.Boolean(),
  lock: Type.Boolean(),
  hide: Type.Boolean(),
  move: Type.Boolean(),
  revealAuthor: Type.Boolean(),
});
export type ThreadAbilities = Static<typeof ThreadAbilities>;

export const ThreadNetworkView = Type.Object({
  id: Id,
  slug: Type.String(),
  name: Type.String(),
  /** The confidentiality banner shown on every view of the network's discussions. */
  confidentiality: Type.String(),
  /** Replies are asked to share experience, not advice (the Gestalt protocol). */
  experienceProtocol: Type.Boolean(),
});
export type ThreadNetworkView = Static<typeof ThreadNetworkView>;

/** A thread as the network feed lists it. */
export const ThreadSummaryView = Type.Object({
  id: Id,
  networkId: Id,
  title: Type.String(),
  /** The first words of the body as plain text. */
  excerpt: Type.String(),
  kind: ThreadKind,
  tags: Type.Array(Type.String()),
  anonymous: Type.Boolean(),
  /** Null when the post was deleted. */
  author: Type.Union([AuthorView, Type.Null()]),
  createdAt: Timestamp,
  editedAt: Type.Union([Timestamp, Type.Null()]),
  lastActivityAt: Timestamp,
  replyCount: Type.Integer({ minimum: 0 }),
  pinned: Type.Boolean(),
  locked: Type.Boolean(),
  deleted: Type.Boolean(),
  hidden: Type.Union([HiddenView, Type.Null()]),
  resolved: Type.Boolean(),
  /** True when the viewer has not opened the thread since it started. */
  isNew: Type.Boolean(),
  /** Its author's anonymous thread, seen by no one else until this time (the next whole minute). */
  heldUntil: Type.Union([Timestamp, Type.Null()]),
  /** Replies since the viewer last read the thread. */
  unreadCount: Type.Integer({ minimum: 0 }),
});
export type ThreadSummaryView = Static<typeof ThreadSummaryView>;

export const ThreadPage = Type.Object({
  items: Type.Array(ThreadSummaryView),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type ThreadPage = Static<typeof ThreadPage>;

export const ThreadView = Type.Object({
  ...ThreadSummaryView.properties,
  /** Markdown as written; empty when deleted, or hidden from this viewer. */
  body: Type.String(),
  /** The body rendered and sanitised: safe to insert as HTML. */
  bodyHtml: Type.String(),
  network: ThreadNetworkView,
  resolvedReplyId: Type.Union([Id, Type.Null()]),
  /** The first reply the viewer has not read, to jump to. */
  firstUnreadReplyId: Type.Union([Id, Type.Null()]),
  abilities: ThreadAbilities,
});
export type ThreadView = Static<typeof ThreadView>;

export const ReplyAbilities = Type.Object({
  edit: Type.Boolean(),
  delete: Type.Boolean(),
  markHelpful: Type.Boolean(),
  flag: Type.Boolean(),
  hide: Type.Boolean(),
  nudge: Type.Boolean(),
  acceptAsAnswer: Type.Boolean(),
  revealAuthor: Type.Boolean(),
});
export type ReplyAbilities = Static<typeof ReplyAbilities>;

export const QuoteView = Type.Object({
  replyId: Id,
  /** The quoted reply's author as the viewer may know them. */
  authorName: Type.String(),
  excerpt: Type.String(),
});
export type QuoteView = Static<typeof QuoteView>;

export const ReplyView = Type.Object({
  id: Id,
  threadId: Id,
  /** Position in the thread, from 1; 0 while the reply is held. */
  position: Type.Integer({ minimum: 0 }),
  /** Its author's anonymous reply, seen by no one else, and numbered, from this time (the next whole minute). */
  heldUntil: Type.Union([Timestamp, Type.Null()]),
  /** Markdown as written, to those who may edit it (its author); empty for everyone else, who read `bodyHtml`. */
  body: Type.String(),
  bodyHtml: Type.String(),
  anonymous: Type.Boolean(),
  author: Type.Union([AuthorView, Type.Null()]),
  createdAt: Timestamp,
  editedAt: Type.Union([Timestamp, Type.Null()]),
  deleted: Type.Boolean(),
  hidden: Type.Union([HiddenView, Type.Null()]),
  quote: Type.Union([QuoteView, Type.Null()]),
  helpfulCount: Type.Integer({ minimum: 0 }),
  markedHelpfulByYou: Type.Boolean(),
  /** The asker marked this reply as the one that resolved the question. */
  isAnswer: Type.Boolean(),
  /** Shown to the author only: a facilitator asked to share experience rather than advice. */
  nudged: Type.Boolean(),
  unread: Type.Boolean(),
  abilities: ReplyAbilities,
});
export type ReplyView = Static<typeof ReplyView>;

export const ReplyPage = Type.Object({
  items: Type.Array(ReplyView),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type ReplyPage = Static<typeof ReplyPage>;

export const ThreadQuery = Type.Object(
  {
    /** How many replies come with the thread, so a reader's first view is one request. */
    replies: Type.Optional(Type.Integer({ minimum: 0, maximum: 200, default: 30 })),
    /**
     * Where they start; without it, at the viewer's first unread reply when there are more unread
     * replies than fit, else at the first reply.
     */
    from: Type.Optional(Type.Enum(['start', 'unread'])),
  },
  { additionalProperties: false },
);
export type ThreadQuery = Static<typeof ThreadQuery>;

/** A thread with its first page of replies. */
export const ThreadWithRepliesView = Type.Object({
  ...ThreadView.properties,
  replies: Type.Object({
    ...ReplyPage.properties,
    /** Where this page starts; the next pages follow with `GET …/replies?cursor=`. */
    from: Type.Enum(['start', 'unread']),
  }),
});
export type ThreadWithRepliesView = Static<typeof ThreadWithRepliesView>;

export const ResolutionBody = Type.Object(
  {
    /** The reply that answered the question; null re-opens it. */
    replyId: Type.Union([Id, Type.Null()]),
  },
  { additionalProperties: false },
);
export type ResolutionBody = Static<typeof ResolutionBody>;

export const ReadBody = Type.Object(
  {
    /** The last reply position the viewer has seen; the thread's start when 0. */
    position: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type ReadBody = Static<typeof ReadBody>;

export const ReadResult = Type.Object({ unreadCount: Type.Integer({ minimum: 0 }) });
export type ReadResult = Static<typeof ReadResult>;

const Reason = Text(MODERATION_REASON_MAX_LENGTH);

export const ThreadModerationBody = Type.Union([
  Type.Object({ action: Type.Enum(['pin', 'unpin', 'lock', 'unlock', 'unhide']) }, { additionalProperties: false }),
  Type.Object({ action: Type.Literal('hide'), reason: Reason }, { additionalProperties: false }),
  Type.Object(
    {
      action: Type.Literal('move'),
      /** The network the thread moves to, by id or slug; the mover must run it too. */
      networkId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
      reason: Type.Optional(Reason),
    },
    { additionalProperties: false },
  ),
]);
export type ThreadModerationBody = Static<typeof ThreadModerationBody>;

export const ReplyModerationBody = Type.Union([
  Type.Object({ action: Type.Literal('unhide') }, { additionalProperties: false }),
  Type.Object({ action: Type.Literal('hide'), reason: Reason }, { additionalProperties: false }),
  /** A gentle private note to the author: share your own experience rather than advice. */
  Type.Object({ action: Type.Literal('nudge'), message: Type.Optional(Reason) }, { additionalProperties: false }),
]);
export type ReplyModerationBody = Static<typeof ReplyModerationBody>;

export const FlagBody = Type.Object({ reason: Reason }, { additionalProperties: false });
export type FlagBody = Static<typeof FlagBody>;

export const RevealBody = Type.Object(
  {
    /** Why the author must be known, e.g. a legal request; written to the audit log. */
    reason: Type.String({ minLength: 10, maxLength: MODERATION_REASON_MAX_LENGTH, pattern: '\\S' }),
  },
  { additionalProperties: false },
);
export type RevealBody = Static<typeof RevealBody>;

export const RevealedAuthorView = Type.Object({
  id: Id,
  name: Type.String(),
  email: Type.String(),
});
export type RevealedAuthorView = Static<typeof RevealedAuthorView>;

export const FlagView = Type.Object({
  id: Id,
  threadId: Id,
  replyId: Type.Union([Id, Type.Null()]),
  threadTitle: Type.String(),
  /** The flagged post's first words. */
  excerpt: Type.String(),
  reason: Type.String(),
  createdAt: Timestamp,
  resolvedAt: Type.Union([Timestamp, Type.Null()]),
});
export type FlagView = Static<typeof FlagView>;

export const FlagPage = Type.Object({
  items: Type.Array(FlagView),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type FlagPage = Static<typeof FlagPage>;

export const FlagListQuery = Type.Object(
  { ...PageQuery.properties, status: Type.Optional(Type.Enum(['open', 'resolved'])) },
  { additionalProperties: false },
);
export type FlagListQuery = Static<typeof FlagListQuery>;

export const MODERATION_ACTIONS = [
  'pin',
  'unpin',
  'lock',
  'unlock',
  'hide',
  'unhide',
  'move',
  'nudge',
  'resolve_flag',
  'reveal_author',
  'hide_pulse',
  'unhide_pulse',
] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export const ModerationLogEntryView = Type.Object({
  id: Id,
  action: Type.Enum([...MODERATION_ACTIONS]),
  /** Who acted: a facilitator or host admin. */
  actor: Type.Object({ id: Id, name: Type.String() }),
  networkId: Id,
  networkName: Type.String(),
  threadId: Type.Union([Id, Type.Null()]),
  replyId: Type.Union([Id, Type.Null()]),
  pulseId: Type.Union([Id, Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});
export type ModerationLogEntryView = Static<typeof ModerationLogEntryView>;

export const ModerationLogPage = Type.Object({
  items: Type.Array(ModerationLogEntryView),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type ModerationLogPage = Static<typeof ModerationLogPage>;

export const MarkdownPreviewBody = Type.Object(
  { body: Type.String({ maxLength: POST_BODY_MAX_LENGTH }) },
  { additionalProperties: false },
);
export type MarkdownPreviewBody = Static<typeof MarkdownPreviewBody>;
export const MarkdownPreviewView = Type.Object({ html: Type.String() });
export type MarkdownPreviewView = Static<typeof MarkdownPreviewView>;

export const EventsQuery = Type.Object(
  {
    /** Also hear about new threads and changes in this network. */
    networkId: Type.Optional(Id),
    /** Also hear about new replies and changes in this thread. */
    threadId: Type.Optional(Id),
    /** Also hear where this meeting is while it runs. */
    meetingId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type EventsQuery = Static<typeof EventsQuery>;

/** A mention links to the member: `[@Jane Doe](/people/<id>)`; the composer writes it. */
export const mentionMarkdown = (person: { id: string; name: string }) =>
  `[@${person.name.replace(/[[\]]/g, '')}](/people/${person.id})`;

/** The anonymous author's placeholder name. */
export const anonymousAuthorName = (networkName: string) => `A member of ${networkName}`;
export const ANONYMOUS_SELF_NAME = 'you (posted anonymously)';
