import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  type Channel,
  NOTIFICATION_KINDS,
  type NotificationKind,
  type NotificationListQuery,
  type NotificationPage,
  type NotificationPreferencesUpdateBody,
  type NotificationPreferencesView,
  type UnsubscribeView,
} from '@roundtable/contract/notifications';
import { isValidTimeZone } from '@roundtable/contract/profiles';
import type { Db } from '../../db/database.js';
import type { Notification, NotificationPreferences } from '../../db/tables.js';
import { run, type Tx, type Work, write } from '../../db/write.js';
import { isoNow } from '../../platform/clock.js';
import { type AppContext, appLink } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId, newSecretToken } from '../../platform/ids.js';
import { renderEmail, SMTP_CONNECTIONS } from '../../platform/mail.js';
import { decodeCursor, toPage } from '../../platform/pagination.js';
import type { SignedInActor } from '../../platform/policy.js';
import { digestEmail, notificationEmail } from './notifications.emails.js';
import { presentNotification } from './notifications.presenter.js';
import {
  anonymousCutoff,
  countUnread,
  findOwnNotification,
  findPreferences,
  findPreferencesOf,
  findRecipients,
  insertDefaultPreferences,
  insertNotification,
  listDigestUserIds,
  listNotifications as listNotificationRows,
  listPendingDigest,
  markAllAppearedRead,
  markDigestSent,
  markNotificationRead,
  queuedEmailsAmong,
  setChannels,
  setEmailState,
  setPreferences,
  stopDigest,
} from './notifications.queries.js';

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
/** Notifications emailed by one job; sent a few at a time over the mailer's pooled connections. */
const EMAIL_BATCH = 200;
const EMAIL_PARALLEL = SMTP_CONNECTIONS;
/** A digest shows at most this many items; the rest wait in the app. */
const DIGEST_MAX_ITEMS = 50;

export const userChannel = (userId: string) => `user:${userId}`;

function channelsOf(preferences: NotificationPreferences | undefined): Record<NotificationKind, Channel> {
  let stored: Record<string, unknown> = {};
  try {
    stored = preferences ? (JSON.parse(preferences.channels) as Record<string, unknown>) : {};
  } catch {
    stored = {};
  }
  const isChannel = (value: unknown): value is Channel =>
    value === 'email_now' || value === 'digest' || value === 'in_app' || value === 'off';
  return Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => {
      const value = stored[kind.id];
      return [kind.id, isChannel(value) ? value : kind.channel];
    }),
  ) as Record<NotificationKind, Channel>;
}

/** The hour and weekday (1 = Monday) of an instant in a time zone. */
export function localTime(instant: Date, timeZone: string): { hour: number; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: 'numeric',
    hourCycle: 'h23',
    weekday: 'short',
  }).formatToParts(instant);
  const hour = Number(parts.find((part) => part.type === 'hour')?.value ?? 0);
  const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const weekday = weekdays.indexOf(parts.find((part) => part.type === 'weekday')?.value ?? 'Mon') + 1;
  return { hour, weekday };
}

const isQuietAt = (hour: number, quiet: { start: number; end: number }) =>
  quiet.start < quiet.end ? hour >= quiet.start && hour < quiet.end : hour >= quiet.start || hour < quiet.end;

/** When an email due now may go out: now, or the first whole hour after the member's quiet hours. */
export function afterQuietHours(now: Date, timeZone: string, quiet: { start: number; end: number } | null): Date {
  if (!quiet || quiet.start === quiet.end || !isQuietAt(localTime(now, timeZone).hour, quiet)) return now;
  const nextHour = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  for (let hours = 1; hours <= 24; hours++) {
    const candidate = new Date(nextHour.getTime() + hours * HOUR_MS);
    if (!isQuietAt(localTime(candidate, timeZone).hour, quiet)) return candidate;
  }
  return now;
}

const timeZoneOf = (profileTimeZone: string | null | undefined) =>
  profileTimeZone && isValidTimeZone(profileTimeZone) ? profileTimeZone : 'UTC';

