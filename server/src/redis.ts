/**
 * The Redis connection shared by the instances of a deployment (ioredis). One client per process
 * carries the per-organization lock and the rate-limit counters; a subscriber (live updates) takes
 * its own connection with `duplicate()`.
 *
 * Settings chosen so a Redis outage is seen at once instead of piling up requests:
 * - no offline queue: while disconnected, a command fails immediately (the lock fails closed, the
 *   rate limits fall back to per-instance counters) instead of waiting for the reconnect;
 * - a command timeout, so a Redis that accepts but never answers also fails fast;
 * - reconnection forever, with a capped backoff, so recovery needs no restart.
 *
 * The URL may carry a password: it is never logged.
 */
import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

export type RedisClient = Redis;

export interface RedisClientOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). */
  url: string;
  logger: Logger;
  /** A command without an answer after this long fails. Default 1000 ms. */
  commandTimeoutMs?: number;
  /** Longest pause between reconnection attempts. Default 1000 ms. */
  maxReconnectDelayMs?: number;
  /** Shown by `CLIENT LIST` on the Redis side. Default `org-widget`. */
  connectionName?: string;
}

/**
 * Creates a connected (connecting) client with the settings above, logging each outage once when
 * it starts and once when it ends.
 */
export function createRedisClient(options: RedisClientOptions): RedisClient {
  const { logger } = options;
  const maxDelay = options.maxReconnectDelayMs ?? 1000;
  const client = new Redis(options.url, {
    connectionName: options.connectionName ?? 'org-widget',
    enableOfflineQueue: false,
    commandTimeout: options.commandTimeoutMs ?? 1000,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 10), maxDelay),
    // A failover to a replica answers READONLY: reconnect (to the new primary) and fail the command.
    reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 1 : false),
  });
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn('redis unreachable', { error: error.message });
  });
  client.on('ready', () => {
    if (down) logger.info('redis reachable again');
    down = false;
  });
  return client;
}

/** Quits politely (pending replies first), or disconnects when Redis does not answer in time. */
export async function closeRedisClient(client: RedisClient, timeoutMs = 1000): Promise<void> {
  if (client.status === 'end') return;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.quit().catch(() => undefined),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
