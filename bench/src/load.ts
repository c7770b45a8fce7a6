import { randomInt } from 'node:crypto';
import autocannon, { type Request } from 'autocannon';

/**
 * The load generator, run in its own process (forked by run.ts) so that it never competes with
 * the measured server for the same event loop. Receives one job over IPC, answers a summary.
 */
export type LoadJob = {
  url: string;
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  /** GET unless given; a POST sends the same `body` on every request. */
  method?: 'GET' | 'POST';
  body?: string;
  /**
   * Sends every request with an `X-Forwarded-For` address of its own, so a server started with
   * TRUST_PROXY=true counts each one against a different client IP (sign-in's per-IP limit).
   */
  distinctClientIps?: boolean;
};

export type LoadSummary = {
  requestsPerSecond: number;
  requests: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  bytesPerSecond: number;
  durationSeconds: number;
};

async function runJob(job: LoadJob): Promise<LoadSummary> {
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.durationSeconds,
    headers: job.headers ?? {},
    method: job.method ?? 'GET',
    ...(job.body === undefined ? {} : { body: job.body }),
    ...(job.distinctClientIps ? { requests: [{ setupRequest: withClientIp(randomInt(2 ** 24)) }] } : {}),
  });
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerSecond: result.throughput.average,
    durationSeconds: result.duration,
  };
}

/** A new 10.x.y.z address per request, from a random start so the warm-up's and the run's differ. */
function withClientIp(start: number): (request: Request) => Request {
  let next = start;
  return (request) => {
    const n = next++ % 2 ** 24;
    const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
    return { ...request, headers: { ...request.headers, 'x-forwarded-for': ip } };
  };
}

process.once('message', (job: LoadJob) => {
  runJob(job).then(
    (summary) => process.send?.({ summary }, () => process.disconnect()),
    (error: unknown) =>
      process.send?.({ error: error instanceof Error ? error.message : String(error) }, () => process.disconnect()),
  );
});
