/**
 * A bounded burst on loopback: mixed endpoints (reads, mutations, refusals) at a fixed
 * concurrency against the real companion server and emulator. Zero unexpected answers; the heap
 * settles back after a forced GC and does not grow from one burst to the next; no socket is left
 * open (client, server, or between the server and Logto).
 * Tune with STRESS_REQUESTS (default 2000) and STRESS_CONCURRENCY (default 100).
 */
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startFixture, type Fixture } from '../security/fixture.js';

const REQUESTS = Number(process.env.STRESS_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.STRESS_CONCURRENCY ?? 100);
const MB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Scans what the suite kept for secrets, then lets it go (so it does not count as heap). */
function scanAndForget(f: Fixture): number {
  const { scanned } = f.assertNoSecrets();
  f.responses.length = 0;
  f.logLines.length = 0;
  f.upstream.length = 0;
  return scanned;
}

function settledHeap(): number {
  for (let i = 0; i < 4; i += 1) gc();
  return process.memoryUsage().heapUsed;
}

const tcpHandles = () =>
  process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;

/** Resolves when `check()` is true, polling on timers; rejects after `ms`. */
async function until(check: () => boolean | Promise<boolean>, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Kind {
  name: string;
  weight: number;
  expect: number;
  build(i: number): { method: string; path: string; token?: string; body?: unknown };
}

describe(`load: ${REQUESTS} requests, ${CONCURRENCY} concurrent, mixed endpoints`, () => {
  let f: Fixture;
  let kinds: Kind[];
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

  before(async () => {
    // The emulator shares this process and its two cores: under a 100-wide burst on a busy
    // machine one of its answers can take seconds, which is load, not a fault. Timeouts are
    // covered by the faults suites; here they must not fire.
    f = await startFixture({ ORG_UPSTREAM_TIMEOUT_MS: '60000' });
    const members: string[] = [];
    for (let i = 0; i < 40; i += 1) members.push(f.newUser(`loaduser${i}`));
    const orgId = f.org('Load', { alice: ['admin'] });
    f.emu.store.addMembers(orgId, members);
    const memberRole = f.roleId('member');
    for (const id of members) f.emu.store.addMemberRoles(orgId, id, [memberRole]);
    const org = await f.orgToken('alice', orgId);
    const resource = await f.resourceToken('alice');
    const base = `/organizations/${orgId}`;
    kinds = [
      {
        name: 'me',
        weight: 3,
        expect: 200,
        build: () => ({ method: 'GET', path: '/me/organizations', token: resource }),
      },
      {
        name: 'org',
        weight: 2,
        expect: 200,
        build: () => ({ method: 'GET', path: base, token: org }),
      },
      {
        name: 'members page',
        weight: 3,
        expect: 200,
        build: (i) => ({
          method: 'GET',
          path: `${base}/members?page=${(i % 4) + 1}&pageSize=10`,
          token: org,
        }),
      },
      {
        name: 'members search',
        weight: 1,
        expect: 200,
        build: (i) => ({ method: 'GET', path: `${base}/members?q=loaduser${i % 40}`, token: org }),
      },
      {
        name: 'roles',
        weight: 2,
        expect: 200,
        build: () => ({ method: 'GET', path: `${base}/roles`, token: org }),
      },
      {
        name: 'invitations',
        weight: 1,
        expect: 200,
        build: () => ({ method: 'GET', path: `${base}/invitations?status=Pending`, token: org }),
      },
      {
        name: 'rename',
        weight: 1,
        expect: 200,
        build: (i) => ({
          method: 'PATCH',
          path: base,
          token: org,
          body: { description: `burst ${i}` },
        }),
      },
      {
        name: 'invite',
        weight: 1,
        expect: 200,
        build: (i) => ({
          method: 'POST',
          path: `${base}/invitations`,
          token: org,
          body: {
            emails: [`burst${i}-${Math.random().toString(36).slice(2, 8)}@example.com`],
            roleIds: [memberRole],
          },
        }),
      },
      {
        name: 'set roles',
        weight: 1,
        expect: 200,
        build: (i) => ({
          method: 'PUT',
          path: `${base}/members/${members[i % members.length]}/roles`,
          token: org,
          body: { roleIds: [memberRole] },
        }),
      },
      {
        name: 'forged token',
        weight: 1,
        expect: 401,
        build: () => ({ method: 'GET', path: `${base}/members`, token: `${org.slice(0, -4)}AAAA` }),
      },
      {
        name: 'invalid body',
        weight: 1,
        expect: 400,
        build: () => ({
          method: 'POST',
          path: '/organizations',
          token: resource,
          body: { name: '' },
        }),
      },
      { name: 'no route', weight: 1, expect: 404, build: () => ({ method: 'GET', path: '/nope' }) },
    ];
  });

  after(async () => {
    agent.destroy();
    await f.close();
  });

  const schedule: Kind[] = [];
  function kindFor(i: number): Kind {
    if (schedule.length === 0)
      for (const kind of kinds) for (let w = 0; w < kind.weight; w += 1) schedule.push(kind);
    return schedule[i % schedule.length]!;
  }

  function send(i: number): Promise<{ kind: Kind; status: number; ms: number; body: string }> {
    const kind = kindFor(i);
    const spec = kind.build(i);
    const payload = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        `${f.url}${spec.path}`,
        {
          method: spec.method,
          agent,
          headers: {
            ...(spec.token ? { authorization: `Bearer ${spec.token}` } : {}),
            ...(payload ? { 'content-type': 'application/json' } : {}),
          },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            f.responses.push({ status, headers: JSON.stringify(res.headers), body });
            resolve({ kind, status, ms: performance.now() - started, body });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  async function burst(total: number, offset: number) {
    let next = 0;
    const results: Array<Awaited<ReturnType<typeof send>>> = [];
    const errors: string[] = [];
    const worker = async () => {
      while (next < total) {
        const i = offset + next++;
        try {
          results.push(await send(i));
        } catch (error) {
          errors.push(String(error));
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    const unexpected = results.filter((r) => r.status !== r.kind.expect);
    const ms = results.map((r) => r.ms).sort((a, b) => a - b);
    const pct = (p: number) =>
      Math.round(ms[Math.min(ms.length - 1, Math.floor(ms.length * p))] ?? 0);
    console.log(
      `burst: ${results.length} answered, ${results.length - unexpected.length} as expected, ` +
        `${unexpected.length} unexpected, ${errors.length} socket errors; ` +
        `${Math.round(results.length / seconds)} req/s, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`,
    );
    return { results, unexpected, errors };
  }

  it('zero unexpected answers, heap settles, no socket left open', async () => {
    const handlesBefore = tcpHandles();
    // warm-up: JIT, caches, first allocations
    const warm = await burst(Math.min(200, REQUESTS), 0);
    assert.equal(warm.unexpected.length + warm.errors.length, 0);
    let scanned = scanAndForget(f);
    const heapBefore = settledHeap();

    const first = await burst(REQUESTS, 1000);
    assert.deepEqual(first.errors, []);
    assert.deepEqual(
      first.unexpected
        .slice(0, 5)
        .map((r) => `${r.kind.name}: ${r.status} ${r.body.slice(0, 120)}`),
      [],
    );
    assert.equal(first.results.length, REQUESTS);
    first.results.length = 0;
    scanned += scanAndForget(f);
    const heapAfterFirst = settledHeap();

    const second = await burst(REQUESTS, 1000 + REQUESTS);
    assert.equal(second.unexpected.length + second.errors.length, 0);
    second.results.length = 0;
    scanned += scanAndForget(f);
    const heapAfterSecond = settledHeap();
    console.log(
      `heap after GC: ${(heapBefore / MB).toFixed(1)} MB before, ` +
        `${(heapAfterFirst / MB).toFixed(1)} MB after burst 1, ${(heapAfterSecond / MB).toFixed(1)} MB after burst 2`,
    );
    assert.ok(heapAfterFirst - heapBefore < 16 * MB, 'the heap settles back after a burst');
    assert.ok(heapAfterSecond - heapAfterFirst < 8 * MB, 'no growth from one burst to the next');

    // sockets: the client's are closed by the test; the server must then hold none, and the
    // server's keep-alive sockets to Logto must close once idle.
    agent.destroy();
    await until(
      () =>
        new Promise<boolean>((resolve) =>
          f.server.getConnections((error, count) => resolve(!error && count === 0)),
        ),
      5000,
      'the server to hold no connection',
    );
    await until(() => tcpHandles() <= handlesBefore + 2, 15_000, 'idle upstream sockets to close');
    console.log(`sockets: ${handlesBefore} TCP handles before, ${tcpHandles()} after`);

    scanned += scanAndForget(f);
    console.log(`secret scan: ${scanned} responses and log lines, 0 leaks`);
  });
});

describe('load under faults: Logto failing and hanging during a burst', () => {
  const TIMEOUT_MS = 2000;
  const TOTAL = 400;
  const WIDTH = Math.min(CONCURRENCY, 50);
  let f: Fixture;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

  before(async () => {
    f = await startFixture({ ORG_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) });
  });
  after(async () => {
    agent.destroy();
    await f.close();
  });

  it(`${TOTAL} requests while Logto fails and hangs: only 200 or upstream.*, bounded waits, recovery`, async () => {
    const orgId = f.org('Faulty', { alice: ['admin'], bob: ['member'] });
    const token = await f.orgToken('alice', orgId);
    const get = (path: string) =>
      new Promise<{ status: number; code?: string; ms: number }>((resolve, reject) => {
        const started = performance.now();
        const req = request(
          `${f.url}${path}`,
          { agent, headers: { authorization: `Bearer ${token}` } },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => {
              f.responses.push({
                status: res.statusCode ?? 0,
                headers: JSON.stringify(res.headers),
                body,
              });
              const parsed = body ? (JSON.parse(body) as { code?: string }) : {};
              resolve({
                status: res.statusCode ?? 0,
                ...(parsed.code ? { code: parsed.code } : {}),
                ms: performance.now() - started,
              });
            });
          },
        );
        req.on('error', reject);
        req.end();
      });
    assert.equal((await get(`/organizations/${orgId}/members`)).status, 200);
    const handlesBefore = tcpHandles();
    await f.faults({
      target: 'api',
      count: 60,
      hang: true,
      match: '^GET /api/organizations/[^/]+/users$',
    });
    await f.faults({ target: 'api', count: 100, status: 503 });
    await f.faults({ target: 'api', count: 40, status: 500 });
    const paths = [
      `/organizations/${orgId}/members`,
      `/organizations/${orgId}`,
      `/organizations/${orgId}/roles`,
    ];
    let next = 0;
    const outcomes = new Map<string, number>();
    let slowest = 0;
    const worker = async () => {
      while (next < TOTAL) {
        const i = next++;
        const reply = await get(paths[i % paths.length]!);
        const key = reply.status === 200 ? '200' : `${reply.status} ${reply.code}`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        slowest = Math.max(slowest, reply.ms);
      }
    };
    await Promise.all(Array.from({ length: WIDTH }, worker));
    console.log(
      `faulty burst: ${TOTAL} requests, outcomes ${JSON.stringify(Object.fromEntries(outcomes))}, slowest ${Math.round(slowest)} ms`,
    );
    // Every call to Logto has its own timeout: even hung calls end in a bounded time.
    assert.ok(slowest < 8 * TIMEOUT_MS, `slowest answer ${Math.round(slowest)} ms`);
    const allowed = new Set(['200', '503 upstream.unavailable', '504 upstream.timeout']);
    for (const key of outcomes.keys()) assert.ok(allowed.has(key), `unexpected outcome ${key}`);
    assert.ok((outcomes.get('504 upstream.timeout') ?? 0) > 0, 'the hangs were seen');
    assert.ok((outcomes.get('503 upstream.unavailable') ?? 0) > 0, 'the failures were seen');
    f.emu.faults.clear();
    assert.equal((await get(`/organizations/${orgId}/members`)).status, 200, 'recovers');
    agent.destroy();
    await until(
      () => tcpHandles() <= handlesBefore + 2,
      15_000,
      'sockets to close after the faults',
    );
    console.log(`sockets: ${handlesBefore} TCP handles before, ${tcpHandles()} after`);
    scanAndForget(f);
  });
});
