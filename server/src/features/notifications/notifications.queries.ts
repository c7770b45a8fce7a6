import type { Db } from '../../db/database.js';
import { row, statement } from '../../db/statements.js';
import type { Notification, NotificationPreferences } from '../../db/tables.js';
import type { Position } from '../../platform/pagination.js';

/** Kinds a member sees only once their email is verified: they are addressed to the email, not the account. */
export const KINDS_FOR_VERIFIED_EMAIL = ['invitation_received'] as const;

/**
 * A notification about an anonymous post is dated to the start of its minute and appears at the
 * start of the next one (as its live event does): listed at once, polling would time the post.
 */
export const anonymousCutoff = (now: Date) => new Date(now.getTime() - 60_000).toISOString();

/**
 * The notifications of a user that the user may see now: an invitation sent to an address is kept
 * from an account that has not proved it owns that address (anyone may sign up with someone's
 * email), and one about an anonymous post waits for the next whole minute.
 */
const visibleNotificationsOf = (db: Db, userId: string, now: Date) =>
  db
    .selectFrom('notifications')
    .where('userId', '=', userId)
    .where((eb) => eb.or([eb('aboutAnonymousPost', '=', 0), eb('createdAt', '<=', anonymousCutoff(now))]))
    .where((eb) =>
      eb.or([
        eb('kind', 'not in', [...KINDS_FOR_VERIFIED_EMAIL]),
        eb.exists(
          eb
            .selectFrom('users')
            .select('users.id')
            .where('users.id', '=', userId)
            .where('emailVerifiedAt', 'is not', null),
        ),
      ]),
    );

