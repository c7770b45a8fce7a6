import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ActivityView } from '@roundtable/contract/activity';
import { ErrorResponse } from '@roundtable/contract/errors';
import type { AppContext } from '../../platform/context.js';
import { signedIn } from '../../platform/policy.js';
import { getActivitySignals } from './activity.service.js';

export const activityRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/activity',
    {
      config: { policy: 'activity.own' },
      schema: {
        tags: ['assessments'],
        summary: 'What your activity in Roundtable says, per NQ dimension, counted from what you did',
        response: { 200: ActivityView, 401: ErrorResponse },
      },
    },
    (request) => getActivitySignals(ctx, signedIn(request.actor)),
  );
};
