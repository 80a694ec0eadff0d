/**
 * Shared helpers of the benchmarks: summaries of latency samples, loopback HTTP against the
 * emulator, and the load generator (autocannon, with exact per-response latencies).
 */
import autocannon, { type AutocannonRequest } from 'autocannon';
import { cpus, loadavg } from 'node:os';

export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    mean: round(sorted.length ? sum / sorted.length : NaN),
    min: round(sorted[0] ?? NaN),
    max: round(sorted[sorted.length - 1] ?? NaN),
  };
}

export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function ratio(a: number, b: number): number {
  return b > 0 ? round(a / b, 3) : NaN;
}

/** The machine and its load, recorded next to every run (figures on a busy machine are noisy). */
export function machine() {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    loadAverage1m: round(loadavg()[0] ?? NaN, 2),
  };
}

export async function json<T = unknown>(
  url: string,
  init: RequestInit & { expect?: number } = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(url, init);
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  const body = (text && isJson ? JSON.parse(text) : text || undefined) as T;
  if (init.expect !== undefined && response.status !== init.expect) {
    throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text.slice(0, 300)}`);
  }
  return { status: response.status, body, headers: response.headers };
}

export const jsonBody = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Emulator-only endpoints (`/emulator/*`) and the Management API with its own M2M token. */
export class EmulatorClient {
  private managementToken: string | undefined;

  constructor(
    readonly url: string,
    private readonly m2m: { appId: string; secret: string; resource: string },
  ) {}

  async stats(): Promise<{ tokenRequests: { clientCredentials: number }; apiRequests: number }> {
    return (await json<never>(`${this.url}/emulator/stats`, { expect: 200 })).body;
  }

  async mint(input: { username: string; organizationId?: string; resource?: string }) {
    const res = await json<{ access_token: string }>(`${this.url}/emulator/token`, {
      ...jsonBody(input),
      expect: 200,
    });
    return res.body.access_token;
  }

  async token(): Promise<string> {
    if (this.managementToken) return this.managementToken;
    const basic = Buffer.from(`${this.m2m.appId}:${this.m2m.secret}`).toString('base64');
    const res = await json<{ access_token: string }>(`${this.url}/oidc/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        resource: this.m2m.resource,
        scope: 'all',
      }),
      expect: 200,
    });
    this.managementToken = res.body.access_token;
    return this.managementToken;
  }

  /** A Management API call with the bench's own M2M token. */
  async api<T = unknown>(method: string, path: string, body?: unknown, expect = 200) {
    const headers: Record<string, string> = { authorization: `Bearer ${await this.token()}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return json<T>(`${this.url}/api${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      expect,
    });
  }
}

export interface LoadResult {
  connections: number;
  durationS: number;
  requests: number;
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
  latencyMs: Summary;
}

/** One load run before summarizing: every 2xx latency, so runs can be merged. */
export interface RawLoad {
  connections: number;
  durationS: number;
  samples: number[];
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationS: number;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
  allowErrors?: boolean;
}

/**
 * Drives `url` with autocannon for a bounded time. Latencies are taken from every response
 * (autocannon's own histogram rounds to whole milliseconds; loopback calls need finer figures).
 * Non-2xx answers and errors are counted and make the run fail unless `allowErrors`.
 */
export async function loadRaw(options: LoadOptions): Promise<RawLoad> {
  const samples: number[] = [];
  let non2xx = 0;
  const result = await new Promise<{ errors: number; duration: number }>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationS,
        timeout: 10,
        ...(options.headers ? { headers: options.headers } : {}),
        ...(options.requests ? { requests: options.requests } : {}),
      },
      (error, res) =>
        error
          ? reject(error)
          : resolve({ errors: res.errors + res.timeouts, duration: res.duration }),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) samples.push(ms);
      else non2xx += 1;
    });
  });
  if (!options.allowErrors && (non2xx > 0 || result.errors > 0)) {
    throw new Error(`load on ${options.url}: ${non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return {
    connections: options.connections,
    durationS: result.duration,
    samples,
    non2xx,
    errors: result.errors,
  };
}

/** Merges runs (same connections) into one summary. */
export function summarizeLoad(runs: RawLoad[]): LoadResult {
  const samples = runs.flatMap((r) => r.samples);
  const durationS = runs.reduce((total, r) => total + r.durationS, 0);
  return {
    connections: runs[0]?.connections ?? 0,
    durationS: round(durationS, 2),
    requests: samples.length,
    requestsPerSecond: round(samples.length / Math.max(durationS, 1e-9), 1),
    non2xx: runs.reduce((total, r) => total + r.non2xx, 0),
    errors: runs.reduce((total, r) => total + r.errors, 0),
    latencyMs: summarize(samples),
  };
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  return summarizeLoad([await loadRaw(options)]);
}

/** Latencies of `count` sequential calls of `fn` (after `warmup` unmeasured calls). */
export async function sequential(
  count: number,
  warmup: number,
  fn: (index: number) => Promise<void>,
): Promise<Summary> {
  for (let i = 0; i < warmup; i += 1) await fn(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await fn(i);
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}

/**
 * Like `sequential` for several calls measured side by side: each round runs every function once,
 * in a rotating order, so a burst of load from elsewhere hits all of them alike.
 */
export async function interleaved(
  count: number,
  warmup: number,
  fns: Array<(index: number) => Promise<void>>,
): Promise<Summary[]> {
  for (let i = 0; i < warmup; i += 1) for (const fn of fns) await fn(-1 - i);
  const samples = fns.map(() => [] as number[]);
  for (let i = 0; i < count; i += 1) {
    for (let k = 0; k < fns.length; k += 1) {
      const which = (i + k) % fns.length;
      const started = performance.now();
      await fns[which]!(i);
      samples[which]!.push(performance.now() - started);
    }
  }
  return samples.map((s) => summarize(s));
}
