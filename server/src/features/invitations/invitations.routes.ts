import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PageQuery } from '@roundtable/contract/common';
import {
  EmailInvitationBody,
  EmailInvitationsView,
  InvitationAcceptBody,
  InvitationAcceptedView,
  InvitationPage,
  InvitationParams,
  InvitationPreviewView,
  InvitationTokenParams,
  InvitationView,
  InviteLinkBody,
  InviteLinkView,
  NetworkParams,
} from '@roundtable/contract/networks';
import type { AppContext } from '../../platform/context.js';
import { errorResponses } from '../../platform/errors.js';
import { signedIn } from '../../platform/policy.js';
import {
  acceptInvitation,
  createInviteLink,
  inviteByEmail,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from './invitations.service.js';

const networkErrors = errorResponses(400, 401, 403, 404, 409);

export const invitationRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['invitations'];

  app.post(
    '/networks/:networkId/invitations',
    {
      config: { policy: 'networks.signedIn' },
      schema: {
        tags,
        summary: 'Invite people by email with a one-time link (facilitators; members where the network allows)',
        params: NetworkParams,
        body: EmailInvitationBody,
        response: { 201: EmailInvitationsView, ...networkErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await inviteByEmail(ctx, signedIn(request.actor), request.params.networkId, request.body, request.log)),
  );

  app.post(
    '/networks/:networkId/invite-links',
    {
      config: { policy: 'networks.signedIn' },
      schema: {
        tags,
        summary: 'Create an expiring invite link to share; its URL is shown only now',
        params: NetworkParams,
        body: InviteLinkBody,
        response: { 201: InviteLinkView, ...networkErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createInviteLink(ctx, signedIn(request.actor), request.params.networkId, request.body)),
  );

  app.get(
    '/networks/:networkId/invitations',
    {
      config: { policy: 'networks.signedIn' },
      schema: {
        tags,
        summary: 'Invitations sent and links shared, newest first (facilitators)',
        params: NetworkParams,
        querystring: PageQuery,
        response: { 200: InvitationPage, ...networkErrors },
      },
    },
    (request) => listInvitations(ctx, signedIn(request.actor), request.params.networkId, request.query),
  );

  app.delete(
    '/networks/:networkId/invitations/:invitationId',
    {
      config: { policy: 'networks.signedIn' },
      schema: {
        tags,
        summary: 'Withdraw an invitation or link (its sender, facilitators)',
        params: InvitationParams,
        response: { 200: InvitationView, ...networkErrors },
      },
    },
    (request) => revokeInvitation(ctx, signedIn(request.actor), request.params.networkId, request.params.invitationId),
  );

  app.get(
    '/invitations/:token',
    {
      config: { policy: 'invitations.preview' },
      schema: {
        tags,
        summary: 'What an invitation offers: the network, its charter, who invited you (no sign-in needed)',
        params: InvitationTokenParams,
        response: { 200: InvitationPreviewView, ...networkErrors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return previewInvitation(ctx, request.params.token);
    },
  );

  app.post(
    '/invitations/:token/accept',
    {
      config: { policy: 'networks.signedIn' },
      schema: {
        tags,
        summary: 'Accept an invitation; with `charterVersion` it joins the network at once',
        params: InvitationTokenParams,
        body: InvitationAcceptBody,
        response: { 200: InvitationAcceptedView, ...networkErrors },
      },
    },
    (request) => acceptInvitation(ctx, signedIn(request.actor), request.params.token, request.body),
  );
};
