import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { type Database, openDatabase } from '../../db/database.js';
import { RedisRateLimitStore } from '../../platform/ratelimit.js';
import { GOOD_PASSWORD, sessionCookie, TEST_ORIGIN, uniqueEmail } from '../../test/app.js';
import { ManualClock } from '../../test/clock.js';
import { openTestDatabase, testDialect } from '../../test/database.js';
import { networkBody } from '../../test/networks.js';
import { openEventStream } from '../../test/sse.js';

const redisUrl = process.env.TEST_REDIS_URL;
const scaled = testDialect() === 'postgres' && redisUrl !== undefined;

/** Two stateless servers on one PostgreSQL database and one Redis: live discussion events cross over. */
describe.runIf(scaled)('live discussions across two servers', () => {
  let shared: Awaited<ReturnType<typeof openTestDatabase>>;
  const servers: FastifyInstance[] = [];
  const databases: Database[] = [];
  const clock = new ManualClock();
  const prefix = `rt:threads:${randomBytes(4).toString('hex')}:`;

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
      await app.listen({ port: 0, host: '127.0.0.1' });
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
  const portOf = (index: number) => (on(index).server.address() as AddressInfo).port;
  const call = async (index: number, method: 'GET' | 'POST', url: string, cookie?: string, payload?: object) => {
    const response = await on(index).inject({
      method,
      url,
      ...(payload ? { payload } : {}),
      headers: { origin: TEST_ORIGIN, ...(cookie ? { cookie } : {}) },
    });
    return response;
  };
  const signUp = async (index: number, name: string) => {
    const response = await call(index, 'POST', '/api/v1/auth/sign-up', undefined, {
      email: uniqueEmail('live'),
      name,
      password: GOOD_PASSWORD,
    });
    expect(response.statusCode, response.body).toBe(201);
    return sessionCookie(response);
  };
  const createNetwork = async (index: number, cookie: string, name: string) => {
    const response = await call(index, 'POST', '/api/v1/networks', cookie, networkBody({ name, joinPolicy: 'open' }));
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; charterVersion: number };
  };
  const join = async (index: number, cookie: string, network: { id: string; charterVersion: number }) => {
    const response = await call(index, 'POST', `/api/v1/networks/${network.id}/join`, cookie, {
      charterVersion: network.charterVersion,
    });
    expect(response.statusCode, response.body).toBe(200);
  };
  /** Redis needs a moment to register a subscription before the first publish. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

  it('streams a reply posted on one server to a member watching the thread on the other, and new threads to the feed', async () => {
    const host = await signUp(0, 'Harriet Host');
    const network = await createNetwork(0, host, 'Live Circle');
    const elsewhere = await createNetwork(1, host, 'Elsewhere Circle');
    const watcher = await signUp(1, 'Wendy Watcher');
    const writer = await signUp(0, 'Will Writer');
    const stranger = await signUp(1, 'Sam Stranger');
    await join(1, watcher, network);
    await join(0, writer, network);
    await join(1, stranger, elsewhere);

    const created = await call(0, 'POST', `/api/v1/networks/${network.id}/threads`, writer, {
      title: 'Cash in a downturn',
      body: 'What do you do?',
      kind: 'question',
      anonymous: false,
    });
    expect(created.statusCode, created.body).toBe(201);
    const threadId = created.json().id as string;

    const threadStream = openEventStream(portOf(0), watcher, `/api/v1/events?threadId=${threadId}`);
    const feedStream = openEventStream(portOf(0), watcher, `/api/v1/events?networkId=${network.id}`);
    try {
      expect(await threadStream.opened).toBe(200);
      expect(await feedStream.opened).toBe(200);
      await settle();

      // Signed: an anonymous reply is heard only at the next whole minute (threads.channels.test.ts).
      const replied = await call(1, 'POST', `/api/v1/threads/${threadId}/replies`, writer, {
        body: 'A 13-week model, reviewed every Monday.',
        anonymous: false,
      });
      expect(replied.statusCode, replied.body).toBe(201);
      const event = await threadStream.next('reply.created');
      expect(event.data).toEqual({ threadId, replyId: replied.json().id, position: 1 });

      const another = await call(1, 'POST', `/api/v1/networks/${network.id}/threads`, writer, {
        title: 'Hiring a controller',
        body: 'Where did you find yours?',
        kind: 'discussion',
        anonymous: false,
      });
      expect(another.statusCode, another.body).toBe(201);
      const arrived = await feedStream.next('thread.created');
      expect(arrived.data).toEqual({ networkId: network.id, threadId: another.json().id });
      // Events carry ids only: whoever reads on goes through the API and its policies.
      expect(JSON.stringify([...threadStream.events, ...feedStream.events])).not.toContain('Will Writer');
    } finally {
      threadStream.stop();
      feedStream.stop();
    }

    for (const index of [0, 1]) {
      for (const query of [`threadId=${threadId}`, `networkId=${network.id}`]) {
        const refused = await call(index, 'GET', `/api/v1/events?${query}`, stranger);
        expect(refused.statusCode, refused.body).toBe(404);
        expect(refused.json().error.code).toBe('not_found');
      }
    }
  });
});
