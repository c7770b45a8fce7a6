import type { FeedFilter } from '@roundtable/contract/threads';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db, Dialect } from '../../db/database.js';
import { row, type Statement, statement } from '../../db/statements.js';
import type { Reply, Thread } from '../../db/tables.js';

const threadById = statement((db, p: { id: string }) => db.selectFrom('threads').selectAll().where('id', '=', p.id));

export const findThread = (db: Db, threadId: string): Promise<Thread | undefined> =>
  threadById.first(db, { id: threadId });

const replyById = statement((db, p: { id: string }) => db.selectFrom('replies').selectAll().where('id', '=', p.id));

export const findReply = (db: Db, replyId: string): Promise<Reply | undefined> => replyById.first(db, { id: replyId });

/** A new thread, as written. */
export const insertThread = statement((db, p: Thread) =>
  db.insertInto('threads').values(
    row(p, {
      id: true,
      networkId: true,
      authorId: true,
      anonymous: true,
      kind: true,
      title: true,
      body: true,
      tags: true,
      pinned: true,
      lastActivityAt: true,
      replyCount: true,
      lastPosition: true,
      resolvedReplyId: true,
      lockedAt: true,
      hiddenAt: true,
      hiddenReason: true,
      deletedAt: true,
      editedAt: true,
      createdAt: true,
      heldUntil: true,
    }),
  ),
);

/** A new reply, as written: every column but the helpful count, which starts at its default. */
export const insertReply = statement((db, p: Omit<Reply, 'helpfulCount'>) =>
  db.insertInto('replies').values(
    row(p, {
      id: true,
      threadId: true,
      networkId: true,
      position: true,
      authorId: true,
      anonymous: true,
      body: true,
      quoteReplyId: true,
      nudgedAt: true,
      hiddenAt: true,
      hiddenReason: true,
      deletedAt: true,
      editedAt: true,
      createdAt: true,
      heldUntil: true,
    }),
  ),
);

/**
 * Takes the thread's next reply position through the thread row, which serialises concurrent
 * replies to one thread, counts the reply when `countBy` is 1, and moves the thread to the reply's
 * activity time, never back in time.
 */
export const advanceThread = statement((db, p: { threadId: string; countBy: number; activityAt: string }) =>
  db
    .updateTable('threads')
    .set((eb) => ({
      lastPosition: eb('lastPosition', '+', 1),
      replyCount: eb('replyCount', '+', p.countBy),
      lastActivityAt: eb
        .case()
        .when('lastActivityAt', '>', p.activityAt)
        .then(eb.ref('lastActivityAt'))
        .else(p.activityAt)
        .end(),
    }))
    .where('id', '=', p.threadId)
    .returning('lastPosition'),
);

const repliesByIds = statement((db, p: { ids: string[] }) =>
  db.selectFrom('replies').selectAll().where('id', 'in', p.ids),
);

export const listRepliesById = async (db: Db, replyIds: readonly string[]): Promise<Map<string, Reply>> => {
  if (replyIds.length === 0) return new Map();
  const rows = await repliesByIds.all(db, { ids: [...new Set(replyIds)] });
  return new Map(rows.map((row) => [row.id, row]));
};

/** Position after the last thread of a feed page: pinned threads first, then latest activity. */
export type FeedPosition = { pinned: number; lastActivityAt: string; id: string };

export type FeedQuery = {
  networkId: string;
  viewerId: string;
  filter: FeedFilter;
  words: string[];
  /** Moderators see hidden threads; everyone else only their own. */
  includeHidden: boolean;
  after: FeedPosition | undefined;
  limit: number;
};

/**
 * The network's threads whose title or body hold every word (as a prefix). The index lookup is scoped
 * to the network (migration `scope_thread_search`): FTS5 matches the network's token, `hex(network_id)`
 * made by SQLite as its trigger makes it, and the words in the title and body columns only; PostgreSQL
 * answers `network_id = ?` and the tsquery from one GIN index over both.
 */
function textMatch(dialect: Dialect, networkId: string, match: string): Expression<SqlBool> {
  if (dialect === 'sqlite')
    return sql<SqlBool>`threads.rowid in (select rowid from threads_fts where threads_fts match ('network : "' || hex(${networkId}) || '" AND {title body} : (' || ${match} || ')'))`;
  return sql<SqlBool>`threads.search @@ to_tsquery('english', ${match})`;
}

/** The words as the dialect's full-text query: each a prefix, all required. */
const textQueryOf = (dialect: Dialect, words: readonly string[]): string =>
  dialect === 'sqlite' ? words.map((word) => `"${word}"*`).join(' ') : words.map((word) => `${word}:*`).join(' & ');

/** A thread of a feed page, with how far the viewer has read it (undefined: never opened). */
export type FeedThread = Thread & { viewerReadPosition: number | null };

