/**
 * A small in-process async lock per key (here: per organization). `run(key, fn)` runs `fn` once
 * every earlier `run` with the same key has settled, in arrival order; different keys never wait
 * for each other. A key's entry is dropped as soon as nothing holds or waits for it, so memory
 * stays bounded by the keys currently in use.
 *
 * It serializes only within one process; several server instances share a Redis lock instead
 * (locks/redis-lock.ts), which also queues its own waiters here first.
 */
export class KeyedLock {
  readonly #entries = new Map<string, { tail: Promise<void>; pending: number }>();

  /** Runs `fn` alone for `key`; resolves or rejects with its result. */
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = { tail: Promise.resolve(), pending: 0 };
      this.#entries.set(key, entry);
    }
    const previous = entry.tail;
    let release!: () => void;
    entry.tail = new Promise<void>((resolve) => (release = resolve));
    entry.pending += 1;
    try {
      await previous;
      return await fn();
    } finally {
      release();
      entry.pending -= 1;
      if (entry.pending === 0) this.#entries.delete(key);
    }
  }

  /** How many runs hold or wait for `key` (0 when idle). */
  pending(key: string): number {
    return this.#entries.get(key)?.pending ?? 0;
  }

  /** How many keys are held or waited for. */
  get size(): number {
    return this.#entries.size;
  }
}
