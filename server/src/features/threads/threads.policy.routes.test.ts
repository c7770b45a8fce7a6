import type { AddressInfo } from 'node:net';
import type { NetworkView } from '@roundtable/contract/networks';
import type { FlagPage, ReplyView, ThreadView } from '@roundtable/contract/threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { apply, createNetwork, joinNetwork } from '../../test/networks.js';
import { openEventStream } from '../../test/sse.js';

/**
 * Every discussion route, called by each kind of person the networks matrix knows, plus the post's
 * author and members who left or were removed, against a listed network that takes members by
 * application and an unlisted one that takes them by invitation only. Each cell is the status that
 * person must get. A subject (thread, reply, flag) is made fresh for every cell that changes it,
 * so no cell depends on another's order.
 */
type Role =
  | 'anonymous'
  | 'outsider'
  | 'applicant'
  | 'left'
  | 'removed'
  | 'otherFacilitator'
  | 'member'
  | 'author'
  | 'facilitator'
  | 'hostAdmin';
const roles: Role[] = [
  'anonymous',
  'outsider',
  'applicant',
  'left',
  'removed',
  'otherFacilitator',
  'member',
  'author',
  'facilitator',
  'hostAdmin',
];
/** Everyone who is not an active member of the network nor a host admin. */
const strangers = ['outsider', 'applicant', 'left', 'removed', 'otherFacilitator'] as const;

let t: TestApp;
let people: Record<Exclude<Role, 'anonymous'>, Person>;
let byApplication: NetworkView;
let hidden: NetworkView;
let other: NetworkView;

async function expectOk(response: { statusCode: number; body: string }, status = 200) {
  expect(response.statusCode, response.body).toBe(status);
}

async function acceptInviteLink(network: NetworkView, by: Person, person: Person) {
  const link = await t.request({
    method: 'POST',
    url: `/api/v1/networks/${network.id}/invite-links`,
    as: by,
    payload: { expiresInDays: 7, maxUses: 1 },
  });
  await expectOk(link, 201);
  const token = new URL(link.json().url).pathname.split('/').at(-1);
  const accepted = await t.request({
    method: 'POST',
    url: `/api/v1/invitations/${token}/accept`,
    as: person,
    payload: { charterVersion: network.charterVersion },
  });
  await expectOk(accepted);
}

/** Brings the person into the network the way it takes members. */
async function admit(network: NetworkView, person: Person) {
  if (network.joinPolicy === 'invitation') return acceptInviteLink(network, people.facilitator, person);
  const applied = await apply(t, person, network.id, ['A bakery chain']);
  await expectOk(applied, 201);
  const decided = await t.request({
    method: 'POST',
    url: `/api/v1/networks/${network.id}/applications/${applied.json().id}/decision`,
    as: people.facilitator,
    payload: { decision: 'approve' },
  });
  await expectOk(decided);
  await joinNetwork(t, person, network);
}

beforeAll(async () => {
  t = await buildTestApp();
  const admin = await t.admin();
  people = {
    outsider: await t.member('Olga Outsider'),
    applicant: await t.member('Abe Applicant'),
    left: await t.member('Lee Left'),
    removed: await t.member('Rita Removed'),
    otherFacilitator: await t.member('Otto Other'),
    member: await t.member('Mia Member'),
    author: await t.member('Ada Author'),
    facilitator: await t.member('Fay Facilitator'),
    hostAdmin: admin,
  };

  byApplication = await createNetwork(t, admin, {
    name: 'Founders by Application',
    joinPolicy: 'application',
    listed: true,
    applicationQuestions: ['What are you building?'],
  });
  hidden = await createNetwork(t, admin, { name: 'Quiet Founders Room', joinPolicy: 'invitation', listed: false });
  other = await createNetwork(t, admin, { name: 'Other Network', joinPolicy: 'open', listed: true });

  // The admin appoints the facilitators, then steps out of the networks, so it is only a host admin.
  for (const [network, person] of [
    [byApplication, people.facilitator],
    [hidden, people.facilitator],
    [other, people.otherFacilitator],
  ] as const) {
    await expectOk(
      await t.request({
        method: 'POST',
        url: `/api/v1/networks/${network.id}/facilitators`,
        as: admin,
        payload: { memberId: person.me.id },
      }),
    );
    await expectOk(
      await t.request({
        method: 'POST',
        url: `/api/v1/networks/${network.id}/charter/accept`,
        as: person,
        payload: { charterVersion: network.charterVersion },
      }),
    );
    await expectOk(
      await t.request({
        method: 'DELETE',
        url: `/api/v1/networks/${network.id}/facilitators/${admin.me.id}`,
        as: admin,
      }),
    );
    await expectOk(await t.request({ method: 'POST', url: `/api/v1/networks/${network.id}/leave`, as: admin }));
  }

  for (const network of [byApplication, hidden]) {
    for (const person of [people.member, people.author, people.left, people.removed]) await admit(network, person);
    await expectOk(await t.request({ method: 'POST', url: `/api/v1/networks/${network.id}/leave`, as: people.left }));
    await expectOk(
      await t.request({
        method: 'POST',
        url: `/api/v1/networks/${network.id}/members/${people.removed.me.id}/removal`,
        as: people.facilitator,
        payload: { reason: 'Shared a thread outside the network' },
      }),
    );
  }
  await expectOk(await apply(t, people.applicant, byApplication.id, ['A shoe shop']), 201);
});
afterAll(() => t.close());