const quietOf = (preferences: NotificationPreferences | undefined) =>
  preferences?.quietStart != null && preferences.quietEnd != null
    ? { start: preferences.quietStart, end: preferences.quietEnd }
    : null;

export type NewNotification = {
  userId: string;
  kind: NotificationKind;
  /** Safe to show anywhere: no confidential text. */
  title: string;
  /** What was written, e.g. an excerpt; left out of emails for members who chose no content. */
  body?: string | null;
  /** A path in the web app. */
  url: string;
  networkId?: string | null;
  /**
   * Caused by an anonymous post, or addressed to the author of one: the notification takes a random
   * id and a time cut to the minute, like the post itself; it is pushed live at the next whole
   * minute and its email is dated to the minute and withheld from the host admin's outbox. Neither
   * its timing nor its recipient can then be matched against the author's signed activity.
   */
  aboutAnonymousPost?: boolean;
};

/**
 * The start of the minute after the instant's: strictly later, even on a whole minute, so what is
 * held arrives after everything else of its minute and tells no order within it.
 */
export const nextWholeMinute = (instant: Date) => new Date((Math.floor(instant.getTime() / MINUTE_MS) + 1) * MINUTE_MS);

export type LaterLiveEvent = { channel: string; type: string; data: Record<string, unknown> };

/**
 * Live events about an anonymous post, published at the next whole minute by a job: heard the
 * moment it is written, an anonymous post would arrive milliseconds from its author's signed posts,
 * and the order would undo the rounding of its times. Everything written in one minute arrives at
 * once, at the minute.
 */
export function* publishAtNextMinute(ctx: AppContext, events: readonly LaterLiveEvent[]): Work<void> {
  if (events.length === 0) return;
  yield* ctx.jobs.enqueueIn(
    'notifications.publishLive',
    { events: [...events] },
    { runAt: nextWholeMinute(ctx.clock.now()), maxAttempts: 3 },
  );
}

/** The `notifications.publishLive` job. */
export async function publishLive(ctx: AppContext, events: readonly LaterLiveEvent[]): Promise<void> {
  for (const { channel, type, data } of events)
    await ctx.events.publish(channel, { type, data }).catch(() => undefined);
}

/** Notifications as their recipients' preferences shape them, ready to store, and the emails to queue. */
export type PlannedNotifications = {
  rows: Notification[];
  emails: { runAt: Date; notificationIds: string[] }[];
  /** Pushes about anonymous posts, sent with the rest of their minute. */
  atNextMinute: LaterLiveEvent[];
};

/**
 * Reads the recipients' preferences and shapes the notifications (in the app, an email now, the
 * digest, or not at all): before a write, so the write itself only stores them (`storeNotifications`).
 */
