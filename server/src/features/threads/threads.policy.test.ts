import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/policy.js';
import { anonymous } from '../../platform/policy.js';
import {
  type DiscussionAccess,
  discussionPolicies,
  type ReplyAccess,
  replyPolicies,
  type ThreadAccess,
  threadPolicies,
  threadRoutePolicies,
} from './threads.policy.js';

const person = (role: 'member' | 'admin' = 'member', userId = 'viewer'): Actor => ({
  kind: 'user',
  userId,
  role,
  sessionId: 's',
});
const viewer = person();
const hostAdmin = person('admin', 'admin');

const member = { role: 'member', status: 'active' } as const;
const facilitator = { role: 'facilitator', status: 'active' } as const;
const left = { role: 'member', status: 'left' } as const;
const removed = { role: 'member', status: 'removed' } as const;
const formerFacilitator = { role: 'facilitator', status: 'removed' } as const;

type Standing = DiscussionAccess['membership'];

const discussion = (membership: Standing, network: Partial<DiscussionAccess['network']> = {}): DiscussionAccess => ({
  membership,
  network: { status: 'active', experienceProtocol: 0, ...network },
});

type ThreadOverrides = Partial<ThreadAccess['thread']>;
const thread = (membership: Standing, overrides: ThreadOverrides = {}, network = discussion(membership)) =>
  ({
    network,
    thread: {
      authorId: 'someone',
      anonymous: 0,
      kind: 'question',
      lockedAt: null,
      hiddenAt: null,
      deletedAt: null,
      ...overrides,
    },
  }) satisfies ThreadAccess;

const reply = (
  membership: Standing,
  overrides: Partial<ReplyAccess['reply']> = {},
  threadOverrides: ThreadOverrides = {},
  network = discussion(membership),
): ReplyAccess => ({
  ...thread(membership, threadOverrides, network),
  reply: { authorId: 'someone', anonymous: 0, hiddenAt: null, deletedAt: null, ...overrides },
});

const T = '2026-11-27T10:00:00.000Z';

describe('route policies', () => {
  it.each([
    ['threads.signedIn', anonymous, false],
    ['threads.signedIn', viewer, true],
  ] as const)('%s for %o → %s', (action, actor, expected) => {
    expect(threadRoutePolicies[action](actor)).toBe(expected);
  });
});

describe('discussion policies', () => {
  it.each([
    ['read', 'someone signed out, even a member', anonymous, discussion(member), false],
    ['read', 'an outsider', viewer, discussion(null), false],
    ['read', 'a member', viewer, discussion(member), true],
    ['read', 'a facilitator', viewer, discussion(facilitator), true],
    ['read', 'a member who left', viewer, discussion(left), false],
    ['read', 'a removed member', viewer, discussion(removed), false],
    ['read', 'a host admin outside the network', hostAdmin, discussion(null), true],
    ['post', 'a member', viewer, discussion(member), true],
    ['post', 'a member of a declined proposal', viewer, discussion(member, { status: 'declined' }), false],
    ['post', 'a member of a proposed network', viewer, discussion(member, { status: 'proposed' }), false],
    ['post', 'a removed member', viewer, discussion(removed), false],
    ['post', 'a host admin outside the network', hostAdmin, discussion(null), false],
    ['post', 'someone signed out', anonymous, discussion(member), false],
    ['readFlags', 'a member', viewer, discussion(member), false],
    ['readFlags', 'a facilitator', viewer, discussion(facilitator), true],
    ['readFlags', 'a removed facilitator', viewer, discussion(formerFacilitator), false],
    ['readFlags', 'a host admin', hostAdmin, discussion(null), true],
  ] as const)('discussion.%s: %s → %s', (action, _name, actor, subject, expected) => {
    expect(discussionPolicies[`discussion.${action}`](actor, subject)).toBe(expected);
  });
});