type FeedShape = { filter: FeedFilter; includeHidden: boolean; search: boolean; paged: boolean };

type FeedArgs = {
  networkId: string;
  viewerId: string;
  limit: number;
  match?: string;
  pinned?: number;
  lastActivityAt?: string;
  afterId?: string;
};

/** The feed's statement for one shape (filter, moderator or not, search, a later page), compiled once. */
const feedStatements = new Map<string, Statement<FeedArgs, FeedThread>>();

function feedStatementOf(shape: FeedShape): Statement<FeedArgs, FeedThread> {
  const key = `${shape.filter}:${shape.includeHidden}:${shape.search}:${shape.paged}`;
  let found = feedStatements.get(key);
  if (found === undefined) {
    found = statement((db, p: FeedArgs, dialect) => {
      let select = db
        .selectFrom('threads')
        .leftJoin('threadReads', (join) =>
          join.onRef('threadReads.threadId', '=', 'threads.id').on('threadReads.userId', '=', p.viewerId),
        )
        .selectAll('threads')
        .select('threadReads.readPosition as viewerReadPosition')
        .where('threads.networkId', '=', p.networkId);
      // A held anonymous thread is its author's alone until the next whole minute.
      select = select.where((eb) => eb.or([eb('heldUntil', 'is', null), eb('authorId', '=', p.viewerId)]));
      if (shape.filter === 'questions' || shape.filter === 'unresolved') select = select.where('kind', '=', 'question');
      if (shape.filter === 'unresolved')
        select = select
          .where('resolvedReplyId', 'is', null)
          .where('deletedAt', 'is', null)
          .where('hiddenAt', 'is', null);
      if (shape.filter === 'mine') select = select.where('authorId', '=', p.viewerId);
      if (!shape.includeHidden)
        select = select.where((eb) => eb.or([eb('hiddenAt', 'is', null), eb('authorId', '=', p.viewerId)]));
      if (shape.search)
        select = select.where(textMatch(dialect, p.networkId, p.match as string)).where('deletedAt', 'is', null);
      if (shape.paged)
        select = select.where((eb) =>
          eb(
            eb.refTuple('pinned', 'lastActivityAt', 'threads.id'),
            '<',
            eb.tuple(p.pinned as number, p.lastActivityAt as string, p.afterId as string),
          ),
        );
      return select
        .orderBy('pinned', 'desc')
        .orderBy('lastActivityAt', 'desc')
        .orderBy('threads.id', 'desc')
        .limit(p.limit);
    });
    feedStatements.set(key, found);
  }
  return found;
}

/**
 * One page of a network's feed, newest activity first, from `threads_feed_idx` (or its kind/author
 * twins), with the viewer's read marks joined in; one more row tells whether a next page exists.
 */
export async function listFeed(db: Db, dialect: Dialect, query: FeedQuery): Promise<FeedThread[]> {
  const { after, words } = query;
  const shape = { filter: query.filter, includeHidden: query.includeHidden, search: words.length > 0, paged: !!after };
  return feedStatementOf(shape).all(db, {
    networkId: query.networkId,
    viewerId: query.viewerId,
    limit: query.limit + 1,
    ...(words.length > 0 ? { match: textQueryOf(dialect, words) } : {}),
    ...(after ? { pinned: after.pinned, lastActivityAt: after.lastActivityAt, afterId: after.id } : {}),
  });
}

const repliesAfter = statement((db, p: { threadId: string; afterPosition: number; limit: number }) =>
  db
    .selectFrom('replies')
    .selectAll()
    .where('threadId', '=', p.threadId)
    .where('position', '>', p.afterPosition)
    .orderBy('position', 'asc')
    .limit(p.limit),
);

/** Up to `limit` replies after a position, and one more to tell whether a next page exists. */
export const listReplies = (db: Db, threadId: string, afterPosition: number, limit: number): Promise<Reply[]> =>
  repliesAfter.all(db, { threadId, afterPosition, limit: limit + 1 });

const heldRepliesOf = statement((db, p: { threadId: string; authorId: string }) =>
  db
    .selectFrom('replies')
    .selectAll()
    .where('threadId', '=', p.threadId)
    .where('position', '<', 0)
    .where('authorId', '=', p.authorId)
    .orderBy('createdAt', 'asc'),
);

/** The author's own replies to a thread still held until the next whole minute, from `replies_position_idx`. */
export const listHeldRepliesOf = (db: Db, threadId: string, authorId: string): Promise<Reply[]> =>
  heldRepliesOf.all(db, { threadId, authorId });

const firstReplyAfter = statement((db, p: { threadId: string; position: number }) =>
  db
    .selectFrom('replies')
    .select(['id', 'position'])
    .where('threadId', '=', p.threadId)
    .where('position', '>', p.position)
    .orderBy('position', 'asc')
    .limit(1),
);

