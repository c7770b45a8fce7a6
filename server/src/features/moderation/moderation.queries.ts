import type { ModerationAction } from '@roundtable/contract/threads';
import type { Db } from '../../db/database.js';
import { row, statement } from '../../db/statements.js';
import { run, type Work } from '../../db/write.js';
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

type ModerationLogEntry = {
  id: string;
  networkId: string;
  actorId: string;
  action: ModerationAction;
  threadId: string | null;
  replyId: string | null;
  reason: string | null;
  createdAt: string;
};

const insertModerationLogRow = statement((db, p: ModerationLogEntry) =>
  db.insertInto('moderationLog').values(
    row(p, {
      id: true,
      networkId: true,
      actorId: true,
      action: true,
      threadId: true,
      replyId: true,
      reason: true,
      createdAt: true,
    }),
  ),
);

/** Every moderation action and author reveal goes to the audit trail host admins read; a step of a write. */
export const logModeration = (
  now: string,
  entry: {
    networkId: string;
    actorId: string;
    action: ModerationAction;
    threadId: string | null;
    replyId?: string | null;
    reason?: string | null;
  },
): Work<number> => run(insertModerationLogRow, { id: newId(), replyId: null, reason: null, ...entry, createdAt: now });

type NewFlag = {
  id: string;
  networkId: string;
  threadId: string;
  replyId: string | null;
  flaggedBy: string;
  reason: string;
  status: 'open';
  resolvedBy: null;
  resolvedAt: null;
  createdAt: string;
};

const insertFlagRow = statement((db, p: NewFlag) =>
  db.insertInto('postFlags').values(
    row(p, {
      id: true,
      networkId: true,
      threadId: true,
      replyId: true,
      flaggedBy: true,
      reason: true,
      status: true,
      resolvedBy: true,
      resolvedAt: true,
      createdAt: true,
    }),
  ),
);

/** A member's flag of a thread or reply, open until a moderator resolves it; a step of a write. */
export const insertFlag = (flag: {
  networkId: string;
  threadId: string;
  replyId: string | null;
  flaggedBy: string;
  reason: string;
  createdAt: string;
}): Work<number> => run(insertFlagRow, { id: newId(), ...flag, status: 'open', resolvedBy: null, resolvedAt: null });

export const markFlagResolved = statement((db, p: { flagId: string; resolvedBy: string; now: string }) =>
  db
    .updateTable('postFlags')
    .set({ status: 'resolved', resolvedBy: p.resolvedBy, resolvedAt: p.now })
    .where('id', '=', p.flagId),
);

/** A moved thread's flags go with it, to the facilitators of its new network. */
export const moveFlagsOfThread = statement((db, p: { threadId: string; networkId: string }) =>
  db.updateTable('postFlags').set({ networkId: p.networkId }).where('threadId', '=', p.threadId),
);

/** Pins or unpins a thread. */
export const setThreadPinned = statement((db, p: { threadId: string; pinned: number }) =>
  db.updateTable('threads').set({ pinned: p.pinned }).where('id', '=', p.threadId),
);

/** Locks a thread (a time) or unlocks it (null). */
export const setThreadLocked = statement((db, p: { threadId: string; lockedAt: string | null }) =>
  db.updateTable('threads').set({ lockedAt: p.lockedAt }).where('id', '=', p.threadId),
);

/** Hides a thread with the reason its author sees, or shows it again with nulls. */
export const setThreadHidden = statement(
  (db, p: { threadId: string; hiddenAt: string | null; hiddenReason: string | null }) =>
    db.updateTable('threads').set({ hiddenAt: p.hiddenAt, hiddenReason: p.hiddenReason }).where('id', '=', p.threadId),
);

/** Moves a thread to another network. */
export const moveThread = statement((db, p: { threadId: string; networkId: string }) =>
  db.updateTable('threads').set({ networkId: p.networkId }).where('id', '=', p.threadId),
);

/** A moved thread's replies go with it. */
export const moveRepliesOfThread = statement((db, p: { threadId: string; networkId: string }) =>
  db.updateTable('replies').set({ networkId: p.networkId }).where('threadId', '=', p.threadId),
);

/** Hides a reply with the reason its author sees, or shows it again with nulls. */
export const setReplyHidden = statement(
  (db, p: { replyId: string; hiddenAt: string | null; hiddenReason: string | null }) =>
    db.updateTable('replies').set({ hiddenAt: p.hiddenAt, hiddenReason: p.hiddenReason }).where('id', '=', p.replyId),
);

/** A facilitator's nudge toward experience rather than advice. */
export const markReplyNudged = statement((db, p: { replyId: string; now: string }) =>
  db.updateTable('replies').set({ nudgedAt: p.now }).where('id', '=', p.replyId),
);
