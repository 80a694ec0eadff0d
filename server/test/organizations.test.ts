import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { createOrgRouter } from '../src/router.js';
import { silentLogger } from '../src/logger.js';
import { startFixture, type Fixture } from './emulator-fixture.js';
import { listen } from './helpers.js';

describe('organizations endpoints (against the emulator)', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => f.close());

  it('creates an organization: 201, the creator is admin, no orphan pieces', async () => {
    const token = await f.resourceToken('alice');
    const res = await f.call('POST', '/organizations', {
      token,
      body: { name: '  Acme Rockets  ', description: 'We build rockets' },
    });
    assert.equal(res.status, 201);
    const org = res.body.organization;
    assert.equal(org.name, 'Acme Rockets');
    assert.equal(org.description, 'We build rockets');
    assert.deepEqual(
      org.roles.map((r: { name: string }) => r.name),
      ['admin'],
    );
    const roles = await f.admin.getMemberRoles(org.id, f.userId('alice'));
    assert.deepEqual(
      roles.map((r) => r.name),
      ['admin'],
    );

    const mine = await f.call('GET', '/me/organizations', { token });
    assert.equal(mine.status, 200);
    const listed = mine.body.items.find((o: { id: string }) => o.id === org.id);
    assert.ok(listed, 'the new organization is in my list');
    assert.deepEqual(
      listed.roles.map((r: { name: string }) => r.name),
      ['admin'],
    );
  });

  it('validates the create body', async () => {
    const token = await f.resourceToken('alice');
    const cases: Array<[unknown, string]> = [
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(129) }, 'name'],
      [{ name: 'ok', description: 'd'.repeat(257) }, 'description'],
      [{ name: 'ok', extra: 1 }, 'extra'],
      [{ name: 42 }, 'name'],
      // What Logto's database refuses: NUL and other control characters, lone surrogate halves.
      [{ name: 'a\u0000b' }, 'name'],
      [{ name: 'a\nb' }, 'name'],
      [{ name: 'a\uD800b' }, 'name'],
      [{ name: 'ok', description: 'a\u0000b' }, 'description'],
      [{ name: 'ok', description: 'a\u001Bb' }, 'description'],
    ];
    for (const [body, field] of cases) {
      const res = await f.call('POST', '/organizations', { token, body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.code, 'request.invalid');
      assert.equal(res.body.data.field, field, JSON.stringify(body));
    }
    assert.equal(
      (await f.call('POST', '/organizations', { token, body: { name: 'x'.repeat(128) } })).status,
      201,
    );
    // Line breaks in a description, and any well-formed Unicode, are fine.
    const fine = { name: 'Café 🚀 東京', description: 'Line one\nLine two\ttabbed' };
    const created = await f.call('POST', '/organizations', { token, body: fine });
    assert.equal(created.status, 201);
    assert.equal(created.body.organization.name, fine.name);
    assert.equal(created.body.organization.description, fine.description);
  });

  it('answers 400 to malformed JSON and 413 to a body over 64 KB', async () => {
    const token = await f.resourceToken('alice');
    const bad = await f.call('POST', '/organizations', { token, body: '{"name": ' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'request.invalid');
    const big = await f.call('POST', '/organizations', {
      token,
      body: { name: 'big', description: 'x'.repeat(70 * 1024) },
    });
    assert.equal(big.status, 413);
    assert.equal(big.body.code, 'request.too_large');
  });

  it('needs a resource token for the companion API, not an organization token', async () => {
    const orgId = await f.newOrg('alice');
    const orgToken = await f.orgToken('alice', orgId);
    const res = await f.call('GET', '/me/organizations', { token: orgToken });
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'auth.invalid_token');
    const resourceToken = await f.resourceToken('alice');
    const wrong = await f.call('GET', `/organizations/${orgId}`, { token: resourceToken });
    assert.equal(wrong.status, 401);
  });

  it('GET /organizations/:orgId returns the organization and my live roles and permissions', async () => {
    const orgId = await f.newOrg('alice', [['bob', 'member']]);
    const alice = await f.call('GET', `/organizations/${orgId}`, {
      token: await f.orgToken('alice', orgId),
    });
    assert.equal(alice.status, 200);
    assert.equal(alice.body.organization.id, orgId);
    assert.equal(alice.body.me.id, f.userId('alice'));
    assert.deepEqual(
      alice.body.me.roles.map((r: { name: string }) => r.name),
      ['admin'],
    );
    assert.deepEqual([...alice.body.me.permissions].sort(), [
      'invite:member',
      'manage:organization',
      'read:member',
      'remove:member',
      'update:member:role',
    ]);
    const bob = await f.call('GET', `/organizations/${orgId}`, {
      token: await f.orgToken('bob', orgId),
    });
    assert.equal(bob.status, 200);
    assert.deepEqual(bob.body.me.permissions, ['read:member']);
    assert.equal(alice.body.adminRoleName, 'admin');
  });

  it('GET /organizations/:orgId names the admin role from ORG_CREATOR_ROLE', async () => {
    const orgId = await f.newOrg('alice');
    const owner = await f.extraApp({ ORG_CREATOR_ROLE: 'owner' });
    const res = await fetch(`${owner.url}/organizations/${orgId}`, {
      headers: { authorization: `Bearer ${await f.orgToken('alice', orgId)}` },
    });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { adminRoleName: string }).adminRoleName, 'owner');
  });

  it('a removed member with an old token gets organization.not_member', async () => {
    const orgId = await f.newOrg('alice', [['bob', 'member']]);
    const bobToken = await f.orgToken('bob', orgId);
    await f.admin.removeOrganizationUser(orgId, f.userId('bob'));
    const res = await f.call('GET', `/organizations/${orgId}`, { token: bobToken });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'organization.not_member');
    const patch = await f.call('PATCH', `/organizations/${orgId}`, {
      token: bobToken,
      body: { name: 'Hijacked' },
    });
    assert.equal(patch.status, 403);
    assert.equal(patch.body.code, 'organization.not_member');
  });

  it('PATCH needs manage:organization, checked live', async () => {
    const orgId = await f.newOrg('alice', [['bob', 'member']]);
    const bob = await f.call('PATCH', `/organizations/${orgId}`, {
      token: await f.orgToken('bob', orgId),
      body: { name: 'Bob rules' },
    });
    assert.equal(bob.status, 403);
    assert.equal(bob.body.code, 'auth.forbidden');
    assert.equal(bob.body.data.permission, 'manage:organization');

    const aliceToken = await f.orgToken('alice', orgId);
    const ok = await f.call('PATCH', `/organizations/${orgId}`, {
      token: aliceToken,
      body: { name: 'Renamed', description: null },
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.organization.name, 'Renamed');
    assert.equal(ok.body.organization.description, null);
    assert.equal((await f.admin.getOrganization(orgId)).name, 'Renamed');

    const empty = await f.call('PATCH', `/organizations/${orgId}`, { token: aliceToken, body: {} });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.code, 'request.invalid');

    // demoted after the token was issued: the live check refuses
    await f.admin.replaceMemberRoles(orgId, f.userId('bob'), []);
    const adminRole = (await f.admin.listOrganizationRoles()).find((r) => r.name === 'admin')!;
    await f.admin.replaceMemberRoles(orgId, f.userId('bob'), [adminRole.id]);
    const bobAdminToken = await f.orgToken('bob', orgId);
    const memberRole = (await f.admin.listOrganizationRoles()).find((r) => r.name === 'member')!;
    await f.admin.replaceMemberRoles(orgId, f.userId('bob'), [memberRole.id]);
    const stale = await f.call('PATCH', `/organizations/${orgId}`, {
      token: bobAdminToken,
      body: { name: 'Stale' },
    });
    assert.equal(stale.status, 403);
    assert.equal(stale.body.code, 'auth.forbidden');
  });

  it('DELETE needs manage:organization and deletes', async () => {
    const orgId = await f.newOrg('alice', [['bob', 'member']]);
    const bob = await f.call('DELETE', `/organizations/${orgId}`, {
      token: await f.orgToken('bob', orgId),
    });
    assert.equal(bob.status, 403);
    const res = await f.call('DELETE', `/organizations/${orgId}`, {
      token: await f.orgToken('alice', orgId),
    });
    assert.equal(res.status, 204);
    await assert.rejects(
      f.admin.getOrganization(orgId),
      (e: { status?: number }) => e.status === 404,
    );
  });

  it('GET /organizations/:orgId/roles lists the template with permissions', async () => {
    const orgId = await f.newOrg('alice', [['bob', 'member'], ['dave']]);
    const res = await f.call('GET', `/organizations/${orgId}/roles`, {
      token: await f.orgToken('bob', orgId),
    });
    assert.equal(res.status, 200);
    const admin = res.body.items.find((r: { name: string }) => r.name === 'admin');
    const member = res.body.items.find((r: { name: string }) => r.name === 'member');
    assert.equal(admin.permissions.length, 5);
    assert.deepEqual(member.permissions, ['read:member']);
    // dave has no role: his token has no scope, the read is refused
    const dave = await f.call('GET', `/organizations/${orgId}/roles`, {
      token: await f.orgToken('dave', orgId),
    });
    assert.equal(dave.status, 403);
    assert.equal(dave.body.data.permission, 'read:member');
  });

  it('GET /organizations/:orgId?include=roles,members answers what the three reads answer', async () => {
    const orgId = await f.newOrg('alice', [
      ['bob', 'member'],
      ['carol', 'member'],
    ]);
    const token = await f.orgToken('bob', orgId);
    const get = async (path: string) => {
      const res = await f.call('GET', path, { token });
      assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const query = 'q=a&page=1&pageSize=2';
    const [combined, detail, roles, members] = await Promise.all([
      get(`/organizations/${orgId}?include=roles,members&${query}`),
      get(`/organizations/${orgId}`),
      get(`/organizations/${orgId}/roles`),
      get(`/organizations/${orgId}/members?${query}`),
    ]);
    assert.deepEqual(combined, { ...detail, roles: roles.items, members });
    assert.equal(combined.members.pageSize, 2);
    // Each part alone, and members with the default page.
    assert.deepEqual(await get(`/organizations/${orgId}?include=roles`), {
      ...detail,
      roles: roles.items,
    });
    const firstPage = await get(`/organizations/${orgId}?include=members`);
    assert.deepEqual(firstPage.members, await get(`/organizations/${orgId}/members`));
    assert.equal(firstPage.roles, undefined);
  });

  it('GET /organizations/:orgId?include leaves out what the token may not read; bad includes are 400', async () => {
    const orgId = await f.newOrg('alice', [['dave']]);
    // dave is a member without a role: the organization, but no roles and no members.
    const dave = await f.call('GET', `/organizations/${orgId}?include=roles,members`, {
      token: await f.orgToken('dave', orgId),
    });
    assert.equal(dave.status, 200);
    assert.equal(dave.body.organization.id, orgId);
    assert.deepEqual(dave.body.me.permissions, []);
    assert.ok(!('roles' in dave.body) && !('members' in dave.body), JSON.stringify(dave.body));

    // The answer follows live permissions, not the token's scopes: a token from before a
    // promotion gets both, one from before a demotion neither.
    const staleDave = await f.orgToken('dave', orgId);
    const roleIds = Object.fromEntries(
      (await f.admin.listOrganizationRoles()).map((r) => [r.name, r.id]),
    );
    await f.admin.replaceMemberRoles(orgId, f.userId('dave'), [roleIds.member!]);
    const promoted = await f.call('GET', `/organizations/${orgId}?include=roles,members`, {
      token: staleDave,
    });
    assert.equal(promoted.status, 200);
    assert.ok(promoted.body.roles.length >= 2 && promoted.body.members.total === 2);
    const staleAgain = await f.orgToken('dave', orgId);
    await f.admin.replaceMemberRoles(orgId, f.userId('dave'), []);
    const demoted = await f.call('GET', `/organizations/${orgId}?include=roles,members`, {
      token: staleAgain,
    });
    assert.equal(demoted.status, 200);
    assert.ok(!('roles' in demoted.body) && !('members' in demoted.body));

    const token = await f.orgToken('alice', orgId);
    for (const query of [
      'include=everything',
      'include=roles,roles',
      'include=',
      'page=2',
      'include=roles&pageSize=5',
      'include=members&pageSize=0',
      'include=members&extra=1',
    ]) {
      const res = await f.call('GET', `/organizations/${orgId}?${query}`, { token });
      assert.equal(res.status, 400, query);
      assert.equal(res.body.code, 'request.invalid', query);
    }
    // No longer a member (a token from before): the refusal, not a partial answer.
    const other = await f.newOrg('carol', [['bob', 'member']]);
    const stale = await f.orgToken('bob', other);
    await f.admin.removeOrganizationUser(other, f.userId('bob'));
    const refused = await f.call('GET', `/organizations/${other}?include=roles,members`, {
      token: stale,
    });
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.equal(refused.body.code, 'organization.not_member');
  });
  it('unknown routes are 404 route.not_found; request ids are echoed', async () => {
    const res = await f.call('GET', '/nope', { headers: { 'x-request-id': 'req-123' } });
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'route.not_found');
    assert.equal(res.headers.get('x-request-id'), 'req-123');
    const insane = await f.call('GET', '/healthz', {
      headers: { 'x-request-id': 'bad id\u00e9!' },
    });
    assert.equal(insane.status, 200);
    assert.notEqual(insane.headers.get('x-request-id'), 'bad id\u00e9!');
    assert.match(insane.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('CORS: allowed origin preflight passes with Authorization; others get no CORS headers', async () => {
    const ok = await fetch(`${f.server.url}/me/organizations`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.match(ok.headers.get('access-control-allow-headers') ?? '', /authorization/i);
    const evil = await fetch(`${f.server.url}/me/organizations`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
  });

  it('the router mounts under any path of an existing Express app', async () => {
    const host = express();
    host.get('/', (_req, res) => {
      res.send('host home');
    });
    host.use('/org-api', createOrgRouter({ config: f.config, logger: silentLogger }));
    host.use((_req, res) => {
      res.status(404).send('host 404');
    });
    const running = await listen(host);
    try {
      const token = await f.resourceToken('alice');
      const mine = await fetch(`${running.url}/org-api/me/organizations`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(mine.status, 200);
      assert.ok(Array.isArray(((await mine.json()) as { items: unknown[] }).items));
      const refused = await fetch(`${running.url}/org-api/me/organizations`);
      assert.equal(refused.status, 401);
      assert.equal(((await refused.json()) as { code: string }).code, 'auth.missing_token');
      assert.equal(await (await fetch(`${running.url}/`)).text(), 'host home');
      const other = await fetch(`${running.url}/org-api/unknown`);
      assert.equal(other.status, 404);
      assert.equal(
        ((await other.json()) as { code: string }).code,
        'route.not_found',
        'the router answers its own unknown paths',
      );
      const elsewhere = await fetch(`${running.url}/elsewhere`);
      assert.equal(await elsewhere.text(), 'host 404', "the host's 404 keeps the host's paths");
    } finally {
      await running.close();
    }
  });

  it('security headers from helmet are set', async () => {
    const res = await fetch(`${f.server.url}/healthz`);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('x-powered-by'), null);
  });

  it('logs one line per request with its request id, and never tokens or the M2M secret', async () => {
    const token = await f.resourceToken('alice');
    const cold = await f.extraApp();
    const from = f.logLines.length;
    const res = await fetch(`${cold.url}/me/organizations`, {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'trace-me-1' },
    });
    assert.equal(res.status, 200);
    const lines = f.logLines.slice(from).map((line) => JSON.parse(line));
    assert.ok(lines.length > 0);
    assert.ok(
      lines.every((line) => line.requestId === 'trace-me-1'),
      JSON.stringify(lines),
    );
    const access = lines.find((line) => line.message === 'request');
    assert.equal(access.status, 200);
    assert.equal(access.path, '/me/organizations');
    const all = f.logLines.join('\n');
    assert.ok(!all.includes(token.split('.')[2]!), 'no user token in logs');
    assert.ok(!all.includes(f.config.m2mAppSecret), 'no M2M secret in logs');
    assert.ok(!/Bearer ey/.test(all), 'no bearer header in logs');
  });
});
