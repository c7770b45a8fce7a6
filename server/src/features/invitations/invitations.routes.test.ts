import type { NetworkView } from '@roundtable/contract/networks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  GOOD_PASSWORD,
  type Person,
  sessionCookie,
  type TestApp,
  uniqueEmail,
  verifyEmail,
} from '../../test/app.js';
import { createNetwork, joinNetwork } from '../../test/networks.js';

let t: TestApp;
let admin: Person;
let network: NetworkView;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.admin();
  network = await createNetwork(t, admin, {
    name: 'Invitation Only Round',
    joinPolicy: 'invitation',
    listed: false,
    purpose: 'Chief operating officers of family businesses.',
  });
});
afterAll(() => t.close());

const DAY = 24 * 60 * 60 * 1000;

/** The token of the invitation link in the newest email to this address. */
async function invitationTokenFor(email: string): Promise<string> {
  const [message] = await t.outbox(email);
  const match = message?.text.match(/\/invitations\/([A-Za-z0-9_-]+)/);
  if (!match?.[1]) throw new Error(`no invitation link for ${email}`);
  return match[1];
}

const invite = (as: Person, emails: string[], message?: string) =>
  t.request({
    method: 'POST',
    url: `/api/v1/networks/${network.id}/invitations`,
    as,
    payload: { emails, ...(message ? { message } : {}) },
  });

describe('inviting by email', () => {
  it('emails a one-time link that shows the invitation to someone signed out', async () => {
    const email = uniqueEmail('guest');
    const response = await invite(admin, [email.toUpperCase()], 'You would love this group.');
    expect(response.statusCode).toBe(201);
    expect(response.json().items).toEqual([
      expect.objectContaining({ kind: 'email', email, status: 'pending', uses: 0, maxUses: 1 }),
    ]);
    const [message] = await t.outbox(email);
    expect(message?.subject).toBe('Harriet Host invites you to Invitation Only Round');
    expect(message?.text).toContain('You would love this group.');
    expect(message?.html).toContain('/invitations/');

    const token = await invitationTokenFor(email);
    const preview = await t.request({ method: 'GET', url: `/api/v1/invitations/${token}` });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({
      network: { name: 'Invitation Only Round', charterVersion: 1, memberCount: 1 },
      invitedBy: { name: 'Harriet Host' },
      message: 'You would love this group.',
    });
    expect(preview.body).not.toContain(admin.email);
  });

  it('lets the invited person sign up on an invitation-only instance and join with the charter', async () => {
    const other = await t.member();
    await t.request({
      method: 'PATCH',
      url: '/api/v1/instance/settings',
      as: admin,
      payload: { signUpPolicy: 'invitation' },
    });
    try {
      const email = uniqueEmail('newcomer');
      await invite(admin, [email]);
      const token = await invitationTokenFor(email);

      const closed = await t.request({
        method: 'POST',
        url: '/api/v1/auth/sign-up',
        payload: { email: uniqueEmail('uninvited'), name: 'Uninvited', password: GOOD_PASSWORD },
      });
      expect(closed.statusCode).toBe(403);
      const forged = await t.request({
        method: 'POST',
        url: '/api/v1/auth/sign-up',
        payload: {
          email: uniqueEmail('forger'),
          name: 'Forger',
          password: GOOD_PASSWORD,
          invitationToken: 'x'.repeat(43),
        },
      });
      expect(forged.statusCode).toBe(403);

      const signUp = await t.request({
        method: 'POST',
        url: '/api/v1/auth/sign-up',
        payload: { email, name: 'Nina Newcomer', password: GOOD_PASSWORD, invitationToken: token },
      });
      expect(signUp.statusCode).toBe(201);
      const cookie = sessionCookie(signUp);
      // The invitation is for the owner of the address: the new account proves it first.
      const unconfirmed = await t.request({
        method: 'POST',
        url: `/api/v1/invitations/${token}/accept`,
        as: cookie,
        payload: { charterVersion: 1 },
      });
      expect(unconfirmed.json().error.code).toBe('email_not_verified');
      await verifyEmail(t, { email });

      const accepted = await t.request({
        method: 'POST',
        url: `/api/v1/invitations/${token}/accept`,
        as: cookie,
        payload: { charterVersion: 1 },
      });
      expect(accepted.statusCode).toBe(200);
      expect(accepted.json()).toEqual({ networkId: network.id, slug: network.slug, joined: true });
      const view = (await t.request({ method: 'GET', url: `/api/v1/networks/${network.id}`, as: cookie })).json();
      expect(view.viewer).toMatchObject({ role: 'member', acceptedCharterVersion: 1 });

      // One-time: the link is spent, for everyone.
      const reuse = await t.request({ method: 'GET', url: `/api/v1/invitations/${token}` });
      expect(reuse.statusCode).toBe(400);
      expect(reuse.json().error.code).toBe('invalid_token');
      const stolen = await t.request({
        method: 'POST',
        url: `/api/v1/invitations/${token}/accept`,
        as: other,
        payload: {},
      });
      expect(stolen.statusCode).toBe(400);
    } finally {
      await t.request({
        method: 'PATCH',
        url: '/api/v1/instance/settings',
        as: admin,
        payload: { signUpPolicy: 'open' },
      });
    }
  });

  it('admits without joining when no charter version is sent, so the person can read it first', async () => {
    const person = await t.member();
    await verifyEmail(t, person);
    await invite(admin, [person.email]);
    const [note] = (await t.request({ method: 'GET', url: '/api/v1/notifications', as: person })).json().items;
    expect(note).toMatchObject({
      kind: 'invitation_received',
      title: 'Harriet Host invites you to Invitation Only Round',
    });
    expect(note.url).toBe('/networks');
    const stored = await t.database.db
      .selectFrom('notifications')
      .select(['url', 'body'])
      .where('id', '=', note.id)
      .executeTakeFirst();
    expect(JSON.stringify(stored)).not.toMatch(/invitations\//);
    await t.runJobs();
    // The invitation email carries the link; the bell's note adds no second email.
    expect((await t.outbox(person.email)).filter((m) => m.subject.includes('invites you'))).toHaveLength(1);
    const token = await invitationTokenFor(person.email);
    const accepted = await t.request({
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
      as: person,
      payload: {},
    });
    expect(accepted.json()).toMatchObject({ joined: false });
    const view = (await t.request({ method: 'GET', url: `/api/v1/networks/${network.id}`, as: person })).json();
    expect(view.viewer).toMatchObject({ role: null, admitted: true, abilities: { join: true } });
    const joined = await joinNetwork(t, person, network);
    expect(joined.viewer.role).toBe('member');
  });

  it('expires after two weeks', async () => {
    const email = uniqueEmail('late');
    await invite(admin, [email]);
    const token = await invitationTokenFor(email);
    t.clock.advance(15 * DAY);
    const preview = await t.request({ method: 'GET', url: `/api/v1/invitations/${token}` });
    expect(preview.statusCode).toBe(400);
    const list = (
      await t.request({ method: 'GET', url: `/api/v1/networks/${network.id}/invitations`, as: admin })
    ).json();
    expect(list.items.find((i: { email: string }) => i.email === email).status).toBe('expired');
  });

  it('lets members invite only where the network allows it', async () => {
    const open = await createNetwork(t, admin, { name: 'Friends Bring Friends', allowMemberInvites: true });
    const member = await t.member();
    await joinNetwork(t, member, open);
    const allowed = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${open.id}/invitations`,
      as: member,
      payload: { emails: [uniqueEmail('friend')] },
    });
    expect(allowed.statusCode).toBe(201);
    await t.request({
      method: 'PATCH',
      url: `/api/v1/networks/${open.id}`,
      as: admin,
      payload: { allowMemberInvites: false },
    });
    const refused = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${open.id}/invitations`,
      as: member,
      payload: { emails: [uniqueEmail('friend')] },
    });
    expect(refused.statusCode).toBe(403);
  });
});

