/**
 * Authorization: every organization endpoint × every kind of caller, against the expectations of
 * DESIGN.md; tenant-level endpoints per caller; and escalation attempts. Every refusal leaves the
 * emulator's state exactly as it was.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENDPOINTS, type Ids } from './endpoints.js';
import { startFixture, assertStableError, type Fixture } from './fixture.js';

/** Callers, in the order they are tried (refusals first, the admin last). */
const CALLERS = ['nonMember', 'noRole', 'member', 'removed', 'demoted', 'admin'] as const;
type Caller = (typeof CALLERS)[number];

const NOT_MEMBER = '403 organization.not_member';
const FORBIDDEN = '403 auth.forbidden';
const BAD_TOKEN = '401 auth.invalid_token';

/**
 * Expected answer per organization endpoint and caller. `removed` is an admin removed from the
 * organization and `demoted` an admin demoted to member, both still holding their old admin token
 * (valid for up to an hour): mutations re-check live and refuse them; reads trust the token's
 * scopes (DESIGN.md "Reads trust the token's scopes"). `nonMember` holds a real token of another
 * organization (Logto refuses to issue one for this organization).
 */
const EXPECTED: Record<string, Record<Caller, string>> = {
  'GET /organizations/:orgId': {
    nonMember: BAD_TOKEN,
    noRole: '200',
    member: '200',
    removed: NOT_MEMBER,
    demoted: '200',
    admin: '200',
  },
  'PATCH /organizations/:orgId': {
    nonMember: BAD_TOKEN,
    noRole: FORBIDDEN,
    member: FORBIDDEN,
    removed: NOT_MEMBER,
    demoted: FORBIDDEN,
    admin: '200',
  },
  'DELETE /organizations/:orgId': {
    nonMember: BAD_TOKEN,
    noRole: FORBIDDEN,
    member: FORBIDDEN,
    removed: NOT_MEMBER,
    demoted: FORBIDDEN,
    admin: '204',
  },
  'GET /organizations/:orgId/members': {
    nonMember: BAD_TOKEN,
    noRole: FORBIDDEN,
    member: '200',
    removed: '200',
    demoted: '200',
    admin: '200',
  },
  'PUT /organizations/:orgId/members/:userId/roles': {
    nonMember: BAD_TOKEN,
    noRole: FORBIDDEN,
    member: FORBIDDEN,
    removed: NOT_MEMBER,
    demoted: FORBIDDEN,
    admin: '200',
  },
  'DELETE /organizations/:orgId/members/:userId': {
    nonMember: BAD_TOKEN,
    noRole: FORBIDDEN,
    member: FORBIDDEN,
    removed: NOT_MEMBER,
    demoted: FORBIDDEN,
    admin: '204',
  },
  'GET /organizations/:orgId/domains': {
    nonMember: BAD_TOKEN,
    noRole: FORBIDDEN,
    member: FORBIDDEN,
    removed: NOT_MEMBER,
    demoted: FORBIDDEN,
    admin: '200',
  },
  'PUT /organizations/:orgId/domains': {
    nonMember: BAD_TOKEN,
    noRole: FORBIDDEN,
    member: FORBIDDEN,
    removed: NOT_MEMBER,
    demoted: FORBIDDEN,
    admin: '200',
  },
  'GET /organizations/:orgId/roles': {
    nonMember: BAD_TOKEN,
    noRole: FORBIDDEN,
    member: '200',
    removed: '200',
    demoted: '200',
    admin: '200',
  },
  'GET /organizations/:orgId/invitations': {
    nonMember: BAD_TOKEN,
    noRole: FORBIDDEN,
    member: FORBIDDEN,
    removed: '200',
    demoted: '200',
    admin: '200',
  },
  'POST /organizations/:orgId/invitations': {
    nonMember: BAD_TOKEN,
    noRole: FORBIDDEN,
    member: FORBIDDEN,
    removed: NOT_MEMBER,
    demoted: FORBIDDEN,
    admin: '200',
  },
  'POST /organizations/:orgId/invitations/:id/resend': {
    nonMember: BAD_TOKEN,
    noRole: FORBIDDEN,
    member: FORBIDDEN,
    removed: NOT_MEMBER,
    demoted: FORBIDDEN,
    admin: '200',
  },
  'DELETE /organizations/:orgId/invitations/:id': {
    nonMember: BAD_TOKEN,
    noRole: FORBIDDEN,
    member: FORBIDDEN,
    removed: NOT_MEMBER,
    demoted: FORBIDDEN,
    admin: '204',
  },
};

