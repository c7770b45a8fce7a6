import type { NetworkView } from '@roundtable/contract/networks';
import type { PulseResults, PulseView } from '@roundtable/contract/pulses';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, sessionCookie, type TestApp } from '../../test/app.js';
import { HOUR } from '../../test/clock.js';
import { createNetwork, joinNetwork, setProfile } from '../../test/networks.js';

/**
 * The pulse promise as a property, through the routes: over random sequences of answers, edits,
 * declines, closes (early and at the deadline), re-opens, extensions, hides and unhides, every
 * results page, CSV and breakdown the asker, a respondent, a facilitator and a host admin can
 * read is recorded after every action, and no question's shown results ever differ from the
 * last ones seen by a change fewer than the threshold of respondents made.
 * (docs/confidentiality.md, "A member's pulse answer")
 */
let t: TestApp;
let admin: Person;
let facilitator: Person;
let asker: Person;
let peers: Person[];
let circle: NetworkView;

const SIZES = ['1-10', '11-50', '51-200'];
/** Deadlines move the test clock by days; everyone signs in again before their sessions lapse. */
let signedInAt = 0;
async function keepSignedIn(): Promise<void> {
  if (t.clock.now().getTime() - signedInAt < 300 * 24 * HOUR) return;
  for (const person of [admin, facilitator, asker, ...peers]) {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: person.email, password: person.password },
    });
    person.cookie = sessionCookie(response);
  }
  signedInAt = t.clock.now().getTime();
}

beforeAll(async () => {
  t = await buildTestApp({ env: { SESSION_DAYS: '365' } });
  admin = await t.admin();
  circle = await createNetwork(t, admin, { name: 'Property Circle' });
  asker = await t.member('Asker Property');
  facilitator = await t.member('Facilitator Property');
  await joinNetwork(t, asker, circle);
  await joinNetwork(t, facilitator, circle);
  const made = await t.request({
    method: 'POST',
    url: `/api/v1/networks/${circle.id}/facilitators`,
    as: admin,
    payload: { memberId: facilitator.me.id },
  });
  expect([200, 201, 204], made.body).toContain(made.statusCode);
  peers = [];
  for (let index = 0; index < 8; index += 1) {
    const peer = await t.member(`Peer Property ${index}`);
    await joinNetwork(t, peer, circle);
    await setProfile(t, peer, { companySize: SIZES[index % SIZES.length] });
    peers.push(peer);
  }
  signedInAt = t.clock.now().getTime();
}, 60_000);
afterAll(() => t.close());

const QUESTIONS = [
  { type: 'single_choice', prompt: 'Do you run a 13-week forecast?', options: ['Yes', 'No', 'Planning to'] },
  { type: 'scale', prompt: 'How confident?', min: 1, max: 5 },
  { type: 'number', prompt: 'Finance team size', unit: 'people', min: 0 },
  { type: 'text', prompt: 'One tip' },
];
type Sheet = [number, number, number, string];
const sheetArb: fc.Arbitrary<Sheet> = fc.tuple(
  fc.integer({ min: 0, max: 2 }),
  fc.integer({ min: 1, max: 5 }),
  fc.integer({ min: 0, max: 40 }),
  fc.constantFrom('Weekly', 'Monthly', 'Ask the bank', 'Keep it simple'),
);
const actionArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('answer' as const), who: fc.nat(7), sheet: sheetArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('decline' as const), who: fc.nat(7) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('profile' as const), who: fc.nat(7), size: fc.nat(2) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('close' as const, 'deadline' as const, 'reopen' as const, 'extend' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('hide' as const, 'unhide' as const) }) },
);
type Action = typeof actionArb extends fc.Arbitrary<infer A> ? A : never;

/** Does the action; answers whether the server took it. */
async function act(pulse: PulseView, action: Action): Promise<boolean> {
  const post = (as: Person, url: string, payload?: Record<string, unknown>) =>
    t.request({ method: 'POST', url: `/api/v1/pulses/${pulse.id}${url}`, as, ...(payload ? { payload } : {}) });
  const inADay = () => new Date(t.clock.now().getTime() + 24 * HOUR).toISOString();
  switch (action.kind) {
    case 'answer': {
      const answers = action.sheet.map((value, index) => ({ questionId: pulse.questions[index]?.id, value }));
      return (await post(peers[action.who] as Person, '/responses', { answers })).statusCode === 200;
    }
    case 'decline':
      await post(peers[action.who] as Person, '/decline');
      return true;
    case 'profile':
      await setProfile(t, peers[action.who] as Person, { companySize: SIZES[action.size] });
      return true;
    case 'close':
      await post(asker, '/close');
      return true;
    case 'deadline':
      t.clock.advance(49 * HOUR);
      await t.runJobs();
      return true;
    case 'reopen':
      await post(asker, '/reopen', { closesAt: inADay() });
      return true;
    case 'extend':
      await post(asker, '/extend', { closesAt: new Date(t.clock.now().getTime() + 60 * HOUR).toISOString() });
      return true;
    case 'hide':
      await post(facilitator, '/moderation', { action: 'hide', reason: 'Check the wording' });
      return true;
    case 'unhide':
      await post(facilitator, '/moderation', { action: 'unhide' });
  }
  return true;
}

