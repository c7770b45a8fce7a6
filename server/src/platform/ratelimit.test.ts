import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock, MINUTE } from '../test/clock.js';
import { AppError } from './errors.js';
import { MemoryRateLimitStore, RateLimiter, type RateLimitStore, RedisRateLimitStore } from './ratelimit.js';

type StoreFactory = (clock: ManualClock) => RateLimitStore;

const stores: [string, StoreFactory][] = [['memory', (clock) => new MemoryRateLimitStore(clock)]];
const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) {
  stores.push([
    'redis',
    (clock) => new RedisRateLimitStore(redisUrl, clock, `rt:test:${randomBytes(4).toString('hex')}:`),
  ]);
}

describe.each(stores)('%s rate-limit store', (_name, makeStore) => {
  it('keeps one count per window length for the same key, through a sweep of past windows', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T12:00:00.000Z'));
    const store = makeStore(clock);
    try {
      await store.hit('tiered', MINUTE);
      await store.hit('tiered', MINUTE);
      await store.hit('tiered', 15 * MINUTE);
      expect(await store.count('tiered', MINUTE)).toBe(2);
      expect(await store.count('tiered', 15 * MINUTE)).toBe(1);
      for (let i = 0; i < 10_000; i++) await store.hit(`other-${i % 10}`, MINUTE);
      expect(await store.count('tiered', 15 * MINUTE)).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('counts hits per key within a window and starts again in the next one', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T12:00:00.000Z'));
    const store = makeStore(clock);
    try {
      expect(await store.hit('a', MINUTE)).toBe(1);
      expect(await store.hit('a', MINUTE)).toBe(2);
      expect(await store.hit('b', MINUTE)).toBe(1);
      expect(await store.count('a', MINUTE)).toBe(2);
      clock.advance(MINUTE);
      expect(await store.count('a', MINUTE)).toBe(0);
      expect(await store.hit('a', MINUTE)).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('makes the limiter refuse with 429 and a Retry-After once over the limit', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T12:00:30.000Z'));
    const store = makeStore(clock);
    const limiter = new RateLimiter(store, clock);
    const rule = { limit: 2, windowMs: MINUTE };
    try {
      await limiter.consume('k', rule, 'slow down');
      await limiter.consume('k', rule, 'slow down');
      const refusal = await limiter.consume('k', rule, 'slow down').catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(AppError);
      expect(refusal).toMatchObject({ code: 'rate_limited', statusCode: 429, retryAfterSeconds: 30 });
    } finally {
      await store.close();
    }
  });

  it('takes a batch from the allowance at once, and a refused batch costs nothing', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T12:00:00.000Z'));
    const store = makeStore(clock);
    const limiter = new RateLimiter(store, clock);
    const rule = { limit: 20, windowMs: 60 * MINUTE };
    try {
      await limiter.take('inviter', rule, 15, 'too many');
      const refusal = await limiter.take('inviter', rule, 10, 'too many').catch((error: unknown) => error);
      expect(refusal).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 3600 });
      expect(await store.count('inviter', rule.windowMs)).toBe(15);
      await limiter.take('inviter', rule, 5, 'too many');
      await expect(limiter.take('inviter', rule, 1, 'too many')).rejects.toMatchObject({ code: 'rate_limited' });
    } finally {
      await store.close();
    }
  });
});

it.runIf(redisUrl)('shares counters between two servers through Redis', async () => {
  const clock = new ManualClock();
  const prefix = `rt:test:${randomBytes(4).toString('hex')}:`;
  const first = new RedisRateLimitStore(redisUrl ?? '', clock, prefix);
  const second = new RedisRateLimitStore(redisUrl ?? '', clock, prefix);
  try {
    await first.hit('shared', MINUTE);
    expect(await second.hit('shared', MINUTE)).toBe(2);
  } finally {
    await first.close();
    await second.close();
  }
});
