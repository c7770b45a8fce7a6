import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

let counter = 0;
export const uniqueEmail = (label: string) => `${label}.${Date.now()}.${++counter}@example.com`;

/**
 * axe-core must find no serious or critical violation on the page as it is now, once transitions
 * (a toast fading out) have settled: colours measured mid-fade say nothing about the page.
 */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
  // Toasts come and go on their own timer; one fading out mid-scan reads as low contrast. Their
  // colours are set in the theme (dimmed text that passes AA), so the scan covers the page itself.
  const results = await new AxeBuilder({ page })
    .exclude('.mantine-Notifications-root')
    .exclude('.mantine-Notification-root')
    .analyze();
  const blocking = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes[0]?.target}`);
  expect(blocking, `accessibility of ${where}`).toEqual([]);
}

let nextAddress = 0;

export async function signUp(page: Page, person: { name: string; email: string; password: string }) {
  // Journeys sign up more people than one address may in an hour; each newcomer arrives from an
  // address of their own (the server trusts the proxy header in these runs), as real ones do.
  nextAddress += 1;
  await page.setExtraHTTPHeaders({
    'x-forwarded-for': `10.${process.pid % 250}.${Math.floor(nextAddress / 250)}.${nextAddress % 250}`,
  });
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`, ${person.name.split(' ')[0]}`);
}

/**
 * The instance's host admin: the first account of a run. accounts.spec.ts, which runs first, signs
 * it up; a spec run on its own signs it up itself through `signInAsHost`.
 */
export const HOST = {
  name: 'Harriet Host',
  email: 'host@roundtable.test',
  password: 'the host keeps a long passphrase',
};

export async function signInAsHost(page: Page): Promise<void> {
  await page.goto('/sign-in');
  await signIn(page, HOST.email, HOST.password);
  const home = page.getByRole('heading', { level: 1, name: /Harriet/ });
  const refused = page.getByText(/do not match/i);
  await expect(home.or(refused)).toBeVisible();
  if (await refused.isVisible()) await signUp(page, HOST);
}

export async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** Opens the newest outbox email whose subject matches, as the host admin, and answers its link. */
export async function linkFromOutbox(page: Page, to: string, subject: RegExp): Promise<string> {
  await page.goto('/admin/outbox');
  await expect(page.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible();
  await page.getByRole('button').filter({ hasText: to }).filter({ hasText: subject }).first().click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(to);
  const link = dialog.getByRole('link', { name: /token=/ }).first();
  const href = await link.getAttribute('href');
  if (!href) throw new Error('the email has no link');
  return href;
}

export type Network = { id: string; slug: string; name: string; charterVersion: number };

export const originOf = (page: Page) => ({ origin: new URL(page.url()).origin });

/** The host admin creates an open network with the experience protocol, and so facilitates it. */
export async function createNetwork(
  host: Page,
  network: { name: string; purpose: string; format: 'in_person' | 'online' | 'hybrid' },
): Promise<Network> {
  const response = await host.request.post('/api/v1/networks', {
    data: { ...network, joinPolicy: 'open', listed: true, audience: {}, experienceProtocol: true },
    headers: originOf(host),
  });
  expect(response.status()).toBe(201);
  return (await response.json()) as Network;
}

/** Joins the network as the page's signed-in person, accepting its charter. */
export async function joinNetwork(page: Page, network: Network): Promise<void> {
  const joined = await page.request.post(`/api/v1/networks/${network.id}/join`, {
    data: { charterVersion: network.charterVersion },
    headers: originOf(page),
  });
  expect(joined.ok()).toBe(true);
}
