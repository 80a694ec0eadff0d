/**
 * `npm run bench`: bundle size, M2M token single flight, companion server overhead and large
 * organizations, measured side by side in one run against baselines of the same run.
 *
 *   npm run bench                      # everything, prints a table (about 2 minutes)
 *   npm run bench -- --json out.json   # also writes the figures as JSON
 *   npm run bench -- --profile         # also profiles the companion server (--cpu-prof)
 *   npm run bench -- --quick           # shorter runs, for trying the harness
 *   npm run bench -- --only size,m2m   # some sections: size, m2m, server, large, render, scale
 *
 * Options: --duration S (each load run, default 5), --connections N (throughput runs, default
 * 10), --concurrency N (M2M, default 200), --samples N (large organization, default 60),
 * --iterations N (render, default 20), --history N (earlier invitations, default 2000).
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startChild, type Child } from './control.js';
import { benchLargeOrg, type QueryResult } from './large-org.js';
import { load, machine, ratio, round, type EmulatorClient } from './lib.js';
import { benchM2mClients, benchM2mServerCold, type M2mSide } from './m2m.js';
import {
  benchInvitationBatch,
  benchInvitationHistory,
  benchOverhead,
  type ScenarioResult,
} from './overhead.js';
import { summarizeProfile, type ProfileSummary } from './profile.js';
import { benchUpstreamClient, benchVerify } from './verify.js';
import { benchRender, captureFakeApi, startPageServer, type RenderCase } from './render.js';
import { measureSizes } from './size.mjs';
import {
  createFixtures,
  serverEnv,
  startEmulatorProcess,
  startServerProcess,
  type Fixtures,
} from './stack.js';
import { printReport } from './report.js';
import { benchScale } from './scale.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SECTIONS = ['size', 'm2m', 'server', 'large', 'render', 'scale'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    profile: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string' },
    concurrency: { type: 'string' },
    samples: { type: 'string' },
    iterations: { type: 'string' },
    history: { type: 'string' },
  },
});

const int = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number`);
  return n;
};
const quick = values.quick;
const options = {
  durationS: int(values.duration, quick ? 2 : 5, 'duration'),
  warmupS: quick ? 0.5 : 1,
  rounds: quick ? 1 : 3,
  connections: int(values.connections, 10, 'connections'),
  concurrency: int(values.concurrency, 200, 'concurrency'),
  samples: int(values.samples, quick ? 10 : 60, 'samples'),
  iterations: int(values.iterations, quick ? 5 : 20, 'iterations'),
  history: int(values.history, quick ? 300 : 2000, 'history'),
  profile: values.profile,
  quick,
};
const only = new Set<Section>(
  values.only
    ? values.only.split(',').map((s) => {
        const name = s.trim() as Section;
        if (!SECTIONS.includes(name)) throw new Error(`--only: unknown section ${s}`);
        return name;
      })
    : SECTIONS,
);

const log = (line: string) => process.stderr.write(`${line}\n`);
const startedAt = performance.now();
const machineAtStart = machine();
log(
  `bench: ${machineAtStart.cpus} CPUs, load average ${machineAtStart.loadAverage1m} at start, Node ${machineAtStart.node}`,
);

const results: Record<string, unknown> = {
  version: 1,
  date: new Date().toISOString(),
  machine: machineAtStart,
  options,
};
let failed = false;

// ------------------------------------------------------------------------------------ size
log('bench: size (vite builds into memory)');
const size = await measureSizes(only.has('size') ? {} : { only: 'all' });
if (only.has('size')) {
  results.size = {
    elementsGzipBytes: size.all.gzipBytes,
    elementsRawBytes: size.all.rawBytes,
    withLogtoGzipBytes: size.withLogto?.gzipBytes,
    withLogtoRawBytes: size.withLogto?.rawBytes,
    logtoAloneGzipBytes: size.logtoAlone?.gzipBytes,
    budgetGzipBytes: size.budgetGzipBytes,
    withinBudget: size.all.gzipBytes <= size.budgetGzipBytes,
    budgetUsedRatio: ratio(size.all.gzipBytes, size.budgetGzipBytes),
    perElement: size.perElement,
    sharePercent: size.allSharePercent,
    elementsFound: size.elementsFound,
    elementsMissing: size.elementsMissing,
    gzip: size.gzipLevel,
    buildMs: size.buildMs,
  };
}

// ------------------------------------------------------------------------------ the stack
const needsStack = ['m2m', 'server', 'large', 'render', 'scale'].some((s) =>
  only.has(s as Section),
);
const children: Child[] = [];
let pageServer: Awaited<ReturnType<typeof startPageServer>> | undefined;
let profileDir: string | undefined;
try {
  if (needsStack) {
    pageServer = await startPageServer(size.allCode);
    log('bench: starting the emulator (10,000 members in one organization)');
    const { child: emulatorChild, emulator } = await startEmulatorProcess();
    children.push(emulatorChild);
    const fixtures = await createFixtures(emulator);
    log(`bench: emulator ready in ${Math.round(emulatorChild.startMs)} ms (seed included)`);

    if (only.has('m2m')) {
      log(`bench: M2M single flight, ${options.concurrency} concurrent cold calls per client`);
      const clients = await benchM2mClients(emulator, fixtures.smallOrgId, options.concurrency);
      results.m2m = { concurrency: options.concurrency, clients };
    }

    const execArgv: string[] = [];
    if (options.profile) {
      profileDir = resolve(
        HERE,
        'results',
        'profiles',
        new Date().toISOString().replace(/[:.]/g, '-'),
      );
      mkdirSync(profileDir, { recursive: true });
      execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
    }
    const server = await startServerProcess(emulator.url, pageServer.origin, execArgv);
    children.push(server);

    if (only.has('m2m')) {
      const cold = await benchM2mServerCold(
        emulator,
        server.url,
        fixtures.smallOrgId,
        options.concurrency,
      );
      const m2m = results.m2m as {
        concurrency: number;
        clients: { ours: M2mSide; logtoApi: M2mSide };
      };
      results.m2m = {
        concurrency: m2m.concurrency,
        oursTokenRequests: m2m.clients.ours.tokenRequests,
        logtoApiTokenRequests: m2m.clients.logtoApi.tokenRequests,
        serverColdTokenRequests: cold.tokenRequests,
        tokenRequestRatio: ratio(
          m2m.clients.logtoApi.tokenRequests,
          m2m.clients.ours.tokenRequests,
        ),
        ours: m2m.clients.ours,
        logtoApi: m2m.clients.logtoApi,
        serverCold: cold,
      };
      const bad = [m2m.clients.ours, m2m.clients.logtoApi, cold].some((s) => s.failures > 0);
      if (m2m.clients.ours.tokenRequests !== 1 || cold.tokenRequests !== 1 || bad) {
        failed = true;
        log('bench: M2M single flight did not hold (or calls failed): see m2m in the report');
      }
    }

    if (only.has('server')) {
      log(
        `bench: server overhead (autocannon ${options.durationS} s per run; latency at 1 connection, throughput at ${options.connections})`,
      );
      const floor = await startChild('./proxy-process.ts', {
        env: serverEnv(emulator.url, pageServer.origin),
      });
      children.push(floor);
      const scenarios = await benchOverhead(
        emulator,
        emulatorChild,
        server,
        fixtures,
        options,
        log,
        floor,
      );
      await floor.stop();
      children.splice(children.indexOf(floor), 1);
      const members = scenarios[0]!;
      // The floor of any companion request: one HTTP hop through the app-level middleware
      // (request id, access log, helmet) to a route that calls nothing.
      const healthz = await load({
        url: `${server.url}/healthz`,
        connections: 1,
        durationS: Math.max(options.durationS / 2, 1),
      });
      log(`  /healthz c=1: p50 ${healthz.latencyMs.p50} ms`);
      log(`bench: invitations into an organization with ${options.history} earlier invitations`);
      const invitationHistory = await benchInvitationHistory(
        emulator,
        server.url,
        fixtures,
        options.history,
        options.samples,
      );
      log(
        `  fresh p50 ${invitationHistory.fresh.p50} ms, with history p50 ${invitationHistory.withHistory.p50} ms`,
      );
      const invitationBatch = await benchInvitationBatch(
        emulator,
        server.url,
        fixtures,
        20,
        options.quick ? 3 : 15,
      );
      log(
        `  batch of ${invitationBatch.emails}: p50 ${invitationBatch.server.p50} ms (direct ${invitationBatch.direct.p50} ms), ${invitationBatch.upstreamCallsPerEmail} upstream calls per email`,
      );
      const tokenVerify = await benchVerify(
        emulator,
        fixtures.smallOrgId,
        options.quick ? 200 : 1000,
      );
      log(
        `  token verification: p50 ${tokenVerify.verify.p50} ms, ${tokenVerify.verifyCpuMsPerCall} ms CPU per call (decode only: ${tokenVerify.decode.p50} ms)`,
      );
      const upstreamClient = await benchUpstreamClient(
        emulator,
        fixtures.smallOrgId,
        options.quick ? 200 : 1000,
      );
      log(
        `  one upstream call through our client: p50 ${upstreamClient.ours.p50} ms, ${upstreamClient.oursCpuUsPerCall} µs CPU (bare http.request ${upstreamClient.bare.p50} ms, ${upstreamClient.bareCpuUsPerCall} µs CPU)`,
      );
      results.server = {
        overheadP50Ms: members.overheadP50Ms,
        overheadP99Ms: members.overheadP99Ms,
        throughputRatio: members.throughputRatio,
        latencyRatioP50: members.latencyRatioP50,
        cpuRatio: members.cpuRatio,
        healthzP50Ms: healthz.latencyMs.p50,
        scenarios,
        invitationHistory,
        invitationBatch,
        tokenVerify,
        upstreamClient,
      };
    }

    if (only.has('large')) {
      log(`bench: large organization, ${options.samples} sequential requests per query type`);
      const queries = await benchLargeOrg(emulator, server.url, fixtures, options.samples, log);
      results.largeOrg = { members: 10_001, pageSize: 20, queries };
    }

    if (only.has('scale')) {
      log('bench: several instances (Redis lock, two instances vs one)');
      results.scale = await benchScale(
        emulator,
        emulatorChild,
        server,
        fixtures,
        pageServer.origin,
        {
          durationS: options.durationS,
          connections: options.connections,
          samples: options.samples,
        },
        log,
      );
    }

    if (only.has('render')) {
      log('bench: <org-members> render in Chromium');
      results.render = await renderSection(
        emulator,
        server,
        fixtures,
        pageServer,
        options.iterations,
        options.quick,
      );
    }
  }
} catch (error) {
  failed = true;
  log(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  await Promise.all(children.map((child) => child.stop()));
  await pageServer?.close();
}

if (profileDir) {
  // The main thread's profile (tsx's loader thread writes a second, small one).
  const files = readdirSync(profileDir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort((a, b) => statSync(join(profileDir!, b)).size - statSync(join(profileDir!, a)).size);
  if (files[0]) {
    const summary: ProfileSummary = summarizeProfile(join(profileDir, files[0]));
    results.profile = summary;
  }
}

results.machineAtEnd = { loadAverage1m: machine().loadAverage1m };
results.totalS = round((performance.now() - startedAt) / 1000, 1);

printReport(results);
if (values.json) {
  const file = resolve(values.json);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  log(`bench: wrote ${file}`);
}
if (failed) process.exitCode = 1;

async function renderSection(
  emulator: EmulatorClient,
  server: Child,
  fixtures: Fixtures,
  page: NonNullable<typeof pageServer>,
  iterations: number,
  quick: boolean,
): Promise<{ cases: RenderCase[] }> {
  const orgId = fixtures.largeOrgId;
  const token = await emulator.mint({ username: 'alice', organizationId: orgId });
  page.setFakeApi(await captureFakeApi(server.url, orgId, token, [20, 100]));
  const cases = await benchRender(
    page.origin,
    [
      { name: 'fake API, 20 rows', apiBase: `${page.origin}/fake`, orgId, token, pageSize: 20 },
      { name: 'fake API, 100 rows', apiBase: `${page.origin}/fake`, orgId, token, pageSize: 100 },
      { name: 'companion server, 20 rows', apiBase: server.url, orgId, token, pageSize: 20 },
    ],
    iterations,
    log,
    quick ? 3 : 15,
  );
  return { cases };
}

export type { QueryResult, ScenarioResult };
