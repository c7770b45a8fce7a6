import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { OkResponse, PageQuery } from '@roundtable/contract/common';
import { ErrorResponse } from '@roundtable/contract/errors';
import { NetworkParams } from '@roundtable/contract/networks';
import {
  FlagBody,
  FlagListQuery,
  FlagPage,
  FlagParams,
  FlagView,
  ModerationLogPage,
  ReplyModerationBody,
  ReplyParams,
  ReplyView,
  RevealBody,
  RevealedAuthorView,
  ThreadModerationBody,
  ThreadParams,
  ThreadView,
} from '@roundtable/contract/threads';
import type { AppContext } from '../../platform/context.js';
import { signedIn } from '../../platform/policy.js';
import {
  flagReply,
  flagThread,
  listModerationEntries,
  listNetworkFlags,
  moderateReply,
  moderateThread,
  resolveFlag,
  revealReplyAuthor,
  revealThreadAuthor,
} from './moderation.service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
// Moderation is part of the discussions in the API document, as it always was.
const tags = ['discussions'];
const signedInOnly = { policy: 'moderation.signedIn' } as const;

export const moderationRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/networks/:networkId/flags',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: 'Posts members flagged to the facilitators (facilitators, host admins)',
        params: NetworkParams,
        querystring: FlagListQuery,
        response: { 200: FlagPage, ...errors },
      },
    },
    (request) => listNetworkFlags(ctx, signedIn(request.actor), request.params.networkId, request.query),
  );

  app.post(
    '/flags/:flagId/resolve',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: 'Close a flag once it is dealt with (facilitators, host admins)',
        params: FlagParams,
        response: { 200: FlagView, ...errors },
      },
    },
    (request) => resolveFlag(ctx, signedIn(request.actor), request.params.flagId),
  );

  app.post(
    '/threads/:threadId/moderation',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: 'Pin, lock, hide with a reason, unhide or move a thread (facilitators, host admins); logged',
        params: ThreadParams,
        body: ThreadModerationBody,
        response: { 200: ThreadView, ...errors },
      },
    },
    (request) => moderateThread(ctx, signedIn(request.actor), request.params.threadId, request.body),
  );

  app.post(
    '/threads/:threadId/flags',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: 'Flag a thread to the facilitators with a reason',
        params: ThreadParams,
        body: FlagBody,
        response: { 201: OkResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await flagThread(ctx, signedIn(request.actor), request.params.threadId, request.body)),
  );

  app.post(
    '/threads/:threadId/author-reveal',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: "Reveal an anonymous thread's author (host admins, with a reason written to the audit log)",
        params: ThreadParams,
        body: RevealBody,
        response: { 200: RevealedAuthorView, ...errors },
      },
    },
    (request) => revealThreadAuthor(ctx, signedIn(request.actor), request.params.threadId, request.body),
  );

  app.post(
    '/replies/:replyId/moderation',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: 'Hide a reply with a reason, unhide it, or nudge its author toward experience over advice; logged',
        params: ReplyParams,
        body: ReplyModerationBody,
        response: { 200: ReplyView, ...errors },
      },
    },
    (request) => moderateReply(ctx, signedIn(request.actor), request.params.replyId, request.body),
  );

  app.post(
    '/replies/:replyId/flags',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: 'Flag a reply to the facilitators with a reason',
        params: ReplyParams,
        body: FlagBody,
        response: { 201: OkResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await flagReply(ctx, signedIn(request.actor), request.params.replyId, request.body)),
  );

  app.post(
    '/replies/:replyId/author-reveal',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: "Reveal an anonymous reply's author (host admins, with a reason written to the audit log)",
        params: ReplyParams,
        body: RevealBody,
        response: { 200: RevealedAuthorView, ...errors },
      },
    },
    (request) => revealReplyAuthor(ctx, signedIn(request.actor), request.params.replyId, request.body),
  );

  app.get(
    '/admin/moderation-log',
    {
      config: { policy: 'moderationLog.list' },
      schema: {
        tags,
        summary: 'Every moderation action and author reveal, newest first (host admins)',
        querystring: PageQuery,
        response: { 200: ModerationLogPage, ...errors },
      },
    },
    (request) => listModerationEntries(ctx, request.query),
  );
};
