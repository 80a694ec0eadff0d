/**
 * `npm start`: the whole demo in one process: the Logto emulator, the companion server and the
 * demo page (a Vite dev server over `demo/`). Prints the URL to open and the demo accounts, and
 * stops all three on Ctrl-C / SIGTERM.
 *
 * Ports: `EMULATOR_PORT` (3001), `PORT` (8787), `DEMO_PORT` (5173). The emulator keeps its data
 * in `.data/emulator.json` (`EMULATOR_DATA_FILE` moves it; delete it to start over). With
 * `LOGTO_ENDPOINT` set (plus the companion server's variables and `LOGTO_APP_ID`), a real Logto
 * is used and the emulator is not started. `startDemo()` is exported for the end-to-end tests
 * (port 0 picks a free port).
 */
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { DEMO_USERS, startEmulator, type RunningEmulator } from '../emulator/src/index.js';
import {
  ConfigError,
  createApp,
  createJsonLogger,
  createM2mTokenSource,
  createManagementApi,
  ensureWebhook,
  loadConfig,
  type Logger,
} from '../server/src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);

export const DEFAULT_PORTS = Object.freeze({ emulator: 3001, server: 8787, demo: 5173 });

/** A port is taken by another program; `variable` is the environment variable that moves it. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly variable: string,
    readonly port: number,
  ) {
    super(`Port ${port} is already in use. Stop the program using it or set ${variable}=<port>.`);
  }
}

/** A missing or bad setting; the message names the variable. */
export class DemoConfigError extends Error {
  override readonly name = 'DemoConfigError';
}

export interface DemoOptions {
  /** 0 picks a free port. Defaults: 3001, 8787, 5173. */
  emulatorPort?: number;
  serverPort?: number;
  demoPort?: number;
  /** Emulator data file (kept across restarts); `undefined` keeps the data in memory only. */
  persistFile?: string;
  /** Environment for the real-Logto variant (`LOGTO_ENDPOINT`, …); default: none (emulator). */
  env?: Record<string, string | undefined>;
  /** Vite's cache directory (tests use a temporary one). */
  viteCacheDir?: string;
  /** Companion server log level (default `warn`). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Emulator log lines; default: none. */
  emulatorLog?: (message: string) => void;
}

export interface RunningDemo {
  /** The page to open, e.g. `http://localhost:5173/`. */
  url: string;
  /** The companion API base, e.g. `http://localhost:8787`. */
  apiBase: string;
  /** The Logto (or emulator) base URL. */
  logtoEndpoint: string;
  /** The emulator's mail outbox page, when the emulator runs. */
  outboxUrl: string | undefined;
  /** The running emulator (undefined against a real Logto). */
  emulator: RunningEmulator | undefined;
  close(): Promise<void>;
}

/** The browser-side settings the demo page reads from `import.meta.env`. */
export interface PageSettings {
  VITE_LOGTO_ENDPOINT: string;
  VITE_LOGTO_APP_ID: string;
  VITE_ORG_API_BASE: string;
  VITE_ORG_API_RESOURCE: string;
  VITE_OUTBOX_URL: string;
}

function listen(server: Server, port: number, variable: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(variable, port) : error);
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function isPortInUse(error: unknown): boolean {
  const err = error as NodeJS.ErrnoException | undefined;
  return err?.code === 'EADDRINUSE' || /already in use|EADDRINUSE/i.test(String(err?.message));
}

/** Reads a port variable: unset → default, otherwise a whole number 0..65535. */
export function portFrom(
  env: Record<string, string | undefined>,
  variable: string,
  fallback: number,
): number {
  const raw = env[variable]?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new DemoConfigError(`${variable} must be a port number 0..65535 (got "${raw}")`);
  }
  return port;
}

/** Waits until `url` answers (any HTTP status), so "ready" means reachable, not just listening. */
async function waitForAnswer(url: string, name: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      return;
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`The ${name} at ${url} did not answer: ${String(last)}`);
}

