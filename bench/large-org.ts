/**
 * Large organizations: the members page of an organization with 10,000 members, per query type
 * (paging, search, role filter), through the companion server and directly against the emulator
 * (the baseline), one request at a time, the two alternating. Queries vary between samples so no answer is served
 * from a cache of the previous one.
 */
import { interleaved, json, ratio, round, type EmulatorClient, type Summary } from './lib.js';
import type { Fixtures } from './stack.js';

export interface QueryResult {
  name: string;
  example: string;
  total: number;
  server: Summary;
  direct: Summary;
  overheadP50Ms: number;
  ratioP50: number;
}

interface Query {
  q?: string;
  page?: number;
  roleId?: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export async function benchLargeOrg(
  emulator: EmulatorClient,
  serverUrl: string,
  fixtures: Fixtures,
  samples: number,
  log: (line: string) => void,
): Promise<QueryResult[]> {
  const orgId = fixtures.largeOrgId;
  const token = await emulator.mint({ username: 'alice', organizationId: orgId });
  const m2m = await emulator.token();
  const emulatorBase = emulator.url.replace('localhost', '127.0.0.1');
  const pageSize = 20;

  const types: Array<{ name: string; query: (i: number) => Query }> = [
    { name: 'first page', query: () => ({ page: 1 }) },
    { name: 'deep page', query: (i) => ({ page: 2 + ((i * 37 + 11) % 499) }) },
    // `user00123` matches user001230 … user001239: ten members, found by scanning all 10,000.
    { name: 'search', query: (i) => ({ q: `user00${pad((i * 97 + 5) % 1000, 3)}` }) },
    { name: 'role filter (admin, 1 match)', query: () => ({ roleId: fixtures.adminRoleId }) },
    {
      name: 'role filter (member) + page',
      query: (i) => ({ roleId: fixtures.memberRoleId, page: 2 + ((i * 53) % 400) }),
    },
    {
      name: 'search + role filter',
      query: (i) => ({ q: `user00${pad((i * 61 + 7) % 1000, 3)}`, roleId: fixtures.memberRoleId }),
    },
  ];

  const results: QueryResult[] = [];
  for (const type of types) {
    let total = -1;
    const serverPath = (query: Query) => {
      const params = new URLSearchParams({ pageSize: String(pageSize) });
      if (query.q) params.set('q', query.q);
      if (query.page) params.set('page', String(query.page));
      if (query.roleId) params.set('roleId', query.roleId);
      return `/organizations/${orgId}/members?${params}`;
    };
    const directPath = (query: Query) => {
      const params = new URLSearchParams({ page_size: String(pageSize) });
      if (query.q) params.set('q', query.q);
      if (query.page) params.set('page', String(query.page));
      if (query.roleId) params.set('organizationRoleId', query.roleId);
      return `/api/organizations/${orgId}/users?${params}`;
    };
    const [server, direct] = (await interleaved(samples, 3, [
      async (i) => {
        const res = await json<{ total: number; items: unknown[] }>(
          `${serverUrl}${serverPath(type.query(Math.abs(i)))}`,
          { headers: { authorization: `Bearer ${token}` }, expect: 200 },
        );
        if (i === 0) total = res.body.total;
      },
      async (i) => {
        await json(`${emulatorBase}${directPath(type.query(Math.abs(i)))}`, {
          headers: { authorization: `Bearer ${m2m}` },
          expect: 200,
        });
      },
    ])) as [Summary, Summary];
    const result: QueryResult = {
      name: type.name,
      example: serverPath(type.query(0)).replace(orgId, ':orgId'),
      total,
      server,
      direct,
      overheadP50Ms: round(server.p50 - direct.p50),
      ratioP50: ratio(server.p50, direct.p50),
    };
    log(
      `  ${type.name}: server p50 ${server.p50} ms, direct p50 ${direct.p50} ms (total ${total})`,
    );
    results.push(result);
  }
  return results;
}
