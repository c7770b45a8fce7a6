import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  MeUpdateBody,
  MeView,
  PasswordChangeBody,
  PasswordResetCompleteBody,
  PasswordResetRequestBody,
  SignInBody,
  SignUpBody,
  VerifyEmailBody,
} from '@roundtable/contract/accounts';
import { OkResponse } from '@roundtable/contract/common';
import { ErrorResponse } from '@roundtable/contract/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import { signedIn } from '../../platform/policy.js';
import {
  changePassword,
  completePasswordReset,
  getMe,
  type RequestMeta,
  requestPasswordReset,
  resendVerification,
  type SignedIn,
  signIn,
  signOut,
  signUp,
  updateMe,
  verifyEmail,
} from './accounts.service.js';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  409: ErrorResponse,
  429: ErrorResponse,
};
const NoContent = Type.Null({ description: 'No content' });

const metaOf = (request: FastifyRequest): RequestMeta => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'],
  log: request.log,
});

export const accountRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const startSession = (reply: FastifyReply, signedInResult: SignedIn) => {
    ctx.sessions.setCookie(reply, signedInResult.token, signedInResult.expiresAt);
    return signedInResult.me;
  };

  app.post(
    '/auth/sign-up',
    {
      config: { policy: 'auth.signUp' },
      schema: {
        tags: ['accounts'],
        summary: 'Create an account and sign in',
        body: SignUpBody,
        response: { 201: MeView, ...errors },
      },
    },
    async (request, reply) => {
      const result = await signUp(ctx, request.actor, request.body, metaOf(request));
      return reply.status(201).send(startSession(reply, result));
    },
  );

  app.post(
    '/auth/sign-in',
    {
      config: { policy: 'auth.signIn' },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with email and password',
        body: SignInBody,
        response: { 200: MeView, ...errors },
      },
    },
    async (request, reply) => startSession(reply, await signIn(ctx, request.body, metaOf(request))),
  );

  app.post(
    '/auth/sign-out',
    {
      config: { policy: 'auth.signOut' },
      schema: { tags: ['accounts'], summary: 'End this session', response: { 204: NoContent, ...errors } },
    },
    async (request, reply) => {
      await signOut(ctx, request.actor);
      ctx.sessions.clearCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/password-reset',
    {
      config: { policy: 'auth.passwordReset' },
      schema: {
        tags: ['accounts'],
        summary: 'Email a password-reset link (answers the same whether or not the account exists)',
        body: PasswordResetRequestBody,
        response: { 202: OkResponse, ...errors },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(ctx, request.body.email, metaOf(request));
      return reply.status(202).send({ ok: true });
    },
  );

  app.post(
    '/auth/password-reset/complete',
    {
      config: { policy: 'auth.passwordReset' },
      schema: {
        tags: ['accounts'],
        summary: 'Set a new password with the emailed token; signs out every other session',
        body: PasswordResetCompleteBody,
        response: { 200: MeView, ...errors },
      },
    },
    async (request, reply) => startSession(reply, await completePasswordReset(ctx, request.body, metaOf(request))),
  );

  app.post(
    '/auth/verify-email',
    {
      config: { policy: 'auth.verifyEmail' },
      schema: {
        tags: ['accounts'],
        summary: 'Confirm an email address with the emailed token',
        body: VerifyEmailBody,
        response: { 200: OkResponse, ...errors },
      },
    },
    async (request) => {
      await verifyEmail(ctx, request.body.token);
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/verify-email/resend',
    {
      config: { policy: 'auth.verifyEmail.resend' },
      schema: {
        tags: ['accounts'],
        summary: 'Send the confirmation email again',
        response: { 202: OkResponse, ...errors },
      },
    },
    async (request, reply) => {
      await resendVerification(ctx, signedIn(request.actor), metaOf(request));
      return reply.status(202).send({ ok: true });
    },
  );

  app.get(
    '/me',
    {
      config: { policy: 'me.read' },
      schema: { tags: ['accounts'], summary: 'The signed-in account', response: { 200: MeView, ...errors } },
    },
    (request) => getMe(ctx, signedIn(request.actor)),
  );

  app.patch(
    '/me',
    {
      config: { policy: 'me.update' },
      schema: {
        tags: ['accounts'],
        summary: 'Change your name and profile; profile fields left out stay, null clears one',
        body: MeUpdateBody,
        response: { 200: MeView, ...errors },
      },
    },
    (request) => updateMe(ctx, signedIn(request.actor), request.body),
  );

  app.post(
    '/me/password',
    {
      config: { policy: 'me.password.change' },
      schema: {
        tags: ['accounts'],
        summary: 'Change your password; signs out your other sessions',
        body: PasswordChangeBody,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await changePassword(ctx, signedIn(request.actor), request.body, metaOf(request));
      return reply.status(204).send(null);
    },
  );
};
