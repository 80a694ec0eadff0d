/**
 * Configuration: read from the environment once, validated with zod into a frozen object.
 * A missing or malformed variable throws a ConfigError naming the variable; secret values never
 * appear in the message.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

export interface Config {
  /** Logto base URL without a trailing slash, e.g. `http://localhost:3001`. */
  readonly logtoEndpoint: string;
  /** `<endpoint>/oidc`: the issuer of every user token. */
  readonly issuer: string;
  readonly m2mAppId: string;
  readonly m2mAppSecret: string;
  /** Resource indicator of the Logto Management API (audience of the M2M token). */
  readonly managementApiResource: string;
  /** The companion API's own resource indicator (audience of tenant-level user tokens). */
  readonly apiResource: string;
  /** Origins allowed by CORS (exact match). */
  readonly allowedOrigins: readonly string[];
  /** Invitation link template containing `{id}`. */
  readonly invitationLink: string;
  readonly port: number;
  /** Listen address of the standalone server (`HOST`, default `127.0.0.1`: this machine only). */
  readonly host: string;
  /** Name of the organization role the creator gets; also the role counted for "last admin". */
  readonly creatorRoleName: string;
  /** Optional API scope (permission of ORG_API_RESOURCE) required to create an organization. */
  readonly createOrganizationScope: string | null;
  /** Express `trust proxy` value: false, true, a hop count, or a list of addresses/subnets. */
  readonly trustProxy: boolean | number | string;
  /** Timeout of every upstream (Logto) call, in milliseconds. */
  readonly upstreamTimeoutMs: number;
  /** Accepted JWS algorithms of user tokens. */
  readonly tokenAlgorithms: readonly string[];
  /** Clock tolerance of token expiry checks, in seconds (0..30). */
  readonly clockToleranceSeconds: number;
  /** Per-user rate limits: requests per window. */
  readonly rateLimit: {
    readonly windowMs: number;
    readonly createOrganization: number;
    readonly invitations: number;
    /** `GET /me/invitations` per user per window. */
    readonly myInvitations: number;
  };
  /** Default invitation lifetime in days (1..30). */
  readonly invitationDefaultDays: number;
  /** How long the organization role template (roles and their permissions) is reused, in ms (0: never). */
  readonly roleTemplateTtlMs: number;
  /** Minimum level of the JSON log lines. */
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /**
   * Shared state of several instances (see README "Deployment"): Redis URL (`redis://` or
   * `rediss://`), key prefix, and the per-organization lock's lease and longest wait. `url` null:
   * one process, in-memory lock and rate limits.
   */
  readonly redis: {
    readonly url: string | null;
    readonly prefix: string;
    readonly lockLeaseMs: number;
    readonly lockWaitMs: number;
  };
  /** Prometheus metrics on a separate listener; `port` null: off (nothing is collected). */
  readonly metrics: { readonly port: number | null; readonly host: string };
  /** How long a stopping process waits for in-flight requests before closing them, in ms. */
  readonly shutdownTimeoutMs: number;
  /** Live updates (DESIGN.md "Live updates"). */
  readonly live: {
    /** Whether `GET /organizations/:orgId/events` is served (ORG_LIVE, default on). */
    readonly enabled: boolean;
    readonly maxStreams: number;
    readonly maxStreamsPerUser: number;
    /** Streams a user may open per rate-limit window (each open is a live check in Logto). */
    readonly openLimit: number;
    /** Time between two live membership checks of an open stream, in ms. */
    readonly recheckMs: number;
    /** Time without output after which a heartbeat is written, in ms. */
    readonly heartbeatMs: number;
    /** Signing keys of the Logto webhook (the first is the current one; empty: no webhook route). */
    readonly webhookSigningKeys: readonly string[];
  };
  /**
   * Just-in-time domains: whether an admin may add any non-public domain (`ORG_JIT_ANY_DOMAIN`),
   * not only the domain of their own primary email. Default false.
   */
  readonly jitAnyDomain: boolean;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly variable: string;

  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.variable = variable;
  }
}

/** Algorithms that are never accepted for user tokens (unsigned or shared-secret). */
const FORBIDDEN_ALGORITHMS = new Set(['none', 'HS256', 'HS384', 'HS512']);
const ALLOWED_ALGORITHMS = new Set([
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
  'Ed25519',
]);

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

/** Logto's base URL: http(s), no credentials, query or fragment, not one of its sub-paths. */
const logtoEndpoint = httpUrl.superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return; // reported by httpUrl
  }
  if (url.username || url.password || url.search || url.hash) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message:
        "must be Logto's base URL, like https://tenant.logto.app, without credentials, query or fragment",
    });
  } else if (/\/(oidc|api)\/?$/.test(url.pathname)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: "must be Logto's base URL, without /oidc or /api",
    });
  }
});

