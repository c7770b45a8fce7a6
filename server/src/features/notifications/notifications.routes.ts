import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '@roundtable/contract/errors';
import {
  NotificationListQuery,
  NotificationPage,
  NotificationParams,
  NotificationPreferencesUpdateBody,
  NotificationPreferencesView,
  NotificationView,
  UnreadCountView,
  UnsubscribeQuery,
  UnsubscribeView,
} from '@roundtable/contract/notifications';
import type { AppContext } from '../../platform/context.js';
import { signedIn } from '../../platform/policy.js';
import {
  getPreferences,
  listNotifications,
  markAllRead,
  markRead,
  unsubscribe,
  updatePreferences,
} from './notifications.service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse };

export const notificationRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['notifications'];

  app.get(
    '/notifications',
    {
      config: { policy: 'notifications.own' },
      schema: {
        tags,
        summary: 'Your notifications, newest first, with the count of unread ones',
        querystring: NotificationListQuery,
        response: { 200: NotificationPage, ...errors },
      },
    },
    (request) => listNotifications(ctx, signedIn(request.actor), request.query),
  );

  app.post(
    '/notifications/:notificationId/read',
    {
      config: { policy: 'notifications.own' },
      schema: {
        tags,
        summary: 'Mark one notification read',
        params: NotificationParams,
        response: { 200: NotificationView, ...errors },
      },
    },
    (request) => markRead(ctx, signedIn(request.actor), request.params.notificationId),
  );

  app.post(
    '/notifications/read-all',
    {
      config: { policy: 'notifications.own' },
      schema: { tags, summary: 'Mark every notification read', response: { 200: UnreadCountView, ...errors } },
    },
    (request) => markAllRead(ctx, signedIn(request.actor)),
  );

  app.get(
    '/me/notification-preferences',
    {
      config: { policy: 'notifications.own' },
      schema: {
        tags,
        summary: 'How each kind of notification reaches you, the digest and quiet hours',
        response: { 200: NotificationPreferencesView, ...errors },
      },
    },
    (request) => getPreferences(ctx, signedIn(request.actor)),
  );

  app.patch(
    '/me/notification-preferences',
    {
      config: { policy: 'notifications.own' },
      schema: {
        tags,
        summary: 'Change how notifications reach you',
        body: NotificationPreferencesUpdateBody,
        response: { 200: NotificationPreferencesView, ...errors },
      },
    },
    (request) => updatePreferences(ctx, signedIn(request.actor), request.body),
  );

  const oneClickRoutes: FastifyPluginAsyncTypebox = async (oneClick) => {
    // Mail clients POST the one-click unsubscribe as a form (RFC 8058); its body says nothing more.
    oneClick.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, _body, done) =>
      done(null, undefined),
    );
    oneClick.post(
      '/notifications/unsubscribe',
      {
        config: { policy: 'notifications.unsubscribe' },
        schema: {
          tags,
          summary: 'One-click unsubscribe from an email (RFC 8058); the link’s token is the only credential',
          querystring: UnsubscribeQuery,
          response: { 200: UnsubscribeView, ...errors },
        },
      },
      (request) => unsubscribe(ctx, request.query.token, request.query.kind),
    );
  };
  await app.register(oneClickRoutes);
};
