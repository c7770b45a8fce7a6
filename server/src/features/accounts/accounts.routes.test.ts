import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../platform/ids.js';
import { buildTestApp, GOOD_PASSWORD, linkIn, sessionCookie, type TestApp, uniqueEmail } from '../../test/app.js';
import { DAY, HOUR, MINUTE } from '../../test/clock.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const signIn = (email: string, password: string) =>
  t.request({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
const me = (cookie?: string) => t.request({ method: 'GET', url: '/api/v1/me', ...(cookie ? { as: cookie } : {}) });

describe('sign-up', () => {
  it('makes the first account host admin and later ones members', async () => {
    const fresh = await buildTestApp();
    try {
      const first = await fresh.signUp();
      const second = await fresh.signUp();
      expect(first.me.role).toBe('admin');
      expect(first.me.abilities).toEqual({ readOutbox: true, manageInstance: true });
      expect(second.me.role).toBe('member');
      expect(second.me.abilities).toEqual({ readOutbox: false, manageInstance: false });
    } finally {
      await fresh.close();
    }
  });

  it('sets an httpOnly, SameSite=Lax session cookie and stores only hashes', async () => {
    await t.admin();
    const email = uniqueEmail();
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-up',
      payload: { email: email.toUpperCase(), name: '  Ada Lovelace ', password: GOOD_PASSWORD },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ email, name: 'Ada Lovelace', role: 'member', emailVerified: false });
    const cookie = response.cookies.find((c) => c.name === 'rt_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    const token = cookie?.value ?? '';

    const user = await t.database.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain(GOOD_PASSWORD);
    const sessions = await t.database.db.selectFrom('sessions').selectAll().where('userId', '=', user.id).execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(sessions)).not.toContain(token);
  });

  it('sends a multipart verification email whose link verifies the address once', async () => {
    const person = await t.member();
    const [mail] = await t.outbox(person.email);
    expect(mail?.subject).toMatch(/confirm your email/i);
    const link = linkIn(mail?.text ?? '', '/verify-email');
    expect(link.origin).toBe('http://localhost:3000');
    const token = link.searchParams.get('token');
    expect(mail?.html).toContain(`/verify-email?token&#x3D;${token}`);
    const verify = () => t.request({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } });
    expect((await verify()).statusCode).toBe(200);
    expect((await me(person.cookie)).json().emailVerified).toBe(true);
    const again = await verify();
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('invalid_token');
  });

  it('refuses a taken email with 409 and writes nothing', async () => {
    const person = await t.member();
    const before = await t.rowCounts();
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-up',
      payload: { email: person.email, name: 'Copycat', password: GOOD_PASSWORD },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'email_taken', details: [{ path: '/email' }] });
    expect(await t.rowCounts()).toEqual(before);
  });

  it.each(['password123', 'Password1234', 'qwertyuiop', 'aaaaaaaaaaaa'])(
    'refuses the common password %s',
    async (password) => {
      await t.admin();
      const before = await t.rowCounts();
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/auth/sign-up',
        payload: { email: uniqueEmail(), name: 'Weak', password },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'weak_password', details: [{ path: '/password' }] });
      expect(await t.rowCounts()).toEqual(before);
    },
  );

  it('refuses a password shorter than the minimum', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-up',
      payload: { email: uniqueEmail(), name: 'Short', password: 'x7#kQ' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toContainEqual(expect.objectContaining({ path: '/password' }));
  });

  it('refuses sign-up when the instance is invitation-only, but not the very first account', async () => {
    const fresh = await buildTestApp();
    try {
      await fresh.database.db
        .insertInto('instanceSettings')
        .values({ key: 'signUpPolicy', value: 'invitation' })
        .execute();
      const host = await fresh.signUp();
      expect(host.me.role).toBe('admin');
      const before = await fresh.rowCounts();
      const response = await fresh.request({
        method: 'POST',
        url: '/api/v1/auth/sign-up',
        payload: { email: uniqueEmail(), name: 'Outsider', password: GOOD_PASSWORD },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('sign_up_closed');
      expect(await fresh.rowCounts()).toEqual(before);
    } finally {
      await fresh.close();
    }
  });
});

