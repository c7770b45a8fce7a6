import type { NetworkView } from '@roundtable/contract/networks';
import type { PulsePage, PulseResults, PulseView } from '@roundtable/contract/pulses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { HOUR, MINUTE } from '../../test/clock.js';
import { createNetwork, joinNetwork, setProfile } from '../../test/networks.js';

let t: TestApp;
let admin: Person;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.admin();
});
afterAll(() => t.close());

const post = (as: Person, url: string, payload?: Record<string, unknown>) =>
  t.request({ method: 'POST', url, as, ...(payload ? { payload } : {}) });
const get = (as: Person, url: string) => t.request({ method: 'GET', url, as });

const QUESTIONS = [
  { type: 'single_choice', prompt: 'Do you run a 13-week cash forecast?', options: ['Yes', 'No', 'Planning to'] },
  { type: 'scale', prompt: 'How confident are you in it?', min: 1, max: 5, labels: { min: 'Not at all', max: 'Very' } },
  { type: 'number', prompt: 'Finance team size', unit: 'people', min: 0 },
  { type: 'multiple_choice', prompt: 'Which tools?', options: ['Excel', 'Anaplan', 'Adaptive'] },
  { type: 'text', prompt: 'One tip for peers' },
];

/** A network of `size` members: the host admin facilitating, the asker, and `size - 2` peers. */
async function network(name: string, size: number): Promise<{ network: NetworkView; asker: Person; peers: Person[] }> {
  const created = await createNetwork(t, admin, { name });
  const asker = await t.member(`${name} Asker`);
  await joinNetwork(t, asker, created);
  const peers: Person[] = [];
  for (let index = 0; index < size - 2; index += 1) {
    const peer = await t.member(`${name} Peer ${index + 1}`);
    await joinNetwork(t, peer, created);
    peers.push(peer);
  }
  return { network: created, asker, peers };
}

