/**
 * Organizations, members, member roles and scopes, a user's organizations (recordings 20–31,
 * 60–81, 120–146, 400–403): statuses, codes, shapes, ordering, paging headers, idempotency.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { DEMO_USERS } from '../src/index.js';
import { startTestEmulator, unique } from './support/emulator.js';
import type { TestEmulator } from './support/emulator.js';

const ORGANIZATION_KEYS = [
  'tenantId',
  'id',
  'name',
  'description',
  'customData',
  'isMfaRequired',
  'color',
  'branding',
  'customCss',
  'createdAt',
];
const MEMBER_KEYS = [
  'id',
  'username',
  'primaryEmail',
  'primaryPhone',
  'name',
  'avatar',
  'customData',
  'identities',
  'lastSignInAt',
  'createdAt',
  'updatedAt',
  'profile',
  'applicationId',
  'cimdClientId',
  'isSuspended',
  'organizationRoles',
];
const ROLE_KEYS = ['tenantId', 'id', 'name', 'description', 'type'];
const SCOPE_KEYS = ['tenantId', 'id', 'name', 'description'];

const [alice, bob, carol, dave] = DEMO_USERS.map((user) => user.id) as [
  string,
  string,
  string,
  string,
];

describe('organizations', () => {
  let t: TestEmulator;
  let roles: Record<string, string>;
  before(async () => {
    t = await startTestEmulator();
    const res = await t.api('GET', '/organization-roles');
    roles = Object.fromEntries(
      res.body.map((role: { name: string; id: string }) => [role.name, role.id]),
    );
  });
  after(() => t.close());

  const createOrg = async (body: Record<string, unknown> = {}) => {
    const res = await t.api('POST', '/organizations', { name: unique('Org '), ...body });
    assert.equal(res.status, 201);
    return res.body as { id: string; name: string };
  };

  it('creates (201) with Logto’s shape and 12-character id', async () => {
    const res = await t.api('POST', '/organizations', {
      name: 'Acme Inc',
      description: 'First org',
      customData: { plan: 'free' },
    });
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.body), ORGANIZATION_KEYS);
    assert.match(res.body.id, /^[a-z0-9]{12}$/);
    assert.equal(res.body.tenantId, 'default');
    assert.equal(res.body.description, 'First org');
    assert.deepEqual(res.body.customData, { plan: 'free' });
    assert.equal(res.body.isMfaRequired, false);
    assert.equal(res.body.customCss, null);
    assert.equal(typeof res.body.createdAt, 'number');
  });

  it('refuses a missing or empty name with 400 guard.invalid_input', async () => {
    for (const body of [{ description: 'no name' }, { name: '' }]) {
      const res = await t.api('POST', '/organizations', body);
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'guard.invalid_input');
      assert.ok(Array.isArray(res.body.data.issues));
    }
  });

  it('gets by id; unknown id is 404 entity.not_exists_with_id', async () => {
    const org = await createOrg();
    const res = await t.api('GET', `/organizations/${org.id}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.id, org.id);
    const missing = await t.api('GET', '/organizations/does-not-exist');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'entity.not_exists_with_id');
  });

  it('patches description and customData (200, whole organization)', async () => {
    const org = await createOrg();
    const res = await t.api('PATCH', `/organizations/${org.id}`, {
      description: 'patched',
      customData: { plan: 'pro' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.name, org.name);
    assert.equal(res.body.description, 'patched');
    assert.deepEqual(res.body.customData, { plan: 'pro' });
    const empty = await t.api('PATCH', `/organizations/${org.id}`, { name: '' });
    assert.equal(empty.status, 400);
  });

  it('deletes (204); then GET is 404 not_exists_with_id and DELETE of unknown is 404 entity.not_found', async () => {
    const org = await createOrg();
    assert.equal((await t.api('DELETE', `/organizations/${org.id}`)).status, 204);
    const gone = await t.api('GET', `/organizations/${org.id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.code, 'entity.not_exists_with_id');
    const again = await t.api('DELETE', '/organizations/does-not-exist');
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 'entity.not_found');
  });

  it('lists ordered by id with Total-Number and Link (first, last, prev, next) headers', async () => {
    const local = await startTestEmulator();
    try {
      for (const name of ['Acme Inc', 'Beta LLC', 'Acme Inc', 'Gamma']) {
        await local.api('POST', '/organizations', { name });
      }
      const base = local.emulator.url;
      const all = await local.api('GET', '/organizations');
      assert.equal(all.status, 200);
      assert.equal(all.headers.get('total-number'), '4');
      assert.equal(
        all.headers.get('link'),
        `<${base}/organizations?page=1>; rel="first", <${base}/organizations?page=1>; rel="last"`,
      );
      const ids = all.body.map((org: { id: string }) => org.id);
      assert.deepEqual(ids, [...ids].sort());

      const paged = await local.api('GET', '/organizations?page=1&page_size=1');
      assert.equal(paged.body.length, 1);
      assert.equal(paged.body[0].id, ids[0]);
      assert.equal(
        paged.headers.get('link'),
        `<${base}/organizations?page=1&page_size=1>; rel="first", ` +
          `<${base}/organizations?page=4&page_size=1>; rel="last", ` +
          `<${base}/organizations?page=2&page_size=1>; rel="next"`,
      );
      const middle = await local.api('GET', '/organizations?page=2&page_size=1');
      assert.match(middle.headers.get('link')!, /page=1&page_size=1>; rel="prev"/);
      assert.match(middle.headers.get('link')!, /page=3&page_size=1>; rel="next"/);
      const beyond = await local.api('GET', '/organizations?page=9&page_size=1');
      assert.deepEqual(beyond.body, []);
      assert.equal(beyond.headers.get('total-number'), '4');

      const q = await local.api('GET', '/organizations?q=acme');
      assert.equal(q.headers.get('total-number'), '2');
      assert.ok(q.body.every((org: { name: string }) => org.name === 'Acme Inc'));
      assert.equal(
        q.headers.get('link'),
        `<${base}/organizations?q=acme&page=1>; rel="first", <${base}/organizations?q=acme&page=1>; rel="last"`,
      );
    } finally {
      await local.close();
    }
  });

  describe('members', () => {
    it('adds members (201 {userIds}); re-adding is idempotent and keeps roles', async () => {
      const org = await createOrg();
      const add = await t.api('POST', `/organizations/${org.id}/users`, { userIds: [alice, bob] });
      assert.equal(add.status, 201);
      assert.deepEqual(add.body, { userIds: [alice, bob] });
      await t.api('POST', `/organizations/${org.id}/users/${alice}/roles`, {
        organizationRoleIds: [roles.admin],
      });
      const again = await t.api('POST', `/organizations/${org.id}/users`, { userIds: [alice] });
      assert.equal(again.status, 201);
      const list = await t.api('GET', `/organizations/${org.id}/users`);
      assert.equal(list.headers.get('total-number'), '2');
      const aliceRow = list.body.find((user: { id: string }) => user.id === alice);
      assert.deepEqual(aliceRow.organizationRoles, [{ id: roles.admin, name: 'admin' }]);
    });

    it('adding an unknown user or to an unknown org is 422 relation_foreign_key_not_found; empty is 400', async () => {
      const org = await createOrg();
      const badUser = await t.api('POST', `/organizations/${org.id}/users`, {
        userIds: ['does-not-exist'],
      });
      assert.equal(badUser.status, 422);
      assert.equal(badUser.body.code, 'entity.relation_foreign_key_not_found');
      const badOrg = await t.api('POST', '/organizations/does-not-exist/users', {
        userIds: [alice],
      });
      assert.equal(badOrg.status, 422);
      assert.equal(badOrg.body.code, 'entity.relation_foreign_key_not_found');
      const empty = await t.api('POST', `/organizations/${org.id}/users`, { userIds: [] });
      assert.equal(empty.status, 400);
      assert.equal(empty.body.code, 'guard.invalid_input');
    });

    it('lists members ordered by user id, with organizationRoles, Logto keys and paging headers', async () => {
      const org = await createOrg();
      await t.api('POST', `/organizations/${org.id}/users`, { userIds: [alice, bob, carol] });
      await t.api('POST', `/organizations/${org.id}/users/${bob}/roles`, {
        organizationRoleNames: ['member'],
      });
      const list = await t.api('GET', `/organizations/${org.id}/users`);
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.map((user: { id: string }) => user.id),
        [alice, bob, carol].sort(),
      );
      assert.deepEqual(Object.keys(list.body[0]), MEMBER_KEYS);
      assert.equal('hasPassword' in list.body[0], false);
      assert.deepEqual(list.body[1].organizationRoles, [{ id: roles.member, name: 'member' }]);
      const base = t.emulator.url;
      assert.equal(
        list.headers.get('link'),
        `<${base}/organizations/${org.id}/users?page=1>; rel="first", <${base}/organizations/${org.id}/users?page=1>; rel="last"`,
      );
      const paged = await t.api('GET', `/organizations/${org.id}/users?page=1&page_size=1`);
      assert.equal(paged.headers.get('total-number'), '3');
      assert.equal(paged.body.length, 1);
      assert.match(paged.headers.get('link')!, /page=3&page_size=1>; rel="last"/);
    });

    it('filters members with q (name, username, email; case-insensitive) and organizationRoleId', async () => {
      const org = await createOrg();
      await t.api('POST', `/organizations/${org.id}/users`, { userIds: [alice, bob, carol] });
      await t.api('POST', `/organizations/${org.id}/users/roles`, {
        userIds: [alice],
        organizationRoleIds: [roles.admin],
      });
      const byName = await t.api('GET', `/organizations/${org.id}/users?q=ali`);
      assert.deepEqual(
        byName.body.map((u: { id: string }) => u.id),
        [alice],
      );
      const byEmail = await t.api('GET', `/organizations/${org.id}/users?q=bob%40example`);
      assert.deepEqual(
        byEmail.body.map((u: { id: string }) => u.id),
        [bob],
      );
      assert.match(byEmail.headers.get('link')!, /q=bob%40example&page=1/);
      const upper = await t.api('GET', `/organizations/${org.id}/users?q=CAROL`);
      assert.equal(upper.body.length, 1);
      const none = await t.api('GET', `/organizations/${org.id}/users?q=zzz`);
      assert.deepEqual(none.body, []);
      assert.equal(none.headers.get('total-number'), '0');
      assert.match(none.headers.get('link')!, /q=zzz&page=1>; rel="last"/);
      const admins = await t.api(
        'GET',
        `/organizations/${org.id}/users?organizationRoleId=${roles.admin}`,
      );
      assert.deepEqual(
        admins.body.map((u: { id: string }) => u.id),
        [alice],
      );
    });

    it('replaces the member list (PUT 204); kept members keep their roles', async () => {
      const org = await createOrg();
      await t.api('POST', `/organizations/${org.id}/users`, { userIds: [alice, bob] });
      await t.api('POST', `/organizations/${org.id}/users/${bob}/roles`, {
        organizationRoleNames: ['member'],
      });
      const put = await t.api('PUT', `/organizations/${org.id}/users`, { userIds: [bob, carol] });
      assert.equal(put.status, 204);
      const list = await t.api('GET', `/organizations/${org.id}/users`);
      assert.deepEqual(
        list.body.map((u: { id: string }) => u.id),
        [bob, carol],
      );
      assert.deepEqual(list.body[0].organizationRoles, [{ id: roles.member, name: 'member' }]);
      const again = await t.api('PUT', `/organizations/${org.id}/users`, { userIds: [bob] });
      assert.equal(again.status, 204);
      assert.equal(
        (await t.api('GET', `/organizations/${org.id}/users`)).headers.get('total-number'),
        '1',
      );
    });

    it('removes a member (204) and their roles; unknown member is 404 entity.not_found', async () => {
      const org = await createOrg();
      await t.api('POST', `/organizations/${org.id}/users`, { userIds: [bob] });
      await t.api('PUT', `/organizations/${org.id}/users/${bob}/roles`, {
        organizationRoleIds: [roles.admin],
      });
      assert.equal((await t.api('DELETE', `/organizations/${org.id}/users/${bob}`)).status, 204);
      const missing = await t.api('DELETE', `/organizations/${org.id}/users/does-not-exist`);
      assert.equal(missing.status, 404);
      assert.equal(missing.body.code, 'entity.not_found');
      await t.api('POST', `/organizations/${org.id}/users`, { userIds: [bob] });
      const rolesAfter = await t.api('GET', `/organizations/${org.id}/users/${bob}/roles`);
      assert.deepEqual(rolesAfter.body, []);
    });
  });

  describe('member roles and scopes', () => {
    let org: { id: string };
    before(async () => {
      org = await createOrg();
      await t.api('POST', `/organizations/${org.id}/users`, { userIds: [alice, bob] });
    });

    it('adds by ids and by names (201 {organizationRoleIds}), idempotently', async () => {
      const byIds = await t.api('POST', `/organizations/${org.id}/users/${alice}/roles`, {
        organizationRoleIds: [roles.admin],
      });
      assert.equal(byIds.status, 201);
      assert.deepEqual(byIds.body, { organizationRoleIds: [roles.admin] });
      const byNames = await t.api('POST', `/organizations/${org.id}/users/${bob}/roles`, {
        organizationRoleNames: ['member'],
      });
      assert.equal(byNames.status, 201);
      assert.deepEqual(byNames.body, { organizationRoleIds: [roles.member] });
      const again = await t.api('POST', `/organizations/${org.id}/users/${bob}/roles`, {
        organizationRoleNames: ['member'],
      });
      assert.equal(again.status, 201);
      const list = await t.api('GET', `/organizations/${org.id}/users/${bob}/roles`);
      assert.equal(list.body.length, 1);
    });

    it('unknown role names → 422 organization.role_names_not_found; unknown ids → 422 FK', async () => {
      const names = await t.api('POST', `/organizations/${org.id}/users/${alice}/roles`, {
        organizationRoleNames: ['nonexistent'],
      });
      assert.equal(names.status, 422);
      assert.equal(names.body.code, 'organization.role_names_not_found');
      const ids = await t.api('POST', `/organizations/${org.id}/users/${alice}/roles`, {
        organizationRoleIds: ['does-not-exist'],
      });
      assert.equal(ids.status, 422);
      assert.equal(ids.body.code, 'entity.relation_foreign_key_not_found');
    });

    it('a non-member’s roles → 422 organization.require_membership (scopes excepted)', async () => {
      for (const [method, path, body] of [
        [
          'POST',
          `/organizations/${org.id}/users/${carol}/roles`,
          { organizationRoleIds: [roles.member] },
        ],
        ['PUT', `/organizations/${org.id}/users/${carol}/roles`, { organizationRoleIds: [] }],
        ['GET', `/organizations/${org.id}/users/${carol}/roles`, undefined],
      ] as const) {
        const res = await t.api(method, path, body);
        assert.equal(res.status, 422, `${method} ${path}`);
        assert.equal(res.body.code, 'organization.require_membership');
      }
    });

    it('GET roles lists role objects without paging headers', async () => {
      const res = await t.api('GET', `/organizations/${org.id}/users/${alice}/roles`);
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.body[0]), ROLE_KEYS);
      assert.equal(res.body[0].name, 'admin');
      assert.equal(res.headers.get('total-number'), null);
    });

    it('GET scopes lists the permissions of the member’s roles (deduplicated, by id)', async () => {
      const admin = await t.api('GET', `/organizations/${org.id}/users/${alice}/scopes`);
      assert.equal(admin.status, 200);
      assert.deepEqual(Object.keys(admin.body[0]), SCOPE_KEYS);
      assert.deepEqual(admin.body.map((s: { name: string }) => s.name).sort(), [
        'invite:member',
        'manage:organization',
        'read:member',
        'remove:member',
        'update:member:role',
      ]);
      const ids = admin.body.map((s: { id: string }) => s.id);
      assert.deepEqual(ids, [...ids].sort());
      const member = await t.api('GET', `/organizations/${org.id}/users/${bob}/scopes`);
      assert.deepEqual(
        member.body.map((s: { name: string }) => s.name),
        ['read:member'],
      );
    });

    it('PUT replaces roles (204) by ids or by names', async () => {
      const put = await t.api('PUT', `/organizations/${org.id}/users/${bob}/roles`, {
        organizationRoleIds: [roles.admin],
      });
      assert.equal(put.status, 204);
      let list = await t.api('GET', `/organizations/${org.id}/users/${bob}/roles`);
      assert.deepEqual(
        list.body.map((r: { name: string }) => r.name),
        ['admin'],
      );
      await t.api('PUT', `/organizations/${org.id}/users/${bob}/roles`, {
        organizationRoleNames: ['member'],
      });
      list = await t.api('GET', `/organizations/${org.id}/users/${bob}/roles`);
      assert.deepEqual(
        list.body.map((r: { name: string }) => r.name),
        ['member'],
      );
    });

    it('bulk POST /users/roles answers 201 text/plain "Created", twice', async () => {
      for (let i = 0; i < 2; i += 1) {
        const res = await t.api('POST', `/organizations/${org.id}/users/roles`, {
          userIds: [alice, bob],
          organizationRoleIds: [roles.member],
        });
        assert.equal(res.status, 201);
        assert.match(res.headers.get('content-type')!, /^text\/plain/);
        assert.equal(res.text, 'Created');
      }
      const list = await t.api('GET', `/organizations/${org.id}/users`);
      const aliceRow = list.body.find((u: { id: string }) => u.id === alice);
      assert.deepEqual(aliceRow.organizationRoles.map((r: { name: string }) => r.name).sort(), [
        'admin',
        'member',
      ]);
    });

    it('DELETE one role (204); a role the member lacks is 404', async () => {
      const res = await t.api(
        'DELETE',
        `/organizations/${org.id}/users/${alice}/roles/${roles.member}`,
      );
      assert.equal(res.status, 204);
      const again = await t.api(
        'DELETE',
        `/organizations/${org.id}/users/${alice}/roles/${roles.member}`,
      );
      assert.equal(again.status, 404);
    });
  });

  describe("a user's organizations", () => {
    it('lists organizations with the user’s organizationRoles; none → []; unknown user → 404', async () => {
      const org = await createOrg();
      await t.api('POST', `/organizations/${org.id}/users`, { userIds: [dave] });
      await t.api('POST', `/organizations/${org.id}/users/${dave}/roles`, {
        organizationRoleNames: ['admin'],
      });
      const res = await t.api('GET', `/users/${dave}/organizations`);
      assert.equal(res.status, 200);
      assert.equal(res.body.length, 1);
      assert.deepEqual(Object.keys(res.body[0]), [...ORGANIZATION_KEYS, 'organizationRoles']);
      assert.deepEqual(res.body[0].organizationRoles, [{ id: roles.admin, name: 'admin' }]);
      await t.api('DELETE', `/organizations/${org.id}/users/${dave}`);
      const none = await t.api('GET', `/users/${dave}/organizations`);
      assert.deepEqual(none.body, []);
      const missing = await t.api('GET', '/users/does-not-exist/organizations');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.code, 'entity.not_found');
    });
  });
});
