import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import express from 'express';
import fc from 'fast-check';
import type { LiveEvent } from 'logto-org-widget-contract';
import { createMemoryBus, EVERY_ORGANIZATION, type EventBus } from '../src/live/bus.js';
import {
  createWebhookRouter,
  memoryDedupe,
  signalsOf,
  verifySignature,
} from '../src/live/webhook.js';
import { listen, recordingLogger, type Running } from './helpers.js';

interface Recorded {
  signingKey: string;
  rotatedSigningKey: string;
  deliveries: Array<{
    name: string;
    key: 'original' | 'rotated';
    signature: string;
    rawBody: string;
  }>;
}

const recorded = JSON.parse(
  readFileSync(new URL('./fixtures/logto-webhooks.json', import.meta.url), 'utf8'),
) as Recorded;
const delivery = (name: string) => recorded.deliveries.find((d) => d.name === name)!;
const KEY = 'a-test-signing-key-0123456789abcdef';
const sign = (body: string, key = KEY) => createHmac('sha256', key).update(body).digest('hex');

describe('webhook signature (recorded Logto deliveries)', () => {
  it('accepts every recorded signature with its key, in upper case too', () => {
    for (const d of recorded.deliveries) {
      const key = d.key === 'original' ? recorded.signingKey : recorded.rotatedSigningKey;
      assert.equal(verifySignature(Buffer.from(d.rawBody), d.signature, [key]), true, d.name);
      assert.equal(verifySignature(Buffer.from(d.rawBody), d.signature.toUpperCase(), [key]), true);
    }
  });

  it('refuses another key, a changed body, a truncated or missing signature', () => {
    const d = delivery('membership-removed');
    const body = Buffer.from(d.rawBody);
    assert.equal(verifySignature(body, d.signature, [recorded.rotatedSigningKey]), false);
    assert.equal(
      verifySignature(Buffer.from(d.rawBody + ' '), d.signature, [recorded.signingKey]),
      false,
    );
    assert.equal(verifySignature(body, d.signature.slice(0, 63), [recorded.signingKey]), false);
    assert.equal(verifySignature(body, undefined, [recorded.signingKey]), false);
    assert.equal(verifySignature(body, `sha256=${d.signature}`, [recorded.signingKey]), false);
  });

  it('accepts either key during a rotation', () => {
    const d = delivery('organization-deleted');
    const keys = [recorded.signingKey, recorded.rotatedSigningKey];
    assert.equal(verifySignature(Buffer.from(d.rawBody), d.signature, keys), true);
  });
});

describe('webhook payloads to signals', () => {
  const of = (name: string) => signalsOf(JSON.parse(delivery(name).rawBody));

  it('membership changes name the users added and removed', () => {
    assert.deepEqual(of('membership-added'), [
      {
        organizationId: 'pxm9d6440mjq',
        event: { type: 'members', ids: ['7hc8caapmsd2', '231x2myz0tv7'] },
      },
    ]);
    assert.deepEqual(of('membership-replaced')[0]!.event, {
      type: 'members',
      ids: ['231x2myz0tv7', 'cf7hp3ehq1hy', '7hc8caapmsd2'],
    });
    assert.deepEqual(of('membership-removed')[0]!.event.ids, ['231x2myz0tv7']);
  });

  it('an accepted invitation also changes the invitations', () => {
    assert.deepEqual(of('membership-invitation-accepted'), [
      { organizationId: 'pxm9d6440mjq', event: { type: 'members', ids: ['7hc8caapmsd2'] } },
      {
        organizationId: 'pxm9d6440mjq',
        event: { type: 'invitations', ids: ['c6eo1p1alcx1xw95fwgt7'] },
      },
    ]);
  });

  it('organization edits and deletion, roles for every organization', () => {
    assert.deepEqual(of('organization-data-updated'), [
      { organizationId: 'pxm9d6440mjq', event: { type: 'organization', ids: ['pxm9d6440mjq'] } },
    ]);
    assert.deepEqual(of('organization-deleted'), [
      { organizationId: 'pxm9d6440mjq', event: { type: 'organization', ids: ['pxm9d6440mjq'] } },
    ]);
    assert.deepEqual(of('organization-role-created'), [
      {
        organizationId: EVERY_ORGANIZATION,
        event: { type: 'roles', ids: ['ied7tkgpdhj08q4yfba8n'] },
      },
    ]);
  });

  it('ignores organization creation, console test payloads and unknown events', () => {
    assert.deepEqual(of('organization-created'), []);
    assert.deepEqual(of('test-payloads-0'), []);
    assert.deepEqual(of('test-payloads-1'), []);
    assert.deepEqual(signalsOf({ event: 'User.Created', data: { id: 'u1' } }), []);
    assert.deepEqual(signalsOf(null), []);
    assert.deepEqual(signalsOf('text'), []);
  });

  it('keeps odd ids out of signals', () => {
    const [signal] = signalsOf({
      event: 'Organization.Membership.Updated',
      organizationId: 'org1',
      addedUserIds: ['ok1', '../x', 42, 'a'.repeat(65)],
    });
    assert.deepEqual(signal!.event, { type: 'members', ids: ['ok1'] });
    assert.deepEqual(
      signalsOf({ event: 'Organization.Membership.Updated', organizationId: '<script>' }),
      [],
    );
  });
});

