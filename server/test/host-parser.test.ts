import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import express, { type ErrorRequestHandler } from 'express';
import { createOrgRouter } from '../src/router.js';
import { silentLogger } from '../src/logger.js';
import { startFixture, type Fixture } from './emulator-fixture.js';
import { listen, readJsonReply, type Running } from './helpers.js';

/** One raw request (chunked when `chunked`), answering status and parsed JSON body. */
function send(
  url: string,
  path: string,
  options: { token: string; body: string; type?: string; chunked?: boolean },
): Promise<{ status: number; body: { code?: string } }> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, url);
    const req = request(
      target,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.token}`,
          'content-type': options.type ?? 'application/json',
          ...(options.chunked ? {} : { 'content-length': Buffer.byteLength(options.body) }),
        },
      },
      (res) => {
        readJsonReply(res, (text) => ({ code: `text:${text}` })).then(
          ({ status, body }) => resolve({ status, body }),
          reject,
        );
      },
    );
    req.on('error', reject);
    if (options.chunked) {
      // Two writes without a length: Node sends Transfer-Encoding: chunked.
      const half = Math.floor(options.body.length / 2);
      req.write(options.body.slice(0, half));
      req.end(options.body.slice(half));
    } else req.end(options.body);
  });
}

const hostErrors: ErrorRequestHandler = (error: { type?: string }, _req, res, _next) => {
  res.status(418).json({ code: `host:${error.type ?? 'error'}` });
};

describe('a host app with its own body parser', () => {
  let f: Fixture;
  let parserFirst: Running;
  let routerFirst: Running;
  before(async () => {
    f = await startFixture();
    // The host parses every body first, with a larger limit and the urlencoded parser too.
    const a = express();
    a.use(express.json({ limit: '1mb' }));
    a.use(express.urlencoded({ extended: false }));
    a.use('/org-api', createOrgRouter({ config: f.config, logger: silentLogger }));
    a.use(hostErrors);
    parserFirst = await listen(a);
    // The documented way: the router before the host's global parser.
    const b = express();
    b.use('/org-api', createOrgRouter({ config: f.config, logger: silentLogger }));
    b.use(express.json({ limit: '1mb' }));
    b.post('/host', (req, res) => {
      res.json({ code: 'host:ok', size: JSON.stringify(req.body).length });
    });
    b.use(hostErrors);
    routerFirst = await listen(b);
  });
  after(async () => {
    await parserFirst.close();
    await routerFirst.close();
    await f.close();
  });

  const big = JSON.stringify({ name: 'big', description: 'x'.repeat(80 * 1024) });

  it('an 80 KB body parsed by the host is still 413 request.too_large (length or chunked)', async () => {
    const token = await f.resourceToken('alice');
    for (const chunked of [false, true]) {
      const res = await send(parserFirst.url, '/org-api/organizations', {
        token,
        body: big,
        chunked,
      });
      assert.equal(res.status, 413, `chunked: ${chunked}`);
      assert.equal(res.body.code, 'request.too_large');
    }
    const small = await send(parserFirst.url, '/org-api/organizations', {
      token,
      body: JSON.stringify({ name: 'Parsed by the host' }),
    });
    assert.equal(small.status, 201);
  });

  it('a body the host parsed from another media type counts as no body', async () => {
    const token = await f.resourceToken('alice');
    const res = await send(parserFirst.url, '/org-api/organizations', {
      token,
      body: 'name=Form+Org',
      type: 'application/x-www-form-urlencoded',
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'request.invalid');
  });

  it("a host parser's own failure stays the host's (documented)", async () => {
    const token = await f.resourceToken('alice');
    const res = await send(parserFirst.url, '/org-api/organizations', { token, body: '{"name": ' });
    assert.equal(res.body.code, 'host:entity.parse.failed');
  });

  it('mounted before the host parser, every body answer is the router’s own', async () => {
    const token = await f.resourceToken('alice');
    const malformed = await send(routerFirst.url, '/org-api/organizations', {
      token,
      body: '{"name": ',
    });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.code, 'request.invalid');
    for (const chunked of [false, true]) {
      const res = await send(routerFirst.url, '/org-api/organizations', {
        token,
        body: big,
        chunked,
      });
      assert.equal(res.status, 413);
      assert.equal(res.body.code, 'request.too_large');
    }
    const created = await send(routerFirst.url, '/org-api/organizations', {
      token,
      body: JSON.stringify({ name: 'Router first' }),
    });
    assert.equal(created.status, 201);
    // The host's own routes still get the host's parser and limit.
    const host = await send(routerFirst.url, '/host', { token, body: big });
    assert.equal(host.status, 200);
    assert.equal(host.body.code, 'host:ok');
  });
});
