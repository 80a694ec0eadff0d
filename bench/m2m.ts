/**
 * M2M token single flight: N concurrent calls on a cold cache through our Management API client
 * (server/src/logto.ts + m2m.ts) and through `@logto/api`'s own `createManagementApi`, counting
 * the client-credentials requests the emulator receives (`/emulator/stats`).
 */
import { createManagementApi as createLogtoManagementApi } from '@logto/api/management';
import { EMULATOR_DEFAULTS } from '../emulator/src/index.js';
import { loadConfig } from '../server/src/config.js';
import { createManagementApi } from '../server/src/logto.js';
import { silentLogger } from '../server/src/logger.js';
import { createM2mTokenSource } from '../server/src/m2m.js';
import { json, round, type EmulatorClient } from './lib.js';
import { serverEnv } from './stack.js';

export interface M2mSide {
  tokenRequests: number;
  apiRequests: number;
  failures: number;
  wallMs: number;
}

async function counted(
  emulator: EmulatorClient,
  calls: number,
  call: () => Promise<boolean>,
): Promise<M2mSide> {
  const before = await emulator.stats();
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: calls }, () => call()));
  const wallMs = round(performance.now() - started, 1);
  const after = await emulator.stats();
  return {
    tokenRequests: after.tokenRequests.clientCredentials - before.tokenRequests.clientCredentials,
    // Minus the one stats call itself is not needed: /emulator/stats is not a Management API call.
    apiRequests: after.apiRequests - before.apiRequests,
    failures: results.filter((r) => r.status === 'rejected' || r.value !== true).length,
    wallMs,
  };
}

/** N concurrent cold calls (`GET /api/organizations/{id}`) through each client. */
export async function benchM2mClients(
  emulator: EmulatorClient,
  orgId: string,
  concurrency: number,
) {
  const config = loadConfig(serverEnv(emulator.url, 'http://localhost:5173'));
  const ours = createManagementApi({
    config,
    fetch: (input, init) => fetch(input, init),
    m2m: createM2mTokenSource({
      config,
      fetch: (input, init) => fetch(input, init),
      now: Date.now,
      logger: silentLogger,
    }),
    logger: silentLogger,
  });
  const oursSide = await counted(emulator, concurrency, async () => {
    const org = await ours.getOrganization(orgId);
    return org.id === orgId;
  });

  const { apiClient } = createLogtoManagementApi('default', {
    clientId: EMULATOR_DEFAULTS.m2mAppId,
    clientSecret: EMULATOR_DEFAULTS.m2mAppSecret,
    baseUrl: emulator.url,
    apiIndicator: EMULATOR_DEFAULTS.managementApiResource,
  });
  const logtoSide = await counted(emulator, concurrency, async () => {
    const result = await apiClient.GET('/api/organizations/{id}', {
      params: { path: { id: orgId } },
    });
    return result.response.ok && result.data?.id === orgId;
  });
  return { ours: oursSide, logtoApi: logtoSide };
}

/** N concurrent members-page requests to a companion server that has not fetched a token yet. */
export async function benchM2mServerCold(
  emulator: EmulatorClient,
  serverUrl: string,
  orgId: string,
  concurrency: number,
): Promise<M2mSide> {
  const token = await emulator.mint({ username: 'alice', organizationId: orgId });
  return counted(emulator, concurrency, async () => {
    const res = await json<{ items: unknown[] }>(`${serverUrl}/organizations/${orgId}/members`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return res.status === 200 && Array.isArray(res.body.items);
  });
}
