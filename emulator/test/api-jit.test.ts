/**
 * Organization just-in-time provisioning API (recordings 500–515): email domains, default roles,
 * SSO connectors; shapes, ordering, optional paging, validation and error codes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startTestEmulator, unique } from './support/emulator.js';
import type { TestEmulator } from './support/emulator.js';

describe('organization JIT API', () => {
  let t: TestEmulator;
  let orgId: string;
  let memberRole: { id: string; name: string };
  let viewerRole: { id: string; name: string };
  before(async () => {
    t = await startTestEmulator();
    orgId = (await t.api('POST', '/organizations', { name: unique('JIT Org ') })).body.id;
    memberRole = (
      await t.api('POST', '/organization-roles', {
        name: unique('jit-member-'),
        description: 'JIT default role',
      })
    ).body;
    viewerRole = (await t.api('POST', '/organization-roles', { name: unique('jit-viewer-') })).body;
  });
  after(() => t.close());

  const domains = `/organizations/${'{org}'}/jit/email-domains`;
  const path = (template: string, org = orgId) => template.replace('{org}', org);

  it('email domains: empty list, POST 201 with the row, stored as given, byte order', async () => {
    const empty = await t.api('GET', path(domains));
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body, []);
    assert.equal(empty.headers.get('total-number'), null);
    const created = await t.api('POST', path(domains), { emailDomain: 'jit.example' });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body, {
      tenantId: 'default',
      organizationId: orgId,
      emailDomain: 'jit.example',
    });
    for (const emailDomain of ['JIT.EXAMPLE', '@at.example', 'gmail']) {
      assert.equal((await t.api('POST', path(domains), { emailDomain })).status, 201);
    }
    const list = await t.api('GET', path(domains));
    assert.deepEqual(
      list.body.map((row: { emailDomain: string }) => row.emailDomain),
      ['@at.example', 'JIT.EXAMPLE', 'gmail', 'jit.example'],
    );
    const duplicate = await t.api('POST', path(domains), { emailDomain: 'jit.example' });
    assert.equal(duplicate.status, 422);
    assert.equal(duplicate.body.code, 'entity.unique_integrity_violation');
  });

  it('email domains: paging headers only with page/page_size', async () => {
    const page2 = await t.api('GET', `${path(domains)}?page=2&page_size=2`);
    assert.equal(page2.status, 200);
    assert.equal(page2.headers.get('total-number'), '4');
    assert.deepEqual(
      page2.body.map((row: { emailDomain: string }) => row.emailDomain),
      ['gmail', 'jit.example'],
    );
    assert.match(page2.headers.get('link')!, /jit\/email-domains\?page=2&page_size=2>; rel="last"/);
  });

  it('email domains: empty or missing is 400; unknown organization lists [] but refuses writes (422)', async () => {
    for (const body of [{ emailDomain: '' }, {}]) {
      const res = await t.api('POST', path(domains), body);
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'guard.invalid_input');
      assert.deepEqual(res.body.data.issues[0].path, ['emailDomain']);
    }
    const unknownList = await t.api('GET', path(domains, 'nx-org-0001'));
    assert.equal(unknownList.status, 200);
    assert.deepEqual(unknownList.body, []);
    const unknownPost = await t.api('POST', path(domains, 'nx-org-0001'), {
      emailDomain: 'jit.example',
    });
    assert.equal(unknownPost.status, 422);
    assert.equal(unknownPost.body.code, 'entity.relation_foreign_key_not_found');
    const unknownPut = await t.api('PUT', path(domains, 'nx-org-0001'), {
      emailDomains: ['jit.example'],
    });
    assert.equal(unknownPut.status, 422);
    assert.equal(unknownPut.body.code, 'entity.relation_foreign_key_not_found');
  });

  it('email domains: PUT replaces the set (204), [] empties it; DELETE one (204), then 404', async () => {
    const put = await t.api('PUT', path(domains), {
      emailDomains: ['jit.example', 'other.example'],
    });
    assert.equal(put.status, 204);
    assert.equal(put.text, '');
    const after = await t.api('GET', path(domains));
    assert.deepEqual(
      after.body.map((row: { emailDomain: string }) => row.emailDomain),
      ['jit.example', 'other.example'],
    );
    assert.equal((await t.api('PUT', path(domains), { emailDomains: [] })).status, 204);
    assert.deepEqual((await t.api('GET', path(domains))).body, []);
    await t.api('PUT', path(domains), { emailDomains: ['jit.example', 'other.example'] });
    const del = await t.api('DELETE', `${path(domains)}/other.example`);
    assert.equal(del.status, 204);
    const again = await t.api('DELETE', `${path(domains)}/other.example`);
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 'entity.not_found');
    assert.deepEqual(
      (await t.api('GET', path(domains))).body.map((r: { emailDomain: string }) => r.emailDomain),
      ['jit.example'],
    );
  });

  it('roles: POST 201 "Created", GET full role objects by id, paging optional', async () => {
    const roles = `/organizations/${orgId}/jit/roles`;
    assert.deepEqual((await t.api('GET', roles)).body, []);
    const post = await t.api('POST', roles, { organizationRoleIds: [memberRole.id] });
    assert.equal(post.status, 201);
    assert.equal(post.text, 'Created');
    assert.match(post.headers.get('content-type')!, /^text\/plain/);
    const again = await t.api('POST', roles, { organizationRoleIds: [memberRole.id] });
    assert.equal(again.status, 201);
    const list = await t.api('GET', roles);
    assert.deepEqual(list.body, [
      {
        tenantId: 'default',
        id: memberRole.id,
        name: memberRole.name,
        description: 'JIT default role',
        type: 'User',
      },
    ]);
    assert.equal(list.headers.get('total-number'), null);
    const paged = await t.api('GET', `${roles}?page=1&page_size=1`);
    assert.equal(paged.headers.get('total-number'), '1');
  });

  it('roles: empty is 400; unknown organization or role 422; PUT replaces; DELETE 204 then 404', async () => {
    const roles = `/organizations/${orgId}/jit/roles`;
    const empty = await t.api('POST', roles, { organizationRoleIds: [] });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.code, 'guard.invalid_input');
    const unknownOrg = await t.api('POST', '/organizations/nx-org-0001/jit/roles', {
      organizationRoleIds: [memberRole.id],
    });
    assert.equal(unknownOrg.status, 422);
    assert.equal(unknownOrg.body.code, 'entity.relation_foreign_key_not_found');
    const unknownRole = await t.api('POST', roles, { organizationRoleIds: ['nx-role-0001'] });
    assert.equal(unknownRole.status, 422);
    assert.equal(unknownRole.body.code, 'entity.relation_foreign_key_not_found');
    const put = await t.api('PUT', roles, {
      organizationRoleIds: [memberRole.id, viewerRole.id],
    });
    assert.equal(put.status, 204);
    const list = await t.api('GET', roles);
    assert.deepEqual(
      list.body.map((role: { id: string }) => role.id),
      [memberRole.id, viewerRole.id].sort(),
    );
    assert.equal((await t.api('DELETE', `${roles}/${viewerRole.id}`)).status, 204);
    const again = await t.api('DELETE', `${roles}/${viewerRole.id}`);
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 'entity.not_found');
    assert.deepEqual(
      (await t.api('GET', roles)).body.map((role: { id: string }) => role.id),
      [memberRole.id],
    );
    const emptyUnknown = await t.api('PUT', '/organizations/nx-org-0001/jit/roles', {
      organizationRoleIds: [],
    });
    assert.equal(emptyUnknown.status, 204);
    const unknownList = await t.api('GET', '/organizations/nx-org-0001/jit/roles');
    assert.equal(unknownList.status, 404);
    assert.equal(unknownList.body.code, 'entity.not_exists_with_id');
  });

  it('SSO connectors: always empty (paging headers on request)', async () => {
    const list = await t.api('GET', `/organizations/${orgId}/jit/sso-connectors`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body, []);
    assert.equal(list.headers.get('total-number'), null);
    const paged = await t.api(
      'GET',
      `/organizations/${orgId}/jit/sso-connectors?page=1&page_size=5`,
    );
    assert.equal(paged.headers.get('total-number'), '0');
    const post = await t.api('POST', `/organizations/${orgId}/jit/sso-connectors`, {
      ssoConnectorIds: ['nx-connector'],
    });
    assert.equal(post.status, 422);
    assert.equal(post.body.code, 'entity.relation_foreign_key_not_found');
  });

  it('deleting the organization or a role drops its JIT settings', async () => {
    const org = (await t.api('POST', '/organizations', { name: unique('JIT Gone ') })).body;
    const role = (await t.api('POST', '/organization-roles', { name: unique('jit-gone-') })).body;
    await t.api('POST', `/organizations/${org.id}/jit/email-domains`, {
      emailDomain: 'gone.example',
    });
    await t.api('POST', `/organizations/${org.id}/jit/roles`, { organizationRoleIds: [role.id] });
    assert.equal((await t.api('DELETE', `/organization-roles/${role.id}`)).status, 204);
    assert.deepEqual((await t.api('GET', `/organizations/${org.id}/jit/roles`)).body, []);
    assert.equal((await t.api('DELETE', `/organizations/${org.id}`)).status, 204);
    assert.deepEqual((await t.api('GET', `/organizations/${org.id}/jit/email-domains`)).body, []);
  });
});