export async function listNotifications(
  db: Db,
  userId: string,
  options: { unread: boolean; after: Position | undefined; limit: number; now: Date },
): Promise<Notification[]> {
  let query = visibleNotificationsOf(db, userId, options.now).selectAll();
  if (options.unread) query = query.where('readAt', 'is', null);
  const after = options.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('createdAt', '<', after.createdAt),
        eb.and([eb('createdAt', '=', after.createdAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  return query
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
}

export const countUnread = async (db: Db, userId: string, now: Date): Promise<number> =>
  Number(
    (
      await visibleNotificationsOf(db, userId, now)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('readAt', 'is', null)
        .executeTakeFirstOrThrow()
    ).n,
  );

export const findPreferences = (db: Db, userId: string): Promise<NotificationPreferences | undefined> =>
  db.selectFrom('notificationPreferences').selectAll().where('userId', '=', userId).executeTakeFirst();

export async function findPreferencesOf(
  db: Db,
  userIds: readonly string[],
): Promise<Map<string, NotificationPreferences>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('notificationPreferences')
    .selectAll()
    .where('userId', 'in', [...userIds])
    .execute();
  return new Map(rows.map((row) => [row.userId, row]));
}

/** Email address, name and profile time zone of each recipient. */
export async function findRecipients(db: Db, userIds: readonly string[]) {
  if (userIds.length === 0)
    return new Map<string, { id: string; email: string; name: string; timeZone: string | null }>();
  const rows = await db
    .selectFrom('users')
    .leftJoin('profiles', 'profiles.userId', 'users.id')
    .select(['users.id', 'users.email', 'users.name', 'profiles.timeZone'])
    .where('users.id', 'in', [...userIds])
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/** Members with notifications waiting for a digest, a page at a time. */
export const listDigestUserIds = async (db: Db, afterUserId: string, limit: number): Promise<string[]> =>
  (
    await db
      .selectFrom('notifications')
      .select('userId')
      .distinct()
      .where('digestState', '=', 'pending')
      .where('userId', '>', afterUserId)
      .orderBy('userId')
      .limit(limit)
      .execute()
  ).map((row) => row.userId);

export const listPendingDigest = (db: Db, userId: string, limit: number) =>
  db
    .selectFrom('notifications')
    .selectAll()
    .where('digestState', '=', 'pending')
    .where('userId', '=', userId)
    .orderBy('createdAt', 'asc')
    .limit(limit)
    .execute();

export const insertNotification = statement((db, p: Notification) =>
  db.insertInto('notifications').values(
    row(p, {
      id: true,
      userId: true,
      kind: true,
      title: true,
      body: true,
      url: true,
      networkId: true,
      emailState: true,
      digestState: true,
      aboutAnonymousPost: true,
      createdAt: true,
      readAt: true,
    }),
  ),
);

export const queuedEmailsAmong = statement((db, p: { ids: string[] }) =>
  db.selectFrom('notifications').selectAll().where('id', 'in', p.ids).where('emailState', '=', 'queued'),
);

export const setEmailState = statement((db, p: { ids: string[]; emailState: 'sent' | 'failed' }) =>
  db.updateTable('notifications').set({ emailState: p.emailState }).where('id', 'in', p.ids),
);

const notificationOfUser = statement((db, p: { id: string; userId: string }) =>
  db.selectFrom('notifications').selectAll().where('id', '=', p.id).where('userId', '=', p.userId),
);

/** One notification, if it is this user's. */
export const findOwnNotification = (db: Db, userId: string, id: string): Promise<Notification | undefined> =>
  notificationOfUser.first(db, { id, userId });

export const markNotificationRead = statement((db, p: { id: string; readAt: string }) =>
  db.updateTable('notifications').set({ readAt: p.readAt }).where('id', '=', p.id),
);

/** Marks read everything of the user's that has appeared; what has not appeared yet stays unread for when it does. */
export const markAllAppearedRead = statement((db, p: { userId: string; readAt: string; anonymousCutoff: string }) =>
  db
    .updateTable('notifications')
    .set({ readAt: p.readAt })
    .where('userId', '=', p.userId)
    .where('readAt', 'is', null)
    .where((eb) => eb.or([eb('aboutAnonymousPost', '=', 0), eb('createdAt', '<=', p.anonymousCutoff)])),
);

export const markDigestSent = statement((db, p: { ids: string[] }) =>
  db.updateTable('notifications').set({ digestState: 'sent' }).where('id', 'in', p.ids),
);

/** A member's row of preferences with the defaults, unless they have one already. */
export const insertDefaultPreferences = statement(
  (db, p: { userId: string; unsubscribeToken: string; updatedAt: string }) =>
    db
      .insertInto('notificationPreferences')
      .values({ userId: p.userId, unsubscribeToken: p.unsubscribeToken, updatedAt: p.updatedAt })
      .onConflict((oc) => oc.column('userId').doNothing()),
);

/** Every setting a member chooses, written at once from the row read before and the change asked for. */
export const setPreferences = statement(
  (
    db,
    p: Pick<
      NotificationPreferences,
      | 'userId'
      | 'channels'
      | 'digestFrequency'
      | 'digestHour'
      | 'quietStart'
      | 'quietEnd'
      | 'includeContent'
      | 'updatedAt'
    >,
  ) =>
    db
      .updateTable('notificationPreferences')
      .set({
        channels: p.channels,
        digestFrequency: p.digestFrequency,
        digestHour: p.digestHour,
        quietStart: p.quietStart,
        quietEnd: p.quietEnd,
        includeContent: p.includeContent,
        updatedAt: p.updatedAt,
      })
      .where('userId', '=', p.userId),
);

export const stopDigest = statement((db, p: { userId: string; updatedAt: string }) =>
  db
    .updateTable('notificationPreferences')
    .set({ digestFrequency: 'off', updatedAt: p.updatedAt })
    .where('userId', '=', p.userId),
);

export const setChannels = statement((db, p: { userId: string; channels: string; updatedAt: string }) =>
  db
    .updateTable('notificationPreferences')
    .set({ channels: p.channels, updatedAt: p.updatedAt })
    .where('userId', '=', p.userId),
);
