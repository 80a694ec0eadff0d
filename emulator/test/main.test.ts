/** `npm run emulator` (emulator/src/main.ts): environment, printed URLs and credentials, clean stop. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const main = new URL('../src/main.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'emulator-main-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const printed = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      if (stdout.includes('Demo users')) resolve(stdout);
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  printed.catch(() => undefined); // awaited only by tests that expect a start
  return { child, printed, output: () => ({ stdout, stderr }) };
}

describe('npm run emulator', () => {
  it('prints URLs and credentials, honours the environment and stops on SIGTERM', async () => {
    const file = join(dir, 'data.json');
    const { child, printed } = run({
      EMULATOR_PORT: '0',
      EMULATOR_EMAIL: 'off',
      EMULATOR_DATA_FILE: file,
      EMULATOR_M2M_APP_ID: 'mainm2mapp00000000001',
      EMULATOR_M2M_APP_SECRET: 'main-secret',
    });
    const text = await printed;
    const base = /Base URL\s+(\S+)/.exec(text)?.[1];
    assert.ok(base, text);
    assert.match(text, new RegExp(`OIDC issuer\\s+${base}/oidc`));
    assert.match(text, /emulator\/outbox\.html/);
    assert.match(text, /mainm2mapp00000000001/);
    assert.match(text, /main-secret/);
    assert.match(text, /alice\s+alice-pass/);
    const port = new URL(base).port;
    const status = await fetch(`http://127.0.0.1:${port}/api/status`);
    assert.equal(status.status, 204);
    const email = await fetch(`http://127.0.0.1:${port}/emulator/email`);
    assert.deepEqual(await email.json(), { enabled: false });
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.equal(existsSync(file), true);
  });

  it('registers a webhook from EMULATOR_HOOK_URL / _EVENTS / _SIGNING_KEY', async () => {
    const { child, printed } = run({
      EMULATOR_PORT: '0',
      EMULATOR_HOOK_URL: 'http://127.0.0.1:9/logto-hook',
      EMULATOR_HOOK_EVENTS: 'Organization.Created, Organization.Membership.Updated',
      EMULATOR_HOOK_SIGNING_KEY: 'env-signing-key-0123456789',
    });
    try {
      const text = await printed;
      assert.match(text, /Webhook\s+http:\/\/127\.0\.0\.1:9\/logto-hook/);
      assert.match(text, /env-signing-key-0123456789/);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('refuses unknown EMULATOR_HOOK_EVENTS, naming the variable', async () => {
    const { child, output } = run({
      EMULATOR_PORT: '0',
      EMULATOR_HOOK_URL: 'http://127.0.0.1:9/logto-hook',
      EMULATOR_HOOK_EVENTS: 'Organization.Nope',
    });
    const [code] = await once(child, 'exit');
    assert.equal(code, 1);
    assert.match(output().stderr, /EMULATOR_HOOK_EVENTS/);
  });

  it('refuses a bad EMULATOR_PORT, naming the variable', async () => {
    const { child, output } = run({ EMULATOR_PORT: 'abc' });
    const [code] = await once(child, 'exit');
    assert.equal(code, 1);
    assert.match(output().stderr, /EMULATOR_PORT/);
  });
});
