import type { FastifySchema } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, sessionCookie, type TestApp } from './test/app.js';

/**
 * Every route's expected audience. A new route fails these tests until it is added here, which is
 * the moment to decide who may call it.
 */
const audience: Record<string, 'public' | 'signedIn' | 'hostAdmin'> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /api/openapi.json': 'public',
  'POST /api/v1/auth/sign-up': 'public',
  'POST /api/v1/auth/sign-in': 'public',
  'POST /api/v1/auth/sign-out': 'public',
  'POST /api/v1/auth/password-reset': 'public',
  'POST /api/v1/auth/password-reset/complete': 'public',
  'POST /api/v1/auth/verify-email': 'public',
  'POST /api/v1/auth/verify-email/resend': 'signedIn',
  'GET /api/v1/me': 'signedIn',
  'PATCH /api/v1/me': 'signedIn',
  'POST /api/v1/me/password': 'signedIn',
  'GET /api/v1/instance': 'public',
  'GET /api/v1/instance/settings': 'hostAdmin',
  'PATCH /api/v1/instance/settings': 'hostAdmin',
  'GET /api/v1/admin/outbox': 'hostAdmin',
  'GET /api/v1/admin/jobs': 'hostAdmin',
  'POST /api/v1/admin/jobs/:jobId/retry': 'hostAdmin',
  'GET /api/v1/profile-options': 'public',
  'GET /api/v1/members/:memberId': 'signedIn',
  'GET /api/v1/members/:memberId/avatar': 'signedIn',
  'PUT /api/v1/me/avatar': 'signedIn',
  'DELETE /api/v1/me/avatar': 'signedIn',
  'GET /api/v1/networks': 'signedIn',
  'POST /api/v1/networks': 'signedIn',
  'GET /api/v1/me/networks': 'signedIn',
  'GET /api/v1/network-proposals': 'hostAdmin',
  'GET /api/v1/networks/:networkId': 'signedIn',
  'PATCH /api/v1/networks/:networkId': 'signedIn',
  'POST /api/v1/networks/:networkId/proposal-decision': 'signedIn',
  'POST /api/v1/networks/:networkId/join': 'signedIn',
  'POST /api/v1/networks/:networkId/charter/accept': 'signedIn',
  'POST /api/v1/networks/:networkId/leave': 'signedIn',
  'GET /api/v1/networks/:networkId/members': 'signedIn',
  'POST /api/v1/networks/:networkId/members/:memberId/removal': 'signedIn',
  'POST /api/v1/networks/:networkId/facilitators': 'signedIn',
  'DELETE /api/v1/networks/:networkId/facilitators/:memberId': 'signedIn',
  'POST /api/v1/networks/:networkId/applications': 'signedIn',
  'GET /api/v1/networks/:networkId/applications': 'signedIn',
  'POST /api/v1/networks/:networkId/applications/:applicationId/decision': 'signedIn',
  'POST /api/v1/networks/:networkId/invitations': 'signedIn',
  'POST /api/v1/networks/:networkId/invite-links': 'signedIn',
  'GET /api/v1/networks/:networkId/invitations': 'signedIn',
  'DELETE /api/v1/networks/:networkId/invitations/:invitationId': 'signedIn',
  'GET /api/v1/invitations/:token': 'public',
  'POST /api/v1/invitations/:token/accept': 'signedIn',
  'GET /api/v1/notifications': 'signedIn',
  'POST /api/v1/notifications/:notificationId/read': 'signedIn',
  'POST /api/v1/notifications/read-all': 'signedIn',
  'GET /api/v1/me/notification-preferences': 'signedIn',
  'PATCH /api/v1/me/notification-preferences': 'signedIn',
  'GET /api/v1/events': 'signedIn',
  'POST /api/v1/notifications/unsubscribe': 'public',
  'GET /api/v1/networks/:networkId/threads': 'signedIn',
  'POST /api/v1/networks/:networkId/threads': 'signedIn',
  'POST /api/v1/networks/:networkId/threads/read-all': 'signedIn',
  'GET /api/v1/networks/:networkId/flags': 'signedIn',
  'POST /api/v1/flags/:flagId/resolve': 'signedIn',
  'GET /api/v1/threads/:threadId': 'signedIn',
  'PATCH /api/v1/threads/:threadId': 'signedIn',
  'DELETE /api/v1/threads/:threadId': 'signedIn',
  'POST /api/v1/threads/:threadId/moderation': 'signedIn',
  'POST /api/v1/threads/:threadId/flags': 'signedIn',
  'POST /api/v1/threads/:threadId/resolution': 'signedIn',
  'POST /api/v1/threads/:threadId/read': 'signedIn',
  'POST /api/v1/threads/:threadId/author-reveal': 'signedIn',
  'GET /api/v1/threads/:threadId/export': 'signedIn',
  'GET /api/v1/threads/:threadId/replies': 'signedIn',
  'POST /api/v1/threads/:threadId/replies': 'signedIn',
  'PATCH /api/v1/replies/:replyId': 'signedIn',
  'DELETE /api/v1/replies/:replyId': 'signedIn',
  'POST /api/v1/replies/:replyId/helpful': 'signedIn',
  'DELETE /api/v1/replies/:replyId/helpful': 'signedIn',
  'POST /api/v1/replies/:replyId/moderation': 'signedIn',
  'POST /api/v1/replies/:replyId/flags': 'signedIn',
  'POST /api/v1/replies/:replyId/author-reveal': 'signedIn',
  'GET /api/v1/admin/moderation-log': 'hostAdmin',
  'POST /api/v1/markdown/preview': 'signedIn',
  'POST /api/v1/networks/:networkId/pulses': 'signedIn',
  'GET /api/v1/networks/:networkId/pulses': 'signedIn',
  'GET /api/v1/me/pulses': 'signedIn',
  'GET /api/v1/pulses/:pulseId': 'signedIn',
  'POST /api/v1/pulses/:pulseId/responses': 'signedIn',
  'POST /api/v1/pulses/:pulseId/decline': 'signedIn',
  'GET /api/v1/pulses/:pulseId/results': 'signedIn',
  'GET /api/v1/pulses/:pulseId/results.csv': 'signedIn',
  'POST /api/v1/pulses/:pulseId/close': 'signedIn',
  'POST /api/v1/pulses/:pulseId/extend': 'signedIn',
  'POST /api/v1/pulses/:pulseId/reopen': 'signedIn',
  'POST /api/v1/pulses/:pulseId/moderation': 'signedIn',
  'GET /api/v1/assessments/instrument': 'public',
  'POST /api/v1/assessments': 'public',
  'GET /api/v1/assessments': 'signedIn',
  'GET /api/v1/assessments/:assessmentId': 'signedIn',
  'GET /api/v1/activity': 'signedIn',
  'GET /api/v1/plan': 'signedIn',
  'GET /api/v1/plan/proposal': 'signedIn',
  'PUT /api/v1/plan': 'signedIn',
  'GET /api/v1/plan/actions': 'signedIn',
  'PATCH /api/v1/plan/goals/:goalId': 'signedIn',
  'DELETE /api/v1/plan/goals/:goalId': 'signedIn',
  'POST /api/v1/plan/goals/:goalId/actions': 'signedIn',
  'PATCH /api/v1/plan/actions/:actionId': 'signedIn',
  'DELETE /api/v1/plan/actions/:actionId': 'signedIn',
  'POST /api/v1/networks/:networkId/meetings': 'signedIn',
  'GET /api/v1/networks/:networkId/meetings': 'signedIn',
  'GET /api/v1/me/meetings': 'signedIn',
  'GET /api/v1/meetings/:meetingId': 'signedIn',
  'PATCH /api/v1/meetings/:meetingId': 'signedIn',
  'POST /api/v1/meetings/:meetingId/cancel': 'signedIn',
  'PUT /api/v1/meetings/:meetingId/rsvp': 'signedIn',
  'GET /api/v1/meetings/:meetingId/participants': 'signedIn',
  'PUT /api/v1/meetings/:meetingId/attendance': 'signedIn',
  'PUT /api/v1/meetings/:meetingId/agenda': 'signedIn',
  'GET /api/v1/meetings/:meetingId/calendar.ics': 'signedIn',
  'GET /api/v1/me/calendar-feed': 'signedIn',
  'POST /api/v1/me/calendar-feed': 'signedIn',
  'DELETE /api/v1/me/calendar-feed': 'signedIn',
  'GET /api/v1/calendar/:token': 'public',
  'POST /api/v1/networks/:networkId/meeting-issues': 'signedIn',
  'GET /api/v1/networks/:networkId/meeting-issues': 'signedIn',
  'PATCH /api/v1/meeting-issues/:issueId': 'signedIn',
  'DELETE /api/v1/meeting-issues/:issueId': 'signedIn',
  'GET /api/v1/networks/:networkId/meeting-settings': 'signedIn',
  'PATCH /api/v1/networks/:networkId/meeting-settings': 'signedIn',
  'POST /api/v1/meetings/:meetingId/run': 'signedIn',
  'GET /api/v1/meetings/:meetingId/recap': 'signedIn',
  'POST /api/v1/meetings/:meetingId/recap': 'signedIn',
  'GET /api/v1/meeting-issues/:issueId/offers': 'signedIn',
  'POST /api/v1/meeting-issues/:issueId/offers': 'signedIn',
  'GET /api/v1/me/offers': 'signedIn',
  'POST /api/v1/meeting-offers/:offerId/link': 'signedIn',
  'GET /api/v1/meeting-offers/:offerId/file': 'signedIn',
  'DELETE /api/v1/meeting-offers/:offerId': 'signedIn',
  'PUT /api/v1/meeting-offers/:offerId/file': 'signedIn',
  'POST /api/v1/meeting-issues/:issueId/commitments': 'signedIn',
  'POST /api/v1/meeting-commitments/:commitmentId/check-in': 'signedIn',
};

