import { expect, test } from '@playwright/test';
import { expectAccessible, signOut, signUp, uniqueEmail } from './support.js';

test('a member finds every area through the navigation drawer on a phone', async ({ page }) => {
  await signUp(page, { name: 'Mo Mobile', email: uniqueEmail('mobile'), password: 'pockets full of harbour stones' });
  await expectAccessible(page, 'home on a phone');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Pulses' })).not.toBeInViewport();

  await page.getByRole('button', { name: 'Open navigation' }).click();
  for (const area of ['Home', 'Networks', 'Pulses', 'Meetings', 'Library', 'Providers', 'My NQ & plan', 'Search']) {
    await expect(nav.getByRole('link', { name: area })).toBeVisible();
  }
  await expectAccessible(page, 'open navigation drawer');
  await nav.getByRole('link', { name: 'Pulses' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pulses' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ask a pulse' }).first()).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Pulses' })).not.toBeInViewport();
  await expectAccessible(page, 'the pulse inbox on a phone');

  await page.getByRole('button', { name: 'Open navigation' }).click();
  await nav.getByRole('link', { name: 'Meetings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meetings' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Get my calendar address' })).toBeVisible();
  await expectAccessible(page, 'meetings on a phone');

  await page.getByRole('button', { name: 'Open navigation' }).click();
  await nav.getByRole('link', { name: 'Library' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  await expect(page.getByText('Coming soon')).toBeVisible();

  await page.getByRole('button', { name: 'Toggle colour scheme' }).click();
  await expectAccessible(page, 'coming-soon page in the other colour scheme');
  await signOut(page);
});
