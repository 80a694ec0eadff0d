/** The request id: a sane incoming `X-Request-Id` or a new one, echoed and scoped to log lines. */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { currentRequestId, runWithRequestId } from '../logger.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a sane incoming `X-Request-Id` or generates one; echoes it; scopes log lines to it. */
export function requestIdMiddleware(): RequestHandler {
  return function requestId(req: Request, res: Response, next: NextFunction) {
    const existing = res.locals.requestId as string | undefined;
    const incoming = req.get('x-request-id');
    const id = existing ?? (incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID());
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    if (currentRequestId() === id) return next();
    runWithRequestId(id, () => next());
  };
}
