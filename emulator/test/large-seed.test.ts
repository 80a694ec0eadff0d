/**
 * The large data set (1,000 organizations, 10,000 users all in the first one): correctness of
 * paging over it, and the timing of one page of members (reported, not asserted).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startTestEmulator } from './support/emulator.js';
import type { TestEmulator } from './support/emulator.js';

describe('large seed', () => {
  let t: TestEmulator;
  let firstOrgId: string;
  let seedMs: number;
  before(async () => {
    const started = performance.now();
    t = await startTestEmulator({
      seed: { organizations: 1000, users: 10_000, membersInFirstOrg: 10_000 },
    });
    seedMs = performance.now() - started;
    firstOrgId = t.emulator.store
      .listOrganizations()
      .find((org) => org.name === 'Organization 0001')!.id;
  });
  after(() => t.close());

  it('has 1,000 organizations and 10,001 members in the first (alice as admin)', async (context) => {
    context.diagnostic(`start with seed: ${seedMs.toFixed(0)} ms`);
    const orgs = await t.api('GET', '/organizations?page_size=1');
    assert.equal(orgs.headers.get('total-number'), '1000');
    const members = await t.api('GET', `/organizations/${firstOrgId}/users?page_size=1`);
    assert.equal(members.headers.get('total-number'), '10001');
  });

  it('pages through 10,001 members without overlap, ordered by user id', async () => {
    const seen = new Set<string>();
    let previous = '';
    for (const page of [1, 2, 250, 501]) {
      const res = await t.api(
        'GET',
        `/organizations/${firstOrgId}/users?page=${page}&page_size=20`,
      );
      assert.equal(res.status, 200);
      for (const user of res.body as Array<{ id: string }>) {
        assert.equal(seen.has(user.id), false);
        seen.add(user.id);
        if (page === 1) {
          assert.ok(user.id > previous);
          previous = user.id;
        }
      }
      if (page === 501) assert.equal(res.body.length, 1);
      if (page === 1) assert.match(res.headers.get('link')!, /page=501&page_size=20>; rel="last"/);
    }
  });

  it('reports the time of one page of members (HTTP and store)', async (context) => {
    const path = `/organizations/${firstOrgId}/users?page=250&page_size=20`;
    await t.api('GET', path); // warm the per-organization sort cache
    const times: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const started = performance.now();
      const res = await t.api('GET', path);
      times.push(performance.now() - started);
      assert.equal(res.body.length, 20);
    }
    times.sort((a, b) => a - b);
    context.diagnostic(
      `GET one page of 20 of 10,001 members over HTTP: median ${times[10]!.toFixed(2)} ms, max ${times[19]!.toFixed(2)} ms`,
    );
    const q = performance.now();
    const search = await t.api(
      'GET',
      `/organizations/${firstOrgId}/users?q=user00999&page_size=20`,
    );
    context.diagnostic(`… with q (scan of 10,001): ${(performance.now() - q).toFixed(2)} ms`);
    assert.equal(search.headers.get('total-number'), '10'); // user009990 … user009999

    const { store } = t.emulator;
    store.addMembers(firstOrgId, []); // invalidates the cache: next call sorts again
    const cold = performance.now();
    store.listMembers(firstOrgId);
    const coldMs = performance.now() - cold;
    const warm = performance.now();
    store.listMembers(firstOrgId).slice(4980, 5000);
    context.diagnostic(
      `store: cold sort ${coldMs.toFixed(2)} ms, warm page ${(performance.now() - warm).toFixed(3)} ms`,
    );
  });
});
