import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, signInAsHost, uniqueEmail } from './support.js';

/** Answers every statement on the current screen with `choice`, moving through each radio group by keyboard. */
async function answerScreen(page: Page, choice: string) {
  const statements = page.locator('fieldset');
  await expect(statements.first()).toBeVisible();
  for (let index = 0; index < (await statements.count()); index++) {
    await statements.nth(index).getByRole('radio', { name: choice, exact: true }).check();
  }
}

test('a visitor takes the NQ without an account, signs up to keep it, accepts the plan, and joining a network ticks it', async ({
  browser,
}) => {
  test.slow();

  // The host admin runs an open network the plan can suggest.
  const host = await (await browser.newContext()).newPage();
  await signInAsHost(host);
  const created = await host.request.post('/api/v1/networks', {
    data: {
      name: 'NQ Peer Exchange',
      purpose: 'Peers who help each other grow their networks, one question at a time.',
      format: 'online',
      joinPolicy: 'open',
      listed: true,
    },
    headers: { origin: new URL(host.url()).origin },
  });
  expect(created.status()).toBe(201);
  const network = (await created.json()) as { slug: string };

  // A newcomer starts from the sign-in page, without an account.
  const page = await (await browser.newContext()).newPage();
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'take the free NQ assessment' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'What is your Networking Quotient?' })).toBeVisible();
  await expectAccessible(page, 'the public NQ page');
  await page.getByRole('link', { name: 'Take the NQ' }).click();

  // Six screens; peer-to-peer engagement is answered lowest, so it is the weakest dimension.
  await expect(page.getByRole('heading', { level: 1, name: 'Breadth' })).toBeVisible();
  await expect(page.getByText('step 1 of 6')).toBeVisible();
  // Next without answers names what is missing and stays put.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText(/Answer every statement on this screen/)).toBeVisible();
  await expectAccessible(page, 'a question screen with missing answers');
  for (const dimension of ['Breadth', 'Depth and trust', 'Diversity', 'Reciprocity', 'Peer-to-peer engagement']) {
    await expect(page.getByRole('heading', { level: 1, name: dimension })).toBeVisible();
    await answerScreen(page, dimension === 'Peer-to-peer engagement' ? 'Strongly disagree' : 'Neither');
    // The keyboard moves on: Enter submits the screen's form.
    await page.keyboard.press('Enter');
  }
  await expect(page.getByRole('heading', { level: 1, name: 'Upkeep' })).toBeVisible();
  await answerScreen(page, 'Neither');
  await page.getByRole('button', { name: 'See my NQ' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Your NQ result' })).toBeVisible();
  await expect(page.getByText('Kept in this browser only')).toBeVisible();
  await expect(page.getByText('NQ out of 100')).toBeVisible();
  const advice = page.getByRole('region', { name: 'Where to grow first' });
  await expect(advice.getByRole('heading', { level: 3 }).first()).toHaveText('Peer-to-peer engagement');
  await expect(page.getByRole('img', { name: /Radar chart of your scores/ })).toBeVisible();
  await expectAccessible(page, 'a visitor’s result');
  const overall = (await page.getByText('NQ out of 100').locator('xpath=preceding-sibling::*[1]').textContent()) ?? '';

  // Signing up keeps the result.
  await page.getByRole('link', { name: 'Create an account to save it' }).first().click();
  await page.getByLabel('Name').fill('Nia Newcomer');
  await page.getByLabel('Email').fill(uniqueEmail('nia'));
  await page.getByLabel('Password', { exact: true }).fill('a long and uncommon passphrase');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My NQ & plan' })).toBeVisible();
  await expect(page.getByText('Your NQ result is saved')).toBeVisible();
  await expect(page.getByText('NQ out of 100').locator('xpath=preceding-sibling::*[1]')).toHaveText(overall);
  const history = await page.request.get('/api/v1/assessments');
  expect(((await history.json()) as { items: { overall: number }[] }).items.map((r) => String(r.overall))).toEqual([
    overall,
  ]);
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My NQ & plan' }),
  ).toHaveAttribute('aria-current', 'page');
  await expectAccessible(page, 'the member’s NQ page');

  // The proposed plan, accepted as it is.
  await page.getByRole('link', { name: 'Open my plan' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Your proposed plan' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'NQ Peer Exchange' }).first()).toBeVisible();
  await expectAccessible(page, 'the proposed plan');
  await page.getByRole('button', { name: 'Accept this plan' }).click();
  const join = page.getByRole('checkbox', { name: /^Join a network of peers in your function: not done/ });
  await expect(join).not.toBeChecked();
  await expect(page.getByText('0 of 6 done')).toBeVisible();

  // Joining a network is the activity the action names: it ticks itself.
  await page.goto(`/networks/${network.slug}`);
  await page.getByRole('button', { name: 'Join network' }).click();
  const charter = page.getByRole('dialog', { name: 'Join NQ Peer Exchange' });
  await charter.getByRole('checkbox', { name: /I accept the charter and the confidentiality agreement/ }).check();
  await charter.getByRole('button', { name: 'Join network' }).click();
  await expect(charter).toBeHidden();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My NQ & plan' }).click();
  await page.getByRole('link', { name: 'Open my plan' }).click();
  await expect(page.getByRole('checkbox', { name: /^Join a network of peers in your function: done/ })).toBeChecked();
  await expect(page.getByText(/Done — 1 network joined since you added it/).first()).toBeVisible();

  // A manual action is ticked by hand.
  const manual = page.getByRole('checkbox', {
    name: /^Put your next hard question to your peers before deciding: not done/,
  });
  await manual.click();
  await expect(
    page.getByRole('checkbox', { name: /^Put your next hard question to your peers before deciding: done/ }),
  ).toBeChecked();
  await expectAccessible(page, 'the plan with ticked actions');
});
