import { randomInt, randomUUID } from 'node:crypto';
import type {
  FeedQuery,
  ReadResult,
  RepliesQuery,
  ReplyCreateBody,
  ReplyPage,
  ReplyUpdateBody,
  ReplyView,
  ThreadCreateBody,
  ThreadPage,
  ThreadQuery,
  ThreadUpdateBody,
  ThreadView,
  ThreadWithRepliesView,
} from '@roundtable/contract/threads';
import type { Db } from '../../db/database.js';
import type { Membership, Network, Reply, Thread } from '../../db/tables.js';
import { all, first, run, type Tx, type Work, write } from '../../db/write.js';
import { isoNow } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { publishBestEffort } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import { mentionedIds, plainText } from '../../platform/markdown.js';
import { decodeKeyCursor, encodeKeyCursor } from '../../platform/pagination.js';
import { authorize, type SignedInActor } from '../../platform/policy.js';
import { findConfidentiality, findNetworkWithMembership, findPeople } from '../networks/networks.service.js';
import {
  type LaterLiveEvent,
  type NewNotification,
  nextWholeMinute,
  planNotifications,
  publishAtNextMinute,
  publishLive,
  storeNotifications,
} from '../notifications/notifications.service.js';
import {
  type DiscussionAccess,
  type DiscussionAction,
  discussionPolicies,
  type ReplyAccess,
  type ReplyAction,
  replyPolicies,
  type ThreadAccess,
  type ThreadAction,
  threadPolicies,
} from './threads.policy.js';
import {
  isHeldFrom,
  presentReply,
  presentThread,
  presentThreadSummary,
  timeOf,
  type Viewing,
} from './threads.presenter.js';
import {
  adjustReplyCount,
  advanceThread,
  countHelpful,
  editReply,
  editThread,
  findFirstReplyAfter,
  findReadPositions,
  findReply,
  findThread,
  insertReply,
  insertRevision,
  insertThread,
  keepReadThroughPublished,
  listActiveMemberIds,
  listFeed,
  listHeldRepliesOf,
  listHelpfulMarkedBy,
  listRepliesById,
  listReplies as listReplyRows,
  markHelpful,
  markNetworkRead,
  markReplyDeleted,
  markThreadDeleted,
  readUpTo,
  releaseHeldReply,
  releaseHeldThread,
  setReplyPosition,
  setResolvedReply,
  unmarkHelpful,
} from './threads.queries.js';

export { countHelpfulMarksGiven, countRepliesPosted, countThreadsStarted } from './threads.queries.js';

/** Live channels: a network's feed and one thread's page. Events carry ids only; clients read through the API. */
export const networkChannel = (networkId: string) => `network:${networkId}`;
export const threadChannel = (threadId: string) => `thread:${threadId}`;

/*
 * Anonymous posts take random ids: a time-ordered id would carry the exact millisecond the
 * author posted, which the presenter deliberately hides.
 */
const postId = (anonymous: boolean): string => (anonymous ? randomUUID() : newId());

/*
 * An anonymous post is held until the next whole minute: its author sees it at once, everyone else
 * from the minute, when a job publishes it and numbers a reply after every reply already posted.
 * Seen earlier, a poll would time it to the second, and its position would order it against its
 * author's signed replies of the same minute.
 */
const heldUntilOf = (anonymous: boolean, ctx: AppContext): string | null =>
  anonymous ? nextWholeMinute(ctx.clock.now()).toISOString() : null;

/** A held reply's place-holding position: negative, so no page lists it, and unique in its thread. */
const heldPosition = (): number => -randomInt(1, 2 ** 31 - 1);

/** A reply the actor may quote or accept: in this thread, neither deleted, hidden nor held from them. */
const isVisibleReplyOf = (reply: Reply | undefined, threadId: string, actor: SignedInActor): reply is Reply =>
  reply !== undefined &&
  reply.threadId === threadId &&
  reply.deletedAt === null &&
  reply.hiddenAt === null &&
  !isHeldFrom(reply, actor.userId);

/** A network as the viewer stands in it: loaded once, then handed to the policies. */
export type Discussion = { network: Network; membership: Membership | undefined; access: DiscussionAccess };

const accessOf = (network: Network, membership: Membership | undefined): DiscussionAccess => ({
  network,
  membership: membership ? { role: membership.role, status: membership.status } : null,
});

/**
 * A network's discussions as the viewer stands in them. A network whose discussions the viewer
 * may not read answers not_found, exactly like one that does not exist.
 */
export async function loadDiscussion(db: Db, actor: SignedInActor, networkRef: string): Promise<Discussion> {
  const found = await findNetworkWithMembership(db, actor.userId, networkRef);
  if (!found) throw notFound('That network');
  const access = accessOf(found.network, found.membership);
  if (!discussionPolicies['discussion.read'](actor, access)) throw notFound('That network');
  return { ...found, access };
}

/** A thread the viewer may read, with the standing its other actions are decided on. */
export type LoadedThread = Discussion & { thread: Thread; threadAccess: ThreadAccess };

