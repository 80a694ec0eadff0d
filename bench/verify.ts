/**
 * Parts of one companion request, measured alone from the bench process.
 *
 * What verifying a user token costs the companion server on every request: the server's own
 * verifier (`createTokenVerifier`, jose, ES384) with the emulator's keys already loaded, against
 * decoding the same token without checking its signature (about what a lookup in a cache of
 * verified tokens would cost). In the bench process, one call at a time.
 */
import { createLocalJWKSet, decodeJwt, type JSONWebKeySet } from 'jose';
import { Agent, request } from 'node:http';
import { createTokenVerifier, organizationAudience } from '../server/src/auth.js';
import { loadConfig } from '../server/src/config.js';
import { createHttpFetch } from '../server/src/http-fetch.js';
import { silentLogger } from '../server/src/logger.js';
import { createManagementApi } from '../server/src/logto.js';
import { createM2mTokenSource } from '../server/src/m2m.js';
import {
  json,
  ratio,
  interleaved,
  round,
  summarize,
  type EmulatorClient,
  type Summary,
} from './lib.js';
import { serverEnv } from './stack.js';

export interface VerifyResult {
  count: number;
  verify: Summary;
  verifyCpuMsPerCall: number;
  decode: Summary;
  ratioP50: number;
}

export async function benchVerify(
  emulator: EmulatorClient,
  orgId: string,
  count: number,
): Promise<VerifyResult> {
  const keys = (await json<JSONWebKeySet>(`${emulator.url}/oidc/jwks`, { expect: 200 })).body;
  const verify = createTokenVerifier({
    config: {
      issuer: `${emulator.url}/oidc`,
      tokenAlgorithms: ['ES384'],
      clockToleranceSeconds: 5,
    },
    jwks: createLocalJWKSet(keys),
  });
  const token = await emulator.mint({ username: 'alice', organizationId: orgId });
  const audience = organizationAudience(orgId);
  for (let i = 0; i < 50; i += 1) await verify(token, audience);
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await verify(token, audience);
    times.push(performance.now() - started);
  }
  const used = process.cpuUsage(cpu);
  const decodeTimes: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    const claims = decodeJwt(token);
    if (claims.aud !== audience) throw new Error('unexpected audience');
    decodeTimes.push(performance.now() - started);
  }
  const verifySummary = summarize(times);
  const decodeSummary = summarize(decodeTimes);
  return {
    count,
    verify: verifySummary,
    verifyCpuMsPerCall: round((used.user + used.system) / 1000 / count),
    decode: decodeSummary,
    ratioP50: ratio(verifySummary.p50, decodeSummary.p50),
  };
}

export interface UpstreamClientResult {
  count: number;
  /** Our Management API client over the default transport (openapi-fetch, timeout, retry, M2M token), warm. */
  ours: Summary;
  /** CPU of the bench process per call, in microseconds. */
  oursCpuUsPerCall: number;
  /** A bare keep-alive `http.request` + `JSON.parse` of the same URL with the same token. */
  bare: Summary;
  bareCpuUsPerCall: number;
  ratioP50: number;
}

/**
 * One Management API call (a members page) through the server's client, with its default
 * transport, against the least any Node client does for it: `http.request` on a keep-alive agent
 * and `JSON.parse`. Alternating calls, one at a time; wall time and the bench process's CPU.
 */
export async function benchUpstreamClient(
  emulator: EmulatorClient,
  orgId: string,
  count: number,
): Promise<UpstreamClientResult> {
  const config = loadConfig(serverEnv(emulator.url, 'http://localhost:5173'));
  const transport = createHttpFetch();
  const api = createManagementApi({
    config,
    fetch: transport,
    m2m: createM2mTokenSource({ config, fetch: transport, now: Date.now, logger: silentLogger }),
    logger: silentLogger,
  });
  const token = await emulator.token();
  const url = new URL(`${emulator.url}/api/organizations/${orgId}/users?page=1&page_size=20`);
  const agent = new Agent({ keepAlive: true });
  const cpu = { ours: 0, bare: 0 };
  const timed = (which: 'ours' | 'bare', call: () => Promise<unknown[]>) => async (i: number) => {
    const before = process.cpuUsage();
    const items = await call();
    const used = process.cpuUsage(before);
    if (i >= 0) cpu[which] += used.user + used.system; // warm-up calls have negative indexes
    if (items.length === 0) throw new Error('no members');
  };
  const ours = timed('ours', async () => (await api.listOrganizationUsers(orgId, {})).items);
  const bare = timed(
    'bare',
    () =>
      new Promise<unknown[]>((resolve, reject) => {
        const req = request(
          url,
          { agent, headers: { authorization: `Bearer ${token}` } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString()) as unknown[]));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end();
      }),
  );
  const [oursSummary, bareSummary] = (await interleaved(count, 200, [ours, bare])) as [
    Summary,
    Summary,
  ];
  agent.destroy();
  const calls = count;
  return {
    count,
    ours: oursSummary,
    oursCpuUsPerCall: round(cpu.ours / calls, 1),
    bare: bareSummary,
    bareCpuUsPerCall: round(cpu.bare / calls, 1),
    ratioP50: ratio(oursSummary.p50, bareSummary.p50),
  };
}
