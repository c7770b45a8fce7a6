import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AssessmentCreateBody,
  AssessmentPage,
  AssessmentParams,
  AssessmentView,
  InstrumentView,
} from '@roundtable/contract/assessments';
import { PageQuery } from '@roundtable/contract/common';
import { ErrorResponse } from '@roundtable/contract/errors';
import type { AppContext } from '../../platform/context.js';
import { signedIn } from '../../platform/policy.js';
import { getAssessment, getInstrument, listAssessments, takeAssessment } from './assessments.service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

export const assessmentRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['assessments'];

  app.get(
    '/assessments/instrument',
    {
      config: { policy: 'assessments.instrument' },
      schema: {
        tags,
        summary: 'The current Networking Quotient instrument: statements, dimensions, scale and bands',
        response: { 200: InstrumentView, ...errors },
      },
    },
    () => getInstrument(),
  );

  app.post(
    '/assessments',
    {
      config: { policy: 'assessments.take' },
      schema: {
        tags,
        summary:
          'Score an NQ answer sheet: stored in your history when signed in (201), only returned to a visitor (200)',
        body: AssessmentCreateBody,
        response: { 200: AssessmentView, 201: AssessmentView, ...errors },
      },
    },
    async (request, reply) => {
      const { created, view } = await takeAssessment(ctx, request.actor, request.body);
      return reply.code(created ? 201 : 200).send(view);
    },
  );

  app.get(
    '/assessments',
    {
      config: { policy: 'assessments.own' },
      schema: {
        tags,
        summary: 'Your NQ results, newest first',
        querystring: PageQuery,
        response: { 200: AssessmentPage, ...errors },
      },
    },
    (request) => listAssessments(ctx, signedIn(request.actor), request.query),
  );

  app.get(
    '/assessments/:assessmentId',
    {
      config: { policy: 'assessments.own' },
      schema: {
        tags,
        summary: 'One of your NQ results with its advice',
        params: AssessmentParams,
        response: { 200: AssessmentView, ...errors },
      },
    },
    (request) => getAssessment(ctx, signedIn(request.actor), request.params.assessmentId),
  );
};
