import type { NetworkView } from '@roundtable/contract/networks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { apply, createNetwork, joinNetwork, setProfile } from '../../test/networks.js';

let t: TestApp;
let admin: Person;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.admin();
});
afterAll(() => t.close());

const post = (as: Person, url: string, payload: Record<string, unknown> = {}) =>
  t.request({ method: 'POST', url, as, payload });
const get = (as: Person, url: string) => t.request({ method: 'GET', url, as });

describe('joining an open network', () => {
  it('joins after accepting the current charter, recording its version and time', async () => {
    const network = await createNetwork(t, admin, { name: 'Open Door' });
    const member = await t.member();
    const joined = await joinNetwork(t, member, network);
    expect(joined).toMatchObject({ memberCount: 2, viewer: { role: 'member', acceptedCharterVersion: 1 } });
    const row = await t.database.db
      .selectFrom('memberships')
      .selectAll()
      .where('networkId', '=', network.id)
      .where('userId', '=', member.me.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'active', acceptedCharterVersion: 1, acceptedCharterAt: row.joinedAt });

    const again = await post(member, `/api/v1/networks/${network.id}/join`, { charterVersion: 1 });
    expect(again.statusCode).toBe(409);
  });

  it('refuses a charter version that is not the current one and writes nothing', async () => {
    const network = await createNetwork(t, admin, { name: 'Versioned Door' });
    await t.request({
      method: 'PATCH',
      url: `/api/v1/networks/${network.id}`,
      as: admin,
      payload: { charter: 'New rules.' },
    });
    const member = await t.member();
    const before = await t.rowCounts();
    const response = await post(member, `/api/v1/networks/${network.id}/join`, { charterVersion: 1 });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'charter_outdated', details: [{ path: '/charterVersion' }] });
    expect(await t.rowCounts()).toEqual(before);
  });

  it('lets a member leave, and a removed member cannot simply rejoin', async () => {
    const network = await createNetwork(t, admin, { name: 'Revolving Door' });
    const leaver = await t.member();
    await joinNetwork(t, leaver, network);
    expect((await post(leaver, `/api/v1/networks/${network.id}/leave`)).statusCode).toBe(200);
    expect((await get(admin, `/api/v1/networks/${network.id}`)).json().memberCount).toBe(1);
    await joinNetwork(t, leaver, network);

    const removal = await post(admin, `/api/v1/networks/${network.id}/members/${leaver.me.id}/removal`, {
      reason: 'Shared a member’s numbers outside the network',
    });
    expect(removal.statusCode).toBe(200);
    await t.runJobs();
    const [email] = await t.outbox(leaver.email);
    expect(email?.subject).toBe('You were removed from Revolving Door');
    expect(email?.text).toContain('Shared a member’s numbers outside the network');
    const members = (await get(admin, `/api/v1/networks/${network.id}/members`)).json();
    expect(members.items.map((m: { member: { id: string } }) => m.member.id)).not.toContain(leaver.me.id);

    const rejoin = await post(leaver, `/api/v1/networks/${network.id}/join`, { charterVersion: 1 });
    expect(rejoin.statusCode).toBe(403);
    const asRemoved = (await get(leaver, `/api/v1/networks/${network.id}`)).json();
    expect(asRemoved.viewer.abilities.join).toBe(false);
  });

  it('keeps the last facilitator from leaving or stepping down', async () => {
    const network = await createNetwork(t, admin, { name: 'Held Door' });
    const leave = await post(admin, `/api/v1/networks/${network.id}/leave`);
    expect(leave.statusCode).toBe(409);
    const stepDown = await t.request({
      method: 'DELETE',
      url: `/api/v1/networks/${network.id}/facilitators/${admin.me.id}`,
      as: admin,
    });
    expect(stepDown.statusCode).toBe(409);
  });

  it('lets only a host admin remove a facilitator', async () => {
    const network = await createNetwork(t, admin, { name: 'Two Keys' });
    const second = await t.member();
    await joinNetwork(t, second, network);
    await post(admin, `/api/v1/networks/${network.id}/facilitators`, { memberId: second.me.id });
    const third = await t.member();
    await joinNetwork(t, third, network);
    await post(admin, `/api/v1/networks/${network.id}/facilitators`, { memberId: third.me.id });
    const byFacilitator = await post(second, `/api/v1/networks/${network.id}/members/${third.me.id}/removal`, {
      reason: 'No',
    });
    expect(byFacilitator.statusCode).toBe(403);
  });
});

