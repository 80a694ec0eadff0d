/**
 * What the server asks Logto for: the role template kept briefly (never the caller's
 * permissions), and the duplicate check of invitations made per email. A companion app of the
 * test's own counts every upstream call and runs on a fake clock.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { buildApp } from '../src/app.js';
import { silentLogger } from '../src/logger.js';
import type { FetchLike } from '../src/upstream.js';
import { MY_INVITATIONS_MAX } from '../src/org-service.js';
import {
  mintUserToken,
  startFixture,
  type Fixture,
  type Json,
  type Username,
} from './emulator-fixture.js';
import { listen, sameLogtoConfig, type Running } from './helpers.js';

interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Size of the answer's body. */
  bytes: number;
}

/** A fetch that records every call (method, path, query, answer size). */
function recordingFetch() {
  const calls: Call[] = [];
  const fetchImpl: FetchLike = async (input, init) => {
    const method = input instanceof Request ? input.method : (init?.method ?? 'GET');
    const url = new URL(input instanceof Request ? input.url : String(input));
    const res = await fetch(input, init);
    const bytes = (await res.clone().arrayBuffer()).byteLength;
    calls.push({ method, path: url.pathname, query: url.searchParams, bytes });
    return res;
  };
  return { calls, fetch: fetchImpl };
}

