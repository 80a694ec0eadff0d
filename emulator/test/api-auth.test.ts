/**
 * Management API access (00-api-*, 160, 161, 153 recordings) and robustness: malformed JSON,
 * huge bodies, unknown and over-long ids, unknown routes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT, generateKeyPair, importJWK } from 'jose';

import { request, startTestEmulator } from './support/emulator.js';
import type { TestEmulator } from './support/emulator.js';

describe('Management API access', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator();
  });
  after(() => t.close());

  const sign = async (
    claims: Record<string, unknown>,
    options: { key?: 'emulator' | 'other'; audience?: string; issuer?: string } = {},
  ) => {
    const key =
      options.key === 'other'
        ? (await generateKeyPair('ES384')).privateKey
        : await importJWK(t.emulator.keys.privateJwk, 'ES384');
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES384', typ: 'at+jwt', kid: t.emulator.keys.publicJwk.kid })
      .setIssuer(options.issuer ?? t.emulator.issuer)
      .setAudience(options.audience ?? 'https://default.logto.app/api')
      .setSubject(t.emulator.config.m2mAppId)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);
  };

  it('answers 401 auth.authorization_header_missing without a token', async () => {
    const res = await t.call('GET', '/api/organizations');
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'auth.authorization_header_missing');
    assert.ok(typeof res.body.message === 'string');
  });

  it('answers 401 auth.unauthorized with data {code, name} for a malformed token', async () => {
    const res = await t.api('GET', '/organizations', undefined, {
      authorization: 'Bearer not-a-jwt',
    });
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'auth.unauthorized');
    assert.equal(res.body.data.code, 'ERR_JWS_INVALID');
    assert.equal(res.body.data.name, 'JWSInvalid');
  });

  it('refuses tokens signed by another key, for another audience or issuer, or expired', async () => {
    const tokens = [
      await sign({ scope: 'all' }, { key: 'other' }),
      await sign({ scope: 'all' }, { audience: 'http://localhost:8787/api' }),
      await sign({ scope: 'all' }, { issuer: 'http://elsewhere/oidc' }),
      await new SignJWT({ scope: 'all' })
        .setProtectedHeader({ alg: 'ES384', kid: t.emulator.keys.publicJwk.kid })
        .setIssuer(t.emulator.issuer)
        .setAudience('https://default.logto.app/api')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
        .sign(await importJWK(t.emulator.keys.privateJwk, 'ES384')),
    ];
    for (const token of tokens) {
      const res = await t.api('GET', '/organizations', undefined, {
        authorization: `Bearer ${token}`,
      });
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'auth.unauthorized');
    }
  });

  it('answers 401 for a non-Bearer authorization header', async () => {
    const res = await t.api('GET', '/organizations', undefined, { authorization: 'Basic abc' });
    assert.equal(res.status, 401);
  });

  it('answers 403 auth.forbidden for a valid token without the `all` scope', async () => {
    const token = await sign({});
    const res = await t.api('GET', '/organizations', undefined, {
      authorization: `Bearer ${token}`,
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'auth.forbidden');
  });

  it('accepts the token of the real client-credentials flow (scope all)', async () => {
    const res = await t.api('GET', '/organizations?page=1&page_size=2');
    assert.equal(res.status, 200);
    assert.ok(Array.isArray(res.body));
    assert.equal(res.headers.get('total-number'), '0');
  });

  it('a client-credentials token asked without scope=all is forbidden', async () => {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      resource: 'https://default.logto.app/api',
    });
    const basic = Buffer.from(
      `${t.emulator.config.m2mAppId}:${t.emulator.config.m2mAppSecret}`,
    ).toString('base64');
    const tokenResponse = await fetch(`http://127.0.0.1:${t.emulator.port}/oidc/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${basic}`,
      },
      body: form,
    });
    assert.equal(tokenResponse.status, 200);
    const { access_token } = (await tokenResponse.json()) as { access_token: string };
    const res = await t.api('GET', '/organizations', undefined, {
      authorization: `Bearer ${access_token}`,
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'auth.forbidden');
  });

  it('GET /api/status answers 204 without a token', async () => {
    const res = await t.call('GET', '/api/status');
    assert.equal(res.status, 204);
    assert.equal(res.text, '');
  });
});

describe('Management API robustness', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator();
  });
  after(() => t.close());

  it('answers malformed JSON with 400 guard.invalid_input and keeps serving', async () => {
    const res = await t.api('POST', '/organizations', '{"name": ');
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'guard.invalid_input');
    const next = await t.api('POST', '/organizations', { name: 'After bad JSON' });
    assert.equal(next.status, 201);
  });

  it('answers a huge body with 413 and a {code, message} body', async () => {
    const res = await t.api('POST', '/organizations', {
      name: 'Huge',
      description: 'x'.repeat(2 * 1024 * 1024),
    });
    assert.equal(res.status, 413);
    assert.equal(typeof res.body.code, 'string');
    assert.equal(typeof res.body.message, 'string');
  });

  it('refuses ids longer than 21 characters with 422 entity.value_too_long', async () => {
    const long = 'a'.repeat(22);
    for (const path of [
      `/organizations/${long}`,
      `/users/${long}`,
      `/organizations/${long}/users`,
      `/organization-roles/${long}`,
      `/organization-invitations/${long}`,
    ]) {
      const res = await t.api('GET', path);
      assert.equal(res.status, 422, path);
      assert.equal(res.body.code, 'entity.value_too_long', path);
    }
  });

  it('creating an invitation with an over-long id is 400 guard.invalid_input', async () => {
    const res = await t.api('POST', '/organization-invitations', {
      invitee: 'x@example.com',
      organizationId: 'a'.repeat(22),
      expiresAt: Date.now() + 60_000,
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'guard.invalid_input');
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await t.api('GET', '/no-such-thing');
    assert.equal(res.status, 404);
    assert.equal(typeof res.body.code, 'string');
  });

  it('answers non-object bodies and wrong types with 400 guard.invalid_input', async () => {
    for (const body of ['[1,2]', '"text"', '{"name": 42}']) {
      const res = await t.api('POST', '/organizations', body);
      assert.equal(res.status, 400, body);
      assert.equal(res.body.code, 'guard.invalid_input', body);
    }
  });

  it('answers bad pagination with 400 guard.invalid_pagination', async () => {
    for (const query of ['page=0', 'page=-1', 'page_size=101', 'page_size=0', 'page=abc']) {
      const res = await t.api('GET', `/organizations?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.body.code, 'guard.invalid_pagination', query);
    }
  });

  it('answers paths outside /oidc, /api and /emulator with a plain 404', async () => {
    const res = await request(`http://127.0.0.1:${t.emulator.port}/nowhere`, 'GET');
    assert.equal(res.status, 404);
    assert.equal(res.text, 'Not Found');
  });

  it('unknown emulator route answers JSON 404', async () => {
    const res = await request(`http://127.0.0.1:${t.emulator.port}/emulator/nope`, 'GET');
    assert.equal(res.status, 404);
    assert.equal(typeof res.body.code, 'string');
  });
});
