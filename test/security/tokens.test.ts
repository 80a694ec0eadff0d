/**
 * Forged and wrong tokens × every endpoint: every one is refused with 401 before the server calls
 * Logto (no Management API call, no token request; key lookups bounded).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exportSPKI, generateKeyPair, exportJWK, SignJWT, type JWTPayload } from 'jose';
import { ENDPOINTS, type Endpoint, type Ids } from './endpoints.js';
import { EMULATOR_DEFAULTS, startFixture, type Fixture } from './fixture.js';

const ALL_PERMISSIONS =
  'read:member invite:member update:member:role remove:member manage:organization';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

interface Context {
  f: Fixture;
  endpoint: Endpoint;
  audience: string;
  aliceId: string;
  /** Real tokens minted by the emulator before the matrix runs. */
  real: {
    resource: string;
    org: string;
    otherOrg: string;
    m2m: string;
  };
  attacker: { privateKey: CryptoKey; jwk: Record<string, unknown> };
  publicPem: string;
}

type CryptoKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

interface Case {
  name: string;
  /** The Authorization header value. */
  header(c: Context): Promise<string> | string;
  /** Default 'auth.invalid_token'. */
  code?: string;
}

function claims(c: Context, extra: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: c.f.config.issuer,
    aud: c.audience,
    sub: c.aliceId,
    iat: now,
    exp: now + 3600,
    scope: ALL_PERMISSIONS,
    client_id: 'orgwidgetdemospaapp01',
    jti: Math.random().toString(36).slice(2),
    ...extra,
  };
}

/** The right token for the endpoint (resource or this organization's). */
const rightToken = (c: Context) => (c.endpoint.token === 'org' ? c.real.org : c.real.resource);

