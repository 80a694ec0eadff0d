/**
 * The emulator's OIDC half against the facts recorded from a real Logto 1.42
 * (/work/shared/logto-reference: tokens.json, 00-oidc-*, 150-152b, 300-320).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import { startOidcFixture } from './fixtures/oidc-emulator.js';
import type { OidcFixture } from './fixtures/oidc-emulator.js';
import { CookieJar, authorize, follow, get, postForm, tokenRequest } from './fixtures/oidc-flow.js';

const REDIRECT = 'http://127.0.0.1:47001/callback';
const SIGN_IN_SCOPE = [
  'openid',
  'offline_access',
  'profile',
  'email',
  'urn:logto:scope:organizations',
  'urn:logto:scope:organization_roles',
  'create:organization',
  'read:data',
  'invite:member',
  'remove:member',
  'read:member',
].join(' ');
/** Members of Logto 1.42's discovery document (150-oidc-openid-configuration.json). */
const LOGTO_DISCOVERY_MEMBERS = [
  'authorization_endpoint',
  'device_authorization_endpoint',
  'claims_parameter_supported',
  'claims_supported',
  'code_challenge_methods_supported',
  'end_session_endpoint',
  'grant_types_supported',
  'issuer',
  'jwks_uri',
  'authorization_response_iss_parameter_supported',
  'response_modes_supported',
  'response_types_supported',
  'scopes_supported',
  'subject_types_supported',
  'token_endpoint_auth_methods_supported',
  'token_endpoint_auth_signing_alg_values_supported',
  'token_endpoint',
  'id_token_signing_alg_values_supported',
  'pushed_authorization_request_endpoint',
  'request_uri_parameter_supported',
  'userinfo_endpoint',
  'introspection_endpoint',
  'revocation_endpoint',
  'backchannel_logout_supported',
  'backchannel_logout_session_supported',
  'claim_types_supported',
];
/** The access-token claims Logto writes, in its order (tokens.json). */
const AT_CLAIMS = ['jti', 'sub', 'iat', 'exp', 'scope', 'client_id', 'iss', 'aud'];

let f: OidcFixture;
let emu: OidcFixture['emu'];
let jwks: ReturnType<typeof createRemoteJWKSet>;
let SPA_ID: string;
let M2M_ID: string;
let MANAGEMENT_API: string;
let COMPANION_API: string;
let ALICE: string;
let BOB: string;
let ACME: string;
let BETA: string;
let RESOURCES: string[];
let m2m: { id: string; secret: string };

before(async () => {
  f = await startOidcFixture();
  emu = f.emu;
  jwks = createRemoteJWKSet(new URL(`${emu.issuer}/jwks`));
  ({ spaId: SPA_ID, managementApi: MANAGEMENT_API, companionApi: COMPANION_API, m2m } = f);
  M2M_ID = m2m.id;
  ({ alice: ALICE, bob: BOB } = f.users);
  ({ acme: ACME, beta: BETA } = f);
  RESOURCES = [COMPANION_API, 'urn:logto:resource:organizations'];
});
after(async () => {
  await emu.close();
});

function sorted(scope: unknown): string[] {
  assert.equal(typeof scope, 'string');
  return (scope as string).split(' ').filter(Boolean).sort();
}

/** Verifies signature, issuer, `typ: at+jwt`, ES384 and lifetime; returns the claims. */
async function verifyAccessToken(token: unknown, audience: string): Promise<JWTPayload> {
  assert.equal(typeof token, 'string');
  const header = decodeProtectedHeader(token as string);
  assert.equal(header.alg, 'ES384');
  assert.equal(header.typ, 'at+jwt');
  const { payload } = await jwtVerify(token as string, jwks, {
    issuer: emu.issuer,
    audience,
    typ: 'at+jwt',
    algorithms: ['ES384'],
  });
  assert.equal(payload.exp! - payload.iat!, 3600);
  return payload;
}

async function verifyIdToken(token: unknown): Promise<JWTPayload> {
  assert.equal(typeof token, 'string');
  const header = decodeProtectedHeader(token as string);
  assert.equal(header.alg, 'ES384');
  const { payload } = await jwtVerify(token as string, jwks, {
    issuer: emu.issuer,
    audience: SPA_ID,
    algorithms: ['ES384'],
  });
  return payload;
}