describe('thread policies', () => {
  const mine = { authorId: 'viewer' };
  it.each([
    ['read', 'a member, a visible thread', viewer, thread(member), true],
    ['read', 'a member, a hidden thread', viewer, thread(member, { hiddenAt: T }), false],
    ['read', 'its author, hidden', viewer, thread(member, { ...mine, hiddenAt: T }), true],
    ['read', 'its author, removed from the network', viewer, thread(removed, mine), false],
    ['read', 'a facilitator, hidden', viewer, thread(facilitator, { hiddenAt: T }), true],
    ['read', 'a host admin, hidden', hostAdmin, thread(null, { hiddenAt: T }), true],
    ['read', 'an outsider', viewer, thread(null), false],
    ['read', 'a member, a deleted thread (its replies stay readable)', viewer, thread(member, { deletedAt: T }), true],
    ['reply', 'a member', viewer, thread(member), true],
    ['reply', 'a member, locked', viewer, thread(member, { lockedAt: T }), false],
    ['reply', 'a facilitator, locked', viewer, thread(facilitator, { lockedAt: T }), true],
    ['reply', 'a member, hidden', viewer, thread(member, { hiddenAt: T }), false],
    ['reply', 'a member, deleted', viewer, thread(member, { deletedAt: T }), false],
    ['reply', 'a host admin outside the network', hostAdmin, thread(null), false],
    ['edit', 'its author', viewer, thread(member, mine), true],
    ['edit', 'its anonymous author', viewer, thread(member, { ...mine, anonymous: 1 }), true],
    ['edit', 'its author, deleted', viewer, thread(member, { ...mine, deletedAt: T }), false],
    ['edit', 'its author, who left', viewer, thread(left, mine), false],
    ['edit', 'another member', viewer, thread(member), false],
    ['edit', 'a facilitator', viewer, thread(facilitator), false],
    ['edit', 'a host admin', hostAdmin, thread(null), false],
    ['delete', 'its author', viewer, thread(member, mine), true],
    ['delete', 'another member', viewer, thread(member), false],
    ['delete', 'a facilitator', viewer, thread(facilitator), false],
    ['resolve', 'its author, a question', viewer, thread(member, mine), true],
    ['resolve', 'its author, a discussion', viewer, thread(member, { ...mine, kind: 'discussion' }), false],
    ['resolve', 'its author, hidden', viewer, thread(member, { ...mine, hiddenAt: T }), false],
    ['resolve', 'another member', viewer, thread(member), false],
    ['flag', 'a member', viewer, thread(member), true],
    ['flag', 'its author', viewer, thread(member, mine), false],
    ['flag', 'a member, hidden already', viewer, thread(member, { hiddenAt: T }), false],
    ['flag', 'a host admin outside the network', hostAdmin, thread(null), false],
    ['pin', 'a member', viewer, thread(member), false],
    ['pin', 'a facilitator', viewer, thread(facilitator), true],
    ['pin', 'a facilitator, deleted', viewer, thread(facilitator, { deletedAt: T }), false],
    ['pin', 'a host admin', hostAdmin, thread(null), true],
    ['lock', 'a member', viewer, thread(member), false],
    ['lock', 'a removed facilitator', viewer, thread(formerFacilitator), false],
    ['lock', 'a facilitator', viewer, thread(facilitator), true],
    ['hide', 'its author', viewer, thread(member, mine), false],
    ['hide', 'a facilitator', viewer, thread(facilitator), true],
    ['hide', 'a host admin', hostAdmin, thread(null), true],
    ['move', 'a member', viewer, thread(member), false],
    ['move', 'a facilitator', viewer, thread(facilitator), true],
    ['revealAuthor', 'a facilitator', viewer, thread(facilitator, { anonymous: 1 }), false],
    ['revealAuthor', 'a member', viewer, thread(member, { anonymous: 1 }), false],
    ['revealAuthor', 'a host admin', hostAdmin, thread(null, { anonymous: 1 }), true],
    ['markRead', 'a member', viewer, thread(member), true],
    ['markRead', 'a host admin outside the network', hostAdmin, thread(null), false],
    ['markRead', 'someone signed out', anonymous, thread(member), false],
  ] as const)('thread.%s: %s → %s', (action, _name, actor, subject, expected) => {
    expect(threadPolicies[`thread.${action}`](actor, subject)).toBe(expected);
  });

  // Someone signed out has no standing to load, so the subject carries no membership.
  it('refuses every action to someone signed out', () => {
    for (const [action, policy] of Object.entries(threadPolicies))
      expect(policy(anonymous, thread(null, { anonymous: 1 })), action).toBe(false);
  });
});

