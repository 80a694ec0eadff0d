#!/usr/bin/env node
/**
 * `npm run emulator`: the local Logto emulator on port 3001 (or `EMULATOR_PORT`).
 * `EMULATOR_M2M_APP_ID` / `EMULATOR_M2M_APP_SECRET` set the M2M credentials,
 * `EMULATOR_DATA_FILE` keeps the data across restarts, `EMULATOR_EMAIL=off` starts with no
 * email connector, `EMULATOR_HOOK_URL` (+ `EMULATOR_HOOK_EVENTS`, `EMULATOR_HOOK_SIGNING_KEY`)
 * registers a webhook.
 */
import { DEMO_USERS, EMULATOR_DEFAULTS, HOOK_EVENTS, startEmulator } from './index.js';
import type { HookEvent, HookSeed } from './index.js';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const portText = process.env.EMULATOR_PORT ?? String(EMULATOR_DEFAULTS.port);
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`EMULATOR_PORT must be a port number (got "${portText}")`);
}
const emailSetting = (process.env.EMULATOR_EMAIL ?? 'on').toLowerCase();
if (!['on', 'off', 'true', 'false', '1', '0'].includes(emailSetting)) {
  fail(`EMULATOR_EMAIL must be "on" or "off" (got "${process.env.EMULATOR_EMAIL}")`);
}

/** The organization events the live-updates feature listens to. */
const DEFAULT_HOOK_EVENTS: HookEvent[] = [
  'Organization.Created',
  'Organization.Data.Updated',
  'Organization.Deleted',
  'Organization.Membership.Updated',
];

function hookFromEnvironment(): HookSeed | undefined {
  const url = process.env.EMULATOR_HOOK_URL;
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (!['http:', 'https:'].includes(parsed.protocol)) throw new Error('not http(s)');
  } catch {
    fail(`EMULATOR_HOOK_URL must be an http(s) URL (got "${url}")`);
  }
  const listed = process.env.EMULATOR_HOOK_EVENTS;
  const events = listed
    ? listed
        .split(',')
        .map((event) => event.trim())
        .filter(Boolean)
    : DEFAULT_HOOK_EVENTS;
  const unknown = events.filter((event) => !(HOOK_EVENTS as readonly string[]).includes(event));
  if (events.length === 0 || unknown.length > 0) {
    fail(`EMULATOR_HOOK_EVENTS must list Logto hook events (unknown: "${unknown.join(', ')}")`);
  }
  const signingKey = process.env.EMULATOR_HOOK_SIGNING_KEY;
  if (signingKey !== undefined && signingKey.length < 16) {
    fail('EMULATOR_HOOK_SIGNING_KEY must have at least 16 characters');
  }
  return {
    id: 'emulatorenvhook000001',
    name: 'EMULATOR_HOOK_URL',
    url,
    events: events as HookEvent[],
    ...(signingKey !== undefined && { signingKey }),
  };
}

const hook = hookFromEnvironment();

const emulator = await startEmulator({
  port,
  host: process.env.EMULATOR_HOST ?? '127.0.0.1',
  emailConnector: !['off', 'false', '0'].includes(emailSetting),
  ...(process.env.EMULATOR_PUBLIC_URL && { publicUrl: process.env.EMULATOR_PUBLIC_URL }),
  ...(process.env.EMULATOR_M2M_APP_ID && { m2mAppId: process.env.EMULATOR_M2M_APP_ID }),
  ...(process.env.EMULATOR_M2M_APP_SECRET && {
    m2mAppSecret: process.env.EMULATOR_M2M_APP_SECRET,
  }),
  ...(process.env.EMULATOR_DATA_FILE && { persistFile: process.env.EMULATOR_DATA_FILE }),
  ...(process.env.ORG_API_RESOURCE && { companionResource: process.env.ORG_API_RESOURCE }),
  ...(hook && { hooks: [hook] }),
  logger: {
    info: (message) => console.log(message),
    error: (message, error) => console.error(message, error),
  },
}).catch((error: unknown) => fail(`The emulator could not start: ${String(error)}`));

const { config } = emulator;
const users = emulator.store
  .signInHints()
  .map((hint) => `    ${hint.username.padEnd(8)} ${hint.password.padEnd(14)} ${hint.name ?? ''}`)
  .join('\n');

console.log(`
Logto emulator (local use only)
  Base URL            ${config.publicUrl}
  OIDC issuer         ${config.issuer}
  Management API      ${config.publicUrl}/api  (resource ${config.managementApiResource})
  Outbox              ${config.publicUrl}/emulator/outbox.html  (email connector ${emulator.emailEnabled() ? 'on' : 'off'})
  SPA app id          ${config.spaAppId}
  M2M app id          ${config.m2mAppId}
  M2M app secret      ${config.m2mAppSecret}  (local-only)
  Companion resource  ${config.companionResource}
  Data file           ${config.persistFile ?? '(none: data is lost at exit)'}
  Webhook             ${hook ? `${hook.url} (${hook.events.join(', ')}; signing key ${emulator.store.getHook(hook.id ?? '').signingKey})` : '(none: set EMULATOR_HOOK_URL)'}
  Demo users (username, password, name):
${users || `    (none${DEMO_USERS.length ? '' : ''})`}
`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping the emulator`);
  emulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
