import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('GET /api/v1/admin/outbox', () => {
  it('answers 401 signed out and 403 to a member', async () => {
    const member = await t.member();
    expect((await t.request({ method: 'GET', url: '/api/v1/admin/outbox' })).statusCode).toBe(401);
    const asMember = await t.request({ method: 'GET', url: '/api/v1/admin/outbox', as: member });
    expect(asMember.statusCode).toBe(403);
    expect(asMember.json()).not.toHaveProperty('items');
  });

  it('lists every email newest first with both parts, page by page', async () => {
    const admin = await t.admin();
    const joinedInOrder: string[] = [];
    for (let i = 0; i < 4; i++) {
      t.clock.advance(1000);
      joinedInOrder.push((await t.member(`Peer ${i}`)).email);
    }
    const all = await t.outbox();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await t.request({
        method: 'GET',
        url: '/api/v1/admin/outbox',
        as: admin,
        query: { limit: '2', ...(cursor ? { cursor } : {}) },
      });
      expect(response.statusCode).toBe(200);
      const page = response.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const item of page.items) {
        expect(Object.keys(item).sort()).toEqual(['createdAt', 'html', 'id', 'subject', 'text', 'to']);
        seen.push(item.to);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((mail) => mail.to));
    expect(seen.slice(0, 4)).toEqual(joinedInOrder.reverse());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses a cursor it never handed out', async () => {
    const admin = await t.admin();
    const response = await t.request({
      method: 'GET',
      url: '/api/v1/admin/outbox',
      as: admin,
      query: { cursor: 'bm90LWEtY3Vyc29y' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });
});

describe('instance settings', () => {
  it('lets a host admin switch sign-up to invitation-only, which closes sign-up', async () => {
    const admin = await t.admin();
    const member = await t.member();
    const asMember = await t.request({
      method: 'PATCH',
      url: '/api/v1/instance/settings',
      as: member,
      payload: { signUpPolicy: 'open' },
    });
    expect(asMember.statusCode).toBe(403);

    const changed = await t.request({
      method: 'PATCH',
      url: '/api/v1/instance/settings',
      as: admin,
      payload: { signUpPolicy: 'invitation' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ signUpPolicy: 'invitation' });
    expect((await t.request({ method: 'GET', url: '/api/v1/instance' })).json()).toEqual({
      signUpPolicy: 'invitation',
      hasAdmin: true,
    });
    await expect(t.signUp()).rejects.toThrow(/403/);

    await t.request({
      method: 'PATCH',
      url: '/api/v1/instance/settings',
      as: admin,
      payload: { signUpPolicy: 'open' },
    });
    await expect(t.signUp()).resolves.toBeDefined();
  });

  it('refuses an unknown policy value and an empty change', async () => {
    const admin = await t.admin();
    for (const payload of [{ signUpPolicy: 'everyone' }, {}]) {
      const response = await t.request({ method: 'PATCH', url: '/api/v1/instance/settings', as: admin, payload });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
    expect((await t.request({ method: 'GET', url: '/api/v1/instance/settings', as: admin })).json().signUpPolicy).toBe(
      'open',
    );
  });
});
