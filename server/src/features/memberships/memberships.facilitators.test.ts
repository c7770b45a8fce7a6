import type { NetworkView } from '@roundtable/contract/networks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { createNetwork, joinNetwork } from '../../test/networks.js';

/*
 * A facilitator hands the role only to someone already inside: an active member who accepted the
 * charter. Application, charter, conflict screen, size limit and a host admin's removal are not
 * theirs to skip.
 */

let t: TestApp;
let admin: Person;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.admin();
});
afterAll(() => t.close());

const appoint = (as: Person, network: NetworkView, memberId: string) =>
  t.request({ method: 'POST', url: `/api/v1/networks/${network.id}/facilitators`, as, payload: { memberId } });

/** A network run by a facilitator who is not a host admin. */
async function runBy(name: string): Promise<{ network: NetworkView; facilitator: Person }> {
  const network = await createNetwork(t, admin, { name, joinPolicy: 'application' });
  const facilitator = await t.member('Fay Facilitator');
  expect((await appoint(admin, network, facilitator.me.id)).statusCode).toBe(200);
  const accepted = await t.request({
    method: 'POST',
    url: `/api/v1/networks/${network.id}/charter/accept`,
    as: facilitator,
    payload: { charterVersion: network.charterVersion },
  });
  expect(accepted.statusCode, accepted.body).toBeLessThan(300);
  return { network, facilitator };
}

const membershipOf = (network: NetworkView, userId: string) =>
  t.database.db
    .selectFrom('memberships')
    .selectAll()
    .where('networkId', '=', network.id)
    .where('userId', '=', userId)
    .executeTakeFirst();

describe('a facilitator appointing a facilitator', () => {
  it('refuses someone who is not a member, and writes nothing', async () => {
    const { network, facilitator } = await runBy('Applications Circle');
    const outsider = await t.member('Otto Outsider');
    const before = await t.rowCounts();
    const refused = await appoint(facilitator, network, outsider.me.id);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('not_found');
    expect(await t.rowCounts()).toEqual(before);
    expect(await membershipOf(network, outsider.me.id)).toBeUndefined();
  });

  it('cannot undo a host admin’s removal', async () => {
    const { network, facilitator } = await runBy('Removal Circle');
    await t.request({
      method: 'PATCH',
      url: `/api/v1/networks/${network.id}`,
      as: admin,
      payload: { joinPolicy: 'open' },
    });
    const removed = await t.member('Rex Removed');
    await joinNetwork(t, removed, { id: network.id, charterVersion: network.charterVersion });
    const removal = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${network.id}/members/${removed.me.id}/removal`,
      as: admin,
      payload: { reason: 'Breached the confidentiality agreement.' },
    });
    expect(removal.statusCode, removal.body).toBe(200);
    const refused = await appoint(facilitator, network, removed.me.id);
    expect(refused.statusCode).toBe(404);
    expect(await membershipOf(network, removed.me.id)).toMatchObject({ status: 'removed', role: 'member' });
  });

  it('promotes an active member who accepted the charter', async () => {
    const { network, facilitator } = await runBy('Promotion Circle');
    await t.request({
      method: 'PATCH',
      url: `/api/v1/networks/${network.id}`,
      as: admin,
      payload: { joinPolicy: 'open' },
    });
    const member = await t.member('Mia Member');
    await joinNetwork(t, member, { id: network.id, charterVersion: network.charterVersion });
    const promoted = await appoint(facilitator, network, member.me.id);
    expect(promoted.statusCode, promoted.body).toBe(200);
    expect(await membershipOf(network, member.me.id)).toMatchObject({ status: 'active', role: 'facilitator' });
  });
});
