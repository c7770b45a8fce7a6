import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '@roundtable/contract/errors';
import { EventsQuery } from '@roundtable/contract/threads';
import { isSessionEnded, type SessionsEnded, sessionsChannel } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { signedIn } from '../../platform/policy.js';
import { authorizeMeetingChannel } from '../meetings/meetings.service.js';
import { userChannel } from '../notifications/notifications.service.js';
import { authorizeLiveChannels } from '../threads/threads.service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse };

/** Comments keep proxies from closing an idle stream. */
const HEARTBEAT_MS = 25_000;

/**
 * Server-Sent Events: one stream per browser tab carries the member's notifications and the live
 * events of the network or thread they are viewing, each channel authorised by the feature that owns it.
 */
export const liveRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  // The stream was documented with the notifications, and stays there in the API document.
  const tags = ['notifications'];
  // Open streams never end by themselves; a graceful shutdown ends them so it need not wait.
  const openStreams = new Set<{ end(): void }>();
  // Open event streams one account may hold, per server: the cap bounds what one account can hold
  // open on each process; a browser tab holds one.
  const streamsByUser = new Map<string, Set<{ end(): void }>>();
  app.addHook('preClose', async () => {
    for (const stream of openStreams) stream.end();
  });

  app.get(
    '/events',
    {
      config: { policy: 'events.stream' },
      schema: {
        tags,
        summary:
          'Server-Sent Events: your notifications as they happen, and new threads and replies in the network or thread you are viewing',
        querystring: EventsQuery,
        produces: ['text/event-stream'],
        response: errors,
      },
    },
    async (request, reply) => {
      const actor = signedIn(request.actor);
      // Checked before the stream opens, so a network or thread the viewer may not see answers 404 like the API.
      const channels = [
        userChannel(actor.userId),
        ...(await authorizeLiveChannels(ctx, actor, request.query)),
        ...(await authorizeMeetingChannel(ctx, actor, request.query.meetingId)),
      ];
      const expiresAt = await ctx.sessions.findExpiry(actor.sessionId);
      if (!expiresAt) throw new AppError('unauthenticated', 'Sign in to continue.');
      const own = streamsByUser.get(actor.userId) ?? new Set<{ end(): void }>();
      if (own.size >= ctx.config.streamsPerUser) {
        // Refused rather than closing the oldest: browsers do not reconnect after a 429, while
        // closing the oldest would make the eleventh tab and the first evict each other forever.
        throw new AppError('rate_limited', 'Too many live connections are open for your account. Close a tab.', {
          retryAfterSeconds: 60,
        });
      }
      const headers = Object.fromEntries(
        Object.entries(reply.getHeaders()).filter(
          (entry): entry is [string, string | number | string[]] => entry[1] !== undefined,
        ),
      );
      reply.hijack();
      const stream = reply.raw;
      own.add(stream);
      streamsByUser.set(actor.userId, own);
      openStreams.add(stream);
      stream.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      stream.write('retry: 5000\n\n');
      const stops: (() => Promise<void>)[] = [];
      const timers: NodeJS.Timeout[] = [];
      let isClosed = false;
      // Ends the stream for good; the browser's reconnect then meets the session check above.
      const close = () => {
        if (isClosed) return;
        isClosed = true;
        own.delete(stream);
        if (own.size === 0) streamsByUser.delete(actor.userId);
        openStreams.delete(stream);
        for (const timer of timers) clearInterval(timer);
        void Promise.all(stops.map((stopOne) => stopOne())).catch(() => undefined);
        stream.end();
      };
      request.raw.once('close', close);
      const isExpired = () => ctx.clock.now().toISOString() >= expiresAt;
      try {
        stops.push(
          await ctx.events.subscribe(sessionsChannel(actor.userId), (event) => {
            if (isSessionEnded(actor.sessionId, event.data as SessionsEnded)) close();
          }),
        );
        for (const channel of channels)
          stops.push(
            await ctx.events.subscribe(channel, (event) => {
              if (isExpired()) return close();
              stream.write(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
            }),
          );
      } catch (error) {
        // The browser reconnects after `retry`; the event bus may be back by then.
        request.log.error({ err: error }, 'live events unavailable');
        close();
        return;
      }
      // The bus is best effort, so each heartbeat also asks the database whether the session still holds.
      const heartbeat = setInterval(() => {
        void ctx.sessions.findExpiry(actor.sessionId).then(
          (stillUntil) => (stillUntil ? stream.write(': keep-alive\n\n') : close()),
          () => undefined,
        );
      }, HEARTBEAT_MS);
      heartbeat.unref();
      timers.push(heartbeat);
      const untilExpiry = Date.parse(expiresAt) - ctx.clock.now().getTime();
      // A timer cannot wait longer than about 24.8 days; the heartbeat's check covers the rest.
      if (untilExpiry < 2 ** 31 - 1) {
        const expiry = setTimeout(close, untilExpiry);
        expiry.unref();
        timers.push(expiry);
      }
    },
  );
};
