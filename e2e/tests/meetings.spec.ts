import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import {
  createNetwork,
  expectAccessible,
  joinNetwork,
  type Network,
  signInAsHost,
  signUp,
  uniqueEmail,
} from './support.js';

const password = 'a long and uncommon passphrase';

const networkOf = (name: string) => ({
  name,
  purpose: 'Chief executives of family companies work through their hardest issues together.',
  format: 'in_person' as const,
});

/** Signs up in the page's browser and joins the network, accepting its charter. */
async function joinAs(page: Page, person: { name: string; email: string }, network: Network): Promise<void> {
  await signUp(page, { ...person, password });
  await joinNetwork(page, network);
}

/** A small, valid PDF: a header, one object, a trailer and the end marker. */
function writePdf(): string {
  const file = path.join(os.tmpdir(), `forecast-process-${process.pid}-${Date.now()}.pdf`);
  fs.writeFileSync(
    file,
    Buffer.from(
      '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj << /Title (Forecast process) >> endobj\ntrailer << >>\n%%EOF\n',
      'latin1',
    ),
  );
  return file;
}

const ISSUE = 'Our sales team misses its forecast every quarter';
const OFFER = 'I’ll send you our weekly forecasting process';

test('a facilitator schedules and runs a meeting while a member follows live, and an offer reaches the presenter as a PDF', async ({
  browser,
}) => {
  // Three people, three sign-ins, a live stream and an accessibility scan on each kind of page.
  test.slow();
  const host = await (await browser.newContext()).newPage();
  await signInAsHost(host);
  const network = await createNetwork(host, networkOf(`Family CEO Forum ${Date.now()}`));

  const asha = await (await browser.newContext()).newPage();
  await joinAs(asha, { name: 'Asha Presenter', email: uniqueEmail('asha') }, network);
  const pat = await (await browser.newContext()).newPage();
  await joinAs(pat, { name: 'Pat Peer', email: uniqueEmail('pat') }, network);

  // The facilitator schedules it for about an hour from now, in the browser's own zone: the run
  // screen opens two hours before the start.
  const when = await host.evaluate(() => {
    const pad = (value: number) => String(value).padStart(2, '0');
    const start = new Date(Date.now() + 60 * 60_000);
    const end = new Date(start.getTime() + 2 * 60 * 60_000);
    return {
      date: `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`,
      start: `${pad(start.getHours())}:${pad(start.getMinutes())}`,
      end: `${pad(end.getHours())}:${pad(end.getMinutes())}`,
    };
  });
  await host.goto(`/meetings/new?network=${network.slug}`);
  const form = host.getByRole('form', { name: 'Schedule a meeting' });
  await form.getByLabel('Title').fill('Spring forum');
  await form.getByLabel('Date').fill(when.date);
  await form.getByLabel('Starts').fill(when.start);
  await form.getByLabel('Ends', { exact: true }).fill(when.end);
  await form.getByText('Online', { exact: true }).click();
  await form.getByLabel('Video link').fill('https://meet.example.com/spring-forum');
  await form.getByRole('button', { name: 'Schedule meeting' }).click();
  await expect(host.getByRole('heading', { level: 1, name: 'Spring forum' })).toBeVisible();
  const meetingUrl = new URL(host.url()).pathname;
  expect(meetingUrl).toMatch(/^\/meetings\/[^/]+$/);

  await host.goto('/meetings');
  await expect(host.getByRole('link', { name: /Spring forum/ })).toBeVisible();
  await expectAccessible(host, 'the meetings list');

  // A member raises an issue from the meeting's page.
  await asha.goto(meetingUrl);
  await asha.getByRole('button', { name: 'Raise an issue' }).click();
  const raise = asha.getByRole('dialog', { name: 'Raise an issue' });
  await raise.getByLabel('Your issue').fill(ISSUE);
  await raise.getByRole('radio', { name: /^Experience/ }).click();
  await raise.getByRole('radio', { name: /^A — urgent/ }).click();
  await raise.getByRole('button', { name: 'Raise issue' }).click();
  await expect(raise).toBeHidden();
  await expect(asha.getByText(ISSUE)).toBeVisible();
  await expectAccessible(asha, 'the meeting page');

  // The facilitator puts it on the agenda and publishes it.
  await host.goto(meetingUrl);
  await host.getByRole('button', { name: `Add “${ISSUE}” to the agenda` }).click();
  await host.getByRole('button', { name: 'Publish agenda' }).click();
  await expect(host.getByText('Published', { exact: true })).toBeVisible();

  // Pat follows on the run screen before the meeting starts.
  await pat.goto(meetingUrl);
  await expect(pat.getByRole('link', { name: 'Follow live' })).toHaveCount(0);
  await pat.goto(`${meetingUrl}/run`);
  await expect(pat.getByRole('heading', { level: 1, name: 'Waiting to start' })).toBeVisible();
  await expect(pat.getByRole('button', { name: 'Start the meeting' })).toHaveCount(0);
  await pat.evaluate(() => {
    (window as unknown as { followedLive: boolean }).followedLive = true;
  });

  await host.getByRole('link', { name: 'Run the meeting' }).click();
  await expect(host.getByRole('heading', { level: 1, name: 'Waiting to start' })).toBeVisible();
  await host.getByRole('button', { name: 'Start the meeting' }).click();
  await expect(host.getByRole('heading', { level: 1, name: ISSUE })).toBeVisible();
  await expect(host.getByText('Keyboard:')).toBeVisible();

  // The member's screen moves with the facilitator's, without a reload.
  await expect(pat.getByRole('heading', { level: 1, name: ISSUE })).toBeVisible();
  await expect(pat.getByText('Presented by Asha Presenter')).toBeVisible();
  await expect(pat.locator('[aria-current="step"]')).toContainText('Present');
  await expect(pat.getByRole('timer')).toHaveText(/^[0-5]:\d\d$/);
  await expectAccessible(pat, 'the run screen');

  await host.keyboard.press('ArrowRight');
  await expect(host.locator('[aria-current="step"]')).toContainText('Clarifying questions');
  await expect(pat.locator('[aria-current="step"]')).toContainText('Clarifying questions');
  await host.getByRole('button', { name: 'Next step' }).click();
  await expect(pat.locator('[aria-current="step"]')).toContainText('Experience sharing');
  await expect(pat.getByText(/^I statements, not advice/)).toBeVisible();
  expect(await pat.evaluate(() => (window as unknown as { followedLive?: boolean }).followedLive)).toBe(true);

  // Pat offers a process on the issue and sends it as a PDF, watching the upload.
  await pat.goto(meetingUrl);
  await pat.getByRole('button', { name: `Offer something for “${ISSUE}”` }).click();
  const offer = pat.getByRole('dialog', { name: 'Offer something' });
  await offer.getByLabel('What will you send or do?').fill(OFFER);
  const today = await pat.evaluate(() => {
    const now = new Date();
    return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  });
  await offer.getByLabel('By when?').fill(today);
  await offer.getByRole('button', { name: 'Make the offer' }).click();
  await expect(offer).toBeHidden();
  await pat.getByRole('button', { name: `Send it: ${OFFER}` }).click();
  const send = pat.getByRole('dialog', { name: 'Send it' });
  await send.locator('input[type="file"]').setInputFiles(writePdf());
  await send.getByRole('button', { name: 'Send the document' }).click();
  await expect(send).toBeHidden();
  await expect(pat.getByText('Sent', { exact: true })).toBeVisible();

  // The presenter finds it on the offers page, the issue marked, and downloads it.
  const agenda = (await (await asha.request.get(`/api/v1${meetingUrl}`)).json()) as { agenda: { id: string }[] };
  await asha.goto(`/meetings/offers?issue=${agenda.agenda[0]?.id}`);
  await expect(asha.getByRole('heading', { level: 1, name: 'Offers' })).toBeVisible();
  const mine = asha.getByRole('region', { name: 'Offered to you' });
  await expect(mine.getByText(OFFER)).toBeVisible();
  await expect(mine.locator('li[aria-current="true"]')).toHaveCount(1);
  await expectAccessible(asha, 'the offers page');
  const [download] = await Promise.all([
    asha.waitForEvent('download'),
    mine.getByRole('link', { name: /^Download forecast-process/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^forecast-process.*\.pdf$/);
  const saved = await download.path();
  expect(fs.readFileSync(saved).subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');

  // The facilitator ends the meeting; everyone following reads that it has ended.
  await host.getByRole('button', { name: 'End meeting' }).click();
  await host.getByRole('dialog', { name: 'End the meeting?' }).getByRole('button', { name: 'End meeting' }).click();
  await expect(host.getByRole('heading', { level: 1, name: 'The meeting has ended' })).toBeVisible();
  await expect(host.getByRole('link', { name: 'Write the recap' })).toBeVisible();
});
