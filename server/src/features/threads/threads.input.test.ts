import type { NetworkView } from '@roundtable/contract/networks';
import type { ReplyView, ThreadView } from '@roundtable/contract/threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { createNetwork, joinNetwork } from '../../test/networks.js';

/**
 * Bad input that the generated cases in routes.test.ts cannot know about: references to posts and
 * networks elsewhere, patterns and limits of the contract, cursors this API never handed out. Each
 * answers a 4xx in the error shape and writes nothing.
 */
let t: TestApp;
let admin: Person;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.admin();
});
afterAll(() => t.close());

type World = {
  network: NetworkView;
  unrun: NetworkView;
  unlisted: NetworkView;
  facilitator: Person;
  asker: Person;
  peer: Person;
  thread: ThreadView;
  otherThread: ThreadView;
  answer: ReplyView;
  foreignReply: ReplyView;
};

async function created<T>(response: Promise<{ statusCode: number; body: string; json(): unknown }>) {
  const answered = await response;
  expect(answered.statusCode, answered.body).toBeLessThan(300);
  return answered.json() as T;
}

/** A network the facilitator runs with a question and a reply, and two networks the facilitator does not run. */
async function world(name: string): Promise<World> {
  const facilitator = await t.member('Fay Facilitator');
  const asker = await t.member('Asha Asker');
  const peer = await t.member('Pat Peer');
  const network = await createNetwork(t, admin, { name });
  const unrun = await createNetwork(t, admin, { name: `${name} Annex` });
  const unlisted = await createNetwork(t, admin, {
    name: `${name} Back Room`,
    listed: false,
    joinPolicy: 'invitation',
  });
  await created(
    t.request({
      method: 'POST',
      url: `/api/v1/networks/${network.id}/facilitators`,
      as: admin,
      payload: { memberId: facilitator.me.id },
    }),
  );
  await created(
    t.request({
      method: 'POST',
      url: `/api/v1/networks/${network.id}/charter/accept`,
      as: facilitator,
      payload: { charterVersion: network.charterVersion },
    }),
  );
  // A member, but not a facilitator, of the annex.
  await joinNetwork(t, facilitator, unrun);
  for (const person of [asker, peer]) await joinNetwork(t, person, network);
  const post = (as: Person, url: string, payload: Record<string, unknown>) =>
    created<never>(t.request({ method: 'POST', url, as, payload }));
  const thread: ThreadView = await post(asker, `/api/v1/networks/${network.id}/threads`, {
    title: 'Cash in a downturn',
    body: 'What do you do?',
    kind: 'question',
    anonymous: false,
  });
  const otherThread: ThreadView = await post(peer, `/api/v1/networks/${network.id}/threads`, {
    title: 'Hiring a controller',
    body: 'Where?',
    kind: 'question',
    anonymous: false,
  });
  const answer: ReplyView = await post(peer, `/api/v1/threads/${thread.id}/replies`, {
    body: 'A 13-week model.',
    anonymous: false,
  });
  const foreignReply: ReplyView = await post(asker, `/api/v1/threads/${otherThread.id}/replies`, {
    body: 'A recruiter.',
    anonymous: false,
  });
  return { network, unrun, unlisted, facilitator, asker, peer, thread, otherThread, answer, foreignReply };
}

type Bad = {
  name: string;
  as: (w: World) => Person;
  method: 'GET' | 'POST' | 'PATCH';
  url: (w: World) => string;
  payload?: (w: World) => Record<string, unknown>;
  status: number;
  code: string;
  path?: string;
};

const newThread = (w: World) => `/api/v1/networks/${w.network.id}/threads`;
const threadBody = (overrides: Record<string, unknown>) => () => ({
  title: 'A question',
  body: 'Text',
  kind: 'question',
  anonymous: false,
  ...overrides,
});
const garbage = Buffer.from('["not", "a", "cursor", 1]').toString('base64url');

