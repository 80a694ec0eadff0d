/**
 * The shared fixture of the security and stress suites: a real emulator and a real companion app
 * (`createApp`) on free loopback ports, with everything observable:
 *
 * - every upstream call the server makes goes through a recording `fetch` (method, path, and the
 *   M2M tokens it carries or receives), which can also cut off chosen URLs (JWKS unreachable);
 * - every log line of the server's injected JSON logger is kept;
 * - every response the suite receives (status, headers, body) is kept;
 *
 * so a suite can count upstream calls, compare the emulator's state before and after, and scan all
 * of it for secrets at the end (`assertNoSecrets`).
 */
import assert from 'node:assert/strict';
import { importJWK, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { buildApp } from '../../server/src/app.js';
import { mintUserToken, postToEmulator } from '../../server/test/emulator-fixture.js';
import { ERROR_CODES } from 'logto-org-widget-contract';
import { loadConfig, type Config } from '../../server/src/config.js';
import { createJsonLogger } from '../../server/src/logger.js';
import type { OrgRouterInternals } from '../../server/src/router.js';
import {
  createUserFixture,
  DEMO_USERS,
  EMULATOR_DEFAULTS,
  startEmulator,
  type RunningEmulator,
} from '../../emulator/src/index.js';

/** Parsed JSON of a test response (suites read it loosely). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export { DEMO_USERS, EMULATOR_DEFAULTS, ERROR_CODES };

export interface Reply {
  status: number;
  body: Json;
  text: string;
  headers: Headers;
  ms: number;
}

export interface UpstreamCall {
  method: string;
  /** Path without the query, e.g. `/api/organizations/abc/users`. */
  path: string;
  /** `"METHOD /path"`, the same form as the emulator's fault `match`. */
  call: string;
}

export interface Fixture {
  emu: RunningEmulator;
  /** The companion server (to count its open connections). */
  server: Server;
  url: string;
  config: Config;
  internals: OrgRouterInternals;
  /** Every log line the server wrote (JSON). */
  logLines: string[];
  /** Every response the suite received through `call` / `raw`. */
  responses: Array<{ status: number; headers: string; body: string }>;
  /** Every upstream call made by the server, in order. */
  upstream: UpstreamCall[];
  /** M2M access tokens seen on the wire between the server and Logto. */
  m2mTokens: Set<string>;
  /** URLs for which the server's fetch fails as if the host were unreachable (or hangs). */
  cut: { unreachable: RegExp | null; hang: RegExp | null };
  /** When set, every upstream call of the server waits for `before` (to hold chosen calls). */
  gate: { before: ((method: string, url: URL) => Promise<void> | void) | null };
  userId(username: string): string;
  /** A new user in the emulator (username must be free); returns its id. */
  newUser(username: string): string;
  resourceToken(username: string, scope?: string): Promise<string>;
  orgToken(username: string, organizationId: string, scope?: string): Promise<string>;
  /** Signs a token with the emulator's real key, with any header and payload. */
  signWithEmulatorKey(payload: JWTPayload, header?: Record<string, unknown>): Promise<string>;
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Reply>;
  /** Like call, with a raw Authorization header value (or none). */
  raw(
    method: string,
    path: string,
    options: { authorization?: string; body?: string; headers?: Record<string, string> },
  ): Promise<Reply>;
  faults(spec: {
    target: 'api' | 'token';
    count: number;
    status?: number;
    hang?: boolean;
    match?: string;
  }): Promise<void>;
  clearFaults(): Promise<void>;
  stats(): Promise<{ tokenRequests: { total: number }; apiRequests: number }>;
  /** A fresh organization (created through the Management API store), members by role name. */
  org(name: string, members: Record<string, string[]>): string;
  roleId(name: string): string;
  /** The emulator's organization-related state, as comparable JSON. */
  state(): string;
  /** Asserts the M2M secret, M2M tokens and Basic credentials appear in no response and no log. */
  assertNoSecrets(options?: { expectM2mTokens?: boolean }): { scanned: number };
  close(): Promise<void>;
}

