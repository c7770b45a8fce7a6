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
    { antitrustSafe: false, salt: pulse.id },
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
    // After the deadline even the member who declined sees every answer in aggregate, the edit included.
    expect((await resultsOf(peers[5] as Person, pulse)).questions).toEqual(
      expected(pulse, [[2, 2, 11, [1], 'Weekly cash calls, and a buffer'], ...VALUES.slice(1, 5)]),
    );
  });
});

describe('editing an answer after seeing the results', () => {
  it('changes the results by the editor’s own change and nothing more', async () => {
    const { circle, asker, peers } = await network('Privacy Edit', 9);
    const pulse = await ask(asker, circle.id);
    for (const [index, peer] of peers.slice(0, 6).entries()) await answer(peer, pulse, VALUES[index] as Values);
    const editor = peers[2] as Person;
    const before = await resultsOf(editor, pulse);
    expect(before).toMatchObject({ responseCount: 6, includedCount: 5 });
    expect(before.questions).toEqual(expected(pulse, VALUES.slice(0, 5)));

    const edited: Values = [2, 5, 31, [0, 1, 2], 'Own the model, and the data'];
    await answer(editor, pulse, edited);
    const after = await resultsOf(editor, pulse);
    const withEdit = VALUES.slice(0, 5).map((values, index) => (index === 2 ? edited : values));
    expect(after.questions).toEqual(expected(pulse, withEdit));
    expect(after).toMatchObject({ responseCount: 6, includedCount: 5 });
    // Choice counts move by exactly the editor's one answer.
    const counts = (results: PulseResults) => results.questions?.[0]?.options?.map((option) => option.count);
    expect(counts(before)).toEqual([3, 1, 1]);
    expect(counts(after)).toEqual([3, 0, 2]);

    // The sixth answer, outside the shown step, changes nothing when its writer edits it either.
    const sixth = peers[5] as Person;
    const seenBySixth = await resultsOf(sixth, pulse);
    await answer(sixth, pulse, [0, 5, 999, [0], 'Changed my mind']);
    expect((await resultsOf(sixth, pulse)).questions).toEqual(seenBySixth.questions);
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

  it('keeps the steps after a re-open, counted from what the closed pulse showed', async () => {
    const { circle, asker, peers } = await network('Privacy Reopen', 10);
    const pulse = await ask(asker, circle.id, { threshold: 3 });
    for (const [index, values] of VALUES.slice(0, 5).entries()) await answer(peers[index] as Person, pulse, values);
    await post(asker, `/api/v1/pulses/${pulse.id}/close`);
    const closed = await resultsOf(peers[0] as Person, pulse);
    expect(closed).toMatchObject({ responseCount: 5, includedCount: 5 });
    const reopened = await post(asker, `/api/v1/pulses/${pulse.id}/reopen`, {
      closesAt: new Date(t.clock.now().getTime() + 24 * HOUR).toISOString(),
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    for (const [index, values] of VALUES.slice(5, 8).entries()) {
      await answer(peers[5 + index] as Person, pulse, values);
      const results = await resultsOf(asker, pulse);
      const count = 6 + index;
      // Five were shown at the close; the next step shows at eight, never at six.
      expect(results.includedCount, `${count} answers`).toBe(count < 8 ? 5 : 8);
      expect(results.questions).toEqual(expected(pulse, VALUES.slice(0, results.includedCount)));
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