const cases: Bad[] = [
  {
    name: 'a reply quoting a reply of another thread',
    as: (w) => w.peer,
    method: 'POST',
    url: (w) => `/api/v1/threads/${w.thread.id}/replies`,
    payload: (w) => ({ body: 'As they said', anonymous: false, quoteReplyId: w.foreignReply.id }),
    status: 400,
    code: 'validation_failed',
    path: '/quoteReplyId',
  },
  {
    name: 'a reply quoting a reply that does not exist',
    as: (w) => w.peer,
    method: 'POST',
    url: (w) => `/api/v1/threads/${w.thread.id}/replies`,
    payload: () => ({ body: 'As they said', anonymous: false, quoteReplyId: '00000000-0000-4000-8000-000000000000' }),
    status: 400,
    code: 'validation_failed',
    path: '/quoteReplyId',
  },
  {
    name: 'a question resolved by a reply of another thread',
    as: (w) => w.asker,
    method: 'POST',
    url: (w) => `/api/v1/threads/${w.thread.id}/resolution`,
    payload: (w) => ({ replyId: w.foreignReply.id }),
    status: 400,
    code: 'validation_failed',
    path: '/replyId',
  },
  {
    name: 'a thread moved to a network its facilitator only belongs to',
    as: (w) => w.facilitator,
    method: 'POST',
    url: (w) => `/api/v1/threads/${w.thread.id}/moderation`,
    payload: (w) => ({ action: 'move', networkId: w.unrun.id }),
    status: 400,
    code: 'validation_failed',
    path: '/networkId',
  },
  {
    name: 'a thread moved to an unlisted network its facilitator is not in',
    as: (w) => w.facilitator,
    method: 'POST',
    url: (w) => `/api/v1/threads/${w.thread.id}/moderation`,
    payload: (w) => ({ action: 'move', networkId: w.unlisted.slug }),
    status: 400,
    code: 'validation_failed',
    path: '/networkId',
  },
  {
    name: 'a thread moved to its own network',
    as: (w) => w.facilitator,
    method: 'POST',
    url: (w) => `/api/v1/threads/${w.thread.id}/moderation`,
    payload: (w) => ({ action: 'move', networkId: w.network.id }),
    status: 400,
    code: 'validation_failed',
    path: '/networkId',
  },
  {
    name: 'a thread moved to a network that does not exist',
    as: (w) => w.facilitator,
    method: 'POST',
    url: (w) => `/api/v1/threads/${w.thread.id}/moderation`,
    payload: () => ({ action: 'move', networkId: 'no-such-network' }),
    status: 400,
    code: 'validation_failed',
    path: '/networkId',
  },
  {
    name: 'a hide without a reason',
    as: (w) => w.facilitator,
    method: 'POST',
    url: (w) => `/api/v1/threads/${w.thread.id}/moderation`,
    payload: () => ({ action: 'hide' }),
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'an unknown moderation action',
    as: (w) => w.facilitator,
    method: 'POST',
    url: (w) => `/api/v1/replies/${w.answer.id}/moderation`,
    payload: () => ({ action: 'delete' }),
    status: 400,
    code: 'validation_failed',
  },
  ...[
    ['with a space', ['cash flow']],
    ['in capitals', ['Cash']],
    ['with a leading hyphen', ['-cash']],
    ['with a double hyphen', ['cash--flow']],
    ['with markup', ['<b>cash</b>']],
    ['over 30 characters', ['a'.repeat(31)]],
    ['repeated', ['cash', 'cash']],
    ['more than five', ['a', 'b', 'c', 'd', 'e', 'f']],
    ['empty', ['']],
  ].map(
    ([label, tags]): Bad => ({
      name: `tags ${label}`,
      as: (w) => w.asker,
      method: 'POST',
      url: newThread,
      payload: threadBody({ tags }),
      status: 400,
      code: 'validation_failed',
    }),
  ),
  {
    name: 'an edit with tags in capitals',
    as: (w) => w.asker,
    method: 'PATCH',
    url: (w) => `/api/v1/threads/${w.thread.id}`,
    payload: () => ({ tags: ['Cash'] }),
    status: 400,
    code: 'validation_failed',
    path: '/tags/0',
  },
  {
    name: 'a title of 201 characters',
    as: (w) => w.asker,
    method: 'POST',
    url: newThread,
    payload: threadBody({ title: 'a'.repeat(201) }),
    status: 400,
    code: 'validation_failed',
    path: '/title',
  },
  {
    name: 'a title of spaces only',
    as: (w) => w.asker,
    method: 'POST',
    url: newThread,
    payload: threadBody({ title: '   \n ' }),
    status: 400,
    code: 'validation_failed',
    path: '/title',
  },
  {
    name: 'a body of 20,001 characters',
    as: (w) => w.asker,
    method: 'POST',
    url: newThread,
    payload: threadBody({ body: 'a'.repeat(20_001) }),
    status: 400,
    code: 'validation_failed',
    path: '/body',
  },
  {
    name: 'an unknown kind',
    as: (w) => w.asker,
    method: 'POST',
    url: newThread,
    payload: threadBody({ kind: 'poll' }),
    status: 400,
    code: 'validation_failed',
    path: '/kind',
  },
  {
    name: 'a reply of 20,001 characters',
    as: (w) => w.peer,
    method: 'POST',
    url: (w) => `/api/v1/threads/${w.thread.id}/replies`,
    payload: () => ({ body: 'a'.repeat(20_001), anonymous: false }),
    status: 400,
    code: 'validation_failed',
    path: '/body',
  },
  {
    name: 'a reply edit of whitespace',
    as: (w) => w.peer,
    method: 'PATCH',
    url: (w) => `/api/v1/replies/${w.answer.id}`,
    payload: () => ({ body: '  ' }),
    status: 400,
    code: 'validation_failed',
    path: '/body',
  },
  {
    name: 'an edit that changes nothing at all',
    as: (w) => w.asker,
    method: 'PATCH',
    url: (w) => `/api/v1/threads/${w.thread.id}`,
    payload: () => ({}),
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'a read position below zero',
    as: (w) => w.asker,
    method: 'POST',
    url: (w) => `/api/v1/threads/${w.thread.id}/read`,
    payload: () => ({ position: -1 }),
    status: 400,
    code: 'validation_failed',
    path: '/position',
  },
  {
    name: 'a reveal with a reason under ten characters',
    as: () => admin,
    method: 'POST',
    url: (w) => `/api/v1/threads/${w.thread.id}/author-reveal`,
    payload: () => ({ reason: 'curious' }),
    status: 400,
    code: 'validation_failed',
    path: '/reason',
  },
  {
    name: 'a flag with a reason of spaces',
    as: (w) => w.peer,
    method: 'POST',
    url: (w) => `/api/v1/threads/${w.thread.id}/flags`,
    payload: () => ({ reason: '   ' }),
    status: 400,
    code: 'validation_failed',
    path: '/reason',
  },
  ...[
    ['the feed', (w: World) => `/api/v1/networks/${w.network.id}/threads`],
    ['the replies', (w: World) => `/api/v1/threads/${w.thread.id}/replies`],
    ['the flags', (w: World) => `/api/v1/networks/${w.network.id}/flags`],
    ['the moderation log', () => '/api/v1/admin/moderation-log'],
  ].flatMap(([label, url]) =>
    [
      ['not base64 JSON', 'not-a-cursor'],
      ['of another shape', garbage],
      // A replies cursor is one position; every other list's is a longer key.
      [
        'of another list',
        Buffer.from(JSON.stringify(label === 'the replies' ? [0, '2026-11-25T12:00:00.000Z', 'x'] : [3])).toString(
          'base64url',
        ),
      ],
    ].map(
      ([kind, cursor]): Bad => ({
        name: `a cursor ${kind} for ${label as string}`,
        as: (w) => (label === 'the moderation log' ? admin : w.facilitator),
        method: 'GET',
        url: (w) => `${(url as (w: World) => string)(w)}?cursor=${cursor}`,
        status: 400,
        code: 'validation_failed',
        path: 'querystring:/cursor',
      }),
    ),
  ),
  {
    name: 'a feed filter that does not exist',
    as: (w) => w.asker,
    method: 'GET',
    url: (w) => `/api/v1/networks/${w.network.id}/threads?filter=popular`,
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'an event stream for a thread id with symbols',
    as: (w) => w.asker,
    method: 'GET',
    url: () => '/api/v1/events?threadId=..%2F..%2Fetc',
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'a thread id with symbols',
    as: (w) => w.asker,
    method: 'GET',
    url: () => `/api/v1/threads/${encodeURIComponent('1 or 1=1')}`,
    status: 400,
    code: 'validation_failed',
  },
];

