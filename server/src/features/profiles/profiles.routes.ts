import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '@roundtable/contract/errors';
import {
  AVATAR_MAX_BYTES,
  AvatarQuery,
  MemberParams,
  MemberView,
  OwnProfileView,
  ProfileOptionsView,
} from '@roundtable/contract/profiles';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { signedIn } from '../../platform/policy.js';
import { getAvatar, getMember, getProfileOptions, removeAvatar, replaceAvatar } from './profiles.service.js';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  413: ErrorResponse,
  415: ErrorResponse,
};

// Sent as raw bytes; a Buffer payload bypasses the JSON serialiser.
const AvatarImage = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'A 256×256 WebP image' });

/** The one uploaded file's bytes; the size limit is enforced while streaming, before any of it is kept. */
async function readUpload(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) {
    throw new AppError('unsupported_media_type', 'Send the picture as multipart/form-data with one file field.');
  }
  const file = await request.file({ limits: { fileSize: AVATAR_MAX_BYTES, files: 1, fields: 0, parts: 1 } });
  if (!file) {
    throw new AppError('validation_failed', 'Choose a picture to upload.', {
      details: [{ path: '/file', message: 'is missing' }],
    });
  }
  const bytes = await file.toBuffer();
  if (file.file.truncated) {
    throw new AppError('payload_too_large', `The picture is larger than ${AVATAR_MAX_BYTES / 1024 / 1024} MB.`);
  }
  return bytes;
}

export const profileRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  // Only the avatar upload takes multipart bodies; registered here, every other route keeps refusing them.
  await app.register(multipart, {
    limits: { fileSize: AVATAR_MAX_BYTES, files: 1, fields: 0, parts: 1 },
    throwFileSizeLimit: true,
  });

  app.get(
    '/profile-options',
    {
      config: { policy: 'profileOptions.read' },
      schema: {
        tags: ['profiles'],
        summary: 'The fixed lists a profile draws on: levels, functions, industries, regions, company sizes',
        response: { 200: ProfileOptionsView },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return getProfileOptions();
    },
  );

  app.get(
    '/members/:memberId',
    {
      config: { policy: 'members.read' },
      schema: {
        tags: ['profiles'],
        summary: "A member's profile, with only the fields you may see",
        params: MemberParams,
        response: { 200: MemberView, ...errors },
      },
    },
    (request) => getMember(ctx, request.actor, request.params.memberId),
  );

  app.get(
    '/members/:memberId/avatar',
    {
      config: { policy: 'members.read' },
      schema: {
        tags: ['profiles'],
        summary: "A member's picture, 256×256 WebP",
        params: MemberParams,
        querystring: AvatarQuery,
        produces: ['image/webp'],
        response: { 200: AvatarImage, ...errors },
      },
    },
    async (request, reply) => {
      const image = await getAvatar(ctx, request.actor, request.params.memberId);
      // The URL changes with every new picture, so a browser may keep this one as long as it likes.
      return reply
        .type('image/webp')
        .header('cache-control', request.query.v ? 'private, max-age=31536000, immutable' : 'private, no-cache')
        .send(image);
    },
  );

  app.put(
    '/me/avatar',
    {
      config: { policy: 'me.avatar.update' },
      schema: {
        tags: ['profiles'],
        summary: 'Upload your picture (JPEG, PNG or WebP up to 5 MB, field `file`); it is cropped to a square',
        consumes: ['multipart/form-data'],
        response: { 200: OwnProfileView, ...errors },
      },
    },
    async (request) => replaceAvatar(ctx, signedIn(request.actor), await readUpload(request)),
  );

  app.delete(
    '/me/avatar',
    {
      config: { policy: 'me.avatar.update' },
      schema: { tags: ['profiles'], summary: 'Remove your picture', response: { 200: OwnProfileView, ...errors } },
    },
    (request) => removeAvatar(ctx, signedIn(request.actor)),
  );
};