type Subject = { thread: ThreadView; reply: ReplyView; flagId: string };

/** A question by the author with the author's own reply, flagged by the member. */
async function makeSubject(network: NetworkView): Promise<Subject> {
  const created = await t.request({
    method: 'POST',
    url: `/api/v1/networks/${network.id}/threads`,
    as: people.author,
    payload: { title: 'Pricing in a downturn', body: 'What did you raise?', kind: 'question', anonymous: false },
  });
  await expectOk(created, 201);
  const thread = created.json() as ThreadView;
  const replied = await t.request({
    method: 'POST',
    url: `/api/v1/threads/${thread.id}/replies`,
    as: people.author,
    payload: { body: 'We raised 4% and lost one client.', anonymous: false },
  });
  await expectOk(replied, 201);
  await expectOk(
    await t.request({
      method: 'POST',
      url: `/api/v1/threads/${thread.id}/flags`,
      as: people.member,
      payload: { reason: 'Names a client' },
    }),
    201,
  );
  const flags = await t.request({
    method: 'GET',
    url: `/api/v1/networks/${network.id}/flags`,
    as: people.facilitator,
  });
  const flag = (flags.json() as FlagPage).items.find((item) => item.threadId === thread.id);
  if (!flag) throw new Error('the flag is not listed');
  return { thread, reply: replied.json(), flagId: flag.id };
}

type Call = {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: (network: NetworkView, subject: Subject) => string;
  payload?: (subject: Subject) => Record<string, unknown>;
  expect: Record<Role, number>;
};

/** Members read; strangers learn nothing; host admins read to handle what is escalated. */
const read = (member = 200, hostAdmin = 200): Record<Role, number> => ({
  anonymous: 401,
  outsider: 404,
  applicant: 404,
  left: 404,
  removed: 404,
  otherFacilitator: 404,
  member,
  author: member,
  facilitator: member,
  hostAdmin,
});
const withCells = (cells: Partial<Record<Role, number>>, base = read()): Record<Role, number> => ({
  ...base,
  ...cells,
});

