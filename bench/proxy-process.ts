/**
 * Child process of the benchmarks: the floor of a proxied members page. A bare `node:http` server
 * that answers `GET /organizations/:id/members` with one keep-alive call to the Management API
 * (a fixed M2M token, no token check, no validation, no logging, no headers of its own) and the
 * answer wrapped as `{ members }`. Whatever the companion server spends above this is its own.
 * Reports `{ ready, url }` over IPC and answers `cpu` and `stop`, like the server process.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveControl } from './control.js';

const started = performance.now();
const endpoint = new URL(process.env.LOGTO_ENDPOINT ?? '');
const basic = Buffer.from(
  `${process.env.LOGTO_M2M_APP_ID}:${process.env.LOGTO_M2M_APP_SECRET}`,
).toString('base64');
const tokenResponse = await fetch(new URL('/oidc/token', endpoint), {
  method: 'POST',
  headers: {
    authorization: `Basic ${basic}`,
    'content-type': 'application/x-www-form-urlencoded',
  },
  body: new URLSearchParams({
    grant_type: 'client_credentials',
    resource: process.env.LOGTO_MANAGEMENT_API_RESOURCE ?? '',
    scope: 'all',
  }),
});
const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
const agent = new Agent({ keepAlive: true });
const MEMBERS = /^\/organizations\/([^/?]+)\/members/;

const server = createServer((req, res) => {
  const orgId = MEMBERS.exec(req.url ?? '')?.[1];
  if (!orgId) return void res.writeHead(404).end();
  const upstream = request(
    {
      host: endpoint.hostname,
      port: endpoint.port,
      path: `/api/organizations/${orgId}/users?page=1&page_size=20`,
      agent,
      headers: { authorization: `Bearer ${token}` },
    },
    (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = `{"members":${Buffer.concat(chunks).toString()}}`;
        res.writeHead(answer.statusCode ?? 502, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
      });
    },
  );
  upstream.on('error', () => res.writeHead(502).end());
  upstream.end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
serveControl(`http://127.0.0.1:${port}`, performance.now() - started, async () => {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
});
