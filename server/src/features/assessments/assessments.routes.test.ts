import { currentInstrument } from '@roundtable/contract/assessments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { DAY } from '../../test/clock.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await t.admin();
});
afterAll(() => t.close());

const instrument = currentInstrument();
const sheet = (normal: number, reverse = normal) =>
  Object.fromEntries(instrument.items.map((item) => [item.id, item.reverse ? reverse : normal]));

const take = (answers: Record<string, unknown>, as?: Person, extra: Record<string, unknown> = {}) =>
  t.request({
    method: 'POST',
    url: '/api/v1/assessments',
    ...(as ? { as } : {}),
    payload: { instrumentVersion: 1, answers, ...extra },
  });

describe('the instrument', () => {
  it('is public, versioned data with the issue’s field names', async () => {
    const response = await t.request({ method: 'GET', url: '/api/v1/assessments/instrument' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.version).toBe(1);
    expect(body.items).toHaveLength(24);
    expect(body.items[0]).toEqual({ id: 'breadth-1', text: expect.any(String), dimension: 'breadth', reverse: false });
    expect(body.dimensions.map((d: { id: string }) => d.id)).toEqual([
      'breadth',
      'depth',
      'diversity',
      'reciprocity',
      'peer',
      'upkeep',
    ]);
    expect(body.dimensions[0]).toMatchObject({ id: 'breadth', name: 'Breadth' });
    expect(body.bands.map((b: { min: number }) => b.min)).toEqual([80, 60, 40, 0]);
  });
});

describe('taking the NQ', () => {
  it('gives a visitor the result and stores nothing', async () => {
    const before = await t.rowCounts();
    const response = await take(sheet(3));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: null,
      instrumentVersion: 1,
      overall: 50,
      band: 'capable',
      dimensions: { breadth: 50, depth: 50, diversity: 50, reciprocity: 50, peer: 50, upkeep: 50 },
      advice: [
        expect.objectContaining({ dimension: 'peer', name: 'Peer-to-peer engagement', score: 50 }),
        expect.objectContaining({ dimension: 'depth', score: 50 }),
      ],
      createdAt: t.clock.now().toISOString(),
      saved: false,
    });
    expect(response.json().advice[0].steps.length).toBeGreaterThan(0);
    expect(await t.rowCounts()).toEqual(before);
  });

  it('stores a member’s result in their history, newest first, by cursor', async () => {
    const member = await t.member();
    const first = await take(sheet(1, 5), member);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ id: expect.any(String), overall: 0, band: 'developing', saved: true });
    t.clock.advance(DAY);
    await take(sheet(3), member);
    t.clock.advance(DAY);
    await take(sheet(5, 1), member);

    const page = (await t.request({ method: 'GET', url: '/api/v1/assessments?limit=2', as: member })).json();
    expect(page.items.map((r: { overall: number }) => r.overall)).toEqual([100, 50]);
    expect(page.nextCursor).toEqual(expect.any(String));
    const rest = (
      await t.request({
        method: 'GET',
        url: '/api/v1/assessments',
        query: { limit: '2', cursor: page.nextCursor },
        as: member,
      })
    ).json();
    expect(rest).toEqual({ items: [expect.objectContaining({ id: first.json().id, overall: 0 })], nextCursor: null });

    const one = await t.request({ method: 'GET', url: `/api/v1/assessments/${first.json().id}`, as: member });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(first.json());
  });

  it('saves a visitor’s result after sign-up with the time it was taken', async () => {
    const visitor = await take(sheet(4, 2));
    const takenAt = visitor.json().createdAt;
    t.clock.advance(2 * DAY);
    const member = await t.member('Newly Signed');
    const saved = await take(sheet(4, 2), member, { takenAt });
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ overall: visitor.json().overall, createdAt: takenAt, saved: true });
  });

  it('keeps results private: signed out 401, another member 404, even for a host admin', async () => {
    const owner = await t.member();
    const other = await t.member();
    const id = (await take(sheet(3), owner)).json().id;
    expect((await t.request({ method: 'GET', url: `/api/v1/assessments/${id}` })).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/v1/assessments' })).statusCode).toBe(401);
    const foreign = await t.request({ method: 'GET', url: `/api/v1/assessments/${id}`, as: other });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('not_found');
    expect((await t.request({ method: 'GET', url: `/api/v1/assessments/${id}`, as: await t.admin() })).statusCode).toBe(
      404,
    );
    expect((await t.request({ method: 'GET', url: '/api/v1/assessments', as: other })).json()).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it('answers someone else’s result and a missing one with byte-identical 404s', async () => {
    const owner = await t.member();
    const other = await t.member();
    const id = (await take(sheet(3), owner)).json().id;
    const foreign = await t.request({ method: 'GET', url: `/api/v1/assessments/${id}`, as: other });
    const missing = await t.request({ method: 'GET', url: '/api/v1/assessments/no-such-result', as: other });
    expect(foreign.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(foreign.body).toBe(missing.body);
  });
});

describe('bad answers', () => {
  const expectRefusal = async (
    payload: Record<string, unknown>,
    path: string,
    as: Person | undefined,
  ): Promise<void> => {
    const before = await t.rowCounts();
    const response = await t.request({ method: 'POST', url: '/api/v1/assessments', payload, ...(as ? { as } : {}) });
    expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(error.message).toEqual(expect.any(String));
    expect(await t.rowCounts()).toEqual(before);
  };

  it('names a missing item, an out-of-range answer, an unknown item and an unknown version; nothing is written', async () => {
    const member = await t.member();
    const { 'peer-4': _left, ...missing } = sheet(3);
    for (const as of [undefined, member]) {
      await expectRefusal({ instrumentVersion: 1, answers: missing }, '/answers/peer-4', as);
      await expectRefusal({ instrumentVersion: 1, answers: { ...sheet(3), 'depth-1': 6 } }, '/answers/depth-1', as);
      await expectRefusal({ instrumentVersion: 1, answers: { ...sheet(3), 'depth-2': 0 } }, '/answers/depth-2', as);
      await expectRefusal({ instrumentVersion: 1, answers: { ...sheet(3), 'upkeep-1': 2.5 } }, '/answers/upkeep-1', as);
      await expectRefusal({ instrumentVersion: 1, answers: { ...sheet(3), 'made-up': 3 } }, '/answers/made-up', as);
      await expectRefusal({ instrumentVersion: 99, answers: sheet(3) }, '/instrumentVersion', as);
      await expectRefusal(
        { instrumentVersion: 1, answers: sheet(3), takenAt: '2020-01-01T00:00:00.000Z' },
        '/takenAt',
        as,
      );
    }
  });
});
