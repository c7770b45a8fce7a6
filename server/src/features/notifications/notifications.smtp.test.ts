import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { setProfile } from '../../test/networks.js';
import { emailNotifications, notifyNow, scheduleDigestTick } from './notifications.service.js';

/** A real SMTP server in the test: every message is parsed as a mail client would. */
let smtp: SMTPServer;
let port: number;
let refuseNext = 0;
const received: { envelopeTo: string[]; mail: ParsedMail }[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          if (refuseNext > 0) {
            refuseNext--;
            callback(Object.assign(new Error('mailbox busy'), { responseCode: 451 }));
            return;
          }
          received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

/** Notification emails to this address; the sign-up confirmation is not one. */
const mailTo = (address: string) =>
  received
    .filter((r) => r.envelopeTo.includes(address) && !/confirm your email/i.test(r.mail.subject ?? ''))
    .map((r) => r.mail);

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Roundtable <hello@peers.test>' } });
  // Wednesday 26 November 2026, 06:00 UTC.
  t.clock.set(new Date('2026-11-26T06:00:00.000Z'));
  await t.admin();
  await scheduleDigestTick(t.ctx);
});
afterAll(() => t.close());

const HOUR = 60 * 60 * 1000;

/** A header exactly as it arrived (mailparser folds List-* headers into a structure of its own). */
const rawHeader = (mail: ParsedMail, name: string): string =>
  mail.headerLines.find((header) => header.key === name.toLowerCase())?.line.replace(/^[^:]+:\s*/, '') ?? '';

async function member(timeZone: string): Promise<Person> {
  const person = await t.member();
  await setProfile(t, person, { timeZone });
  return person;
}