const CASES: Case[] = [
  { name: 'no Authorization header', header: () => '', code: 'auth.missing_token' },
  {
    name: 'alg none',
    header: (c) =>
      `Bearer ${b64({ alg: 'none', typ: 'at+jwt', kid: c.f.emu.keys.publicJwk.kid })}.${b64(claims(c))}.`,
  },
  {
    name: 'alg none keeping a real signature',
    header: (c) => {
      const [, payload, signature] = rightToken(c).split('.');
      return `Bearer ${b64({ alg: 'none', typ: 'at+jwt' })}.${payload}.${signature}`;
    },
  },
  {
    name: 'HS256 signed with the public JWK as the secret',
    header: async (c) =>
      `Bearer ${await new SignJWT(claims(c))
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: c.f.emu.keys.publicJwk.kid })
        .sign(new TextEncoder().encode(JSON.stringify(c.f.emu.keys.publicJwk)))}`,
  },
  {
    name: 'HS256 signed with the public key PEM as the secret',
    header: async (c) =>
      `Bearer ${await new SignJWT(claims(c))
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: c.f.emu.keys.publicJwk.kid })
        .sign(new TextEncoder().encode(c.publicPem))}`,
  },
  {
    name: 'unknown kid (attacker key)',
    header: async (c) =>
      `Bearer ${await new SignJWT(claims(c))
        .setProtectedHeader({ alg: 'ES384', typ: 'at+jwt', kid: 'attacker-key' })
        .sign(c.attacker.privateKey)}`,
  },
  {
    name: 'real kid, attacker key (bad signature)',
    header: async (c) =>
      `Bearer ${await new SignJWT(claims(c))
        .setProtectedHeader({ alg: 'ES384', typ: 'at+jwt', kid: c.f.emu.keys.publicJwk.kid })
        .sign(c.attacker.privateKey)}`,
  },
  {
    name: 'attacker key embedded in the header (jwk)',
    header: async (c) =>
      `Bearer ${await new SignJWT(claims(c))
        .setProtectedHeader({
          alg: 'ES384',
          typ: 'at+jwt',
          kid: c.f.emu.keys.publicJwk.kid,
          jwk: c.attacker.jwk,
        })
        .sign(c.attacker.privateKey)}`,
  },
  {
    name: 'attacker key set URL in the header (jku)',
    header: async (c) =>
      `Bearer ${await new SignJWT(claims(c))
        .setProtectedHeader({
          alg: 'ES384',
          typ: 'at+jwt',
          kid: 'attacker-key',
          jku: 'http://127.0.0.1:9/jwks',
        })
        .sign(c.attacker.privateKey)}`,
  },
  {
    name: 'tampered payload (scope and sub changed, signature kept)',
    header: (c) => {
      const [header, payload, signature] = rightToken(c).split('.');
      const decoded = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as JWTPayload;
      const forged = { ...decoded, scope: ALL_PERMISSIONS, sub: 'someone-else' };
      return `Bearer ${header}.${b64(forged)}.${signature}`;
    },
  },
  {
    name: 'tampered header (kid changed, signature kept)',
    header: (c) => {
      const [, payload, signature] = rightToken(c).split('.');
      const header = b64({ alg: 'ES384', typ: 'at+jwt', kid: 'other' });
      return `Bearer ${header}.${payload}.${signature}`;
    },
  },
  {
    name: 'signature truncated',
    header: (c) => `Bearer ${rightToken(c).slice(0, -6)}`,
  },
  {
    name: 'wrong issuer (real key)',
    header: async (c) =>
      `Bearer ${await c.f.signWithEmulatorKey(claims(c, { iss: 'https://evil.example.com/oidc' }))}`,
  },
  {
    name: 'issuer with a trailing slash (real key)',
    header: async (c) =>
      `Bearer ${await c.f.signWithEmulatorKey(claims(c, { iss: `${c.f.config.issuer}/` }))}`,
  },
  {
    name: 'wrong audience (real key)',
    header: async (c) =>
      `Bearer ${await c.f.signWithEmulatorKey(claims(c, { aud: 'https://evil.example.com/api' }))}`,
  },
  {
    name: 'audience list with the right one plus another (real key)',
    header: async (c) =>
      `Bearer ${await c.f.signWithEmulatorKey(
        claims(c, { aud: [c.audience, 'https://evil.example.com/api'] }),
      )}`,
  },
  {
    name: "another organization's token (real)",
    header: (c) => `Bearer ${c.real.otherOrg}`,
  },
  {
    name: 'the other kind of token (resource on org route, org on tenant route; real)',
    header: (c) => `Bearer ${c.endpoint.token === 'org' ? c.real.resource : c.real.org}`,
  },
  {
    name: 'the M2M token of the Management API (real)',
    header: (c) => `Bearer ${c.real.m2m}`,
  },
  {
    name: 'expired an hour ago (real key)',
    header: async (c) => {
      const now = Math.floor(Date.now() / 1000);
      return `Bearer ${await c.f.signWithEmulatorKey(claims(c, { iat: now - 7200, exp: now - 3600 }))}`;
    },
  },
  {
    name: 'expired just beyond the clock tolerance (real key)',
    header: async (c) => {
      const now = Math.floor(Date.now() / 1000);
      return `Bearer ${await c.f.signWithEmulatorKey(claims(c, { iat: now - 3600, exp: now - 30 }))}`;
    },
  },
  {
    name: 'not yet valid (nbf in an hour; real key)',
    header: async (c) =>
      `Bearer ${await c.f.signWithEmulatorKey(claims(c, { nbf: Math.floor(Date.now() / 1000) + 3600 }))}`,
  },
  {
    name: 'missing sub (real key)',
    header: async (c) => {
      const payload = claims(c);
      delete payload.sub;
      return `Bearer ${await c.f.signWithEmulatorKey(payload)}`;
    },
  },
  {
    name: 'empty sub (real key)',
    header: async (c) => `Bearer ${await c.f.signWithEmulatorKey(claims(c, { sub: '' }))}`,
  },
  {
    name: 'missing exp (real key)',
    header: async (c) => {
      const payload = claims(c);
      delete payload.exp;
      return `Bearer ${await c.f.signWithEmulatorKey(payload)}`;
    },
  },
  {
    name: 'typ JWT instead of at+jwt (real key; an ID token shape)',
    header: async (c) => `Bearer ${await c.f.signWithEmulatorKey(claims(c), { typ: 'JWT' })}`,
  },
  {
    name: 'oversize JOSE header (8 KB kid)',
    header: async (c) =>
      `Bearer ${await c.f.signWithEmulatorKey(claims(c), { kid: 'k'.repeat(8192) })}`,
  },
  {
    name: 'oversize payload (6 KB claim, real key, wrong audience)',
    header: async (c) =>
      `Bearer ${await c.f.signWithEmulatorKey(
        claims(c, { aud: 'https://evil.example.com/api', pad: 'x'.repeat(6_000) }),
      )}`,
  },
  { name: 'garbage', header: () => 'Bearer garbage' },
  { name: 'three empty segments', header: () => 'Bearer ..' },
  { name: 'random base64 segments', header: () => 'Bearer YWJj.ZGVm.Z2hp' },
  { name: 'header segment not JSON', header: () => `Bearer ${b64('x').slice(1)}.${b64({})}.AA` },
  { name: 'Bearer with no token', header: () => 'Bearer ' },
  { name: 'two tokens', header: (c) => `Bearer ${rightToken(c)} ${rightToken(c)}` },
  {
    name: 'Basic scheme',
    header: () => `Basic ${Buffer.from('alice:alice-pass').toString('base64')}`,
  },
  { name: 'token without scheme', header: (c) => rightToken(c) },
  {
    name: 'JWS JSON serialization',
    header: (c) => {
      const [protectedHeader, payload, signature] = rightToken(c).split('.');
      return `Bearer ${JSON.stringify({ protected: protectedHeader, payload, signature })}`;
    },
  },
];

