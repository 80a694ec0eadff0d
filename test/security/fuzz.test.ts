/**
 * Input fuzzing with fast-check (seeded, bounded): every body, query and path parameter of every
 * endpoint, sent by a fully privileged caller so the input reaches validation and the handlers.
 * The server never answers 5xx and never crashes; every refusal is a 4xx with a stable code from
 * ERROR_CODES. Then hostile bodies: too large, compressed bombs, deep nesting, odd encodings,
 * prototype pollution.
 * Reproduce a run with FUZZ_SEED=<seed> (printed), widen it with FUZZ_RUNS=<n>.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { readJsonReply } from '../../server/test/helpers.js';
import { startFixture, assertStableError, type Fixture, type Reply } from './fixture.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

/** Any JSON-ish value, biased to what validation must survive. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ minLength: 120, maxLength: 400 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '__proto__',
    '../../etc/passwd',
    '<script>',
    '%00',
    'a'.repeat(65),
  ),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);
const text = fc.oneof(fc.string({ unit: 'binary', minLength: 0, maxLength: 140 }), junk);
const extraKeys = fc.dictionary(
  fc.constantFrom('extra', '__proto__', 'constructor', 'organizationId', 'isAdmin', 'roles'),
  junk,
  { maxKeys: 2 },
);
const email = fc.oneof(
  fc.emailAddress(),
  fc.emailAddress().map((e) => `  ${e.toUpperCase()} `),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ maxLength: 400 }),
);

describe('input fuzzing (fast-check)', () => {
  let f: Fixture;
  let orgId: string;
  let orgToken: string;
  let resourceToken: string;
  let roleIds: string[];
  let bobId: string;
  let invitationId: string;

  before(async () => {
    f = await startFixture();
    orgId = f.org('Fuzz', { alice: ['admin'], bob: ['member'] });
    orgToken = await f.orgToken('alice', orgId);
    resourceToken = await f.resourceToken('alice');
    roleIds = [f.roleId('admin'), f.roleId('member')];
    bobId = f.userId('bob');
    invitationId = f.emu.store.createInvitation({
      inviterId: f.userId('alice'),
      invitee: 'alice@example.com',
      organizationId: f.org('Fuzz invitations', { bob: ['admin'] }),
      expiresAt: Date.now() + 86_400_000,
      organizationRoleIds: [],
    }).id;
    console.log(`fuzz seed ${SEED}, ${RUNS} runs per property (FUZZ_SEED / FUZZ_RUNS)`);
  });
  after(() => f.close());

  async function property<T>(
    label: string,
    arbitrary: fc.Arbitrary<T>,
    send: (value: T) => Promise<Reply>,
  ): Promise<void> {
    let runs = 0;
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        const reply = await send(value);
        runs += 1;
        assert.ok(
          reply.status < 500,
          `${label}: ${reply.status} ${reply.text.slice(0, 200)} for ${JSON.stringify(value)?.slice(0, 300)}`,
        );
        assertStableError(reply, label);
        if (reply.status < 300) accepted += 1;
        else refused += 1;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.log(
      `fuzz ${label}: ${runs} runs, ${accepted} accepted, ${refused} refused (stable 4xx)`,
    );
  }

  const json = (path: string, method: string, token: () => string) => (body: unknown) =>
    f.raw(method, path, {
      authorization: `Bearer ${token()}`,
      body: JSON.stringify(body) ?? 'null',
    });

  it('POST /organizations body', () =>
    property(
      'POST /organizations',
      fc.oneof(
        fc.record({ name: text, description: text }, { requiredKeys: [] }),
        fc
          .tuple(fc.record({ name: fc.string({ minLength: 1, maxLength: 20 }) }), extraKeys)
          .map(([a, b]) => ({ ...b, ...a })),
        fc.jsonValue({ maxDepth: 3 }),
      ),
      json('/organizations', 'POST', () => resourceToken),
    ));

  it('PATCH /organizations/:orgId body', () =>
    property(
      'PATCH /organizations/:orgId',
      fc.oneof(
        fc.record({ name: text, description: text }, { requiredKeys: [] }),
        fc
          .tuple(fc.record({ description: fc.string({ maxLength: 20 }) }), extraKeys)
          .map(([a, b]) => ({ ...b, ...a })),
        fc.jsonValue({ maxDepth: 3 }),
      ),
      json(`/organizations/${orgId}`, 'PATCH', () => orgToken),
    ));

  it('PUT /organizations/:orgId/members/:userId/roles body', () =>
    property(
      'PUT …/members/:userId/roles',
      fc.oneof(
        fc.record({
          roleIds: fc.array(fc.oneof(fc.constantFrom(...roleIds), junk), { maxLength: 25 }),
        }),
        fc.record({ roleIds: fc.subarray(roleIds, { minLength: 1 }) }),
        fc.record({ roleIds: junk }),
        fc.jsonValue({ maxDepth: 3 }),
      ),
      json(`/organizations/${orgId}/members/${bobId}/roles`, 'PUT', () => orgToken),
    ));

  it('POST /organizations/:orgId/invitations body', () =>
    property(
      'POST …/invitations',
      fc.oneof(
        fc.record(
          {
            emails: fc.array(email, { maxLength: 22 }),
            roleIds: fc.array(fc.oneof(fc.constantFrom(...roleIds), junk), { maxLength: 3 }),
            expiresInDays: fc.oneof(fc.integer({ min: -5, max: 40 }), junk),
          },
          { requiredKeys: ['emails'] },
        ),
        fc.record({
          emails: fc.array(fc.emailAddress(), { minLength: 1, maxLength: 3 }),
          roleIds: fc.subarray(roleIds),
        }),
        fc.jsonValue({ maxDepth: 3 }),
      ),
      json(`/organizations/${orgId}/invitations`, 'POST', () => orgToken),
    ));

  it('bodies of the routes that take none (accept, resend)', () =>
    property(
      'POST accept / resend bodies',
      fc.tuple(fc.boolean(), fc.jsonValue({ maxDepth: 2 })),
      ([accept, body]) =>
        accept
          ? json(`/invitations/${invitationId}/accept`, 'POST', () => resourceToken)(body)
          : json(
              `/organizations/${orgId}/invitations/UNKNOWN123/resend`,
              'POST',
              () => orgToken,
            )(body),
    ));

  const queryValue = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.string({ minLength: 120, maxLength: 300 }),
    fc.integer({ min: -10, max: 200_000 }).map(String),
    fc.constantFrom('', '1e3', '0x10', '1.5', '-0', ' 7', 'NaN', 'Pending', 'pending', '%', '[]'),
  );
  const query = (keys: string[]) =>
    fc.array(
      fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 10 })), queryValue),
      {
        maxLength: 6,
      },
    );
  const withQuery = (path: string, token: () => string) => (pairs: Array<[string, string]>) =>
    f.raw('GET', `${path}?${new URLSearchParams(pairs).toString()}`, {
      authorization: `Bearer ${token()}`,
    });

  it('GET /organizations/:orgId/members query', () =>
    property(
      'GET …/members?query',
      query(['q', 'page', 'pageSize', 'roleId']),
      withQuery(`/organizations/${orgId}/members`, () => orgToken),
    ));

  it('GET /organizations/:orgId?include query', () =>
    property(
      'GET …/:orgId?include&query',
      fc.array(
        fc.oneof(
          fc.tuple(
            fc.constant('include'),
            fc.oneof(
              fc.constantFrom('roles', 'members', 'roles,members', 'members,roles,roles', ','),
              queryValue,
            ),
          ),
          fc.tuple(fc.constantFrom('q', 'page', 'pageSize', 'roleId'), queryValue),
        ),
        { maxLength: 6 },
      ),
      withQuery(`/organizations/${orgId}`, () => orgToken),
    ));

  it('GET /organizations/:orgId/invitations query', () =>
    property(
      'GET …/invitations?query',
      query(['status']),
      withQuery(`/organizations/${orgId}/invitations`, () => orgToken),
    ));

  it('queries of the routes that take none', () =>
    property(
      'GET me / org / roles / invitation ?query',
      fc.tuple(fc.integer({ min: 0, max: 3 }), query(['q', 'page'])),
      ([which, pairs]) => {
        const paths = [
          ['/me/organizations', resourceToken],
          [`/organizations/${orgId}`, orgToken],
          [`/organizations/${orgId}/roles`, orgToken],
          [`/invitations/${invitationId}`, resourceToken],
        ] as const;
        const [path, token] = paths[which]!;
        return withQuery(path, () => token)(pairs);
      },
    ));

  it('raw query strings (repeated keys, brackets, bad escapes)', () =>
    property(
      'GET …/members?raw',
      fc.array(
        fc.oneof(
          fc.constantFrom('page=1&page=2', 'q[a]=b', 'q[]=x', 'pageSize=%', '%zz=1', 'q=%00'),
          fc.string({ maxLength: 20 }).map((s) => encodeURI(s)),
        ),
        { maxLength: 4 },
      ),
      (parts) =>
        f.raw('GET', `/organizations/${orgId}/members?${parts.join('&')}`, {
          authorization: `Bearer ${orgToken}`,
        }),
    ));

  it('path parameters', () =>
    property(
      'path ids',
      fc.tuple(
        fc.integer({ min: 0, max: 3 }),
        fc.oneof(
          fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }),
          fc.constantFrom('..', '%2e%2e', 'a%2Fb', ' ', 'x'.repeat(65), '__proto__', 'constructor'),
        ),
      ),
      ([which, raw]) => {
        const id = encodeURIComponent(raw);
        switch (which) {
          case 0:
            return f.raw('GET', `/invitations/${id}`, { authorization: `Bearer ${resourceToken}` });
          case 1:
            return f.raw('DELETE', `/organizations/${orgId}/members/${id}`, {
              authorization: `Bearer ${orgToken}`,
            });
          case 2:
            return f.raw('DELETE', `/organizations/${orgId}/invitations/${id}`, {
              authorization: `Bearer ${orgToken}`,
            });
          default:
            return f.raw('GET', `/organizations/${id}/members`, {
              authorization: `Bearer ${orgToken}`,
            });
        }
      },
    ));

  it('malformed percent-escapes in any path parameter: 400 request.invalid, logged quietly', async () => {
    // Raw HTTP: fetch would normalise or refuse some of these paths before sending them.
    const bad = ['%', '%ZZ', '%25%', '%E0%A4%A', 'a%', '%C3%28', '%%', '%u0041'];
    const org = `/organizations/${orgId}`;
    const routes: Array<[string, (id: string) => string, string]> = [
      ['GET', (id) => `/invitations/${id}`, resourceToken],
      ['POST', (id) => `/invitations/${id}/accept`, resourceToken],
      ['GET', (id) => `/organizations/${id}`, orgToken],
      ['PATCH', (id) => `/organizations/${id}`, orgToken],
      ['DELETE', (id) => `/organizations/${id}`, orgToken],
      ['GET', (id) => `/organizations/${id}/members`, orgToken],
      ['GET', (id) => `/organizations/${id}/roles`, orgToken],
      ['GET', (id) => `/organizations/${id}/invitations`, orgToken],
      ['POST', (id) => `/organizations/${id}/invitations`, orgToken],
      ['PUT', (id) => `${org}/members/${id}/roles`, orgToken],
      ['DELETE', (id) => `${org}/members/${id}`, orgToken],
      ['POST', (id) => `${org}/invitations/${id}/resend`, orgToken],
      ['DELETE', (id) => `${org}/invitations/${id}`, orgToken],
    ];
    const errorsBefore = f.logLines.filter((line) => /"level":"error"/.test(line)).length;
    for (const [method, path, token] of routes) {
      for (const id of bad) {
        for (const authorization of [undefined, `Bearer ${token}`]) {
          const reply = await rawPath(f.url, method, path(id), authorization);
          const context = `${method} ${path(id)} ${authorization ? 'with' : 'without'} a token`;
          assert.equal(reply.status, 400, `${context}: ${reply.text}`);
          assert.equal(reply.body.code, 'request.invalid', context);
        }
      }
    }
    const errorsAfter = f.logLines.filter((line) => /"level":"error"/.test(line)).length;
    assert.equal(errorsAfter, errorsBefore, 'bad input is not logged as an error');
  });

  it('ids longer than any Logto id (21 characters) are invalid input, never a 5xx', async () => {
    // Logto answers 422 entity.value_too_long for such ids, which must not surface as a 502.
    const long = 'a'.repeat(22);
    const org = `/organizations/${orgId}`;
    const attempts: Array<[string, string, string, unknown?]> = [
      ['GET', `/invitations/${long}`, resourceToken],
      ['POST', `/invitations/${long}/accept`, resourceToken],
      ['DELETE', `${org}/members/${long}`, orgToken],
      ['PUT', `${org}/members/${long}/roles`, orgToken, { roleIds: [] }],
      ['POST', `${org}/invitations/${long}/resend`, orgToken],
      ['DELETE', `${org}/invitations/${long}`, orgToken],
      ['GET', `${org}/members?roleId=${long}`, orgToken],
      ['PUT', `${org}/members/${bobId}/roles`, orgToken, { roleIds: [long] }],
    ];
    for (const [method, path, token, body] of attempts) {
      const reply = await f.call(method, path, { token, ...(body ? { body } : {}) });
      assertStableError(reply, `${method} ${path}`);
      assert.equal(reply.status, 400, `${method} ${path}: ${reply.text}`);
      assert.equal(reply.body.code, 'request.invalid');
    }
    // control: a 21-character unknown id is simply not found
    const unknown = await f.call('GET', `/invitations/${'a'.repeat(21)}`, { token: resourceToken });
    assert.equal(unknown.body.code, 'invitation.not_found');
  });

  it('malformed JSON text', () =>
    property(
      'malformed bodies',
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.constantFrom('{', '{"name":', '{"name":"a",}', "{'name':'a'}", 'NaN', '[1,]', '\u0000'),
      ),
      (body) => f.raw('POST', '/organizations', { authorization: `Bearer ${resourceToken}`, body }),
    ));

  describe('hostile bodies are refused early', () => {
    const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; body: { code?: string } }>((resolve, reject) => {
        const url = new URL(`${f.url}/organizations`);
        const req = httpRequest(
          url,
          {
            method: 'POST',
            headers: {
              authorization: `Bearer ${resourceToken}`,
              'content-type': 'application/json',
              ...headers,
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () => {
              f.responses.push({
                status: res.statusCode ?? 0,
                headers: JSON.stringify(res.headers),
                body: text,
              });
              resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} });
            });
          },
        );
        req.on('error', reject);
        req.end(body);
      });

    it('a 1 MB JSON body: 413 request.too_large', async () => {
      const res = await post(JSON.stringify({ name: 'x'.repeat(1_000_000) }));
      assert.equal(res.status, 413);
      assert.equal(res.body.code, 'request.too_large');
    });

    it('a body just over 64 KB: 413; a body just under: validated (400)', async () => {
      const over = await post(JSON.stringify({ name: 'x', pad: 'y'.repeat(65 * 1024) }));
      assert.equal(over.status, 413);
      const under = await post(JSON.stringify({ name: 'x', pad: 'y'.repeat(60 * 1024) }));
      assert.equal(under.status, 400);
      assert.equal(under.body.code, 'request.invalid');
    });

    it('a gzip bomb (10 MB of zeros, 10 KB compressed): 413', async () => {
      const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20));
      assert.ok(bomb.length < 64 * 1024);
      const res = await post(bomb, { 'content-encoding': 'gzip' });
      assert.equal(res.status, 413);
      assert.equal(res.body.code, 'request.too_large');
    });

    it('deeply nested JSON (20,000 levels, under the size limit): 400', async () => {
      const depth = 20_000;
      for (const body of [
        '['.repeat(depth) + ']'.repeat(depth),
        `{"name":${'{"a":'.repeat(depth / 2)}1${'}'.repeat(depth / 2)}}`,
        `{"x":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      ]) {
        const res = await post(body);
        assert.equal(res.status, 400);
        assert.equal(res.body.code, 'request.invalid');
      }
    });

    it('unsupported encodings and charsets: 400 request.invalid, never 5xx', async () => {
      for (const headers of <Array<Record<string, string>>>[
        { 'content-encoding': 'compress' },
        { 'content-encoding': 'gzip' }, // not actually gzip
        { 'content-type': 'application/json; charset=iso-8859-1' },
        { 'content-type': 'text/plain' },
        { 'content-type': 'application/x-www-form-urlencoded' },
      ]) {
        const res = await post('{"name":"Encoded"}', headers);
        assert.equal(res.status, 400, JSON.stringify(headers));
        assert.equal(res.body.code, 'request.invalid');
      }
    });

    it('prototype pollution attempts are refused and pollute nothing', async () => {
      for (const body of [
        '{"name":"P","__proto__":{"polluted":true}}',
        '{"name":"P","constructor":{"prototype":{"polluted":true}}}',
        '{"__proto__":{"name":"P"}}',
      ]) {
        const res = await post(body);
        assert.equal(res.status, 400, body);
        assert.equal(res.body.code, 'request.invalid');
      }
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(({} as Record<string, unknown>).name, undefined);
    });
  });

  it('the server is still healthy and leaked no secret', async () => {
    const res = await f.call('GET', '/healthz');
    assert.equal(res.status, 200);
    const { scanned } = f.assertNoSecrets();
    console.log(`secret scan: ${scanned} responses and log lines, 0 leaks`);
  });
});

/** One request with the path sent byte for byte (node:http does not touch percent-escapes). */
function rawPath(
  base: string,
  method: string,
  path: string,
  authorization?: string,
): Promise<{ status: number; text: string; body: { code?: string } }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        hostname,
        port,
        method,
        path,
        headers: authorization ? { authorization } : {},
      },
      (res) => {
        readJsonReply(res, () => ({})).then(resolve, reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
