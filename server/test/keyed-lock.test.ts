import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyedLock } from '../src/keyed-lock.js';

/** A promise resolved from outside. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('KeyedLock', () => {
  it('runs the same key one at a time, in arrival order', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const gates = [deferred(), deferred(), deferred()];
    const runs = gates.map((gate, i) =>
      lock.run('org', async () => {
        log.push(`start ${i}`);
        await gate.promise;
        log.push(`end ${i}`);
        return i;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(log, ['start 0']);
    assert.equal(lock.pending('org'), 3);
    // Releasing a later one first changes nothing: order is kept.
    gates[2]!.resolve();
    gates[1]!.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(log, ['start 0']);
    gates[0]!.resolve();
    assert.deepEqual(await Promise.all(runs), [0, 1, 2]);
    assert.deepEqual(log, ['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('a run that waits too long gives up without running, and the order is kept', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const held = deferred();
    const wait = { ms: 30, error: () => new Error('busy') };
    const first = lock.run('org', async () => {
      log.push('first');
      await held.promise;
    });
    const second = lock.run('org', async () => log.push('second'), wait);
    const third = lock.run('org', async () => log.push('third'));
    await assert.rejects(second, /busy/);
    assert.deepEqual(log, ['first']);
    assert.equal(lock.pending('org'), 2);
    // The run after the one that gave up still waits for the holder ahead of it.
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(log, ['first']);
    held.resolve();
    await Promise.all([first, third]);
    assert.deepEqual(log, ['first', 'third']);
    assert.equal(lock.size, 0);
    // Nothing ahead: the bound costs nothing and the run goes at once.
    assert.equal(await lock.run('org', async () => 'alone', wait), 'alone');
  });

  it('different keys do not wait for each other', async () => {
    const lock = new KeyedLock();
    const held = deferred();
    const a = lock.run('a', () => held.promise);
    const b = await lock.run('b', async () => 'b done');
    assert.equal(b, 'b done');
    assert.equal(lock.pending('a'), 1);
    held.resolve();
    await a;
  });

  it('a failing run passes its error on and releases the key', async () => {
    const lock = new KeyedLock();
    const failing = lock.run('org', async () => {
      throw new Error('boom');
    });
    const next = lock.run('org', async () => 'next');
    await assert.rejects(failing, /boom/);
    assert.equal(await next, 'next');
    // A synchronous throw too.
    await assert.rejects(
      lock.run('org', () => {
        throw new Error('sync');
      }),
      /sync/,
    );
    assert.equal(await lock.run('org', async () => 'after'), 'after');
    assert.equal(lock.size, 0);
  });

  it('drops idle keys: memory stays bounded by the keys in use', async () => {
    const lock = new KeyedLock();
    for (let i = 0; i < 1000; i += 1) {
      await Promise.all([lock.run(`org-${i}`, async () => i), lock.run(`org-${i}`, async () => i)]);
    }
    assert.equal(lock.size, 0);
    assert.equal(lock.pending('org-1'), 0);
    const held = deferred();
    const running = lock.run('x', () => held.promise);
    assert.equal(lock.size, 1);
    held.resolve();
    await running;
    assert.equal(lock.size, 0);
  });
});
