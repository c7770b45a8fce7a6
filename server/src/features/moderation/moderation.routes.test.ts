import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { postReply, startThread as startThreadAs, threadWorld } from '../../test/threads.js';

let t: TestApp;
let admin: Person;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.admin();
});
afterAll(() => t.close());

const send = (method: 'POST' | 'PATCH' | 'DELETE', as: Person, url: string, payload?: Record<string, unknown>) =>
  t.request({ method, url, as, ...(payload ? { payload } : {}) });
const get = (as: Person, url: string) => t.request({ method: 'GET', url, as });

const world = (name: string) => threadWorld(t, admin, name);
const startThread = (as: Person, networkId: string, body?: Record<string, unknown>) =>
  startThreadAs(t, as, networkId, body);
const reply = (as: Person, threadId: string, body?: Record<string, unknown>) => postReply(t, as, threadId, body);

describe('moderation', () => {
  it('pins, locks and hides with a reason the author sees, and logs each action', async () => {
    const { network, asker, peer, facilitator } = await world('Mod Circle');
    const thread = await startThread(asker, network.id);
    const rude = await reply(peer, thread.id, { body: 'You should obviously just cut costs.' });
    expect((await send('POST', peer, `/api/v1/threads/${thread.id}/moderation`, { action: 'pin' })).statusCode).toBe(
      403,
    );
    expect(
      (await send('POST', facilitator, `/api/v1/threads/${thread.id}/moderation`, { action: 'pin' })).json(),
    ).toMatchObject({ pinned: true });
    await send('POST', facilitator, `/api/v1/threads/${thread.id}/moderation`, { action: 'lock' });
    const blocked = await send('POST', peer, `/api/v1/threads/${thread.id}/replies`, {
      body: 'More',
      anonymous: false,
    });
    expect(blocked.statusCode).toBe(403);

    const hidden = await send('POST', facilitator, `/api/v1/replies/${rude.id}/moderation`, {
      action: 'hide',
      reason: 'Please keep it personal and respectful.',
    });
    expect(hidden.json()).toMatchObject({ hidden: { reason: 'Please keep it personal and respectful.' } });
    const asAuthor = (await get(peer, `/api/v1/threads/${thread.id}/replies`)).json();
    expect(asAuthor.items[0]).toMatchObject({
      hidden: { reason: 'Please keep it personal and respectful.' },
      body: rude.body,
    });
    const asOther = (await get(asker, `/api/v1/threads/${thread.id}/replies`)).json();
    // Others see that a reply was hidden, neither why nor whose.
    expect(asOther.items[0]).toMatchObject({ hidden: { reason: '' }, author: null, body: '', bodyHtml: '' });
    const log = (await get(admin, '/api/v1/admin/moderation-log')).json();
    expect(log.items.slice(0, 3).map((e: { action: string }) => e.action)).toEqual(['hide', 'lock', 'pin']);
  });

  it('sends flags to the facilitators without naming who flagged', async () => {
    const { network, asker, peer, facilitator } = await world('Flag Circle');
    const thread = await startThread(asker, network.id);
    expect(
      (await send('POST', peer, `/api/v1/threads/${thread.id}/flags`, { reason: 'Names a client' })).statusCode,
    ).toBe(201);
    expect((await send('POST', peer, `/api/v1/threads/${thread.id}/flags`, { reason: 'Again' })).statusCode).toBe(409);
    expect((await get(peer, `/api/v1/networks/${network.id}/flags`)).statusCode).toBe(403);
    const flags = (await get(facilitator, `/api/v1/networks/${network.id}/flags`)).json();
    expect(flags.items).toHaveLength(1);
    expect(JSON.stringify(flags)).not.toContain(peer.me.id);
    const resolved = await send('POST', facilitator, `/api/v1/flags/${flags.items[0].id}/resolve`);
    expect(resolved.json()).toMatchObject({ resolvedAt: expect.any(String) });
  });
});
