/**
 * `npm run bench:live`: live updates on one companion server instance (its own process, built
 * like `npm run server`, in front of an in-process emulator), on loopback.
 *
 * 1. Webhook-in to event-out: a signed Logto webhook POSTed to `/webhooks/logto`, timed until the
 *    signal arrives on an open stream; with 1 stream open, then with N streams open (time to the
 *    first and to the last of them). p50 / p99 over `--samples` deliveries, one at a time.
 * 2. Memory per open stream: RSS and V8 heap (after a full collection) of the server process
 *    before and after opening N concurrent streams (N users, one stream each), divided by N.
 *
 *   npm run bench:live                          # N = 1000 streams, 300 samples
 *   npm run bench:live -- --streams 200 --samples 100 --json out.json
 */
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Agent, request, type IncomingMessage } from 'node:http';
import { parseArgs } from 'node:util';
import {
  createOrganizationFixture,
  createUserFixture,
  startEmulator,
} from '../emulator/src/index.js';
import { startChild } from './control.js';
import { machine, round, summarize } from './lib.js';
import { serverEnv } from './stack.js';

const { values } = parseArgs({
  options: {
    streams: { type: 'string', default: '1000' },
    samples: { type: 'string', default: '300' },
    json: { type: 'string' },
  },
});
const STREAMS = Number(values.streams);
const SAMPLES = Number(values.samples);
const KEY = 'bench-live-signing-key-0123456789';
const log = (line: string) => process.stderr.write(`bench:live ${line}\n`);

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

/** One open stream: resolves `opened` at `: ok`, calls `onEvent` with each data line's arrival time. */
function openStream(base: string, orgId: string, token: string, onEvent: (at: number) => void) {
  let response: IncomingMessage | undefined;
  const opened = new Promise<void>((resolve, reject) => {
    const req = request(
      `${base}/organizations/${orgId}/events`,
      { agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        response = res;
        if (res.statusCode !== 200) {
          reject(new Error(`stream answered ${res.statusCode}`));
          res.resume();
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          const at = performance.now();
          buffer += chunk;
          const blocks = buffer.split('\n\n');
          buffer = blocks.pop()!;
          for (const block of blocks) {
            if (block.includes(': ok')) resolve();
            if (block.startsWith('data:')) onEvent(at);
          }
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
  return { opened, close: () => response?.destroy() };
}

function deliver(base: string, orgId: string, n: number): Promise<number> {
  const body = JSON.stringify({
    event: 'Organization.Membership.Updated',
    createdAt: new Date().toISOString(),
    organizationId: orgId,
    addedUserIds: [`benchuser${n}`],
    hookId: 'bench',
  });
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}/webhooks/logto`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'logto-signature-sha-256': createHmac('sha256', KEY).update(body).digest('hex'),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const emulator = await startEmulator({ port: 0, seed: 'demo' });
const server = await startChild('./server-process.ts', {
  env: {
    ...serverEnv(emulator.url, 'http://localhost:5173'),
    ORG_WEBHOOK_SIGNING_KEY: KEY,
    ORG_LIVE_MAX_STREAMS: String(STREAMS + 100),
    LOG_LEVEL: 'warn',
  },
  execArgv: ['--conditions=org-widget-source', '--expose-gc'],
});
const startedAt = machine();

try {
  // N users, members of one organization (read:member through the member role).
  const members: Record<string, string[]> = { alice: ['admin'] };
  for (let i = 0; i < STREAMS; i += 1) {
    createUserFixture(emulator.store, { username: `lb${i}` });
    members[`lb${i}`] = ['member'];
  }
  const orgId = createOrganizationFixture(emulator.store, { name: 'Bench live', members }).id;
  const tokens = await Promise.all(
    Array.from({ length: STREAMS }, async (_, i) => {
      const user = emulator.store.findUserByUsername(`lb${i}`)!;
      return (await emulator.oidc.mintAccessToken({ userId: user.id, organizationId: orgId }))
        .access_token;
    }),
  );

  /** Arrivals of signals on every open stream of the bench. */
  const seen = { count: 0, first: 0, last: 0 };
  const onEvent = (at: number) => {
    seen.count += 1;
    if (!seen.first) seen.first = at;
    seen.last = at;
  };

  /** Delivers SAMPLES webhooks one at a time; each waits until `streams` streams got it. */
  async function latency(streams: number) {
    const toFirst: number[] = [];
    const toLast: number[] = [];
    for (let n = 0; n < SAMPLES; n += 1) {
      const expected = seen.count + streams;
      seen.first = 0;
      const t0 = performance.now();
      const status = await deliver(server.url, orgId, n);
      if (status !== 204) throw new Error(`webhook answered ${status}`);
      const deadline = t0 + 10_000;
      while (seen.count < expected) {
        if (performance.now() > deadline) throw new Error(`signal ${n} not received by all`);
        await new Promise((resolve) => setImmediate(resolve));
      }
      toFirst.push(seen.first - t0);
      toLast.push(seen.last - t0);
    }
    return { toFirst: summarize(toFirst), toLast: summarize(toLast) };
  }

  // Warm up, then one stream.
  const single = openStream(server.url, orgId, tokens[0]!, onEvent);
  await single.opened;
  for (let i = 0; i < 20; i += 1) await deliver(server.url, orgId, -i - 1);
  await new Promise((resolve) => setTimeout(resolve, 300));
  log(`latency with 1 stream, ${SAMPLES} samples`);
  const one = await latency(1);
  single.close();

  // Memory with N streams, then latency to all of them.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const base = await server.memory();
  log(`opening ${STREAMS} streams`);
  const openStart = performance.now();
  const streams: Array<ReturnType<typeof openStream>> = [];
  for (let i = 0; i < tokens.length; i += 50) {
    const batch = tokens
      .slice(i, i + 50)
      .map((token) => openStream(server.url, orgId, token, onEvent));
    await Promise.all(batch.map((s) => s.opened));
    streams.push(...batch);
  }
  const openMs = performance.now() - openStart;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const loaded = await server.memory();
  const perStream = {
    rssBytes: Math.round((loaded.rssBytes - base.rssBytes) / STREAMS),
    heapBytes: Math.round((loaded.heapUsedBytes - base.heapUsedBytes) / STREAMS),
  };
  log(`latency with ${STREAMS} streams, ${SAMPLES} samples`);
  const many = await latency(STREAMS);
  for (const s of streams) s.close();

  const result = {
    streams: STREAMS,
    samples: SAMPLES,
    webhookToEventMs: {
      oneStream: { p50: round(one.toFirst.p50), p99: round(one.toFirst.p99) },
      manyStreamsFirst: { p50: round(many.toFirst.p50), p99: round(many.toFirst.p99) },
      manyStreamsLast: { p50: round(many.toLast.p50), p99: round(many.toLast.p99) },
    },
    memory: {
      before: base,
      withStreams: loaded,
      perStream,
    },
    openAllMs: Math.round(openMs),
    machine: startedAt,
    machineAtEnd: machine(),
  };
  console.log(JSON.stringify(result, null, 2));
  if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 2));
} finally {
  agent.destroy();
  await server.stop();
  await emulator.close();
}
