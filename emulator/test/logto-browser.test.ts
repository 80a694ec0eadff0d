/**
 * Proof that the unmodified `@logto/browser` SDK works against the emulator: a real Chromium
 * signs in through the emulator's sign-in page, comes back to the callback, then asks the SDK for
 * a resource token and organization tokens.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { startOidcFixture } from './fixtures/oidc-emulator.js';
import type { OidcFixture } from './fixtures/oidc-emulator.js';
import { chromeArgs, requireChrome, startBrowserApp } from './fixtures/oidc-browser-app.js';
import type { BrowserApp } from './fixtures/oidc-browser-app.js';

let f: OidcFixture;
let emu: OidcFixture['emu'];
let newOrg: string;
let app: BrowserApp;
let browser: Browser;
let page: Page;

before(async () => {
  f = await startOidcFixture();
  emu = f.emu;
  // A fresh organization made through the Management API, as an admin console would: alice
  // joins it and gets the admin role.
  const token = await emu.managementToken();
  const api = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${emu.url}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.ok(res.ok, `${method} ${path} → ${res.status}`);
    return res.status === 201 || res.headers.get('content-type')?.includes('json')
      ? ((await res.json().catch(() => ({}))) as Record<string, unknown>)
      : {};
  };
  const org = await api('POST', '/organizations', { name: 'Browser Proof Ltd' });
  newOrg = org.id as string;
  await api('POST', `/organizations/${newOrg}/users`, { userIds: [f.users.alice] });
  await api('POST', `/organizations/${newOrg}/users/${f.users.alice}/roles`, {
    organizationRoleNames: ['admin'],
  });
  app = await startBrowserApp({
    endpoint: emu.url,
    appId: f.spaId,
    scopes: [
      'email',
      'urn:logto:scope:organizations',
      'urn:logto:scope:organization_roles',
      'create:organization',
      'read:member',
      'invite:member',
      'remove:member',
    ],
    resources: [f.companionApi],
  });
  browser = await chromium.launch({
    executablePath: requireChrome(),
    headless: true,
    args: chromeArgs,
  });
  page = await browser.newPage();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await emu?.close();
});

test('@logto/browser signs in through the emulator and gets resource and organization tokens', async () => {
  const jwks = createRemoteJWKSet(new URL(`${emu.issuer}/jwks`));
  const verify = async (token: string, audience: string) => {
    assert.equal(decodeProtectedHeader(token).typ, 'at+jwt');
    assert.equal(decodeProtectedHeader(token).alg, 'ES384');
    return (await jwtVerify(token, jwks, { issuer: emu.issuer, audience })).payload;
  };

  await page.goto(app.origin);
  await page.waitForSelector('body[data-state="signed-out"]');
  await page.click('#sign-in');

  // The emulator's sign-in page, used through its form like a person would.
  await page.waitForURL(/\/oidc\/interaction\//);
  if (process.env.OIDC_SCREENSHOT) await page.screenshot({ path: process.env.OIDC_SCREENSHOT });
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('alert').waitFor();
  assert.match((await page.getByRole('alert').textContent()) ?? '', /Wrong username or password/);
  await page.getByLabel('Password').fill(f.passwords.alice);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();

  await page.waitForURL(`${app.origin}/`);
  await page.waitForSelector('body[data-state="signed-in"]');

  const claims = await page.evaluate(async () => {
    const w = window as unknown as {
      logto: { getIdTokenClaims(): Promise<Record<string, unknown>> };
    };
    return w.logto.getIdTokenClaims();
  });
  assert.equal(claims.sub, f.users.alice);
  assert.ok((claims.organizations as string[]).includes(newOrg));

  type Logto = {
    getAccessToken(resource: string): Promise<string>;
    getOrganizationToken(id: string): Promise<string>;
  };
  const apiToken = await page.evaluate(
    (resource) => (window as unknown as { logto: Logto }).logto.getAccessToken(resource),
    f.companionApi,
  );
  const api = await verify(apiToken, f.companionApi);
  assert.equal(api.sub, f.users.alice);
  assert.equal(api.client_id, f.spaId);
  assert.equal(api.scope, 'create:organization');

  const orgToken = await page.evaluate(
    (id) => (window as unknown as { logto: Logto }).logto.getOrganizationToken(id),
    newOrg,
  );
  const org = await verify(orgToken, `urn:logto:organization:${newOrg}`);
  assert.equal(org.sub, f.users.alice);
  assert.deepEqual((org.scope as string).split(' ').sort(), [
    'invite:member',
    'read:member',
    'remove:member',
  ]);

  const refused = await page.evaluate(async (id) => {
    try {
      await (window as unknown as { logto: Logto }).logto.getOrganizationToken(id);
      return 'issued';
    } catch (error) {
      return String((error as Error).message ?? error);
    }
  }, f.beta);
  assert.notEqual(refused, 'issued', 'a non-member gets no organization token');

  // Sign-out goes through the emulator's end-session endpoint and comes back signed out.
  await page.click('#sign-out');
  await page.waitForURL(`${app.origin}/`);
  await page.waitForSelector('body[data-state="signed-out"]');
  assert.ok(emu.stats.tokenRequests.authorizationCode >= 1);
  assert.ok(emu.stats.tokenRequests.refreshToken >= 3);
});
