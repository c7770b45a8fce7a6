import type { AddressInfo } from 'node:net';
import type { NetworkView } from '@roundtable/contract/networks';
import { mentionMarkdown, type ReplyView, type ThreadView } from '@roundtable/contract/threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { DAY, MINUTE } from '../../test/clock.js';
import { createNetwork, joinNetwork } from '../../test/networks.js';
import { openEventStream } from '../../test/sse.js';

/**
 * One member writes only anonymously: threads, replies, a reply that mentions a peer, a reply to a
 * peer's question, a post that is flagged, hidden and nudged, and a thread that is moved to another
 * network. Everything the other members and facilitators then receive — API answers, live events,
 * emails — is collected and searched for anything that names the author or dates a post finer
 * than the minute.
 */
let t: TestApp;
let port: number;
let admin: Person;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.admin();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t.close());

const send = (method: 'POST' | 'PATCH' | 'DELETE', as: Person, url: string, payload?: Record<string, unknown>) =>
  t.request({ method, url, as, ...(payload ? { payload } : {}) });
const get = (as: Person, url: string) => t.request({ method: 'GET', url, as });

async function ok<T>(response: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200) {
  const answered = await response;
  expect(answered.statusCode, answered.body).toBe(status);
  return answered.json() as T;
}

/** Makes the person a facilitator of the network (the admin created it and stays a host admin). */
async function appoint(network: NetworkView, person: Person) {
  await ok(send('POST', admin, `/api/v1/networks/${network.id}/facilitators`, { memberId: person.me.id }));
  await ok(
    send('POST', person, `/api/v1/networks/${network.id}/charter/accept`, { charterVersion: network.charterVersion }),
  );
}

/** Moves the clock off the minute so a leaked exact time differs from its rounded form. */
const offTheMinute = () => t.clock.advance(MINUTE + 12_345);

