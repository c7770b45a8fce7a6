import http from 'node:http';
import { TEST_ORIGIN } from './app.js';

export type SseEvent = { event: string; data: unknown };

/**
 * Opens `GET /api/v1/events` (or `path`, e.g. with `?threadId=`) on a listening server as the
 * given session and collects events until `stop()`. `next(type)` waits for the first event of
 * that type; `ended` settles when the server closes the stream, `body` holds everything it sent.
 */
export function openEventStream(port: number, cookie: string, path = '/api/v1/events') {
  const events: SseEvent[] = [];
  const waiters: { type: string; resolve: (event: SseEvent) => void }[] = [];
  let statusCode = 0;
  let buffer = '';
  let body = '';
  let stop = () => {};
  let markEnded = () => {};
  const ended = new Promise<void>((resolve) => {
    markEnded = resolve;
  });
  const opened = new Promise<number>((resolve, reject) => {
    const request = http.get(
      {
        host: '127.0.0.1',
        port,
        path,
        headers: { cookie, origin: TEST_ORIGIN, accept: 'text/event-stream' },
      },
      (response) => {
        statusCode = response.statusCode ?? 0;
        resolve(statusCode);
        response.setEncoding('utf8');
        response.on('end', () => markEnded());
        response.on('close', () => markEnded());
        response.on('data', (chunk: string) => {
          body += chunk;
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const type = block.match(/^event: (.+)$/m)?.[1];
            const data = block.match(/^data: (.+)$/m)?.[1];
            if (!type || data === undefined) continue;
            const event = { event: type, data: JSON.parse(data) as unknown };
            events.push(event);
            for (const waiter of waiters.filter((w) => w.type === type)) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve(event);
            }
          }
        });
      },
    );
    request.on('error', reject);
    stop = () => request.destroy();
  });
  return {
    opened,
    events,
    ended,
    get body() {
      return body;
    },
    next(type: string, timeoutMs = 5000): Promise<SseEvent> {
      const seen = events.find((event) => event.event === type);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          type,
          resolve: (event) => {
            clearTimeout(timer);
            resolve(event);
          },
        });
      });
    },
    stop: () => stop(),
  };
}
