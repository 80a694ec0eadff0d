/**
 * `npm start` as a process (`demo/start.ts`): it prints the URL once all three parts answer, stops
 * cleanly on SIGTERM, names the variable when a port is taken or malformed, and, given a real
 * Logto's settings, runs without its own emulator.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDemo } from '../../demo/start.js';
import { chromeArgs, requireChrome } from '../../scripts/chrome-path.mjs';
import { startEmulator, type RunningEmulator } from '../../emulator/src/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'org-widget-start-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `demo/start.ts` like `npm start` does, with extra environment variables. */
function runStart(env: Record<string, string>): Run {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(LOGTO_|ORG_|PORT$|DEMO_PORT$|EMULATOR_)/.test(key),
    ),
  );
  const child = spawn(
    process.execPath,
    ['--conditions=org-widget-source', '--import', 'tsx', 'demo/start.ts'],
    {
      cwd: root,
      env: {
        ...clean,
        EMULATOR_DATA_FILE: join(dir, `data-${Math.random().toString(36).slice(2)}.json`),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => text, exited };
}

/** Resolves with the first match of `pattern` in the output, or rejects when the process exits. */
function waitForOutput(run: Run, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = run.output().match(pattern);
      if (match) {
        run.child.stdout!.off('data', check);
        resolve(match);
      }
    };
    run.child.stdout!.on('data', check);
    void run.exited.then(() => reject(new Error(`exited before ${pattern}:\n${run.output()}`)));
    check();
  });
}

function occupyPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

describe('npm start', { timeout: 60_000 }, () => {
  it('prints the URL once the emulator, server and page answer; stops on SIGTERM', async () => {
    const run = runStart({ EMULATOR_PORT: '0', PORT: '0', DEMO_PORT: '0' });
    try {
      const [, url] = await waitForOutput(run, /open (http:\/\/localhost:\d+\/)/);
      const [, logto] = await waitForOutput(run, /Logto\s+(http:\/\/localhost:\d+)/);
      const [, api] = await waitForOutput(run, /Companion API\s+(http:\/\/localhost:\d+)/);
      assert.match(run.output(), /alice\s+alice-pass/);

      const page = await fetch(url!);
      assert.equal(page.status, 200);
      const html = await page.text();
      for (const tag of ['org-switcher', 'org-members', 'org-invite', 'org-create']) {
        assert.ok(html.includes(`<${tag}`), `the page has <${tag}>`);
      }
      assert.equal((await fetch(`${url}invite.html`)).status, 200);
      assert.equal((await fetch(`${api}/healthz`)).status, 200);
      const discovery = await fetch(`${logto}/oidc/.well-known/openid-configuration`);
      assert.equal(discovery.status, 200);
      // The companion server allows the demo page's origin (CORS).
      const preflight = await fetch(`${api}/me/organizations`, {
        method: 'OPTIONS',
        headers: {
          origin: url!.slice(0, -1),
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      assert.equal(preflight.headers.get('access-control-allow-origin'), url!.slice(0, -1));

      run.child.kill('SIGTERM');
      const { code } = await run.exited;
      assert.equal(code, 0);
      for (const base of [url!, api!, logto!]) {
        await assert.rejects(fetch(base), 'nothing answers after the stop');
      }
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  for (const variable of ['EMULATOR_PORT', 'PORT', 'DEMO_PORT']) {
    it(`names ${variable} when its port is taken`, async () => {
      const { server, port } = await occupyPort();
      try {
        const run = runStart({
          EMULATOR_PORT: '0',
          PORT: '0',
          DEMO_PORT: '0',
          [variable]: String(port),
        });
        const { code } = await run.exited;
        assert.equal(code, 1);
        assert.match(run.output(), new RegExp(`Port ${port} is already in use`));
        assert.match(run.output(), new RegExp(`set ${variable}=`));
      } finally {
        server.close();
      }
    });
  }

  it('names a malformed port variable', async () => {
    const run = runStart({ DEMO_PORT: 'eighty' });
    const { code } = await run.exited;
    assert.equal(code, 1);
    assert.match(run.output(), /DEMO_PORT must be a port number/);
  });

  it('with LOGTO_ENDPOINT but no LOGTO_APP_ID, names LOGTO_APP_ID and starts nothing', async () => {
    const dataFile = join(dir, 'never.json');
    const run = runStart({ LOGTO_ENDPOINT: 'http://127.0.0.1:9', EMULATOR_DATA_FILE: dataFile });
    const { code } = await run.exited;
    assert.equal(code, 1);
    assert.match(run.output(), /LOGTO_APP_ID is required/);
    assert.equal(existsSync(dataFile), false, 'no emulator was started');
  });
});

describe('startDemo against a configured Logto', { timeout: 60_000 }, () => {
  let logto: RunningEmulator;
  before(async () => {
    // Any Logto will do; here a separately started emulator plays the real one.
    logto = await startEmulator({ port: 0 });
  });
  after(async () => {
    await logto?.close();
  });

  it('starts no emulator of its own and points the page at the configured Logto', async () => {
    const demo = await startDemo({
      serverPort: 0,
      demoPort: 0,
      viteCacheDir: join(dir, 'vite'),
      env: {
        LOGTO_ENDPOINT: logto.url,
        LOGTO_APP_ID: logto.config.spaAppId,
        LOGTO_M2M_APP_ID: logto.config.m2mAppId,
        LOGTO_M2M_APP_SECRET: logto.config.m2mAppSecret,
        ORG_API_RESOURCE: logto.config.companionResource,
      },
    });
    try {
      assert.equal(demo.emulator, undefined);
      assert.equal(demo.outboxUrl, undefined);
      assert.equal(demo.logtoEndpoint, logto.url);
      // The page's settings reach the browser code through Vite.
      const auth = await (await fetch(`${demo.url}src/auth.ts`)).text();
      assert.ok(auth.includes(JSON.stringify(logto.url)), 'the endpoint is in the page code');
      assert.ok(auth.includes(JSON.stringify(demo.apiBase)), 'the API base is in the page code');
      // The companion server talks to that Logto (an unauthenticated call is refused by it).
      const response = await fetch(`${demo.apiBase}/me/organizations`);
      assert.equal(response.status, 401);
      assert.equal(((await response.json()) as { code: string }).code, 'auth.missing_token');
      // The page does not claim that data lives in the local emulator.
      const browser = await chromium.launch({ executablePath: requireChrome(), args: chromeArgs });
      try {
        const page = await browser.newPage({ locale: 'en-US' });
        await page.goto(demo.url);
        const footer = page.locator('footer');
        await footer.waitFor();
        assert.match((await footer.textContent()) ?? '', /your Logto tenant/);
        assert.doesNotMatch((await footer.textContent()) ?? '', /emulator/);
      } finally {
        await browser.close();
      }
    } finally {
      await demo.close();
    }
  });
});
