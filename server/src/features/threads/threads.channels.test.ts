import type { NetworkView } from '@roundtable/contract/networks';
import type { ReplyPage, ReplyView, ThreadView } from '@roundtable/contract/threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../platform/events.js';
import type { MailMessage } from '../../platform/mail.js';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { MINUTE } from '../../test/clock.js';
import { createNetwork, joinNetwork } from '../../test/networks.js';
import { userChannel } from '../notifications/notifications.service.js';
import { networkChannel, threadChannel } from './threads.service.js';

/*
 * The channels besides the API that could tie an anonymous post to its author: the host admin's
 * outbox, live events and emails (by their time), and hidden replies (by the name left on them).
 */

type World = { t: TestApp; admin: Person; network: NetworkView; secret: Person; asker: Person; peer: Person };

async function world(t: TestApp, name: string): Promise<World> {
  const admin = await t.admin();
  const network = await createNetwork(t, admin, { name });
  const secret = await t.member('Zelda Quillfeather');
  const asker = await t.member('Tess Asker');
  const peer = await t.member('Jonas Keller');
  for (const person of [secret, asker, peer]) await joinNetwork(t, person, network);
  return { t, admin, network, secret, asker, peer };
}

async function post<T>(t: TestApp, as: Person, url: string, payload: Record<string, unknown>, method = 'POST') {
  const response = await t.request({ method: method as 'POST', url, as, payload });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json() as T;
}

const thread = (w: World, as: Person, anonymous: boolean, title = 'Our bank pulled the credit line') =>
  post<ThreadView>(w.t, as, `/api/v1/networks/${w.network.id}/threads`, {
    title,
    body: 'Has this happened to anyone?',
    kind: 'question',
    anonymous,
  });
const reply = (w: World, as: Person, threadId: string, anonymous: boolean, body = 'It happened to us in 2009.') =>
  post<ReplyView>(w.t, as, `/api/v1/threads/${threadId}/replies`, { body, anonymous });

/** Moves the clock off the minute, so an exact time differs from its rounded form. */
const offTheMinute = (t: TestApp) => t.clock.advance(MINUTE + 12_345);
const isWholeMinute = (ms: number) => ms % MINUTE === 0;
const nextMinute = (t: TestApp) => t.clock.set(new Date(Math.ceil((t.clock.now().getTime() + 1) / MINUTE) * MINUTE));

describe('the host admin outbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('withholds every email about an anonymous post, its recipient included', async () => {
    const w = await world(t, 'Outbox Circle');
    offTheMinute(t);
    const question = await thread(w, w.secret, true);
    await t.nextMinute();
    await reply(w, w.peer, question.id, false, 'We switched banks; it took a month.');
    await post(w.t, w.admin, `/api/v1/threads/${question.id}/moderation`, { action: 'hide', reason: 'Too revealing' });
    const signed = await thread(w, w.asker, false, 'Pricing in a downturn');
    await reply(w, w.secret, signed.id, true, 'We raised 4% and lost one client.');
    nextMinute(t);
    await t.runJobs();

    // The emails went out: the author heard of the reply and the hiding, the asker of the anonymous answer.
    expect((await t.outbox(w.secret.email)).map((mail) => mail.subject)).toEqual(
      expect.arrayContaining([expect.stringContaining('Jonas Keller replied'), expect.stringContaining('hid your')]),
    );
    expect((await t.outbox(w.asker.email)).some((mail) => mail.subject.includes('replied to your'))).toBe(true);

    const response = await t.request({ method: 'GET', url: '/api/v1/admin/outbox?limit=100', as: w.admin });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as { to: string; subject: string; text: string; html: string }[];
    // What the admin still sees addressed to them are their sign-up emails.
    const addressedTo = (person: Person) =>
      items.filter((mail) => mail.to === person.email).map((mail) => mail.subject);
    expect(addressedTo(w.secret)).toEqual([expect.stringMatching(/confirm|verify/i)]);
    expect(addressedTo(w.asker)).toEqual([expect.stringMatching(/confirm|verify/i)]);
    expect(response.body).not.toContain('Jonas Keller replied');
    expect(response.body).not.toContain('Our bank pulled the credit line');
    const withheld = items.filter((mail) => mail.to === 'withheld');
    expect(withheld).toHaveLength(3);
    for (const mail of withheld) expect(mail.subject).toBe('Withheld: an email about an anonymous post');
    // Other emails stay readable, e.g. the sign-up confirmations.
    expect(items.some((mail) => mail.to === w.peer.email)).toBe(true);
  });
});

