import type { NetworkView } from '@roundtable/contract/networks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { apply, createNetwork, joinNetwork } from '../../test/networks.js';

/**
 * Every route of networks, memberships and invitations, called by each of the seven kinds of
 * people, against a listed network that takes members by application and an unlisted one that
 * takes them by invitation only. Each cell is the status that person must get.
 */
type Role = 'anonymous' | 'outsider' | 'applicant' | 'member' | 'otherFacilitator' | 'facilitator' | 'hostAdmin';
const roles: Role[] = ['anonymous', 'outsider', 'applicant', 'member', 'otherFacilitator', 'facilitator', 'hostAdmin'];

let t: TestApp;
let people: Record<Exclude<Role, 'anonymous'>, Person>;
let byApplication: NetworkView;
let hidden: NetworkView;
let bystander: Person;

async function acceptInviteLink(network: NetworkView, by: Person, person: Person) {
  const link = await t.request({
    method: 'POST',
    url: `/api/v1/networks/${network.id}/invite-links`,
    as: by,
    payload: { expiresInDays: 7, maxUses: 1 },
  });
  expect(link.statusCode, link.body).toBe(201);
  const token = new URL(link.json().url).pathname.split('/').at(-1);
  const accepted = await t.request({
    method: 'POST',
    url: `/api/v1/invitations/${token}/accept`,
    as: person,
    payload: { charterVersion: network.charterVersion },
  });
  expect(accepted.statusCode, accepted.body).toBe(200);
  expect(accepted.json().joined).toBe(true);
}

beforeAll(async () => {
  t = await buildTestApp();
  const admin = await t.admin();
  const facilitator = await t.member('Fay Facilitator');
  const otherFacilitator = await t.member('Otto Other');
  const member = await t.member('Mia Member');
  const applicant = await t.member('Abe Applicant');
  const outsider = await t.member('Olga Outsider');
  bystander = await t.member('Ben Bystander');
  people = { outsider, applicant, member, otherFacilitator, facilitator, hostAdmin: admin };

  byApplication = await createNetwork(t, admin, {
    name: 'Founders by Application',
    joinPolicy: 'application',
    listed: true,
    applicationQuestions: ['What are you building?'],
  });
  hidden = await createNetwork(t, admin, { name: 'Quiet Founders Room', joinPolicy: 'invitation', listed: false });
  const other = await createNetwork(t, admin, { name: 'Other Network', joinPolicy: 'open', listed: true });

  // The admin appoints the facilitators, then steps out of the networks, so it is only a host admin.
  for (const [network, person] of [
    [byApplication, facilitator],
    [hidden, facilitator],
    [other, otherFacilitator],
  ] as const) {
    const appointed = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${network.id}/facilitators`,
      as: admin,
      payload: { memberId: person.me.id },
    });
    expect(appointed.statusCode, appointed.body).toBe(200);
    const accepted = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${network.id}/charter/accept`,
      as: person,
      payload: { charterVersion: network.charterVersion },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const stepDown = await t.request({
      method: 'DELETE',
      url: `/api/v1/networks/${network.id}/facilitators/${admin.me.id}`,
      as: admin,
    });
    expect(stepDown.statusCode, stepDown.body).toBe(200);
    const left = await t.request({ method: 'POST', url: `/api/v1/networks/${network.id}/leave`, as: admin });
    expect(left.statusCode, left.body).toBe(200);
  }

  const applied = await apply(t, member, byApplication.id, ['A bakery chain']);
  expect(applied.statusCode, applied.body).toBe(201);
  const decided = await t.request({
    method: 'POST',
    url: `/api/v1/networks/${byApplication.id}/applications/${applied.json().id}/decision`,
    as: facilitator,
    payload: { decision: 'approve' },
  });
  expect(decided.statusCode, decided.body).toBe(200);
  await joinNetwork(t, member, byApplication);
  const pending = await apply(t, applicant, byApplication.id, ['A shoe shop']);
  expect(pending.statusCode, pending.body).toBe(201);

  await acceptInviteLink(hidden, facilitator, member);
  await acceptInviteLink(hidden, facilitator, bystander);
});
afterAll(() => t.close());

type Call = {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: () => string;
  payload?: () => Record<string, unknown>;
  expect: Record<Role, number>;
};

