import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/policy.js';
import { anonymous } from '../../platform/policy.js';
import { findConflicts } from '../memberships/memberships.service.js';
import { type NetworkAccess, networkPolicies } from './networks.policy.js';
import { audienceOf, audienceRowsOf, fitOf } from './networks.presenter.js';

const person = (role: 'member' | 'admin' = 'member'): Actor => ({
  kind: 'user',
  userId: 'viewer',
  role,
  sessionId: 's',
});

type AccessOverrides = Partial<Omit<NetworkAccess, 'network'>> & { network?: Partial<NetworkAccess['network']> };

const access = (overrides: AccessOverrides = {}): NetworkAccess => ({
  membership: null,
  application: null,
  admitted: false,
  ...overrides,
  network: {
    id: 'n',
    status: 'active',
    listed: 1,
    joinPolicy: 'open',
    allowMemberInvites: 0,
    proposedBy: null,
    ...overrides.network,
  },
});

const member = { role: 'member', status: 'active' } as const;
const facilitator = { role: 'facilitator', status: 'active' } as const;

describe('network policies', () => {
  it.each([
    ['a listed network, to anyone signed in', person(), access(), true],
    ['anything, to someone signed out', anonymous, access(), false],
    ['an unlisted network, to an outsider', person(), access({ network: { listed: 0 } }), false],
    ['an unlisted network, to its member', person(), access({ network: { listed: 0 }, membership: member }), true],
    ['an unlisted network, to someone admitted', person(), access({ network: { listed: 0 }, admitted: true }), true],
    [
      'an unlisted network, to a former member',
      person(),
      access({ network: { listed: 0 }, membership: { role: 'member', status: 'left' } }),
      false,
    ],
    ['an unlisted network, to a host admin', person('admin'), access({ network: { listed: 0 } }), true],
    ['a proposal, to an outsider', person(), access({ network: { status: 'proposed' } }), false],
    ['a proposal, to its proposer', person(), access({ network: { status: 'proposed', proposedBy: 'viewer' } }), true],
  ])('network.read: %s → %s', (_name, actor, subject, expected) => {
    expect(networkPolicies['network.read'](actor, subject)).toBe(expected);
  });

  it.each([
    ['an open network, for an outsider', access(), true],
    ['an open network, for a removed member', access({ membership: { role: 'member', status: 'removed' } }), false],
    [
      'an open network, for a removed member invited back',
      access({ membership: { role: 'member', status: 'removed' }, admitted: true }),
      true,
    ],
    ['an application network, unadmitted', access({ network: { joinPolicy: 'application' } }), false],
    ['an application network, approved', access({ network: { joinPolicy: 'application' }, admitted: true }), true],
    ['an invitation network, unadmitted', access({ network: { joinPolicy: 'invitation' } }), false],
    ['any network, for a member', access({ membership: member }), false],
    ['a proposal', access({ network: { status: 'proposed' } }), false],
  ])('network.join: %s → %s', (_name, subject, expected) => {
    expect(networkPolicies['network.join'](person(), subject)).toBe(expected);
  });

  it.each([
    ['a member where members may not invite', person(), access({ membership: member }), false],
    [
      'a member where members may invite',
      person(),
      access({ membership: member, network: { allowMemberInvites: 1 } }),
      true,
    ],
    ['a facilitator', person(), access({ membership: facilitator }), true],
    ['a host admin', person('admin'), access(), true],
    ['an outsider where members may invite', person(), access({ network: { allowMemberInvites: 1 } }), false],
  ])('network.invite: %s → %s', (_name, actor, subject, expected) => {
    expect(networkPolicies['network.invite'](actor, subject)).toBe(expected);
  });

  it('lets only facilitators and host admins manage and review, and only members read the member list', () => {
    for (const action of ['network.manage', 'network.review', 'network.removeMember'] as const) {
      expect(networkPolicies[action](person(), access({ membership: member })), action).toBe(false);
      expect(networkPolicies[action](person(), access({ membership: facilitator })), action).toBe(true);
      expect(networkPolicies[action](person('admin'), access()), action).toBe(true);
    }
    expect(networkPolicies['network.readMembers'](person(), access())).toBe(false);
    expect(networkPolicies['network.readMembers'](person(), access({ membership: member }))).toBe(true);
    expect(
      networkPolicies['network.apply'](
        person(),
        access({ network: { joinPolicy: 'application' }, application: { status: 'pending' } }),
      ),
    ).toBe(false);
    expect(
      networkPolicies['network.apply'](
        person(),
        access({ network: { joinPolicy: 'application' }, application: { status: 'declined' } }),
      ),
    ).toBe(true);
  });
});

describe('fit', () => {
  const audience = (partial: Partial<Record<string, string[]>>) =>
    audienceOf(
      audienceRowsOf('n', { levels: [], functions: [], industries: [], companySizes: [], regions: [], ...partial }),
    );

  it('is 100 for a network aimed exactly at the viewer, half for one open to anyone, null without a profile', () => {
    const traits = { levels: 'c_level', industries: 'software' };
    expect(fitOf(audience({ levels: ['c_level'], industries: ['software'] }), traits)).toBe(100);
    expect(fitOf(audience({}), traits)).toBe(50);
    expect(fitOf(audience({ levels: ['manager'], industries: ['retail'] }), traits)).toBe(0);
    expect(fitOf(audience({}), {})).toBeNull();
  });

  it('round-trips an audience through its rows, with `*` standing for anyone', () => {
    const rows = audienceRowsOf('n', {
      levels: ['director'],
      functions: [],
      industries: ['energy', 'retail'],
      companySizes: [],
      regions: [],
    });
    expect(rows.filter((row) => row.value === '*').map((row) => row.dimension)).toEqual([
      'functions',
      'companySizes',
      'regions',
    ]);
    expect(audienceOf(rows)).toEqual({
      levels: ['director'],
      functions: [],
      industries: ['energy', 'retail'],
      companySizes: [],
      regions: [],
    });
  });
});

describe('conflicts of interest', () => {
  const facts = (userId: string, company: string | null, competitors: string[] = [], customers: string[] = []) => ({
    userId,
    name: userId,
    company,
    competitors: JSON.stringify(competitors),
    customers: JSON.stringify(customers),
  });
  const rules = { refuseSameCompany: true, refuseCompetitors: false };

  it('finds the same company despite case, punctuation and legal suffixes', () => {
    expect(findConflicts(facts('a', 'Acme, Inc.'), [facts('m', 'ACME GmbH')], rules)).toEqual([
      { memberId: 'm', company: 'ACME GmbH', kind: 'same_company', refused: true },
    ]);
  });

  it('finds competitors declared on either side and customers, refusing only what the rules say', () => {
    const members = [facts('m1', 'Initech'), facts('m2', 'Globex', ['Hooli']), facts('m3', 'Umbrella')];
    const conflicts = findConflicts(facts('a', 'Hooli', ['initech'], ['Umbrella Corp']), members, rules);
    expect(conflicts).toEqual([
      { memberId: 'm1', company: 'Initech', kind: 'declared_competitor', refused: false },
      { memberId: 'm2', company: 'Hooli', kind: 'declared_by_member', refused: false },
      { memberId: 'm3', company: 'Umbrella', kind: 'customer', refused: false },
    ]);
  });

  it('finds nothing without a company or against oneself', () => {
    expect(findConflicts(facts('a', null), [facts('m', 'Acme')], rules)).toEqual([]);
    expect(findConflicts(facts('a', 'Acme'), [facts('a', 'Acme')], rules)).toEqual([]);
  });
});
