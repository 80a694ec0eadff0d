/**
 * Parts of one companion request, measured alone from the bench process.
 *
 * What verifying a user token costs the companion server on every request: the server's own
 * verifier (`createTokenVerifier`, jose, ES384) with the emulator's keys already loaded, against
 * decoding the same token without checking its signature (about what a lookup in a cache of
 * verified tokens would cost). In the bench process, one call at a time.
 */
import { createLocalJWKSet, decodeJwt, type JSONWebKeySet } from 'jose';
import { createTokenVerifier, organizationAudience } from '../server/src/auth.js';
import { loadConfig } from '../server/src/config.js';
import { silentLogger } from '../server/src/logger.js';
import { createManagementApi } from '../server/src/logto.js';
import { createM2mTokenSource } from '../server/src/m2m.js';
import type { FetchLike } from '../server/src/upstream.js';
import {
  json,
  ratio,
  round,
  sequential,
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
  /** Our Management API client (openapi-fetch, timeout, retry, M2M token), warm. */
  ours: Summary;
  /** A bare `fetch` + `json()` of the same URL with the same token. */
  bareFetch: Summary;
  ratioP50: number;
}

/**
 * The cost of one upstream call as the server makes it: `listOrganizationUsers` through our
 * client, against a bare fetch of the same Management API URL, one at a time from the bench
 * process.
 */
export async function benchUpstreamClient(
  emulator: EmulatorClient,
  orgId: string,
  count: number,
): Promise<UpstreamClientResult> {
  const config = loadConfig(serverEnv(emulator.url, 'http://localhost:5173'));
  const doFetch: FetchLike = (input, init) => fetch(input, init);
  const api = createManagementApi({
    config,
    fetch: doFetch,
    m2m: createM2mTokenSource({ config, fetch: doFetch, now: Date.now, logger: silentLogger }),
    logger: silentLogger,
  });
  const token = await emulator.token();
  const url = `${emulator.url}/api/organizations/${orgId}/users?page=1&page_size=20`;
  const ours = await sequential(count, 20, async () => {
    const page = await api.listOrganizationUsers(orgId, { page: 1, pageSize: 20 });
    if (page.items.length === 0) throw new Error('no members');
  });
  const bareFetch = await sequential(count, 20, async () => {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as unknown[];
    if (!res.ok || body.length === 0) throw new Error(`members: ${res.status}`);
  });
  return { count, ours, bareFetch, ratioP50: ratio(ours.p50, bareFetch.p50) };
}
