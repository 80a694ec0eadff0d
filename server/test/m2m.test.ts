import assert from 'node:assert/strict';
import { after, beforeEach, before, describe, it } from 'node:test';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../src/errors.js';
import { createManagementApi, LogtoApiError } from '../src/logto.js';
import { createM2mTokenSource } from '../src/m2m.js';
import {
  listen,
  makeConfig,
  readBody,
  recordingLogger,
  sendJson,
  type Running,
} from './helpers.js';

/** A tiny fake Logto: a token endpoint and a few Management API answers, with knobs. */
interface Fake {
  tokenRequests: number;
  tokenForms: URLSearchParams[];
  tokenAuth: string[];
  apiCalls: Array<{ method: string; url: string; auth: string }>;
  tokenDelayMs: number;
  tokenStatus: number;
  expiresIn: number;
  /** Next answers of /api calls (status, body); default 200 []. */
  apiQueue: Array<{ status: number; body?: unknown; hang?: boolean }>;
}

describe('M2M token and Management API transport', () => {
  let server: Running;
  const fake: Fake = {
    tokenRequests: 0,
    tokenForms: [],
    tokenAuth: [],
    apiCalls: [],
    tokenDelayMs: 0,
    tokenStatus: 200,
    expiresIn: 3600,
    apiQueue: [],
  };
  let issued = 0;

  before(async () => {
    server = await listen(async (req: IncomingMessage, res: ServerResponse) => {
      const body = await readBody(req);
      if (req.url === '/oidc/token' && req.method === 'POST') {
        fake.tokenRequests += 1;
        fake.tokenForms.push(new URLSearchParams(body));
        fake.tokenAuth.push(req.headers.authorization ?? '');
        if (fake.tokenDelayMs) await new Promise((r) => setTimeout(r, fake.tokenDelayMs));
        if (fake.tokenStatus !== 200) {
          sendJson(res, fake.tokenStatus, { code: 'oidc.invalid_client', message: 'nope' });
          return;
        }
        issued += 1;
        sendJson(res, 200, {
          access_token: `m2m-token-${issued}`,
          expires_in: fake.expiresIn,
          token_type: 'Bearer',
          scope: 'all',
        });
        return;
      }
      fake.apiCalls.push({
        method: req.method ?? '',
        url: req.url ?? '',
        auth: req.headers.authorization ?? '',
      });
      const next = fake.apiQueue.shift() ?? { status: 200, body: [] };
      if (next.hang) return; // never answer
      sendJson(res, next.status, next.body, { 'total-number': '7' });
    });
  });
  after(() => server.close());
  beforeEach(() => {
    fake.tokenRequests = 0;
    fake.tokenForms = [];
    fake.tokenAuth = [];
    fake.apiCalls = [];
    fake.tokenDelayMs = 0;
    fake.tokenStatus = 200;
    fake.expiresIn = 3600;
    fake.apiQueue = [];
  });

  function setup(nowRef = { now: 1_000_000 }, timeout = '1000') {
    const config = makeConfig({ LOGTO_ENDPOINT: server.url, ORG_UPSTREAM_TIMEOUT_MS: timeout });
    const { logger, lines } = recordingLogger();
    const m2m = createM2mTokenSource({
      config,
      fetch: (i, init) => fetch(i, init),
      now: () => nowRef.now,
      logger,
    });
    const api = createManagementApi({
      config,
      fetch: (i, init) => fetch(i, init),
      m2m,
      logger,
      retry: { backoffMs: 1 },
    });
    return { m2m, api, lines, config };
  }

  it('sends client credentials for the Management API with scope all', async () => {
    const { m2m, config } = setup();
    assert.equal(await m2m.getToken(), `m2m-token-${issued}`);
    const form = fake.tokenForms[0]!;
    assert.equal(form.get('grant_type'), 'client_credentials');
    assert.equal(form.get('resource'), 'https://default.logto.app/api');
    assert.equal(form.get('scope'), 'all');
    const basic = Buffer.from(`${config.m2mAppId}:${config.m2mAppSecret}`).toString('base64');
    assert.equal(fake.tokenAuth[0], `Basic ${basic}`);
  });

  it('single flight: 200 concurrent cold callers cause one token request', async () => {
    fake.tokenDelayMs = 50;
    const { m2m } = setup();
    const tokens = await Promise.all(Array.from({ length: 200 }, () => m2m.getToken()));
    assert.equal(fake.tokenRequests, 1);
    assert.equal(new Set(tokens).size, 1);
  });

  it('caches until shortly before expiry, then renews', async () => {
    const clock = { now: 1_000_000 };
    const { m2m } = setup(clock);
    const first = await m2m.getToken();
    clock.now += 3000_000;
    assert.equal(await m2m.getToken(), first);
    assert.equal(fake.tokenRequests, 1);
    clock.now += 560_000; // 3560 s: inside the renewal margin
    assert.notEqual(await m2m.getToken(), first);
    assert.equal(fake.tokenRequests, 2);
  });

  it('a failed token request is not cached and never leaks the secret', async () => {
    fake.tokenStatus = 401;
    const { m2m, lines, config } = setup();
    await assert.rejects(m2m.getToken(), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'upstream.error');
      assert.doesNotMatch(JSON.stringify(error.toJSON()), new RegExp(config.m2mAppSecret));
      return true;
    });
    fake.tokenStatus = 200;
    assert.match(await m2m.getToken(), /^m2m-token-/);
    assert.equal(fake.tokenRequests, 2);
    assert.ok(lines.every((line) => !line.includes(config.m2mAppSecret)));
  });

  it('a 401 from the Management API drops the token and retries once with a new one', async () => {
    const { api } = setup();
    fake.apiQueue.push({ status: 401, body: { code: 'auth.unauthorized' } });
    fake.apiQueue.push({ status: 200, body: [{ id: 'o1', name: 'Acme', organizationRoles: [] }] });
    const orgs = await api.listUserOrganizations('u1');
    assert.equal(orgs[0]?.id, 'o1');
    assert.equal(fake.tokenRequests, 2);
    assert.equal(fake.apiCalls.length, 2);
    assert.notEqual(fake.apiCalls[0]!.auth, fake.apiCalls[1]!.auth);
  });

  it('a second 401 is an error, not a loop', async () => {
    const { api } = setup();
    fake.apiQueue.push({ status: 401 }, { status: 401 });
    await assert.rejects(api.getOrganization('o1'), LogtoApiError);
    assert.equal(fake.apiCalls.length, 2);
  });

  it('retries an idempotent call once on 503, and never a POST', async () => {
    const { api } = setup();
    fake.apiQueue.push({ status: 503 }, { status: 200, body: { id: 'o1', name: 'A' } });
    assert.equal((await api.getOrganization('o1')).id, 'o1');
    assert.equal(fake.apiCalls.length, 2);

    fake.apiCalls = [];
    fake.apiQueue.push({ status: 503 }, { status: 503 });
    await assert.rejects(
      api.getOrganization('o1'),
      (e: unknown) => e instanceof LogtoApiError && e.status === 503,
    );
    assert.equal(fake.apiCalls.length, 2, 'bounded: one retry only');

    fake.apiCalls = [];
    fake.apiQueue.push({ status: 503 }, { status: 201, body: { id: 'o2', name: 'B' } });
    await assert.rejects(api.createOrganization({ name: 'B' }), LogtoApiError);
    assert.equal(fake.apiCalls.length, 1, 'POST not retried');
    fake.apiQueue = [];
  });

  it('maps a hanging call to upstream.timeout', async () => {
    const { api } = setup(undefined, '150');
    await api.getOrganization('warm').catch(() => {});
    fake.apiQueue.push({ status: 200, hang: true });
    const started = Date.now();
    await assert.rejects(api.getOrganization('o1'), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'upstream.timeout');
      assert.equal(error.status, 504);
      return true;
    });
    assert.ok(Date.now() - started < 2000);
  });

  it('maps an unreachable Logto to upstream.unavailable', async () => {
    const config = makeConfig({ LOGTO_ENDPOINT: 'http://127.0.0.1:9' });
    const { logger } = recordingLogger();
    const m2m = createM2mTokenSource({
      config,
      fetch: (i, init) => fetch(i, init),
      now: Date.now,
      logger,
    });
    await assert.rejects(m2m.getToken(), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'upstream.unavailable');
      return true;
    });
  });
});
