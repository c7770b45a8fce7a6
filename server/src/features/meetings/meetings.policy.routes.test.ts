import type { CommitmentView, IssueView, MeetingView, OfferView } from '@roundtable/contract/meetings';
import type { NetworkView } from '@roundtable/contract/networks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { MINUTE } from '../../test/clock.js';
import { multipart } from '../../test/multipart.js';
import { createNetwork, joinNetwork } from '../../test/networks.js';

/**
 * Every meetings route, called by everyone who stands differently to a meeting: signed out; signed
 * in outside the network; a member and a facilitator of another network; a host admin who is not a
 * member; and in the network a member, the author of an issue (its presenter), a peer who made an
 * offer on it, and a facilitator. Each cell is the status that person must get. Nobody outside the
 * network learns a meeting, an issue, an offer or a commitment exists: 404, as for one that does not.
 */
type Role =
  | 'anonymous'
  | 'outsider'
  | 'otherMember'
  | 'otherFacilitator'
  | 'hostAdmin'
  | 'member'
  | 'author'
  | 'offerer'
  | 'facilitator';
const roles: Role[] = [
  'anonymous',
  'outsider',
  'otherMember',
  'otherFacilitator',
  'hostAdmin',
  'member',
  'author',
  'offerer',
  'facilitator',
];
type InNetwork = 'member' | 'author' | 'offerer' | 'facilitator';

let t: TestApp;
let people: Record<Exclude<Role, 'anonymous'>, Person>;
let circle: NetworkView;

/** Outside the network nobody learns anything; inside, the cells given (403 by default). */
const inNetwork = (cells: Partial<Record<InNetwork, number>>): Record<Role, number> => ({
  anonymous: 401,
  outsider: 404,
  otherMember: 404,
  otherFacilitator: 404,
  hostAdmin: 404,
  member: 403,
  author: 403,
  offerer: 403,
  facilitator: 403,
  ...cells,
});
const everyMember = (status: number) =>
  inNetwork({ member: status, author: status, offerer: status, facilitator: status });
const everyone = (status: number): Record<Role, number> =>
  ({
    ...Object.fromEntries(roles.map((role) => [role, status])),
    anonymous: 401,
  }) as Record<Role, number>;

async function ok<T>(
  pending: Promise<{ statusCode: number; body: string; json(): unknown }>,
  status = 200,
): Promise<T> {
  const response = await pending;
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as T;
}

const localIn = (ms: number) => new Date(t.clock.now().getTime() + ms).toISOString().slice(0, 16);

async function meetingStartingIn(ms: number): Promise<MeetingView> {
  const created = await ok<{ meeting: MeetingView }>(
    t.request({
      method: 'POST',
      url: `/api/v1/networks/${circle.id}/meetings`,
      as: people.facilitator,
      payload: {
        title: 'Policy forum',
        startsAt: localIn(ms),
        endsAt: localIn(ms + 60 * MINUTE),
        timeZone: 'UTC',
        format: 'online',
        videoUrl: 'https://meet.example.com/policy',
      },
    }),
    201,
  );
  return created.meeting;
}

async function issueByAuthor(): Promise<IssueView> {
  return ok<IssueView>(
    t.request({
      method: 'POST',
      url: `/api/v1/networks/${circle.id}/meeting-issues`,
      as: people.author,
      payload: { title: 'Churn in the second year', need: 'experience', priority: 'A' },
    }),
    201,
  );
}

async function offerOn(issue: IssueView): Promise<OfferView> {
  return ok<OfferView>(
    t.request({
      method: 'POST',
      url: `/api/v1/meeting-issues/${issue.id}/offers`,
      as: people.offerer,
      payload: { description: 'Our renewal playbook', dueOn: '2026-12-31' },
    }),
    201,
  );
}

async function commitmentOn(issue: IssueView): Promise<CommitmentView> {
  return ok<CommitmentView>(
    t.request({
      method: 'POST',
      url: `/api/v1/meeting-issues/${issue.id}/commitments`,
      as: people.author,
      payload: { text: 'Call three churned customers' },
    }),
    201,
  );
}

type Subject = {
  upcoming: MeetingView;
  started: MeetingView;
  finished: MeetingView;
  issue: IssueView;
  offer: OfferView;
  fulfilled: OfferView;
  commitment: CommitmentView;
  calendarToken: string;
};
let shared: Subject;

