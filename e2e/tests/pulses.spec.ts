import fs from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import {
  createNetwork,
  expectAccessible,
  joinNetwork,
  type Network,
  signIn,
  signInAsHost,
  signOut,
  signUp,
  uniqueEmail,
} from './support.js';

const password = 'a long and uncommon passphrase';

const networkOf = (name: string) => ({
  name,
  purpose: 'Finance leaders of mid-sized companies compare forecasting, tooling and team design.',
  format: 'online' as const,
});

/** Signs up in the page's browser and joins the network, accepting its charter. */
async function joinAs(page: Page, person: { name: string; email: string }, network: Network): Promise<void> {
  await signUp(page, { ...person, password });
  await joinNetwork(page, network);
}

const TITLE = 'Cash forecasting in practice';
const CHOICE = 'Do you run a 13-week cash forecast?';
const SCALE = 'How confident are you in it?';
const NUMBER = 'How many people work in your finance team?';

/** Each peer's answers: the choice, the scale step and the head count. */
const SHEETS: [string, string, string][] = [
  ['Yes', '4', '12'],
  ['Yes', '5', '20'],
  ['No', '2', '8'],
  ['Yes', '4', '15'],
  ['Planning to', '3', '30'],
];

test('a member asks a three-question pulse, five peers answer it, and the asker reads the charts and downloads the CSV', async ({
  browser,
}) => {
  // Seven people, five sign-ins and an accessibility scan on each kind of page: minutes on two cores.
  test.slow();
  const host = await (await browser.newContext()).newPage();
  await signInAsHost(host);
  const network = await createNetwork(host, networkOf(`Finance Circle ${Date.now()}`));

  const asker = await (await browser.newContext()).newPage();
  await joinAs(asker, { name: 'Ada Asker', email: uniqueEmail('ada') }, network);

  // The peers join before the pulse is asked: its audience is fixed when it is published.
  const peerPage = await (await browser.newContext()).newPage();
  const peers = SHEETS.map((_, index) => ({
    name: `Peer${'ABCDE'[index]} Person`,
    email: uniqueEmail(`peer${index + 1}`),
  }));
  for (const peer of peers) {
    await joinAs(peerPage, peer, network);
    await signOut(peerPage);
  }

  // The inbox teaches what pulses are for.
  await asker.getByRole('link', { name: 'Pulses' }).first().click();
  await expect(asker.getByRole('heading', { level: 1, name: 'Pulses' })).toBeVisible();
  await expect(asker.getByRole('tab', { name: 'Waiting for you', selected: true })).toBeVisible();
  await expect(asker.getByText('No pulses waiting. Ask your peers a quick question')).toBeVisible();
  await expectAccessible(asker, 'pulse inbox');

  // The network's Pulses tab leads to the composer with the network chosen.
  await asker.goto(`/networks/${network.slug}?tab=pulses`);
  await expect(asker.getByRole('tab', { name: 'Pulses', selected: true })).toBeVisible();
  await asker.getByRole('link', { name: 'Ask a pulse' }).first().click();
  await expect(asker.getByRole('heading', { level: 1, name: 'Ask your peers a quick question' })).toBeVisible();
  await expect(asker.getByText(network.name).first()).toBeVisible();

  // Validation as you type: an empty question is refused before anything is sent.
  await asker.getByRole('button', { name: 'Ask your peers' }).click();
  await expect(asker.getByText('Give the pulse a title')).toBeVisible();

  await asker.getByRole('textbox', { name: 'Title' }).fill(TITLE);
  await asker.getByRole('textbox', { name: 'Context (optional)' }).fill('Our board asks whether we are behind.');
  const first = asker.getByRole('region', { name: 'Question 1' });
  await first.getByRole('textbox', { name: 'Question', exact: true }).fill(CHOICE);
  await first.getByRole('textbox', { name: 'Question 1, option 1' }).fill('Yes');
  await first.getByRole('textbox', { name: 'Question 1, option 2' }).fill('No');
  await first.getByRole('button', { name: 'Add option' }).click();
  await first.getByRole('textbox', { name: 'Question 1, option 3' }).fill('Planning to');

  await asker.getByRole('button', { name: 'Add a question' }).click();
  await asker.getByRole('menuitem', { name: 'Scale' }).click();
  const second = asker.getByRole('region', { name: 'Question 2' });
  await second.getByRole('textbox', { name: 'Question', exact: true }).fill(SCALE);
  await second.getByRole('textbox', { name: 'Label for 1 (optional)' }).fill('Not at all');
  await second.getByRole('textbox', { name: 'Label for 5 (optional)' }).fill('Very');

  await asker.getByRole('button', { name: 'Add a question' }).click();
  await asker.getByRole('menuitem', { name: 'Number' }).click();
  const third = asker.getByRole('region', { name: 'Question 3' });
  await third.getByRole('textbox', { name: 'Question', exact: true }).fill(NUMBER);
  await third.getByRole('textbox', { name: 'Unit (optional)' }).fill('people');
  await expect(asker.getByRole('textbox', { name: 'Results show at' })).toHaveValue('5 answers');

  // The preview is the answer form members will see, built from what was typed.
  const preview = asker.getByRole('region', { name: 'Preview — what members see' });
  await expect(preview.getByText(TITLE)).toBeVisible();
  await expect(preview.getByRole('radio', { name: 'Planning to' })).toBeVisible();
  await expect(preview.getByText('5 = Very')).toBeVisible();
  await expect(preview.getByRole('textbox', { name: `3. ${NUMBER}` })).toBeVisible();
  await expectAccessible(asker, 'pulse composer');

  await asker.getByRole('button', { name: 'Ask your peers' }).click();
  await expect(asker.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await expect(asker.getByText('asked have answered')).toContainText('0 of 6');
  const pulseUrl = new URL(asker.url()).pathname;
  expect(pulseUrl).toMatch(/^\/pulses\/[A-Za-z0-9_-]+$/);

  // Five peers answer through the form, each from the inbox where the pulse waits with its countdown.
  for (const [index, peer] of peers.entries()) {
    const [choice, scale, size] = SHEETS[index] ?? ['Yes', '3', '10'];
    await peerPage.goto('/sign-in');
    await signIn(peerPage, peer.email, password);
    await expect(peerPage.getByRole('heading', { level: 1 })).toContainText(peer.name.split(' ')[0] ?? '');
    await peerPage.goto('/pulses');
    const waiting = peerPage.getByRole('list', { name: 'Pulses waiting for your answer' });
    const row = waiting.getByRole('listitem').filter({ hasText: TITLE });
    await expect(row).toContainText('closes in 48 h');
    await expect(row).toContainText(network.name);
    await row.getByRole('link', { name: TITLE }).click();
    await expect(peerPage.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
    await peerPage.getByRole('radio', { name: choice, exact: true }).check();
    // The scale is a segmented control: its radios sit under their visible labels.
    await peerPage
      .getByRole('group', { name: `2. ${SCALE}` })
      .getByText(scale, { exact: true })
      .click();
    await expect(peerPage.getByRole('radio', { name: scale, exact: true })).toBeChecked();
    await peerPage.getByRole('textbox', { name: `3. ${NUMBER}` }).fill(size);
    if (index === 0) await expectAccessible(peerPage, 'answer form');
    await peerPage.getByRole('button', { name: 'Send answers' }).click();
    await expect(peerPage.getByText('Thank you — your answers are in').first()).toBeVisible();
    await signOut(peerPage);

    if (index === 3) {
      // Below the threshold the asker sees only how many answered.
      await asker.goto(`${pulseUrl}/results`);
      await expect(asker.getByText('4 of 5 answers so far — results appear at 5')).toBeVisible();
      await expect(asker.getByText('3 · 60%')).toHaveCount(0);
    }
  }

  // At five answers the charts appear, with counts and percentages, and the response curve.
  await asker.goto(`${pulseUrl}/results`);
  await expect(asker.getByRole('heading', { level: 1, name: `Results: ${TITLE}` })).toBeVisible();
  await expect(asker.getByText('Results from all 5 answers so far.')).toBeVisible();
  const choices = asker.getByRole('list', { name: `Answers to “${CHOICE}”` });
  await expect(choices.getByRole('listitem').filter({ hasText: 'Yes' })).toContainText('3 · 60%');
  await expect(choices.getByRole('listitem').filter({ hasText: 'No' })).toContainText('1 · 20%');
  await expect(choices.getByRole('listitem').filter({ hasText: 'Planning to' })).toContainText('1 · 20%');
  await expect(asker.getByRole('region', { name: 'Question 2' })).toContainText(
    'the average answer is 3.6 and the middle answer is 4',
  );
  // Five answers are too few for a middle answer that would be one peer's own.
  await expect(asker.getByRole('region', { name: 'Question 3' })).toContainText(
    'The middle answer shows from twice the results threshold',
  );
  await expect(asker.getByRole('heading', { name: 'How fast peers answered' })).toBeVisible();
  await expect(asker.getByText('5 answers').first()).toBeVisible();
  await expectAccessible(asker, 'pulse results');

  // The CSV holds aggregates only: a header, a count per option, and no one's name or email.
  const [download] = await Promise.all([
    asker.waitForEvent('download'),
    asker.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('cash-forecasting-in-practice-results.csv');
  const csv = fs.readFileSync(await download.path(), 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toBe('question,type,item,count,percent,value');
  expect(lines).toContain(`${CHOICE},single_choice,Yes,3,60,`);
  expect(lines.some((line) => line.startsWith(`${NUMBER},number,median`))).toBe(false);
  for (const peer of peers) {
    expect(csv).not.toContain(peer.name);
    expect(csv).not.toContain(peer.email);
  }

  // The asker's inbox lists the pulse under "Asked by you" with its count.
  await asker.goto('/pulses?box=asked');
  await expect(
    asker.getByRole('list', { name: 'Pulses you asked' }).getByRole('listitem').filter({ hasText: TITLE }),
  ).toContainText('5 of 6 answered');
});