export async function planNotifications(
  ctx: AppContext,
  db: Db,
  items: readonly NewNotification[],
): Promise<PlannedNotifications> {
  if (items.length === 0) return { rows: [], emails: [], atNextMinute: [] };
  const userIds = [...new Set(items.map((item) => item.userId))];
  const [preferences, recipients] = await Promise.all([findPreferencesOf(db, userIds), findRecipients(db, userIds)]);
  const now = ctx.clock.now();
  const createdAt = now.toISOString();
  const rows: Notification[] = [];
  for (const item of items) {
    const own = preferences.get(item.userId);
    const channel = channelsOf(own)[item.kind];
    if (channel === 'off') continue;
    const wantsDigest = channel === 'digest' && (own?.digestFrequency ?? 'daily') !== 'off';
    rows.push({
      id: item.aboutAnonymousPost ? randomUUID() : newId(),
      userId: item.userId,
      kind: item.kind,
      title: item.title.slice(0, 300),
      body: item.body ?? null,
      url: item.url,
      networkId: item.networkId ?? null,
      emailState: channel === 'email_now' ? 'queued' : 'none',
      digestState: wantsDigest ? 'pending' : 'none',
      aboutAnonymousPost: item.aboutAnonymousPost ? 1 : 0,
      createdAt: item.aboutAnonymousPost ? `${createdAt.slice(0, 16)}:00.000Z` : createdAt,
      readAt: null,
    });
  }
  // One email job per batch of recipients due at the same time: a fan-out to thousands is a few
  // dozen jobs, each retried on its own, and a retry sends only what is still queued.
  const dueAt = new Map<number, string[]>();
  for (const row of rows) {
    if (row.emailState !== 'queued') continue;
    const own = preferences.get(row.userId);
    // Sent with the rest of its minute, so the moment it goes out does not date the post either.
    const sendAt = row.aboutAnonymousPost === 1 ? nextWholeMinute(now) : now;
    const runAt = afterQuietHours(sendAt, timeZoneOf(recipients.get(row.userId)?.timeZone), quietOf(own)).getTime();
    dueAt.set(runAt, [...(dueAt.get(runAt) ?? []), row.id]);
  }
  const emails = [...dueAt].flatMap(([runAt, ids]) =>
    Array.from({ length: Math.ceil(ids.length / EMAIL_BATCH) }, (_, batch) => ({
      runAt: new Date(runAt),
      notificationIds: ids.slice(batch * EMAIL_BATCH, (batch + 1) * EMAIL_BATCH),
    })),
  );
  const atNextMinute = rows
    .filter((row) => row.aboutAnonymousPost === 1)
    .map((row) => ({ channel: userChannel(row.userId), type: 'notification', data: presentNotification(row) }));
  return { rows, emails, atNextMinute };
}

/** The planned notifications `keep` keeps, with their emails and pushes. */
export function onlyPlanned(planned: PlannedNotifications, keep: (row: Notification) => boolean): PlannedNotifications {
  const ids = new Set(planned.rows.filter(keep).map((row) => row.id));
  return {
    rows: planned.rows.filter((row) => ids.has(row.id)),
    emails: planned.emails
      .map((email) => ({ ...email, notificationIds: email.notificationIds.filter((id) => ids.has(id)) }))
      .filter((email) => email.notificationIds.length > 0),
    atNextMinute: planned.atNextMinute.filter((event) => ids.has((event.data as { id: string }).id)),
  };
}

/**
 * Stores planned notifications and queues their emails, as steps of the caller's write; once it
 * commits, they are pushed to the recipients' open tabs (those about anonymous posts at the minute).
 */
export function* storeNotifications(
  ctx: AppContext,
  tx: Tx,
  { rows, emails, atNextMinute }: PlannedNotifications,
): Work<Notification[]> {
  for (const row of rows) yield* run(insertNotification, row);
  for (const { runAt, notificationIds } of emails)
    yield* ctx.jobs.enqueueIn('notifications.email', { notificationIds }, { runAt, maxAttempts: 5 });
  yield* publishAtNextMinute(ctx, atNextMinute);
  if (rows.length > 0) tx.afterCommit(() => publishNotifications(ctx, rows));
  return rows;
}

/**
 * Tells the recipients' open tabs, on whichever server they are connected to. Notifications about
 * an anonymous post are not among them: `storeNotifications` queued those for the next whole minute.
 */
export async function publishNotifications(ctx: AppContext, rows: readonly Notification[]): Promise<void> {
  for (const row of rows) {
    if (row.aboutAnonymousPost === 1) continue;
    await ctx.events
      .publish(userChannel(row.userId), { type: 'notification', data: presentNotification(row) })
      .catch(() => undefined);
  }
}

/** Stores, emails and publishes notifications that need no other change in the same transaction. */
export async function notifyNow(ctx: AppContext, items: readonly NewNotification[]): Promise<void> {
  const planned = await planNotifications(ctx, ctx.db, items);
  await write(ctx.database, (tx) => storeNotifications(ctx, tx, planned));
}

export async function listNotifications(
  ctx: AppContext,
  actor: SignedInActor,
  query: NotificationListQuery,
): Promise<NotificationPage> {
  const limit = query.limit ?? 25;
  const [rows, unreadCount] = await Promise.all([
    listNotificationRows(ctx.db, actor.userId, {
      unread: query.unread ?? false,
      after: decodeCursor(query.cursor),
      limit,
      now: ctx.clock.now(),
    }),
    countUnread(ctx.db, actor.userId, ctx.clock.now()),
  ]);
  return { ...toPage(rows, limit, presentNotification), unreadCount };
}

