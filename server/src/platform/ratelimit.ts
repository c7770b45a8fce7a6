import { Redis } from 'ioredis';
import type { Clock } from './clock.js';
import { AppError } from './errors.js';

/**
 * Fixed-window counters. The window index comes from the app's clock, so a test can move time
 * on either store.
 */
export interface RateLimitStore {
  /** Adds `amount` (one by default; negative to give back) to the key's counter in the current window and answers the new count. */
  hit(key: string, windowMs: number, amount?: number): Promise<number>;
  /** The key's count in the current window, without adding to it. */
  count(key: string, windowMs: number): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type RateRule = { limit: number; windowMs: number };

const windowOf = (clock: Clock, windowMs: number) => Math.floor(clock.now().getTime() / windowMs);

export class MemoryRateLimitStore implements RateLimitStore {
  private readonly counters = new Map<string, { window: number; windowMs: number; count: number }>();
  private sweeps = 0;

  constructor(private readonly clock: Clock) {}

  async hit(key: string, windowMs: number, amount = 1): Promise<number> {
    const window = windowOf(this.clock, windowMs);
    // One counter per key and window length, as in Redis: tiers of one key must not share a count.
    const counterKey = `${key}:${windowMs}`;
    const current = this.counters.get(counterKey);
    const count = (current && current.window === window ? current.count : 0) + amount;
    this.counters.set(counterKey, { window, windowMs, count });
    if (++this.sweeps % 10_000 === 0) this.sweep();
    return count;
  }

  async count(key: string, windowMs: number): Promise<number> {
    const current = this.counters.get(`${key}:${windowMs}`);
    return current && current.window === windowOf(this.clock, windowMs) ? current.count : 0;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.counters.clear();
  }

  // Counters from past windows are dead weight; drop them now and then so memory stays flat.
  private sweep(): void {
    const nowMs = this.clock.now().getTime();
    for (const [key, entry] of this.counters) {
      if ((entry.window + 1) * entry.windowMs <= nowMs) this.counters.delete(key);
    }
  }
}

export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: Redis;

  constructor(
    redisUrl: string,
    private readonly clock: Clock,
    private readonly prefix = 'rt:rl:',
  ) {
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
  }

  private keyFor(key: string, windowMs: number): string {
    return `${this.prefix}${key}:${windowMs}:${windowOf(this.clock, windowMs)}`;
  }

  async hit(key: string, windowMs: number, amount = 1): Promise<number> {
    const redisKey = this.keyFor(key, windowMs);
    const [[, count]] = (await this.redis
      .multi()
      .incrby(redisKey, amount)
      .pexpire(redisKey, windowMs * 2)
      .exec()) as [[Error | null, number]];
    return count;
  }

  async count(key: string, windowMs: number): Promise<number> {
    return Number((await this.redis.get(this.keyFor(key, windowMs))) ?? 0);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}

export class RateLimiter {
  constructor(
    private readonly store: RateLimitStore,
    private readonly clock: Clock,
  ) {}

  private retryAfter(windowMs: number): number {
    const nowMs = this.clock.now().getTime();
    return Math.max(1, Math.ceil(((Math.floor(nowMs / windowMs) + 1) * windowMs - nowMs) / 1000));
  }

  private refuse(rule: RateRule, message: string): never {
    throw new AppError('rate_limited', message, { retryAfterSeconds: this.retryAfter(rule.windowMs) });
  }

  /** Counts one attempt and refuses it (429) once the key is over its limit. */
  async consume(key: string, rule: RateRule, message: string): Promise<void> {
    if ((await this.store.hit(key, rule.windowMs)) > rule.limit) this.refuse(rule, message);
  }

  /**
   * Takes `amount` from the key's allowance in one step (e.g. one per email of a batch), or refuses
   * (429) and gives it back, so a refused batch costs nothing and concurrent batches never both pass.
   */
  async take(key: string, rule: RateRule, amount: number, message: string): Promise<void> {
    if ((await this.store.hit(key, rule.windowMs, amount)) > rule.limit) {
      await this.store.hit(key, rule.windowMs, -amount);
      this.refuse(rule, message);
    }
  }

  /** Refuses (429) while the key has reached its limit, without counting this attempt. */
  async assertUnder(key: string, rule: RateRule, message: string): Promise<void> {
    if ((await this.store.count(key, rule.windowMs)) >= rule.limit) this.refuse(rule, message);
  }

  /** Counts a failure against a key checked with `assertUnder`. */
  async record(key: string, rule: RateRule): Promise<void> {
    await this.store.hit(key, rule.windowMs);
  }

  /**
   * `assertUnder` for tiers of growing windows: refused (429) while any tier is full, with the
   * wait of the longest full one, so each tier passed slows the next attempt down more.
   */
  async assertUnderEach(key: string, rules: readonly RateRule[], message: string): Promise<void> {
    let longest: RateRule | undefined;
    for (const rule of rules) {
      const isFull = (await this.store.count(key, rule.windowMs)) >= rule.limit;
      if (isFull && (!longest || rule.windowMs > longest.windowMs)) longest = rule;
    }
    if (longest) this.refuse(longest, message);
  }

  /** Counts a failure in every tier checked with `assertUnderEach`. */
  async recordEach(key: string, rules: readonly RateRule[]): Promise<void> {
    for (const rule of rules) await this.store.hit(key, rule.windowMs);
  }
}
