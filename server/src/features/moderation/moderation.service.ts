import type {
  FlagBody,
  FlagListQuery,
  FlagPage,
  FlagView,
  ModerationLogPage,
  ReplyModerationBody,
  ReplyView,
  RevealBody,
  RevealedAuthorView,
  ThreadModerationBody,
  ThreadView,
} from '@roundtable/contract/threads';
import type { Network, Reply, Thread } from '../../db/tables.js';
import { run, write } from '../../db/write.js';
import { isoNow } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { decodeCursor, toPage } from '../../platform/pagination.js';
import type { SignedInActor } from '../../platform/policy.js';
import { listFacilitatorIdsOf } from '../memberships/memberships.service.js';
import { type NewNotification, planNotifications, storeNotifications } from '../notifications/notifications.service.js';
import { discussionPolicies, type ThreadAction } from '../threads/threads.policy.js';
import {
  authorizeDiscussion,
  authorizeReply,
  authorizeThread,
  clearResolvedReply,
  countRepliesBy,
  type Discussion,
  type LoadedThread,
  loadDiscussion,
  loadReply,
  loadThread,
  networkChannel,
  presentWrittenReply,
  presentWrittenThread,
  publish,
  reload,
  threadChannel,
  threadUrl,
} from '../threads/threads.service.js';
import { presentFlag, presentModerationLogEntry } from './moderation.presenter.js';
import {
  findAuthorContact,
  findFlag,
  insertFlag,
  listFlags,
  listModerationLog,
  listOpenFlagsBy,
  logModeration,
  markFlagResolved,
  markReplyNudged,
  moveFlagsOfThread,
  moveRepliesOfThread,
  moveThread,
  setReplyHidden,
  setThreadHidden,
  setThreadLocked,
  setThreadPinned,
} from './moderation.queries.js';

/** Only its author sees a held post (a facilitator may be that author): there is nothing to moderate yet. */
function refuseWhileHeld(post: { heldUntil: string | null }) {
  if (post.heldUntil !== null)
    throw new AppError(
      'conflict',
      'This anonymous post appears to the network at the next whole minute; moderate it then.',
    );
}

/** A reply in an anonymous thread: a note to its author is as telling as one about the thread. */
const inThread = (reply: Reply, thread: { anonymous: number }) => ({
  authorId: reply.authorId,
  anonymous: reply.anonymous === 1 || thread.anonymous === 1 ? 1 : 0,
});

/** A note to a post's author; about an anonymous post, it is as telling as the post. */
const moderatedNotice = (
  post: { authorId: string; anonymous: number },
  network: Network,
  threadId: string,
  title: string,
  body: string,
  replyId?: string,
): NewNotification => ({
  userId: post.authorId,
  kind: 'post_moderated',
  title,
  body,
  url: threadUrl(threadId, replyId),
  networkId: network.id,
  aboutAnonymousPost: post.anonymous === 1,
});

