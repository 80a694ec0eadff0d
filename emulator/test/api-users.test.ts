/** Users (recordings 01–12b): create with validation, duplicates, get, list with search and paging. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startTestEmulator } from './support/emulator.js';
import type { TestEmulator } from './support/emulator.js';

const USER_KEYS = [
  'id',
  'username',
  'primaryEmail',
  'primaryPhone',
  'name',
  'avatar',
  'customData',
  'identities',
  'lastSignInAt',
  'createdAt',
  'updatedAt',
  'profile',
  'applicationId',
  'cimdClientId',
  'isSuspended',
  'hasPassword',
];

describe('users', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator({ seed: 'empty' });
  });
  after(() => t.close());

  it('creates a user (200) with Logto’s keys, a 12-character id and hasPassword', async () => {
    const res = await t.api('POST', '/users', {
      username: 'erin',
      password: 'Erin#Passw0rd',
      primaryEmail: 'erin@example.com',
      name: 'Erin Example',
    });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), USER_KEYS);
    assert.match(res.body.id, /^[a-z0-9]{12}$/);
    assert.equal(res.body.hasPassword, true);
    assert.equal(res.body.name, 'Erin Example');
    assert.equal(res.body.createdAt, res.body.updatedAt);
    assert.equal(t.emulator.store.verifyPassword('erin', 'Erin#Passw0rd'), res.body.id);
    assert.equal(t.emulator.store.verifyPassword('erin', 'wrong'), undefined);
  });

  it('accepts a weak password and an empty body (no password → hasPassword false)', async () => {
    const weak = await t.api('POST', '/users', { username: 'weakpw', password: '123' });
    assert.equal(weak.status, 200);
    const empty = await t.api('POST', '/users', {});
    assert.equal(empty.status, 200);
    assert.equal(empty.body.username, null);
    assert.equal(empty.body.hasPassword, false);
  });

  it('refuses a duplicate username (422 user.username_already_in_use)', async () => {
    await t.api('POST', '/users', { username: 'frank' });
    const res = await t.api('POST', '/users', { username: 'frank', password: 'x' });
    assert.equal(res.status, 422);
    assert.equal(res.body.code, 'user.username_already_in_use');
  });

  it('refuses a duplicate email, case-insensitively (422 user.email_already_in_use)', async () => {
    await t.api('POST', '/users', { username: 'gina', primaryEmail: 'gina@example.com' });
    const res = await t.api('POST', '/users', {
      username: 'gina2',
      primaryEmail: 'GINA@example.com',
    });
    assert.equal(res.status, 422);
    assert.equal(res.body.code, 'user.email_already_in_use');
  });

  it('validates email and username (400 guard.invalid_input with the path)', async () => {
    const email = await t.api('POST', '/users', { username: 'hank', primaryEmail: 'not-an-email' });
    assert.equal(email.status, 400);
    assert.equal(email.body.code, 'guard.invalid_input');
    assert.deepEqual(email.body.data.issues[0].path, ['primaryEmail']);
    const username = await t.api('POST', '/users', { username: '1-starts-with-digit' });
    assert.equal(username.status, 400);
    assert.deepEqual(username.body.data.issues[0].path, ['username']);
  });

  it('gets a user; unknown id is 404 entity.not_found', async () => {
    const created = await t.api('POST', '/users', { username: 'ivan' });
    const res = await t.api('GET', `/users/${created.body.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, created.body);
    const missing = await t.api('GET', '/users/does-not-exist');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'entity.not_found');
  });

  it('lists newest first with paging headers; search uses LIKE with %', async () => {
    const local = await startTestEmulator({ seed: 'empty' });
    try {
      for (const username of ['alice', 'bob', 'carol', 'weakpw']) {
        await local.api('POST', '/users', { username, primaryEmail: `${username}@example.com` });
      }
      await local.api('POST', '/users', {});
      const base = local.emulator.url;
      const paged = await local.api('GET', '/users?page=1&page_size=2');
      assert.equal(paged.status, 200);
      assert.equal(paged.headers.get('total-number'), '5');
      assert.deepEqual(
        paged.body.map((u: { username: string | null }) => u.username),
        [null, 'weakpw'],
      );
      assert.equal(
        paged.headers.get('link'),
        `<${base}/users?page=1&page_size=2>; rel="first", <${base}/users?page=3&page_size=2>; rel="last", <${base}/users?page=2&page_size=2>; rel="next"`,
      );
      const search = await local.api('GET', '/users?search=%25alice%25');
      assert.equal(search.headers.get('total-number'), '1');
      assert.equal(search.body[0].username, 'alice');
      assert.equal(
        search.headers.get('link'),
        `<${base}/users?search=%25alice%25&page=1>; rel="first", <${base}/users?search=%25alice%25&page=1>; rel="last"`,
      );
      const exact = await local.api('GET', '/users?search=ali');
      assert.equal(exact.headers.get('total-number'), '0');
      const byEmail = await local.api('GET', '/users?search=%25%40example.com');
      assert.equal(byEmail.headers.get('total-number'), '4');
    } finally {
      await local.close();
    }
  });

  it('PATCH updates the profile and keeps indexes; DELETE removes (204)', async () => {
    const created = await t.api('POST', '/users', {
      username: 'judy',
      primaryEmail: 'judy@example.com',
    });
    const patched = await t.api('PATCH', `/users/${created.body.id}`, {
      name: 'Judy Example',
      primaryEmail: 'judy2@example.com',
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.name, 'Judy Example');
    assert.equal(t.emulator.store.findUserByEmail('judy2@example.com')?.id, created.body.id);
    assert.equal(t.emulator.store.findUserByEmail('judy@example.com'), undefined);
    assert.equal((await t.api('DELETE', `/users/${created.body.id}`)).status, 204);
    assert.equal((await t.api('GET', `/users/${created.body.id}`)).status, 404);
  });
});
