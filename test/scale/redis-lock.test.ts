/**
 * The Redis lock and the shared rate-limit store against a real Redis: mutual exclusion across
 * clients, owner-only release, lease renewal and expiry, the wait bound, and fail-closed /
 * fallback behaviour while Redis is down.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Options } from 'express-rate-limit';
import { AppError } from '../../server/src/errors.js';
import { createRedisLock } from '../../server/src/locks/redis-lock.js';
import { silentLogger } from '../../server/src/logger.js';
import { createMetrics } from '../../server/src/ops/metrics.js';
import { SharedRateLimitStore } from '../../server/src/rate-limit-store.js';
import { closeRedisClient, createRedisClient, type RedisClient } from '../../server/src/redis.js';
import { startRedisServer, type RedisServer } from './redis-server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function ready(client: RedisClient): Promise<RedisClient> {
  if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
  return client;
}

async function rejectsWithCode(promise: Promise<unknown>, code: string) {
  await assert.rejects(
    promise,
    (error: unknown) => error instanceof AppError && error.code === code,
  );
}

describe('Redis lock', () => {
  let redis: RedisServer;
  const clients: RedisClient[] = [];
  const client = async () => {
    const c = createRedisClient({ url: redis.url, logger: silentLogger });
    clients.push(c);
    return ready(c);
  };
  const prefix = () => `t${Math.random().toString(36).slice(2, 8)}:`;

  before(async () => {
    redis = await startRedisServer();
  });
  after(async () => {
    for (const c of clients) await closeRedisClient(c, 200);
    await redis.close();
  });

  it('lets one holder at a time in across clients, and leaves no key behind', async () => {
    const p = prefix();
    const locks = await Promise.all(
      [0, 1, 2].map(async () =>
        createRedisLock({
          client: await client(),
          prefix: p,
          leaseMs: 5000,
          waitMs: 10_000,
          logger: silentLogger,
        }),
      ),
    );
    let inside = 0;
    let maxInside = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        locks[i % 3]!.run('org1', async () => {
          inside += 1;
          maxInside = Math.max(maxInside, inside);
          await sleep(2);
          inside -= 1;
          done += 1;
        }),
      ),
    );
    assert.equal(done, 30);
    assert.equal(maxInside, 1);
    assert.equal(await redis.client().exists(locks[0]!.keyOf('org1')), 0);
    assert.equal(locks[0]!.heldCount, 0);
  });

  it('keeps different organizations independent', async () => {
    const p = prefix();
    const lock = createRedisLock({
      client: await client(),
      prefix: p,
      leaseMs: 5000,
      waitMs: 0,
      logger: silentLogger,
    });
    const other = createRedisLock({
      client: await client(),
      prefix: p,
      leaseMs: 5000,
      waitMs: 0,
      logger: silentLogger,
    });
    let release!: () => void;
    const holding = lock.run('a', () => new Promise<void>((resolve) => (release = resolve)));
    await sleep(20);
    assert.equal(await other.run('b', async () => 'b ran'), 'b ran');
    await rejectsWithCode(
      other.run('a', async () => 'must not run'),
      'lock.busy',
    );
    release();
    await holding;
  });

  it('renews the lease of a long change, and a crashed holder loses it after one lease', async () => {
    const p = prefix();
    const metrics = createMetrics({ processMetrics: false });
    const holderClient = await client();
    const holder = createRedisLock({
      client: holderClient,
      prefix: p,
      leaseMs: 600,
      waitMs: 5000,
      logger: silentLogger,
    });
    const waiter = createRedisLock({
      client: await client(),
      prefix: p,
      leaseMs: 600,
      waitMs: 5000,
      logger: silentLogger,
      metrics,
    });
    // A change that takes 3 leases keeps the lock the whole time.
    const order: string[] = [];
    const long = holder.run('org', async () => {
      order.push('long start');
      await sleep(1800);
      order.push('long end');
    });
    await sleep(50);
    await waiter.run('org', async () => {
      order.push('waiter');
    });
    await long;
    assert.deepEqual(order, ['long start', 'long end', 'waiter']);

    // A holder whose process dies mid-change (connection gone, no release).
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    void holder
      .run('org', async () => {
        entered();
        await new Promise((resolve) => setTimeout(resolve, 10_000).unref());
      })
      .catch(() => {});
    await inside;
    holderClient.disconnect();
    const started = performance.now();
    await waiter.run('org', async () => {});
    const waited = performance.now() - started;
    assert.ok(waited >= 300 && waited < 2000, `took over after ${waited} ms`);
    assert.match(
      await metrics.registry!.metrics(),
      /org_lock_wait_seconds_count\{backend="redis",outcome="acquired"\} 2/,
    );
  });

  it('never deletes a lock another holder took after the lease expired', async () => {
    const p = prefix();
    const slowClient = await client();
    const slow = createRedisLock({
      client: slowClient,
      prefix: p,
      leaseMs: 1000,
      waitMs: 5000,
      logger: silentLogger,
    });
    const key = slow.keyOf('org');
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const run = slow.run('org', async () => {
      inside();
      await sleep(300);
    });
    await entered;
    // Simulate the lease running out and someone else taking the lock meanwhile.
    await redis.client().set(key, 'someone-else', 'PX', 5000);
    await run;
    assert.equal(await redis.client().get(key), 'someone-else');
    await redis.client().del(key);
  });

  it('fails closed while Redis is down and recovers without a restart', async () => {
    const p = prefix();
    const metrics = createMetrics({ processMetrics: false });
    const lockClient = await client();
    const lock = createRedisLock({
      client: lockClient,
      prefix: p,
      leaseMs: 2000,
      waitMs: 2000,
      logger: silentLogger,
      metrics,
    });
    const limitClient = await client();
    const options = { windowMs: 60_000 } as Options;
    const store = new SharedRateLimitStore({
      client: limitClient,
      prefix: `${p}rl:`,
      logger: silentLogger,
      metrics,
    });
    const peer = new SharedRateLimitStore({
      client: await client(),
      prefix: `${p}rl:`,
      logger: silentLogger,
    });
    store.init(options);
    peer.init(options);
    assert.equal((await store.increment('u1')).totalHits, 1);
    assert.equal((await peer.increment('u1')).totalHits, 2, 'counters are shared');

    await redis.stop();
    let ran = false;
    await rejectsWithCode(
      lock.run('org', async () => {
        ran = true;
      }),
      'lock.unavailable',
    );
    assert.equal(ran, false);
    // Rate limits fall back to this instance's own counters.
    assert.equal((await store.increment('u1')).totalHits, 1);
    assert.equal((await store.increment('u1')).totalHits, 2);

    await redis.start();
    await ready(lockClient);
    await ready(limitClient);
    assert.equal(await lock.run('org', async () => 'ran'), 'ran');
    assert.equal((await store.increment('u1')).totalHits, 1, 'shared again (fresh Redis)');
    assert.equal((await peer.increment('u1')).totalHits, 2);
    const text = await metrics.registry!.metrics();
    assert.match(text, /org_lock_failures_total\{backend="redis",reason="unavailable"\} 1/);
    assert.match(text, /org_rate_limit_store_errors_total 2/);
  });
});
