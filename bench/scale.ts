/**
 * Several instances: what the shared Redis costs and what a second instance brings.
 *
 * - lock: the per-organization lock alone (`lock.run` of an empty change, in this process against
 *   a local Redis: SET NX PX + the compare-and-delete script) next to the in-process lock; then an
 *   admin-affecting change end to end (alice sets a member's roles, through the lock, 4 upstream
 *   calls) on a server with the Redis lock next to one with the in-process lock, interleaved;
 * - throughput: the members page through two instances (load split evenly, run at the same time)
 *   next to one instance with the same total connections, plus the CPU time per request of each
 *   process, which shows what bounds the ratio on this machine.
 */
import { Redis } from 'ioredis';
import { createMemoryLock } from '../server/src/locks/org-lock.js';
import { createRedisLock } from '../server/src/locks/redis-lock.js';
import { silentLogger } from '../server/src/logger.js';
import { startRedisServer } from '../test/scale/redis-server.js';
import type { Child } from './control.js';
import {
  interleaved,
  json,
  loadRaw,
  ratio,
  round,
  sequential,
  summarizeLoad,
  type EmulatorClient,
  type LoadResult,
  type Summary,
} from './lib.js';
import { createOrganization, startServerProcess, type Fixtures } from './stack.js';

export interface ScaleOptions {
  durationS: number;
  connections: number;
  samples: number;
}

export interface ScaleResult {
  lockAlone: { memory: Summary; redis: Summary; addedP50Ms: number };
  roleChange: { memoryLock: Summary; redisLock: Summary; addedP50Ms: number; addedP99Ms: number };
  membersThroughput: {
    connections: number;
    one: LoadResult & { serverCpuMsPerRequest: number; emulatorCpuMsPerRequest: number };
    two: LoadResult & { serverCpuMsPerRequest: number; emulatorCpuMsPerRequest: number };
    ratio: number;
    benchCpuMsPerRequest: { one: number; two: number };
  };
}

export async function benchScale(
  emulator: EmulatorClient,
  emulatorChild: Child,
  memoryServer: Child,
  fixtures: Fixtures,
  allowedOrigin: string,
  options: ScaleOptions,
  log: (line: string) => void,
): Promise<ScaleResult> {
  const redis = await startRedisServer();
  const children: Child[] = [];
  try {
    // -- the lock alone -------------------------------------------------------------------------
    const client = new Redis(redis.url, { enableOfflineQueue: true });
    const redisLock = createRedisLock({
      client,
      prefix: 'bench:',
      leaseMs: 15_000,
      waitMs: 10_000,
      logger: silentLogger,
    });
    const memoryLock = createMemoryLock();
    const count = options.samples * 10;
    const [memoryAlone, redisAlone] = await interleaved(count, 50, [
      () => memoryLock.run('org', async () => {}),
      () => redisLock.run('org', async () => {}),
    ]);
    client.disconnect();
    log(`  lock alone p50: in-process ${memoryAlone!.p50} ms, Redis ${redisAlone!.p50} ms`);

    // -- an admin-affecting change end to end ---------------------------------------------------
    const env = { ORG_REDIS_URL: redis.url, ORG_REDIS_PREFIX: 'bench:' };
    const [a, b] = await Promise.all([
      startServerProcess(emulator.url, allowedOrigin, [], env),
      startServerProcess(emulator.url, allowedOrigin, [], env),
    ]);
    children.push(a, b);
    const someone = (
      await emulator.api<Array<{ id: string }>>(
        'GET',
        `/organizations/${fixtures.smallOrgId}/users?page_size=1&organizationRoleId=${fixtures.memberRoleId}`,
      )
    ).body[0]!.id;
    const orgId = await createOrganization(emulator, 'Bench lock', fixtures, [someone]);
    const token = await emulator.mint({ username: 'alice', organizationId: orgId });
    const change = (url: string) => async () => {
      await json(`${url}/organizations/${orgId}/members/${someone}/roles`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ roleIds: [fixtures.memberRoleId] }),
        expect: 200,
      });
    };
    const [memoryChange, redisChange] = await interleaved(options.samples * 2, 10, [
      change(memoryServer.url),
      change(a.url),
    ]);
    log(
      `  role change p50: in-process lock ${memoryChange!.p50} ms, Redis lock ${redisChange!.p50} ms`,
    );

    // -- members page: one instance vs two --------------------------------------------------------
    const membersToken = await emulator.mint({
      username: 'alice',
      organizationId: fixtures.smallOrgId,
    });
    const target = (url: string, connections: number) => ({
      url,
      connections,
      durationS: options.durationS,
      headers: { authorization: `Bearer ${membersToken}` },
      requests: [
        { method: 'GET', path: `/organizations/${fixtures.smallOrgId}/members?page=1&pageSize=20` },
      ],
    });
    await sequential(50, 0, async () => {
      await json(`${b.url}/organizations/${fixtures.smallOrgId}/members?page=1&pageSize=20`, {
        headers: { authorization: `Bearer ${membersToken}` },
        expect: 200,
      });
    });
    const measure = async (urls: string[]) => {
      const servers = urls.map((url) => (url === a.url ? a : b));
      const before = await Promise.all([...servers, emulatorChild].map((c) => c.cpuMs()));
      const benchBefore = process.cpuUsage();
      const per = Math.max(1, Math.round(options.connections / urls.length));
      const runs = await Promise.all(urls.map((url) => loadRaw(target(url, per))));
      const benchUsage = process.cpuUsage(benchBefore);
      const afterCpu = await Promise.all([...servers, emulatorChild].map((c) => c.cpuMs()));
      const merged = summarizeLoad([
        {
          connections: per * urls.length,
          durationS: Math.max(...runs.map((r) => r.durationS)),
          samples: runs.flatMap((r) => r.samples),
          non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
          errors: runs.reduce((n, r) => n + r.errors, 0),
        },
      ]);
      const used = afterCpu.map((t, i) => t - before[i]!);
      const serverCpu = used.slice(0, servers.length).reduce((x, y) => x + y, 0);
      const emulatorCpu = used[used.length - 1]!;
      return {
        ...merged,
        serverCpuMsPerRequest: round(serverCpu / Math.max(merged.requests, 1)),
        emulatorCpuMsPerRequest: round(emulatorCpu / Math.max(merged.requests, 1)),
        benchCpuMsPerRequest: round(
          (benchUsage.user + benchUsage.system) / 1000 / Math.max(merged.requests, 1),
        ),
      };
    };
    const one = await measure([a.url]);
    const two = await measure([a.url, b.url]);
    log(
      `  members page: one instance ${one.requestsPerSecond} req/s, two ${two.requestsPerSecond} req/s`,
    );
    const { benchCpuMsPerRequest: benchOne, ...oneRest } = one;
    const { benchCpuMsPerRequest: benchTwo, ...twoRest } = two;
    return {
      lockAlone: {
        memory: memoryAlone!,
        redis: redisAlone!,
        addedP50Ms: round(redisAlone!.p50 - memoryAlone!.p50),
      },
      roleChange: {
        memoryLock: memoryChange!,
        redisLock: redisChange!,
        addedP50Ms: round(redisChange!.p50 - memoryChange!.p50),
        addedP99Ms: round(redisChange!.p99 - memoryChange!.p99),
      },
      membersThroughput: {
        connections: options.connections,
        one: oneRest,
        two: twoRest,
        ratio: ratio(two.requestsPerSecond, one.requestsPerSecond),
        benchCpuMsPerRequest: { one: benchOne, two: benchTwo },
      },
    };
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await redis.close();
  }
}