async function signIn(username: string, password: string) {
  const result = await authorize({
    issuer: emu.issuer,
    clientId: SPA_ID,
    redirectUri: REDIRECT,
    scope: SIGN_IN_SCOPE,
    resources: RESOURCES,
    username,
    password,
  });
  const tokens = await tokenRequest(emu.issuer, {
    grant_type: 'authorization_code',
    code: result.code,
    code_verifier: result.verifier,
    redirect_uri: REDIRECT,
    client_id: SPA_ID,
  });
  assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
  return { ...result, tokens: tokens.body };
}

/** A refresh-token session that follows rotation. */
function refresher(initial: string) {
  let current = initial;
  return async (extra: Record<string, string>) => {
    const res = await tokenRequest(emu.issuer, {
      grant_type: 'refresh_token',
      refresh_token: current,
      client_id: SPA_ID,
      ...extra,
    });
    if (typeof res.body.refresh_token === 'string') current = res.body.refresh_token;
    return res;
  };
}

describe('discovery and jwks', () => {
  test('discovery document has the shape of Logto 1.42', async () => {
    const res = await fetch(`${emu.issuer}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const doc = (await res.json()) as Record<string, unknown>;
    const i = emu.issuer;
    assert.equal(doc.issuer, i);
    assert.equal(doc.authorization_endpoint, `${i}/auth`);
    assert.equal(doc.token_endpoint, `${i}/token`);
    assert.equal(doc.userinfo_endpoint, `${i}/me`);
    assert.equal(doc.end_session_endpoint, `${i}/session/end`);
    assert.equal(doc.jwks_uri, `${i}/jwks`);
    assert.equal(doc.introspection_endpoint, `${i}/token/introspection`);
    assert.equal(doc.revocation_endpoint, `${i}/token/revocation`);
    assert.deepEqual(doc.id_token_signing_alg_values_supported, ['ES384']);
    assert.deepEqual(doc.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(doc.response_types_supported, ['code id_token', 'code', 'id_token', 'none']);
    for (const g of ['authorization_code', 'refresh_token', 'client_credentials']) {
      assert.ok((doc.grant_types_supported as string[]).includes(g), g);
    }
    for (const s of [
      'openid',
      'offline_access',
      'profile',
      'email',
      'urn:logto:scope:organizations',
      'urn:logto:scope:organization_roles',
    ]) {
      assert.ok((doc.scopes_supported as string[]).includes(s), s);
    }
    for (const c of ['organizations', 'organization_roles', 'organization_data', 'username']) {
      assert.ok((doc.claims_supported as string[]).includes(c), c);
    }
    assert.equal(doc.authorization_response_iss_parameter_supported, true);
    assert.equal(doc.dpop_signing_alg_values_supported, undefined);
  });

  test('the discovery document has exactly the members Logto 1.42 publishes (150)', async () => {
    const doc = (await (
      await fetch(`${emu.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(doc).sort(), [...LOGTO_DISCOVERY_MEMBERS].sort());
    assert.deepEqual(doc.grant_types_supported, [
      'implicit',
      'authorization_code',
      'refresh_token',
      'client_credentials',
      'urn:ietf:params:oauth:grant-type:device_code',
      'urn:ietf:params:oauth:grant-type:token-exchange',
    ]);
    assert.deepEqual(doc.token_endpoint_auth_methods_supported, [
      'client_secret_basic',
      'client_secret_jwt',
      'client_secret_post',
      'private_key_jwt',
      'none',
    ]);
    assert.deepEqual(doc.scopes_supported, [
      'openid',
      'offline_access',
      'profile',
      'email',
      'phone',
      'address',
      'custom_data',
      'identities',
      'roles',
      'urn:logto:scope:organizations',
      'urn:logto:scope:organization_roles',
      'urn:logto:scope:sessions',
      'urn:logto:scope:trusted_devices',
    ]);
    const alias = await fetch(`${emu.issuer}/.well-known/oauth-authorization-server`);
    assert.equal(alias.status, 200, 'the RFC 8414 alias under /oidc (152b)');
  });

  test('jwks holds the one ES384 signing key', async () => {
    const res = await fetch(`${emu.issuer}/jwks`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/jwk-set\+json/);
    const { keys } = (await res.json()) as { keys: Array<Record<string, unknown>> };
    assert.equal(keys.length, 1);
    const [key] = keys;
    assert.equal(key!.kty, 'EC');
    assert.equal(key!.crv, 'P-384');
    assert.equal(key!.alg, 'ES384');
    assert.equal(key!.use, 'sig');
    assert.equal(typeof key!.kid, 'string');
    assert.equal(key!.d, undefined, 'no private part');
  });
});

describe('client_credentials (M2M)', () => {
  test('Management API token with scope all, claims as Logto', async () => {
    const res = await tokenRequest(
      emu.issuer,
      { grant_type: 'client_credentials', resource: MANAGEMENT_API, scope: 'all' },
      m2m,
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.expires_in, 3600);
    assert.equal(res.body.scope, 'all');
    const claims = await verifyAccessToken(res.body.access_token, MANAGEMENT_API);
    assert.deepEqual(Object.keys(claims), AT_CLAIMS);
    assert.equal(claims.sub, M2M_ID);
    assert.equal(claims.client_id, M2M_ID);
    assert.equal(claims.scope, 'all');
  });

  test('client_secret_post works too', async () => {
    const res = await tokenRequest(emu.issuer, {
      grant_type: 'client_credentials',
      resource: MANAGEMENT_API,
      scope: 'all',
      client_id: M2M_ID,
      client_secret: m2m.secret,
    });
    assert.equal(res.status, 200);
  });

  test('bad secret → 401 oidc.invalid_client', async () => {
    const res = await tokenRequest(
      emu.issuer,
      { grant_type: 'client_credentials', resource: MANAGEMENT_API, scope: 'all' },
      { id: M2M_ID, secret: 'wrong' },
    );
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'oidc.invalid_client');
    assert.equal(res.body.error, 'invalid_client');
    assert.equal(typeof res.body.message, 'string');
    assert.match(res.headers.get('www-authenticate') ?? '', /invalid_client/);
  });

  test('unknown resource → 400 oidc.invalid_target', async () => {
    const res = await tokenRequest(
      emu.issuer,
      { grant_type: 'client_credentials', resource: 'http://localhost:9999/nope', scope: 'all' },
      m2m,
    );
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'oidc.invalid_target');
    assert.equal(res.body.error_description, 'resource indicator is missing, or unknown');
  });

  test('a scope the app was not granted is not in the token', async () => {
    const res = await tokenRequest(
      emu.issuer,
      { grant_type: 'client_credentials', resource: MANAGEMENT_API, scope: 'delete:everything' },
      m2m,
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.scope, undefined);
    const claims = await verifyAccessToken(res.body.access_token, MANAGEMENT_API);
    assert.equal(claims.scope, undefined);
  });

  test('a resource the app has no role for gives a token without scopes', async () => {
    const res = await tokenRequest(
      emu.issuer,
      { grant_type: 'client_credentials', resource: COMPANION_API, scope: 'all' },
      m2m,
    );
    assert.equal(res.status, 200);
    const claims = await verifyAccessToken(res.body.access_token, COMPANION_API);
    assert.equal(claims.scope, undefined);
  });

  test('no resource → 400 invalid_target; organization_id → 403 access_denied', async () => {
    const none = await tokenRequest(emu.issuer, { grant_type: 'client_credentials' }, m2m);
    assert.equal(none.status, 400);
    assert.equal(none.body.code, 'oidc.invalid_target');
    const org = await tokenRequest(
      emu.issuer,
      { grant_type: 'client_credentials', organization_id: ACME },
      m2m,
    );
    assert.equal(org.status, 403);
    assert.equal(org.body.code, 'oidc.access_denied');
  });

  test('the SPA (public client) may not use client_credentials', async () => {
    const res = await tokenRequest(emu.issuer, {
      grant_type: 'client_credentials',
      client_id: SPA_ID,
      resource: MANAGEMENT_API,
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'oidc.invalid_request');
    assert.equal(res.body.error_description, 'requested grant type is not allowed for this client');
  });
});

