/** The store on its own: the `Directory` answers the OIDC side relies on, cascades, snapshots. */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';

import {
  DEMO_USERS,
  EMULATOR_DEFAULTS,
  Store,
  createOrganizationFixture,
  createUserFixture,
  seedDemo,
} from '../src/index.js';

describe('Store as Directory', () => {
  let store: Store;
  let acme: string;
  let beta: string;
  const [alice, bob, carol] = DEMO_USERS as [
    (typeof DEMO_USERS)[number],
    (typeof DEMO_USERS)[number],
    (typeof DEMO_USERS)[number],
  ];
  beforeEach(() => {
    store = new Store();
    seedDemo(store);
    acme = createOrganizationFixture(store, {
      name: 'Acme',
      members: { alice: ['admin'], bob: [] },
    }).id;
    beta = createOrganizationFixture(store, { name: 'Beta', members: { alice: ['member'] } }).id;
  });

  it('reports memberships, role claims and organization scopes', () => {
    assert.deepEqual(store.organizationIdsOf(alice.id), [acme, beta].sort());
    assert.deepEqual(
      store.organizationRoleClaimsOf(alice.id).sort(),
      [`${acme}:admin`, `${beta}:member`].sort(),
    );
    assert.equal(store.isMember(acme, bob.id), true);
    assert.equal(store.isMember(acme, carol.id), false);
    assert.deepEqual(store.organizationScopesOf(acme, bob.id), []);
    assert.deepEqual(store.organizationScopesOf(beta, alice.id), ['read:member']);
    assert.equal(store.organizationScopesOf(acme, alice.id).length, 5);
    assert.deepEqual(store.organizationScopesOf(acme, carol.id), []);
    assert.deepEqual(store.organizationData(acme), { id: acme, name: 'Acme', description: null });
  });

  it('reports user claims without secrets, and checks passwords by username or email', () => {
    const claims = store.getUserClaims(alice.id)!;
    assert.deepEqual(Object.keys(claims).sort(), [
      'avatar',
      'createdAt',
      'id',
      'name',
      'primaryEmail',
      'updatedAt',
      'username',
    ]);
    assert.equal(store.verifyPassword('alice', alice.password), alice.id);
    assert.equal(store.verifyPassword('alice@example.com', alice.password), alice.id);
    assert.equal(store.verifyPassword('alice', 'nope'), undefined);
    assert.equal(store.verifyPassword('nobody', 'x'), undefined);
    assert.equal(store.getUserClaims('missing'), undefined);
  });

  it('reports resources, API scopes of users and M2M apps, and applications', () => {
    assert.equal(store.hasResource(EMULATOR_DEFAULTS.companionResource), true);
    assert.equal(store.hasResource('http://nope'), false);
    assert.deepEqual(store.resourceScopesOf(alice.id, EMULATOR_DEFAULTS.companionResource), [
      'create:organization',
    ]);
    const fresh = createUserFixture(store, { username: 'zed' });
    assert.deepEqual(store.resourceScopesOf(fresh.id, EMULATOR_DEFAULTS.companionResource), []);
    assert.deepEqual(
      store.applicationResourceScopesOf(
        EMULATOR_DEFAULTS.m2mAppId,
        EMULATOR_DEFAULTS.managementApiResource,
      ),
      ['all'],
    );
    const apps = store.applications();
    const m2m = apps.find((app) => app.id === EMULATOR_DEFAULTS.m2mAppId)!;
    assert.equal(m2m.type, 'MachineToMachine');
    assert.equal(m2m.secret, EMULATOR_DEFAULTS.m2mAppSecret);
    const spa = apps.find((app) => app.id === EMULATOR_DEFAULTS.spaAppId)!;
    assert.equal(spa.secret, undefined);
    assert.ok(spa.redirectUris.includes('http://localhost:5173/callback'));
  });

  it('cascades: deleting a user leaves no membership; deleting a role strips it from members', () => {
    store.deleteUser(bob.id);
    assert.equal(store.isMember(acme, bob.id), false);
    assert.equal(store.listMembers(acme).length, 1);
    const admin = store.listOrganizationRoles().find((role) => role.name === 'admin')!;
    store.deleteOrganizationRole(admin.id);
    assert.deepEqual(store.organizationRoleClaimsOf(alice.id), [`${beta}:member`]);
  });

  it('round-trips through a snapshot', () => {
    const copy = Store.fromSnapshot(JSON.parse(JSON.stringify(store.toSnapshot())));
    assert.deepEqual(copy.toSnapshot(), store.toSnapshot());
    assert.equal(copy.verifyPassword('bob', bob.password), bob.id);
    assert.deepEqual(copy.organizationScopesOf(beta, alice.id), ['read:member']);
    assert.deepEqual(
      copy.listMembers(acme).map((user) => user.id),
      store.listMembers(acme).map((user) => user.id),
    );
  });

  it('finds invitations by organization and invitee (any case) through creation, deletion and snapshots', () => {
    const expiresAt = Date.now() + 86_400_000;
    const invite = (organizationId: string, invitee: string) =>
      store.createInvitation({ inviterId: alice.id, invitee, organizationId, expiresAt }).id;
    const a1 = invite(acme, 'Dana@Example.com');
    const a2 = invite(acme, 'erin@example.com');
    const b1 = invite(beta, 'dana@example.com');
    const ids = (list: Array<{ id: string }>) => list.map((i) => i.id).sort();
    assert.deepEqual(ids(store.listInvitations({ organizationId: acme })), [a1, a2].sort());
    assert.deepEqual(ids(store.listInvitations({ invitee: 'DANA@example.com' })), [a1, b1].sort());
    assert.deepEqual(
      ids(store.listInvitations({ organizationId: beta, invitee: 'dana@example.com' })),
      [b1],
    );
    // A pending one blocks the same invitee (as written) in the same organization only.
    assert.throws(() => invite(acme, 'Dana@Example.com'), {
      code: 'entity.unique_integrity_violation',
    });
    store.deleteInvitation(a1);
    assert.deepEqual(ids(store.listInvitations({ invitee: 'dana@example.com' })), [b1]);
    const again = invite(acme, 'Dana@Example.com');
    const copy = Store.fromSnapshot(JSON.parse(JSON.stringify(store.toSnapshot())));
    assert.deepEqual(ids(copy.listInvitations({ organizationId: acme })), [a2, again].sort());
    store.deleteOrganization(beta);
    assert.deepEqual(ids(store.listInvitations({ invitee: 'dana@example.com' })), [again]);
    assert.deepEqual(store.listInvitations({ organizationId: beta }), []);
  });

  it('records sign-ins like Logto (lastSignInAt, applicationId)', () => {
    store.recordSignIn(bob.id, EMULATOR_DEFAULTS.spaAppId);
    const user = store.getUser(bob.id);
    assert.equal(typeof user.lastSignInAt, 'number');
    assert.equal(user.applicationId, EMULATOR_DEFAULTS.spaAppId);
    store.recordSignIn('missing', EMULATOR_DEFAULTS.spaAppId); // ignored
  });

  it('notifies listeners on change', () => {
    let changes = 0;
    const stop = store.onChange(() => (changes += 1));
    store.createOrganization({ name: 'Notified' });
    stop();
    store.createOrganization({ name: 'Silent' });
    assert.equal(changes, 1);
  });
});
