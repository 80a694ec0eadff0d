import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cachedValue, LruMap } from '../src/cache.js';

describe('LruMap', () => {
  it('never holds more than max entries and drops the least recently used first', () => {
    const map = new LruMap<string, number>(3);
    for (let i = 0; i < 100; i += 1) {
      map.set(`k${i}`, i);
      assert.ok(map.size <= 3, `size ${map.size} after ${i + 1} sets`);
    }
    assert.equal(map.size, 3);
    assert.deepEqual(
      ['k96', 'k97', 'k98', 'k99'].map((k) => map.get(k)),
      [undefined, 97, 98, 99],
    );
  });

  it('a get marks the entry as recently used; set of an existing key replaces it', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    assert.equal(map.get('a'), 1); // a is now the most recent
    map.set('c', 3); // drops b
    assert.equal(map.get('b'), undefined);
    assert.equal(map.get('a'), 1);
    map.set('a', 10);
    assert.equal(map.size, 2);
    assert.equal(map.get('a'), 10);
    assert.equal(map.delete('a'), true);
    assert.equal(map.size, 1);
  });

  it('max 0 keeps nothing; a negative or fractional max is refused', () => {
    const map = new LruMap<string, number>(0);
    map.set('a', 1);
    assert.equal(map.size, 0);
    assert.equal(map.get('a'), undefined);
    assert.throws(() => new LruMap(-1), RangeError);
    assert.throws(() => new LruMap(1.5), RangeError);
  });
});

/** A load whose calls are counted and settled by the test. */
function controlledLoad<T>() {
  const pending: Array<{ resolve(value: T): void; reject(error: unknown): void }> = [];
  let calls = 0;
  return {
    load: () =>
      new Promise<T>((resolve, reject) => {
        calls += 1;
        pending.push({ resolve, reject });
      }),
    get calls() {
      return calls;
    },
    /** Settles the oldest unsettled load. */
    next() {
      const first = pending.shift();
      if (!first) throw new Error('no load is waiting');
      return first;
    },
  };
}

/** Lets queued promise callbacks run (the load starts on a microtask). */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('cachedValue', () => {
  it('concurrent callers share one load (single flight), then the value is reused until the TTL', async () => {
    let t = 1_000_000;
    const loader = controlledLoad<string>();
    const value = cachedValue(loader.load, { ttlMs: 30_000, now: () => t });
    const waiting = Array.from({ length: 10 }, () => value.get());
    await tick();
    assert.equal(loader.calls, 1);
    loader.next().resolve('v1');
    for (const result of await Promise.all(waiting)) {
      assert.deepEqual(result, { value: 'v1', cached: false });
    }
    t += 29_999;
    assert.deepEqual(await value.get(), { value: 'v1', cached: true });
    assert.equal(loader.calls, 1);
    t += 1; // exactly the TTL: loaded again
    const again = value.get();
    await tick();
    assert.equal(loader.calls, 2);
    loader.next().resolve('v2');
    assert.deepEqual(await again, { value: 'v2', cached: false });
    assert.deepEqual(await value.get(), { value: 'v2', cached: true });
  });

  it('a failed load rejects its waiters and is not kept: the next get loads again', async () => {
    const loader = controlledLoad<string>();
    const value = cachedValue(loader.load, { ttlMs: 30_000, now: () => 0 });
    const waiting = [value.get(), value.get()];
    await tick();
    loader.next().reject(new Error('Logto is down'));
    for (const result of await Promise.allSettled(waiting)) {
      assert.equal(result.status, 'rejected');
    }
    const retry = value.get();
    await tick();
    assert.equal(loader.calls, 2);
    loader.next().resolve('ok');
    assert.deepEqual(await retry, { value: 'ok', cached: false });
  });

  it('invalidate drops the kept value, and a load running at that moment is not kept', async () => {
    let t = 0;
    const loader = controlledLoad<string>();
    const value = cachedValue(loader.load, { ttlMs: 30_000, now: () => t });
    const first = value.get();
    await tick();
    loader.next().resolve('old');
    await first;
    value.invalidate();
    const during = value.get(); // starts load 2
    await tick();
    value.invalidate(); // load 2 is now outdated
    const after = value.get(); // starts load 3, does not join load 2
    await tick();
    assert.equal(loader.calls, 3);
    loader.next().resolve('outdated');
    loader.next().resolve('fresh');
    assert.equal((await during).value, 'outdated'); // its own caller still gets an answer
    assert.equal((await after).value, 'fresh');
    t += 1;
    assert.deepEqual(await value.get(), { value: 'fresh', cached: true });
    assert.equal(loader.calls, 3);
  });

  it('a clock set back does not stretch the TTL; TTL 0 keeps nothing', async () => {
    let t = 50_000;
    let loads = 0;
    const value = cachedValue(async () => ++loads, { ttlMs: 30_000, now: () => t });
    await value.get();
    t -= 1;
    assert.deepEqual(await value.get(), { value: 2, cached: false });

    let uncachedLoads = 0;
    const uncached = cachedValue(async () => ++uncachedLoads, { ttlMs: 0, now: () => t });
    await uncached.get();
    await uncached.get();
    assert.equal(uncachedLoads, 2);
  });
});
