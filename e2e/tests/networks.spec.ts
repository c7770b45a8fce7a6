import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, signInAsHost, signUp, uniqueEmail } from './support.js';

const password = 'a long and uncommon passphrase';

async function pick(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The invitation link of the newest email to `to`, read from the outbox as the host admin. */
async function invitationLinkFor(page: Page, to: string): Promise<string> {
  const response = await page.request.get('/api/v1/admin/outbox?limit=50');
  expect(response.ok()).toBe(true);
  const outbox = (await response.json()) as { items: { to: string; text: string }[] };
  const email = outbox.items.find((message) => message.to.includes(to));
  const link = email?.text.match(/https?:\/\/\S+\/invitations\/[A-Za-z0-9_-]+/)?.[0];
  if (!link) throw new Error(`no invitation email to ${to}`);
  return new URL(link).pathname;
}

/** The link of the sign-up email to `to` that confirms the address, read from the outbox as the host admin. */
async function verificationLinkFor(page: Page, to: string): Promise<string> {
  const response = await page.request.get('/api/v1/admin/outbox?limit=50');
  const outbox = (await response.json()) as { items: { to: string; text: string }[] };
  const email = outbox.items.find((message) => message.to.includes(to) && message.text.includes('/verify-email'));
  const link = email?.text.match(/https?:\/\/\S+\/verify-email\?token=[A-Za-z0-9_-]+/)?.[0];
  if (!link) throw new Error(`no confirmation email to ${to}`);
  return link;
}

test('a member finds a network by industry and level, applies and joins; an invited colleague joins by email', async ({
  browser,
}) => {
  // Three people, a review, an invitation and an accessibility scan on every page: several minutes on two cores.
  test.slow();

  // The first account is the host admin, who creates the network and so becomes its facilitator.
  const host = await (await browser.newContext()).newPage();
  await signInAsHost(host);
  await host.goto('/networks');
  await expect(host.getByRole('heading', { level: 1, name: 'Networks' })).toBeVisible();
  await expectAccessible(host, 'empty networks directory');
  await host.getByRole('link', { name: 'Create a network' }).first().click();
  await expect(host.getByRole('heading', { level: 1, name: 'Create a network' })).toBeVisible();
  await host.getByRole('textbox', { name: 'Name' }).fill('CFO Circle Berlin');
  await expect(host.getByRole('textbox', { name: 'Web address' })).toHaveValue('cfo-circle-berlin');
  await host
    .getByRole('textbox', { name: 'Purpose' })
    .fill('Finance chiefs of software companies compare notes on fundraising, pricing and audits.');
  await pick(host, 'Industries', 'Software & internet');
  await host.keyboard.press('Escape');
  await pick(host, 'Levels', 'Vice president');
  await host.keyboard.press('Escape');
  await expectAccessible(host, 'new network form');
  await host.getByRole('button', { name: 'Create network' }).click();
  await expect(host.getByRole('heading', { level: 1, name: 'CFO Circle Berlin' })).toBeVisible();
  await expect(host.getByText('You facilitate')).toBeVisible();

  // A second network for other people, which the filters must leave out.
  const other = await host.request.post('/api/v1/networks', {
    data: {
      name: 'Retail Operations Peer Group',
      purpose: 'Operations leaders in retail compare logistics and store staffing.',
      format: 'online',
      joinPolicy: 'application',
      listed: true,
      audience: { industries: ['retail'], levels: ['director'] },
    },
    headers: { origin: new URL(host.url()).origin },
  });
  expect(other.status()).toBe(201);

  // A member filters the directory and applies.
  const ada = await (await browser.newContext()).newPage();
  await signUp(ada, { name: 'Ada Lovelace', email: uniqueEmail('ada'), password });
  await ada.getByRole('link', { name: 'Networks', exact: true }).click();
  await expect(ada.getByRole('heading', { level: 1, name: 'Networks' })).toBeVisible();
  await expect(ada.getByRole('link', { name: 'Retail Operations Peer Group' })).toBeVisible();
  await pick(ada, 'Industry', 'Software & internet');
  await pick(ada, 'Level', 'Vice president');
  await expect(ada).toHaveURL(/industry=software/);
  await expect(ada).toHaveURL(/level=vice_president/);
  await expect(ada.getByRole('link', { name: 'Retail Operations Peer Group' })).toHaveCount(0);
  await expectAccessible(ada, 'filtered directory');
  await ada.getByRole('link', { name: 'CFO Circle Berlin' }).click();
  await expect(ada.getByRole('heading', { level: 1, name: 'CFO Circle Berlin' })).toBeVisible();
  await ada.getByRole('button', { name: 'Apply to join' }).click();
  const application = ada.getByRole('dialog', { name: 'Apply to CFO Circle Berlin' });
  await application.getByRole('button', { name: 'Send application' }).click();
  await expect(application.getByText('Tell the facilitators why you want to join.')).toBeVisible();
  await application
    .getByRole('textbox', { name: 'Why do you want to join?' })
    .fill('I am raising a Series B and want peers who did it recently.');
  await application
    .getByRole('textbox', { name: 'What do you bring?' })
    .fill('Ten years of FP&A in SaaS and a pricing model I am happy to share.');
  await expectAccessible(ada, 'application form');
  await application.getByRole('button', { name: 'Send application' }).click();
  await expect(ada.getByText('Facilitators will review your application; you’ll hear by email.').first()).toBeVisible();
  await expectAccessible(ada, 'network page with a pending application');

  // The facilitator approves in the review queue.
  await host.goto('/networks/cfo-circle-berlin');
  await host.getByRole('button', { name: 'Facilitate' }).click();
  await host.getByRole('menuitem', { name: 'Review applications' }).click();
  await expect(host.getByRole('heading', { level: 1, name: 'Applications' })).toBeVisible();
  const card = host.getByRole('article', { name: 'Ada Lovelace' });
  await expect(card.getByText('I am raising a Series B')).toBeVisible();
  await expect(card.getByText('No conflicts of interest with current members.')).toBeVisible();
  await expectAccessible(host, 'review queue');
  await card.getByRole('textbox', { name: 'Message to the applicant (optional)' }).fill('Welcome aboard, Ada.');
  await card.getByRole('button', { name: 'Approve' }).click();
  await expect(host.getByText('Ada Lovelace is approved')).toBeVisible();

  // The member accepts the charter and sees who else is in.
  await ada.reload();
  await ada.getByRole('button', { name: 'Accept the charter and join' }).click();
  const charter = ada.getByRole('dialog', { name: 'Join CFO Circle Berlin' });
  await expect(charter.getByText('What is said in this network stays in this network.')).toBeVisible();
  await charter.getByRole('button', { name: 'Join network' }).click();
  await expect(charter.getByText('Tick this box to accept')).toBeVisible();
  await charter.getByRole('checkbox', { name: /I accept the charter and the confidentiality agreement/ }).check();
  await expectAccessible(ada, 'charter acceptance');
  await charter.getByRole('button', { name: 'Join network' }).click();
  await expect(ada.getByText('Welcome to CFO Circle Berlin')).toBeVisible();
  await ada.getByRole('tab', { name: 'Members' }).click();
  const members = ada.getByRole('list', { name: 'Members of CFO Circle Berlin' });
  await expect(members.getByRole('link', { name: 'Harriet Host' })).toBeVisible();
  await expect(members.getByRole('link', { name: 'Ada Lovelace' })).toBeVisible();
  await expect(members.getByText('Facilitator')).toHaveCount(1);
  await expectAccessible(ada, 'member list');

  // The facilitator invites a colleague by email.
  const colleagueEmail = uniqueEmail('grace');
  await host.goto('/networks/cfo-circle-berlin');
  await host.getByRole('button', { name: 'Invite' }).click();
  const invite = host.getByRole('dialog', { name: 'Invite peers to CFO Circle Berlin' });
  const emails = invite.getByRole('combobox', { name: 'Email addresses' });
  await emails.fill(colleagueEmail);
  await emails.press('Enter');
  await invite.getByRole('textbox', { name: 'Personal note (optional)' }).fill('You would fit right in, Grace.');
  await expectAccessible(host, 'invite dialog');
  await invite.getByRole('button', { name: 'Send invitations' }).click();
  await expect(host.getByText('Invitation sent')).toBeVisible();
  const link = await invitationLinkFor(host, colleagueEmail);

  // The colleague, without an account yet, follows the emailed link, signs up and joins.
  const grace = await (await browser.newContext()).newPage();
  await grace.goto(link);
  await expect(grace.getByRole('heading', { level: 1, name: 'CFO Circle Berlin' })).toBeVisible();
  await expect(grace.getByText('Harriet Host invites you to join')).toBeVisible();
  await expect(grace.getByText('You would fit right in, Grace.')).toBeVisible();
  await expectAccessible(grace, 'invitation landing page');
  await grace.getByRole('link', { name: 'Create an account to accept' }).click();
  await expect(grace.getByText('You are invited')).toBeVisible();
  await grace.getByLabel('Name').fill('Grace Hopper');
  await grace.getByLabel('Email').fill(colleagueEmail);
  await grace.getByLabel('Password', { exact: true }).fill(password);
  await grace.getByRole('button', { name: 'Create account' }).click();
  await expect(grace).toHaveURL(new RegExp(`${link}$`));
  // An emailed invitation is for the owner of the address: she confirms it, then comes back.
  await grace.goto(await verificationLinkFor(host, colleagueEmail));
  await expect(grace.getByText('Email confirmed')).toBeVisible();
  await grace.goto(link);
  await grace.getByRole('checkbox', { name: /I accept the charter and the confidentiality agreement/ }).check();
  await grace.getByRole('button', { name: 'Accept and join' }).click();
  await expect(grace).toHaveURL(/\/networks\/cfo-circle-berlin$/);
  await expect(grace.getByRole('heading', { level: 1, name: 'CFO Circle Berlin' })).toBeVisible();
  await expect(grace.getByText('Member', { exact: true }).first()).toBeVisible();
  await expectAccessible(grace, 'network page of a new member');
});