/** The thread, or not_found when it does not exist, is held from the viewer, or is not theirs to read. */
export async function loadThread(db: Db, actor: SignedInActor, threadId: string): Promise<LoadedThread> {
  const thread = await findThread(db, threadId);
  if (!thread || isHeldFrom(thread, actor.userId)) throw notFound('That thread');
  const found = await findNetworkWithMembership(db, actor.userId, thread.networkId);
  if (!found) throw notFound('That thread');
  const access = accessOf(found.network, found.membership);
  const threadAccess: ThreadAccess = { network: access, thread };
  if (!threadPolicies['thread.read'](actor, threadAccess)) throw notFound('That thread');
  return { ...found, access, thread, threadAccess };
}

/** A reply the viewer may read, with its thread. */
export type LoadedReply = LoadedThread & { reply: Reply; replyAccess: ReplyAccess };

/** The reply, or not_found exactly as for one that does not exist (a hidden reply included). */
export async function loadReply(db: Db, actor: SignedInActor, replyId: string): Promise<LoadedReply> {
  const reply = await findReply(db, replyId);
  if (!reply || isHeldFrom(reply, actor.userId)) throw notFound('That reply');
  const loaded = await loadThread(db, actor, reply.threadId).catch((error: unknown) => {
    throw error instanceof AppError && error.code === 'not_found' ? notFound('That reply') : error;
  });
  // A hidden reply is as invisible as a hidden thread to those who may not see it.
  if (
    reply.hiddenAt !== null &&
    reply.authorId !== actor.userId &&
    !replyPolicies['reply.hide'](actor, { ...loaded.threadAccess, reply })
  )
    throw notFound('That reply');
  return { ...loaded, reply, replyAccess: { ...loaded.threadAccess, reply } };
}

/** Refuses with forbidden unless the policy allows the action to the viewer as loaded. */
export const authorizeDiscussion = (actor: SignedInActor, action: DiscussionAction, loaded: Discussion) =>
  authorize(actor, action, discussionPolicies[action], loaded.access);
export const authorizeThread = (actor: SignedInActor, action: ThreadAction, loaded: LoadedThread) =>
  authorize(actor, action, threadPolicies[action], loaded.threadAccess);
export const authorizeReply = (actor: SignedInActor, action: ReplyAction, loaded: LoadedReply) =>
  authorize(actor, action, replyPolicies[action], loaded.replyAccess);

async function viewingOf(
  db: Db,
  actor: SignedInActor,
  network: Network,
  authorIds: readonly string[],
): Promise<Viewing> {
  return { actor, network, people: await findPeople(db, authorIds) };
}

/** Signed authors only: an anonymous author's profile is never even read for a view. */
const namedAuthorIds = (posts: readonly { authorId: string; anonymous: number }[]) =>
  posts.filter((post) => post.anonymous === 0).map((post) => post.authorId);

/** Letters and digits of the search text, at most eight words; operators of either search syntax never get through. */
const searchWords = (q: string | undefined): string[] => (q?.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);

/** A live event; the bus is best effort, so a failure to publish never fails the request. */
export async function publish(ctx: AppContext, channel: string, type: string, data: Record<string, unknown>) {
  await publishBestEffort(ctx.events, channel, { type, data });
}

/**
 * Live events of what the author of an anonymous post did to it (wrote, edited, deleted, resolved)
 * wait for the next whole minute, with everything else of that minute: heard at once, they would
 * arrive milliseconds from the same person's signed posts. Other events go once the write commits.
 */
function* publishByAuthor(
  ctx: AppContext,
  tx: Tx,
  isAnonymousAuthor: boolean,
  events: readonly LaterLiveEvent[],
): Work<void> {
  if (isAnonymousAuthor) yield* publishAtNextMinute(ctx, events);
  else
    tx.afterCommit(async () => {
      for (const { channel, type, data } of events) await publish(ctx, channel, type, data);
    });
}

const isAnonymousAuthorOf = (post: { anonymous: number; authorId: string }, actor: SignedInActor) =>
  post.anonymous === 1 && post.authorId === actor.userId;

// ——— Feed ———

/** A network's discussions, pinned first, then by latest activity, with the viewer's unread marks. */
export async function listThreads(
  ctx: AppContext,
  actor: SignedInActor,
  networkRef: string,
  query: FeedQuery,
): Promise<ThreadPage> {
  const loaded = await loadDiscussion(ctx.db, actor, networkRef);
  const limit = query.limit ?? 25;
  const after = decodeKeyCursor(query.cursor, ['number', 'string', 'string'] as const);
  const rows = await listFeed(ctx.db, ctx.database.dialect, {
    networkId: loaded.network.id,
    viewerId: actor.userId,
    filter: query.filter ?? 'all',
    words: searchWords(query.q),
    includeHidden: discussionPolicies['discussion.readFlags'](actor, loaded.access),
    after: after ? { pinned: after[0], lastActivityAt: after[1], id: after[2] } : undefined,
    limit,
  });
  const page = rows.slice(0, limit);
  const viewing = await viewingOf(ctx.db, actor, loaded.network, namedAuthorIds(page));
  const last = page.at(-1);
  return {
    items: page.map(({ viewerReadPosition, ...thread }) =>
      presentThreadSummary(thread, viewing, { network: loaded.access, thread }, viewerReadPosition ?? undefined),
    ),
    nextCursor: rows.length > limit && last ? encodeKeyCursor([last.pinned, last.lastActivityAt, last.id]) : null,
  };
}

