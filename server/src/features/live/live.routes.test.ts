import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, GOOD_PASSWORD, type Person, sessionCookie, type TestApp } from '../../test/app.js';
import { DAY } from '../../test/clock.js';
import { openEventStream } from '../../test/sse.js';
import { notifyNow } from '../notifications/notifications.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await t.admin();
});
afterAll(() => t.close());

async function notifyMember(person: Person, titles: string[]) {
  for (const title of titles) {
    t.clock.advance(1000);
    await notifyNow(t.ctx, [
      { userId: person.me.id, kind: 'reply_to_my_thread', title, body: `Body of ${title}`, url: '/home' },
    ]);
  }
}

let port: number | undefined;
async function listening(): Promise<number> {
  if (port === undefined) {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  }
  return port;
}

/** Settles with 'ended' when the server closes the stream, 'open' if it is still open after a while. */
const endedWithin = (stream: { ended: Promise<void> }, ms = 2000) =>
  Promise.race([
    stream.ended.then(() => 'ended' as const),
    new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), ms)),
  ]);

describe('live events', () => {
  it('pushes a new notification and the unread count to the member’s open stream, and only theirs', async () => {
    const port = await listening();
    const member = await t.member();
    const other = await t.member();
    const stream = openEventStream(port, member.cookie);
    const otherStream = openEventStream(port, other.cookie);
    const anonymous = openEventStream(port, '');
    try {
      expect(await stream.opened).toBe(200);
      expect(await anonymous.opened).toBe(401);
      await otherStream.opened;
      await new Promise((resolve) => setTimeout(resolve, 50));
      await notifyMember(member, ['Live one']);
      const event = await stream.next('notification');
      expect(event.data).toMatchObject({ title: 'Live one', readAt: null });
      await t.request({ method: 'POST', url: '/api/v1/notifications/read-all', as: member });
      expect((await stream.next('unread')).data).toEqual({ unreadCount: 0 });
      expect(otherStream.events).toEqual([]);
    } finally {
      stream.stop();
      otherStream.stop();
      anonymous.stop();
    }
  });

  it('closes the stream when its session signs out', async () => {
    const member = await t.member();
    const stream = openEventStream(await listening(), member.cookie);
    try {
      expect(await stream.opened).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await t.request({ method: 'POST', url: '/api/v1/auth/sign-out', as: member });
      expect(await endedWithin(stream)).toBe('ended');
      await notifyMember(member, ['After sign-out']);
      expect(stream.events).toEqual([]);
    } finally {
      stream.stop();
    }
  });

  it('closes the streams of the other devices on a password change and keeps this one', async () => {
    const member = await t.member();
    const signIn = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: member.email, password: member.password },
    });
    const otherDevice = sessionCookie(signIn);
    const here = openEventStream(await listening(), member.cookie);
    const there = openEventStream(await listening(), otherDevice);
    try {
      expect([await here.opened, await there.opened]).toEqual([200, 200]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const changed = await t.request({
        method: 'POST',
        url: '/api/v1/me/password',
        as: member,
        payload: { currentPassword: member.password, newPassword: `${GOOD_PASSWORD} renewed` },
      });
      expect(changed.statusCode).toBe(204);
      expect(await endedWithin(there)).toBe('ended');
      await notifyMember(member, ['Still here']);
      expect((await here.next('notification')).data).toMatchObject({ title: 'Still here' });
      expect(there.events).toEqual([]);
    } finally {
      here.stop();
      there.stop();
    }
  });

  it('closes the stream once its session has expired, without delivering', async () => {
    const fresh = await buildTestApp();
    try {
      await fresh.admin();
      const member = await fresh.member();
      await fresh.app.listen({ port: 0, host: '127.0.0.1' });
      const stream = openEventStream((fresh.app.server.address() as AddressInfo).port, member.cookie);
      expect(await stream.opened).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 50));
      fresh.clock.advance(31 * DAY);
      await notifyNow(fresh.ctx, [{ userId: member.me.id, kind: 'mention', title: 'Too late', url: '/home' }]);
      expect(await endedWithin(stream)).toBe('ended');
      expect(stream.events).toEqual([]);
      stream.stop();
    } finally {
      await fresh.close();
    }
  });

  it('refuses a stream beyond 10 per account (STREAMS_PER_USER) with 429 in the error shape', async () => {
    const member = await t.member();
    const other = await t.member();
    const at = await listening();
    expect(t.ctx.config.streamsPerUser).toBe(10);
    const streams = Array.from({ length: t.ctx.config.streamsPerUser }, () => openEventStream(at, member.cookie));
    const extra: ReturnType<typeof openEventStream>[] = [];
    try {
      expect(await Promise.all(streams.map((s) => s.opened))).toEqual(streams.map(() => 200));
      const refused = openEventStream(at, member.cookie);
      extra.push(refused);
      expect(await refused.opened).toBe(429);
      await refused.ended;
      expect(JSON.parse(refused.body)).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
      const someoneElse = openEventStream(await listening(), other.cookie);
      extra.push(someoneElse);
      expect(await someoneElse.opened).toBe(200);
      streams[0]?.stop();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const again = openEventStream(await listening(), member.cookie);
      extra.push(again);
      expect(await again.opened).toBe(200);
    } finally {
      for (const stream of [...streams, ...extra]) stream.stop();
    }
  });
});
