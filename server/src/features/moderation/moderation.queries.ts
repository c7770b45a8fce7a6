import type { ModerationAction } from '@roundtable/contract/threads';
import type { Db } from '../../db/database.js';
import { newId } from '../../platform/ids.js';

export const listOpenFlagsBy = (db: Db, userId: string, threadId: string, replyId: string | null) =>
  db
    .selectFrom('postFlags')
    .select('id')
    .where('flaggedBy', '=', userId)
    .where('threadId', '=', threadId)
    .where('replyId', replyId === null ? 'is' : '=', replyId)
    .where('status', '=', 'open')
    .execute();

export type FlagRow = {
  id: string;
  networkId: string;
  threadId: string;
  replyId: string | null;
  reason: string;
  status: 'open' | 'resolved';
  createdAt: string;
  resolvedAt: string | null;
  threadTitle: string;
  threadBody: string;
  replyBody: string | null;
};

const flagColumns = [
  'postFlags.id',
  'postFlags.networkId',
  'postFlags.threadId',
  'postFlags.replyId',
  'postFlags.reason',
  'postFlags.status',
  'postFlags.createdAt',
  'postFlags.resolvedAt',
  'threads.title as threadTitle',
  'threads.body as threadBody',
  'replies.body as replyBody',
] as const;

export const findFlag = (db: Db, flagId: string): Promise<FlagRow | undefined> =>
  db
    .selectFrom('postFlags')
    .innerJoin('threads', 'threads.id', 'postFlags.threadId')
    .leftJoin('replies', 'replies.id', 'postFlags.replyId')
    .select(flagColumns)
    .where('postFlags.id', '=', flagId)
    .executeTakeFirst();

/** A network's flags of one status, newest first, from `post_flags_queue_idx`. */
export function listFlags(
  db: Db,
  networkId: string,
  status: 'open' | 'resolved',
  after: { createdAt: string; id: string } | undefined,
  limit: number,
): Promise<FlagRow[]> {
  let select = db
    .selectFrom('postFlags')
    .innerJoin('threads', 'threads.id', 'postFlags.threadId')
    .leftJoin('replies', 'replies.id', 'postFlags.replyId')
    .select(flagColumns)
    .where('postFlags.networkId', '=', networkId)
    .where('postFlags.status', '=', status);
  if (after)
    select = select.where((eb) =>
      eb(eb.refTuple('postFlags.createdAt', 'postFlags.id'), '<', eb.tuple(after.createdAt, after.id)),
    );
  return select
    .orderBy('postFlags.createdAt', 'desc')
    .orderBy('postFlags.id', 'desc')
    .limit(limit + 1)
    .execute();
}

export type ModerationLogRow = {
  id: string;
  action: ModerationAction;
  actorId: string;
  actorName: string;
  networkId: string;
  networkName: string;
  threadId: string | null;
  replyId: string | null;
  pulseId: string | null;
  reason: string | null;
  createdAt: string;
};

/** The whole instance's moderation log, newest first. */
export function listModerationLog(
  db: Db,
  after: { createdAt: string; id: string } | undefined,
  limit: number,
): Promise<ModerationLogRow[]> {
  let select = db
    .selectFrom('moderationLog')
    .innerJoin('users', 'users.id', 'moderationLog.actorId')
    .innerJoin('networks', 'networks.id', 'moderationLog.networkId')
    .select([
      'moderationLog.id',
      'moderationLog.action',
      'moderationLog.actorId',
      'users.name as actorName',
      'moderationLog.networkId',
      'networks.name as networkName',
      'moderationLog.threadId',
      'moderationLog.replyId',
      'moderationLog.pulseId',
      'moderationLog.reason',
      'moderationLog.createdAt',
    ]);
  if (after)
    select = select.where((eb) =>
      eb(eb.refTuple('moderationLog.createdAt', 'moderationLog.id'), '<', eb.tuple(after.createdAt, after.id)),
    );
  return select
    .orderBy('moderationLog.createdAt', 'desc')
    .orderBy('moderationLog.id', 'desc')
    .limit(limit + 1)
    .execute();
}

export const findAuthorContact = (db: Db, userId: string) =>
  db.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', userId).executeTakeFirst();

/** Every moderation action and author reveal goes to the audit trail host admins read. */
export async function insertModerationLogEntry(
  db: Db,
  now: string,
  entry: {
    networkId: string;
    actorId: string;
    action: ModerationAction;
    threadId: string | null;
    replyId?: string | null;
    reason?: string | null;
  },
) {
  await db
    .insertInto('moderationLog')
    .values({ id: newId(), replyId: null, reason: null, ...entry, createdAt: now })
    .execute();
}

/** A member's flag of a thread or reply, open until a moderator resolves it. */
export async function insertFlag(
  db: Db,
  flag: {
    networkId: string;
    threadId: string;
    replyId: string | null;
    flaggedBy: string;
    reason: string;
    createdAt: string;
  },
) {
  await db
    .insertInto('postFlags')
    .values({ id: newId(), ...flag, status: 'open', resolvedBy: null, resolvedAt: null })
    .execute();
}

export async function markFlagResolved(db: Db, flagId: string, resolvedBy: string, now: string) {
  await db
    .updateTable('postFlags')
    .set({ status: 'resolved', resolvedBy, resolvedAt: now })
    .where('id', '=', flagId)
    .execute();
}

/** A moved thread's flags go with it, to the facilitators of its new network. */
export async function moveFlagsOfThread(db: Db, threadId: string, networkId: string) {
  await db.updateTable('postFlags').set({ networkId }).where('threadId', '=', threadId).execute();
}
