import http from 'node:http';

/**
 * The SSE scenario's clients, in a process of their own (forked by run.ts) like the load
 * generator: opens `count` streams to `/api/v1/events?threadId=…`, reports when all are open,
 * waits for the runner's go (it reads the server's RSS in between), then posts one reply to that
 * thread and times how long the `reply.created` event takes to reach each stream.
 */
export type SseJob = {
  baseUrl: string;
  cookie: string;
  threadId: string;
  count: number;
  replyBody: string;
};

export type SseSummary = {
  streams: number;
  openMs: number;
  postMs: number;
  received: number;
  deliveryP50Ms: number;
  deliveryP99Ms: number;
  deliveryMaxMs: number;
};

const OPEN_AT_ONCE = 50;
const DELIVERY_TIMEOUT_MS = 30_000;

function openStream(job: SseJob, onEvent: (type: string) => void): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      `${job.baseUrl}/api/v1/events?threadId=${job.threadId}`,
      { agent: false, headers: { cookie: job.cookie, accept: 'text/event-stream' } },
      (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`GET /api/v1/events answered ${response.statusCode}`));
          response.resume();
          return;
        }
        response.setEncoding('utf8');
        let opened = false;
        response.on('data', (chunk: string) => {
          if (!opened) {
            opened = true;
            resolve(request);
          }
          for (const match of chunk.matchAll(/^event: (\S+)$/gm)) if (match[1]) onEvent(match[1]);
        });
      },
    );
    request.on('error', reject);
  });
}

async function run(job: SseJob, waitForGo: () => Promise<void>): Promise<SseSummary> {
  const deliveredAt: number[] = [];
  let postedAt = Number.POSITIVE_INFINITY;
  let allDelivered: () => void = () => {};
  const delivered = new Promise<void>((resolve) => {
    allDelivered = resolve;
  });
  const requests: http.ClientRequest[] = [];
  const openStarted = performance.now();
  for (let opened = 0; opened < job.count; opened += OPEN_AT_ONCE) {
    const batch = Math.min(OPEN_AT_ONCE, job.count - opened);
    requests.push(
      ...(await Promise.all(
        Array.from({ length: batch }, () => {
          let seen = false;
          return openStream(job, (type) => {
            if (seen || type !== 'reply.created' || performance.now() < postedAt) return;
            seen = true;
            deliveredAt.push(performance.now() - postedAt);
            if (deliveredAt.length === job.count) allDelivered();
          });
        }),
      )),
    );
  }
  const openMs = performance.now() - openStarted;
  await waitForGo();

  postedAt = performance.now();
  const response = await fetch(`${job.baseUrl}/api/v1/threads/${job.threadId}/replies`, {
    method: 'POST',
    headers: { cookie: job.cookie, 'content-type': 'application/json' },
    body: job.replyBody,
  });
  const postMs = performance.now() - postedAt;
  if (response.status !== 201)
    throw new Error(`posting the reply answered ${response.status}: ${await response.text()}`);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([delivered, new Promise((resolve) => (timer = setTimeout(resolve, DELIVERY_TIMEOUT_MS)))]);
  // A pending timer would keep this process, and so the runner waiting for it, alive for 30 s.
  clearTimeout(timer);
  for (const request of requests) request.destroy();

  const sorted = [...deliveredAt].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? Number.NaN;
  return {
    streams: requests.length,
    openMs,
    postMs,
    received: sorted.length,
    deliveryP50Ms: at(0.5),
    deliveryP99Ms: at(0.99),
    deliveryMaxMs: sorted.at(-1) ?? Number.NaN,
  };
}

process.once('message', (job: SseJob) => {
  const waitForGo = () =>
    new Promise<void>((resolve) => {
      process.once('message', () => resolve());
      process.send?.({ open: true });
    });
  run(job, waitForGo).then(
    (summary) => process.send?.({ summary }, () => process.disconnect()),
    (error: unknown) =>
      process.send?.({ error: error instanceof Error ? error.message : String(error) }, () => process.disconnect()),
  );
});
