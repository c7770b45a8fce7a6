import { isHostAdmin, isSignedIn, type Policy } from '../../platform/policy.js';

export const profileRoutePolicies = {
  'profileOptions.read': () => true,
  'members.read': isSignedIn,
  'me.avatar.update': isSignedIn,
} satisfies Record<string, Policy>;

/**
 * The member whose profile is looked at, and the networks that the viewer and the member belong
 * to. Network ids are loaded once by the service, so the decision stays pure.
 */
export type ProfileSubject = {
  memberId: string;
  memberNetworkIds: readonly string[];
  viewerNetworkIds: readonly string[];
};

export const sharesNetwork = (a: readonly string[], b: readonly string[]): boolean => {
  if (a.length === 0 || b.length === 0) return false;
  const set = new Set(a);
  return b.some((id) => set.has(id));
};

export const profilePolicies = {
  /** Fields marked `signed_in`, plus name and avatar: anyone signed in. */
  'profile.read.signedIn': ((actor, _subject) => isSignedIn(actor)) satisfies Policy<ProfileSubject>,
  /** Fields marked `network`: the member, host admins, and people who share a network with the member. */
  'profile.read.network': ((actor, subject) =>
    isSignedIn(actor) &&
    (actor.userId === subject.memberId ||
      isHostAdmin(actor) ||
      sharesNetwork(subject.viewerNetworkIds, subject.memberNetworkIds))) satisfies Policy<ProfileSubject>,
};
