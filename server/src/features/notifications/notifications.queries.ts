import type { Db } from '../../db/database.js';
import type { Notification, NotificationPreferences } from '../../db/tables.js';
import type { Position } from '../../platform/pagination.js';

export async function listNotifications(
  db: Db,
  userId: string,
  options: { unread: boolean; after: Position | undefined; limit: number },
): Promise<Notification[]> {
  let query = db.selectFrom('notifications').selectAll().where('userId', '=', userId);
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

export const countUnread = async (db: Db, userId: string): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('userId', '=', userId)
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
