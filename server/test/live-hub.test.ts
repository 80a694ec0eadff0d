import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ErrorCode, LiveEvent } from 'logto-org-widget-contract';
import { AppError } from '../src/errors.js';
import { createMemoryBus, EVERY_ORGANIZATION } from '../src/live/bus.js';
import { LiveHub, type AccessCheck, type StreamSink } from '../src/live/hub.js';
import { silentLogger } from '../src/logger.js';

const READ = new Set(['read:member']);
const ADMIN = new Set(['read:member', 'invite:member']);

function sink() {
  const events: LiveEvent[] = [];
  const ends: Array<ErrorCode | undefined> = [];
  let heartbeats = 0;
  const s: StreamSink = {
    event: (e) => events.push(e),
    heartbeat: () => (heartbeats += 1),
    end: (code) => ends.push(code),
  };
  return { sink: s, events, ends, heartbeats: () => heartbeats };
}

/** Resolves once `check` is true, re-checked every few ms (fails after 2 s). */
async function until(check: () => boolean) {
  const deadline = Date.now() + 2000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function hub(check: AccessCheck, options: Partial<ConstructorParameters<typeof LiveHub>[0]> = {}) {
  const bus = createMemoryBus();
  return {
    bus,
    hub: new LiveHub({
      bus,
      checkAccess: check,
      logger: silentLogger,
      tickMs: 10,
      signalWindowMs: 20,
      ...options,
    }),
  };
}

const later = Date.now() + 3_600_000;

describe('LiveHub', () => {
  it('tenant-wide signals reach every organization; others only their own', async () => {
    const { bus, hub: h } = hub(async () => READ);
    const a = sink();
    const b = sink();
    await h.open({ organizationId: 'o1', userId: 'u1', expiresAt: later, sink: a.sink });
    await h.open({ organizationId: 'o2', userId: 'u2', expiresAt: later, sink: b.sink });
    await bus.publish('o1', { type: 'organization', ids: ['o1'] });
    await bus.publish(EVERY_ORGANIZATION, { type: 'roles', ids: ['r1'] });
    assert.deepEqual(a.events, [
      { type: 'organization', ids: ['o1'] },
      { type: 'roles', ids: ['r1'] },
    ]);
    assert.deepEqual(b.events, [{ type: 'roles', ids: ['r1'] }]);
    await h.close();
  });

  it('invitation signals only to holders of invite:member (as last checked live)', async () => {
    const { bus, hub: h } = hub(async (_org, user) => (user === 'admin' ? ADMIN : READ));
    const admin = sink();
    const member = sink();
    await h.open({ organizationId: 'o1', userId: 'admin', expiresAt: later, sink: admin.sink });
    await h.open({ organizationId: 'o1', userId: 'member', expiresAt: later, sink: member.sink });
    await bus.publish('o1', { type: 'invitations', ids: ['i1'] });
    assert.deepEqual(admin.events, [{ type: 'invitations', ids: ['i1'] }]);
    assert.deepEqual(member.events, []);
    await h.close();
  });

  it('a check that cannot reach Logto keeps the stream; losing read:member or the organization ends it', async () => {
    let answer: () => Promise<ReadonlySet<string>> = async () => READ;
    const { bus, hub: h } = hub(() => answer());
    const s = sink();
    const other = sink();
    await h.open({ organizationId: 'o1', userId: 'u1', expiresAt: later, sink: s.sink });
    await h.open({ organizationId: 'o1', userId: 'u2', expiresAt: later, sink: other.sink });
    let checks = 0;
    answer = async () => {
      checks += 1;
      throw new AppError('upstream.unavailable', 'down', { status: 503 });
    };
    // A members signal naming u1 checks u1 at once (and only u1).
    await bus.publish('o1', { type: 'members', ids: ['u1'] });
    await until(() => checks === 1);
    assert.deepEqual(s.ends, []);

    answer = async () => new Set<string>();
    await bus.publish('o1', { type: 'members', ids: ['u1'] });
    await until(() => s.ends.length === 1);
    assert.deepEqual(s.ends, ['auth.forbidden']);
    assert.deepEqual(other.ends, []);

    // A members signal naming no one checks everyone.
    let named = 0;
    answer = async () => {
      named += 1;
      return READ;
    };
    await bus.publish('o1', { type: 'members' });
    await until(() => named === 1);

    // An organization signal checks every stream of it.
    answer = async () => {
      throw new AppError('organization.not_found', 'gone', { status: 404 });
    };
    await bus.publish('o1', { type: 'organization', ids: ['o1'] });
    await until(() => other.ends.length === 1);
    assert.deepEqual(other.ends, ['organization.not_found']);
    assert.equal(h.size, 0);
    await h.close();
  });

  it("one check per user for the signals of a window, shared by the user's streams; a signal during a check gets one after it", async () => {
    const calls = new Map<string, number>();
    let answer: (user: string) => Promise<ReadonlySet<string>> = async () => READ;
    const { bus, hub: h } = hub(
      (_org, user) => {
        calls.set(user, (calls.get(user) ?? 0) + 1);
        return answer(user);
      },
      { signalWindowMs: 50 },
    );
    const u1 = [sink(), sink(), sink()];
    const u2 = [sink(), sink()];
    for (const s of u1) {
      await h.open({ organizationId: 'o1', userId: 'u1', expiresAt: later, sink: s.sink });
    }
    for (const s of u2) {
      await h.open({ organizationId: 'o1', userId: 'u2', expiresAt: later, sink: s.sink });
    }
    calls.clear();

    // A change and its echo, plus a members signal naming no one: one check per user.
    await bus.publish('o1', { type: 'organization', ids: ['o1'] });
    await bus.publish('o1', { type: 'organization', ids: ['o1'] });
    await bus.publish('o1', { type: 'members' });
    await h.settled();
    assert.deepEqual(Object.fromEntries(calls), { u1: 1, u2: 1 });
    for (const s of [...u1, ...u2]) assert.equal(s.events.length, 3);

    // A signal that arrives while u1's check runs (that check may have read the old state) is
    // followed by another check, which ends all of u1's streams.
    calls.clear();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let removed = false;
    answer = async (user) => {
      if (user !== 'u1') return READ;
      if (!removed) {
        started();
        await held;
        return READ;
      }
      throw new AppError('organization.not_member', 'no', { status: 403 });
    };
    await bus.publish('o1', { type: 'members', ids: ['u1'] });
    await running;
    removed = true;
    await bus.publish('o1', { type: 'members', ids: ['u1'] });
    release();
    await h.settled();
    assert.deepEqual(Object.fromEntries(calls), { u1: 2 });
    for (const s of u1) assert.deepEqual(s.ends, ['organization.not_member']);
    for (const s of u2) assert.deepEqual(s.ends, []);
    assert.equal(h.size, 2);
    await h.close();
  });

  it('bounds streams per user and per instance, and gives the slot back on close', async () => {
    const { hub: h } = hub(async () => READ, { maxStreamsPerUser: 1, maxStreams: 2 });
    const close1 = await h.open({
      organizationId: 'o1',
      userId: 'u1',
      expiresAt: later,
      sink: sink().sink,
    });
    await assert.rejects(
      h.open({ organizationId: 'o1', userId: 'u1', expiresAt: later, sink: sink().sink }),
      (e: unknown) =>
        e instanceof AppError && e.code === 'stream.too_many' && e.data?.limit === 'user',
    );
    await h.open({ organizationId: 'o1', userId: 'u2', expiresAt: later, sink: sink().sink });
    await assert.rejects(
      h.open({ organizationId: 'o1', userId: 'u3', expiresAt: later, sink: sink().sink }),
      (e: unknown) =>
        e instanceof AppError && e.code === 'stream.too_many' && e.data?.limit === 'server',
    );
    close1();
    close1();
    assert.equal(h.size, 1);
    await h.open({ organizationId: 'o1', userId: 'u1', expiresAt: later, sink: sink().sink });
    await h.close();
  });

  it('a refused open (not a member) holds no slot and no subscription', async () => {
    const { bus, hub: h } = hub(async () => {
      throw new AppError('organization.not_member', 'no', { status: 403 });
    });
    await assert.rejects(
      h.open({ organizationId: 'o1', userId: 'u1', expiresAt: later, sink: sink().sink }),
      (e: unknown) => e instanceof AppError && e.code === 'organization.not_member',
    );
    assert.equal(h.size, 0);
    // Nothing listens any more: a publish reaches no one and throws nothing.
    await bus.publish('o1', { type: 'members' });
    await h.close();
  });

  it('ends a stream when its token expires, heartbeats while idle, closes quietly at shutdown', async () => {
    const { hub: h } = hub(async () => READ, { heartbeatMs: 20 });
    const expiring = sink();
    const idle = sink();
    await h.open({
      organizationId: 'o1',
      userId: 'u1',
      expiresAt: Date.now() + 60,
      sink: expiring.sink,
    });
    await h.open({ organizationId: 'o1', userId: 'u2', expiresAt: later, sink: idle.sink });
    await until(() => expiring.ends.length === 1 && idle.heartbeats() > 1);
    assert.deepEqual(expiring.ends, ['auth.invalid_token']);
    await h.close();
    assert.deepEqual(idle.ends, [undefined]);
    assert.equal(h.size, 0);
  });
});