/** An API resource indicator: an absolute URI without a fragment (RFC 8707). */
const resourceIndicator = z
  .string()
  .trim()
  .min(1, 'is required')
  .refine((value) => {
    try {
      return !new URL(value).hash && !/\s/.test(value);
    } catch {
      return false;
    }
  }, 'must be an absolute URI without a fragment, like https://api.example.com');

/** One entry of a `trust proxy` list: a preset name, an IP address, or a subnet (CIDR or netmask). */
function isTrustedProxy(entry: string): boolean {
  if (entry === 'loopback' || entry === 'linklocal' || entry === 'uniquelocal') return true;
  const [address = '', range, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (version === 4 ? 32 : 128);
  return version === 4 && isIP(range) === 4;
}

const nonEmpty = z.string().trim().min(1, 'is required');
const intIn = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

/** One schema per variable, so the error names exactly the variable at fault. */
const variables = {
  LOGTO_ENDPOINT: logtoEndpoint,
  LOGTO_M2M_APP_ID: nonEmpty,
  LOGTO_M2M_APP_SECRET: nonEmpty,
  LOGTO_MANAGEMENT_API_RESOURCE: resourceIndicator.default('https://default.logto.app/api'),
  ORG_API_RESOURCE: resourceIndicator,
  ORG_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .refine(
      (origins) =>
        origins.every((origin) => {
          try {
            return new URL(origin).origin === origin;
          } catch {
            return false;
          }
        }),
      'must be a comma-separated list of origins like https://app.example.com',
    ),
  ORG_INVITATION_LINK: httpUrl.refine(
    (value) => value.includes('{id}'),
    'must contain the {id} placeholder',
  ),
  PORT: intIn(0, 65535).default(8787),
  HOST: z
    .string()
    .trim()
    .max(253)
    .regex(/^[A-Za-z0-9.:%_-]+$/, 'must be a host name or an IP address, like 0.0.0.0 or ::')
    .default('127.0.0.1'),
  ORG_CREATOR_ROLE: nonEmpty.default('admin'),
  ORG_CREATE_SCOPE: z
    .string()
    .trim()
    .default('')
    .transform((value) => value || null),
  ORG_TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .transform((value): boolean | number | string => {
      if (value === 'false' || value === '') return false;
      if (value === 'true') return true;
      if (/^\d+$/.test(value)) return Number(value);
      return value;
    })
    .refine(
      (value) =>
        typeof value !== 'string' ||
        value.split(',').every((entry) => isTrustedProxy(entry.trim())),
      'must be true, false, a hop count, or a comma-separated list of loopback, linklocal, uniquelocal, IP addresses and subnets (like 10.0.0.0/8)',
    ),
  ORG_UPSTREAM_TIMEOUT_MS: intIn(100, 120_000).default(5000),
  ORG_TOKEN_ALGORITHMS: z
    .string()
    .default('ES384')
    .transform((value) =>
      value
        .split(',')
        .map((alg) => alg.trim())
        .filter(Boolean),
    )
    .refine((algs) => algs.length > 0, 'must name at least one algorithm')
    .refine(
      (algs) => algs.every((alg) => !FORBIDDEN_ALGORITHMS.has(alg) && ALLOWED_ALGORITHMS.has(alg)),
      'must list asymmetric JWS algorithms only (none and HMAC are refused)',
    ),
  ORG_CLOCK_TOLERANCE_S: intIn(0, 30).default(5),
  ORG_RATE_LIMIT_WINDOW_MS: intIn(1000, 86_400_000).default(60_000),
  ORG_RATE_LIMIT_CREATE: intIn(1, 100_000).default(10),
  ORG_RATE_LIMIT_INVITE: intIn(1, 100_000).default(30),
  ORG_RATE_LIMIT_MY_INVITATIONS: intIn(1, 100_000).default(60),
  ORG_INVITATION_DAYS: intIn(1, 30).default(7),
  ORG_ROLE_CACHE_MS: intIn(0, 300_000).default(30_000),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error'], 'must be debug, info, warn or error')
    .default('info'),
  ORG_REDIS_URL: z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
      } catch {
        return false;
      }
    }, 'must be a redis:// or rediss:// URL')
    .optional(),
  ORG_REDIS_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9:._-]{1,64}$/, 'must be 1..64 characters of A-Z a-z 0-9 : . _ -')
    .default('org-widget:'),
  ORG_LOCK_LEASE_MS: intIn(1000, 300_000).default(15_000),
  ORG_LOCK_WAIT_MS: intIn(0, 120_000).default(10_000),
  ORG_METRICS_PORT: intIn(0, 65535).optional(),
  ORG_METRICS_HOST: nonEmpty.default('127.0.0.1'),
  ORG_SHUTDOWN_TIMEOUT_MS: intIn(0, 600_000).default(10_000),
  ORG_LIVE: z
    .string()
    .trim()
    .default('on')
    .refine((value) => value === 'on' || value === 'off', 'must be on or off')
    .transform((value) => value === 'on'),
  ORG_LIVE_MAX_STREAMS: intIn(1, 1_000_000).default(10_000),
  ORG_LIVE_MAX_STREAMS_PER_USER: intIn(1, 1000).default(10),
  ORG_LIVE_OPEN_LIMIT: intIn(1, 100_000).default(60),
  ORG_LIVE_RECHECK_MS: intIn(1000, 3_600_000).default(60_000),
  ORG_LIVE_HEARTBEAT_MS: intIn(1000, 120_000).default(25_000),
  ORG_WEBHOOK_SIGNING_KEY: z
    .string()
    .default('')
    // Set but naming no key (",", spaces) is a mistake, not "live updates off".
    .refine(
      (value) => !value.trim() || value.split(',').some((key) => key.trim()),
      'must be the hook signing key (at least 16 characters; comma-separated during a rotation)',
    )
    .transform((value) =>
      value
        .split(',')
        .map((key) => key.trim())
        .filter(Boolean),
    )
    .refine(
      (keys) => keys.every((key) => key.length >= 16),
      'must be the hook signing key (at least 16 characters; comma-separated during a rotation)',
    ),
  ORG_JIT_ANY_DOMAIN: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
} as const;