export async function markRead(ctx: AppContext, actor: SignedInActor, notificationId: string) {
  const now = isoNow(ctx.clock);
  const row = await findOwnNotification(ctx.db, actor.userId, notificationId);
  if (!row) throw notFound('That notification');
  if (!row.readAt) await write(ctx.database, () => run(markNotificationRead, { id: row.id, readAt: now }));
  await publishUnreadCount(ctx, actor.userId);
  return presentNotification({ ...row, readAt: row.readAt ?? now });
}

export async function markAllRead(ctx: AppContext, actor: SignedInActor): Promise<{ unreadCount: number }> {
  await write(ctx.database, () =>
    run(markAllAppearedRead, {
      userId: actor.userId,
      readAt: isoNow(ctx.clock),
      anonymousCutoff: anonymousCutoff(ctx.clock.now()),
    }),
  );
  await publishUnreadCount(ctx, actor.userId);
  return { unreadCount: 0 };
}

async function publishUnreadCount(ctx: AppContext, userId: string): Promise<void> {
  const unreadCount = await countUnread(ctx.db, userId, ctx.clock.now());
  await ctx.events.publish(userChannel(userId), { type: 'unread', data: { unreadCount } }).catch(() => undefined);
}

function presentPreferences(
  preferences: NotificationPreferences | undefined,
  timeZone: string,
): NotificationPreferencesView {
  return {
    channels: channelsOf(preferences),
    digestFrequency: preferences?.digestFrequency ?? 'daily',
    digestHour: preferences?.digestHour ?? 8,
    quietHours: quietOf(preferences),
    includeContent: (preferences?.includeContent ?? 1) === 1,
    timeZone,
  };
}

/** The member's row of preferences, created with defaults and an unsubscribe token on first need. */
async function ensurePreferences(ctx: AppContext, userId: string, now: string): Promise<NotificationPreferences> {
  const existing = await findPreferences(ctx.db, userId);
  if (existing) return existing;
  await write(ctx.database, () =>
    run(insertDefaultPreferences, { userId, unsubscribeToken: newSecretToken(), updatedAt: now }),
  );
  // Read back: a racing request may have created the row first, with its own key.
  const created = await findPreferences(ctx.db, userId);
  if (!created) throw new Error('preferences vanished');
  return created;
}

export async function getPreferences(ctx: AppContext, actor: SignedInActor): Promise<NotificationPreferencesView> {
  const [preferences, recipients] = await Promise.all([
    findPreferences(ctx.db, actor.userId),
    findRecipients(ctx.db, [actor.userId]),
  ]);
  return presentPreferences(preferences, timeZoneOf(recipients.get(actor.userId)?.timeZone));
}

export async function updatePreferences(
  ctx: AppContext,
  actor: SignedInActor,
  body: NotificationPreferencesUpdateBody,
): Promise<NotificationPreferencesView> {
  const now = isoNow(ctx.clock);
  const [current, recipients] = await Promise.all([
    ensurePreferences(ctx, actor.userId, now),
    findRecipients(ctx.db, [actor.userId]),
  ]);
  // The whole row as it becomes: the stored settings with the ones asked for changed.
  const updated: NotificationPreferences = {
    ...current,
    channels: JSON.stringify({ ...channelsOf(current), ...body.channels }),
    digestFrequency: body.digestFrequency ? body.digestFrequency : current.digestFrequency,
    digestHour: body.digestHour !== undefined ? body.digestHour : current.digestHour,
    quietStart: body.quietHours !== undefined ? (body.quietHours?.start ?? null) : current.quietStart,
    quietEnd: body.quietHours !== undefined ? (body.quietHours?.end ?? null) : current.quietEnd,
    includeContent: body.includeContent !== undefined ? (body.includeContent ? 1 : 0) : current.includeContent,
    updatedAt: now,
  };
  await write(ctx.database, () => run(setPreferences, updated));
  return presentPreferences(updated, timeZoneOf(recipients.get(actor.userId)?.timeZone));
}

