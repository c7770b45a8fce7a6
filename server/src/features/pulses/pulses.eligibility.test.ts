import type { PulseView } from '@roundtable/contract/pulses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { HOUR } from '../../test/clock.js';
import { createNetwork, joinNetwork } from '../../test/networks.js';

/**
 * In an open network anyone may join with a fresh account; one person with several could answer a
 * pulse often enough to cross its threshold alone. A host closes that door with two settings.
 */
let t: TestApp;
let admin: Person;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.admin();
});
afterAll(() => t.close());

const settings = (payload: Record<string, unknown>) =>
  t.request({ method: 'PATCH', url: '/api/v1/instance/settings', as: admin, payload });
const verify = (person: Person) =>
  t.database.db
    .updateTable('users')
    .set({ emailVerifiedAt: t.clock.now().toISOString() })
    .where('id', '=', person.me.id)
    .execute();

async function ask(as: Person, networkId: string): Promise<{ status: number; pulse: PulseView }> {
  const response = await t.request({
    method: 'POST',
    url: `/api/v1/networks/${networkId}/pulses`,
    as,
    payload: {
      title: 'Audit fees',
      context: '',
      questions: [{ type: 'single_choice', prompt: 'Did fees rise?', options: ['Yes', 'No'] }],
      threshold: 3,
    },
  });
  return { status: response.statusCode, pulse: response.json() };
}

describe('who a pulse asks, under the host’s rules against made-up thresholds', () => {
  it('asks only members who confirmed their email, and of some days’ standing, when the host says so', async () => {
    const circle = await createNetwork(t, admin, { name: 'Open Eligibility Circle', joinPolicy: 'open' });
    const asker = await t.member('Asker Eligible');
    await joinNetwork(t, asker, circle);
    const confirmed: Person[] = [];
    for (const name of ['Ada Confirmed', 'Bo Confirmed', 'Cy Confirmed']) {
      const peer = await t.member(name);
      await joinNetwork(t, peer, circle);
      await verify(peer);
      confirmed.push(peer);
    }
    const sockPuppets: Person[] = [];
    for (const name of ['Puppet One', 'Puppet Two', 'Puppet Three']) {
      const puppet = await t.member(name);
      await joinNetwork(t, puppet, circle);
      sockPuppets.push(puppet);
    }
    // By default everyone is asked: the host admin, three confirmed members, three unconfirmed.
    expect((await ask(asker, circle.id)).pulse.audienceSize).toBe(7);

    expect((await settings({ pulsesAskVerifiedOnly: true })).json()).toMatchObject({ pulsesAskVerifiedOnly: true });
    const verifiedOnly = await ask(asker, circle.id);
    // The host admin signed up first and confirmed nothing either.
    expect(verifiedOnly.pulse.audienceSize).toBe(3);
    const status = async (as: Person) =>
      (await t.request({ method: 'GET', url: `/api/v1/pulses/${verifiedOnly.pulse.id}`, as })).statusCode;
    for (const puppet of sockPuppets) expect(await status(puppet)).toBe(404);
    for (const peer of confirmed) expect(await status(peer)).toBe(200);

    // Members of under a week's standing are not asked either; a week later they are.
    expect((await settings({ pulsesMinimumMemberDays: 7 })).json()).toMatchObject({ pulsesMinimumMemberDays: 7 });
    const tooNew = await ask(asker, circle.id);
    expect(tooNew.status).toBe(400);
    t.clock.advance(7 * 24 * HOUR);
    expect((await ask(asker, circle.id)).pulse.audienceSize).toBe(3);
  });

  it('refuses a standing beyond 90 days or below 0 with 400, and changes nothing', async () => {
    const before = (await t.request({ method: 'GET', url: '/api/v1/instance/settings', as: admin })).json();
    for (const days of [91, -1, 1.5]) {
      const response = await settings({ pulsesMinimumMemberDays: days });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'validation_failed' });
    }
    expect((await t.request({ method: 'GET', url: '/api/v1/instance/settings', as: admin })).json()).toEqual(before);
  });

  it('lets only a host admin change the rules', async () => {
    const member = await t.member('Not An Admin');
    const response = await t.request({
      method: 'PATCH',
      url: '/api/v1/instance/settings',
      as: member,
      payload: { pulsesAskVerifiedOnly: false },
    });
    expect(response.statusCode).toBe(403);
  });
});
