import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PageQuery } from '@roundtable/contract/common';
import {
  DirectoryQuery,
  NetworkCreateBody,
  NetworkPage,
  NetworkParams,
  NetworkUpdateBody,
  NetworkView,
  ProposalDecisionBody,
} from '@roundtable/contract/networks';
import type { AppContext } from '../../platform/context.js';
import { errorResponses } from '../../platform/errors.js';
import { signedIn } from '../../platform/policy.js';
import {
  createNetwork,
  decideProposal,
  getNetwork,
  listDirectory,
  listMyNetworks,
  listProposals,
  updateNetwork,
} from './networks.service.js';

const networkErrors = errorResponses(400, 401, 403, 404, 409);

export const networkRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/networks',
    {
      config: { policy: 'networks.signedIn' },
      schema: {
        tags: ['networks'],
        summary: 'The network directory: listed networks and your unlisted ones, best fit for you first',
        querystring: DirectoryQuery,
        response: { 200: NetworkPage, ...networkErrors },
      },
    },
    (request) => listDirectory(ctx, signedIn(request.actor), request.query),
  );

  app.post(
    '/networks',
    {
      config: { policy: 'networks.signedIn' },
      schema: {
        tags: ['networks'],
        summary: 'Create a network (host admins), or propose one when the instance lets members',
        body: NetworkCreateBody,
        response: { 201: NetworkView, ...networkErrors },
      },
    },
    async (request, reply) => reply.code(201).send(await createNetwork(ctx, signedIn(request.actor), request.body)),
  );

  app.get(
    '/me/networks',
    {
      config: { policy: 'networks.signedIn' },
      schema: {
        tags: ['networks'],
        summary: 'The networks you belong to, most recently joined first',
        querystring: PageQuery,
        response: { 200: NetworkPage, ...networkErrors },
      },
    },
    (request) => listMyNetworks(ctx, signedIn(request.actor), request.query),
  );

  app.get(
    '/network-proposals',
    {
      config: { policy: 'networkProposals.list' },
      schema: {
        tags: ['networks'],
        summary: 'Networks members proposed, waiting for a decision (host admins)',
        querystring: PageQuery,
        response: { 200: NetworkPage, ...networkErrors },
      },
    },
    (request) => listProposals(ctx, signedIn(request.actor), request.query),
  );

  app.get(
    '/networks/:networkId',
    {
      config: { policy: 'networks.signedIn' },
      schema: {
        tags: ['networks'],
        summary: 'A network by id or slug, with its charter and what you may do in it',
        params: NetworkParams,
        response: { 200: NetworkView, ...networkErrors },
      },
    },
    (request) => getNetwork(ctx, signedIn(request.actor), request.params.networkId),
  );

  app.patch(
    '/networks/:networkId',
    {
      config: { policy: 'networks.signedIn' },
      schema: {
        tags: ['networks'],
        summary: 'Edit a network (facilitators, host admins); a new charter text is a new version',
        params: NetworkParams,
        body: NetworkUpdateBody,
        response: { 200: NetworkView, ...networkErrors },
      },
    },
    (request) => updateNetwork(ctx, signedIn(request.actor), request.params.networkId, request.body),
  );

  app.post(
    '/networks/:networkId/proposal-decision',
    {
      config: { policy: 'networks.signedIn' },
      schema: {
        tags: ['networks'],
        summary: 'Approve or decline a proposed network (host admins)',
        params: NetworkParams,
        body: ProposalDecisionBody,
        response: { 200: NetworkView, ...networkErrors },
      },
    },
    (request) => decideProposal(ctx, signedIn(request.actor), request.params.networkId, request.body),
  );
};