const listedCalls: Call[] = [
  {
    name: 'read the network',
    method: 'GET',
    url: () => `/api/v1/networks/${byApplication.id}`,
    expect: {
      anonymous: 401,
      outsider: 200,
      applicant: 200,
      member: 200,
      otherFacilitator: 200,
      facilitator: 200,
      hostAdmin: 200,
    },
  },
  {
    name: 'list the members',
    method: 'GET',
    url: () => `/api/v1/networks/${byApplication.id}/members`,
    expect: {
      anonymous: 401,
      outsider: 403,
      applicant: 403,
      member: 200,
      otherFacilitator: 403,
      facilitator: 200,
      hostAdmin: 200,
    },
  },
  {
    name: 'list the applications',
    method: 'GET',
    url: () => `/api/v1/networks/${byApplication.id}/applications`,
    expect: {
      anonymous: 401,
      outsider: 403,
      applicant: 403,
      member: 403,
      otherFacilitator: 403,
      facilitator: 200,
      hostAdmin: 200,
    },
  },
  {
    name: 'list the invitations',
    method: 'GET',
    url: () => `/api/v1/networks/${byApplication.id}/invitations`,
    expect: {
      anonymous: 401,
      outsider: 403,
      applicant: 403,
      member: 403,
      otherFacilitator: 403,
      facilitator: 200,
      hostAdmin: 200,
    },
  },
  {
    name: 'edit the network',
    method: 'PATCH',
    url: () => `/api/v1/networks/${byApplication.id}`,
    payload: () => ({ cadence: 'weekly' }),
    expect: {
      anonymous: 401,
      outsider: 403,
      applicant: 403,
      member: 403,
      otherFacilitator: 403,
      facilitator: 200,
      hostAdmin: 200,
    },
  },
  {
    name: 'invite by email',
    method: 'POST',
    url: () => `/api/v1/networks/${byApplication.id}/invitations`,
    payload: () => ({ emails: ['guest@example.com'] }),
    expect: {
      anonymous: 401,
      outsider: 403,
      applicant: 403,
      member: 403,
      otherFacilitator: 403,
      facilitator: 201,
      hostAdmin: 201,
    },
  },
  {
    name: 'join without being admitted',
    method: 'POST',
    url: () => `/api/v1/networks/${byApplication.id}/join`,
    payload: () => ({ charterVersion: 1 }),
    expect: {
      anonymous: 401,
      outsider: 403,
      applicant: 403,
      member: 409,
      otherFacilitator: 403,
      facilitator: 409,
      hostAdmin: 403,
    },
  },
  {
    name: 'apply',
    method: 'POST',
    url: () => `/api/v1/networks/${byApplication.id}/applications`,
    payload: () => ({ why: 'Curious', contribution: 'Time', answers: ['Things'] }),
    expect: {
      anonymous: 401,
      outsider: 201,
      applicant: 409,
      member: 403,
      otherFacilitator: 201,
      facilitator: 403,
      hostAdmin: 201,
    },
  },
  {
    name: 'remove a member',
    method: 'POST',
    url: () => `/api/v1/networks/${byApplication.id}/members/${people.member.me.id}/removal`,
    payload: () => ({ reason: 'Testing who may' }),
    // Facilitators and admins really remove; that is the flow tests' business.
    expect: {
      anonymous: 401,
      outsider: 403,
      applicant: 403,
      member: 403,
      otherFacilitator: 403,
      facilitator: -1,
      hostAdmin: -1,
    },
  },
  {
    name: 'decide a proposal (the network is not one)',
    method: 'POST',
    url: () => `/api/v1/networks/${byApplication.id}/proposal-decision`,
    payload: () => ({ decision: 'approve' }),
    expect: {
      anonymous: 401,
      outsider: 403,
      applicant: 403,
      member: 403,
      otherFacilitator: 403,
      facilitator: 403,
      hostAdmin: 403,
    },
  },
];

/** The unlisted network: nobody outside it may learn it exists. */
const hiddenCalls: Call[] = [
  {
    name: 'read the network',
    method: 'GET',
    url: () => `/api/v1/networks/${hidden.id}`,
    expect: {
      anonymous: 401,
      outsider: 404,
      applicant: 404,
      member: 200,
      otherFacilitator: 404,
      facilitator: 200,
      hostAdmin: 200,
    },
  },
  {
    name: 'read it by slug',
    method: 'GET',
    url: () => `/api/v1/networks/${hidden.slug}`,
    expect: {
      anonymous: 401,
      outsider: 404,
      applicant: 404,
      member: 200,
      otherFacilitator: 404,
      facilitator: 200,
      hostAdmin: 200,
    },
  },
  {
    name: 'list the members',
    method: 'GET',
    url: () => `/api/v1/networks/${hidden.id}/members`,
    expect: {
      anonymous: 401,
      outsider: 404,
      applicant: 404,
      member: 200,
      otherFacilitator: 404,
      facilitator: 200,
      hostAdmin: 200,
    },
  },
  {
    name: 'list the applications',
    method: 'GET',
    url: () => `/api/v1/networks/${hidden.id}/applications`,
    expect: {
      anonymous: 401,
      outsider: 404,
      applicant: 404,
      member: 403,
      otherFacilitator: 404,
      facilitator: 200,
      hostAdmin: 200,
    },
  },
  {
    name: 'edit the network',
    method: 'PATCH',
    url: () => `/api/v1/networks/${hidden.id}`,
    payload: () => ({ cadence: 'weekly' }),
    expect: {
      anonymous: 401,
      outsider: 404,
      applicant: 404,
      member: 403,
      otherFacilitator: 404,
      facilitator: 200,
      hostAdmin: 200,
    },
  },
  {
    name: 'create an invite link',
    method: 'POST',
    url: () => `/api/v1/networks/${hidden.id}/invite-links`,
    payload: () => ({ expiresInDays: 7 }),
    expect: {
      anonymous: 401,
      outsider: 404,
      applicant: 404,
      member: 403,
      otherFacilitator: 404,
      facilitator: 201,
      hostAdmin: 201,
    },
  },
  {
    name: 'join',
    method: 'POST',
    url: () => `/api/v1/networks/${hidden.id}/join`,
    payload: () => ({ charterVersion: 1 }),
    expect: {
      anonymous: 401,
      outsider: 404,
      applicant: 404,
      member: 409,
      otherFacilitator: 404,
      facilitator: 409,
      hostAdmin: 403,
    },
  },
  {
    name: 'apply (it takes invitations only)',
    method: 'POST',
    url: () => `/api/v1/networks/${hidden.id}/applications`,
    payload: () => ({ why: 'Curious', contribution: 'Time' }),
    expect: {
      anonymous: 401,
      outsider: 404,
      applicant: 404,
      member: 403,
      otherFacilitator: 404,
      facilitator: 403,
      hostAdmin: 403,
    },
  },
  {
    name: 'appoint a facilitator',
    method: 'POST',
    url: () => `/api/v1/networks/${hidden.id}/facilitators`,
    payload: () => ({ memberId: people.member.me.id }),
    expect: {
      anonymous: 401,
      outsider: 404,
      applicant: 404,
      member: 403,
      otherFacilitator: 404,
      facilitator: 200,
      hostAdmin: 200,
    },
  },
];

