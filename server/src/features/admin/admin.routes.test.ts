import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.js';
import { openJobQueue } from '../../test/jobs.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('GET /api/v1/admin/outbox', () => {
  it('answers 401 signed out and 403 to a member', async () => {
    const member = await t.member();
    expect((await t.request({ method: 'GET', url: '/api/v1/admin/outbox' })).statusCode).toBe(401);
    const asMember = await t.request({ method: 'GET', url: '/api/v1/admin/outbox', as: member });
    expect(asMember.statusCode).toBe(403);
    expect(asMember.json()).not.toHaveProperty('items');
  });

  it('lists every email newest first with both parts, page by page', async () => {
    const admin = await t.admin();
    const joinedInOrder: string[] = [];
    for (let i = 0; i < 4; i++) {
      t.clock.advance(1000);
      joinedInOrder.push((await t.member(`Peer ${i}`)).email);
    }
    const all = await t.outbox();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await t.request({
        method: 'GET',
        url: '/api/v1/admin/outbox',
        as: admin,
        query: { limit: '2', ...(cursor ? { cursor } : {}) },
      });
      expect(response.statusCode).toBe(200);
      const page = response.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const item of page.items) {
        expect(Object.keys(item).sort()).toEqual(['createdAt', 'html', 'id', 'subject', 'text', 'to']);
        seen.push(item.to);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((mail) => mail.to));
    expect(seen.slice(0, 4)).toEqual(joinedInOrder.reverse());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses a cursor it never handed out', async () => {
    const admin = await t.admin();
    const response = await t.request({
      method: 'GET',
      url: '/api/v1/admin/outbox',
      as: admin,
      query: { cursor: 'bm90LWEtY3Vyc29y' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });
});

describe('instance settings', () => {
  it('lets a host admin switch sign-up to invitation-only, which closes sign-up', async () => {
    const admin = await t.admin();
    const member = await t.member();
    const asMember = await t.request({
      method: 'PATCH',
      url: '/api/v1/instance/settings',
      as: member,
      payload: { signUpPolicy: 'open' },
    });
    expect(asMember.statusCode).toBe(403);

    const changed = await t.request({
      method: 'PATCH',
      url: '/api/v1/instance/settings',
      as: admin,
      payload: { signUpPolicy: 'invitation' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({
      signUpPolicy: 'invitation',
      memberNetworkProposals: false,
      pulsesAskVerifiedOnly: false,
      pulsesMinimumMemberDays: 0,
    });
    expect((await t.request({ method: 'GET', url: '/api/v1/instance' })).json()).toEqual({
      signUpPolicy: 'invitation',
      hasAdmin: true,
      memberNetworkProposals: false,
    });
    await expect(t.signUp()).rejects.toThrow(/403/);

    await t.request({
      method: 'PATCH',
      url: '/api/v1/instance/settings',
      as: admin,
      payload: { signUpPolicy: 'open' },
    });
    await expect(t.signUp()).resolves.toBeDefined();
  });

  it('refuses an unknown policy value and an empty change', async () => {
    const admin = await t.admin();
    for (const payload of [{ signUpPolicy: 'everyone' }, {}]) {
      const response = await t.request({ method: 'PATCH', url: '/api/v1/instance/settings', as: admin, payload });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
    expect((await t.request({ method: 'GET', url: '/api/v1/instance/settings', as: admin })).json().signUpPolicy).toBe(
      'open',
    );
  });
});

describe('background jobs', () => {
  type AdminTestJobs = { 'test.broken': { n: number }; 'test.later': { n: number } };

  /** Runs one job that always throws until it is marked failed; answers its id. */
  async function failedJob(): Promise<string> {
    const queue = openJobQueue<AdminTestJobs>(t.database, t.clock);
    queue.work('test.broken', async () => {
      throw new Error('the mail server said no');
    });
    const id = await queue.enqueue('test.broken', { n: 1 }, { maxAttempts: 1 });
    await queue.workDue();
    return id;
  }

  it('shows a host admin failed jobs with their error, and retries one once', async () => {
    const admin = await t.admin();
    const member = await t.member();
    const id = await failedJob();
    const listed = await t.request({
      method: 'GET',
      url: '/api/v1/admin/jobs',
      as: admin,
      query: { status: 'failed' },
    });
    expect(listed.statusCode).toBe(200);
    const item = listed.json().items.find((job: { id: string }) => job.id === id);
    expect(Object.keys(item).sort()).toEqual(
      ['attempts', 'createdAt', 'finishedAt', 'id', 'lastError', 'maxAttempts', 'name', 'runAt', 'status'].sort(),
    );
    expect(item).toMatchObject({ name: 'test.broken', status: 'failed', attempts: 1, maxAttempts: 1 });
    expect(item.lastError).toMatch(/the mail server said no/);

    const asMember = await t.request({ method: 'POST', url: `/api/v1/admin/jobs/${id}/retry`, as: member });
    expect(asMember.statusCode).toBe(403);
    const retried = await t.request({ method: 'POST', url: `/api/v1/admin/jobs/${id}/retry`, as: admin });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ id, status: 'queued', attempts: 0, finishedAt: null });
    const queued = await t.request({
      method: 'GET',
      url: '/api/v1/admin/jobs',
      as: admin,
      query: { status: 'queued' },
    });
    expect(queued.json().items.map((job: { id: string }) => job.id)).toContain(id);

    const again = await t.request({ method: 'POST', url: `/api/v1/admin/jobs/${id}/retry`, as: admin });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');
  });

  it('answers 404 for a job that does not exist', async () => {
    const admin = await t.admin();
    const response = await t.request({ method: 'POST', url: '/api/v1/admin/jobs/no-such-job/retry', as: admin });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });

  it('pages jobs newest first and filters by status', async () => {
    const admin = await t.admin();
    const queue = openJobQueue<AdminTestJobs>(t.database, t.clock);
    const later = new Date(t.clock.now().getTime() + 60 * 60_000);
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) {
      t.clock.advance(1000);
      ids.push(await queue.enqueue('test.later', { n }, { runAt: later }));
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await t.request({
        method: 'GET',
        url: '/api/v1/admin/jobs',
        as: admin,
        query: { status: 'queued', limit: '2', ...(cursor ? { cursor } : {}) },
      });
      expect(response.statusCode).toBe(200);
      const page = response.json();
      for (const job of page.items) {
        expect(job.status).toBe('queued');
        seen.push(job.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.slice(0, 3)).toEqual(ids.reverse());
    const badStatus = await t.request({
      method: 'GET',
      url: '/api/v1/admin/jobs',
      as: admin,
      query: { status: 'lost' },
    });
    expect(badStatus.statusCode).toBe(400);
  });
});
