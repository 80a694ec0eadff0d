/**
 * User token verification with jose: signature against Logto's JWKS (remote, cached, cooldown on
 * an unknown `kid`), issuer `<endpoint>/oidc`, an exact audience, expiry with a small tolerance,
 * asymmetric algorithms only, header `typ: at+jwt`, and a `sub`.
 *
 * Successful verifications are kept in a bounded LRU cache keyed by a SHA-256 of (token,
 * audience), so a client repeating the same token skips the signature check. An entry is reused
 * only for the same token string and the same audience, only while the clock is before the token's
 * `exp` (checked on every hit, never stretched by the clock tolerance) and at most
 * `cacheMaxAgeMs` after it was verified. Failures are never kept.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  createRemoteJWKSet,
  customFetch,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { createHash } from 'node:crypto';
import { LruMap } from './cache.js';
import type { Config } from './config.js';
import { AppError } from './errors.js';
import { upstreamError, upstreamTimeout, upstreamUnavailable, type FetchLike } from './upstream.js';

/** What a verified token tells about the caller. */
export interface AuthContext {
  /** The user id (`sub`). */
  userId: string;
  /** The token's scopes (`scope` claim, space separated). */
  scopes: ReadonlySet<string>;
  /** The audience the token was verified for. */
  audience: string;
  claims: JWTPayload;
}

export type TokenVerifier = (token: string, audience: string) => Promise<AuthContext>;

export interface TokenVerifierOptions {
  config: Pick<Config, 'issuer' | 'tokenAlgorithms' | 'clockToleranceSeconds'> &
    Partial<Pick<Config, 'upstreamTimeoutMs'>>;
  /** Key source; default: the remote JWKS at `<issuer>/jwks`. */
  jwks?: JWTVerifyGetKey;
  fetch?: FetchLike;
  now?: () => number;
  /** Successful verifications kept (least recently used dropped first); 0: no cache. Default 1000. */
  cacheSize?: number;
  /**
   * Longest time a verification is reused, whatever the token's `exp`, in ms. Default 10 minutes
   * (the age of the cached JWKS): it bounds how long a token already seen stays trusted after
   * Logto withdraws its signing key.
   */
  cacheMaxAgeMs?: number;
}

/** How long the remote JWKS is kept before it is fetched again. */
const JWKS_CACHE_MAX_AGE_MS = 10 * 60_000;
export const VERIFY_CACHE_SIZE = 1000;
export const VERIFY_CACHE_MAX_AGE_MS = JWKS_CACHE_MAX_AGE_MS;

interface CachedVerification {
  auth: AuthContext;
  /** When jose accepted it (epoch ms, by the verifier's clock). */
  verifiedAt: number;
  /** Reusable before this moment: the token's `exp`, or `verifiedAt + cacheMaxAgeMs` if earlier. */
  until: number;
}

/** The cache key: never the token itself. JSON keeps the pair unambiguous. */
function cacheKey(token: string, audience: string): string {
  return createHash('sha256')
    .update(JSON.stringify([token, audience]))
    .digest('base64url');
}

export function organizationAudience(organizationId: string): string {
  return `urn:logto:organization:${organizationId}`;
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const { config } = options;
  const jwks = options.jwks ?? remoteKeys(config, options.fetch);
  const now = options.now ?? Date.now;
  const algorithms = [...config.tokenAlgorithms];
  const cache = new LruMap<string, CachedVerification>(options.cacheSize ?? VERIFY_CACHE_SIZE);
  const maxAge = options.cacheMaxAgeMs ?? VERIFY_CACHE_MAX_AGE_MS;

  const verifyFully = async (token: string, audience: string, at: number) => {
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: config.issuer,
        audience,
        algorithms,
        typ: 'at+jwt',
        clockTolerance: config.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp'],
        currentDate: new Date(at),
      });
      const aud =
        Array.isArray(payload.aud) && payload.aud.length === 1 ? payload.aud[0] : payload.aud;
      if (aud !== audience) {
        throw new joseErrors.JWTClaimValidationFailed(
          'unexpected "aud"',
          payload,
          'aud',
          'check_failed',
        );
      }
      if (typeof payload.sub !== 'string' || payload.sub === '') {
        throw new joseErrors.JWTClaimValidationFailed('missing "sub"', payload, 'sub', 'missing');
      }
      // Only a user may act as a user. Logto issues its access tokens in oidc-provider's JWT
      // format, where `sub` is the account (the user id) when a user signed in, and the client id
      // when no user is involved (client_credentials of a machine-to-machine app): such a token
      // has `sub` equal to `client_id`. A token naming no client at all is not Logto's either.
      if (typeof payload.client_id !== 'string' || payload.client_id === '') {
        throw new joseErrors.JWTClaimValidationFailed(
          'missing "client_id"',
          payload,
          'client_id',
          'missing',
        );
      }
      if (payload.client_id === payload.sub) throw notAUser();
      const scope = typeof payload.scope === 'string' ? payload.scope : '';
      const auth: AuthContext = {
        userId: payload.sub,
        scopes: new Set(scope.split(' ').filter(Boolean)),
        audience,
        claims: Object.freeze(payload),
      };
      return Object.freeze(auth);
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) throw invalidToken(error);
      if (error instanceof AppError) throw error;
      throw invalidToken(error);
    }
  };

  return async (token, audience) => {
    const key = cache.max > 0 ? cacheKey(token, audience) : '';
    const at = now();
    if (key) {
      const hit = cache.get(key);
      if (hit) {
        // Re-checked on every hit with the current clock: before `exp` (and the age bound), and
        // not before the moment it was verified (a clock set back gets a full check).
        if (at >= hit.verifiedAt && at < hit.until) return hit.auth;
        cache.delete(key);
      }
    }
    const auth = await verifyFully(token, audience, at);
    if (key) {
      const until = Math.min(Number(auth.claims.exp) * 1000, at + maxAge);
      // A token accepted only thanks to the clock tolerance (already past `exp`) is not kept.
      if (Number.isFinite(until) && at < until) cache.set(key, { auth, verifiedAt: at, until });
    }
    return auth;
  };
}