export async function markAllRead(ctx: AppContext, actor: SignedInActor, networkRef: string): Promise<ReadResult> {
  const loaded = await loadDiscussion(ctx.db, actor, networkRef);
  authorizeDiscussion(actor, 'discussion.post', loaded);
  await markNetworkRead(ctx.db, actor.userId, loaded.network.id, isoNow(ctx.clock));
  return { unreadCount: 0 };
}

// ——— Threads ———

async function presentThreadFor(ctx: AppContext, actor: SignedInActor, loaded: LoadedThread): Promise<ThreadView> {
  const { thread } = loaded;
  const [viewing, reads, confidentiality] = await Promise.all([
    viewingOf(ctx.db, actor, loaded.network, namedAuthorIds([thread])),
    findReadPositions(ctx.db, actor.userId, [thread.id]),
    findConfidentiality(ctx.db, loaded.network),
  ]);
  const readPosition = reads.get(thread.id);
  const firstUnread =
    thread.lastPosition > (readPosition ?? 0)
      ? await findFirstReplyAfter(ctx.db, thread.id, readPosition ?? 0)
      : undefined;
  return presentThread(thread, viewing, loaded.threadAccess, {
    confidentiality,
    readPosition,
    firstUnreadReplyId: firstUnread?.id ?? null,
  });
}

/**
 * The thread with its first page of replies: a reader's first view in one request. The read mark
 * is read once, and the thread's author with the replies' authors in one look-up.
 */
export async function getThread(
  ctx: AppContext,
  actor: SignedInActor,
  threadId: string,
  query: ThreadQuery = {},
): Promise<ThreadWithRepliesView> {
  const loaded = await loadThread(ctx.db, actor, threadId);
  const { thread } = loaded;
  const [confidentiality, reads] = await Promise.all([
    findConfidentiality(ctx.db, loaded.network),
    findReadPositions(ctx.db, actor.userId, [thread.id]),
  ]);
  const readPosition = reads.get(thread.id);
  const firstUnread =
    thread.lastPosition > (readPosition ?? 0)
      ? await findFirstReplyAfter(ctx.db, thread.id, readPosition ?? 0)
      : undefined;
  const limit = query.replies ?? 30;
  const from = query.from ?? (firstUnread !== undefined && thread.replyCount > limit ? 'unread' : 'start');
  const page =
    limit === 0
      ? { rows: [], nextCursor: null }
      : await replyRowsOf(ctx, actor, thread.id, { limit, from }, readPosition);
  const { items, viewing } = await presentReplies(ctx, actor, loaded, page.rows, readPosition, [thread]);
  const view = presentThread(thread, viewing, loaded.threadAccess, {
    confidentiality,
    readPosition,
    firstUnreadReplyId: firstUnread?.id ?? null,
  });
  return { ...view, replies: { items, nextCursor: page.nextCursor, from } };
}

/** After a change: the thread as its writer now sees it, without replies (the page keeps those it has). */
export const reload = async (ctx: AppContext, actor: SignedInActor, threadId: string): Promise<ThreadView> =>
  presentThreadFor(ctx, actor, await loadThread(ctx.db, actor, threadId));

/** Mentions of active members of the network, other than the writer. */
async function mentionRecipients(
  db: Db,
  networkId: string,
  body: string,
  writerId: string,
  already: readonly string[] = [],
) {
  const ids = mentionedIds(body).filter((id) => id !== writerId && !already.includes(id));
  return listActiveMemberIds(db, networkId, ids);
}

/** Where a notification about a thread or one of its replies leads. */
export const threadUrl = (threadId: string, replyId?: string) =>
  `/threads/${threadId}${replyId ? `#reply-${replyId}` : ''}`;

/** Starts a thread; the author has read it, and the members it mentions are told. */
export async function createThread(
  ctx: AppContext,
  actor: SignedInActor,
  networkRef: string,
  body: ThreadCreateBody,
): Promise<ThreadView> {
  const loaded = await loadDiscussion(ctx.db, actor, networkRef);
  authorizeDiscussion(actor, 'discussion.post', loaded);
  const { network } = loaded;
  const now = isoNow(ctx.clock);
  const id = postId(body.anonymous);
  const anonymous = body.anonymous ? 1 : 0;
  const thread: Thread = {
    id,
    networkId: network.id,
    authorId: actor.userId,
    anonymous,
    kind: body.kind,
    title: body.title.trim(),
    body: body.body,
    tags: JSON.stringify(body.tags ?? []),
    pinned: 0,
    // Feeds show and page by this time: an anonymous post's exact moment must not surface there.
    lastActivityAt: timeOf({ anonymous }, now),
    replyCount: 0,
    lastPosition: 0,
    resolvedReplyId: null,
    lockedAt: null,
    hiddenAt: null,
    hiddenReason: null,
    deletedAt: null,
    editedAt: null,
    createdAt: now,
    heldUntil: heldUntilOf(body.anonymous, ctx),
  };
  // Everything the write needs is read before it; the thread is presented from the row it writes.
  const [people, mentioned, confidentiality] = await Promise.all([
    findPeople(ctx.db, [actor.userId]),
    mentionRecipients(ctx.db, network.id, body.body, actor.userId),
    findConfidentiality(ctx.db, network),
  ]);
  const who = writerNamed(network, body.anonymous, people.get(actor.userId)?.name);
  const planned = await planNotifications(
    ctx,
    ctx.db,
    mentioned.map((userId) => mentionNotification(userId, who, thread, network, body.body)),
  );
  const created = {
    channel: networkChannel(network.id),
    type: 'thread.created',
    data: { networkId: network.id, threadId: id },
  };
  await write(ctx.database, function* (tx) {
    yield* run(insertThread, thread);
    yield* run(readUpTo, { userId: actor.userId, threadId: id, position: 0, now });
    if (body.anonymous) yield* holdUntilNextMinute(ctx, { threadId: id, replyId: null, events: [created] });
    else tx.afterCommit(() => publish(ctx, created.channel, created.type, created.data));
    yield* storeNotifications(ctx, tx, planned);
  });
  // An anonymous author's profile is never even read for a view, their own included.
  const viewing: Viewing = { actor, network, people: body.anonymous ? new Map() : people };
  return presentThread(
    thread,
    viewing,
    { network: loaded.access, thread },
    {
      confidentiality,
      readPosition: 0,
      firstUnreadReplyId: null,
    },
  );
}

