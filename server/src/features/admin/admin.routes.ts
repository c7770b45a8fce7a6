import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { OutboxPage } from '@roundtable/contract/admin';
import { PageQuery } from '@roundtable/contract/common';
import { ErrorResponse } from '@roundtable/contract/errors';
import type { AppContext } from '../../platform/context.js';
import { listOutbox } from './admin.service.js';

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
};
