#!/usr/bin/env node
/**
 * `npm run setup`: creates the organization permissions and roles the companion server expects
 * (DESIGN.md "Permissions") in the tenant at LOGTO_ENDPOINT, idempotently, and prints what it did.
 * Needs the M2M variables (LOGTO_ENDPOINT, LOGTO_M2M_APP_ID, LOGTO_M2M_APP_SECRET,
 * LOGTO_MANAGEMENT_API_RESOURCE); the other server variables get harmless defaults here.
 */
import { ConfigError, loadConfig } from './config.js';
import { AppError } from './errors.js';
import { createJsonLogger } from './logger.js';
import { createManagementApi, LogtoApiError } from './logto.js';
import { createM2mTokenSource } from './m2m.js';
import { runSetup } from './setup.js';

async function main(): Promise<number> {
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
  process.stdout.write(`Setting up the organization template at ${config.logtoEndpoint}\n`);
  try {
    const result = await runSetup({ api, report: (line) => process.stdout.write(`  ${line}\n`) });
    process.stdout.write(result.unchanged ? 'Nothing to change.\n' : 'Done.\n');
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
