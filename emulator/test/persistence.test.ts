/** `persistFile`: a restarted emulator keeps its data (JIT settings and hooks too), keys and outbox. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { DEMO_USERS, startEmulator } from '../src/index.js';
import { startTestEmulator } from './support/emulator.js';

const dir = mkdtempSync(join(tmpdir(), 'emulator-persist-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('persistence', () => {
  it('restores organizations, members, roles, invitations, JIT settings, hooks, mails, keys and the email switch', async () => {
    const file = join(dir, 'data.json');
    const first = await startTestEmulator({ persistFile: file });
    const org = await first.api('POST', '/organizations', { name: 'Persisted Org' });
    const orgId = org.body.id as string;
    await first.api('POST', `/organizations/${orgId}/users`, { userIds: [DEMO_USERS[0]!.id] });
    await first.api('POST', `/organizations/${orgId}/users/${DEMO_USERS[0]!.id}/roles`, {
      organizationRoleNames: ['admin'],
    });
    const invitation = await first.api('POST', '/organization-invitations', {
      invitee: 'new@example.com',
      organizationId: orgId,
      inviterId: DEMO_USERS[0]!.id,
      expiresAt: Date.now() + 3_600_000,
      messagePayload: { link: 'http://localhost:5173/invite?id=1' },
    });
    const user = await first.api('POST', '/users', { username: 'persisted', password: 'pw-123' });
    await first.api('POST', `/organizations/${orgId}/jit/email-domains`, {
      emailDomain: 'persisted.example',
    });
    const role = (await first.api('GET', '/organization-roles?q=member')).body[0];
    await first.api('POST', `/organizations/${orgId}/jit/roles`, {
      organizationRoleIds: [role.id],
    });
    const hook = await first.api('POST', '/hooks', {
      events: ['Organization.Created'],
      config: { url: 'http://127.0.0.1:9/hook' },
    });
    first.emulator.setEmailEnabled(false);
    const kid = first.emulator.keys.publicJwk.kid;
    await first.close();

    const second = await startTestEmulator({ persistFile: file, seed: 'empty' });
    try {
      const got = await second.api('GET', `/organizations/${orgId}`);
      assert.equal(got.status, 200);
      assert.equal(got.body.name, 'Persisted Org');
      const members = await second.api('GET', `/organizations/${orgId}/users`);
      assert.deepEqual(
        members.body[0].organizationRoles.map((r: { name: string }) => r.name),
        ['admin'],
      );
      const inv = await second.api('GET', `/organization-invitations/${invitation.body.id}`);
      assert.equal(inv.body.status, 'Pending');
      assert.equal(second.emulator.outbox.list().length, 1);
      assert.equal(second.emulator.emailEnabled(), false);
      assert.equal(second.emulator.keys.publicJwk.kid, kid);
      assert.equal(second.emulator.store.verifyPassword('persisted', 'pw-123'), user.body.id);
      assert.equal(second.emulator.store.signInHints().length, DEMO_USERS.length);
      const domains = await second.api('GET', `/organizations/${orgId}/jit/email-domains`);
      assert.deepEqual(
        domains.body.map((d: { emailDomain: string }) => d.emailDomain),
        ['persisted.example'],
      );
      const jitRoles = await second.api('GET', `/organizations/${orgId}/jit/roles`);
      assert.deepEqual(
        jitRoles.body.map((r: { id: string }) => r.id),
        [role.id],
      );
      const restoredHook = await second.api('GET', `/hooks/${hook.body.id}`);
      assert.deepEqual(restoredHook.body, hook.body);
      // New records still sort after the restored ones.
      const later = await second.api('POST', '/users', { username: 'later' });
      assert.ok(later.body.createdAt > user.body.createdAt);
    } finally {
      await second.close();
    }
  });

  it('writes changes to the file without a restart (save) and at close', async () => {
    const file = join(dir, 'nested', 'live.json');
    const t = await startTestEmulator({ persistFile: file });
    try {
      await t.api('POST', '/organizations', { name: 'Live Org' });
      await t.emulator.save();
      const data = JSON.parse(readFileSync(file, 'utf8'));
      assert.equal(data.version, 1);
      assert.ok(data.store.organizations.some((o: { name: string }) => o.name === 'Live Org'));
      await t.api('POST', '/organizations', { name: 'At Close' });
    } finally {
      await t.close();
    }
    const data = JSON.parse(readFileSync(file, 'utf8'));
    assert.ok(data.store.organizations.some((o: { name: string }) => o.name === 'At Close'));
  });

  it('refuses a file that is not an emulator data file', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ hello: 'world' }));
    await assert.rejects(startEmulator({ persistFile: file }), /not an emulator data file/);
    writeFileSync(file, '{ truncated');
    await assert.rejects(startEmulator({ persistFile: file }), /not an emulator data file/);
  });
});
