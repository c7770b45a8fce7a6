import type { ReplyView, ThreadPage, ThreadView, ThreadWithRepliesView } from '@roundtable/contract/threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { MINUTE } from '../../test/clock.js';
import { createNetwork, joinNetwork } from '../../test/networks.js';
import { postReply, startThread as startThreadAs, threadWorld } from '../../test/threads.js';

let t: TestApp;
let admin: Person;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.admin();
});
afterAll(() => t.close());

const send = (method: 'POST' | 'PATCH' | 'DELETE', as: Person, url: string, payload?: Record<string, unknown>) =>
  t.request({ method, url, as, ...(payload ? { payload } : {}) });
const get = (as: Person, url: string) => t.request({ method: 'GET', url, as });

const world = (name: string) => threadWorld(t, admin, name);
const startThread = (as: Person, networkId: string, body?: Record<string, unknown>) =>
  startThreadAs(t, as, networkId, body);
const reply = (as: Person, threadId: string, body?: Record<string, unknown>) => postReply(t, as, threadId, body);

describe('threads and replies', () => {
  it('starts a thread that members read with its rendered body and the confidentiality banner', async () => {
    const { network, asker, peer } = await world('Cash Circle');
    const thread = await startThread(asker, network.id, { tags: ['cash', 'forecasting'] });
    expect(thread).toMatchObject({
      networkId: network.id,
      kind: 'question',
      tags: ['cash', 'forecasting'],
      anonymous: false,
      author: { id: asker.me.id, name: 'Asha Asker', isYou: true },
      replyCount: 0,
      abilities: { edit: true, resolve: true, reply: true, flag: false, pin: false },
    });
    expect(thread.bodyHtml).toContain('<strong>13-week</strong>');
    const seen = (await get(peer, `/api/v1/threads/${thread.id}`)).json() as ThreadView;
    expect(seen.network.confidentiality.length).toBeGreaterThan(10);
    expect(seen).toMatchObject({ isNew: true, author: { isYou: false }, abilities: { edit: false, flag: true } });
  });

  it('numbers replies, counts them, tells the asker, and tracks what each member has read', async () => {
    const { network, asker, peer } = await world('Reply Circle');
    const thread = await startThread(asker, network.id);
    const first = await reply(peer, thread.id);
    t.clock.advance(MINUTE);
    const second = await reply(peer, thread.id, { body: 'Also: weekly cash calls.', quoteReplyId: first.id });
    expect([first.position, second.position]).toEqual([1, 2]);
    expect(second.quote).toMatchObject({ replyId: first.id, authorName: 'Pat Peer' });

    const asAsker = (await get(asker, `/api/v1/threads/${thread.id}`)).json() as ThreadView;
    expect(asAsker).toMatchObject({ replyCount: 2, unreadCount: 2, firstUnreadReplyId: first.id });
    const notes = (await get(asker, '/api/v1/notifications')).json();
    expect(notes.items.filter((n: { kind: string }) => n.kind === 'reply_to_my_thread')).toHaveLength(2);

    expect((await send('POST', asker, `/api/v1/threads/${thread.id}/read`, { position: 1 })).json()).toEqual({
      unreadCount: 1,
    });
    const unread = (await get(asker, `/api/v1/threads/${thread.id}/replies?from=unread`)).json();
    expect(unread.items.map((r: ReplyView) => r.id)).toEqual([second.id]);
    const feed = (await get(asker, `/api/v1/networks/${network.id}/threads`)).json() as ThreadPage;
    expect(feed.items[0]).toMatchObject({ id: thread.id, isNew: false, unreadCount: 1 });
    expect((await send('POST', asker, `/api/v1/networks/${network.id}/threads/read-all`)).statusCode).toBe(200);
    const after = (await get(asker, `/api/v1/networks/${network.id}/threads`)).json() as ThreadPage;
    expect(after.items[0]).toMatchObject({ unreadCount: 0 });
  });

  it('keeps edits as revisions and shows the thread as edited; a deleted thread keeps its replies', async () => {
    const { network, asker, peer } = await world('Edit Circle');
    const thread = await startThread(asker, network.id);
    await reply(peer, thread.id);
    const edited = await send('PATCH', asker, `/api/v1/threads/${thread.id}`, { body: 'A better question.' });
    expect(edited.json()).toMatchObject({ body: 'A better question.', editedAt: expect.any(String) });
    expect((await send('PATCH', peer, `/api/v1/threads/${thread.id}`, { body: 'Hijack' })).statusCode).toBe(403);
    const deleted = (await send('DELETE', asker, `/api/v1/threads/${thread.id}`)).json() as ThreadView;
    expect(deleted).toMatchObject({ deleted: true, body: '', author: null });
    const replies = (await get(peer, `/api/v1/threads/${thread.id}/replies`)).json();
    expect(replies.items).toHaveLength(1);
    const revisions = await t.database.db
      .selectFrom('postRevisions')
      .selectAll()
      .where('threadId', '=', thread.id)
      .execute();
    expect(revisions.map((r) => r.body)).toEqual(['We run a **13-week** model. What do you do?', 'A better question.']);
  });

  it('counts helpful marks once per member and lets the asker resolve the question by a reply', async () => {
    const { network, asker, peer, facilitator } = await world('Helpful Circle');
    const thread = await startThread(asker, network.id);
    const answer = await reply(peer, thread.id);
    expect((await send('POST', peer, `/api/v1/replies/${answer.id}/helpful`)).statusCode).toBe(403);
    await send('POST', asker, `/api/v1/replies/${answer.id}/helpful`);
    const twice = (await send('POST', asker, `/api/v1/replies/${answer.id}/helpful`)).json() as ReplyView;
    expect(twice).toMatchObject({ helpfulCount: 1, markedHelpfulByYou: true });
    await send('POST', facilitator, `/api/v1/replies/${answer.id}/helpful`);
    expect((await send('DELETE', asker, `/api/v1/replies/${answer.id}/helpful`)).json()).toMatchObject({
      helpfulCount: 1,
    });

    expect(
      (await send('POST', peer, `/api/v1/threads/${thread.id}/resolution`, { replyId: answer.id })).statusCode,
    ).toBe(403);
    const resolved = (
      await send('POST', asker, `/api/v1/threads/${thread.id}/resolution`, { replyId: answer.id })
    ).json();
    expect(resolved).toMatchObject({ resolved: true, resolvedReplyId: answer.id });
    const unresolved = (
      await get(asker, `/api/v1/networks/${network.id}/threads?filter=unresolved`)
    ).json() as ThreadPage;
    expect(unresolved.items.map((item) => item.id)).not.toContain(thread.id);
  });
});

