import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  startEmulator,
  EMULATOR_DEFAULTS,
  type RunningEmulator,
} from '../../emulator/src/index.js';
import { TEST_ENV } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Runs the sources: the workspace packages resolve to `src/` through this export condition. */
const NODE_ARGS = ['--conditions=org-widget-source', '--import', 'tsx'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(script: string, env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, [...NODE_ARGS, script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run server (server/src/main.ts)', () => {
  it('stops with a message naming a missing variable, without printing secrets', async () => {
    const env: Record<string, string> = { ...TEST_ENV };
    delete env.LOGTO_ENDPOINT;
    const result = await run('server/src/main.ts', env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /LOGTO_ENDPOINT/);
    assert.doesNotMatch(result.stderr + result.stdout, new RegExp(TEST_ENV.LOGTO_M2M_APP_SECRET));
  });

  it('listens, answers /healthz and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [...NODE_ARGS, 'server/src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...TEST_ENV, PORT: '0' },
    });
    let stdout = '';
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        const match = /"port":(\d+)/.exec(stdout);
        if (match) resolve(Number(match[1]));
      });
      child.on('exit', () => reject(new Error(`exited early: ${stdout}`)));
    });
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.doesNotMatch(stdout, new RegExp(TEST_ENV.LOGTO_M2M_APP_SECRET));
  });
});

describe('npm run setup (server/src/setup-cli.ts)', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ port: 0, seed: 'empty' });
  });
  after(() => emu.close());

  it('creates the template, then reports nothing to change', async () => {
    const env = {
      LOGTO_ENDPOINT: emu.url,
      LOGTO_M2M_APP_ID: EMULATOR_DEFAULTS.m2mAppId,
      LOGTO_M2M_APP_SECRET: EMULATOR_DEFAULTS.m2mAppSecret,
    };
    const first = await run('server/src/setup-cli.ts', env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /permission read:member: created/);
    assert.match(first.stdout, /role admin: created/);
    assert.match(first.stdout, /Done\./);
    const second = await run('server/src/setup-cli.ts', env);
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stdout, /created|added/);
    assert.match(second.stdout, /Nothing to change\./);
  });

  it('fails with a clear message on bad credentials', async () => {
    const result = await run('server/src/setup-cli.ts', {
      LOGTO_ENDPOINT: emu.url,
      LOGTO_M2M_APP_ID: EMULATOR_DEFAULTS.m2mAppId,
      LOGTO_M2M_APP_SECRET: 'wrong-secret-xyz',
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Setup failed/);
    assert.doesNotMatch(result.stderr + result.stdout, /wrong-secret-xyz/);
  });
});