describe('upstream calls (against the emulator)', () => {
  let f: Fixture;
  const extra: Running[] = [];
  before(async () => {
    f = await startFixture();
  });
  after(async () => {
    for (const app of extra) await app.close();
    await f.close();
  });
  afterEach(() => f.clearFaults());

  /** A companion app on the fixture's emulator with a recording fetch and a fake clock. */
  async function app(env: Record<string, string> = {}) {
    const rec = recordingFetch();
    const clock = { t: Date.now() };
    const config = Object.keys(env).length > 0 ? withEnv(env) : f.config;
    const { app: built } = buildApp({
      config,
      fetch: rec.fetch,
      now: () => clock.t,
      logger: silentLogger,
      retry: { backoffMs: 5 },
    });
    const running = await listen(built);
    extra.push(running);
    const count = (method: string, path: RegExp) =>
      rec.calls.filter((c) => c.method === method && path.test(c.path)).length;
    return {
      clock,
      calls: rec.calls,
      count,
      roleLoads: () => count('GET', /^\/api\/organization-roles$/),
      async call(method: string, path: string, token: string, body?: unknown) {
        const res = await fetch(`${running.url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await res.text();
        return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
      },
    };
  }

  function withEnv(env: Record<string, string>) {
    return sameLogtoConfig(f.config, { ORG_RATE_LIMIT_INVITE: '1000', ...env });
  }

  const roleId = (name: string) => {
    const role = f.emu.store.listOrganizationRoles().find((r) => r.name === name);
    if (!role) throw new Error(`no role ${name}`);
    return role.id;
  };
  const scopeId = (name: string) => {
    const scope = f.emu.store.listOrganizationScopes().find((s) => s.name === name);
    if (!scope) throw new Error(`no scope ${name}`);
    return scope.id;
  };
  const invitationsOf = (orgId: string, email: string) =>
    f.emu.store
      .listInvitations({ organizationId: orgId })
      .filter((i) => i.invitee.toLowerCase() === email.toLowerCase());

  describe('organization role template', () => {
    it('is loaded once for a series of mutations, while permissions are checked live each time', async () => {
      const a = await app();
      const orgId = await f.newOrg('alice', [['bob', 'member']]);
      const alice = await f.orgToken('alice', orgId);
      const member = roleId('member');
      const path = `/organizations/${orgId}`;
      const sent = await a.call('POST', `${path}/invitations`, alice, {
        emails: ['tpl1@example.com'],
        roleIds: [member],
      });
      assert.equal(sent.body.results[0].status, 'sent');
      await a.call('POST', `${path}/invitations`, alice, {
        emails: ['tpl2@example.com'],
        roleIds: [member],
      });
      const put = await a.call('PUT', `${path}/members/${f.userId('bob')}/roles`, alice, {
        roleIds: [member],
      });
      assert.equal(put.status, 200);
      assert.equal((await a.call('GET', `${path}/roles`, alice)).status, 200);
      assert.equal(a.roleLoads(), 1);
      const liveChecks = a.count('GET', new RegExp(`/users/${f.userId('alice')}/scopes$`));
      assert.equal(liveChecks, 3, 'one live permission check per mutation');
    });

    it("never keeps a caller's permissions: a demoted admin is refused at once with the template kept", async () => {
      const a = await app();
      const orgId = await f.newOrg('alice', [['bob', 'admin']]);
      const bob = await f.orgToken('bob', orgId); // carries invite:member
      const body = { emails: ['demoted@example.com'], roleIds: [roleId('member')] };
      const before = await a.call('POST', `/organizations/${orgId}/invitations`, bob, body);
      assert.equal(before.status, 200);
      f.emu.store.replaceMemberRoles(orgId, f.userId('bob'), [roleId('member')]);
      const afterDemotion = await a.call('POST', `/organizations/${orgId}/invitations`, bob, {
        ...body,
        emails: ['demoted2@example.com'],
      });
      assert.equal(afterDemotion.status, 403);
      assert.equal(afterDemotion.body.code, 'auth.forbidden');
      assert.equal(afterDemotion.body.data.permission, 'invite:member');
      assert.equal(a.roleLoads(), 1);
      assert.deepEqual(invitationsOf(orgId, 'demoted2@example.com'), []);
    });

    it('a role created after the template was kept is found: an unknown id loads it again', async () => {
      const a = await app();
      const orgId = await f.newOrg('alice');
      const alice = await f.orgToken('alice', orgId);
      await a.call('GET', `/organizations/${orgId}/roles`, alice);
      assert.equal(a.roleLoads(), 1);
      const fresh = f.emu.store.createOrganizationRole({
        name: `reader-${Math.random().toString(36).slice(2, 8)}`,
        organizationScopeIds: [scopeId('read:member')],
      }).id;
      const res = await a.call('POST', `/organizations/${orgId}/invitations`, alice, {
        emails: ['newrole@example.com'],
        roleIds: [fresh],
      });
      assert.equal(res.body.results[0].status, 'sent', JSON.stringify(res.body));
      assert.equal(a.roleLoads(), 2);
      // a truly unknown id is judged against a fresh template (one more load), then refused
      const unknown = await a.call('POST', `/organizations/${orgId}/invitations`, alice, {
        emails: ['unknownrole@example.com'],
        roleIds: ['no-such-role'],
      });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.code, 'role.not_found');
      assert.equal(unknown.body.data.roleId, 'no-such-role');
      assert.equal(a.roleLoads(), 3);
    });

    it('a role deleted while the template is kept: Logto refuses it and the template is dropped', async () => {
      const a = await app();
      const orgId = await f.newOrg('alice', [['bob', 'member']]);
      const alice = await f.orgToken('alice', orgId);
      const doomed = f.emu.store.createOrganizationRole({
        name: `doomed-${Math.random().toString(36).slice(2, 8)}`,
        organizationScopeIds: [scopeId('read:member')],
      }).id;
      await a.call('GET', `/organizations/${orgId}/roles`, alice);
      assert.equal(a.roleLoads(), 1);
      f.emu.store.deleteOrganizationRole(doomed);
      const put = await a.call(
        'PUT',
        `/organizations/${orgId}/members/${f.userId('bob')}/roles`,
        alice,
        {
          roleIds: [doomed],
        },
      );
      assert.equal(put.status, 400);
      assert.equal(put.body.code, 'role.not_found');
      const roles = await a.call('GET', `/organizations/${orgId}/roles`, alice);
      assert.equal(a.roleLoads(), 2, 'loaded again after the refusal');
      assert.ok(!roles.body.items.some((r: Json) => r.id === doomed));
      assert.deepEqual(
        f.emu.store.memberRoles(orgId, f.userId('bob')).map((r) => r.name),
        ['member'],
      );
    });

    it('is kept for 30 s by the injected clock; ORG_ROLE_CACHE_MS=0 loads it every time', async () => {
      const a = await app();
      const orgId = await f.newOrg('alice');
      const alice = await f.orgToken('alice', orgId);
      const roles = () => a.call('GET', `/organizations/${orgId}/roles`, alice);
      await roles();
      a.clock.t += 29_999;
      await roles();
      assert.equal(a.roleLoads(), 1);
      a.clock.t += 1;
      await roles();
      assert.equal(a.roleLoads(), 2);

      const off = await app({ ORG_ROLE_CACHE_MS: '0' });
      for (let i = 0; i < 3; i += 1) {
        assert.equal((await off.call('GET', `/organizations/${orgId}/roles`, alice)).status, 200);
      }
      assert.equal(off.roleLoads(), 3);
    });

    it('concurrent requests on a cold server share one load', async () => {
      const a = await app();
      const orgId = await f.newOrg('alice');
      const alice = await f.orgToken('alice', orgId);
      const replies = await Promise.all(
        Array.from({ length: 10 }, () => a.call('GET', `/organizations/${orgId}/roles`, alice)),
      );
      assert.ok(replies.every((r) => r.status === 200));
      assert.equal(a.roleLoads(), 1);
    });

    it('a failed load is not kept', async () => {
      const a = await app();
      const orgId = await f.newOrg('alice');
      const alice = await f.orgToken('alice', orgId);
      await a.call('GET', `/organizations/${orgId}/members`, alice); // M2M token warm, no template
      await f.faults({
        target: 'api',
        count: 2,
        status: 503,
        match: '^GET /api/organization-roles$',
      });
      const down = await a.call('GET', `/organizations/${orgId}/roles`, alice);
      assert.equal(down.status, 503);
      assert.equal(down.body.code, 'upstream.unavailable');
      const up = await a.call('GET', `/organizations/${orgId}/roles`, alice);
      assert.equal(up.status, 200);
      assert.ok(up.body.items.some((r: Json) => r.name === 'admin'));
    });

    it('removing a member needs no template: the admin role is read from the live membership', async () => {
      const a = await app();
      const orgId = await f.newOrg('alice', [
        ['bob', 'member'],
        ['carol', 'admin'],
      ]);
      const alice = await f.orgToken('alice', orgId);
      const removeBob = await a.call(
        'DELETE',
        `/organizations/${orgId}/members/${f.userId('bob')}`,
        alice,
      );
      assert.equal(removeBob.status, 204);
      const removeCarol = await a.call(
        'DELETE',
        `/organizations/${orgId}/members/${f.userId('carol')}`,
        alice,
      );
      assert.equal(removeCarol.status, 204, 'another admin remains');
      const leave = await a.call(
        'DELETE',
        `/organizations/${orgId}/members/${f.userId('alice')}`,
        alice,
      );
      assert.equal(leave.status, 409);
      assert.equal(leave.body.code, 'member.last_admin');
      assert.equal(a.roleLoads(), 0);
    });
  });

  describe('duplicate check of invitations, per email', () => {
    /** An organization with `history` revoked invitations to other addresses. */
    function orgWithHistory(owner: Username, orgId: string, history: number) {
      for (let i = 0; i < history; i += 1) {
        const inv = f.emu.store.createInvitation({
          inviterId: f.userId(owner),
          invitee: `past${i}@example.com`,
          organizationId: orgId,
          expiresAt: Date.now() + 86_400_000,
        });
        f.emu.store.setInvitationStatus(inv.id, 'Revoked');
      }
    }

    it("a few emails: asks Logto for each email's own invitations, not the organization's whole list", async () => {
      const a = await app();
      const orgId = await f.newOrg('alice');
      orgWithHistory('alice', orgId, 200);
      const alice = await f.orgToken('alice', orgId);
      const res = await a.call('POST', `/organizations/${orgId}/invitations`, alice, {
        emails: ['Kim@Example.com', 'kim@example.com', 'not-an-email', 'lee@example.com'],
        roleIds: [roleId('member')],
      });
      assert.deepEqual(
        res.body.results.map((r: Json) => [r.email, r.status, r.error?.code]),
        [
          ['kim@example.com', 'sent', undefined],
          ['kim@example.com', 'failed', 'invitation.duplicate_pending'],
          ['not-an-email', 'failed', 'invitation.invalid_email'],
          ['lee@example.com', 'sent', undefined],
        ],
      );
      const lookups = a.calls.filter(
        (c) => c.method === 'GET' && c.path === '/api/organization-invitations',
      );
      assert.deepEqual(
        // concurrent lookups: recorded in the order they finished
        lookups.map((c) => [c.query.get('organizationId'), c.query.get('invitee')]).sort(),
        [
          [orgId, 'kim@example.com'],
          [orgId, 'lee@example.com'],
        ],
      );
      // two empty lists, while the organization's list would hold 200 invitations
      for (const lookup of lookups) assert.ok(lookup.bytes <= 2, `${lookup.bytes} bytes`);
    });

    it('finds a pending invitation whatever its case (created elsewhere), and a + in the address', async () => {
      const a = await app();
      const orgId = await f.newOrg('alice');
      const alice = await f.orgToken('alice', orgId);
      await f.admin.createInvitation({
        inviterId: f.userId('alice'),
        invitee: 'Grace.Hopper+Team@Example.COM',
        organizationId: orgId,
        expiresAt: Date.now() + 86_400_000,
        organizationRoleIds: [],
      });
      const res = await a.call('POST', `/organizations/${orgId}/invitations`, alice, {
        emails: ['grace.hopper+team@example.com'],
        roleIds: [roleId('member')],
      });
      assert.equal(res.body.results[0].status, 'failed');
      assert.equal(res.body.results[0].error.code, 'invitation.duplicate_pending');
      assert.equal(invitationsOf(orgId, 'grace.hopper+team@example.com').length, 1);
    });

    it("not a duplicate: revoked, expired, accepted ones, or another organization's pending one", async () => {
      const a = await app();
      const orgId = await f.newOrg('alice');
      const otherOrg = await f.newOrg('alice');
      const alice = await f.orgToken('alice', orgId);
      const inviter = f.userId('alice');
      const make = (invitee: string, organizationId: string, expiresAt = Date.now() + 86_400_000) =>
        f.emu.store.createInvitation({ inviterId: inviter, invitee, organizationId, expiresAt });
      make('henry@example.com', otherOrg);
      f.emu.store.setInvitationStatus(make('ida@example.com', orgId).id, 'Revoked');
      const expiring = make('jack@example.com', orgId, Date.now() + 100);
      // dave is the emulator's demo user dave@example.com; he accepts, then leaves
      const accepted = make('dave@example.com', orgId);
      f.emu.store.setInvitationStatus(accepted.id, 'Accepted', f.userId('dave'));
      f.emu.store.removeMember(orgId, f.userId('dave'));
      while (f.emu.store.invitationStatus(expiring) !== 'Expired') {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      a.clock.t = Date.now();
      const emails = [
        'henry@example.com',
        'ida@example.com',
        'jack@example.com',
        'dave@example.com',
      ];
      const res = await a.call('POST', `/organizations/${orgId}/invitations`, alice, {
        emails,
        roleIds: [roleId('member')],
      });
      assert.deepEqual(
        res.body.results.map((r: Json) => [r.email, r.status]),
        emails.map((email) => [email, 'sent']),
      );
    });

    it('a failed lookup fails the whole request and creates nothing', async () => {
      const a = await app();
      const orgId = await f.newOrg('alice');
      const alice = await f.orgToken('alice', orgId);
      await a.call('GET', `/organizations/${orgId}/roles`, alice); // warm token and template
      await f.faults({
        target: 'api',
        count: 1000,
        status: 503,
        match: '^GET /api/organization-invitations$',
      });
      const emails = ['m1@example.com', 'm2@example.com', 'm3@example.com'];
      const res = await a.call('POST', `/organizations/${orgId}/invitations`, alice, {
        emails,
        roleIds: [roleId('member')],
      });
      assert.equal(res.status, 503);
      assert.equal(res.body.code, 'upstream.unavailable');
      assert.equal(a.count('POST', /^\/api\/organization-invitations$/), 0);
      for (const email of emails) assert.deepEqual(invitationsOf(orgId, email), []);
    });
  });
  describe('upstream calls of a first screen', () => {
    it('GET /organizations/:orgId: 1 call (my organizations, whole, with my roles); include adds the page', async () => {
      const a = await app();
      const orgId = await f.newOrg('alice', [['bob', 'member']]);
      const alice = await f.orgToken('alice', orgId);
      await a.call('GET', `/organizations/${orgId}/roles`, alice); // warm token and template
      const paths = (from: number) =>
        a.calls
          .slice(from)
          .filter((c) => c.path.startsWith('/api/'))
          .map((c) =>
            `${c.method} ${c.path}`.replace(orgId, ':org').replace(f.userId('alice'), ':me'),
          )
          .sort();
      let from = a.calls.length;
      const plain = await a.call('GET', `/organizations/${orgId}`, alice);
      assert.equal(plain.body.organization.id, orgId);
      assert.deepEqual(paths(from), ['GET /api/users/:me/organizations']);
      from = a.calls.length;
      const combined = await a.call('GET', `/organizations/${orgId}?include=roles,members`, alice);
      assert.equal(combined.body.members.total, 2);
      assert.deepEqual(paths(from), [
        'GET /api/organizations/:org/users',
        'GET /api/users/:me/organizations',
      ]);
    });

    it("my permissions there are my live roles' in the role template: a new role at once, a changed one when the template's time is up", async () => {
      const a = await app();
      const orgId = await f.newOrg('alice', [['bob', 'member']]);
      const bob = await f.orgToken('bob', orgId);
      const mine = async () => {
        const res = await a.call('GET', `/organizations/${orgId}`, bob);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return [...(res.body.me.permissions as string[])].sort();
      };
      // What Logto answers for bob's scopes (GET /api/organizations/:id/users/:userId/scopes).
      const scopes = () =>
        f.emu.store
          .memberScopes(orgId, f.userId('bob'))
          .map((s) => s.name)
          .sort();
      assert.deepEqual(await mine(), await scopes());
      assert.equal(a.roleLoads(), 1);
      // A role created and given to bob since the template was kept: loaded again, at once.
      const inviter = f.emu.store.createOrganizationRole({
        name: `inviter-${Math.random().toString(36).slice(2, 8)}`,
        organizationScopeIds: [scopeId('invite:member')],
      }).id;
      f.emu.store.addMemberRoles(orgId, f.userId('bob'), [inviter]);
      assert.deepEqual(await mine(), await scopes());
      assert.ok((await mine()).includes('invite:member'));
      assert.equal(a.roleLoads(), 2);
      // The role's permissions changed in Logto: shown once the kept template's time is up.
      f.emu.store.addOrganizationRoleScopes(inviter, [scopeId('remove:member')]);
      await mine();
      assert.equal(a.roleLoads(), 2, 'the template is kept');
      a.clock.t += 30_000;
      assert.deepEqual(await mine(), await scopes());
      assert.ok((await mine()).includes('remove:member'));
      assert.equal(a.roleLoads(), 3);
      // Taken away again: at once (roles are read live).
      f.emu.store.removeMemberRole(orgId, f.userId('bob'), inviter);
      assert.deepEqual(await mine(), await scopes());
    });
  });

  describe('upstream calls per invitation', () => {
    const apiCalls = (a: Awaited<ReturnType<typeof app>>, from: number) =>
      a.calls.slice(from).filter((c) => c.path.startsWith('/api/'));

    it('a single invitation: 4 calls (live permission, pending lookup, create, email)', async () => {
      const a = await app();
      const orgId = await f.newOrg('alice');
      const alice = await f.orgToken('alice', orgId);
      await a.call('GET', `/organizations/${orgId}/roles`, alice); // warm token and template
      const from = a.calls.length;
      const res = await a.call('POST', `/organizations/${orgId}/invitations`, alice, {
        emails: ['single@example.com'],
        roleIds: [roleId('member')],
      });
      assert.equal(res.body.results[0].status, 'sent');
      const calls = apiCalls(a, from).map((c) =>
        `${c.method} ${c.path}`
          .replace(orgId, ':org')
          .replace(f.userId('alice'), ':user')
          .replace(/invitations\/[^/]+\/message$/, 'invitations/:id/message'),
      );
      // The two reads go out together (either may reach Logto first), then the create, then the email.
      assert.deepEqual(calls.slice(0, 2).sort(), [
        'GET /api/organization-invitations',
        'GET /api/organizations/:org/users/:user/scopes',
      ]);
      assert.deepEqual(calls.slice(2), [
        'POST /api/organization-invitations',
        'POST /api/organization-invitations/:id/message',
      ]);
    });

    it('a batch of 20: at most 3 calls per email on average, the same answers', async () => {
      const a = await app();
      const orgId = await f.newOrg('alice');
      const alice = await f.orgToken('alice', orgId);
      // A pending one in another case, created elsewhere, and a revoked one: found by the batch.
      await f.admin.createInvitation({
        inviterId: f.userId('alice'),
        invitee: 'Batch3@Example.com',
        organizationId: orgId,
        expiresAt: Date.now() + 86_400_000,
        organizationRoleIds: [],
      });
      const revoked = f.emu.store.createInvitation({
        inviterId: f.userId('alice'),
        invitee: 'batch4@example.com',
        organizationId: orgId,
        expiresAt: Date.now() + 86_400_000,
      });
      f.emu.store.setInvitationStatus(revoked.id, 'Revoked');
      await a.call('GET', `/organizations/${orgId}/roles`, alice);
      const emails = Array.from({ length: 20 }, (_, i) => `batch${i}@example.com`);
      const from = a.calls.length;
      const res = await a.call('POST', `/organizations/${orgId}/invitations`, alice, {
        emails,
        roleIds: [roleId('member')],
      });
      assert.equal(res.status, 200);
      const statuses = res.body.results.map((r: Json) => r.status);
      assert.equal(res.body.results[3].error?.code, 'invitation.duplicate_pending');
      assert.equal(statuses.filter((s: string) => s === 'sent').length, 19);
      const calls = apiCalls(a, from);
      assert.ok(calls.length / 20 <= 3, `${calls.length} calls for 20 emails`);
      assert.equal(calls.length, 1 + 1 + 19 * 2);
    });

    it('without an email connector, one refusal settles delivery for the rest of the request', async () => {
      const a = await app();
      const orgId = await f.newOrg('alice');
      const alice = await f.orgToken('alice', orgId);
      await a.call('GET', `/organizations/${orgId}/roles`, alice);
      await f.setEmail(false);
      try {
        const emails = Array.from({ length: 20 }, (_, i) => `nomail${i}@example.com`);
        const from = a.calls.length;
        const res = await a.call('POST', `/organizations/${orgId}/invitations`, alice, {
          emails,
          roleIds: [roleId('member')],
        });
        assert.deepEqual(
          res.body.results.map((r: Json) => r.status),
          emails.map(() => 'link'),
        );
        for (const email of emails) assert.equal(invitationsOf(orgId, email).length, 1);
        const messages = apiCalls(a, from).filter((c) => c.path.endsWith('/message'));
        // concurrent invitations may each ask before the first refusal arrives
        assert.ok(messages.length <= 4, `${messages.length} message calls`);
      } finally {
        await f.setEmail(true);
      }
    });
  });
  describe('GET /me/invitations', () => {
    it('answers the newest pending invitations only: the lookups stay bounded however many others send', async () => {
      const a = await app();
      const extra = 12;
      const total = MY_INVITATIONS_MAX + extra;
      const user = f.emu.store.createUser({
        username: `popular${Date.now().toString(36)}`,
        primaryEmail: `Popular.${Date.now().toString(36)}@example.org`,
      });
      const base = Date.now() - 3_600_000;
      const made = [];
      for (let i = 0; i < total; i += 1) {
        // From strangers: one organization each (created here directly, for speed).
        const org = f.emu.store.createOrganization({ name: `Stranger ${i}` });
        const inv = f.emu.store.createInvitation({
          inviterId: f.userId('alice'),
          invitee: user.primaryEmail!,
          organizationId: org.id,
          expiresAt: Date.now() + (1 + (i % 7)) * 86_400_000,
        });
        inv.createdAt = base + i * 1000; // the order in which they were sent
        made.push(inv);
      }
      const token = await mintUserToken(f.emu.url, {
        userId: user.id,
        resource: f.config.apiResource,
      });
      await a.call('GET', '/me/organizations', token); // warm the M2M token
      const from = a.calls.length;
      const res = await a.call('GET', '/me/invitations', token);
      assert.equal(res.status, 200);
      const calls = a.calls.slice(from);
      const newest = made.slice(extra).map((inv) => inv.id);
      assert.deepEqual(res.body.invitations.map((i: Json) => i.id).sort(), newest.sort());
      // Soonest expiry first, as before.
      const expiries = res.body.invitations.map((i: Json) => i.expiresAt);
      assert.deepEqual(
        expiries,
        [...expiries].sort((x, y) => x - y),
      );
      const orgLookups = calls.filter(
        (c) => c.method === 'GET' && /^\/api\/organizations\/[^/]+$/.test(c.path),
      );
      assert.equal(orgLookups.length, MY_INVITATIONS_MAX, 'one per organization listed, no more');
      // The user, the listing, the organizations and the one inviter: nothing else.
      assert.equal(calls.length, MY_INVITATIONS_MAX + 3, JSON.stringify(calls.map((c) => c.path)));
    });
  });
});
