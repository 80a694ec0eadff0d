import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { buildApp } from '../src/app.js';
import type { AuthContext } from '../src/auth.js';
import { WEBHOOK_EVENTS } from '../src/live/webhook.js';
import { startFixture, type Fixture } from './emulator-fixture.js';
import { listen, recordingLogger, sameLogtoConfig, type Running } from './helpers.js';
import { openStream, type OpenedStream } from './sse-client.js';

const SIGNING_KEY = 'live-test-signing-key-0123456789';

/** A promise with its resolve function, to hold a step until the test lets it go. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function json(res: Response | OpenedStream): Promise<{ code: string }> {
  if (res instanceof Response) return (await res.json()) as { code: string };
  return JSON.parse(res.text()) as { code: string };
}

describe('GET /organizations/:orgId/events', () => {
  let f: Fixture;
  const opened: OpenedStream[] = [];
  const open = async (...args: Parameters<typeof openStream>) => {
    const stream = await openStream(...args);
    opened.push(stream);
    return stream;
  };

  before(async () => {
    f = await startFixture({
      ORG_WEBHOOK_SIGNING_KEY: SIGNING_KEY,
      ORG_LIVE_MAX_STREAMS_PER_USER: '3',
    });
  });
  after(async () => {
    opened.forEach((s) => s.close());
    await f.close();
  });

  it('needs the organization token: missing 401, another organization 401, no read:member 403', async () => {
    const orgA = await f.newOrg('alice', [['bob', 'member'], ['dave']]);
    const orgB = await f.newOrg('carol', [['bob', 'member']]);

    const missing = await open(f.server.url, orgA, undefined);
    assert.equal(missing.status, 401);
    await missing.closed;
    assert.equal((await json(missing)).code, 'auth.missing_token');

    const other = await open(f.server.url, orgA, await f.orgToken('bob', orgB));
    assert.equal(other.status, 401);
    await other.closed;
    assert.equal((await json(other)).code, 'auth.invalid_token');

    // dave is a member without a role: his token has no read:member.
    const noRead = await open(f.server.url, orgA, await f.orgToken('dave', orgA));
    assert.equal(noRead.status, 403);
    await noRead.closed;
    assert.equal((await json(noRead)).code, 'auth.forbidden');
  });

  it('re-checks live at open: a token minted before the role was withdrawn is refused', async () => {
    const orgId = await f.newOrg('alice', [['bob', 'member']]);
    const token = await f.orgToken('bob', orgId);
    await f.admin.replaceMemberRoles(orgId, f.userId('bob'), []);
    const refused = await open(f.server.url, orgId, token);
    assert.equal(refused.status, 403);
    await refused.closed;
    assert.equal((await json(refused)).code, 'auth.forbidden');

    await f.admin.removeOrganizationUser(orgId, f.userId('bob'));
    const removed = await open(f.server.url, orgId, token);
    assert.equal(removed.status, 403);
    await removed.closed;
    assert.equal((await json(removed)).code, 'organization.not_member');
  });

  it('opens with the streaming headers, retry:, CORS for the allowed origin', async () => {
    const orgId = await f.newOrg('alice');
    const stream = await open(f.server.url, orgId, await f.orgToken('alice', orgId), {
      origin: 'http://localhost:5173',
    });
    assert.equal(stream.status, 200);
    assert.match(stream.headers.get('content-type')!, /^text\/event-stream/);
    assert.equal(stream.headers.get('cache-control'), 'no-cache, no-transform');
    assert.equal(stream.headers.get('x-accel-buffering'), 'no');
    assert.equal(stream.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.equal(stream.headers.get('content-encoding'), null);
    const deadline = Date.now() + 2000;
    while (!stream.text().includes(': ok') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.match(stream.text(), /^retry: \d+\n: ok\n\n/);
    stream.close();
  });

  it('a change through the server reaches the other members at once, as a signal with ids only', async () => {
    const orgId = await f.newOrg('alice', [
      ['bob', 'member'],
      ['carol', 'member'],
    ]);
    const bob = await open(f.server.url, orgId, await f.orgToken('bob', orgId));
    assert.equal(bob.status, 200);
    const aliceToken = await f.orgToken('alice', orgId);

    const renamed = await f.call('PATCH', `/organizations/${orgId}`, {
      token: aliceToken,
      body: { name: 'Renamed' },
    });
    assert.equal(renamed.status, 200);
    const org = await bob.next((r) => (r.data as { type: string }).type === 'organization');
    assert.deepEqual(org.data, { type: 'organization', ids: [orgId] });

    const removed = await f.call('DELETE', `/organizations/${orgId}/members/${f.userId('carol')}`, {
      token: aliceToken,
    });
    assert.equal(removed.status, 204);
    const members = await bob.next((r) => (r.data as { type: string }).type === 'members');
    assert.deepEqual(members.data, { type: 'members', ids: [f.userId('carol')] });
    // Only the kind and ids: never names, emails or roles.
    for (const r of bob.received) {
      assert.deepEqual(Object.keys(r.data as object).sort(), ['ids', 'type']);
    }
    bob.close();
  });

  it('carries no foreign data: other organizations stay out, invitation ids only for invite:member', async () => {
    const orgId = await f.newOrg('alice', [['bob', 'member']]);
    const otherOrg = await f.newOrg('alice', [['carol', 'member']]);
    const bob = await open(f.server.url, orgId, await f.orgToken('bob', orgId));
    const alice = await open(f.server.url, orgId, await f.orgToken('alice', orgId));
    const aliceToken = await f.orgToken('alice', orgId);

    await f.call('DELETE', `/organizations/${otherOrg}/members/${f.userId('carol')}`, {
      token: await f.orgToken('alice', otherOrg),
    });
    const member = (await f.admin.listOrganizationRoles()).find((r) => r.name === 'member')!;
    const invited = await f.call('POST', `/organizations/${orgId}/invitations`, {
      token: aliceToken,
      body: { emails: ['someone@example.com'], roleIds: [member.id] },
    });
    assert.equal(invited.status, 200);
    const signal = await alice.next((r) => (r.data as { type: string }).type === 'invitations');
    assert.deepEqual(signal.data, {
      type: 'invitations',
      ids: [invited.body.results[0].invitation.id],
    });
    // A later change bob may see proves the earlier ones were not held back.
    await f.call('PATCH', `/organizations/${orgId}`, { token: aliceToken, body: { name: 'X' } });
    await bob.next((r) => (r.data as { type: string }).type === 'organization');
    assert.deepEqual(
      bob.received.map((r) => (r.data as { type: string }).type),
      ['organization'],
    );
    assert.equal(alice.text().includes(otherOrg), false);
    bob.close();
    alice.close();
  });

  it("a removed member's stream ends with organization.not_member", async () => {
    const orgId = await f.newOrg('alice', [['bob', 'member']]);
    const bob = await open(f.server.url, orgId, await f.orgToken('bob', orgId));
    assert.equal(bob.status, 200);
    const res = await f.call('DELETE', `/organizations/${orgId}/members/${f.userId('bob')}`, {
      token: await f.orgToken('alice', orgId),
    });
    assert.equal(res.status, 204);
    const end = await bob.next((r) => r.event === 'end');
    assert.deepEqual(end.data, { code: 'organization.not_member' });
    await bob.closed;
  });

  it('a removal made directly in Logto ends the stream through the webhook', async () => {
    const orgId = await f.newOrg('alice', [['bob', 'member']]);
    const bob = await open(f.server.url, orgId, await f.orgToken('bob', orgId));
    await f.admin.removeOrganizationUser(orgId, f.userId('bob'));
    const body = JSON.stringify({
      event: 'Organization.Membership.Updated',
      createdAt: new Date().toISOString(),
      organizationId: orgId,
      removedUserIds: [f.userId('bob')],
      hookId: 'test-hook',
    });
    const res = await fetch(`${f.server.url}/webhooks/logto`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'logto-signature-sha-256': createHmac('sha256', SIGNING_KEY).update(body).digest('hex'),
      },
      body,
    });
    assert.equal(res.status, 204);
    await bob.next((r) => (r.data as { type: string }).type === 'members');
    const end = await bob.next((r) => r.event === 'end');
    assert.deepEqual(end.data, { code: 'organization.not_member' });
  });

  it('bounds the streams per user: 429 stream.too_many', async () => {
    const orgId = await f.newOrg('carol');
    const token = await f.orgToken('carol', orgId);
    const streams = [];
    for (let i = 0; i < 3; i += 1) streams.push(await open(f.server.url, orgId, token));
    assert.deepEqual(
      streams.map((s) => s.status),
      [200, 200, 200],
    );
    const fourth = await open(f.server.url, orgId, token);
    assert.equal(fourth.status, 429);
    await fourth.closed;
    assert.equal((await json(fourth)).code, 'stream.too_many');
    streams[0]!.close();
    await streams[0]!.closed;
    // The slot is given back once the client went away.
    const deadline = Date.now() + 2000;
    let again = await open(f.server.url, orgId, token);
    while (again.status === 429 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      again = await open(f.server.url, orgId, token);
    }
    assert.equal(again.status, 200);
    for (const s of [...streams, again]) s.close();
  });

  it('a client gone while its token is still being verified holds no slot and no stream', async () => {
    const orgId = await f.newOrg('carol');
    const config = sameLogtoConfig(f.config);
    assert.equal(config.live.maxStreamsPerUser, 10);
    // The first key lookup (the full check of a token not seen yet) waits for the test.
    const remote = createRemoteJWKSet(new URL(`${config.issuer}/jwks`));
    const lookedUp = deferred();
    const release = deferred();
    let held = false;
    const jwks: JWTVerifyGetKey = async (header, token) => {
      if (!held) {
        held = true;
        lookedUp.resolve();
        await release.promise;
      }
      return remote(header, token);
    };
    const { app, internals } = buildApp({ config, logger: recordingLogger().logger, jwks });
    const hub = internals.live!.hub;
    // Sees, for the first request, when its connection closed and when its token was accepted
    // (the organization-token middleware stores the verified caller in res.locals.auth).
    const clientGone = deferred();
    const verified = deferred();
    let watched = false;
    const server: Running = await listen((req: IncomingMessage, res: ServerResponse) => {
      if (!watched) {
        watched = true;
        res.on('close', () => clientGone.resolve());
        let auth: AuthContext | undefined;
        (res as ServerResponse & { locals: object }).locals = {
          get auth() {
            return auth;
          },
          set auth(value: AuthContext | undefined) {
            auth = value;
            verified.resolve();
          },
        };
      }
      app(req, res);
    });
    const streams: OpenedStream[] = [];
    try {
      const token = await f.orgToken('carol', orgId);
      const abort = new AbortController();
      const dropped = fetch(`${server.url}/organizations/${orgId}/events`, {
        headers: { authorization: `Bearer ${token}` },
        signal: abort.signal,
      }).catch(() => undefined);
      await lookedUp.promise;
      abort.abort();
      await dropped;
      await clientGone.promise;
      // The verification ends after the client left; the route runs up to its first wait.
      release.resolve();
      await verified.promise;
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(hub.size, 0, 'nothing opened or reserved for a client that left');

      for (let i = 0; i < 10; i += 1) streams.push(await openStream(server.url, orgId, token));
      assert.deepEqual(
        streams.map((s) => s.status),
        Array(10).fill(200),
        'all 10 slots of the user are free',
      );
      assert.equal(hub.size, 10);
      const eleventh = await openStream(server.url, orgId, token);
      assert.equal(eleventh.status, 429);
      await eleventh.closed;
    } finally {
      streams.forEach((s) => s.close());
      await internals.live?.close();
      await server.close();
    }
  });

  it('rate limits opens per user (429 rate_limited, Retry-After)', async () => {
    const orgId = await f.newOrg('alice');
    const limited = await f.extraApp({ ORG_LIVE_OPEN_LIMIT: '2' });
    const token = await f.orgToken('alice', orgId);
    for (let i = 0; i < 2; i += 1) {
      const s = await open(limited.url, orgId, token);
      assert.equal(s.status, 200);
      s.close();
    }
    const third = await open(limited.url, orgId, token);
    assert.equal(third.status, 429);
    assert.ok(third.headers.get('retry-after'));
    await third.closed;
    assert.equal((await json(third)).code, 'rate_limited');
  });

  it('ORG_LIVE=off serves no stream (404 route.not_found: the elements stay as without it)', async () => {
    const orgId = await f.newOrg('alice');
    const off = await f.extraApp({ ORG_LIVE: 'off' });
    assert.equal(off.internals.live, null);
    const res = await fetch(`${off.url}/organizations/${orgId}/events`, {
      headers: { authorization: `Bearer ${await f.orgToken('alice', orgId)}` },
    });
    assert.equal(res.status, 404);
    assert.equal((await json(res)).code, 'route.not_found');
  });

  it('ends the stream when the token expires (auth.invalid_token), and heartbeats while idle', async () => {
    const orgId = await f.newOrg('alice');
    const token = await f.orgToken('alice', orgId);
    // The server's clock runs 3600 s - 2.5 s ahead: the fresh token has 2.5 s left.
    const config = sameLogtoConfig(f.config, {
      ORG_CLOCK_TOLERANCE_S: '0',
      ORG_LIVE_HEARTBEAT_MS: '1000',
    });
    const skew = 3_600_000 - 2500;
    const { app, internals } = buildApp({
      config,
      logger: recordingLogger().logger,
      now: () => Date.now() + skew,
    });
    const server: Running = await listen(app);
    try {
      const stream = await open(server.url, orgId, token);
      assert.equal(stream.status, 200);
      const end = await stream.next((r) => r.event === 'end', 6000);
      assert.deepEqual(end.data, { code: 'auth.invalid_token' });
      await stream.closed;
      assert.match(stream.text(), /\n:\n\n/, 'a heartbeat comment before the end');
      assert.equal(internals.live!.hub.size, 0);
    } finally {
      await internals.live?.close();
      await server.close();
    }
  });
});

describe('live checks after a change, with Logto webhook echoes', () => {
  let f: Fixture;
  const opened: OpenedStream[] = [];

  before(async () => {
    f = await startFixture({ ORG_WEBHOOK_SIGNING_KEY: SIGNING_KEY });
    // Logto's webhook to this server: a change made through it comes back as a second signal.
    f.emu.store.createHook({
      events: [...WEBHOOK_EVENTS],
      config: { url: `${f.server.url}/webhooks/logto` },
      signingKey: SIGNING_KEY,
    });
  });
  after(async () => {
    opened.forEach((s) => s.close());
    await f.close();
  });

  it("one change and its echo cost one live check per user with streams open; a removed member's streams still end", async () => {
    const hub = f.internals.live!.hub;
    const orgId = await f.newOrg('alice', [
      ['bob', 'member'],
      ['carol', 'member'],
    ]);
    const users = ['alice', 'bob', 'carol'] as const;
    const aliceToken = await f.orgToken('alice', orgId);
    await f.emu.webhooks.idle();
    const calls = () => f.emu.stats.apiRequests;
    const rename = async (name: string) => {
      const res = await f.call('PATCH', `/organizations/${orgId}`, {
        token: aliceToken,
        body: { name },
      });
      assert.equal(res.status, 200);
    };

    // What a rename costs with no stream open, and what one live check costs (an open).
    let before = calls();
    await rename('First name');
    await f.emu.webhooks.idle();
    const renameAlone = calls() - before;
    const streams = new Map<string, OpenedStream[]>();
    let checkCost = 0;
    for (const user of users) {
      const token = await f.orgToken(user, orgId);
      const mine: OpenedStream[] = [];
      for (let i = 0; i < 4; i += 1) {
        before = calls();
        mine.push(await openStream(f.server.url, orgId, token));
        checkCost = Math.max(checkCost, calls() - before);
      }
      assert.deepEqual(
        mine.map((s) => s.status),
        [200, 200, 200, 200],
      );
      opened.push(...mine);
      streams.set(user, mine);
    }
    assert.ok(renameAlone >= 1 && checkCost >= 1);
    await hub.settled();
    const organizationSignals = (s: OpenedStream) =>
      s.received.filter((r) => (r.data as { type: string }).type === 'organization').length;

    // A rename with 12 streams open: the server's signal and Logto's echo reach every stream, and
    // cost one live check per user (not one per stream and signal; two if the echo comes after
    // the signal window, on a loaded machine): 12 streams × 2 signals used to cost 24 checks.
    before = calls();
    await rename('Renamed');
    for (const s of opened) await s.next(() => organizationSignals(s) === 2);
    await hub.settled();
    const renameCalls = calls() - before;
    assert.ok(
      renameCalls <= renameAlone + 2 * users.length * checkCost,
      `${renameCalls} Logto calls for one rename (alone ${renameAlone}, a check ${checkCost})`,
    );

    // Bob removed through the server: his signal and Logto's echo end all his streams.
    const removed = await f.call('DELETE', `/organizations/${orgId}/members/${f.userId('bob')}`, {
      token: aliceToken,
    });
    assert.equal(removed.status, 204);
    for (const s of streams.get('bob')!) {
      const end = await s.next((r) => r.event === 'end');
      assert.deepEqual(end.data, { code: 'organization.not_member' });
      await s.closed;
    }
    await f.emu.webhooks.idle();
    await hub.settled();
    assert.equal(hub.size, 8, "alice's and carol's streams stay open");
    for (const user of ['alice', 'carol']) {
      for (const s of streams.get(user)!)
        assert.equal(
          s.received.some((r) => r.event === 'end'),
          false,
        );
    }
  });
});
