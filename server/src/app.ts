import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyInstance,
  type FastifyRequest,
  type FastifySchema,
  type FastifyServerOptions,
} from 'fastify';
import type { Config } from './config.js';
import { type Database, openDatabase } from './db/database.js';
import { registerAccountJobs } from './features/accounts/accounts.jobs.js';
import { accountRoutes } from './features/accounts/accounts.routes.js';
import { activityRoutes } from './features/activity/activity.routes.js';
import { adminRoutes } from './features/admin/admin.routes.js';
import { assessmentRoutes } from './features/assessments/assessments.routes.js';
import { instanceRoutes } from './features/instance/instance.routes.js';
import { invitationRoutes } from './features/invitations/invitations.routes.js';
import { liveRoutes } from './features/live/live.routes.js';
import { registerMeetingJobs, scheduleMeetingJobs } from './features/meetings/meetings.jobs.js';
import { meetingRoutes } from './features/meetings/meetings.routes.js';
import { membershipRoutes } from './features/memberships/memberships.routes.js';
import { moderationRoutes } from './features/moderation/moderation.routes.js';
import { networkRoutes } from './features/networks/networks.routes.js';
import { registerNotificationJobs, scheduleNotificationJobs } from './features/notifications/notifications.jobs.js';
import { notificationRoutes } from './features/notifications/notifications.routes.js';
import { registerPlanJobs } from './features/plans/plans.jobs.js';
import { planRoutes } from './features/plans/plans.routes.js';
import { profileRoutes } from './features/profiles/profiles.routes.js';
import { registerPulseJobs } from './features/pulses/pulses.jobs.js';
import { pulseRoutes } from './features/pulses/pulses.routes.js';
import { registerThreadJobs } from './features/threads/threads.jobs.js';
import { threadRoutes } from './features/threads/threads.routes.js';
import { Sessions } from './platform/auth.js';
import { type Clock, systemClock } from './platform/clock.js';
import { type AppContext, defaultRateRules, type RateRules } from './platform/context.js';
import { AppError, notFound, registerErrorHandling } from './platform/errors.js';
import { type EventBus, InProcessEventBus, RedisEventBus } from './platform/events.js';
import { type FileStore, LocalFileStore } from './platform/files.js';
import { S3FileStore } from './platform/files.s3.js';
import { healthRoutes } from './platform/health.js';
import { type JobQueue, type JobQueueOptions, TableJobQueue } from './platform/jobs.js';
import { PgBossJobQueue } from './platform/jobs.pgboss.js';
import { type Mailer, OutboxMailer, SmtpMailer } from './platform/mail.js';
import { createOriginCheck } from './platform/origin.js';
import { anonymous, authorize } from './platform/policy.js';
import { MemoryRateLimitStore, RateLimiter, type RateLimitStore, RedisRateLimitStore } from './platform/ratelimit.js';
import { computeSecurityHeaders, contentSecurityPolicy } from './platform/security-headers.js';
import { validatorCompiler } from './platform/validation.js';
import { routePolicies } from './policies.js';

export type AppOptions = {
  config: Config;
  /** Defaults to opening the configured database; tests pass their own. */
  database?: Database;
  clock?: Clock;
  mailer?: Mailer;
  /** Defaults to pg-boss on PostgreSQL, the jobs table on SQLite; only started by `main.ts` or `worker.ts`. */
  jobs?: JobQueue;
  /** Defaults to Redis pub/sub with `REDIS_URL`, else in-process. */
  events?: EventBus;
  /** Defaults to S3 with `S3_URL`, else a folder under the data directory; tests pass their own. */
  files?: FileStore;
  rateLimitStore?: RateLimitStore;
  rateRules?: Partial<RateRules>;
  logger?: FastifyServerOptions['logger'];
};

export const API_PREFIX = '/api/v1';

/** Every registered route with its policy and schema, for the route-coverage tests. */
export type CatalogRoute = {
  method: string;
  url: string;
  policy: string | undefined;
  schema: FastifySchema | undefined;
};

declare module 'fastify' {
  interface FastifyInstance {
    routeCatalog: CatalogRoute[];
    /** Started by `main.ts` in the embedded mode and by `worker.ts`; every process may enqueue. */
    jobs: JobQueue;
    /** Schedules the recurring jobs (digests) and starts working jobs in this process. */
    startJobs(): Promise<void>;
    /** The platform services, for tests and tooling that call services directly. */
    appContext: AppContext;
  }
}

