/**
 * `/api/hooks` (recordings 570–589): create (with a generated signing key), list, get (with
 * `includeExecutionStats`), update, delete, rotate the signing key, send test payloads, and the
 * recent delivery logs.
 */
import { Router } from 'express';
import { z } from 'zod';

import { ApiError } from '../errors.js';
import type { Webhooks } from '../hooks.js';
import { HOOK_EVENTS, Store, TENANT_ID } from '../store.js';
import type { HookRecord } from '../store.js';
import type { ApiContext } from './common.js';
import { param, parse, queryString, readPage, sendPage } from './common.js';

const hookEvent = z.enum(HOOK_EVENTS);
const hookEvents = z.array(hookEvent).min(1);
const hookConfig = z.object({
  url: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
  retries: z.number().min(0).max(3).optional(),
});

const createHookBody = z.object({
  name: z.string().max(256).optional(),
  event: hookEvent.nullable().optional(),
  events: hookEvents.optional(),
  config: hookConfig,
  enabled: z.boolean().optional(),
});

const patchHookBody = z.object({
  name: z.string().max(256).optional(),
  event: hookEvent.nullable().optional(),
  events: hookEvents.optional(),
  config: hookConfig.optional(),
  enabled: z.boolean().optional(),
});

const testHookBody = z.object({ events: hookEvents, config: hookConfig });

export function hookJson(hook: HookRecord) {
  return {
    tenantId: TENANT_ID,
    id: hook.id,
    name: hook.name,
    event: hook.event,
    events: hook.events,
    config: hook.config,
    signingKey: hook.signingKey,
    enabled: hook.enabled,
    createdAt: hook.createdAt,
  };
}

export function hooksRouter(context: ApiContext & { webhooks: Webhooks }): Router {
  const { store, webhooks } = context;
  const router = Router();
  const withStats = (hook: HookRecord) => ({
    ...hookJson(hook),
    executionStats: store.hookExecutionStats(hook.id),
  });

  router.get('/hooks', (req, res) => {
    const page = readPage(req, true);
    const stats = ['true', '1', 'yes', 'y'].includes(
      (queryString(req, 'includeExecutionStats') ?? '').toLowerCase(),
    );
    sendPage(req, res, context, store.listHooks(), page, stats ? withStats : hookJson);
  });

  router.post('/hooks', (req, res) => {
    const body = parse(createHookBody, req.body);
    if (!body.events && !body.event) {
      throw new ApiError(400, 'hook.missing_events', 'Give at least one event.');
    }
    const hook = store.createHook({
      events: body.events ?? [],
      config: body.config,
      ...(body.name !== undefined && { name: body.name }),
      ...(body.event !== undefined && { event: body.event }),
      ...(body.enabled !== undefined && { enabled: body.enabled }),
    });
    res.status(201).json(hookJson(hook));
  });

  router.get('/hooks/:id', (req, res) => {
    const hook = store.getHook(param(req, 'id'));
    // Like Logto, any non-empty value asks for the stats here.
    res.json(queryString(req, 'includeExecutionStats') ? withStats(hook) : hookJson(hook));
  });

  router.patch('/hooks/:id', (req, res) => {
    const id = param(req, 'id');
    const body = parse(patchHookBody, req.body);
    res.json(hookJson(store.updateHook(id, body)));
  });

  router.patch('/hooks/:id/signing-key', (req, res) => {
    const id = param(req, 'id');
    res.json(hookJson(store.updateHook(id, { signingKey: Store.newSigningKey() })));
  });

  router.delete('/hooks/:id', (req, res) => {
    store.deleteHook(param(req, 'id'));
    res.status(204).end();
  });

  router.post('/hooks/:id/test', async (req, res) => {
    const id = param(req, 'id');
    const { events, config } = parse(testHookBody, req.body);
    await webhooks.test(id, events, config);
    res.status(204).end();
  });

  router.get('/hooks/:id/recent-logs', (req, res) => {
    const id = param(req, 'id');
    const page = readPage(req);
    const logs = store.recentHookLogs(id, queryString(req, 'logKey'));
    sendPage(req, res, context, logs, page, (log) => ({
      id: log.id,
      key: log.key,
      payload: log.payload,
      createdAt: log.createdAt,
    }));
  });

  return router;
}