/** Routes that answer an endless stream, so only their refusal can be checked here. */
const streams = new Set(['GET /api/v1/events']);

/** Routes that take no input at all, so they have no bad-input case to generate. */
const routesWithoutInput = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /api/openapi.json',
  'POST /api/v1/auth/sign-out',
  'POST /api/v1/auth/verify-email/resend',
  'GET /api/v1/me',
  'GET /api/v1/instance',
  'GET /api/v1/instance/settings',
  'GET /api/v1/profile-options',
  // The avatar upload is multipart, outside the JSON schemas; its bad input is tested in profiles.
  'PUT /api/v1/me/avatar',
  'DELETE /api/v1/me/avatar',
  'POST /api/v1/notifications/read-all',
  'GET /api/v1/me/notification-preferences',
  'GET /api/v1/assessments/instrument',
  'GET /api/v1/activity',
  'GET /api/v1/plan',
  'GET /api/v1/plan/proposal',
]);

type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  format?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  const?: unknown;
};

/** A value the schema accepts, so each bad case below breaks exactly one thing. */
function sampleOf(schema: JsonSchema): unknown {
  if (schema.enum) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.anyOf?.[0]) return sampleOf(schema.anyOf[0]);
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sampleOf(value)]));
    case 'string':
      if (schema.format === 'email') return 'sample@example.com';
      return 'a'.repeat(Math.max(schema.minLength ?? 1, 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    default:
      return null;
  }
}

