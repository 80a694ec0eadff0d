/** The table `npm run bench` prints: every figure next to its same-run baseline and the ratio. */

// The report reads the results loosely: sections may be absent (--only).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(Math.abs(value) < 0.1 ? 3 : 2)} ms`;
const signed = (value: number) => `${value >= 0 ? '+' : '−'}${ms(Math.abs(value))}`;
const x = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');

function table(title: string, header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ');
  return [
    `\n${title}`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

export function printReport(r: Any): void {
  const out: string[] = [];
  const m = r.machine;
  out.push(
    `logto-org-widget bench, ${r.date}: ${m.cpus} × ${m.cpuModel}, Node ${m.node}, load average ${m.loadAverage1m} at start, ${r.machineAtEnd?.loadAverage1m} at end, ${r.totalS} s`,
  );
  if (r.size) {
    const s = r.size;
    const rows: string[][] = [
      [
        'all elements + lit (single file)',
        String(s.elementsRawBytes),
        `${s.elementsGzipBytes} (${kb(s.elementsGzipBytes)})`,
        `${x(s.budgetUsedRatio)} of ${kb(s.budgetGzipBytes)} budget${s.withinBudget ? '' : ' OVER'}`,
      ],
    ];
    if (s.withLogtoGzipBytes !== undefined) {
      rows.push([
        '… with @logto/browser',
        String(s.withLogtoRawBytes),
        `${s.withLogtoGzipBytes} (${kb(s.withLogtoGzipBytes)})`,
        `@logto/browser alone ${kb(s.logtoAloneGzipBytes)}`,
      ]);
    }
    for (const [name, v] of Object.entries<Any>(s.perElement ?? {})) {
      rows.push([
        `${name} alone + lit`,
        String(v.rawBytes),
        String(v.gzipBytes),
        `${x(v.gzipBytes / s.elementsGzipBytes)} of all`,
      ]);
    }
    out.push(table('Size (minified, bytes)', ['bundle', 'raw', 'gzip', 'vs.'], rows));
    out.push(
      `shares of the single file (before minification): ${Object.entries(s.sharePercent)
        .map(([k, v]) => `${k} ${v}%`)
        .join(', ')}`,
    );
    if (s.elementsMissing.length) out.push(`elements not found: ${s.elementsMissing.join(', ')}`);
  }
  if (r.m2m) {
    const t = r.m2m;
    out.push(
      table(
        `M2M token: ${t.concurrency} concurrent cold calls`,
        ['client', 'token requests', 'API calls', 'failures', 'wall'],
        [
          [
            'ours (server/src/m2m.ts)',
            String(t.oursTokenRequests),
            String(t.ours.apiRequests),
            String(t.ours.failures),
            ms(t.ours.wallMs),
          ],
          [
            '@logto/api createManagementApi',
            String(t.logtoApiTokenRequests),
            String(t.logtoApi.apiRequests),
            String(t.logtoApi.failures),
            ms(t.logtoApi.wallMs),
          ],
          [
            'companion server, cold (HTTP)',
            String(t.serverColdTokenRequests),
            String(t.serverCold.apiRequests),
            String(t.serverCold.failures),
            ms(t.serverCold.wallMs),
          ],
        ],
      ),
    );
    out.push(`token requests, @logto/api ÷ ours: ${x(t.tokenRequestRatio)}`);
  }
  if (r.server) {
    const rows: string[][] = [];
    for (const s of r.server.scenarios as Any[]) {
      const L = s.latency;
      const T = s.throughput;
      rows.push([
        s.name,
        `${ms(L.server.latencyMs.p50)} / ${ms(L.direct.latencyMs.p50)}`,
        `${ms(L.server.latencyMs.p99)} / ${ms(L.direct.latencyMs.p99)}`,
        `${signed(s.overheadP50Ms)} (${x(s.latencyRatioP50)})`,
        `${T.server.requestsPerSecond} / ${T.direct.requestsPerSecond} (${x(s.throughputRatio)})`,
        `${(L.server.serverCpuMsPerRequest + L.server.emulatorCpuMsPerRequest).toFixed(2)} / ${L.direct.emulatorCpuMsPerRequest.toFixed(2)} (${x(s.cpuRatio)})`,
        String(L.server.upstreamCallsPerRequest),
      ]);
    }
    out.push(
      table(
        'Companion server vs. the same Management API call direct (server / direct)',
        [
          'scenario',
          'p50 @1 conn',
          'p99 @1 conn',
          'overhead p50',
          'req/s @N conn',
          'CPU ms/request',
          'upstream calls',
        ],
        rows,
      ),
    );
    const h = r.server.invitationHistory;
    if (h) {
      out.push(
        `invitation (POST, one at a time) into a fresh organization: p50 ${ms(h.fresh.p50)}; with ${h.history} earlier invitations (${kb(h.listBytes)} listed per call): p50 ${ms(h.withHistory.p50)} (${x(h.ratioP50)})`,
      );
    }
    const b = r.server.invitationBatch;
    if (b) {
      out.push(
        `invitation batch (one POST of ${b.emails} emails): p50 ${ms(b.server.p50)}, ${b.upstreamCallsPerEmail} upstream calls per email; the same invitations created directly (4 at a time, with the message) p50 ${ms(b.direct.p50)} (${x(b.ratioP50)})`,
      );
    }
    out.push(
      `companion floor (GET /healthz, 1 connection): p50 ${ms(r.server.healthzP50Ms)}; members page p50 ${ms(r.server.scenarios[0].latency.server.latencyMs.p50)}`,
    );
    const v = r.server.tokenVerify;
    if (v) {
      out.push(
        `user token verification (createTokenVerifier, ES384, keys loaded), every request: p50 ${ms(v.verify.p50)}, ${v.verifyCpuMsPerCall.toFixed(3)} ms CPU per call; decoding alone p50 ${ms(v.decode.p50)} (${x(v.ratioP50)})`,
      );
    }
    const u = r.server.upstreamClient;
    if (u) {
      out.push(
        `one Management API call through our client (listOrganizationUsers, default transport, warm token): p50 ${ms(u.ours.p50)}, ${u.oursCpuUsPerCall} µs CPU; bare http.request + JSON.parse of the same URL p50 ${ms(u.bare.p50)}, ${u.bareCpuUsPerCall} µs CPU (${x(u.ratioP50)})`,
      );
    }
    const first = r.server.scenarios[0];
    out.push(
      `members page: server process CPU ${first.latency.server.serverCpuMsPerRequest} ms/request at 1 connection, ${first.throughput.server.serverCpuMsPerRequest} at N; emulator ${first.latency.server.emulatorCpuMsPerRequest} ms/request behind it`,
    );
    const floor = (r.server.scenarios as Any[]).find((s) => s.name === 'members page, bare proxy');
    if (floor) {
      out.push(
        `members page, bare node:http proxy (no checks; the floor): process CPU ${floor.latency.server.serverCpuMsPerRequest} ms/request at 1 connection, ${floor.throughput.server.serverCpuMsPerRequest} at N; p50 ${ms(floor.latency.server.latencyMs.p50)}`,
      );
    }
  }
  if (r.largeOrg) {
    out.push(
      table(
        `Large organization: ${r.largeOrg.members} members, pages of ${r.largeOrg.pageSize}, sequential (server / direct)`,
        ['query', 'matches', 'p50', 'p90', 'overhead p50', 'ratio'],
        (r.largeOrg.queries as Any[]).map((q) => [
          q.name,
          String(q.total),
          `${ms(q.server.p50)} / ${ms(q.direct.p50)}`,
          `${ms(q.server.p90)} / ${ms(q.direct.p90)}`,
          signed(q.overheadP50Ms),
          x(q.ratioP50),
        ]),
      ),
    );
  }
  if (r.scale) {
    const c = r.scale;
    const t = c.membersThroughput;
    out.push(
      table(
        'Several instances (Redis lock vs in-process lock; two instances vs one)',
        ['what', 'Redis / two', 'in-process / one', 'difference'],
        [
          [
            'lock alone (empty change), p50',
            ms(c.lockAlone.redis.p50),
            ms(c.lockAlone.memory.p50),
            signed(c.lockAlone.addedP50Ms),
          ],
          [
            'role change end to end, p50',
            ms(c.roleChange.redisLock.p50),
            ms(c.roleChange.memoryLock.p50),
            signed(c.roleChange.addedP50Ms),
          ],
          [
            'role change end to end, p99',
            ms(c.roleChange.redisLock.p99),
            ms(c.roleChange.memoryLock.p99),
            signed(c.roleChange.addedP99Ms),
          ],
          [
            `members page throughput (${t.connections} connections)`,
            `${t.two.requestsPerSecond} req/s`,
            `${t.one.requestsPerSecond} req/s`,
            x(t.ratio),
          ],
          [
            'CPU ms/request: servers, emulator, load generator',
            `${t.two.serverCpuMsPerRequest}, ${t.two.emulatorCpuMsPerRequest}, ${t.benchCpuMsPerRequest.two}`,
            `${t.one.serverCpuMsPerRequest}, ${t.one.emulatorCpuMsPerRequest}, ${t.benchCpuMsPerRequest.one}`,
            '',
          ],
        ],
      ),
    );
  }
  if (r.render) {
    out.push(
      table(
        '<org-members> in Chromium: added → rows laid out (element / plain DOM of the same answer)',
        [
          'case',
          'first in a fresh page: p50 (min–max) / plain DOM',
          'ratio',
          'p50',
          'p90',
          'ratio p50',
        ],
        (r.render.cases as Any[]).map((c) => [
          c.name,
          c.plainFirst
            ? `${ms(c.firstMs)} (${ms(c.first.min)}–${ms(c.first.max)}) / ${ms(c.plainFirst.p50)}`
            : ms(c.firstMs),
          c.plainFirst ? x(c.firstRatioP50) : '',
          `${ms(c.element.p50)} / ${ms(c.plainDom.p50)}`,
          `${ms(c.element.p90)} / ${ms(c.plainDom.p90)}`,
          x(c.ratioP50),
        ]),
      ),
    );
  }
  if (r.profile) {
    const p = r.profile;
    out.push(`\nCompanion server CPU profile (${p.file}): ${p.totalMs} ms, idle ${p.idleMs} ms`);
    out.push(
      table(
        'self time by origin',
        ['origin', 'ms', '% busy'],
        p.selfByOrigin.map((e: Any) => [e.origin, String(e.ms), String(e.percent)]),
      ),
    );
    out.push(
      table(
        'self time by function',
        ['function', 'ms', '% busy'],
        p.selfByFunction.map((e: Any) => [e.frame, String(e.ms), String(e.percent)]),
      ),
    );
    out.push(
      table(
        'inclusive time of selected frames',
        ['frame', 'ms', '% busy'],
        p.inclusive.map((e: Any) => [e.frame, String(e.ms), String(e.percent)]),
      ),
    );
  }
  process.stdout.write(out.join('\n') + '\n');
}
