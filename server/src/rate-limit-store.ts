/**
 * The rate-limit store of several instances: counters in Redis (`rate-limit-redis`), so a limit
 * spent on one instance holds on the others.
 *
 * When Redis fails, a check falls back to this instance's own in-memory counters instead of
 * failing the request or letting it through unlimited: the limits then hold per instance (at most
 * N times the limit across N instances) until Redis answers again, with one warning per outage and
 * a metric per fallback. Rate limits guard against abuse, not correctness (the lock does that), so
 * keeping invitations and sign-ups available through a Redis outage is worth the looser bound.
 */
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import { MemoryStore } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import type { Logger } from './logger.js';
import { noMetrics, type Metrics } from './ops/metrics.js';
import type { RedisClient } from './redis.js';

export interface SharedStoreOptions {
  client: RedisClient;
  /** Key prefix, e.g. `org-widget:rl:invite:` (one per limiter). */
  prefix: string;
  logger: Logger;
  metrics?: Metrics;
}

/** An express-rate-limit Store on Redis with a per-instance fallback (see above). */
export class SharedRateLimitStore implements Store {
  readonly localKeys = false;
  readonly prefix: string;
  readonly #options: SharedStoreOptions;
  readonly #fallback = new MemoryStore();
  #limiterOptions: Options | undefined;
  /** The Redis store, or its pending initialization; recreated after a failure. */
  #redis: Promise<RedisStore> | undefined;
  #degraded = false;

  constructor(options: SharedStoreOptions) {
    this.#options = options;
    this.prefix = options.prefix;
  }

  init(options: Options): void {
    this.#limiterOptions = options;
    this.#fallback.init(options);
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    return this.#attempt(
      (store) => store.get(key),
      () => this.#fallback.get(key),
    );
  }

  async increment(key: string): Promise<IncrementResponse> {
    return this.#attempt(
      (store) => store.increment(key),
      () => this.#fallback.increment(key),
    );
  }

  async decrement(key: string): Promise<void> {
    return this.#attempt(
      (store) => store.decrement(key),
      () => this.#fallback.decrement(key),
    );
  }

  async resetKey(key: string): Promise<void> {
    this.#fallback.resetKey(key);
    await this.#attempt(
      (store) => store.resetKey(key),
      () => undefined,
    );
  }

  shutdown(): void {
    this.#fallback.shutdown();
  }

  #store(): Promise<RedisStore> {
    if (!this.#redis) {
      const { client } = this.#options;
      const store = new RedisStore({
        prefix: this.prefix,
        sendCommand: (command: string, ...args: string[]) =>
          client.call(command, ...args) as Promise<string | number>,
      });
      // The store loads its scripts in init; a failed load is retried by creating it anew.
      this.#redis = store.init(this.#limiterOptions as Options).then(() => store);
    }
    return this.#redis;
  }

  async #attempt<T>(
    shared: (store: RedisStore) => Promise<T>,
    fallback: () => T | Promise<T>,
  ): Promise<T> {
    try {
      const result = await shared(await this.#store());
      if (this.#degraded) {
        this.#degraded = false;
        this.#options.logger.info('rate limits shared again');
      }
      return result;
    } catch (error) {
      this.#redis = undefined;
      (this.#options.metrics ?? noMetrics).rateLimitStoreError();
      if (!this.#degraded) {
        this.#degraded = true;
        this.#options.logger.warn('rate limits fall back to this instance (redis failed)', {
          error: (error as Error).message,
        });
      }
      return fallback();
    }
  }
}
