// The examples suite (`npm run test:examples`): packs the four packages, then for each example
// installs the tarballs (no lockfile, no workspace links), type-checks it, checks that a
// deliberate misuse fails to compile, builds it with its own toolchain and runs the journey in
// Chromium against the emulator.
//   node examples/run.mjs [name…] [--no-pack]
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { packAll } from '../scripts/pack-all.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const packs = join(here, '../.packs');
/** Where the examples are copied, installed and built (EXAMPLES_WORKDIR moves it). */
const workRoot = process.env.EXAMPLES_WORKDIR ?? join(tmpdir(), 'logto-org-widget-examples');

/**
 * Each example: how its page gets its settings at build time (`buildEnv`) or run time (`run`),
 * and whether it mounts the companion router itself (`companion: false`).
 */
const EXAMPLES = {
  html: {
    run: (port, s, stack) => ({
      command: ['node', 'serve.mjs'],
      env: envOf(port, s, stack),
    }),
  },
  express: {
    companion: false,
    ownEmulator: true,
    // The host's own JSON route still works next to the router.
    async check(origin) {
      const response = await fetch(`${origin}/api/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ hello: 'host' }),
      });
      const body = await response.json();
      if (body?.received?.hello !== 'host')
        throw new Error(`/api/echo answered ${JSON.stringify(body)}`);
    },
    run: (port, s, stack) => ({
      command: ['node', 'server.mjs'],
      env: { ...stack.serverEnv, PORT: String(port), LOGTO_APP_ID: s.appId },
    }),
  },
  react: {
    buildEnv: viteEnv,
    run: (port) => ({
      command: ['npx', 'vite', 'preview', '--port', String(port), '--strictPort'],
    }),
  },
  vue: {
    buildEnv: viteEnv,
    run: (port) => ({
      command: ['npx', 'vite', 'preview', '--port', String(port), '--strictPort'],
    }),
  },
  svelte: {
    buildEnv: viteEnv,
    run: (port) => ({
      command: ['npx', 'vite', 'preview', '--port', String(port), '--strictPort'],
    }),
  },
  next: {
    buildEnv: (s) => ({
      NEXT_PUBLIC_LOGTO_ENDPOINT: s.endpoint,
      NEXT_PUBLIC_LOGTO_APP_ID: s.appId,
      NEXT_PUBLIC_ORG_API_BASE: s.apiBase,
      NEXT_PUBLIC_ORG_API_RESOURCE: s.resource,
      NEXT_TELEMETRY_DISABLED: '1',
    }),
    run: (port) => ({
      command: ['npx', 'next', 'start', '--port', String(port), '--hostname', '127.0.0.1'],
      env: { NEXT_TELEMETRY_DISABLED: '1' },
    }),
    signedInPath: '/organizations',
    ssrPath: '/organizations',
  },
};

function viteEnv(s) {
  return {
    VITE_LOGTO_ENDPOINT: s.endpoint,
    VITE_LOGTO_APP_ID: s.appId,
    VITE_ORG_API_BASE: s.apiBase,
    VITE_ORG_API_RESOURCE: s.resource,
  };
}

function envOf(port, s) {
  return {
    PORT: String(port),
    LOGTO_ENDPOINT: s.endpoint,
    LOGTO_APP_ID: s.appId,
    ORG_API_BASE: s.apiBase,
    ORG_API_RESOURCE: s.resource,
  };
}

/** Runs a command; resolves with its exit code and output (printed only on failure). */
function run(command, { cwd, env = {}, quiet = true } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      if (!quiet) process.stdout.write(output);
      resolve({ code: code ?? 1, output });
    });
  });
}

/** Starts a long-running server in its own process group; `stop()` ends that group only. */
function startServer(command, { cwd, env }) {
  const child = spawn(command[0], command.slice(1), {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // Already gone.
        }
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      }
    },
  };
}

async function waitForPage(url, server) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return response.text();
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer in 60 s:\n${server.output()}`);
}

/** Generated or installed folders: never copied from the example's source folder. */
const SKIP = new Set(['node_modules', 'dist', '.next', '.svelte-kit', 'vendor', 'next-env.d.ts']);

/**
 * A copy of the example outside this repository (so nothing resolves from the workspace's own
 * node_modules), its tarball dependencies pointing at `.packs/`. The copy's node_modules stays
 * between runs: only our packages are reinstalled.
 */
function workCopy(name) {
  const cwd = join(workRoot, name);
  if (existsSync(cwd)) {
    for (const entry of readdirSync(cwd)) {
      if (entry !== 'node_modules') rmSync(join(cwd, entry), { recursive: true, force: true });
    }
  }
  cpSync(join(here, name), cwd, {
    recursive: true,
    filter: (source) => !SKIP.has(basename(source)),
  });
  const manifest = join(cwd, 'package.json');
  writeFileSync(
    manifest,
    readFileSync(manifest, 'utf8').replaceAll('file:../../.packs/', `file:${packs}/`),
  );
  return cwd;
}

async function testExample(name, spec) {
  const cwd = workCopy(name);
  const result = {
    name,
    install: false,
    typecheck: false,
    misuse: false,
    build: false,
    e2e: false,
  };
  const step = async (label, fn) => {
    const started = Date.now();
    try {
      await fn();
      result[label] = true;
      console.log(`  ${name}: ${label} ok (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      return true;
    } catch (error) {
      console.error(`  ${name}: ${label} FAILED (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      console.error(String(error?.stack ?? error).replace(/^/gm, '    '));
      return false;
    }
  };
  const must = async (command, options) => {
    const { code, output } = await run(command, { cwd, ...options });
    if (code !== 0) throw new Error(`${command.join(' ')} exited ${code}:\n${output.slice(-4000)}`);
    return output;
  };

  // Fresh copies of our packages every run (same version, new content); the rest is reused.
  for (const dir of ['node_modules/logto-org-widget', 'node_modules/logto-org-widget-contract']) {
    rmSync(join(cwd, dir), { recursive: true, force: true });
  }
  for (const dir of [
    'node_modules/logto-org-widget-server',
    'node_modules/logto-org-widget-emulator',
  ]) {
    rmSync(join(cwd, dir), { recursive: true, force: true });
  }
  const installed = await step('install', () =>
    must(['npm', 'install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error']),
  );
  if (!installed) return result;
  await step('typecheck', () => must(['npm', 'run', 'typecheck']));
  await step('misuse', async () => {
    const { code, output } = await run(['npm', 'run', 'typecheck:misuse'], { cwd });
    if (code === 0) throw new Error('the deliberate misuse compiled: the types check nothing');
    const lines = output.split('\n').filter((line) => /misuse/i.test(line) && /error/i.test(line));
    if (lines.length < 2) {
      throw new Error(`expected an error per misuse, got:\n${output.slice(-3000)}`);
    }
  });

  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const stack = await startStack({
    pageOrigin: origin,
    companion: spec.companion !== false,
    ...(spec.ownEmulator && {
      emulatorModule: await import(
        pathToFileURL(join(cwd, 'node_modules/logto-org-widget-emulator/dist/index.js')).href
      ),
    }),
  });
  let server;
  try {
    const built = await step('build', () =>
      must(['npm', 'run', 'build'], { env: spec.buildEnv?.(stack.settings) ?? {} }),
    );
    if (!built) return result;
    await step('e2e', async () => {
      const how = spec.run(port, stack.settings, stack);
      server = startServer(how.command, { cwd, env: how.env ?? {} });
      await waitForPage(`${origin}/`, server);
      if (spec.ssrPath) {
        // Server-rendered: the elements are in the HTML before any script runs.
        const html = await waitForPage(`${origin}${spec.ssrPath}`, server);
        for (const tag of ['org-switcher', 'org-members', 'org-invite']) {
          if (!html.includes(`<${tag}`))
            throw new Error(`${spec.ssrPath} has no <${tag}> in its HTML`);
        }
        result.ssr = true;
      }
      await spec.check?.(origin);
      await runJourney({ url: `${origin}/`, stack, name, signedInPath: spec.signedInPath });
    });
  } finally {
    await server?.stop();
    await stack.close();
  }
  return result;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'no-pack': { type: 'boolean', default: false } },
});
const names = positionals.length ? positionals : Object.keys(EXAMPLES);
for (const name of names) {
  if (!EXAMPLES[name]) throw new Error(`No example named ${name} (${Object.keys(EXAMPLES)})`);
}
const started = Date.now();
if (!values['no-pack'] || !existsSync(packs) || !readdirSync(packs).length) {
  console.log('examples: packing');
  packAll({ out: packs, log: () => {} });
}
// The stack runs the packages' built dist/ (which packing builds), so it is loaded only now.
const { freePort, startStack } = await import('./support/stack.mjs');
const { runJourney } = await import('./support/journey.mjs');
const results = [];
for (const name of names) {
  console.log(`examples: ${name}`);
  results.push(await testExample(name, EXAMPLES[name]));
}
const mark = (ok) => (ok ? 'pass' : 'FAIL');
const columns = ['install', 'typecheck', 'misuse', 'build', 'ssr', 'e2e'];
console.log(`\n${'example'.padEnd(8)} ${columns.map((c) => c.padEnd(9)).join(' ')}`);
for (const r of results) {
  const cells = columns.map((c) => (c === 'ssr' && !EXAMPLES[r.name].ssrPath ? '-' : mark(r[c])));
  console.log(`${r.name.padEnd(8)} ${cells.map((c) => c.padEnd(9)).join(' ')}`);
}
const failed = results.filter((r) => !(r.install && r.typecheck && r.misuse && r.build && r.e2e));
console.log(
  `examples: ${results.length - failed.length} passed, ${failed.length} failed (${((Date.now() - started) / 1000).toFixed(0)} s)`,
);
process.exitCode = failed.length ? 1 : 0;
