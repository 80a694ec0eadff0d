/**
 * Logto misbehaving, through the emulator's fault switch (and a cut-off JWKS): the server answers
 * with the documented `upstream.*` codes within its timeout, retries only idempotent calls (and
 * only once), and leaves no orphan organization and no half-applied change.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { generateKeyPair, SignJWT } from 'jose';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { silentLogger } from '../../server/src/logger.js';
import { startFixture, assertStableError, type Fixture, type Reply } from './fixture.js';

const TIMEOUT_MS = 300;
/** How long past the timeout an answer may take (scheduling on a busy 2-core machine). */
const SLACK_MS = 700;

let scenarios = 0;

describe('faults: Logto misbehaves', () => {
  let f: Fixture;
  let orgId: string;
  let aliceOrg: string;
  let aliceResource: string;

  before(async () => {
    f = await startFixture({ ORG_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) });
    orgId = f.org('Faults', { alice: ['admin'], bob: ['member'] });
    aliceOrg = await f.orgToken('alice', orgId);
    aliceResource = await f.resourceToken('alice');
    // Warm the key and M2M caches so each scenario sees only its own fault.
    assert.equal((await f.call('GET', `/organizations/${orgId}`, { token: aliceOrg })).status, 200);
  });
  afterEach(() => f.clearFaults());
  after(async () => {
    const { scanned } = f.assertNoSecrets();
    console.log(
      `faults: ${scenarios} scenarios; secret scan of ${scanned} responses and log lines`,
    );
    await f.close();
  });

  /** Runs `fn` and returns its reply and the upstream calls it caused. */
  async function observe(fn: () => Promise<Reply>) {
    const from = f.upstream.length;
    const reply = await fn();
    scenarios += 1;
    assertStableError(reply);
    return { reply, calls: f.upstream.slice(from).map((c) => c.call) };
  }
  const count = (calls: string[], pattern: RegExp) => calls.filter((c) => pattern.test(c)).length;
  const MEMBERS = /^GET \/api\/organizations\/[^/]+\/users$/;
  const listMembers = () => f.call('GET', `/organizations/${orgId}/members`, { token: aliceOrg });

  describe('Management API', () => {
    for (const status of [502, 503, 504, 429]) {
      it(`${status} once on an idempotent read: retried once, then answered`, async () => {
        await f.faults({ target: 'api', count: 1, status, match: MEMBERS.source });
        const { reply, calls } = await observe(listMembers);
        assert.equal(reply.status, 200);
        assert.equal(count(calls, MEMBERS), 2);
      });

      it(`${status} persistently: upstream.unavailable after exactly one retry`, async () => {
        await f.faults({ target: 'api', count: 5, status, match: MEMBERS.source });
        const { reply, calls } = await observe(listMembers);
        assert.equal(reply.status, 503);
        assert.equal(reply.body.code, 'upstream.unavailable');
        assert.equal(count(calls, MEMBERS), 2);
      });
    }

    it('500 (not transient): upstream.unavailable, not retried', async () => {
      await f.faults({ target: 'api', count: 5, status: 500, match: MEMBERS.source });
      const { reply, calls } = await observe(listMembers);
      assert.equal(reply.status, 503);
      assert.equal(reply.body.code, 'upstream.unavailable');
      assert.equal(count(calls, MEMBERS), 1);
    });

    it('an unexpected 4xx: upstream.error (502), Logto text not shown', async () => {
      await f.faults({ target: 'api', count: 1, status: 418, match: MEMBERS.source });
      const { reply } = await observe(listMembers);
      assert.equal(reply.status, 502);
      assert.equal(reply.body.code, 'upstream.error');
      assert.doesNotMatch(reply.text, /emulator|Injected/i);
    });

    it('a hang: upstream.timeout within the timeout, not retried', async () => {
      await f.faults({ target: 'api', count: 5, hang: true, match: MEMBERS.source });
      const { reply, calls } = await observe(listMembers);
      assert.equal(reply.status, 504);
      assert.equal(reply.body.code, 'upstream.timeout');
      assert.ok(reply.ms < TIMEOUT_MS + SLACK_MS, `answered in ${Math.round(reply.ms)} ms`);
      assert.equal(count(calls, MEMBERS), 1);
    });

    it('POSTs are never retried (create organization, invitation)', async () => {
      const CREATE = /^POST \/api\/organizations$/;
      await f.faults({ target: 'api', count: 5, status: 503, match: CREATE.source });
      const before = f.state();
      const { reply, calls } = await observe(() =>
        f.call('POST', '/organizations', { token: aliceResource, body: { name: 'No Retry' } }),
      );
      assert.equal(reply.body.code, 'upstream.unavailable');
      assert.equal(count(calls, CREATE), 1);
      assert.equal(f.state(), before);

      const INVITE = /^POST \/api\/organization-invitations$/;
      await f.clearFaults();
      await f.faults({ target: 'api', count: 5, status: 503, match: INVITE.source });
      const invited = await observe(() =>
        f.call('POST', `/organizations/${orgId}/invitations`, {
          token: aliceOrg,
          body: { emails: ['one@example.com', 'two@example.com'], roleIds: [f.roleId('member')] },
        }),
      );
      assert.equal(invited.reply.status, 200);
      for (const result of invited.reply.body.results) {
        assert.equal(result.status, 'failed');
        assert.equal(result.error.code, 'upstream.unavailable');
      }
      assert.equal(count(invited.calls, INVITE), 2, 'one attempt per email');
    });

    it('a failing live permission check refuses the mutation and changes nothing', async () => {
      const SCOPES = /^GET \/api\/organizations\/[^/]+\/users\/[^/]+\/scopes$/;
      await f.faults({ target: 'api', count: 5, status: 503, match: SCOPES.source });
      const before = f.state();
      const { reply } = await observe(() =>
        f.call('PATCH', `/organizations/${orgId}`, { token: aliceOrg, body: { name: 'Nope' } }),
      );
      assert.equal(reply.body.code, 'upstream.unavailable');
      assert.equal(f.state(), before);
    });

    it('an invitation email that fails still leaves one usable invitation (link)', async () => {
      await f.faults({
        target: 'api',
        count: 5,
        status: 500,
        match: '^POST /api/organization-invitations/[^/]+/message$',
      });
      const { reply } = await observe(() =>
        f.call('POST', `/organizations/${orgId}/invitations`, {
          token: aliceOrg,
          body: { emails: ['mailfail@example.com'], roleIds: [f.roleId('member')] },
        }),
      );
      assert.equal(reply.status, 200);
      const [result] = reply.body.results;
      assert.equal(result.status, 'link');
      const stored = f.emu.store
        .listInvitations({ organizationId: orgId })
        .filter((i) => i.invitee === 'mailfail@example.com');
      assert.equal(stored.length, 1);
      assert.equal(f.emu.store.invitationStatus(stored[0]!), 'Pending');
    });
  });

  describe('create organization: a failure between the steps leaves no orphan', () => {
    const steps = [
      { step: 'create', match: '^POST /api/organizations$' },
      { step: 'add the creator', match: '^POST /api/organizations/[^/]+/users$' },
      { step: 'assign the admin role', match: '^POST /api/organizations/[^/]+/users/[^/]+/roles$' },
    ];
    const modes = [
      { mode: '500', spec: { status: 500 }, code: 'upstream.unavailable' },
      { mode: '503', spec: { status: 503 }, code: 'upstream.unavailable' },
      { mode: '422', spec: { status: 422 }, code: 'upstream.error' },
      { mode: 'hang', spec: { hang: true }, code: 'upstream.timeout' },
    ];
    for (const { step, match } of steps) {
      for (const { mode, spec, code } of modes) {
        it(`${step} fails (${mode}): ${code}, no organization left`, async () => {
          const name = `Orphan ${step} ${mode}`;
          await f.faults({ target: 'api', count: 1, match, ...spec });
          const before = f.state();
          const { reply, calls } = await observe(() =>
            f.call('POST', '/organizations', { token: aliceResource, body: { name } }),
          );
          assert.equal(reply.body.code, code);
          assert.ok(reply.ms < 2 * TIMEOUT_MS + SLACK_MS, `answered in ${Math.round(reply.ms)} ms`);
          const left = f.emu.store.listOrganizations().filter((o) => o.name === name);
          assert.deepEqual(left, [], 'no orphan organization');
          assert.equal(f.state(), before, 'state as before');
          if (step !== 'create') {
            assert.equal(count(calls, /^DELETE \/api\/organizations\/[^/]+$/), 1, 'rolled back');
          }
        });
      }
    }
  });

  describe('accept an invitation: a failure leaves it either untouched or fully accepted', () => {
    let n = 0;
    async function invitee() {
      n += 1;
      const username = `joiner${n}`;
      const userId = f.newUser(username);
      const invitation = f.emu.store.createInvitation({
        inviterId: f.userId('alice'),
        invitee: `${username}@example.com`,
        organizationId: orgId,
        expiresAt: Date.now() + 86_400_000,
        organizationRoleIds: [f.roleId('member')],
      });
      const token = await f.resourceToken(username);
      return { userId, id: invitation.id, token };
    }
    const consistent = (id: string, userId: string) => {
      const status = f.emu.store.invitationStatus(f.emu.store.getInvitation(id));
      const member = f.emu.store.isMember(orgId, userId);
      assert.ok(
        (status === 'Pending' && !member) || (status === 'Accepted' && member),
        `consistent: ${status}, member ${member}`,
      );
      if (member) {
        assert.deepEqual(
          f.emu.store.memberRoles(orgId, userId).map((r) => r.name),
          ['member'],
          'with the invitation roles',
        );
      }
      return status;
    };
    const STATUS = '^PUT /api/organization-invitations/[^/]+/status$';

    for (const [mode, spec, code] of [
      ['500', { status: 500 }, 'upstream.unavailable'],
      ['hang', { hang: true }, 'upstream.timeout'],
    ] as const) {
      it(`the status change fails (${mode}): ${code}, untouched, and a retry succeeds`, async () => {
        const { userId, id, token } = await invitee();
        await f.faults({ target: 'api', count: 1, match: STATUS, ...spec });
        const { reply } = await observe(() =>
          f.call('POST', `/invitations/${id}/accept`, { token }),
        );
        assert.equal(reply.body.code, code);
        assert.equal(consistent(id, userId), 'Pending');
        const again = await f.call('POST', `/invitations/${id}/accept`, { token });
        assert.equal(again.status, 200);
        assert.equal(consistent(id, userId), 'Accepted');
      });
    }

    it('a 503 on the status change is retried once (idempotent PUT) and succeeds', async () => {
      const { userId, id, token } = await invitee();
      await f.faults({ target: 'api', count: 1, status: 503, match: STATUS });
      const { reply, calls } = await observe(() =>
        f.call('POST', `/invitations/${id}/accept`, { token }),
      );
      assert.equal(reply.status, 200);
      assert.equal(count(calls, new RegExp(STATUS)), 2);
      assert.equal(consistent(id, userId), 'Accepted');
    });

    it('the read after accepting fails: the acceptance is whole (accepted and a member)', async () => {
      const { userId, id, token } = await invitee();
      await f.faults({
        target: 'api',
        count: 2,
        status: 503,
        match: '^GET /api/organizations/[^/]+$',
      });
      const { reply } = await observe(() => f.call('POST', `/invitations/${id}/accept`, { token }));
      assert.equal(reply.body.code, 'upstream.unavailable');
      assert.equal(consistent(id, userId), 'Accepted');
      // The user's retry is idempotent: it answers what the first attempt should have.
      const again = await f.call('POST', `/invitations/${id}/accept`, { token });
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.equal(again.body.organization.id, orgId);
      assert.deepEqual(
        again.body.organization.roles.map((r: { name: string }) => r.name),
        ['member'],
      );
      assert.equal(consistent(id, userId), 'Accepted');
    });
  });

  describe('resend an expired invitation: a failed re-create keeps its upstream answer', () => {
    let n = 0;
    /** An invitation of `orgId` that expired a second ago (set in the emulator's store). */
    function expired() {
      n += 1;
      const invitation = f.emu.store.createInvitation({
        inviterId: f.userId('alice'),
        invitee: `lapsed${n}@example.com`,
        organizationId: orgId,
        expiresAt: Date.now() + 86_400_000,
        organizationRoleIds: [f.roleId('member')],
      });
      invitation.expiresAt = Date.now() - 1000;
      return invitation;
    }
    const CREATE = /^POST \/api\/organization-invitations$/;
    const resend = (id: string) =>
      f.call('POST', `/organizations/${orgId}/invitations/${id}/resend`, { token: aliceOrg });

    for (const [mode, spec, status, code] of [
      ['503', { status: 503 }, 503, 'upstream.unavailable'],
      ['500', { status: 500 }, 503, 'upstream.unavailable'],
      ['418', { status: 418 }, 502, 'upstream.error'],
      ['hang', { hang: true }, 504, 'upstream.timeout'],
    ] as const) {
      it(`the re-create fails (${mode}): ${status} ${code}, not internal; a retry succeeds`, async () => {
        const old = expired();
        await f.faults({ target: 'api', count: 1, match: CREATE.source, ...spec });
        const { reply, calls } = await observe(() => resend(old.id));
        assert.equal(reply.status, status, JSON.stringify(reply.body));
        assert.equal(reply.body.code, code);
        assert.doesNotMatch(reply.text, /emulator|Injected/i);
        assert.ok(reply.ms < TIMEOUT_MS + SLACK_MS, `answered in ${Math.round(reply.ms)} ms`);
        assert.equal(count(calls, CREATE), 1, 'the POST is not retried');
        const pending = () =>
          f.emu.store
            .listInvitations({ organizationId: orgId })
            .filter(
              (i) => i.invitee === old.invitee && f.emu.store.invitationStatus(i) === 'Pending',
            );
        assert.equal(pending().length, 0, 'nothing created');
        const again = await resend(old.id);
        assert.equal(again.status, 200, JSON.stringify(again.body));
        assert.equal(pending().length, 1);
      });
    }
  });

  describe('the M2M token endpoint', () => {
    /** Drops the server's cached M2M token, so the next call asks for a new one. */
    function coldM2m() {
      for (const token of f.m2mTokens) f.internals.m2m.invalidate(token);
    }
    const TOKEN = /^POST \/oidc\/token$/;

    it('down (503): upstream.unavailable, no API call without a token, recovers after', async () => {
      coldM2m();
      await f.faults({ target: 'token', count: 100, status: 503 });
      const from = f.upstream.length;
      const replies = await Promise.all(Array.from({ length: 10 }, () => listMembers()));
      scenarios += 1;
      for (const reply of replies) {
        assertStableError(reply);
        assert.equal(reply.body.code, 'upstream.unavailable');
      }
      const calls = f.upstream.slice(from).map((c) => c.call);
      assert.ok(count(calls, TOKEN) <= 10, 'at most one token request per user request');
      assert.equal(count(calls, MEMBERS), 0, 'no API call without a token');
      await f.clearFaults();
      assert.equal((await listMembers()).status, 200, 'recovers');
    });

    it('hanging, under concurrency: one shared token request, every caller gets upstream.timeout', async () => {
      coldM2m();
      await f.faults({ target: 'token', count: 100, hang: true });
      const from = f.upstream.length;
      const replies = await Promise.all(Array.from({ length: 10 }, () => listMembers()));
      scenarios += 1;
      for (const reply of replies) {
        assertStableError(reply);
        assert.equal(reply.body.code, 'upstream.timeout');
        assert.ok(reply.ms < TIMEOUT_MS + SLACK_MS, `answered in ${Math.round(reply.ms)} ms`);
      }
      const calls = f.upstream.slice(from).map((c) => c.call);
      assert.equal(count(calls, TOKEN), 1, 'single flight; the token POST is not retried');
    });

    it('hanging: upstream.timeout within the timeout', async () => {
      coldM2m();
      await f.faults({ target: 'token', count: 1, hang: true });
      const { reply } = await observe(listMembers);
      assert.equal(reply.body.code, 'upstream.timeout');
      assert.ok(reply.ms < TIMEOUT_MS + SLACK_MS, `answered in ${Math.round(reply.ms)} ms`);
    });

    it('refusing the credentials (401): upstream.error, nothing about them in the answer', async () => {
      coldM2m();
      await f.faults({ target: 'token', count: 1, status: 401 });
      const { reply } = await observe(listMembers);
      assert.equal(reply.status, 502);
      assert.equal(reply.body.code, 'upstream.error');
    });

    it('a 401 from the Management API drops the token and retries once with a new one', async () => {
      assert.equal((await listMembers()).status, 200, 'warm: a cached M2M token');
      await f.faults({ target: 'api', count: 1, status: 401, match: MEMBERS.source });
      const { reply, calls } = await observe(listMembers);
      assert.equal(reply.status, 200);
      assert.equal(count(calls, TOKEN), 1);
      assert.equal(count(calls, MEMBERS), 2);
    });
  });
});

