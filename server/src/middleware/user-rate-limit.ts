/** Per-user rate limit (key: the verified token's `sub`), answering 429 `rate_limited`. */
import type { Request, RequestHandler, Response } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { AppError } from '../errors.js';

export function userRateLimit(limit: number, windowMs: number, store?: Store): RequestHandler {
  return rateLimit({
    ...(store ? { store } : {}),
    windowMs,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (_req, res) => `user:${(res as Response).locals.auth?.userId ?? 'anonymous'}`,
    validate: false,
    handler(req, res, next) {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 60;
      res.setHeader('Retry-After', String(seconds));
      next(
        new AppError('rate_limited', 'Too many requests. Try again later.', {
          status: 429,
          data: { retryAfter: seconds },
        }),
      );
    },
  });
}
