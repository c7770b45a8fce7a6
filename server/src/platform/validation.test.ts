import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../test/app.js';
import { networkBody } from '../test/networks.js';
import { normaliseText, textProblem } from './validation.js';

let t: TestApp;
let member: Person;
beforeAll(async () => {
  t = await buildTestApp();
  member = await t.member('Vera Valid');
});
afterAll(() => t.close());

const patchMe = (payload: Record<string, unknown>) =>
  t.request({ method: 'PATCH', url: '/api/v1/me', as: member, payload });

/** Status, code and field path of a refused input — and every table's row count unchanged. */
async function refused(send: () => Promise<{ statusCode: number; json(): unknown }>, path: string) {
  const before = await t.rowCounts();
  const response = await send();
  expect(response.statusCode).toBe(400);
  expect(response.json()).toMatchObject({
    error: {
      code: 'validation_failed',
      message: expect.any(String),
      details: expect.arrayContaining([expect.objectContaining({ path })]),
    },
  });
  expect(await t.rowCounts()).toEqual(before);
}

describe('text input', () => {
  it.each([
    ['a NUL character', 'Vera\u0000Valid'],
    ['a line break', 'Vera\nValid'],
    ['a right-to-left override', 'Vera \u202Edilav'],
    ['a zero-width space', 'Vera\u200BValid'],
    ['a lone surrogate', 'Vera \uD800'],
    ['a C1 control', 'Vera\u0085Valid'],
  ])('refuses a name with %s with 400 and writes nothing', async (_what, name) => {
    await refused(() => patchMe({ name }), '/name');
  });

  it('refuses a NUL character in a multi-line text and in a nested field', async () => {
    await refused(() => patchMe({ profile: { bio: 'Line one\n\u0000' } }), '/profile/bio');
    await refused(
      () =>
        t.request({
          method: 'POST',
          url: '/api/v1/networks',
          as: member,
          payload: networkBody({ purpose: 'x\u0000y' }),
        }),
      '/purpose',
    );
  });

  it('stores names in NFC and keeps line breaks and tabs in multi-line texts', async () => {
    const response = await patchMe({ name: 'Jose\u0301 Valid', profile: { bio: 'First line\r\n\tindented' } });
    expect(response.statusCode).toBe(200);
    expect(response.json().name).toBe('Jos\u00e9 Valid');
    const row = await t.database.db
      .selectFrom('users')
      .select('name')
      .where('id', '=', member.me.id)
      .executeTakeFirst();
    expect(row?.name).toBe('Jos\u00e9 Valid');
    const profile = await t.database.db
      .selectFrom('profiles')
      .select('bio')
      .where('userId', '=', member.me.id)
      .executeTakeFirst();
    expect(profile?.bio).toBe('First line\n\tindented');
  });

  it('refuses a NUL in a query string with 400', async () => {
    const response = await t.request({ method: 'GET', url: '/api/v1/networks', as: member, query: { q: 'a\u0000b' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  it('takes passwords exactly as typed', () => {
    expect(textProblem('pass\u0000word\u202E', 'raw')).toBeUndefined();
    expect(normaliseText('Jose\u0301', 'raw')).toBe('Jose\u0301');
  });

  it('keeps the joiners emoji sequences and some scripts need in one-line texts', () => {
    expect(textProblem('👩‍💻 Dev', 'line')).toBeUndefined();
    expect(textProblem('می‌خواهم', 'line')).toBeUndefined();
  });
});