const calls: Call[] = [
  { name: 'read the feed', method: 'GET', url: (n) => `/api/v1/networks/${n.id}/threads`, expect: read() },
  {
    name: 'search the feed',
    method: 'GET',
    url: (n) => `/api/v1/networks/${n.id}/threads?filter=unresolved&q=pricing`,
    expect: read(),
  },
  {
    name: 'start a thread',
    method: 'POST',
    url: (n) => `/api/v1/networks/${n.id}/threads`,
    payload: () => ({ title: 'A new question', body: 'What do you do?', kind: 'discussion', anonymous: false }),
    // Host admins read to moderate; they do not post in networks they are not part of.
    expect: read(201, 403),
  },
  {
    name: 'mark every thread read',
    method: 'POST',
    url: (n) => `/api/v1/networks/${n.id}/threads/read-all`,
    expect: read(200, 403),
  },
  {
    name: 'list the flags',
    method: 'GET',
    url: (n) => `/api/v1/networks/${n.id}/flags`,
    expect: withCells({ member: 403, author: 403 }),
  },
  {
    name: 'resolve a flag',
    method: 'POST',
    url: (_n, s) => `/api/v1/flags/${s.flagId}/resolve`,
    // Members cannot see flags at all, so a flag answers them as if it did not exist.
    expect: withCells({ member: 404, author: 404 }),
  },
  { name: 'read a thread', method: 'GET', url: (_n, s) => `/api/v1/threads/${s.thread.id}`, expect: read() },
  {
    name: 'edit a thread',
    method: 'PATCH',
    url: (_n, s) => `/api/v1/threads/${s.thread.id}`,
    payload: () => ({ title: 'Pricing in a downturn, edited' }),
    expect: withCells({ member: 403, facilitator: 403, hostAdmin: 403 }),
  },
  {
    name: 'delete a thread',
    method: 'DELETE',
    url: (_n, s) => `/api/v1/threads/${s.thread.id}`,
    expect: withCells({ member: 403, facilitator: 403, hostAdmin: 403 }),
  },
  {
    name: 'pin a thread',
    method: 'POST',
    url: (_n, s) => `/api/v1/threads/${s.thread.id}/moderation`,
    payload: () => ({ action: 'pin' }),
    expect: withCells({ member: 403, author: 403 }),
  },
  {
    name: 'hide a thread',
    method: 'POST',
    url: (_n, s) => `/api/v1/threads/${s.thread.id}/moderation`,
    payload: () => ({ action: 'hide', reason: 'Names a client' }),
    expect: withCells({ member: 403, author: 403 }),
  },
  {
    name: 'flag a thread',
    method: 'POST',
    url: (_n, s) => `/api/v1/threads/${s.thread.id}/flags`,
    payload: () => ({ reason: 'Off topic' }),
    // The member flagged it already (409); nobody flags their own post; host admins are not members.
    expect: withCells({ member: 409, author: 403, facilitator: 201, hostAdmin: 403 }),
  },
  {
    name: 'resolve a question',
    method: 'POST',
    url: (_n, s) => `/api/v1/threads/${s.thread.id}/resolution`,
    payload: (s) => ({ replyId: s.reply.id }),
    expect: withCells({ member: 403, facilitator: 403, hostAdmin: 403 }),
  },
  {
    name: 'mark a thread read',
    method: 'POST',
    url: (_n, s) => `/api/v1/threads/${s.thread.id}/read`,
    payload: () => ({ position: 1 }),
    expect: read(200, 403),
  },
  {
    name: "reveal a thread's author",
    method: 'POST',
    url: (_n, s) => `/api/v1/threads/${s.thread.id}/author-reveal`,
    payload: () => ({ reason: 'A legal request from counsel' }),
    expect: withCells({ member: 403, author: 403, facilitator: 403 }),
  },
  {
    name: 'export a thread',
    method: 'GET',
    url: (_n, s) => `/api/v1/threads/${s.thread.id}/export`,
    expect: read(),
  },
  {
    name: 'list the replies',
    method: 'GET',
    url: (_n, s) => `/api/v1/threads/${s.thread.id}/replies`,
    expect: read(),
  },
  {
    name: 'reply',
    method: 'POST',
    url: (_n, s) => `/api/v1/threads/${s.thread.id}/replies`,
    payload: () => ({ body: 'Same here.', anonymous: false }),
    expect: read(201, 403),
  },
  {
    name: 'edit a reply',
    method: 'PATCH',
    url: (_n, s) => `/api/v1/replies/${s.reply.id}`,
    payload: () => ({ body: 'We raised 5% in the end.' }),
    expect: withCells({ member: 403, facilitator: 403, hostAdmin: 403 }),
  },
  {
    name: 'delete a reply',
    method: 'DELETE',
    url: (_n, s) => `/api/v1/replies/${s.reply.id}`,
    expect: withCells({ member: 403, facilitator: 403, hostAdmin: 403 }),
  },
  {
    name: 'mark a reply helpful',
    method: 'POST',
    url: (_n, s) => `/api/v1/replies/${s.reply.id}/helpful`,
    expect: withCells({ author: 403, hostAdmin: 403 }),
  },
  {
    name: 'take back a helpful mark',
    method: 'DELETE',
    url: (_n, s) => `/api/v1/replies/${s.reply.id}/helpful`,
    expect: withCells({ author: 403, hostAdmin: 403 }),
  },
  {
    name: 'hide a reply',
    method: 'POST',
    url: (_n, s) => `/api/v1/replies/${s.reply.id}/moderation`,
    payload: () => ({ action: 'hide', reason: 'Names a client' }),
    expect: withCells({ member: 403, author: 403 }),
  },
  {
    name: 'nudge a reply where the network does not follow the protocol',
    method: 'POST',
    url: (_n, s) => `/api/v1/replies/${s.reply.id}/moderation`,
    payload: () => ({ action: 'nudge' }),
    expect: withCells({ member: 403, author: 403, facilitator: 403, hostAdmin: 403 }),
  },
  {
    name: 'flag a reply',
    method: 'POST',
    url: (_n, s) => `/api/v1/replies/${s.reply.id}/flags`,
    payload: () => ({ reason: 'Names a client' }),
    expect: withCells({ member: 201, author: 403, facilitator: 201, hostAdmin: 403 }),
  },
  {
    name: "reveal a reply's author",
    method: 'POST',
    url: (_n, s) => `/api/v1/replies/${s.reply.id}/author-reveal`,
    payload: () => ({ reason: 'A legal request from counsel' }),
    expect: withCells({ member: 403, author: 403, facilitator: 403 }),
  },
];

