import type { NetworkView } from '@roundtable/contract/networks';
import type { PulseView } from '@roundtable/contract/pulses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { DAY, HOUR, MINUTE } from '../../test/clock.js';
import { createNetwork, joinNetwork } from '../../test/networks.js';

/**
 * Bad input the generated cases in routes.test.ts cannot know about: each question type's wrong
 * shapes, deadlines and thresholds out of bounds, networks the asker does not belong to, answers
 * that do not fit their question, deadlines moved the wrong way. Each answers a 4xx in the error
 * shape naming the field, and writes nothing.
 */
let t: TestApp;
let admin: Person;
let circle: NetworkView;
let elsewhere: NetworkView;
let asker: Person;
let peer: Person;
let pulse: PulseView;

const QUESTIONS = [
  { type: 'single_choice', prompt: 'Do you run a 13-week cash forecast?', options: ['Yes', 'No', 'Planning to'] },
  { type: 'multiple_choice', prompt: 'Which tools do you use?', options: ['Excel', 'Anaplan', 'Adaptive'] },
  { type: 'scale', prompt: 'How confident are you in it?', max: 5 },
  { type: 'number', prompt: 'How many people in finance?', unit: 'people', min: 0, max: 500 },
  { type: 'text', prompt: 'One tip for peers' },
];

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.admin();
  circle = await createNetwork(t, admin, { name: 'Input Circle' });
  elsewhere = await createNetwork(t, admin, { name: 'Input Elsewhere' });
  asker = await t.member('Asha Asker');
  await joinNetwork(t, asker, circle);
  peer = await t.member('Pat Peer');
  await joinNetwork(t, peer, circle);
  for (const name of ['Kim', 'Lou', 'Max', 'Ned']) await joinNetwork(t, await t.member(`${name} Peer`), circle);
  pulse = await created(body());
});
afterAll(() => t.close());

const body = (overrides: Record<string, unknown> = {}) => ({
  title: 'Cash forecasting in practice',
  context: 'Board asks whether we are behind our peers.',
  questions: QUESTIONS,
  ...overrides,
});

