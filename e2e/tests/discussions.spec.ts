import { type Browser, expect, type Page, test } from '@playwright/test';
import {
  createNetwork,
  expectAccessible,
  joinNetwork,
  type Network,
  originOf,
  signInAsHost,
  signUp,
  uniqueEmail,
} from './support.js';

const password = 'a long and uncommon passphrase';

const networkOf = (name: string) => ({
  name,
  purpose: 'Sales leaders of software companies compare compensation plans, hiring and forecasting.',
  format: 'online' as const,
});

/** A new member signs up in a browser of their own and joins the network, accepting its charter. */
async function newMember(browser: Browser, name: string, network: Network): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signUp(page, { name, email: uniqueEmail(name.split(' ')[0]?.toLowerCase() ?? 'member'), password });
  await joinNetwork(page, network);
  return page;
}

test('a member asks anonymously, a peer answers with a quote and a mention, the asker sees it live and accepts it, and a facilitator moderates', async ({
  browser,
}) => {
  // Three people, live events and an accessibility scan on each page: several minutes on two cores.
  test.slow();
  const host = await (await browser.newContext()).newPage();
  await signInAsHost(host);
  const network = await createNetwork(host, networkOf(`Sales Leaders ${Date.now()}`));
  const ada = await newMember(browser, 'Ada Lovelace', network);
  const bob = await newMember(browser, 'Bob Brandt', network);

  // Discussions is the first tab a member sees, and its empty state teaches what it is for.
  await ada.goto(`/networks/${network.slug}`);
  await expect(ada.getByRole('tab', { name: 'Discussions', selected: true })).toBeVisible();
  await expect(ada.getByText('Ask your network a question')).toBeVisible();
  await expectAccessible(ada, 'empty discussions');

  // The member asks a question anonymously; the switch says who will see what.
  await ada.getByRole('link', { name: 'Ask your peers' }).first().click();
  await expect(ada.getByRole('heading', { level: 1, name: 'Ask your peers' })).toBeVisible();
  await ada.getByRole('button', { name: 'Ask your peers' }).click();
  await expect(ada.getByText('Give your post a title')).toBeVisible();
  await ada.getByRole('textbox', { name: 'Title' }).fill('How did you structure your first sales-compensation plan?');
  await ada
    .getByRole('textbox', { name: 'Your question' })
    .fill('We move from founder-led sales to four account executives. What split of base and variable did you choose?');
  await ada.getByRole('combobox', { name: 'Tags (optional)' }).fill('Sales Comp');
  await ada.keyboard.press('Enter');
  const anonymous = ada.getByRole('switch', { name: 'Post anonymously' });
  await anonymous.check({ force: true });
  await expect(
    ada.getByText(
      `Members and facilitators of ${network.name} will see “A member of ${network.name}”. Only a host admin can reveal you, with a logged reason.`,
    ),
  ).toBeVisible();
  await ada.getByRole('tab', { name: 'Preview' }).click();
  await expect(ada.getByText('We move from founder-led sales')).toBeVisible();
  await expectAccessible(ada, 'composer');
  await ada.getByRole('button', { name: 'Ask your peers' }).click();
  await expect(
    ada.getByRole('heading', { level: 1, name: 'How did you structure your first sales-compensation plan?' }),
  ).toBeVisible();
  await expect(ada.getByText('you (posted anonymously)')).toBeVisible();
  await expect(ada.getByText('#sales-comp')).toBeVisible();
  // Until the next whole minute only the asker sees it, so its timing cannot point to her.
  await expect(ada.getByText(/^Shown to others at /)).toBeVisible();
  await expectAccessible(ada, 'anonymous question before the minute');
  const threadUrl = ada.url();

  // The facilitator answers first, so there is something to quote: from the minute on, when the question appears.
  const threadId = new URL(threadUrl).pathname.split('/').pop() ?? '';
  await expect
    .poll(
      async () =>
        (
          await host.request.post(`/api/v1/threads/${threadId}/replies`, {
            data: { body: 'When we did this we went 60/40 with accelerators above 110 %.', anonymous: false },
            headers: originOf(host),
          })
        ).status(),
      { timeout: 75_000, intervals: [2_000] },
    )
    .toBe(201);

  // Another member sees the question without its author's name anywhere on the page.
  await bob.goto(`/networks/${network.slug}`);
  const feed = bob.getByRole('list', { name: `Discussions in ${network.name}` });
  const row = feed.getByRole('listitem').filter({ hasText: 'How did you structure' });
  await expect(row).toContainText(`A member of ${network.name}`);
  await expect(row).toContainText('Question');
  await expect(bob.locator('body')).not.toContainText('Ada');
  await expectAccessible(bob, 'discussions feed');
  // The thread comes with its first replies: a reader's first view is one request.
  const apiCalls: string[] = [];
  bob.on('request', (request) => {
    if (request.url().includes('/api/v1/threads/')) apiCalls.push(new URL(request.url()).pathname);
  });
  await row.getByRole('link', { name: /How did you structure/ }).click();
  await expect(bob.getByRole('heading', { level: 1, name: /How did you structure/ })).toBeVisible();
  await expect(bob.getByRole('article', { name: /Reply 1 by Harriet Host/ })).toBeVisible();
  expect(apiCalls.filter((call) => /^\/api\/v1\/threads\/[^/]+$/.test(call)).length).toBeGreaterThan(0);
  expect(apiCalls.filter((call) => call.endsWith('/replies'))).toEqual([]);
  await expect(bob.getByText(`A member of ${network.name}`).first()).toBeVisible();
  await expect(bob.getByRole('note', { name: 'Confidential' })).toBeVisible();
  await expect(bob.locator('body')).not.toContainText('Ada');
  await expect(bob.locator('body')).not.toContainText('Lovelace');

  // The asker keeps the thread open while the peer replies with a quote and a mention.
  await expect(ada.getByRole('article', { name: /Reply 1 by Harriet Host/ })).toBeVisible();
  const hostReply = bob.getByRole('article', { name: /Reply 1 by Harriet Host/ });
  await hostReply.getByRole('button', { name: 'Quote' }).click();
  await expect(bob.getByText('Quoting Harriet Host')).toBeVisible();
  await expect(bob.getByText('Share your own experience, not advice')).toBeVisible();
  const reply = bob.getByRole('textbox', { name: 'Reply' });
  await reply.fill('I chose 50/50 for the first year, as ');
  await reply.pressSequentially('@Harr');
  await bob.getByRole('option', { name: /Harriet Host/ }).click();
  await reply.pressSequentially('suggested, and it kept the team calm.');
  await expect(reply).toHaveValue(/\[@Harriet Host\]\(\/people\/[A-Za-z0-9_-]+\) suggested/);
  await expectAccessible(bob, 'thread page with a reply being written');
  await bob.getByRole('button', { name: 'Post reply' }).click();
  const bobReply = bob.getByRole('article', { name: /Reply 2 by Bob Brandt/ });
  await expect(bobReply).toContainText('Harriet Host wrote');
  await expect(bobReply.getByRole('link', { name: '@Harriet Host' })).toBeVisible();

  // The asker sees the reply arrive without reloading, and accepts it.
  const arrived = ada.getByRole('article', { name: /Reply 2 by Bob Brandt/ });
  await expect(arrived).toContainText('I chose 50/50 for the first year');
  expect(ada.url()).toBe(threadUrl);
  await arrived.getByRole('button', { name: 'Accept as answer' }).click();
  await expect(arrived.getByText('Accepted answer')).toBeVisible();
  await expectAccessible(ada, 'thread page');

  // The facilitator pins the thread and hides a reply with a reason its author reads.
  await host.goto(threadUrl);
  await host.getByRole('button', { name: 'Moderate' }).click();
  await host.getByRole('menuitem', { name: 'Pin to the top' }).click();
  await expect(host.getByText('Pinned', { exact: true }).first()).toBeVisible();
  await host
    .getByRole('article', { name: /Reply 2 by Bob Brandt/ })
    .getByRole('button', { name: /More actions/ })
    .click();
  await host.getByRole('menuitem', { name: 'Hide with a reason…' }).click();
  const hide = host.getByRole('dialog', { name: 'Hide this reply' });
  await hide.getByRole('textbox', { name: 'Reason shown to the author' }).fill('Please keep plan details out of it.');
  await expectAccessible(host, 'hide dialog');
  await hide.getByRole('button', { name: 'Hide' }).click();
  await expect(host.getByText('Hidden by a facilitator')).toBeVisible();

  await bob.reload();
  await expect(bob.getByText('A facilitator hid your post')).toBeVisible();
  await expect(bob.getByText('Please keep plan details out of it.')).toBeVisible();
  await bob.goto(`/networks/${network.slug}`);
  await expect(feed.getByRole('listitem').filter({ hasText: 'How did you structure' })).toContainText('Pinned');
});

