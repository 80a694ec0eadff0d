/**
 * Prometheus metrics (prom-client), opt-in: nothing is collected unless `ORG_METRICS_PORT` is set,
 * and they are served on that separate listener, never on the public API.
 *
 * Kept cheap for the request path: one `performance.now()` pair and one histogram observation per
 * request and per upstream call (about 4 µs together on the 2-core bench machine, against about
 * 1.3 ms of server CPU per members page), and no per-user or per-organization labels (bounded
 * cardinality: route patterns, methods, status codes).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { directSendOf, withDirectSend, type FetchLike } from '../upstream.js';

export type LockOutcome = 'acquired' | 'busy' | 'unavailable';
export type LockFailure = 'busy' | 'unavailable' | 'lost' | 'release_failed';

export interface Metrics {
  /** The registry to expose; null when metrics are off. */
  readonly registry: Registry | null;
  request(method: string, route: string, status: number, seconds: number): void;
  upstream(operation: string, outcome: string, seconds: number): void;
  m2mToken(outcome: string): void;
  lockWait(backend: 'memory' | 'redis', outcome: LockOutcome, seconds: number): void;
  lockFailure(backend: 'memory' | 'redis', reason: LockFailure): void;
  rateLimitStoreError(): void;
}

/** Metrics switched off: every call is a no-op. */
export const noMetrics: Metrics = Object.freeze({
  registry: null,
  request() {},
  upstream() {},
  m2mToken() {},
  lockWait() {},
  lockFailure() {},
  rateLimitStoreError() {},
});

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A registry with the companion server's metrics (and Node's process metrics). */
export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const requests = new Histogram({
    name: 'org_http_request_duration_seconds',
    help: 'Companion API requests by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const upstream = new Histogram({
    name: 'org_upstream_request_duration_seconds',
    help: 'Calls to Logto by operation (method and path pattern) and outcome (status or error)',
    labelNames: ['operation', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const m2mTokens = new Counter({
    name: 'org_m2m_token_requests_total',
    help: 'Machine-to-machine token requests to Logto by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const lockWaits = new Histogram({
    name: 'org_lock_wait_seconds',
    help: 'Time spent waiting for the per-organization lock, by backend and outcome',
    labelNames: ['backend', 'outcome'] as const,
    buckets: [0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const lockFailures = new Counter({
    name: 'org_lock_failures_total',
    help: 'Per-organization lock failures: busy (waited too long), unavailable (Redis down), lost (lease expired while held), release_failed',
    labelNames: ['backend', 'reason'] as const,
    registers: [registry],
  });
  const storeErrors = new Counter({
    name: 'org_rate_limit_store_errors_total',
    help: 'Rate-limit checks answered by the per-instance fallback because Redis failed',
    registers: [registry],
  });

  const requestChildren = new Map<string, Histogram.Internal<string>>();
  const upstreamChildren = new Map<string, Histogram.Internal<string>>();
  return {
    registry,
    request(method, route, status, seconds) {
      const key = `${method} ${status} ${route}`;
      let child = requestChildren.get(key);
      if (!child) {
        child = requests.labels(method, route, String(status));
        requestChildren.set(key, child);
      }
      child.observe(seconds);
    },
    upstream(operation, outcome, seconds) {
      const key = `${outcome} ${operation}`;
      let child = upstreamChildren.get(key);
      if (!child) {
        child = upstream.labels(operation, outcome);
        upstreamChildren.set(key, child);
      }
      child.observe(seconds);
    },
    m2mToken(outcome) {
      m2mTokens.labels(outcome).inc();
    },
    lockWait(backend, outcome, seconds) {
      lockWaits.labels(backend, outcome).observe(seconds);
    },
    lockFailure(backend, reason) {
      lockFailures.labels(backend, reason).inc();
    },
    rateLimitStoreError() {
      storeErrors.inc();
    },
  };
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Observes every request when it finishes: method, the matched route pattern (`req.route.path`,
 * e.g. `/organizations/:orgId/members`; `(unmatched)` for 404s of unknown paths), status, latency.
 */
export function requestMetricsMiddleware(metrics: Metrics): RequestHandler {
  return function requestMetrics(req: Request, res: Response, next: NextFunction) {
    const started = performance.now();
    res.once('finish', () => {
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof pattern === 'string' ? req.baseUrl + pattern : '(unmatched)';
      const method = METHODS.has(req.method) ? req.method : 'OTHER';
      metrics.request(method, route, res.statusCode, (performance.now() - started) / 1000);
    });
    next();
  };
}

/** Path segments of Logto's API kept as they are; anything else is an id (`:id`). */
const STATIC_SEGMENTS = new Set([
  'api',
  'oidc',
  'token',
  'jwks',
  'status',
  'users',
  'organizations',
  'roles',
  'scopes',
  'organization-roles',
  'organization-scopes',
  'organization-invitations',
  'message',
  'jit',
  'email-domains',
  'resources',
  '.well-known',
  'openid-configuration',
]);

/** `GET /api/organizations/:id/users/:id/roles`: method and path with ids replaced. */
export function upstreamOperation(method: string, url: URL): string {
  const segments = url.pathname
    .split('/')
    .map((segment) => (segment === '' || STATIC_SEGMENTS.has(segment) ? segment : ':id'));
  return `${method} ${segments.join('/')}`;
}

/**
 * Wraps the server's `fetch` so every call to Logto is observed (operation, outcome, latency) and
 * M2M token requests (`POST /oidc/token`) are counted.
 */
export function instrumentFetch(fetchImpl: FetchLike, metrics: Metrics): FetchLike {
  async function observe(
    method: string,
    url: URL,
    call: () => Promise<globalThis.Response>,
  ): Promise<globalThis.Response> {
    const operation = upstreamOperation(method, url);
    const started = performance.now();
    let outcome = 'error';
    try {
      const response = await call();
      outcome = String(response.status);
      return response;
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      outcome =
        name === 'UpstreamTimeout' ? 'timeout' : name === 'AbortError' ? 'aborted' : 'error';
      throw error;
    } finally {
      metrics.upstream(operation, outcome, (performance.now() - started) / 1000);
      if (operation === 'POST /oidc/token') metrics.m2mToken(outcome);
    }
  }
  const instrumented: FetchLike = function instrumentedFetch(input, init) {
    const request = input instanceof Request ? input : undefined;
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const url = new URL(request ? request.url : input.toString());
    return observe(method, url, () => fetchImpl(input, init));
  };
  const direct = directSendOf(fetchImpl);
  if (!direct) return instrumented;
  return withDirectSend(instrumented, (request, timeoutMs, timedOut) =>
    observe(request.method.toUpperCase(), new URL(request.url), () =>
      direct(request, timeoutMs, timedOut),
    ),
  );
}