/** Fresh things for the calls that change them, so each cell meets the same state. */
const fresh = {
  soon: () => meetingStartingIn(30 * MINUTE),
  later: () => meetingStartingIn(3 * 24 * 60 * MINUTE),
  issue: issueByAuthor,
  offer: async () => offerOn(await issueByAuthor()),
  commitment: async () => commitmentOn(await issueByAuthor()),
  finished: async () => {
    const meeting = await meetingStartingIn(30 * MINUTE);
    await ok(
      t.request({
        method: 'POST',
        url: `/api/v1/meetings/${meeting.id}/run`,
        as: people.facilitator,
        payload: { action: 'start' },
      }),
    );
    await ok(
      t.request({
        method: 'POST',
        url: `/api/v1/meetings/${meeting.id}/run`,
        as: people.facilitator,
        payload: { action: 'end' },
      }),
    );
    return meeting;
  },
};

beforeAll(async () => {
  t = await buildTestApp();
  const admin = await t.admin();
  people = {
    outsider: await t.member('Olga Outsider'),
    otherMember: await t.member('Oona Other'),
    otherFacilitator: await t.member('Otto Other'),
    hostAdmin: admin,
    member: await t.member('Mia Member'),
    author: await t.member('Asha Author'),
    offerer: await t.member('Opal Offerer'),
    facilitator: await t.member('Fay Facilitator'),
  };
  circle = await createNetwork(t, admin, { name: 'Meetings Policy Circle' });
  const other = await createNetwork(t, admin, { name: 'Meetings Other Circle' });
  for (const person of [people.member, people.author, people.offerer, people.facilitator])
    await joinNetwork(t, person, circle);
  await joinNetwork(t, people.otherMember, other);
  // The admin appoints the facilitators, then steps out of both networks: only a host admin now.
  for (const [network, person] of [
    [circle, people.facilitator],
    [other, people.otherFacilitator],
  ] as const) {
    if (network === other) await joinNetwork(t, person, network);
    await ok(
      t.request({
        method: 'POST',
        url: `/api/v1/networks/${network.id}/facilitators`,
        as: admin,
        payload: { memberId: person.me.id },
      }),
    );
    await ok(
      t.request({ method: 'DELETE', url: `/api/v1/networks/${network.id}/facilitators/${admin.me.id}`, as: admin }),
    );
    await ok(t.request({ method: 'POST', url: `/api/v1/networks/${network.id}/leave`, as: admin }));
  }

  const issue = await issueByAuthor();
  const fulfilledOffer = await offerOn(await issueByAuthor());
  const upload = multipart(Buffer.from('%PDF-1.4\n%%EOF\n'), 'playbook.pdf', 'application/pdf');
  const fulfilled = await ok<OfferView>(
    t.request({
      method: 'PUT',
      url: `/api/v1/meeting-offers/${fulfilledOffer.id}/file`,
      as: people.offerer,
      payload: upload.payload,
      headers: upload.headers,
    }),
  );
  const feed = await ok<{ url: string }>(
    t.request({ method: 'POST', url: '/api/v1/me/calendar-feed', as: people.member }),
  );
  const finished = await fresh.finished();
  await ok(
    t.request({ method: 'POST', url: `/api/v1/meetings/${finished.id}/recap`, as: people.facilitator, payload: {} }),
  );
  const started = await meetingStartingIn(MINUTE);
  t.clock.advance(2 * MINUTE);
  shared = {
    upcoming: await meetingStartingIn(2 * 24 * 60 * MINUTE),
    started,
    finished,
    issue,
    offer: await offerOn(issue),
    fulfilled,
    commitment: await commitmentOn(issue),
    calendarToken: new URL(feed.url).pathname.split('/').at(-1) ?? '',
  };
});
afterAll(() => t.close());

type Call = {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: (s: Subject, f: Record<string, string>) => string;
  payload?: (s: Subject) => unknown;
  /** Made afresh for every cell, for calls that change what they act on. */
  fresh?: (keyof typeof fresh)[];
  upload?: boolean;
  /** A second case of a route already in the matrix. */
  again?: true;
  expect: Record<Role, number>;
};

