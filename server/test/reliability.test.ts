import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startFixture, type Fixture, type Json } from './emulator-fixture.js';

async function callAt(
  base: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

describe('reliability (faults injected at the emulator)', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => f.close());
  afterEach(() => f.clearFaults());

  /** Organizations named `name`, read through the emulator's Management API. */
  async function organizationsNamed(name: string): Promise<Json[]> {
    const token = await f.emu.managementToken();
    const res = await fetch(
      `${f.emu.url}/api/organizations?q=${encodeURIComponent(name)}&page_size=100`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    assert.equal(res.status, 200);
    return ((await res.json()) as Json[]).filter((o) => o.name === name);
  }

  it('no orphan organization when adding the creator fails', async () => {
    const token = await f.resourceToken('alice');
    await f.faults({
      target: 'api',
      count: 1,
      status: 500,
      match: '^POST /api/organizations/[^/]+/users$',
    });
    const res = await f.call('POST', '/organizations', { token, body: { name: 'Orphan One' } });
    assert.equal(res.status, 503);
    assert.equal(res.body.code, 'upstream.unavailable');
    assert.deepEqual(await organizationsNamed('Orphan One'), []);
    // control: the same check sees an organization that does exist
    const made = await f.call('POST', '/organizations', {
      token,
      body: { name: 'Orphan Control' },
    });
    assert.equal(made.status, 201);
    assert.equal((await organizationsNamed('Orphan Control')).length, 1);
  });

  it('no orphan organization when assigning the creator role fails', async () => {
    const token = await f.resourceToken('alice');
    await f.faults({
      target: 'api',
      count: 1,
      status: 422,
      match: '^POST /api/organizations/[^/]+/users/[^/]+/roles$',
    });
    const res = await f.call('POST', '/organizations', { token, body: { name: 'Orphan Two' } });
    assert.equal(res.status, 502);
    assert.equal(res.body.code, 'upstream.error');
    assert.doesNotMatch(JSON.stringify(res.body), /Injected|emulator/i, 'no upstream text leaks');
    assert.deepEqual(await organizationsNamed('Orphan Two'), []);
  });

  it('no orphan organization when the role assignment hangs past the timeout', async () => {
    const fast = await f.extraApp({ ORG_UPSTREAM_TIMEOUT_MS: '300' });
    const token = await f.resourceToken('alice');
    await f.faults({
      target: 'api',
      count: 1,
      hang: true,
      match: '^POST /api/organizations/[^/]+/users/[^/]+/roles$',
    });
    const res = await callAt(fast.url, 'POST', '/organizations', token, { name: 'Orphan Three' });
    assert.equal(res.status, 504);
    assert.equal(res.body.code, 'upstream.timeout');
    assert.deepEqual(await organizationsNamed('Orphan Three'), []);
  });

  it('retries an idempotent read once after a 503; a second failure is upstream.unavailable', async () => {
    const orgId = await f.newOrg('alice');
    const token = await f.orgToken('alice', orgId);
    // GET /organizations/:orgId reads the organization with alice's memberships.
    const read = `^GET /api/users/${f.userId('alice')}/organizations$`;
    await f.faults({ target: 'api', count: 1, status: 503, match: read });
    const ok = await f.call('GET', `/organizations/${orgId}`, { token });
    assert.equal(ok.status, 200);
    await f.faults({ target: 'api', count: 2, status: 503, match: read });
    const down = await f.call('GET', `/organizations/${orgId}`, { token });
    assert.equal(down.status, 503);
    assert.equal(down.body.code, 'upstream.unavailable');
  });

  it('never retries a POST blindly', async () => {
    const token = await f.resourceToken('alice');
    await f.faults({ target: 'api', count: 1, status: 503, match: '^POST /api/organizations$' });
    const res = await f.call('POST', '/organizations', { token, body: { name: 'Not Retried' } });
    assert.equal(res.status, 503);
    assert.deepEqual(await organizationsNamed('Not Retried'), []);
  });

  it('a hanging read is upstream.timeout', async () => {
    const fast = await f.extraApp({ ORG_UPSTREAM_TIMEOUT_MS: '300' });
    const orgId = await f.newOrg('alice');
    const token = await f.orgToken('alice', orgId);
    // warm the M2M token, leaving the role template (kept for a while once loaded) unloaded
    await callAt(fast.url, 'GET', `/organizations/${orgId}/members`, token);
    await f.faults({ target: 'api', count: 1, hang: true, match: '^GET /api/organization-roles' });
    const res = await callAt(fast.url, 'GET', `/organizations/${orgId}/roles`, token);
    assert.equal(res.status, 504);
    assert.equal(res.body.code, 'upstream.timeout');
  });

  it('a change waiting longer than ORG_LOCK_WAIT_MS for the organization lock is lock.busy', async () => {
    const app = await f.extraApp({ ORG_UPSTREAM_TIMEOUT_MS: '600', ORG_LOCK_WAIT_MS: '150' });
    const orgId = await f.newOrg('alice', [['bob', 'member']]);
    const token = await f.orgToken('alice', orgId);
    const bob = f.userId('bob');
    const path = `/organizations/${orgId}/members/${bob}/roles`;
    const roles = await callAt(app.url, 'GET', `/organizations/${orgId}/roles`, token);
    const member = (roles.body.items as Json[]).find((r) => r.name === 'member');
    // The first change holds the lock while Logto hangs on one of its reads.
    await f.faults({ target: 'api', count: 1, hang: true, match: `^GET /api/users/${bob}/` });
    const changes = await Promise.all(
      [0, 1, 2].map(() => callAt(app.url, 'PUT', path, token, { roleIds: [member!.id] })),
    );
    const codes = changes.map((r) => `${r.status} ${r.body.code}`).sort();
    assert.deepEqual(codes, ['503 lock.busy', '503 lock.busy', '504 upstream.timeout']);
    for (const busy of changes.filter((r) => r.body.code === 'lock.busy')) {
      assert.equal(busy.headers.get('retry-after'), '1');
    }
    // An expected collision, logged as a warning (not an error) without a stack.
    const logged = f.logLines
      .map((line) => JSON.parse(line) as { level: string; code?: string; message: string })
      .filter((line) => line.code === 'lock.busy' && line.message === 'request failed');
    assert.deepEqual(
      logged.map((line) => line.level),
      ['warn', 'warn'],
    );
    // The lock is free again once the holder is done.
    const after = await callAt(app.url, 'PUT', path, token, { roleIds: [member!.id] });
    assert.equal(after.status, 200);
  });

  it('a failing M2M token request is upstream.unavailable and not cached', async () => {
    const cold = await f.extraApp();
    const token = await f.resourceToken('alice');
    await f.faults({ target: 'token', count: 1, status: 500 });
    const res = await callAt(cold.url, 'GET', '/me/organizations', token);
    assert.equal(res.status, 503);
    assert.equal(res.body.code, 'upstream.unavailable');
    const again = await callAt(cold.url, 'GET', '/me/organizations', token);
    assert.equal(again.status, 200);
  });

  it('a 200-request concurrent cold burst causes exactly one M2M token request', async () => {
    const orgId = await f.newOrg('alice', [['bob', 'member']]);
    const token = await f.orgToken('bob', orgId);
    // 200 upstream calls at once: on a busy machine the fixture's 2 s timeout is not what this
    // test is about (one token request), so it gets more room.
    const cold = await f.extraApp({ ORG_UPSTREAM_TIMEOUT_MS: '10000' });
    const statsBefore = await f.stats();
    const results = await Promise.all(
      Array.from({ length: 200 }, () => callAt(cold.url, 'GET', `/organizations/${orgId}`, token)),
    );
    assert.ok(
      results.every((r) => r.status === 200),
      JSON.stringify(results.filter((r) => r.status !== 200).slice(0, 2)),
    );
    const statsAfter = await f.stats();
    assert.equal(
      statsAfter.tokenRequests.clientCredentials - statsBefore.tokenRequests.clientCredentials,
      1,
    );
  });

  it('rate limits organization creation per user: 429 rate_limited with Retry-After', async () => {
    const limited = await f.extraApp({ ORG_RATE_LIMIT_CREATE: '2' });
    const alice = await f.resourceToken('alice');
    for (let i = 0; i < 2; i += 1) {
      assert.equal(
        (await callAt(limited.url, 'POST', '/organizations', alice, { name: `RL ${i}` })).status,
        201,
      );
    }
    const third = await callAt(limited.url, 'POST', '/organizations', alice, { name: 'RL 3' });
    assert.equal(third.status, 429);
    assert.equal(third.body.code, 'rate_limited');
    assert.match(third.headers.get('retry-after') ?? '', /^\d+$/);
    assert.ok(Number(third.headers.get('retry-after')) > 0);
    // another user has their own budget
    const bob = await f.resourceToken('bob');
    assert.equal(
      (await callAt(limited.url, 'POST', '/organizations', bob, { name: 'RL bob' })).status,
      201,
    );
    // reads are not limited
    assert.equal((await callAt(limited.url, 'GET', '/me/organizations', alice)).status, 200);
  });

  it('rate limits GET /me/invitations per user: 429 rate_limited with Retry-After', async () => {
    const limited = await f.extraApp({ ORG_RATE_LIMIT_MY_INVITATIONS: '2' });
    const [carol, dave] = await Promise.all([f.resourceToken('carol'), f.resourceToken('dave')]);
    const statsBefore = await f.stats();
    for (let i = 0; i < 2; i += 1) {
      assert.equal((await callAt(limited.url, 'GET', '/me/invitations', carol)).status, 200);
    }
    const asked = (await f.stats()).apiRequests - statsBefore.apiRequests;
    const third = await callAt(limited.url, 'GET', '/me/invitations', carol);
    assert.equal(third.status, 429);
    assert.equal(third.body.code, 'rate_limited');
    assert.match(third.headers.get('retry-after') ?? '', /^\d+$/);
    assert.equal(typeof third.body.data.retryAfter, 'number');
    assert.equal(
      (await f.stats()).apiRequests - statsBefore.apiRequests,
      asked,
      'a limited request asks Logto nothing',
    );
    // Per user: another user is not affected.
    assert.equal((await callAt(limited.url, 'GET', '/me/invitations', dave)).status, 200);
  });

  it('rate limits invitations per user', async () => {
    const limited = await f.extraApp({ ORG_RATE_LIMIT_INVITE: '1' });
    const member = (await f.admin.listOrganizationRoles()).find((r) => r.name === 'member')!.id;
    const orgId = await f.newOrg('alice');
    const token = await f.orgToken('alice', orgId);
    const path = `/organizations/${orgId}/invitations`;
    assert.equal(
      (
        await callAt(limited.url, 'POST', path, token, {
          emails: ['rl1@example.com'],
          roleIds: [member],
        })
      ).status,
      200,
    );
    const second = await callAt(limited.url, 'POST', path, token, {
      emails: ['rl2@example.com'],
      roleIds: [member],
    });
    assert.equal(second.status, 429);
    assert.ok(second.headers.get('retry-after'));
  });
});
