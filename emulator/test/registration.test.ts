/**
 * Registration through the sign-in page and Logto's just-in-time organization provisioning
 * (recordings 520–523): a person who registers with an email of an organization's JIT domain
 * joins it with the JIT roles; users created through the Management API, and users who later
 * sign in, are not provisioned.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import { EMULATOR_DEFAULTS } from '../src/index.js';
import { CookieJar, authorize, follow, get, pkce, postForm } from './fixtures/oidc-flow.js';
import { startHookReceiver } from './support/hook-receiver.js';
import { startTestEmulator, unique } from './support/emulator.js';
import type { TestEmulator } from './support/emulator.js';

const REDIRECT = 'http://localhost:5173/callback';

describe('registration with JIT provisioning', () => {
  let t: TestEmulator;
  let orgId: string;
  let jitRole: { id: string; name: string };
  const domain = `jit-${randomBytes(3).toString('hex')}.example`;
  before(async () => {
    t = await startTestEmulator();
    orgId = (await t.api('POST', '/organizations', { name: unique('JIT Org ') })).body.id;
    jitRole = (await t.api('POST', '/organization-roles', { name: unique('jit-member-') })).body;
    await t.api('POST', `/organizations/${orgId}/jit/email-domains`, { emailDomain: domain });
    await t.api('POST', `/organizations/${orgId}/jit/roles`, {
      organizationRoleIds: [jitRole.id],
    });
  });
  after(() => t.close());

  /** Starts an authorization request and returns the sign-in page. */
  const openSignIn = async () => {
    const jar = new CookieJar();
    const auth = new URL(`${t.emulator.issuer}/auth`);
    auth.searchParams.set('client_id', EMULATOR_DEFAULTS.spaAppId);
    auth.searchParams.set('redirect_uri', REDIRECT);
    auth.searchParams.set('response_type', 'code');
    auth.searchParams.set('scope', 'openid offline_access urn:logto:scope:organizations');
    auth.searchParams.set('code_challenge', pkce().challenge);
    auth.searchParams.set('code_challenge_method', 'S256');
    auth.searchParams.set('state', 'st');
    const start = await get(jar, auth.toString());
    const page = await follow(jar, start, auth.toString(), REDIRECT);
    assert.equal(page.res.status, 200);
    return { jar, html: await page.res.text(), url: page.url };
  };

  const openRegister = async () => {
    const signIn = await openSignIn();
    const href = /<a href="([^"]+)" id="create-account">Create account<\/a>/.exec(signIn.html)?.[1];
    assert.ok(href, 'the sign-in page links to "Create account"');
    const registerUrl = new URL(href.replace(/&amp;/g, '&'), signIn.url).toString();
    const page = await get(signIn.jar, registerUrl);
    assert.equal(page.status, 200);
    const html = await page.text();
    const action = /<form method="post" action="([^"]+)" id="register-form">/.exec(html)?.[1];
    assert.ok(action, 'the register form is shown');
    return { jar: signIn.jar, html, action: new URL(action.replace(/&amp;/g, '&'), registerUrl) };
  };

  const register = async (form: Record<string, string>) => {
    const page = await openRegister();
    const res = await postForm(page.jar, page.action.toString(), form);
    return { ...page, res };
  };

  const organizationsOf = async (userId: string) =>
    (await t.api('GET', `/users/${userId}/organizations`)).body as Array<{
      id: string;
      organizationRoles: Array<{ id: string; name: string }>;
    }>;

  it('a registration with a JIT-domain email signs in and joins the organization with the JIT roles', async () => {
    const username = unique('reg_');
    const { jar, action, res } = await register({
      username,
      email: `${username}@${domain}`,
      password: 'registered-pass',
    });
    assert.ok([302, 303].includes(res.status), `redirect after registering, got ${res.status}`);
    const done = await follow(jar, res, action.toString(), REDIRECT);
    assert.ok(done.url.startsWith(REDIRECT), `reaches the callback: ${done.url}`);
    assert.ok(new URL(done.url).searchParams.get('code'));

    const search = await t.api('GET', `/users?search=${encodeURIComponent(username)}`);
    assert.equal(search.body.length, 1);
    const user = search.body[0];
    assert.equal(user.primaryEmail, `${username}@${domain}`);
    const orgs = await organizationsOf(user.id);
    assert.deepEqual(
      orgs.map((org) => [org.id, org.organizationRoles]),
      [[orgId, [{ id: jitRole.id, name: jitRole.name }]]],
    );
    const roles = await t.api('GET', `/organizations/${orgId}/users/${user.id}/roles`);
    assert.deepEqual(
      roles.body.map((role: { id: string }) => role.id),
      [jitRole.id],
    );
    // The new account signs in with its password afterwards.
    const again = await authorize({
      issuer: t.emulator.issuer,
      clientId: EMULATOR_DEFAULTS.spaAppId,
      redirectUri: REDIRECT,
      scope: 'openid',
      resources: [],
      username,
      password: 'registered-pass',
    });
    assert.ok(again.code);
  });

  it('an email of another domain registers without joining; domains compare exactly', async () => {
    for (const email of [`other@not-${domain}`, `upper@${domain.toUpperCase()}`]) {
      const username = unique('reg_');
      const { res } = await register({ username, email, password: 'registered-pass' });
      assert.ok([302, 303].includes(res.status));
      const user = (await t.api('GET', `/users?search=${encodeURIComponent(username)}`)).body[0];
      assert.deepEqual(await organizationsOf(user.id), [], email);
    }
  });

  it('a user created through the Management API is not provisioned, not even after signing in', async () => {
    const username = unique('mapi_');
    const created = await t.api('POST', '/users', {
      username,
      primaryEmail: `${username}@${domain}`,
      password: 'mapi-user-pass',
    });
    assert.equal(created.status, 200);
    assert.deepEqual(await organizationsOf(created.body.id), []);
    const members = await t.api('GET', `/organizations/${orgId}/users`);
    assert.equal(
      members.body.some((member: { id: string }) => member.id === created.body.id),
      false,
    );
    await authorize({
      issuer: t.emulator.issuer,
      clientId: EMULATOR_DEFAULTS.spaAppId,
      redirectUri: REDIRECT,
      scope: 'openid',
      resources: [],
      username,
      password: 'mapi-user-pass',
    });
    assert.deepEqual(await organizationsOf(created.body.id), []);
  });

  it('a JIT registration sends User.Created and Organization.Membership.Updated webhooks', async () => {
    const receiver = await startHookReceiver();
    const hook = await t.api('POST', '/hooks', {
      events: ['User.Created', 'Organization.Membership.Updated'],
      config: { url: receiver.url },
    });
    try {
      const username = unique('hooked_');
      const { res } = await register({
        username,
        email: `${username}@${domain}`,
        password: 'registered-pass',
      });
      assert.ok([302, 303].includes(res.status));
      const deliveries = await receiver.waitFor(2);
      const byEvent = Object.fromEntries(deliveries.map((d) => [d.body.event, d.body]));
      const created = byEvent['User.Created'] as { data: { id: string; username: string } };
      assert.equal(created.data.username, username);
      assert.deepEqual(
        {
          organizationId: byEvent['Organization.Membership.Updated']?.organizationId,
          addedUserIds: byEvent['Organization.Membership.Updated']?.addedUserIds,
        },
        { organizationId: orgId, addedUserIds: [created.data.id] },
      );
    } finally {
      await t.api('DELETE', `/hooks/${hook.body.id}`);
      await t.emulator.webhooks.idle();
      await receiver.close();
    }
  });

  it('refuses bad input and taken identifiers with 422 and the field marked invalid, creating nothing', async () => {
    const taken = unique('taken_');
    await register({ username: taken, email: `${taken}@example.com`, password: 'long-enough' });
    const cases: Array<[Record<string, string>, string]> = [
      [{ username: '1abc', email: 'a@example.com', password: 'long-enough' }, 'username'],
      [{ username: unique('ok_'), email: 'not-an-email', password: 'long-enough' }, 'email'],
      [{ username: unique('ok_'), email: 'b@example.com', password: 'short' }, 'password'],
      [{ username: taken, email: 'c@example.com', password: 'long-enough' }, 'username'],
      [
        { username: unique('ok_'), email: `${taken}@EXAMPLE.com`, password: 'long-enough' },
        'email',
      ],
    ];
    for (const [form, field] of cases) {
      const before = (await t.api('GET', '/users?page_size=1')).headers.get('total-number');
      const { res } = await register(form);
      assert.equal(res.status, 422, JSON.stringify(form));
      const html = await res.text();
      assert.match(html, /role="alert" id="register-error"/);
      assert.match(html, new RegExp(`id="${field}"[^>]*aria-invalid="true"`), field);
      assert.doesNotMatch(html, /long-enough/, 'the password is never echoed');
      const afterCount = (await t.api('GET', '/users?page_size=1')).headers.get('total-number');
      assert.equal(afterCount, before);
    }
  });
});