const USERNAMES: Record<Caller, string> = {
  nonMember: 'dave',
  noRole: 'carol',
  member: 'bob',
  removed: 'rex',
  demoted: 'dee',
  admin: 'alice',
};

const outcome = (reply: { status: number; body: { code?: string } }) =>
  reply.status < 300 ? String(reply.status) : `${reply.status} ${reply.body?.code}`;

describe('authorization', () => {
  let f: Fixture;
  let daveOrg: string;
  let daveToken: string;
  let counter = 0;

  before(async () => {
    f = await startFixture();
    for (const name of ['rex', 'dee', 'tim', 'ivy', 'max']) f.newUser(name);
    daveOrg = f.org("Dave's", { dave: ['admin'] });
    daveToken = await f.orgToken('dave', daveOrg);
  });
  after(() => f.close());

  /** A fresh organization with one caller of each kind; removed and demoted after their tokens. */
  async function scene() {
    counter += 1;
    const orgId = f.org(`Scene ${counter}`, {
      alice: ['admin'],
      bob: ['member'],
      carol: [],
      rex: ['admin'],
      dee: ['admin'],
      tim: ['member'],
    });
    const tokens = {} as Record<Caller, string>;
    for (const caller of CALLERS) {
      tokens[caller] =
        caller === 'nonMember' ? daveToken : await f.orgToken(USERNAMES[caller], orgId);
    }
    f.emu.store.removeMember(orgId, f.userId('rex'));
    f.emu.store.replaceMemberRoles(orgId, f.userId('dee'), [f.roleId('member')]);
    const invitation = f.emu.store.createInvitation({
      inviterId: f.userId('alice'),
      invitee: `invitee${counter}@example.com`,
      organizationId: orgId,
      expiresAt: Date.now() + 86_400_000,
      organizationRoleIds: [f.roleId('member')],
    });
    const ids: Ids & { roleId: string } = {
      orgId,
      userId: f.userId('tim'),
      invitationId: invitation.id,
      roleId: f.roleId('admin'),
    };
    return { orgId, tokens, ids };
  }

  it('Logto issues no organization token to a non-member', async () => {
    const { orgId } = await scene();
    const res = await fetch(`${f.emu.url}/emulator/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: f.userId('dave'), organizationId: orgId }),
    });
    assert.equal(res.status, 403);
  });

  // The event stream's callers are covered by server/test/live-stream.test.ts (a granted call stays open).
  const orgEndpoints = ENDPOINTS.filter((e) => e.token === 'org' && !e.stream);
  it(`organization endpoints × callers: ${orgEndpoints.length} × ${CALLERS.length} as in the table`, async () => {
    let tried = 0;
    let asExpected = 0;
    const failures: string[] = [];
    for (const endpoint of orgEndpoints) {
      const expected = EXPECTED[endpoint.name];
      assert.ok(expected, `an expectation row for ${endpoint.name}`);
      const { tokens, ids } = await scene();
      const before = f.state();
      for (const caller of CALLERS) {
        if (caller === 'admin') {
          assert.equal(f.state(), before, `${endpoint.name}: refusals changed nothing`);
        }
        const reply = await f.call(endpoint.method, endpoint.path(ids), {
          token: tokens[caller],
          ...(endpoint.body ? { body: endpoint.body(ids) } : {}),
        });
        assertStableError(reply, `${endpoint.name} as ${caller}`);
        tried += 1;
        const got = outcome(reply);
        if (got === expected[caller]) asExpected += 1;
        else failures.push(`${endpoint.name} as ${caller}: got ${got}, want ${expected[caller]}`);
      }
    }
    console.log(`authorization matrix: ${tried} tried, ${asExpected} as expected`);
    assert.deepEqual(failures, []);
  });

  it('tenant-level endpoints: only the invitee sees and accepts an invitation', async () => {
    const { orgId } = await scene();
    const ivyId = f.userId('ivy');
    const invitation = f.emu.store.createInvitation({
      inviterId: f.userId('alice'),
      invitee: 'IVY@example.com',
      organizationId: orgId,
      expiresAt: Date.now() + 86_400_000,
      organizationRoleIds: [f.roleId('member')],
    });
    const before = f.state();
    for (const name of ['alice', 'bob', 'carol', 'dave', 'rex', 'dee']) {
      const token = await f.resourceToken(name);
      const view = await f.call('GET', `/invitations/${invitation.id}`, { token });
      assert.equal(outcome(view), '403 invitation.wrong_user', `${name} views`);
      const accept = await f.call('POST', `/invitations/${invitation.id}/accept`, { token });
      assert.equal(outcome(accept), '403 invitation.wrong_user', `${name} accepts`);
      const decline = await f.call('POST', `/invitations/${invitation.id}/decline`, { token });
      assert.equal(outcome(decline), '403 invitation.wrong_user', `${name} declines`);
      const listed = await f.call('GET', '/me/invitations', { token });
      assert.equal(outcome(listed), '200');
      assert.ok(
        !listed.body.invitations.some((i: { id: string }) => i.id === invitation.id),
        `${name} does not see Ivy's invitation`,
      );
      // Only the caller's own email comes back (the link may have been forwarded).
      const own = f.emu.store.getUser(f.userId(name)).primaryEmail;
      for (const reply of [view, accept]) {
        assert.deepEqual(reply.body.data, { email: own }, `${name}: their own email`);
        assert.doesNotMatch(reply.text, /ivy/i, `${name}: never the invitee's address`);
      }
    }
    assert.equal(f.state(), before, 'refused acceptances changed nothing');
    const ivy = await f.resourceToken('ivy');
    assert.equal(
      outcome(await f.call('GET', `/invitations/${invitation.id}`, { token: ivy })),
      '200',
    );
    const mine = await f.call('GET', '/me/invitations', { token: ivy });
    assert.deepEqual(
      mine.body.invitations.map((i: { id: string }) => i.id),
      [invitation.id],
      'Ivy sees her invitation (stored with capitals)',
    );
    const accepted = await f.call('POST', `/invitations/${invitation.id}/accept`, { token: ivy });
    assert.equal(outcome(accepted), '200');
    assert.ok(f.emu.store.isMember(orgId, ivyId));
    // Ivy's retry (the first answer lost) is answered the same way and changes nothing.
    const afterAccept = f.state();
    const again = await f.call('POST', `/invitations/${invitation.id}/accept`, { token: ivy });
    assert.equal(outcome(again), '200');
    assert.deepEqual(again.body, accepted.body);
    assert.equal(f.state(), afterAccept, 'a repeated acceptance changes nothing');
    // Everyone else is still refused, the accepted invitation included.
    for (const name of ['alice', 'bob']) {
      const token = await f.resourceToken(name);
      const late = await f.call('POST', `/invitations/${invitation.id}/accept`, { token });
      assert.equal(outcome(late), '403 invitation.wrong_user', `${name} accepts late`);
    }
    // Once Ivy has left, the used invitation does not let her back in.
    f.emu.store.removeMember(orgId, ivyId);
    const afterLeaving = f.state();
    const back = await f.call('POST', `/invitations/${invitation.id}/accept`, { token: ivy });
    assert.equal(outcome(back), '409 invitation.not_pending');
    assert.equal(back.body.data.status, 'Accepted');
    assert.equal(f.state(), afterLeaving);
  });

  it("my organizations: a removed member's list no longer shows the organization", async () => {
    const { orgId } = await scene();
    for (const [name, present] of [
      ['alice', true],
      ['carol', true],
      ['dee', true],
      ['rex', false],
      ['dave', false],
    ] as const) {
      const reply = await f.call('GET', '/me/organizations', {
        token: await f.resourceToken(name),
      });
      assert.equal(reply.status, 200);
      const ids = (reply.body.items as Array<{ id: string }>).map((o) => o.id);
      assert.equal(ids.includes(orgId), present, name);
    }
  });

  it('a deleted user with still-valid tokens: refused, and no organization left behind', async () => {
    const ghostId = f.newUser('ghost');
    const orgId = f.org('Haunted', { alice: ['admin'], ghost: ['admin'] });
    const resource = await f.resourceToken('ghost');
    const org = await f.orgToken('ghost', orgId);
    f.emu.store.deleteUser(ghostId);
    const before = f.state();
    const calls = f.upstream.length;
    const created = await f.call('POST', '/organizations', {
      token: resource,
      body: { name: 'Ghost Co' },
    });
    assertStableError(created);
    assert.equal(outcome(created), '401 auth.invalid_token');
    assert.ok(
      !f.upstream.slice(calls).some((c) => c.method === 'POST'),
      'nothing is created, not even for a moment',
    );
    for (const [method, path, body] of [
      ['PATCH', `/organizations/${orgId}`, { name: 'Boo' }],
      ['DELETE', `/organizations/${orgId}`, undefined],
      [
        'POST',
        `/organizations/${orgId}/invitations`,
        { emails: ['x@example.com'], roleIds: [f.roleId('member')] },
      ],
      ['DELETE', `/organizations/${orgId}/members/${f.userId('alice')}`, undefined],
    ] as const) {
      const reply = await f.call(method, path, { token: org, ...(body ? { body } : {}) });
      assert.equal(outcome(reply), NOT_MEMBER, `${method} ${path}`);
    }
    const mine = await f.call('GET', '/me/organizations', { token: resource });
    assert.deepEqual(mine.body.items, []);
    const invitation = f.emu.store.createInvitation({
      inviterId: f.userId('alice'),
      invitee: 'ghost@example.com',
      organizationId: orgId,
      expiresAt: Date.now() + 86_400_000,
      organizationRoleIds: [],
    });
    const stateWithInvitation = f.state();
    const accept = await f.call('POST', `/invitations/${invitation.id}/accept`, {
      token: resource,
    });
    assert.equal(outcome(accept), '403 invitation.wrong_user');
    assert.deepEqual(accept.body.data, { email: null }, 'no account, no email');
    assert.equal(f.state(), stateWithInvitation, 'the invitation stays pending');
    f.emu.store.deleteInvitation(invitation.id);
    assert.equal(f.state(), before, 'nothing created, nothing changed');
  });

  describe('escalation attempts', () => {
    let orgId: string;
    let inviterRole: string;
    let managerRole: string;
    let tokens: Record<string, string>;

    before(async () => {
      const store = f.emu.store;
      const scope = (name: string) => {
        const found = store.listOrganizationScopes().find((s) => s.name === name);
        if (!found) throw new Error(`no scope ${name}`);
        return found.id;
      };
      inviterRole = store.createOrganizationRole({
        name: 'inviter',
        organizationScopeIds: [scope('read:member'), scope('invite:member')],
      }).id;
      managerRole = store.createOrganizationRole({
        name: 'role-manager',
        organizationScopeIds: [scope('read:member'), scope('update:member:role')],
      }).id;
      store.createOrganizationRole({
        name: 'robot',
        type: 'MachineToMachine',
        organizationScopeIds: [scope('read:member')],
      });
      orgId = f.org('Escalation', {
        alice: ['admin'],
        ivy: ['inviter'],
        max: ['role-manager'],
        bob: ['member'],
        tim: ['member'],
      });
      tokens = {};
      for (const name of ['alice', 'ivy', 'max', 'bob'])
        tokens[name] = await f.orgToken(name, orgId);
    });

    /** Runs a refused attempt and checks the code and that nothing changed. */
    async function refused(
      token: string,
      method: string,
      path: string,
      body: unknown,
      want: string,
    ): Promise<void> {
      const before = f.state();
      const reply = await f.call(method, path, { token, ...(body ? { body } : {}) });
      assertStableError(reply, path);
      assert.equal(outcome(reply), want, `${method} ${path}`);
      assert.equal(f.state(), before, `${method} ${path} changed nothing`);
    }

    it('invite with a role above your own: refused', async () => {
      const admin = f.roleId('admin');
      await refused(
        tokens.ivy!,
        'POST',
        `/organizations/${orgId}/invitations`,
        { emails: ['new1@example.com'], roleIds: [admin] },
        '403 role.escalation',
      );
      await refused(
        tokens.ivy!,
        'POST',
        `/organizations/${orgId}/invitations`,
        { emails: ['new1@example.com'], roleIds: [f.roleId('member'), managerRole] },
        '403 role.escalation',
      );
      // control: a role within her own permissions is fine
      const ok = await f.call('POST', `/organizations/${orgId}/invitations`, {
        token: tokens.ivy!,
        body: { emails: ['new1@example.com'], roleIds: [f.roleId('member'), inviterRole] },
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.results[0].status === 'failed', false);
    });

    it('assign a role above your own (to someone else or yourself): refused', async () => {
      const admin = f.roleId('admin');
      const path = (name: string) => `/organizations/${orgId}/members/${f.userId(name)}/roles`;
      await refused(tokens.max!, 'PUT', path('tim'), { roleIds: [admin] }, '403 role.escalation');
      await refused(
        tokens.max!,
        'PUT',
        path('max'),
        { roleIds: [managerRole, admin] },
        '403 role.escalation',
      );
      await refused(
        tokens.max!,
        'PUT',
        path('tim'),
        { roleIds: [inviterRole] },
        '403 role.escalation',
      );
      await refused(tokens.bob!, 'PUT', path('bob'), { roleIds: [admin] }, FORBIDDEN);
      await refused(tokens.ivy!, 'PUT', path('ivy'), { roleIds: [managerRole] }, FORBIDDEN);
      // control: granting a role within his own permissions works
      const ok = await f.call('PUT', path('tim'), {
        token: tokens.max!,
        body: { roleIds: [f.roleId('member'), managerRole] },
      });
      assert.equal(ok.status, 200);
      f.emu.store.replaceMemberRoles(orgId, f.userId('tim'), [f.roleId('member')]);
    });

    it('a role for machine-to-machine apps cannot be granted to a user', async () => {
      const robot = f.emu.store.listOrganizationRoles().find((r) => r.name === 'robot')!.id;
      await refused(
        tokens.alice!,
        'PUT',
        `/organizations/${orgId}/members/${f.userId('tim')}/roles`,
        { roleIds: [robot] },
        '400 role.not_found',
      );
      await refused(
        tokens.alice!,
        'POST',
        `/organizations/${orgId}/invitations`,
        { emails: ['robot@example.com'], roleIds: [robot] },
        '400 role.not_found',
      );
    });

    it('demote or remove the last admin (also by leaving): refused', async () => {
      const alice = f.userId('alice');
      await refused(
        tokens.alice!,
        'PUT',
        `/organizations/${orgId}/members/${alice}/roles`,
        { roleIds: [f.roleId('member')] },
        '409 member.last_admin',
      );
      await refused(
        tokens.alice!,
        'DELETE',
        `/organizations/${orgId}/members/${alice}`,
        undefined,
        '409 member.last_admin',
      );
      await refused(
        tokens.max!,
        'PUT',
        `/organizations/${orgId}/members/${alice}/roles`,
        { roleIds: [f.roleId('member')] },
        '409 member.last_admin',
      );
      // control: with a second admin, the first may step down
      const other = f.org('Two admins', { alice: ['admin'], bob: ['admin'] });
      const token = await f.orgToken('alice', other);
      const ok = await f.call('PUT', `/organizations/${other}/members/${alice}/roles`, {
        token,
        body: { roleIds: [f.roleId('member')] },
      });
      assert.equal(ok.status, 200);
      const last = await f.call('DELETE', `/organizations/${other}/members/${f.userId('bob')}`, {
        token: await f.orgToken('bob', other),
      });
      assert.equal(outcome(last), '409 member.last_admin', 'now bob is the last one');
    });

    it('resend an expired invitation carrying a role above your own: refused, nothing revoked', async () => {
      const invitation = f.emu.store.createInvitation({
        inviterId: f.userId('alice'),
        invitee: 'expired-admin@example.com',
        organizationId: orgId,
        expiresAt: Date.now() + 60_000,
        organizationRoleIds: [f.roleId('admin')],
      });
      f.emu.store.getInvitation(invitation.id).expiresAt = Date.now() - 1000;
      await refused(
        tokens.ivy!,
        'POST',
        `/organizations/${orgId}/invitations/${invitation.id}/resend`,
        undefined,
        '403 role.escalation',
      );
    });

    it("another organization's invitation or member through this organization's route: not found", async () => {
      const other = f.org('Elsewhere', { dave: ['admin'], carol: ['member'] });
      const foreign = f.emu.store.createInvitation({
        inviterId: f.userId('dave'),
        invitee: 'foreign@example.com',
        organizationId: other,
        expiresAt: Date.now() + 86_400_000,
        organizationRoleIds: [],
      });
      const base = `/organizations/${orgId}`;
      await refused(
        tokens.alice!,
        'DELETE',
        `${base}/invitations/${foreign.id}`,
        undefined,
        '404 invitation.not_found',
      );
      await refused(
        tokens.alice!,
        'POST',
        `${base}/invitations/${foreign.id}/resend`,
        undefined,
        '404 invitation.not_found',
      );
      await refused(
        tokens.alice!,
        'DELETE',
        `${base}/members/${f.userId('carol')}`,
        undefined,
        '404 member.not_found',
      );
      await refused(
        tokens.alice!,
        'PUT',
        `${base}/members/${f.userId('carol')}/roles`,
        { roleIds: [f.roleId('member')] },
        '404 member.not_found',
      );
    });

    it('just-in-time default roles: no escalation through a domain, nothing changed', async () => {
      const store = f.emu.store;
      const scope = (name: string) =>
        store.listOrganizationScopes().find((s) => s.name === name)!.id;
      const editorRole = store.createOrganizationRole({
        name: 'org-editor',
        organizationScopeIds: [scope('read:member'), scope('manage:organization')],
      }).id;
      const erin = store.createUser({ username: 'erin-jit', primaryEmail: 'erin@acme-corp.test' });
      const jitOrg = f.org('JIT escalation', { alice: ['admin'] });
      store.addMembers(jitOrg, [erin.id]);
      store.addMemberRoles(jitOrg, erin.id, [editorRole]);
      const token = await f.orgToken('erin-jit', jitOrg);
      const path = `/organizations/${jitOrg}/domains`;
      // Admin as the default role of a new domain: its users would get more than Erin holds.
      await refused(
        token,
        'PUT',
        path,
        { domains: ['acme-corp.test'], roleIds: [f.roleId('admin')] },
        '403 role.escalation',
      );
      // A role granting update:member:role added to an existing domain's defaults: refused too.
      store.replaceJitEmailDomains(jitOrg, ['acme-corp.test']);
      store.addJitRoles(jitOrg, [f.roleId('member')], true);
      await refused(
        token,
        'PUT',
        path,
        { domains: ['acme-corp.test'], roleIds: [f.roleId('member'), managerRole] },
        '403 role.escalation',
      );
      // Someone else's domain, a public one, and a machine-to-machine role.
      await refused(
        token,
        'PUT',
        path,
        { domains: ['acme-corp.test', 'evil.test'], roleIds: [f.roleId('member')] },
        '403 domain.not_own',
      );
      await refused(
        token,
        'PUT',
        path,
        { domains: ['gmail.com'], roleIds: [f.roleId('member')] },
        '400 domain.public',
      );
      const robot = store.listOrganizationRoles().find((r) => r.name === 'robot')!.id;
      await refused(
        token,
        'PUT',
        path,
        { domains: ['acme-corp.test'], roleIds: [robot] },
        '400 role.not_found',
      );
      // Control: within Erin's own permissions it is accepted.
      const ok = await f.call('PUT', path, {
        token,
        body: { domains: ['acme-corp.test'], roleIds: [f.roleId('member')] },
      });
      assert.equal(ok.status, 200);
    });

    it('a demoted admin cannot promote himself back with his old token', async () => {
      const other = f.org('Demotion', { alice: ['admin'], dee: ['admin'] });
      const old = await f.orgToken('dee', other);
      f.emu.store.replaceMemberRoles(other, f.userId('dee'), [f.roleId('member')]);
      await refused(
        old,
        'PUT',
        `/organizations/${other}/members/${f.userId('dee')}/roles`,
        { roleIds: [f.roleId('admin')] },
        FORBIDDEN,
      );
      await refused(
        old,
        'DELETE',
        `/organizations/${other}/members/${f.userId('alice')}`,
        undefined,
        FORBIDDEN,
      );
    });
  });
});

describe('authorization: creating organizations with ORG_CREATE_SCOPE', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture({ ORG_CREATE_SCOPE: 'create:organization' });
  });
  after(() => f.close());

  it('only a resource token carrying the API scope may create an organization', async () => {
    const before = f.state();
    const without = await f.call('POST', '/organizations', {
      token: await f.resourceToken('bob', ''),
      body: { name: 'Scopeless' },
    });
    assert.equal(outcome(without), FORBIDDEN);
    assert.equal(without.body.data.permission, 'create:organization');
    assert.equal(f.state(), before, 'nothing created');
    const withScope = await f.call('POST', '/organizations', {
      token: await f.resourceToken('bob', 'create:organization'),
      body: { name: 'Scoped' },
    });
    assert.equal(outcome(withScope), '201');
    assert.deepEqual(
      withScope.body.organization.roles.map((r: { name: string }) => r.name),
      ['admin'],
      'the creator is admin',
    );
  });
});
