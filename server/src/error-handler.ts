/**
 * The one error middleware: AppErrors become `{ code, message, data? }` with their status,
 * body-parser and jose failures get their stable codes, Logto failures become `upstream.*`,
 * and anything else is a generic 500 whose details go to the log only.
 */
import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import { errors as joseErrors } from 'jose';
import type { ApiErrorBody } from 'logto-org-widget-contract';
import { AppError } from './errors.js';
import type { Logger } from './logger.js';
import { LogtoApiError } from './logto.js';

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof joseErrors.JOSEError) {
    return new AppError('auth.invalid_token', 'The access token is invalid or expired.', {
      status: 401,
      cause: error,
    });
  }
  if (error instanceof LogtoApiError) {
    return error.status >= 500 || error.status === 429
      ? new AppError('upstream.unavailable', 'The identity service is unavailable. Try again.', {
          status: 503,
          expose: true,
          cause: error,
        })
      : new AppError('upstream.error', 'The identity service refused the request.', {
          status: 502,
          expose: true,
          cause: error,
        });
  }
  if (error instanceof URIError) {
    // A path parameter with a malformed percent-escape (`%`, `%ZZ`, a cut UTF-8 sequence): the
    // router could not decode it, so no handler ran. Bad input, not a failure of ours.
    return new AppError('request.invalid', 'A path parameter is not valid percent-encoding.', {
      status: 400,
      data: { field: 'path', in: 'params' },
      cause: error,
    });
  }
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large') {
    return new AppError('request.too_large', 'The request body is too large.', {
      status: 413,
      cause: error,
    });
  }
  const status = (error as { status?: unknown } | null)?.status;
  const expose = (error as { expose?: unknown } | null)?.expose;
  if (
    (typeof type === 'string' || expose === true) &&
    typeof status === 'number' &&
    status >= 400 &&
    status < 500
  ) {
    // body-parser: malformed JSON, unsupported charset or encoding, a body that fails to
    // decompress (a zlib error marked 400 without a `type`), …
    return new AppError('request.invalid', 'The request body is not valid JSON.', {
      status: 400,
      data: { field: 'body' },
      cause: error,
    });
  }
  return new AppError('internal', 'Something went wrong.', { status: 500, cause: error });
}

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return function errorHandler(error: unknown, _req: Request, res: Response, next: NextFunction) {
    if (res.headersSent) {
      next(error);
      return;
    }
    const appError = toAppError(error);
    if (appError.code === 'lock.busy') {
      // Two changes of one organization at the same moment: expected, answered with Retry-After.
      logger.warn('request failed', { code: appError.code, status: appError.status });
    } else if (appError.status >= 500 || !appError.expose) {
      logger.error('request failed', {
        code: appError.code,
        status: appError.status,
        error: describeCause(error),
      });
    }
    const body: ApiErrorBody = appError.expose
      ? (appError.toJSON() as ApiErrorBody)
      : { code: 'internal', message: 'Something went wrong.' };
    const status = appError.expose ? appError.status : 500;
    if (status === 401) {
      res.setHeader(
        'WWW-Authenticate',
        appError.code === 'auth.invalid_token' ? 'Bearer error="invalid_token"' : 'Bearer',
      );
    }
    const retryAfter = appError.expose ? appError.data?.retryAfter : undefined;
    if (status === 503 && typeof retryAfter === 'number') {
      res.setHeader('Retry-After', String(retryAfter));
    }
    res.status(status).json(body);
  };
}

function describeCause(error: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current instanceof Error; depth += 1) {
    out[depth === 0 ? 'error' : `cause${depth}`] = `${current.name}: ${current.message}`;
    if (current instanceof LogtoApiError)
      out.upstream = { status: current.status, code: current.code };
    current = current.cause;
  }
  return out;
}