describe('shared invite links', () => {
  it('shows the link once, admits up to its limit, and stops when withdrawn', async () => {
    const created = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${network.id}/invite-links`,
      as: admin,
      payload: { expiresInDays: 3, maxUses: 2 },
    });
    expect(created.statusCode).toBe(201);
    const { url, invitation } = created.json();
    expect(invitation).toMatchObject({ kind: 'link', email: null, maxUses: 2, status: 'pending' });
    const token = new URL(url).pathname.split('/').at(-1) ?? '';
    const stored = await t.database.db
      .selectFrom('networkInvitations')
      .select('tokenHash')
      .where('id', '=', invitation.id)
      .executeTakeFirstOrThrow();
    expect(stored.tokenHash).not.toContain(token);

    for (const _ of [1, 2]) {
      const person = await t.member();
      const accepted = await t.request({
        method: 'POST',
        url: `/api/v1/invitations/${token}/accept`,
        as: person,
        payload: { charterVersion: 1 },
      });
      expect(accepted.statusCode).toBe(200);
    }
    const third = await t.member();
    const over = await t.request({
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
      as: third,
      payload: {},
    });
    expect(over.statusCode).toBe(400);

    const second = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${network.id}/invite-links`,
      as: admin,
      payload: { expiresInDays: 3 },
    });
    const revoked = await t.request({
      method: 'DELETE',
      url: `/api/v1/networks/${network.id}/invitations/${second.json().invitation.id}`,
      as: admin,
    });
    expect(revoked.json().status).toBe('revoked');
    const secondToken = new URL(second.json().url).pathname.split('/').at(-1);
    expect((await t.request({ method: 'GET', url: `/api/v1/invitations/${secondToken}` })).statusCode).toBe(400);
  });

  it('answers an unknown token like a spent one', async () => {
    const response = await t.request({ method: 'GET', url: `/api/v1/invitations/${'a'.repeat(43)}` });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_token');
  });
});
