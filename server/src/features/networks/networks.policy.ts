import type { Network } from '../../db/tables.js';
import { type Actor, isHostAdmin, isSignedIn, type Policy } from '../../platform/policy.js';

export const networkRoutePolicies = {
  /** Each network route loads the network and the viewer's standing, then applies the policies below. */
  'networks.signedIn': isSignedIn,
  /** An invitation link's preview: the token itself is the secret. */
  'invitations.preview': () => true,
  'networkProposals.list': isHostAdmin,
} satisfies Record<string, Policy>;

/**
 * Everything a decision about one network needs, loaded once by the service: the network and the
 * viewer's standing in it. Policies never touch the database.
 */
export type NetworkAccess = {
  network: Pick<Network, 'id' | 'status' | 'listed' | 'joinPolicy' | 'allowMemberInvites' | 'proposedBy'>;
  membership: { role: 'member' | 'facilitator'; status: 'active' | 'left' | 'removed' } | null;
  /** The viewer's latest application, if any. */
  application: { status: 'pending' | 'approved' | 'declined' | 'joined' } | null;
  /** An approved application or accepted invitation not yet used to join. */
  admitted: boolean;
};

const isActiveMember = (access: NetworkAccess) => access.membership?.status === 'active';
const isFacilitator = (access: NetworkAccess) =>
  access.membership?.status === 'active' && access.membership.role === 'facilitator';
const isActive = (access: NetworkAccess) => access.network.status === 'active';
const isProposer = (actor: Actor, access: NetworkAccess) =>
  isSignedIn(actor) && access.network.proposedBy === actor.userId;
const isRunBy = (actor: Actor, access: NetworkAccess) => isHostAdmin(actor) || isFacilitator(access);

export const networkPolicies = {
  /**
   * Listed active networks are open to everyone signed in; an unlisted one only to its members,
   * to people it let in or who applied, and to host admins. A proposal to its proposer.
   */
  'network.read': (actor, access) =>
    isSignedIn(actor) &&
    (isHostAdmin(actor) ||
      isActiveMember(access) ||
      (isActive(access) && access.network.listed === 1) ||
      (isActive(access) && (access.admitted || access.application !== null)) ||
      isProposer(actor, access)),
  'network.readMembers': (actor, access) => isSignedIn(actor) && (isHostAdmin(actor) || isActiveMember(access)),
  'network.manage': (actor, access) => isRunBy(actor, access) && access.network.status !== 'declined',
  'network.review': (actor, access) => isRunBy(actor, access) && isActive(access),
  'network.removeMember': (actor, access) => isRunBy(actor, access) && isActive(access),
  'network.appointFacilitators': (actor, access) => isRunBy(actor, access) && isActive(access),
  'network.decideProposal': (actor, access) => isHostAdmin(actor) && access.network.status === 'proposed',
  'network.invite': (actor, access) =>
    isActive(access) && (isRunBy(actor, access) || (isActiveMember(access) && access.network.allowMemberInvites === 1)),
  /**
   * Open networks take anyone not removed from them; every network takes someone admitted by an
   * approved application or an accepted invitation.
   */
  'network.join': (actor, access) =>
    isSignedIn(actor) &&
    isActive(access) &&
    !isActiveMember(access) &&
    (access.admitted || (access.network.joinPolicy === 'open' && access.membership?.status !== 'removed')),
  'network.apply': (actor, access) =>
    isSignedIn(actor) &&
    isActive(access) &&
    access.network.joinPolicy === 'application' &&
    !isActiveMember(access) &&
    !access.admitted &&
    access.membership?.status !== 'removed' &&
    access.application?.status !== 'pending',
  'network.acceptCharter': (actor, access) => isSignedIn(actor) && isActiveMember(access),
  'network.leave': (actor, access) => isSignedIn(actor) && isActiveMember(access),
} satisfies Record<string, Policy<NetworkAccess>>;

export type NetworkAction = keyof typeof networkPolicies;
