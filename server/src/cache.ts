/**
 * Two small in-memory caches of the companion server:
 *
 * - `LruMap`: a Map bounded to `max` entries that drops the least recently used one first
 *   (the verified-token cache).
 * - `cachedValue`: one value loaded on demand, kept for a short time, shared by concurrent
 *   callers while it loads (single flight), failures never kept, and dropped on demand
 *   (the organization role template).
 */

/** A Map with at most `max` entries; `get` marks an entry as recently used. `max` 0 keeps none. */
export class LruMap<K, V> {
  readonly #entries = new Map<K, V>();
  readonly max: number;

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 0) throw new RangeError('max must be a whole number ≥ 0');
    this.max = max;
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    // Map keeps insertion order: move the entry to the end (most recent).
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    if (this.max === 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}

export interface CachedValue<T> {
  /**
   * The value: the kept one while it is younger than the TTL (`cached: true`), otherwise a load
   * (joined if one is already running; `cached: false`). A failed load rejects every caller that
   * waited for it and is not kept.
   */
  get(): Promise<{ value: T; cached: boolean }>;
  /** Drops the kept value; a load already running is not kept when it lands. */
  invalidate(): void;
}

export interface CachedValueOptions {
  /** How long a loaded value is kept, in ms; 0 keeps nothing (every `get` loads, still shared). */
  ttlMs: number;
  /** Clock in epoch ms. */
  now: () => number;
}

export function cachedValue<T>(
  load: () => Promise<T>,
  options: CachedValueOptions,
): CachedValue<T> {
  const { ttlMs, now } = options;
  let kept: { value: T; at: number } | undefined;
  let flight: { promise: Promise<T> } | undefined;
  let generation = 0;

  function start(): Promise<T> {
    const startedIn = generation;
    const promise = Promise.resolve()
      .then(load)
      .then((value) => {
        if (startedIn === generation && ttlMs > 0) kept = { value, at: now() };
        return value;
      });
    const current = { promise };
    flight = current;
    const done = () => {
      if (flight === current) flight = undefined;
    };
    promise.then(done, done);
    return promise;
  }

  return {
    async get() {
      if (kept) {
        const t = now();
        // A clock that went backwards does not stretch the TTL.
        if (t >= kept.at && t - kept.at < ttlMs) return { value: kept.value, cached: true };
        kept = undefined;
      }
      const value = await (flight ? flight.promise : start());
      return { value, cached: false };
    },
    invalidate() {
      generation += 1;
      kept = undefined;
      flight = undefined;
    },
  };
}