type Variables = typeof variables;
type Parsed = { [K in keyof Variables]: z.output<Variables[K]> };

/** The variable names loadConfig reads (for docs and error messages). */
export const CONFIG_VARIABLES = Object.keys(variables) as Array<keyof Variables>;

/**
 * Parses the environment into a frozen Config. Throws ConfigError naming the first bad variable.
 * Empty strings count as unset.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed: Partial<Record<keyof Variables, unknown>> = {};
  for (const name of CONFIG_VARIABLES) {
    const raw = env[name];
    const value = raw === undefined || raw.trim() === '' ? undefined : raw;
    const result = (variables[name] as z.ZodType).safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      const problem =
        value === undefined
          ? 'is required'
          : (issue?.message ?? 'is invalid').replace(/^Invalid.*$/, 'is invalid');
      throw new ConfigError(name, problem);
    }
    parsed[name] = result.data;
  }
  const p = parsed as Parsed;
  const endpoint = p.LOGTO_ENDPOINT.replace(/\/+$/, '');
  return deepFreeze({
    logtoEndpoint: endpoint,
    issuer: `${endpoint}/oidc`,
    m2mAppId: p.LOGTO_M2M_APP_ID,
    m2mAppSecret: p.LOGTO_M2M_APP_SECRET,
    managementApiResource: p.LOGTO_MANAGEMENT_API_RESOURCE,
    apiResource: p.ORG_API_RESOURCE,
    allowedOrigins: p.ORG_ALLOWED_ORIGINS,
    invitationLink: p.ORG_INVITATION_LINK,
    port: p.PORT,
    host: p.HOST,
    creatorRoleName: p.ORG_CREATOR_ROLE,
    createOrganizationScope: p.ORG_CREATE_SCOPE,
    trustProxy: p.ORG_TRUST_PROXY,
    upstreamTimeoutMs: p.ORG_UPSTREAM_TIMEOUT_MS,
    tokenAlgorithms: p.ORG_TOKEN_ALGORITHMS,
    clockToleranceSeconds: p.ORG_CLOCK_TOLERANCE_S,
    rateLimit: {
      windowMs: p.ORG_RATE_LIMIT_WINDOW_MS,
      createOrganization: p.ORG_RATE_LIMIT_CREATE,
      invitations: p.ORG_RATE_LIMIT_INVITE,
      myInvitations: p.ORG_RATE_LIMIT_MY_INVITATIONS,
    },
    invitationDefaultDays: p.ORG_INVITATION_DAYS,
    roleTemplateTtlMs: p.ORG_ROLE_CACHE_MS,
    logLevel: p.LOG_LEVEL,
    redis: {
      url: p.ORG_REDIS_URL ?? null,
      prefix: p.ORG_REDIS_PREFIX,
      lockLeaseMs: p.ORG_LOCK_LEASE_MS,
      lockWaitMs: p.ORG_LOCK_WAIT_MS,
    },
    metrics: { port: p.ORG_METRICS_PORT ?? null, host: p.ORG_METRICS_HOST },
    shutdownTimeoutMs: p.ORG_SHUTDOWN_TIMEOUT_MS,
    live: {
      enabled: p.ORG_LIVE,
      maxStreams: p.ORG_LIVE_MAX_STREAMS,
      maxStreamsPerUser: p.ORG_LIVE_MAX_STREAMS_PER_USER,
      openLimit: p.ORG_LIVE_OPEN_LIMIT,
      recheckMs: p.ORG_LIVE_RECHECK_MS,
      heartbeatMs: p.ORG_LIVE_HEARTBEAT_MS,
      webhookSigningKeys: p.ORG_WEBHOOK_SIGNING_KEY,
    },
    jitAnyDomain: p.ORG_JIT_ANY_DOMAIN,
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