/** Keeps a post's earlier text, as a step of the write that changes it. */
const saveRevision = (
  post: { threadId: string; replyId: string | null; title: string | null; body: string },
  now: string,
): Work<number> => run(insertRevision, { id: newId(), ...post, createdAt: now });

/** The author edits a thread; the earlier text is kept as a revision and the thread shows "edited". */
export async function updateThread(
  ctx: AppContext,
  actor: SignedInActor,
  threadId: string,
  body: ThreadUpdateBody,
): Promise<ThreadView> {
  const loaded = await loadThread(ctx.db, actor, threadId);
  authorizeThread(actor, 'thread.edit', loaded);
  const { thread, network } = loaded;
  if (body.kind === 'discussion' && thread.resolvedReplyId !== null)
    throw new AppError('conflict', 'This question is resolved; re-open it before making it a discussion.');
  const now = isoNow(ctx.clock);
  const textChanged =
    (body.title !== undefined && body.title.trim() !== thread.title) ||
    (body.body !== undefined && body.body !== thread.body);
  const edit = {
    id: threadId,
    title: body.title !== undefined ? body.title.trim() : null,
    body: body.body !== undefined ? body.body : null,
    kind: body.kind !== undefined ? body.kind : null,
    tags: body.tags !== undefined ? JSON.stringify(body.tags) : null,
    editedAt: textChanged ? now : null,
  };
  // Whom the new text mentions, and how it names its writer, are read before the write.
  const text = body.body;
  const planned = await planNotifications(
    ctx,
    ctx.db,
    text === undefined
      ? []
      : await Promise.all([
          mentionRecipients(ctx.db, network.id, text, actor.userId, mentionedIds(thread.body)),
          writerOf(ctx.db, actor, network, thread.anonymous === 1),
        ]).then(([mentioned, who]) =>
          mentioned.map((userId) => mentionNotification(userId, who, thread, network, text)),
        ),
  );
  await write(ctx.database, function* (tx) {
    if (textChanged) yield* saveRevision({ threadId, replyId: null, title: thread.title, body: thread.body }, now);
    yield* run(editThread, edit);
    yield* storeNotifications(ctx, tx, planned);
    yield* publishByAuthor(ctx, tx, isAnonymousAuthorOf(thread, actor), [
      { channel: threadChannel(threadId), type: 'thread.updated', data: { networkId: network.id, threadId } },
    ]);
  });
  return presentWrittenThread(ctx, actor, loaded, {
    ...thread,
    title: edit.title ?? thread.title,
    body: edit.body ?? thread.body,
    kind: edit.kind ?? thread.kind,
    tags: edit.tags ?? thread.tags,
    editedAt: edit.editedAt ?? thread.editedAt,
  });
}

/** After a change: the thread as its writer now sees it, from the row as written (the page keeps its replies). */
export const presentWrittenThread = (ctx: AppContext, actor: SignedInActor, loaded: LoadedThread, thread: Thread) =>
  presentThreadFor(ctx, actor, { ...loaded, thread, threadAccess: { ...loaded.threadAccess, thread } });

/** What a mention says: the writer's name, or "A member of <network>" for an anonymous post. */
function mentionNotification(
  userId: string,
  writer: Writer,
  thread: Pick<Thread, 'id' | 'title' | 'anonymous'>,
  network: Network,
  text: string,
  replyId?: string,
): NewNotification {
  return {
    userId,
    kind: 'mention',
    title: `${writer.name} mentioned you in ${network.name}`,
    body: `${thread.title}: ${plainText(text, 200)}`,
    url: threadUrl(thread.id, replyId),
    networkId: network.id,
    // In an anonymous thread even a signed mention is about the anonymous post: whoever is told may be its author.
    aboutAnonymousPost: writer.anonymous || thread.anonymous === 1,
  };
}

type Writer = { name: string; anonymous: boolean };

/** The writer as others may know them. */
/** Who a post says wrote it: the network's anonymous placeholder, or the writer's name. */
const writerNamed = (network: Network, anonymous: boolean, name: string | undefined): Writer =>
  anonymous ? { name: `A member of ${network.name}`, anonymous } : { name: name ?? 'A member', anonymous };

