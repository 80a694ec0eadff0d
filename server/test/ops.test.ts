/**
 * Operations without Redis: the new configuration variables, /healthz and /readyz, metrics (route
 * patterns, upstream operations, M2M token requests), graceful shutdown with a request in flight,
 * the log line format, and the rate-limit store's fallback when Redis cannot be reached.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import type { Options } from 'express-rate-limit';
import { buildApp } from '../src/app.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { createJsonLogger, runWithRequestId, silentLogger } from '../src/logger.js';
import { createMemoryLock } from '../src/locks/org-lock.js';
import { createMetrics, instrumentFetch, upstreamOperation } from '../src/ops/metrics.js';
import { gracefulShutdown } from '../src/ops/shutdown.js';
import { SharedRateLimitStore } from '../src/rate-limit-store.js';
import { closeRedisClient, createRedisClient } from '../src/redis.js';
import { startFixture } from './emulator-fixture.js';
import { listen, makeConfig, TEST_ENV } from './helpers.js';

function configError(env: Record<string, string>): string {
  try {
    loadConfig({ ...TEST_ENV, ...env });
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.variable;
  }
  assert.fail('accepted');
}

describe('deployment configuration', () => {
  it('defaults to one process: no Redis, metrics off, info logs', () => {
    const config = makeConfig();
    assert.equal(config.redis.url, null);
    assert.equal(config.redis.prefix, 'org-widget:');
    assert.equal(config.redis.lockLeaseMs, 15_000);
    assert.equal(config.redis.lockWaitMs, 10_000);
    assert.deepEqual(config.metrics, { port: null, host: '127.0.0.1' });
    assert.equal(config.logLevel, 'info');
    assert.equal(config.shutdownTimeoutMs, 10_000);
  });

  it('reads the Redis, metrics and log settings, and names a bad variable', () => {
    const config = makeConfig({
      ORG_REDIS_URL: 'rediss://user:pw@redis.internal:6380/2',
      ORG_LOCK_LEASE_MS: '5000',
      ORG_METRICS_PORT: '9464',
      LOG_LEVEL: 'warn',
    });
    assert.equal(config.redis.url, 'rediss://user:pw@redis.internal:6380/2');
    assert.equal(config.metrics.port, 9464);
    assert.equal(config.logLevel, 'warn');
    assert.equal(configError({ ORG_REDIS_URL: 'http://redis:6379' }), 'ORG_REDIS_URL');
    assert.equal(configError({ ORG_LOCK_LEASE_MS: '10' }), 'ORG_LOCK_LEASE_MS');
    assert.equal(configError({ ORG_REDIS_PREFIX: 'a b' }), 'ORG_REDIS_PREFIX');
    assert.equal(configError({ LOG_LEVEL: 'verbose' }), 'LOG_LEVEL');
    assert.equal(configError({ ORG_METRICS_PORT: 'x' }), 'ORG_METRICS_PORT');
  });

  it('never puts the Redis password in an error message', () => {
    try {
      loadConfig({ ...TEST_ENV, ORG_REDIS_URL: 'redis://:hunter2-secret@' });
      assert.fail('accepted');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.doesNotMatch(error.message, /hunter2/);
    }
  });
});

describe('health, readiness and metrics of the app', () => {
  it('/healthz answers alone; /readyz follows Logto and turns to stopping on drain', async () => {
    const f = await startFixture();
    try {
      const built = buildApp({ config: f.config, logger: silentLogger });
      const running = await listen(built.app);
      try {
        const health = await fetch(`${running.url}/healthz`);
        assert.equal(health.status, 200);
        assert.equal(health.headers.get('cache-control'), 'no-store');
        const ready = await fetch(`${running.url}/readyz`);
        assert.equal(ready.status, 200);
        assert.deepEqual(await ready.json(), { status: 'ready', checks: { logto: 'ok' } });
        built.readiness.drain();
        const stopping = await fetch(`${running.url}/readyz`);
        assert.equal(stopping.status, 503);
        assert.equal(((await stopping.json()) as { status: string }).status, 'stopping');
      } finally {
        await running.close();
      }
      const down = buildApp({
        config: makeConfig({ LOGTO_ENDPOINT: 'http://127.0.0.1:9' }),
        logger: silentLogger,
      });
      const downRunning = await listen(down.app);
      try {
        const res = await fetch(`${downRunning.url}/readyz`);
        assert.equal(res.status, 503);
        assert.deepEqual(await res.json(), { status: 'not_ready', checks: { logto: 'fail' } });
        assert.equal((await fetch(`${downRunning.url}/healthz`)).status, 200);
      } finally {
        await downRunning.close();
      }
    } finally {
      await f.close();
    }
  });

  it('counts requests by route pattern, upstream calls by operation, and M2M token requests', async () => {
    const f = await startFixture();
    try {
      const metrics = createMetrics({ processMetrics: false });
      const built = buildApp({ config: f.config, logger: silentLogger, metrics });
      const running = await listen(built.app);
      try {
        const orgId = await f.newOrg('alice', [['bob', 'member']]);
        const token = await f.orgToken('alice', orgId);
        for (let i = 0; i < 3; i += 1) {
          const res = await fetch(`${running.url}/organizations/${orgId}/members?page=1`, {
            headers: { authorization: `Bearer ${token}` },
          });
          assert.equal(res.status, 200);
        }
        await fetch(`${running.url}/nowhere/${orgId}`);
        const publicMetrics = await fetch(`${running.url}/metrics`);
        assert.equal(publicMetrics.status, 404, 'never on the public API');
        const text = await metrics.registry!.metrics();
        assert.match(
          text,
          /org_http_request_duration_seconds_count\{method="GET",route="\/organizations\/:orgId\/members",status="200"\} 3/,
        );
        assert.match(
          text,
          /org_http_request_duration_seconds_count\{method="GET",route="\(unmatched\)",status="404"\} 2/,
        );
        assert.doesNotMatch(text, new RegExp(orgId), 'no raw ids in labels');
        assert.match(
          text,
          /org_upstream_request_duration_seconds_count\{operation="GET \/api\/organizations\/:id\/users",outcome="200"\} 3/,
        );
        assert.match(text, /org_m2m_token_requests_total\{outcome="200"\} 1/);
      } finally {
        await running.close();
      }
    } finally {
      await f.close();
    }
  });

  it('names upstream operations without ids, and records failed calls', async () => {
    assert.equal(
      upstreamOperation('PUT', new URL('http://l/api/organizations/abc123def456/users/u1/roles')),
      'PUT /api/organizations/:id/users/:id/roles',
    );
    assert.equal(
      upstreamOperation('GET', new URL('http://l/oidc/.well-known/openid-configuration')),
      'GET /oidc/.well-known/openid-configuration',
    );
    const metrics = createMetrics({ processMetrics: false });
    const failing = instrumentFetch(async () => {
      throw new TypeError('fetch failed');
    }, metrics);
    await assert.rejects(failing('http://l/oidc/token', { method: 'POST' }));
    const text = await metrics.registry!.metrics();
    assert.match(text, /org_m2m_token_requests_total\{outcome="error"\} 1/);
  });
});

describe('lock refusals over HTTP', () => {
  it('answers 503 lock.unavailable with Retry-After and changes nothing when the lock refuses', async () => {
    const f = await startFixture();
    try {
      const lock = createMemoryLock();
      await lock.close();
      const built = buildApp({
        config: f.config,
        logger: silentLogger,
        shared: { redis: null, lock, rateLimitStore: () => undefined, close: async () => {} },
      });
      const running = await listen(built.app);
      try {
        const orgId = await f.newOrg('alice', [['bob', 'member']]);
        const token = await f.orgToken('alice', orgId);
        const res = await fetch(
          `${running.url}/organizations/${orgId}/members/${f.userId('bob')}`,
          {
            method: 'DELETE',
            headers: { authorization: `Bearer ${token}` },
          },
        );
        assert.equal(res.status, 503);
        assert.equal(res.headers.get('retry-after'), '5');
        const body = (await res.json()) as { code: string; data: { retryAfter: number } };
        assert.equal(body.code, 'lock.unavailable');
        const members = await f.admin.listOrganizationUsers(orgId, { page: 1, pageSize: 20 });
        assert.ok(
          members.items.some((m) => m.id === f.userId('bob')),
          'bob is still a member',
        );
      } finally {
        await running.close();
      }
    } finally {
      await f.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('stops accepting, lets the request in flight finish, then cleans up and exits 0', async () => {
    let finish!: () => void;
    const inFlight = new Promise<void>((resolve) => (finish = resolve));
    const server = createServer((req, res) => {
      void inFlight.then(() => res.end('done'));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const order: string[] = [];
    const stop = gracefulShutdown({
      server,
      timeoutMs: 5000,
      logger: silentLogger,
      beforeClose: () => order.push('drain'),
      afterClose: async () => {
        order.push('cleanup');
      },
    });
    const pending = fetch(url).then((res) => res.text());
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopped = stop('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await assert.rejects(fetch(url), 'no new connections');
    assert.deepEqual(order, ['drain']);
    finish();
    assert.equal(await pending, 'done');
    assert.equal(await stopped, 0);
    assert.deepEqual(order, ['drain', 'cleanup']);
  });

  it('cuts requests still running at the timeout and exits 1', async () => {
    const server = createServer(() => {});
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pending = fetch(url).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stop = gracefulShutdown({ server, timeoutMs: 100, logger: silentLogger });
    assert.equal(await stop('SIGTERM'), 1);
    assert.ok((await pending) instanceof Error);
  });

  it('refuses new guarded changes once the lock is closed', async () => {
    const lock = createMemoryLock();
    assert.equal(await lock.run('org', async () => 1), 1);
    await lock.close();
    await assert.rejects(
      lock.run('org', async () => 2),
      { code: 'lock.unavailable' },
    );
  });
});

describe('structured logs', () => {
  it('writes JSON lines with time, level, msg, requestId and base fields, and honours the level', () => {
    const lines: string[] = [];
    const logger = createJsonLogger({
      level: 'warn',
      write: (line) => lines.push(line),
      now: () => Date.UTC(2026, 0, 2, 3, 4, 5),
      base: { instance: 'host:1' },
    });
    logger.info('dropped');
    runWithRequestId('req-1', () => logger.warn('kept', { authorization: 'Bearer x', n: 1 }));
    assert.equal(lines.length, 1);
    assert.deepEqual(JSON.parse(lines[0]!), {
      time: '2026-01-02T03:04:05.000Z',
      level: 'warn',
      msg: 'kept',
      requestId: 'req-1',
      instance: 'host:1',
      authorization: '[redacted]',
      n: 1,
    });
  });
});

describe('shared rate-limit store without Redis', () => {
  it('falls back to per-instance counters (one warning) when Redis cannot be reached', async () => {
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (msg: string) => void warnings.push(msg) };
    const client = createRedisClient({ url: 'redis://127.0.0.1:9', logger: silentLogger });
    const metrics = createMetrics({ processMetrics: false });
    const store = new SharedRateLimitStore({ client, prefix: 't:', logger, metrics });
    store.init({ windowMs: 60_000 } as Options);
    try {
      assert.equal((await store.increment('u')).totalHits, 1);
      assert.equal((await store.increment('u')).totalHits, 2);
      await store.decrement('u');
      assert.equal((await store.get('u'))?.totalHits, 1);
      assert.equal(warnings.length, 1);
      assert.match(await metrics.registry!.metrics(), /org_rate_limit_store_errors_total 4/);
    } finally {
      store.shutdown();
      await closeRedisClient(client, 100);
    }
  });
});