/** A value of another type than the schema's (for a nullable field, than its non-null branch). */
function wrongTypeFor(schema: JsonSchema): unknown {
  const typed = schema.anyOf?.find((branch) => branch.type !== 'null') ?? schema;
  return typed.type === 'string' || typed.enum ? 12345 : typed.type === 'object' ? 'not an object' : 'not a number';
}

const isNullable = (schema: JsonSchema) => schema.anyOf?.some((branch) => branch.type === 'null') ?? false;

type BadCase = { name: string; payload?: string; query?: Record<string, string>; contentType?: string };

function badBodies(schema: JsonSchema): BadCase[] {
  const valid = sampleOf(schema) as Record<string, unknown>;
  const json = (value: unknown) => JSON.stringify(value);
  const cases: BadCase[] = [
    { name: 'malformed JSON', payload: '{"email": "unterminated' },
    { name: 'an array instead of an object', payload: '[]' },
    { name: 'a plain-text body', payload: 'hello', contentType: 'text/plain' },
    { name: 'an unknown field', payload: json({ ...valid, isAdmin: true }) },
  ];
  if ((schema.required ?? []).length > 0) cases.push({ name: 'no fields', payload: '{}' });
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    cases.push({ name: `${key} of the wrong type`, payload: json({ ...valid, [key]: wrongTypeFor(property) }) });
    if (!isNullable(property)) cases.push({ name: `${key} as null`, payload: json({ ...valid, [key]: null }) });
    if (property.maxLength !== undefined) {
      cases.push({ name: `${key} too long`, payload: json({ ...valid, [key]: 'a'.repeat(property.maxLength + 1) }) });
    }
    if ((schema.required ?? []).includes(key)) {
      const { [key]: _omitted, ...rest } = valid;
      cases.push({ name: `${key} missing`, payload: json(rest) });
    }
  }
  return cases;
}

