import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JWTVerifyGetKey } from 'jose';
import { createApp } from '../src/app.js';
import {
  createTokenVerifier,
  organizationAudience,
  VERIFY_CACHE_SIZE,
  type TokenVerifierOptions,
} from '../src/auth.js';
import { AppError } from '../src/errors.js';
import { silentLogger } from '../src/logger.js';
import { listen, makeConfig, makeKeys, signToken, type Keys, type Running } from './helpers.js';

const config = makeConfig();
const ISSUER = config.issuer;
const ORG_A = organizationAudience('orgA');
const ORG_B = organizationAudience('orgB');

async function rejects(promise: Promise<unknown>, code = 'auth.invalid_token', status = 401) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    return true;
  });
}

/**
 * A verifier whose key lookups are counted: jose asks the key source exactly once per full
 * verification, so `checks` counts the tokens that really went through jose.
 */
function countingVerifier(
  keys: Keys,
  options: Partial<Omit<TokenVerifierOptions, 'jwks'>> & { clock: { t: number } },
) {
  let checks = 0;
  const jwks: JWTVerifyGetKey = (header, token) => {
    checks += 1;
    return keys.jwks(header, token);
  };
  const { clock, ...rest } = options;
  const verify = createTokenVerifier({ config, ...rest, jwks, now: () => clock.t });
  return {
    verify,
    get checks() {
      return checks;
    },
  };
}