describe('forged and wrong tokens × every endpoint', () => {
  let f: Fixture;
  let ids: Ids & { roleId: string };
  let real: Context['real'];
  let attacker: Context['attacker'];
  let publicPem: string;
  let aliceId: string;

  before(async () => {
    f = await startFixture();
    aliceId = f.userId('alice');
    const orgId = f.org('Token Target', { alice: ['admin'], bob: ['member'] });
    const otherOrgId = f.org('Other Org', { alice: ['admin'] });
    const invitation = f.emu.store.createInvitation({
      inviterId: aliceId,
      invitee: 'carol@example.com',
      organizationId: orgId,
      expiresAt: Date.now() + 86_400_000,
      organizationRoleIds: [f.roleId('member')],
    });
    ids = {
      orgId,
      userId: f.userId('bob'),
      invitationId: invitation.id,
      roleId: f.roleId('member'),
    };
    real = {
      resource: await f.resourceToken('alice'),
      org: await f.orgToken('alice', orgId),
      otherOrg: await f.orgToken('alice', otherOrgId),
      m2m: await f.emu.managementToken(),
    };
    const pair = await generateKeyPair('ES384', { extractable: true });
    attacker = {
      privateKey: pair.privateKey,
      jwk: { ...(await exportJWK(pair.publicKey)), kid: f.emu.keys.publicJwk.kid },
    };
    const { importJWK } = await import('jose');
    publicPem = await exportSPKI(
      (await importJWK(f.emu.keys.publicJwk, 'ES384', { extractable: true })) as CryptoKey,
    );
    // Warm the server's key cache with one valid call, so the matrix measures refusals only.
    const warm = await f.call('GET', '/me/organizations', { token: real.resource });
    assert.equal(warm.status, 200);
  });
  after(() => f.close());

  it(`refuses ${CASES.length} kinds of token on ${ENDPOINTS.length} endpoints with 401 and no upstream call`, async () => {
    await fetch(`${f.emu.url}/emulator/stats/reset`, { method: 'POST' });
    const upstreamBefore = f.upstream.length;
    const stateBefore = f.state();
    let tried = 0;
    let refused = 0;
    const failures: string[] = [];
    for (const endpoint of ENDPOINTS) {
      const audience =
        endpoint.token === 'org' ? `urn:logto:organization:${ids.orgId}` : f.config.apiResource;
      const context: Context = { f, endpoint, audience, aliceId, real, attacker, publicPem };
      for (const kase of CASES) {
        const header = await kase.header(context);
        const body = endpoint.body ? JSON.stringify(endpoint.body(ids)) : undefined;
        const reply = await f.raw(endpoint.method, endpoint.path(ids), {
          ...(header ? { authorization: header } : {}),
          ...(body ? { body } : {}),
        });
        tried += 1;
        const code = kase.code ?? 'auth.invalid_token';
        if (
          reply.status === 401 &&
          reply.body?.code === code &&
          /^Bearer/.test(reply.headers.get('www-authenticate') ?? '')
        ) {
          refused += 1;
        } else {
          failures.push(
            `${endpoint.name} × ${kase.name}: ${reply.status} ${reply.text.slice(0, 120)}`,
          );
        }
      }
    }
    console.log(`token matrix: ${tried} tried, ${refused} refused with 401`);
    assert.deepEqual(failures, []);
    const stats = await f.stats();
    assert.equal(stats.apiRequests, 0, 'no Management API call');
    assert.equal(stats.tokenRequests.total, 0, 'no token request');
    const calls = f.upstream.slice(upstreamBefore);
    const notJwks = calls.filter((c) => !c.path.endsWith('/oidc/jwks'));
    assert.deepEqual(notJwks, [], 'no upstream call other than key lookups');
    assert.ok(calls.length <= 2, `key lookups are bounded (cooldown): ${calls.length}`);
    assert.equal(f.state(), stateBefore, 'nothing changed in Logto');
  });

  it('control: the right tokens pass the same gate', async () => {
    const org = await f.call('GET', `/organizations/${ids.orgId}`, { token: real.org });
    assert.equal(org.status, 200);
    const me = await f.call('GET', '/me/organizations', { token: real.resource });
    assert.equal(me.status, 200);
    // A token signed with the real key and the right claims is accepted: the forged ones above
    // differ from it in exactly one respect each.
    const context = {
      f,
      audience: `urn:logto:organization:${ids.orgId}`,
      aliceId,
    } as Context;
    const good = await f.signWithEmulatorKey(claims(context));
    const ok = await f.call('GET', `/organizations/${ids.orgId}/roles`, { token: good });
    assert.equal(ok.status, 200);
  });

  it("an application's client-credentials token is refused on every endpoint: 403 auth.not_a_user, no upstream call", async () => {
    // Minted over HTTP by the emulator's client_credentials grant for the companion API.
    const response = await fetch(`${f.emu.url}/oidc/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(
          `${EMULATOR_DEFAULTS.m2mAppId}:${EMULATOR_DEFAULTS.m2mAppSecret}`,
        ).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        resource: f.config.apiResource,
      }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    const appToken = ((await response.json()) as { access_token: string }).access_token;
    const payload = JSON.parse(
      Buffer.from(appToken.split('.')[1] ?? '', 'base64url').toString(),
    ) as JWTPayload;
    assert.equal(payload.sub, payload.client_id, 'the app token names the app as its subject');
    // Logto's organization token of an app (client_credentials with organization_id; the
    // emulator has no app-organization links, so its shape is signed with the emulator's key).
    const appOrgToken = await f.signWithEmulatorKey({
      iss: f.config.issuer,
      aud: `urn:logto:organization:${ids.orgId}`,
      sub: EMULATOR_DEFAULTS.m2mAppId,
      client_id: EMULATOR_DEFAULTS.m2mAppId,
      scope: ALL_PERMISSIONS,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 3600,
      jti: Math.random().toString(36).slice(2),
    });
    const upstreamBefore = f.upstream.length;
    const stateBefore = f.state();
    const failures: string[] = [];
    for (const endpoint of ENDPOINTS) {
      const token = endpoint.token === 'org' ? appOrgToken : appToken;
      const body = endpoint.body ? JSON.stringify(endpoint.body(ids)) : undefined;
      const reply = await f.raw(endpoint.method, endpoint.path(ids), {
        authorization: `Bearer ${token}`,
        ...(body ? { body } : {}),
      });
      if (reply.status !== 403 || reply.body?.code !== 'auth.not_a_user') {
        failures.push(`${endpoint.name}: ${reply.status} ${reply.text.slice(0, 120)}`);
      }
    }
    assert.deepEqual(failures, []);
    const calls = f.upstream.slice(upstreamBefore).filter((c) => !c.path.endsWith('/oidc/jwks'));
    assert.deepEqual(calls, [], 'refused before any call to Logto');
    assert.equal(f.state(), stateBefore);
  });

  it('an Authorization header beyond the HTTP header limit is refused by the server itself', async () => {
    const reply = await f.raw('GET', '/me/organizations', {
      authorization: `Bearer ${'a'.repeat(20_000)}`,
    });
    assert.equal(reply.status, 431);
  });

  it('leaks no secret in any response or log line', () => {
    const { scanned } = f.assertNoSecrets();
    console.log(`secret scan: ${scanned} responses and log lines, 0 leaks`);
  });
});