describe('bad input', () => {
  let w: World;
  beforeAll(async () => {
    w = await world('Input Circle');
  });

  it.each(cases.map((bad) => [bad.name, bad] as const))(
    'refuses %s with a clear 4xx and writes nothing',
    async (_name, bad) => {
      const before = await t.rowCounts();
      const response = await t.request({
        method: bad.method,
        url: bad.url(w),
        as: bad.as(w),
        ...(bad.payload ? { payload: bad.payload(w) } : {}),
      });
      expect(response.statusCode, response.body).toBe(bad.status);
      const body = response.json();
      expect(Object.keys(body)).toEqual(['error']);
      expect(body.error.code).toBe(bad.code);
      expect(body.error.message).toEqual(expect.any(String));
      if (bad.path) expect(body.error.details.map((d: { path: string }) => d.path)).toContain(bad.path);
      expect(await t.rowCounts()).toEqual(before);
    },
  );

  it('answers a move to a network the facilitator cannot see exactly like one that does not exist', async () => {
    const move = (networkId: string) =>
      t.request({
        method: 'POST',
        url: `/api/v1/threads/${w.thread.id}/moderation`,
        as: w.facilitator,
        payload: { action: 'move', networkId },
      });
    expect((await move(w.unlisted.id)).json()).toEqual((await move('no-such-network')).json());
  });

  it('refuses to make a resolved question a discussion, and leaves it as it was', async () => {
    const own = await world('Resolved Circle');
    await created(
      t.request({
        method: 'POST',
        url: `/api/v1/threads/${own.thread.id}/resolution`,
        as: own.asker,
        payload: { replyId: own.answer.id },
      }),
    );
    const before = await t.rowCounts();
    const response = await t.request({
      method: 'PATCH',
      url: `/api/v1/threads/${own.thread.id}`,
      as: own.asker,
      payload: { kind: 'discussion', title: 'Now a discussion' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('conflict');
    expect(await t.rowCounts()).toEqual(before);
    const thread = await t.request({ method: 'GET', url: `/api/v1/threads/${own.thread.id}`, as: own.asker });
    expect(thread.json()).toMatchObject({ kind: 'question', title: 'Cash in a downturn', editedAt: null });
  });

  it('refuses to quote or resolve by a hidden or deleted reply', async () => {
    const own = await world('Hidden Circle');
    const hidden: ReplyView = await created(
      t.request({
        method: 'POST',
        url: `/api/v1/threads/${own.thread.id}/replies`,
        as: own.peer,
        payload: { body: 'Rude', anonymous: false },
      }),
    );
    await created(
      t.request({
        method: 'POST',
        url: `/api/v1/replies/${hidden.id}/moderation`,
        as: own.facilitator,
        payload: { action: 'hide', reason: 'Be kind' },
      }),
    );
    await created(t.request({ method: 'DELETE', url: `/api/v1/replies/${own.answer.id}`, as: own.peer }));
    for (const replyId of [hidden.id, own.answer.id]) {
      const before = await t.rowCounts();
      const quoted = await t.request({
        method: 'POST',
        url: `/api/v1/threads/${own.thread.id}/replies`,
        as: own.asker,
        payload: { body: 'Quoting', anonymous: false, quoteReplyId: replyId },
      });
      expect(quoted.statusCode, quoted.body).toBe(400);
      const resolved = await t.request({
        method: 'POST',
        url: `/api/v1/threads/${own.thread.id}/resolution`,
        as: own.asker,
        payload: { replyId },
      });
      expect(resolved.statusCode, resolved.body).toBe(400);
      expect(await t.rowCounts()).toEqual(before);
    }
  });
});
