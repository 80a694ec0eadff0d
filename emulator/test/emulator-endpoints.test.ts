/** Emulator-only endpoints: faults (fail N, hang, match, token), stats, token minting, seed. */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';

import { DEMO_USERS, EMULATOR_DEFAULTS } from '../src/index.js';
import { startTestEmulator } from './support/emulator.js';
import type { TestEmulator } from './support/emulator.js';

const alice = DEMO_USERS[0]!;

const clientCredentials = (t: TestEmulator) =>
  fetch(`http://127.0.0.1:${t.emulator.port}/oidc/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(
        `${t.emulator.config.m2mAppId}:${t.emulator.config.m2mAppSecret}`,
      ).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      resource: EMULATOR_DEFAULTS.managementApiResource,
      scope: 'all',
    }),
  });

/** True when `promise` has not settled after pending I/O callbacks ran. */
async function isPending(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol('pending');
  const result = await Promise.race([
    promise.then(
      () => 'settled',
      () => 'settled',
    ),
    new Promise((resolve) => setImmediate(() => resolve(marker))),
  ]);
  return result === marker;
}

describe('faults', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator();
  });
  after(() => t.close());
  beforeEach(() => t.emulator.faults.clear());

  it('fails the next N Management API calls with the status, then succeeds', async () => {
    const add = await t.call('POST', '/emulator/faults', { target: 'api', count: 2, status: 503 });
    assert.equal(add.status, 201);
    for (let i = 0; i < 2; i += 1) {
      const res = await t.api('GET', '/organizations');
      assert.equal(res.status, 503);
      assert.equal(res.body.code, 'emulator.fault');
      assert.equal(typeof res.body.message, 'string');
    }
    assert.equal((await t.api('GET', '/organizations')).status, 200);
  });

  it('defaults to 503, accepts an array, and only hits calls matching `match`', async () => {
    await t.call('POST', '/emulator/faults', [
      { target: 'api', count: 1, match: '^POST /api/organizations$' },
      { target: 'api', count: 1, status: 500, match: 'users' },
    ]);
    assert.equal((await t.api('GET', '/organizations')).status, 200);
    assert.equal((await t.api('POST', '/organizations', { name: 'x' })).status, 503);
    assert.equal((await t.api('POST', '/organizations', { name: 'x' })).status, 201);
    assert.equal((await t.api('GET', `/users/${alice.id}`)).status, 500);
    assert.equal((await t.api('GET', `/users/${alice.id}`)).status, 200);
  });

  it('lists pending faults and clears them with DELETE', async () => {
    await t.call('POST', '/emulator/faults', { target: 'api', count: 5, status: 502 });
    const list = await t.call('GET', '/emulator/faults');
    assert.equal(list.body.length, 1);
    assert.equal(list.body[0].remaining, 5);
    assert.equal((await t.call('DELETE', '/emulator/faults')).status, 204);
    assert.equal((await t.api('GET', '/organizations')).status, 200);
  });

  it('refuses invalid fault specs with 400', async () => {
    for (const body of [
      { target: 'nope', count: 1 },
      { target: 'api', count: 0 },
      { target: 'api', count: 1, status: 200 },
      { target: 'api', count: 1, match: '(' },
    ]) {
      const res = await t.call('POST', '/emulator/faults', body);
      assert.equal(res.status, 400, JSON.stringify(body));
    }
  });

  it('hangs a call (never answers) until the client gives up', async () => {
    await t.call('POST', '/emulator/faults', { target: 'api', count: 1, hang: true });
    const triggered = once(t.emulator.faults, 'fault');
    const controller = new AbortController();
    const hanging = fetch(`http://127.0.0.1:${t.emulator.port}/api/organizations`, {
      headers: { authorization: `Bearer ${t.token}` },
      signal: controller.signal,
    });
    await triggered;
    assert.equal(await isPending(hanging), true);
    // The next call is served normally.
    assert.equal((await t.api('GET', '/organizations')).status, 200);
    assert.equal(await isPending(hanging), true);
    controller.abort();
    await assert.rejects(hanging, { name: 'AbortError' });
  });

  it('fails or hangs token endpoint calls (target token) and leaves others alone', async () => {
    await t.call('POST', '/emulator/faults', { target: 'token', count: 1, status: 500 });
    assert.equal((await t.api('GET', '/organizations')).status, 200);
    const failed = await clientCredentials(t);
    assert.equal(failed.status, 500);
    assert.equal(((await failed.json()) as { code: string }).code, 'emulator.fault');
    const ok = await clientCredentials(t);
    assert.equal(ok.status, 200);
  });

  it('close() ends the server even while a call hangs', async () => {
    const local = await startTestEmulator();
    await local.call('POST', '/emulator/faults', { target: 'token', count: 1, hang: true });
    const triggered = once(local.emulator.faults, 'fault');
    const hanging = clientCredentials(local);
    await triggered;
    await local.close();
    await assert.rejects(hanging);
  });
});