export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const env = options.env ?? {};
  const realLogto = Boolean(env.LOGTO_ENDPOINT?.trim());
  const cleanups: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };

  try {
    // 1. Logto: the emulator, or the configured real one.
    let emulator: RunningEmulator | undefined;
    let serverEnv: Record<string, string | undefined>;
    let appId: string;
    if (realLogto) {
      appId = env.LOGTO_APP_ID?.trim() ?? '';
      if (!appId) {
        throw new DemoConfigError(
          'LOGTO_APP_ID is required with LOGTO_ENDPOINT: the app id of your single-page app in Logto',
        );
      }
      serverEnv = { ...env };
    } else {
      if (options.persistFile) mkdirSync(dirname(options.persistFile), { recursive: true });
      try {
        emulator = await startEmulator({
          port: options.emulatorPort ?? DEFAULT_PORTS.emulator,
          ...(options.persistFile && { persistFile: options.persistFile }),
          ...(options.emulatorLog && {
            logger: {
              info: options.emulatorLog,
              error: (message, error) => options.emulatorLog?.(`${message} ${String(error ?? '')}`),
            },
          }),
        });
      } catch (error) {
        if (isPortInUse(error)) {
          throw new PortInUseError('EMULATOR_PORT', options.emulatorPort ?? DEFAULT_PORTS.emulator);
        }
        throw error;
      }
      const running = emulator;
      cleanups.push(() => running.close());
      appId = emulator.config.spaAppId;
      serverEnv = {
        LOGTO_ENDPOINT: emulator.url,
        LOGTO_M2M_APP_ID: emulator.config.m2mAppId,
        LOGTO_M2M_APP_SECRET: emulator.config.m2mAppSecret,
        LOGTO_MANAGEMENT_API_RESOURCE: emulator.config.managementApiResource,
        ORG_API_RESOURCE: emulator.config.companionResource,
      };
    }

    // 2. The companion server's port first (its app needs the demo page's origin, and the page
    //    needs the server's URL): listen now, attach the app once its configuration is known.
    let handler = (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end('{"code":"upstream.unavailable","message":"Starting."}');
    };
    const companion = createServer((req, res) => handler(req, res));
    const serverPort = await listen(companion, options.serverPort ?? DEFAULT_PORTS.server, 'PORT');
    cleanups.push(() => closeServer(companion));
    const apiBase = `http://localhost:${serverPort}`;

    // 3. The demo page (Vite dev server over demo/).
    const resource = serverEnv.ORG_API_RESOURCE?.trim() ?? '';
    const logtoEndpoint = (serverEnv.LOGTO_ENDPOINT ?? '').trim().replace(/\/+$/, '');
    const settings: PageSettings = {
      VITE_LOGTO_ENDPOINT: logtoEndpoint,
      VITE_LOGTO_APP_ID: appId,
      VITE_ORG_API_BASE: apiBase,
      VITE_ORG_API_RESOURCE: resource,
      VITE_OUTBOX_URL: emulator ? `${emulator.url}/emulator/outbox.html` : '',
    };
    // Our own HTTP server with Vite in middleware mode: we choose the port (and the message when it
    // is taken), and Vite installs no signal handlers of its own.
    const page = createServer();
    const demoPort = await listen(page, options.demoPort ?? DEFAULT_PORTS.demo, 'DEMO_PORT');
    cleanups.push(() => closeServer(page));
    const vite: ViteDevServer = await createViteServer({
      configFile: false,
      root: here,
      logLevel: 'warn',
      clearScreen: false,
      cacheDir: options.viteCacheDir ?? join(root, 'node_modules/.vite/demo'),
      define: Object.fromEntries(
        Object.entries(settings).map(([key, value]) => [
          `import.meta.env.${key}`,
          JSON.stringify(value),
        ]),
      ),
      server: { middlewareMode: true, hmr: { server: page } },
      appType: 'mpa',
      // Lit's production build (no dev-mode warnings in the console).
      resolve: { conditions: ['org-widget-source', 'module', 'browser', 'production'] },
      // Pre-bundle exactly these (every bare import of the page and the elements) and discover
      // nothing at run time, so Vite never reloads an open page to re-optimize.
      optimizeDeps: {
        noDiscovery: true,
        include: ['lit', 'lit/decorators.js', '@lit/task', '@logto/browser'],
      },
    });
    cleanups.push(() => vite.close());
    page.on('request', vite.middlewares);
    const url = `http://localhost:${demoPort}/`;
    const origin = url.slice(0, -1);

    // 4. The companion server's app, configured for the emulator (or the real Logto).
    let config;
    try {
      config = loadConfig({
        ORG_ALLOWED_ORIGINS: origin,
        ORG_INVITATION_LINK: `${origin}/invite.html?id={id}`,
        ...serverEnv,
        PORT: String(serverPort),
      });
    } catch (error) {
      if (error instanceof ConfigError) throw new DemoConfigError(error.message);
      throw error;
    }
    const logger: Logger = createJsonLogger({ level: options.logLevel ?? 'warn' });
    // Live updates, both paths: the server's own signals, and the emulator's webhook (registered
    // like `npm run setup` does with ORG_WEBHOOK_URL) for changes made directly in "Logto".
    if (emulator) {
      const fetchImpl = (input: Request | string | URL, init?: RequestInit) => fetch(input, init);
      const m2m = createM2mTokenSource({ config, fetch: fetchImpl, now: Date.now, logger });
      const api = createManagementApi({ config, fetch: fetchImpl, m2m, logger });
      const hook = await ensureWebhook({ api, url: `${apiBase}/webhooks/logto` });
      config = loadConfig({
        ORG_ALLOWED_ORIGINS: origin,
        ORG_INVITATION_LINK: `${origin}/invite.html?id={id}`,
        ...serverEnv,
        PORT: String(serverPort),
        ORG_WEBHOOK_SIGNING_KEY: hook.signingKey,
      });
    }
    const app = createApp({ config, logger });
    handler = (req, res) => void app(req, res);

    await Promise.all([
      waitForAnswer(`${logtoEndpoint}/oidc/.well-known/openid-configuration`, 'Logto endpoint'),
      waitForAnswer(`${apiBase}/healthz`, 'companion server'),
      waitForAnswer(url, 'demo page'),
    ]);

    return {
      url,
      apiBase,
      logtoEndpoint,
      outboxUrl: settings.VITE_OUTBOX_URL || undefined,
      emulator,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function banner(demo: RunningDemo): string {
  const lines = [
    '',
    `  Organization widget demo is ready: open ${demo.url}`,
    '',
    `  Logto            ${demo.logtoEndpoint}${demo.emulator ? '  (local emulator)' : ''}`,
    `  Companion API    ${demo.apiBase}`,
    `  Live updates     on${demo.emulator ? ` (webhook ${demo.apiBase}/webhooks/logto)` : ''}`,
  ];
  if (demo.outboxUrl) lines.push(`  Email outbox     ${demo.outboxUrl}`);
  if (demo.emulator) {
    lines.push('', '  Demo accounts (username / password):');
    for (const user of DEMO_USERS) {
      lines.push(`    ${user.username.padEnd(6)} ${user.password.padEnd(11)} ${user.primaryEmail}`);
    }
    if (demo.emulator.config.persistFile) {
      lines.push('', `  Data is kept in ${demo.emulator.config.persistFile} (delete it to reset).`);
    }
  }
  lines.push('', '  Press Ctrl-C to stop.', '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const env = process.env;
  let demo: RunningDemo;
  try {
    demo = await startDemo({
      emulatorPort: portFrom(env, 'EMULATOR_PORT', DEFAULT_PORTS.emulator),
      serverPort: portFrom(env, 'PORT', DEFAULT_PORTS.server),
      demoPort: portFrom(env, 'DEMO_PORT', DEFAULT_PORTS.demo),
      persistFile: env.EMULATOR_DATA_FILE?.trim() || join(root, '.data/emulator.json'),
      env: env.LOGTO_ENDPOINT?.trim() ? env : {},
    });
  } catch (error) {
    const known = error instanceof PortInUseError || error instanceof DemoConfigError;
    console.error(known ? (error as Error).message : error);
    process.exit(1);
  }
  console.log(banner(demo));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n  ${signal}: stopping the demo…`);
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    demo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