describe('live events and emails about anonymous posts', () => {
  let t: TestApp;
  const sent: MailMessage[] = [];
  beforeAll(async () => {
    t = await buildTestApp({
      mailer: {
        send: async (message) => {
          sent.push(message);
        },
        close: async () => {},
      },
    });
  });
  afterAll(() => t.close());

  it('arrive no earlier than the next whole minute, so order cannot tie them to a signed post', async () => {
    const w = await world(t, 'Live Circle');
    const question = await thread(w, w.asker, false, 'Raising prices?');
    const heard: { channel: string; event: LiveEvent; at: number }[] = [];
    for (const channel of [networkChannel(w.network.id), threadChannel(question.id), userChannel(w.asker.me.id)])
      await t.ctx.events.subscribe(channel, (event) => heard.push({ channel, event, at: t.clock.now().getTime() }));

    offTheMinute(t);
    const postedAt = t.clock.now().getTime();
    const anonymousReply = await reply(w, w.secret, question.id, true, 'We raised 4% and lost one client.');
    t.clock.advance(3);
    const signedReply = await reply(w, w.secret, question.id, false, 'Signed: we did it too.');
    t.clock.advance(3);
    const anonymousThread = await thread(w, w.secret, true);
    await t.runJobs();

    const about = (id: string) => heard.filter(({ event }) => JSON.stringify(event.data).includes(id));
    // Polling the notifications tells no more than listening: the note about the anonymous reply waits too.
    const listed = async () =>
      (await t.request({ method: 'GET', url: '/api/v1/notifications', as: w.asker })).json() as {
        items: { url: string }[];
        unreadCount: number;
      };
    const early = await listed();
    expect(early.items.map((item) => item.url).filter((url) => url.includes(anonymousReply.id))).toEqual([]);
    expect(early.items.some((item) => item.url.includes(signedReply.id))).toBe(true);
    expect(early.unreadCount).toBe(1);
    // The signed reply is live at once; nothing about the anonymous posts yet.
    expect(about(signedReply.id).length).toBeGreaterThan(0);
    expect(about(anonymousReply.id)).toEqual([]);
    expect(about(anonymousThread.id)).toEqual([]);

    nextMinute(t);
    await t.runJobs();
    const anonymousEvents = [...about(anonymousReply.id), ...about(anonymousThread.id)];
    expect(anonymousEvents.map(({ event }) => event.type).sort()).toEqual([
      'notification',
      'reply.created',
      'thread.created',
    ]);
    for (const { at } of anonymousEvents) {
      expect(isWholeMinute(at)).toBe(true);
      expect(at).toBeGreaterThan(postedAt);
    }
    // The feed update for the anonymous reply waits too: only the signed reply's events are early.
    const heardEarly = heard.filter(({ at }) => at < Math.ceil(postedAt / MINUTE) * MINUTE);
    expect(heardEarly.map(({ event }) => event.type).sort()).toEqual([
      'notification',
      'reply.created',
      'thread.updated',
    ]);
    expect(heardEarly.every(({ event }) => !JSON.stringify(event.data).includes(anonymousReply.id))).toBe(true);
    const later = await listed();
    expect(later.items.some((item) => item.url.includes(anonymousReply.id))).toBe(true);
    expect(later.unreadCount).toBe(2);
    const notification = about(anonymousReply.id).find(({ event }) => event.type === 'notification');
    expect(notification?.event.data).toMatchObject({ createdAt: expect.stringMatching(/:00\.000Z$/) });

    // The asker's email about the anonymous reply carries the minute, not the millisecond.
    const email = sent.find((message) => message.to === w.asker.email && message.subject.startsWith('A member of'));
    expect(email?.date?.getTime()).toBe(Math.floor(postedAt / MINUTE) * MINUTE);
  });

  it('holds an anonymous post’s edit until the next whole minute too', async () => {
    const w = await world(t, 'Edit Circle');
    const anonymous = await thread(w, w.secret, true);
    nextMinute(t);
    await t.runJobs();
    const heard: { event: LiveEvent; at: number }[] = [];
    await t.ctx.events.subscribe(threadChannel(anonymous.id), (event) =>
      heard.push({ event, at: t.clock.now().getTime() }),
    );
    offTheMinute(t);
    await post(t, w.secret, `/api/v1/threads/${anonymous.id}`, { body: 'Has this happened to you?' }, 'PATCH');
    await t.runJobs();
    expect(heard).toEqual([]);
    nextMinute(t);
    await t.runJobs();
    expect(heard.map(({ event }) => event.type)).toEqual(['thread.updated']);
    expect(heard.every(({ at }) => isWholeMinute(at))).toBe(true);
  });
});

