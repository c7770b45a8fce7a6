import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, linkIn, type Person, type TestApp } from '../../test/app.js';
import { DAY } from '../../test/clock.js';
import { apply, createNetwork } from '../../test/networks.js';
import { afterQuietHours, localTime, notifyNow } from './notifications.service.js';

let t: TestApp;
let admin: Person;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.admin();
});
afterAll(() => t.close());

const list = (as: Person, query: Record<string, string> = {}) =>
  t.request({ method: 'GET', url: '/api/v1/notifications', as, query });

async function notifyMember(
  person: Person,
  titles: string[],
  kind: 'reply_to_my_thread' | 'meeting_soon' = 'reply_to_my_thread',
) {
  for (const title of titles) {
    t.clock.advance(1000);
    await notifyNow(t.ctx, [{ userId: person.me.id, kind, title, body: `Body of ${title}`, url: '/home' }]);
  }
}

describe('the notification centre', () => {
  it('lists the member’s own notifications newest first with the unread count, and marks them read', async () => {
    const member = await t.member();
    const other = await t.member();
    await notifyMember(member, ['First', 'Second', 'Third']);

    const page = (await list(member, { limit: '2' })).json();
    expect(page.unreadCount).toBe(3);
    expect(page.items.map((n: { title: string }) => n.title)).toEqual(['Third', 'Second']);
    expect(page.items[0]).toEqual({
      id: expect.any(String),
      kind: 'reply_to_my_thread',
      title: 'Third',
      url: '/home',
      readAt: null,
      createdAt: expect.any(String),
    });
    const rest = (await list(member, { limit: '2', cursor: page.nextCursor })).json();
    expect(rest.items.map((n: { title: string }) => n.title)).toEqual(['First']);
    expect((await list(other)).json()).toEqual({ items: [], nextCursor: null, unreadCount: 0 });

    const id = page.items[0].id;
    const foreign = await t.request({ method: 'POST', url: `/api/v1/notifications/${id}/read`, as: other });
    expect(foreign.statusCode).toBe(404);
    const read = await t.request({ method: 'POST', url: `/api/v1/notifications/${id}/read`, as: member });
    expect(read.json().readAt).not.toBeNull();
    expect((await list(member)).json().unreadCount).toBe(2);
    expect((await list(member, { unread: 'true' })).json().items.map((n: { title: string }) => n.title)).toEqual([
      'Second',
      'First',
    ]);
    const all = await t.request({ method: 'POST', url: '/api/v1/notifications/read-all', as: member });
    expect(all.json()).toEqual({ unreadCount: 0 });
    expect((await list(member)).json().unreadCount).toBe(0);
  });

  it('notifies facilitators of an application and the applicant of the decision, in the app and by email', async () => {
    const network = await createNetwork(t, admin, { name: 'Notified Circle', joinPolicy: 'application' });
    const applicant = await t.member('Nora Notified');
    const applied = await apply(t, applicant, network.id);
    const [received] = (await list(admin)).json().items;
    expect(received).toMatchObject({
      kind: 'application_received',
      title: 'Nora Notified applied to Notified Circle',
      url: '/networks/notified-circle/applications',
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/networks/${network.id}/applications/${applied.json().id}/decision`,
      as: admin,
      payload: { decision: 'decline', message: 'Not this year.' },
    });
    const [decided] = (await list(applicant)).json().items;
    expect(decided).toMatchObject({ kind: 'application_decided', title: 'Your application to Notified Circle' });
    expect(await t.runJobs()).toBeGreaterThanOrEqual(2);
    const [email] = await t.outbox(applicant.email);
    expect(email?.text).toContain('Not this year.');
  });
});

describe('preferences', () => {
  it('start from the defaults, change per kind, and route notifications accordingly', async () => {
    const member = await t.member();
    const initial = (await t.request({ method: 'GET', url: '/api/v1/me/notification-preferences', as: member })).json();
    expect(initial).toMatchObject({
      digestFrequency: 'daily',
      digestHour: 8,
      quietHours: null,
      includeContent: true,
      timeZone: 'UTC',
      channels: { mention: 'email_now', meeting_soon: 'digest' },
    });
    const changed = await t.request({
      method: 'PATCH',
      url: '/api/v1/me/notification-preferences',
      as: member,
      payload: { channels: { reply_to_my_thread: 'off', mention: 'in_app' }, quietHours: { start: 22, end: 7 } },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      channels: { reply_to_my_thread: 'off', mention: 'in_app', pulse_waiting: 'email_now' },
      quietHours: { start: 22, end: 7 },
    });

    await notifyMember(member, ['Switched off']);
    expect((await list(member)).json().items).toEqual([]);
    await notifyNow(t.ctx, [{ userId: member.me.id, kind: 'mention', title: 'In the app only', url: '/home' }]);
    await t.runJobs();
    expect((await list(member)).json().items.map((n: { title: string }) => n.title)).toEqual(['In the app only']);
    expect(await t.outbox(member.email)).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ subject: 'In the app only' })]),
    );
  });

  it('refuses an unknown kind or channel and writes nothing', async () => {
    const member = await t.member();
    for (const payload of [
      { channels: { everything: 'off' } },
      { channels: { mention: 'loudly' } },
      { digestHour: 24 },
    ]) {
      const before = await t.rowCounts();
      const response = await t.request({
        method: 'PATCH',
        url: '/api/v1/me/notification-preferences',
        as: member,
        payload,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(await t.rowCounts()).toEqual(before);
    }
  });
});

describe('unsubscribe links', () => {
  /** The unsubscribe link of the newest email to the member about one kind. */
  async function unsubscribeLink(person: Person, kind: 'reply_to_my_thread' | 'mention') {
    await notifyNow(t.ctx, [{ userId: person.me.id, kind, title: `About ${kind}`, url: '/home' }]);
    await t.runJobs();
    const mail = (await t.outbox(person.email)).find((m) => m.subject === `About ${kind}`);
    return linkIn(mail?.text ?? '', '/unsubscribe');
  }
  const unsubscribeWith = (token: string | null, kind: string) =>
    t.request({
      method: 'POST',
      url: '/api/v1/notifications/unsubscribe',
      query: { token: token ?? '', kind },
      headers: { origin: undefined },
    });
  const channelsOf = async (person: Person) =>
    (await t.request({ method: 'GET', url: '/api/v1/me/notification-preferences', as: person })).json().channels;

  /** A refused link: 400 invalid_token in the error shape, and the member's choices unchanged. */
  async function refusedLink(person: Person, token: string | null, kind: string) {
    const before = await channelsOf(person);
    const response = await unsubscribeWith(token, kind);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { code: 'invalid_token', message: expect.stringMatching(/link/) } });
    expect(await channelsOf(person)).toEqual(before);
  }

  it('switches off the kind its email was about, and only with that kind', async () => {
    const person = await t.member();
    const link = await unsubscribeLink(person, 'reply_to_my_thread');
    await refusedLink(person, link.searchParams.get('token'), 'mention');
    const response = await unsubscribeWith(link.searchParams.get('token'), 'reply_to_my_thread');
    expect(response.statusCode).toBe(200);
    expect((await channelsOf(person)).reply_to_my_thread).toBe('in_app');
  });

  it('refuses a link once it has expired', async () => {
    const person = await t.member();
    const link = await unsubscribeLink(person, 'mention');
    t.clock.advance(91 * DAY);
    await refusedLink(person, link.searchParams.get('token'), 'mention');
  });

  it('refuses the one per-member token that links carried before', async () => {
    const person = await t.member();
    await unsubscribeLink(person, 'mention');
    const row = await t.database.db
      .selectFrom('notificationPreferences')
      .select('unsubscribeToken')
      .where('userId', '=', person.me.id)
      .executeTakeFirstOrThrow();
    await refusedLink(person, row.unsubscribeToken, 'mention');
  });
});

describe('time', () => {
  it('knows the member’s local hour and holds emails until quiet hours end', () => {
    const instant = new Date('2026-11-26T22:30:00Z');
    expect(localTime(instant, 'Europe/Berlin')).toEqual({ hour: 23, weekday: 4 });
    expect(afterQuietHours(instant, 'Europe/Berlin', { start: 22, end: 7 }).toISOString()).toBe(
      '2026-11-27T06:00:00.000Z',
    );
    expect(afterQuietHours(instant, 'Europe/Berlin', { start: 9, end: 17 })).toBe(instant);
    expect(afterQuietHours(instant, 'Europe/Berlin', null)).toBe(instant);
  });
});
