import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { type Database, openDatabase } from './db/database.js';
import { notifyNow } from './features/notifications/notifications.service.js';
import { RedisRateLimitStore } from './platform/ratelimit.js';
import { GOOD_PASSWORD, sessionCookie, TEST_ORIGIN, uniqueEmail } from './test/app.js';
import { ManualClock } from './test/clock.js';
import { openTestDatabase, testDialect } from './test/database.js';
import { openEventStream } from './test/sse.js';

const redisUrl = process.env.TEST_REDIS_URL;
const scaled = testDialect() === 'postgres' && redisUrl !== undefined;

/** Two stateless servers on one PostgreSQL database and one Redis, as in the scaled mode. */
describe.runIf(scaled)('two servers sharing PostgreSQL and Redis', () => {
  let shared: Awaited<ReturnType<typeof openTestDatabase>>;
  const servers: FastifyInstance[] = [];
  const databases: Database[] = [];
  const clock = new ManualClock();
  const prefix = `rt:scaled:${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    shared = await openTestDatabase();
    for (let i = 0; i < 2; i++) {
      const database = openDatabase({ databaseUrl: shared.url, sqlitePath: '' });
      databases.push(database);
      const app = await buildApp({
        config: loadConfig({
          PUBLIC_URL: TEST_ORIGIN,
          WEB_DIST: '',
          DATABASE_URL: shared.url ?? '',
          REDIS_URL: redisUrl,
        }),
        database,
        rateLimitStore: new RedisRateLimitStore(redisUrl ?? '', clock, prefix),
        clock,
        logger: false,
      });
      servers.push(app);
    }
  });
  afterAll(async () => {
    for (const app of servers) await app.close();
    for (const database of databases) await database.close();
    await shared.close();
  });

  const on = (index: number) => {
    const app = servers[index];
    if (!app) throw new Error('no such server');
    return app;
  };
  const post = (index: number, url: string, payload: object) =>
    on(index).inject({ method: 'POST', url, payload, headers: { origin: TEST_ORIGIN } });

  it('honours a session started on one server at the other, and its sign-out everywhere', async () => {
    const email = uniqueEmail('scaled');
    const signUp = await post(0, '/api/v1/auth/sign-up', { email, name: 'Sky Scaled', password: GOOD_PASSWORD });
    expect(signUp.statusCode).toBe(201);
    const cookie = sessionCookie(signUp);
    const me = await on(1).inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.json().email).toBe(email);

    await on(1).inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie, origin: TEST_ORIGIN } });
    expect((await on(0).inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('refuses a session on the other server within a second of its sign-out, though that server cached it', async () => {
    const email = uniqueEmail('cached');
    const password = GOOD_PASSWORD;
    const signUp = await post(0, '/api/v1/auth/sign-up', { email, name: 'Cass Cached', password });
    const cookie = sessionCookie(signUp);
    const signIn = await post(1, '/api/v1/auth/sign-in', { email, password });
    const otherDevice = sessionCookie(signIn);
    const meOn = (index: number, session: string) =>
      on(index).inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session } });
    // Both servers have both sessions in their caches now.
    for (const index of [0, 1])
      for (const session of [cookie, otherDevice]) expect((await meOn(index, session)).statusCode).toBe(200);

    const refusedWithin = async (index: number, session: string) => {
      const started = performance.now();
      while (performance.now() - started < 1_000) {
        if ((await meOn(index, session)).statusCode === 401) return performance.now() - started;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return Number.POSITIVE_INFINITY;
    };
    // A password changed on server 0 ends the other device's session on server 1.
    const changed = await on(0).inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie, origin: TEST_ORIGIN },
      payload: { currentPassword: password, newPassword: 'another uncommon phrase' },
    });
    expect(changed.statusCode).toBe(204);
    expect(await refusedWithin(1, otherDevice)).toBeLessThan(1_000);
    expect((await meOn(1, cookie)).statusCode).toBe(200);
    // A sign-out on server 1 ends the session on server 0.
    await on(1).inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie, origin: TEST_ORIGIN } });
    expect(await refusedWithin(0, cookie)).toBeLessThan(1_000);
  });

  it('counts wrong passwords from one address across both servers', async () => {
    const email = uniqueEmail('scaled-limit');
    await post(0, '/api/v1/auth/sign-up', { email, name: 'Lim Ited', password: GOOD_PASSWORD });
    for (let i = 0; i < 5; i++) {
      expect((await post(i % 2, '/api/v1/auth/sign-in', { email, password: `wrong ${i}` })).statusCode).toBe(401);
    }
    expect((await post(0, '/api/v1/auth/sign-in', { email, password: GOOD_PASSWORD })).statusCode).toBe(429);
    expect((await post(1, '/api/v1/auth/sign-in', { email, password: GOOD_PASSWORD })).statusCode).toBe(429);
  });

  it('delivers a notification made on one server live to a member streaming from the other, over Redis', async () => {
    // The instance's first account (made in the first test) is its host admin; this one is a member.
    const adminEmail = uniqueEmail('scaled-admin');
    const first = await post(0, '/api/v1/auth/sign-in', { email: adminEmail, password: GOOD_PASSWORD });
    expect(first.statusCode).toBe(401);
    const signUp = await post(0, '/api/v1/auth/sign-up', {
      email: adminEmail,
      name: 'Stream Member',
      password: GOOD_PASSWORD,
    });
    const cookie = sessionCookie(signUp);
    const memberId = signUp.json().id as string;

    await on(1).listen({ port: 0, host: '127.0.0.1' });
    const port = (on(1).server.address() as AddressInfo).port;
    const stream = openEventStream(port, cookie);
    try {
      expect(await stream.opened).toBe(200);
      // Redis needs a moment to register the subscription before the first publish.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await notifyNow(on(0).appContext, [
        { userId: memberId, kind: 'mention', title: 'Mentioned across servers', url: '/home' },
      ]);
      const event = await stream.next('notification');
      expect(event.data).toMatchObject({ title: 'Mentioned across servers', kind: 'mention' });
    } finally {
      stream.stop();
    }
  });

  it('closes an open event stream on one server when its session signs out at the other', async () => {
    const signUp = await post(0, '/api/v1/auth/sign-up', {
      email: uniqueEmail('scaled-stream-end'),
      name: 'Signing Out',
      password: GOOD_PASSWORD,
    });
    const cookie = sessionCookie(signUp);
    if (!on(1).server.listening) await on(1).listen({ port: 0, host: '127.0.0.1' });
    const stream = openEventStream((on(1).server.address() as AddressInfo).port, cookie);
    try {
      expect(await stream.opened).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await on(0).inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie, origin: TEST_ORIGIN } });
      const outcome = await Promise.race([
        stream.ended.then(() => 'ended'),
        new Promise((resolve) => setTimeout(() => resolve('open'), 3000)),
      ]);
      expect(outcome).toBe('ended');
    } finally {
      stream.stop();
    }
  });
});
