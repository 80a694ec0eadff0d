import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EMULATOR_DEFAULTS } from '../../emulator/src/index.js';
import { WEBHOOK_EVENTS } from '../src/live/webhook.js';
import { ensureWebhook, WEBHOOK_NAME } from '../src/setup.js';
import { startFixture, type Fixture } from './emulator-fixture.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function run(args: string[], env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--conditions=org-widget-source', '--import', 'tsx', 'server/src/setup-cli.ts', ...args],
    { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('webhook registration (setup)', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture({}, { seed: 'empty' });
  });
  after(() => f.close());

  it('creates the hook once, then reuses it unchanged', async () => {
    const url = 'https://app.example.com/org-api/webhooks/logto';
    const first = await ensureWebhook({ api: f.admin, url });
    assert.equal(first.created, true);
    assert.ok(first.signingKey.length >= 16);
    const hooks = await f.admin.listHooks();
    const hook = hooks.find((h) => h.id === first.hookId)!;
    assert.equal(hook.name, WEBHOOK_NAME);
    assert.deepEqual([...hook.events].sort(), [...WEBHOOK_EVENTS].sort());
    assert.equal(hook.enabled, true);

    const second = await ensureWebhook({ api: f.admin, url });
    assert.deepEqual(second, { ...first, created: false, updated: false });
    assert.equal((await f.admin.listHooks()).length, hooks.length);
  });

  it('completes an existing hook: missing events added (others kept), enabled again', async () => {
    const url = 'https://other.example.com/webhooks/logto';
    const existing = await f.admin.createHook({
      name: 'mine',
      events: ['Organization.Membership.Updated'],
      config: { url },
    });
    await f.admin.updateHook(existing.id, { enabled: false });
    const result = await ensureWebhook({ api: f.admin, url });
    assert.equal(result.hookId, existing.id);
    assert.equal(result.updated, true);
    assert.equal(result.signingKey, existing.signingKey);
    const hook = (await f.admin.listHooks()).find((h) => h.id === existing.id)!;
    assert.equal(hook.enabled, true);
    assert.deepEqual([...hook.events].sort(), [...WEBHOOK_EVENTS].sort());
  });
});

describe('npm run setup with ORG_WEBHOOK_URL', () => {
  let f: Fixture;
  let env: Record<string, string>;
  before(async () => {
    f = await startFixture({}, { seed: 'empty' });
    env = {
      LOGTO_ENDPOINT: f.emu.url,
      LOGTO_M2M_APP_ID: EMULATOR_DEFAULTS.m2mAppId,
      LOGTO_M2M_APP_SECRET: EMULATOR_DEFAULTS.m2mAppSecret,
      ORG_WEBHOOK_URL: 'http://localhost:8787/webhooks/logto',
    };
  });
  after(() => f.close());

  it('never prints the signing key unless asked; writes it to a 0600 file; prints it alone', async () => {
    const plain = await run([], env);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /webhook http:\/\/localhost:8787\/webhooks\/logto: created/);
    assert.match(plain.stdout, /signing key: not shown/);
    const [hook] = await f.admin.listHooks();
    assert.ok(hook);
    assert.equal(plain.stdout.includes(hook.signingKey), false);
    assert.equal(plain.stderr.includes(hook.signingKey), false);

    const dir = mkdtempSync(join(tmpdir(), 'org-setup-'));
    const file = join(dir, 'key');
    const written = await run(['--signing-key-file', file], env);
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stdout, /Nothing to change\./);
    assert.equal(readFileSync(file, 'utf8'), `${hook.signingKey}\n`);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(written.stdout.includes(hook.signingKey), false);

    const printed = await run(['--print-signing-key'], env);
    assert.equal(printed.code, 0, printed.stderr);
    assert.equal(printed.stdout, `${hook.signingKey}\n`);

    const matching = await run([], { ...env, ORG_WEBHOOK_SIGNING_KEY: hook.signingKey });
    assert.match(matching.stdout, /signing key: matches ORG_WEBHOOK_SIGNING_KEY/);
    const stale = await run([], { ...env, ORG_WEBHOOK_SIGNING_KEY: 'an-old-key-0123456789' });
    assert.match(stale.stdout, /ORG_WEBHOOK_SIGNING_KEY differs/);
    assert.equal(stale.stdout.includes(hook.signingKey), false);
  });

  it('refuses a bad URL and unknown arguments', async () => {
    const bad = await run([], { ...env, ORG_WEBHOOK_URL: 'ftp://x' });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /ORG_WEBHOOK_URL/);
    const unknown = await run(['--nope'], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Unknown argument/);
  });
});
