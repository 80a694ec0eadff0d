/**
 * One-time tokens API (recordings 600–607, replayed in replay.test.ts): the answers the
 * recordings do not show (expired, consumed, revoked, reactivation, paging, a bad email filter).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startTestEmulator, unique } from './support/emulator.js';
import type { TestEmulator } from './support/emulator.js';

describe('one-time tokens API', () => {
  let t: TestEmulator;
  let clock = Date.now();
  before(async () => {
    t = await startTestEmulator({ now: () => clock });
  });
  after(() => t.close());

  const email = () => `${unique('ott-')}@example.com`;

  it('creates an active token of 32 characters that lives 10 minutes by default', async () => {
    const res = await t.api('POST', '/one-time-tokens', { email: 'a@example.com' });
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.body), [
      'tenantId',
      'id',
      'email',
      'token',
      'context',
      'status',
      'createdAt',
      'expiresAt',
    ]);
    assert.match(res.body.token, /^[A-Za-z0-9]{32}$/);
    assert.deepEqual(res.body.context, {});
    assert.equal(res.body.status, 'active');
    assert.equal(res.body.expiresAt, clock + 600_000);
  });

  it('verify consumes once; then token_consumed; a revoked one token_revoked', async () => {
    const address = email();
    const { body } = await t.api('POST', '/one-time-tokens', { email: address });
    const ok = await t.api('POST', '/one-time-tokens/verify', {
      token: body.token,
      email: address,
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.status, 'consumed');
    const again = await t.api('POST', '/one-time-tokens/verify', {
      token: body.token,
      email: address,
    });
    assert.equal(again.status, 400);
    assert.equal(again.body.code, 'one_time_token.token_consumed');

    const other = (await t.api('POST', '/one-time-tokens', { email: address })).body;
    await t.api('PUT', `/one-time-tokens/${other.id}/status`, { status: 'revoked' });
    const revoked = await t.api('POST', '/one-time-tokens/verify', {
      token: other.token,
      email: address,
    });
    assert.equal(revoked.status, 400);
    assert.equal(revoked.body.code, 'one_time_token.token_revoked');
  });

  it('an expired token: verify 400 token_expired and the token is marked expired', async () => {
    const address = email();
    const { body } = await t.api('POST', '/one-time-tokens', { email: address, expiresIn: 5 });
    clock += 5_000;
    const res = await t.api('POST', '/one-time-tokens/verify', {
      token: body.token,
      email: address,
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'one_time_token.token_expired');
    assert.equal((await t.api('GET', `/one-time-tokens/${body.id}`)).body.status, 'expired');
  });

  it('creating a token marks the email’s timed-out active tokens expired', async () => {
    const address = email();
    const old = (await t.api('POST', '/one-time-tokens', { email: address, expiresIn: 1 })).body;
    clock += 1_000;
    assert.equal((await t.api('GET', `/one-time-tokens/${old.id}`)).body.status, 'active');
    await t.api('POST', '/one-time-tokens', { email: address });
    assert.equal((await t.api('GET', `/one-time-tokens/${old.id}`)).body.status, 'expired');
  });

  it('a token cannot be made active again (400)', async () => {
    const { body } = await t.api('POST', '/one-time-tokens', { email: email() });
    const res = await t.api('PUT', `/one-time-tokens/${body.id}/status`, { status: 'active' });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'one_time_token.cannot_reactivate_token');
  });

  it('lists page only on request; Total-Number counts all tokens; a bad email filter is 400', async () => {
    const address = email();
    await t.api('POST', '/one-time-tokens', { email: address });
    clock += 1;
    await t.api('POST', '/one-time-tokens', { email: address });
    const all = await t.api('GET', `/one-time-tokens?email=${encodeURIComponent(address)}`);
    assert.equal(all.body.length, 2);
    assert.ok(all.body[0].createdAt > all.body[1].createdAt);
    assert.equal(all.headers.get('total-number'), null);
    const paged = await t.api(
      'GET',
      `/one-time-tokens?email=${encodeURIComponent(address)}&page=1&page_size=1`,
    );
    assert.equal(paged.body.length, 1);
    const everything = await t.api('GET', '/one-time-tokens');
    assert.equal(paged.headers.get('total-number'), String(everything.body.length));
    const bad = await t.api('GET', '/one-time-tokens?email=not-an-email');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'guard.invalid_input');
  });
});
