import type { NetworkView } from '@roundtable/contract/networks';
import type { PulsePage, PulseResults, PulseView } from '@roundtable/contract/pulses';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { DAY, HOUR } from '../../test/clock.js';
import { apply, createNetwork, joinNetwork, setProfile } from '../../test/networks.js';

/**
 * Every pulse route, called by the seven kinds of people of the networks matrix and by everyone a
 * pulse sets apart: its asker; members asked who are waiting, answered or declined; members of
 * the network left out of the audience by its filter or for working at the asker's company; and a
 * member of another network. The pulse is open, past its deadline (closed by the job queue on the
 * test clock), hidden by a facilitator, or open with results only after the deadline. Each cell
 * is the status that person must get; a cell that changes the pulse gets a fresh one.
 */
type Role =
  | 'anonymous'
  | 'outsider'
  | 'applicant'
  | 'otherMember'
  | 'otherFacilitator'
  | 'filteredOut'
  | 'colleague'
  | 'member'
  | 'respondent'
  | 'decliner'
  | 'asker'
  | 'facilitator'
  | 'hostAdmin';
const roles: Role[] = [
  'anonymous',
  'outsider',
  'applicant',
  'otherMember',
  'otherFacilitator',
  'filteredOut',
  'colleague',
  'member',
  'respondent',
  'decliner',
  'asker',
  'facilitator',
  'hostAdmin',
];
/** Signed in, but not an active member of the pulse's network nor a host admin. */
const strangers = ['outsider', 'applicant', 'otherMember', 'otherFacilitator'] as const;
/** Members of the network the pulse did not ask. */
const notAsked = ['filteredOut', 'colleague'] as const;

let t: TestApp;
let people: Record<Exclude<Role, 'anonymous'>, Person>;
let fillers: Person[];
let circle: NetworkView;
let other: NetworkView;

async function expectOk(response: { statusCode: number; body: string }, status = 200) {
  expect(response.statusCode, response.body).toBe(status);
}

/** Brings a person into the network by application, approved by its facilitator. */
async function admit(person: Person) {
  const applied = await apply(t, person, circle.id, ['A bakery chain']);
  await expectOk(applied, 201);
  await expectOk(
    await t.request({
      method: 'POST',
      url: `/api/v1/networks/${circle.id}/applications/${applied.json().id}/decision`,
      as: people.facilitator,
      payload: { decision: 'approve' },
    }),
  );
  await joinNetwork(t, person, circle);
}