/** Routes outside any network: the same answer whatever the network. */
const globalCalls: Call[] = [
  {
    name: 'read the moderation log',
    method: 'GET',
    url: () => '/api/v1/admin/moderation-log',
    expect: {
      anonymous: 401,
      outsider: 403,
      applicant: 403,
      left: 403,
      removed: 403,
      otherFacilitator: 403,
      member: 403,
      author: 403,
      facilitator: 403,
      hostAdmin: 200,
    },
  },
  {
    name: 'preview Markdown',
    method: 'POST',
    url: () => '/api/v1/markdown/preview',
    payload: () => ({ body: '**bold**' }),
    expect: {
      anonymous: 401,
      outsider: 200,
      applicant: 200,
      left: 200,
      removed: 200,
      otherFacilitator: 200,
      member: 200,
      author: 200,
      facilitator: 200,
      hostAdmin: 200,
    },
  },
];

const codeOf: Record<number, string> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict' };

async function call(spec: Call, role: Role, network: NetworkView, subject: Subject) {
  return t.request({
    method: spec.method,
    url: spec.url(network, subject),
    ...(role === 'anonymous' ? {} : { as: people[role] }),
    ...(spec.payload ? { payload: spec.payload(subject) } : {}),
  });
}

describe.each([
  ['a listed network by application', () => byApplication],
  ['an unlisted network by invitation', () => hidden],
] as const)('%s', (_label, networkOf) => {
  const cells = [...calls, ...globalCalls].flatMap((spec) => roles.map((role) => [spec.name, role, spec] as const));
  it.each(cells)('%s as %s', async (_name, role, spec) => {
    const network = networkOf();
    const subject = await makeSubject(network);
    const expected = spec.expect[role];
    const response = await call(spec, role, network, subject);
    expect(response.statusCode, response.body).toBe(expected);
    if (expected >= 400) {
      expect(Object.keys(response.json())).toEqual(['error']);
      expect(response.json().error.code).toBe(codeOf[expected]);
    }
  });
});