function badQueries(schema: JsonSchema): BadCase[] {
  const cases: BadCase[] = [{ name: 'an unknown parameter', query: { isAdmin: 'true' } }];
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (property.type === 'integer') cases.push({ name: `${key} not a number`, query: { [key]: 'lots' } });
    if (property.type === 'integer' && property.minimum !== undefined) {
      cases.push({ name: `${key} below its minimum`, query: { [key]: String(property.minimum - 1) } });
    }
    if (property.maxLength !== undefined) {
      cases.push({ name: `${key} too long`, query: { [key]: 'a'.repeat(property.maxLength + 1) } });
    }
  }
  return cases;
}

let t: TestApp;
let admin: Person;
let member: Person;

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.admin();
  member = await t.member();
});
afterAll(() => t.close());

/** A new session for the person, since sign-out among the routes under test ends the one it is given. */
async function freshSession(person: Person): Promise<Person> {
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { email: person.email, password: person.password },
  });
  return { ...person, cookie: sessionCookie(response) };
}

const apiRoutes = () =>
  t.app.routeCatalog.filter(
    (route) => route.url.startsWith('/api/') || route.url === '/healthz' || route.url === '/readyz',
  );
const keyOf = (route: { method: string; url: string }) => `${route.method} ${route.url}`;

describe('route catalogue', () => {
  it('gives every API route a known policy and an audience in this test', () => {
    const keys = apiRoutes().map(keyOf).sort();
    expect(keys).toEqual(Object.keys(audience).sort());
    for (const route of apiRoutes()) expect(route.policy, keyOf(route)).toBeTruthy();
  });

  it('gives every route with input a generated bad-input case, and lists the rest as input-free', () => {
    for (const route of apiRoutes()) {
      const schema = route.schema as FastifySchema | undefined;
      const hasInput = Boolean(schema?.body || schema?.querystring || schema?.params);
      expect(hasInput || routesWithoutInput.has(keyOf(route)), `${keyOf(route)} has no bad-input case`).toBe(true);
      expect(hasInput && routesWithoutInput.has(keyOf(route)), `${keyOf(route)} takes input after all`).toBe(false);
    }
  });

  it('refuses to start when a route declares no policy', async () => {
    const { buildApp } = await import('./app.js');
    const { loadConfig } = await import('./config.js');
    const { openTestDatabase } = await import('./test/database.js');
    const database = await openTestDatabase({ migrate: false });
    const app = await buildApp({ config: loadConfig({ WEB_DIST: '' }), database, logger: false });
    try {
      expect(() => app.get('/api/v1/unguarded', () => 'hello')).toThrow(/declares no known policy/);
    } finally {
      await app.close();
      await database.close();
    }
  });
});