describe('verification cache', () => {
  let keys: Keys;
  const iat = Math.floor(Date.now() / 1000);
  /** Signs a token issued at `iat` that expires `lifetime` seconds later. */
  const sign = (audience: string, lifetime = 3600, sub = 'alice', scope = 'read:member') =>
    signToken(keys, { issuer: ISSUER, audience, sub, scope, iat, expiresIn: lifetime });

  before(async () => {
    keys = await makeKeys();
  });

  it('verifies a repeated token once with jose, and answers the same caller every time', async () => {
    const clock = { t: iat * 1000 };
    const v = countingVerifier(keys, { clock });
    const token = await sign(ORG_A);
    for (let i = 0; i < 5; i += 1) {
      const auth = await v.verify(token, ORG_A);
      assert.equal(auth.userId, 'alice');
      assert.equal(auth.audience, ORG_A);
      assert.deepEqual([...auth.scopes], ['read:member']);
      clock.t += 1000;
    }
    assert.equal(v.checks, 1);
    // another user's token is its own entry
    const bob = await sign(ORG_A, 3600, 'bob', '');
    assert.equal((await v.verify(bob, ORG_A)).userId, 'bob');
    assert.equal((await v.verify(token, ORG_A)).userId, 'alice');
    assert.equal(v.checks, 2);
  });

  it('a kept token still expires on time: no tolerance, rejected from the second of exp', async () => {
    const strict = makeConfig({ ORG_CLOCK_TOLERANCE_S: '0' });
    const clock = { t: iat * 1000 };
    let checks = 0;
    const verify = createTokenVerifier({
      config: strict,
      jwks: (header, token) => {
        checks += 1;
        return keys.jwks(header, token);
      },
      now: () => clock.t,
    });
    const token = await sign(ORG_A, 60);
    const exp = (iat + 60) * 1000;
    await verify(token, ORG_A);
    clock.t = exp - 1;
    assert.equal((await verify(token, ORG_A)).userId, 'alice');
    assert.equal(checks, 1, 'a hit until the last millisecond before exp');
    clock.t = exp;
    await rejects(verify(token, ORG_A));
    clock.t = exp + 3600_000;
    await rejects(verify(token, ORG_A));
    assert.equal(checks, 3, 'after exp every call is a full (failing) verification');
  });

  it('the clock tolerance is never served from the cache: past exp, jose decides each time', async () => {
    const clock = { t: iat * 1000 };
    const v = countingVerifier(keys, { clock }); // tolerance 5 s
    const token = await sign(ORG_A, 60);
    const exp = (iat + 60) * 1000;
    await v.verify(token, ORG_A);
    clock.t = exp + 2000; // within the tolerance: accepted, but by jose
    assert.equal((await v.verify(token, ORG_A)).userId, 'alice');
    assert.equal((await v.verify(token, ORG_A)).userId, 'alice');
    assert.equal(v.checks, 3);
    clock.t = exp + 6000;
    await rejects(v.verify(token, ORG_A));
  });

  it('an already expired token accepted within the tolerance is not kept', async () => {
    const clock = { t: (iat + 62) * 1000 };
    const v = countingVerifier(keys, { clock });
    const token = await sign(ORG_A, 60); // expired 2 s ago
    await v.verify(token, ORG_A);
    await v.verify(token, ORG_A);
    assert.equal(v.checks, 2);
  });

  it('a different audience is not a hit: the token of organization A is refused for B', async () => {
    const clock = { t: iat * 1000 };
    const v = countingVerifier(keys, { clock });
    const token = await sign(ORG_A);
    await v.verify(token, ORG_A);
    await rejects(v.verify(token, ORG_B));
    await rejects(v.verify(token, config.apiResource));
    assert.equal(v.checks, 3);
    // and the refusals were not kept either; A still answers from the cache
    await rejects(v.verify(token, ORG_B));
    assert.equal(v.checks, 4);
    await v.verify(token, ORG_A);
    assert.equal(v.checks, 4);
  });

  it('a tampered token (any other string) is not a hit', async () => {
    const clock = { t: iat * 1000 };
    const v = countingVerifier(keys, { clock });
    const token = await sign(ORG_A);
    await v.verify(token, ORG_A);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = signature.endsWith('A') ? 'B' : 'A';
    const badSignature = `${header}.${payload}.${signature.slice(0, -1)}${flipped}`;
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'eve' }),
    ).toString('base64url');
    for (const tampered of [badSignature, `${header}.${forged}.${signature}`, `${token}x`]) {
      await rejects(v.verify(tampered, ORG_A));
    }
    assert.equal(v.checks, 4, 'each tampered string went through jose');
    assert.equal((await v.verify(token, ORG_A)).userId, 'alice');
    assert.equal(v.checks, 4);
  });

  it('failures are never kept: a token refused while the keys were unavailable passes later', async () => {
    const clock = { t: iat * 1000 };
    let keysDown = true;
    let checks = 0;
    const verify = createTokenVerifier({
      config,
      jwks: (header, token) => {
        checks += 1;
        if (keysDown) throw new AppError('upstream.unavailable', 'down', { status: 503 });
        return keys.jwks(header, token);
      },
      now: () => clock.t,
    });
    const token = await sign(ORG_A);
    await rejects(verify(token, ORG_A), 'upstream.unavailable', 503);
    await rejects(verify(token, ORG_A), 'upstream.unavailable', 503);
    keysDown = false;
    assert.equal((await verify(token, ORG_A)).userId, 'alice');
    await verify(token, ORG_A);
    assert.equal(checks, 3);
  });

  it('stays bounded: the least recently used token is dropped and verified again', async () => {
    assert.equal(VERIFY_CACHE_SIZE, 1000);
    const clock = { t: iat * 1000 };
    const v = countingVerifier(keys, { clock, cacheSize: 3 });
    const tokens = await Promise.all(['u1', 'u2', 'u3', 'u4'].map((sub) => sign(ORG_A, 3600, sub)));
    const [t1, t2, t3, t4] = tokens as [string, string, string, string];
    for (const token of [t1, t2, t3]) await v.verify(token, ORG_A);
    await v.verify(t1, ORG_A); // t1 is now the most recent; t2 the oldest
    assert.equal(v.checks, 3);
    await v.verify(t4, ORG_A); // drops t2
    assert.equal(v.checks, 4);
    for (const token of [t1, t3, t4]) await v.verify(token, ORG_A);
    assert.equal(v.checks, 4, 't1, t3, t4 still kept');
    assert.equal((await v.verify(t2, ORG_A)).userId, 'u2');
    assert.equal(v.checks, 5, 't2 was dropped');
  });

  it('never reuses a verification longer than cacheMaxAgeMs, nor after the clock is set back', async () => {
    const clock = { t: iat * 1000 };
    const v = countingVerifier(keys, { clock, cacheMaxAgeMs: 60_000 });
    const token = await sign(ORG_A);
    await v.verify(token, ORG_A);
    clock.t += 59_999;
    await v.verify(token, ORG_A);
    assert.equal(v.checks, 1);
    clock.t += 1;
    await v.verify(token, ORG_A);
    assert.equal(v.checks, 2, 'verified again after the age bound');
    clock.t -= 10_000; // before the moment it was verified
    await v.verify(token, ORG_A);
    assert.equal(v.checks, 3);
  });

  it('cacheSize 0 turns the cache off', async () => {
    const clock = { t: iat * 1000 };
    const v = countingVerifier(keys, { clock, cacheSize: 0 });
    const token = await sign(ORG_A);
    await v.verify(token, ORG_A);
    await v.verify(token, ORG_A);
    assert.equal(v.checks, 2);
  });
});

describe('verification cache over HTTP', () => {
  let keys: Keys;
  let server: Running;
  let checks = 0;

  before(async () => {
    keys = await makeKeys();
    server = await listen(
      createApp({
        config,
        jwks: (header, token) => {
          checks += 1;
          return keys.jwks(header, token);
        },
        logger: silentLogger,
      }),
    );
  });
  after(() => server.close());

  const get = (path: string, token: string) =>
    fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('repeated requests with one token verify it once; its own organization only', async () => {
    const token = await signToken(keys, { issuer: ISSUER, audience: ORG_A, scope: '' });
    for (let i = 0; i < 4; i += 1) {
      // no read:member in the token: 403 after a successful verification, with no upstream call
      const res = await get('/organizations/orgA/members', token);
      assert.equal(res.status, 403);
      assert.equal((await res.json()).code, 'auth.forbidden');
    }
    assert.equal(checks, 1);
    const other = await get('/organizations/orgB/members', token);
    assert.equal(other.status, 401);
    assert.equal((await other.json()).code, 'auth.invalid_token');
    const resource = await get('/me/organizations', token);
    assert.equal(resource.status, 401);
    assert.equal(checks, 3);
  });
});