async function writerOf(db: Db, actor: SignedInActor, network: Network, anonymous: boolean): Promise<Writer> {
  if (anonymous) return writerNamed(network, true, undefined);
  return writerNamed(network, false, (await findPeople(db, [actor.userId])).get(actor.userId)?.name);
}

/** The author deletes a thread: its text goes, its replies stay readable. */
export async function deleteThread(ctx: AppContext, actor: SignedInActor, threadId: string): Promise<ThreadView> {
  const loaded = await loadThread(ctx.db, actor, threadId);
  authorizeThread(actor, 'thread.delete', loaded);
  const now = isoNow(ctx.clock);
  await write(ctx.database, function* (tx) {
    yield* saveRevision({ threadId, replyId: null, title: loaded.thread.title, body: loaded.thread.body }, now);
    yield* run(markThreadDeleted, { id: threadId, now });
    yield* publishByAuthor(ctx, tx, isAnonymousAuthorOf(loaded.thread, actor), [
      { channel: threadChannel(threadId), type: 'thread.updated', data: { networkId: loaded.network.id, threadId } },
    ]);
  });
  return presentWrittenThread(ctx, actor, loaded, { ...loaded.thread, deletedAt: now, body: '', pinned: 0 });
}

/** The asker marks the reply that resolved the question, or re-opens it with null. */
export async function resolveThread(
  ctx: AppContext,
  actor: SignedInActor,
  threadId: string,
  replyId: string | null,
): Promise<ThreadView> {
  const loaded = await loadThread(ctx.db, actor, threadId);
  authorizeThread(actor, 'thread.resolve', loaded);
  if (replyId !== null) {
    if (!isVisibleReplyOf(await findReply(ctx.db, replyId), threadId, actor))
      throw new AppError('validation_failed', 'That reply is not in this thread.', {
        details: [{ path: '/replyId', message: 'is not a visible reply of this thread' }],
      });
  }
  await write(ctx.database, function* (tx) {
    yield* run(setResolvedReply, { threadId, replyId });
    yield* publishByAuthor(ctx, tx, isAnonymousAuthorOf(loaded.thread, actor), [
      { channel: threadChannel(threadId), type: 'thread.updated', data: { networkId: loaded.network.id, threadId } },
    ]);
  });
  return presentWrittenThread(ctx, actor, loaded, { ...loaded.thread, resolvedReplyId: replyId });
}

export async function markThreadRead(
  ctx: AppContext,
  actor: SignedInActor,
  threadId: string,
  position: number,
): Promise<ReadResult> {
  const loaded = await loadThread(ctx.db, actor, threadId);
  authorizeThread(actor, 'thread.markRead', loaded);
  const upTo = Math.min(position, loaded.thread.lastPosition);
  const mark = { userId: actor.userId, threadId, position: upTo, now: isoNow(ctx.clock) };
  // Every reader marks as they read: on SQLite the marks of one turn share a commit.
  const read = (await write(ctx.database, () => first(readUpTo, mark)))?.readPosition ?? upTo;
  return { unreadCount: Math.max(0, loaded.thread.lastPosition - read) };
}

/**
 * The thread and every reply as one Markdown document, with the confidentiality notice on top
 * and each author as the viewer may know them: an export names no anonymous author either.
 */
export async function exportThread(
  ctx: AppContext,
  actor: SignedInActor,
  threadId: string,
): Promise<{ filename: string; markdown: string }> {
  const loaded = await loadThread(ctx.db, actor, threadId);
  const view = await presentThreadFor(ctx, actor, loaded);
  const lines = [
    `# ${view.title}`,
    '',
    `> Confidential — ${view.network.confidentiality.replace(/\s+/g, ' ')}`,
    '',
    `${view.author?.name ?? 'Deleted by its author'} · ${view.network.name} · ${view.createdAt}${view.editedAt ? ' · edited' : ''}`,
    '',
    view.deleted ? '_Deleted by its author._' : view.body,
  ];
  for (let after = 0; ; ) {
    const rows = await listReplyRows(ctx.db, threadId, after, 200);
    const page = rows.slice(0, 200);
    const sources = new Map(page.map((row) => [row.id, row.body]));
    for (const reply of (await presentReplies(ctx, actor, loaded, page, undefined)).items) {
      // The view carries the Markdown only to its author; what the viewer may read is what has HTML.
      const text = reply.deleted
        ? '_Deleted by its author._'
        : reply.bodyHtml === ''
          ? '_Hidden by a facilitator._'
          : (sources.get(reply.id) ?? '');
      lines.push(
        '',
        '---',
        '',
        `**${reply.author?.name ?? (reply.deleted ? 'Deleted' : 'Hidden')}** · ${reply.createdAt}${reply.isAnswer ? ' · accepted answer' : ''}`,
        '',
        text,
      );
    }
    const last = page.at(-1);
    if (rows.length <= 200 || !last) break;
    after = last.position;
  }
  const slug =
    view.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'thread';
  return { filename: `${slug}.md`, markdown: `${lines.join('\n')}\n` };
}

// ——— Replies ———

export async function listReplies(
  ctx: AppContext,
  actor: SignedInActor,
  threadId: string,
  query: RepliesQuery,
): Promise<ReplyPage> {
  return replyPageOf(ctx, actor, await loadThread(ctx.db, actor, threadId), query);
}

