/**
 * The companion API (DESIGN.md "Companion API"): an Express router to mount under any path.
 * Composes the middleware (request id, access log, CORS, JSON body), the routes by resource
 * (`routes/`) and the error handler; the organization rules live in `org-service.ts`.
 */
import cors from 'cors';
import express, { type Router } from 'express';
import type { JWTVerifyGetKey } from 'jose';
import {
  createTokenVerifier,
  requireOrganizationToken,
  requireResourceToken,
  type TokenVerifier,
} from './auth.js';
import type { Config } from './config.js';
import { createErrorHandler } from './error-handler.js';
import type { Store } from 'express-rate-limit';
import { AppError } from './errors.js';
import { createMemoryLock, type OrgLock } from './locks/org-lock.js';
import { createHttpFetch } from './http-fetch.js';
import { createJsonLogger, loggablePath, withRequestIds, type Logger } from './logger.js';
import { createLive, type EventBus, type Live, type DeliveryDedupe } from './live/index.js';
import { createManagementApi, type ManagementApi } from './logto.js';
import { createM2mTokenSource, type M2mTokenSource } from './m2m.js';
import { accessLogMiddleware } from './middleware/access-log.js';
import { jsonBodyMiddleware } from './middleware/json-body.js';
import { requestIdMiddleware } from './middleware/request-id.js';
import { userRateLimit } from './middleware/user-rate-limit.js';
import { OrgService } from './org-service.js';
import type { RouteContext } from './routes/context.js';
import { registerEventRoutes } from './routes/events.js';
import { registerInvitationRoutes } from './routes/invitations.js';
import { registerMeRoutes } from './routes/me.js';
import { registerMemberRoutes } from './routes/members.js';
import { registerOrganizationRoutes } from './routes/organizations.js';
import type { FetchLike, RetryOptions } from './upstream.js';
import { parseId } from './validation.js';

export { accessLogMiddleware } from './middleware/access-log.js';
export { requestIdMiddleware } from './middleware/request-id.js';

export interface OrgRouterOptions {
  config: Config;
  /**
   * Used for every call to Logto (JWKS, token, Management API). Default: a keep-alive transport
   * over node:http(s) (`createHttpFetch`), far cheaper per call than the global fetch.
   */
  fetch?: FetchLike;
  /** Clock in epoch ms (token expiry, invitation expiry, M2M cache). Default: Date.now. */
  now?: () => number;
  /** Default: JSON lines on stdout. */
  logger?: Logger;
  /** Key source for user tokens. Default: the remote JWKS of the issuer. */
  jwks?: JWTVerifyGetKey;
  /** Retry tuning of idempotent upstream calls (tests shorten the backoff). */
  retry?: RetryOptions;
  /** Bound on concurrent invitations processed for one request. Default 4. */
  inviteConcurrency?: number;
  /**
   * The per-organization lock of admin-affecting changes. Default: in-process. Several instances
   * share one through Redis (see shared-state.ts).
   */
  lock?: OrgLock;
  /** The store of each rate limiter. Default (undefined): in-memory, per process. */
  rateLimitStore?: (limiter: 'create' | 'invite' | 'my-invitations') => Store | undefined;
  /**
   * Where live-update signals travel. Default: in memory (one instance). Several instances share a
   * Redis bus (`createRedisBus`; the app builds one from ORG_REDIS_URL).
   */
  liveBus?: EventBus;
  /** Where handled webhook deliveries are remembered. Default: in memory. */
  webhookDedupe?: DeliveryDedupe;
}

/** The pieces a router is made of, exposed for hosts and tests. */
export interface OrgRouterInternals {
  m2m: M2mTokenSource;
  api: ManagementApi;
  verify: TokenVerifier;
  logger: Logger;
  /** Serializes the admin-affecting mutations (role change, remove, leave) per organization. */
  locks: OrgLock;
  /**
   * Live updates: the open streams, the bus, and the Logto webhook router (`live.webhook`, to
   * mount BEFORE any JSON body parser; undefined without ORG_WEBHOOK_SIGNING_KEY). Null with
   * ORG_LIVE=off.
   */
  live: Live | null;
}

export function createOrgRouter(options: OrgRouterOptions): Router {
  return buildOrgRouter(options).router;
}

/** Like createOrgRouter, and also returns the internals (M2M source, API client, verifier). */
export function buildOrgRouter(options: OrgRouterOptions): {
  router: Router;
  internals: OrgRouterInternals;
} {
  const { config } = options;
  const fetchImpl: FetchLike = options.fetch ?? createHttpFetch();
  const now = options.now ?? Date.now;
  const logger = options.logger ? withRequestIds(options.logger) : createJsonLogger({ now });
  const m2m = createM2mTokenSource({ config, fetch: fetchImpl, now, logger });
  const api = createManagementApi({
    config,
    fetch: fetchImpl,
    m2m,
    logger,
    ...(options.retry ? { retry: options.retry } : {}),
  });
  const verify = createTokenVerifier({
    config,
    ...(options.jwks ? { jwks: options.jwks } : {}),
    fetch: fetchImpl,
    now,
  });
  const locks = options.lock ?? createMemoryLock({ waitMs: config.redis.lockWaitMs });
  const service = new OrgService({
    config,
    api,
    logger,
    now,
    locks,
    inviteConcurrency: options.inviteConcurrency ?? 4,
  });

  const live = config.live.enabled
    ? createLive({
        config,
        logger,
        now,
        checkAccess: async (orgId, userId) => (await service.liveAccess(orgId, userId)).permissions,
        ...(options.liveBus ? { bus: options.liveBus } : {}),
        ...(options.webhookDedupe ? { dedupe: options.webhookDedupe } : {}),
      })
    : null;

  const router = express.Router();
  router.use(requestIdMiddleware());
  router.use(accessLogMiddleware(logger, now));
  router.use(
    cors({
      origin: [...config.allowedOrigins],
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      exposedHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    }),
  );
  router.use(jsonBodyMiddleware());

  router.param('orgId', function validateOrgId(_req, _res, next, value: string) {
    parseId('orgId', value);
    next();
  });

  const ctx: RouteContext = {
    config,
    service,
    resourceToken: requireResourceToken(verify, config.apiResource),
    orgToken: requireOrganizationToken(verify),
    createLimiter: userRateLimit(
      config.rateLimit.createOrganization,
      config.rateLimit.windowMs,
      options.rateLimitStore?.('create'),
    ),
    inviteLimiter: userRateLimit(
      config.rateLimit.invitations,
      config.rateLimit.windowMs,
      options.rateLimitStore?.('invite'),
    ),
    myInvitationsLimiter: userRateLimit(
      config.rateLimit.myInvitations,
      config.rateLimit.windowMs,
      options.rateLimitStore?.('my-invitations'),
    ),
    publish: live ? live.publish : () => undefined,
  };
  registerMeRoutes(router, ctx);
  registerOrganizationRoutes(router, ctx);
  registerMemberRoutes(router, ctx);
  registerInvitationRoutes(router, ctx);
  if (live) registerEventRoutes(router, ctx, live);

  // The router answers its own unknown paths (a host's routes go before it or elsewhere).
  router.use(function notFound(req, _res, next) {
    next(
      new AppError('route.not_found', `No route for ${req.method} ${loggablePath(req.path)}.`, {
        status: 404,
      }),
    );
  });
  router.use(createErrorHandler(logger));

  return { router, internals: { m2m, api, verify, logger, locks, live } };
}
