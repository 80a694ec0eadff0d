/**
 * Server overhead: the companion server (server + emulator) against the same Management API call
 * made directly against the emulator, in the same run, with autocannon on loopback. Latency at one
 * connection (no queueing: the cost of one request), throughput at several connections. Also the
 * CPU time each process spends per request, which is far less sensitive to a busy machine than
 * wall-clock figures, and the number of Management API calls one companion request makes.
 */
import type { AutocannonRequest } from 'autocannon';
import type { Child } from './control.js';
import {
  json,
  jsonBody,
  loadRaw,
  ratio,
  round,
  interleaved,
  type EmulatorClient,
  summarizeLoad,
  type LoadResult,
  type RawLoad,
  type Summary,
} from './lib.js';
import { ALICE_ID, createOrganization, type Fixtures } from './stack.js';

interface InviteAnswer {
  results?: Array<{ invitation?: { id: string } }>;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface SideResult extends LoadResult {
  /** CPU ms per request in the companion server process (0 for direct calls). */
  serverCpuMsPerRequest: number;
  emulatorCpuMsPerRequest: number;
  /** Management API calls the emulator served per request. */
  upstreamCallsPerRequest: number;
}

export interface ScenarioResult {
  name: string;
  latency: { server: SideResult; direct: SideResult };
  throughput: { server: SideResult; direct: SideResult };
  overheadP50Ms: number;
  overheadP99Ms: number;
  latencyRatioP50: number;
  throughputRatio: number;
  /** Companion CPU per request (server process + emulator) over direct CPU per request (emulator). */
  cpuRatio: number;
}

interface Side {
  url: string;
  headers: Record<string, string>;
  /** A fresh request sequence (fresh counters) for each run. */
  requests: () => AutocannonRequest[];
}

export interface OverheadOptions {
  durationS: number;
  connections: number;
  warmupS: number;
  /** Each measurement is split into this many runs, alternating server and direct. */
  rounds: number;
}

interface Measured {
  raw: RawLoad;
  serverCpuMs: number;
  emulatorCpuMs: number;
  upstreamCalls: number;
}

interface Processes {
  server: Child;
  emulatorChild: Child;
  emulator: EmulatorClient;
}

async function measure(
  side: Side,
  connections: number,
  durationS: number,
  p: Processes,
): Promise<Measured> {
  const snapshot = () =>
    Promise.all([p.server.cpuMs(), p.emulatorChild.cpuMs(), p.emulator.stats()]);
  const [serverCpu0, emuCpu0, stats0] = await snapshot();
  const raw = await loadRaw({
    url: side.url,
    connections,
    durationS,
    headers: side.headers,
    requests: side.requests(),
  });
  const [serverCpu1, emuCpu1, stats1] = await snapshot();
  return {
    raw,
    serverCpuMs: serverCpu1 - serverCpu0,
    emulatorCpuMs: emuCpu1 - emuCpu0,
    upstreamCalls: stats1.apiRequests - stats0.apiRequests,
  };
}

function combine(runs: Measured[], throughServer: boolean): SideResult {
  const result = summarizeLoad(runs.map((r) => r.raw));
  const n = Math.max(result.requests + result.non2xx, 1);
  const sum = (pick: (r: Measured) => number) => runs.reduce((total, r) => total + pick(r), 0);
  return {
    ...result,
    serverCpuMsPerRequest: throughServer ? round(sum((r) => r.serverCpuMs) / n) : 0,
    emulatorCpuMsPerRequest: round(sum((r) => r.emulatorCpuMs) / n),
    upstreamCallsPerRequest: round(sum((r) => r.upstreamCalls) / n, 2),
  };
}

async function scenario(
  name: string,
  sides: { server: () => Promise<Side>; direct: () => Promise<Side> },
  options: OverheadOptions,
  p: Processes,
  log: (line: string) => void,
): Promise<ScenarioResult> {
  /** Server and direct at one connection count: warm both, then alternate short runs. */
  const pair = async (connections: number) => {
    const server = await sides.server();
    const direct = await sides.direct();
    if (options.warmupS > 0) {
      for (const side of [server, direct]) {
        await loadRaw({
          url: side.url,
          connections,
          durationS: options.warmupS,
          headers: side.headers,
          requests: side.requests(),
        });
      }
    }
    const runs = { server: [] as Measured[], direct: [] as Measured[] };
    const slice = options.durationS / options.rounds;
    for (let round = 0; round < options.rounds; round += 1) {
      const order =
        round % 2 === 0 ? (['server', 'direct'] as const) : (['direct', 'server'] as const);
      for (const which of order) {
        runs[which].push(
          await measure(which === 'server' ? server : direct, connections, slice, p),
        );
      }
    }
    const out = { server: combine(runs.server, true), direct: combine(runs.direct, false) };
    for (const which of ['server', 'direct'] as const) {
      const r = out[which];
      log(
        `  ${name} ${which} c=${connections}: p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ${r.requestsPerSecond} req/s`,
      );
    }
    return out;
  };
  const latency = await pair(1);
  const throughput = await pair(options.connections);
  const cpu = (s: SideResult) => s.serverCpuMsPerRequest + s.emulatorCpuMsPerRequest;
  return {
    name,
    latency,
    throughput,
    overheadP50Ms: round(latency.server.latencyMs.p50 - latency.direct.latencyMs.p50),
    overheadP99Ms: round(latency.server.latencyMs.p99 - latency.direct.latencyMs.p99),
    latencyRatioP50: ratio(latency.server.latencyMs.p50, latency.direct.latencyMs.p50),
    throughputRatio: ratio(
      throughput.server.requestsPerSecond,
      throughput.direct.requestsPerSecond,
    ),
    cpuRatio: ratio(cpu(latency.server), cpu(latency.direct)),
  };
}

export async function benchOverhead(
  emulator: EmulatorClient,
  emulatorChild: Child,
  server: Child,
  fixtures: Fixtures,
  options: OverheadOptions,
  log: (line: string) => void,
  /** A bare node:http proxy of the members page (proxy-process.ts): measured as a third row. */
  floor?: Child,
): Promise<ScenarioResult[]> {
  const processes: Processes = { server, emulatorChild, emulator };
  const orgToken = (orgId: string) => emulator.mint({ username: 'alice', organizationId: orgId });
  const m2m = { authorization: `Bearer ${await emulator.token()}` };
  const emulatorBase = emulator.url.replace('localhost', '127.0.0.1');

  const membersThrough = (url: string) => async (): Promise<Side> => ({
    url,
    headers: { authorization: `Bearer ${await orgToken(fixtures.smallOrgId)}` },
    requests: () => [
      {
        method: 'GET',
        path: `/organizations/${fixtures.smallOrgId}/members?page=1&pageSize=20`,
      },
    ],
  });
  const membersDirect = async (): Promise<Side> => ({
    url: emulatorBase,
    headers: m2m,
    requests: () => [
      {
        method: 'GET',
        path: `/api/organizations/${fixtures.smallOrgId}/users?page=1&page_size=20`,
      },
    ],
  });
  const members = await scenario(
    'members page',
    { server: membersThrough(server.url), direct: membersDirect },
    options,
    processes,
    log,
  );
  // The same page through a proxy that does nothing else: the floor of any companion server.
  const floorRow = floor
    ? await scenario(
        'members page, bare proxy',
        { server: membersThrough(floor.url), direct: membersDirect },
        options,
        { ...processes, server: floor },
        log,
      )
    : undefined;

  // Invitations: create, then revoke the one just created; a dedicated organization per run.
  let runNumber = 0;
  const freshOrg = () => createOrganization(emulator, `Bench invitations ${++runNumber}`, fixtures);
  const email = (run: number, counter: { n: number }) =>
    `bench-${process.pid}-${run}-${++counter.n}@example.com`;
  const invitations = await scenario(
    'invitation create+revoke',
    {
      server: async () => {
        const orgId = await freshOrg();
        const run = runNumber;
        const counter = { n: 0 };
        return {
          url: server.url,
          headers: {
            authorization: `Bearer ${await orgToken(orgId)}`,
            'content-type': 'application/json',
          },
          requests: () => {
            return [
              {
                method: 'POST',
                path: `/organizations/${orgId}/invitations`,
                setupRequest: (request) => ({
                  ...request,
                  body: JSON.stringify({
                    emails: [email(run, counter)],
                    roleIds: [fixtures.memberRoleId],
                  }),
                }),
                onResponse: (status, body, context) => {
                  // A failed create leaves no id: the revoke is skipped and the failure counted.
                  const parsed = status === 200 ? parseJson(body) : undefined;
                  context.id = (parsed as InviteAnswer | undefined)?.results?.[0]?.invitation?.id;
                },
              },
              {
                method: 'DELETE',
                setupRequest: (request, context) =>
                  typeof context.id === 'string'
                    ? { ...request, path: `/organizations/${orgId}/invitations/${context.id}` }
                    : undefined,
              },
            ];
          },
        };
      },
      direct: async () => {
        const orgId = await freshOrg();
        const run = runNumber;
        const counter = { n: 0 };
        return {
          url: emulatorBase,
          headers: { ...m2m, 'content-type': 'application/json' },
          requests: () => {
            return [
              {
                method: 'POST',
                path: '/api/organization-invitations',
                setupRequest: (request) => {
                  const invitee = email(run, counter);
                  return {
                    ...request,
                    body: JSON.stringify({
                      inviterId: ALICE_ID,
                      invitee,
                      organizationId: orgId,
                      expiresAt: Date.now() + 7 * 86_400_000,
                      organizationRoleIds: [fixtures.memberRoleId],
                      messagePayload: { link: 'http://localhost:5173/invite?id=bench' },
                    }),
                  };
                },
                onResponse: (status, body, context) => {
                  const parsed = status === 201 ? parseJson(body) : undefined;
                  context.id = (parsed as { id?: string } | undefined)?.id;
                },
              },
              {
                method: 'PUT',
                body: JSON.stringify({ status: 'Revoked' }),
                setupRequest: (request, context) =>
                  typeof context.id === 'string'
                    ? { ...request, path: `/api/organization-invitations/${context.id}/status` }
                    : undefined,
              },
            ];
          },
        };
      },
    },
    options,
    processes,
    log,
  );
  return floorRow ? [members, invitations, floorRow] : [members, invitations];
}

export interface HistoryResult {
  /** Earlier (revoked) invitations in the organization. */
  history: number;
  fresh: Summary;
  withHistory: Summary;
  ratioP50: number;
  /** Bytes of the organization's invitation list the server reads on every invitation. */
  listBytes: number;
}

/**
 * The cost of an organization's invitation history: `POST /invitations` lists every invitation
 * of the organization (Logto has no paging there) to find pending duplicates, so its time grows
 * with the history. One invitation at a time into a fresh organization, then into one with
 * `history` earlier revoked invitations.
 */
export async function benchInvitationHistory(
  emulator: EmulatorClient,
  serverUrl: string,
  fixtures: Fixtures,
  history: number,
  samples: number,
): Promise<HistoryResult> {
  const fresh = await createOrganization(emulator, 'Bench history (fresh)', fixtures);
  const old = await createOrganization(emulator, 'Bench history (old)', fixtures);
  const expiresAt = Date.now() + 7 * 86_400_000;
  const create = async (i: number) => {
    const created = await emulator.api<{ id: string }>(
      'POST',
      '/organization-invitations',
      {
        inviterId: ALICE_ID,
        invitee: `history-${process.pid}-${i}@example.com`,
        organizationId: old,
        expiresAt,
        organizationRoleIds: [fixtures.memberRoleId],
        messagePayload: false,
      },
      201,
    );
    await emulator.api('PUT', `/organization-invitations/${created.body.id}/status`, {
      status: 'Revoked',
    });
  };
  const workers = 8;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = w; i < history; i += workers) await create(i);
    }),
  );
  const listBytes = JSON.stringify(
    (await emulator.api('GET', `/organization-invitations?organizationId=${old}`)).body,
  ).length;

  let counter = 0;
  const cycle = async (orgId: string, token: string) => {
    const res = await json<{ results: Array<{ invitation?: { id: string } }> }>(
      `${serverUrl}/organizations/${orgId}/invitations`,
      {
        ...jsonBody({
          emails: [`cycle-${process.pid}-${++counter}@example.com`],
          roleIds: [fixtures.memberRoleId],
        }),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        expect: 200,
      },
    );
    return res.body.results[0]?.invitation?.id;
  };
  const [freshToken, oldToken] = await Promise.all([
    emulator.mint({ username: 'alice', organizationId: fresh }),
    emulator.mint({ username: 'alice', organizationId: old }),
  ]);
  const created: Array<[string, string, string]> = [];
  const timed = (orgId: string, token: string) => async () => {
    const id = await cycle(orgId, token);
    if (id) created.push([orgId, token, id]);
  };
  // Alternating between the two organizations, so load from elsewhere hits both alike.
  const [freshSummary, oldSummary] = (await interleaved(samples, 3, [
    timed(fresh, freshToken),
    timed(old, oldToken),
  ])) as [Summary, Summary];
  // Revoke outside the timed part (the history of both organizations stays as it was).
  for (const [orgId, token, id] of created) {
    await json(`${serverUrl}/organizations/${orgId}/invitations/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
      expect: 204,
    });
  }
  return {
    history,
    fresh: freshSummary,
    withHistory: oldSummary,
    ratioP50: ratio(oldSummary.p50, freshSummary.p50),
    listBytes,
  };
}

export interface BatchResult {
  emails: number;
  /** One POST of `emails` invitations through the server. */
  server: Summary;
  /** The same invitations created directly, one call each (at most 4 at once, like the server). */
  direct: Summary;
  ratioP50: number;
  /** Management API calls per invited email, through the server. */
  upstreamCallsPerEmail: number;
}

/**
 * A batch of invitations: one `POST /invitations` with `emails` new addresses through the server,
 * against the same invitations created directly with the message (4 at a time). Fresh addresses
 * every time; each side gets its own organization.
 */
export async function benchInvitationBatch(
  emulator: EmulatorClient,
  serverUrl: string,
  fixtures: Fixtures,
  emails: number,
  samples: number,
): Promise<BatchResult> {
  const [viaServer, viaDirect] = await Promise.all([
    createOrganization(emulator, 'Bench batch (server)', fixtures),
    createOrganization(emulator, 'Bench batch (direct)', fixtures),
  ]);
  const token = await emulator.mint({ username: 'alice', organizationId: viaServer });
  const expiresAt = Date.now() + 7 * 86_400_000;
  const addresses = (side: string, round: number) =>
    Array.from(
      { length: emails },
      (_, i) => `batch-${process.pid}-${side}-${round}-${i}@example.com`,
    );
  let serverCalls = 0;
  let serverEmails = 0;
  const server = async (round: number) => {
    const before = (await emulator.stats()).apiRequests;
    const res = await json<{ results: Array<{ status: string }> }>(
      `${serverUrl}/organizations/${viaServer}/invitations`,
      {
        ...jsonBody({ emails: addresses('s', round), roleIds: [fixtures.memberRoleId] }),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        expect: 200,
      },
    );
    if (res.body.results.some((r) => r.status === 'failed'))
      throw new Error('a batch invitation failed');
    serverCalls += (await emulator.stats()).apiRequests - before;
    serverEmails += emails;
  };
  const direct = async (round: number) => {
    const queue = addresses('d', round);
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let invitee = queue.shift(); invitee; invitee = queue.shift()) {
          await emulator.api(
            'POST',
            '/organization-invitations',
            {
              inviterId: ALICE_ID,
              invitee,
              organizationId: viaDirect,
              expiresAt,
              organizationRoleIds: [fixtures.memberRoleId],
              messagePayload: { link: 'http://localhost:5173/invite?id=bench' },
            },
            201,
          );
        }
      }),
    );
  };
  const [serverSummary, directSummary] = (await interleaved(samples, 2, [server, direct])) as [
    Summary,
    Summary,
  ];
  return {
    emails,
    server: serverSummary,
    direct: directSummary,
    ratioP50: ratio(serverSummary.p50, directSummary.p50),
    upstreamCallsPerEmail: round(serverCalls / Math.max(serverEmails, 1), 2),
  };
}
