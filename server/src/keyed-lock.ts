/**
 * A small in-process async lock per key (here: per organization). `run(key, fn)` runs `fn` once
 * every earlier `run` with the same key has settled, in arrival order; different keys never wait
 * for each other. A key's entry is dropped as soon as nothing holds or waits for it, so memory
 * stays bounded by the keys currently in use.
 *
 * With `wait`, a run that has waited `wait.ms` for the runs ahead of it gives up: it rejects with
 * `wait.error()` without running `fn`, and keeps its place in the order until the runs ahead of it
 * settle (the run after it never starts early).
 *
 * It serializes only within one process; several server instances share a Redis lock instead
 * (locks/redis-lock.ts), which also queues its own waiters here first.
 */
export class KeyedLock {
  readonly #entries = new Map<string, { tail: Promise<void>; pending: number }>();

  /** Runs `fn` alone for `key`; resolves or rejects with its result. */
  async run<T>(
    key: string,
    fn: () => Promise<T>,
    wait?: { ms: number; error: () => Error },
  ): Promise<T> {
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = { tail: Promise.resolve(), pending: 0 };
      this.#entries.set(key, entry);
    }
    const previous = entry.tail;
    let release!: () => void;
    entry.tail = new Promise<void>((resolve) => (release = resolve));
    entry.pending += 1;
    let gaveUp = false;
    try {
      if (wait && entry.pending > 1 && (await waitedTooLong(previous, wait.ms))) {
        gaveUp = true;
        throw wait.error();
      }
      await previous;
      return await fn();
    } finally {
      if (gaveUp) void previous.then(release);
      else release();
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

/** Whether `ms` pass before `previous` settles (it never rejects: each tail is released, not failed). */
async function waitedTooLong(previous: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), ms);
  });
  try {
    return await Promise.race([previous.then(() => false), late]);
  } finally {
    clearTimeout(timer);
  }
}