/** How long an email's unsubscribe link works; later, the preferences page does the same. */
const UNSUBSCRIBE_LINK_MS = 90 * 24 * HOUR_MS;
const MAC_LENGTH = 43; // HMAC-SHA-256 in base64url
const EXPIRY_LENGTH = 8; // seconds since the epoch in base36, zero-padded

const unsubscribeMac = (key: string, userId: string, kind: string, expiry: string) =>
  createHmac('sha256', key).update(`unsubscribe:${userId}:${kind}:${expiry}`).digest('base64url');

/**
 * The token of one email's unsubscribe link: good for one member, one kind and until it expires,
 * signed with the member's key (`unsubscribeToken`, a secret that no email carries since these
 * links replaced the key itself in links).
 */
function unsubscribeToken(ctx: AppContext, preferences: NotificationPreferences, kind: NotificationKind | 'digest') {
  const expiry = Math.floor((ctx.clock.now().getTime() + UNSUBSCRIBE_LINK_MS) / 1000)
    .toString(36)
    .padStart(EXPIRY_LENGTH, '0');
  return unsubscribeMac(preferences.unsubscribeToken, preferences.userId, kind, expiry) + expiry + preferences.userId;
}

const invalidUnsubscribeLink = () =>
  new AppError(
    'invalid_token',
    'This unsubscribe link has expired or is not valid. Change which emails you get in your notification preferences.',
  );

/** The member's preferences when the token is a link for this kind that has not expired. */
async function findUnsubscribing(
  ctx: AppContext,
  token: string,
  kind: NotificationKind | 'digest',
): Promise<NotificationPreferences | undefined> {
  const mac = token.slice(0, MAC_LENGTH);
  const expiry = token.slice(MAC_LENGTH, MAC_LENGTH + EXPIRY_LENGTH);
  const userId = token.slice(MAC_LENGTH + EXPIRY_LENGTH);
  if (mac.length !== MAC_LENGTH || !/^[0-9a-z]{8}$/.test(expiry) || userId === '') return undefined;
  if (Number.parseInt(expiry, 36) * 1000 <= ctx.clock.now().getTime()) return undefined;
  const preferences = await findPreferences(ctx.db, userId);
  if (!preferences) return undefined;
  const expected = Buffer.from(unsubscribeMac(preferences.unsubscribeToken, userId, kind, expiry));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? preferences : undefined;
}

/** Switches off one kind of email (or the digest) for the holder of an email's unsubscribe link. */
export async function unsubscribe(
  ctx: AppContext,
  token: string,
  kindParam: NotificationKind | 'digest' | undefined,
): Promise<UnsubscribeView> {
  const kind = kindParam ?? 'digest';
  const preferences = await findUnsubscribing(ctx, token, kind);
  if (!preferences) throw invalidUnsubscribeLink();
  const now = isoNow(ctx.clock);
  if (kind === 'digest') {
    await write(ctx.database, () => run(stopDigest, { userId: preferences.userId, updatedAt: now }));
    return { stopped: 'the email digest' };
  }
  const channels = channelsOf(preferences);
  // Emails stop; the notification still reaches the app.
  if (channels[kind] === 'email_now' || channels[kind] === 'digest') channels[kind] = 'in_app';
  await write(ctx.database, () =>
    run(setChannels, { userId: preferences.userId, channels: JSON.stringify(channels), updatedAt: now }),
  );
  const label = NOTIFICATION_KINDS.find((k) => k.id === kind)?.label ?? kind;
  return { stopped: `emails when: ${label.charAt(0).toLowerCase()}${label.slice(1)}` };
}

const unsubscribeLinks = (ctx: AppContext, preferences: NotificationPreferences, kind: NotificationKind | 'digest') => {
  const token = unsubscribeToken(ctx, preferences, kind);
  return {
    label: kind === 'digest' ? 'Stop the digest' : 'Stop emails like this',
    pageUrl: appLink(ctx, '/unsubscribe', { token, kind }),
    oneClickUrl: appLink(ctx, '/api/v1/notifications/unsubscribe', { token, kind }),
  };
};