/**
 * Logto's JWKS, with failures to reach it told apart from bad tokens: an unknown key id stays a
 * 401, but a JWKS that cannot be fetched is `upstream.unavailable` / `upstream.timeout` (within
 * the upstream timeout), so a valid user is not told their token is bad while Logto is down.
 */
function remoteKeys(
  config: TokenVerifierOptions['config'],
  fetchImpl?: FetchLike,
): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(new URL(`${config.issuer}/jwks`), {
    cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
    cooldownDuration: 30_000,
    timeoutDuration: config.upstreamTimeoutMs ?? 5000,
    ...(fetchImpl ? { [customFetch]: fetchImpl as unknown as typeof fetch } : {}),
  });
  return async function logtoKeys(header, token) {
    try {
      return await remote(header, token);
    } catch (error) {
      if (error instanceof joseErrors.JWKSTimeout) throw upstreamTimeout(error);
      if (error instanceof joseErrors.JWKSInvalid) throw upstreamError(error);
      if (
        error instanceof joseErrors.JWKSNoMatchingKey ||
        error instanceof joseErrors.JWKSMultipleMatchingKeys ||
        error instanceof joseErrors.JOSENotSupported ||
        error instanceof joseErrors.JWKInvalid ||
        error instanceof joseErrors.JOSEAlgNotAllowed
      ) {
        throw error;
      }
      // fetch failed (refused, reset, DNS) or a non-200 answer from the JWKS endpoint
      throw upstreamUnavailable(error);
    }
  };
}

export function invalidToken(cause?: unknown): AppError {
  return new AppError('auth.invalid_token', 'The access token is invalid or expired.', {
    status: 401,
    cause,
  });
}

/** A valid token of an application (client credentials), not of a user. */
export function notAUser(): AppError {
  return new AppError(
    'auth.not_a_user',
    'This API acts for a signed-in user; an application token is not accepted.',
    { status: 403 },
  );
}

export function missingToken(): AppError {
  return new AppError('auth.missing_token', 'An access token is required.', { status: 401 });
}

/** The bearer token of the request, or undefined. */
export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header);
  return match?.[1];
}

declare module 'express-serve-static-core' {
  interface Locals {
    auth?: AuthContext;
  }
}

/** The verified caller of a request that went through one of the auth middlewares. */
export function authOf(res: Response): AuthContext {
  const auth = res.locals.auth;
  if (!auth) throw new AppError('internal', 'Route is missing authentication.', { status: 500 });
  return auth;
}

/** Requires a resource token for the companion API (`aud` = ORG_API_RESOURCE). */
export function requireResourceToken(verify: TokenVerifier, resource: string): RequestHandler {
  return async function requireResourceTokenMiddleware(
    req: Request,
    res: Response,
    next: NextFunction,
  ) {
    const token = bearerToken(req);
    if (!token) throw req.headers.authorization ? invalidToken() : missingToken();
    res.locals.auth = await verify(token, resource);
    next();
  };
}

/** Requires the organization token of the route's `:orgId` (`aud` = `urn:logto:organization:<orgId>`). */
export function requireOrganizationToken(verify: TokenVerifier): RequestHandler {
  return async function requireOrganizationTokenMiddleware(
    req: Request,
    res: Response,
    next: NextFunction,
  ) {
    const token = bearerToken(req);
    if (!token) throw req.headers.authorization ? invalidToken() : missingToken();
    const orgId = String(req.params.orgId ?? '');
    res.locals.auth = await verify(token, organizationAudience(orgId));
    next();
  };
}