async function ask(as: Person, networkId: string, body: Record<string, unknown> = {}): Promise<PulseView> {
  const response = await post(as, `/api/v1/networks/${networkId}/pulses`, {
    title: 'Cash forecasting in practice',
    context: 'Board asks whether we are behind our peers.',
    questions: QUESTIONS,
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const answersFor = (pulse: PulseView, choice: number, scale: number, size: number, tools: number[], tip: string) => ({
  answers: [
    { questionId: pulse.questions[0]?.id, value: choice },
    { questionId: pulse.questions[1]?.id, value: scale },
    { questionId: pulse.questions[2]?.id, value: size },
    { questionId: pulse.questions[3]?.id, value: tools },
    { questionId: pulse.questions[4]?.id, value: tip },
  ],
});

const kindsOf = async (as: Person) =>
  ((await get(as, '/api/v1/notifications')).json().items as { kind: string }[]).map((item) => item.kind);

describe('a pulse to a network of 8', () => {
  it('hides results at 4 answers, shows correct aggregates at 5, and tells the asker at first answer, threshold and deadline', async () => {
    const { network: circle, asker, peers } = await network('Pulse Eight', 8);
    const pulse = await ask(asker, circle.id);
    expect(pulse).toMatchObject({
      audienceSize: 7,
      threshold: 5,
      anonymous: true,
      status: 'open',
      viewer: { isAsker: true },
    });
    expect(Date.parse(pulse.closesAt) - Date.parse(pulse.createdAt)).toBe(48 * HOUR);
    for (const peer of peers) expect(await kindsOf(peer)).toContain('pulse_waiting');
    expect((await get(asker, '/api/v1/notifications')).json().items).toHaveLength(0);

    const sheets = [
      answersFor(pulse, 0, 4, 12, [0, 1], 'Weekly cash calls'),
      answersFor(pulse, 0, 5, 20, [0], 'Start simple'),
      answersFor(pulse, 1, 2, 8, [2], 'Own the model'),
      answersFor(pulse, 0, 4, 15, [0, 2], 'Reconcile weekly'),
      answersFor(pulse, 2, 3, 30, [1], 'Involve sales'),
    ];
    for (const [index, sheet] of sheets.slice(0, 4).entries()) {
      t.clock.advance(30 * MINUTE);
      const peer = peers[index] as Person;
      const answered = await post(peer, `/api/v1/pulses/${pulse.id}/responses`, sheet);
      expect(answered.statusCode, answered.body).toBe(200);
    }
    const atFour = (await get(asker, `/api/v1/pulses/${pulse.id}/results`)).json() as PulseResults;
    expect(atFour).toMatchObject({ responseCount: 4, visible: false });
    expect(atFour.questions).toBeUndefined();
    expect((await get(peers[0] as Person, `/api/v1/pulses/${pulse.id}/results`)).json()).toMatchObject({
      visible: false,
    });
    expect(await kindsOf(asker)).toEqual(['pulse_answered']);

    t.clock.advance(3 * HOUR);
    await post(peers[4] as Person, `/api/v1/pulses/${pulse.id}/responses`, sheets[4] as Record<string, unknown>);
    const results = (await get(asker, `/api/v1/pulses/${pulse.id}/results`)).json() as PulseResults;
    expect(results).toMatchObject({ responseCount: 5, visible: true, includedCount: 5 });
    const [choice, scale, size, tools, tips] = results.questions ?? [];
    expect(choice?.options).toEqual([
      { label: 'Yes', count: 3, percent: 60 },
      { label: 'No', count: 1, percent: 20 },
      { label: 'Planning to', count: 1, percent: 20 },
    ]);
    expect(scale).toMatchObject({ mean: 3.6, median: 4 });
    expect(scale?.distribution?.map((step) => step.count)).toEqual([0, 1, 1, 2, 1]);
    // Five answers are too few for quartiles: at five they would be the 2nd, 3rd and 4th answers.
    expect(size).toMatchObject({ unit: 'people' });
    for (const field of ['median', 'q1', 'q3', 'min', 'max']) expect(size).not.toHaveProperty(field);
    expect(size?.histogram?.reduce((sum, bin) => sum + bin.count, 0)).toBe(5);
    expect(tools?.options?.map((option) => option.count)).toEqual([3, 2, 2]);
    expect([...(tips?.texts ?? [])].sort()).toEqual([
      'Involve sales',
      'Own the model',
      'Reconcile weekly',
      'Start simple',
      'Weekly cash calls',
    ]);
    expect(results.curve).toMatchObject({ minutesToFirstAnswer: 30, answersWithin48Hours: 5 });
    expect(await kindsOf(asker)).toEqual(['pulse_threshold', 'pulse_answered']);

    // The deadline is the job queue's, on the test clock.
    await post(peers[5] as Person, `/api/v1/pulses/${pulse.id}/decline`);
    t.clock.advance(48 * HOUR);
    await t.runJobs();
    const closed = (await get(asker, `/api/v1/pulses/${pulse.id}`)).json() as PulseView;
    expect(closed).toMatchObject({ status: 'closed', responseCount: 5, declinedCount: 1 });
    expect(await kindsOf(asker)).toEqual(['pulse_closed', 'pulse_threshold', 'pulse_answered']);
    const mail = await t.outbox(asker.email);
    expect(mail.map((message) => message.subject)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('first answer'),
        expect.stringContaining('5 answers'),
        expect.stringContaining('Your pulse closed: 5 of 7 answered'),
      ]),
    );
    // Everyone asked sees the results after the deadline, answered or not.
    expect((await get(admin, `/api/v1/pulses/${pulse.id}/results`)).json()).toMatchObject({ visible: true });
    expect(
      (await post(admin, `/api/v1/pulses/${pulse.id}/responses`, sheets[0] as Record<string, unknown>)).statusCode,
    ).toBe(403);
  });

  it('reminds only those who have not answered when a quarter of the time is left', async () => {
    const { network: circle, asker, peers } = await network('Pulse Remind', 6);
    const pulse = await ask(asker, circle.id, { threshold: 3 });
    await post(peers[0] as Person, `/api/v1/pulses/${pulse.id}/responses`, answersFor(pulse, 0, 3, 5, [0], 'x'));
    await post(peers[1] as Person, `/api/v1/pulses/${pulse.id}/decline`);
    t.clock.advance(36 * HOUR);
    await t.runJobs();
    const waitingCount = async (peer: Person) =>
      (await kindsOf(peer)).filter((kind) => kind === 'pulse_waiting').length;
    expect(await waitingCount(peers[0] as Person)).toBe(1);
    expect(await waitingCount(peers[1] as Person)).toBe(1);
    expect(await waitingCount(peers[2] as Person)).toBe(2);
  });
});

describe('members who leave', () => {
  it('hear no reminder of a pulse from a network they left', async () => {
    const { network: circle, asker, peers } = await network('Pulse Leaver', 6);
    const pulse = await ask(asker, circle.id, { threshold: 3 });
    expect(pulse.audienceSize).toBe(5);
    const leaver = peers[0] as Person;
    expect((await post(leaver, `/api/v1/networks/${circle.id}/leave`)).statusCode).toBe(200);
    t.clock.advance(36 * HOUR);
    await t.runJobs();
    const waiting = (await kindsOf(leaver)).filter((kind) => kind === 'pulse_waiting');
    expect(waiting).toHaveLength(1);
    expect((await kindsOf(peers[1] as Person)).filter((kind) => kind === 'pulse_waiting')).toHaveLength(2);
  });
});

describe('privacy', () => {
  it('links no answer to a member in any response, CSV or notification', async () => {
    const { network: circle, asker, peers } = await network('Pulse Private', 7);
    const mailBefore = (await t.outbox()).length;
    const pulse = await ask(asker, circle.id);
    for (const [index, peer] of peers.entries())
      await post(
        peer,
        `/api/v1/pulses/${pulse.id}/responses`,
        answersFor(pulse, index % 3, (index % 5) + 1, 10 + index, [index % 3], `tip ${index}`),
      );
    await t.runJobs();
    const seen: string[] = [];
    for (const viewer of [asker, ...peers]) {
      for (const url of [
        `/api/v1/pulses/${pulse.id}`,
        `/api/v1/pulses/${pulse.id}/results`,
        `/api/v1/pulses/${pulse.id}/results.csv`,
        '/api/v1/notifications',
        '/api/v1/me/pulses?box=all',
        `/api/v1/networks/${circle.id}/pulses`,
      ])
        seen.push((await get(viewer, url)).body);
    }
    seen.push((await get(asker, `/api/v1/pulses/${pulse.id}/results?by=companySize`)).body);
    const mail = (await t.outbox()).slice(mailBefore);
    expect(mail.length).toBeGreaterThan(0);
    for (const message of mail) seen.push(message.subject, message.text, message.html);
    const everything = seen.join('\n');
    for (const peer of peers) {
      expect(everything).not.toContain(peer.me.id);
      expect(everything).not.toContain(peer.email);
      expect(everything).not.toContain(peer.me.name);
    }
    const csv = (await get(asker, `/api/v1/pulses/${pulse.id}/results.csv`)).body;
    expect(csv.split('\n')[0]).toBe('question,type,item,count,percent,value');
    expect(csv).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    // Each member sees their own answers, nobody else's.
    const mine = (await get(peers[0] as Person, `/api/v1/pulses/${pulse.id}`)).json() as PulseView;
    expect(mine.viewer.answers?.[4]).toEqual({ questionId: pulse.questions[4]?.id, value: 'tip 0' });
    expect(((await get(asker, `/api/v1/pulses/${pulse.id}`)).json() as PulseView).viewer.answers).toBeNull();
  });

  it('shows a new answer only in whole steps of the threshold while the pulse is open', async () => {
    const { network: circle, asker, peers } = await network('Pulse Steps', 8);
    const pulse = await ask(asker, circle.id, { threshold: 3 });
    for (const peer of peers.slice(0, 3))
      await post(peer, `/api/v1/pulses/${pulse.id}/responses`, answersFor(pulse, 0, 3, 10, [0], 'a'));
    const before = (await get(asker, `/api/v1/pulses/${pulse.id}/results`)).json() as PulseResults;
    await post(peers[3] as Person, `/api/v1/pulses/${pulse.id}/responses`, answersFor(pulse, 1, 5, 99, [1], 'b'));
    const after = (await get(asker, `/api/v1/pulses/${pulse.id}/results`)).json() as PulseResults;
    expect(after).toMatchObject({ responseCount: 4, includedCount: 3 });
    expect(after.questions).toEqual(before.questions);
  });

  it('breaks results down by company size from the answers published at the first close, frozen', async () => {
    const { network: circle, asker, peers } = await network('Pulse Groups', 9);
    for (const [index, peer] of peers.entries())
      await setProfile(t, peer, { companySize: index < 3 ? '1001-5000' : index < 6 ? '51-200' : '5001-10000' });
    const pulse = await ask(asker, circle.id, { threshold: 3 });
    for (const peer of peers)
      await post(peer, `/api/v1/pulses/${pulse.id}/responses`, answersFor(pulse, 0, 3, 10, [0], 'a'));
    // Breakdowns wait for the close: while open, one more answer could move one person's group.
    const open = await get(asker, `/api/v1/pulses/${pulse.id}/results?by=companySize`);
    expect(open.statusCode).toBe(403);
    // Seven answered; two batches of three are published, the seventh is held back at the close.
    await post(asker, `/api/v1/pulses/${pulse.id}/close`);
    const results = (await get(asker, `/api/v1/pulses/${pulse.id}/results?by=companySize`)).json() as PulseResults;
    expect(results).toMatchObject({ responseCount: 7, includedCount: 6 });
    expect(results.breakdown?.groups.map((group) => [group.label, group.responseCount])).toEqual([
      ['1,001–5,000 people', 3],
      ['51–200 people', 3],
    ]);
    // The copy is frozen: a respondent who changes company size moves no one between groups.
    await setProfile(t, peers[0] as Person, { companySize: '51-200' });
    const later = (await get(asker, `/api/v1/pulses/${pulse.id}/results?by=companySize`)).json() as PulseResults;
    expect(later.breakdown).toEqual(results.breakdown);
    expect((await get(peers[0] as Person, `/api/v1/pulses/${pulse.id}/results?by=companySize`)).statusCode).toBe(403);
  });
});

describe('asking and answering', () => {
  it('refuses a bad answer naming the question, and writes nothing', async () => {
    const { network: circle, asker, peers } = await network('Pulse Bad', 6);
    const pulse = await ask(asker, circle.id);
    const before = await t.rowCounts();
    const response = await post(
      peers[0] as Person,
      `/api/v1/pulses/${pulse.id}/responses`,
      answersFor(pulse, 7, 3, 1, [0], 'x'),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'validation_failed',
      message: expect.stringContaining('Do you run a 13-week cash forecast?'),
      details: [{ path: '/answers/0/value' }],
    });
    const scale = await post(
      peers[0] as Person,
      `/api/v1/pulses/${pulse.id}/responses`,
      answersFor(pulse, 0, 9, 1, [0], 'x'),
    );
    expect(scale.json().error.details).toEqual([{ path: '/answers/1/value', message: expect.any(String) }]);
    expect(await t.rowCounts()).toEqual(before);
  });

  it('refuses an audience smaller than the threshold, and leaves out the asker’s own company', async () => {
    const { network: circle, asker, peers } = await network('Pulse Small', 5);
    await setProfile(t, asker, { company: 'Acme GmbH' });
    await setProfile(t, peers[0] as Person, { company: 'ACME' });
    const before = await t.rowCounts();
    const refused = await post(asker, `/api/v1/networks/${circle.id}/pulses`, {
      title: 'Too small',
      context: '',
      questions: QUESTIONS.slice(0, 1),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toEqual([
      { path: '/audience', message: expect.stringContaining('3 members') },
    ]);
    expect(await t.rowCounts()).toEqual(before);
    const pulse = await ask(asker, circle.id, { threshold: 3 });
    expect(pulse.audienceSize).toBe(3);
    expect((await get(peers[0] as Person, `/api/v1/pulses/${pulse.id}`)).statusCode).toBe(404);
  });

  it('lets the asker close early, extend once and re-open; a facilitator hides an improper pulse', async () => {
    const { network: circle, asker, peers } = await network('Pulse Life', 5);
    const pulse = await ask(asker, circle.id, { threshold: 3 });
    const later = new Date(Date.parse(pulse.closesAt) + 24 * HOUR).toISOString();
    expect((await post(peers[0] as Person, `/api/v1/pulses/${pulse.id}/extend`, { closesAt: later })).statusCode).toBe(
      403,
    );
    expect((await post(asker, `/api/v1/pulses/${pulse.id}/extend`, { closesAt: later })).json()).toMatchObject({
      extended: true,
      closesAt: later,
    });
    expect((await post(asker, `/api/v1/pulses/${pulse.id}/extend`, { closesAt: later })).statusCode).toBe(403);
    expect((await post(asker, `/api/v1/pulses/${pulse.id}/close`)).json()).toMatchObject({ status: 'closed' });
    const reopenAt = new Date(t.clock.now().getTime() + 24 * HOUR).toISOString();
    expect((await post(asker, `/api/v1/pulses/${pulse.id}/reopen`, { closesAt: reopenAt })).json()).toMatchObject({
      status: 'open',
    });
    const waiting = (await get(peers[0] as Person, '/api/v1/me/pulses?box=waiting')).json() as PulsePage;
    expect(waiting.items.map((item) => item.id)).toContain(pulse.id);

    expect(
      (await post(peers[0] as Person, `/api/v1/pulses/${pulse.id}/moderation`, { action: 'hide', reason: 'x' }))
        .statusCode,
    ).toBe(403);
    const hidden = await post(admin, `/api/v1/pulses/${pulse.id}/moderation`, {
      action: 'hide',
      reason: 'Asks for future prices',
    });
    expect(hidden.json()).toMatchObject({ status: 'hidden', hiddenReason: 'Asks for future prices' });
    expect((await get(peers[0] as Person, `/api/v1/pulses/${pulse.id}`)).statusCode).toBe(404);
    expect(((await get(asker, `/api/v1/pulses/${pulse.id}`)).json() as PulseView).hiddenReason).toBe(
      'Asks for future prices',
    );
  });

  it('withholds a number one answer dominates in the antitrust-safe mode', async () => {
    const { network: circle, asker, peers } = await network('Pulse Antitrust', 7);
    const refused = await post(asker, `/api/v1/networks/${circle.id}/pulses`, {
      title: 'Salaries',
      context: '',
      questions: QUESTIONS.slice(2, 3),
      antitrustSafe: true,
      threshold: 3,
    });
    expect(refused.json().error.details[0].path).toBe('/threshold');
    const pulse = await ask(asker, circle.id, { questions: QUESTIONS.slice(2, 3), antitrustSafe: true });
    for (const [index, peer] of peers.entries())
      await post(peer, `/api/v1/pulses/${pulse.id}/responses`, {
        answers: [{ questionId: pulse.questions[0]?.id, value: index === 0 ? 1000 : 10 }],
      });
    const results = (await get(asker, `/api/v1/pulses/${pulse.id}/results`)).json() as PulseResults;
    expect(results.questions?.[0]).toMatchObject({ withheld: expect.stringContaining('quarter') });
    expect(results.questions?.[0]).not.toHaveProperty('median');
  });
});
