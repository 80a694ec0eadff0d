/**
 * Concurrent changes through real HTTP against the emulator.
 *
 * Last-admin races: two admins of an organization with exactly two admins demote each other,
 * remove each other, or both leave, at the same moment, through real HTTP against the emulator.
 * Exactly one change goes through; the other is `409 member.last_admin`, and the organization
 * still has one admin in the emulator's state.
 *
 * The interleaving is forced, not left to timing: the server's upstream calls pass a gate that
 * holds the first admin count of the organization until the other request has either counted
 * too (what happens when the check and the change are not serialized: both counts see two admins
 * and both changes go through) or is waiting for the organization's lock (it has passed its live
 * permission check and is queued behind the first change).
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startFixture, assertStableError, type Fixture, type Reply } from './fixture.js';

/** Waits (polling every millisecond) until `condition` holds; fails after `ms`. */
async function until(condition: () => boolean, what: string, ms = 1500): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe('last-admin races (concurrent requests to one server)', () => {
  let f: Fixture;
  let round = 0;

  before(async () => {
    f = await startFixture();
  });
  afterEach(() => {
    f.gate.before = null;
  });
  after(async () => {
    f.assertNoSecrets();
    await f.close();
  });

  /** An organization whose only admins are two fresh users; a member too. */
  function scene() {
    round += 1;
    const a = `race-a${round}`;
    const b = `race-b${round}`;
    const m = `race-m${round}`;
    for (const name of [a, b, m]) f.newUser(name);
    const orgId = f.org(`Race ${round}`, { [a]: ['admin'], [b]: ['admin'], [m]: ['member'] });
    return { orgId, a, b, m };
  }

  /** Holds the first admin count of `orgId` as described above; returns what it saw. */
  function forceInterleaving(orgId: string) {
    const adminRoleId = f.roleId('admin');
    const seen = { counts: 0, heldUntilQueued: false, heldUntilCounted: false };
    f.gate.before = async (method, url) => {
      const isCount =
        method === 'GET' &&
        url.pathname === `/api/organizations/${orgId}/users` &&
        url.searchParams.get('organizationRoleId') === adminRoleId;
      if (!isCount) return;
      seen.counts += 1;
      if (seen.counts > 1) return;
      await until(
        () => seen.counts >= 2 || f.internals.locks.pending(orgId) >= 2,
        'the other request to count or to queue',
      );
      if (seen.counts >= 2) seen.heldUntilCounted = true;
      else seen.heldUntilQueued = true;
    };
    return seen;
  }

  function admins(orgId: string): string[] {
    const adminRoleId = f.roleId('admin');
    return f.emu.store
      .listMembers(orgId)
      .filter((u) => f.emu.store.memberRoleIds(orgId, u.id).has(adminRoleId))
      .map((u) => u.id);
  }

  function exactlyOneWins(replies: Reply[], okStatus: number, context: string): number {
    for (const reply of replies) assertStableError(reply, context);
    const outcomes = replies.map((r) => (r.status < 300 ? String(r.status) : r.body.code));
    const winners = replies.flatMap((r, i) => (r.status === okStatus ? [i] : []));
    assert.equal(winners.length, 1, `${context}: exactly one succeeds (${outcomes.join(', ')})`);
    const loser = replies[1 - winners[0]!]!;
    assert.equal(loser.status, 409, `${context}: ${outcomes.join(', ')}`);
    assert.equal(loser.body.code, 'member.last_admin');
    assert.equal(loser.body.data.role, 'admin');
    return winners[0]!;
  }

  for (let n = 1; n <= 3; n += 1) {
    it(`two admins demote each other at once: one wins, one admin left (round ${n})`, async () => {
      const { orgId, a, b } = scene();
      const memberRole = f.roleId('member');
      const [tokenA, tokenB] = await Promise.all([f.orgToken(a, orgId), f.orgToken(b, orgId)]);
      const seen = forceInterleaving(orgId);
      const replies = await Promise.all([
        f.call('PUT', `/organizations/${orgId}/members/${f.userId(b)}/roles`, {
          token: tokenA,
          body: { roleIds: [memberRole] },
        }),
        f.call('PUT', `/organizations/${orgId}/members/${f.userId(a)}/roles`, {
          token: tokenB,
          body: { roleIds: [memberRole] },
        }),
      ]);
      const winner = exactlyOneWins(replies, 200, 'demote each other');
      const [winnerId, loserId] =
        winner === 0 ? [f.userId(a), f.userId(b)] : [f.userId(b), f.userId(a)];
      assert.deepEqual(admins(orgId), [winnerId], 'the winner is the one admin left');
      assert.deepEqual(
        f.emu.store.memberRoles(orgId, loserId).map((r) => r.name),
        ['member'],
        'the loser was demoted',
      );
      assert.ok(seen.heldUntilQueued, 'the second request queued behind the first');
      assert.equal(f.internals.locks.size, 0, 'no lock entry is left once idle');
    });
  }

  for (let n = 1; n <= 2; n += 1) {
    it(`two admins remove each other at once: one wins, one admin left (round ${n})`, async () => {
      const { orgId, a, b } = scene();
      const [tokenA, tokenB] = await Promise.all([f.orgToken(a, orgId), f.orgToken(b, orgId)]);
      const seen = forceInterleaving(orgId);
      const replies = await Promise.all([
        f.call('DELETE', `/organizations/${orgId}/members/${f.userId(b)}`, { token: tokenA }),
        f.call('DELETE', `/organizations/${orgId}/members/${f.userId(a)}`, { token: tokenB }),
      ]);
      const winner = exactlyOneWins(replies, 204, 'remove each other');
      const [winnerId, loserId] =
        winner === 0 ? [f.userId(a), f.userId(b)] : [f.userId(b), f.userId(a)];
      assert.deepEqual(admins(orgId), [winnerId]);
      assert.equal(f.emu.store.isMember(orgId, loserId), false, 'the loser was removed');
      assert.ok(seen.heldUntilQueued);
      assert.equal(f.internals.locks.size, 0);
    });
  }

  for (let n = 1; n <= 3; n += 1) {
    it(`both admins leave at once: one leaves, the other stays admin (round ${n})`, async () => {
      const { orgId, a, b, m } = scene();
      const [tokenA, tokenB] = await Promise.all([f.orgToken(a, orgId), f.orgToken(b, orgId)]);
      const seen = forceInterleaving(orgId);
      const replies = await Promise.all([
        f.call('DELETE', `/organizations/${orgId}/members/${f.userId(a)}`, { token: tokenA }),
        f.call('DELETE', `/organizations/${orgId}/members/${f.userId(b)}`, { token: tokenB }),
      ]);
      const winner = exactlyOneWins(replies, 204, 'both leave');
      const [leftId, stayedId] =
        winner === 0 ? [f.userId(a), f.userId(b)] : [f.userId(b), f.userId(a)];
      assert.deepEqual(admins(orgId), [stayedId], 'the one who stayed is still admin');
      assert.equal(f.emu.store.isMember(orgId, leftId), false);
      assert.equal(f.emu.store.isMember(orgId, f.userId(m)), true);
      assert.ok(seen.heldUntilQueued);
      assert.equal(f.internals.locks.size, 0);
    });
  }

  it('organizations do not wait for each other: a held change in one leaves another free', async () => {
    const one = scene();
    const two = scene();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    f.gate.before = async (method, url) => {
      if (method === 'PUT' && url.pathname.startsWith(`/api/organizations/${one.orgId}/users/`)) {
        await held;
      }
    };
    const slow = f.call('PUT', `/organizations/${one.orgId}/members/${f.userId(one.m)}/roles`, {
      token: await f.orgToken(one.a, one.orgId),
      body: { roleIds: [f.roleId('admin')] },
    });
    await until(() => f.internals.locks.pending(one.orgId) === 1, 'the first change to hold');
    const other = await f.call(
      'PUT',
      `/organizations/${two.orgId}/members/${f.userId(two.m)}/roles`,
      {
        token: await f.orgToken(two.a, two.orgId),
        body: { roleIds: [f.roleId('admin')] },
      },
    );
    assert.equal(other.status, 200, 'the other organization is not blocked');
    assert.equal(f.internals.locks.pending(one.orgId), 1, 'the first is still held');
    release();
    assert.equal((await slow).status, 200);
    assert.deepEqual(
      [one, two].map((s) => f.emu.store.memberRoles(s.orgId, f.userId(s.m)).map((r) => r.name)),
      [['admin'], ['admin']],
    );
    assert.equal(f.internals.locks.size, 0);
  });
});

