import {
  ANONYMOUS_SELF_NAME,
  type AuthorView,
  anonymousAuthorName,
  type ReplyAbilities,
  type ReplyView,
  type ThreadAbilities,
  type ThreadSummaryView,
  type ThreadView,
} from '@roundtable/contract/threads';
import type { Network, Reply, Thread } from '../../db/tables.js';
import { excerptOf, renderPost } from '../../platform/markdown.js';
import type { SignedInActor } from '../../platform/policy.js';
import { presentPersonSummary } from '../networks/networks.presenter.js';
import type { findPeople } from '../networks/networks.service.js';
import { type ReplyAccess, replyPolicies, type ThreadAccess, threadPolicies } from './threads.policy.js';

/*
 * Anonymity lives here and nowhere else. An anonymous post names no one: no id, picture or
 * headline, and its times are cut to the minute so that they cannot be matched against the same
 * person's signed activity. Its author alone sees "you (posted anonymously)".
 */

type Post = { authorId: string; anonymous: number; deletedAt: string | null };

export type Viewing = {
  actor: SignedInActor;
  network: Pick<Network, 'id' | 'slug' | 'name' | 'experienceProtocol'>;
  people: Awaited<ReturnType<typeof findPeople>>;
};

const toMinute = (iso: string): string => `${iso.slice(0, 16)}:00.000Z`;

/** A post's time as the viewer may see it. */
export const timeOf = (post: { anonymous: number }, iso: string): string =>
  post.anonymous === 1 ? toMinute(iso) : iso;
const maybeTimeOf = (post: { anonymous: number }, iso: string | null): string | null =>
  iso === null ? null : timeOf(post, iso);

export function presentAuthor(post: Post, viewing: Viewing): AuthorView | null {
  if (post.deletedAt !== null) return null;
  const isYou = post.authorId === viewing.actor.userId;
  if (post.anonymous === 1)
    return {
      name: isYou ? ANONYMOUS_SELF_NAME : anonymousAuthorName(viewing.network.name),
      avatarUrl: null,
      anonymous: true,
      isYou,
    };
  const person = viewing.people.get(post.authorId);
  if (!person) return { name: 'A former member', avatarUrl: null, anonymous: false, isYou };
  return { ...presentPersonSummary(person), anonymous: false, isYou };
}

/** The author's name as a line of text, e.g. in a quote or a notification. */
export const authorNameOf = (post: Post, viewing: Viewing): string =>
  presentAuthor(post, viewing)?.name ?? 'A deleted post';

const tagsOf = (thread: Thread): string[] => {
  try {
    const tags: unknown = JSON.parse(thread.tags);
    return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
  } catch {
    return [];
  }
};

/** What of a post's text the viewer may read: nothing once deleted, nor when hidden from them. */
const isBodyShown = (
  post: { deletedAt: string | null; hiddenAt: string | null; authorId: string },
  canModerate: boolean,
  viewerId: string,
) => post.deletedAt === null && (post.hiddenAt === null || canModerate || post.authorId === viewerId);

const hiddenOf = (post: { hiddenAt: string | null; hiddenReason: string | null; authorId: string }, canSee: boolean) =>
  post.hiddenAt !== null && canSee ? { reason: post.hiddenReason ?? '', hiddenAt: post.hiddenAt } : null;

/**
 * A hidden post as the viewer may know it: its author and the facilitators see it, its reason and
 * who wrote it; everyone else sees that something was hidden there, by no one they can name.
 */
const isHiddenFrom = (post: { hiddenAt: string | null; authorId: string }, canModerate: boolean, viewerId: string) =>
  post.hiddenAt !== null && !canModerate && post.authorId !== viewerId;

const HIDDEN_AUTHOR_NAME = 'A hidden reply';

export function presentThreadSummary(
  thread: Thread,
  viewing: Viewing,
  access: ThreadAccess,
  readPosition: number | undefined,
): ThreadSummaryView {
  const canModerate =
    threadPolicies['thread.hide'](viewing.actor, access) || threadPolicies['thread.pin'](viewing.actor, access);
  const isShown = isBodyShown(thread, canModerate, viewing.actor.userId);
  return {
    id: thread.id,
    networkId: thread.networkId,
    title: thread.title,
    excerpt: isShown ? excerptOf(renderPost(thread.body).text, 200) : '',
    kind: thread.kind,
    tags: tagsOf(thread),
    anonymous: thread.anonymous === 1,
    author: presentAuthor(thread, viewing),
    createdAt: timeOf(thread, thread.createdAt),
    editedAt: maybeTimeOf(thread, thread.editedAt),
    lastActivityAt: thread.lastActivityAt,
    replyCount: thread.replyCount,
    pinned: thread.pinned === 1,
    locked: thread.lockedAt !== null,
    deleted: thread.deletedAt !== null,
    hidden: hiddenOf(thread, canModerate || thread.authorId === viewing.actor.userId),
    resolved: thread.resolvedReplyId !== null,
    isNew: readPosition === undefined,
    heldUntil: thread.heldUntil,
    unreadCount: readPosition === undefined ? thread.replyCount : Math.max(0, thread.lastPosition - readPosition),
  };
}

/** Until a held thread appears, there is nothing to moderate, flag or reveal. */
const HELD_THREAD_ACTIONS = new Set<keyof typeof threadPolicies>([
  'thread.reply',
  'thread.edit',
  'thread.delete',
  'thread.resolve',
]);

