import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { JobListQuery, JobPage, JobParams, JobView, OutboxPage } from '@roundtable/contract/admin';
import { PageQuery } from '@roundtable/contract/common';
import { ErrorResponse } from '@roundtable/contract/errors';
import type { AppContext } from '../../platform/context.js';
import { listJobs, listOutbox, retryJob } from './admin.service.js';

export const adminRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/admin/outbox',
    {
      config: { policy: 'admin.outbox.list' },
      schema: {
        tags: ['admin'],
        summary: 'Emails kept in the local outbox, newest first (host admins)',
        querystring: PageQuery,
        response: { 200: OutboxPage, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    (request) => listOutbox(ctx, request.query),
  );

  app.get(
    '/admin/jobs',
    {
      config: { policy: 'admin.jobs.list' },
      schema: {
        tags: ['admin'],
        summary: 'Background jobs, newest first, optionally of one status (host admins)',
        querystring: JobListQuery,
        response: { 200: JobPage, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    (request) => listJobs(ctx, request.query),
  );

  app.post(
    '/admin/jobs/:jobId/retry',
    {
      config: { policy: 'admin.jobs.retry' },
      schema: {
        tags: ['admin'],
        summary: 'Queue a failed job again with a fresh set of attempts (host admins)',
        params: JobParams,
        response: {
          200: JobView,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    (request) => retryJob(ctx, request.params.jobId),
  );
};