describe('sign-in and sign-out', () => {
  it('signs in with the right password, case-insensitively on the email', async () => {
    const person = await t.member();
    const response = await signIn(person.email.toUpperCase(), person.password);
    expect(response.statusCode).toBe(200);
    expect(response.json().id).toBe(person.me.id);
    expect((await me(sessionCookie(response))).statusCode).toBe(200);
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const person = await t.member();
    const wrong = await signIn(person.email, 'not the password at all');
    const unknown = await signIn(uniqueEmail('nobody'), 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.cookies).toHaveLength(0);
  });

  it('revokes the session on sign-out', async () => {
    const person = await t.member();
    const out = await t.request({ method: 'POST', url: '/api/v1/auth/sign-out', as: person });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'rt_session')?.value).toBe('');
    const after = await me(person.cookie);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');
    const sessions = await t.database.db
      .selectFrom('sessions')
      .select('id')
      .where('userId', '=', person.me.id)
      .execute();
    expect(sessions).toHaveLength(0);
  });

  it('expires a session after 30 days without use', async () => {
    const fresh = await buildTestApp();
    try {
      const person = await fresh.signUp();
      fresh.clock.advance(31 * DAY);
      expect((await fresh.request({ method: 'GET', url: '/api/v1/me', as: person })).statusCode).toBe(401);
    } finally {
      await fresh.close();
    }
  });

  it('renews a session used in the second half of its life', async () => {
    const fresh = await buildTestApp();
    try {
      const person = await fresh.signUp();
      fresh.clock.advance(10 * DAY);
      const early = await fresh.request({ method: 'GET', url: '/api/v1/me', as: person });
      expect(early.cookies).toHaveLength(0);
      fresh.clock.advance(10 * DAY);
      const renewed = await fresh.request({ method: 'GET', url: '/api/v1/me', as: person });
      expect(renewed.statusCode).toBe(200);
      const cookie = renewed.cookies.find((c) => c.name === 'rt_session');
      expect(cookie?.expires?.toISOString()).toBe(new Date(fresh.clock.now().getTime() + 30 * DAY).toISOString());
      fresh.clock.advance(25 * DAY);
      expect((await fresh.request({ method: 'GET', url: '/api/v1/me', as: person })).statusCode).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('ignores a forged session cookie', async () => {
    expect((await me('rt_session=forged-token-value')).statusCode).toBe(401);
  });
});

describe('rate limits', () => {
  it('lets the member in from their own address while a stranger guesses their password from another', async () => {
    const fresh = await buildTestApp();
    try {
      const person = await fresh.signUp();
      const attempt = (password: string, remoteAddress: string) =>
        fresh.request({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { email: person.email, password },
          remoteAddress,
        });
      for (let i = 0; i < 12; i++) await attempt(`wrong password ${i}`, '203.0.113.66');
      expect((await attempt(`wrong password 12`, '203.0.113.66')).statusCode).toBe(429);
      const own = await attempt(person.password, '198.51.100.23');
      expect(own.statusCode).toBe(200);
      expect(own.cookies.map((c) => c.name)).toContain('rt_session');
    } finally {
      await fresh.close();
    }
  });

  it('slows a guessing account and address pair down more with each tier, then lets the right password in', async () => {
    const fresh = await buildTestApp();
    try {
      const person = await fresh.signUp();
      const attempt = (password: string) =>
        fresh.request({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: person.email, password } });
      for (let i = 0; i < 5; i++) expect((await attempt(`wrong password ${i}`)).statusCode).toBe(401);
      const first = await attempt(person.password);
      expect(first.statusCode).toBe(429);
      expect(first.json()).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
      expect(first.cookies).toHaveLength(0);
      const firstWait = Number(first.headers['retry-after']);
      expect(firstWait).toBeGreaterThan(0);
      expect(firstWait).toBeLessThanOrEqual(60);

      fresh.clock.advance(firstWait * 1000);
      for (let i = 5; i < 10; i++) expect((await attempt(`wrong password ${i}`)).statusCode).toBe(401);
      const second = await attempt(person.password);
      expect(second.statusCode).toBe(429);
      expect(Number(second.headers['retry-after'])).toBeGreaterThan(60);

      fresh.clock.advance(Number(second.headers['retry-after']) * 1000);
      expect((await attempt(person.password)).statusCode).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('limits sign-in attempts per IP address across accounts', async () => {
    const fresh = await buildTestApp({ rateRules: { signInPerIp: { limit: 3, windowMs: 15 * MINUTE } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await fresh.request({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { email: uniqueEmail(), password: 'whatever password' },
          remoteAddress: '203.0.113.9',
        });
        statuses.push(response.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      const otherIp = await fresh.request({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: uniqueEmail(), password: 'whatever password' },
        remoteAddress: '198.51.100.7',
      });
      expect(otherIp.statusCode).toBe(401);
    } finally {
      await fresh.close();
    }
  });

  it('limits sign-ups per IP and password-reset emails per account', async () => {
    const fresh = await buildTestApp({ rateRules: { signUpPerIp: { limit: 2, windowMs: HOUR } } });
    try {
      const signUp = () =>
        fresh.request({
          method: 'POST',
          url: '/api/v1/auth/sign-up',
          payload: { email: uniqueEmail(), name: 'Many', password: GOOD_PASSWORD },
          remoteAddress: '203.0.113.20',
        });
      expect([(await signUp()).statusCode, (await signUp()).statusCode, (await signUp()).statusCode]).toEqual([
        201, 201, 429,
      ]);

      const person = await fresh.signUp();
      const reset = () =>
        fresh.request({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: person.email } });
      for (let i = 0; i < 5; i++) expect((await reset()).statusCode).toBe(202);
      expect((await reset()).statusCode).toBe(429);
      await fresh.runJobs();
      expect((await fresh.outbox(person.email)).filter((m) => /reset/i.test(m.subject))).toHaveLength(5);
    } finally {
      await fresh.close();
    }
  });
});

describe('password reset', () => {
  const requestResetOnly = (email: string) =>
    t.request({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email } });
  /** Asks for a reset and works the queue, which sends the email. */
  const requestReset = async (email: string) => {
    const response = await requestResetOnly(email);
    await t.runJobs();
    return response;
  };
  const complete = (token: string | null, password: string) =>
    t.request({ method: 'POST', url: '/api/v1/auth/password-reset/complete', payload: { token, password } });

  it('does the same work for a known and an unknown email: one queued job, no token or email before the reply', async () => {
    const person = await t.member();
    await t.runJobs();
    const deltas: Record<string, number>[] = [];
    for (const email of [person.email, uniqueEmail('ghost')]) {
      const before = await t.rowCounts();
      const response = await requestResetOnly(email);
      expect(response.statusCode).toBe(202);
      const after = await t.rowCounts();
      deltas.push(
        Object.fromEntries(Object.keys(after).map((table) => [table, (after[table] ?? 0) - (before[table] ?? 0)])),
      );
    }
    expect(deltas[0]).toEqual(deltas[1]);
    expect(deltas[0]).toMatchObject({ jobs: 1, emailTokens: 0, outboxMessages: 0 });
    expect(await t.outbox(person.email)).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ subject: expect.stringMatching(/reset/i) })]),
    );
    await t.runJobs();
    expect((await t.outbox(person.email)).filter((m) => /reset/i.test(m.subject))).toHaveLength(1);
  });

  it('answers the same for an unknown email and sends nothing', async () => {
    const email = uniqueEmail('ghost');
    const response = await requestReset(email);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ ok: true });
    expect(await t.outbox(email)).toHaveLength(0);
  });

  it('emails a one-time link that sets a new password and signs out every other session', async () => {
    const person = await t.member();
    const otherDevice = sessionCookie(await signIn(person.email, person.password));
    expect((await requestReset(person.email)).statusCode).toBe(202);
    const [mail] = await t.outbox(person.email);
    expect(mail?.subject).toMatch(/reset/i);
    expect(mail?.html).toContain('<html');
    const token = linkIn(mail?.text ?? '', '/reset-password').searchParams.get('token');

    const newPassword = 'a brand new uncommon phrase';
    const done = await complete(token, newPassword);
    expect(done.statusCode).toBe(200);
    expect(done.json().id).toBe(person.me.id);
    expect((await me(sessionCookie(done))).statusCode).toBe(200);

    expect((await me(person.cookie)).statusCode).toBe(401);
    expect((await me(otherDevice)).statusCode).toBe(401);
    expect((await signIn(person.email, person.password)).statusCode).toBe(401);
    expect((await signIn(person.email, newPassword)).statusCode).toBe(200);

    const reuse = await complete(token, 'yet another uncommon phrase');
    expect(reuse.statusCode).toBe(400);
    expect(reuse.json().error.code).toBe('invalid_token');
  });

  it('refuses an expired link and a superseded one', async () => {
    const person = await t.member();
    await requestReset(person.email);
    const first = linkIn((await t.outbox(person.email))[0]?.text ?? '', '/reset-password').searchParams.get('token');
    await requestReset(person.email);
    const second = linkIn((await t.outbox(person.email))[0]?.text ?? '', '/reset-password').searchParams.get('token');
    expect((await complete(first, 'a brand new uncommon phrase')).statusCode).toBe(400);
    t.clock.advance(HOUR + MINUTE);
    const expired = await complete(second, 'a brand new uncommon phrase');
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error.code).toBe('invalid_token');
    expect((await signIn(person.email, person.password)).statusCode).toBe(200);
  });
});

