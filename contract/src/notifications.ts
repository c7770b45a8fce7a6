import { type Static, Type } from 'typebox';
import { Id, PageQuery, Timestamp } from './common.js';

/** How a kind of notification reaches the member. */
export const CHANNELS = [
  { id: 'email_now', label: 'In the app and by email at once' },
  { id: 'digest', label: 'In the app and in the email digest' },
  { id: 'in_app', label: 'In the app only' },
  { id: 'off', label: 'Off' },
] as const;
export const Channel = Type.Enum(['email_now', 'digest', 'in_app', 'off']);
export type Channel = Static<typeof Channel>;

/**
 * Every kind of notification. What is addressed to the member (a decision, a mention, a reply to
 * their thread, a pulse waiting for them) is emailed at once by default; the rest goes to the digest.
 */
export const NOTIFICATION_KINDS = [
  { id: 'application_received', label: 'Someone applies to a network I facilitate', channel: 'email_now' },
  { id: 'application_decided', label: 'My application is decided', channel: 'email_now' },
  // The invitation itself is always emailed, with its link; this is its note under the bell.
  { id: 'invitation_received', label: 'I am invited to a network', channel: 'in_app' },
  { id: 'member_joined', label: 'Someone joins a network I facilitate', channel: 'digest' },
  { id: 'removed_from_network', label: 'I am removed from a network', channel: 'email_now' },
  { id: 'reply_to_my_thread', label: 'Replies to my threads', channel: 'email_now' },
  { id: 'mention', label: 'Someone mentions me', channel: 'email_now' },
  { id: 'post_moderated', label: 'A facilitator hides my post or asks me to rephrase it', channel: 'email_now' },
  { id: 'post_flagged', label: 'A post is flagged in a network I facilitate', channel: 'email_now' },
  { id: 'pulse_waiting', label: 'A pulse waits for my answer', channel: 'email_now' },
  { id: 'pulse_answered', label: 'My pulse gets its first answer', channel: 'email_now' },
  { id: 'pulse_threshold', label: 'My pulse has enough answers to show results', channel: 'email_now' },
  { id: 'pulse_closed', label: 'My pulse closes, with a summary', channel: 'email_now' },
  { id: 'pulse_results', label: 'Results of a pulse I was asked are out', channel: 'digest' },
  { id: 'meeting_scheduled', label: 'A meeting of my network is scheduled, moved or cancelled', channel: 'email_now' },
  { id: 'meeting_agenda', label: 'A meeting’s agenda is published', channel: 'digest' },
  { id: 'meeting_soon', label: 'A meeting is coming up', channel: 'digest' },
  { id: 'meeting_recap', label: 'The recap of a meeting I attended', channel: 'email_now' },
  { id: 'offer_received', label: 'A peer offers me something on an issue I raised', channel: 'digest' },
  { id: 'offer_due', label: 'Something I offered a peer is due', channel: 'email_now' },
  { id: 'offer_fulfilled', label: 'A peer sends what they offered me', channel: 'email_now' },
  { id: 'attendance_alert', label: 'A member misses meetings in a row (facilitators)', channel: 'email_now' },
  { id: 'plan_action_due', label: 'An action of my networking plan is due', channel: 'email_now' },
] as const satisfies readonly { id: string; label: string; channel: Channel }[];

export const NotificationKind = Type.Enum(NOTIFICATION_KINDS.map((kind) => kind.id) as NotificationKindId[]);
export type NotificationKindId = (typeof NOTIFICATION_KINDS)[number]['id'];
export type NotificationKind = NotificationKindId;

export const NotificationView = Type.Object({
  id: Id,
  kind: NotificationKind,
  title: Type.String(),
  /** Where the notification leads in the web app, e.g. `/networks/cfo-circle/applications`. */
  url: Type.String(),
  readAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
});
export type NotificationView = Static<typeof NotificationView>;

export const NotificationPage = Type.Object({
  items: Type.Array(NotificationView),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  unreadCount: Type.Integer({ minimum: 0 }),
});
export type NotificationPage = Static<typeof NotificationPage>;

export const NotificationListQuery = Type.Object(
  { ...PageQuery.properties, unread: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type NotificationListQuery = Static<typeof NotificationListQuery>;

export const NotificationParams = Type.Object({ notificationId: Id }, { additionalProperties: false });
export type NotificationParams = Static<typeof NotificationParams>;

export const UnreadCountView = Type.Object({ unreadCount: Type.Integer({ minimum: 0 }) });
export type UnreadCountView = Static<typeof UnreadCountView>;

export const DigestFrequency = Type.Enum(['daily', 'weekly', 'off']);
export type DigestFrequency = Static<typeof DigestFrequency>;

const Hour = Type.Integer({ minimum: 0, maximum: 23 });

export const QuietHours = Type.Object(
  {
    /** Local hour (0–23) from which no email is sent… */
    start: Hour,
    /** …until this local hour; emails due in between wait for it. */
    end: Hour,
  },
  { additionalProperties: false },
);
export type QuietHours = Static<typeof QuietHours>;

export const NotificationPreferencesView = Type.Object({
  channels: Type.Record(Type.String(), Channel),
  digestFrequency: DigestFrequency,
  /** Local hour the digest is sent at (weekly digests on Mondays). */
  digestHour: Hour,
  quietHours: Type.Union([QuietHours, Type.Null()]),
  /** When false, emails only say that something happened, never what was written. */
  includeContent: Type.Boolean(),
  /** The IANA time zone digests and quiet hours follow: the profile's, else UTC. */
  timeZone: Type.String(),
});
export type NotificationPreferencesView = Static<typeof NotificationPreferencesView>;

export const NotificationPreferencesUpdateBody = Type.Object(
  {
    channels: Type.Optional(
      Type.Partial(Type.Object(Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k.id, Channel]))), {
        additionalProperties: false,
      }),
    ),
    digestFrequency: Type.Optional(DigestFrequency),
    digestHour: Type.Optional(Hour),
    quietHours: Type.Optional(Type.Union([QuietHours, Type.Null()])),
    includeContent: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type NotificationPreferencesUpdateBody = Static<typeof NotificationPreferencesUpdateBody>;

/** The one-click unsubscribe of an email (RFC 8058); the token alone authorises it. */
export const UnsubscribeQuery = Type.Object(
  {
    token: Type.String({ minLength: 20, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' }),
    kind: Type.Optional(Type.Union([NotificationKind, Type.Literal('digest')])),
  },
  { additionalProperties: false },
);
export type UnsubscribeQuery = Static<typeof UnsubscribeQuery>;

export const UnsubscribeView = Type.Object({
  /** What was switched off, in words for the confirmation page. */
  stopped: Type.String(),
});
export type UnsubscribeView = Static<typeof UnsubscribeView>;
