/**
 * Liveness and readiness for load balancers and orchestrators:
 *
 * - `GET /healthz`: the process answers (200 `{status: "ok"}`); no dependency is checked, so a
 *   Logto or Redis outage never gets healthy instances restarted;
 * - `GET /readyz`: 200 `{status: "ready", checks}` when Logto answers its `/api/status` (checked at
 *   most every 2 s, shared by concurrent probes) and, when configured, Redis answers PING; 503
 *   `{status: "not_ready" | "stopping", checks}` otherwise, and from the moment a shutdown starts,
 *   so the balancer drains this instance first.
 */
import { Router, type Request, type Response } from 'express';
import type { Config } from '../config.js';
import type { RedisClient } from '../redis.js';
import { fetchWithTimeout, type FetchLike } from '../upstream.js';

export type CheckResult = 'ok' | 'fail';

export interface ReadinessReport {
  status: 'ready' | 'not_ready' | 'stopping';
  checks: { logto: CheckResult; redis?: CheckResult };
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
  /** From now on, report `stopping` (shutdown). */
  drain(): void;
  readonly draining: boolean;
}

export interface ReadinessOptions {
  config: Pick<Config, 'logtoEndpoint'>;
  fetch: FetchLike;
  redis?: RedisClient | null;
  /** How long a Logto check result is reused. Default 2000 ms. */
  cacheMs?: number;
  /** Timeout of one Logto or Redis check. Default 2000 ms. */
  timeoutMs?: number;
}

export function createReadiness(options: ReadinessOptions): Readiness {
  const cacheMs = options.cacheMs ?? 2000;
  const timeoutMs = options.timeoutMs ?? 2000;
  const statusUrl = `${options.config.logtoEndpoint}/api/status`;
  let draining = false;
  let logto: { result: CheckResult; at: number } | undefined;
  let logtoInFlight: Promise<CheckResult> | undefined;

  async function checkLogto(): Promise<CheckResult> {
    try {
      const response = await fetchWithTimeout(
        options.fetch,
        { url: statusUrl, method: 'GET', headers: {} },
        timeoutMs,
      );
      return response.ok ? 'ok' : 'fail';
    } catch {
      return 'fail';
    }
  }

  function logtoStatus(): Promise<CheckResult> {
    const t = performance.now();
    if (logto && t - logto.at < cacheMs) return Promise.resolve(logto.result);
    logtoInFlight ??= checkLogto()
      .then((result) => {
        logto = { result, at: performance.now() };
        return result;
      })
      .finally(() => {
        logtoInFlight = undefined;
      });
    return logtoInFlight;
  }

  async function redisStatus(client: RedisClient): Promise<CheckResult> {
    if (client.status !== 'ready') return 'fail';
    let timer: NodeJS.Timeout | undefined;
    try {
      const reply = await Promise.race([
        client.ping(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('ping timeout')), timeoutMs);
        }),
      ]);
      return reply === 'PONG' ? 'ok' : 'fail';
    } catch {
      return 'fail';
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    get draining() {
      return draining;
    },
    drain() {
      draining = true;
    },
    async check() {
      const [logtoResult, redisResult] = await Promise.all([
        logtoStatus(),
        options.redis ? redisStatus(options.redis) : undefined,
      ]);
      const checks: ReadinessReport['checks'] = { logto: logtoResult };
      if (redisResult) checks.redis = redisResult;
      const healthy = logtoResult === 'ok' && redisResult !== 'fail';
      return { status: draining ? 'stopping' : healthy ? 'ready' : 'not_ready', checks };
    },
  };
}

/** `/healthz` and `/readyz` (never cached by intermediaries). */
export function healthRouter(readiness: Readiness): Router {
  const router = Router();
  router.get('/healthz', function healthz(_req: Request, res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async function readyz(_req: Request, res: Response) {
    const report = await readiness.check();
    res.setHeader('Cache-Control', 'no-store');
    res.status(report.status === 'ready' ? 200 : 503).json(report);
  });
  return router;
}
