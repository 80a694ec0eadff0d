/**
 * The shared fixture of the endpoint suites: one emulator and one companion app per test file,
 * both on free loopback ports, plus helpers to mint user tokens, drive the emulator's test
 * switches and reach its Management API directly.
 */
import { decodeJwt } from 'jose';
import { buildApp } from '../src/app.js';
import type { Config } from '../src/config.js';
import { createManagementApi, type ManagementApi } from '../src/logto.js';
import { createM2mTokenSource } from '../src/m2m.js';
import type { OrgRouterInternals } from '../src/router.js';
import {
  startEmulator,
  DEMO_USERS,
  EMULATOR_DEFAULTS,
  type RunningEmulator,
} from '../../emulator/src/index.js';
import { listen, makeConfig, recordingLogger, type Running } from './helpers.js';

export { DEMO_USERS, EMULATOR_DEFAULTS };

/** Parsed JSON of a test response (tests read it loosely). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type Username = 'alice' | 'bob' | 'carol' | 'dave';

export type Emu = RunningEmulator;

export interface Fixture {
  emu: Emu;
  server: Running;
  config: Config;
  internals: OrgRouterInternals;
  /** A Management API client of the test itself (its own M2M token). */
  admin: ManagementApi;
  logLines: string[];
  userId(name: Username): string;
  resourceToken(name: Username): Promise<string>;
  orgToken(name: Username, organizationId: string): Promise<string>;
  /** fetch against the companion server: JSON in, `{status, body, headers}` out. */
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: Json; headers: Headers }>;
  faults(spec: {
    target: 'api' | 'token';
    count: number;
    status?: number;
    hang?: boolean;
    match?: string;
  }): Promise<void>;
  clearFaults(): Promise<void>;
  stats(): Promise<{
    tokenRequests: { clientCredentials: number; total: number };
    apiRequests: number;
  }>;
  setEmail(enabled: boolean): Promise<void>;
  outbox(): Promise<Array<{ to: string; link: string | null; invitationId: string }>>;
  /** A fresh organization created through the companion server by `owner`, with extra members. */
  newOrg(owner: Username, members?: Array<[Username, ...string[]]>, name?: string): Promise<string>;
  /** Another companion app on the same emulator (its own config, caches and rate limits). */
  extraApp(env?: Record<string, string>): Promise<{ url: string; internals: OrgRouterInternals }>;
  close(): Promise<void>;
}

/** POSTs JSON to one of the emulator's own endpoints; throws on a non-2xx answer. */
export async function postToEmulator(base: string, path: string, body: unknown): Promise<Json> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`emulator ${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A real user access token from the emulator's `/emulator/token` (checked to be a JWT). */
export async function mintUserToken(base: string, body: Record<string, unknown>): Promise<string> {
  const minted = await postToEmulator(base, '/emulator/token', body);
  const token = minted.access_token as string;
  decodeJwt(token);
  return token;
}

export async function startFixture(
  env: Record<string, string> = {},
  options: { seed?: 'demo' | 'empty' } = {},
): Promise<Fixture> {
  const emu = await startEmulator({ port: 0, ...(options.seed ? { seed: options.seed } : {}) });
  const configFor = (extra: Record<string, string>) =>
    makeConfig({
      LOGTO_ENDPOINT: emu.url,
      LOGTO_M2M_APP_ID: EMULATOR_DEFAULTS.m2mAppId,
      LOGTO_M2M_APP_SECRET: EMULATOR_DEFAULTS.m2mAppSecret,
      LOGTO_MANAGEMENT_API_RESOURCE: EMULATOR_DEFAULTS.managementApiResource,
      ORG_API_RESOURCE: EMULATOR_DEFAULTS.companionResource,
      ORG_UPSTREAM_TIMEOUT_MS: '2000',
      ORG_RATE_LIMIT_CREATE: '1000',
      ORG_RATE_LIMIT_INVITE: '1000',
      ORG_RATE_LIMIT_MY_INVITATIONS: '1000',
      ...extra,
    });
  const config = configFor(env);
  const extras: Running[] = [];
  const { logger, lines } = recordingLogger();
  const { app, internals } = buildApp({ config, logger, retry: { backoffMs: 5 } });
  const server = await listen(app);
  const m2m = createM2mTokenSource({
    config,
    fetch: (i, init) => fetch(i, init),
    now: Date.now,
    logger,
  });
  const admin = createManagementApi({ config, fetch: (i, init) => fetch(i, init), m2m, logger });

  const ids = new Map(DEMO_USERS.map((u) => [u.username, u.id]));
  const userId = (name: Username) => {
    const id = ids.get(name);
    if (!id) throw new Error(`no demo user ${name}`);
    return id;
  };

  const emulatorPost = (path: string, body: unknown) => postToEmulator(emu.url, path, body);
  const mint = (body: Record<string, unknown>) => mintUserToken(emu.url, body);

  const fixture: Fixture = {
    emu,
    server,
    config,
    internals,
    admin,
    logLines: lines,
    userId,
    resourceToken: (name) => mint({ userId: userId(name), resource: config.apiResource }),
    orgToken: (name, organizationId) => mint({ userId: userId(name), organizationId }),
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body: string | undefined;
      if (opts.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      }
      const res = await fetch(`${server.url}${path}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = undefined;
      if (text) {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async faults(spec) {
      await emulatorPost('/emulator/faults', spec);
    },
    async clearFaults() {
      emu.faults.clear();
    },
    async stats() {
      const res = await fetch(`${emu.url}/emulator/stats`);
      return (await res.json()) as Json;
    },
    async setEmail(enabled) {
      await emulatorPost('/emulator/email', { enabled });
    },
    async outbox() {
      return emu.outbox.list();
    },
    async newOrg(owner, members = [], name = `Org ${Math.random().toString(36).slice(2, 8)}`) {
      const res = await fixture.call('POST', '/organizations', {
        token: await fixture.resourceToken(owner),
        body: { name },
      });
      if (res.status !== 201) throw new Error(`newOrg: ${res.status} ${JSON.stringify(res.body)}`);
      const orgId = res.body.organization.id as string;
      for (const [user, ...roles] of members) {
        await admin.addOrganizationUsers(orgId, [userId(user)]);
        if (roles.length > 0) {
          await admin.addMemberRoles(orgId, userId(user), { organizationRoleNames: roles });
        }
      }
      return orgId;
    },
    async extraApp(extraEnv = {}) {
      const built = buildApp({
        config: configFor({ ...env, ...extraEnv }),
        logger,
        retry: { backoffMs: 5 },
      });
      const running = await listen(built.app);
      extras.push(running);
      return { url: running.url, internals: built.internals };
    },
    async close() {
      for (const extra of extras) await extra.close();
      await server.close();
      await emu.close();
    },
  };
  return fixture;
}