beforeAll(async () => {
  t = await buildTestApp();
  const admin = await t.admin();
  people = {
    outsider: await t.member('Olga Outsider'),
    applicant: await t.member('Abe Applicant'),
    otherMember: await t.member('Oona Other'),
    otherFacilitator: await t.member('Otto Other'),
    filteredOut: await t.member('Flo Filtered'),
    colleague: await t.member('Cole Colleague'),
    member: await t.member('Mia Member'),
    respondent: await t.member('Rhea Respondent'),
    decliner: await t.member('Dee Decliner'),
    asker: await t.member('Asha Asker'),
    facilitator: await t.member('Fay Facilitator'),
    hostAdmin: admin,
  };
  fillers = [await t.member('Phil Filler'), await t.member('Fern Filler')];

  circle = await createNetwork(t, admin, {
    name: 'Finance Chiefs by Application',
    joinPolicy: 'application',
    applicationQuestions: ['What does your company make?'],
  });
  other = await createNetwork(t, admin, { name: 'Other Finance Network', joinPolicy: 'open' });

  // The admin appoints the facilitators, then steps out of the networks, so it is only a host admin.
  for (const [network, person] of [
    [circle, people.facilitator],
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
  await joinNetwork(t, people.otherMember, other);

  // The pulses ask companies of 1,001–5,000 people, and never the asker's own company.
  await setProfile(t, people.asker, { company: 'Acme GmbH', companySize: '1001-5000' });
  await setProfile(t, people.colleague, { company: 'ACME', companySize: '1001-5000' });
  await setProfile(t, people.filteredOut, { companySize: '51-200' });
  await setProfile(t, people.facilitator, { companySize: '51-200' });
  for (const person of [people.member, people.respondent, people.decliner, ...fillers])
    await setProfile(t, person, { companySize: '1001-5000' });
  for (const person of [
    people.asker,
    people.colleague,
    people.filteredOut,
    people.member,
    people.respondent,
    people.decliner,
    ...fillers,
  ])
    await admit(person);
  await expectOk(await apply(t, people.applicant, circle.id, ['A shoe shop']), 201);
});
afterAll(() => t.close());

type Variant = 'open' | 'closed' | 'hidden' | 'afterClose';
type Subject = { pulse: PulseView };

const QUESTIONS = [
  { type: 'single_choice', prompt: 'Do you run a 13-week cash forecast?', options: ['Yes', 'No'] },
  { type: 'text', prompt: 'One tip for peers' },
];
const sheet = (pulse: PulseView) => ({
  answers: [
    { questionId: pulse.questions[0]?.id, value: 0 },
    { questionId: pulse.questions[1]?.id, value: 'Weekly cash calls' },
  ],
});

/**
 * A pulse by the asker to the network's 1,001–5,000 companies (the member, respondent, decliner
 * and two fillers; threshold 3), answered by the respondent and declined by the decliner.
 */
async function makeSubject(variant: Variant, audienceSize = 5): Promise<Subject> {
  const created = await t.request({
    method: 'POST',
    url: `/api/v1/networks/${circle.id}/pulses`,
    as: people.asker,
    payload: {
      title: 'Cash forecasting in practice',
      context: 'Board asks whether we are behind our peers.',
      questions: QUESTIONS,
      threshold: 3,
      audience: { companySizes: ['1001-5000'] },
      resultsVisibility: variant === 'afterClose' ? 'after_close' : 'after_answer',
      // The shortest deadline, so the many pulses closed here move the clock by hours, not months.
      ...(variant === 'closed' ? { closesAt: fromNow(HOUR) } : {}),
    },
  });
  await expectOk(created, 201);
  const pulse = created.json() as PulseView;
  expect(pulse.audienceSize).toBe(audienceSize);
  await expectOk(
    await t.request({
      method: 'POST',
      url: `/api/v1/pulses/${pulse.id}/responses`,
      as: people.respondent,
      payload: sheet(pulse),
    }),
  );
  await expectOk(await t.request({ method: 'POST', url: `/api/v1/pulses/${pulse.id}/decline`, as: people.decliner }));
  if (variant === 'closed') {
    t.clock.advance(HOUR + 1);
    await t.runJobs();
  }
  if (variant === 'hidden')
    await expectOk(
      await t.request({
        method: 'POST',
        url: `/api/v1/pulses/${pulse.id}/moderation`,
        as: people.facilitator,
        payload: { action: 'hide', reason: 'Asks for future prices' },
      }),
    );
  return { pulse };
}

/** Subjects for the calls that change nothing, made again once the clock has moved past them. */
const shared = new Map<Variant, { at: number; subject: Subject }>();
async function sharedSubject(variant: Variant): Promise<Subject> {
  const cached = shared.get(variant);
  if (cached && cached.at === t.clock.now().getTime()) return cached.subject;
  const subject = await makeSubject(variant);
  shared.set(variant, { at: t.clock.now().getTime(), subject });
  return subject;
}

type Expect = Record<Role, number>;
type Call = {
  name: string;
  method: 'GET' | 'POST';
  url: (subject: Subject) => string;
  payload?: (subject: Subject) => Record<string, unknown>;
  /** Calls that change the pulse get a fresh one for every cell. */
  changes?: boolean;
  expect: Expect;
  check?: (response: LightMyRequestResponse, role: Role, subject: Subject) => void;
};

/** A call on one pulse: nobody outside those who may read it learns it exists. */
const onPulse = (cells: Partial<Record<Exclude<Role, 'anonymous' | (typeof strangers)[number]>, number>>): Expect => ({
  anonymous: 401,
  outsider: 404,
  applicant: 404,
  otherMember: 404,
  otherFacilitator: 404,
  filteredOut: 404,
  colleague: 404,
  member: 403,
  respondent: 403,
  decliner: 403,
  asker: 403,
  facilitator: 403,
  hostAdmin: 403,
  ...cells,
});
/** A call on the network: its members may, strangers learn nothing. */
const onNetwork = (member: number, hostAdmin: number): Expect => ({
  anonymous: 401,
  outsider: 404,
  applicant: 404,
  otherMember: 404,
  otherFacilitator: 404,
  filteredOut: member,
  colleague: member,
  member,
  respondent: member,
  decliner: member,
  asker: member,
  facilitator: member,
  hostAdmin,
});
const anyoneSignedIn: Expect = {
  ...onNetwork(200, 200),
  outsider: 200,
  applicant: 200,
  otherMember: 200,
  otherFacilitator: 200,
};
const readers = { member: 200, respondent: 200, decliner: 200, asker: 200, facilitator: 200, hostAdmin: 200 } as const;

/** Whether the page lists the subject, for the roles given. */
const lists =
  (who: readonly Role[]) =>
  (response: LightMyRequestResponse, role: Role, subject: Subject): void => {
    const ids = (response.json() as PulsePage).items.map((item) => item.id);
    expect(ids.includes(subject.pulse.id), `${role} lists it`).toBe(who.includes(role));
  };

const later = (subject: Subject) => new Date(Date.parse(subject.pulse.closesAt) + DAY).toISOString();
const fromNow = (ms: number) => new Date(t.clock.now().getTime() + ms).toISOString();

function callsFor(variant: Variant): Call[] {
  const open = variant === 'open' || variant === 'afterClose';
  const isClosed = variant === 'closed';
  const isHidden = variant === 'hidden';
  /** Those asked, who lose a hidden pulse like one that does not exist. */
  const asked = (status: number) =>
    isHidden
      ? { member: 404, respondent: 404, decliner: 404 }
      : { member: status, respondent: status, decliner: status };
  const resultsCells = isClosed
    ? readers
    : {
        asker: 200,
        ...asked(403),
        ...(variant === 'open' ? { respondent: 200 } : {}),
      };
  const seenInNetwork: Role[] = isHidden
    ? ['facilitator', 'hostAdmin']
    : ['member', 'respondent', 'decliner', 'asker', 'facilitator', 'hostAdmin'];
  return [
    {
      name: 'ask a pulse',
      method: 'POST',
      url: () => `/api/v1/networks/${circle.id}/pulses`,
      payload: () => ({ title: 'Audit fees', context: '', questions: QUESTIONS, threshold: 3 }),
      // Host admins moderate networks they are not part of; they do not ask them.
      expect: onNetwork(201, 403),
    },
    {
      name: "list the network's pulses",
      method: 'GET',
      url: () => `/api/v1/networks/${circle.id}/pulses`,
      expect: onNetwork(200, 200),
      check: lists(seenInNetwork),
    },
    {
      name: 'list the pulses waiting for me',
      method: 'GET',
      url: () => '/api/v1/me/pulses?box=waiting',
      expect: anyoneSignedIn,
      check: lists(open ? ['member'] : []),
    },
    {
      name: 'list the pulses I answered',
      method: 'GET',
      url: () => '/api/v1/me/pulses?box=answered',
      expect: anyoneSignedIn,
      check: lists(isHidden ? [] : ['respondent']),
    },
    {
      name: 'list the pulses I asked',
      method: 'GET',
      url: () => '/api/v1/me/pulses?box=asked',
      expect: anyoneSignedIn,
      check: lists(['asker']),
    },
    {
      name: 'list all my pulses',
      method: 'GET',
      url: () => '/api/v1/me/pulses?box=all',
      expect: anyoneSignedIn,
      check: lists(isHidden ? [] : ['member', 'respondent', 'decliner']),
    },
    {
      name: 'read the pulse',
      method: 'GET',
      url: (s) => `/api/v1/pulses/${s.pulse.id}`,
      expect: onPulse({ ...readers, ...asked(200) }),
      check: (response, role) => {
        const view = response.json() as PulseView;
        expect(view.hiddenReason).toBe(isHidden && role !== 'member' ? 'Asks for future prices' : null);
      },
    },
    {
      name: 'answer',
      method: 'POST',
      url: (s) => `/api/v1/pulses/${s.pulse.id}/responses`,
      payload: (s) => sheet(s.pulse),
      changes: true,
      expect: onPulse(asked(open ? 200 : 403)),
    },
    {
      name: 'decline',
      method: 'POST',
      url: (s) => `/api/v1/pulses/${s.pulse.id}/decline`,
      changes: true,
      expect: onPulse({ ...asked(403), ...(open ? { member: 200 } : {}) }),
    },
    {
      name: 'see the results',
      method: 'GET',
      url: (s) => `/api/v1/pulses/${s.pulse.id}/results`,
      expect: onPulse(resultsCells),
      check: (response, role) => {
        const results = response.json() as PulseResults;
        // One answer of the three needed: the count and nothing else.
        expect(results).toMatchObject({ responseCount: 1, threshold: 3, visible: false });
        expect(results.questions).toBeUndefined();
        expect('curve' in results).toBe(role === 'asker');
      },
    },
    {
      name: 'break the results down',
      method: 'GET',
      url: (s) => `/api/v1/pulses/${s.pulse.id}/results?by=companySize`,
      // Breakdowns come from the copy taken at the first close.
      expect: onPulse({ ...asked(403), asker: isClosed ? 200 : 403 }),
    },
    {
      name: 'download the results',
      method: 'GET',
      url: (s) => `/api/v1/pulses/${s.pulse.id}/results.csv`,
      expect: onPulse(resultsCells),
      check: (response) => {
        expect(response.headers['content-type']).toContain('text/csv');
        expect(response.body).toContain('hidden below the threshold');
      },
    },
    {
      name: 'close early',
      method: 'POST',
      url: (s) => `/api/v1/pulses/${s.pulse.id}/close`,
      changes: true,
      expect: onPulse({ ...asked(403), asker: open ? 200 : 403 }),
    },
    {
      name: 'extend',
      method: 'POST',
      url: (s) => `/api/v1/pulses/${s.pulse.id}/extend`,
      payload: (s) => ({ closesAt: later(s) }),
      changes: true,
      expect: onPulse({ ...asked(403), asker: open ? 200 : 403 }),
    },
    {
      name: 're-open',
      method: 'POST',
      url: (s) => `/api/v1/pulses/${s.pulse.id}/reopen`,
      payload: () => ({ closesAt: fromNow(DAY) }),
      changes: true,
      expect: onPulse({ ...asked(403), asker: isClosed ? 200 : 403 }),
    },
    {
      name: 'hide',
      method: 'POST',
      url: (s) => `/api/v1/pulses/${s.pulse.id}/moderation`,
      payload: () => ({ action: 'hide', reason: 'Asks for future prices' }),
      changes: true,
      expect: onPulse({ ...asked(403), facilitator: 200, hostAdmin: 200 }),
    },
    {
      name: 'show again',
      method: 'POST',
      url: (s) => `/api/v1/pulses/${s.pulse.id}/moderation`,
      payload: () => ({ action: 'unhide' }),
      changes: true,
      expect: onPulse({ ...asked(403), facilitator: 200, hostAdmin: 200 }),
    },
  ];
}

const codeOf: Record<number, string> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' };

describe.each([
  ['an open pulse', 'open'],
  ['a pulse past its deadline', 'closed'],
  ['a hidden pulse', 'hidden'],
  ['an open pulse showing results only after the deadline', 'afterClose'],
] as const)('%s', (_label, variant) => {
  const cells = callsFor(variant).flatMap((spec) => roles.map((role) => [spec.name, role, spec] as const));
  it.each(cells)('%s as %s', async (_name, role, spec) => {
    const subject = spec.changes ? await makeSubject(variant) : await sharedSubject(variant);
    const expected = spec.expect[role];
    const response = await t.request({
      method: spec.method,
      url: spec.url(subject),
      ...(role === 'anonymous' ? {} : { as: people[role] }),
      ...(spec.payload ? { payload: spec.payload(subject) } : {}),
    });
    expect(response.statusCode, response.body).toBe(expected);
    if (expected >= 400) {
      expect(Object.keys(response.json())).toEqual(['error']);
      expect(response.json().error.code).toBe(codeOf[expected]);
    } else {
      spec.check?.(response, role, subject);
    }
  });
});

describe('what reaches people the pulse did not ask', () => {
  it('answers them exactly as for a pulse that does not exist, and names nothing of it', async () => {
    const { pulse } = await makeSubject('open');
    const missingId = '00000000-0000-4000-8000-000000000000';
    const paths = ['', '/results', '/results.csv', '/results?by=region'];
    const posts = ['/responses', '/decline', '/close', '/extend', '/reopen', '/moderation'];
    for (const role of [...strangers, ...notAsked]) {
      for (const [method, path] of [
        ...paths.map((path) => ['GET', path] as const),
        ...posts.map((path) => ['POST', path] as const),
      ]) {
        const payload =
          path === '/moderation'
            ? { action: 'unhide' }
            : path === '/responses'
              ? sheet(pulse)
              : { closesAt: later({ pulse }) };
        const asPayload = method === 'POST' && path !== '/decline' && path !== '/close' ? { payload } : {};
        const seen = await t.request({
          method,
          url: `/api/v1/pulses/${pulse.id}${path}`,
          as: people[role],
          ...asPayload,
        });
        const absent = await t.request({
          method,
          url: `/api/v1/pulses/${missingId}${path}`,
          as: people[role],
          ...asPayload,
        });
        expect(seen.statusCode, `${role} ${method} ${path}`).toBe(404);
        expect(seen.json(), `${role} ${method} ${path}`).toEqual(absent.json());
        expect(seen.body).not.toContain('Cash forecasting');
      }
    }
  });

  it('does not ask members who join after the pulse was published', async () => {
    const { pulse } = await makeSubject('open');
    const late = await t.member('Lou Latecomer');
    await setProfile(t, late, { companySize: '1001-5000' });
    await admit(late);
    expect((await t.request({ method: 'GET', url: `/api/v1/pulses/${pulse.id}`, as: late })).statusCode).toBe(404);
    const waiting = (
      await t.request({ method: 'GET', url: '/api/v1/me/pulses?box=waiting', as: late })
    ).json() as PulsePage;
    expect(waiting.items).toEqual([]);
    await expectOk(await t.request({ method: 'POST', url: `/api/v1/networks/${circle.id}/leave`, as: late }));
  });

  it('takes the pulse away from members who leave or are removed after being asked', async () => {
    const leaver = await t.member('Lee Leaver');
    const removed = await t.member('Rita Removed');
    for (const person of [leaver, removed]) {
      await setProfile(t, person, { companySize: '1001-5000' });
      await admit(person);
    }
    const { pulse } = await makeSubject('open', 7);
    await expectOk(await t.request({ method: 'POST', url: `/api/v1/networks/${circle.id}/leave`, as: leaver }));
    await expectOk(
      await t.request({
        method: 'POST',
        url: `/api/v1/networks/${circle.id}/members/${removed.me.id}/removal`,
        as: people.facilitator,
        payload: { reason: 'Shared results outside the network' },
      }),
    );
    for (const person of [leaver, removed]) {
      for (const [method, path] of [
        ['GET', ''],
        ['GET', '/results'],
        ['POST', '/responses'],
        ['POST', '/decline'],
      ] as const) {
        const response = await t.request({
          method,
          url: `/api/v1/pulses/${pulse.id}${path}`,
          as: person,
          ...(path === '/responses' ? { payload: sheet(pulse) } : {}),
        });
        expect(response.statusCode, `${person.me.name} ${method} ${path}`).toBe(404);
      }
      const inbox = (
        await t.request({ method: 'GET', url: '/api/v1/me/pulses?box=all', as: person })
      ).json() as PulsePage;
      expect(inbox.items.map((item) => item.id)).not.toContain(pulse.id);
    }
  });
});
