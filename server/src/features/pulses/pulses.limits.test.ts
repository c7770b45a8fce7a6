import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { HOUR } from '../../test/clock.js';
import { createNetwork, joinNetwork } from '../../test/networks.js';

/** A pulse notifies its whole audience; one member may not flood a network with them (issue 14, finding 12). */
let t: TestApp;
let asker: Person;
let networkId: string;
beforeAll(async () => {
  t = await buildTestApp({ rateRules: { pulsesPerAsker: { limit: 2, windowMs: 24 * HOUR } } });
  const admin = await t.admin();
  const circle = await createNetwork(t, admin, { name: 'Limits Circle' });
  networkId = circle.id;
  asker = await t.member('Eager Asker');
  await joinNetwork(t, asker, circle);
  for (const name of ['Peer A', 'Peer B', 'Peer C']) await joinNetwork(t, await t.member(name), circle);
});
afterAll(() => t.close());

const ask = (payload: Record<string, unknown> = {}) =>
  t.request({
    method: 'POST',
    url: `/api/v1/networks/${networkId}/pulses`,
    as: asker,
    payload: {
      title: 'Audit fees',
      context: '',
      questions: [{ type: 'single_choice', prompt: 'Did fees rise?', options: ['Yes', 'No'] }],
      threshold: 3,
      ...payload,
    },
  });

describe('pulses one member asks', () => {
  it('refuses the pulse beyond the daily limit with 429 in the error shape, writing nothing, and allows it a day later', async () => {
    // A refused form costs nothing: the limit counts pulses that could be asked.
    expect((await ask({ threshold: 50 })).statusCode).toBe(400);
    expect((await ask()).statusCode).toBe(201);
    expect((await ask()).statusCode).toBe(201);
    const before = await t.rowCounts();
    const refused = await ask();
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.json().error).toMatchObject({
      code: 'rate_limited',
      message: expect.stringContaining('2 pulses a day'),
    });
    expect(await t.rowCounts()).toEqual(before);
    t.clock.advance(24 * HOUR + 1000);
    expect((await ask()).statusCode).toBe(201);
  });
});