// Email links carry one-time tokens in the query string; they must never land in a log file.
const serializeRequest = (request: FastifyRequest) => ({
  method: request.method,
  url: request.url.replace(/([?&]token=)[^&#]*/g, '$1[redacted]'),
  host: request.host,
  remoteAddress: request.ip,
  requestId: request.id,
});

/** Builds the whole application without listening; `main.ts` listens, tests inject. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const database =
    options.database ??
    openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: path.join(config.dataDir, 'roundtable.db') });
  const mailer =
    options.mailer ??
    (config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : new OutboxMailer(database.db, clock));
  const rateLimitStore =
    options.rateLimitStore ??
    (config.redisUrl ? new RedisRateLimitStore(config.redisUrl, clock) : new MemoryRateLimitStore(clock));
  const jobOptions: JobQueueOptions = {
    ...(config.jobLeaseMs ? { leaseMs: config.jobLeaseMs } : {}),
    onError: (err, job) => app.log.warn({ err, jobId: job.id, job: job.name }, 'background job attempt failed'),
  };
  const jobs: JobQueue =
    options.jobs ??
    (database.dialect === 'postgres'
      ? new PgBossJobQueue(database, clock, jobOptions)
      : new TableJobQueue(database, clock, jobOptions));
  const events: EventBus =
    options.events ?? (config.redisUrl ? new RedisEventBus(config.redisUrl) : new InProcessEventBus());
  const s3 = !options.files && config.s3 ? new S3FileStore(config.s3) : null;
  const files: FileStore = options.files ?? s3 ?? new LocalFileStore(path.join(config.dataDir, 'files'));
  const isHttps = config.publicUrl.protocol === 'https:';

  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    clock,
    mailer,
    jobs,
    events,
    files,
    sessions: new Sessions(database.db, clock, { sessionDays: config.sessionDays, secureCookies: isHttps }, events),
    rateLimiter: new RateLimiter(rateLimitStore, clock),
    rateRules: { ...defaultRateRules, ...options.rateRules },
  };

  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel, serializers: { req: serializeRequest } },
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  registerErrorHandling(app);

  const routeCatalog: CatalogRoute[] = [];
  app.decorate('routeCatalog', routeCatalog);
  app.decorate('jobs', jobs);
  app.decorate('appContext', ctx);
  registerAccountJobs(ctx);
  registerNotificationJobs(ctx);
  registerPulseJobs(ctx);
  registerPlanJobs(ctx);
  registerThreadJobs(ctx);
  registerMeetingJobs(ctx);
  app.decorate('startJobs', async () => {
    await scheduleNotificationJobs(ctx);
    await scheduleMeetingJobs(ctx);
    jobs.start();
  });
  // Running jobs finish (or go back to the queue) while the database is still open.
  app.addHook('preClose', () => jobs.stop());
  await ctx.sessions.listen();
  app.addHook('onClose', async () => {
    await ctx.sessions.close();
    await events.close();
    s3?.close();
  });
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD')
        routeCatalog.push({ method, url: route.url, policy: route.config?.policy, schema: route.schema });
    }
    const isApi = route.url.startsWith('/api/') || route.url === '/healthz' || route.url === '/readyz';
    const policy = route.config?.policy;
    if (isApi && (policy === undefined || !(policy in routePolicies))) {
      throw new Error(`Route ${route.method} ${route.url} declares no known policy; every API route must name one.`);
    }
  });

  await app.register(cookie);
  const securityHeaders = computeSecurityHeaders({
    contentSecurityPolicy: contentSecurityPolicy(isHttps),
    strictTransportSecurity: isHttps ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Roundtable API', version: '1', description: 'Professional peer-to-peer networks.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'rt_session' } } },
    },
  });

  const checkOrigin = createOriginCheck(config.publicUrl.origin);
  app.addHook('onRequest', async (request, reply) => {
    request.actor = anonymous;
    const policy = request.routeOptions.config.policy;
    if (policy === undefined) return;
    await checkOrigin(request);
    const token = ctx.sessions.readToken(request);
    if (policy !== 'public' && token) {
      const { actor, renewedUntil } = await ctx.sessions.resolve(token);
      request.actor = actor;
      if (renewedUntil) ctx.sessions.setCookie(reply, token, renewedUntil);
    }
    authorize(request.actor, policy, routePolicies[policy], undefined);
  });

  await app.register(healthRoutes, {
    checks: [() => database.ping(), () => rateLimitStore.ping()],
  });
  app.get('/api/openapi.json', { config: { policy: 'public' }, schema: { hide: true } }, () => app.swagger());

  await app.register(
    async (api) => {
      await api.register(accountRoutes, { ctx });
      await api.register(instanceRoutes, { ctx });
      await api.register(adminRoutes, { ctx });
      await api.register(profileRoutes, { ctx });
      await api.register(networkRoutes, { ctx });
      await api.register(membershipRoutes, { ctx });
      await api.register(invitationRoutes, { ctx });
      await api.register(notificationRoutes, { ctx });
      await api.register(liveRoutes, { ctx });
      await api.register(threadRoutes, { ctx });
      await api.register(moderationRoutes, { ctx });
      await api.register(pulseRoutes, { ctx });
      await api.register(meetingRoutes, { ctx });
      await api.register(assessmentRoutes, { ctx });
      await api.register(activityRoutes, { ctx });
      await api.register(planRoutes, { ctx });
    },
    { prefix: API_PREFIX },
  );

  const indexHtml = config.webDist ? path.join(config.webDist, 'index.html') : null;
  const servesWeb = config.webDist !== null && indexHtml !== null && fs.existsSync(indexHtml);
  if (servesWeb && config.webDist) {
    await app.register(fastifyStatic, {
      root: config.webDist,
      wildcard: false,
      index: false,
      setHeaders: (reply, filePath) => {
        // Vite fingerprints asset names, so they never change under the same URL.
        if (filePath.includes(`${path.sep}assets${path.sep}`))
          reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const isPage =
      request.method === 'GET' && !request.url.startsWith('/api/') && !path.extname(request.url.split('?')[0] ?? '');
    if (servesWeb && isPage) {
      // Client-side routes all load the same page; the router in the browser takes it from there.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    throw request.url.startsWith('/api/')
      ? new AppError('not_found', 'There is no such API endpoint.')
      : notFound('That page');
  });

  app.addHook('onClose', async () => {
    await mailer.close();
    await rateLimitStore.close();
    if (!options.database) await database.close();
  });

  return app;
}
