/** Test fixtures shared by the server suites: config, keys, signed tokens, servers on free ports. */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { loadConfig, type Config } from '../src/config.js';

export const TEST_ENV = {
  LOGTO_ENDPOINT: 'http://127.0.0.1:9',
  LOGTO_M2M_APP_ID: 'm2m-app',
  LOGTO_M2M_APP_SECRET: 'super-secret-value-123',
  ORG_API_RESOURCE: 'http://localhost:8787/api',
  ORG_ALLOWED_ORIGINS: 'http://localhost:5173',
  ORG_INVITATION_LINK: 'http://localhost:5173/invite?id={id}',
} as const;

export function makeConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...TEST_ENV, ...overrides });
}

/** A config for the same Logto, M2M app and API resource as `base`, with `overrides`. */
export function sameLogtoConfig(base: Config, overrides: Record<string, string> = {}): Config {
  return makeConfig({
    LOGTO_ENDPOINT: base.logtoEndpoint,
    LOGTO_M2M_APP_ID: base.m2mAppId,
    LOGTO_M2M_APP_SECRET: base.m2mAppSecret,
    LOGTO_MANAGEMENT_API_RESOURCE: base.managementApiResource,
    ORG_API_RESOURCE: base.apiResource,
    ...overrides,
  });
}

export interface Keys {
  privateKey: CryptoKey;
  publicJwk: JWK;
  jwks: ReturnType<typeof createLocalJWKSet>;
  kid: string;
}

export async function makeKeys(kid = 'test-key'): Promise<Keys> {
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' };
  return { privateKey, publicJwk, jwks: createLocalJWKSet({ keys: [publicJwk] }), kid };
}

export interface SignOptions {
  issuer: string;
  audience: string;
  sub?: string | undefined;
  scope?: string;
  expiresIn?: number;
  iat?: number;
  typ?: string | undefined;
  extra?: JWTPayload;
}

/** Signs an access token like Logto's: ES384, typ at+jwt, kid. */
export async function signToken(keys: Keys, options: SignOptions): Promise<string> {
  const iat = options.iat ?? Math.floor(Date.now() / 1000);
  const payload: JWTPayload = {
    scope: options.scope ?? '',
    client_id: 'spa-app',
    ...options.extra,
  };
  let jwt = new SignJWT(payload)
    .setProtectedHeader({
      alg: 'ES384',
      kid: keys.kid,
      ...(options.typ === undefined && 'typ' in options ? {} : { typ: options.typ ?? 'at+jwt' }),
    })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.expiresIn ?? 3600))
    .setJti(Math.random().toString(36).slice(2));
  if (options.sub !== undefined || !('sub' in options))
    jwt = jwt.setSubject(options.sub ?? 'user-1');
  return jwt.sign(keys.privateKey);
}

/** A token with `alg: none` (unsigned). */
export function unsignedToken(payload: JWTPayload): string {
  const enc = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'at+jwt' })}.${enc(payload)}.`;
}

export interface Running {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Listens on a free loopback port. */
export async function listen(handler: RequestListener): Promise<Running> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The whole answer of a raw `node:http` request: status, text, and the text as JSON (`fallback`
 * of the text when it is not JSON).
 */
export function readJsonReply<T = { code?: string }>(
  res: IncomingMessage,
  fallback: (text: string) => T,
): Promise<{ status: number; text: string; body: T }> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('error', reject);
    res.on('end', () => {
      let body: T;
      try {
        body = JSON.parse(text) as T;
      } catch {
        body = fallback(text);
      }
      resolve({ status: res.statusCode ?? 0, text, body });
    });
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

/** A logger that records lines (to assert nothing secret is logged). */
export function recordingLogger() {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(JSON.stringify({ level, message, ...fields }));
  };
  return {
    lines,
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
  };
}
