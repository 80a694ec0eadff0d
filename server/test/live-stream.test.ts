import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../src/app.js';
import { startFixture, type Fixture } from './emulator-fixture.js';
import { listen, makeConfig, recordingLogger, type Running } from './helpers.js';
import { openStream, type OpenedStream } from './sse-client.js';

const SIGNING_KEY = 'live-test-signing-key-0123456789';

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
    const config = makeConfig({
      LOGTO_ENDPOINT: f.config.logtoEndpoint,
      LOGTO_M2M_APP_ID: f.config.m2mAppId,
      LOGTO_M2M_APP_SECRET: f.config.m2mAppSecret,
      LOGTO_MANAGEMENT_API_RESOURCE: f.config.managementApiResource,
      ORG_API_RESOURCE: f.config.apiResource,
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
