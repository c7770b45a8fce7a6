import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../test/app.js';
import { SESSION_CACHE_TTL_MS } from './auth.js';
import { hashToken } from './ids.js';

/*
 * Sessions are cached by each server for half a minute, so most requests never read the session
 * table; whatever ends a session drops it from the cache at once.
 */
describe('the session cache', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const me = (cookie: string) => t.request({ method: 'GET', url: '/api/v1/me', as: cookie });
  const signIn = async (person: Person) => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: person.email, password: person.password },
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'rt_session');
    return `rt_session=${cookie?.value}`;
  };

  it('answers from the cache for up to 30 seconds, then from the database again', async () => {
    const person = await t.member('Cato Cached');
    expect((await me(person.cookie)).statusCode).toBe(200);
    // Removed behind the server's back (as by an operator), the cached session still answers…
    const token = person.cookie.split('=')[1] ?? '';
    await t.database.db.deleteFrom('sessions').where('tokenHash', '=', hashToken(token)).execute();
    expect((await me(person.cookie)).statusCode).toBe(200);
    // …until the cache entry is older than its time to live.
    t.clock.advance(SESSION_CACHE_TTL_MS);
    expect((await me(person.cookie)).statusCode).toBe(401);
  });

  it('refuses a cached session at once after sign-out', async () => {
    const person = await t.member('Sid Signout');
    expect((await me(person.cookie)).statusCode).toBe(200);
    const out = await t.request({ method: 'POST', url: '/api/v1/auth/sign-out', as: person });
    expect(out.statusCode).toBe(204);
    expect((await me(person.cookie)).statusCode).toBe(401);
  });

  it('refuses the other cached sessions at once after a password change, and keeps the one that changed it', async () => {
    const person = await t.member('Pia Password');
    const otherDevice = await signIn(person);
    for (const cookie of [person.cookie, otherDevice]) expect((await me(cookie)).statusCode).toBe(200);
    const changed = await t.request({
      method: 'POST',
      url: '/api/v1/me/password',
      as: person,
      payload: { currentPassword: person.password, newPassword: 'another uncommon phrase' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await me(otherDevice)).statusCode).toBe(401);
    expect((await me(person.cookie)).statusCode).toBe(200);
  });

  it('refuses a cached session once it expires', async () => {
    const person = await t.member('Ezra Expiry');
    expect((await me(person.cookie)).statusCode).toBe(200);
    const expired = new Date(t.clock.now().getTime() - 1_000).toISOString();
    await t.database.db
      .updateTable('sessions')
      .set({ expiresAt: expired })
      .where('userId', '=', person.me.id)
      .execute();
    t.clock.advance(SESSION_CACHE_TTL_MS);
    expect((await me(person.cookie)).statusCode).toBe(401);
  });
});