describe('anonymity', () => {
  it('shows "A member of <network>" to peers and facilitators, and "you" to the author, without id or exact time', async () => {
    const { network, asker, peer, facilitator } = await world('Quiet Circle');
    t.clock.advance(12_345);
    const thread = await startThread(asker, network.id, { anonymous: true });
    expect(thread.author).toEqual({ name: 'you (posted anonymously)', avatarUrl: null, anonymous: true, isYou: true });
    await t.nextMinute();
    for (const viewer of [peer, facilitator]) {
      const seen = (await get(viewer, `/api/v1/threads/${thread.id}`)).json() as ThreadView;
      expect(seen.author).toEqual({ name: 'A member of Quiet Circle', avatarUrl: null, anonymous: true, isYou: false });
      expect(seen.createdAt).toMatch(/:00\.000Z$/);
      expect(JSON.stringify(seen)).not.toContain(asker.me.id);
      expect(seen.abilities.edit).toBe(false);
    }
    // Random, not time-ordered: the id carries no timestamp.
    expect(thread.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
    expect(
      (await send('PATCH', asker, `/api/v1/threads/${thread.id}`, { title: 'Still mine to edit' })).statusCode,
    ).toBe(200);
  });

  it('lets only a host admin reveal the author, with a reason written to the audit log', async () => {
    const { network, asker, peer } = await world('Reveal Circle');
    const thread = await startThread(asker, network.id, { anonymous: true });
    await t.nextMinute();
    const answer = await reply(peer, thread.id, { anonymous: true });
    await t.nextMinute();
    expect(
      (await send('POST', peer, `/api/v1/threads/${thread.id}/author-reveal`, { reason: 'I am curious who.' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await send('POST', admin, `/api/v1/threads/${thread.id}/author-reveal`, { reason: 'short' })).statusCode,
    ).toBe(400);
    const revealed = await send('POST', admin, `/api/v1/replies/${answer.id}/author-reveal`, {
      reason: 'Legal request #42 from counsel',
    });
    expect(revealed.json()).toEqual({ id: peer.me.id, name: 'Pat Peer', email: peer.email });
    const log = (await get(admin, '/api/v1/admin/moderation-log')).json();
    expect(log.items[0]).toMatchObject({
      action: 'reveal_author',
      replyId: answer.id,
      reason: 'Legal request #42 from counsel',
    });
    expect((await get(peer, '/api/v1/admin/moderation-log')).statusCode).toBe(403);
  });
});

describe('notifications from anonymous posts', () => {
  it('take a random id and a time cut to the minute, like the post', async () => {
    const { network, asker, peer } = await world('Quiet Notes');
    const thread = await startThread(asker, network.id);
    t.clock.advance(4_321);
    await reply(peer, thread.id, { anonymous: true, body: `Ask [@Asha Asker](/people/${asker.me.id}) again` });
    // It appears at the next whole minute, not the moment the reply is posted.
    expect((await get(asker, '/api/v1/notifications')).json().items).toEqual([]);
    t.clock.advance(60_000);
    const [note] = (await get(asker, '/api/v1/notifications')).json().items;
    expect(note).toMatchObject({ kind: 'mention', title: 'A member of Quiet Notes mentioned you in Quiet Notes' });
    expect(note.createdAt).toMatch(/:00\.000Z$/);
    expect(note.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
  });
});

describe('export', () => {
  it('exports a thread as Markdown that names no anonymous author', async () => {
    const { network, asker, peer } = await world('Export Circle');
    const thread = await startThread(asker, network.id, { anonymous: true });
    await t.nextMinute();
    await reply(peer, thread.id, { body: 'Signed advice from Pat.' });
    await reply(asker, thread.id, { body: 'Thanks, anonymously.', anonymous: true });
    await t.nextMinute();
    const response = await get(peer, `/api/v1/threads/${thread.id}/export`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/markdown');
    expect(response.headers['content-disposition']).toContain('.md');
    expect(response.body).toContain('# How do you forecast cash in a downturn?');
    expect(response.body).toContain('> Confidential');
    expect(response.body).toContain('**Pat Peer**');
    expect(response.body.match(/A member of Export Circle/g)).toHaveLength(2);
    expect(response.body).not.toContain('Asha');
    expect(response.body).not.toContain(asker.me.id);
    const outsider = await t.member();
    expect((await get(outsider, `/api/v1/threads/${thread.id}/export`)).statusCode).toBe(404);
  });
});

describe('markdown', () => {
  it('renders no raw HTML and no javascript: links', async () => {
    const peer = await t.member();
    const response = await send('POST', peer, '/api/v1/markdown/preview', {
      body: '<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) [ok](https://example.com)',
    });
    const { html } = response.json() as { html: string };
    expect(html).not.toMatch(/<(script|img)|<[^>]*\son\w+=|href="javascript/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('href="https://example.com" target="_blank" rel="noopener noreferrer nofollow ugc"');
  });
});

describe('the thread page in one request', () => {
  it('brings the first 30 replies by default, the rest by cursor, and opens a long unread thread at the first unread', async () => {
    const { network, asker, peer } = await world('One Request Circle');
    const thread = await startThread(asker, network.id);
    const posted: ReplyView[] = [];
    for (let i = 0; i < 35; i++) posted.push(await reply(peer, thread.id, { body: `Reply number ${i + 1}` }));

    const first = (await get(asker, `/api/v1/threads/${thread.id}`)).json() as ThreadWithRepliesView;
    expect(first.replyCount).toBe(35);
    expect(first.replies.from).toBe('unread');
    expect(first.replies.items.map((item) => item.position)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // Readers get the rendered reply; only its author, who may edit it, gets the Markdown source too.
    expect(first.replies.items[0]).toMatchObject({ unread: true, body: '', bodyHtml: '<p>Reply number 1</p>\n' });
    const own = (await get(peer, `/api/v1/threads/${thread.id}?replies=1&from=start`)).json() as ThreadWithRepliesView;
    expect(own.replies.items[0]).toMatchObject({ body: 'Reply number 1', abilities: { edit: true } });
    const rest = (await get(asker, `/api/v1/threads/${thread.id}/replies?cursor=${first.replies.nextCursor}`)).json();
    expect(rest.items.map((item: ReplyView) => item.id)).toEqual(posted.slice(30).map((item) => item.id));
    expect(rest.nextCursor).toBeNull();

    // Having read up to reply 10, the reader starts there; a short page starts at the beginning.
    await send('POST', asker, `/api/v1/threads/${thread.id}/read`, { position: 10 });
    const fromUnread = (await get(asker, `/api/v1/threads/${thread.id}?replies=5`)).json() as ThreadWithRepliesView;
    expect(fromUnread.replies.from).toBe('unread');
    expect(fromUnread.replies.items.map((item) => item.position)).toEqual([11, 12, 13, 14, 15]);
    const fromStart = (await get(asker, `/api/v1/threads/${thread.id}?replies=5&from=start`)).json();
    expect(fromStart.replies.items.map((item: ReplyView) => item.position)).toEqual([1, 2, 3, 4, 5]);
    const none = (await get(asker, `/api/v1/threads/${thread.id}?replies=0`)).json() as ThreadWithRepliesView;
    expect(none.replies).toEqual({ items: [], nextCursor: null, from: 'unread' });
  });

  it('refuses a bad page size or start with 400, and hides the thread from non-members as 404', async () => {
    const { network, asker } = await world('Bad Query Circle');
    const thread = await startThread(asker, network.id);
    for (const query of ['replies=201', 'replies=-1', 'replies=ten', 'from=middle', 'colour=blue']) {
      const response = await get(asker, `/api/v1/threads/${thread.id}?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
    const outsider = await t.member('Olga Outsider');
    const hidden = await get(outsider, `/api/v1/threads/${thread.id}?replies=5`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).not.toContain('forecast');
  });
});

describe('search', () => {
  const found = async (as: Person, networkId: string, q: string) => {
    const response = await get(as, `/api/v1/networks/${networkId}/threads?q=${encodeURIComponent(q)}`);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as ThreadPage).items.map((item) => item.id);
  };

  /** Two networks the same facilitator runs, with the same two members in both: only the network tells them apart. */
  async function twoNetworks(name: string) {
    const a = await world(`${name} A`);
    const b = await createNetwork(t, admin, { name: `${name} B` });
    await joinNetwork(t, a.asker, b);
    await joinNetwork(t, a.peer, b);
    return { ...a, other: b };
  }

  it("finds a network's own threads only, however well another network's threads match", async () => {
    const { network, other, asker, peer } = await twoNetworks('Tariff Search');
    const here = await startThread(asker, network.id, {
      title: 'Tariffs on steel imports',
      body: 'Who passes them on?',
    });
    const there = await startThread(peer, other.id, { title: 'Tariffs on steel imports', body: 'Who passes them on?' });
    const onlyThere = await startThread(peer, other.id, { title: 'Warehousing in Rotterdam' });
    for (const viewer of [asker, peer, admin]) {
      expect(await found(viewer, network.id, 'tariff steel')).toEqual([here.id]);
      expect(await found(viewer, other.id, 'tariff steel')).toEqual([there.id]);
      expect(await found(viewer, network.id, 'rotterdam')).toEqual([]);
      expect(await found(viewer, other.id, 'rotterdam')).toEqual([onlyThere.id]);
    }
    // The words are looked up in titles and bodies only, never in the network's own index token.
    const token = Buffer.from(network.id, 'utf8').toString('hex');
    expect(await found(asker, network.id, token.slice(0, 6))).toEqual([]);
    expect(await found(asker, network.id, token)).toEqual([]);
  });

  it('follows a thread that is edited, moved, hidden and deleted', async () => {
    const { network, other, asker, peer, facilitator } = await twoNetworks('Follow Search');
    const thread = await startThread(asker, network.id, { title: 'Factoring receivables', body: 'Worth the fee?' });
    expect(await found(peer, network.id, 'factoring')).toEqual([thread.id]);

    expect(
      (await send('PATCH', asker, `/api/v1/threads/${thread.id}`, { title: 'Invoice discounting' })).statusCode,
    ).toBe(200);
    expect(await found(peer, network.id, 'factoring')).toEqual([]);
    expect(await found(peer, network.id, 'discounting')).toEqual([thread.id]);

    const moved = await send('POST', facilitator, `/api/v1/threads/${thread.id}/moderation`, {
      action: 'move',
      networkId: other.id,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await found(peer, network.id, 'discounting')).toEqual([]);
    expect(await found(peer, other.id, 'discounting')).toEqual([thread.id]);

    await send('POST', facilitator, `/api/v1/threads/${thread.id}/moderation`, { action: 'hide', reason: 'Off topic' });
    expect(await found(peer, other.id, 'discounting')).toEqual([]);
    // Its author and the facilitators still find it, as in the feed.
    expect(await found(asker, other.id, 'discounting')).toEqual([thread.id]);
    expect(await found(facilitator, other.id, 'discounting')).toEqual([thread.id]);

    await send('POST', facilitator, `/api/v1/threads/${thread.id}/moderation`, { action: 'unhide' });
    expect(await found(peer, other.id, 'discounting')).toEqual([thread.id]);
    expect((await send('DELETE', asker, `/api/v1/threads/${thread.id}`)).statusCode).toBe(200);
    for (const viewer of [asker, peer, facilitator]) expect(await found(viewer, other.id, 'discounting')).toEqual([]);
  });

  it('finds a held anonymous thread for its author alone until the minute', async () => {
    const { network, asker, peer, facilitator } = await twoNetworks('Held Search');
    t.clock.advance(MINUTE + 12_345);
    const held = await startThread(asker, network.id, { title: 'Covenant breach coming', anonymous: true });
    expect(held.heldUntil).not.toBeNull();
    expect(await found(asker, network.id, 'covenant')).toEqual([held.id]);
    for (const viewer of [peer, facilitator]) expect(await found(viewer, network.id, 'covenant')).toEqual([]);
    await t.nextMinute();
    for (const viewer of [asker, peer, facilitator])
      expect(await found(viewer, network.id, 'covenant')).toEqual([held.id]);
  });
});
