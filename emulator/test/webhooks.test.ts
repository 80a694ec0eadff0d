/**
 * Webhooks (recordings 570–589): the hooks API and delivery: which Management API calls send
 * which events, payload fields, headers and signature, no retry, a timeout, disabled hooks,
 * test payloads, recent logs and execution stats, signing-key rotation, seeded hooks.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import { DEMO_USERS } from '../src/index.js';
import type { HookEvent } from '../src/index.js';
import { startHookReceiver } from './support/hook-receiver.js';
import type { HookReceiver, ReceivedHook } from './support/hook-receiver.js';
import { startTestEmulator, unique } from './support/emulator.js';
import type { TestEmulator } from './support/emulator.js';

const HOOK_KEYS = [
  'tenantId',
  'id',
  'name',
  'event',
  'events',
  'config',
  'signingKey',
  'enabled',
  'createdAt',
];
const ORG_EVENTS: HookEvent[] = [
  'Organization.Created',
  'Organization.Data.Updated',
  'Organization.Deleted',
  'Organization.Membership.Updated',
  'OrganizationRole.Created',
];
const [alice, bob, carol] = DEMO_USERS.map((user) => user.id) as [string, string, string];

const hmac = (key: string, body: string) => createHmac('sha256', key).update(body).digest('hex');

describe('webhooks', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator({ hookTimeoutMs: 300 });
  });
  after(() => t.close());

  /** A receiver plus a hook pointing at it; both removed afterwards. */
  const withHook = async (
    events: HookEvent[],
    run: (ctx: {
      receiver: HookReceiver;
      hook: { id: string; signingKey: string };
    }) => Promise<void>,
  ) => {
    const receiver = await startHookReceiver();
    const created = await t.api('POST', '/hooks', {
      name: unique('hook-'),
      events,
      config: { url: receiver.url, headers: { 'X-Recorder': 'abc' } },
    });
    assert.equal(created.status, 201);
    try {
      await run({ receiver, hook: created.body });
    } finally {
      await t.api('DELETE', `/hooks/${created.body.id}`);
      await t.emulator.webhooks.idle();
      await receiver.close();
    }
  };

  const checkSignature = (delivery: ReceivedHook, key: string) =>
    assert.equal(delivery.headers['logto-signature-sha-256'], hmac(key, delivery.rawBody));

  describe('hooks API', () => {
    it('POST needs events (400 hook.missing_events / guard.invalid_input) and answers 201 with a signing key', async () => {
      const none = await t.api('POST', '/hooks', { name: 'x', config: { url: 'http://x' } });
      assert.equal(none.status, 400);
      assert.equal(none.body.code, 'hook.missing_events');
      for (const events of [[], ['Organization.Nope']]) {
        const bad = await t.api('POST', '/hooks', { events, config: { url: 'http://x' } });
        assert.equal(bad.status, 400);
        assert.equal(bad.body.code, 'guard.invalid_input');
      }
      const res = await t.api('POST', '/hooks', {
        name: 'rec-hook',
        events: ['Organization.Created', 'Organization.Created'],
        config: { url: 'not a url' },
      });
      assert.equal(res.status, 201);
      assert.deepEqual(Object.keys(res.body), HOOK_KEYS);
      assert.match(res.body.id, /^[a-z0-9]{21}$/);
      assert.match(res.body.signingKey, /^[A-Za-z0-9]{32}$/);
      assert.deepEqual(res.body.events, ['Organization.Created']);
      assert.equal(res.body.event, null);
      assert.equal(res.body.enabled, true);
      assert.deepEqual(res.body.config, { url: 'not a url' });
      await t.api('DELETE', `/hooks/${res.body.id}`);
    });

    it('GET by id (with includeExecutionStats), list newest first, PATCH, rotate key, DELETE', async () => {
      const first = (
        await t.api('POST', '/hooks', { events: ORG_EVENTS, config: { url: 'http://a' } })
      ).body;
      const second = (
        await t.api('POST', '/hooks', { events: ORG_EVENTS, config: { url: 'http://b' } })
      ).body;
      const one = await t.api('GET', `/hooks/${first.id}`);
      assert.deepEqual(one.body, first);
      const stats = await t.api('GET', `/hooks/${first.id}?includeExecutionStats=true`);
      assert.deepEqual(stats.body, {
        ...first,
        executionStats: { successCount: 0, requestCount: 0 },
      });
      const list = await t.api('GET', '/hooks');
      assert.equal(list.headers.get('total-number'), null);
      const ids = list.body.map((hook: { id: string }) => hook.id);
      assert.ok(ids.indexOf(second.id) < ids.indexOf(first.id));
      const disabled = await t.api('PATCH', `/hooks/${first.id}`, { enabled: false });
      assert.equal(disabled.status, 200);
      assert.equal(disabled.body.enabled, false);
      assert.equal(disabled.body.signingKey, first.signingKey);
      const rotated = await t.api('PATCH', `/hooks/${first.id}/signing-key`);
      assert.equal(rotated.status, 200);
      assert.notEqual(rotated.body.signingKey, first.signingKey);
      for (const path of [`/hooks/nx-hook-404`, `/hooks/nx-hook-404/signing-key`]) {
        const missing = await t.api(
          'PATCH',
          path,
          path.endsWith('key') ? undefined : { enabled: true },
        );
        assert.equal(missing.status, 404, path);
        assert.equal(missing.body.code, 'entity.not_exists', path);
      }
      assert.equal((await t.api('DELETE', `/hooks/${first.id}`)).status, 204);
      const gone = await t.api('GET', `/hooks/${first.id}`);
      assert.equal(gone.status, 404);
      assert.equal(gone.body.code, 'entity.not_exists_with_id');
      const again = await t.api('DELETE', `/hooks/${first.id}`);
      assert.equal(again.status, 404);
      assert.equal(again.body.code, 'entity.not_found');
      await t.api('DELETE', `/hooks/${second.id}`);
    });
  });

  describe('delivery', () => {
    it('Organization.Created: headers, signature over the raw body, payload as Logto sends it', async () => {
      await withHook(ORG_EVENTS, async ({ receiver, hook }) => {
        const created = await t.api(
          'POST',
          '/organizations',
          { name: unique('Hooked Org '), description: 'webhook test' },
          { 'user-agent': 'logto-recorder/1.0' },
        );
        assert.equal(created.status, 201);
        const [delivery] = await receiver.waitFor(1);
        assert.equal(delivery!.method, 'POST');
        assert.equal(delivery!.path, '/logto-hook');
        assert.equal(delivery!.headers['user-agent'], 'Logto (https://logto.io/)');
        assert.equal(delivery!.headers['content-type'], 'application/json');
        assert.equal(delivery!.headers['x-recorder'], 'abc');
        checkSignature(delivery!, hook.signingKey);
        assert.deepEqual(Object.keys(delivery!.body), [
          'event',
          'createdAt',
          'userAgent',
          'ip',
          'path',
          'method',
          'status',
          'params',
          'matchedRoute',
          'data',
          'hookId',
        ]);
        assert.deepEqual(
          { ...delivery!.body, createdAt: undefined },
          {
            event: 'Organization.Created',
            createdAt: undefined,
            userAgent: 'logto-recorder/1.0',
            ip: '127.0.0.1',
            path: '/organizations',
            method: 'POST',
            status: 201,
            params: {},
            matchedRoute: '/organizations',
            data: created.body,
            hookId: hook.id,
          },
        );
        assert.match(String(delivery!.body.createdAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      });
    });

    it('sends the recorded event set, and nothing for member roles or new invitations', async () => {
      await withHook(ORG_EVENTS, async ({ receiver, hook }) => {
        const org = (await t.api('POST', '/organizations', { name: unique('Hooked Org ') })).body;
        await receiver.waitFor(1);
        await t.api('PATCH', `/organizations/${org.id}`, { name: `${org.name} renamed` });
        await receiver.waitFor(2);
        await t.api('POST', `/organizations/${org.id}/users`, { userIds: [alice, bob] });
        await receiver.waitFor(3);
        await t.api('DELETE', `/organizations/${org.id}/users/${bob}`);
        await receiver.waitFor(4);
        await t.api('PUT', `/organizations/${org.id}/users`, { userIds: [bob, carol] });
        await receiver.waitFor(5);
        const role = (await t.api('POST', '/organization-roles', { name: unique('hk-role-') }))
          .body;
        await receiver.waitFor(6);
        // 579, 580: no event for these two.
        await t.api('POST', `/organizations/${org.id}/users/${bob}/roles`, {
          organizationRoleIds: [role.id],
        });
        const invitation = (
          await t.api('POST', '/organization-invitations', {
            invitee: 'alice@example.com',
            organizationId: org.id,
            expiresAt: Date.now() + 3_600_000,
            organizationRoleIds: [role.id],
          })
        ).body;
        await t.api('PUT', `/organization-invitations/${invitation.id}/status`, {
          status: 'Accepted',
          acceptedUserId: alice,
        });
        await receiver.waitFor(7);
        await t.api('DELETE', `/organizations/${org.id}`);
        const all = await receiver.waitFor(8);
        await t.emulator.webhooks.idle();
        assert.equal(receiver.received.length, 8);
        for (const delivery of all) checkSignature(delivery, hook.signingKey);
        const summary = all.map(({ body }) => {
          const { event, path, method, status, params, matchedRoute } = body;
          const extra = Object.fromEntries(
            Object.entries(body).filter(([key]) =>
              ['organizationId', 'addedUserIds', 'removedUserIds'].includes(key),
            ),
          );
          return { event, path, method, status, params, matchedRoute, ...extra };
        });
        assert.deepEqual(summary, [
          {
            event: 'Organization.Created',
            path: '/organizations',
            method: 'POST',
            status: 201,
            params: {},
            matchedRoute: '/organizations',
          },
          {
            event: 'Organization.Data.Updated',
            path: `/organizations/${org.id}`,
            method: 'PATCH',
            status: 200,
            params: { id: org.id },
            matchedRoute: '/organizations/:id',
          },
          {
            event: 'Organization.Membership.Updated',
            path: `/organizations/${org.id}/users`,
            method: 'POST',
            status: 201,
            params: { id: org.id },
            matchedRoute: '/organizations/:id/users',
            organizationId: org.id,
            addedUserIds: [alice, bob],
          },
          {
            event: 'Organization.Membership.Updated',
            path: `/organizations/${org.id}/users/${bob}`,
            method: 'DELETE',
            status: 204,
            params: { id: org.id, userId: bob },
            matchedRoute: '/organizations/:id/users/:userId',
            organizationId: org.id,
            removedUserIds: [bob],
          },
          {
            event: 'Organization.Membership.Updated',
            path: `/organizations/${org.id}/users`,
            method: 'PUT',
            status: 204,
            params: { id: org.id },
            matchedRoute: '/organizations/:id/users',
            organizationId: org.id,
            addedUserIds: [bob, carol],
            removedUserIds: [alice],
          },
          {
            event: 'OrganizationRole.Created',
            path: '/organization-roles',
            method: 'POST',
            status: 201,
            params: {},
            matchedRoute: '/organization-roles',
          },
          {
            event: 'Organization.Membership.Updated',
            path: `/organization-invitations/${invitation.id}/status`,
            method: 'PUT',
            status: 200,
            params: { id: invitation.id },
            matchedRoute: '/organization-invitations/:id/status',
            organizationId: org.id,
            addedUserIds: [alice],
          },
          {
            event: 'Organization.Deleted',
            path: `/organizations/${org.id}`,
            method: 'DELETE',
            status: 204,
            params: { id: org.id },
            matchedRoute: '/organizations/:id',
          },
        ]);
        assert.equal('data' in all[7]!.body, false);
        assert.equal(
          all[1]!.body.data && (all[1]!.body.data as { name: string }).name,
          `${org.name} renamed`,
        );
        assert.deepEqual(all[5]!.body.data, { ...role });
      });
    });

    it('failed calls send nothing; a disabled hook sends nothing', async () => {
      await withHook(
        ['Organization.Created', 'Organization.Data.Updated'],
        async ({ receiver, hook }) => {
          const bad = await t.api('POST', '/organizations', { name: '' });
          assert.equal(bad.status, 400);
          const missing = await t.api('PATCH', '/organizations/unknownorg01', { name: 'x' });
          assert.equal(missing.status, 404);
          await t.api('PATCH', `/hooks/${hook.id}`, { enabled: false });
          await t.api('POST', '/organizations', { name: unique('Quiet ') });
          await t.api('PATCH', `/hooks/${hook.id}`, { enabled: true });
          const org = (await t.api('POST', '/organizations', { name: unique('Loud ') })).body;
          const [only] = await receiver.waitFor(1);
          await t.emulator.webhooks.idle();
          assert.equal(receiver.received.length, 1);
          assert.equal((only!.body.data as { id: string }).id, org.id);
        },
      );
    });

    it('does not retry, does not wait for the receiver, times out, and logs each attempt', async () => {
      await withHook(['Organization.Data.Updated'], async ({ receiver, hook }) => {
        const org = (await t.api('POST', '/organizations', { name: unique('Logged ') })).body;
        receiver.respond.status = 500;
        await t.api('PATCH', `/organizations/${org.id}`, { description: 'receiver answers 500' });
        await receiver.waitFor(1);
        await t.emulator.webhooks.idle();
        assert.equal(receiver.received.length, 1, 'no retry after a 500');

        receiver.respond.status = 200;
        receiver.respond.hang = true;
        const started = Date.now();
        const patch = await t.api('PATCH', `/organizations/${org.id}`, { description: 'hangs' });
        assert.equal(patch.status, 200);
        assert.ok(Date.now() - started < 250, 'the API call does not wait for the receiver');
        await receiver.waitFor(2);
        await t.emulator.webhooks.idle(); // the 300 ms timeout ends it
        receiver.respond.hang = false;
        await t.api('PATCH', `/organizations/${org.id}`, { description: 'fine' });
        await receiver.waitFor(3);
        await t.emulator.webhooks.idle();

        const logs = await t.api('GET', `/hooks/${hook.id}/recent-logs?page=1&page_size=2`);
        assert.equal(logs.status, 200);
        assert.equal(logs.headers.get('total-number'), '3');
        assert.deepEqual(Object.keys(logs.body[0]), ['id', 'key', 'payload', 'createdAt']);
        const [latest, timedOut] = logs.body;
        assert.equal(latest.key, 'TriggerHook.Organization.Data.Updated');
        assert.equal(latest.payload.result, 'Success');
        assert.deepEqual(latest.payload.response, { statusCode: 200, body: { ok: true } });
        assert.equal(latest.payload.hookRequest.body.data.description, 'fine');
        assert.equal(timedOut.payload.result, 'Error');
        assert.match(timedOut.payload.error, /Timeout/);
        const all = await t.api('GET', `/hooks/${hook.id}/recent-logs`);
        assert.equal(all.body[2].payload.result, 'Error');
        assert.deepEqual(all.body[2].payload.response, {
          statusCode: 500,
          body: { error: 'boom' },
        });
        const stats = await t.api('GET', `/hooks/${hook.id}?includeExecutionStats=true`);
        assert.deepEqual(stats.body.executionStats, { successCount: 1, requestCount: 3 });
      });
    });

    it('a rotated signing key signs the next deliveries', async () => {
      await withHook(['Organization.Created'], async ({ receiver, hook }) => {
        const rotated = (await t.api('PATCH', `/hooks/${hook.id}/signing-key`)).body;
        await t.api('POST', '/organizations', { name: unique('Rotated ') });
        const [delivery] = await receiver.waitFor(1);
        checkSignature(delivery!, rotated.signingKey);
        assert.notEqual(
          delivery!.headers['logto-signature-sha-256'],
          hmac(hook.signingKey, delivery!.rawBody),
        );
      });
    });
  });

  describe('test payloads', () => {
    it('POST /hooks/:id/test sends one sample per event to the given config (its headers only), then 204', async () => {
      await withHook(ORG_EVENTS, async ({ receiver, hook }) => {
        const res = await t.api('POST', `/hooks/${hook.id}/test`, {
          events: ['Organization.Created', 'Organization.Membership.Updated'],
          config: { url: receiver.url },
        });
        assert.equal(res.status, 204);
        assert.equal(receiver.received.length, 2, 'sent before answering');
        const [first, second] = receiver.received;
        assert.equal(first!.headers['x-recorder'], undefined);
        checkSignature(first!, hook.signingKey);
        assert.deepEqual(
          { ...first!.body, createdAt: undefined },
          {
            event: 'Organization.Created',
            hookId: hook.id,
            createdAt: undefined,
            userAgent: 'fake-user-agent',
            path: '/fake-path/:id',
            method: 'POST',
            status: 200,
            params: { id: 'fake-id' },
            data: { result: 'success' },
          },
        );
        assert.equal(second!.body.event, 'Organization.Membership.Updated');
        const logs = await t.api('GET', `/hooks/${hook.id}/recent-logs`);
        assert.deepEqual(logs.body, [], 'test payloads are not logged');
        receiver.respond.status = 500;
        const failed = await t.api('POST', `/hooks/${hook.id}/test`, {
          events: ['Organization.Created'],
          config: { url: receiver.url },
        });
        assert.equal(failed.status, 422);
        assert.equal(failed.body.code, 'hook.send_test_payload_failed');
      });
    });

    it('an unknown hook is 404 entity.not_exists_with_id', async () => {
      const res = await t.api('POST', '/hooks/nx-hook-404/test', {
        events: ['Organization.Created'],
        config: { url: 'http://127.0.0.1:9/logto-hook' },
      });
      assert.equal(res.status, 404);
      assert.equal(res.body.code, 'entity.not_exists_with_id');
    });
  });
});

describe('seeded webhooks', () => {
  it('the hooks option registers a hook with the given signing key', async () => {
    const receiver = await startHookReceiver();
    const t = await startTestEmulator({
      hooks: [
        {
          id: 'seededhook00000000001',
          url: receiver.url,
          events: ['Organization.Created'],
          signingKey: 'seeded-signing-key-0123456789abcd',
        },
      ],
    });
    try {
      const hook = await t.api('GET', '/hooks/seededhook00000000001');
      assert.equal(hook.status, 200);
      assert.equal(hook.body.signingKey, 'seeded-signing-key-0123456789abcd');
      await t.api('POST', '/organizations', { name: 'Seeded' });
      const [delivery] = await receiver.waitFor(1);
      checkSignatureWith(delivery!, 'seeded-signing-key-0123456789abcd');
    } finally {
      await t.close();
      await receiver.close();
    }
  });
});

function checkSignatureWith(delivery: ReceivedHook, key: string): void {
  assert.equal(delivery.headers['logto-signature-sha-256'], hmac(key, delivery.rawBody));
}