const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '[click](javascript:window.__xss=1)',
  '<a href="javascript:window.__xss=1">x</a>',
];

test('script, event-handler and javascript: payloads in titles, bodies and names stay inert in the browser', async ({
  browser,
}) => {
  test.slow();
  const host = await (await browser.newContext()).newPage();
  await signInAsHost(host);
  const network = await createNetwork(host, networkOf(`Payload Peers ${Date.now()}`));
  const mallory = await newMember(browser, `Mal ${PAYLOADS[0]}${PAYLOADS[1]}`, network);

  const body = PAYLOADS.join('\n\n');
  const thread = await mallory.request.post(`/api/v1/networks/${network.id}/threads`, {
    data: { title: `Plan ${PAYLOADS[0]} ${PAYLOADS[1]}`, body, kind: 'discussion', anonymous: false },
    headers: originOf(mallory),
  });
  expect(thread.status()).toBe(201);
  const { id } = (await thread.json()) as { id: string };
  const reply = await mallory.request.post(`/api/v1/threads/${id}/replies`, {
    data: { body: `${PAYLOADS[3]} and ${PAYLOADS[2]}`, anonymous: false },
    headers: originOf(mallory),
  });
  expect(reply.status()).toBe(201);

  const dialogs: string[] = [];
  host.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const xss = () => host.evaluate(() => (window as unknown as { __xss?: number }).__xss);

  // The feed shows the title and the author's name as text.
  await host.goto(`/networks/${network.slug}`);
  const row = host
    .getByRole('list', { name: `Discussions in ${network.name}` })
    .getByRole('listitem')
    .first();
  await expect(row).toContainText(`Plan ${PAYLOADS[0]}`);
  await expect(row).toContainText('Mal <script>');
  expect(await xss()).toBeUndefined();

  // The thread renders the Markdown; raw HTML reads as text and javascript: links go nowhere.
  await row.getByRole('link').first().click();
  await expect(host.getByRole('heading', { level: 1 })).toContainText('<script>window.__xss=1</script>');
  await expect(host.getByText('<img src=x onerror="window.__xss=1">').first()).toBeVisible();
  expect(await host.locator('main script, main img').count()).toBe(0);
  for (const name of ['click', 'x']) {
    const links = host.locator('main a').filter({ hasText: new RegExp(`^${name}$`) });
    for (const link of await links.all()) {
      expect(await link.getAttribute('href')).not.toMatch(/^\s*javascript:/i);
      await link.click({ modifiers: [] }).catch(() => undefined);
    }
  }
  await host.goto(`/threads/${id}`);
  for (const text of ['click', 'x']) {
    const candidates = host.getByText(text, { exact: true });
    if ((await candidates.count()) > 0) await candidates.first().click();
  }

  // The composer's preview renders the same payloads as the server would, inert too.
  const composer = host.getByRole('textbox', { name: 'Reply' });
  await composer.fill(body);
  await host.getByRole('tab', { name: 'Preview' }).click();
  await expect(host.getByText('<script>window.__xss=1</script>').last()).toBeVisible();
  await host.waitForTimeout(500);
  expect(await xss()).toBeUndefined();
  expect(dialogs).toEqual([]);
});
