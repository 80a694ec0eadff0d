/**
 * Answers the emulator once got wrong, now matched to Logto 1.42 (see "Fidelity notes" in the
 * README): member ordering, role ordering inside a member row, and the answers for unknown
 * organizations, unknown accepting users and non-members' scopes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { DEMO_USERS } from '../src/index.js';
import { startTestEmulator, unique } from './support/emulator.js';
import type { TestEmulator } from './support/emulator.js';

const [alice, bob, carol] = DEMO_USERS.map((user) => user.id) as [string, string, string];

describe('fidelity with Logto 1.42', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator();
  });
  after(() => t.close());

  const createOrg = async () => {
    const res = await t.api('POST', '/organizations', { name: unique('Fidelity ') });
    assert.equal(res.status, 201);
    return res.body as { id: string };
  };
  const createUser = async () => {
    const res = await t.api('POST', '/users', { username: unique('fid_') });
    assert.equal(res.status, 200);
    return res.body as { id: string; createdAt: number };
  };

  it('lists members by user id ascending, whatever the creation or joining order', async () => {
    const org = await createOrg();
    const users = [await createUser(), await createUser(), await createUser(), await createUser()];
    const joined = [...users].reverse().map((user) => user.id);
    await t.api('POST', `/organizations/${org.id}/users`, { userIds: joined.slice(0, 2) });
    await t.api('POST', `/organizations/${org.id}/users`, { userIds: joined.slice(2) });
    const list = await t.api('GET', `/organizations/${org.id}/users`);
    const ids = list.body.map((user: { id: string }) => user.id);
    assert.deepEqual(ids, [...joined].sort());
    const paged = await t.api('GET', `/organizations/${org.id}/users?page=2&page_size=2`);
    assert.deepEqual(
      paged.body.map((user: { id: string }) => user.id),
      ids.slice(2),
    );
  });

  it('orders each member’s organizationRoles by role name (also in a user’s organizations)', async () => {
    const org = await createOrg();
    const names = [unique('zz-role-'), unique('mm-role-'), unique('aa-role-')];
    const roleIds: string[] = [];
    for (const name of names) {
      const res = await t.api('POST', '/organization-roles', { name });
      roleIds.push(res.body.id);
    }
    await t.api('POST', `/organizations/${org.id}/users`, { userIds: [carol] });
    await t.api('POST', `/organizations/${org.id}/users/${carol}/roles`, {
      organizationRoleIds: roleIds,
    });
    const sortedNames = [...names].sort();
    const list = await t.api('GET', `/organizations/${org.id}/users`);
    assert.deepEqual(
      list.body[0].organizationRoles.map((role: { name: string }) => role.name),
      sortedNames,
    );
    const orgs = await t.api('GET', `/users/${carol}/organizations`);
    const row = orgs.body.find((entry: { id: string }) => entry.id === org.id);
    assert.deepEqual(
      row.organizationRoles.map((role: { name: string }) => role.name),
      sortedNames,
    );
  });

  it('PATCH of an unknown organization → 404 entity.not_exists (a bad body still 400 first)', async () => {
    const res = await t.api('PATCH', '/organizations/unknownorg01', { name: 'x' });
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'entity.not_exists');
    const bad = await t.api('PATCH', '/organizations/unknownorg01', { name: 42 });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'guard.invalid_input');
  });

  it('members of an unknown organization → 200 [] with Total-Number 0', async () => {
    const res = await t.api('GET', '/organizations/unknownorg01/users');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, []);
    assert.equal(res.headers.get('total-number'), '0');
  });

  it('scopes of a non-member (or in an unknown organization) → 200 []', async () => {
    const org = await createOrg();
    await t.api('POST', `/organizations/${org.id}/users`, { userIds: [alice] });
    const nonMember = await t.api('GET', `/organizations/${org.id}/users/${bob}/scopes`);
    assert.equal(nonMember.status, 200);
    assert.deepEqual(nonMember.body, []);
    const unknownOrg = await t.api('GET', `/organizations/unknownorg01/users/${bob}/scopes`);
    assert.equal(unknownOrg.status, 200);
    assert.deepEqual(unknownOrg.body, []);
    // The roles route keeps its membership check.
    const roles = await t.api('GET', `/organizations/${org.id}/users/${bob}/roles`);
    assert.equal(roles.status, 422);
    assert.equal(roles.body.code, 'organization.require_membership');
  });

  it('accepting an invitation: no acceptedUserId → 422 request.invalid_input; unknown user → 404 entity.not_found', async () => {
    const org = await createOrg();
    const invitation = await t.api('POST', '/organization-invitations', {
      invitee: `${unique('fid')}@example.com`,
      organizationId: org.id,
      expiresAt: Date.now() + 3_600_000,
    });
    assert.equal(invitation.status, 201);
    const path = `/organization-invitations/${invitation.body.id}/status`;
    const missing = await t.api('PUT', path, { status: 'Accepted' });
    assert.equal(missing.status, 422);
    assert.equal(missing.body.code, 'request.invalid_input');
    const unknown = await t.api('PUT', path, {
      status: 'Accepted',
      acceptedUserId: 'nouser000001',
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'entity.not_found');
    const still = await t.api('GET', `/organization-invitations/${invitation.body.id}`);
    assert.equal(still.body.status, 'Pending');
  });
});
