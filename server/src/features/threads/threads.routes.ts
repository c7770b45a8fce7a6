import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '@roundtable/contract/errors';
import { NetworkParams } from '@roundtable/contract/networks';
import {
  FeedQuery,
  MarkdownPreviewBody,
  MarkdownPreviewView,
  ReadBody,
  ReadResult,
  RepliesQuery,
  ReplyCreateBody,
  ReplyPage,
  ReplyParams,
  ReplyUpdateBody,
  ReplyView,
  ResolutionBody,
  ThreadCreateBody,
  ThreadPage,
  ThreadParams,
  ThreadQuery,
  ThreadUpdateBody,
  ThreadView,
  ThreadWithRepliesView,
} from '@roundtable/contract/threads';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import { renderMarkdown } from '../../platform/markdown.js';
import { signedIn } from '../../platform/policy.js';
import {
  createReply,
  createThread,
  deleteReply,
  deleteThread,
  exportThread,
  getThread,
  listReplies,
  listThreads,
  markAllRead,
  markThreadRead,
  resolveThread,
  setHelpful,
  updateReply,
  updateThread,
} from './threads.service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['discussions'];
const signedInOnly = { policy: 'threads.signedIn' } as const;

export const threadRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/networks/:networkId/threads',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: "A network's discussions: pinned first, then latest activity, with your unread marks",
        params: NetworkParams,
        querystring: FeedQuery,
        response: { 200: ThreadPage, ...errors },
      },
    },
    (request) => listThreads(ctx, signedIn(request.actor), request.params.networkId, request.query),
  );

  app.post(
    '/networks/:networkId/threads',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: 'Ask your peers: start a discussion or a question, anonymously if you wish',
        params: NetworkParams,
        body: ThreadCreateBody,
        response: { 201: ThreadView, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createThread(ctx, signedIn(request.actor), request.params.networkId, request.body)),
  );

  app.post(
    '/networks/:networkId/threads/read-all',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: 'Mark every thread of the network read',
        params: NetworkParams,
        response: { 200: ReadResult, ...errors },
      },
    },
    (request) => markAllRead(ctx, signedIn(request.actor), request.params.networkId),
  );

  app.get(
    '/threads/:threadId',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary:
          'A thread with its rendered body, what you may do with it, where you stopped reading, and its first page of replies',
        params: ThreadParams,
        querystring: ThreadQuery,
        response: { 200: ThreadWithRepliesView, ...errors },
      },
    },
    (request) => getThread(ctx, signedIn(request.actor), request.params.threadId, request.query),
  );

  app.patch(
    '/threads/:threadId',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: 'Edit your thread; the thread shows it was edited',
        params: ThreadParams,
        body: ThreadUpdateBody,
        response: { 200: ThreadView, ...errors },
      },
    },
    (request) => updateThread(ctx, signedIn(request.actor), request.params.threadId, request.body),
  );

  app.delete(
    '/threads/:threadId',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: 'Delete your thread: its text goes, its replies stay readable',
        params: ThreadParams,
        response: { 200: ThreadView, ...errors },
      },
    },
    (request) => deleteThread(ctx, signedIn(request.actor), request.params.threadId),
  );

  app.post(
    '/threads/:threadId/resolution',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: 'Mark your question resolved by a reply, or re-open it',
        params: ThreadParams,
        body: ResolutionBody,
        response: { 200: ThreadView, ...errors },
      },
    },
    (request) => resolveThread(ctx, signedIn(request.actor), request.params.threadId, request.body.replyId),
  );

  app.post(
    '/threads/:threadId/read',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: 'Record how far you have read the thread',
        params: ThreadParams,
        body: ReadBody,
        response: { 200: ReadResult, ...errors },
      },
    },
    (request) => markThreadRead(ctx, signedIn(request.actor), request.params.threadId, request.body.position),
  );

  app.get(
    '/threads/:threadId/export',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: 'The thread and its replies as a Markdown file, authors as you may know them',
        params: ThreadParams,
        produces: ['text/markdown'],
        response: { 200: Type.String(), ...errors },
      },
    },
    async (request, reply) => {
      const { filename, markdown } = await exportThread(ctx, signedIn(request.actor), request.params.threadId);
      return reply
        .type('text/markdown; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(markdown);
    },
  );

  app.get(
    '/threads/:threadId/replies',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: "A thread's replies in order, from the start or from your first unread",
        params: ThreadParams,
        querystring: RepliesQuery,
        response: { 200: ReplyPage, ...errors },
      },
    },
    (request) => listReplies(ctx, signedIn(request.actor), request.params.threadId, request.query),
  );

  app.post(
    '/threads/:threadId/replies',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: 'Reply, quoting a reply or mentioning peers if you wish, anonymously if you wish',
        params: ThreadParams,
        body: ReplyCreateBody,
        response: { 201: ReplyView, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createReply(ctx, signedIn(request.actor), request.params.threadId, request.body)),
  );

  app.patch(
    '/replies/:replyId',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: 'Edit your reply; it shows it was edited',
        params: ReplyParams,
        body: ReplyUpdateBody,
        response: { 200: ReplyView, ...errors },
      },
    },
    (request) => updateReply(ctx, signedIn(request.actor), request.params.replyId, request.body),
  );

  app.delete(
    '/replies/:replyId',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: 'Delete your reply; the thread keeps its place',
        params: ReplyParams,
        response: { 200: ReplyView, ...errors },
      },
    },
    (request) => deleteReply(ctx, signedIn(request.actor), request.params.replyId),
  );

  app.post(
    '/replies/:replyId/helpful',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: 'Mark a reply helpful',
        params: ReplyParams,
        response: { 200: ReplyView, ...errors },
      },
    },
    (request) => setHelpful(ctx, signedIn(request.actor), request.params.replyId, true),
  );

  app.delete(
    '/replies/:replyId/helpful',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: 'Take back your helpful mark',
        params: ReplyParams,
        response: { 200: ReplyView, ...errors },
      },
    },
    (request) => setHelpful(ctx, signedIn(request.actor), request.params.replyId, false),
  );

  app.post(
    '/markdown/preview',
    {
      config: signedInOnly,
      schema: {
        tags,
        summary: 'Render Markdown exactly as a post will show it',
        body: MarkdownPreviewBody,
        response: { 200: MarkdownPreviewView, ...errors },
      },
    },
    (request) => ({ html: renderMarkdown(request.body.body) }),
  );
};
