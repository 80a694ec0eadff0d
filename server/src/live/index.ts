/**
 * Live updates, assembled: the bus (in memory, or Redis given by the host), the hub of open
 * streams, the events route handler and the webhook router. See DESIGN.md "Live updates".
 */
import type { RequestHandler, Router } from 'express';
import type { LiveEvent } from 'logto-org-widget-contract';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createMemoryBus, type EventBus } from './bus.js';
import { LiveHub, type AccessCheck } from './hub.js';
import { eventStreamHandler } from './stream.js';
import { createWebhookRouter, type DeliveryDedupe } from './webhook.js';

export {
  createMemoryBus,
  createRedisBus,
  EVERY_ORGANIZATION,
  type EventBus,
  type RedisPubSub,
} from './bus.js';
export { LiveHub, type AccessCheck, type StreamSink } from './hub.js';
export { eventStreamHandler } from './stream.js';
export {
  createWebhookRouter,
  memoryDedupe,
  signalsOf,
  verifySignature,
  SIGNATURE_HEADER,
  WEBHOOK_EVENTS,
  type DeliveryDedupe,
  type WebhookRouterOptions,
} from './webhook.js';

export interface LiveOptions {
  config: Pick<Config, 'live'>;
  checkAccess: AccessCheck;
  logger: Logger;
  now?: () => number;
  /** Default: in memory (one instance). Give a Redis bus to fan out across instances. */
  bus?: EventBus;
  /** Where handled webhook deliveries are remembered. Default: in memory. */
  dedupe?: DeliveryDedupe;
  /** How long signals of one organization are gathered for one check per user (ms). Default 500. */
  signalWindowMs?: number;
}

export interface Live {
  bus: EventBus;
  hub: LiveHub;
  /** Publishes a signal; never throws (a failure is logged: the elements heal on their next refresh). */
  publish(organizationId: string, event: LiveEvent): void;
  /** The handler of `GET /organizations/:orgId/events` (after the organization-token middleware). */
  events: RequestHandler;
  /** `POST /webhooks/logto`, when a signing key is configured. */
  webhook: Router | undefined;
  /** Ends every stream and stops listening. */
  close(): Promise<void>;
}

export function createLive(options: LiveOptions): Live {
  const { config, logger } = options;
  const now = options.now ?? Date.now;
  const bus =
    options.bus ??
    createMemoryBus({
      onError: (error) => logger.warn('live listener failed', { error: String(error) }),
    });
  const hub = new LiveHub({
    bus,
    checkAccess: options.checkAccess,
    logger,
    now,
    maxStreams: config.live.maxStreams,
    maxStreamsPerUser: config.live.maxStreamsPerUser,
    recheckMs: config.live.recheckMs,
    heartbeatMs: config.live.heartbeatMs,
    ...(options.signalWindowMs !== undefined ? { signalWindowMs: options.signalWindowMs } : {}),
  });
  const webhook = config.live.webhookSigningKeys.length
    ? createWebhookRouter({
        signingKeys: config.live.webhookSigningKeys,
        bus,
        logger,
        now,
        ...(options.dedupe ? { dedupe: options.dedupe } : {}),
      })
    : undefined;
  return {
    bus,
    hub,
    publish(organizationId, event) {
      bus.publish(organizationId, event).catch((error: unknown) => {
        logger.warn('live publish failed', { organizationId, error: String(error) });
      });
    },
    events: eventStreamHandler(hub),
    webhook,
    async close() {
      await hub.close();
      await bus.close();
    },
  };
}
