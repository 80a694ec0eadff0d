#!/usr/bin/env node
/**
 * `npm run setup`: creates the organization permissions and roles the companion server expects
 * (DESIGN.md "Permissions") in the tenant at LOGTO_ENDPOINT, idempotently, and prints what it did.
 * Needs the M2M variables (LOGTO_ENDPOINT, LOGTO_M2M_APP_ID, LOGTO_M2M_APP_SECRET,
 * LOGTO_MANAGEMENT_API_RESOURCE); the other server variables get harmless defaults here.
 *
 * With ORG_WEBHOOK_URL it also registers the Logto webhook of live updates (idempotently). The
 * hook's signing key is a secret and is never printed unless asked for:
 *   --signing-key-file PATH   write it to PATH (mode 0600), e.g. for a secret store to pick up
 *   --print-signing-key       print only the key on stdout (everything else goes to stderr)
 * With ORG_WEBHOOK_SIGNING_KEY set, it says whether that value matches the hook's key.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { ConfigError, loadConfig } from './config.js';
import { AppError } from './errors.js';
import { createJsonLogger } from './logger.js';
import { createManagementApi, LogtoApiError } from './logto.js';
import { createM2mTokenSource } from './m2m.js';
import { ensureWebhook, runSetup } from './setup.js';

interface Flags {
  keyFile: string | undefined;
  printKey: boolean;
}

function parseFlags(args: string[]): Flags | string {
  const flags: Flags = { keyFile: undefined, printKey: false };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--print-signing-key') flags.printKey = true;
    else if (arg === '--signing-key-file' && args[i + 1]) flags.keyFile = args[++i];
    else if (arg.startsWith('--signing-key-file=')) flags.keyFile = arg.slice(19);
    else return `Unknown argument: ${arg}`;
  }
  return flags;
}

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2));
  if (typeof flags === 'string') {
    process.stderr.write(
      `${flags}\nUsage: setup [--signing-key-file PATH] [--print-signing-key]\n`,
    );
    return 1;
  }
  // With --print-signing-key, stdout carries the key alone.
  const out = (line: string) => (flags.printKey ? process.stderr : process.stdout).write(line);
  const webhookUrl = process.env.ORG_WEBHOOK_URL?.trim();
  if (webhookUrl && !/^https?:\/\/[^\s]+$/.test(webhookUrl)) {
    process.stderr.write('Invalid configuration: ORG_WEBHOOK_URL must be an http(s) URL\n');
    return 1;
  }
  if ((flags.keyFile || flags.printKey) && !webhookUrl) {
    process.stderr.write(
      'The signing key options need ORG_WEBHOOK_URL (the webhook to register).\n',
    );
    return 1;
  }
  let config;
  try {
    config = loadConfig({
      ORG_API_RESOURCE: 'http://localhost:8787/api',
      ORG_INVITATION_LINK: 'http://localhost:5173/invite?id={id}',
      ...process.env,
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const logger = createJsonLogger({
    level: 'warn',
    write: (line) => process.stderr.write(line + '\n'),
  });
  const fetchImpl = (input: Request | string | URL, init?: RequestInit) => fetch(input, init);
  const m2m = createM2mTokenSource({ config, fetch: fetchImpl, now: Date.now, logger });
  const api = createManagementApi({ config, fetch: fetchImpl, m2m, logger });
  out(`Setting up the organization template at ${config.logtoEndpoint}\n`);
  try {
    const report = (line: string) => out(`  ${line}\n`);
    const result = await runSetup({ api, report });
    let unchanged = result.unchanged;
    if (webhookUrl) {
      const hook = await ensureWebhook({ api, url: webhookUrl, report });
      unchanged &&= !hook.created && !hook.updated;
      const configured = config.live.webhookSigningKeys;
      if (configured.length) {
        report(
          configured.includes(hook.signingKey)
            ? 'signing key: matches ORG_WEBHOOK_SIGNING_KEY'
            : "signing key: ORG_WEBHOOK_SIGNING_KEY differs from the hook's key (get it with --signing-key-file PATH)",
        );
      }
      if (flags.keyFile) {
        writeFileSync(flags.keyFile, `${hook.signingKey}\n`, { mode: 0o600 });
        chmodSync(flags.keyFile, 0o600);
        report(
          `signing key: written to ${flags.keyFile} (mode 0600); set ORG_WEBHOOK_SIGNING_KEY to it`,
        );
      } else if (flags.printKey) {
        process.stdout.write(`${hook.signingKey}\n`);
      } else if (!configured.length) {
        report('signing key: not shown; use --signing-key-file PATH or --print-signing-key');
      }
    }
    out(unchanged ? 'Nothing to change.\n' : 'Done.\n');
    return 0;
  } catch (error) {
    const detail =
      error instanceof LogtoApiError
        ? `Logto answered ${error.status}${error.code ? ` (${error.code})` : ''}`
        : error instanceof AppError
          ? `${error.code}: ${error.message}`
          : String(error);
    process.stderr.write(`Setup failed: ${detail}\n`);
    return 1;
  }
}

process.exitCode = await main();
