/**
 * What verifying a user token costs the companion server on every request: the server's own
 * verifier (`createTokenVerifier`, jose, ES384) with the emulator's keys already loaded, against
 * decoding the same token without checking its signature (about what a lookup in a cache of
 * verified tokens would cost). In the bench process, one call at a time.
 */
import { createLocalJWKSet, decodeJwt, type JSONWebKeySet } from 'jose';
import { createTokenVerifier, organizationAudience } from '../server/src/auth.js';
import { json, ratio, round, summarize, type EmulatorClient, type Summary } from './lib.js';

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
