import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

/** A live event for the people watching a channel, e.g. `user:<id>` for one member's notifications. */
export type LiveEvent = { type: string; data: unknown };
export type LiveListener = (event: LiveEvent) => void;

/**
 * Delivers live events to every server process: in-process in embedded mode, over Redis pub/sub
 * when `REDIS_URL` is set, so a member connected to one server hears what another server published.
 * Delivery is best effort; what matters is also stored (notifications), so a missed event only
 * means a later refresh.
 */
export interface EventBus {
  publish(channel: string, event: LiveEvent): Promise<void>;
  /** Answers the function that stops listening. */
  subscribe(channel: string, listener: LiveListener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Publishes a live event; the bus is best effort, so a failure to publish never fails the request. */
export async function publishBestEffort(events: EventBus, channel: string, event: LiveEvent): Promise<void> {
  await events.publish(channel, event).catch(() => undefined);
}

export class InProcessEventBus implements EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open SSE connection; thousands are expected.
    this.emitter.setMaxListeners(0);
  }

  async publish(channel: string, event: LiveEvent): Promise<void> {
    this.emitter.emit(channel, event);
  }

  async subscribe(channel: string, listener: LiveListener): Promise<() => Promise<void>> {
    this.emitter.on(channel, listener);
    return async () => {
      this.emitter.off(channel, listener);
    };
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/**
 * Redis pub/sub with one subscriber connection per process: the first local listener of a
 * channel subscribes it in Redis, the last one to leave unsubscribes.
 */
export class RedisEventBus implements EventBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly local = new InProcessEventBus();
  private readonly counts = new Map<string, number>();

  constructor(
    redisUrl: string,
    private readonly prefix = 'rt:events:',
  ) {
    this.publisher = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
    this.subscriber = new Redis(redisUrl);
    this.subscriber.on('message', (redisChannel: string, message: string) => {
      if (!redisChannel.startsWith(this.prefix)) return;
      try {
        void this.local.publish(redisChannel.slice(this.prefix.length), JSON.parse(message) as LiveEvent);
      } catch {
        // A malformed message from another process is dropped; nothing stored depends on it.
      }
    });
  }

  async publish(channel: string, event: LiveEvent): Promise<void> {
    await this.publisher.publish(this.prefix + channel, JSON.stringify(event));
  }

  async subscribe(channel: string, listener: LiveListener): Promise<() => Promise<void>> {
    const count = this.counts.get(channel) ?? 0;
    this.counts.set(channel, count + 1);
    if (count === 0) await this.subscriber.subscribe(this.prefix + channel);
    const stop = await this.local.subscribe(channel, listener);
    return async () => {
      await stop();
      const left = (this.counts.get(channel) ?? 1) - 1;
      if (left > 0) {
        this.counts.set(channel, left);
        return;
      }
      this.counts.delete(channel);
      await this.subscriber.unsubscribe(this.prefix + channel).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    await this.local.close();
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}
