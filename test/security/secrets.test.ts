/**
 * Secrets: the M2M secret, its Basic credentials and M2M tokens never reach a response or a log
 * line, also when Logto refuses the credentials, fails, or hangs while the server holds a token.
 * (Every other suite ends with the same scan over everything it saw.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFixture, JWT_SHAPE, type Fixture } from './fixture.js';

describe('secrets', () => {
  describe('Logto refuses the M2M credentials', () => {
    let f: Fixture;
    const secret = `wrong-secret-${Math.random().toString(36).slice(2)}`;
    before(async () => {
      f = await startFixture({ LOGTO_M2M_APP_SECRET: secret });
    });
    after(() => f.close());

    it('answers upstream.error and says nothing about the credentials anywhere', async () => {
      const orgId = f.org('Secretive', { alice: ['admin'] });
      const org = await f.orgToken('alice', orgId);
      const resource = await f.resourceToken('alice');
      const replies = [
        await f.call('GET', `/organizations/${orgId}/members`, { token: org }),
        await f.call('PATCH', `/organizations/${orgId}`, { token: org, body: { name: 'x' } }),
        await f.call('POST', '/organizations', { token: resource, body: { name: 'y' } }),
        await f.call('GET', '/me/organizations', { token: resource }),
      ];
      for (const reply of replies) {
        assert.equal(reply.status, 502);
        assert.equal(reply.body.code, 'upstream.error');
      }
      assert.ok(
        f.logLines.some((line) => line.includes('M2M token request refused')),
        'the refusal is logged (without the secret)',
      );
      for (const text of [...f.logLines, ...f.responses.map((r) => r.body + r.headers)]) {
        assert.ok(!text.includes(secret), 'the wrong secret is not shown either');
      }
      const { scanned } = f.assertNoSecrets({ expectM2mTokens: false });
      console.log(`secrets (credentials refused): ${scanned} responses and log lines, 0 leaks`);
    });
  });

  describe('Logto fails while the server holds an M2M token', () => {
    let f: Fixture;
    before(async () => {
      f = await startFixture({ ORG_UPSTREAM_TIMEOUT_MS: '300' });
    });
    after(() => f.close());

    it('error logs and answers carry no token or secret', async () => {
      const orgId = f.org('Failing', { alice: ['admin'], bob: ['member'] });
      const org = await f.orgToken('alice', orgId);
      const paths = [
        ['GET', `/organizations/${orgId}/members`],
        ['GET', `/organizations/${orgId}`],
        ['PUT', `/organizations/${orgId}/members/${f.userId('bob')}/roles`],
        ['POST', `/organizations/${orgId}/invitations`],
      ] as const;
      const bodies: Record<string, unknown> = {
        PUT: { roleIds: [f.roleId('member')] },
        POST: { emails: ['leak@example.com'], roleIds: [f.roleId('member')] },
      };
      let calls = 0;
      for (const fault of [
        { status: 500 },
        { status: 503 },
        { status: 401 },
        { status: 403 },
        { hang: true },
      ]) {
        for (const [method, path] of paths) {
          await f.faults({ target: 'api', count: 3, ...fault });
          const body = bodies[method];
          const reply = await f.call(method, path, { token: org, ...(body ? { body } : {}) });
          calls += 1;
          assert.doesNotMatch(reply.text, JWT_SHAPE);
          await f.clearFaults();
        }
      }
      assert.ok(f.logLines.some((line) => /"level":"(warn|error)"/.test(line)));
      // The scan can fail: a planted secret, M2M token or user token is found.
      const planted = [f.config.m2mAppSecret, [...f.m2mTokens][0]!, `Bearer ${org}`];
      for (const plant of planted) {
        f.logLines.push(JSON.stringify({ msg: 'planted', value: plant }));
        assert.throws(() => f.assertNoSecrets());
        f.logLines.pop();
      }
      const { scanned } = f.assertNoSecrets();
      console.log(
        `secrets (Logto failing): ${calls} failing calls, ${scanned} responses and log lines, 0 leaks`,
      );
    });
  });

  describe('a token a client put in the path', () => {
    let f: Fixture;
    before(async () => {
      f = await startFixture();
    });
    after(() => f.close());

    it('is neither repeated in the answer nor written to the log', async () => {
      const token = await f.resourceToken('alice');
      const orgId = f.org('Pathological', { alice: ['admin'] });
      const replies = [
        await f.call('GET', `/access_token=${token}`),
        await f.call('GET', `/me/${token}`, { token }),
        await f.call('GET', `/organizations/${orgId}/members/${token}/roles`, { token }),
      ];
      for (const reply of replies) {
        assert.ok(reply.status === 404 || reply.status === 400, `${reply.status} ${reply.text}`);
        assert.doesNotMatch(reply.text, JWT_SHAPE);
      }
      assert.match(replies[0]!.body.message, /No route for GET \/access_token=\[redacted\]/);
      const paths = f.logLines.filter((line) => line.includes('"path":"/access_token='));
      assert.equal(paths.length, 1, 'the request is logged once');
      assert.match(paths[0]!, /\[redacted\]/);
      f.assertNoSecrets({ expectM2mTokens: false });
    });
  });
});