const call = (spec: Call, role: Role) =>
  t.request({
    method: spec.method,
    url: spec.url(),
    ...(role === 'anonymous' ? {} : { as: people[role] }),
    ...(spec.payload ? { payload: spec.payload() } : {}),
  });

describe.each([
  ['a listed network by application', listedCalls],
  ['an unlisted network by invitation', hiddenCalls],
] as const)('%s', (_label, calls) => {
  const cells = calls.flatMap((spec) => roles.map((role) => [spec.name, role, spec] as const));
  it.each(cells)('%s as %s', async (_name, role, spec) => {
    const expected = spec.expect[role];
    if (expected < 0) return;
    const response = await call(spec, role);
    expect(response.statusCode, response.body).toBe(expected);
    if (expected >= 400) expect(Object.keys(response.json())).toEqual(['error']);
  });
});

describe('what reaches people outside an unlisted network', () => {
  it('never shows it in the directory to non-members, only to members', async () => {
    const names = async (role: Exclude<Role, 'anonymous'>) =>
      (await t.request({ method: 'GET', url: '/api/v1/networks?sort=name', as: people[role] }))
        .json()
        .items.map((n: { name: string }) => n.name);
    for (const role of ['outsider', 'applicant', 'otherFacilitator', 'hostAdmin'] as const) {
      expect(await names(role), role).toContain('Founders by Application');
      expect(await names(role), role).not.toContain('Quiet Founders Room');
    }
    for (const role of ['member', 'facilitator'] as const)
      expect(await names(role), role).toContain('Quiet Founders Room');
  });

  it('answers outsiders exactly like a network that does not exist, with no member name in any answer', async () => {
    const missing = await t.request({ method: 'GET', url: '/api/v1/networks/no-such-network', as: people.outsider });
    for (const path of ['', '/members', '/applications', '/invitations']) {
      const response = await t.request({
        method: 'GET',
        url: `/api/v1/networks/${hidden.id}${path}`,
        as: people.outsider,
      });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual(missing.json());
      expect(response.body).not.toContain('Mia Member');
      expect(response.body).not.toContain('Ben Bystander');
    }
  });

  it('shows an applicant the network and its charter but not who is in it', async () => {
    const network = await t.request({
      method: 'GET',
      url: `/api/v1/networks/${byApplication.id}`,
      as: people.applicant,
    });
    expect(network.json().viewer).toMatchObject({ role: null, application: { status: 'pending' }, admitted: false });
    expect(network.json().viewer.abilities).toMatchObject({ readMembers: false, join: false, apply: false });
    expect(network.body).not.toContain('Mia Member');
  });

  it('gives each viewer the abilities its role allows', async () => {
    const abilitiesOf = async (role: Exclude<Role, 'anonymous'> | 'bystander') =>
      (
        await t.request({
          method: 'GET',
          url: `/api/v1/networks/${hidden.id}`,
          as: role === 'bystander' ? bystander : people[role],
        })
      ).json().viewer.abilities;
    // The bystander stays a plain member; the matrix above made Mia a facilitator.
    expect(await abilitiesOf('bystander')).toMatchObject({
      readMembers: true,
      manage: false,
      review: false,
      invite: false,
      leave: true,
    });
    expect(await abilitiesOf('facilitator')).toMatchObject({
      readMembers: true,
      manage: true,
      review: true,
      invite: true,
    });
    expect(await abilitiesOf('hostAdmin')).toMatchObject({
      readMembers: true,
      manage: true,
      review: true,
      leave: false,
    });
  });
});
