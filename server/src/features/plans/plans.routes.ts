import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '@roundtable/contract/errors';
import {
  ActionCreateBody,
  ActionParams,
  ActionUpdateBody,
  GoalParams,
  GoalUpdateBody,
  PlanActionListQuery,
  PlanActionPage,
  PlanActionView,
  PlanProposalView,
  PlanReplaceBody,
  PlanView,
} from '@roundtable/contract/plans';
import type { AppContext } from '../../platform/context.js';
import { signedIn } from '../../platform/policy.js';
import {
  addAction,
  deleteAction,
  deleteGoal,
  getPlan,
  listPlanActions,
  proposePlan,
  replacePlan,
  updateAction,
  updateGoal,
} from './plans.service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

export const planRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['plan'];
  const config = { policy: 'plan.own' } as const;

  app.get(
    '/plan',
    {
      config,
      schema: {
        tags,
        summary: 'Your networking plan: goals, actions and progress',
        response: { 200: PlanView, ...errors },
      },
    },
    (request) => getPlan(ctx, signedIn(request.actor)),
  );

  app.get(
    '/plan/proposal',
    {
      config,
      schema: {
        tags,
        summary: 'A plan proposed from the two weakest dimensions of your latest NQ, with networks to join',
        response: { 200: PlanProposalView, ...errors },
      },
    },
    (request) => proposePlan(ctx, signedIn(request.actor)),
  );

  app.put(
    '/plan',
    {
      config,
      schema: {
        tags,
        summary: 'Accept a proposal or save your edited plan; goals and actions keep their ids',
        body: PlanReplaceBody,
        response: { 200: PlanView, ...errors },
      },
    },
    (request) => replacePlan(ctx, signedIn(request.actor), request.body),
  );

  app.get(
    '/plan/actions',
    {
      config,
      schema: {
        tags,
        summary: 'Your plan’s actions that have a due date, soonest first',
        querystring: PlanActionListQuery,
        response: { 200: PlanActionPage, ...errors },
      },
    },
    (request) => listPlanActions(ctx, signedIn(request.actor), request.query),
  );

  app.patch(
    '/plan/goals/:goalId',
    {
      config,
      schema: {
        tags,
        summary: 'Change a goal’s title, target date or dimension',
        params: GoalParams,
        body: GoalUpdateBody,
        response: { 200: PlanView, ...errors },
      },
    },
    (request) => updateGoal(ctx, signedIn(request.actor), request.params.goalId, request.body),
  );

  app.delete(
    '/plan/goals/:goalId',
    {
      config,
      schema: {
        tags,
        summary: 'Remove a goal and its actions',
        params: GoalParams,
        response: { 200: PlanView, ...errors },
      },
    },
    (request) => deleteGoal(ctx, signedIn(request.actor), request.params.goalId),
  );

  app.post(
    '/plan/goals/:goalId/actions',
    {
      config,
      schema: {
        tags,
        summary: 'Add an action to a goal',
        params: GoalParams,
        body: ActionCreateBody,
        response: { 201: PlanActionView, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addAction(ctx, signedIn(request.actor), request.params.goalId, request.body)),
  );

  app.patch(
    '/plan/actions/:actionId',
    {
      config,
      schema: {
        tags,
        summary: 'Tick an action, or change its title or due date',
        params: ActionParams,
        body: ActionUpdateBody,
        response: { 200: PlanActionView, ...errors },
      },
    },
    (request) => updateAction(ctx, signedIn(request.actor), request.params.actionId, request.body),
  );

  app.delete(
    '/plan/actions/:actionId',
    {
      config,
      schema: { tags, summary: 'Remove an action', params: ActionParams, response: { 200: PlanView, ...errors } },
    },
    (request) => deleteAction(ctx, signedIn(request.actor), request.params.actionId),
  );
};
