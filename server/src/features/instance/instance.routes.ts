import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { InstanceSettingsUpdateBody, InstanceSettingsView, PublicInstanceView } from '@roundtable/contract/admin';
import { ErrorResponse } from '@roundtable/contract/errors';
import type { AppContext } from '../../platform/context.js';
import { getInstanceSettings, getPublicInstance, updateInstanceSettings } from './instance.service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

export const instanceRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/instance',
    {
      config: { policy: 'instance.readPublic' },
      schema: {
        tags: ['instance'],
        summary: 'What anyone may know about this instance',
        response: { 200: PublicInstanceView },
      },
    },
    () => getPublicInstance(ctx.db),
  );

  app.get(
    '/instance/settings',
    {
      config: { policy: 'instance.settings.manage' },
      schema: {
        tags: ['instance'],
        summary: 'Instance settings (host admins)',
        response: { 200: InstanceSettingsView, ...errors },
      },
    },
    () => getInstanceSettings(ctx.db),
  );

  app.patch(
    '/instance/settings',
    {
      config: { policy: 'instance.settings.manage' },
      schema: {
        tags: ['instance'],
        summary: 'Change instance settings (host admins)',
        body: InstanceSettingsUpdateBody,
        response: { 200: InstanceSettingsView, ...errors },
      },
    },
    (request) => updateInstanceSettings(ctx.db, request.body),
  );
};
