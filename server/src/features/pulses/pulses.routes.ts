import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PageQuery } from '@roundtable/contract/common';
import { ErrorResponse } from '@roundtable/contract/errors';
import { NetworkParams } from '@roundtable/contract/networks';
import {
  MyPulsesQuery,
  PulseCreateBody,
  PulseDeadlineBody,
  PulseModerationBody,
  PulsePage,
  PulseParams,
  PulseResults,
  PulseView,
  ResponseBody,
  ResultsQuery,
} from '@roundtable/contract/pulses';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import { signedIn } from '../../platform/policy.js';
import {
  answerPulse,
  closePulseEarly,
  createPulse,
  declinePulse,
  extendPulse,
  getPulse,
  getResults,
  getResultsCsv,
  listMyPulses,
  listNetworkPulses,
  moderatePulse,
  reopenPulse,
} from './pulses.service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['pulses'];
const config = { policy: 'pulses.signedIn' } as const;

export const pulseRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/networks/:networkId/pulses',
    {
      config,
      schema: {
        tags,
        summary: 'Ask a pulse: a few quick questions to the network (and others of yours), 48 hours by default',
        params: NetworkParams,
        body: PulseCreateBody,
        response: { 201: PulseView, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createPulse(ctx, signedIn(request.actor), request.params.networkId, request.body)),
  );

  app.get(
    '/networks/:networkId/pulses',
    {
      config,
      schema: {
        tags,
        summary: "A network's pulses that you were asked or asked, newest first",
        params: NetworkParams,
        querystring: PageQuery,
        response: { 200: PulsePage, ...errors },
      },
    },
    (request) => listNetworkPulses(ctx, signedIn(request.actor), request.params.networkId, request.query),
  );

  app.get(
    '/me/pulses',
    {
      config,
      schema: {
        tags,
        summary: 'Your pulses: waiting for your answer, answered, asked by you, or all',
        querystring: MyPulsesQuery,
        response: { 200: PulsePage, ...errors },
      },
    },
    (request) => listMyPulses(ctx, signedIn(request.actor), request.query),
  );

  app.get(
    '/pulses/:pulseId',
    {
      config,
      schema: {
        tags,
        summary: 'A pulse with its questions, your answers and what you may do',
        params: PulseParams,
        response: { 200: PulseView, ...errors },
      },
    },
    (request) => getPulse(ctx, signedIn(request.actor), request.params.pulseId),
  );

  app.post(
    '/pulses/:pulseId/responses',
    {
      config,
      schema: {
        tags,
        summary: 'Answer the pulse, or change your answer until the deadline',
        params: PulseParams,
        body: ResponseBody,
        response: { 200: PulseView, ...errors },
      },
    },
    (request) => answerPulse(ctx, signedIn(request.actor), request.params.pulseId, request.body),
  );

  app.post(
    '/pulses/:pulseId/decline',
    {
      config,
      schema: {
        tags,
        summary: "Say you will not answer, so the asker's count stays honest",
        params: PulseParams,
        response: { 200: PulseView, ...errors },
      },
    },
    (request) => declinePulse(ctx, signedIn(request.actor), request.params.pulseId),
  );

  app.get(
    '/pulses/:pulseId/results',
    {
      config,
      schema: {
        tags,
        summary: 'Aggregated results, once enough peers answered; the asker may break them down by one field',
        params: PulseParams,
        querystring: ResultsQuery,
        response: { 200: PulseResults, ...errors },
      },
    },
    (request) => getResults(ctx, signedIn(request.actor), request.params.pulseId, request.query),
  );

  app.get(
    '/pulses/:pulseId/results.csv',
    {
      config,
      schema: {
        tags,
        summary: 'The aggregated results as CSV (never one row per person)',
        params: PulseParams,
        produces: ['text/csv'],
        response: { 200: Type.String(), ...errors },
      },
    },
    async (request, reply) => {
      const { filename, csv } = await getResultsCsv(ctx, signedIn(request.actor), request.params.pulseId);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );

  app.post(
    '/pulses/:pulseId/close',
    {
      config,
      schema: {
        tags,
        summary: 'Close your pulse now',
        params: PulseParams,
        response: { 200: PulseView, ...errors },
      },
    },
    (request) => closePulseEarly(ctx, signedIn(request.actor), request.params.pulseId),
  );

  app.post(
    '/pulses/:pulseId/extend',
    {
      config,
      schema: {
        tags,
        summary: 'Move your open pulse’s deadline later, once',
        params: PulseParams,
        body: PulseDeadlineBody,
        response: { 200: PulseView, ...errors },
      },
    },
    (request) => extendPulse(ctx, signedIn(request.actor), request.params.pulseId, request.body.closesAt),
  );

  app.post(
    '/pulses/:pulseId/reopen',
    {
      config,
      schema: {
        tags,
        summary: 'Re-open your closed pulse with a new deadline',
        params: PulseParams,
        body: PulseDeadlineBody,
        response: { 200: PulseView, ...errors },
      },
    },
    (request) => reopenPulse(ctx, signedIn(request.actor), request.params.pulseId, request.body.closesAt),
  );

  app.post(
    '/pulses/:pulseId/moderation',
    {
      config,
      schema: {
        tags,
        summary: 'Hide an improper pulse with a reason, or show it again (facilitators, host admins); logged',
        params: PulseParams,
        body: PulseModerationBody,
        response: { 200: PulseView, ...errors },
      },
    },
    (request) => moderatePulse(ctx, signedIn(request.actor), request.params.pulseId, request.body),
  );
};
