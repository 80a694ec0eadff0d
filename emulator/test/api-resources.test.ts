/**
 * API resources, global roles and applications (recordings 200–209c, 161): what the seed and the
 * companion's `setup` command use.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { DEMO_USERS, EMULATOR_DEFAULTS } from '../src/index.js';
import { startTestEmulator } from './support/emulator.js';
import type { TestEmulator } from './support/emulator.js';

describe('resources, roles and applications', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator({ seed: 'empty' });
  });
  after(() => t.close());

  let resourceId: string;
  let createScopeId: string;

  it('creates a resource (201, scopes []); duplicate indicator is 422 resource.resource_identifier_in_use', async () => {
    const res = await t.api('POST', '/resources', {
      name: 'Org Demo API',
      indicator: 'http://localhost:8787/api',
      accessTokenTtl: 3600,
    });
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.body), [
      'tenantId',
      'id',
      'name',
      'indicator',
      'isDefault',
      'accessTokenTtl',
      'scopes',
    ]);
    assert.deepEqual(res.body.scopes, []);
    resourceId = res.body.id;
    const dup = await t.api('POST', '/resources', {
      name: 'Dup',
      indicator: 'http://localhost:8787/api',
    });
    assert.equal(dup.status, 422);
    assert.equal(dup.body.code, 'resource.resource_identifier_in_use');
    assert.equal(t.emulator.store.hasResource('http://localhost:8787/api'), true);
  });

  it('creates resource scopes (201); duplicate name is 422 scope.name_exists', async () => {
    const res = await t.api('POST', `/resources/${resourceId}/scopes`, {
      name: 'create:organization',
      description: 'Create orgs',
    });
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.body), [
      'tenantId',
      'id',
      'resourceId',
      'name',
      'description',
      'createdAt',
    ]);
    createScopeId = res.body.id;
    const second = await t.api('POST', `/resources/${resourceId}/scopes`, { name: 'read:data' });
    assert.equal(second.body.description, null);
    const dup = await t.api('POST', `/resources/${resourceId}/scopes`, {
      name: 'create:organization',
    });
    assert.equal(dup.status, 422);
    assert.equal(dup.body.code, 'scope.name_exists');
    const list = await t.api('GET', `/resources/${resourceId}/scopes`);
    assert.equal(list.body.length, 2);
    const resources = await t.api('GET', '/resources');
    assert.ok(resources.body.some((r: { id: string }) => r.id === resourceId));
  });

  it('creates a user role (200), assigns users (201 "Created"), lists user roles with paging headers', async () => {
    const role = await t.api('POST', '/roles', {
      name: 'org-creator',
      description: 'Can create orgs',
      type: 'User',
      scopeIds: [createScopeId],
    });
    assert.equal(role.status, 200);
    assert.deepEqual(Object.keys(role.body), [
      'tenantId',
      'id',
      'name',
      'description',
      'type',
      'isDefault',
    ]);
    const user = await t.api('POST', '/users', { username: 'alice' });
    const assign = await t.api('POST', `/roles/${role.body.id}/users`, { userIds: [user.body.id] });
    assert.equal(assign.status, 201);
    assert.equal(assign.text, 'Created');
    const roles = await t.api('GET', `/users/${user.body.id}/roles`);
    assert.equal(roles.headers.get('total-number'), '1');
    assert.equal(roles.body[0].name, 'org-creator');
    assert.deepEqual(t.emulator.store.resourceScopesOf(user.body.id, 'http://localhost:8787/api'), [
      'create:organization',
    ]);
    const dup = await t.api('POST', '/roles', { name: 'org-creator', description: 'again' });
    assert.equal(dup.status, 422);
    assert.equal(dup.body.code, 'role.name_in_use');
  });

  it('lists M2M roles with counts; the seeded Management API role is there', async () => {
    const res = await t.api('GET', '/roles?type=MachineToMachine');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('total-number'), '1');
    assert.equal(res.body[0].name, EMULATOR_DEFAULTS.managementApiRoleName);
    assert.equal(res.body[0].applicationsCount, 1);
    assert.equal(res.body[0].featuredApplications[0].id, EMULATOR_DEFAULTS.m2mAppId);
  });

  it('creates applications (200), assigns M2M roles (201 {roleIds, addedRoleIds}) and refuses wrong ones', async () => {
    const spa = await t.api('POST', '/applications', {
      name: 'Org Demo SPA',
      type: 'SPA',
      oidcClientMetadata: {
        redirectUris: ['http://localhost:8787/callback'],
        postLogoutRedirectUris: ['http://localhost:8787/'],
      },
    });
    assert.equal(spa.status, 200);
    assert.match(spa.body.id, /^[a-z0-9]{21}$/);
    assert.deepEqual(spa.body.oidcClientMetadata.redirectUris, ['http://localhost:8787/callback']);
    const m2m = await t.api('POST', '/applications', {
      name: 'Org Demo M2M',
      type: 'MachineToMachine',
      description: 'Express companion server',
    });
    assert.equal(m2m.status, 200);
    const m2mRole = (await t.api('GET', '/roles?type=MachineToMachine')).body[0];
    const assign = await t.api('POST', `/applications/${m2m.body.id}/roles`, {
      roleIds: [m2mRole.id],
    });
    assert.equal(assign.status, 201);
    assert.deepEqual(assign.body, { roleIds: [m2mRole.id], addedRoleIds: [m2mRole.id] });
    const again = await t.api('POST', `/roles/${m2mRole.id}/applications`, {
      applicationIds: [m2m.body.id],
    });
    assert.equal(again.status, 422);
    assert.equal(again.body.code, 'role.application_exists');
    const userRole = (await t.api('GET', '/roles?type=User')).body[0];
    const wrong = await t.api('POST', `/applications/${m2m.body.id}/roles`, {
      roleIds: [userRole.id],
    });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.code, 'application.invalid_role_type');

    const got = await t.api('GET', `/applications/${m2m.body.id}`);
    assert.equal(got.body.isAdmin, false);
    const secrets = await t.api('GET', `/applications/${m2m.body.id}/secrets`);
    assert.equal(secrets.body[0].name, 'Default secret');
    const added = await t.api('POST', `/applications/${m2m.body.id}/secrets`, {
      name: 'companion-server',
    });
    assert.equal(added.status, 201);
    assert.equal(added.body.name, 'companion-server');

    // The new M2M app can get a Management API token with its default secret (recording 161).
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      resource: EMULATOR_DEFAULTS.managementApiResource,
      scope: 'all',
    });
    const token = await fetch(`http://127.0.0.1:${t.emulator.port}/oidc/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${m2m.body.id}:${secrets.body[0].value}`).toString('base64')}`,
      },
      body: form,
    });
    assert.equal(token.status, 200);
    const { access_token } = (await token.json()) as { access_token: string };
    const list = await t.api('GET', '/organizations?page=1&page_size=2', undefined, {
      authorization: `Bearer ${access_token}`,
    });
    assert.equal(list.status, 200);
  });

  it('unknown resource, role and application ids are 404', async () => {
    for (const path of ['/resources/nope', '/roles/nope', '/applications/nope']) {
      const res = await t.api('GET', path);
      assert.equal(res.status, 404, path);
      assert.equal(res.body.code, 'entity.not_exists_with_id', path);
    }
  });
});

describe('seeds', () => {
  it("'empty' has the Management API, the SPA and M2M apps, and no users, template or orgs", async () => {
    const t = await startTestEmulator({ seed: 'empty' });
    try {
      const { store } = t.emulator;
      assert.equal(store.users.size, 0);
      assert.equal(store.organizationRoles.size, 0);
      assert.equal(store.organizations.size, 0);
      assert.equal(store.hasResource(EMULATOR_DEFAULTS.companionResource), false);
      assert.ok(store.apps.has(EMULATOR_DEFAULTS.spaAppId));
      assert.deepEqual(
        store.applicationResourceScopesOf(
          EMULATOR_DEFAULTS.m2mAppId,
          EMULATOR_DEFAULTS.managementApiResource,
        ),
        ['all'],
      );
    } finally {
      await t.close();
    }
  });

  it("'demo' has the demo users, template, companion resource and no organizations", async () => {
    const t = await startTestEmulator({
      m2mAppId: 'customm2mapp000000001',
      m2mAppSecret: 'custom-secret',
      companionResource: 'http://localhost:9000/api',
    });
    try {
      const { store } = t.emulator;
      assert.equal(store.organizations.size, 0);
      for (const user of DEMO_USERS) {
        assert.equal(store.verifyPassword(user.username, user.password), user.id);
        assert.deepEqual(store.resourceScopesOf(user.id, 'http://localhost:9000/api'), [
          'create:organization',
        ]);
      }
      assert.deepEqual(
        store.signInHints().map((hint) => hint.username),
        ['alice', 'bob', 'carol', 'dave', 'erin'],
      );
      const roles = await t.api('GET', '/organization-roles');
      const byName = Object.fromEntries(
        roles.body.map((r: { name: string; scopes: Array<{ name: string }> }) => [
          r.name,
          r.scopes.map((s) => s.name).sort(),
        ]),
      );
      assert.deepEqual(byName, {
        admin: [
          'invite:member',
          'manage:organization',
          'read:member',
          'remove:member',
          'update:member:role',
        ],
        member: ['read:member'],
      });
      assert.equal(t.emulator.config.m2mAppId, 'customm2mapp000000001');
      assert.equal(t.emulator.config.m2mAppSecret, 'custom-secret');
      const spa = store.applications().find((app) => app.id === EMULATOR_DEFAULTS.spaAppId);
      assert.equal(spa?.type, 'SPA');
      assert.equal(spa?.allowLoopbackRedirects, true);
    } finally {
      await t.close();
    }
  });
});