export const findFirstReplyAfter = (db: Db, threadId: string, position: number) =>
  firstReplyAfter.first(db, { threadId, position });

const readPositionsOf = statement((db, p: { userId: string; threadIds: string[] }) =>
  db
    .selectFrom('threadReads')
    .select(['threadId', 'readPosition'])
    .where('userId', '=', p.userId)
    .where('threadId', 'in', p.threadIds),
);

/** How far the viewer has read each of these threads. */
export async function findReadPositions(
  db: Db,
  userId: string,
  threadIds: readonly string[],
): Promise<Map<string, number>> {
  if (threadIds.length === 0) return new Map();
  const rows = await readPositionsOf.all(db, { userId, threadIds: [...threadIds] });
  return new Map(rows.map((row) => [row.threadId, row.readPosition]));
}

/** Moves a reader's read mark up to `position`, never back, and answers where it stands. */
export const readUpTo = statement((db, p: { userId: string; threadId: string; position: number; now: string }) =>
  db
    .insertInto('threadReads')
    .values({ userId: p.userId, threadId: p.threadId, readPosition: p.position, readAt: p.now })
    .onConflict((oc) =>
      oc.columns(['userId', 'threadId']).doUpdateSet({
        readPosition: (eb) =>
          eb
            .case()
            .when(eb.ref('excluded.readPosition'), '>', eb.ref('threadReads.readPosition'))
            .then(eb.ref('excluded.readPosition'))
            .else(eb.ref('threadReads.readPosition'))
            .end(),
        readAt: p.now,
      }),
    )
    .returning('readPosition'),
);

/** Marks every thread of the network read up to its last reply, in one statement. */
export async function markNetworkRead(db: Db, userId: string, networkId: string, now: string) {
  await db
    .insertInto('threadReads')
    .columns(['userId', 'threadId', 'readPosition', 'readAt'])
    .expression((eb) =>
      eb
        .selectFrom('threads')
        .select([eb.val(userId).as('userId'), 'id', 'lastPosition', eb.val(now).as('readAt')])
        .where('networkId', '=', networkId),
    )
    .onConflict((oc) =>
      oc.columns(['userId', 'threadId']).doUpdateSet({
        readPosition: (eb) => eb.ref('excluded.readPosition'),
        readAt: now,
      }),
    )
    .execute();
}

const helpfulMarksAmong = statement((db, p: { userId: string; replyIds: string[] }) =>
  db.selectFrom('helpfulMarks').select('replyId').where('userId', '=', p.userId).where('replyId', 'in', p.replyIds),
);

export async function listHelpfulMarkedBy(db: Db, userId: string, replyIds: readonly string[]): Promise<Set<string>> {
  if (replyIds.length === 0) return new Set();
  const rows = await helpfulMarksAmong.all(db, { userId, replyIds: [...replyIds] });
  return new Set(rows.map((row) => row.replyId));
}

/** Marks a reply helpful; answers 0 changes when it already was. */
export const markHelpful = statement((db, p: { replyId: string; userId: string; now: string }) =>
  db
    .insertInto('helpfulMarks')
    .values({ replyId: p.replyId, userId: p.userId, createdAt: p.now })
    .onConflict((oc) => oc.columns(['replyId', 'userId']).doNothing()),
);

export const unmarkHelpful = statement((db, p: { replyId: string; userId: string; now: string }) =>
  db.deleteFrom('helpfulMarks').where('replyId', '=', p.replyId).where('userId', '=', p.userId),
);

export const countHelpful = statement((db, p: { replyId: string; by: number }) =>
  db
    .updateTable('replies')
    .set((eb) => ({ helpfulCount: eb('helpfulCount', '+', p.by) }))
    .where('id', '=', p.replyId),
);

/** Which of these people are active members of the network. */
const activeMembersAmong = statement((db, p: { networkId: string; userIds: string[] }) =>
  db
    .selectFrom('memberships')
    .select('userId')
    .where('networkId', '=', p.networkId)
    .where('status', '=', 'active')
    .where('userId', 'in', p.userIds),
);

export async function listActiveMemberIds(db: Db, networkId: string, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await activeMembersAmong.all(db, { networkId, userIds: [...userIds] });
  return rows.map((row) => row.userId);
}

/** The earlier text of a post, kept when its author edits or deletes it. */
export const insertRevision = statement(
  (
    db,
    p: { id: string; threadId: string; replyId: string | null; title: string | null; body: string; createdAt: string },
  ) =>
    db
      .insertInto('postRevisions')
      .values(row(p, { id: true, threadId: true, replyId: true, title: true, body: true, createdAt: true })),
);

/**
 * The author's edit of a thread: each field given replaces the stored one, each null keeps it, so
 * one statement serves every combination of changed fields.
 */