/** Only its author sees a post still held until the next whole minute. */
export const isHeldFrom = (post: { heldUntil: string | null; authorId: string }, viewerId: string) =>
  post.heldUntil !== null && post.authorId !== viewerId;

function threadAbilities(actor: SignedInActor, access: ThreadAccess, isHeld: boolean): ThreadAbilities {
  const can = (action: keyof typeof threadPolicies) =>
    (!isHeld || HELD_THREAD_ACTIONS.has(action)) && threadPolicies[action](actor, access);
  return {
    reply: can('thread.reply'),
    edit: can('thread.edit'),
    delete: can('thread.delete'),
    resolve: can('thread.resolve'),
    flag: can('thread.flag'),
    pin: can('thread.pin'),
    lock: can('thread.lock'),
    hide: can('thread.hide'),
    move: can('thread.move'),
    revealAuthor: can('thread.revealAuthor') && access.thread.anonymous === 1,
  };
}

export function presentThread(
  thread: Thread,
  viewing: Viewing,
  access: ThreadAccess,
  details: { confidentiality: string; readPosition: number | undefined; firstUnreadReplyId: string | null },
): ThreadView {
  const summary = presentThreadSummary(thread, viewing, access, details.readPosition);
  const abilities = threadAbilities(viewing.actor, access, thread.heldUntil !== null);
  const isShown = isBodyShown(thread, abilities.hide, viewing.actor.userId);
  return {
    ...summary,
    body: isShown ? thread.body : '',
    bodyHtml: isShown ? renderPost(thread.body).html : '',
    network: {
      id: viewing.network.id,
      slug: viewing.network.slug,
      name: viewing.network.name,
      confidentiality: details.confidentiality,
      experienceProtocol: viewing.network.experienceProtocol === 1,
    },
    resolvedReplyId: thread.resolvedReplyId,
    firstUnreadReplyId: details.firstUnreadReplyId,
    abilities,
  };
}

function replyAbilities(actor: SignedInActor, access: ReplyAccess, thread: Thread, isHeld: boolean): ReplyAbilities {
  // Until a held reply appears, its author may only edit or delete it.
  const can = (action: keyof typeof replyPolicies) =>
    (!isHeld || action === 'reply.edit' || action === 'reply.delete') && replyPolicies[action](actor, access);
  return {
    edit: can('reply.edit'),
    delete: can('reply.delete'),
    markHelpful: can('reply.markHelpful'),
    flag: can('reply.flag'),
    hide: can('reply.hide'),
    nudge: can('reply.nudge'),
    acceptAsAnswer: can('reply.acceptAsAnswer') && thread.resolvedReplyId === null,
    revealAuthor: can('reply.revealAuthor') && access.reply.anonymous === 1,
  };
}

export type ReplyContext = {
  thread: Thread;
  threadAccess: ThreadAccess;
  readPosition: number | undefined;
  markedHelpful: ReadonlySet<string>;
  quotes: ReadonlyMap<string, Reply>;
};

export function presentReply(reply: Reply, viewing: Viewing, context: ReplyContext): ReplyView {
  const access: ReplyAccess = { ...context.threadAccess, reply };
  const abilities = replyAbilities(viewing.actor, access, context.thread, reply.heldUntil !== null);
  const isYours = reply.authorId === viewing.actor.userId;
  const isShown = isBodyShown(reply, abilities.hide, viewing.actor.userId);
  const quoted = reply.quoteReplyId ? context.quotes.get(reply.quoteReplyId) : undefined;
  const isHiddenFromViewer = isHiddenFrom(reply, abilities.hide, viewing.actor.userId);
  return {
    id: reply.id,
    threadId: reply.threadId,
    // Numbered when published; only its author sees a held reply.
    position: Math.max(0, reply.position),
    heldUntil: reply.heldUntil,
    // The Markdown source goes only to those who may edit it; readers get the rendered HTML.
    body: isShown && abilities.edit ? reply.body : '',
    bodyHtml: isShown ? renderPost(reply.body).html : '',
    anonymous: reply.anonymous === 1,
    author: isHiddenFromViewer ? null : presentAuthor(reply, viewing),
    createdAt: timeOf(reply, reply.createdAt),
    editedAt: maybeTimeOf(reply, reply.editedAt),
    deleted: reply.deletedAt !== null,
    hidden:
      isHiddenFromViewer && reply.hiddenAt !== null
        ? { reason: '', hiddenAt: reply.hiddenAt }
        : hiddenOf(reply, abilities.hide || isYours),
    quote:
      quoted && quoted.threadId === reply.threadId && !isHeldFrom(quoted, viewing.actor.userId)
        ? {
            replyId: quoted.id,
            authorName: isHiddenFrom(quoted, abilities.hide, viewing.actor.userId)
              ? HIDDEN_AUTHOR_NAME
              : authorNameOf(quoted, viewing),
            excerpt: isBodyShown(quoted, abilities.hide, viewing.actor.userId)
              ? excerptOf(renderPost(quoted.body).text, 280)
              : '',
          }
        : null,
    helpfulCount: reply.helpfulCount,
    markedHelpfulByYou: context.markedHelpful.has(reply.id),
    isAnswer: context.thread.resolvedReplyId === reply.id,
    nudged: isYours && reply.nudgedAt !== null,
    unread: reply.heldUntil === null && (context.readPosition === undefined || reply.position > context.readPosition),
    abilities,
  };
}
