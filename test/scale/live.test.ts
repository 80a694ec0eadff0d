/**
 * Live updates across instances: two companion server processes sharing a real Redis. A change
 * made through one instance, or a Logto webhook delivered to one instance, reaches the streams held
 * by the other; the same delivery sent to both is published once.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createOrganizationFixture, DEMO_USERS } from '../../emulator/src/index.js';
import { openStream, type OpenedStream } from '../../server/test/sse-client.js';
import { startStack, type Instance, type Stack } from './instances.js';

const SIGNING_KEY = 'scale-live-signing-key-0123456789';
const userId = (name: string) => DEMO_USERS.find((u) => u.username === name)!.id;
const typeOf = (r: { data: unknown }) => (r.data as { type: string }).type;

describe('live updates across instances (Redis pub/sub)', () => {
  let stack: Stack;
  let a: Instance;
  let b: Instance;
  const streams: OpenedStream[] = [];

  before(async () => {
    stack = await startStack();
    const env = { ORG_WEBHOOK_SIGNING_KEY: SIGNING_KEY };
    a = await stack.startInstance('a', env);
    b = await stack.startInstance('b', env);
  });
  after(async () => {
    streams.forEach((s) => s.close());
    await stack.close();
  });

  function newOrg(): string {
    return createOrganizationFixture(stack.emu.store, {
      name: `Live ${Math.random().toString(36).slice(2, 7)}`,
      members: { alice: ['admin'], bob: ['member'] },
    }).id;
  }

  it('a change made through instance A reaches a stream held by instance B', async () => {
    const orgId = newOrg();
    const bob = await openStream(b.url, orgId, await stack.orgToken(userId('bob'), orgId));
    streams.push(bob);
    assert.equal(bob.status, 200);
    const renamed = await a.call('PATCH', `/organizations/${orgId}`, {
      token: await stack.orgToken(userId('alice'), orgId),
      body: { name: 'Renamed across instances' },
    });
    assert.equal(renamed.status, 200);
    const signal = await bob.next((r) => typeOf(r) === 'organization');
    assert.deepEqual(signal.data, { type: 'organization', ids: [orgId] });
  });

  it('a webhook delivered to A reaches B; the same delivery sent to both is published once', async () => {
    const orgId = newOrg();
    const bob = await openStream(b.url, orgId, await stack.orgToken(userId('bob'), orgId));
    streams.push(bob);
    const body = JSON.stringify({
      event: 'Organization.Membership.Updated',
      createdAt: new Date().toISOString(),
      organizationId: orgId,
      addedUserIds: [userId('carol')],
      hookId: 'scale-hook',
    });
    const deliver = (to: Instance) =>
      fetch(`${to.url}/webhooks/logto`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'logto-signature-sha-256': createHmac('sha256', SIGNING_KEY).update(body).digest('hex'),
        },
        body,
      });
    assert.deepEqual(
      (await Promise.all([deliver(a), deliver(b), deliver(a)])).map((r) => r.status),
      [204, 204, 204],
    );
    await bob.next((r) => typeOf(r) === 'members');
    // A later signal proves nothing else was on its way.
    await a.call('PATCH', `/organizations/${orgId}`, {
      token: await stack.orgToken(userId('alice'), orgId),
      body: { name: 'After the webhook' },
    });
    await bob.next((r) => typeOf(r) === 'organization');
    assert.deepEqual(bob.received.map(typeOf), ['members', 'organization']);
  });
});
