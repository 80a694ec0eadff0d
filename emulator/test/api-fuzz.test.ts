/** Property: arbitrary JSON bodies and path ids never make the Management API answer 5xx or crash. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';

import { DEMO_USERS } from '../src/index.js';
import { startTestEmulator } from './support/emulator.js';
import type { TestEmulator } from './support/emulator.js';

describe('Management API under arbitrary input', () => {
  let t: TestEmulator;
  let orgId: string;
  before(async () => {
    t = await startTestEmulator();
    orgId = (await t.api('POST', '/organizations', { name: 'Fuzz' })).body.id;
    await t.api('POST', `/organizations/${orgId}/users`, { userIds: [DEMO_USERS[0]!.id] });
  });
  after(() => t.close());

  it('answers 2xx/4xx with a {code, message} body on errors', async () => {
    const alice = DEMO_USERS[0]!.id;
    const routes = [
      ['POST', '/users'],
      ['POST', '/organizations'],
      ['PATCH', `/organizations/${orgId}`],
      ['POST', `/organizations/${orgId}/users`],
      ['PUT', `/organizations/${orgId}/users`],
      ['POST', `/organizations/${orgId}/users/roles`],
      ['POST', `/organizations/${orgId}/users/${alice}/roles`],
      ['PUT', `/organizations/${orgId}/users/${alice}/roles`],
      ['POST', '/organization-roles'],
      ['POST', '/organization-scopes'],
      ['POST', '/organization-invitations'],
      ['PUT', '/organization-invitations/abc/status'],
      ['POST', '/resources'],
      ['POST', '/roles'],
      ['POST', '/applications'],
    ] as const;
    const idLike = fc.oneof(
      fc.constantFrom(orgId, alice, 'x'.repeat(30)),
      fc.string({ maxLength: 25 }),
      fc.array(fc.string({ maxLength: 25 }), { maxLength: 3 }),
    );
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record(
        {
          name: fc.oneof(fc.string(), fc.integer()),
          userIds: idLike,
          organizationRoleIds: idLike,
          organizationRoleNames: idLike,
          organizationScopeIds: idLike,
          invitee: fc.oneof(fc.emailAddress(), fc.string()),
          organizationId: idLike,
          expiresAt: fc.oneof(fc.integer(), fc.double(), fc.string()),
          messagePayload: fc.oneof(fc.constant(false), fc.dictionary(fc.string(), fc.string())),
          status: fc.constantFrom('Accepted', 'Revoked', 'Pending', 42),
          type: fc.constantFrom('SPA', 'MachineToMachine', 'User', 'nope'),
          indicator: fc.string(),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, async ([method, path], payload) => {
        const res = await t.api(method, path, JSON.stringify(payload));
        assert.ok(res.status < 500, `${method} ${path} ${JSON.stringify(payload)} → ${res.status}`);
        if (res.status >= 400) {
          assert.equal(typeof res.body.code, 'string');
          assert.equal(typeof res.body.message, 'string');
        }
      }),
      { numRuns: 300 },
    );
    const alive = await t.api('GET', `/organizations/${orgId}`);
    assert.equal(alive.status, 200);
  });
});