/** Every view of the results anyone may read now, as text per question, plus the breakdowns. */
async function observe(pulse: PulseView): Promise<{ perQuestion: string[][]; breakdowns: string[]; csv: string[] }> {
  const perQuestion: string[][] = QUESTIONS.map(() => []);
  const breakdowns: string[] = [];
  const csv: string[] = [];
  for (const viewer of [asker, facilitator, admin, peers[0] as Person]) {
    const results = await t.request({ method: 'GET', url: `/api/v1/pulses/${pulse.id}/results`, as: viewer });
    if (results.statusCode === 200) {
      const body = results.json() as PulseResults;
      QUESTIONS.forEach((_, index) => {
        perQuestion[index]?.push(JSON.stringify(body.questions?.[index] ?? null));
      });
    }
    const sheet = await t.request({ method: 'GET', url: `/api/v1/pulses/${pulse.id}/results.csv`, as: viewer });
    if (sheet.statusCode === 200) csv.push(sheet.body.split('\n').slice(1).join('\n'));
  }
  const broken = await t.request({
    method: 'GET',
    url: `/api/v1/pulses/${pulse.id}/results?by=companySize`,
    as: asker,
  });
  if (broken.statusCode === 200) breakdowns.push(JSON.stringify((broken.json() as PulseResults).breakdown));
  return { perQuestion, breakdowns, csv };
}

describe('a member’s pulse answer, over random sequences of actions', () => {
  it('is never told apart: results move only by a batch of at least the threshold of changed respondents', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 4 }),
        fc.array(actionArb, { minLength: 1, maxLength: 14 }),
        async (threshold, actions) => {
          runs += 1;
          await keepSignedIn();
          const asked = await t.request({
            method: 'POST',
            url: `/api/v1/networks/${circle.id}/pulses`,
            as: asker,
            payload: {
              title: `Property ${runs}`,
              context: '',
              questions: QUESTIONS,
              threshold,
              anonymous: runs % 2 === 0,
            },
          });
          expect(asked.statusCode, asked.body).toBe(201);
          const pulse = asked.json() as PulseView;
          const answers = new Map<number, Sheet>();
          let seenAt: Map<number, Sheet>[] = QUESTIONS.map(() => new Map());
          let seen: (string | undefined)[] = QUESTIONS.map(() => undefined);
          let breakdown: string | undefined;
          for (const action of actions) {
            const taken = await act(pulse, action);
            if (action.kind === 'answer' && taken) answers.set(action.who, action.sheet);
            const now = await observe(pulse);
            QUESTIONS.forEach((_, index) => {
              const views = now.perQuestion[index] ?? [];
              // Whoever may read the results reads the same thing.
              expect(new Set(views).size, `question ${index}: views differ`).toBeLessThanOrEqual(1);
              const shown = views[0];
              if (shown === undefined) return;
              const before = seen[index];
              if (before !== undefined && before !== shown) {
                const movers = [...answers].filter(
                  ([who, sheet]) => seenAt[index]?.get(who)?.[index] !== sheet[index],
                ).length;
                expect(movers, `question ${index} moved after ${JSON.stringify(action)}`).toBeGreaterThanOrEqual(
                  threshold,
                );
              }
              if (before !== shown) {
                seen[index] = shown;
                // Results not yet shown ("null") are explained by nobody's answer.
                const explainedBy = shown === 'null' ? new Map<number, Sheet>() : new Map(answers);
                seenAt = seenAt.map((map, q) => (q === index ? explainedBy : map));
              }
            });
            expect(new Set(now.csv).size, 'every CSV is the same').toBeLessThanOrEqual(1);
            for (const shown of now.breakdowns) {
              breakdown ??= shown;
              expect(shown, 'a breakdown never moves once shown').toBe(breakdown);
            }
          }
          // What is held back is said: the count of answers included never exceeds the answers.
          const final = await t.request({ method: 'GET', url: `/api/v1/pulses/${pulse.id}/results`, as: asker });
          const results = final.json() as PulseResults;
          expect(results.includedCount ?? 0).toBeLessThanOrEqual(results.responseCount);
          seen = [];
        },
      ),
      // PostgreSQL answers each request more slowly; it runs fewer sequences of the same kind.
      { numRuns: Number(process.env.PROPERTY_RUNS ?? (process.env.TEST_DIALECT === 'postgres' ? 25 : 100)) },
    );
  }, 120_000);
});
