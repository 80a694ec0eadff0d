/**
 * The per-organization lock of the admin-affecting changes (role change, remove, leave): the
 * last-admin check and the change it guards run alone for one organization.
 *
 * Two implementations with one interface:
 * - `createMemoryLock()`: in-process (KeyedLock), for one instance (the default);
 * - `createRedisLock()` (redis-lock.ts): shared by every instance through Redis.
 */
import { AppError } from '../errors.js';
import { KeyedLock } from '../keyed-lock.js';
import { noMetrics, type Metrics } from '../ops/metrics.js';

export interface OrgLock {
  /**
   * Runs `fn` while holding the lock of `key`, and resolves or rejects with its result. Rejects
   * without running `fn` with AppError `lock.busy` (waited too long) or `lock.unavailable` (the
   * shared store is unreachable): a guarded change never runs unguarded.
   */
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Shutdown, once in-flight requests finished (each released its lock when done): later runs fail
   * `lock.unavailable`; a lock still held by a change that is still running is not renewed any more
   * and expires with its lease.
   */
  close(): Promise<void>;
  /** How many runs of `key` hold or wait for the lock in this process (0 when idle). */
  pending(key: string): number;
  /** How many keys this process holds or waits for. */
  readonly size: number;
}

/** How long a change waits for the organization's lock by default (`ORG_LOCK_WAIT_MS`). */
export const DEFAULT_LOCK_WAIT_MS = 10_000;

export function lockBusy(): AppError {
  return new AppError(
    'lock.busy',
    'Another change to this organization is in progress. Try again in a moment.',
    { status: 503, expose: true, data: { retryAfter: 1 } },
  );
}

export function lockUnavailable(cause?: unknown): AppError {
  return new AppError(
    'lock.unavailable',
    'Changes to members and roles are paused for a moment. Try again shortly.',
    { status: 503, expose: true, data: { retryAfter: 5 }, cause },
  );
}

/**
 * The in-process lock: arrival order per key; a run that waited `waitMs` (default 10 s, the
 * default of `ORG_LOCK_WAIT_MS`) for the runs ahead of it fails `lock.busy` without running.
 */
export function createMemoryLock(options: { metrics?: Metrics; waitMs?: number } = {}): OrgLock {
  const metrics = options.metrics ?? noMetrics;
  const locks = new KeyedLock();
  let closed = false;
  const wait = {
    ms: options.waitMs ?? DEFAULT_LOCK_WAIT_MS,
    error: () => {
      metrics.lockFailure('memory', 'busy');
      return lockBusy();
    },
  };
  return {
    pending: (key) => locks.pending(key),
    get size() {
      return locks.size;
    },
    run(key, fn) {
      if (closed) return Promise.reject(lockUnavailable());
      if (metrics === noMetrics) return locks.run(key, fn, wait);
      const started = performance.now();
      return locks.run(
        key,
        () => {
          metrics.lockWait('memory', 'acquired', (performance.now() - started) / 1000);
          return fn();
        },
        wait,
      );
    },
    async close() {
      closed = true;
    },
  };
}