describe('an anonymous post before the next whole minute', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const get = (as: Person, url: string) => t.request({ method: 'GET', url, as });
  const replyIds = async (as: Person, threadId: string) =>
    ((await get(as, `/api/v1/threads/${threadId}/replies`)).json() as ReplyPage).items.map((item) => [
      item.id,
      item.position,
    ]);
  const feedOf = async (as: Person, w: World, query = '') =>
    (await get(as, `/api/v1/networks/${w.network.id}/threads${query}`)).json().items as ThreadView[];

  it('is its author’s alone: unlisted, uncounted and unnumbered, then numbered after its whole minute', async () => {
    const w = await world(t, 'Held Replies');
    const question = await thread(w, w.asker, false, 'Raising prices?');
    offTheMinute(t);
    const held = await reply(w, w.secret, question.id, true, 'We raised 4% and lost one client.');
    t.clock.advance(1_000);
    const signed = await reply(w, w.secret, question.id, false, 'Signed: we did it too.');
    t.clock.advance(1_000);
    const peers = await reply(w, w.peer, question.id, false, 'We held prices.');

    // Its author sees it at once, last, marked with the minute it appears to others.
    expect(held.heldUntil).toBe(new Date(Math.ceil(t.clock.now().getTime() / MINUTE) * MINUTE).toISOString());
    expect(held.position).toBe(0);
    expect(await replyIds(w.secret, question.id)).toEqual([
      [signed.id, 1],
      [peers.id, 2],
      [held.id, 0],
    ]);
    // Everyone else, polling every channel, finds nothing of it: not listed, counted or numbered.
    for (const viewer of [w.asker, w.peer, w.admin]) {
      expect(await replyIds(viewer, question.id)).toEqual([
        [signed.id, 1],
        [peers.id, 2],
      ]);
      const page = (await get(viewer, `/api/v1/threads/${question.id}`)).json() as ThreadView;
      expect(page.replyCount).toBe(2);
      const missing = await t.request({ method: 'POST', url: `/api/v1/replies/${held.id}/helpful`, as: viewer });
      const unknown = await t.request({
        method: 'POST',
        url: '/api/v1/replies/00000000-0000-4000-8000-000000000000/helpful',
        as: viewer,
      });
      expect([missing.statusCode, missing.body]).toEqual([unknown.statusCode, unknown.body]);
    }
    expect((await feedOf(w.asker, w)).find((item) => item.id === question.id)?.unreadCount).toBe(2);
    // Nor can anyone act on it: quoted or accepted, it is not a reply of this thread yet.
    const quoting = await t.request({
      method: 'POST',
      url: `/api/v1/threads/${question.id}/replies`,
      as: w.peer,
      payload: { body: 'Quoting.', anonymous: false, quoteReplyId: held.id },
    });
    expect([quoting.statusCode, quoting.json().error.code]).toEqual([400, 'validation_failed']);
    const accepting = await t.request({
      method: 'POST',
      url: `/api/v1/threads/${question.id}/resolution`,
      as: w.asker,
      payload: { replyId: held.id },
    });
    expect([accepting.statusCode, accepting.json().error.code]).toEqual([400, 'validation_failed']);

    // At the minute it is published: numbered after every reply of its minute, whoever wrote them when.
    await t.nextMinute();
    for (const viewer of [w.asker, w.peer, w.secret])
      expect(await replyIds(viewer, question.id)).toEqual([
        [signed.id, 1],
        [peers.id, 2],
        [held.id, 3],
      ]);
    const published = (await get(w.peer, `/api/v1/threads/${question.id}`)).json() as ThreadView;
    expect(published.replyCount).toBe(3);
    expect((await feedOf(w.asker, w)).find((item) => item.id === question.id)?.unreadCount).toBe(3);
    // The job that published it changes nothing when it runs again.
    await t.runJobs();
    expect(((await get(w.peer, `/api/v1/threads/${question.id}`)).json() as ThreadView).replyCount).toBe(3);
  });

  it('keeps an anonymous thread out of the feed, search and its page until the minute', async () => {
    const w = await world(t, 'Held Threads');
    offTheMinute(t);
    const held = await thread(w, w.secret, true, 'Our bank pulled the credit line');
    expect(held.heldUntil).not.toBeNull();
    expect((await feedOf(w.secret, w)).map((item) => item.id)).toContain(held.id);
    for (const viewer of [w.asker, w.peer, w.admin]) {
      expect((await feedOf(viewer, w)).map((item) => item.id)).not.toContain(held.id);
      expect((await feedOf(viewer, w, '?q=credit')).map((item) => item.id)).not.toContain(held.id);
      expect((await get(viewer, `/api/v1/threads/${held.id}`)).statusCode).toBe(404);
      const replying = await t.request({
        method: 'POST',
        url: `/api/v1/threads/${held.id}/replies`,
        as: viewer,
        payload: { body: 'Too early.', anonymous: false },
      });
      expect(replying.statusCode).toBe(404);
    }
    // The author, though a facilitator may be the author, has nothing to moderate until it appears.
    const adminsOwn = await thread(w, w.admin, true, 'A host’s own question');
    const hiding = await t.request({
      method: 'POST',
      url: `/api/v1/threads/${adminsOwn.id}/moderation`,
      as: w.admin,
      payload: { action: 'hide', reason: 'Testing' },
    });
    expect(hiding.statusCode).toBe(409);
    expect(hiding.json().error.code).toBe('conflict');

    await t.nextMinute();
    for (const viewer of [w.asker, w.peer, w.admin]) {
      const seen = (await feedOf(viewer, w)).find((item) => item.id === held.id);
      expect(seen?.heldUntil).toBeNull();
      expect(seen?.author?.name).toBe('A member of Held Threads');
    }
  });

  it('counts a reply its author deleted before the minute nowhere', async () => {
    const w = await world(t, 'Held Deletions');
    const question = await thread(w, w.asker, false, 'Pricing?');
    const held = await reply(w, w.secret, question.id, true, 'On second thought…');
    const deleted = await t.request({ method: 'DELETE', url: `/api/v1/replies/${held.id}`, as: w.secret });
    expect(deleted.statusCode).toBe(200);
    await t.nextMinute();
    const page = (await get(w.peer, `/api/v1/threads/${question.id}`)).json() as ThreadView;
    expect(page.replyCount).toBe(0);
    const listed = ((await get(w.peer, `/api/v1/threads/${question.id}/replies`)).json() as ReplyPage).items;
    expect(listed.map((item) => [item.id, item.deleted, item.body])).toEqual([[held.id, true, '']]);
  });
});