/** Each member's row of preferences, created with defaults for those who have none yet, in two queries. */
async function ensurePreferencesOf(
  ctx: AppContext,
  userIds: readonly string[],
  now: string,
): Promise<Map<string, NotificationPreferences>> {
  const found = await findPreferencesOf(ctx.db, userIds);
  const missing = userIds.filter((userId) => !found.has(userId));
  if (missing.length === 0) return found;
  await write(ctx.database, function* () {
    for (const userId of missing)
      yield* run(insertDefaultPreferences, { userId, unsubscribeToken: newSecretToken(), updatedAt: now });
  });
  // Read back: a racing job may have created some first, with their own keys.
  for (const [userId, row] of await findPreferencesOf(ctx.db, missing)) found.set(userId, row);
  return found;
}

/**
 * Group commit for "sent" marks: each caller waits until a write including its id has committed,
 * and the ids that arrive while one write runs go together in the next. Each of the parallel
 * senders still waits for its mark before its next email, so a crash leaves at most one sent but
 * unmarked email per sender — as with one update per email — at a fraction of the commits.
 */
function groupWrites(write: (ids: string[]) => Promise<void>): (id: string) => Promise<void> {
  let waiting: { id: string; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let isWriting = false;
  const drain = async () => {
    isWriting = true;
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      try {
        await write(group.map((entry) => entry.id));
        for (const entry of group) entry.resolve();
      } catch (error) {
        for (const entry of group) entry.reject(error);
      }
    }
    isWriting = false;
  };
  return (id) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ id, resolve, reject });
      if (!isWriting) void drain();
    });
}

/**
 * The Message-ID of a notification's email: the same on every send, so the rare second send (a
 * worker killed after the mail server took the message and before "sent" was stored) reaches the
 * mailbox as a duplicate that mail servers and clients recognise and drop.
 */
export const notificationMessageId = (ctx: AppContext, notificationId: string) =>
  `<notification.${notificationId}@${ctx.config.publicUrl.hostname}>`;

/**
 * The `notifications.email` job: emails a batch of notifications, several at a time over the
 * mailer's pooled connections. What every email needs (the notifications still queued, their
 * recipients, their preferences) is read once for the batch. Idempotent: only a notification still
 * `queued` is sent, and each is marked `sent` as soon as the mail server took it, so a rerun after
 * a crash sends only what had not gone. When some sends fail the job throws and its retry sends
 * only those; after the last attempt they are marked `failed`.
 */
export async function emailNotifications(
  ctx: AppContext,
  notificationIds: readonly string[],
  attempt: { isLastAttempt: boolean },
): Promise<void> {
  if (notificationIds.length === 0) return;
  const rows = await queuedEmailsAmong.all(ctx.db, { ids: [...notificationIds] });
  if (rows.length === 0) return;
  const userIds = [...new Set(rows.map((row) => row.userId))];
  const [recipients, preferences] = await Promise.all([
    findRecipients(ctx.db, userIds),
    ensurePreferencesOf(ctx, userIds, isoNow(ctx.clock)),
  ]);
  const origin = ctx.config.publicUrl.origin;
  const markSent = groupWrites(async (ids) => {
    await write(ctx.database, () => run(setEmailState, { ids, emailState: 'sent' }));
  });
  const failures: unknown[] = [];
  const failed: string[] = [];
  const send = async (row: Notification) => {
    const recipient = recipients.get(row.userId);
    const own = preferences.get(row.userId);
    if (!recipient || !own) return;
    const kind = row.kind as NotificationKind;
    const content = notificationEmail(
      { kind, title: row.title, body: row.body, url: row.url },
      {
        includeContent: own.includeContent === 1,
        link: appLink(ctx, row.url),
        unsubscribe: unsubscribeLinks(ctx, own, kind),
      },
    );
    try {
      await ctx.mailer.send({
        ...renderEmail(recipient.email, content, origin),
        messageId: notificationMessageId(ctx, row.id),
        ...(row.aboutAnonymousPost === 1 ? { date: new Date(row.createdAt), withheld: true } : {}),
      });
    } catch (error) {
      failures.push(error);
      failed.push(row.id);
      return;
    }
    await markSent(row.id);
  };
  const pending = [...rows];
  const worker = async () => {
    for (let row = pending.shift(); row !== undefined; row = pending.shift()) await send(row);
  };
  await Promise.all(Array.from({ length: EMAIL_PARALLEL }, worker));
  if (failures.length > 0) {
    if (attempt.isLastAttempt) {
      await write(ctx.database, () => run(setEmailState, { ids: failed, emailState: 'failed' }));
    }
    throw new Error(`${failures.length} of ${rows.length} emails failed, first: ${String(failures[0])}`);
  }
}