describe('anonymous posts', () => {
  it('never name their author, nor date them finer than the minute, to anyone but a host admin who asks', async () => {
    const network = await createNetwork(t, admin, { name: 'Quiet Pricing Circle' });
    const elsewhere = await createNetwork(t, admin, { name: 'Second Room' });
    await ok(send('PATCH', admin, `/api/v1/networks/${network.id}`, { experienceProtocol: true }));
    const secret = await t.member('Zelda Quillfeather');
    const peer = await t.member('Pat Peer');
    const asker = await t.member('Tess Asker');
    const mentioned = await t.member('Mo Mentioned');
    const facilitator = await t.member('Fay Facilitator');
    const newcomer = await t.member('Nia Newcomer');
    for (const person of [secret, peer, asker, mentioned]) await joinNetwork(t, person, network);
    await appoint(network, facilitator);
    await appoint(elsewhere, facilitator);
    await joinNetwork(t, newcomer, elsewhere);
    const watchers = { peer, asker, mentioned, facilitator, newcomer };

    // Everyone but the author watches the network and, later, each thread live.
    const streams = Object.entries(watchers).map(([name, person]) => ({
      name,
      stream: openEventStream(
        port,
        person.cookie,
        `/api/v1/events?networkId=${person === newcomer ? elsewhere.id : network.id}`,
      ),
    }));
    for (const { stream } of streams) expect(await stream.opened).toBe(200);

    const exactTimes: string[] = [];
    const stamp = () => {
      offTheMinute();
      exactTimes.push(t.clock.now().toISOString());
    };

    // The asker's signed question, which the secret author answers anonymously.
    const question = await ok<ThreadView>(
      send('POST', asker, `/api/v1/networks/${network.id}/threads`, {
        title: 'Raising prices in a downturn?',
        body: 'What did your clients say?',
        kind: 'question',
        anonymous: false,
      }),
      201,
    );
    stamp();
    const anonymousThread = await ok<ThreadView>(
      send('POST', secret, `/api/v1/networks/${network.id}/threads`, {
        title: 'Our bank pulled the credit line',
        body: `Has this happened to anyone? ${mentionMarkdown({ id: mentioned.me.id, name: 'Mo Mentioned' })}, you went through it.`,
        kind: 'question',
        anonymous: true,
        tags: ['cash-flow', 'banking'],
      }),
      201,
    );
    stamp();
    const toMove = await ok<ThreadView>(
      send('POST', secret, `/api/v1/networks/${network.id}/threads`, {
        title: 'Hiring a controller',
        body: 'Where did you find yours?',
        kind: 'discussion',
        anonymous: true,
      }),
      201,
    );
    // Held until the next whole minute, the anonymous threads then appear to the network.
    await t.nextMinute();
    const threadStreams = Object.entries(watchers)
      .filter(([, person]) => person !== newcomer)
      .flatMap(([name, person]) =>
        [question, anonymousThread].map((thread) => ({
          name,
          stream: openEventStream(port, person.cookie, `/api/v1/events?threadId=${thread.id}`),
        })),
      );
    for (const { stream } of threadStreams) expect(await stream.opened).toBe(200);
    // Let the subscriptions settle before the first live event.
    await new Promise((resolve) => setTimeout(resolve, 50));

    stamp();
    const answer = await ok<ReplyView>(
      send('POST', secret, `/api/v1/threads/${question.id}/replies`, {
        body: 'We raised 4% and lost one client; share that experience with your board.',
        anonymous: true,
      }),
      201,
    );
    stamp();
    const mention = await ok<ReplyView>(
      send('POST', secret, `/api/v1/threads/${question.id}/replies`, {
        body: `${mentionMarkdown({ id: mentioned.me.id, name: 'Mo Mentioned' })} did the same, I think.`,
        anonymous: true,
        quoteReplyId: answer.id,
      }),
      201,
    );
    offTheMinute();
    const peerReply = await ok<ReplyView>(
      send('POST', peer, `/api/v1/threads/${anonymousThread.id}/replies`, {
        body: 'It happened to us in 2009.',
        anonymous: false,
      }),
      201,
    );
    stamp();
    const lecture = await ok<ReplyView>(
      send('POST', secret, `/api/v1/threads/${anonymousThread.id}/replies`, {
        body: 'You should simply switch banks.',
        anonymous: true,
        quoteReplyId: peerReply.id,
      }),
      201,
    );
    stamp();
    const rude = await ok<ReplyView>(
      send('POST', secret, `/api/v1/threads/${anonymousThread.id}/replies`, {
        body: 'Anyone who lets that happen is careless.',
        anonymous: true,
      }),
      201,
    );
    await t.nextMinute();
    offTheMinute();
    await ok(
      send('POST', peer, `/api/v1/threads/${anonymousThread.id}/replies`, {
        body: 'Quoting the anonymous reply.',
        anonymous: false,
        quoteReplyId: lecture.id,
      }),
      201,
    );

    // The author edits; peers flag; facilitators hide, nudge and move.
    stamp();
    const edited = await ok<ThreadView>(
      send('PATCH', secret, `/api/v1/threads/${anonymousThread.id}`, { body: 'Has this happened to anyone else?' }),
    );
    expect(edited.author).toEqual({ name: 'you (posted anonymously)', avatarUrl: null, anonymous: true, isYou: true });
    expect(edited.abilities).toMatchObject({ edit: true, delete: true, resolve: true, flag: false });
    const editedReply = await ok<ReplyView>(
      send('PATCH', secret, `/api/v1/replies/${answer.id}`, { body: 'We raised 4% and lost one client.' }),
    );
    expect(editedReply).toMatchObject({ author: { isYou: true, anonymous: true }, abilities: { edit: true } });
    offTheMinute();
    await ok(send('POST', peer, `/api/v1/threads/${anonymousThread.id}/flags`, { reason: 'Too revealing' }), 201);
    await ok(send('POST', peer, `/api/v1/replies/${rude.id}/flags`, { reason: 'Unkind' }), 201);
    await ok(send('POST', facilitator, `/api/v1/replies/${rude.id}/moderation`, { action: 'hide', reason: 'Be kind' }));
    await ok(send('POST', facilitator, `/api/v1/replies/${lecture.id}/moderation`, { action: 'nudge' }));
    await ok(
      send('POST', facilitator, `/api/v1/threads/${toMove.id}/moderation`, {
        action: 'move',
        networkId: elsewhere.id,
        reason: 'Fits the other room',
      }),
    );
    await ok(send('POST', peer, `/api/v1/replies/${answer.id}/helpful`));
    await ok(send('POST', asker, `/api/v1/threads/${question.id}/resolution`, { replyId: answer.id }));

    // The author alone sees "you", the nudge and the hidden reason.
    const ownReplies = await ok<{ items: ReplyView[] }>(get(secret, `/api/v1/threads/${anonymousThread.id}/replies`));
    expect(ownReplies.items.find((r) => r.id === lecture.id)).toMatchObject({
      nudged: true,
      author: { isYou: true, name: 'you (posted anonymously)' },
    });
    expect(ownReplies.items.find((r) => r.id === rude.id)).toMatchObject({ hidden: { reason: 'Be kind' } });

    // Collect everything the others receive.
    /*
     * A notification is made, and pushed live, the moment the post is: its own time and time-ordered
     * id say when it was sent, not who sent it, so only they are left out of the search for exact times.
     */
    const texts: { where: string; text: string; notification?: true }[] = [];
    const views: { where: string; view: unknown }[] = [];
    const collect = async (who: string, as: Person, url: string) => {
      const response = await get(as, url);
      expect(response.statusCode, `${who} ${url}: ${response.body}`).toBe(200);
      texts.push({
        where: `${who} ${url}`,
        text: response.body,
        ...(url.endsWith('/notifications') ? { notification: true as const } : {}),
      });
      if (response.headers['content-type']?.toString().startsWith('application/json'))
        views.push({ where: `${who} ${url}`, view: response.json() });
      return response;
    };
    const feeds = [
      '',
      '?filter=questions',
      '?filter=unresolved',
      '?filter=mine',
      '?q=credit',
      '?q=hiring',
      '?limit=1',
      '?filter=questions&limit=1',
    ];
    for (const [who, person] of Object.entries(watchers)) {
      const home = person === newcomer ? elsewhere : network;
      for (const query of feeds) {
        const feed = await collect(who, person, `/api/v1/networks/${home.id}/threads${query}`);
        const cursor = (feed.json() as { nextCursor: string | null }).nextCursor;
        // A cursor is opaque to clients but readable by anyone who decodes it.
        if (cursor) texts.push({ where: `${who} cursor`, text: Buffer.from(cursor, 'base64url').toString('utf8') });
        if (cursor) await collect(who, person, `/api/v1/networks/${home.id}/threads${query || '?'}&cursor=${cursor}`);
      }
      // The moved thread is in the second room now: its members and the facilitator running both read it.
      const threads =
        person === newcomer
          ? [toMove]
          : person === facilitator
            ? [question, anonymousThread, toMove]
            : [question, anonymousThread];
      for (const thread of threads) {
        await collect(who, person, `/api/v1/threads/${thread.id}`);
        await collect(who, person, `/api/v1/threads/${thread.id}/replies`);
        await collect(who, person, `/api/v1/threads/${thread.id}/replies?from=unread`);
        await collect(who, person, `/api/v1/threads/${thread.id}/replies?limit=1`);
        await collect(who, person, `/api/v1/threads/${thread.id}/export`);
      }
      await collect(who, person, '/api/v1/notifications');
    }
    for (const home of [network, elsewhere]) {
      await collect('facilitator', facilitator, `/api/v1/networks/${home.id}/flags`);
      await collect('facilitator', facilitator, `/api/v1/networks/${home.id}/flags?status=resolved`);
    }

    // Emails: what is due now, then the digests of the next days.
    await t.runJobs();
    for (let day = 0; day < 2; day++) {
      t.clock.advance(DAY);
      await t.runJobs();
    }
    const emails = (await t.outbox()).filter((email) => email.to !== secret.email);
    for (const email of emails)
      texts.push({ where: `email to ${email.to}: ${email.subject}`, text: JSON.stringify(email) });
    for (const { name, stream } of [...streams, ...threadStreams]) {
      for (const event of stream.events)
        texts.push({
          where: `event to ${name}`,
          text: JSON.stringify(event),
          ...(event.event === 'notification' ? { notification: true as const } : {}),
        });
      stream.stop();
    }

    // What was collected is real: the anonymous posts and what was said about them reached the others.
    const all = texts.map((entry) => entry.text).join('\n');
    expect(all).toContain('A member of Quiet Pricing Circle');
    expect(all).toContain('A member of Second Room');
    expect(all).toContain('Our bank pulled the credit line');
    expect(all).toContain('Hiring a controller');
    expect(emails.map((email) => email.to)).toEqual(
      expect.arrayContaining([asker.email, mentioned.email, facilitator.email]),
    );
    for (const type of ['thread.created', 'thread.updated', 'reply.created', 'reply.updated', 'notification'])
      expect(
        [...streams, ...threadStreams].some(({ stream }) => stream.events.some((event) => event.event === type)),
        type,
      ).toBe(true);

    const names = [
      secret.me.id,
      secret.email,
      'Zelda',
      'Quillfeather',
      `/members/${secret.me.id}`,
      ...(secret.me.profile.avatarUrl ? [secret.me.profile.avatarUrl] : []),
    ];
    const times = [...exactTimes, ...exactTimes.map((time) => time.slice(0, 19))];
    const leaks = texts.flatMap(({ where, text, notification }) =>
      [...names, ...(notification ? [] : times)]
        .filter((needle) => text.includes(needle))
        .map((needle) => `${where} contains ${needle}`),
    );
    expect(leaks).toEqual([]);

    // Each anonymous item, wherever it appears, carries its times cut to the minute.
    const anonymousIds = new Set([anonymousThread.id, toMove.id, answer.id, mention.id, lecture.id, rude.id]);
    const timesOf = (value: unknown, found: { where: string; key: string; time: string }[], where: string) => {
      if (Array.isArray(value)) for (const item of value) timesOf(item, found, where);
      else if (value && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        if (typeof record.id === 'string' && anonymousIds.has(record.id))
          // A thread's last activity may be a signed reply; the search for exact times above covers it.
          for (const key of ['createdAt', 'editedAt'])
            if (typeof record[key] === 'string') found.push({ where, key, time: record[key] });
        for (const child of Object.values(record)) timesOf(child, found, where);
      }
      return found;
    };
    const anonymousTimes = views.flatMap(({ where, view }) => timesOf(view, [], where));
    expect(anonymousTimes.length).toBeGreaterThan(20);
    expect(
      anonymousTimes
        .filter(({ time }) => !time.endsWith(':00.000Z'))
        .map(({ where, key, time }) => `${where} ${key} ${time}`),
    ).toEqual([]);

    // Only a host admin's reveal names the author, and the reveal is logged.
    const reason = 'Court order 2026-17 from counsel';
    await ok(send('POST', facilitator, `/api/v1/threads/${anonymousThread.id}/author-reveal`, { reason }), 403);
    await ok(send('POST', peer, `/api/v1/replies/${answer.id}/author-reveal`, { reason }), 403);
    expect(await ok(send('POST', admin, `/api/v1/threads/${anonymousThread.id}/author-reveal`, { reason }))).toEqual({
      id: secret.me.id,
      name: 'Zelda Quillfeather',
      email: secret.email,
    });
    expect(await ok(send('POST', admin, `/api/v1/replies/${answer.id}/author-reveal`, { reason }))).toMatchObject({
      id: secret.me.id,
    });
    const log = await ok<{ items: { action: string; threadId: string; replyId: string | null; reason: string }[] }>(
      get(admin, '/api/v1/admin/moderation-log'),
    );
    expect(log.items.slice(0, 2)).toMatchObject([
      { action: 'reveal_author', threadId: question.id, replyId: answer.id, reason },
      { action: 'reveal_author', threadId: anonymousThread.id, replyId: null, reason },
    ]);
  });
});
