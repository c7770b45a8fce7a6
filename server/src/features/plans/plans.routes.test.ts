import { currentInstrument } from '@roundtable/contract/assessments';
import {
  acceptedProposal as accepted,
  type PlanProposalView,
  type PlanReplaceBody,
  type PlanView,
} from '@roundtable/contract/plans';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { DAY, HOUR } from '../../test/clock.js';
import { createNetwork, joinNetwork, setProfile } from '../../test/networks.js';

let t: TestApp;
let admin: Person;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.admin();
});
afterAll(() => t.close());

const instrument = currentInstrument();

/** Every statement at 3, except peer and diversity at the bottom: those are the weakest two. */
const weakPeerAndDiversity = Object.fromEntries(
  instrument.items.map((item) => {
    const weak = item.dimension === 'peer' || item.dimension === 'diversity';
    return [item.id, weak ? (item.reverse ? 5 : 1) : 3];
  }),
);

async function takeNq(as: Person, answers: Record<string, number> = weakPeerAndDiversity) {
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/assessments',
    as,
    payload: { instrumentVersion: 1, answers },
  });
  expect(response.statusCode).toBe(201);
}

const getPlan = async (as: Person): Promise<PlanView> =>
  (await t.request({ method: 'GET', url: '/api/v1/plan', as })).json();

const propose = (as: Person) => t.request({ method: 'GET', url: '/api/v1/plan/proposal', as });

const accept = async (as: Person): Promise<PlanView> => {
  const proposal = (await propose(as)).json() as PlanProposalView;
  const response = await t.request({ method: 'PUT', url: '/api/v1/plan', as, payload: accepted(proposal) });
  expect(response.statusCode).toBe(200);
  return response.json();
};

describe('the proposed plan', () => {
  it('needs an NQ result first', async () => {
    const member = await t.member();
    const response = await propose(member);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toMatch(/Take the NQ/);
    expect(await getPlan(member)).toEqual({ goals: [], progress: { done: 0, total: 0 }, updatedAt: null });
  });

  it('follows the two weakest dimensions and suggests joinable networks in the member’s function', async () => {
    const member = await t.member();
    await setProfile(t, member, { function: 'sales', industry: 'software' });
    const forSales = await createNetwork(t, admin, {
      name: 'Sales Leaders Circle',
      audience: { functions: ['sales'] },
    });
    const joined = await createNetwork(t, admin, { name: 'Already Mine', audience: { functions: ['sales'] } });
    await joinNetwork(t, member, joined);
    await createNetwork(t, admin, {
      name: 'Invite Only Sales',
      joinPolicy: 'invitation',
      audience: { functions: ['sales'] },
    });
    await takeNq(member);

    const response = await propose(member);
    expect(response.statusCode).toBe(200);
    const proposal = response.json() as PlanProposalView;
    expect(proposal.basedOn).toMatchObject({ weakest: ['peer', 'diversity'], overall: expect.any(Number) });
    expect(proposal.goals.map((goal) => goal.dimension)).toEqual(['peer', 'diversity']);
    const [join] = proposal.goals[0]?.actions ?? [];
    expect(join).toMatchObject({
      title: 'Join a network of peers in your function',
      metric: 'networks_joined',
      target: 1,
    });
    const names = join?.networks.map((network) => network.name) ?? [];
    expect(names).toContain(forSales.name);
    expect(names).not.toContain('Already Mine');
    expect(names).not.toContain('Invite Only Sales');
    // The test clock stands at 2026-11-25: the peer goal is 90 days out, joining due in 14.
    expect(proposal.goals[0]?.targetDate).toBe('2027-02-23');
    expect(proposal.goals[0]?.actions[0]?.dueDate).toBe('2026-12-09');
    // Proposing stores nothing.
    expect((await getPlan(member)).goals).toEqual([]);
  });
});