export const editThread = statement(
  (
    db,
    p: {
      id: string;
      title: string | null;
      body: string | null;
      kind: Thread['kind'] | null;
      tags: string | null;
      editedAt: string | null;
    },
  ) =>
    db
      .updateTable('threads')
      .set((eb) => ({
        title: eb.fn.coalesce(eb.val(p.title), eb.ref('title')),
        body: eb.fn.coalesce(eb.val(p.body), eb.ref('body')),
        kind: eb.fn.coalesce(eb.val(p.kind), eb.ref('kind')),
        tags: eb.fn.coalesce(eb.val(p.tags), eb.ref('tags')),
        editedAt: eb.fn.coalesce(eb.val(p.editedAt), eb.ref('editedAt')),
      }))
      .where('id', '=', p.id),
);

/** The author deletes a thread: its text goes and it is unpinned. */
export const markThreadDeleted = statement((db, p: { id: string; now: string }) =>
  db.updateTable('threads').set({ deletedAt: p.now, body: '', pinned: 0 }).where('id', '=', p.id),
);

/** The reply that resolved a question, or null to re-open it. */
export const setResolvedReply = statement((db, p: { threadId: string; replyId: string | null }) =>
  db.updateTable('threads').set({ resolvedReplyId: p.replyId }).where('id', '=', p.threadId),
);

/** Moves a thread's count of replies that count (neither deleted nor hidden). */
export const adjustReplyCount = statement((db, p: { threadId: string; by: number }) =>
  db
    .updateTable('threads')
    .set((eb) => ({ replyCount: eb('replyCount', '+', p.by) }))
    .where('id', '=', p.threadId),
);

/** Publishes a held thread; answers 0 changes when it already was published. */
export const releaseHeldThread = statement((db, p: { threadId: string }) =>
  db.updateTable('threads').set({ heldUntil: null }).where('id', '=', p.threadId).where('heldUntil', 'is not', null),
);

/** Takes a held reply out of hold, answering it; nothing when it was already published (or is gone). */
export const releaseHeldReply = statement((db, p: { replyId: string }) =>
  db
    .updateTable('replies')
    .set({ heldUntil: null })
    .where('id', '=', p.replyId)
    .where('heldUntil', 'is not', null)
    .returningAll(),
);

/** A published reply's place in its thread. */
export const setReplyPosition = statement((db, p: { replyId: string; position: number }) =>
  db.updateTable('replies').set({ position: p.position }).where('id', '=', p.replyId),
);

/** The author read the thread up to their own held reply when they wrote it; it stays read once numbered. */
export const keepReadThroughPublished = statement(
  (db, p: { userId: string; threadId: string; position: number; before: number }) =>
    db
      .updateTable('threadReads')
      .set({ readPosition: p.position })
      .where('userId', '=', p.userId)
      .where('threadId', '=', p.threadId)
      .where('readPosition', '=', p.before),
);

/** The author's edit of a reply. */
export const editReply = statement((db, p: { id: string; body: string; now: string }) =>
  db.updateTable('replies').set({ body: p.body, editedAt: p.now }).where('id', '=', p.id),
);

/** The author deletes a reply: its text goes. */
export const markReplyDeleted = statement((db, p: { id: string; now: string }) =>
  db.updateTable('replies').set({ deletedAt: p.now, body: '' }).where('id', '=', p.id),
);

/*
 * Activity counts for NQ signals and plans. Their shape varies per call (the `since` bound is
 * optional, and each shape has its own index use), so they stay Kysely queries built per call.
 */

const countOf = async (query: { executeTakeFirst(): Promise<{ n: string | number | bigint } | undefined> }) =>
  Number((await query.executeTakeFirst())?.n ?? 0);

/** Threads the member started (signed or anonymous; only the member sees this count), by `threads_started_idx`. */
export function countThreadsStarted(db: Db, userId: string, since: string | null): Promise<number> {
  let query = db
    .selectFrom('threads')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('authorId', '=', userId)
    .where('deletedAt', 'is', null);
  if (since !== null) query = query.where('createdAt', '>=', since);
  return countOf(query);
}

/** Replies the member posted, by `replies_author_idx`. */
export function countRepliesPosted(db: Db, userId: string, since: string | null): Promise<number> {
  let query = db
    .selectFrom('replies')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('authorId', '=', userId)
    .where('deletedAt', 'is', null);
  if (since !== null) query = query.where('createdAt', '>=', since);
  return countOf(query);
}

/** Replies the member marked helpful, by `helpful_marks_user_idx`. */
export function countHelpfulMarksGiven(db: Db, userId: string, since: string | null): Promise<number> {
  let query = db
    .selectFrom('helpfulMarks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('userId', '=', userId);
  if (since !== null) query = query.where('createdAt', '>=', since);
  return countOf(query);
}