/** Pin, lock, hide (with a reason its author sees), unhide or move a thread; every action is logged. */
export async function moderateThread(
  ctx: AppContext,
  actor: SignedInActor,
  threadId: string,
  body: ThreadModerationBody,
): Promise<ThreadView> {
  const loaded = await loadThread(ctx.db, actor, threadId);
  const { thread, network } = loaded;
  refuseWhileHeld(thread);
  const action = body.action;
  const policy: ThreadAction =
    action === 'pin' || action === 'unpin'
      ? 'thread.pin'
      : action === 'lock' || action === 'unlock'
        ? 'thread.lock'
        : action === 'move'
          ? 'thread.move'
          : 'thread.hide';
  authorizeThread(actor, policy, loaded);
  const now = isoNow(ctx.clock);
  let target: Discussion | undefined;
  if (body.action === 'move') {
    target = await loadDiscussion(ctx.db, actor, body.networkId).catch(() => {
      throw new AppError('validation_failed', 'You can move a thread only to another network you facilitate.', {
        details: [{ path: '/networkId', message: 'is not a network you run' }],
      });
    });
    if (
      target.network.id === network.id ||
      !discussionPolicies['discussion.readFlags'](actor, target.access) ||
      target.network.status !== 'active'
    )
      throw new AppError('validation_failed', 'You can move a thread only to another network you facilitate.', {
        details: [{ path: '/networkId', message: 'is not another active network you run' }],
      });
  }
  const reason = 'reason' in body ? (body.reason ?? null) : null;
  // The thread as the action leaves it, written and then presented.
  const changes: Partial<Pick<Thread, 'pinned' | 'lockedAt' | 'hiddenAt' | 'hiddenReason'>> =
    action === 'pin' || action === 'unpin'
      ? { pinned: action === 'pin' ? 1 : 0 }
      : action === 'lock' || action === 'unlock'
        ? { lockedAt: action === 'lock' ? now : null }
        : action === 'hide' && thread.hiddenAt === null
          ? { hiddenAt: now, hiddenReason: reason }
          : action === 'unhide'
            ? { hiddenAt: null, hiddenReason: null }
            : {};
  const planned = await planNotifications(
    ctx,
    ctx.db,
    action === 'hide' && thread.authorId !== actor.userId
      ? [
          moderatedNotice(
            thread,
            network,
            threadId,
            `A facilitator hid your thread in ${network.name}`,
            `${thread.title} — reason: ${reason ?? ''}`,
          ),
        ]
      : [],
  );
  await write(ctx.database, function* (tx) {
    if (changes.pinned !== undefined) yield* run(setThreadPinned, { threadId, pinned: changes.pinned });
    if (changes.lockedAt !== undefined) yield* run(setThreadLocked, { threadId, lockedAt: changes.lockedAt });
    if (changes.hiddenAt !== undefined)
      yield* run(setThreadHidden, { threadId, hiddenAt: changes.hiddenAt, hiddenReason: changes.hiddenReason ?? null });
    if (target) {
      yield* run(moveThread, { threadId, networkId: target.network.id });
      yield* run(moveRepliesOfThread, { threadId, networkId: target.network.id });
      yield* run(moveFlagsOfThread, { threadId, networkId: target.network.id });
    }
    yield* logModeration(now, { networkId: network.id, actorId: actor.userId, action, threadId, reason });
    yield* storeNotifications(ctx, tx, planned);
    tx.afterCommit(async () => {
      await publish(ctx, threadChannel(threadId), 'thread.updated', { networkId: network.id, threadId });
      await publish(ctx, networkChannel(network.id), 'thread.updated', { networkId: network.id, threadId });
      if (target)
        await publish(ctx, networkChannel(target.network.id), 'thread.created', {
          networkId: target.network.id,
          threadId,
        });
    });
  });
  // A moved thread now stands in another network: it is loaded there, as its new readers see it.
  if (target) return reload(ctx, actor, threadId);
  return presentWrittenThread(ctx, actor, loaded, { ...thread, ...changes });
}

