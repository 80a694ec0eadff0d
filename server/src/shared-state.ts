/**
 * What the instances of one deployment share. With `ORG_REDIS_URL`: one Redis client, the
 * per-organization lock on it and rate-limit counters in it. Without: an in-process lock and
 * in-memory counters, exactly one process's view (the single-instance default).
 */
import type { Store } from 'express-rate-limit';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { createMemoryLock, type OrgLock } from './locks/org-lock.js';
import { createRedisLock } from './locks/redis-lock.js';
import { noMetrics, type Metrics } from './ops/metrics.js';
import { SharedRateLimitStore } from './rate-limit-store.js';
import { closeRedisClient, createRedisClient, type RedisClient } from './redis.js';

/** The rate limiters of the companion API (one counter namespace each). */
export type RateLimiterName = 'create' | 'invite' | 'my-invitations';

export interface SharedState {
  /** The Redis client (null without `ORG_REDIS_URL`); live updates duplicate it for pub/sub. */
  readonly redis: RedisClient | null;
  readonly lock: OrgLock;
  /** The store of one limiter; undefined: express-rate-limit's in-memory store. */
  rateLimitStore(name: RateLimiterName): Store | undefined;
  /** Releases held locks, then closes Redis (shutdown, after in-flight requests finished). */
  close(): Promise<void>;
}

export function createSharedState(options: {
  config: Pick<Config, 'redis'>;
  logger: Logger;
  metrics?: Metrics;
  /** An existing client to use instead of connecting to `config.redis.url` (not closed here). */
  redis?: RedisClient;
}): SharedState {
  const { config, logger } = options;
  const metrics = options.metrics ?? noMetrics;
  const url = config.redis.url;
  if (!url && !options.redis) {
    const lock = createMemoryLock({ metrics, waitMs: config.redis.lockWaitMs });
    return {
      redis: null,
      lock,
      rateLimitStore: () => undefined,
      close: () => lock.close(),
    };
  }
  const owned = !options.redis;
  const client = options.redis ?? createRedisClient({ url: url as string, logger });
  const prefix = config.redis.prefix;
  const lock = createRedisLock({
    client,
    prefix,
    leaseMs: config.redis.lockLeaseMs,
    waitMs: config.redis.lockWaitMs,
    logger,
    metrics,
  });
  return {
    redis: client,
    lock,
    rateLimitStore: (name) =>
      new SharedRateLimitStore({ client, prefix: `${prefix}rl:${name}:`, logger, metrics }),
    async close() {
      await lock.close();
      if (owned) await closeRedisClient(client);
    },
  };
}
