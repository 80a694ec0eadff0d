/**
 * The standalone companion server app: helmet, `/healthz` and `/readyz`, the companion API at the
 * root path, 404 `route.not_found` and the error middleware. Returns the app; never listens.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { AppError } from './errors.js';
import { createErrorHandler } from './error-handler.js';
import { createRedisBus, memoryDedupe } from './live/index.js';
import { ioredisPubSub, redisDedupe } from './live/redis-pubsub.js';
import { createHttpFetch } from './http-fetch.js';
import { createJsonLogger, loggablePath, withRequestIds } from './logger.js';
import { createReadiness, healthRouter, type Readiness } from './ops/health.js';
import {
  instrumentFetch,
  noMetrics,
  requestMetricsMiddleware,
  type Metrics,
} from './ops/metrics.js';
import {
  accessLogMiddleware,
  buildOrgRouter,
  requestIdMiddleware,
  type OrgRouterInternals,
  type OrgRouterOptions,
} from './router.js';
import { createSharedState, type SharedState } from './shared-state.js';
import type { FetchLike } from './upstream.js';

export interface AppOptions extends OrgRouterOptions {
  /** Prometheus metrics (see ops/metrics.ts). Default: off. */
  metrics?: Metrics;
  /**
   * Lock, rate-limit stores and Redis client. Default: built from `config.redis` (in-process
   * without `ORG_REDIS_URL`); the caller closes it at shutdown (`shared.close()`).
   */
  shared?: SharedState;
}

export interface BuiltApp {
  app: Express;
  internals: OrgRouterInternals;
  shared: SharedState;
  readiness: Readiness;
  metrics: Metrics;
}

export function createApp(options: AppOptions): Express {
  return buildApp(options).app;
}

/** Like createApp, and also returns the router internals, the shared state and the readiness. */
export function buildApp(options: AppOptions): BuiltApp {
  const { config } = options;
  const now = options.now ?? Date.now;
  const logger = options.logger
    ? withRequestIds(options.logger)
    : createJsonLogger({ now, level: config.logLevel });
  const metrics = options.metrics ?? noMetrics;
  // The same keep-alive node:http(s) transport as the router's default (never the global fetch).
  const baseFetch: FetchLike = options.fetch ?? createHttpFetch();
  const fetchImpl = metrics === noMetrics ? baseFetch : instrumentFetch(baseFetch, metrics);
  const shared = options.shared ?? createSharedState({ config, logger, metrics });
  const readiness = createReadiness({ config, fetch: fetchImpl, redis: shared.redis });

  const app = express();
  app.set('trust proxy', config.trustProxy);
  app.set('x-powered-by', false);
  app.set('etag', false);
  if (metrics !== noMetrics) app.use(requestMetricsMiddleware(metrics));
  app.use(requestIdMiddleware());
  app.use(accessLogMiddleware(logger, now));
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    }),
  );
  app.use(healthRouter(readiness));
  // Live updates across instances: signals on Redis pub/sub, webhook deliveries remembered there.
  const redis = config.live.enabled ? shared.redis : null;
  const { router, internals } = buildOrgRouter({
    ...options,
    logger,
    fetch: fetchImpl,
    lock: shared.lock,
    rateLimitStore: shared.rateLimitStore,
    ...(redis && !options.liveBus
      ? {
          liveBus: createRedisBus(ioredisPubSub(redis), {
            prefix: `${config.redis.prefix}live:`,
            onError: (error) => logger.warn('live bus error', { error: String(error) }),
          }),
        }
      : {}),
    ...(redis && !options.webhookDedupe
      ? { webhookDedupe: redisDedupe(redis, config.redis.prefix, memoryDedupe(now)) }
      : {}),
  });
  // The webhook reads the raw body: before the companion API's JSON parser.
  if (internals.live?.webhook) app.use(internals.live.webhook);
  app.use(router);
  app.use(function notFound(req: Request, _res: Response, next: NextFunction) {
    next(
      new AppError('route.not_found', `No route for ${req.method} ${loggablePath(req.path)}.`, {
        status: 404,
      }),
    );
  });
  app.use(createErrorHandler(logger));
  return { app, internals, shared, readiness, metrics };
}
