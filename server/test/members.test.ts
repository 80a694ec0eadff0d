import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFixture, type Fixture } from './emulator-fixture.js';

describe('members endpoints (against the emulator)', () => {
  let f: Fixture;
  let roleIds: { admin: string; member: string; manager: string };

  before(async () => {
    f = await startFixture();
    const roles = await f.admin.listOrganizationRoles();
    const scopes = await f.admin.listOrganizationScopes();
    const scopeId = (name: string) => scopes.find((s) => s.name === name)!.id;
    // A custom role that may manage roles and invite, but lacks remove/manage: for escalation.
    const manager = await f.admin.createOrganizationRole({
      name: 'manager',
      description: 'test role',
      organizationScopeIds: [
        scopeId('read:member'),
        scopeId('update:member:role'),
        scopeId('invite:member'),
      ],
    });
    roleIds = {
      admin: roles.find((r) => r.name === 'admin')!.id,
      member: roles.find((r) => r.name === 'member')!.id,
      manager: manager.id,
    };
  });
  after(() => f.close());

  it('lists members with roles, total and paging', async () => {
    const orgId = await f.newOrg('alice', [['bob', 'member'], ['carol', 'member'], ['dave']]);
    const token = await f.orgToken('bob', orgId);
    const all = await f.call('GET', `/organizations/${orgId}/members`, { token });
    assert.equal(all.status, 200);
    assert.equal(all.body.total, 4);
    assert.equal(all.body.page, 1);
    assert.equal(all.body.pageSize, 20);
    const alice = all.body.items.find((m: { id: string }) => m.id === f.userId('alice'));
    assert.equal(alice.email, 'alice@example.com');
    assert.equal(alice.username, 'alice');
    assert.deepEqual(
      alice.roles.map((r: { name: string }) => r.name),
      ['admin'],
    );

    const page = await f.call('GET', `/organizations/${orgId}/members?page=2&pageSize=3`, {
      token,
    });
    assert.equal(page.status, 200);
    assert.equal(page.body.total, 4);
    assert.equal(page.body.items.length, 1);

    const q = await f.call('GET', `/organizations/${orgId}/members?q=carol`, { token });
    assert.deepEqual(
      q.body.items.map((m: { username: string }) => m.username),
      ['carol'],
    );
    const byRole = await f.call('GET', `/organizations/${orgId}/members?roleId=${roleIds.admin}`, {
      token,
    });
    assert.deepEqual(
      byRole.body.items.map((m: { username: string }) => m.username),
      ['alice'],
    );
    assert.equal(byRole.body.total, 1);
  });

  it('validates the members query', async () => {
    const orgId = await f.newOrg('alice');
    const token = await f.orgToken('alice', orgId);
    for (const [query, field] of [
      ['pageSize=101', 'pageSize'],
      ['pageSize=0', 'pageSize'],
      ['page=0', 'page'],
      ['page=abc', 'page'],
      ['sort=name', 'sort'],
      [`q=${'x'.repeat(129)}`, 'q'],
      ['q=a%00b', 'q'],
    ]) {
      const res = await f.call('GET', `/organizations/${orgId}/members?${query}`, { token });
      assert.equal(res.status, 400, query);
      assert.equal(res.body.code, 'request.invalid');
      assert.equal(res.body.data.field, field, query);
    }
    assert.equal(
      (await f.call('GET', `/organizations/${orgId}/members?pageSize=100`, { token })).status,
      200,
    );
  });

  it('changes roles with update:member:role, refusing unknown roles and non-members', async () => {
    const orgId = await f.newOrg('alice', [['bob', 'member']]);
    const token = await f.orgToken('alice', orgId);
    const res = await f.call('PUT', `/organizations/${orgId}/members/${f.userId('bob')}/roles`, {
      token,
      body: { roleIds: [roleIds.admin] },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.member.id, f.userId('bob'));
    assert.deepEqual(
      res.body.member.roles.map((r: { name: string }) => r.name),
      ['admin'],
    );
    assert.deepEqual(
      (await f.admin.getMemberRoles(orgId, f.userId('bob'))).map((r) => r.name),
      ['admin'],
    );

    const unknown = await f.call(
      'PUT',
      `/organizations/${orgId}/members/${f.userId('bob')}/roles`,
      {
        token,
        body: { roleIds: ['nosuchrole'] },
      },
    );
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.code, 'role.not_found');

    const stranger = await f.call(
      'PUT',
      `/organizations/${orgId}/members/${f.userId('carol')}/roles`,
      { token, body: { roleIds: [roleIds.member] } },
    );
    assert.equal(stranger.status, 404);
    assert.equal(stranger.body.code, 'member.not_found');

    const invalid = await f.call(
      'PUT',
      `/organizations/${orgId}/members/${f.userId('bob')}/roles`,
      {
        token,
        body: { roleIds: 'admin' },
      },
    );
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.data.field, 'roleIds');
  });

  it('a member without update:member:role is refused', async () => {
    const orgId = await f.newOrg('alice', [
      ['bob', 'member'],
      ['carol', 'member'],
    ]);
    const res = await f.call('PUT', `/organizations/${orgId}/members/${f.userId('carol')}/roles`, {
      token: await f.orgToken('bob', orgId),
      body: { roleIds: [roleIds.member] },
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'auth.forbidden');
    assert.equal(res.body.data.permission, 'update:member:role');
  });

  it('no escalation: a manager cannot grant admin, but can grant member', async () => {
    const orgId = await f.newOrg('alice', [['bob', 'manager'], ['carol', 'member'], ['dave']]);
    const token = await f.orgToken('bob', orgId);
    const up = await f.call('PUT', `/organizations/${orgId}/members/${f.userId('carol')}/roles`, {
      token,
      body: { roleIds: [roleIds.admin] },
    });
    assert.equal(up.status, 403);
    assert.equal(up.body.code, 'role.escalation');
    assert.equal(up.body.data.roleId, roleIds.admin);
    const self = await f.call('PUT', `/organizations/${orgId}/members/${f.userId('bob')}/roles`, {
      token,
      body: { roleIds: [roleIds.manager, roleIds.admin] },
    });
    assert.equal(self.status, 403);
    assert.equal(self.body.code, 'role.escalation');
    const ok = await f.call('PUT', `/organizations/${orgId}/members/${f.userId('dave')}/roles`, {
      token,
      body: { roleIds: [roleIds.member] },
    });
    assert.equal(ok.status, 200);
  });

  it('never zero admins: demoting the last admin is refused, a second admin makes it fine', async () => {
    const orgId = await f.newOrg('alice', [['bob', 'member']]);
    const token = await f.orgToken('alice', orgId);
    const demote = await f.call(
      'PUT',
      `/organizations/${orgId}/members/${f.userId('alice')}/roles`,
      {
        token,
        body: { roleIds: [roleIds.member] },
      },
    );
    assert.equal(demote.status, 409);
    assert.equal(demote.body.code, 'member.last_admin');
    assert.deepEqual(
      (await f.admin.getMemberRoles(orgId, f.userId('alice'))).map((r) => r.name),
      ['admin'],
    );
    await f.admin.replaceMemberRoles(orgId, f.userId('bob'), [roleIds.admin]);
    const now = await f.call('PUT', `/organizations/${orgId}/members/${f.userId('alice')}/roles`, {
      token,
      body: { roleIds: [roleIds.member] },
    });
    assert.equal(now.status, 200);
  });

  it('removes a member with remove:member; members cannot remove others', async () => {
    const orgId = await f.newOrg('alice', [
      ['bob', 'member'],
      ['carol', 'member'],
    ]);
    const bob = await f.call('DELETE', `/organizations/${orgId}/members/${f.userId('carol')}`, {
      token: await f.orgToken('bob', orgId),
    });
    assert.equal(bob.status, 403);
    assert.equal(bob.body.data.permission, 'remove:member');
    const alice = await f.call('DELETE', `/organizations/${orgId}/members/${f.userId('carol')}`, {
      token: await f.orgToken('alice', orgId),
    });
    assert.equal(alice.status, 204);
    const members = await f.admin.listOrganizationUsers(orgId, {});
    assert.ok(!members.items.some((m) => m.id === f.userId('carol')));
    const again = await f.call('DELETE', `/organizations/${orgId}/members/${f.userId('carol')}`, {
      token: await f.orgToken('alice', orgId),
    });
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 'member.not_found');
  });

  it('leaving needs no permission; the last admin cannot leave or be removed', async () => {
    const orgId = await f.newOrg('alice', [['bob', 'member'], ['dave']]);
    const dave = await f.call('DELETE', `/organizations/${orgId}/members/${f.userId('dave')}`, {
      token: await f.orgToken('dave', orgId),
    });
    assert.equal(dave.status, 204, 'a member with no role can leave');
    const bob = await f.call('DELETE', `/organizations/${orgId}/members/${f.userId('bob')}`, {
      token: await f.orgToken('bob', orgId),
    });
    assert.equal(bob.status, 204);
    const aliceToken = await f.orgToken('alice', orgId);
    const alice = await f.call('DELETE', `/organizations/${orgId}/members/${f.userId('alice')}`, {
      token: aliceToken,
    });
    assert.equal(alice.status, 409);
    assert.equal(alice.body.code, 'member.last_admin');
  });

  it('removing another admin is fine while one admin remains', async () => {
    const orgId = await f.newOrg('alice', [['bob', 'admin']]);
    const res = await f.call('DELETE', `/organizations/${orgId}/members/${f.userId('bob')}`, {
      token: await f.orgToken('alice', orgId),
    });
    assert.equal(res.status, 204);
    // now alice is the only admin again: she cannot leave
    const stale = await f.call('DELETE', `/organizations/${orgId}/members/${f.userId('alice')}`, {
      token: await f.orgToken('alice', orgId),
    });
    assert.equal(stale.status, 409);
  });
});
