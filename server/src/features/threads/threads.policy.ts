import type { Network, Reply, Thread } from '../../db/tables.js';
import { type Actor, isHostAdmin, isSignedIn, type Policy } from '../../platform/policy.js';

export const threadRoutePolicies = {
  /** Each discussion route loads the thread or network and the viewer's standing, then applies the policies below. */
  'threads.signedIn': isSignedIn,
} satisfies Record<string, Policy>;

/** A network's discussions as the viewer stands in them: all a decision needs, loaded once. */
export type DiscussionAccess = {
  network: Pick<Network, 'status' | 'experienceProtocol'>;
  membership: { role: 'member' | 'facilitator'; status: 'active' | 'left' | 'removed' } | null;
};

/** One thread and the viewer's standing in its network. */
export type ThreadAccess = {
  network: DiscussionAccess;
  thread: Pick<Thread, 'authorId' | 'anonymous' | 'kind' | 'lockedAt' | 'hiddenAt' | 'deletedAt'>;
};

/** One reply, its thread and the viewer's standing in the network. */
export type ReplyAccess = ThreadAccess & {
  reply: Pick<Reply, 'authorId' | 'anonymous' | 'hiddenAt' | 'deletedAt'>;
};

const isActiveMember = (access: DiscussionAccess) => access.membership?.status === 'active';
const isFacilitator = (access: DiscussionAccess) => isActiveMember(access) && access.membership?.role === 'facilitator';
const isActiveNetwork = (access: DiscussionAccess) => access.network.status === 'active';
/** Facilitators of the network and host admins keep the discussions in order. */
const isModerator = (actor: Actor, access: DiscussionAccess) =>
  isHostAdmin(actor) || (isSignedIn(actor) && isFacilitator(access));
/** A signed-in active member: the standing itself never stands in for signing in. */
const isMember = (actor: Actor, access: DiscussionAccess) => isSignedIn(actor) && isActiveMember(access);
const isAuthor = (actor: Actor, post: { authorId: string }) => isSignedIn(actor) && actor.userId === post.authorId;
const isLive = (post: { deletedAt: string | null }) => post.deletedAt === null;
const isVisible = (post: { deletedAt: string | null; hiddenAt: string | null }) =>
  post.deletedAt === null && post.hiddenAt === null;

export const discussionPolicies = {
  /** Members read their network's discussions; host admins may, to handle what is escalated to them. */
  'discussion.read': (actor, access) => isSignedIn(actor) && (isHostAdmin(actor) || isActiveMember(access)),
  'discussion.post': (actor, access) => isSignedIn(actor) && isActiveMember(access) && isActiveNetwork(access),
  'discussion.readFlags': (actor, access) => isModerator(actor, access),
} satisfies Record<string, Policy<DiscussionAccess>>;

export const threadPolicies = {
  /** A hidden thread stays readable to its author (who sees why) and to the moderators. */
  'thread.read': (actor, { network, thread }) =>
    discussionPolicies['discussion.read'](actor, network) &&
    (thread.hiddenAt === null || isAuthor(actor, thread) || isModerator(actor, network)),
  'thread.reply': (actor, { network, thread }) =>
    discussionPolicies['discussion.post'](actor, network) &&
    isVisible(thread) &&
    (thread.lockedAt === null || isModerator(actor, network)),
  'thread.edit': (actor, { network, thread }) => isMember(actor, network) && isAuthor(actor, thread) && isLive(thread),
  'thread.delete': (actor, { network, thread }) =>
    isMember(actor, network) && isAuthor(actor, thread) && isLive(thread),
  'thread.resolve': (actor, { network, thread }) =>
    isMember(actor, network) && isAuthor(actor, thread) && thread.kind === 'question' && isVisible(thread),
  'thread.flag': (actor, { network, thread }) =>
    isMember(actor, network) && !isAuthor(actor, thread) && isVisible(thread),
  'thread.pin': (actor, { network, thread }) => isModerator(actor, network) && isLive(thread),
  'thread.lock': (actor, { network, thread }) => isModerator(actor, network) && isLive(thread),
  'thread.hide': (actor, { network, thread }) => isModerator(actor, network) && isLive(thread),
  'thread.move': (actor, { network, thread }) => isModerator(actor, network) && isLive(thread),
  /** Only a host admin, with a reason that goes to the audit log. */
  'thread.revealAuthor': (actor) => isHostAdmin(actor),
  'thread.markRead': (actor, { network }) => isSignedIn(actor) && isMember(actor, network),
} satisfies Record<string, Policy<ThreadAccess>>;

export const replyPolicies = {
  'reply.edit': (actor, { network, reply }) => isMember(actor, network) && isAuthor(actor, reply) && isLive(reply),
  'reply.delete': (actor, { network, reply }) => isMember(actor, network) && isAuthor(actor, reply) && isLive(reply),
  'reply.markHelpful': (actor, { network, reply }) =>
    isMember(actor, network) && !isAuthor(actor, reply) && isVisible(reply),
  'reply.flag': (actor, { network, reply }) => isMember(actor, network) && !isAuthor(actor, reply) && isVisible(reply),
  'reply.hide': (actor, { network, reply }) => isModerator(actor, network) && isLive(reply),
  /** The Gestalt protocol's gentle reminder, where the network follows it. */
  'reply.nudge': (actor, { network, reply }) =>
    isModerator(actor, network) && network.network.experienceProtocol === 1 && isVisible(reply),
  'reply.acceptAsAnswer': (actor, access) => threadPolicies['thread.resolve'](actor, access) && isVisible(access.reply),
  'reply.revealAuthor': (actor) => isHostAdmin(actor),
} satisfies Record<string, Policy<ReplyAccess>>;

export type DiscussionAction = keyof typeof discussionPolicies;
export type ThreadAction = keyof typeof threadPolicies;
export type ReplyAction = keyof typeof replyPolicies;
