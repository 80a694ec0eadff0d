/**
 * Organization invitations (recordings 90–134) and the email outbox: create with and without a
 * message, the connector switch (501 connector.not_found, nothing saved), filters, status
 * changes, expiry, resend, delete.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { DEMO_USERS } from '../src/index.js';
import { startTestEmulator, unique } from './support/emulator.js';
import type { TestEmulator } from './support/emulator.js';

const INVITATION_KEYS = [
  'tenantId',
  'id',
  'inviterId',
  'invitee',
  'acceptedUserId',
  'organizationId',
  'status',
  'createdAt',
  'updatedAt',
  'expiresAt',
  'organizationRoles',
];
const [alice, bob, carol] = DEMO_USERS.map((user) => user.id) as [string, string, string];
const WEEK = 7 * 24 * 3600 * 1000;

describe('organization invitations', () => {
  let t: TestEmulator;
  let offset = 0;
  let roles: Record<string, string>;
  let orgId: string;
  before(async () => {
    t = await startTestEmulator({ now: () => Date.now() + offset });
    const list = await t.api('GET', '/organization-roles');
    roles = Object.fromEntries(list.body.map((r: { name: string; id: string }) => [r.name, r.id]));
  });
  after(() => t.close());
  beforeEach(async () => {
    offset = 0;
    t.emulator.setEmailEnabled(true);
    t.emulator.outbox.clear();
    const org = await t.api('POST', '/organizations', { name: unique('Invite Org ') });
    orgId = org.body.id;
    await t.api('POST', `/organizations/${orgId}/users`, { userIds: [alice, bob] });
  });

  const invite = (body: Record<string, unknown>) =>
    t.api('POST', '/organization-invitations', {
      inviterId: alice,
      organizationId: orgId,
      expiresAt: Date.now() + WEEK,
      ...body,
    });

  it('creates a Pending invitation (201) with Logto’s keys and role refs; no mail without payload', async () => {
    const res = await invite({ invitee: 'carol@example.com', organizationRoleIds: [roles.member] });
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.body), INVITATION_KEYS);
    assert.match(res.body.id, /^[a-z0-9]{21}$/);
    assert.equal(res.body.status, 'Pending');
    assert.equal(res.body.acceptedUserId, null);
    assert.deepEqual(res.body.organizationRoles, [{ id: roles.member, name: 'member' }]);
    assert.deepEqual(t.emulator.outbox.list(), []);
  });

  it('with messagePayload and the connector on: 201 and a mail in the outbox', async () => {
    const res = await invite({
      invitee: 'dave@example.com',
      messagePayload: { link: 'http://localhost:5173/invite?id=x' },
    });
    assert.equal(res.status, 201);
    const mails = t.emulator.outbox.list();
    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.to, 'dave@example.com');
    assert.equal(mails[0]!.link, 'http://localhost:5173/invite?id=x');
    assert.equal(mails[0]!.invitationId, res.body.id);
    assert.equal(mails[0]!.organizationId, orgId);
    assert.equal(mails[0]!.inviterId, alice);
    assert.equal(mails[0]!.inviterName, 'Alice Example');
    assert.equal(typeof mails[0]!.sentAt, 'number');
    const http = await t.call('GET', '/emulator/outbox');
    assert.equal(http.status, 200);
    assert.equal(http.body.length, 1);
    assert.equal(http.body[0].to, 'dave@example.com');
  });

  it('with messagePayload and the connector off: 501 connector.not_found and nothing saved', async () => {
    const off = await t.call('POST', '/emulator/email', { enabled: false });
    assert.deepEqual(off.body, { enabled: false });
    const res = await invite({
      invitee: 'dave@example.com',
      messagePayload: { link: 'http://localhost:8787/invite/accept?token=abc' },
    });
    assert.equal(res.status, 501);
    assert.equal(res.body.code, 'connector.not_found');
    const list = await t.api('GET', `/organization-invitations?organizationId=${orgId}`);
    assert.deepEqual(list.body, []);
    assert.deepEqual(t.emulator.outbox.list(), []);
    const plain = await invite({ invitee: 'erin@example.com', messagePayload: false });
    assert.equal(plain.status, 201);
    assert.deepEqual(plain.body.organizationRoles, []);
  });

  it('refuses a duplicate Pending invitation (case-sensitive) with 422 unique_integrity_violation', async () => {
    await invite({ invitee: 'carol@example.com' });
    const dup = await invite({ invitee: 'carol@example.com' });
    assert.equal(dup.status, 422);
    assert.equal(dup.body.code, 'entity.unique_integrity_violation');
    const upper = await invite({ invitee: 'CAROL@example.com' });
    assert.equal(upper.status, 201);
  });

  it('refuses inviting an existing member (422 request.invalid_input)', async () => {
    const res = await invite({ invitee: 'bob@example.com' });
    assert.equal(res.status, 422);
    assert.equal(res.body.code, 'request.invalid_input');
  });

  it('validates the body: bad email, missing fields (400 guard.invalid_input), past expiry (400 request.invalid_input)', async () => {
    const email = await invite({ invitee: 'not-an-email' });
    assert.equal(email.status, 400);
    assert.equal(email.body.code, 'guard.invalid_input');
    assert.deepEqual(email.body.data.issues[0].path, ['invitee']);
    const missing = await t.api('POST', '/organization-invitations', {
      invitee: 'gina@example.com',
    });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body.data.issues.map((i: { path: string[] }) => i.path[0]).sort(), [
      'expiresAt',
      'organizationId',
    ]);
    const past = await invite({ invitee: 'frank@example.com', expiresAt: Date.now() - 1000 });
    assert.equal(past.status, 400);
    assert.equal(past.body.code, 'request.invalid_input');
  });

  it('refuses unknown org, inviter or role with 422 relation_foreign_key_not_found; no inviter is fine', async () => {
    for (const body of [
      { invitee: 'henry@example.com', organizationId: 'does-not-exist' },
      { invitee: 'henry@example.com', inviterId: 'does-not-exist' },
      { invitee: 'ivan@example.com', organizationRoleIds: ['does-not-exist'] },
    ]) {
      const res = await invite(body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(res.body.code, 'entity.relation_foreign_key_not_found');
    }
    const noInviter = await t.api('POST', '/organization-invitations', {
      invitee: 'judy@example.com',
      organizationId: orgId,
      expiresAt: Date.now() + WEEK,
    });
    assert.equal(noInviter.status, 201);
    assert.equal(noInviter.body.inviterId, null);
  });

  it('lists newest first, filtered by organizationId, inviterId and invitee (case-insensitive), no paging', async () => {
    const first = await invite({ invitee: 'carol@example.com' });
    const second = await invite({ invitee: 'CAROL@example.com', inviterId: bob });
    const third = await invite({ invitee: 'henry@example.com' });
    const byOrg = await t.api('GET', `/organization-invitations?organizationId=${orgId}`);
    assert.equal(byOrg.status, 200);
    assert.deepEqual(
      byOrg.body.map((i: { id: string }) => i.id),
      [third.body.id, second.body.id, first.body.id],
    );
    assert.equal(byOrg.headers.get('total-number'), null);
    const byInvitee = await t.api(
      'GET',
      `/organization-invitations?organizationId=${orgId}&invitee=carol%40example.com`,
    );
    assert.deepEqual(
      byInvitee.body.map((i: { id: string }) => i.id),
      [second.body.id, first.body.id],
    );
    const byInviter = await t.api(
      'GET',
      `/organization-invitations?organizationId=${orgId}&inviterId=${bob}`,
    );
    assert.deepEqual(
      byInviter.body.map((i: { id: string }) => i.id),
      [second.body.id],
    );
    const one = await t.api('GET', `/organization-invitations/${first.body.id}`);
    assert.deepEqual(one.body, first.body);
    const missing = await t.api('GET', '/organization-invitations/does-not-exist');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'entity.not_found');
  });

  it('lists one invitee’s invitations of every status across organizations (541, 542)', async () => {
    const email = `${unique('zed')}@example.com`;
    const zed = await t.api('POST', '/users', { primaryEmail: email });
    const orgB = await t.api('POST', '/organizations', { name: unique('Invite Org B ') });
    const expired = await invite({ invitee: email, expiresAt: Date.now() + 1000 });
    offset = 2000;
    const revoked = await invite({ invitee: email });
    await t.api('PUT', `/organization-invitations/${revoked.body.id}/status`, {
      status: 'Revoked',
    });
    const accepted = await invite({
      invitee: email.toUpperCase(),
      organizationId: orgB.body.id,
      inviterId: null,
    });
    const accept = await t.api('PUT', `/organization-invitations/${accepted.body.id}/status`, {
      status: 'Accepted',
      acceptedUserId: zed.body.id,
    });
    assert.equal(accept.status, 200);
    const pending = await invite({ invitee: email });
    const list = async (query: string) => {
      const res = await t.api('GET', `/organization-invitations?${query}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('total-number'), null);
      return res.body.map((i: { id: string; status: string }) => [i.id, i.status]);
    };
    const invitee = `invitee=${encodeURIComponent(email)}`;
    assert.deepEqual(await list(invitee), [
      [pending.body.id, 'Pending'],
      [accepted.body.id, 'Accepted'],
      [revoked.body.id, 'Revoked'],
      [expired.body.id, 'Expired'],
    ]);
    const inOrgA = [
      [pending.body.id, 'Pending'],
      [revoked.body.id, 'Revoked'],
      [expired.body.id, 'Expired'],
    ];
    assert.deepEqual(await list(`${invitee}&organizationId=${orgId}`), inOrgA);
    assert.deepEqual(await list(`${invitee}&inviterId=${alice}`), inOrgA);
    assert.deepEqual(await list('invitee=nobody%40example.com'), []);
    const orgs = await t.api('GET', `/users/${zed.body.id}/organizations`);
    assert.deepEqual(
      orgs.body.map((o: { id: string; organizationRoles: unknown[] }) => [
        o.id,
        o.organizationRoles,
      ]),
      [[orgB.body.id, []]],
    );
  });

  it('accepting: needs acceptedUserId and a matching email (422); then adds the member with the roles', async () => {
    const inv = await invite({ invitee: 'carol@example.com', organizationRoleIds: [roles.member] });
    const path = `/organization-invitations/${inv.body.id}/status`;
    const wrong = await t.api('PUT', path, { status: 'Accepted', acceptedUserId: bob });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.code, 'request.invalid_input');
    const missing = await t.api('PUT', path, { status: 'Accepted' });
    assert.equal(missing.status, 422);
    assert.equal(missing.body.code, 'request.invalid_input');
    const ok = await t.api('PUT', path, { status: 'Accepted', acceptedUserId: carol });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.status, 'Accepted');
    assert.equal(ok.body.acceptedUserId, carol);
    assert.ok(ok.body.updatedAt >= inv.body.updatedAt);
    const carolRoles = await t.api('GET', `/organizations/${orgId}/users/${carol}/roles`);
    assert.deepEqual(
      carolRoles.body.map((r: { name: string }) => r.name),
      ['member'],
    );
    const again = await t.api('PUT', path, { status: 'Revoked' });
    assert.equal(again.status, 422);
  });

  it('accepting matches the invitee email case-insensitively', async () => {
    const inv = await invite({ invitee: 'CAROL@Example.com' });
    const ok = await t.api('PUT', `/organization-invitations/${inv.body.id}/status`, {
      status: 'Accepted',
      acceptedUserId: carol,
    });
    assert.equal(ok.status, 200);
  });

  it('revoking (200) is final: a second change is 422; unknown id is 404; bad status is 400', async () => {
    const inv = await invite({ invitee: 'kate@example.com' });
    const path = `/organization-invitations/${inv.body.id}/status`;
    const revoked = await t.api('PUT', path, { status: 'Revoked' });
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.status, 'Revoked');
    const again = await t.api('PUT', path, { status: 'Revoked' });
    assert.equal(again.status, 422);
    assert.equal(again.body.code, 'request.invalid_input');
    const unknown = await t.api('PUT', '/organization-invitations/does-not-exist/status', {
      status: 'Revoked',
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'entity.not_found');
    const bad = await t.api('PUT', path, { status: 'Pending' });
    assert.equal(bad.status, 400);
    const fresh = await invite({ invitee: 'kate@example.com' });
    assert.equal(fresh.status, 201);
  });

  it('is Expired once expiresAt passes: final, and a new invitation for the same email is allowed', async () => {
    const inv = await invite({ invitee: 'lisa@example.com', expiresAt: Date.now() + 60_000 });
    offset = 120_000;
    const read = await t.api('GET', `/organization-invitations/${inv.body.id}`);
    assert.equal(read.body.status, 'Expired');
    const change = await t.api('PUT', `/organization-invitations/${inv.body.id}/status`, {
      status: 'Revoked',
    });
    assert.equal(change.status, 422);
    const again = await invite({ invitee: 'lisa@example.com', expiresAt: Date.now() + WEEK });
    assert.equal(again.status, 201);
    const list = await t.api('GET', `/organization-invitations?organizationId=${orgId}`);
    assert.deepEqual(
      list.body.map((i: { status: string }) => i.status),
      ['Pending', 'Expired'],
    );
  });

  it('POST …/message resends (204, one more mail) or answers 501 without a connector', async () => {
    const inv = await invite({ invitee: 'mike@example.com' });
    const sent = await t.api('POST', `/organization-invitations/${inv.body.id}/message`, {
      link: 'http://localhost:5173/invite?id=1',
    });
    assert.equal(sent.status, 204);
    assert.equal(t.emulator.outbox.list().length, 1);
    t.emulator.setEmailEnabled(false);
    const off = await t.api('POST', `/organization-invitations/${inv.body.id}/message`, {
      link: 'http://localhost:5173/invite?id=1',
    });
    assert.equal(off.status, 501);
    assert.equal(off.body.code, 'connector.not_found');
    assert.equal(t.emulator.outbox.list().length, 1);
    const unknown = await t.api('POST', '/organization-invitations/does-not-exist/message', {
      link: 'x',
    });
    assert.equal(unknown.status, 404);
  });

  it('deletes (204); unknown is 404 entity.not_found', async () => {
    const inv = await invite({ invitee: 'nina@example.com' });
    assert.equal((await t.api('DELETE', `/organization-invitations/${inv.body.id}`)).status, 204);
    const again = await t.api('DELETE', `/organization-invitations/${inv.body.id}`);
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 'entity.not_found');
  });

  it('deleting the organization deletes its invitations', async () => {
    const inv = await invite({ invitee: 'oscar@example.com' });
    await t.api('DELETE', `/organizations/${orgId}`);
    assert.equal((await t.api('GET', `/organization-invitations/${inv.body.id}`)).status, 404);
  });
});

describe('outbox endpoints', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator({ emailConnector: false });
  });
  after(() => t.close());

  it('starts with the connector off when asked, and switches at runtime', async () => {
    assert.deepEqual((await t.call('GET', '/emulator/email')).body, { enabled: false });
    assert.equal(t.emulator.emailEnabled(), false);
    const on = await t.call('POST', '/emulator/email', { enabled: true });
    assert.deepEqual(on.body, { enabled: true });
    assert.equal(t.emulator.emailEnabled(), true);
    const bad = await t.call('POST', '/emulator/email', { enabled: 'yes' });
    assert.equal(bad.status, 400);
  });

  it('shows mails as HTML with clickable, escaped links; DELETE empties the outbox', async () => {
    t.emulator.setEmailEnabled(true);
    const org = await t.api('POST', '/organizations', { name: 'Ünïcode <Org>' });
    await t.api('POST', '/organization-invitations', {
      invitee: 'pat@example.com',
      organizationId: org.body.id,
      expiresAt: Date.now() + WEEK,
      messagePayload: { link: 'http://localhost:5173/invite?id=1&x=<y>' },
    });
    const html = await t.call('GET', '/emulator/outbox.html');
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-type')!, /text\/html/);
    assert.match(html.text, /<a href="http:\/\/localhost:5173\/invite\?id=1&amp;x=&lt;y&gt;">/);
    assert.match(html.text, /Ünïcode &lt;Org&gt;/);
    assert.doesNotMatch(html.text, /<Org>/);
    const negotiated = await t.call('GET', '/emulator/outbox', undefined, { accept: 'text/html' });
    assert.match(negotiated.headers.get('content-type')!, /text\/html/);
    const json = await t.call('GET', '/emulator/outbox');
    assert.equal(json.body.length, 1);
    assert.equal((await t.call('DELETE', '/emulator/outbox')).status, 204);
    assert.deepEqual((await t.call('GET', '/emulator/outbox')).body, []);
  });

  it('waitFor resolves with the next mail to an address', async () => {
    const org = await t.api('POST', '/organizations', { name: 'Wait Org' });
    const next = t.emulator.outbox.waitFor('quinn@example.com');
    await t.api('POST', '/organization-invitations', {
      invitee: 'quinn@example.com',
      organizationId: org.body.id,
      expiresAt: Date.now() + WEEK,
      messagePayload: { link: 'http://localhost:5173/invite?id=2' },
    });
    const mail = await next;
    assert.equal(mail.link, 'http://localhost:5173/invite?id=2');
    assert.equal(mail.organizationName, 'Wait Org');
  });
});
