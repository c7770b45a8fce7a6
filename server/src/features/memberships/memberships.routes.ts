import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { OkResponse } from '@roundtable/contract/common';
import {
  ApplicationBody,
  ApplicationListQuery,
  ApplicationPage,
  ApplicationParams,
  ApplicationView,
  DecisionBody,
  FacilitatorBody,
  JoinBody,
  MemberListQuery,
  MembershipPage,
  MembershipView,
  NetworkMemberParams,
  NetworkParams,
  NetworkView,
  OwnApplicationView,
  RemovalBody,
} from '@roundtable/contract/networks';
import type { AppContext } from '../../platform/context.js';
import { errorResponses } from '../../platform/errors.js';
import { signedIn } from '../../platform/policy.js';
import {
  acceptCharter,
  applyToNetwork,
  appointFacilitator,
  decideApplication,
  dismissFacilitator,
  joinNetwork,
  leaveNetwork,
  listMembers,
  listNetworkApplications,
  removeMember,
} from './memberships.service.js';

const networkErrors = errorResponses(400, 401, 403, 404, 409);

export const membershipRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const policy = 'networks.signedIn' as const;
  const tags = ['memberships'];

  app.post(
    '/networks/:networkId/join',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'Join, accepting the current charter: open networks, or after approval or an invitation',
        params: NetworkParams,
        body: JoinBody,
        response: { 200: NetworkView, ...networkErrors },
      },
    },
    (request) => joinNetwork(ctx, signedIn(request.actor), request.params.networkId, request.body.charterVersion),
  );

  app.post(
    '/networks/:networkId/charter/accept',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'Accept the charter again after it changed',
        params: NetworkParams,
        body: JoinBody,
        response: { 200: NetworkView, ...networkErrors },
      },
    },
    (request) => acceptCharter(ctx, signedIn(request.actor), request.params.networkId, request.body.charterVersion),
  );

  app.post(
    '/networks/:networkId/leave',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'Leave a network',
        params: NetworkParams,
        response: { 200: OkResponse, ...networkErrors },
      },
    },
    async (request) => {
      await leaveNetwork(ctx, signedIn(request.actor), request.params.networkId);
      return { ok: true as const };
    },
  );

  app.get(
    '/networks/:networkId/members',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'Members in the order they joined (members, facilitators, host admins)',
        params: NetworkParams,
        querystring: MemberListQuery,
        response: { 200: MembershipPage, ...networkErrors },
      },
    },
    (request) => listMembers(ctx, signedIn(request.actor), request.params.networkId, request.query),
  );

  app.post(
    '/networks/:networkId/members/:memberId/removal',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'Remove a member, with a reason they are told (facilitators)',
        params: NetworkMemberParams,
        body: RemovalBody,
        response: { 200: OkResponse, ...networkErrors },
      },
    },
    async (request) => {
      const { networkId, memberId } = request.params;
      await removeMember(ctx, signedIn(request.actor), networkId, memberId, request.body.reason);
      return { ok: true as const };
    },
  );

  app.post(
    '/networks/:networkId/facilitators',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'Appoint a facilitator (facilitators, host admins)',
        params: NetworkParams,
        body: FacilitatorBody,
        response: { 200: MembershipView, ...networkErrors },
      },
    },
    (request) => appointFacilitator(ctx, signedIn(request.actor), request.params.networkId, request.body.memberId),
  );

  app.delete(
    '/networks/:networkId/facilitators/:memberId',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'A facilitator steps down to member; the network keeps at least one',
        params: NetworkMemberParams,
        response: { 200: MembershipView, ...networkErrors },
      },
    },
    (request) => dismissFacilitator(ctx, signedIn(request.actor), request.params.networkId, request.params.memberId),
  );

  app.post(
    '/networks/:networkId/applications',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'Apply to a network that takes members by application',
        params: NetworkParams,
        body: ApplicationBody,
        response: { 201: OwnApplicationView, ...networkErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await applyToNetwork(ctx, signedIn(request.actor), request.params.networkId, request.body)),
  );

  app.get(
    '/networks/:networkId/applications',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'The review queue with each applicant’s profile and conflicts (facilitators)',
        params: NetworkParams,
        querystring: ApplicationListQuery,
        response: { 200: ApplicationPage, ...networkErrors },
      },
    },
    (request) => listNetworkApplications(ctx, signedIn(request.actor), request.params.networkId, request.query),
  );

  app.post(
    '/networks/:networkId/applications/:applicationId/decision',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'Approve or decline an application with a message (facilitators)',
        params: ApplicationParams,
        body: DecisionBody,
        response: { 200: ApplicationView, ...networkErrors },
      },
    },
    (request) =>
      decideApplication(
        ctx,
        signedIn(request.actor),
        request.params.networkId,
        request.params.applicationId,
        request.body,
      ),
  );
};