/** Hide (with a reason its author sees), unhide, or nudge a reply toward experience rather than advice. */
export async function moderateReply(
  ctx: AppContext,
  actor: SignedInActor,
  replyId: string,
  body: ReplyModerationBody,
): Promise<ReplyView> {
  const loaded = await loadReply(ctx.db, actor, replyId);
  const { reply, network, thread } = loaded;
  authorizeReply(actor, body.action === 'nudge' ? 'reply.nudge' : 'reply.hide', loaded);
  refuseWhileHeld(reply);
  const now = isoNow(ctx.clock);
  const hides = body.action === 'hide' && reply.hiddenAt === null;
  const unhides = body.action === 'unhide' && reply.hiddenAt !== null;
  const items: NewNotification[] = [];
  if (body.action === 'hide' && reply.hiddenAt === null)
    items.push(
      moderatedNotice(
        inThread(reply, thread),
        network,
        thread.id,
        `A facilitator hid your reply in ${network.name}`,
        `Reason: ${body.reason}`,
        replyId,
      ),
    );
  if (body.action === 'nudge')
    items.push(
      moderatedNotice(
        inThread(reply, thread),
        network,
        thread.id,
        `A facilitator of ${network.name} asks you to share your own experience`,
        body.message ??
          'This network shares experience, not advice: what did you do, what happened, what would you do differently? Consider editing your reply.',
        replyId,
      ),
    );
  const planned = await planNotifications(
    ctx,
    ctx.db,
    items.filter((item) => item.userId !== actor.userId),
  );
  await write(ctx.database, function* (tx) {
    if (hides) {
      yield* run(setReplyHidden, { replyId, hiddenAt: now, hiddenReason: body.reason });
      if (reply.deletedAt === null) yield* countRepliesBy(reply.threadId, -1);
      if (thread.resolvedReplyId === replyId) yield* clearResolvedReply(thread.id);
    }
    if (unhides) {
      yield* run(setReplyHidden, { replyId, hiddenAt: null, hiddenReason: null });
      if (reply.deletedAt === null) yield* countRepliesBy(reply.threadId, 1);
    }
    if (body.action === 'nudge') yield* run(markReplyNudged, { replyId, now });
    yield* logModeration(now, {
      networkId: network.id,
      actorId: actor.userId,
      action: body.action,
      threadId: thread.id,
      replyId,
      reason: body.action === 'hide' ? body.reason : body.action === 'nudge' ? (body.message ?? null) : null,
    });
    yield* storeNotifications(ctx, tx, planned);
    tx.afterCommit(() =>
      publish(ctx, threadChannel(thread.id), 'reply.updated', {
        threadId: thread.id,
        replyId,
        position: reply.position,
      }),
    );
  });
  // Presented from the rows as written: the thread loses its answer when that reply is hidden.
  const written: Reply = {
    ...reply,
    ...(hides ? { hiddenAt: now, hiddenReason: body.reason } : {}),
    ...(unhides ? { hiddenAt: null, hiddenReason: null } : {}),
    ...(body.action === 'nudge' ? { nudgedAt: now } : {}),
  };
  const writtenThread = hides && thread.resolvedReplyId === replyId ? { ...thread, resolvedReplyId: null } : thread;
  return presentWrittenReply(
    ctx,
    actor,
    { ...loaded, thread: writtenThread, threadAccess: { ...loaded.threadAccess, thread: writtenThread } },
    written,
  );
}

/** A member flags a post to the network's facilitators; the facilitators do not learn who flagged. */
async function flagPost(
  ctx: AppContext,
  actor: SignedInActor,
  loaded: LoadedThread,
  replyId: string | null,
  body: FlagBody,
) {
  const { thread, network } = loaded;
  if ((await listOpenFlagsBy(ctx.db, actor.userId, thread.id, replyId)).length > 0)
    throw new AppError('conflict', 'You already flagged this post; the facilitators will look at it.');
  const now = isoNow(ctx.clock);
  const facilitators = await listFacilitatorIdsOf(ctx.db, network.id);
  const planned = await planNotifications(
    ctx,
    ctx.db,
    facilitators.map((userId) => ({
      userId,
      kind: 'post_flagged' as const,
      title: `A post was flagged in ${network.name}`,
      body: `${thread.title} — ${body.reason}`,
      url: `/networks/${network.slug}/flags`,
      networkId: network.id,
    })),
  );
  await write(ctx.database, function* (tx) {
    yield* insertFlag({
      networkId: network.id,
      threadId: thread.id,
      replyId,
      flaggedBy: actor.userId,
      reason: body.reason,
      createdAt: now,
    });
    yield* storeNotifications(ctx, tx, planned);
  });
}

export async function flagThread(ctx: AppContext, actor: SignedInActor, threadId: string, body: FlagBody) {
  const loaded = await loadThread(ctx.db, actor, threadId);
  authorizeThread(actor, 'thread.flag', loaded);
  await flagPost(ctx, actor, loaded, null, body);
  return { ok: true as const };
}

