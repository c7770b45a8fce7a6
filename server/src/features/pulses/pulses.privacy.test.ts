import type { NetworkView } from '@roundtable/contract/networks';
import type { Answer, PulseResults, PulseView } from '@roundtable/contract/pulses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { HOUR, MINUTE } from '../../test/clock.js';
import { createNetwork, joinNetwork, setProfile } from '../../test/networks.js';
import { aggregate, type StoredQuestion } from './pulses.presenter.js';

/**
 * Privacy under pressure: whatever a member, the asker or a facilitator reads — responses, CSV,
 * notifications, emails — never ties an answer to a person, and watching or editing never
 * isolates one person's answer.
 */
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
  { type: 'scale', prompt: 'How confident are you in it?', min: 1, max: 5 },
  { type: 'number', prompt: 'Finance team size', unit: 'people' },
  { type: 'multiple_choice', prompt: 'Which tools?', options: ['Excel', 'Anaplan', 'Adaptive'] },
  { type: 'text', prompt: 'One tip for peers' },
];

type Values = [number, number, number, number[], string];

/** A network of `size`: the host admin (facilitating), the asker and `size - 2` peers; every member but the asker is asked. */
async function network(name: string, size: number): Promise<{ circle: NetworkView; asker: Person; peers: Person[] }> {
  const circle = await createNetwork(t, admin, { name });
  const asker = await t.member(`${name} Asker`);
  await joinNetwork(t, asker, circle);
  const peers: Person[] = [];
  for (let index = 0; index < size - 2; index += 1) {
    const peer = await t.member(`${name} Peer ${String.fromCharCode(65 + index)}`);
    await joinNetwork(t, peer, circle);
    peers.push(peer);
  }
  return { circle, asker, peers };
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

const sheetOf = (pulse: PulseView, values: Values): Answer[] =>
  values.map((value, index) => ({ questionId: pulse.questions[index]?.id ?? '', value }));

async function answer(peer: Person, pulse: PulseView, values: Values) {
  const response = await post(peer, `/api/v1/pulses/${pulse.id}/responses`, { answers: sheetOf(pulse, values) });
  expect(response.statusCode, response.body).toBe(200);
}

const resultsOf = async (as: Person, pulse: PulseView) =>
  (await get(as, `/api/v1/pulses/${pulse.id}/results`)).json() as PulseResults;

/** What the server must show for these sheets, worked out independently of the route. */
const expected = (pulse: PulseView, sheets: Values[]) =>
  aggregate(
    pulse.questions as StoredQuestion[],
    sheets.map((values) => sheetOf(pulse, values)),
    { antitrustSafe: false, salt: pulse.id, threshold: pulse.threshold },
  );

const VALUES: Values[] = [
  [0, 4, 12, [0, 1], 'Weekly cash calls'],
  [0, 5, 20, [0], 'Start simple'],
  [1, 2, 8, [2], 'Own the model'],
  [0, 4, 15, [0, 2], 'Reconcile weekly'],
  [2, 3, 30, [1], 'Involve sales'],
  [1, 1, 55, [1, 2], 'Automate the feeds'],
  [2, 5, 3, [0], 'Ask the banks'],
  [0, 3, 9, [2], 'Keep it weekly'],
];

describe('with five answers', () => {
  it('no response, CSV, notification or email ties an answer to a member or dates one', async () => {
    const { circle, asker, peers } = await network('Privacy Five', 8);
    const mailBefore = (await t.outbox()).length;
    const pulse = await ask(asker, circle.id);
    const respondents = peers.slice(0, 5);
    // Odd seconds, so an answer's time cannot hide among the pulse's own round timestamps.
    const answeredAt: string[] = [];
    for (const [index, peer] of respondents.entries()) {
      t.clock.advance(17 * MINUTE + 13_000 + index * 1000);
      answeredAt.push(t.clock.now().toISOString());
      await answer(peer, pulse, VALUES[index] as Values);
    }
    // One edits later, so an edit time exists too.
    t.clock.advance(3 * MINUTE + 7000);
    answeredAt.push(t.clock.now().toISOString());
    await answer(respondents[0] as Person, pulse, [2, 2, 11, [1], 'Weekly cash calls, and a buffer']);
    await post(peers[5] as Person, `/api/v1/pulses/${pulse.id}/decline`);

    const read = async (viewer: Person, closed: boolean) => {
      const seen: { url: string; body: string }[] = [];
      for (const url of [
        `/api/v1/pulses/${pulse.id}`,
        `/api/v1/pulses/${pulse.id}/results`,
        `/api/v1/pulses/${pulse.id}/results?by=companySize`,
        `/api/v1/pulses/${pulse.id}/results?by=region`,
        `/api/v1/pulses/${pulse.id}/results.csv`,
        '/api/v1/me/pulses?box=all',
        '/api/v1/me/pulses?box=answered',
        '/api/v1/me/pulses?box=asked',
        `/api/v1/networks/${circle.id}/pulses`,
        '/api/v1/notifications',
      ]) {
        const response = await get(viewer, url);
        if (response.statusCode !== 200) continue;
        // Notices of members joining name them, and rightly; only what concerns pulses is searched.
        const body = url.endsWith('/notifications')
          ? JSON.stringify(
              (response.json().items as { kind: string }[]).filter((item) => item.kind.startsWith('pulse_')),
            )
          : response.body;
        seen.push({ url: `${closed ? 'closed' : 'open'} ${url}`, body });
      }
      return seen;
    };
    const viewers = [asker, admin, ...peers];
    const seen = [];
    for (const viewer of viewers) seen.push(...(await read(viewer, false)).map((item) => ({ ...item, viewer })));
    t.clock.advance(48 * HOUR);
    await t.runJobs();
    for (const viewer of viewers) seen.push(...(await read(viewer, true)).map((item) => ({ ...item, viewer })));
    const mail = (await t.outbox()).slice(0, (await t.outbox()).length - mailBefore);
    expect(mail.length).toBeGreaterThan(0);
    for (const message of mail)
      seen.push({
        url: `mail to ${message.to}`,
        body: [message.subject, message.text, message.html].join('\n'),
        viewer: asker,
      });

    for (const { url, body, viewer } of seen) {
      for (const peer of respondents) {
        if (peer === viewer || url.startsWith(`mail to ${peer.email}`)) continue;
        expect(body, url).not.toContain(peer.me.id);
        expect(body, url).not.toContain(peer.email);
        expect(body, url).not.toContain(peer.me.name);
      }
      // The asker is told of the first answer and of the threshold; nothing else carries an answer's time.
      const toldAsker = viewer === asker && url.endsWith('/api/v1/notifications');
      for (const [index, at] of answeredAt.entries())
        if (!(toldAsker && (index === 0 || index === 4)))
          expect(body, `${url} dates answer ${index}`).not.toContain(at);
    }
    const csv = (await get(asker, `/api/v1/pulses/${pulse.id}/results.csv`)).body;
    expect(csv.split('\n')[0]).toBe('question,type,item,count,percent,value');
    expect(csv).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    // After the deadline even the member who declined sees the five in aggregate; the one edit
    // alone is held back, since showing it would show what one member changed.
    expect(await resultsOf(peers[5] as Person, pulse)).toMatchObject({
      responseCount: 5,
      includedCount: 5,
      questions: expected(pulse, VALUES.slice(0, 5)),
    });
  });
});

describe('editing an answer after seeing the results (audit finding 3)', () => {
  it('holds one edit back, and shows edits once the threshold of members have changed theirs', async () => {
    const { circle, asker, peers } = await network('Privacy Edit', 9);
    const pulse = await ask(asker, circle.id);
    for (const [index, peer] of peers.slice(0, 6).entries()) await answer(peer, pulse, VALUES[index] as Values);
    const editor = peers[2] as Person;
    const before = await resultsOf(editor, pulse);
    expect(before).toMatchObject({ responseCount: 6, includedCount: 5 });
    expect(before.questions).toEqual(expected(pulse, VALUES.slice(0, 5)));

    const edited: Values = [2, 5, 31, [0, 1, 2], 'Own the model, and the data'];
    await answer(editor, pulse, edited);
    for (const viewer of [editor, asker]) expect((await resultsOf(viewer, pulse)).questions).toEqual(before.questions);

    // Three more members change theirs: with the sixth answer, still waiting, five have changed,
    // and all five changes show at once.
    const changed = VALUES.slice(0, 6).map((values) => [...values] as Values);
    changed[2] = edited;
    for (const index of [0, 1, 3]) {
      const values: Values = [2, 1, 40 + index, [1], `Changed ${index}`];
      changed[index] = values;
      await answer(peers[index] as Person, pulse, values);
      const results = await resultsOf(asker, pulse);
      if (index !== 3) expect(results.questions, `after ${index}`).toEqual(before.questions);
      else expect(results).toMatchObject({ includedCount: 6, questions: expected(pulse, changed) });
    }
  });
});

describe('closing and re-opening (audit finding 1)', () => {
  it('never shows a single answer at a close: what is below a batch is held back and said so, across re-opens', async () => {
    const { circle, asker, peers } = await network('Privacy Close', 12);
    const pulse = await ask(asker, circle.id, { anonymous: false });
    for (const [index, values] of VALUES.slice(0, 5).entries()) await answer(peers[index] as Person, pulse, values);
    const shown = await resultsOf(asker, pulse);
    expect(shown).toMatchObject({ responseCount: 5, includedCount: 5 });
    const nextCloses = () => new Date(t.clock.now().getTime() + 24 * HOUR).toISOString();

    for (const [round, index] of [5, 6, 7].entries()) {
      await answer(peers[index] as Person, pulse, VALUES[index] as Values);
      expect((await post(asker, `/api/v1/pulses/${pulse.id}/close`)).statusCode).toBe(200);
      const closed = await resultsOf(asker, pulse);
      expect(closed, `close ${round + 1}`).toMatchObject({ responseCount: 6 + round, includedCount: 5 });
      expect(closed.questions).toEqual(shown.questions);
      // The named respondents list grows by one; the results it could be matched with do not move.
      expect(closed.respondents).toHaveLength(6 + round);
      const csv = (await get(asker, `/api/v1/pulses/${pulse.id}/results.csv`)).body;
      expect(csv).toContain(`results from 5 of ${6 + round} answers`);
      expect((await post(asker, `/api/v1/pulses/${pulse.id}/reopen`, { closesAt: nextCloses() })).statusCode).toBe(200);
    }
    const [summary] = (
      (await get(asker, '/api/v1/notifications')).json().items as { kind: string; title: string }[]
    ).filter((item) => item.kind === 'pulse_closed');
    expect(summary?.title).toContain('results from 5');
    // Two more make five new answers since the batch shown: all show together.
    for (const index of [8, 9]) await answer(peers[index] as Person, pulse, [1, 3, 12, [0], 'More']);
    expect(await resultsOf(asker, pulse)).toMatchObject({ responseCount: 10, includedCount: 10 });
  });
});

describe('hiding and showing a pulse again (audit finding 2)', () => {
  it('shows a facilitator who asked the same published results while hidden as before and after', async () => {
    const { circle, peers } = await network('Privacy Hide', 9);
    // The host admin facilitates the network and asks.
    const pulse = await ask(admin, circle.id);
    for (const [index, values] of VALUES.slice(0, 7).entries()) await answer(peers[index] as Person, pulse, values);
    const before = await resultsOf(admin, pulse);
    expect(before).toMatchObject({ responseCount: 7, includedCount: 5 });
    expect(
      (await post(admin, `/api/v1/pulses/${pulse.id}/moderation`, { action: 'hide', reason: 'Check wording' }))
        .statusCode,
    ).toBe(200);
    const hidden = await resultsOf(admin, pulse);
    expect(hidden).toMatchObject({ responseCount: 7, includedCount: 5 });
    expect(hidden.questions).toEqual(before.questions);
    expect((await post(admin, `/api/v1/pulses/${pulse.id}/moderation`, { action: 'unhide' })).statusCode).toBe(200);
    expect((await resultsOf(admin, pulse)).questions).toEqual(before.questions);
  });
});

describe('the results CSV (audit finding 5)', () => {
  it('neutralises cells a spreadsheet would run as a formula', async () => {
    const { circle, asker, peers } = await network('Privacy Csv', 6);
    const pulse = await ask(asker, circle.id, {
      threshold: 3,
      questions: [
        { type: 'single_choice', prompt: '=HYPERLINK("http://evil.example","click")', options: ['+1', '@SUM(A1)'] },
        { type: 'text', prompt: '-Tips' },
      ],
    });
    for (const peer of peers.slice(0, 3))
      await post(peer, `/api/v1/pulses/${pulse.id}/responses`, {
        answers: [
          { questionId: pulse.questions[0]?.id, value: 0 },
          { questionId: pulse.questions[1]?.id, value: '=cmd|"/c calc"!A1' },
        ],
      });
    const csv = (await get(asker, `/api/v1/pulses/${pulse.id}/results.csv`)).body;
    const cells = csv
      .split('\n')
      .slice(1)
      .flatMap((line) => line.split(','))
      .map((cell) => cell.replace(/^"/, ''));
    for (const cell of cells) expect(cell, csv).not.toMatch(/^[=+\-@]/);
    expect(csv).toContain("'=HYPERLINK");
    expect(csv).toContain("'=cmd|");
    expect(csv).toContain("'+1");
    expect(csv).toContain("'@SUM(A1)");
  });
});

describe('watching the results while answers arrive one by one', () => {
  it('never shows a single new answer: the results move only when a whole step of the threshold completes', async () => {
    const { circle, asker, peers } = await network('Privacy Watch', 10);
    const pulse = await ask(asker, circle.id, { threshold: 3 });
    const watcher = peers[0] as Person;
    let shown: PulseResults['questions'];
    for (const [index, values] of VALUES.entries()) {
      t.clock.advance(10 * MINUTE);
      await answer(peers[index] as Person, pulse, values);
      const count = index + 1;
      for (const viewer of [asker, watcher]) {
        const results = await resultsOf(viewer, pulse);
        expect(results.responseCount).toBe(count);
        if (count < 3) {
          expect(results).toMatchObject({ visible: false });
          expect(results.questions).toBeUndefined();
          continue;
        }
        const included = Math.floor(count / 3) * 3;
        expect(results).toMatchObject({ visible: true, includedCount: included });
        expect(results.questions, `${count} answers`).toEqual(expected(pulse, VALUES.slice(0, included)));
        if (count % 3 !== 0) expect(results.questions).toEqual(shown);
      }
      shown = (await resultsOf(asker, pulse)).questions;
    }
  });

  it('counts the next batch across a close and a re-open, from what was shown', async () => {
    const { circle, asker, peers } = await network('Privacy Reopen', 10);
    const pulse = await ask(asker, circle.id, { threshold: 3 });
    for (const [index, values] of VALUES.slice(0, 5).entries()) await answer(peers[index] as Person, pulse, values);
    await post(asker, `/api/v1/pulses/${pulse.id}/close`);
    const closed = await resultsOf(peers[0] as Person, pulse);
    expect(closed).toMatchObject({ responseCount: 5, includedCount: 3 });
    const reopened = await post(asker, `/api/v1/pulses/${pulse.id}/reopen`, {
      closesAt: new Date(t.clock.now().getTime() + 24 * HOUR).toISOString(),
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    for (const [index, values] of VALUES.slice(5, 8).entries()) {
      await answer(peers[5 + index] as Person, pulse, values);
      const results = await resultsOf(asker, pulse);
      const count = 6 + index;
      // Three were shown, two wait; the sixth completes the next batch of three.
      expect(results.includedCount, `${count} answers`).toBe(6);
      expect(results.questions).toEqual(expected(pulse, VALUES.slice(0, 6)));
    }
  });
});

describe('a pulse that is not anonymous', () => {
  it('shows the asker who answered, alphabetically, and never what', async () => {
    const { circle, asker, peers } = await network('Privacy Named', 8);
    const pulse = await ask(asker, circle.id, { anonymous: false, threshold: 3 });
    expect(pulse.anonymous).toBe(false);
    const answering = [peers[4], peers[1], peers[3]] as Person[];
    for (const [index, peer] of answering.entries()) await answer(peer, pulse, VALUES[index] as Values);
    const results = await resultsOf(asker, pulse);
    const names = answering.map((peer) => peer.me.name);
    expect(results.respondents).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const { respondents: _names, ...rest } = results;
    const body = JSON.stringify(rest);
    for (const peer of peers) {
      expect(body).not.toContain(peer.me.name);
      expect(body).not.toContain(peer.me.id);
    }
    // Only the asker learns who answered.
    expect(await resultsOf(answering[0] as Person, pulse)).not.toHaveProperty('respondents');
    expect((await get(asker, `/api/v1/pulses/${pulse.id}/results.csv`)).body).not.toContain(peers[4]?.me.name);
    // An anonymous pulse names nobody, to the asker either.
    const anonymous = await ask(asker, circle.id, { threshold: 3 });
    await answer(peers[0] as Person, anonymous, VALUES[0] as Values);
    expect(await resultsOf(asker, anonymous)).not.toHaveProperty('respondents');
  });
});

describe('declining', () => {
  it('keeps the counts honest: a decline is counted once, never as an answer, and undone by answering', async () => {
    const { circle, asker, peers } = await network('Privacy Decline', 7);
    const pulse = await ask(asker, circle.id, { threshold: 3 });
    const [decliner, changesMind, answerer] = peers as [Person, Person, Person];
    const viewOf = async (as: Person) => (await get(as, `/api/v1/pulses/${pulse.id}`)).json() as PulseView;

    expect((await post(decliner, `/api/v1/pulses/${pulse.id}/decline`)).json()).toMatchObject({
      declinedCount: 1,
      responseCount: 0,
      viewer: { state: 'declined' },
      abilities: { decline: false, answer: true, viewResults: false },
    });
    const twice = await post(decliner, `/api/v1/pulses/${pulse.id}/decline`);
    expect(twice.statusCode).toBe(403);
    await post(changesMind, `/api/v1/pulses/${pulse.id}/decline`);
    await answer(answerer, pulse, VALUES[0] as Values);
    expect((await post(answerer, `/api/v1/pulses/${pulse.id}/decline`)).statusCode).toBe(403);
    expect(await viewOf(asker)).toMatchObject({ audienceSize: 6, responseCount: 1, declinedCount: 2 });

    await answer(changesMind, pulse, VALUES[1] as Values);
    expect(await viewOf(asker)).toMatchObject({ audienceSize: 6, responseCount: 2, declinedCount: 1 });
    expect(await resultsOf(asker, pulse)).toMatchObject({ responseCount: 2, visible: false });

    t.clock.advance(48 * HOUR);
    await t.runJobs();
    const [summary] = (await get(asker, '/api/v1/notifications')).json().items as { kind: string; title: string }[];
    expect(summary).toMatchObject({ kind: 'pulse_closed', title: expect.stringContaining('2 of 6 answers') });
    const [mail] = await t.outbox(asker.email);
    expect(mail?.text).toContain('2 answered, 1 declined, 3 did not answer');
    expect(await viewOf(decliner)).toMatchObject({ status: 'closed', viewer: { state: 'declined' } });
  });
});

describe('who is asked', () => {
  it('leaves out the asker’s own company always and declared competitors when the asker wants', async () => {
    const { circle, asker, peers } = await network('Privacy Conflicts', 8);
    const [colleague, competitor, subsidiary, peer] = peers as [Person, Person, Person, Person];
    await setProfile(t, asker, { company: 'Acme GmbH', competitors: ['Globex Corporation', 'Initech'] });
    await setProfile(t, colleague, { company: 'ACME' });
    await setProfile(t, competitor, { company: 'Globex Corp.' });
    await setProfile(t, subsidiary, { company: 'Acme Logistics' });
    await setProfile(t, peer, { company: 'Umbrella plc' });

    const plain = await ask(asker, circle.id, { threshold: 3 });
    const screened = await ask(asker, circle.id, { threshold: 3, excludeCompetitors: true });
    // Six asked: everyone but the asker and the colleague; then the competitor is left out too.
    expect(plain.audienceSize).toBe(6);
    expect(screened.audienceSize).toBe(5);
    const status = async (as: Person, pulse: PulseView) => (await get(as, `/api/v1/pulses/${pulse.id}`)).statusCode;
    expect([await status(colleague, plain), await status(colleague, screened)]).toEqual([404, 404]);
    expect([await status(competitor, plain), await status(competitor, screened)]).toEqual([200, 404]);
    expect([await status(subsidiary, screened), await status(peer, screened)]).toEqual([200, 200]);
    const waitingFor = async (as: Person) =>
      ((await get(as, '/api/v1/notifications')).json().items as { kind: string; url: string }[])
        .filter((item) => item.kind === 'pulse_waiting')
        .map((item) => item.url);
    expect(await waitingFor(colleague)).toEqual([]);
    expect(await waitingFor(competitor)).toEqual([`/pulses/${plain.id}`]);
    // The asker's declared competitors are private: nothing the competitor reads names them.
    expect((await get(competitor, `/api/v1/pulses/${plain.id}`)).body).not.toContain('Globex');
  });
});