describe('the plan', () => {
  it('is accepted, ticks a tracked action when the member joins a network, and takes manual ticks', async () => {
    const member = await t.member();
    await takeNq(member);
    const plan = await accept(member);
    expect(plan.goals).toHaveLength(2);
    expect(plan.progress).toEqual({ done: 0, total: 6 });
    const join = plan.goals[0]?.actions[0];
    expect(join).toMatchObject({ metric: 'networks_joined', target: 1, progress: 0, done: false, completedBy: null });

    const network = await createNetwork(t, admin, { name: 'Ticking Circle' });
    t.clock.advance(HOUR);
    await joinNetwork(t, member, network);
    const after = await getPlan(member);
    expect(after.goals[0]?.actions[0]).toMatchObject({ progress: 1, done: true, completedBy: 'activity' });
    // The diversity goal's "join a network from other industries" counts the same join.
    expect(after.goals[1]?.actions[0]).toMatchObject({ metric: 'networks_joined', done: true });
    expect(after.progress).toEqual({ done: 2, total: 6 });

    const manual = after.goals[0]?.actions[1];
    const ticked = await t.request({
      method: 'PATCH',
      url: `/api/v1/plan/actions/${manual?.id}`,
      as: member,
      payload: { done: true },
    });
    expect(ticked.statusCode).toBe(200);
    expect(ticked.json()).toMatchObject({ done: true, completedBy: 'member' });
    expect((await getPlan(member)).progress).toEqual({ done: 3, total: 6 });
  });

  it('ticks "answer three pulses" by one for each pulse the member answers, and counts replies and helpful marks', async () => {
    const member = await t.member();
    await takeNq(member);
    const plan = await accept(member);
    const pulses = plan.goals[0]?.actions.find((action) => action.metric === 'pulses_answered');
    expect(pulses).toMatchObject({ target: 3, progress: 0, done: false });

    const network = await createNetwork(t, admin, { name: 'Pulse Tick Circle' });
    await joinNetwork(t, member, network);
    const asker = await t.member();
    await joinNetwork(t, asker, network);
    for (const extra of [await t.member(), await t.member()]) await joinNetwork(t, extra, network);
    const asked = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${network.id}/pulses`,
      as: asker,
      payload: { title: 'Team size', context: '', threshold: 3, questions: [{ type: 'number', prompt: 'How many?' }] },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const pulse = asked.json();
    const answered = await t.request({
      method: 'POST',
      url: `/api/v1/pulses/${pulse.id}/responses`,
      as: member,
      payload: { answers: [{ questionId: pulse.questions[0].id, value: 12 }] },
    });
    expect(answered.statusCode).toBe(200);
    const after = await getPlan(member);
    expect(after.goals[0]?.actions.find((action) => action.metric === 'pulses_answered')).toMatchObject({
      progress: 1,
      done: false,
    });

    const thread = (
      await t.request({
        method: 'POST',
        url: `/api/v1/networks/${network.id}/threads`,
        as: asker,
        payload: { title: 'Cash?', body: 'How?', kind: 'question', anonymous: false },
      })
    ).json();
    const reply = (
      await t.request({
        method: 'POST',
        url: `/api/v1/threads/${thread.id}/replies`,
        as: member,
        payload: { body: 'Weekly.', anonymous: true },
      })
    ).json();
    await t.request({ method: 'POST', url: `/api/v1/replies/${reply.id}/helpful`, as: asker });
    const signals = (await t.request({ method: 'GET', url: '/api/v1/activity', as: member })).json();
    const reciprocity = signals.dimensions.find((d: { dimension: string }) => d.dimension === 'reciprocity');
    expect(reciprocity.metrics).toEqual(
      expect.arrayContaining([
        { id: 'replies_posted', label: 'Replies to your peers', count: 1 },
        { id: 'pulses_answered', label: 'Pulses answered', count: 1 },
        { id: 'helpful_marks_given', label: 'Replies you marked helpful', count: 0 },
      ]),
    );
  });

  it('counts tracked activity only from when the action was added', async () => {
    const member = await t.member();
    const network = await createNetwork(t, admin, { name: 'Joined Before The Plan' });
    await joinNetwork(t, member, network);
    t.clock.advance(HOUR);
    await takeNq(member);
    const plan = await accept(member);
    expect(plan.goals[0]?.actions[0]).toMatchObject({ metric: 'networks_joined', progress: 0, done: false });
  });

  it('is edited: goals and actions keep their ids, new ones are added, left-out ones removed', async () => {
    const member = await t.member();
    await takeNq(member);
    const plan = await accept(member);
    const [first, second] = plan.goals;
    if (!first || !second) throw new Error('expected two goals');
    const body: PlanReplaceBody = {
      goals: [
        {
          id: first.id,
          dimension: first.dimension,
          title: 'My own goal',
          targetDate: '2027-01-31',
          actions: [
            {
              id: first.actions[0]?.id,
              title: 'Join one network',
              dueDate: null,
              metric: 'networks_joined',
              target: 1,
            },
            { title: 'Call Sam', dueDate: '2026-12-01', done: true },
          ],
        },
      ],
    };
    const response = await t.request({ method: 'PUT', url: '/api/v1/plan', as: member, payload: body });
    expect(response.statusCode).toBe(200);
    const edited = response.json() as PlanView;
    expect(edited.goals).toHaveLength(1);
    expect(edited.goals[0]).toMatchObject({ id: first.id, title: 'My own goal', targetDate: '2027-01-31' });
    expect(edited.goals[0]?.actions.map((a) => [a.title, a.done])).toEqual([
      ['Join one network', false],
      ['Call Sam', true],
    ]);
    expect(edited.goals[0]?.actions[0]?.id).toBe(first.actions[0]?.id);

    const goalPatch = await t.request({
      method: 'PATCH',
      url: `/api/v1/plan/goals/${first.id}`,
      as: member,
      payload: { targetDate: '2027-03-01' },
    });
    expect(goalPatch.json().goals[0].targetDate).toBe('2027-03-01');
    const added = await t.request({
      method: 'POST',
      url: `/api/v1/plan/goals/${first.id}/actions`,
      as: member,
      payload: { title: 'Invite Alex', metric: 'invitations_sent' },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ title: 'Invite Alex', metric: 'invitations_sent', target: 1, progress: 0 });
    const removed = await t.request({ method: 'DELETE', url: `/api/v1/plan/actions/${added.json().id}`, as: member });
    expect(removed.json().progress.total).toBe(2);
    const gone = await t.request({ method: 'DELETE', url: `/api/v1/plan/goals/${first.id}`, as: member });
    expect(gone.json()).toMatchObject({ goals: [], progress: { done: 0, total: 0 } });
  });

  it('moves a kept action under a goal that is new in the same edit, dropping its old goal', async () => {
    const member = await t.member();
    await takeNq(member);
    const plan = await accept(member);
    const [first] = plan.goals;
    const moved = first?.actions[0];
    if (!first || !moved) throw new Error('expected a goal with an action');
    const response = await t.request({
      method: 'PUT',
      url: '/api/v1/plan',
      as: member,
      payload: {
        goals: [
          {
            dimension: first.dimension,
            title: 'A new goal',
            targetDate: '2027-03-31',
            actions: [{ id: moved.id, title: moved.title, dueDate: null }],
          },
        ],
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    const edited = response.json() as PlanView;
    expect(edited.goals.map((goal) => goal.title)).toEqual(['A new goal']);
    expect(edited.goals[0]?.actions.map((action) => action.id)).toEqual([moved.id]);
    expect(await getPlan(member)).toEqual(edited);
  });

  it('is private: another member gets 404 for every goal and action, and nothing changes', async () => {
    const owner = await t.member();
    const other = await t.member();
    await takeNq(owner);
    const plan = await accept(owner);
    const goal = plan.goals[0];
    const action = goal?.actions[0];
    const before = await t.rowCounts();
    const attempts = [
      { method: 'PATCH' as const, url: `/api/v1/plan/goals/${goal?.id}`, payload: { title: 'Mine now' } },
      { method: 'DELETE' as const, url: `/api/v1/plan/goals/${goal?.id}` },
      { method: 'POST' as const, url: `/api/v1/plan/goals/${goal?.id}/actions`, payload: { title: 'Sneak in' } },
      { method: 'PATCH' as const, url: `/api/v1/plan/actions/${action?.id}`, payload: { done: true } },
      { method: 'DELETE' as const, url: `/api/v1/plan/actions/${action?.id}` },
    ];
    for (const attempt of attempts) {
      const response = await t.request({ ...attempt, as: other });
      expect(response.statusCode, `${attempt.method} ${attempt.url}`).toBe(404);
      expect(response.json().error.code).toBe('not_found');
      const signedOut = await t.request(attempt);
      expect(signedOut.statusCode).toBe(401);
    }
    // Claiming someone else's goal in a whole-plan save is refused, naming the field.
    const claim = await t.request({
      method: 'PUT',
      url: '/api/v1/plan',
      as: other,
      payload: { goals: [{ id: goal?.id, dimension: 'peer', title: 'Taken', targetDate: '2027-01-01', actions: [] }] },
    });
    expect(claim.statusCode).toBe(400);
    expect(claim.json().error.details).toEqual([{ path: '/goals/0/id', message: 'is not a goal of your plan' }]);
    expect(await t.rowCounts()).toEqual(before);
    expect((await getPlan(other)).goals).toEqual([]);
    expect((await getPlan(owner)).goals[0]?.title).toBe(goal?.title);
  });

  it('refuses a bad plan with a 4xx naming the field, and writes nothing', async () => {
    const member = await t.member();
    const before = await t.rowCounts();
    const bad = [
      { goals: [{ dimension: 'charisma', title: 'x', targetDate: '2027-01-01', actions: [] }] },
      { goals: [{ dimension: 'peer', title: 'x', targetDate: 'next week', actions: [] }] },
      { goals: [{ dimension: 'peer', title: ' ', targetDate: '2027-01-01', actions: [] }] },
      {
        goals: [
          { dimension: 'peer', title: 'x', targetDate: '2027-01-01', actions: [{ title: 'y', metric: 'cartwheels' }] },
        ],
      },
      {
        goals: Array.from({ length: 7 }, () => ({
          dimension: 'peer',
          title: 'x',
          targetDate: '2027-01-01',
          actions: [],
        })),
      },
    ];
    for (const payload of bad) {
      const response = await t.request({ method: 'PUT', url: '/api/v1/plan', as: member, payload });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
      expect(response.json().error.details[0].path).toMatch(/^\/goals/);
    }
    expect(await t.rowCounts()).toEqual(before);
  });

  it('lists dated actions soonest first by cursor', async () => {
    const member = await t.member();
    await takeNq(member);
    await accept(member);
    const first = (await t.request({ method: 'GET', url: '/api/v1/plan/actions?limit=4', as: member })).json();
    expect(first.items).toHaveLength(4);
    const rest = (
      await t.request({
        method: 'GET',
        url: '/api/v1/plan/actions',
        query: { limit: '4', cursor: first.nextCursor },
        as: member,
      })
    ).json();
    expect(rest.items).toHaveLength(2);
    expect(rest.nextCursor).toBeNull();
    const dates = [...first.items, ...rest.items].map((a: { dueDate: string }) => a.dueDate);
    expect(dates).toEqual([...dates].sort());
  });
});

describe('reminders', () => {
  it('remind the member on the morning an open action is due, once, and not for a done one', async () => {
    const member = await t.member();
    await takeNq(member);
    const plan = await accept(member);
    const [open, done] = plan.goals[0]?.actions ?? [];
    const today = t.clock.now().toISOString().slice(0, 10);
    const tomorrow = new Date(t.clock.now().getTime() + DAY).toISOString().slice(0, 10);
    for (const action of [open, done]) {
      await t.request({
        method: 'PATCH',
        url: `/api/v1/plan/actions/${action?.id}`,
        as: member,
        payload: { dueDate: tomorrow },
      });
    }
    await t.request({ method: 'PATCH', url: `/api/v1/plan/actions/${done?.id}`, as: member, payload: { done: true } });
    expect(today).not.toBe(tomorrow);

    const reminders = async () =>
      (await t.request({ method: 'GET', url: '/api/v1/notifications', as: member }))
        .json()
        .items.filter((n: { kind: string }) => n.kind === 'plan_action_due');
    await t.runJobs();
    expect(await reminders()).toEqual([]);

    t.clock.set(new Date(`${tomorrow}T09:00:00.000Z`));
    await t.runJobs();
    expect(await reminders()).toEqual([
      expect.objectContaining({ title: `Due today: ${open?.title}`, url: '/nq/plan' }),
    ]);
    // The job run again (a retry after a crash) changes nothing.
    const { remindAction } = await import('./plans.service.js');
    await remindAction(t.ctx, open?.id ?? '', tomorrow);
    expect(await reminders()).toHaveLength(1);
  });
});

describe('activity signals', () => {
  it('count what the member did, per dimension, from the records themselves', async () => {
    const member = await t.member();
    const empty = (await t.request({ method: 'GET', url: '/api/v1/activity', as: member })).json();
    expect(empty.dimensions.map((d: { dimension: string }) => d.dimension)).toEqual([
      'breadth',
      'depth',
      'diversity',
      'reciprocity',
      'peer',
      'upkeep',
    ]);
    expect(empty.dimensions.find((d: { dimension: string }) => d.dimension === 'peer').summary).toBe(
      'No activity here yet.',
    );
    const network = await createNetwork(t, admin, { name: 'Signal Circle' });
    await joinNetwork(t, member, network);
    await takeNq(member);
    const signals = (await t.request({ method: 'GET', url: '/api/v1/activity', as: member })).json();
    const peer = signals.dimensions.find((d: { dimension: string }) => d.dimension === 'peer');
    expect(peer.metrics).toEqual([
      { id: 'networks_joined', label: 'Networks of peers joined', count: 1 },
      { id: 'applications_sent', label: 'Applications to join a network', count: 0 },
      { id: 'threads_started', label: 'Questions and discussions started', count: 0 },
      { id: 'pulses_answered', label: 'Pulses answered', count: 0 },
    ]);
    expect(peer.summary).toBe('You have 1 network joined.');
    const upkeep = signals.dimensions.find((d: { dimension: string }) => d.dimension === 'upkeep');
    expect(upkeep.metrics[0]).toMatchObject({ id: 'assessments_taken', count: 1 });
    expect((await t.request({ method: 'GET', url: '/api/v1/activity' })).statusCode).toBe(401);
  });
});

describe('edits', () => {
  it('change only what they name, clear a due date or a done mark, and answer the plan as it is stored', async () => {
    const member = await t.member();
    await takeNq(member);
    const plan = await accept(member);
    expect(await getPlan(member)).toEqual(plan);
    const [goal] = plan.goals;
    const action = goal?.actions[0];
    if (!goal || !action) throw new Error('expected a goal with an action');
    const patchAction = async (payload: Record<string, unknown>) => {
      const response = await t.request({
        method: 'PATCH',
        url: `/api/v1/plan/actions/${action.id}`,
        as: member,
        payload,
      });
      expect(response.statusCode).toBe(200);
      return response.json();
    };
    await patchAction({ dueDate: '2027-02-01', done: true });
    expect(await patchAction({ title: 'Renamed' })).toMatchObject({
      title: 'Renamed',
      dueDate: '2027-02-01',
      done: true,
    });
    expect(await patchAction({ dueDate: null })).toMatchObject({ title: 'Renamed', dueDate: null, done: true });
    expect(await patchAction({ done: false })).toMatchObject({ title: 'Renamed', dueDate: null, done: false });
    const stored = (await getPlan(member)).goals[0]?.actions.find((a) => a.id === action.id);
    expect(stored).toMatchObject({ title: 'Renamed', dueDate: null, done: false });

    const goalPatch = await t.request({
      method: 'PATCH',
      url: `/api/v1/plan/goals/${goal.id}`,
      as: member,
      payload: { title: 'Only the title' },
    });
    expect(goalPatch.json().goals[0]).toMatchObject({
      title: 'Only the title',
      targetDate: goal.targetDate,
      dimension: goal.dimension,
    });

    // An action moved to another goal, goals reordered and one added, as the plan is replaced:
    // answered exactly as it is then read back.
    const other = plan.goals[1];
    if (!other) throw new Error('expected two goals');
    const replaced = await t.request({
      method: 'PUT',
      url: '/api/v1/plan',
      as: member,
      payload: {
        goals: [
          {
            id: other.id,
            dimension: other.dimension,
            title: other.title,
            targetDate: other.targetDate,
            actions: [
              { id: action.id, title: 'Moved' },
              { title: 'New one', dueDate: '2027-05-01' },
            ],
          },
          { dimension: goal.dimension, title: 'A new goal', targetDate: '2027-04-01', actions: [{ title: 'Fresh' }] },
          { id: goal.id, dimension: goal.dimension, title: goal.title, targetDate: goal.targetDate, actions: [] },
        ],
      } satisfies PlanReplaceBody,
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toEqual(await getPlan(member));
    expect(replaced.json().goals.map((g: { title: string }) => g.title)).toEqual([
      other.title,
      'A new goal',
      goal.title,
    ]);
  });
});