describe('a hidden reply', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('is listed as hidden without its author to everyone but the facilitators and its author', async () => {
    const w = await world(t, 'Hidden Circle');
    const question = await thread(w, w.asker, false, 'Raising prices?');
    const hidden = await reply(w, w.peer, question.id, false, 'Anyone who lets that happen is careless.');
    const quoting = await post<ReplyView>(t, w.asker, `/api/v1/threads/${question.id}/replies`, {
      body: 'That is unkind.',
      anonymous: false,
      quoteReplyId: hidden.id,
    });
    await post(t, w.admin, `/api/v1/replies/${hidden.id}/moderation`, { action: 'hide', reason: 'Be kind' });

    const as = async (person: Person) => {
      const response = await t.request({ method: 'GET', url: `/api/v1/threads/${question.id}/replies`, as: person });
      expect(response.statusCode).toBe(200);
      const page = response.json() as ReplyPage;
      return {
        body: response.body,
        hidden: page.items.find((item) => item.id === hidden.id),
        quoting: page.items.find((item) => item.id === quoting.id),
      };
    };
    const member = await as(w.secret);
    expect(member.hidden).toMatchObject({ author: null, body: '', hidden: { reason: '' } });
    expect(member.quoting?.quote).toMatchObject({ authorName: 'A hidden reply', excerpt: '' });
    expect(member.body).not.toContain('Jonas');
    const exported = await t.request({ method: 'GET', url: `/api/v1/threads/${question.id}/export`, as: w.secret });
    expect(exported.body).not.toContain('Jonas');
    expect(exported.body).toContain('_Hidden by a facilitator._');

    const facilitator = await as(w.admin);
    expect(facilitator.hidden).toMatchObject({ author: { name: 'Jonas Keller' }, hidden: { reason: 'Be kind' } });
    const author = await as(w.peer);
    expect(author.hidden).toMatchObject({ author: { isYou: true }, hidden: { reason: 'Be kind' } });
  });
});
