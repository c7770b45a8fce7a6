import { expect, test } from '@playwright/test';
import { expectAccessible, HOST, linkFromOutbox, signIn, signOut, signUp, uniqueEmail } from './support.js';

const host = HOST;
const visitor = { name: 'Vera Visitor', email: uniqueEmail('vera'), password: 'vera walks along the harbour' };
const newPassword = 'a different harbour walk at dawn';

test.describe.configure({ mode: 'serial' });

test('the first person to sign up becomes the host admin', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await expectAccessible(page, 'sign-in');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page).toHaveURL(/\/sign-up/);
  await expect(page.getByText('You are the first one here')).toBeVisible();
  await expectAccessible(page, 'sign-up');

  await signUp(page, host);
  await expectAccessible(page, 'home');
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Outbox' })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'Outbox' }).click();
  await expect(page.getByText(/confirm your email/i).first()).toBeVisible();
  await expectAccessible(page, 'outbox');
});

test('the host admin closes sign-up to invitations only, then opens it again', async ({ page, browser }) => {
  await page.goto('/sign-in');
  await signIn(page, host.email, host.password);
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expectAccessible(page, 'settings');
  const save = page.getByRole('button', { name: 'Save changes' });
  await expect(save).toBeDisabled();
  await page.getByRole('radio', { name: /By invitation/ }).check();
  await save.click();
  await expect(page.getByText('Only invited people can join now.')).toBeVisible();

  const outsider = await (await browser.newContext()).newPage();
  await outsider.goto('/sign-up');
  await expect(outsider.getByText('By invitation only')).toBeVisible();
  await expect(outsider.getByRole('button', { name: 'Create account' })).toHaveCount(0);
  await expectAccessible(outsider, 'sign-up while invitation-only');

  await page.getByRole('radio', { name: /Open/ }).check();
  await save.click();
  await expect(page.getByText('Anyone can now create an account.')).toBeVisible();
  await outsider.reload();
  await expect(outsider.getByRole('button', { name: 'Create account' })).toBeVisible();
});

test('the host admin sets who pulses ask, and the rules hold after a reload', async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page, host.email, host.password);
  await page.goto('/admin/settings');
  const pulses = page.getByRole('region', { name: 'Pulses' });
  const verifiedOnly = page.getByRole('switch', { name: 'Ask only members who confirmed their email' });
  const days = page.getByRole('textbox', { name: /Ask members after they have belonged/ });
  const save = page.getByRole('button', { name: 'Save pulse rules' });
  await expect(save).toBeDisabled();
  await verifiedOnly.check({ force: true });
  await days.fill('120');
  await expect(page.getByText('Choose a whole number of days from 0 to 90.')).toBeVisible();
  await expect(save).toBeDisabled();
  await days.fill('7');
  await save.click();
  await expect(page.getByText('Pulse rules saved. New pulses follow them.')).toBeVisible();
  await expectAccessible(page, 'settings with pulse rules');
  await page.reload();
  await expect(verifiedOnly).toBeChecked();
  await expect(days).toHaveValue('7 days');
  await expect(pulses).toBeVisible();
  // Back to asking everyone, which the pulse journeys rely on.
  await verifiedOnly.uncheck({ force: true });
  await days.fill('0');
  await save.click();
  await expect(page.getByText('Pulse rules saved. New pulses follow them.').first()).toBeVisible();
});

test('a new visitor signs up, signs out and signs in again', async ({ page }) => {
  await page.goto('/sign-up');
  await page.getByLabel('Password', { exact: true }).fill('password123');
  await page.getByLabel('Name').fill(visitor.name);
  await page.getByLabel('Email').fill(host.email);
  await page.getByLabel('Password', { exact: true }).fill('password1234');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(/too common/i).first()).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill(visitor.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(
    page.getByText('An account with this email already exists. Sign in, or reset your password.'),
  ).toBeVisible();
  await expect(page.getByLabel('Name')).toHaveValue(visitor.name);

  await signUp(page, visitor);
  await expect(page.getByText(/confirm your email/i).first()).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Outbox' })).toHaveCount(0);
  await expectAccessible(page, 'home as a member');

  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
  await expect(page.getByLabel('Email', { exact: true }).or(page.getByText(visitor.email)).first()).toBeVisible();
  await expectAccessible(page, 'profile');

  await signOut(page);
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fprofile/);

  await signIn(page, visitor.email, 'not the right password');
  await expect(page.getByText(/do not match/i)).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue(visitor.email);
  await signIn(page, visitor.email, visitor.password);
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
});

test('a visitor who forgot the password resets it with the emailed link', async ({ browser }) => {
  const visitorPage = await (await browser.newContext()).newPage();
  await visitorPage.goto('/sign-in');
  await visitorPage.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(visitorPage).toHaveURL(/\/forgot-password/);
  await expectAccessible(visitorPage, 'forgot password');
  await visitorPage.getByLabel('Email').fill(visitor.email);
  await visitorPage.getByRole('button', { name: 'Send reset link' }).click();
  await expect(visitorPage.getByText(/If an account exists for/)).toBeVisible();
  await expectAccessible(visitorPage, 'reset link sent');

  const hostPage = await (await browser.newContext()).newPage();
  await hostPage.goto('/sign-in');
  await signIn(hostPage, host.email, host.password);
  await expect(hostPage.getByRole('heading', { level: 1 })).toContainText('Harriet');
  const resetLink = await linkFromOutbox(hostPage, visitor.email, /reset your roundtable password/i);
  await expectAccessible(hostPage, 'outbox message');
  expect(new URL(resetLink).pathname).toBe('/reset-password');

  await visitorPage.goto(resetLink);
  await expect(visitorPage.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expectAccessible(visitorPage, 'reset password');
  await visitorPage.getByLabel('New password').fill(newPassword);
  await visitorPage.getByRole('button', { name: 'Set new password' }).click();
  await expect(visitorPage.getByRole('heading', { level: 1 })).toContainText('Vera');

  await signOut(visitorPage);
  await signIn(visitorPage, visitor.email, visitor.password);
  await expect(visitorPage.getByText(/do not match/i)).toBeVisible();
  await signIn(visitorPage, visitor.email, newPassword);
  await expect(visitorPage.getByRole('heading', { level: 1 })).toContainText('Vera');

  await visitorPage.goto(resetLink);
  await visitorPage.getByLabel('New password').fill('one more uncommon passphrase');
  await visitorPage.getByRole('button', { name: 'Set new password' }).click();
  await expect(visitorPage.getByText(/expired or was already used/i).first()).toBeVisible();
});

test('the member confirms the email with the link from the outbox', async ({ browser }) => {
  const hostPage = await (await browser.newContext()).newPage();
  await hostPage.goto('/sign-in');
  await signIn(hostPage, host.email, host.password);
  await expect(hostPage.getByRole('heading', { level: 1 })).toBeVisible();
  const verifyLink = await linkFromOutbox(hostPage, visitor.email, /confirm your email/i);

  const visitorPage = await (await browser.newContext()).newPage();
  await visitorPage.goto('/sign-in');
  await signIn(visitorPage, visitor.email, newPassword);
  await expect(visitorPage.getByRole('heading', { level: 1 })).toContainText('Vera');
  await visitorPage.goto(verifyLink);
  await expect(visitorPage.getByRole('heading', { level: 1, name: 'Email confirmed' })).toBeVisible();
  await expectAccessible(visitorPage, 'email confirmed');
});