async function replyPageOf(
  ctx: AppContext,
  actor: SignedInActor,
  loaded: LoadedThread,
  query: RepliesQuery,
): Promise<ReplyPage> {
  const threadId = loaded.thread.id;
  const readPosition = (await findReadPositions(ctx.db, actor.userId, [threadId])).get(threadId);
  const page = await replyRowsOf(ctx, actor, threadId, query, readPosition);
  const { items } = await presentReplies(ctx, actor, loaded, page.rows, readPosition);
  return { items, nextCursor: page.nextCursor };
}

/** A page of a thread's replies from the start, the first unread one or a cursor, then the viewer's held ones. */
async function replyRowsOf(
  ctx: AppContext,
  actor: SignedInActor,
  threadId: string,
  query: RepliesQuery,
  readPosition: number | undefined,
): Promise<{ rows: Reply[]; nextCursor: string | null }> {
  const limit = query.limit ?? 50;
  const cursor = decodeKeyCursor(query.cursor, ['number'] as const);
  const afterPosition = cursor ? cursor[0] : query.from === 'unread' ? (readPosition ?? 0) : 0;
  const rows = await listReplyRows(ctx.db, threadId, afterPosition, limit);
  const page = rows.slice(0, limit);
  const isLastPage = rows.length <= limit;
  // The viewer's own held replies come last, after every numbered one, as they will be numbered.
  const held = isLastPage ? await listHeldRepliesOf(ctx.db, threadId, actor.userId) : [];
  const last = page.at(-1);
  return { rows: [...page, ...held], nextCursor: !isLastPage && last ? encodeKeyCursor([last.position]) : null };
}

/** Replies as the viewer sees them; `alsoAuthors` are other posts whose authors the caller presents too. */
async function presentReplies(
  ctx: AppContext,
  actor: SignedInActor,
  loaded: LoadedThread,
  replies: readonly Reply[],
  readPosition: number | undefined,
  alsoAuthors: readonly { authorId: string; anonymous: number }[] = [],
): Promise<{ items: ReplyView[]; viewing: Viewing }> {
  const quoteIds = replies.map((reply) => reply.quoteReplyId).filter((id): id is string => id !== null);
  const [quotes, markedHelpful] = await Promise.all([
    listRepliesById(ctx.db, quoteIds),
    listHelpfulMarkedBy(
      ctx.db,
      actor.userId,
      replies.map((reply) => reply.id),
    ),
  ]);
  const viewing = await viewingOf(
    ctx.db,
    actor,
    loaded.network,
    namedAuthorIds([...alsoAuthors, ...replies, ...quotes.values()]),
  );
  const items = replies.map((reply) =>
    presentReply(reply, viewing, {
      thread: loaded.thread,
      threadAccess: loaded.threadAccess,
      readPosition,
      markedHelpful,
      quotes,
    }),
  );
  return { items, viewing };
}

/** One reply as the viewer sees it now. */
export async function presentOneReply(ctx: AppContext, actor: SignedInActor, replyId: string): Promise<ReplyView> {
  const loaded = await loadReply(ctx.db, actor, replyId);
  return presentWrittenReply(ctx, actor, loaded, loaded.reply);
}

/** A reply the viewer loaded, as just written: presented from the row in hand, not read again. */
export async function presentWrittenReply(
  ctx: AppContext,
  actor: SignedInActor,
  loaded: LoadedThread,
  reply: Reply,
): Promise<ReplyView> {
  const reads = await findReadPositions(ctx.db, actor.userId, [loaded.thread.id]);
  const {
    items: [view],
  } = await presentReplies(ctx, actor, loaded, [reply], reads.get(loaded.thread.id));
  if (!view) throw notFound('That reply');
  return view;
}

/**
 * Posts a reply at the thread's next position. The thread's author and the members it mentions
 * are told, as "A member of <network>" when the reply is anonymous.
 */