describe('faults: user token keys (JWKS) unreachable', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture({ ORG_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) });
  });
  after(() => f.close());

  it('JWKS unreachable: 503 upstream.unavailable (not a 401 that would sign the user out)', async () => {
    f.cut.unreachable = /\/oidc\/jwks$/;
    const token = await f.resourceToken('alice');
    const reply = await f.call('GET', '/me/organizations', { token });
    scenarios += 1;
    assertStableError(reply);
    assert.equal(reply.status, 503);
    assert.equal(reply.body.code, 'upstream.unavailable');
    f.cut.unreachable = null;
    const recovered = await f.call('GET', '/me/organizations', { token });
    assert.equal(recovered.status, 200, 'works again once the keys can be fetched');
  });

  it('JWKS hanging: 504 upstream.timeout within the upstream timeout', async () => {
    const other = await startFixture({ ORG_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) });
    try {
      other.cut.hang = /\/oidc\/jwks$/;
      const token = await other.resourceToken('alice');
      const reply = await other.call('GET', '/me/organizations', { token });
      scenarios += 1;
      assertStableError(reply);
      assert.equal(reply.body.code, 'upstream.timeout');
      assert.ok(reply.ms < TIMEOUT_MS + SLACK_MS, `answered in ${Math.round(reply.ms)} ms`);
    } finally {
      await other.close();
    }
  });

  it('Logto at a closed port: 503 upstream.unavailable for tokens, no crash', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const endpoint = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      LOGTO_ENDPOINT: endpoint,
      LOGTO_M2M_APP_ID: 'm2m',
      LOGTO_M2M_APP_SECRET: 'closed-port-secret',
      ORG_API_RESOURCE: 'https://api.example.com/org',
      ORG_INVITATION_LINK: 'https://app.example.com/invite?id={id}',
      ORG_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
    });
    const { app } = buildApp({ config, logger: silentLogger });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { privateKey } = await generateKeyPair('ES384');
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ scope: '' })
        .setProtectedHeader({ alg: 'ES384', typ: 'at+jwt', kid: 'k1' })
        .setIssuer(`${endpoint}/oidc`)
        .setAudience(config.apiResource)
        .setSubject('user-1')
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(privateKey);
      const { port: serverPort } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${serverPort}/me/organizations`, {
        headers: { authorization: `Bearer ${token}` },
      });
      scenarios += 1;
      const body = (await res.json()) as { code: string };
      assert.equal(res.status, 503);
      assert.equal(body.code, 'upstream.unavailable');
      const health = await fetch(`http://127.0.0.1:${serverPort}/healthz`);
      assert.equal(health.status, 200);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