describe('sign-in page', () => {
  async function openSignIn() {
    const jar = new CookieJar();
    const auth = new URL(`${emu.issuer}/auth`);
    auth.searchParams.set('client_id', SPA_ID);
    auth.searchParams.set('redirect_uri', REDIRECT);
    auth.searchParams.set('response_type', 'code');
    auth.searchParams.set('scope', 'openid');
    auth.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    auth.searchParams.set('code_challenge_method', 'S256');
    const first = await get(jar, auth.toString());
    const page = await follow(jar, first, auth.toString(), REDIRECT);
    return { jar, page };
  }

  test('lists the demo users, has labelled fields, and a strict CSP', async () => {
    const { page } = await openSignIn();
    assert.equal(page.res.status, 200);
    assert.match(page.url, /\/oidc\/interaction\/[\w-]+$/);
    const csp = page.res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    const html = await page.res.text();
    assert.match(html, /<label for="username">Username<\/label>/);
    assert.match(html, /<label for="password">Password<\/label>/);
    assert.match(html, /Continue as Alice Example/);
    assert.match(html, /Org Widget Demo SPA/);
  });

  test('a wrong password shows an error and keeps the username', async () => {
    const { jar, page } = await openSignIn();
    const res = await postForm(jar, `${page.url}/login`, { username: 'alice', password: 'nope' });
    assert.equal(res.status, 401);
    const html = await res.text();
    assert.match(html, /role="alert"/);
    assert.match(html, /Wrong username or password/);
    assert.match(html, /value="alice"/);
  });

  test('cancel returns access_denied to the app', async () => {
    const { jar, page } = await openSignIn();
    const res = await postForm(jar, `${page.url}/abort`, {});
    const done = await follow(jar, res, `${page.url}/abort`, REDIRECT);
    const url = new URL(done.url);
    assert.equal(url.origin + url.pathname, REDIRECT);
    assert.equal(url.searchParams.get('error'), 'access_denied');
  });

  test('an unknown redirect URI is refused; loopback URIs on any port are accepted', async () => {
    const jar = new CookieJar();
    const auth = new URL(`${emu.issuer}/auth`);
    auth.searchParams.set('client_id', SPA_ID);
    auth.searchParams.set('redirect_uri', 'https://evil.example/cb');
    auth.searchParams.set('response_type', 'code');
    auth.searchParams.set('scope', 'openid');
    auth.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    auth.searchParams.set('code_challenge_method', 'S256');
    const res = await get(jar, auth.toString());
    assert.equal(res.status, 400);
    assert.match(await res.text(), /redirect_uri/);
  });
});

