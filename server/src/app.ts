/**
 * The standalone companion server app: helmet, the companion API at the root path, `/healthz`,
 * 404 `route.not_found` and the error middleware. Returns the app; never listens.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { AppError } from './errors.js';
import { createErrorHandler } from './error-handler.js';
import { createJsonLogger, withRequestIds } from './logger.js';
import {
  accessLogMiddleware,
  buildOrgRouter,
  requestIdMiddleware,
  type OrgRouterInternals,
  type OrgRouterOptions,
} from './router.js';

export type AppOptions = OrgRouterOptions;

export function createApp(options: AppOptions): Express {
  return buildApp(options).app;
}

/** Like createApp, and also returns the router internals (M2M token source, API client). */
export function buildApp(options: AppOptions): { app: Express; internals: OrgRouterInternals } {
  const now = options.now ?? Date.now;
  const logger = options.logger ? withRequestIds(options.logger) : createJsonLogger({ now });
  const app = express();
  app.set('trust proxy', options.config.trustProxy);
  app.set('x-powered-by', false);
  app.set('etag', false);
  app.use(requestIdMiddleware());
  app.use(accessLogMiddleware(logger, now));
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    }),
  );
  app.get('/healthz', function healthz(_req: Request, res: Response) {
    res.json({ status: 'ok' });
  });
  const { router, internals } = buildOrgRouter({ ...options, logger });
  app.use(router);
  app.use(function notFound(req: Request, _res: Response, next: NextFunction) {
    next(
      new AppError('route.not_found', `No route for ${req.method} ${req.path}.`, { status: 404 }),
    );
  });
  app.use(createErrorHandler(logger));
  return { app, internals };
}