describe('notification email over real SMTP', () => {
  it('sends an immediate multipart email with a one-click unsubscribe that switches the kind off', async () => {
    const person = await member('Europe/Berlin');
    await notifyNow(t.ctx, [
      {
        userId: person.me.id,
        kind: 'reply_to_my_thread',
        title: 'Dana replied to “How do you price annual contracts?”',
        body: 'We moved to usage-based pricing last year…',
        url: '/threads/abc',
      },
    ]);
    expect(mailTo(person.email)).toHaveLength(0);
    await t.runJobs();
    const [mail] = mailTo(person.email);
    if (!mail) throw new Error('no email arrived');
    expect(mail.subject).toBe('Dana replied to “How do you price annual contracts?”');
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(mail.text).toContain('We moved to usage-based pricing last year…');
    expect(mail.html || '').toContain('Read the reply');
    expect(mail.text).toContain('http://localhost:3000/threads/abc');
    expect(rawHeader(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const listUnsubscribe = rawHeader(mail, 'List-Unsubscribe');
    const oneClick = new URL(listUnsubscribe.replace(/^<|>$/g, ''));
    expect(oneClick.pathname).toBe('/api/v1/notifications/unsubscribe');
    expect(oneClick.searchParams.get('kind')).toBe('reply_to_my_thread');
    expect(mail.text).toContain('/unsubscribe?token=');

    // The mail client's one-click POST: a form body, no cookie, no Origin.
    const unsubscribed = await t.request({
      method: 'POST',
      url: `${oneClick.pathname}${oneClick.search}`,
      headers: { origin: undefined, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribed.statusCode).toBe(200);
    expect(unsubscribed.json().stopped).toMatch(/replies to my threads/i);
    const preferences = (
      await t.request({ method: 'GET', url: '/api/v1/me/notification-preferences', as: person })
    ).json();
    expect(preferences.channels.reply_to_my_thread).toBe('in_app');

    await notifyNow(t.ctx, [
      { userId: person.me.id, kind: 'reply_to_my_thread', title: 'Another reply', url: '/threads/abc' },
    ]);
    await t.runJobs();
    expect(mailTo(person.email)).toHaveLength(1);
    const inApp = (await t.request({ method: 'GET', url: '/api/v1/notifications', as: person })).json();
    expect(inApp.items.map((n: { title: string }) => n.title)).toContain('Another reply');

    const forged = await t.request({
      method: 'POST',
      url: `/api/v1/notifications/unsubscribe?token=${'x'.repeat(43)}&kind=mention`,
      headers: { origin: undefined },
    });
    expect(forged.statusCode).toBe(400);
  });

  it('never puts what was written into the email of a member who chose emails without content', async () => {
    const person = await member('UTC');
    await t.request({
      method: 'PATCH',
      url: '/api/v1/me/notification-preferences',
      as: person,
      payload: { includeContent: false },
    });
    await notifyNow(t.ctx, [
      {
        userId: person.me.id,
        kind: 'mention',
        title: 'Lee mentioned you in “Our layoffs plan”',
        body: 'Confidential: we cut 12% next quarter',
        url: '/threads/secret',
      },
    ]);
    await t.runJobs();
    const [mail] = mailTo(person.email);
    expect(mail?.subject).toBe('Someone mentioned you.');
    const everything = `${mail?.subject} ${mail?.text} ${mail?.html}`;
    expect(everything).not.toContain('layoffs');
    expect(everything).not.toContain('12%');
    expect(mail?.text).toContain('/threads/secret');
  });

  it('sends a notification’s email once even when its job runs again (a worker died after sending)', async () => {
    const person = await member('UTC');
    await notifyNow(t.ctx, [{ userId: person.me.id, kind: 'mention', title: 'Once only', url: '/home' }]);
    const [row] = await t.database.db
      .selectFrom('notifications')
      .select('id')
      .where('userId', '=', person.me.id)
      .execute();
    if (!row) throw new Error('no notification stored');
    await emailNotifications(t.ctx, [row.id], { isLastAttempt: false });
    await emailNotifications(t.ctx, [row.id], { isLastAttempt: false });
    await t.runJobs();
    expect(mailTo(person.email).map((m) => m.subject)).toEqual(['Once only']);
    const stored = await t.database.db
      .selectFrom('notifications')
      .select('emailState')
      .where('id', '=', row.id)
      .executeTakeFirst();
    expect(stored?.emailState).toBe('sent');
  });

  it('retries a refused send and delivers it once', async () => {
    const person = await member('UTC');
    refuseNext = 1;
    await notifyNow(t.ctx, [
      { userId: person.me.id, kind: 'pulse_waiting', title: 'A pulse waits for you', url: '/pulses/p' },
    ]);
    await t.runJobs();
    expect(mailTo(person.email)).toHaveLength(0);
    t.clock.advance(10 * 60 * 1000);
    await t.runJobs();
    expect(mailTo(person.email).map((m) => m.subject)).toEqual(['A pulse waits for you']);
    t.clock.advance(60 * 60 * 1000);
    await t.runJobs();
    expect(mailTo(person.email)).toHaveLength(1);
  });

  it('bundles digest items into one email at 08:00 in the member’s time zone, and stops the digest by its link', async () => {
    const tokyo = await member('Asia/Tokyo');
    const newYork = await member('America/New_York');
    for (const person of [tokyo, newYork]) {
      await notifyNow(t.ctx, [
        { userId: person.me.id, kind: 'meeting_soon', title: 'CFO Circle meets Thursday', url: '/meetings/1' },
        { userId: person.me.id, kind: 'member_joined', title: 'Ana joined CFO Circle', url: '/networks/cfo' },
        { userId: person.me.id, kind: 'member_joined', title: 'Ben joined CFO Circle', url: '/networks/cfo' },
      ]);
    }
    await t.runJobs();
    expect(mailTo(tokyo.email)).toHaveLength(0);

    // 23:00 UTC is 08:00 the next morning in Tokyo, and 18:00 in New York.
    t.clock.set(new Date('2026-11-26T23:00:00.000Z'));
    await t.runJobs();
    const [digest] = mailTo(tokyo.email);
    if (!digest) throw new Error('no digest for Tokyo');
    expect(digest.subject).toBe('Your daily Roundtable digest: 3 updates');
    for (const title of ['CFO Circle meets Thursday', 'Ana joined CFO Circle', 'Ben joined CFO Circle']) {
      expect(digest.text).toContain(title);
    }
    expect(mailTo(newYork.email)).toHaveLength(0);

    // 13:00 UTC next day is 08:00 in New York.
    t.clock.set(new Date('2026-11-27T13:00:00.000Z'));
    await t.runJobs();
    expect(mailTo(newYork.email).map((m) => m.subject)).toEqual(['Your daily Roundtable digest: 3 updates']);
    expect(mailTo(tokyo.email)).toHaveLength(1);

    const stop = new URL(rawHeader(digest, 'List-Unsubscribe').replace(/^<|>$/g, ''));
    expect(stop.searchParams.get('kind')).toBe('digest');
    await t.request({ method: 'POST', url: `${stop.pathname}${stop.search}`, headers: { origin: undefined } });
    await notifyNow(t.ctx, [{ userId: tokyo.me.id, kind: 'meeting_soon', title: 'Later meeting', url: '/meetings/2' }]);
    t.clock.set(new Date('2026-11-27T23:00:00.000Z'));
    await t.runJobs();
    expect(mailTo(tokyo.email)).toHaveLength(1);
    t.clock.advance(HOUR);
  });
});