describe('authorization code + PKCE, refresh, organization tokens', () => {
  test('full flow for alice: ID token, resource token, organization tokens, userinfo', async () => {
    const before = { ...emu.stats.tokenRequests };
    const alice = await signIn('alice', f.passwords.alice);
    assert.equal(alice.callback.searchParams.get('state'), alice.state);
    assert.equal(alice.callback.searchParams.get('iss'), emu.issuer);
    assert.deepEqual([...alice.callback.searchParams.keys()].sort(), ['code', 'iss', 'state']);

    const t = alice.tokens;
    assert.equal(
      t.scope,
      'openid offline_access profile email urn:logto:scope:organizations urn:logto:scope:organization_roles',
    );
    assert.equal(t.expires_in, 3600);
    assert.equal(typeof t.refresh_token, 'string');
    assert.equal(typeof t.access_token, 'string');
    assert.equal((t.access_token as string).split('.').length, 1, 'opaque userinfo token');
    const id = await verifyIdToken(t.id_token);
    assert.equal(id.sub, ALICE);
    assert.equal(id.name, 'Alice Example');
    assert.equal(id.username, 'alice');
    assert.equal(id.preferred_username, 'alice');
    assert.equal(id.picture, null);
    assert.equal(id.email, 'alice@example.com');
    assert.equal(id.email_verified, true);
    assert.deepEqual(id.organizations, [ACME]);
    assert.deepEqual(id.organization_roles, [`${ACME}:admin`]);
    assert.equal(id.organization_data, undefined, 'organization_data only in userinfo');

    // Userinfo, as 320.
    const me = await fetch(`${emu.issuer}/me`, {
      headers: { authorization: `Bearer ${t.access_token as string}` },
    });
    assert.equal(me.status, 200);
    const info = (await me.json()) as Record<string, unknown>;
    assert.equal(info.sub, ALICE);
    assert.equal(info.username, 'alice');
    assert.deepEqual(info.organizations, [ACME]);
    assert.deepEqual(info.organization_roles, [`${ACME}:admin`]);
    assert.deepEqual(info.organization_data, [
      { id: ACME, name: 'Acme Inc', description: 'patched' },
    ]);

    const refresh = refresher(t.refresh_token as string);

    // Resource token (311).
    const api = await refresh({ resource: COMPANION_API });
    assert.equal(api.status, 200);
    assert.deepEqual(sorted(api.body.scope), ['create:organization', 'read:data']);
    assert.notEqual(api.body.refresh_token, t.refresh_token, 'the refresh token rotates');
    const apiClaims = await verifyAccessToken(api.body.access_token, COMPANION_API);
    assert.deepEqual(Object.keys(apiClaims), AT_CLAIMS);
    assert.equal(apiClaims.sub, ALICE);
    assert.equal(apiClaims.client_id, SPA_ID);
    assert.equal(apiClaims.scope, api.body.scope);
    await verifyIdToken(api.body.id_token);

    // Organization token (312).
    const org = await refresh({ organization_id: ACME });
    assert.equal(org.status, 200);
    const orgClaims = await verifyAccessToken(
      org.body.access_token,
      `urn:logto:organization:${ACME}`,
    );
    assert.deepEqual(Object.keys(orgClaims), AT_CLAIMS);
    assert.deepEqual(
      (orgClaims.scope as string).split(' ').sort(),
      ['invite:member', 'read:member', 'remove:member'],
      'organization permissions ∩ scopes asked at sign-in',
    );
    assert.equal(org.body.scope, orgClaims.scope);
    assert.equal(typeof org.body.id_token, 'string');

    // Organization + resource (313): a resource token with an organization_id claim.
    const both = await refresh({ organization_id: ACME, resource: COMPANION_API });
    assert.equal(both.status, 200);
    const bothClaims = await verifyAccessToken(both.body.access_token, COMPANION_API);
    assert.deepEqual(Object.keys(bothClaims).sort(), [...AT_CLAIMS, 'organization_id'].sort());
    assert.equal(bothClaims.organization_id, ACME);
    assert.deepEqual(sorted(bothClaims.scope), ['create:organization', 'read:data']);

    // Scope subset (314): no id_token without openid.
    const subset = await refresh({ organization_id: ACME, scope: 'invite:member' });
    assert.equal(subset.status, 200);
    assert.equal(subset.body.scope, 'invite:member');
    assert.equal(subset.body.id_token, undefined);

    // Non-member, unknown organization (316): 403 access_denied.
    for (const organizationId of [BETA, 'does-not-exist']) {
      const denied = await refresh({ organization_id: organizationId });
      assert.equal(denied.status, 403);
      assert.deepEqual(
        {
          code: denied.body.code,
          error: denied.body.error,
          description: denied.body.error_description,
        },
        {
          code: 'oidc.access_denied',
          error: 'access_denied',
          description: 'user is not a member of the organization',
        },
      );
    }
    const deniedBoth = await refresh({ organization_id: BETA, resource: COMPANION_API });
    assert.equal(deniedBoth.status, 403);

    // Unknown resource (317), scope never granted.
    const unknown = await refresh({ resource: 'http://localhost:9999/nope' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.code, 'oidc.invalid_target');
    const notGranted = await refresh({ resource: COMPANION_API, scope: 'delete:everything' });
    assert.equal(notGranted.status, 400);
    assert.equal(notGranted.body.code, 'oidc.invalid_scope');
    assert.equal(notGranted.body.error_description, 'refresh token missing requested scope');

    // Every token request was counted, failures included.
    const after = emu.stats.tokenRequests;
    assert.equal(after.authorizationCode - before.authorizationCode, 1);
    assert.equal(after.refreshToken - before.refreshToken, 9);
    assert.equal(after.total - before.total, 10);
  });

  test('code replay is refused with invalid_grant (319)', async () => {
    const alice = await signIn('alice', f.passwords.alice);
    const again = await tokenRequest(emu.issuer, {
      grant_type: 'authorization_code',
      code: alice.code,
      code_verifier: alice.verifier,
      redirect_uri: REDIRECT,
      client_id: SPA_ID,
    });
    assert.equal(again.status, 400);
    assert.equal(again.body.code, 'oidc.invalid_grant');
    assert.equal(again.body.error, 'invalid_grant');
  });

  test('a wrong PKCE verifier is refused', async () => {
    const result = await authorize({
      issuer: emu.issuer,
      clientId: SPA_ID,
      redirectUri: REDIRECT,
      scope: 'openid offline_access',
      resources: [],
      username: 'alice',
      password: f.passwords.alice,
    });
    const res = await tokenRequest(emu.issuer, {
      grant_type: 'authorization_code',
      code: result.code,
      code_verifier: 'x'.repeat(43),
      redirect_uri: REDIRECT,
      client_id: SPA_ID,
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'oidc.invalid_grant');
  });

  test('a rotated refresh token stays usable for a few seconds (concurrent refreshes), as in Logto', async () => {
    // Logto treats a consumed refresh token as unused for 3 s after its rotation, so an SPA asking
    // for a resource token and an organization token at the same moment keeps its grant.
    const alice = await signIn('alice', f.passwords.alice);
    const [organization, resource] = await Promise.all([
      tokenRequest(emu.issuer, {
        grant_type: 'refresh_token',
        refresh_token: alice.tokens.refresh_token as string,
        client_id: SPA_ID,
        organization_id: ACME,
      }),
      tokenRequest(emu.issuer, {
        grant_type: 'refresh_token',
        refresh_token: alice.tokens.refresh_token as string,
        client_id: SPA_ID,
        resource: f.companionApi,
      }),
    ]);
    assert.equal(organization.status, 200);
    assert.equal(resource.status, 200);
    // Both rotated tokens work afterwards: the grant was not revoked as a replay.
    for (const response of [organization, resource]) {
      const next = await tokenRequest(emu.issuer, {
        grant_type: 'refresh_token',
        refresh_token: response.body.refresh_token as string,
        client_id: SPA_ID,
        organization_id: ACME,
      });
      assert.equal(next.status, 200);
    }
  });

  test('bob: member without a role gets scope "", role changes show at the next refresh, removal denies', async () => {
    const bob = await signIn('bob', f.passwords.bob);
    const id = await verifyIdToken(bob.tokens.id_token);
    assert.deepEqual(id.organization_roles, []);
    const refresh = refresher(bob.tokens.refresh_token as string);

    const org = await refresh({ organization_id: ACME });
    assert.equal(org.status, 200);
    assert.equal(org.body.scope, '');
    const claims = await verifyAccessToken(org.body.access_token, `urn:logto:organization:${ACME}`);
    assert.equal(claims.scope, '');
    assert.deepEqual(Object.keys(claims), AT_CLAIMS);

    // Bob's global roles give create:organization only (no read:data).
    const api = await refresh({ resource: COMPANION_API });
    assert.equal(api.status, 200);
    assert.equal(api.body.scope, 'create:organization');
    assert.equal(
      (await verifyAccessToken(api.body.access_token, COMPANION_API)).scope,
      'create:organization',
    );

    const { store } = emu;
    const [adminRole] = store.resolveOrganizationRoleNames(['admin']);
    store.replaceMemberRoles(ACME, BOB, [adminRole!]);
    try {
      const promoted = await refresh({ organization_id: ACME });
      assert.equal(promoted.status, 200);
      assert.deepEqual((promoted.body.scope as string).split(' ').sort(), [
        'invite:member',
        'read:member',
        'remove:member',
      ]);
      store.removeMember(ACME, BOB);
      const removed = await refresh({ organization_id: ACME });
      assert.equal(removed.status, 403);
      assert.equal(removed.body.code, 'oidc.access_denied');
      const plain = await refresh({});
      assert.equal(plain.status, 200);
      assert.deepEqual((await verifyIdToken(plain.body.id_token)).organizations, []);
    } finally {
      if (!store.isMember(ACME, BOB)) store.addMembers(ACME, [BOB]);
      store.replaceMemberRoles(ACME, BOB, []);
    }
  });

  test('organization tokens need urn:logto:scope:organizations at sign-in', async () => {
    const result = await authorize({
      issuer: emu.issuer,
      clientId: SPA_ID,
      redirectUri: REDIRECT,
      scope: 'openid offline_access read:member',
      resources: [],
      username: 'alice',
      password: f.passwords.alice,
    });
    const tokens = await tokenRequest(emu.issuer, {
      grant_type: 'authorization_code',
      code: result.code,
      code_verifier: result.verifier,
      redirect_uri: REDIRECT,
      client_id: SPA_ID,
    });
    const res = await tokenRequest(emu.issuer, {
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token as string,
      client_id: SPA_ID,
      organization_id: ACME,
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.error, 'insufficient_scope');
  });

  test('end session redirects to the post-logout URI', async () => {
    const alice = await signIn('alice', f.passwords.alice);
    const end = new URL(`${emu.issuer}/session/end`);
    end.searchParams.set('id_token_hint', alice.tokens.id_token as string);
    end.searchParams.set('post_logout_redirect_uri', 'http://127.0.0.1:47001/');
    end.searchParams.set('client_id', SPA_ID);
    const page = await get(alice.jar, end.toString());
    assert.equal(page.status, 200);
    const html = await page.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(action && xsrf, 'logout form');
    const confirm = await postForm(alice.jar, new URL(action, end).toString(), {
      xsrf,
      logout: 'yes',
    });
    assert.equal(confirm.status, 303);
    assert.equal(confirm.headers.get('location'), 'http://127.0.0.1:47001/');

    // The session is gone: the next authorization request shows the sign-in page again.
    const again = new URL(`${emu.issuer}/auth`);
    for (const [k, v] of Object.entries({
      client_id: SPA_ID,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    })) {
      again.searchParams.set(k, v);
    }
    const start = await get(alice.jar, again.toString());
    const page2 = await follow(alice.jar, start, again.toString(), REDIRECT);
    assert.equal(page2.res.status, 200);
    assert.match(await page2.res.text(), /id="sign-in-form"/);
  });

  test('end session without a redirect URI ends on a signed-out page', async () => {
    const alice = await signIn('alice', f.passwords.alice);
    const end = `${emu.issuer}/session/end`;
    const html = await (await get(alice.jar, end)).text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(xsrf);
    const confirm = await postForm(alice.jar, `${end}/confirm`, { xsrf, logout: 'yes' });
    const done = await follow(alice.jar, confirm, `${end}/confirm`, 'http://never/');
    assert.equal(done.res.status, 200);
    assert.match(await done.res.text(), /<h1>Signed out<\/h1>/);
  });
});

describe('mintAccessToken', () => {
  test('resource token equals what the flow issues', async () => {
    const minted = await emu.oidc.mintAccessToken({ userId: ALICE, resource: COMPANION_API });
    assert.equal(minted.token_type, 'Bearer');
    assert.equal(minted.expires_in, 3600);
    assert.deepEqual(sorted(minted.scope), ['create:organization', 'read:data']);
    const claims = await verifyAccessToken(minted.access_token, COMPANION_API);
    assert.deepEqual(Object.keys(claims), AT_CLAIMS);
    assert.equal(claims.sub, ALICE);
    assert.equal(claims.client_id, SPA_ID);
  });

  test('organization token with and without a scope narrowing; member without role', async () => {
    const all = await emu.oidc.mintAccessToken({ userId: ALICE, organizationId: ACME });
    const claims = await verifyAccessToken(all.access_token, `urn:logto:organization:${ACME}`);
    assert.deepEqual(Object.keys(claims), AT_CLAIMS);
    assert.equal(claims.scope, all.scope);
    assert.ok(all.scope.split(' ').includes('manage:organization'));
    const narrowed = await emu.oidc.mintAccessToken({
      userId: ALICE,
      organizationId: ACME,
      scope: 'read:member invite:member nope',
    });
    assert.deepEqual(sorted(narrowed.scope), ['invite:member', 'read:member']);
    const bob = await emu.oidc.mintAccessToken({ userId: BOB, organizationId: ACME });
    assert.equal(bob.scope, '');
    assert.equal(
      (await verifyAccessToken(bob.access_token, `urn:logto:organization:${ACME}`)).scope,
      '',
    );
  });

  test('organization + resource carries organization_id', async () => {
    const t = await emu.oidc.mintAccessToken({
      userId: ALICE,
      organizationId: ACME,
      resource: COMPANION_API,
    });
    const claims = await verifyAccessToken(t.access_token, COMPANION_API);
    assert.equal(claims.organization_id, ACME);
  });

  test('errors: non-member, unknown resource, unknown user', async () => {
    await assert.rejects(emu.oidc.mintAccessToken({ userId: BOB, organizationId: BETA }), {
      code: 'oidc.access_denied',
    });
    await assert.rejects(
      emu.oidc.mintAccessToken({ userId: ALICE, resource: 'http://localhost:9999/nope' }),
      { code: 'oidc.invalid_target' },
    );
    await assert.rejects(emu.oidc.mintAccessToken({ userId: 'nobody', resource: COMPANION_API }), {
      code: 'user.not_found',
    });
  });

  test('minting does not count as a token request', async () => {
    const before = emu.stats.tokenRequests.total;
    await emu.oidc.mintAccessToken({ userId: ALICE, resource: COMPANION_API });
    assert.equal(emu.stats.tokenRequests.total, before);
  });
});