async function created(payload: Record<string, unknown>): Promise<PulseView> {
  const response = await t.request({ method: 'POST', url: `/api/v1/networks/${circle.id}/pulses`, as: asker, payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const fromNow = (ms: number) => new Date(t.clock.now().getTime() + ms).toISOString();

/** The call fails with `status` and `code`, names `path` (and `message` if given), and writes nothing. */
async function refused(
  call: () => Promise<{ statusCode: number; body: string; json(): unknown }>,
  expected: { path: string; status?: number; code?: string; message?: string },
) {
  const before = await t.rowCounts();
  const response = await call();
  expect(response.statusCode, response.body).toBe(expected.status ?? 400);
  const { error } = response.json() as { error: { code: string; message: string; details?: { path: string }[] } };
  expect(Object.keys(response.json() as object)).toEqual(['error']);
  expect(error.code).toBe(expected.code ?? 'validation_failed');
  expect(
    error.details?.map((detail) => detail.path),
    response.body,
  ).toContain(expected.path);
  if (expected.message) expect(error.message).toContain(expected.message);
  expect(await t.rowCounts()).toEqual(before);
}

const ask = (payload: Record<string, unknown>) => () =>
  t.request({ method: 'POST', url: `/api/v1/networks/${circle.id}/pulses`, as: asker, payload });
const questionsWith = (question: Record<string, unknown>) => body({ questions: [question] });

describe('asking', () => {
  it.each([
    ['a single choice without options', { type: 'single_choice', prompt: 'Which?' }, '/questions/0/options'],
    [
      'a multiple choice with one option',
      { type: 'multiple_choice', prompt: 'Which?', options: ['Only'] },
      '/questions/0/options',
    ],
    [
      'a choice listing an option twice',
      { type: 'single_choice', prompt: 'Which?', options: ['Yes', ' yes '] },
      '/questions/0/options',
    ],
    ['options on a scale', { type: 'scale', prompt: 'How much?', options: ['Low', 'High'] }, '/questions/0/options'],
    ['options on a number', { type: 'number', prompt: 'How many?', options: ['1', '2'] }, '/questions/0/options'],
    ['a scale up to 7', { type: 'scale', prompt: 'How much?', max: 7 }, '/questions/0/max'],
    ['a scale from 0', { type: 'scale', prompt: 'How much?', min: 0, max: 10 }, '/questions/0/max'],
    [
      'a number whose lowest equals its highest',
      { type: 'number', prompt: 'How many?', min: 5, max: 5 },
      '/questions/0/min',
    ],
    [
      'a number whose lowest is above its highest',
      { type: 'number', prompt: 'How many?', min: 10, max: 1 },
      '/questions/0/min',
    ],
    ['bounds on a text', { type: 'text', prompt: 'Why?', min: 1 }, '/questions/0/min'],
    ['a blank prompt', { type: 'text', prompt: '   ' }, '/questions/0/prompt'],
    ['an unknown type', { type: 'ranking', prompt: 'Rank these' }, '/questions/0/type'],
    [
      'eleven options',
      { type: 'single_choice', prompt: 'Which?', options: Array.from({ length: 11 }, (_, i) => `O${i}`) },
      '/questions/0/options',
    ],
  ])('refuses %s', async (_label, question, path) => {
    await refused(ask(questionsWith(question)), { path });
  });

  it('refuses eleven questions and none', async () => {
    const eleven = Array.from({ length: 11 }, (_, index) => ({ type: 'text', prompt: `Question ${index + 1}` }));
    await refused(ask(body({ questions: eleven })), { path: '/questions' });
    await refused(ask(body({ questions: [] })), { path: '/questions' });
  });

  it('names the question by its place when a later one is wrong', async () => {
    const response = await ask(
      body({ questions: [...QUESTIONS.slice(0, 2), { type: 'scale', prompt: 'Hm', max: 7 }] }),
    )();
    expect(response.json().error).toMatchObject({ message: expect.stringContaining('Question 3') });
    await refused(ask(body({ questions: [...QUESTIONS.slice(0, 2), { type: 'scale', prompt: 'Hm', max: 7 }] })), {
      path: '/questions/2/max',
    });
  });

  it.each([
    ['half an hour away', 30 * MINUTE],
    ['in the past', -HOUR],
    ['a minute over 14 days away', 14 * DAY + 2 * MINUTE],
    ['a month away', 30 * DAY],
  ])('refuses a deadline %s', async (_label, ms) => {
    await refused(ask(body({ closesAt: fromNow(ms) })), { path: '/closesAt' });
  });

  it('takes a deadline of exactly one hour and of exactly 14 days', async () => {
    expect((await created(body({ closesAt: fromNow(HOUR) }))).closesAt).toBe(fromNow(HOUR));
    expect((await created(body({ closesAt: fromNow(14 * DAY) }))).closesAt).toBe(fromNow(14 * DAY));
  });

  it('refuses a threshold of 2, and one above the audience', async () => {
    await refused(ask(body({ threshold: 2 })), { path: '/threshold' });
    await refused(ask(body({ threshold: 50 })), { path: '/audience', message: 'results need at least 50' });
  });

  it('refuses the antitrust-safe mode with a threshold of 3 or 4', async () => {
    await refused(ask(body({ antitrustSafe: true, threshold: 3 })), { path: '/threshold', message: 'five answers' });
    await refused(ask(body({ antitrustSafe: true, threshold: 4 })), { path: '/threshold' });
  });

  it('refuses to also ask a network the asker does not belong to, or one that does not exist', async () => {
    await refused(ask(body({ alsoNetworkIds: [elsewhere.id] })), { path: '/alsoNetworkIds/0' });
    await refused(ask(body({ alsoNetworkIds: [circle.id, '00000000-0000-4000-8000-000000000000'] })), {
      path: '/alsoNetworkIds/1',
    });
  });

  it('refuses an audience filter with an unknown value or an empty list', async () => {
    await refused(ask(body({ audience: { companySizes: ['huge'] } })), { path: '/audience/companySizes/0' });
    await refused(ask(body({ audience: { regions: [] } })), { path: '/audience/regions' });
  });
});

describe('answering', () => {
  const answer = (answers: unknown[]) => () =>
    t.request({ method: 'POST', url: `/api/v1/pulses/${pulse.id}/responses`, as: peer, payload: { answers } });
  const id = (index: number) => pulse.questions[index]?.id ?? '';
  const prompt = (index: number) => QUESTIONS[index]?.prompt ?? '';

  it('refuses an answer to a question the pulse does not have', async () => {
    await refused(answer([{ questionId: '00000000-0000-4000-8000-000000000000', value: 1 }]), {
      path: '/answers/0/questionId',
      message: 'not part of this pulse',
    });
  });

  it('refuses a question answered twice, naming it', async () => {
    await refused(
      answer([
        { questionId: id(0), value: 0 },
        { questionId: id(0), value: 1 },
      ]),
      { path: '/answers/1/questionId', message: prompt(0) },
    );
  });

  it.each([
    ['an index past the options', 0, 3],
    ['a negative index', 0, -1],
    ['a fractional index', 0, 1.5],
    ['several indexes for one choice', 0, [0, 1]],
    ['a text for a choice', 0, 'Yes'],
    ['no choice at all', 1, []],
    ['an index past the options among several', 1, [0, 3]],
    ['one index, not a list', 1, 0],
    ['a scale value above its top', 2, 6],
    ['a scale value below 1', 2, 0],
    ['a fractional scale value', 2, 3.5],
    ['a text for a scale', 2, 'four'],
    ['a number below its lowest', 3, -1],
    ['a number above its highest', 3, 501],
    ['a list for a number', 3, [1]],
    ['a text for a number', 3, '12'],
    ['an empty text', 4, ''],
    ['a blank text', 4, '   '],
    ['a number for a text', 4, 7],
  ])('refuses %s, naming the question', async (_label, index, value) => {
    // A good answer first (unless the bad one is to the first question), so the path must point past it.
    const answers =
      index === 0
        ? [{ questionId: id(0), value }]
        : [
            { questionId: id(0), value: 0 },
            { questionId: id(index), value },
          ];
    const at = answers.length - 1;
    const expected = Array.isArray(value) && value.some((item) => typeof item === 'number' && item < 0);
    await refused(answer(answers), {
      path: expected ? `/answers/${at}/value/0` : `/answers/${at}/value`,
      message: expected ? undefined : prompt(index),
    });
  });

  it('refuses a text longer than 1,000 characters', async () => {
    await refused(answer([{ questionId: id(4), value: 'x'.repeat(1001) }]), { path: '/answers/0/value' });
  });

  it('refuses no answers at all', async () => {
    await refused(answer([]), { path: '/answers' });
  });
});

describe('moving the deadline', () => {
  const move = (target: PulseView, action: 'extend' | 'reopen', closesAt: string) => () =>
    t.request({ method: 'POST', url: `/api/v1/pulses/${target.id}/${action}`, as: asker, payload: { closesAt } });

  it('refuses to extend to an earlier deadline, or to the same one', async () => {
    const open = await created(body());
    await refused(move(open, 'extend', new Date(Date.parse(open.closesAt) - HOUR).toISOString()), {
      path: '/closesAt',
      message: 'later',
    });
    await refused(move(open, 'extend', open.closesAt), { path: '/closesAt' });
  });

  it('refuses to extend beyond 14 days from when the pulse was asked', async () => {
    const open = await created(body());
    t.clock.advance(2 * HOUR);
    const beyond = new Date(Date.parse(open.createdAt) + 14 * DAY + 2 * MINUTE).toISOString();
    await refused(move(open, 'extend', beyond), { path: '/closesAt' });
    const atMost = new Date(Date.parse(open.createdAt) + 14 * DAY).toISOString();
    const extended = await move(open, 'extend', atMost)();
    expect(extended.statusCode, extended.body).toBe(200);
  });

  it('refuses to re-open for less than an hour, or for more than 14 days', async () => {
    const closing = await created(body());
    const closed = await t.request({ method: 'POST', url: `/api/v1/pulses/${closing.id}/close`, as: asker });
    expect(closed.statusCode).toBe(200);
    await refused(move(closing, 'reopen', fromNow(30 * MINUTE)), { path: '/closesAt' });
    await refused(move(closing, 'reopen', fromNow(-HOUR)), { path: '/closesAt' });
    await refused(move(closing, 'reopen', fromNow(15 * DAY)), { path: '/closesAt' });
  });

  it('refuses a deadline that is not a time', async () => {
    const open = await created(body());
    await refused(move(open, 'extend', 'next tuesday'), { path: '/closesAt' });
  });
});