describe('the member list', () => {
  it('shows members their peers’ network-only fields, and facilitators who accepted which charter', async () => {
    const network = await createNetwork(t, admin, { name: 'Peers Only' });
    const member = await t.member('Carla Company');
    await setProfile(t, member, { company: 'Acme Widgets', bio: 'Ran plants on three continents.' });
    await joinNetwork(t, member, network);
    const peer = await t.member();
    await joinNetwork(t, peer, network);

    const asPeer = (await get(peer, `/api/v1/networks/${network.id}/members?limit=10`)).json();
    const carla = asPeer.items.find((m: { member: { name: string } }) => m.member.name === 'Carla Company');
    expect(carla.member).toMatchObject({ company: 'Acme Widgets', bio: 'Ran plants on three continents.' });
    expect(carla).not.toHaveProperty('acceptedCharterVersion');
    expect(JSON.stringify(asPeer)).not.toContain('competitors');

    // The shared network also opens those fields on the member page.
    const page = (await get(peer, `/api/v1/members/${member.me.id}`)).json();
    expect(page.company).toBe('Acme Widgets');
    const stranger = await t.member();
    expect((await get(stranger, `/api/v1/members/${member.me.id}`)).json()).not.toHaveProperty('company');

    const asFacilitator = (await get(admin, `/api/v1/networks/${network.id}/members?role=member`)).json();
    expect(asFacilitator.items.map((m: { role: string }) => m.role)).toEqual(['member', 'member']);
    expect(asFacilitator.items[0]).toMatchObject({ acceptedCharterVersion: 1 });
  });

  it('pages by cursor in the order people joined', async () => {
    const network = await createNetwork(t, admin, { name: 'Long List' });
    for (let i = 0; i < 4; i++) {
      t.clock.advance(1000);
      await joinNetwork(t, await t.member(`Member ${i}`), network);
    }
    const first = (await get(admin, `/api/v1/networks/${network.id}/members?limit=3`)).json();
    const second = (
      await get(admin, `/api/v1/networks/${network.id}/members?limit=3&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json();
    expect([...first.items, ...second.items].map((m: { member: { name: string } }) => m.member.name)).toEqual([
      'Harriet Host',
      'Member 0',
      'Member 1',
      'Member 2',
      'Member 3',
    ]);
    expect(second.nextCursor).toBeNull();
  });
});

describe('applications', () => {
  let network: NetworkView;
  let facilitator: Person;
  beforeAll(async () => {
    network = await createNetwork(t, admin, {
      name: 'Vetted Circle',
      joinPolicy: 'application',
      applicationQuestions: ['What is your biggest challenge this year?'],
      conflictRules: { refuseSameCompany: true, refuseCompetitors: true },
    });
    facilitator = admin;
  });

  it('refuses joining an application network directly', async () => {
    const person = await t.member();
    const response = await post(person, `/api/v1/networks/${network.id}/join`, { charterVersion: 1 });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toMatch(/apply/i);
  });

  it('asks for an answer to each question, naming the one missing', async () => {
    const person = await t.member();
    const before = await t.rowCounts();
    const response = await apply(t, person, network.id, ['  ']);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { path: '/answers/0', message: 'answers “What is your biggest challenge this year?” and is required' },
    ]);
    expect(await t.rowCounts()).toEqual(before);
  });

  it('goes from application to approval (emailed) to joining with the charter', async () => {
    const applicant = await t.member('Anna Applicant');
    await setProfile(t, applicant, { company: 'Fresh Foods GmbH', level: 'c_level' });
    const applied = await apply(t, applicant, network.id, ['Hiring']);
    expect(applied.statusCode).toBe(201);
    expect(applied.json()).toMatchObject({ status: 'pending', decisionMessage: null });
    await t.runJobs();
    const [notice] = await t.outbox(admin.email);
    expect(notice?.subject).toBe('Anna Applicant applied to Vetted Circle');
    expect(notice?.headers).toContain('List-Unsubscribe');
    expect(notice?.text).toContain('/networks/vetted-circle/applications');

    const twice = await apply(t, applicant, network.id, ['Hiring']);
    expect(twice.statusCode).toBe(409);

    const queue = (await get(facilitator, `/api/v1/networks/${network.id}/applications`)).json();
    const entry = queue.items.find((a: { applicant: { id: string } }) => a.applicant.id === applicant.me.id);
    expect(entry).toMatchObject({
      status: 'pending',
      why: 'I run finance at a mid-sized firm.',
      answers: [{ question: 'What is your biggest challenge this year?', answer: 'Hiring' }],
      applicant: { name: 'Anna Applicant', company: 'Fresh Foods GmbH' },
      conflicts: [],
    });

    const decided = await post(facilitator, `/api/v1/networks/${network.id}/applications/${entry.id}/decision`, {
      decision: 'approve',
      message: 'Welcome aboard!',
    });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'approved', decidedBy: { id: admin.me.id } });
    await t.runJobs();
    const [approval] = await t.outbox(applicant.email);
    expect(approval?.subject).toBe('You are in: Vetted Circle');
    expect(approval?.text).toContain('Welcome aboard!');
    const again = await post(facilitator, `/api/v1/networks/${network.id}/applications/${entry.id}/decision`, {
      decision: 'decline',
    });
    expect(again.statusCode).toBe(409);

    const view = (await get(applicant, `/api/v1/networks/${network.id}`)).json();
    expect(view.viewer).toMatchObject({ admitted: true, application: { status: 'approved' } });
    expect(view.viewer.abilities.join).toBe(true);
    const joined = await joinNetwork(t, applicant, network);
    expect(joined.viewer).toMatchObject({ role: 'member', admitted: false, application: { status: 'joined' } });
  });

  it('takes one of two applications sent at once, answers the other 409, and tells the facilitators once', async () => {
    const applicant = await t.member('Racing Applicant');
    const [first, second] = await Promise.all([
      apply(t, applicant, network.id, ['Cash']),
      apply(t, applicant, network.id, ['Cash']),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([201, 409]);
    const rows = await t.database.db
      .selectFrom('networkApplications')
      .select('id')
      .where('networkId', '=', network.id)
      .where('userId', '=', applicant.me.id)
      .execute();
    expect(rows).toHaveLength(1);
    const told = await t.database.db
      .selectFrom('notifications')
      .select('id')
      .where('userId', '=', facilitator.me.id)
      .where('title', '=', 'Racing Applicant applied to Vetted Circle')
      .execute();
    expect(told).toHaveLength(1);
  });

  it('declines with a message the applicant reads, and lets them apply again later', async () => {
    const applicant = await t.member();
    const applied = await apply(t, applicant, network.id, ['Pricing']);
    await post(facilitator, `/api/v1/networks/${network.id}/applications/${applied.json().id}/decision`, {
      decision: 'decline',
      message: 'We are full of finance people; try the Operators circle.',
    });
    const view = (await get(applicant, `/api/v1/networks/${network.id}`)).json();
    expect(view.viewer.application).toMatchObject({
      status: 'declined',
      decisionMessage: 'We are full of finance people; try the Operators circle.',
    });
    expect(view.viewer.abilities).toMatchObject({ join: false, apply: true });
    const declined = (await get(facilitator, `/api/v1/networks/${network.id}/applications?status=declined`)).json();
    expect(declined.items.map((a: { id: string }) => a.id)).toContain(applied.json().id);
  });

  it('shows the facilitator the conflicts an applicant brings, and refuses the ones the rules forbid', async () => {
    const incumbent = await t.member('Ivan Incumbent');
    await setProfile(t, incumbent, { company: 'Globex Corporation', competitors: ['Initech'] });
    const approved = await apply(t, incumbent, network.id, ['Growth']);
    await post(facilitator, `/api/v1/networks/${network.id}/applications/${approved.json().id}/decision`, {
      decision: 'approve',
    });
    await joinNetwork(t, incumbent, network);

    const colleague = await t.member('Cleo Colleague');
    await setProfile(t, colleague, { company: 'GLOBEX, Inc.' });
    const rival = await t.member('Rita Rival');
    await setProfile(t, rival, { company: 'Initech' });
    const customer = await t.member('Cody Customer');
    await setProfile(t, customer, { company: 'Umbrella', customers: ['Globex'] });
    const applications = new Map<string, string>();
    for (const person of [colleague, rival, customer]) {
      applications.set(person.me.name, (await apply(t, person, network.id, ['Costs'])).json().id);
    }

    const queue = (await get(facilitator, `/api/v1/networks/${network.id}/applications?limit=50`)).json();
    const conflictsOf = (name: string) =>
      queue.items.find((a: { applicant: { name: string } }) => a.applicant.name === name).conflicts;
    expect(conflictsOf('Cleo Colleague')).toEqual([
      expect.objectContaining({
        kind: 'same_company',
        company: 'Globex Corporation',
        refused: true,
        member: expect.objectContaining({ name: 'Ivan Incumbent' }),
      }),
    ]);
    expect(conflictsOf('Rita Rival')).toEqual([
      expect.objectContaining({ kind: 'declared_by_member', company: 'Initech', refused: true }),
    ]);
    expect(conflictsOf('Cody Customer')).toEqual([expect.objectContaining({ kind: 'customer', refused: false })]);

    const refused = await post(
      facilitator,
      `/api/v1/networks/${network.id}/applications/${applications.get('Cleo Colleague')}/decision`,
      { decision: 'approve' },
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('conflict_of_interest');
    const allowed = await post(
      facilitator,
      `/api/v1/networks/${network.id}/applications/${applications.get('Cody Customer')}/decision`,
      { decision: 'approve' },
    );
    expect(allowed.statusCode).toBe(200);
  });

  it('keeps declared competitors and customers private to the member', async () => {
    const member = await t.member();
    await setProfile(t, member, { company: 'Hooli', competitors: ['Pied Piper', 'pied piper', 'PIED PIPER Inc.'] });
    const me = (await get(member, '/api/v1/me')).json();
    expect(me.profile.competitors).toEqual(['Pied Piper']);
    const peer = (await get(admin, `/api/v1/members/${member.me.id}`)).json();
    expect(peer).not.toHaveProperty('competitors');
  });
});