describe('POST /webhooks/logto', () => {
  let server: Running;
  let bus: EventBus;
  let published: Array<{ organizationId: string; event: LiveEvent }>;
  let clock: number;
  const log = recordingLogger();

  before(async () => {
    bus = createMemoryBus();
    const realPublish = bus.publish.bind(bus);
    bus.publish = async (organizationId, event) => {
      published.push({ organizationId, event });
      await realPublish(organizationId, event);
    };
    const app = express();
    app.use(
      createWebhookRouter({
        signingKeys: [KEY],
        bus,
        logger: log.logger,
        now: () => clock,
        maxBodyBytes: 2048,
      }),
    );
    // A JSON parser after it must not matter.
    app.use(express.json());
    server = await listen(app);
  });
  after(() => server.close());
  beforeEach(() => {
    published = [];
    clock = Date.parse('2026-11-30T20:05:40.000Z');
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/webhooks/logto`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const membership = (createdAt = '2026-11-30T20:05:38.332Z', user = 'u1') =>
    JSON.stringify({
      event: 'Organization.Membership.Updated',
      createdAt,
      organizationId: 'org1',
      removedUserIds: [user],
      hookId: 'h1',
    });

  it('publishes a signed delivery once', async () => {
    const body = membership();
    const res = await post(body, { 'logto-signature-sha-256': sign(body) });
    assert.equal(res.status, 204);
    assert.deepEqual(published, [
      { organizationId: 'org1', event: { type: 'members', ids: ['u1'] } },
    ]);
  });

  it('refuses a missing, forged or other-key signature with 401 and publishes nothing', async () => {
    const body = membership();
    for (const headers of <Array<Record<string, string>>>[
      {},
      { 'logto-signature-sha-256': '' },
      { 'logto-signature-sha-256': sign(body, 'another-key-0123456789') },
      { 'logto-signature-sha-256': sign(body + 'x') },
      { 'logto-signature-sha-256': 'zz'.repeat(32) },
    ]) {
      const res = await post(body, headers);
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as { code: string }).code, 'webhook.invalid_signature');
    }
    assert.deepEqual(published, []);
  });

  it('a replayed or repeated delivery is published once', async () => {
    const body = membership('2026-11-30T20:05:39.000Z', 'u2');
    const headers = { 'logto-signature-sha-256': sign(body) };
    const answers = await Promise.all([
      post(body, headers),
      post(body, headers),
      post(body, headers),
    ]);
    assert.deepEqual(
      answers.map((r) => r.status),
      [204, 204, 204],
    );
    clock += 60_000;
    assert.equal((await post(body, headers)).status, 204);
    assert.equal(published.length, 1);
  });

  it('ignores a delivery outside the time window (an old replay)', async () => {
    const body = membership('2026-11-30T19:00:00.000Z', 'u3');
    const res = await post(body, { 'logto-signature-sha-256': sign(body) });
    assert.equal(res.status, 204);
    const future = membership('2026-11-30T21:00:00.000Z', 'u3');
    await post(future, { 'logto-signature-sha-256': sign(future) });
    assert.deepEqual(published, []);
  });

  it('bounds the body: 413 request.too_large before the signature is read', async () => {
    const body = JSON.stringify({ event: 'Organization.Deleted', pad: 'x'.repeat(4096) });
    const res = await post(body, { 'logto-signature-sha-256': sign(body) });
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { code: string }).code, 'request.too_large');
    assert.deepEqual(published, []);
  });

  it('a signed body that is not JSON is 400 request.invalid', async () => {
    const res = await post('not json', { 'logto-signature-sha-256': sign('not json') });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { code: string }).code, 'request.invalid');
  });

  it('a signed delivery with a createdAt that is not a date string is ignored with 204', async () => {
    for (const createdAt of [
      { toString: 1 },
      { toString: 1, valueOf: 1 },
      { valueOf: 1 },
      [],
      [{ toString: 1 }],
      null,
      true,
      Date.parse('2026-11-30T20:05:39.000Z'),
      '',
    ]) {
      const body = JSON.stringify({
        event: 'Organization.Deleted',
        data: { id: 'org1' },
        createdAt,
        hookId: 'h1',
      });
      const res = await post(body, { 'logto-signature-sha-256': sign(body) });
      assert.equal(res.status, 204, JSON.stringify(createdAt));
    }
    assert.deepEqual(published, []);
    // The same delivery with a date string is used.
    const body = JSON.stringify({
      event: 'Organization.Deleted',
      data: { id: 'org1' },
      createdAt: '2026-11-30T20:05:39.000Z',
      hookId: 'h1',
    });
    assert.equal((await post(body, { 'logto-signature-sha-256': sign(body) })).status, 204);
    assert.deepEqual(published, [
      { organizationId: 'org1', event: { type: 'organization', ids: ['org1'] } },
    ]);
  });

  it('answers 204 to any signed JSON body, whatever the type of each field', async () => {
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constant({ toString: 1 }),
      fc.constant({ valueOf: {} }),
      fc.constant({ toJSON: 1 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'Organization.Membership.Updated',
          'Organization.Data.Updated',
          'Organization.Deleted',
          'OrganizationRole.Created',
        ),
        fc.record(
          {
            createdAt: value,
            organizationId: value,
            addedUserIds: value,
            removedUserIds: value,
            matchedRoute: value,
            params: value,
            data: value,
          },
          { requiredKeys: [] },
        ),
        async (event, fields) => {
          const body = JSON.stringify({ event, ...fields });
          const res = await post(body, { 'logto-signature-sha-256': sign(body) });
          assert.equal(res.status, 204, body);
        },
      ),
      { seed: 20261201, numRuns: 150 },
    );
  });

  it('acknowledges events it does not use without publishing', async () => {
    const d = delivery('organization-created');
    const app = express();
    app.use(createWebhookRouter({ signingKeys: [recorded.signingKey], bus, logger: log.logger }));
    const other = await listen(app);
    try {
      const res = await fetch(`${other.url}/webhooks/logto`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'logto-signature-sha-256': d.signature },
        body: d.rawBody,
      });
      assert.equal(res.status, 204);
      assert.deepEqual(published, []);
    } finally {
      await other.close();
    }
  });

  it('never logs the signing key or the signature', () => {
    const text = log.lines.join('\n');
    assert.equal(text.includes(KEY), false);
    assert.equal(text.includes(recorded.signingKey), false);
  });
});

describe('memoryDedupe', () => {
  it('forgets a key after its time and bounds the number kept', async () => {
    let t = 0;
    const dedupe = memoryDedupe(() => t, 3);
    assert.equal(await dedupe.firstSeen('a', 100), true);
    assert.equal(await dedupe.firstSeen('a', 100), false);
    t = 101;
    assert.equal(await dedupe.firstSeen('a', 100), true);
    for (const key of ['b', 'c', 'd', 'e']) await dedupe.firstSeen(key, 1000);
    // 'a' was the oldest: dropped to stay within 3.
    assert.equal(await dedupe.firstSeen('a', 100), true);
  });
});
