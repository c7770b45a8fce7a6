import { describe, expect, it } from 'vitest';
import { type Actor, anonymous } from '../../platform/policy.js';
import { profilePolicies } from './profiles.policy.js';

const member = (userId: string, role: 'member' | 'admin' = 'member'): Actor => ({
  kind: 'user',
  userId,
  role,
  sessionId: 's',
});

describe('profile.read.network', () => {
  const policy = profilePolicies['profile.read.network'];
  it.each([
    ['the member themself', member('m'), [], [], true],
    ['a host admin', member('a', 'admin'), [], [], true],
    ['a peer sharing a network', member('p'), ['n1', 'n2'], ['n2'], true],
    ['a member of other networks only', member('p'), ['n1'], ['n2'], false],
    ['a member of no network', member('p'), [], ['n1'], false],
    ['someone signed out', anonymous, ['n1'], ['n1'], false],
  ] as const)('answers for %s', (_label, actor, viewerNetworkIds, memberNetworkIds, expected) => {
    expect(policy(actor, { memberId: 'm', viewerNetworkIds, memberNetworkIds })).toBe(expected);
  });
});

describe('profile.read.signedIn', () => {
  it('admits everyone signed in and nobody else', () => {
    const subject = { memberId: 'm', viewerNetworkIds: [], memberNetworkIds: [] };
    expect(profilePolicies['profile.read.signedIn'](member('x'), subject)).toBe(true);
    expect(profilePolicies['profile.read.signedIn'](anonymous, subject)).toBe(false);
  });
});
