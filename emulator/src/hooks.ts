/**
 * Webhook delivery as Logto does it: a Management API call that succeeds queues its data hook
 * events; once the response has been sent, every enabled hook subscribed to the event gets one
 * POST (JSON body, `logto-signature-sha-256` = hex HMAC-SHA256 of the raw body under the hook's
 * signing key, `user-agent: Logto (https://logto.io/)`, the hook's own headers), with a timeout and
 * no retry. Each attempt is logged (`TriggerHook.<event>`, result, response) for
 * `GET /api/hooks/:id/recent-logs` and the execution stats. A delivery never delays or fails the
 * call that caused it.
 */
import { createHmac } from 'node:crypto';
import type { Request, Response } from 'express';

import { ApiError } from './errors.js';
import type { HookConfig, HookEvent, HookRecord, Store } from './store.js';

export const HOOK_USER_AGENT = 'Logto (https://logto.io/)';
/** Logto gives each delivery 10 s. */
export const DEFAULT_HOOK_TIMEOUT_MS = 10_000;

/** What a request adds to the payload besides the event: `data`, or the membership fields. */
export type HookContext = Record<string, unknown>;

interface PendingEvent {
  event: HookEvent;
  context: HookContext;
  path: string;
  method: string;
  params: Record<string, string>;
  matchedRoute: string | undefined;
  userAgent: string | undefined;
  ip: string | undefined;
}

export interface WebhooksOptions {
  store: Store;
  timeoutMs?: number;
  logger?: { error(message: string, error?: unknown): void };
}

export function signHookBody(signingKey: string, body: string): string {
  return createHmac('sha256', signingKey).update(body).digest('hex');
}

function readBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export class Webhooks {
  private readonly store: Store;
  private readonly timeoutMs: number;
  private readonly logger: WebhooksOptions['logger'];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly aborts = new Set<AbortController>();
  private closed = false;

  constructor(options: WebhooksOptions) {
    this.store = options.store;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS;
    this.logger = options.logger;
  }

  /**
   * Queues `event` for the current Management API request. It is sent after the response, only
   * if the answer is a success (as Logto triggers data hooks after a handler that succeeded).
   */
  append(req: Request, res: Response, event: HookEvent, context: HookContext = {}): void {
    const pending: PendingEvent = {
      event,
      context,
      // Logto's paths have no `/api` prefix (the router is mounted there).
      path: req.path,
      method: req.method,
      params: { ...(req.params as Record<string, string>) },
      matchedRoute: (req.route as { path?: string } | undefined)?.path,
      userAgent: req.get('user-agent'),
      ip: req.ip,
    };
    const locals = res.locals as { hookEvents?: PendingEvent[] };
    if (!locals.hookEvents) {
      locals.hookEvents = [];
      const queued = locals.hookEvents;
      // `close` comes after the response is sent, and also when the client went away early: the
      // change is made either way, so its events still go out.
      res.once('close', () => {
        if (!res.headersSent || res.statusCode >= 400) return;
        for (const item of queued) this.send(item, res.statusCode);
      });
    }
    locals.hookEvents.push(pending);
  }

  /** Sends an event that did not come from a Management API call (e.g. a registration). */
  emit(
    event: HookEvent,
    request: { path: string; method: string; status: number; userAgent?: string; ip?: string },
    context: HookContext,
  ): void {
    this.send(
      {
        event,
        context,
        path: request.path,
        method: request.method,
        params: {},
        matchedRoute: undefined,
        userAgent: request.userAgent,
        ip: request.ip,
      },
      request.status,
    );
  }

  private send(item: PendingEvent, status: number): void {
    if (this.closed) return;
    const hooks = this.store.hooksFor(item.event);
    if (hooks.length === 0) return;
    const createdAt = new Date(this.store.now()).toISOString();
    for (const hook of hooks) {
      // Logto's key order: event, createdAt, userAgent, ip, path, method, status, params,
      // matchedRoute, the context, hookId. Undefined fields drop out of the JSON.
      const payload = {
        event: item.event,
        createdAt,
        userAgent: item.userAgent,
        ip: item.ip,
        path: item.path,
        method: item.method,
        status,
        params: item.params,
        matchedRoute: item.matchedRoute,
        ...item.context,
        hookId: hook.id,
      };
      this.track(this.deliver(hook, hook.config, payload, item.event, true).then(() => undefined));
    }
  }

  private track(promise: Promise<void>): void {
    const tracked = promise.catch((error: unknown) => {
      this.logger?.error('Webhook delivery failed unexpectedly', error);
    });
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  /**
   * One POST to the hook's URL; never throws. Returns whether the receiver answered 2xx, and
   * the error text otherwise. With `log`, records the attempt like Logto.
   */
  async deliver(
    hook: HookRecord,
    config: HookConfig,
    payload: Record<string, unknown>,
    event: HookEvent,
    log: boolean,
  ): Promise<{ ok: boolean; error?: string }> {
    const body = JSON.stringify(payload);
    const controller = new AbortController();
    this.aborts.add(controller);
    const timer = setTimeout(() => controller.abort(new Error('timeout')), this.timeoutMs);
    let result: { ok: boolean; error?: string; response?: { statusCode: number; body: unknown } };
    try {
      const response = await fetch(config.url, {
        method: 'POST',
        headers: {
          'logto-signature-sha-256': signHookBody(hook.signingKey, body),
          'user-agent': HOOK_USER_AGENT,
          ...config.headers,
          'content-type': 'application/json',
        },
        body,
        redirect: 'manual',
        signal: controller.signal,
      });
      const text = await response.text();
      const answer = { statusCode: response.status, body: readBody(text) };
      result = response.ok
        ? { ok: true, response: answer }
        : {
            ok: false,
            error: `HTTPError: the receiver answered ${response.status}`,
            response: answer,
          };
    } catch (error) {
      const reason = controller.signal.aborted
        ? `TimeoutError: no answer within ${this.timeoutMs} ms`
        : `RequestError: ${(error as Error).message}`;
      result = { ok: false, error: reason };
    } finally {
      clearTimeout(timer);
      this.aborts.delete(controller);
    }
    if (log && !this.closed) {
      const key = `TriggerHook.${event}`;
      this.store.addHookLog({
        key,
        payload: {
          key,
          result: result.ok ? 'Success' : 'Error',
          hookId: hook.id,
          ...(result.error !== undefined && { error: result.error }),
          ...(result.response !== undefined && { response: result.response }),
          hookRequest: { body: payload },
        },
      });
    }
    return result.error === undefined ? { ok: result.ok } : { ok: result.ok, error: result.error };
  }

  /**
   * `POST /api/hooks/:id/test`: a sample payload per event to `config` (only its headers), signed
   * with the hook's key, awaited; a failed delivery is 422 `hook.send_test_payload_failed`.
   */
  async test(hookId: string, events: HookEvent[], config: HookConfig): Promise<void> {
    const hook = this.store.getHook(hookId);
    for (const event of events) {
      const payload = {
        event,
        hookId,
        createdAt: new Date(this.store.now()).toISOString(),
        userAgent: 'fake-user-agent',
        path: '/fake-path/:id',
        method: 'POST',
        status: 200,
        params: { id: 'fake-id' },
        data: { result: 'success' },
      };
      const result = await this.deliver(hook, config, payload, event, false);
      if (!result.ok) {
        throw new ApiError(
          422,
          'hook.send_test_payload_failed',
          `The test payload could not be delivered: ${result.error ?? 'unknown error'}`,
        );
      }
    }
  }

  /** Resolves when every delivery started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Stops sending and aborts the deliveries in flight. */
  async close(): Promise<void> {
    this.closed = true;
    for (const controller of this.aborts) controller.abort(new Error('closed'));
    await this.idle();
  }
}