/**
 * Revoking an invitation that stops being pending between the server's read and its status change
 * (the invitee accepts or declines, another admin revokes): Logto refuses the change (422), and
 * the answer is `409 invitation.not_pending` with the new status, not a 502. The other change is
 * made in the emulator at the moment the revoke's status change is on its way, so the interleaving
 * is forced, not left to timing.
 */
describe('revoke racing accept, decline or another revoke', () => {
  let f: Fixture;
  let orgId: string;
  let admin: string;
  let n = 0;

  before(async () => {
    f = await startFixture();
    f.newUser('rev-admin');
    orgId = f.org('Revoke races', { 'rev-admin': ['admin'] });
    admin = await f.orgToken('rev-admin', orgId);
  });
  afterEach(() => {
    f.gate.before = null;
  });
  after(async () => {
    f.assertNoSecrets();
    await f.close();
  });

  /** A pending invitation to a fresh user; its status becomes `then` just before the revoke's PUT. */
  function invitationChangingTo(then: 'Accepted' | 'Revoked') {
    n += 1;
    const username = `rev-invitee${n}`;
    const userId = f.newUser(username);
    const { id } = f.emu.store.createInvitation({
      inviterId: f.userId('rev-admin'),
      invitee: `${username}@example.com`,
      organizationId: orgId,
      expiresAt: Date.now() + 86_400_000,
      organizationRoleIds: [f.roleId('member')],
    });
    const seen = { changed: 0 };
    f.gate.before = (method, url) => {
      if (method !== 'PUT' || url.pathname !== `/api/organization-invitations/${id}/status`) return;
      if (seen.changed++ > 0) return;
      f.emu.store.setInvitationStatus(id, then, then === 'Accepted' ? userId : undefined);
    };
    return { id, userId, seen };
  }

  for (const then of ['Accepted', 'Revoked'] as const) {
    it(`${then === 'Accepted' ? 'accepted' : 'declined or revoked'} meanwhile: 409 invitation.not_pending (${then}), no error logged`, async () => {
      const { id, userId, seen } = invitationChangingTo(then);
      const logsFrom = f.logLines.length;
      const reply = await f.call('DELETE', `/organizations/${orgId}/invitations/${id}`, {
        token: admin,
      });
      assertStableError(reply, 'revoke');
      assert.equal(seen.changed, 1, 'the status changed between the read and the PUT');
      assert.equal(reply.status, 409, JSON.stringify(reply.body));
      assert.equal(reply.body.code, 'invitation.not_pending');
      assert.equal(reply.body.data.status, then);
      assert.equal(f.emu.store.invitationStatus(f.emu.store.getInvitation(id)), then);
      assert.equal(f.emu.store.isMember(orgId, userId), then === 'Accepted');
      const errors = f.logLines
        .slice(logsFrom)
        .filter((line) => (JSON.parse(line) as { level: string }).level === 'error');
      assert.deepEqual(errors, []);
    });
  }

  it('control: revoked without a race, the same call is 204', async () => {
    n += 1;
    const { id } = f.emu.store.createInvitation({
      inviterId: f.userId('rev-admin'),
      invitee: `rev-control${n}@example.com`,
      organizationId: orgId,
      expiresAt: Date.now() + 86_400_000,
    });
    const reply = await f.call('DELETE', `/organizations/${orgId}/invitations/${id}`, {
      token: admin,
    });
    assert.equal(reply.status, 204);
    assert.equal(f.emu.store.invitationStatus(f.emu.store.getInvitation(id)), 'Revoked');
  });
});
