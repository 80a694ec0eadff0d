/**
 * Several companion servers behind one load balancer: two real server processes share one Redis
 * and one Logto (the emulator), and requests are spread across both. The same guarantees as one
 * process: an organization never loses its last admin, rate limits hold across instances, a Redis
 * outage refuses admin-affecting changes (`lock.unavailable`) without stopping reads and recovers
 * on its own, and a crashed lock holder blocks the organization for at most one lease.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createOrganizationFixture,
  createUserFixture,
  EMULATOR_DEFAULTS,
} from '../../emulator/src/index.js';
import { mintUserToken } from '../../server/test/emulator-fixture.js';
import { metricValue, startStack, type Instance, type Reply, type Stack } from './instances.js';

describe('two instances sharing Redis', () => {
  let stack: Stack;
  let a: Instance;
  let b: Instance;
  let serial = 0;

  before(async () => {
    stack = await startStack();
    [a, b] = await Promise.all([
      stack.startInstance('a', { ORG_RATE_LIMIT_INVITE: '4', ORG_RATE_LIMIT_MY_INVITATIONS: '4' }),
      stack.startInstance('b', { ORG_RATE_LIMIT_INVITE: '4', ORG_RATE_LIMIT_MY_INVITATIONS: '4' }),
    ]);
  });
  after(async () => {
    await stack?.close();
  });

  /** Two fresh users who are the organization's only admins, and a plain member. */
  function scene(label: string) {
    serial += 1;
    const names = [`${label}-x${serial}`, `${label}-y${serial}`, `${label}-m${serial}`];
    const [x, y, m] = names.map((username) => createUserFixture(stack.emu.store, { username }).id);
    const org = createOrganizationFixture(stack.emu.store, {
      name: `${label} ${serial}`,
      members: { [names[0]!]: ['admin'], [names[1]!]: ['admin'], [names[2]!]: ['member'] },
    });
    return { orgId: org.id, x: x!, y: y!, m: m! };
  }

  const adminRoleId = () => stack.emu.store.resolveOrganizationRoleNames(['admin'])[0]!;
  const memberRoleId = () => stack.emu.store.resolveOrganizationRoleNames(['member'])[0]!;

  function admins(orgId: string): string[] {
    return stack.emu.store
      .listMembers(orgId)
      .filter((user) => stack.emu.store.memberRoleIds(orgId, user.id).has(adminRoleId()))
      .map((user) => user.id);
  }

  const isAdminCount = (q: URLSearchParams) => q.get('organizationRoleId') !== null;

  /**
   * Holds the first call inside the lock when `target` is removed (reading the target's live
   * roles, `GET /api/users/:target/organizations`) for `ms`: the holder stays inside.
   */
  function holdTargetRoles(target: string, ms: number) {
    const rule = { method: 'GET', path: new RegExp(`^/api/users/${target}/organizations$`), ms };
    stack.delays.push(rule);
    return () => void stack.delays.splice(stack.delays.indexOf(rule), 1);
  }

  /** How many SET commands Redis has run (lock acquisition attempts: nothing else uses SET). */
  async function setCalls(): Promise<number> {
    const info = await stack.redis.client().info('commandstats');
    return Number(/cmdstat_set:calls=(\d+)/.exec(info)?.[1] ?? 0);
  }

  /**
   * Forces both requests of a round to meet at the lock: the admin count (made inside the lock by
   * whoever holds it) is held until Redis has seen a second acquisition attempt, i.e. until the
   * other request tried to take the lock while the first one held it. Resolves `overlapped` false
   * if that never happened within 3 s.
   */
  async function forceOverlap(orgId: string) {
    const base = await setCalls();
    const result = { overlapped: false };
    const hold = {
      method: 'GET',
      path: new RegExp(`^/api/organizations/${orgId}/users$`),
      query: isAdminCount,
      hold: async () => {
        const deadline = performance.now() + 3000;
        while (performance.now() < deadline) {
          if ((await setCalls()) >= base + 2) {
            result.overlapped = true;
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      },
    };
    stack.delays.push(hold);
    return {
      result,
      release: () => void stack.delays.splice(stack.delays.indexOf(hold), 1),
    };
  }

  async function lockKeys(): Promise<string[]> {
    return stack.redis.client().keys('scale:lock:*');
  }

  it('two admins removing, demoting or leaving each other through different instances: never zero admins, one winner per round', async () => {
    const rounds = 51;
    const waitsBefore =
      metricValue(await a.metrics(), 'org_lock_wait_seconds_count', { outcome: 'acquired' }) +
      metricValue(await b.metrics(), 'org_lock_wait_seconds_count', { outcome: 'acquired' });
    for (let round = 0; round < rounds; round += 1) {
      const { orgId, x, y } = scene('race');
      const { result, release } = await forceOverlap(orgId);
      const [tx, ty] = await Promise.all([stack.orgToken(x, orgId), stack.orgToken(y, orgId)]);
      const kind = (['remove', 'demote', 'leave'] as const)[round % 3]!;
      const act = (via: Instance, token: string, self: string, other: string): Promise<Reply> =>
        kind === 'remove'
          ? via.call('DELETE', `/organizations/${orgId}/members/${other}`, { token })
          : kind === 'demote'
            ? via.call('PUT', `/organizations/${orgId}/members/${other}/roles`, {
                token,
                body: { roleIds: [memberRoleId()] },
              })
            : via.call('DELETE', `/organizations/${orgId}/members/${self}`, { token });
      const [first, second] = await Promise.all([act(a, tx, x, y), act(b, ty, y, x)]);
      release();
      const statuses = [first.status, second.status];
      const winners = statuses.filter((s) => s === 200 || s === 204).length;
      assert.equal(
        winners,
        1,
        `round ${round} (${kind}): ${JSON.stringify([first.body, second.body])}`,
      );
      const loser = first.status >= 300 ? first : second;
      assert.equal(
        loser.status,
        409,
        `round ${round} (${kind}) loser: ${JSON.stringify(loser.body)}`,
      );
      assert.equal(loser.body.code, 'member.last_admin');
      assert.equal(admins(orgId).length, 1, `round ${round} (${kind}) leaves exactly one admin`);
      assert.deepEqual(await lockKeys(), [], `round ${round}: no lock key left in Redis`);
      assert.ok(result.overlapped, `round ${round}: the second request tried the held lock`);
    }
    // Both requests of every round took the lock in the end (the loser to find the last admin).
    const waits =
      metricValue(await a.metrics(), 'org_lock_wait_seconds_count', { outcome: 'acquired' }) +
      metricValue(await b.metrics(), 'org_lock_wait_seconds_count', { outcome: 'acquired' }) -
      waitsBefore;
    assert.equal(waits, 2 * rounds, `both requests of every round held the lock (${waits})`);
  });

  it('a rate limit spent on one instance holds on the other', async () => {
    const { orgId, x } = scene('limit');
    const token = await stack.orgToken(x, orgId);
    const invite = (via: Instance, n: number) =>
      via.call('POST', `/organizations/${orgId}/invitations`, {
        token,
        body: { emails: [`limit${serial}-${n}@example.com`], roleIds: [memberRoleId()] },
      });
    const replies: Reply[] = [];
    for (let n = 0; n < 4; n += 1) replies.push(await invite(n % 2 ? b : a, n));
    assert.deepEqual(
      replies.map((r) => r.status < 300),
      [true, true, true, true],
      JSON.stringify(replies.map((r) => r.body)),
    );
    for (const via of [a, b]) {
      const refused = await invite(via, 10);
      assert.equal(refused.status, 429);
      assert.equal(refused.body.code, 'rate_limited');
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
    }
  });

  it('the limit of GET /me/invitations is shared too', async () => {
    serial += 1;
    const user = createUserFixture(stack.emu.store, { username: `reader${serial}` });
    const token = await mintUserToken(stack.logto, {
      userId: user.id,
      resource: EMULATOR_DEFAULTS.companionResource,
    });
    const read = (via: Instance) => via.call('GET', '/me/invitations', { token });
    const replies: Reply[] = [];
    for (let n = 0; n < 4; n += 1) replies.push(await read(n % 2 ? b : a));
    assert.deepEqual(
      replies.map((r) => r.status),
      [200, 200, 200, 200],
    );
    for (const via of [a, b]) {
      const refused = await read(via);
      assert.equal(refused.status, 429);
      assert.equal(refused.body.code, 'rate_limited');
    }
  });

  it('Redis stopped mid-run: admin-affecting changes refused with lock.unavailable, reads and invitations work, recovery without restarts', async () => {
    const { orgId, x, y, m } = scene('outage');
    const tx = await stack.orgToken(x, orgId);
    const before = JSON.stringify(
      stack.emu.store
        .listMembers(orgId)
        .map((u) => [u.id, [...stack.emu.store.memberRoleIds(orgId, u.id)].sort()]),
    );
    await stack.redis.stop();
    const seen: Reply[] = [];
    const record = async (reply: Promise<Reply>) => {
      const r = await reply;
      seen.push(r);
      return r;
    };
    for (const via of [a, b]) {
      const ready = await record(via.call('GET', '/readyz'));
      assert.equal(ready.status, 503);
      assert.equal(ready.body.checks.redis, 'fail');
      const list = await record(via.call('GET', `/organizations/${orgId}/members`, { token: tx }));
      assert.equal(list.status, 200);
      const remove = await record(
        via.call('DELETE', `/organizations/${orgId}/members/${m}`, { token: tx }),
      );
      assert.equal(remove.status, 503);
      assert.equal(remove.body.code, 'lock.unavailable');
      const demote = await record(
        via.call('PUT', `/organizations/${orgId}/members/${y}/roles`, {
          token: tx,
          body: { roleIds: [memberRoleId()] },
        }),
      );
      assert.equal(demote.body.code, 'lock.unavailable');
      const invite = await record(
        via.call('POST', `/organizations/${orgId}/invitations`, {
          token: tx,
          body: { emails: [`outage-${via.name}${serial}@example.com`], roleIds: [memberRoleId()] },
        }),
      );
      assert.ok(invite.status < 300, JSON.stringify(invite.body));
    }
    for (const r of seen) {
      assert.ok(
        r.status < 500 || r.body?.code === 'lock.unavailable' || r.body?.status === 'not_ready',
        `undocumented ${r.status} ${JSON.stringify(r.body)}`,
      );
    }
    const after = JSON.stringify(
      stack.emu.store
        .listMembers(orgId)
        .map((u) => [u.id, [...stack.emu.store.memberRoleIds(orgId, u.id)].sort()]),
    );
    assert.equal(after, before, 'no member or role change went through unguarded');

    await stack.redis.start();
    for (const via of [a, b]) {
      const deadline = performance.now() + 10_000;
      while ((await via.call('GET', '/readyz')).status !== 200) {
        assert.ok(performance.now() < deadline, `${via.name} did not recover`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const removed = await b.call('DELETE', `/organizations/${orgId}/members/${m}`, { token: tx });
    assert.equal(removed.status, 204);
    assert.equal(stack.emu.store.isMember(orgId, m), false);
    const metrics = await a.metrics();
    assert.ok(metricValue(metrics, 'org_lock_failures_total', { reason: 'unavailable' }) >= 2);
  });

  it('an instance killed while holding a lock: the other proceeds once the lease expires', async () => {
    const { orgId, x, y, m } = scene('crash');
    const [tx, ty] = await Promise.all([stack.orgToken(x, orgId), stack.orgToken(y, orgId)]);
    const release = holdTargetRoles(m, 30_000);
    const victim = await stack.startInstance('victim');
    const pending = victim
      .call('DELETE', `/organizations/${orgId}/members/${m}`, { token: tx })
      .catch((error: unknown) => error);
    const deadline = performance.now() + 5000;
    while ((await lockKeys()).length === 0) {
      assert.ok(performance.now() < deadline, 'the victim never took the lock');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    victim.process.kill('SIGKILL');
    await victim.exited;
    await pending;
    release();
    // What is left of the dead holder's lease: the other instance must wait that long (on a busy
    // machine the kill itself may take most of it, so the bound comes from Redis, not a guess).
    const [key] = await lockKeys();
    const leftMs = key ? await stack.redis.client().pttl(key) : 0;
    const started = performance.now();
    const demote = await a.call('PUT', `/organizations/${orgId}/members/${x}/roles`, {
      token: ty,
      body: { roleIds: [memberRoleId()] },
    });
    const waited = performance.now() - started;
    assert.equal(demote.status, 200, JSON.stringify(demote.body));
    assert.ok(
      waited >= leftMs - 50 && waited < 5000,
      `waited ${Math.round(waited)} ms for a lease with ${leftMs} ms left`,
    );
    assert.ok(stack.emu.store.isMember(orgId, m), 'the killed change never happened');
    assert.deepEqual(admins(orgId), [y]);
    assert.deepEqual(await lockKeys(), []);
  });

  it('SIGTERM: stops accepting, finishes the request in flight, releases its lock, exits 0', async () => {
    const { orgId, x, m } = scene('drain');
    const tx = await stack.orgToken(x, orgId);
    const release = holdTargetRoles(m, 700);
    const leaving = await stack.startInstance('leaving');
    const pending = leaving.call('DELETE', `/organizations/${orgId}/members/${m}`, { token: tx });
    const deadline = performance.now() + 5000;
    while ((await lockKeys()).length === 0) {
      assert.ok(performance.now() < deadline, 'the request never took the lock');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    leaving.process.kill('SIGTERM');
    const reply = await pending;
    release();
    assert.equal(reply.status, 204);
    assert.deepEqual(await leaving.exited, { code: 0, signal: null });
    assert.deepEqual(await lockKeys(), []);
    assert.equal(stack.emu.store.isMember(orgId, m), false);
    await assert.rejects(fetch(`${leaving.url}/healthz`));
    const lines = leaving.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(lines.some((l) => l.msg === 'stopping' && l.signal === 'SIGTERM'));
    for (const line of lines) {
      assert.equal(typeof line.time, 'string');
      assert.ok(['debug', 'info', 'warn', 'error'].includes(line.level as string));
      assert.equal(typeof line.msg, 'string');
    }
    assert.ok(lines.some((l) => l.msg === 'request' && typeof l.requestId === 'string'));
  });
});
