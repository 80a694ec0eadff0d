/**
 * `logto-org-widget-server`: the companion server for the organization elements.
 *
 * ```ts
 * import express from 'express';
 * import { createOrgRouter, loadConfig } from 'logto-org-widget-server';
 * const app = express();
 * app.use('/org-api', createOrgRouter({ config: loadConfig(process.env) }));
 * ```
 */
export { createApp, buildApp, type AppOptions, type BuiltApp } from './app.js';
export { createSharedState, type SharedState, type RateLimiterName } from './shared-state.js';
export {
  createRedisClient,
  closeRedisClient,
  type RedisClient,
  type RedisClientOptions,
} from './redis.js';
export { createMemoryLock, type OrgLock } from './locks/org-lock.js';
export { createRedisLock, type RedisLock, type RedisLockOptions } from './locks/redis-lock.js';
export { SharedRateLimitStore } from './rate-limit-store.js';
export { createMetrics, noMetrics, type Metrics } from './ops/metrics.js';
export {
  createReadiness,
  healthRouter,
  type Readiness,
  type ReadinessReport,
} from './ops/health.js';
export { gracefulShutdown, type ShutdownOptions } from './ops/shutdown.js';
export {
  createOrgRouter,
  buildOrgRouter,
  type OrgRouterOptions,
  type OrgRouterInternals,
} from './router.js';
export { loadConfig, ConfigError, CONFIG_VARIABLES, type Config } from './config.js';
export {
  PERMISSIONS,
  PERMISSION_NAMES,
  PERMISSION_DESCRIPTIONS,
  DEFAULT_ROLES,
  SIGN_IN_SCOPES,
  type Permission,
  type RoleTemplate,
} from './permissions.js';
export { AppError } from './errors.js';
export type { AppErrorOptions } from './errors.js';
export { createErrorHandler, toAppError } from './error-handler.js';
export {
  createJsonLogger,
  silentLogger,
  type Logger,
  type LogFields,
  type LogLevel,
} from './logger.js';
export { createTokenVerifier, organizationAudience, type AuthContext } from './auth.js';
export { createM2mTokenSource, type M2mTokenSource } from './m2m.js';
export { createManagementApi, LogtoApiError, type ManagementApi } from './logto.js';
export {
  runSetup,
  ensureWebhook,
  WEBHOOK_NAME,
  type SetupOptions,
  type SetupResult,
  type WebhookSetupOptions,
  type WebhookSetupResult,
} from './setup.js';
export {
  createLive,
  createMemoryBus,
  createRedisBus,
  createWebhookRouter,
  memoryDedupe,
  signalsOf,
  verifySignature,
  EVERY_ORGANIZATION,
  SIGNATURE_HEADER,
  WEBHOOK_EVENTS,
  LiveHub,
  type Live,
  type LiveOptions,
  type EventBus,
  type RedisPubSub,
  type DeliveryDedupe,
  type WebhookRouterOptions,
} from './live/index.js';
export { ioredisPubSub, redisDedupe } from './live/redis-pubsub.js';
export { createHttpFetch, type HttpFetchOptions } from './http-fetch.js';
export { LIMITS } from './validation.js';
export { ERROR_CODES } from 'logto-org-widget-contract';
export type * from 'logto-org-widget-contract';
