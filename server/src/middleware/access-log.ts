/** One log line per request, with status and duration (never headers or bodies). */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { loggablePath, type Logger } from '../logger.js';

export function accessLogMiddleware(logger: Logger, now: () => number): RequestHandler {
  return function accessLog(req: Request, res: Response, next: NextFunction) {
    if (res.locals.accessLogged) return next();
    res.locals.accessLogged = true;
    const started = now();
    const id = res.locals.requestId as string | undefined;
    res.on('finish', () => {
      const fields = {
        ...(id ? { requestId: id } : {}),
        method: req.method,
        path: loggablePath(req.originalUrl.split('?')[0] ?? ''),
        status: res.statusCode,
        ms: now() - started,
        ...(res.locals.auth ? { userId: res.locals.auth.userId } : {}),
      };
      if (res.statusCode >= 500) logger.warn('request', fields);
      else logger.info('request', fields);
    });
    next();
  };
}
