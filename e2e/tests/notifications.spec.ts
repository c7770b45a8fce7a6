import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, signInAsHost, signUp, uniqueEmail } from './support.js';

const password = 'a long and uncommon passphrase';

/** The unsubscribe page link of the newest email to `to`, polled from the outbox as the host admin. */
async function unsubscribeLinkFor(page: Page, to: string): Promise<string> {
  let link: string | undefined;
  // Emails leave through background jobs, so the outbox fills a moment after the event.
  await expect
    .poll(
      async () => {
        const response = await page.request.get('/api/v1/admin/outbox?limit=50');
        const outbox = (await response.json()) as { items: { to: string; text: string }[] };
        const email = outbox.items.find((message) => message.to.includes(to) && message.text.includes('/unsubscribe?'));
        link = email?.text.match(/https?:\/\/\S+\/unsubscribe\?token=[A-Za-z0-9_-]+(?:&kind=[a-z_]+)?/)?.[0];
        return link;
      },
      { message: `an email with an unsubscribe link to ${to}`, timeout: 20_000 },
    )
    .toBeTruthy();
  if (!link) throw new Error(`no unsubscribe link in an email to ${to}`);
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}

test('a facilitator hears of an application live, opens it from the bell, and a member tunes and stops emails', async ({
  browser,
}) => {
  // Two people, live events, background emails and an accessibility scan on every page.
  test.slow();

  // The host admin creates a network people apply to.
  const host = await (await browser.newContext()).newPage();
  await signInAsHost(host);
  const created = await host.request.post('/api/v1/networks', {
    data: {
      name: 'CFO Circle Hamburg',
      purpose: 'Finance chiefs of software companies compare notes on fundraising, pricing and audits.',
      format: 'online',
      joinPolicy: 'application',
      listed: true,
      audience: { industries: ['software'], levels: ['vice_president'] },
    },
    headers: { origin: new URL(host.url()).origin },
  });
  expect(created.status()).toBe(201);
  const network = (await created.json()) as { id: string; slug: string };
  // A facilitator the host admin appoints, who has heard of nothing yet.
  const fayEmail = uniqueEmail('fay');
  const fay = await (await browser.newContext()).newPage();
  await signUp(fay, { name: 'Fay Facilitator', email: fayEmail, password });
  const fayId = ((await (await fay.request.get('/api/v1/me')).json()) as { id: string }).id;
  const appointed = await host.request.post(`/api/v1/networks/${network.id}/facilitators`, {
    data: { memberId: fayId },
    headers: { origin: new URL(host.url()).origin },
  });
  expect(appointed.status()).toBe(200);
  await expect(fay.getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();
  await fay.getByRole('button', { name: 'Notifications', exact: true }).click();
  await expect(fay.getByText('You’re all caught up')).toBeVisible();
  await expectAccessible(fay, 'empty notification popover');
  await fay.keyboard.press('Escape');

  // A member applies.
  const ada = await (await browser.newContext()).newPage();
  await signUp(ada, { name: 'Ada Lovelace', email: uniqueEmail('ada'), password });
  const applied = await ada.request.post(`/api/v1/networks/${network.id}/applications`, {
    data: {
      why: 'I am raising a Series B and want peers who did it recently.',
      contribution: 'Ten years of FP&A in SaaS and a pricing model I am happy to share.',
    },
    headers: { origin: new URL(ada.url()).origin },
  });
  expect(applied.status()).toBe(201);

  // The facilitator's bell counts it live, without a reload, and a toast says so.
  const bell = fay.getByRole('button', { name: 'Notifications, 1 unread' });
  await expect(bell).toBeVisible();
  await expect(fay.getByText('New notification')).toBeVisible();
  await bell.click();
  const newest = fay.getByRole('list', { name: 'Newest notifications' });
  const item = newest.getByRole('link', { name: /Ada Lovelace applied to CFO Circle Hamburg/ });
  await expect(item).toContainText('New');
  await expectAccessible(fay, 'notification popover');
  await item.click();
  await expect(fay).toHaveURL(new RegExp(`/networks/${network.slug}/applications`));
  await expect(fay.getByRole('heading', { level: 1, name: 'Applications' })).toBeVisible();
  await expect(fay.getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();

  // The centre keeps it, read; the unread filter teaches what will come.
  await fay.goto('/notifications');
  await expect(fay.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  const all = fay.getByRole('list', { name: 'Notifications, newest first' });
  await expect(all.getByRole('link', { name: /Ada Lovelace applied/ })).not.toContainText('New');
  await expectAccessible(fay, 'notification centre');
  await fay.getByText('Unread', { exact: true }).click();
  await expect(fay).toHaveURL(/show=unread/);
  await expect(
    fay.getByText('Nothing unread. We’ll tell you when peers reply, apply or ask you something.'),
  ).toBeVisible();
  await expectAccessible(fay, 'empty unread notifications');

  // The host admin sees the background jobs that sent the email.
  await host.getByRole('link', { name: 'Jobs', exact: true }).click();
  await expect(host.getByRole('heading', { level: 1, name: 'Jobs' })).toBeVisible();
  await expect(host.getByRole('list', { name: 'Jobs, newest first' })).toBeVisible();
  await expectAccessible(host, 'jobs');

  // The member changes a preference, and it sticks.
  await ada.getByRole('button', { name: 'Account menu' }).click();
  await ada.getByRole('menuitem', { name: 'Notification preferences' }).click();
  await expect(ada.getByRole('heading', { level: 1, name: 'Notification preferences' })).toBeVisible();
  const mentions = ada.getByLabel('Someone mentions me', { exact: true });
  await expect(mentions).toHaveValue('In the app and by email at once');
  await mentions.click();
  await ada.getByRole('option', { name: 'In the app and in the email digest' }).click();
  await ada.getByText('Weekly', { exact: true }).click();
  await ada.getByRole('switch', { name: 'Emails without content' }).check({ force: true });
  await expectAccessible(ada, 'notification preferences');
  await ada.getByRole('button', { name: 'Save preferences' }).click();
  await expect(ada.getByText('Preferences saved')).toBeVisible();
  await ada.reload();
  await expect(ada.getByLabel('Someone mentions me', { exact: true })).toHaveValue(
    'In the app and in the email digest',
  );
  await expect(ada.getByRole('radio', { name: 'Weekly' })).toBeChecked();
  await expect(ada.getByRole('switch', { name: 'Emails without content' })).toBeChecked();

  // The emailed unsubscribe link works signed out, and the preference follows.
  const link = await unsubscribeLinkFor(host, fayEmail);
  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto(link);
  await expect(stranger.getByRole('heading', { level: 1, name: 'Stop these emails?' })).toBeVisible();
  await expectAccessible(stranger, 'unsubscribe page');
  await stranger.getByRole('button', { name: 'Stop these emails' }).click();
  await expect(stranger.getByText(/Done — you’ll no longer get/)).toBeVisible();
  await expectAccessible(stranger, 'unsubscribed');
  await fay.goto('/settings/notifications');
  await expect(fay.getByLabel('Someone applies to a network I facilitate', { exact: true })).toHaveValue(
    'In the app only',
  );

  // A broken link says so.
  await stranger.goto('/unsubscribe?token=not-a-real-token-at-all-000000');
  await stranger.getByRole('button', { name: 'Stop these emails' }).click();
  await expect(stranger.getByRole('heading', { level: 1, name: 'This link does not work' })).toBeVisible();
});