/** A compact JWS whose header and payload are JSON objects (`eyJ` = base64url of `{"`). */
export const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/;

/** A response must be either 2xx or `{code, message}` with a stable code whose status matches. */
export function assertStableError(reply: Reply, context = ''): void {
  if (reply.status < 300) return;
  assert.ok(
    reply.body && typeof reply.body === 'object',
    `${context}: error body is JSON (${reply.status} ${reply.text.slice(0, 200)})`,
  );
  const code = reply.body.code as string;
  assert.ok(code in ERROR_CODES, `${context}: unknown error code ${code}`);
  assert.equal(
    (ERROR_CODES as Record<string, number>)[code],
    reply.status,
    `${context}: status of ${code}`,
  );
  assert.equal(typeof reply.body.message, 'string', `${context}: message`);
}

export async function startFixture(
  env: Record<string, string> = {},
  options: { retryBackoffMs?: number } = {},
): Promise<Fixture> {
  const emu = await startEmulator({ port: 0 });
  const config = loadConfig({
    LOGTO_ENDPOINT: emu.url,
    LOGTO_M2M_APP_ID: EMULATOR_DEFAULTS.m2mAppId,
    LOGTO_M2M_APP_SECRET: EMULATOR_DEFAULTS.m2mAppSecret,
    LOGTO_MANAGEMENT_API_RESOURCE: EMULATOR_DEFAULTS.managementApiResource,
    ORG_API_RESOURCE: EMULATOR_DEFAULTS.companionResource,
    ORG_ALLOWED_ORIGINS: 'http://localhost:5173',
    ORG_INVITATION_LINK: 'http://localhost:5173/invite?id={id}',
    ORG_UPSTREAM_TIMEOUT_MS: '2000',
    ORG_RATE_LIMIT_CREATE: '100000',
    ORG_RATE_LIMIT_INVITE: '100000',
    ORG_RATE_LIMIT_MY_INVITATIONS: '100000',
    ...env,
  });

  const upstream: UpstreamCall[] = [];
  const m2mTokens = new Set<string>();
  const cut: Fixture['cut'] = { unreachable: null, hang: null };
  const gate: Fixture['gate'] = { before: null };
  const recordingFetch = async (input: Request | string | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    upstream.push({
      method: request.method,
      path: url.pathname,
      call: `${request.method} ${url.pathname}`,
    });
    const auth = request.headers.get('authorization');
    if (auth?.startsWith('Bearer ')) m2mTokens.add(auth.slice(7));
    if (cut.unreachable?.test(request.url)) throw new TypeError('fetch failed');
    if (cut.hang?.test(request.url)) {
      return new Promise<Response>((_resolve, reject) => {
        const signal = request.signal;
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    if (gate.before) await gate.before(request.method, url);
    const response = await fetch(request);
    if (url.pathname.endsWith('/oidc/token') && response.ok) {
      const copy = (await response.clone().json()) as { access_token?: string };
      if (copy.access_token) m2mTokens.add(copy.access_token);
    }
    return response;
  };

  const logLines: string[] = [];
  const logger = createJsonLogger({ level: 'debug', write: (line) => logLines.push(line) });
  const { app, internals } = buildApp({
    config,
    logger,
    fetch: recordingFetch,
    retry: { backoffMs: options.retryBackoffMs ?? 5 },
  });
  const server: Server = createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const privateKey = (await importJWK(emu.keys.privateJwk, 'ES384')) as CryptoKey;
  const responses: Fixture['responses'] = [];

  const emulatorPost = (path: string, body: unknown) => postToEmulator(emu.url, path, body);

  const userTokens = new Set<string>();
  async function mint(body: Record<string, unknown>): Promise<string> {
    const token = await mintUserToken(emu.url, body);
    userTokens.add(token);
    return token;
  }

  const userId = (username: string): string => {
    const user = emu.store.findUserByUsername(username);
    if (!user) throw new Error(`no user ${username}`);
    return user.id;
  };

  async function send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<Reply> {
    const started = performance.now();
    const res = await fetch(`${url}${path}`, { method, headers, body });
    const text = await res.text();
    const ms = performance.now() - started;
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    responses.push({
      status: res.status,
      headers: JSON.stringify([...res.headers.entries()]),
      body: text,
    });
    return { status: res.status, body: parsed, text, headers: res.headers, ms };
  }

  const fixture: Fixture = {
    emu,
    server,
    url,
    config,
    internals,
    logLines,
    responses,
    upstream,
    m2mTokens,
    cut,
    gate,
    userId,
    newUser(username) {
      return createUserFixture(emu.store, { username }).id;
    },
    resourceToken: (username, scope) =>
      mint({
        userId: userId(username),
        resource: config.apiResource,
        ...(scope !== undefined ? { scope } : {}),
      }),
    orgToken: (username, organizationId, scope) =>
      mint({
        userId: userId(username),
        organizationId,
        ...(scope !== undefined ? { scope } : {}),
      }),
    async signWithEmulatorKey(payload, header = {}) {
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'ES384', typ: 'at+jwt', kid: emu.keys.publicJwk.kid, ...header })
        .sign(privateKey);
    },
    call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
      let body: string | undefined;
      if (opts.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      }
      return send(method, path, headers, body);
    },
    raw(method, path, opts) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.authorization !== undefined) headers.authorization = opts.authorization;
      if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
      return send(method, path, headers, opts.body);
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
    org(name, members) {
      const store = emu.store;
      const org = store.createOrganization({ name, description: null });
      for (const [username, roleNames] of Object.entries(members)) {
        const id = userId(username);
        store.addMembers(org.id, [id]);
        if (roleNames.length) {
          store.addMemberRoles(org.id, id, store.resolveOrganizationRoleNames(roleNames));
        }
      }
      return org.id;
    },
    roleId(name) {
      const [id] = emu.store.resolveOrganizationRoleNames([name]);
      if (!id) throw new Error(`no organization role ${name}`);
      return id;
    },
    state() {
      const s = emu.store.toSnapshot() as unknown as Record<string, unknown>;
      return JSON.stringify({
        organizations: s.organizations,
        memberships: s.memberships,
        invitations: s.invitations,
        organizationRoles: s.organizationRoles,
        organizationRoleScopes: s.organizationRoleScopes,
        jitEmailDomains: s.jitEmailDomains,
        jitRoles: s.jitRoles,
      });
    },
    assertNoSecrets({ expectM2mTokens = true } = {}) {
      const basic = Buffer.from(
        `${encodeURIComponent(config.m2mAppId)}:${encodeURIComponent(config.m2mAppSecret)}`,
      ).toString('base64');
      const needles = [config.m2mAppSecret, basic, ...m2mTokens];
      // A token's signature alone identifies it too (a log could print a cut-down token).
      for (const token of m2mTokens) needles.push(token.split('.')[2] ?? token);
      if (expectM2mTokens) {
        assert.ok(m2mTokens.size > 0, 'the suite saw at least one M2M token to look for');
      }
      const haystacks = [...logLines, ...responses.flatMap((r) => [r.headers, r.body])];
      for (const haystack of haystacks) {
        for (const needle of needles) {
          assert.ok(!haystack.includes(needle), 'a secret or M2M token leaked');
        }
      }
      // No JWT of any kind in any log line or response (the API never hands out tokens).
      for (const haystack of haystacks) {
        assert.doesNotMatch(haystack, JWT_SHAPE, 'a JWT appeared in a response or log line');
      }
      // User tokens are never logged either (responses never carry them).
      const signatures = [...userTokens].map((token) => token.split('.')[2] ?? token);
      for (const line of logLines) {
        for (const signature of signatures) {
          assert.ok(!line.includes(signature), 'a user token was logged');
        }
      }
      return { scanned: haystacks.length };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await emu.close();
    },
  };
  return fixture;
}
