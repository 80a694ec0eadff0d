/**
 * The Redis bus's commands on ioredis (the client of `redis.ts`): PUBLISH on the shared client, and
 * SUBSCRIBE on a connection of its own (`duplicate()`: a subscribed connection can do nothing
 * else). ioredis subscribes again by itself after a reconnection.
 *
 * The shared client fails commands at once while Redis is down (no offline queue), so a publish
 * during an outage rejects (logged; the elements heal on their next refresh). The subscriber
 * queues its SUBSCRIBE until Redis answers; a stream waits at most `subscribeWaitMs` for it and
 * then opens anyway (it receives this instance's own signals, and the others' once Redis is back).
 */
import type { RedisClient } from '../redis.js';
import type { RedisPubSub } from './bus.js';
import type { DeliveryDedupe } from './webhook.js';

export interface IoredisPubSub extends RedisPubSub {
  /** Closes the subscriber connection. */
  close(): Promise<void>;
}

export function ioredisPubSub(client: RedisClient, subscribeWaitMs = 1000): IoredisPubSub {
  const subscriber = client.duplicate({
    connectionName: 'org-widget-live',
    enableOfflineQueue: true,
    lazyConnect: false,
  });
  // Outages are logged once by the shared client's handler; this one only keeps the error
  // from becoming an unhandled 'error' event.
  subscriber.on('error', () => undefined);
  const handlers = new Map<string, (message: string) => void>();
  subscriber.on('message', (channel: string, message: string) => handlers.get(channel)?.(message));
  return {
    publish: (channel, message) => client.publish(channel, message),
    async subscribe(channel, onMessage) {
      handlers.set(channel, onMessage);
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, subscribeWaitMs);
      });
      try {
        await Promise.race([subscriber.subscribe(channel), waited]);
      } finally {
        clearTimeout(timer);
      }
    },
    async unsubscribe(channel) {
      handlers.delete(channel);
      await subscriber.unsubscribe(channel).catch(() => undefined);
    },
    async close() {
      handlers.clear();
      subscriber.disconnect();
    },
  };
}

/**
 * Webhook deliveries remembered in Redis (`SET <prefix>live:hook:<hash> 1 NX PX ttl`), so a
 * delivery repeated to another instance is still published once. While Redis is down, each
 * instance remembers in memory (`fallback`).
 */
export function redisDedupe(
  client: RedisClient,
  prefix: string,
  fallback: DeliveryDedupe,
): DeliveryDedupe {
  return {
    async firstSeen(key, ttlMs) {
      try {
        return (await client.set(`${prefix}live:hook:${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
      } catch {
        return fallback.firstSeen(key, ttlMs);
      }
    },
  };
}
