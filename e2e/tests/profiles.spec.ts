import { expect, test } from '@playwright/test';
import { expectAccessible, signUp, uniqueEmail } from './support.js';

const password = 'a long and uncommon passphrase';
// A 64×48 blue PNG; the server crops it to a 256×256 WebP.
const picture = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAfUlEQVR4nO2SAQkAURSDls0qF98SF2M8/sAAOhY+T5O6AQuwviK7kHdJ3YAFWF+RXci7pG7AAqyvyC7kXVI3YAHWV2QX8i6pG7AA6yuyC3mX1A1YgPUV2YW8S+oGLMD6iuxC3iV1AxZgfUV2Ie+SugELsL4iu5B3Sd2AxwN+GcLBD95o8OEAAAAASUVORK5CYII=',
  'base64',
);

test('a member fills in a profile with a picture, and a peer sees only what is open to everyone', async ({
  browser,
}) => {
  // Three sign-ups, an upload and two accessibility scans: more than the usual minute on two cores.
  test.slow();
  // Whoever signs up first on this instance is its host admin and sees every field; make sure that is neither of us.
  const hostPage = await (await browser.newContext()).newPage();
  await signUp(hostPage, { name: 'Hanne Host', email: uniqueEmail('host'), password });

  const page = await (await browser.newContext()).newPage();
  await signUp(page, { name: 'Ada Lovelace', email: uniqueEmail('ada'), password });
  await page.goto('/profile');
  await expect(page.getByRole('heading', { level: 2, name: 'Role & company' })).toBeVisible();

  await page.getByRole('textbox', { name: 'Headline' }).fill('Scaling B2B sales teams across Europe');
  await page.getByRole('combobox', { name: 'Level', exact: true }).click();
  await page.getByRole('option', { name: 'Vice president' }).click();
  await page.getByRole('textbox', { name: 'Company', exact: true }).fill('Analytical Engines Ltd');
  await expect(page.getByLabel('Company: who sees it', { exact: true })).toHaveValue('network');
  const expertise = page.getByRole('combobox', { name: 'Expertise', exact: true });
  await expertise.fill('Pricing');
  await expertise.press('Enter');
  await expertise.fill('Sales enablement');
  await expertise.press('Enter');
  await page.getByRole('textbox', { name: 'Website or blog' }).fill('ftp://example.com');
  await page.getByRole('textbox', { name: 'About' }).click();
  await expect(page.getByText('Enter a full link that starts with https:// or http://')).toBeVisible();
  await page.getByRole('textbox', { name: 'Website or blog' }).fill('https://ada.example.org');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Your profile is saved.')).toBeVisible();

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Upload picture' }).click();
  await (await chooser).setFiles({ name: 'ada.png', mimeType: 'image/png', buffer: picture });
  await expect(page.getByText('Your picture is saved.')).toBeVisible();
  await expect(page.getByRole('img', { name: 'Your picture' })).toBeVisible();
  await expectAccessible(page, 'profile editor');

  await page.getByRole('link', { name: 'See your public profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeVisible();
  await expect(page.getByText('Analytical Engines Ltd').first()).toBeVisible();
  const memberUrl = page.url();

  const peerPage = await (await browser.newContext()).newPage();
  await signUp(peerPage, { name: 'Bob Peer', email: uniqueEmail('bob'), password });
  await peerPage.goto(memberUrl);
  await expect(peerPage.getByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeVisible();
  await expect(peerPage.getByText('Scaling B2B sales teams across Europe')).toBeVisible();
  await expect(peerPage.getByText('Vice president')).toBeVisible();
  await expect(peerPage.getByText('sales enablement')).toBeVisible();
  await expect(peerPage.getByRole('img', { name: 'Picture of Ada Lovelace' })).toBeVisible();
  await expect(peerPage.getByText('Analytical Engines Ltd')).toHaveCount(0);
  await expectAccessible(peerPage, 'member profile');
});
