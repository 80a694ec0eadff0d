/** The organization lifecycle endpoints: branding, my invitations, decline, just-in-time domains. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mintUserToken, startFixture, type Fixture, type Json } from './emulator-fixture.js';

describe('organization lifecycle (against the emulator)', () => {
  let f: Fixture;
  let roles: { admin: string; member: string; editor: string };
  let seq = 0;
  const unique = () => `${Date.now().toString(36)}${(seq += 1)}`;

  before(async () => {
    f = await startFixture();
    const all = await f.admin.listOrganizationRoles();
    const scopes = await f.admin.listOrganizationScopes();
    const scopeId = (name: string) => scopes.find((s) => s.name === name)!.id;
    // May edit the organization (and its domains) but not manage members' roles.
    const editor = await f.admin.createOrganizationRole({
      name: 'editor',
      organizationScopeIds: [scopeId('read:member'), scopeId('manage:organization')],
    });
    roles = {
      admin: all.find((r) => r.name === 'admin')!.id,
      member: all.find((r) => r.name === 'member')!.id,
      editor: editor.id,
    };
  });
  after(() => f.close());

  /** A user with a company email, member of `orgId` with `roleIds`; returns its id and a token. */
  async function companyUser(orgId: string, roleIds: string[], email?: string) {
    const user = f.emu.store.createUser({
      username: `u${unique()}`,
      primaryEmail: email ?? `erin.${unique()}@acme-rockets.test`,
    });
    f.emu.store.addMembers(orgId, [user.id]);
    if (roleIds.length > 0) f.emu.store.addMemberRoles(orgId, user.id, roleIds);
    const token = await mintUserToken(f.emu.url, { userId: user.id, organizationId: orgId });
    const resource = await mintUserToken(f.emu.url, {
      userId: user.id,
      resource: f.config.apiResource,
    });
    return { id: user.id, token, resource };
  }

  describe('PATCH /organizations/:orgId branding', () => {
    it('sets and removes logos, keeps what it does not name, and every answer carries branding', async () => {
      const orgId = await f.newOrg('alice');
      // A favicon set in Logto's console is kept through our changes.
      f.emu.store.updateOrganization(orgId, { branding: { favicon: 'https://cdn.test/f.ico' } });
      const token = await f.orgToken('alice', orgId);
      const path = `/organizations/${orgId}`;
      const set = await f.call('PATCH', path, {
        token,
        body: {
          branding: {
            logoUrl: 'https://cdn.test/logo.png',
            darkLogoUrl: 'http://cdn.test/dark.png',
          },
        },
      });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.deepEqual(set.body.organization.branding, {
        logoUrl: 'https://cdn.test/logo.png',
        darkLogoUrl: 'http://cdn.test/dark.png',
      });
      const removed = await f.call('PATCH', path, {
        token,
        body: { name: 'Renamed', branding: { darkLogoUrl: null } },
      });
      assert.equal(removed.status, 200);
      assert.deepEqual(removed.body.organization.branding, {
        logoUrl: 'https://cdn.test/logo.png',
        darkLogoUrl: null,
      });
      assert.equal(removed.body.organization.name, 'Renamed');
      const stored = f.emu.store.getOrganization(orgId) as Json;
      assert.deepEqual(stored.branding, {
        favicon: 'https://cdn.test/f.ico',
        logoUrl: 'https://cdn.test/logo.png',
      });
      const got = await f.call('GET', path, { token });
      assert.equal(got.body.organization.branding.logoUrl, 'https://cdn.test/logo.png');
      const mine = await f.call('GET', '/me/organizations', {
        token: await f.resourceToken('alice'),
      });
      const listed = mine.body.items.find((o: Json) => o.id === orgId);
      assert.deepEqual(listed.branding, {
        logoUrl: 'https://cdn.test/logo.png',
        darkLogoUrl: null,
      });
    });

    it('refuses what is not an http(s) URL of at most 2048 characters, and unknown fields', async () => {
      const orgId = await f.newOrg('alice');
      const token = await f.orgToken('alice', orgId);
      const cases: Array<[unknown, string]> = [
        [{ logoUrl: 'javascript:alert(1)' }, 'branding.logoUrl'],
        [{ logoUrl: 'data:image/png;base64,AAAA' }, 'branding.logoUrl'],
        [{ darkLogoUrl: 'ftp://cdn.test/x.png' }, 'branding.darkLogoUrl'],
        [{ logoUrl: 'not a url' }, 'branding.logoUrl'],
        [{ logoUrl: `https://cdn.test/${'a'.repeat(2040)}` }, 'branding.logoUrl'],
        [{ logoUrl: 42 }, 'branding.logoUrl'],
        [{ favicon: 'https://cdn.test/f.ico' }, 'branding.favicon'],
        [null, 'branding'],
      ];
      for (const [branding, field] of cases) {
        const res = await f.call('PATCH', `/organizations/${orgId}`, { token, body: { branding } });
        assert.equal(res.status, 400, JSON.stringify(branding));
        assert.equal(res.body.code, 'request.invalid');
        assert.equal(res.body.data.field, field, JSON.stringify(branding));
      }
      assert.equal(
        (await f.call('PATCH', `/organizations/${orgId}`, { token, body: {} })).status,
        400,
      );
    });

    it('a logo set elsewhere with another scheme is never passed on', async () => {
      const orgId = await f.newOrg('alice');
      f.emu.store.updateOrganization(orgId, {
        branding: { logoUrl: 'javascript:alert(1)', darkLogoUrl: 'https://cdn.test/d.png' },
      });
      const got = await f.call('GET', `/organizations/${orgId}`, {
        token: await f.orgToken('alice', orgId),
      });
      assert.deepEqual(got.body.organization.branding, {
        logoUrl: null,
        darkLogoUrl: 'https://cdn.test/d.png',
      });
    });

    it("the invitee's view of an invitation carries the organization's logos", async () => {
      const orgId = await f.newOrg('alice');
      f.emu.store.updateOrganization(orgId, {
        branding: { logoUrl: 'https://cdn.test/l.png', darkLogoUrl: 'javascript:alert(1)' },
      });
      const user = f.emu.store.createUser({
        username: `v${unique()}`,
        primaryEmail: `v.${unique()}@example.org`,
      });
      const invitation = f.emu.store.createInvitation({
        inviterId: f.userId('alice'),
        invitee: user.primaryEmail!,
        organizationId: orgId,
        expiresAt: Date.now() + 86_400_000,
      });
      const token = await mintUserToken(f.emu.url, {
        userId: user.id,
        resource: f.config.apiResource,
      });
      const res = await f.call('GET', `/invitations/${invitation.id}`, { token });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.organization.branding, {
        logoUrl: 'https://cdn.test/l.png',
        darkLogoUrl: null,
      });
    });

    it('needs manage:organization, checked live', async () => {
      const orgId = await f.newOrg('alice', [['bob', 'member']]);
      const res = await f.call('PATCH', `/organizations/${orgId}`, {
        token: await f.orgToken('bob', orgId),
        body: { branding: { logoUrl: 'https://cdn.test/x.png' } },
      });
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'auth.forbidden');
    });
  });

  describe('GET /me/invitations and POST /invitations/:id/decline', () => {
    it('lists my pending invitations only, with organization, inviter and roles, soonest first', async () => {
      const a = await f.newOrg('alice', [], `Acme ${unique()}`);
      const b = await f.newOrg('alice', [], `Beta ${unique()}`);
      const gone = await f.newOrg('alice');
      f.emu.store.updateOrganization(b, { branding: { logoUrl: 'https://cdn.test/b.png' } });
      const user = f.emu.store.createUser({
        username: `inv${unique()}`,
        primaryEmail: `Inv.${unique()}@Example.org`,
      });
      const email = user.primaryEmail!;
      const make = (orgId: string, days: number, invitee = email, roleIds: string[] = []) =>
        f.emu.store.createInvitation({
          inviterId: f.userId('alice'),
          invitee,
          organizationId: orgId,
          expiresAt: Date.now() + days * 86_400_000,
          organizationRoleIds: roleIds,
        });
      const later = make(a, 5, email.toLowerCase(), [roles.member]);
      const sooner = make(b, 2, email.toUpperCase());
      const revoked = make(gone, 3);
      f.emu.store.setInvitationStatus(revoked.id, 'Revoked');
      const expiring = make(gone, 0.000001);
      while (f.emu.store.invitationStatus(expiring) === 'Pending') {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      make(gone, 4); // organization deleted below
      f.emu.store.deleteOrganization(gone);
      make(a, 1, `someone.else.${unique()}@example.org`);
      const token = await mintUserToken(f.emu.url, {
        userId: user.id,
        resource: f.config.apiResource,
      });
      const res = await f.call('GET', '/me/invitations', { token });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(
        res.body.invitations.map((i: Json) => i.id),
        [sooner.id, later.id],
      );
      const [first, second] = res.body.invitations;
      assert.equal(first.status, 'Pending');
      assert.equal(first.organization.id, b);
      assert.deepEqual(first.organization.branding, {
        logoUrl: 'https://cdn.test/b.png',
        darkLogoUrl: null,
      });
      assert.equal(first.inviter.email, 'alice@example.com');
      assert.deepEqual(second.roles, [{ id: roles.member, name: 'member' }]);
      assert.equal(typeof second.expiresAt, 'number');
      assert.deepEqual(Object.keys(second).sort(), [
        'expiresAt',
        'id',
        'inviter',
        'organization',
        'roles',
        'status',
      ]);
      // Someone with no pending invitation, and an organization token, are answered as usual.
      const none = await f.call('GET', '/me/invitations', {
        token: await f.resourceToken('dave'),
      });
      assert.deepEqual(none.body, { invitations: [] });
      const wrongToken = await f.call('GET', '/me/invitations', {
        token: await f.orgToken('alice', a),
      });
      assert.equal(wrongToken.status, 401);
    });

    it('the invitee declines: the invitation is revoked; again, or by someone else, is refused', async () => {
      const orgId = await f.newOrg('alice');
      const inv = f.emu.store.createInvitation({
        inviterId: f.userId('alice'),
        invitee: 'carol@example.com',
        organizationId: orgId,
        expiresAt: Date.now() + 86_400_000,
      });
      const other = await f.call('POST', `/invitations/${inv.id}/decline`, {
        token: await f.resourceToken('bob'),
      });
      assert.equal(other.status, 403);
      assert.equal(other.body.code, 'invitation.wrong_user');
      const carol = await f.resourceToken('carol');
      const declined = await f.call('POST', `/invitations/${inv.id}/decline`, { token: carol });
      assert.equal(declined.status, 204);
      assert.equal(f.emu.store.invitationStatus(f.emu.store.getInvitation(inv.id)), 'Revoked');
      const again = await f.call('POST', `/invitations/${inv.id}/decline`, { token: carol });
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'invitation.not_pending');
      assert.equal(again.body.data.status, 'Revoked');
      const unknown = await f.call('POST', `/invitations/${'x'.repeat(21)}/decline`, {
        token: carol,
      });
      assert.equal(unknown.body.code, 'invitation.not_found');
      const body = await f.call('POST', `/invitations/${inv.id}/decline`, {
        token: carol,
        body: { reason: 'no' },
      });
      assert.equal(body.status, 400);
      const mine = await f.call('GET', '/me/invitations', { token: carol });
      assert.ok(!mine.body.invitations.some((i: Json) => i.id === inv.id));
    });
  });

  describe('PUT /organizations/:orgId/members/:userId/roles', () => {
    it('refuses to leave a member with no role: 400 member.no_role, nothing changed', async () => {
      const orgId = await f.newOrg('alice', [['bob', 'member']]);
      const res = await f.call('PUT', `/organizations/${orgId}/members/${f.userId('bob')}/roles`, {
        token: await f.orgToken('alice', orgId),
        body: { roleIds: [] },
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'member.no_role');
      assert.deepEqual(
        (await f.admin.getMemberRoles(orgId, f.userId('bob'))).map((r) => r.name),
        ['member'],
      );
    });
  });

  describe('GET and PUT /organizations/:orgId/domains', () => {
    it('an admin adds the domain of their own email with a default role', async () => {
      const orgId = await f.newOrg('alice');
      const erin = await companyUser(orgId, [roles.admin], 'erin@Acme-Rockets.test');
      const path = `/organizations/${orgId}/domains`;
      const empty = await f.call('GET', path, { token: erin.token });
      assert.equal(empty.status, 200);
      assert.deepEqual(empty.body, {
        domains: [],
        roles: [],
        ownDomain: 'acme-rockets.test',
        allowAnyDomain: false,
      });
      const put = await f.call('PUT', path, {
        token: erin.token,
        body: { domains: ['  ACME-rockets.test. '], roleIds: [roles.member] },
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.deepEqual(put.body, {
        domains: ['acme-rockets.test'],
        roles: [{ id: roles.member, name: 'member' }],
        ownDomain: 'acme-rockets.test',
        allowAnyDomain: false,
      });
      assert.deepEqual(f.emu.store.listJitEmailDomains(orgId), ['acme-rockets.test']);
      assert.deepEqual(
        f.emu.store.listJitRoles(orgId).map((r) => r.id),
        [roles.member],
      );
      const got = await f.call('GET', path, { token: erin.token });
      assert.deepEqual(got.body.domains, ['acme-rockets.test']);
      // Removing everything is allowed.
      const cleared = await f.call('PUT', path, {
        token: erin.token,
        body: { domains: [], roleIds: [] },
      });
      assert.equal(cleared.status, 200);
      assert.deepEqual(f.emu.store.listJitEmailDomains(orgId), []);
    });

    it('refuses invalid, public and not-own domains, and domains without a role', async () => {
      const orgId = await f.newOrg('alice');
      const erin = await companyUser(orgId, [roles.admin], `erin@bücher-${unique()}.test`);
      const path = `/organizations/${orgId}/domains`;
      const put = (domains: string[], roleIds = [roles.member]) =>
        f.call('PUT', path, { token: erin.token, body: { domains, roleIds } });
      for (const bad of [
        'https://acme.test',
        'erin@acme.test',
        '*.acme.test',
        '10.0.0.1',
        '[::1]',
        'localhost',
        'acme..test',
        'acme.test/x',
        'acme.test:443',
        '',
      ]) {
        const res = await put([bad]);
        assert.equal(res.status, 400, bad);
        assert.equal(res.body.code, 'domain.invalid', bad);
        assert.equal(res.body.data.domain, bad.trim());
      }
      for (const pub of ['gmail.com', 'Outlook.com', 'yahoo.co.uk']) {
        const res = await put([pub]);
        assert.equal(res.status, 400, pub);
        assert.equal(res.body.code, 'domain.public');
      }
      const notOwn = await put(['other-company.test']);
      assert.equal(notOwn.status, 403);
      assert.equal(notOwn.body.code, 'domain.not_own');
      assert.equal(notOwn.body.data.domain, 'other-company.test');
      const own = (await f.call('GET', path, { token: erin.token })).body.ownDomain as string;
      assert.match(own, /^xn--/, 'the own domain in punycode');
      const noRole = await put([own], []);
      assert.equal(noRole.status, 400);
      assert.equal(noRole.body.code, 'member.no_role');
      const tooMany = await put(Array.from({ length: 21 }, (_, i) => `d${i}.test`));
      assert.equal(tooMany.body.code, 'request.invalid');
      assert.deepEqual(f.emu.store.listJitEmailDomains(orgId), [], 'nothing was changed');
      // The IDN spelling of the own domain is accepted and stored as punycode.
      const idn = await put([own.replace(/^xn--bcher-kva/, 'bücher')]);
      assert.equal(idn.status, 200, JSON.stringify(idn.body));
      assert.deepEqual(idn.body.domains, [own]);
    });

    it('a domain already set elsewhere is kept; ORG_JIT_ANY_DOMAIN allows any non-public domain', async () => {
      const orgId = await f.newOrg('alice');
      f.emu.store.replaceJitEmailDomains(orgId, ['legacy.test']);
      const erin = await companyUser(orgId, [roles.admin]);
      const path = `/organizations/${orgId}/domains`;
      const own = (await f.call('GET', path, { token: erin.token })).body.ownDomain as string;
      const keep = await f.call('PUT', path, {
        token: erin.token,
        body: { domains: ['legacy.test', own], roleIds: [roles.member] },
      });
      assert.equal(keep.status, 200, JSON.stringify(keep.body));
      const any = await f.extraApp({ ORG_JIT_ANY_DOMAIN: 'true' });
      const call = async (domains: string[]) => {
        const res = await fetch(`${any.url}${path}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${erin.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ domains, roleIds: [roles.member] }),
        });
        return { status: res.status, body: (await res.json()) as Json };
      };
      const other = await call(['other-company.test']);
      assert.equal(other.status, 200);
      assert.equal(other.body.allowAnyDomain, true);
      assert.equal((await call(['gmail.com'])).body.code, 'domain.public');
    });

    it('default roles obey the escalation rule; members and editors without the permission are refused', async () => {
      const orgId = await f.newOrg('alice', [['bob', 'member']]);
      const editor = await companyUser(orgId, [roles.editor]);
      const path = `/organizations/${orgId}/domains`;
      const own = (await f.call('GET', path, { token: editor.token })).body.ownDomain as string;
      const escalate = await f.call('PUT', path, {
        token: editor.token,
        body: { domains: [own], roleIds: [roles.admin] },
      });
      assert.equal(escalate.status, 403);
      assert.equal(escalate.body.code, 'role.escalation');
      assert.deepEqual(f.emu.store.listJitRoles(orgId), []);
      const fine = await f.call('PUT', path, {
        token: editor.token,
        body: { domains: [own], roleIds: [roles.member] },
      });
      assert.equal(fine.status, 200);
      const bob = await f.orgToken('bob', orgId);
      assert.equal((await f.call('GET', path, { token: bob })).body.code, 'auth.forbidden');
      const bobPut = await f.call('PUT', path, {
        token: bob,
        body: { domains: [], roleIds: [] },
      });
      assert.equal(bobPut.status, 403);
      assert.equal(bobPut.body.code, 'auth.forbidden');
      const unknownRole = await f.call('PUT', path, {
        token: editor.token,
        body: { domains: [own], roleIds: ['nosuchrole'] },
      });
      assert.equal(unknownRole.body.code, 'role.not_found');
    });

    it('an admin removed or demoted since their token was issued reads nothing', async () => {
      const orgId = await f.newOrg('alice', [['bob', 'admin']]);
      const path = `/organizations/${orgId}/domains`;
      const token = await f.orgToken('bob', orgId);
      assert.equal((await f.call('GET', path, { token })).status, 200);
      await f.admin.replaceMemberRoles(orgId, f.userId('bob'), [roles.member]);
      const demoted = await f.call('GET', path, { token });
      assert.equal(demoted.status, 403);
      assert.equal(demoted.body.code, 'auth.forbidden');
      await f.admin.removeOrganizationUser(orgId, f.userId('bob'));
      const removed = await f.call('GET', path, { token });
      assert.equal(removed.status, 403);
      assert.equal(removed.body.code, 'organization.not_member');
    });

    it('nothing half-done: when the domains cannot be saved, the previous roles are restored', async () => {
      const orgId = await f.newOrg('alice');
      const erin = await companyUser(orgId, [roles.admin]);
      const path = `/organizations/${orgId}/domains`;
      const own = (await f.call('GET', path, { token: erin.token })).body.ownDomain as string;
      f.emu.store.addJitRoles(orgId, [roles.member]);
      await f.faults({
        target: 'api',
        count: 10,
        status: 500,
        match: '^PUT /api/organizations/[^/]+/jit/email-domains$',
      });
      try {
        const res = await f.call('PUT', path, {
          token: erin.token,
          body: { domains: [own], roleIds: [roles.admin] },
        });
        assert.equal(res.status, 503);
        assert.equal(res.body.code, 'upstream.unavailable');
      } finally {
        await f.clearFaults();
      }
      assert.deepEqual(f.emu.store.listJitEmailDomains(orgId), []);
      assert.deepEqual(
        f.emu.store.listJitRoles(orgId).map((r) => r.id),
        [roles.member],
      );
    });
  });
});
