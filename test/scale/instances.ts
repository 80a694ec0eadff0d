/**
 * The scale suite's stack: one Redis, one emulator behind a small delaying proxy (so a test can
 * hold chosen Logto calls and force two requests to overlap), and companion servers as real child
 * processes running `server/src/main.ts` through tsx with their configuration in the environment,
 * exactly as `npm run server` runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { mintUserToken } from '../../server/test/emulator-fixture.js';
import {
  EMULATOR_DEFAULTS,
  startEmulator,
  type RunningEmulator,
} from '../../emulator/src/index.js';
import { freePort, startRedisServer, type RedisServer } from './redis-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply {
  status: number;
  body: Json;
  headers: Headers;
}

/**
 * Holds matching calls to Logto before forwarding them: for `ms`, or until `hold()` resolves.
 * `seen` is called for every matching call as it arrives.
 */
export interface DelayRule {
  method: string;
  path: RegExp;
  /** Optional query check. */
  query?: (params: URLSearchParams) => boolean;
  ms?: number;
  hold?: () => Promise<void>;
  seen?: () => void;
}

export interface Instance {
  readonly name: string;
  readonly url: string;
  readonly metricsUrl: string;
  readonly process: ChildProcess;
  /** JSON log lines written so far. */
  readonly logs: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  call(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<Reply>;
  metrics(): Promise<string>;
}

export interface Stack {
  redis: RedisServer;
  emu: RunningEmulator;
  /** Base URL the servers use for Logto (the proxy). */
  logto: string;
  delays: DelayRule[];
  /** Starts one more companion server process and waits until /readyz answers 200. */
  startInstance(name: string, env?: Record<string, string>): Promise<Instance>;
  orgToken(userId: string, organizationId: string): Promise<string>;
  close(): Promise<void>;
}

function startProxy(target: () => number, delays: DelayRule[]): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const matching = delays.filter(
      (d) =>
        d.method === req.method &&
        d.path.test(url.pathname) &&
        (!d.query || d.query(url.searchParams)),
    );
    for (const rule of matching) rule.seen?.();
    const rule = matching.find((d) => d.ms !== undefined || d.hold);
    const forward = () => {
      if (req.destroyed) return;
      const upstream = httpRequest(
        {
          host: '127.0.0.1',
          port: target(),
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    };
    if (rule?.hold) void rule.hold().then(forward);
    else if (rule?.ms) setTimeout(forward, rule.ms);
    else forward();
  });
  server.keepAliveTimeout = 1000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function startStack(): Promise<Stack> {
  const redis = await startRedisServer();
  const delays: DelayRule[] = [];
  let emuPort = 0;
  const proxy = await startProxy(() => emuPort, delays);
  const logto = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const emu = await startEmulator({ port: 0, publicUrl: logto });
  emuPort = emu.port;
  const instances: Instance[] = [];

  async function startInstance(name: string, extra: Record<string, string> = {}) {
    const port = await freePort();
    const metricsPort = await freePort();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      LOGTO_ENDPOINT: logto,
      LOGTO_M2M_APP_ID: EMULATOR_DEFAULTS.m2mAppId,
      LOGTO_M2M_APP_SECRET: EMULATOR_DEFAULTS.m2mAppSecret,
      LOGTO_MANAGEMENT_API_RESOURCE: EMULATOR_DEFAULTS.managementApiResource,
      ORG_API_RESOURCE: EMULATOR_DEFAULTS.companionResource,
      ORG_INVITATION_LINK: 'http://localhost:5173/invite?id={id}',
      ORG_ALLOWED_ORIGINS: 'http://localhost:5173',
      PORT: String(port),
      ORG_REDIS_URL: redis.url,
      ORG_REDIS_PREFIX: 'scale:',
      ORG_LOCK_LEASE_MS: '2000',
      ORG_LOCK_WAIT_MS: '6000',
      ORG_METRICS_PORT: String(metricsPort),
      ORG_UPSTREAM_TIMEOUT_MS: '8000',
      ORG_SHUTDOWN_TIMEOUT_MS: '5000',
      LOG_LEVEL: 'info',
      ...extra,
    };
    const child = spawn(
      process.execPath,
      ['--conditions=org-widget-source', '--import', 'tsx', 'server/src/main.ts'],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const logs: string[] = [];
    let buffered = '';
    const collect = (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      logs.push(...lines.filter(Boolean));
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const exited = once(child, 'exit').then(([code, signal]) => ({
      code: code as number | null,
      signal: signal as NodeJS.Signals | null,
    }));
    const url = `http://127.0.0.1:${port}`;
    const instance: Instance = {
      name,
      url,
      metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
      process: child,
      logs,
      exited,
      async call(method, path, options = {}) {
        const headers: Record<string, string> = {};
        if (options.token) headers.authorization = `Bearer ${options.token}`;
        if (options.body !== undefined) headers['content-type'] = 'application/json';
        const res = await fetch(`${url}${path}`, {
          method,
          headers,
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        });
        const text = await res.text();
        return {
          status: res.status,
          body: text ? JSON.parse(text) : undefined,
          headers: res.headers,
        };
      },
      async metrics() {
        return (await fetch(instance.metricsUrl)).text();
      },
    };
    instances.push(instance);
    const deadline = performance.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`instance ${name} exited at start:\n${logs.join('\n')}`);
      }
      const ready = await fetch(`${url}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) break;
      if (performance.now() > deadline) {
        throw new Error(`instance ${name} not ready:\n${logs.join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return instance;
  }

  return {
    redis,
    emu,
    logto,
    delays,
    startInstance,
    orgToken: (userId, organizationId) => mintUserToken(logto, { userId, organizationId }),
    async close() {
      for (const instance of instances) {
        if (instance.process.exitCode === null && instance.process.signalCode === null) {
          instance.process.kill('SIGKILL');
          await instance.exited;
        }
      }
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      await emu.close();
      await redis.close();
    },
  };
}

/** Reads one sample of a metric from the Prometheus text, summing the lines that match. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}) {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue;
    const ok = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (ok) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
