/** The JSON body parser of the companion API: strict JSON, at most 64 KB. */
import express, { type RequestHandler } from 'express';

export const JSON_BODY_LIMIT = 64 * 1024;

export function jsonBodyMiddleware(): RequestHandler {
  return express.json({ limit: JSON_BODY_LIMIT, strict: true });
}
