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
import { withTransaction } from '../../db/database.js';
import type { Network, Reply, Thread } from '../../db/tables.js';
import { isoNow } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { decodeCursor, toPage } from '../../platform/pagination.js';
import type { SignedInActor } from '../../platform/policy.js';
import { listFacilitatorIdsOf } from '../memberships/memberships.service.js';
import { type NewNotification, notifyOnCommit } from '../notifications/notifications.service.js';
import { discussionPolicies, type ThreadAction } from '../threads/threads.policy.js';
import {
  adjustReplyCount,
  authorizeDiscussion,
  authorizeReply,
  authorizeThread,
  type Discussion,
  type LoadedThread,
  loadDiscussion,
  loadReply,
  loadThread,
  networkChannel,
  presentOneReply,
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
  insertModerationLogEntry,
  listFlags,
  listModerationLog,
  listOpenFlagsBy,
  markFlagResolved,
  moveFlagsOfThread,
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
  await withTransaction(ctx.db, async (trx, afterCommit) => {
    const set = (changes: Partial<Pick<Thread, 'pinned' | 'lockedAt' | 'hiddenAt' | 'hiddenReason' | 'networkId'>>) =>
      trx.updateTable('threads').set(changes).where('id', '=', threadId).execute();
    if (action === 'pin' || action === 'unpin') await set({ pinned: action === 'pin' ? 1 : 0 });
    if (action === 'lock' || action === 'unlock') await set({ lockedAt: action === 'lock' ? now : null });
    if (action === 'hide' && thread.hiddenAt === null) await set({ hiddenAt: now, hiddenReason: reason });
    if (action === 'unhide') await set({ hiddenAt: null, hiddenReason: null });
    if (target) {
      await set({ networkId: target.network.id });
      await trx.updateTable('replies').set({ networkId: target.network.id }).where('threadId', '=', threadId).execute();
      await moveFlagsOfThread(trx, threadId, target.network.id);
    }
    await insertModerationLogEntry(trx, now, {
      networkId: network.id,
      actorId: actor.userId,
      action,
      threadId,
      reason,
    });
    if (action === 'hide' && thread.authorId !== actor.userId)
      return notifyOnCommit(ctx, trx, afterCommit, [
        moderatedNotice(
          thread,
          network,
          threadId,
          `A facilitator hid your thread in ${network.name}`,
          `${thread.title} — reason: ${reason ?? ''}`,
        ),
      ]);
    return [];
  });
  await publish(ctx, threadChannel(threadId), 'thread.updated', { networkId: network.id, threadId });
  await publish(ctx, networkChannel(network.id), 'thread.updated', { networkId: network.id, threadId });
  if (target)
    await publish(ctx, networkChannel(target.network.id), 'thread.created', { networkId: target.network.id, threadId });
  return reload(ctx, actor, threadId);
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
  await withTransaction(ctx.db, async (trx, afterCommit) => {
    const items: NewNotification[] = [];
    if (body.action === 'hide' && reply.hiddenAt === null) {
      await trx
        .updateTable('replies')
        .set({ hiddenAt: now, hiddenReason: body.reason })
        .where('id', '=', replyId)
        .execute();
      if (reply.deletedAt === null) await adjustReplyCount(trx, reply.threadId, -1);
      if (thread.resolvedReplyId === replyId)
        await trx.updateTable('threads').set({ resolvedReplyId: null }).where('id', '=', thread.id).execute();
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
    }
    if (body.action === 'unhide' && reply.hiddenAt !== null) {
      await trx.updateTable('replies').set({ hiddenAt: null, hiddenReason: null }).where('id', '=', replyId).execute();
      if (reply.deletedAt === null) await adjustReplyCount(trx, reply.threadId, 1);
    }
    if (body.action === 'nudge') {
      await trx.updateTable('replies').set({ nudgedAt: now }).where('id', '=', replyId).execute();
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
    }
    await insertModerationLogEntry(trx, now, {
      networkId: network.id,
      actorId: actor.userId,
      action: body.action,
      threadId: thread.id,
      replyId,
      reason: body.action === 'hide' ? body.reason : body.action === 'nudge' ? (body.message ?? null) : null,
    });
    return notifyOnCommit(
      ctx,
      trx,
      afterCommit,
      items.filter((item) => item.userId !== actor.userId),
    );
  });
  await publish(ctx, threadChannel(thread.id), 'reply.updated', {
    threadId: thread.id,
    replyId,
    position: reply.position,
  });
  return presentOneReply(ctx, actor, replyId);
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
  await withTransaction(ctx.db, async (trx, afterCommit) => {
    await insertFlag(trx, {
      networkId: network.id,
      threadId: thread.id,
      replyId,
      flaggedBy: actor.userId,
      reason: body.reason,
      createdAt: now,
    });
    const facilitators = await listFacilitatorIdsOf(trx, network.id);
    return notifyOnCommit(
      ctx,
      trx,
      afterCommit,
      facilitators.map((userId) => ({
        userId,
        kind: 'post_flagged' as const,
        title: `A post was flagged in ${network.name}`,
        body: `${thread.title} — ${body.reason}`,
        url: `/networks/${network.slug}/flags`,
        networkId: network.id,
      })),
    );
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
  if (flag.status === 'open') {
    const now = isoNow(ctx.clock);
    await withTransaction(ctx.db, async (trx) => {
      await markFlagResolved(trx, flagId, actor.userId, now);
      await insertModerationLogEntry(trx, now, {
        networkId: flag.networkId,
        actorId: actor.userId,
        action: 'resolve_flag',
        threadId: flag.threadId,
        replyId: flag.replyId,
      });
    });
  }
  const updated = await findFlag(ctx.db, flagId);
  if (!updated) throw notFound('That flag');
  return presentFlag(updated);
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
  await insertModerationLogEntry(ctx.db, isoNow(ctx.clock), {
    networkId: post.networkId,
    actorId: actor.userId,
    action: 'reveal_author',
    threadId: post.threadId,
    replyId: post.replyId,
    reason,
  });
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
