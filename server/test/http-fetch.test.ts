import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../src/app.js';
import { createHttpFetch, USER_AGENT } from '../src/http-fetch.js';
import { silentLogger } from '../src/logger.js';
import { createOrgRouter } from '../src/router.js';
import { fetchWithTimeout, RawHeaders } from '../src/upstream.js';
import { AppError } from '../src/errors.js';
import {
  listen,
  makeConfig,
  makeKeys,
  readBody,
  signToken,
  sendJson,
  type Running,
} from './helpers.js';

describe('the default transport to Logto (node:http, keep-alive)', () => {
  let server: Running;
  const seen: Array<{
    method: string;
    url: string;
    headers: Record<string, unknown>;
    body: string;
    socket: unknown;
  }> = [];
  before(async () => {
    server = await listen(async (req, res) => {
      const body = await readBody(req);
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        socket: req.socket,
      });
      if (req.url === '/empty') return void res.writeHead(204).end();
      if (req.url === '/hang') return; // never answers
      if (req.url === '/stall') {
        // Headers and half a body, then nothing.
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        return void res.write('{"half":');
      }
      if (req.url === '/multi') {
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        return sendJson(res, 201, { ok: true }, { 'total-number': '7' });
      }
      sendJson(res, 200, { method: req.method, body });
    });
  });
  after(() => server.close());

  it('sends method, headers and body; answers status, headers and the whole body', async () => {
    const fetchImpl = createHttpFetch();
    const res = await fetchImpl(`${server.url}/json?x=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'é' }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { method: 'POST', body: '{"name":"é"}' });
    const last = seen.at(-1)!;
    assert.equal(last.url, '/json?x=1');
    assert.equal(last.headers.authorization, 'Bearer t');
    assert.equal(last.headers['content-length'], String(Buffer.byteLength('{"name":"é"}')));
    const multi = await fetchImpl(`${server.url}/multi`);
    assert.equal(multi.status, 201);
    assert.equal(multi.headers.get('total-number'), '7');
    const empty = await fetchImpl(`${server.url}/empty`, { method: 'DELETE' });
    assert.equal(empty.status, 204);
    assert.equal(await empty.text(), '');
  });

  it('form bodies (the M2M token request) and Request objects', async () => {
    const fetchImpl = createHttpFetch();
    await fetchImpl(`${server.url}/form`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'all' }),
    });
    assert.match(String(seen.at(-1)!.headers['content-type']), /x-www-form-urlencoded/);
    assert.equal(seen.at(-1)!.body, 'grant_type=client_credentials&scope=all');
    const res = await fetchImpl(
      new Request(`${server.url}/req`, { method: 'PUT', body: '{"a":1}', headers: { 'x-a': 'b' } }),
    );
    assert.deepEqual(await res.json(), { method: 'PUT', body: '{"a":1}' });
    assert.equal(seen.at(-1)!.headers['x-a'], 'b');
  });

  it('a body that stalls after the headers is upstream.timeout too', async () => {
    const started = Date.now();
    await assert.rejects(
      fetchWithTimeout(
        createHttpFetch(),
        { url: `${server.url}/stall`, method: 'GET', headers: {} },
        80,
      ),
      (error: unknown) => error instanceof AppError && error.code === 'upstream.timeout',
    );
    assert.ok(Date.now() - started < 2000);
  });

  it('keeps the connection alive between calls', async () => {
    const fetchImpl = createHttpFetch();
    await (await fetchImpl(`${server.url}/a`)).text();
    await (await fetchImpl(`${server.url}/b`)).text();
    assert.equal(seen.at(-1)!.socket, seen.at(-2)!.socket);
  });

  it('an aborted signal destroys the request; within fetchWithTimeout it is upstream.timeout', async () => {
    const fetchImpl = createHttpFetch();
    const controller = new AbortController();
    const pending = fetchImpl(`${server.url}/hang`, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await assert.rejects(pending, /stop/);
    await assert.rejects(
      fetchWithTimeout(fetchImpl, { url: `${server.url}/hang`, method: 'GET', headers: {} }, 50),
      (error: unknown) => error instanceof AppError && error.code === 'upstream.timeout',
    );
  });

  it('a refused connection is a rejected fetch (upstream.unavailable through fetchWithTimeout)', async () => {
    const fetchImpl = createHttpFetch();
    await assert.rejects(fetchImpl('http://127.0.0.1:9/x'), TypeError);
    await assert.rejects(
      fetchWithTimeout(
        fetchImpl,
        { url: 'http://127.0.0.1:9/x', method: 'GET', headers: {} },
        1000,
      ),
      (error: unknown) => error instanceof AppError && error.code === 'upstream.unavailable',
    );
    await assert.rejects(fetchImpl('ftp://127.0.0.1/x'), TypeError);
  });

  it('names itself in user-agent unless the caller does', async () => {
    const fetchImpl = createHttpFetch();
    seen.length = 0;
    await fetchImpl(`${server.url}/ua`);
    await fetchImpl(`${server.url}/ua`, { headers: { 'User-Agent': 'mine' } });
    assert.deepEqual(
      seen.map((s) => s.headers['user-agent']),
      [USER_AGENT, 'mine'],
    );
  });

  it('is what the app and the router call Logto with when given no fetch', async () => {
    const config = makeConfig({ LOGTO_ENDPOINT: server.url });
    const keys = await makeKeys();
    const token = await signToken(keys, { issuer: config.issuer, audience: config.apiResource });
    const express = (await import('express')).default;
    for (const app of [
      buildApp({ config, jwks: keys.jwks, logger: silentLogger }).app,
      express().use(createOrgRouter({ config, jwks: keys.jwks, logger: silentLogger })),
    ]) {
      seen.length = 0;
      const running = await listen(app);
      try {
        // A valid user token: the server asks Logto for its M2M token, through the transport.
        await fetch(`${running.url}/me/organizations`, {
          headers: { authorization: `Bearer ${token}` },
        });
      } finally {
        await running.close();
      }
      const tokenCalls = seen.filter((call) => call.url === '/oidc/token');
      assert.equal(tokenCalls.length, 1, 'no M2M token request reached Logto');
      assert.equal(tokenCalls[0]!.headers['user-agent'], USER_AGENT);
    }
  });
});

describe('RawHeaders', () => {
  it('reads node:http headers like Headers does: any case, repeated values joined, sorted', () => {
    const headers = new RawHeaders({
      'total-number': '7',
      'set-cookie': ['a=1', 'b=2'],
      'content-type': 'application/json',
      absent: undefined,
    });
    const real = new Headers([
      ['total-number', '7'],
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
      ['content-type', 'application/json'],
    ]);
    for (const name of ['Total-Number', 'content-type', 'absent', 'missing'])
      assert.equal(headers.get(name), real.get(name), name);
    assert.equal(headers.has('TOTAL-NUMBER'), true);
    assert.equal(headers.has('absent'), false);
    const seen: Array<[string, string]> = [];
    headers.forEach((value, name) => seen.push([name, value]));
    assert.deepEqual(seen, [...headers]);
    assert.deepEqual(
      [...headers].filter(([name]) => name !== 'set-cookie'),
      [...real].filter(([name]) => name !== 'set-cookie'),
    );
    assert.equal(headers.get('set-cookie'), 'a=1, b=2');
  });
});
