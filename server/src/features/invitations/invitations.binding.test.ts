import type { NetworkView } from '@roundtable/contract/networks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../platform/events.js';
import { buildTestApp, type Person, type TestApp, uniqueEmail, verifyEmail } from '../../test/app.js';
import { HOUR } from '../../test/clock.js';
import { createNetwork } from '../../test/networks.js';
import { userChannel } from '../notifications/notifications.service.js';

/*
 * An emailed invitation belongs to the address it was sent to: only an account that proved it owns
 * that address hears of it in the app or may accept it. And nobody sends invitations in bulk.
 */

let t: TestApp;
let admin: Person;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.admin();
});
afterAll(() => t.close());

const unlisted = (name: string) =>
  createNetwork(t, admin, { name, joinPolicy: 'invitation', listed: false, purpose: 'Chief people officers.' });

const invite = (as: Person, network: NetworkView, emails: string[], message?: string) =>
  t.request({
    method: 'POST',
    url: `/api/v1/networks/${network.id}/invitations`,
    as,
    payload: { emails, ...(message ? { message } : {}) },
  });

async function tokenFor(email: string): Promise<string> {
  const message = (await t.outbox(email)).find((mail) => mail.subject.includes('invites you'));
  const match = message?.text.match(/\/invitations\/([A-Za-z0-9_-]+)/);
  if (!match?.[1]) throw new Error(`no invitation for ${email}`);
  return match[1];
}

const accept = (as: Person, token: string) =>
  t.request({ method: 'POST', url: `/api/v1/invitations/${token}/accept`, as, payload: {} });

const notices = async (as: Person) => {
  const page = (await t.request({ method: 'GET', url: '/api/v1/notifications', as })).json() as {
    items: { kind: string; title: string }[];
    unreadCount: number;
  };
  return { kinds: page.items.map((item) => item.kind), unreadCount: page.unreadCount };
};

describe('the in-app invitation notice', () => {
  it('reaches only an account whose email is verified, and appears once it is', async () => {
    const network = await unlisted('Quiet People Circle');
    // Someone signed up with the address before its owner did, and never confirmed it.
    const claimer = await t.signUp({ name: 'Claire Claimer', email: uniqueEmail('owner') });
    const heard: LiveEvent[] = [];
    await t.ctx.events.subscribe(userChannel(claimer.me.id), (event) => heard.push(event));
    expect((await invite(admin, network, [claimer.email])).statusCode).toBe(201);

    expect(await notices(claimer)).toEqual({ kinds: [], unreadCount: 0 });
    expect(heard.filter((event) => event.type === 'notification')).toEqual([]);

    await verifyEmail(t, claimer);
    expect(await notices(claimer)).toEqual({ kinds: ['invitation_received'], unreadCount: 1 });
  });
});

describe('accepting an emailed invitation', () => {
  it('refuses an account with another email, and writes nothing', async () => {
    const network = await unlisted('Bound Circle');
    const invited = uniqueEmail('invited');
    expect((await invite(admin, network, [invited])).statusCode).toBe(201);
    const other = await t.member('Olly Other');
    await verifyEmail(t, other);
    const before = await t.rowCounts();
    const refused = await accept(other, await tokenFor(invited));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('forbidden');
    expect(await t.rowCounts()).toEqual(before);
  });

  it('asks the invited account to confirm its email first, then accepts', async () => {
    const network = await unlisted('Confirmed Circle');
    const person = await t.member('Ivy Invited');
    expect((await invite(admin, network, [person.email])).statusCode).toBe(201);
    const token = await tokenFor(person.email);
    const before = await t.rowCounts();
    const refused = await accept(person, token);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('email_not_verified');
    expect(await t.rowCounts()).toEqual(before);

    await verifyEmail(t, person);
    const accepted = await accept(person, token);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ joined: false });
  });

  it('leaves a shared link usable by anyone', async () => {
    const network = await unlisted('Linked Circle');
    const link = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${network.id}/invite-links`,
      as: admin,
      payload: { expiresInDays: 7 },
    });
    expect(link.statusCode, link.body).toBe(201);
    const token = new URL(link.json().url).pathname.split('/').at(-1) ?? '';
    const stranger = await t.member('Sam Stranger');
    expect((await accept(stranger, token)).statusCode).toBe(200);
  });
});

describe('limits on invitations', () => {
  it('refuses more than 20 emailed invitations an hour from one inviter with 429, writing nothing', async () => {
    const network = await unlisted('Limited Circle');
    const inviter = await t.member('Ina Inviter');
    await t.request({
      method: 'PATCH',
      url: `/api/v1/networks/${network.id}`,
      as: admin,
      payload: { allowMemberInvites: true },
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/networks/${network.id}/facilitators`,
      as: admin,
      payload: { memberId: inviter.me.id },
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/networks/${network.id}/charter/accept`,
      as: inviter,
      payload: { charterVersion: network.charterVersion },
    });
    const batch = (n: number) => Array.from({ length: n }, () => uniqueEmail('bulk'));
    expect((await invite(inviter, network, batch(15))).statusCode).toBe(201);
    const before = await t.rowCounts();
    const refused = await invite(inviter, network, batch(10));
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limited');
    expect(refused.headers['retry-after']).toBeDefined();
    expect(await t.rowCounts()).toEqual(before);
    // What is left of the hour's allowance still goes, and the next hour starts afresh.
    expect((await invite(inviter, network, batch(5))).statusCode).toBe(201);
    expect((await invite(inviter, network, batch(1))).statusCode).toBe(429);
    t.clock.advance(HOUR);
    expect((await invite(inviter, network, batch(10))).statusCode).toBe(201);
  });

  it('refuses a personal message with a link, or longer than 500 characters, writing nothing', async () => {
    const network = await unlisted('Plain Words Circle');
    const before = await t.rowCounts();
    for (const message of [
      'Your account is locked: sign in at https://roundtab1e.example/login to keep it.',
      'Confirm here: www.roundtab1e.example/verify',
      'See roundtab1e.com/login now',
      'x'.repeat(501),
    ]) {
      const refused = await invite(admin, network, [uniqueEmail('plain')], message);
      expect(refused.statusCode, message).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'validation_failed', details: [{ path: '/message' }] });
    }
    expect(await t.rowCounts()).toEqual(before);
    const fine = await invite(
      admin,
      network,
      [uniqueEmail('plain')],
      'We met at the Zurich round table, 3.5 years ago.',
    );
    expect(fine.statusCode).toBe(201);
  });
});
