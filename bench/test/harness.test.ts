/** The benchmark harness's own arithmetic: percentiles, summaries and CPU profile summaries. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { percentile, ratio, summarize } from '../lib.js';
import { originOf, summarizeProfile } from '../profile.js';
import { measure } from '../size.mjs';

describe('percentile and summarize', () => {
  it('uses the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(sorted, 50), 50);
    assert.equal(percentile(sorted, 99), 99);
    assert.equal(percentile(sorted, 100), 100);
    assert.equal(percentile([7], 50), 7);
    assert.ok(Number.isNaN(percentile([], 50)));
  });

  it('summarizes unsorted samples', () => {
    const s = summarize([5, 1, 3, 2, 4]);
    assert.deepEqual(
      { n: s.n, p50: s.p50, min: s.min, max: s.max, mean: s.mean },
      { n: 5, p50: 3, min: 1, max: 5, mean: 3 },
    );
  });

  it('gives no ratio against a zero baseline', () => {
    assert.equal(ratio(3, 2), 1.5);
    assert.ok(Number.isNaN(ratio(3, 0)));
  });
});

describe('size', () => {
  it('measures raw and gzip bytes', () => {
    const code = 'export const a = 1;\n'.repeat(100);
    const m = measure(code);
    assert.equal(m.rawBytes, code.length);
    assert.ok(m.gzipBytes > 0 && m.gzipBytes < m.rawBytes / 10);
  });
});

describe('CPU profile summary', () => {
  it('names the origin of a script', () => {
    assert.equal(originOf('file:///x/node_modules/jose/dist/webapi/jwt/verify.js'), 'jose');
    assert.equal(originOf('file:///x/node_modules/@lit/task/task.js'), '@lit/task');
    assert.equal(originOf('file:///work/main/server/src/auth.ts'), 'server/src/auth.ts');
    assert.equal(originOf('node:internal/crypto/util'), 'node:internal');
    assert.equal(originOf(''), '(native/V8)');
  });

  it('adds self time per function and inclusive time per frame', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2, 5] },
        {
          id: 2,
          callFrame: frame('listMembers', 'file:///p/server/src/router.ts'),
          children: [3, 4],
        },
        { id: 3, callFrame: frame('jwtVerify', 'file:///p/node_modules/jose/a.js'), children: [] },
        { id: 4, callFrame: frame('stringify', ''), children: [] },
        { id: 5, callFrame: frame('(idle)', ''), children: [] },
      ],
      // 3 ms in jwtVerify, 1 ms in stringify, 6 ms idle (time deltas in microseconds).
      samples: [3, 3, 3, 4, 5, 5, 5, 5, 5, 5],
      timeDeltas: Array.from({ length: 10 }, () => 1000),
      startTime: 0,
      endTime: 10_000,
    };
    const dir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
    try {
      const file = join(dir, 'p.cpuprofile');
      writeFileSync(file, JSON.stringify(profile));
      const summary = summarizeProfile(file);
      assert.equal(summary.totalMs, 10);
      assert.equal(summary.idleMs, 6);
      assert.deepEqual(summary.selfByOrigin[0], { origin: 'jose', ms: 3, percent: 75 });
      const inclusive = Object.fromEntries(summary.inclusive.map((e) => [e.frame, e.ms]));
      assert.equal(inclusive['listMembers (server/src/router.ts)'], 4);
      assert.equal(inclusive['jwtVerify (jose)'], 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the floor proxy of the server benchmark', () => {
  it('answers the members page with the Management API answer as it is', async () => {
    const { startEmulatorProcess, createFixtures, serverEnv } = await import('../stack.js');
    const { startChild } = await import('../control.js');
    const { child, emulator } = await startEmulatorProcess({ users: 30 });
    try {
      const fixtures = await createFixtures(emulator);
      const proxy = await startChild('./proxy-process.ts', {
        env: serverEnv(emulator.url, 'http://localhost:5173'),
      });
      try {
        const direct = (
          await emulator.api<unknown[]>(
            'GET',
            `/organizations/${fixtures.smallOrgId}/users?page=1&page_size=20`,
          )
        ).body;
        const res = await fetch(
          `${proxy.url}/organizations/${fixtures.smallOrgId}/members?page=1&pageSize=20`,
        );
        assert.equal(res.status, 200);
        const body = (await res.json()) as { members: unknown[] };
        assert.equal(body.members.length, 20);
        assert.deepEqual(body.members, direct);
        assert.equal((await fetch(`${proxy.url}/elsewhere`)).status, 404);
      } finally {
        await proxy.stop();
      }
    } finally {
      await child.stop();
    }
  });
});