describe('reply policies', () => {
  const mine = { authorId: 'viewer' };
  const protocol = discussion(facilitator, { experienceProtocol: 1 });
  it.each([
    ['edit', 'its author', viewer, reply(member, mine), true],
    ['edit', 'its anonymous author', viewer, reply(member, { ...mine, anonymous: 1 }), true],
    ['edit', 'its author, hidden (to improve it)', viewer, reply(member, { ...mine, hiddenAt: T }), true],
    ['edit', 'its author, deleted', viewer, reply(member, { ...mine, deletedAt: T }), false],
    ['edit', 'its author, removed', viewer, reply(removed, mine), false],
    ['edit', 'another member', viewer, reply(member), false],
    ['edit', 'a facilitator', viewer, reply(facilitator), false],
    ['delete', 'its author', viewer, reply(member, mine), true],
    ['delete', 'a host admin', hostAdmin, reply(null), false],
    ['markHelpful', 'a member', viewer, reply(member), true],
    ['markHelpful', 'its author', viewer, reply(member, mine), false],
    ['markHelpful', 'a member, hidden', viewer, reply(member, { hiddenAt: T }), false],
    ['markHelpful', 'a host admin outside the network', hostAdmin, reply(null), false],
    ['flag', 'a member', viewer, reply(member), true],
    ['flag', 'its author', viewer, reply(member, mine), false],
    ['flag', 'a member, deleted', viewer, reply(member, { deletedAt: T }), false],
    ['hide', 'a member', viewer, reply(member), false],
    ['hide', 'a facilitator', viewer, reply(facilitator), true],
    ['hide', 'a host admin', hostAdmin, reply(null), true],
    ['hide', 'a facilitator, deleted', viewer, reply(facilitator, { deletedAt: T }), false],
    ['nudge', 'a facilitator, without the protocol', viewer, reply(facilitator), false],
    ['nudge', 'a facilitator, with the protocol', viewer, reply(facilitator, {}, {}, protocol), true],
    ['nudge', 'a facilitator, a hidden reply', viewer, reply(facilitator, { hiddenAt: T }, {}, protocol), false],
    [
      'nudge',
      'a member, with the protocol',
      viewer,
      reply(member, {}, {}, discussion(member, { experienceProtocol: 1 })),
      false,
    ],
    ['acceptAsAnswer', 'the asker', viewer, reply(member, {}, mine), true],
    ['acceptAsAnswer', 'the asker, a hidden reply', viewer, reply(member, { hiddenAt: T }, mine), false],
    ['acceptAsAnswer', 'the asker of a discussion', viewer, reply(member, {}, { ...mine, kind: 'discussion' }), false],
    ['acceptAsAnswer', 'another member', viewer, reply(member), false],
    ['acceptAsAnswer', 'a facilitator', viewer, reply(facilitator), false],
    ['revealAuthor', 'a facilitator', viewer, reply(facilitator, { anonymous: 1 }), false],
    ['revealAuthor', 'a host admin', hostAdmin, reply(null, { anonymous: 1 }), true],
  ] as const)('reply.%s: %s → %s', (action, _name, actor, subject, expected) => {
    expect(replyPolicies[`reply.${action}`](actor, subject)).toBe(expected);
  });

  it('refuses every action to someone signed out', () => {
    for (const [action, policy] of Object.entries(replyPolicies))
      expect(
        policy(anonymous, reply(null, { anonymous: 1 }, {}, discussion(null, { experienceProtocol: 1 }))),
        action,
      ).toBe(false);
  });
});