export async function flagReply(ctx: AppContext, actor: SignedInActor, replyId: string, body: FlagBody) {
  const loaded = await loadReply(ctx.db, actor, replyId);
  authorizeReply(actor, 'reply.flag', loaded);
  await flagPost(ctx, actor, loaded, replyId, body);
  return { ok: true as const };
}

export async function listNetworkFlags(
  ctx: AppContext,
  actor: SignedInActor,
  networkRef: string,
  query: FlagListQuery,
): Promise<FlagPage> {
  const loaded = await loadDiscussion(ctx.db, actor, networkRef);
  authorizeDiscussion(actor, 'discussion.readFlags', loaded);
  const limit = query.limit ?? 25;
  const rows = await listFlags(ctx.db, loaded.network.id, query.status ?? 'open', decodeCursor(query.cursor), limit);
  return toPage(rows, limit, presentFlag);
}

export async function resolveFlag(ctx: AppContext, actor: SignedInActor, flagId: string): Promise<FlagView> {
  const flag = await findFlag(ctx.db, flagId);
  if (!flag) throw notFound('That flag');
  const loaded = await loadDiscussion(ctx.db, actor, flag.networkId).catch(() => {
    throw notFound('That flag');
  });
  if (!discussionPolicies['discussion.readFlags'](actor, loaded.access)) throw notFound('That flag');
  if (flag.status !== 'open') return presentFlag(flag);
  const now = isoNow(ctx.clock);
  await write(ctx.database, function* () {
    yield* run(markFlagResolved, { flagId, resolvedBy: actor.userId, now });
    yield* logModeration(now, {
      networkId: flag.networkId,
      actorId: actor.userId,
      action: 'resolve_flag',
      threadId: flag.threadId,
      replyId: flag.replyId,
    });
  });
  return presentFlag({ ...flag, status: 'resolved', resolvedAt: now });
}

/** A host admin learns who wrote an anonymous post; the reason goes to the audit log first. */
async function revealAuthor(
  ctx: AppContext,
  actor: SignedInActor,
  post: { networkId: string; threadId: string; replyId: string | null; authorId: string },
  reason: string,
): Promise<RevealedAuthorView> {
  const author = await findAuthorContact(ctx.db, post.authorId);
  if (!author) throw notFound('That author');
  await write(ctx.database, () =>
    logModeration(isoNow(ctx.clock), {
      networkId: post.networkId,
      actorId: actor.userId,
      action: 'reveal_author',
      threadId: post.threadId,
      replyId: post.replyId,
      reason,
    }),
  );
  return author;
}

export async function revealThreadAuthor(ctx: AppContext, actor: SignedInActor, threadId: string, body: RevealBody) {
  const loaded = await loadThread(ctx.db, actor, threadId);
  authorizeThread(actor, 'thread.revealAuthor', loaded);
  return revealAuthor(
    ctx,
    actor,
    { networkId: loaded.network.id, threadId, replyId: null, authorId: loaded.thread.authorId },
    body.reason,
  );
}

export async function revealReplyAuthor(ctx: AppContext, actor: SignedInActor, replyId: string, body: RevealBody) {
  const loaded = await loadReply(ctx.db, actor, replyId);
  authorizeReply(actor, 'reply.revealAuthor', loaded);
  return revealAuthor(
    ctx,
    actor,
    { networkId: loaded.network.id, threadId: loaded.thread.id, replyId, authorId: loaded.reply.authorId },
    body.reason,
  );
}

export async function listModerationEntries(
  ctx: AppContext,
  query: { cursor?: string; limit?: number },
): Promise<ModerationLogPage> {
  const limit = query.limit ?? 50;
  const rows = await listModerationLog(ctx.db, decodeCursor(query.cursor), limit);
  return toPage(rows, limit, presentModerationLogEntry);
}
