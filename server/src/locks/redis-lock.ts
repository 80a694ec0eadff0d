/**
 * The per-organization lock shared by several instances, on one Redis (single-instance scheme):
 *
 * - acquire: `SET <prefix>lock:org:<orgId> <token> NX PX <lease>`, where the token is 128 random
 *   bits owned by this holder; when taken, retry with a jittered backoff (5 ms doubling to 100 ms)
 *   until the total wait bound (`ORG_LOCK_WAIT_MS`), then fail `lock.busy`;
 * - hold: renew the lease every lease/3 with a compare-and-PEXPIRE script, so a long change keeps
 *   it while a crashed holder (SIGKILL, lost network) loses it at most one lease later;
 * - release: a compare-and-delete script, so a holder whose lease expired can never delete the
 *   lock a later holder took.
 *
 * Within one process, waiters of the same key queue in memory first (one Redis waiter per key per
 * process), which keeps polling low under contention; the wait bound covers that queue too.
 *
 * Failure rule: if Redis cannot be reached when acquiring, the change is refused with
 * `lock.unavailable` (fail closed): it never runs unguarded. If Redis fails while a change already
 * runs, the change completes (its upstream calls are already under way) and the lease expires on
 * its own. Known limit of a single-Redis lock: when Redis restarts without persistence while a
 * lock is held, the lease is forgotten; the holder notices at its next renewal and logs
 * `lock lost`.
 */
import { randomBytes } from 'node:crypto';
import { KeyedLock } from '../keyed-lock.js';
import type { Logger } from '../logger.js';
import { noMetrics, type Metrics } from '../ops/metrics.js';
import type { RedisClient } from '../redis.js';
import { lockBusy, lockUnavailable, type OrgLock } from './org-lock.js';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface RedisLockOptions {
  client: RedisClient;
  /** Key prefix of the deployment, e.g. `org-widget:`. */
  prefix: string;
  /** Lease of a held lock, renewed every third of it. */
  leaseMs: number;
  /** Longest total wait for a taken lock before `lock.busy`. */
  waitMs: number;
  logger: Logger;
  metrics?: Metrics;
}

interface Held {
  key: string;
  token: string;
  timer: NodeJS.Timeout;
  /** performance.now() of the last successful acquire or renewal. */
  renewedAt: number;
  lost: boolean;
}

export interface RedisLock extends OrgLock {
  /** The Redis key of `orgId`'s lock (tests, operators). */
  keyOf(orgId: string): string;
  /** How many locks this process holds now. */
  readonly heldCount: number;
}

export function createRedisLock(options: RedisLockOptions): RedisLock {
  const { client, leaseMs, waitMs, logger } = options;
  const metrics = options.metrics ?? noMetrics;
  const local = new KeyedLock();
  const held = new Set<Held>();
  let closed = false;
  const keyOf = (orgId: string) => `${options.prefix}lock:org:${orgId}`;

  async function acquire(key: string, token: string, deadline: number, started: number) {
    for (let attempt = 0; ; attempt += 1) {
      let reply: string | null;
      try {
        reply = await client.set(key, token, 'PX', leaseMs, 'NX');
      } catch (error) {
        metrics.lockWait('redis', 'unavailable', (performance.now() - started) / 1000);
        metrics.lockFailure('redis', 'unavailable');
        logger.warn('lock unavailable', { error: (error as Error).message });
        throw lockUnavailable(error);
      }
      if (reply === 'OK') return;
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        metrics.lockWait('redis', 'busy', (performance.now() - started) / 1000);
        metrics.lockFailure('redis', 'busy');
        throw lockBusy();
      }
      const backoff = Math.min(5 * 2 ** attempt, 100) * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, Math.min(backoff, remaining)));
    }
  }

  function renew(entry: Held) {
    client
      .eval(RENEW, 1, entry.key, entry.token, String(leaseMs))
      .then((result) => {
        if (result === 1) {
          entry.renewedAt = performance.now();
          return;
        }
        markLost(entry);
      })
      .catch((error: unknown) => {
        if (performance.now() - entry.renewedAt >= leaseMs) markLost(entry);
        else logger.warn('lock renewal failed', { error: (error as Error).message });
      });
  }

  function markLost(entry: Held) {
    if (entry.lost) return;
    entry.lost = true;
    clearInterval(entry.timer);
    metrics.lockFailure('redis', 'lost');
    logger.error('lock lost while held', { key: entry.key });
  }

  async function release(entry: Held) {
    clearInterval(entry.timer);
    held.delete(entry);
    if (entry.lost) return;
    try {
      await client.eval(RELEASE, 1, entry.key, entry.token);
    } catch (error) {
      metrics.lockFailure('redis', 'release_failed');
      logger.warn('lock release failed; the lease will expire', {
        error: (error as Error).message,
      });
    }
  }

  return {
    keyOf,
    pending: (orgId) => local.pending(orgId),
    get size() {
      return local.size;
    },
    get heldCount() {
      return held.size;
    },
    run(orgId, fn) {
      if (closed) return Promise.reject(lockUnavailable());
      const started = performance.now();
      const deadline = started + waitMs;
      const busy = {
        ms: waitMs,
        error: () => {
          metrics.lockWait('redis', 'busy', (performance.now() - started) / 1000);
          metrics.lockFailure('redis', 'busy');
          return lockBusy();
        },
      };
      return local.run(
        orgId,
        async () => {
          if (closed) throw lockUnavailable();
          const key = keyOf(orgId);
          const token = randomBytes(16).toString('base64url');
          await acquire(key, token, deadline, started);
          metrics.lockWait('redis', 'acquired', (performance.now() - started) / 1000);
          const entry: Held = {
            key,
            token,
            renewedAt: performance.now(),
            lost: false,
            timer: setInterval(() => renew(entry), Math.max(100, Math.floor(leaseMs / 3))),
          };
          entry.timer.unref();
          held.add(entry);
          try {
            return await fn();
          } finally {
            await release(entry);
          }
        },
        busy,
      );
    },
    async close() {
      // Locks still held belong to changes that are still running (shutdown timed out): stop
      // renewing them and let their leases expire rather than free them under a running change.
      closed = true;
      for (const entry of held) clearInterval(entry.timer);
    },
  };
}
