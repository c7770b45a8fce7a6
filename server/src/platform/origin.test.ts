import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, GOOD_PASSWORD, type TestApp, uniqueEmail } from '../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await t.admin();
});
afterAll(() => t.close());

const signUp = (headers: Record<string, string>) =>
  t.request({
    method: 'POST',
    url: '/api/v1/auth/sign-up',
    headers,
    payload: { email: uniqueEmail(), name: 'Forged', password: GOOD_PASSWORD },
  });

describe('the origin check', () => {
  it('refuses a foreign origin that matches the Host header it also forged, and writes nothing', async () => {
    const before = await t.rowCounts();
    const response = await signUp({ origin: 'http://evil.example', host: 'evil.example' });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: { code: 'forbidden_origin', message: expect.any(String) } });
    expect(await t.rowCounts()).toEqual(before);
  });

  it('accepts the PUBLIC_URL origin whatever the Host header says', async () => {
    expect((await signUp({ host: 'internal:3000' })).statusCode).toBe(201);
  });
});