describe('what reaches people outside a network', () => {
  it('answers a stranger exactly as for a thread, reply or flag that does not exist', async () => {
    const subject = await makeSubject(hidden);
    const missingId = '00000000-0000-4000-8000-000000000000';
    const pairs = [
      [`/api/v1/threads/${subject.thread.id}`, `/api/v1/threads/${missingId}`, 'GET'],
      [`/api/v1/threads/${subject.thread.id}/replies`, `/api/v1/threads/${missingId}/replies`, 'GET'],
      [`/api/v1/replies/${subject.reply.id}/helpful`, `/api/v1/replies/${missingId}/helpful`, 'POST'],
      [`/api/v1/flags/${subject.flagId}/resolve`, `/api/v1/flags/${missingId}/resolve`, 'POST'],
      [`/api/v1/networks/${hidden.id}/threads`, '/api/v1/networks/no-such-network/threads', 'GET'],
    ] as const;
    for (const role of strangers) {
      for (const [real, missing, method] of pairs) {
        const seen = await t.request({ method, url: real, as: people[role] });
        const absent = await t.request({ method, url: missing, as: people[role] });
        expect(seen.statusCode, `${role} ${real}`).toBe(404);
        expect(seen.json(), `${role} ${real}`).toEqual(absent.json());
        expect(seen.body).not.toContain('Pricing');
      }
    }
  });

  it('takes a removed member’s access away at once, for threads they wrote too', async () => {
    const network = await createNetwork(t, people.hostAdmin, { name: 'Removal Circle', joinPolicy: 'open' });
    const leaver = await t.member('Rae Removed-Later');
    await joinNetwork(t, leaver, network);
    const mine = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${network.id}/threads`,
      as: leaver,
      payload: { title: 'My own question', body: 'Body', kind: 'question', anonymous: true },
    });
    await expectOk(mine, 201);
    const threadId = mine.json().id as string;
    await expectOk(await t.request({ method: 'GET', url: `/api/v1/threads/${threadId}`, as: leaver }));
    await expectOk(
      await t.request({
        method: 'POST',
        url: `/api/v1/networks/${network.id}/members/${leaver.me.id}/removal`,
        as: people.hostAdmin,
        payload: { reason: 'Broke confidentiality' },
      }),
    );
    for (const [method, url] of [
      ['GET', `/api/v1/threads/${threadId}`],
      ['GET', `/api/v1/threads/${threadId}/replies`],
      ['PATCH', `/api/v1/threads/${threadId}`],
      ['DELETE', `/api/v1/threads/${threadId}`],
      ['GET', `/api/v1/networks/${network.id}/threads`],
    ] as const) {
      const response = await t.request({
        method,
        url,
        as: leaver,
        ...(method === 'PATCH' ? { payload: { title: 'Still mine?' } } : {}),
      });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
  });
});

describe('live event streams', () => {
  let port = 0;
  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });

  /** The status an event stream opens with; an open stream is closed at once. */
  async function streamStatus(role: Role, query: string): Promise<{ status: number; body: string }> {
    const path = `/api/v1/events?${query}`;
    if (role === 'anonymous') {
      const response = await t.request({ method: 'GET', url: path });
      return { status: response.statusCode, body: response.body };
    }
    const stream = openEventStream(port, people[role].cookie, path);
    try {
      const status = await stream.opened;
      if (status === 200) return { status, body: '' };
    } finally {
      stream.stop();
    }
    const response = await t.request({ method: 'GET', url: path, as: people[role] });
    return { status: response.statusCode, body: response.body };
  }

  const expected = read();
  describe.each([
    ['a listed network by application', () => byApplication],
    ['an unlisted network by invitation', () => hidden],
  ] as const)('%s', (_label, networkOf) => {
    it.each(roles)("opens a network's and a thread's stream only for those who read them, as %s", async (role) => {
      const network = networkOf();
      const subject = await makeSubject(network);
      for (const query of [
        `networkId=${network.id}`,
        `networkId=${network.slug}`,
        `threadId=${subject.thread.id}`,
        `networkId=${network.id}&threadId=${subject.thread.id}`,
      ]) {
        const { status, body } = await streamStatus(role, query);
        expect(status, `${role} ${query} ${body}`).toBe(expected[role]);
        if (status >= 400) expect(JSON.parse(body).error.code).toBe(codeOf[status]);
      }
    });
  });

  it("refuses a stream that mixes one's own network with another's thread", async () => {
    const mine = await makeSubject(byApplication);
    const theirs = await makeSubject(hidden);
    const { status } = await streamStatus('otherFacilitator', `networkId=${other.id}&threadId=${theirs.thread.id}`);
    expect(status).toBe(404);
    const crossed = await streamStatus('otherFacilitator', `networkId=${byApplication.id}&threadId=${mine.thread.id}`);
    expect(crossed.status).toBe(404);
    expect((await streamStatus('otherFacilitator', `networkId=${other.id}`)).status).toBe(200);
  });
});