export async function createReply(
  ctx: AppContext,
  actor: SignedInActor,
  threadId: string,
  body: ReplyCreateBody,
): Promise<ReplyView> {
  const loaded = await loadThread(ctx.db, actor, threadId);
  authorizeThread(actor, 'thread.reply', loaded);
  const { thread, network } = loaded;
  const quoted = body.quoteReplyId === undefined ? undefined : await findReply(ctx.db, body.quoteReplyId);
  if (body.quoteReplyId !== undefined && !isVisibleReplyOf(quoted, threadId, actor))
    throw new AppError('validation_failed', 'The quoted reply is not in this thread.', {
      details: [{ path: '/quoteReplyId', message: 'is not a visible reply of this thread' }],
    });
  // Everything the write needs is read before it, so the transaction only writes.
  const now = isoNow(ctx.clock);
  const id = postId(body.anonymous);
  const activityAt = timeOf({ anonymous: body.anonymous ? 1 : 0 }, now);
  const people = await findPeople(ctx.db, [
    actor.userId,
    ...(quoted && quoted.anonymous === 0 ? [quoted.authorId] : []),
  ]);
  const who = writerNamed(network, body.anonymous, people.get(actor.userId)?.name);
  const [mentioned, askerIsMember] = await Promise.all([
    mentionRecipients(ctx.db, network.id, body.body, actor.userId),
    listActiveMemberIds(ctx.db, network.id, [thread.authorId]).then((ids) => ids.length > 0),
  ]);
  const items = mentioned.map((userId) => mentionNotification(userId, who, thread, network, body.body, id));
  if (
    thread.authorId !== actor.userId &&
    !mentioned.includes(thread.authorId) &&
    askerIsMember &&
    thread.deletedAt === null
  )
    items.push({
      userId: thread.authorId,
      kind: 'reply_to_my_thread',
      title: `${who.name} replied to your ${thread.kind === 'question' ? 'question' : 'thread'} in ${network.name}`,
      body: `${thread.title}: ${plainText(body.body, 200)}`,
      url: threadUrl(threadId, id),
      networkId: network.id,
      // Addressed to the author of an anonymous question, it is as telling as one from an anonymous reply.
      aboutAnonymousPost: who.anonymous || thread.anonymous === 1,
    });

  const planned = await planNotifications(ctx, ctx.db, items);

  const reply = await write(ctx.database, function* (tx) {
    const position = body.anonymous ? heldPosition() : yield* takeNextPosition(threadId, activityAt, true);
    const row: Omit<Reply, 'helpfulCount'> = {
      id,
      threadId,
      networkId: network.id,
      position,
      authorId: actor.userId,
      anonymous: body.anonymous ? 1 : 0,
      body: body.body,
      quoteReplyId: body.quoteReplyId ?? null,
      nudgedAt: null,
      hiddenAt: null,
      hiddenReason: null,
      deletedAt: null,
      editedAt: null,
      createdAt: now,
      heldUntil: heldUntilOf(body.anonymous, ctx),
    };
    yield* run(insertReply, row);
    if (body.anonymous)
      yield* holdUntilNextMinute(ctx, { threadId, replyId: id, events: replyCreatedEvents(network.id, threadId, id) });
    else {
      yield* run(readUpTo, { userId: actor.userId, threadId, position, now });
      tx.afterCommit(() => publishLive(ctx, replyCreatedEvents(network.id, threadId, id, position)));
    }
    yield* storeNotifications(ctx, tx, planned);
    return { ...row, helpfulCount: 0 };
  });
  // Presented from the row just written: the writer read it up to here, and has marked nothing helpful yet.
  const viewing: Viewing = { actor, network, people };
  return presentReply(reply, viewing, {
    thread: { ...thread, lastPosition: Math.max(thread.lastPosition, reply.position) },
    threadAccess: loaded.threadAccess,
    readPosition: reply.position,
    markedHelpful: new Set(),
    quotes: new Map(quoted ? [[quoted.id, quoted]] : []),
  });
}

/** What a new reply tells the thread's page and the network's feed; a held reply's position is set when it is published. */
const replyCreatedEvents = (
  networkId: string,
  threadId: string,
  replyId: string,
  position?: number,
): LaterLiveEvent[] => [
  { channel: threadChannel(threadId), type: 'reply.created', data: { threadId, replyId, position: position ?? null } },
  { channel: networkChannel(networkId), type: 'thread.updated', data: { networkId, threadId } },
];

/** The thread's next reply position (`advanceThread`), as a step of a write. */
function* takeNextPosition(threadId: string, activityAt: string, counted: boolean): Work<number> {
  const [advanced] = yield* all(advanceThread, { threadId, activityAt, countBy: counted ? 1 : 0 });
  if (advanced === undefined) throw notFound('That thread');
  return advanced.lastPosition;
}

type HeldPost = { threadId: string; replyId: string | null; events: LaterLiveEvent[] };

/** Queues the held post's publication for the next whole minute, in the transaction that writes it. */
function* holdUntilNextMinute(ctx: AppContext, post: HeldPost): Work<string> {
  return yield* ctx.jobs.enqueueIn('threads.publishHeld', post, {
    runAt: nextWholeMinute(ctx.clock.now()),
    maxAttempts: 10,
  });
}

/**
 * The `threads.publishHeld` job: from now everyone who may read the thread sees the post; a reply
 * takes the thread's next position, so it is ordered after everything posted before its minute
 * ended. Then its live events go out. Publishing twice changes nothing.
 */
export async function publishHeldPost(ctx: AppContext, post: HeldPost): Promise<void> {
  const { replyId } = post;
  await write(ctx.database, function* (tx) {
    let published: number | null;
    if (replyId === null) {
      if ((yield* run(releaseHeldThread, { threadId: post.threadId })) === 0) return;
      published = null;
    } else {
      // Released by a conditional update, so a second run finds nothing held and changes nothing.
      const reply = yield* first(releaseHeldReply, { replyId });
      if (reply === undefined) return;
      const position = yield* takeNextPosition(reply.threadId, timeOf(reply, reply.createdAt), isCounted(reply));
      yield* run(setReplyPosition, { replyId, position });
      // The author read the thread up to their own reply when they wrote it; it stays read.
      yield* run(keepReadThroughPublished, {
        userId: reply.authorId,
        threadId: reply.threadId,
        position,
        before: position - 1,
      });
      published = position;
    }
    tx.afterCommit(async () => {
      for (const { channel, type, data } of post.events)
        await publish(ctx, channel, type, type === 'reply.created' ? { ...data, position: published } : data);
    });
  });
}

