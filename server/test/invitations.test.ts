import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { mintUserToken, startFixture, type Fixture, type Json } from './emulator-fixture.js';

describe('invitations endpoints (against the emulator)', () => {
  let f: Fixture;
  let roleIds: { admin: string; member: string; inviter: string };

  before(async () => {
    f = await startFixture();
    const roles = await f.admin.listOrganizationRoles();
    const scopes = await f.admin.listOrganizationScopes();
    const scopeId = (name: string) => scopes.find((s) => s.name === name)!.id;
    const inviter = await f.admin.createOrganizationRole({
      name: 'inviter',
      description: 'test role',
      organizationScopeIds: [scopeId('read:member'), scopeId('invite:member')],
    });
    roleIds = {
      admin: roles.find((r) => r.name === 'admin')!.id,
      member: roles.find((r) => r.name === 'member')!.id,
      inviter: inviter.id,
    };
  });
  after(() => f.close());
  beforeEach(async () => {
    await f.setEmail(true);
    f.emu.outbox.clear();
  });

  async function invite(orgId: string, token: string, body: Json) {
    return f.call('POST', `/organizations/${orgId}/invitations`, { token, body });
  }

  it('invites by email: normalised, one result per email in order, and mails the link', async () => {
    const orgId = await f.newOrg('alice', [['bob', 'member']]);
    const token = await f.orgToken('alice', orgId);
    const res = await invite(orgId, token, {
      emails: [
        '  Erin@Example.COM ',
        'not-an-email',
        'bob@example.com',
        'erin@example.com',
        'frank@example.com',
      ],
      roleIds: [roleIds.member],
    });
    assert.equal(res.status, 200);
    const results = res.body.results;
    assert.equal(results.length, 5);
    assert.deepEqual(
      results.map((r: Json) => [r.email, r.status, r.error?.code]),
      [
        ['erin@example.com', 'sent', undefined],
        ['not-an-email', 'failed', 'invitation.invalid_email'],
        ['bob@example.com', 'failed', 'invitation.already_member'],
        ['erin@example.com', 'failed', 'invitation.duplicate_pending'],
        ['frank@example.com', 'sent', undefined],
      ],
    );
    const erin = results[0].invitation;
    assert.equal(erin.invitee, 'erin@example.com');
    assert.equal(erin.status, 'Pending');
    assert.deepEqual(
      erin.roles.map((r: Json) => r.name),
      ['member'],
    );
    assert.equal(erin.inviterId, f.userId('alice'));
    assert.equal(erin.link, `http://localhost:5173/invite?id=${erin.id}`);
    const days = (erin.expiresAt - erin.createdAt) / 86_400_000;
    assert.ok(days > 6.99 && days < 7.01, `default 7 days, got ${days}`);

    const mails = await f.outbox();
    const mail = mails.find((m) => m.invitationId === erin.id);
    assert.ok(mail, 'an email was sent');
    assert.equal(mail.link, erin.link);

    const again = await invite(orgId, token, {
      emails: ['ERIN@example.com'],
      roleIds: [roleIds.member],
    });
    assert.equal(again.body.results[0].status, 'failed');
    assert.equal(again.body.results[0].error.code, 'invitation.duplicate_pending');
  });

  it('without an email connector the invitation is kept and the link returned', async () => {
    await f.setEmail(false);
    const orgId = await f.newOrg('alice');
    const token = await f.orgToken('alice', orgId);
    const res = await invite(orgId, token, {
      emails: ['gina@example.com'],
      roleIds: [roleIds.member],
      expiresInDays: 3,
    });
    assert.equal(res.status, 200);
    const [result] = res.body.results;
    assert.equal(result.status, 'link');
    assert.match(result.invitation.link, /\/invite\?id=/);
    const days = (result.invitation.expiresAt - result.invitation.createdAt) / 86_400_000;
    assert.ok(days > 2.99 && days < 3.01);
    const stored = await f.admin.getInvitation(result.invitation.id);
    assert.equal(stored.status, 'Pending');
    assert.equal((await f.outbox()).length, 0);
  });

  it('validates the invite body', async () => {
    const orgId = await f.newOrg('alice');
    const token = await f.orgToken('alice', orgId);
    const many = Array.from({ length: 21 }, (_, i) => `u${i}@example.com`);
    for (const [body, field] of [
      [{ emails: many, roleIds: [] }, 'emails'],
      [{ emails: [], roleIds: [] }, 'emails'],
      [{ emails: ['a@example.com'] }, 'roleIds'],
      [{ emails: ['a@example.com'], roleIds: [], expiresInDays: 31 }, 'expiresInDays'],
      [{ emails: ['a@example.com'], roleIds: [], expiresInDays: 0 }, 'expiresInDays'],
      [{ emails: ['a@example.com'], roleIds: [], expiresInDays: 1.5 }, 'expiresInDays'],
      [{ emails: ['a@example.com'], roleIds: [], message: 'hi' }, 'message'],
    ] as Array<[Json, string]>) {
      const res = await invite(orgId, token, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.code, 'request.invalid');
      assert.equal(res.body.data.field, field, JSON.stringify(body));
    }
    // Every member keeps at least one role: an invitation without one is refused, as a role
    // change to none is, and nothing is created.
    const noRole = await invite(orgId, token, { emails: ['norole@example.com'], roleIds: [] });
    assert.equal(noRole.status, 400);
    assert.equal(noRole.body.code, 'member.no_role');
    assert.deepEqual(noRole.body.data, { field: 'roleIds' });
    assert.deepEqual(f.emu.store.listInvitations({ organizationId: orgId }), []);
    const unknownRole = await invite(orgId, token, {
      emails: ['a@example.com'],
      roleIds: ['nope'],
    });
    assert.equal(unknownRole.status, 400);
    assert.equal(unknownRole.body.code, 'role.not_found');
    const twenty = await invite(orgId, token, {
      emails: Array.from({ length: 20 }, (_, i) => `batch${i}@example.com`),
      roleIds: [roleIds.member],
    });
    assert.equal(twenty.status, 200);
    assert.equal(twenty.body.results.length, 20);
    assert.deepEqual(
      twenty.body.results.map((r: Json) => r.email),
      Array.from({ length: 20 }, (_, i) => `batch${i}@example.com`),
    );
    assert.ok(twenty.body.results.every((r: Json) => r.status === 'sent'));
  });

  it('an inviter without read:member still gets the roles to pick from (and no members)', async () => {
    const scopes = await f.admin.listOrganizationScopes();
    const recruiter = await f.admin.createOrganizationRole({
      name: `recruiter-${Date.now()}`,
      description: 'invites, lists nobody',
      organizationScopeIds: [scopes.find((s) => s.name === 'invite:member')!.id],
    });
    const orgId = await f.newOrg('alice', [['bob', recruiter.name]]);
    const token = await f.orgToken('bob', orgId);
    const listed = await f.call('GET', `/organizations/${orgId}/roles`, { token });
    assert.equal(listed.status, 200);
    assert.ok(listed.body.items.some((r: { name: string }) => r.name === 'member'));
    const detail = await f.call('GET', `/organizations/${orgId}?include=roles,members`, { token });
    assert.equal(detail.status, 200);
    assert.deepEqual(
      detail.body.roles.map((r: { id: string }) => r.id).sort(),
      listed.body.items.map((r: { id: string }) => r.id).sort(),
    );
    assert.equal(detail.body.members, undefined, 'members stay with read:member');
    const members = await f.call('GET', `/organizations/${orgId}/members`, { token });
    assert.equal(members.status, 403);
  });

  it('needs invite:member; no escalation through invitations', async () => {
    const orgId = await f.newOrg('alice', [
      ['bob', 'member'],
      ['carol', 'inviter'],
    ]);
    const bob = await invite(orgId, await f.orgToken('bob', orgId), {
      emails: ['x@example.com'],
      roleIds: [roleIds.member],
    });
    assert.equal(bob.status, 403);
    assert.equal(bob.body.code, 'auth.forbidden');
    assert.equal(bob.body.data.permission, 'invite:member');
    const carolToken = await f.orgToken('carol', orgId);
    const escalate = await invite(orgId, carolToken, {
      emails: ['x@example.com'],
      roleIds: [roleIds.admin],
    });
    assert.equal(escalate.status, 403);
    assert.equal(escalate.body.code, 'role.escalation');
    const fine = await invite(orgId, carolToken, {
      emails: ['x@example.com'],
      roleIds: [roleIds.member],
    });
    assert.equal(fine.status, 200);
    assert.equal(fine.body.results[0].status, 'sent');
    const list = await f.call('GET', `/organizations/${orgId}/invitations`, {
      token: await f.orgToken('bob', orgId),
    });
    assert.equal(list.status, 403);
  });

  it('lists invitations newest first, with a status filter; revokes and removes', async () => {
    const orgId = await f.newOrg('alice');
    const token = await f.orgToken('alice', orgId);
    for (const email of ['one@example.com', 'two@example.com', 'three@example.com']) {
      await invite(orgId, token, { emails: [email], roleIds: [roleIds.member] });
    }
    const list = await f.call('GET', `/organizations/${orgId}/invitations`, { token });
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.items.map((i: Json) => i.invitee),
      ['three@example.com', 'two@example.com', 'one@example.com'],
    );
    const two = list.body.items[1];
    const revoke = await f.call('DELETE', `/organizations/${orgId}/invitations/${two.id}`, {
      token,
    });
    assert.equal(revoke.status, 204);
    assert.equal((await f.admin.getInvitation(two.id)).status, 'Revoked');
    const pending = await f.call('GET', `/organizations/${orgId}/invitations?status=Pending`, {
      token,
    });
    assert.deepEqual(
      pending.body.items.map((i: Json) => i.invitee),
      ['three@example.com', 'one@example.com'],
    );
    const revoked = await f.call('GET', `/organizations/${orgId}/invitations?status=Revoked`, {
      token,
    });
    assert.deepEqual(
      revoked.body.items.map((i: Json) => i.id),
      [two.id],
    );
    // revoking a revoked one removes it
    assert.equal(
      (await f.call('DELETE', `/organizations/${orgId}/invitations/${two.id}`, { token })).status,
      204,
    );
    await assert.rejects(f.admin.getInvitation(two.id));
    const gone = await f.call('DELETE', `/organizations/${orgId}/invitations/${two.id}`, { token });
    assert.equal(gone.status, 404);
    assert.equal(gone.body.code, 'invitation.not_found');
    const badStatus = await f.call('GET', `/organizations/${orgId}/invitations?status=Nope`, {
      token,
    });
    assert.equal(badStatus.status, 400);
  });

  it('lists each invitation with its inviter; a deleted inviter is null', async () => {
    const orgId = await f.newOrg('alice', [['bob', 'admin']]);
    await invite(orgId, await f.orgToken('alice', orgId), {
      emails: ['from-alice@example.com'],
      roleIds: [roleIds.member],
    });
    await invite(orgId, await f.orgToken('bob', orgId), {
      emails: ['from-bob@example.com'],
      roleIds: [roleIds.member],
    });
    const gone = f.emu.store.createUser({ username: 'gone-inviter', name: 'Gone' });
    f.emu.store.addMembers(orgId, [gone.id]);
    f.emu.store.addMemberRoles(orgId, gone.id, [roleIds.admin]);
    const goneInvite = await f.call('POST', `/organizations/${orgId}/invitations`, {
      token: await mintUserToken(f.emu.url, { userId: gone.id, organizationId: orgId }),
      body: { emails: ['from-gone@example.com'], roleIds: [roleIds.member] },
    });
    assert.equal(goneInvite.status, 200);
    f.emu.store.deleteUser(gone.id);
    const bob = await f.admin.getUser(f.userId('bob'));
    const list = await f.call('GET', `/organizations/${orgId}/invitations`, {
      token: await f.orgToken('alice', orgId),
    });
    assert.equal(list.status, 200);
    const byInvitee = new Map(list.body.items.map((i: Json) => [i.invitee, i]));
    const fromBob = byInvitee.get('from-bob@example.com') as Json;
    assert.equal(fromBob.inviterId, f.userId('bob'));
    assert.deepEqual(fromBob.inviter, {
      id: f.userId('bob'),
      name: bob.name,
      email: bob.primaryEmail,
    });
    assert.ok(bob.name);
    assert.equal((byInvitee.get('from-alice@example.com') as Json).inviter.id, f.userId('alice'));
    const fromGone = byInvitee.get('from-gone@example.com') as Json;
    assert.equal(fromGone.inviterId, gone.id);
    assert.equal(fromGone.inviter, null);
  });

  it("an invitation of another organization is not found through this organization's routes", async () => {
    const orgA = await f.newOrg('alice');
    const orgB = await f.newOrg('alice');
    const created = await invite(orgA, await f.orgToken('alice', orgA), {
      emails: ['cross@example.com'],
      roleIds: [roleIds.member],
    });
    const id = created.body.results[0].invitation.id;
    const tokenB = await f.orgToken('alice', orgB);
    const del = await f.call('DELETE', `/organizations/${orgB}/invitations/${id}`, {
      token: tokenB,
    });
    assert.equal(del.status, 404);
    const resend = await f.call('POST', `/organizations/${orgB}/invitations/${id}/resend`, {
      token: tokenB,
    });
    assert.equal(resend.status, 404);
    assert.equal((await f.admin.getInvitation(id)).status, 'Pending');
  });

  it('resends a pending invitation (mail, or link without a connector)', async () => {
    const orgId = await f.newOrg('alice');
    const token = await f.orgToken('alice', orgId);
    const created = await invite(orgId, token, {
      emails: ['hank@example.com'],
      roleIds: [roleIds.member],
    });
    const id = created.body.results[0].invitation.id;
    const res = await f.call('POST', `/organizations/${orgId}/invitations/${id}/resend`, { token });
    assert.equal(res.status, 200);
    assert.equal(res.body.delivery, 'sent');
    assert.equal(res.body.invitation.id, id);
    assert.equal((await f.outbox()).filter((m) => m.invitationId === id).length, 2);
    await f.setEmail(false);
    const link = await f.call('POST', `/organizations/${orgId}/invitations/${id}/resend`, {
      token,
    });
    assert.equal(link.body.delivery, 'link');
  });

  it('resending an expired invitation revokes it and creates a new one', async () => {
    const orgId = await f.newOrg('alice');
    const token = await f.orgToken('alice', orgId);
    const old = await f.admin.createInvitation({
      inviterId: f.userId('alice'),
      invitee: 'ivy@example.com',
      organizationId: orgId,
      expiresAt: Date.now() + 150,
      organizationRoleIds: [roleIds.member],
    });
    // wait for the condition (expiry), not a fixed time
    while ((await f.admin.getInvitation(old.id)).status !== 'Expired') {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const res = await f.call('POST', `/organizations/${orgId}/invitations/${old.id}/resend`, {
      token,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.delivery, 'sent');
    assert.notEqual(res.body.invitation.id, old.id);
    assert.equal(res.body.invitation.status, 'Pending');
    assert.equal(res.body.invitation.invitee, 'ivy@example.com');
    assert.deepEqual(
      res.body.invitation.roles.map((r: Json) => r.name),
      ['member'],
    );
    assert.notEqual((await f.admin.getInvitation(old.id)).status, 'Pending');

    const revokedId = res.body.invitation.id;
    await f.call('DELETE', `/organizations/${orgId}/invitations/${revokedId}`, { token });
    const notPending = await f.call(
      'POST',
      `/organizations/${orgId}/invitations/${revokedId}/resend`,
      {
        token,
      },
    );
    assert.equal(notPending.status, 409);
    assert.equal(notPending.body.code, 'invitation.not_pending');
    assert.equal(notPending.body.data.status, 'Revoked');
  });

  it('an expired invitation whose roles were all deleted is not re-created without a role', async () => {
    const orgId = await f.newOrg('alice');
    const token = await f.orgToken('alice', orgId);
    const doomed = await f.admin.createOrganizationRole({
      name: `doomed-${Date.now().toString(36)}`,
      organizationScopeIds: [],
    });
    const old = f.emu.store.createInvitation({
      inviterId: f.userId('alice'),
      invitee: 'roleless@example.com',
      organizationId: orgId,
      expiresAt: Date.now() + 86_400_000,
      organizationRoleIds: [doomed.id],
    });
    old.expiresAt = Date.now() - 1000;
    f.emu.store.deleteOrganizationRole(doomed.id);
    const res = await f.call('POST', `/organizations/${orgId}/invitations/${old.id}/resend`, {
      token,
    });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.code, 'member.no_role');
    assert.deepEqual(res.body.data, { field: 'roles' });
    assert.deepEqual(
      f.emu.store
        .listInvitations({ organizationId: orgId })
        .map((i) => [i.id, f.emu.store.invitationStatus(i)]),
      [[old.id, 'Expired']],
      'nothing re-created or revoked',
    );
  });

  it('the invitee views and accepts; others are refused; accepting again is idempotent', async () => {
    const orgId = await f.newOrg('alice');
    const created = await invite(orgId, await f.orgToken('alice', orgId), {
      emails: ['Carol@Example.com'],
      roleIds: [roleIds.member],
    });
    const id = created.body.results[0].invitation.id;

    const carolToken = await f.resourceToken('carol');
    const view = await f.call('GET', `/invitations/${id}`, { token: carolToken });
    assert.equal(view.status, 200);
    assert.equal(view.body.invitation.status, 'Pending');
    assert.equal(view.body.organization.id, orgId);
    assert.deepEqual(
      view.body.invitation.roles.map((r: Json) => r.name),
      ['member'],
    );
    assert.equal(view.body.inviter.email, 'alice@example.com');

    const bobToken = await f.resourceToken('bob');
    const bobView = await f.call('GET', `/invitations/${id}`, { token: bobToken });
    assert.equal(bobView.status, 403);
    assert.equal(bobView.body.code, 'invitation.wrong_user');
    // The caller's own email ("you're signed in as …"), never the invitee's.
    assert.deepEqual(bobView.body.data, { email: 'bob@example.com' });
    assert.ok(!JSON.stringify(bobView.body).toLowerCase().includes('carol'));
    const bobAccept = await f.call('POST', `/invitations/${id}/accept`, { token: bobToken });
    assert.equal(bobAccept.status, 403);
    assert.equal(bobAccept.body.code, 'invitation.wrong_user');
    assert.deepEqual(bobAccept.body.data, { email: 'bob@example.com' });
    assert.ok(!JSON.stringify(bobAccept.body).toLowerCase().includes('carol'));

    const accept = await f.call('POST', `/invitations/${id}/accept`, { token: carolToken });
    assert.equal(accept.status, 200);
    assert.equal(accept.body.organization.id, orgId);
    assert.deepEqual(
      accept.body.organization.roles.map((r: Json) => r.name),
      ['member'],
    );
    assert.deepEqual(
      (await f.admin.getMemberRoles(orgId, f.userId('carol'))).map((r) => r.name),
      ['member'],
    );
    // A retry by the same user (say, the first answer was lost) answers the same, changes nothing.
    const twice = await f.call('POST', `/invitations/${id}/accept`, { token: carolToken });
    assert.equal(twice.status, 200, JSON.stringify(twice.body));
    assert.deepEqual(twice.body, accept.body);
    assert.equal((await f.admin.getInvitation(id)).acceptedUserId, f.userId('carol'));
    assert.deepEqual(
      (await f.admin.getMemberRoles(orgId, f.userId('carol'))).map((r) => r.name),
      ['member'],
    );
    // Someone else still cannot accept it, and still sees their own email only.
    const bobLate = await f.call('POST', `/invitations/${id}/accept`, { token: bobToken });
    assert.equal(bobLate.status, 403);
    assert.deepEqual(bobLate.body.data, { email: 'bob@example.com' });

    const unknown = await f.call('GET', '/invitations/doesnotexist', { token: carolToken });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'invitation.not_found');
    // an organization token is not the right token here
    const orgToken = await f.orgToken('carol', orgId);
    assert.equal((await f.call('GET', `/invitations/${id}`, { token: orgToken })).status, 401);
  });

  it('accepting again is idempotent only for the user who accepted and is still a member', async () => {
    const orgId = await f.newOrg('alice');
    const token = await f.orgToken('alice', orgId);
    const created = await invite(orgId, token, {
      emails: ['dave@example.com', 'carol@example.com'],
      roleIds: [roleIds.member],
    });
    const [daveId, carolId] = created.body.results.map((r: Json) => r.invitation.id as string);
    const dave = await f.resourceToken('dave');
    const first = await f.call('POST', `/invitations/${daveId}/accept`, { token: dave });
    assert.equal(first.status, 200);
    const retry = await f.call('POST', `/invitations/${daveId}/accept`, { token: dave });
    assert.equal(retry.status, 200);
    assert.equal(retry.body.organization.id, orgId);
    assert.deepEqual(
      retry.body.organization.roles.map((r: Json) => r.name),
      ['member'],
    );

    // Dave leaves: the used invitation does not bring him back, nor pretend he is a member.
    const leave = await f.call('DELETE', `/organizations/${orgId}/members/${f.userId('dave')}`, {
      token: await f.orgToken('dave', orgId),
    });
    assert.equal(leave.status, 204);
    const afterLeaving = await f.call('POST', `/invitations/${daveId}/accept`, { token: dave });
    assert.equal(afterLeaving.status, 409);
    assert.equal(afterLeaving.body.code, 'invitation.not_pending');
    assert.equal(afterLeaving.body.data.status, 'Accepted');
    assert.equal(
      (await f.admin.listUserOrganizations(f.userId('dave'))).some((o) => o.id === orgId),
      false,
    );

    // Accepted by another account (the address moved to a new account since): not idempotent.
    const carol = await f.resourceToken('carol');
    assert.equal(
      (await f.call('POST', `/invitations/${carolId}/accept`, { token: carol })).status,
      200,
    );
    f.emu.store.getInvitation(carolId).acceptedUserId = f.userId('bob');
    const someoneElse = await f.call('POST', `/invitations/${carolId}/accept`, { token: carol });
    assert.equal(someoneElse.status, 409);
    assert.equal(someoneElse.body.code, 'invitation.not_pending');
    assert.equal(someoneElse.body.data.status, 'Accepted');
  });

  it("invitation.wrong_user carries the caller's own email, or null without one", async () => {
    const orgId = await f.newOrg('alice');
    const created = await invite(orgId, await f.orgToken('alice', orgId), {
      emails: ['someone.else@example.com'],
      roleIds: [roleIds.member],
    });
    const id = created.body.results[0].invitation.id;
    for (const name of ['alice', 'dave'] as const) {
      const token = await f.resourceToken(name);
      for (const [method, path] of [
        ['GET', `/invitations/${id}`],
        ['POST', `/invitations/${id}/accept`],
      ] as const) {
        const res = await f.call(method, path, { token });
        assert.equal(res.status, 403, `${name} ${method}`);
        assert.equal(res.body.code, 'invitation.wrong_user');
        assert.deepEqual(res.body.data, { email: `${name}@example.com` });
        assert.ok(!JSON.stringify(res.body).includes('someone.else'), 'never the invitee');
      }
    }
    // An account without an email.
    const noEmail = f.emu.store.createUser({ username: 'no-email-user' });
    const minted = await fetch(`${f.emu.url}/emulator/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: noEmail.id, resource: f.config.apiResource }),
    });
    const { access_token: token } = (await minted.json()) as { access_token: string };
    const res = await f.call('POST', `/invitations/${id}/accept`, { token });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'invitation.wrong_user');
    assert.deepEqual(res.body.data, { email: null });
  });

  describe('the same address only: ASCII letters in any case, no other character folded', () => {
    // U+212A KELVIN SIGN: JavaScript's (and SQL's) lower case turns it into "k".
    const KELVIN = '\u212A';
    let n = 0;
    /** A user with `email` as primary email, and its resource token. */
    async function userWith(email: string) {
      n += 1;
      const user = f.emu.store.createUser({ username: `addr${n}`, primaryEmail: email });
      const token = await mintUserToken(f.emu.url, {
        userId: user.id,
        resource: f.config.apiResource,
      });
      return { id: user.id, token };
    }

    it('an account whose email has a Kelvin sign for "k" is not the invitee of the "k" address', async () => {
      const victim = `kate${Date.now().toString(36)}@corp.test`;
      const orgId = await f.newOrg('alice');
      const created = await invite(orgId, await f.orgToken('alice', orgId), {
        emails: [victim],
        roleIds: [roleIds.admin],
      });
      const id = created.body.results[0].invitation.id as string;
      const attackerEmail = `${KELVIN}${victim.slice(1)}`;
      assert.equal(attackerEmail.toLowerCase(), victim, 'the case the check must not fold');
      const attacker = await userWith(attackerEmail);

      const mine = await f.call('GET', '/me/invitations', { token: attacker.token });
      assert.equal(mine.status, 200);
      assert.deepEqual(mine.body.invitations, []);
      for (const [method, path] of [
        ['GET', `/invitations/${id}`],
        ['POST', `/invitations/${id}/accept`],
        ['POST', `/invitations/${id}/decline`],
      ] as const) {
        const res = await f.call(method, path, { token: attacker.token });
        assert.equal(res.status, 403, `${method} ${path}`);
        assert.equal(res.body.code, 'invitation.wrong_user');
        assert.deepEqual(res.body.data, { email: attackerEmail });
        assert.ok(!JSON.stringify(res.body).includes(victim), 'never the invitee');
      }
      assert.equal(f.emu.store.isMember(orgId, attacker.id), false);
      assert.equal((await f.admin.getInvitation(id)).status, 'Pending');

      // The invitee herself, with her address in mixed case, sees and accepts it. (The emulator,
      // like Logto, takes the two emails for one: the other account goes first.)
      f.emu.store.deleteUser(attacker.id);
      const kate = await userWith(`Kate${victim.slice(4).replace('corp', 'Corp')}`);
      const hers = await f.call('GET', '/me/invitations', { token: kate.token });
      assert.deepEqual(
        hers.body.invitations.map((i: Json) => i.id),
        [id],
      );
      assert.equal((await f.call('GET', `/invitations/${id}`, { token: kate.token })).status, 200);
      const accepted = await f.call('POST', `/invitations/${id}/accept`, { token: kate.token });
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      assert.deepEqual(
        accepted.body.organization.roles.map((r: Json) => r.name),
        ['admin'],
      );
    });

    it('inviting an address with a Kelvin sign does not invite the "k" address', async () => {
      const orgId = await f.newOrg('alice');
      const res = await invite(orgId, await f.orgToken('alice', orgId), {
        emails: [`${KELVIN}elvin@corp.test`, 'Kelvin@Corp.test'],
        roleIds: [roleIds.member],
      });
      assert.deepEqual(
        res.body.results.map((r: Json) => [r.email, r.status, r.error?.code]),
        [
          [`${KELVIN}elvin@corp.test`, 'failed', 'invitation.invalid_email'],
          ['kelvin@corp.test', 'sent', undefined],
        ],
      );
      assert.deepEqual(
        f.emu.store.listInvitations({ organizationId: orgId }).map((i) => i.invitee),
        ['kelvin@corp.test'],
      );
    });

    it('resending an expired invitation never re-creates it for another address', async () => {
      const orgId = await f.newOrg('alice');
      const invitee = `${KELVIN}ELVIN.${Date.now().toString(36)}@corp.test`;
      const old = f.emu.store.createInvitation({
        inviterId: f.userId('alice'),
        invitee,
        organizationId: orgId,
        expiresAt: Date.now() + 86_400_000,
        organizationRoleIds: [roleIds.member],
      });
      old.expiresAt = Date.now() - 1000;
      const res = await f.call('POST', `/organizations/${orgId}/invitations/${old.id}/resend`, {
        token: await f.orgToken('alice', orgId),
      });
      // Logto refuses the address (not an email to its validation); the "k" address is not
      // invited instead.
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.code, 'invitation.invalid_email');
      assert.deepEqual(
        f.emu.store
          .listInvitations({ organizationId: orgId })
          .map((i) => [i.invitee, f.emu.store.invitationStatus(i)]),
        [[invitee, 'Expired']],
      );
    });
  });

  it('a revoked invitation cannot be accepted', async () => {
    const orgId = await f.newOrg('alice');
    const token = await f.orgToken('alice', orgId);
    const created = await invite(orgId, token, {
      emails: ['dave@example.com'],
      roleIds: [roleIds.member],
    });
    const id = created.body.results[0].invitation.id;
    await f.call('DELETE', `/organizations/${orgId}/invitations/${id}`, { token });
    const res = await f.call('POST', `/invitations/${id}/accept`, {
      token: await f.resourceToken('dave'),
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'invitation.not_pending');
    assert.equal(res.body.data.status, 'Revoked');
    const body = await f.call('POST', `/invitations/${id}/accept`, {
      token: await f.resourceToken('dave'),
      body: { extra: true },
    });
    assert.equal(body.status, 400);
  });
});
