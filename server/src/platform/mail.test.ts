import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, linkIn, type TestApp, uniqueEmail } from '../test/app.js';

let smtp: SMTPServer;
let port: number;
const received: { envelopeTo: string[]; mail: ParsedMail }[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
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

const mailTo = async (address: string) => {
  for (let i = 0; i < 50 && !received.some((r) => r.envelopeTo.includes(address)); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return received.filter((r) => r.envelopeTo.includes(address)).map((r) => r.mail);
};

describe('email over real SMTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Roundtable <hello@peers.test>' },
    });
  });
  afterAll(() => t.close());

  it('delivers a multipart verification email with a working link, and keeps nothing in the outbox', async () => {
    const email = uniqueEmail('smtp');
    const person = await t.signUp({ email, name: 'Sam <b>Smtp</b>' });
    const [mail] = await mailTo(email);
    expect(mail).toBeDefined();
    if (!mail) return;
    expect(mail.from?.value).toEqual([{ name: 'Roundtable', address: 'hello@peers.test' }]);
    expect(mail.subject).toMatch(/confirm your email/i);
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    const link = linkIn(mail.text ?? '', '/verify-email');
    expect(mail.html || '').toContain('Confirm my email');
    expect(mail.html || '').toContain('Sam &lt;b&gt;Smtp&lt;/b&gt;');
    expect(mail.html || '').not.toContain('<b>Smtp</b>');
    expect(await t.outbox()).toHaveLength(0);

    const verified = await t.request({
      method: 'POST',
      url: '/api/v1/auth/verify-email',
      payload: { token: link.searchParams.get('token') },
    });
    expect(verified.statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', as: person })).json().emailVerified).toBe(true);
  });

  it('delivers a password-reset email whose link sets the new password', async () => {
    const person = await t.signUp({ email: uniqueEmail('smtp-reset') });
    await t.request({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: person.email } });
    await t.runJobs();
    const reset = (await mailTo(person.email)).find((m) => /reset/i.test(m.subject ?? ''));
    expect(reset?.text).toContain('/reset-password?token=');
    const token = linkIn(reset?.text ?? '', '/reset-password').searchParams.get('token');
    const done = await t.request({
      method: 'POST',
      url: '/api/v1/auth/password-reset/complete',
      payload: { token, password: 'a fresh uncommon passphrase' },
    });
    expect(done.statusCode).toBe(200);
  });
});

it('keeps the account when the mail server is down, and the person can still sign in', async () => {
  const t = await buildTestApp({ env: { SMTP_URL: 'smtp://127.0.0.1:1' } });
  try {
    const person = await t.signUp();
    expect(person.me.emailVerified).toBe(false);
    const signIn = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: person.email, password: person.password },
    });
    expect(signIn.statusCode).toBe(200);
  } finally {
    await t.close();
  }
});