export async function updateReply(
  ctx: AppContext,
  actor: SignedInActor,
  replyId: string,
  body: ReplyUpdateBody,
): Promise<ReplyView> {
  const loaded = await loadReply(ctx.db, actor, replyId);
  authorizeReply(actor, 'reply.edit', loaded);
  const { reply, network, thread } = loaded;
  const now = isoNow(ctx.clock);
  if (body.body === reply.body) return presentWrittenReply(ctx, actor, loaded, reply);
  // Whom the new text mentions, and how it names its writer, are read before the write.
  const [mentioned, who] = await Promise.all([
    mentionRecipients(ctx.db, network.id, body.body, actor.userId, mentionedIds(reply.body)),
    writerOf(ctx.db, actor, network, reply.anonymous === 1),
  ]);
  const planned = await planNotifications(
    ctx,
    ctx.db,
    mentioned.map((userId) => mentionNotification(userId, who, thread, network, body.body, replyId)),
  );
  await write(ctx.database, function* (tx) {
    yield* saveRevision({ threadId: reply.threadId, replyId, title: null, body: reply.body }, now);
    yield* run(editReply, { id: replyId, body: body.body, now });
    yield* storeNotifications(ctx, tx, planned);
    yield* publishByAuthor(ctx, tx, isAnonymousAuthorOf(reply, actor), [
      {
        channel: threadChannel(reply.threadId),
        type: 'reply.updated',
        data: { threadId: reply.threadId, replyId, position: reply.position },
      },
    ]);
  });
  return presentWrittenReply(ctx, actor, loaded, { ...reply, body: body.body, editedAt: now });
}

/** Moves a thread's count of replies that count, as a step of the caller's write. */
export const countRepliesBy = (threadId: string, by: number): Work<number> => run(adjustReplyCount, { threadId, by });

/** The thread is resolved by no reply any more, as a step of the caller's write. */
export const clearResolvedReply = (threadId: string): Work<number> =>
  run(setResolvedReply, { threadId, replyId: null });

/** Replies that count: neither deleted nor hidden. */
const isCounted = (post: { deletedAt: string | null; hiddenAt: string | null }) =>
  post.deletedAt === null && post.hiddenAt === null;

export async function deleteReply(ctx: AppContext, actor: SignedInActor, replyId: string): Promise<ReplyView> {
  const loaded = await loadReply(ctx.db, actor, replyId);
  authorizeReply(actor, 'reply.delete', loaded);
  const { reply } = loaded;
  const now = isoNow(ctx.clock);
  await write(ctx.database, function* (tx) {
    yield* saveRevision({ threadId: reply.threadId, replyId, title: null, body: reply.body }, now);
    yield* run(markReplyDeleted, { id: replyId, now });
    if (isCounted(reply) && reply.heldUntil === null)
      yield* run(adjustReplyCount, { threadId: reply.threadId, by: -1 });
    if (loaded.thread.resolvedReplyId === replyId)
      yield* run(setResolvedReply, { threadId: reply.threadId, replyId: null });
    yield* publishByAuthor(ctx, tx, isAnonymousAuthorOf(reply, actor), [
      {
        channel: threadChannel(reply.threadId),
        type: 'reply.updated',
        data: { threadId: reply.threadId, replyId, position: reply.position },
      },
    ]);
  });
  const thread =
    loaded.thread.resolvedReplyId === replyId ? { ...loaded.thread, resolvedReplyId: null } : loaded.thread;
  return presentWrittenReply(
    ctx,
    actor,
    { ...loaded, thread, threadAccess: { ...loaded.threadAccess, thread } },
    { ...reply, deletedAt: now, body: '' },
  );
}

/** Marks or unmarks a reply as helpful; doing it twice changes nothing. */
export async function setHelpful(
  ctx: AppContext,
  actor: SignedInActor,
  replyId: string,
  helpful: boolean,
): Promise<ReplyView> {
  const loaded = await loadReply(ctx.db, actor, replyId);
  authorizeReply(actor, 'reply.markHelpful', loaded);
  const now = isoNow(ctx.clock);
  const mark = { replyId, userId: actor.userId, now };
  const by = await write(ctx.database, function* () {
    const changed = helpful ? yield* run(markHelpful, mark) : yield* run(unmarkHelpful, mark);
    if (changed === 0) return 0;
    const by = helpful ? 1 : -1;
    yield* run(countHelpful, { replyId, by });
    return by;
  });
  return presentWrittenReply(ctx, actor, loaded, { ...loaded.reply, helpfulCount: loaded.reply.helpfulCount + by });
}

/**
 * May this person hear a network's or a thread's live events? Answers not_found exactly as the
 * API would for the network or thread itself.
 */
export async function authorizeLiveChannels(
  ctx: AppContext,
  actor: SignedInActor,
  query: { networkId?: string; threadId?: string },
): Promise<string[]> {
  const channels: string[] = [];
  if (query.networkId !== undefined)
    channels.push(networkChannel((await loadDiscussion(ctx.db, actor, query.networkId)).network.id));
  if (query.threadId !== undefined)
    channels.push(threadChannel((await loadThread(ctx.db, actor, query.threadId)).thread.id));
  return channels;
}
