/**
 * The machine-to-machine token: client credentials at `<endpoint>/oidc/token` for the Management
 * API resource with `scope=all`, cached until shortly before it expires, and single flight:
 * concurrent callers on a cold cache share one token request.
 */
import type { Config } from './config.js';
import { AppError } from './errors.js';
import type { Logger } from './logger.js';
import { fetchWithTimeout, upstreamError, type FetchLike } from './upstream.js';

export interface M2mTokenSource {
  /** A valid Management API access token (cached or freshly fetched). */
  getToken(): Promise<string>;
  /** Drops `token` from the cache (after Logto answered 401 to it). */
  invalidate(token: string): void;
}

export interface M2mOptions {
  config: Pick<
    Config,
    'logtoEndpoint' | 'm2mAppId' | 'm2mAppSecret' | 'managementApiResource' | 'upstreamTimeoutMs'
  >;
  fetch: FetchLike;
  now: () => number;
  logger: Logger;
  /** Renew this many ms before `exp` (default 60 s; at most a tenth of the token's lifetime). */
  refreshMarginMs?: number;
}

interface Cached {
  token: string;
  /** Epoch ms after which the cached token is no longer handed out. */
  renewAt: number;
}

export function createM2mTokenSource(options: M2mOptions): M2mTokenSource {
  const { config, now, logger } = options;
  const margin = options.refreshMarginMs ?? 60_000;
  let cached: Cached | undefined;
  let inFlight: Promise<string> | undefined;

  async function request(): Promise<string> {
    const basic = Buffer.from(
      `${encodeURIComponent(config.m2mAppId)}:${encodeURIComponent(config.m2mAppSecret)}`,
    ).toString('base64');
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      resource: config.managementApiResource,
      scope: 'all',
    });
    const started = now();
    const response = await fetchWithTimeout(
      options.fetch,
      {
        url: `${config.logtoEndpoint}/oidc/token`,
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: body.toString(),
      },
      config.upstreamTimeoutMs,
    );
    const payload: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const code = isRecord(payload) && typeof payload.code === 'string' ? payload.code : undefined;
      logger.error('M2M token request refused', { status: response.status, code });
      if (response.status >= 500) {
        throw new AppError(
          'upstream.unavailable',
          'The identity service is unavailable. Try again.',
          {
            status: 503,
            expose: true,
          },
        );
      }
      throw upstreamError(undefined, { reason: 'm2m_token' });
    }
    if (
      !isRecord(payload) ||
      typeof payload.access_token !== 'string' ||
      typeof payload.expires_in !== 'number'
    ) {
      throw upstreamError(undefined, { reason: 'm2m_token' });
    }
    const lifetimeMs = payload.expires_in * 1000;
    const renewAt = started + lifetimeMs - Math.min(margin, lifetimeMs / 10);
    cached = { token: payload.access_token, renewAt };
    logger.debug('M2M token obtained', { expiresIn: payload.expires_in });
    return payload.access_token;
  }

  return {
    getToken() {
      if (cached && now() < cached.renewAt) return Promise.resolve(cached.token);
      inFlight ??= request().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
