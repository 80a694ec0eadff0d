/**
 * The JSON body of the companion API: strict JSON, at most 64 KB, errors with stable codes.
 *
 * A host app may have run its own body parser before the router (`app.use(express.json())`).
 * That parser has read the request, so ours would skip it; the router then re-applies what it can:
 * the size limit (the declared `Content-Length`, or the size of the parsed body re-serialized
 * when the body was chunked) and the media type (a body that was not `application/json` counts as
 * no body). A host parser's own failures (malformed JSON, its own limit) go to the host's error
 * handler: Express never routes an error into a router mounted after the failing middleware.
 * Mount the router before any global parser to keep every body answer the router's own.
 */
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { AppError } from '../errors.js';

export const JSON_BODY_LIMIT = 64 * 1024;

export function jsonBodyMiddleware(limit = JSON_BODY_LIMIT): RequestHandler {
  const parser = express.json({ limit, strict: true });
  return function jsonBody(req: Request, res: Response, next: NextFunction) {
    if (!req.readableEnded || !hasBody(req)) {
      parser(req, res, next);
      return;
    }
    // Read by a parser of the host app.
    const declared = Number(req.headers['content-length']);
    const size = Number.isFinite(declared) ? declared : serializedSize(req.body);
    if (size > limit) {
      next(new AppError('request.too_large', 'The request body is too large.', { status: 413 }));
      return;
    }
    if (!req.is('application/json')) req.body = undefined;
    next();
  };
}

function hasBody(req: Request): boolean {
  return (
    req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined
  );
}

function serializedSize(body: unknown): number {
  if (body === undefined) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (Buffer.isBuffer(body)) return body.length;
  try {
    return Buffer.byteLength(JSON.stringify(body) ?? '');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
