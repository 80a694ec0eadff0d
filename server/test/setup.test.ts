import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_ROLES, PERMISSION_NAMES } from '../src/permissions.js';
import { runSetup } from '../src/setup.js';
import { startFixture, type Fixture } from './emulator-fixture.js';

describe('setup command (against an empty emulator tenant)', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture({}, { seed: 'empty' });
  });
  after(() => f.close());

  it('creates the permissions and roles, then a second run changes nothing', async () => {
    assert.deepEqual(await f.admin.listOrganizationScopes(), []);
    const lines: string[] = [];
    const first = await runSetup({ api: f.admin, report: (line) => lines.push(line) });
    assert.deepEqual([...first.createdPermissions].sort(), [...PERMISSION_NAMES].sort());
    assert.deepEqual(first.createdRoles, ['admin', 'member']);
    assert.equal(first.unchanged, false);
    assert.ok(lines.some((line) => /role admin: created/.test(line)));

    const roles = await f.admin.listOrganizationRoles();
    for (const template of DEFAULT_ROLES) {
      const role = roles.find((r) => r.name === template.name);
      assert.ok(role, template.name);
      assert.deepEqual(role.scopes.map((s) => s.name).sort(), [...template.permissions].sort());
    }

    const before = await f.stats();
    const second = await runSetup({ api: f.admin });
    assert.equal(second.unchanged, true);
    assert.deepEqual(second.createdPermissions, []);
    assert.deepEqual(second.createdRoles, []);
    assert.equal((await f.admin.listOrganizationRoles()).length, roles.length);
    assert.equal((await f.admin.listOrganizationScopes()).length, PERMISSION_NAMES.length);
    assert.ok((await f.stats()).apiRequests > before.apiRequests);
  });

  it('completes a partial template: adds missing permissions to an existing role', async () => {
    const scopes = await f.admin.listOrganizationScopes();
    const read = scopes.find((s) => s.name === 'read:member')!;
    await f.admin.createOrganizationRole({
      name: 'viewer',
      description: 'partial',
      organizationScopeIds: [read.id],
    });
    const result = await runSetup({
      api: f.admin,
      roles: [{ name: 'viewer', description: 'x', permissions: ['read:member', 'invite:member'] }],
    });
    assert.deepEqual(result.addedRolePermissions, ['viewer: invite:member']);
    const viewer = (await f.admin.listOrganizationRoles()).find((r) => r.name === 'viewer')!;
    assert.deepEqual(viewer.scopes.map((s) => s.name).sort(), ['invite:member', 'read:member']);
  });

  it('the companion server then works on the new tenant: the creator becomes admin', async () => {
    // the empty seed has no demo users or companion resource: create them
    const token = await f.emu.managementToken();
    const res = await fetch(`${f.emu.url}/api/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'zoe', primaryEmail: 'zoe@example.com' }),
    });
    assert.equal(res.status, 200);
    const zoe = (await res.json()) as { id: string };
    const resource = await fetch(`${f.emu.url}/api/resources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Companion', indicator: f.config.apiResource }),
    });
    assert.equal(resource.status, 201);
    const minted = await f.emu.oidc.mintAccessToken({
      userId: zoe.id,
      resource: f.config.apiResource,
    });
    const created = await f.call('POST', '/organizations', {
      token: minted.access_token,
      body: { name: 'Zoe Co' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(
      created.body.organization.roles.map((r: { name: string }) => r.name),
      ['admin'],
    );
  });
});