describe('stats', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator();
  });
  after(() => t.close());

  it('counts Management API calls and token requests; reset zeroes them', async () => {
    assert.equal((await t.call('POST', '/emulator/stats/reset')).status, 200);
    await t.api('GET', '/organizations');
    await t.api('GET', '/organizations/does-not-exist');
    await t.call('GET', '/api/organizations');
    await clientCredentials(t);
    const stats = await t.call('GET', '/emulator/stats');
    assert.equal(stats.body.apiRequests, 3);
    assert.equal(stats.body.tokenRequests.total, 1);
    assert.equal(stats.body.tokenRequests.clientCredentials, 1);
    assert.deepEqual(t.emulator.stats, stats.body);
    const reset = await t.call('POST', '/emulator/stats/reset');
    assert.deepEqual(reset.body, {
      tokenRequests: { total: 0, clientCredentials: 0, refreshToken: 0, authorizationCode: 0 },
      apiRequests: 0,
    });
    await clientCredentials(t);
    assert.equal(t.emulator.stats.tokenRequests.total, 1);
  });

  it('counts faulted calls too', async () => {
    t.emulator.resetStats();
    t.emulator.faults.add({ target: 'api', count: 1, status: 503 });
    await t.api('GET', '/organizations');
    assert.equal(t.emulator.stats.apiRequests, 1);
  });
});

describe('POST /emulator/token', () => {
  let t: TestEmulator;
  let jwks: ReturnType<typeof createRemoteJWKSet>;
  let orgId: string;
  before(async () => {
    t = await startTestEmulator();
    jwks = createRemoteJWKSet(new URL(`http://127.0.0.1:${t.emulator.port}/oidc/jwks`));
    const org = await t.api('POST', '/organizations', { name: 'Token Org' });
    orgId = org.body.id;
    await t.api('POST', `/organizations/${orgId}/users`, { userIds: [alice.id] });
    await t.api('POST', `/organizations/${orgId}/users/${alice.id}/roles`, {
      organizationRoleNames: ['member'],
    });
  });
  after(() => t.close());

  it('mints a resource token (by username) verifiable with the JWKS', async () => {
    const res = await t.call('POST', '/emulator/token', {
      username: 'alice',
      resource: EMULATOR_DEFAULTS.companionResource,
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.expires_in, 3600);
    const { payload, protectedHeader } = await jwtVerify(res.body.access_token, jwks, {
      issuer: t.emulator.issuer,
      audience: EMULATOR_DEFAULTS.companionResource,
    });
    assert.equal(protectedHeader.alg, 'ES384');
    assert.equal(protectedHeader.typ, 'at+jwt');
    assert.equal(payload.sub, alice.id);
    assert.equal(payload.scope, 'create:organization');
  });

  it('mints an organization token (by userId) with the member’s permissions', async () => {
    const res = await t.call('POST', '/emulator/token', {
      userId: alice.id,
      organizationId: orgId,
    });
    assert.equal(res.status, 200);
    const { payload } = await jwtVerify(res.body.access_token, jwks, {
      audience: `urn:logto:organization:${orgId}`,
    });
    assert.equal(payload.scope, 'read:member');
  });

  it('maps errors: non-member 403 oidc.access_denied, unknown user 404, unknown resource 400', async () => {
    const nonMember = await t.call('POST', '/emulator/token', {
      username: 'bob',
      organizationId: orgId,
    });
    assert.equal(nonMember.status, 403);
    assert.equal(nonMember.body.code, 'oidc.access_denied');
    const unknownUser = await t.call('POST', '/emulator/token', {
      userId: 'nobody000000',
      resource: EMULATOR_DEFAULTS.companionResource,
    });
    assert.equal(unknownUser.status, 404);
    const unknownName = await t.call('POST', '/emulator/token', {
      username: 'nobody',
      resource: EMULATOR_DEFAULTS.companionResource,
    });
    assert.equal(unknownName.status, 404);
    const resource = await t.call('POST', '/emulator/token', {
      username: 'alice',
      resource: 'http://localhost:9999/nope',
    });
    assert.equal(resource.status, 400);
    assert.equal(resource.body.code, 'oidc.invalid_target');
    const empty = await t.call('POST', '/emulator/token', {});
    assert.equal(empty.status, 400);
    assert.equal(empty.body.code, 'guard.invalid_input');
  });
});

describe('POST /emulator/seed', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator();
  });
  after(() => t.close());

  it('adds users and organizations; the first has the members and alice as admin', async () => {
    const res = await t.call('POST', '/emulator/seed', {
      organizations: 3,
      users: 50,
      membersInFirstOrg: 20,
    });
    assert.equal(res.status, 201);
    const firstId = res.body.firstOrganizationId as string;
    const orgs = await t.api('GET', '/organizations');
    assert.equal(orgs.headers.get('total-number'), '3');
    const members = await t.api('GET', `/organizations/${firstId}/users?page_size=5`);
    assert.equal(members.headers.get('total-number'), '21');
    const admins = await t.api('GET', `/organizations/${firstId}/users?q=alice`);
    assert.deepEqual(
      admins.body[0].organizationRoles.map((r: { name: string }) => r.name),
      ['admin'],
    );
    const users = await t.api('GET', '/users?page_size=1');
    assert.equal(users.headers.get('total-number'), String(50 + DEMO_USERS.length));
    assert.ok(t.emulator.store.verifyPassword('user000001', 'user-pass'));
    const bad = await t.call('POST', '/emulator/seed', { organizations: -1, users: 1 });
    assert.equal(bad.status, 400);
  });
});
