import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '@roundtable/contract/errors';
import { Type } from 'typebox';
import { AppError } from './errors.js';

export type ReadinessCheck = () => Promise<void>;

const Status = Type.Object({ status: Type.String() });

/** Liveness says the process answers; readiness says its database (and Redis) answer too. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ checks: ReadinessCheck[] }> = async (app, { checks }) => {
  app.get(
    '/healthz',
    { config: { policy: 'public' }, logLevel: 'warn', schema: { hide: true, response: { 200: Status } } },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      config: { policy: 'public' },
      logLevel: 'warn',
      schema: { hide: true, response: { 200: Status, 503: ErrorResponse } },
    },
    async (request) => {
      try {
        await Promise.all(checks.map((check) => check()));
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        throw new AppError('unavailable', 'A backing service is not answering.');
      }
      return { status: 'ready' };
    },
  );
};
