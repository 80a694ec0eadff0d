/**
 * `/api/one-time-tokens` (recordings 522, 524, 600–607): tokens bound to an email that sign a
 * person in (or register them) once. Create (10 minutes by default, `expiresIn` in seconds),
 * list by `email` / `status` (newest first; paged only on request), get, verify (consumes),
 * change the status, delete.
 */
import { Router } from 'express';
import { z } from 'zod';

import { TENANT_ID } from '../store.js';
import type { OneTimeTokenRecord } from '../store.js';
import type { ApiContext } from './common.js';
import { param, parse, readPage, sendPage } from './common.js';

const status = z.enum(['active', 'consumed', 'revoked', 'expired']);

const createBody = z.object({
  email: z.string().min(1).max(128),
  context: z.object({ jitOrganizationIds: z.array(z.string()).optional() }).optional(),
  expiresIn: z.number().min(1).optional(),
});

const listQuery = z.object({
  email: z
    .string()
    .regex(/^\S+@\S+\.\S+$/)
    .optional(),
  status: status.optional(),
});

const verifyBody = z.object({ token: z.string().min(1), email: z.string().min(1) });

const statusBody = z.object({ status });

export function oneTimeTokenJson(token: OneTimeTokenRecord) {
  return {
    tenantId: TENANT_ID,
    id: token.id,
    email: token.email,
    token: token.token,
    context: token.context,
    status: token.status,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
  };
}

export function oneTimeTokensRouter(context: ApiContext): Router {
  const { store } = context;
  const router = Router();

  router.get('/one-time-tokens', (req, res) => {
    const page = readPage(req, true);
    const filter = parse(listQuery, { email: req.query.email, status: req.query.status });
    const tokens = store.listOneTimeTokens(filter);
    // Logto counts every token of the tenant for `Total-Number`, whatever the filter.
    sendPage(req, res, context, tokens, page, oneTimeTokenJson, store.oneTimeTokens.size);
  });

  router.post('/one-time-tokens', (req, res) => {
    const body = parse(createBody, req.body);
    const token = store.createOneTimeToken({
      email: body.email,
      ...(body.context && { context: body.context }),
      ...(body.expiresIn !== undefined && { expiresIn: body.expiresIn }),
    });
    res.status(201).json(oneTimeTokenJson(token));
  });

  router.post('/one-time-tokens/verify', (req, res) => {
    const { token, email } = parse(verifyBody, req.body);
    res.json(oneTimeTokenJson(store.verifyOneTimeToken(token, email)));
  });

  router.get('/one-time-tokens/:id', (req, res) => {
    res.json(oneTimeTokenJson(store.getOneTimeToken(param(req, 'id'))));
  });

  router.put('/one-time-tokens/:id/status', (req, res) => {
    const id = param(req, 'id');
    const body = parse(statusBody, req.body);
    res.json(oneTimeTokenJson(store.setOneTimeTokenStatus(id, body.status)));
  });

  router.delete('/one-time-tokens/:id', (req, res) => {
    store.deleteOneTimeToken(param(req, 'id'));
    res.status(204).end();
  });

  return router;
}