const calls: Call[] = [
  {
    name: 'schedule a meeting',
    method: 'POST',
    url: () => `/api/v1/networks/${circle.id}/meetings`,
    payload: () => ({
      title: 'New',
      startsAt: localIn(24 * 60 * MINUTE),
      endsAt: localIn(25 * 60 * MINUTE),
      timeZone: 'UTC',
      format: 'online',
      videoUrl: 'https://meet.example.com/new',
    }),
    expect: inNetwork({ facilitator: 201 }),
  },
  {
    name: "list the network's meetings",
    method: 'GET',
    url: () => `/api/v1/networks/${circle.id}/meetings`,
    expect: everyMember(200),
  },
  { name: 'list my meetings', method: 'GET', url: () => '/api/v1/me/meetings', expect: everyone(200) },
  { name: 'read a meeting', method: 'GET', url: (s) => `/api/v1/meetings/${s.upcoming.id}`, expect: everyMember(200) },
  {
    name: 'move a meeting',
    method: 'PATCH',
    url: (_s, f) => `/api/v1/meetings/${f.later}`,
    payload: () => ({ title: 'Moved' }),
    fresh: ['later'],
    expect: inNetwork({ facilitator: 200 }),
  },
  {
    name: 'cancel a meeting',
    method: 'POST',
    url: (_s, f) => `/api/v1/meetings/${f.later}/cancel`,
    payload: () => ({}),
    fresh: ['later'],
    expect: inNetwork({ facilitator: 200 }),
  },
  {
    name: 'answer a meeting',
    method: 'PUT',
    url: (s) => `/api/v1/meetings/${s.upcoming.id}/rsvp`,
    payload: () => ({ answer: 'maybe' }),
    expect: everyMember(200),
  },
  {
    name: 'read the roll',
    method: 'GET',
    url: (s) => `/api/v1/meetings/${s.upcoming.id}/participants`,
    expect: inNetwork({ facilitator: 200 }),
  },
  {
    name: 'record attendance',
    method: 'PUT',
    url: (s) => `/api/v1/meetings/${s.started.id}/attendance`,
    payload: () => ({ attendedIds: [] }),
    expect: inNetwork({ facilitator: 200 }),
  },
  {
    name: 'set the agenda',
    method: 'PUT',
    url: (s) => `/api/v1/meetings/${s.upcoming.id}/agenda`,
    payload: () => ({ items: [] }),
    expect: inNetwork({ facilitator: 200 }),
  },
  {
    name: 'download the meeting',
    method: 'GET',
    url: (s) => `/api/v1/meetings/${s.upcoming.id}/calendar.ics`,
    expect: everyMember(200),
  },
  { name: 'read my calendar feed', method: 'GET', url: () => '/api/v1/me/calendar-feed', expect: everyone(200) },
  { name: 'make my calendar feed', method: 'POST', url: () => '/api/v1/me/calendar-feed', expect: everyone(200) },
  { name: 'turn my calendar feed off', method: 'DELETE', url: () => '/api/v1/me/calendar-feed', expect: everyone(200) },
  {
    name: 'raise an issue',
    method: 'POST',
    url: () => `/api/v1/networks/${circle.id}/meeting-issues`,
    payload: () => ({ title: 'Raised', need: 'decision', priority: 'B' }),
    expect: everyMember(201),
  },
  {
    name: 'read the queue',
    method: 'GET',
    url: () => `/api/v1/networks/${circle.id}/meeting-issues`,
    expect: everyMember(200),
  },
  {
    name: 'change an issue',
    method: 'PATCH',
    url: (s) => `/api/v1/meeting-issues/${s.issue.id}`,
    payload: () => ({ priority: 'A' }),
    expect: inNetwork({ author: 200 }),
  },
  {
    name: 'withdraw an issue',
    method: 'DELETE',
    url: (_s, f) => `/api/v1/meeting-issues/${f.issue}`,
    fresh: ['issue'],
    expect: inNetwork({ author: 200, facilitator: 200 }),
  },
  {
    name: 'read the settings',
    method: 'GET',
    url: () => `/api/v1/networks/${circle.id}/meeting-settings`,
    expect: everyMember(200),
  },
  {
    name: 'change the settings',
    method: 'PATCH',
    url: () => `/api/v1/networks/${circle.id}/meeting-settings`,
    payload: () => ({ minutesAllowed: true }),
    expect: inNetwork({ facilitator: 200 }),
  },
  {
    name: 'run a meeting',
    method: 'POST',
    url: (_s, f) => `/api/v1/meetings/${f.soon}/run`,
    payload: () => ({ action: 'start' }),
    fresh: ['soon'],
    expect: inNetwork({ facilitator: 200 }),
  },
  {
    name: 'read a recap',
    method: 'GET',
    url: (s) => `/api/v1/meetings/${s.finished.id}/recap`,
    expect: everyMember(200),
  },
  {
    name: 'read a recap not yet out',
    method: 'GET',
    url: (s) => `/api/v1/meetings/${s.upcoming.id}/recap`,
    again: true,
    expect: inNetwork({ facilitator: 200 }),
  },
  {
    name: 'publish a recap',
    method: 'POST',
    url: (_s, f) => `/api/v1/meetings/${f.finished}/recap`,
    payload: () => ({}),
    fresh: ['finished'],
    expect: inNetwork({ facilitator: 200 }),
  },
  {
    name: "read an issue's offers",
    method: 'GET',
    url: (s) => `/api/v1/meeting-issues/${s.issue.id}/offers`,
    expect: everyMember(200),
  },
  {
    name: 'offer something',
    method: 'POST',
    url: (s) => `/api/v1/meeting-issues/${s.issue.id}/offers`,
    payload: () => ({ description: 'A template', dueOn: '2026-12-31' }),
    expect: inNetwork({ member: 201, offerer: 201, facilitator: 201 }),
  },
  { name: 'list my offers', method: 'GET', url: () => '/api/v1/me/offers', expect: everyone(200) },
  {
    name: 'fulfil an offer with a link',
    method: 'POST',
    url: (_s, f) => `/api/v1/meeting-offers/${f.offer}/link`,
    payload: () => ({ link: 'https://docs.example.com/playbook' }),
    fresh: ['offer'],
    expect: inNetwork({ offerer: 200 }),
  },
  {
    name: 'fulfil an offer with a document',
    method: 'PUT',
    url: (_s, f) => `/api/v1/meeting-offers/${f.offer}/file`,
    upload: true,
    fresh: ['offer'],
    expect: inNetwork({ offerer: 200 }),
  },
  {
    name: "download an offer's document",
    method: 'GET',
    url: (s) => `/api/v1/meeting-offers/${s.fulfilled.id}/file`,
    expect: inNetwork({ member: 404, facilitator: 404, author: 200, offerer: 200 }),
  },
  {
    name: 'withdraw an offer',
    method: 'DELETE',
    url: (_s, f) => `/api/v1/meeting-offers/${f.offer}`,
    fresh: ['offer'],
    expect: inNetwork({ offerer: 200 }),
  },
  {
    name: 'record a commitment',
    method: 'POST',
    url: (s) => `/api/v1/meeting-issues/${s.issue.id}/commitments`,
    payload: () => ({ text: 'Try it with one team' }),
    expect: inNetwork({ author: 201, facilitator: 201 }),
  },
  {
    name: 'check in on a commitment',
    method: 'POST',
    url: (_s, f) => `/api/v1/meeting-commitments/${f.commitment}/check-in`,
    payload: () => ({ status: 'done' }),
    fresh: ['commitment'],
    expect: inNetwork({ author: 200, facilitator: 200 }),
  },
];

