import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { createApp } from '../src/app.js';
import { createTokenVerifier, organizationAudience } from '../src/auth.js';
import { AppError } from '../src/errors.js';
import { silentLogger } from '../src/logger.js';
import {
  listen,
  makeConfig,
  makeKeys,
  signToken,
  unsignedToken,
  type Keys,
  type Running,
} from './helpers.js';

const config = makeConfig();
const RESOURCE = config.apiResource;
const ISSUER = config.issuer;

async function rejects(promise: Promise<unknown>, code = 'auth.invalid_token') {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, code);
    assert.equal(error.status, 401);
    return true;
  });
}

describe('token verification', () => {
  let keys: Keys;
  let otherKeys: Keys;
  let nowMs = Date.now();
  let verify: ReturnType<typeof createTokenVerifier>;

  before(async () => {
    keys = await makeKeys();
    otherKeys = await makeKeys(keys.kid); // same kid, different key: a forged signature
    verify = createTokenVerifier({ config, jwks: keys.jwks, now: () => nowMs });
  });

  it('accepts a resource token and exposes sub and scopes', async () => {
    const token = await signToken(keys, {
      issuer: ISSUER,
      audience: RESOURCE,
      sub: 'alice',
      scope: 'create:organization read:data',
    });
    const auth = await verify(token, RESOURCE);
    assert.equal(auth.userId, 'alice');
    assert.deepEqual([...auth.scopes], ['create:organization', 'read:data']);
  });

  it('accepts an organization token only for its own organization', async () => {
    const token = await signToken(keys, {
      issuer: ISSUER,
      audience: organizationAudience('org1'),
      scope: 'read:member',
    });
    assert.equal(
      (await verify(token, organizationAudience('org1'))).scopes.has('read:member'),
      true,
    );
    await rejects(verify(token, organizationAudience('org2')));
    await rejects(verify(token, RESOURCE));
  });

  it('refuses a wrong issuer', async () => {
    const token = await signToken(keys, { issuer: 'http://evil.example/oidc', audience: RESOURCE });
    await rejects(verify(token, RESOURCE));
  });

  it('refuses a wrong audience and a multi-audience token', async () => {
    await rejects(
      verify(await signToken(keys, { issuer: ISSUER, audience: 'http://other/api' }), RESOURCE),
    );
    const multi = await new SignJWT({ scope: '' })
      .setProtectedHeader({ alg: 'ES384', typ: 'at+jwt', kid: keys.kid })
      .setIssuer(ISSUER)
      .setAudience([RESOURCE, 'http://other/api'])
      .setSubject('alice')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(keys.privateKey);
    await rejects(verify(multi, RESOURCE));
  });

  it('refuses an expired token, with a small tolerance', async () => {
    const iat = Math.floor(nowMs / 1000) - 3600;
    const token = await signToken(keys, {
      issuer: ISSUER,
      audience: RESOURCE,
      iat,
      expiresIn: 3598,
    });
    // expired 2 s ago: inside the 5 s tolerance
    assert.equal((await verify(token, RESOURCE)).userId, 'user-1');
    const old = await signToken(keys, { issuer: ISSUER, audience: RESOURCE, iat, expiresIn: 3500 });
    await rejects(verify(old, RESOURCE));
    // the injected clock decides
    const saved = nowMs;
    nowMs = saved + 3 * 3600_000;
    await rejects(verify(await signToken(keys, { issuer: ISSUER, audience: RESOURCE }), RESOURCE));
    nowMs = saved;
  });

  it('refuses a bad signature', async () => {
    const forged = await signToken(otherKeys, { issuer: ISSUER, audience: RESOURCE });
    await rejects(verify(forged, RESOURCE));
    const good = await signToken(keys, { issuer: ISSUER, audience: RESOURCE, sub: 'alice' });
    const [h, , s] = good.split('.');
    const body = Buffer.from(
      JSON.stringify({ sub: 'mallory', aud: RESOURCE, iss: ISSUER, exp: 9e9 }),
    ).toString('base64url');
    await rejects(verify(`${h}.${body}.${s}`, RESOURCE));
  });

  it('refuses alg none and HS256', async () => {
    const exp = Math.floor(nowMs / 1000) + 3600;
    await rejects(
      verify(unsignedToken({ iss: ISSUER, aud: RESOURCE, sub: 'alice', exp }), RESOURCE),
    );
    const hs = await new SignJWT({ scope: '' })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: keys.kid })
      .setIssuer(ISSUER)
      .setAudience(RESOURCE)
      .setSubject('alice')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-shared-secret-of-thirty-two-bytes!!'));
    await rejects(verify(hs, RESOURCE));
  });

  it('requires typ at+jwt and a sub', async () => {
    await rejects(
      verify(await signToken(keys, { issuer: ISSUER, audience: RESOURCE, typ: 'JWT' }), RESOURCE),
    );
    await rejects(
      verify(
        await signToken(keys, { issuer: ISSUER, audience: RESOURCE, typ: undefined }),
        RESOURCE,
      ),
    );
    await rejects(
      verify(
        await signToken(keys, { issuer: ISSUER, audience: RESOURCE, sub: undefined }),
        RESOURCE,
      ),
    );
  });

  it("refuses an application's client-credentials token (Logto's shapes) with auth.not_a_user", async () => {
    // Logto (oidc-provider's JWT format) sets `sub` to the client id when no user is involved;
    // the recorded client_credentials tokens: with and without a `scope`.
    const appId = 'zmtpyibn30hwqn2fabhjv';
    for (const scope of [undefined, 'all', 'read:member']) {
      for (const audience of [RESOURCE, organizationAudience('org1')]) {
        const token = await signToken(keys, {
          issuer: ISSUER,
          audience,
          sub: appId,
          ...(scope ? { scope } : {}),
          extra: { client_id: appId, ...(scope ? {} : { scope: undefined }) },
        });
        await assert.rejects(verify(token, audience), (error: unknown) => {
          assert.ok(error instanceof AppError);
          assert.equal(error.code, 'auth.not_a_user');
          assert.equal(error.status, 403);
          return true;
        });
      }
    }
    // A user token of the same app (sub: the user, client_id: the app) passes.
    const user = await signToken(keys, {
      issuer: ISSUER,
      audience: RESOURCE,
      sub: 'swe2ckhzo58r',
      extra: { client_id: appId },
    });
    assert.equal((await verify(user, RESOURCE)).userId, 'swe2ckhzo58r');
    // A token naming no client is not one of Logto's access tokens.
    const clientless = await signToken(keys, {
      issuer: ISSUER,
      audience: RESOURCE,
      extra: { client_id: undefined },
    });
    await rejects(verify(clientless, RESOURCE));
  });

  it('refuses garbage', async () => {
    await rejects(verify('not-a-jwt', RESOURCE));
    await rejects(verify('a.b.c', RESOURCE));
  });
});