describe('policies', () => {
  it.each(Object.entries(audience))('%s admits exactly its audience (%s)', async (key, who) => {
    const [method = 'GET', url = '/'] = key.split(' ');
    const call = (as?: Person) =>
      t.request({ method: method as 'GET', url, ...(as ? { as } : {}), ...(method === 'GET' ? {} : { payload: {} }) });

    const asAnonymous = await call();
    if (streams.has(key)) {
      // A signed-in caller would hold the stream open; notifications tests read it over HTTP.
      expect(asAnonymous.statusCode).toBe(401);
      return;
    }
    const asMember = await call(await freshSession(member));
    const asAdmin = await call(await freshSession(admin));
    if (who === 'public') {
      expect(asAnonymous.statusCode).not.toBe(401);
      expect(asAnonymous.statusCode).not.toBe(403);
    } else {
      expect(asAnonymous.statusCode).toBe(401);
      expect(asAnonymous.json().error.code).toBe('unauthenticated');
    }
    if (who === 'hostAdmin') {
      expect(asMember.statusCode).toBe(403);
      expect(asMember.json().error.code).toBe('forbidden');
    } else {
      expect([401, 403]).not.toContain(asMember.statusCode);
    }
    expect([401, 403]).not.toContain(asAdmin.statusCode);
  });
});

describe('bad input', () => {
  const routesWithInput = () =>
    apiRoutes().filter((route) => {
      const schema = route.schema as FastifySchema | undefined;
      return Boolean(schema?.body || schema?.querystring);
    });

  it('covers some routes (the catalogue is not empty)', () => {
    expect(routesWithInput().length).toBeGreaterThanOrEqual(9);
  });

  it('answers every bad case of every route with a 4xx in the error shape and writes nothing', async () => {
    const actor = await freshSession(admin);
    for (const route of routesWithInput()) {
      const schema = route.schema as FastifySchema & { body?: JsonSchema; querystring?: JsonSchema };
      const cases = [
        ...(schema.body ? badBodies(schema.body) : []),
        ...(schema.querystring ? badQueries(schema.querystring) : []),
      ];
      const before = await t.rowCounts();
      for (const bad of cases) {
        const response = await t.request({
          method: route.method as 'POST',
          url: route.url,
          as: actor,
          ...(bad.query ? { query: bad.query } : {}),
          ...(bad.payload !== undefined
            ? { payload: bad.payload, headers: { 'content-type': bad.contentType ?? 'application/json' } }
            : {}),
        });
        const label = `${keyOf(route)} with ${bad.name}`;
        expect(response.statusCode, label).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, label).toBeLessThan(500);
        const body = response.json();
        expect(Object.keys(body), label).toEqual(['error']);
        expect(body.error.code, label).toMatch(/^(validation_failed|invalid_json|unsupported_media_type)$/);
        expect(typeof body.error.message, label).toBe('string');
      }
      expect(await t.rowCounts(), keyOf(route)).toEqual(before);
    }
  });

  it('names the offending fields in details', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-up',
      payload: { email: 'not-an-email', name: '', password: 'short', role: 'admin' },
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['/email', '/name', '/password', '/role']));
  });

  it('refuses a body over the size limit with 413', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });

  it('answers unknown API paths with 404 in the error shape', async () => {
    const response = await t.request({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });
});

describe('platform endpoints', () => {
  it('reports liveness and readiness', async () => {
    expect((await t.request({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.request({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });

  it('publishes an OpenAPI document that lists the API routes', async () => {
    const response = await t.request({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/sign-up', '/api/v1/me', '/api/v1/admin/outbox']),
    );
    expect(document.paths['/api/v1/auth/sign-up'].post.requestBody).toBeDefined();
  });
});
