/**
 * HTTP hardening of the standalone app: CORS only for the configured origins, security headers on
 * every answer (errors included), a sane request id, JSON errors for unknown routes and methods,
 * and rate limits that hold per user.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFixture, assertStableError, type Fixture } from './fixture.js';

describe('HTTP hardening', () => {
  let f: Fixture;
  let orgId: string;
  let token: string;
  let checked = 0;

  before(async () => {
    f = await startFixture({ ORG_RATE_LIMIT_CREATE: '3', ORG_RATE_LIMIT_INVITE: '2' });
    orgId = f.org('Headers', { alice: ['admin'] });
    token = await f.orgToken('alice', orgId);
  });
  after(async () => {
    console.log(`http hardening: ${checked} answers checked`);
    await f.close();
  });

  it('CORS: the configured origin is allowed, any other gets no CORS headers', async () => {
    const preflight = (origin: string) =>
      f.raw('OPTIONS', `/organizations/${orgId}/members`, {
        headers: {
          origin,
          'access-control-request-method': 'DELETE',
          'access-control-request-headers': 'authorization',
        },
      });
    const allowed = await preflight('http://localhost:5173');
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    for (const origin of [
      'https://evil.example.com',
      'http://localhost:5173.evil.example.com',
      'null',
      'http://localhost:5174',
    ]) {
      const reply = await preflight(origin);
      checked += 1;
      assert.equal(reply.headers.get('access-control-allow-origin'), null, origin);
      const get = await f.call('GET', `/organizations/${orgId}/members`, {
        token,
        headers: { origin },
      });
      assert.equal(get.headers.get('access-control-allow-origin'), null, origin);
      assert.equal(get.headers.get('access-control-allow-credentials'), null);
    }
  });

  it('security headers on successes and errors alike', async () => {
    const replies = [
      await f.call('GET', `/organizations/${orgId}/members`, { token }),
      await f.call('GET', `/organizations/${orgId}/members`),
      await f.call('GET', '/no/such/route'),
      await f.call('POST', '/organizations', { token: 'x', body: '{' }),
    ];
    for (const reply of replies) {
      checked += 1;
      assertStableError(reply);
      assert.equal(reply.headers.get('x-powered-by'), null);
      assert.equal(reply.headers.get('x-content-type-options'), 'nosniff');
      assert.match(reply.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.match(reply.headers.get('content-type') ?? '', /^application\/json/);
    }
  });

  it('request ids: a sane one is echoed, anything else replaced', async () => {
    const sane = await f.call('GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } });
    assert.equal(sane.headers.get('x-request-id'), 'abc-123');
    for (const bad of ['a b', '<script>', 'x'.repeat(200), 'id"}{"level":"error']) {
      const reply = await f.call('GET', '/healthz', { headers: { 'x-request-id': bad } });
      checked += 1;
      assert.notEqual(reply.headers.get('x-request-id'), bad);
      assert.match(reply.headers.get('x-request-id') ?? '', /^[A-Za-z0-9._:-]{1,128}$/);
    }
    assert.ok(
      f.logLines.every((line) => !line.includes('<script>') && !line.includes('"level":"error"}')),
    );
  });

  it('unknown routes and methods: JSON 404, never a stack trace', async () => {
    for (const [method, path] of [
      ['PATCH', '/me/organizations'],
      ['PUT', '/me/organizations'],
      ['GET', '/organizations'],
      ['GET', '/../../etc/passwd'],
      ['GET', '/%2e%2e/%2e%2e/etc/passwd'],
      ['GET', `/organizations/${orgId}/members/`],
    ] as const) {
      const reply = await f.raw(method, path, {});
      checked += 1;
      assertStableError(reply, `${method} ${path}`);
      assert.ok(reply.status === 404 || reply.status === 401, `${method} ${path}: ${reply.status}`);
      assert.doesNotMatch(reply.text, /at \w+ \(|node_modules|\.ts:\d+/);
    }
  });

  it('rate limits hold per user and are counted before validation', async () => {
    const alice = await f.resourceToken('alice');
    const bob = await f.resourceToken('bob');
    const codes: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const reply = await f.call('POST', '/organizations', { token: alice, body: { name: '' } });
      checked += 1;
      assertStableError(reply);
      codes.push(reply.body.code);
    }
    assert.deepEqual(codes, [
      'request.invalid',
      'request.invalid',
      'request.invalid',
      'rate_limited',
      'rate_limited',
    ]);
    const limited = await f.call('POST', '/organizations', { token: alice, body: { name: 'X' } });
    assert.equal(limited.status, 429);
    assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/);
    // another user is not affected
    const other = await f.call('POST', '/organizations', { token: bob, body: { name: 'Bob Co' } });
    assert.equal(other.status, 201);
    // invitations too
    const invites: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const reply = await f.call('POST', `/organizations/${orgId}/invitations`, {
        token,
        body: { emails: [`limit${i}@example.com`], roleIds: [f.roleId('member')] },
      });
      invites.push(reply.status);
    }
    assert.deepEqual(invites, [200, 200, 429]);
  });

  it('leaks no secret', () => {
    f.assertNoSecrets();
  });
});