describe('token verification over HTTP', () => {
  let keys: Keys;
  let server: Running;

  before(async () => {
    keys = await makeKeys();
    server = await listen(createApp({ config, jwks: keys.jwks, logger: silentLogger }));
  });
  after(() => server.close());

  it('answers 401 auth.missing_token with WWW-Authenticate: Bearer', async () => {
    const res = await fetch(`${server.url}/me/organizations`);
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.equal((await res.json()).code, 'auth.missing_token');
  });

  it('answers 401 auth.invalid_token for a token of another organization', async () => {
    const token = await signToken(keys, { issuer: ISSUER, audience: organizationAudience('orgA') });
    const res = await fetch(`${server.url}/organizations/orgB/members`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer error="invalid_token"/);
    assert.equal((await res.json()).code, 'auth.invalid_token');
  });

  it('validates path ids before anything else', async () => {
    const res = await fetch(`${server.url}/organizations/a%20b/members`);
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.equal(body.code, 'request.invalid');
    assert.equal(body.data.field, 'orgId');
  });

  it('answers 401 for a malformed Authorization header', async () => {
    const res = await fetch(`${server.url}/me/organizations`, {
      headers: { authorization: 'Basic abc' },
    });
    assert.equal(res.status, 401);
    assert.equal((await res.json()).code, 'auth.invalid_token');
  });

  it('answers 403 auth.not_a_user to an application token, before any permission check', async () => {
    const token = await signToken(keys, {
      issuer: ISSUER,
      audience: RESOURCE,
      sub: 'm2m-app-id',
      scope: 'all',
      extra: { client_id: 'm2m-app-id' },
    });
    const res = await fetch(`${server.url}/me/organizations`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 403);
    assert.equal((await res.json()).code, 'auth.not_a_user');
  });

  it('answers 403 auth.forbidden on a read without the permission in the token', async () => {
    const token = await signToken(keys, {
      issuer: ISSUER,
      audience: organizationAudience('orgA'),
      scope: '',
    });
    const res = await fetch(`${server.url}/organizations/orgA/members`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 403);
    const body = await res.json();
    assert.equal(body.code, 'auth.forbidden');
    assert.equal(body.data.permission, 'read:member');
  });
});

describe('remote JWKS', () => {
  it('fetches the issuer JWKS once and caches it', async () => {
    const keys = await makeKeys('remote-kid');
    let jwksHits = 0;
    const remote = await listen((req, res) => {
      if (req.url === '/oidc/jwks') {
        jwksHits += 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: [keys.publicJwk] }));
        return;
      }
      res.writeHead(404).end();
    });
    try {
      const remoteConfig = makeConfig({ LOGTO_ENDPOINT: remote.url });
      const verify = createTokenVerifier({ config: remoteConfig });
      const token = await signToken(keys, { issuer: remoteConfig.issuer, audience: RESOURCE });
      await Promise.all(Array.from({ length: 5 }, () => verify(token, RESOURCE)));
      await verify(token, RESOURCE);
      assert.equal(jwksHits, 1);
      // an unknown kid triggers at most one refetch within the cooldown
      const stranger = await makeKeys('unknown-kid');
      const bad = await signToken(stranger, { issuer: remoteConfig.issuer, audience: RESOURCE });
      await rejects(verify(bad, RESOURCE));
      await rejects(verify(bad, RESOURCE));
      assert.ok(jwksHits <= 2, `JWKS fetched ${jwksHits} times`);
    } finally {
      await remote.close();
    }
  });
});