/** The start of the next whole hour after an instant. */
const nextHour = (instant: Date) => new Date((Math.floor(instant.getTime() / HOUR_MS) + 1) * HOUR_MS);

/** Keeps one digest tick scheduled at the next whole hour; safe to call from every process. */
export async function scheduleDigestTick(ctx: AppContext): Promise<void> {
  const at = nextHour(ctx.clock.now());
  await ctx.jobs.enqueue(
    'notifications.digestTick',
    { at: at.toISOString() },
    { runAt: at, singletonKey: `digest-tick:${at.toISOString()}` },
  );
}

/**
 * The hourly `notifications.digestTick` job: queues a digest for every member with items waiting
 * whose local time is their digest hour (on Mondays for weekly digests), then schedules the next tick.
 */
export async function runDigestTick(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  let queued = 0;
  let after = '';
  for (;;) {
    const userIds = await listDigestUserIds(ctx.db, after, 500);
    if (userIds.length === 0) break;
    after = userIds.at(-1) ?? after;
    const [preferences, recipients] = await Promise.all([
      findPreferencesOf(ctx.db, userIds),
      findRecipients(ctx.db, userIds),
    ]);
    for (const userId of userIds) {
      const own = preferences.get(userId);
      const frequency = own?.digestFrequency ?? 'daily';
      if (frequency === 'off') continue;
      const local = localTime(now, timeZoneOf(recipients.get(userId)?.timeZone));
      if (local.hour !== (own?.digestHour ?? 8)) continue;
      if (frequency === 'weekly' && local.weekday !== 1) continue;
      await ctx.jobs.enqueue('notifications.digest', { userId }, { singletonKey: `digest:${userId}`, maxAttempts: 5 });
      queued++;
    }
  }
  await scheduleDigestTick(ctx);
  return queued;
}

/** The `notifications.digest` job: one email bundling what waited; idempotent, as sent items leave the digest. */
export async function sendDigest(ctx: AppContext, userId: string): Promise<void> {
  const items = await listPendingDigest(ctx.db, userId, DIGEST_MAX_ITEMS);
  if (items.length === 0) return;
  const recipient = (await findRecipients(ctx.db, [userId])).get(userId);
  if (!recipient) return;
  const preferences = await ensurePreferences(ctx, userId, isoNow(ctx.clock));
  const content = digestEmail(
    items.map((item) => ({
      kind: item.kind as NotificationKind,
      title: item.title,
      body: item.body,
      url: item.url,
      link: appLink(ctx, item.url),
    })),
    {
      includeContent: preferences.includeContent === 1,
      frequency: preferences.digestFrequency === 'weekly' ? 'weekly' : 'daily',
      homeUrl: appLink(ctx, '/notifications'),
      unsubscribe: unsubscribeLinks(ctx, preferences, 'digest'),
    },
  );
  await ctx.mailer.send({
    ...renderEmail(recipient.email, content, ctx.config.publicUrl.origin),
    ...(items.some((item) => item.aboutAnonymousPost === 1) ? { withheld: true } : {}),
  });
  await write(ctx.database, () => run(markDigestSent, { ids: items.map((item) => item.id) }));
}
