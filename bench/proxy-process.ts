/**
 * Child process of the benchmarks: the floor of a proxied members page. A bare `node:http` server
 * that answers `GET /organizations/:id/members` with one keep-alive call to the Management API
 * (a fixed M2M token, no token check, no validation, no logging, no headers of its own) and the
 * answer wrapped as `{ members }`. Whatever the companion server spends above this is its own.
 * Reports `{ ready, url }` over IPC and answers `cpu` and `stop`, like the server process.
 */
import { Agent, createServer, request } from 'node:http';
import { serveHttpControl } from './control.js';
import { EmulatorClient } from './lib.js';

const started = performance.now();
const endpoint = new URL(process.env.LOGTO_ENDPOINT ?? '');
const token = await new EmulatorClient(endpoint.origin, {
  appId: process.env.LOGTO_M2M_APP_ID ?? '',
  secret: process.env.LOGTO_M2M_APP_SECRET ?? '',
  resource: process.env.LOGTO_MANAGEMENT_API_RESOURCE ?? '',
}).token();
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
await serveHttpControl(server, started);