describe('the meetings policy matrix', () => {
  it('covers every meetings route but the public calendar feed', () => {
    const meetingRoutes = t.app.routeCatalog.filter(
      (route) => /meeting|calendar-feed|\/me\/offers/.test(route.url) && !route.url.startsWith('/api/v1/calendar/'),
    );
    expect(calls.filter((call) => !call.again).length).toBe(meetingRoutes.length);
  });

  it.each(calls)('$name', async (call) => {
    for (const role of roles) {
      const made: Record<string, string> = {};
      for (const key of call.fresh ?? []) made[key] = (await fresh[key]()).id;
      const upload = call.upload
        ? multipart(Buffer.from('%PDF-1.4\n%%EOF\n'), 'doc.pdf', 'application/pdf')
        : undefined;
      const payload = call.payload?.(shared);
      const response = await t.request({
        method: call.method,
        url: call.url(shared, made),
        ...(role === 'anonymous' ? {} : { as: people[role] }),
        ...(upload
          ? { payload: upload.payload, headers: upload.headers }
          : payload === undefined
            ? {}
            : { payload: payload as object }),
      });
      expect(response.statusCode, `${role}: ${response.body.slice(0, 200)}`).toBe(call.expect[role]);
      if (response.statusCode === 404) expect(response.json().error.code).toBe('not_found');
    }
  });

  it('shows a stranger none of the network’s meetings in their own list or calendar', async () => {
    for (const role of ['outsider', 'otherMember', 'hostAdmin'] as const) {
      const mine = await ok<{ items: MeetingView[] }>(
        t.request({ method: 'GET', url: '/api/v1/me/meetings', as: people[role] }),
      );
      expect(mine.items.map((meeting) => meeting.network.id)).not.toContain(circle.id);
    }
    const feed = await t.request({ method: 'GET', url: `/api/v1/calendar/${shared.calendarToken}` });
    // The member turned their feed off in the matrix; an address that no longer works answers 404.
    expect([200, 404]).toContain(feed.statusCode);
    expect(
      (await t.request({ method: 'GET', url: '/api/v1/calendar/not-a-real-token-at-all-000000.ics' })).statusCode,
    ).toBe(404);
  });
});
