/** Organization roles and scopes (recordings 40–53b, 204): the organization template. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startTestEmulator } from './support/emulator.js';
import type { TestEmulator } from './support/emulator.js';

describe('organization scopes and roles', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator({ seed: 'empty' });
  });
  after(() => t.close());

  const scopeIds: Record<string, string> = {};

  it('creates scopes (201, 21-character ids); duplicate name is 422 unique_integrity_violation', async () => {
    for (const [name, description] of [
      ['invite:member', 'Invite members'],
      ['remove:member', undefined],
      ['read:member', undefined],
      ['bad scope', undefined],
    ] as const) {
      const res = await t.api('POST', '/organization-scopes', { name, description });
      assert.equal(res.status, 201);
      assert.deepEqual(Object.keys(res.body), ['tenantId', 'id', 'name', 'description']);
      assert.match(res.body.id, /^[a-z0-9]{21}$/);
      assert.equal(res.body.description, description ?? null);
      scopeIds[name] = res.body.id;
    }
    const dup = await t.api('POST', '/organization-scopes', { name: 'invite:member' });
    assert.equal(dup.status, 422);
    assert.equal(dup.body.code, 'entity.unique_integrity_violation');
  });

  it('lists scopes by name; no paging headers unless asked', async () => {
    const all = await t.api('GET', '/organization-scopes');
    assert.deepEqual(
      all.body.map((s: { name: string }) => s.name),
      ['bad scope', 'invite:member', 'read:member', 'remove:member'],
    );
    assert.equal(all.headers.get('total-number'), null);
    const paged = await t.api('GET', '/organization-scopes?page=1&page_size=2');
    assert.equal(paged.headers.get('total-number'), '4');
    assert.equal(paged.body.length, 2);
    assert.match(
      paged.headers.get('link')!,
      /organization-scopes\?page=2&page_size=2>; rel="last"/,
    );
  });

  const roleIds: Record<string, string> = {};

  it('creates roles with scopes (201); duplicate 422; unknown scope id 422 FK and nothing created', async () => {
    const admin = await t.api('POST', '/organization-roles', {
      name: 'admin',
      description: 'Org admin',
      organizationScopeIds: [
        scopeIds['invite:member'],
        scopeIds['remove:member'],
        scopeIds['read:member'],
      ],
    });
    assert.equal(admin.status, 201);
    assert.deepEqual(Object.keys(admin.body), ['tenantId', 'id', 'name', 'description', 'type']);
    assert.equal(admin.body.type, 'User');
    roleIds.admin = admin.body.id;
    const member = await t.api('POST', '/organization-roles', {
      name: 'member',
      description: 'Org member',
    });
    roleIds.member = member.body.id;
    const dup = await t.api('POST', '/organization-roles', { name: 'admin' });
    assert.equal(dup.status, 422);
    assert.equal(dup.body.code, 'entity.unique_integrity_violation');
    const bad = await t.api('POST', '/organization-roles', {
      name: 'viewer',
      organizationScopeIds: ['nope'],
    });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.code, 'entity.relation_foreign_key_not_found');
    const list = await t.api('GET', '/organization-roles');
    assert.equal(list.headers.get('total-number'), '2');
  });

  it('links scopes to a role (201 "Created"); bad scope or role is 422 FK', async () => {
    const res = await t.api('POST', `/organization-roles/${roleIds.member}/scopes`, {
      organizationScopeIds: [scopeIds['read:member']],
    });
    assert.equal(res.status, 201);
    assert.equal(res.text, 'Created');
    const badScope = await t.api('POST', `/organization-roles/${roleIds.member}/scopes`, {
      organizationScopeIds: ['does-not-exist'],
    });
    assert.equal(badScope.status, 422);
    assert.equal(badScope.body.code, 'entity.relation_foreign_key_not_found');
    const badRole = await t.api('POST', '/organization-roles/does-not-exist/scopes', {
      organizationScopeIds: [scopeIds['read:member']],
    });
    assert.equal(badRole.status, 422);
    assert.equal(badRole.body.code, 'entity.relation_foreign_key_not_found');
  });

  it('GET role scopes lists scope objects ordered by id', async () => {
    const res = await t.api('GET', `/organization-roles/${roleIds.admin}/scopes`);
    assert.equal(res.status, 200);
    assert.equal(res.body.length, 3);
    const ids = res.body.map((s: { id: string }) => s.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(res.headers.get('total-number'), null);
  });

  it('lists roles by name with scopes [{id, name}] and resourceScopes; q filters', async () => {
    const res = await t.api('GET', '/organization-roles');
    assert.deepEqual(
      res.body.map((r: { name: string }) => r.name),
      ['admin', 'member'],
    );
    assert.deepEqual(Object.keys(res.body[0]), [
      'tenantId',
      'id',
      'name',
      'description',
      'type',
      'scopes',
      'resourceScopes',
    ]);
    assert.deepEqual(res.body[1].scopes, [{ id: scopeIds['read:member'], name: 'read:member' }]);
    const base = t.emulator.url;
    assert.equal(
      res.headers.get('link'),
      `<${base}/organization-roles?page=1>; rel="first", <${base}/organization-roles?page=1>; rel="last"`,
    );
    const q = await t.api('GET', '/organization-roles?q=adm');
    assert.equal(q.headers.get('total-number'), '1');
    assert.equal(q.body[0].name, 'admin');
  });

  it('PUT replaces role scopes (204); DELETE one scope link (204)', async () => {
    const put = await t.api('PUT', `/organization-roles/${roleIds.member}/scopes`, {
      organizationScopeIds: [scopeIds['read:member'], scopeIds['bad scope']],
    });
    assert.equal(put.status, 204);
    const del = await t.api(
      'DELETE',
      `/organization-roles/${roleIds.member}/scopes/${scopeIds['bad scope']}`,
    );
    assert.equal(del.status, 204);
    const list = await t.api('GET', `/organization-roles/${roleIds.member}/scopes`);
    assert.deepEqual(
      list.body.map((s: { name: string }) => s.name),
      ['read:member'],
    );
  });

  it('gets, patches and deletes roles and scopes; unknown → 404', async () => {
    const role = await t.api('POST', '/organization-roles', { name: 'temp' });
    assert.equal((await t.api('GET', `/organization-roles/${role.body.id}`)).body.name, 'temp');
    const patched = await t.api('PATCH', `/organization-roles/${role.body.id}`, { name: 'temp2' });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.name, 'temp2');
    assert.equal((await t.api('DELETE', `/organization-roles/${role.body.id}`)).status, 204);
    assert.equal((await t.api('GET', `/organization-roles/${role.body.id}`)).status, 404);
    const scope = await t.api('POST', '/organization-scopes', { name: 'temp:scope' });
    assert.equal((await t.api('DELETE', `/organization-scopes/${scope.body.id}`)).status, 204);
    assert.equal((await t.api('DELETE', `/organization-scopes/${scope.body.id}`)).status, 404);
  });

  it('links API resource scopes to an organization role (201 "Created") and lists them', async () => {
    const resource = await t.api('POST', '/resources', {
      name: 'Org Demo API',
      indicator: 'http://localhost:8787/api',
    });
    const scope = await t.api('POST', `/resources/${resource.body.id}/scopes`, {
      name: 'read:data',
    });
    const res = await t.api('POST', `/organization-roles/${roleIds.admin}/resource-scopes`, {
      scopeIds: [scope.body.id],
    });
    assert.equal(res.status, 201);
    assert.equal(res.text, 'Created');
    const list = await t.api('GET', `/organization-roles/${roleIds.admin}/resource-scopes`);
    assert.deepEqual(Object.keys(list.body[0]), [
      'tenantId',
      'id',
      'resourceId',
      'name',
      'description',
      'createdAt',
    ]);
    assert.equal(list.body[0].name, 'read:data');
    const roles = await t.api('GET', '/organization-roles?q=admin');
    assert.deepEqual(roles.body[0].resourceScopes, [
      {
        id: scope.body.id,
        name: 'read:data',
        resource: { id: resource.body.id, name: 'Org Demo API' },
      },
    ]);
  });
});