describe('me', () => {
  it('answers 401 in the error shape when signed out', async () => {
    const response = await me();
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
  });

  it('changes the name', async () => {
    const person = await t.member();
    const response = await t.request({
      method: 'PATCH',
      url: '/api/v1/me',
      as: person,
      payload: { name: 'Renamed Peer' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().name).toBe('Renamed Peer');
    expect((await me(person.cookie)).json().name).toBe('Renamed Peer');
  });

  it('changes the password, keeps this session and signs out the others', async () => {
    const person = await t.member();
    const otherDevice = sessionCookie(await signIn(person.email, person.password));
    const wrong = await t.request({
      method: 'POST',
      url: '/api/v1/me/password',
      as: person,
      payload: { currentPassword: 'not my password', newPassword: 'another uncommon phrase' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.details).toEqual([{ path: '/currentPassword', message: expect.any(String) }]);

    const changed = await t.request({
      method: 'POST',
      url: '/api/v1/me/password',
      as: person,
      payload: { currentPassword: person.password, newPassword: 'another uncommon phrase' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await me(person.cookie)).statusCode).toBe(200);
    expect((await me(otherDevice)).statusCode).toBe(401);
    expect((await signIn(person.email, 'another uncommon phrase')).statusCode).toBe(200);
    expect((await t.outbox(person.email))[0]?.subject).toMatch(/password was changed/i);
  });

  it('resends the verification email only while unverified', async () => {
    const person = await t.member();
    const resend = () => t.request({ method: 'POST', url: '/api/v1/auth/verify-email/resend', as: person });
    expect((await resend()).statusCode).toBe(202);
    const mails = await t.outbox(person.email);
    expect(mails).toHaveLength(2);
    const token = linkIn(mails[0]?.text ?? '', '/verify-email').searchParams.get('token');
    await t.request({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } });
    expect((await resend()).statusCode).toBe(202);
    expect(await t.outbox(person.email)).toHaveLength(2);
  });
});

describe('cross-site requests', () => {
  it('refuses a state-changing request from a foreign origin and writes nothing', async () => {
    await t.admin();
    const before = await t.rowCounts();
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-up',
      headers: { origin: 'https://evil.example' },
      payload: { email: uniqueEmail(), name: 'Forged', password: GOOD_PASSWORD },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('forbidden_origin');
    expect(await t.rowCounts()).toEqual(before);
  });

  it('refuses a cross-site request a browser sent without Origin', async () => {
    const person = await t.member();
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      as: person,
      headers: { origin: undefined, 'sec-fetch-site': 'cross-site' },
    });
    expect(response.statusCode).toBe(403);
    expect((await me(person.cookie)).statusCode).toBe(200);
  });

  it('marks the session cookie Secure and sends HSTS when the instance is served over https', async () => {
    const secure = await buildTestApp({ env: { PUBLIC_URL: 'https://peers.example.org' } });
    try {
      const response = await secure.request({
        method: 'POST',
        url: '/api/v1/auth/sign-up',
        headers: { origin: 'https://peers.example.org' },
        payload: { email: uniqueEmail(), name: 'Sec Ure', password: GOOD_PASSWORD },
      });
      expect(response.statusCode).toBe(201);
      expect(response.cookies.find((c) => c.name === 'rt_session')?.secure).toBe(true);
      expect(response.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    } finally {
      await secure.close();
    }
  });

  it('sends security headers and a strict content security policy', async () => {
    const response = await t.request({ method: 'GET', url: '/api/v1/instance' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });
});
