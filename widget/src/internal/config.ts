/**
 * Page-level setup shared by every element: where the companion API lives and how to get tokens.
 *
 * ```ts
 * configure({ apiBase: '/org-api', logto, resource: 'https://api.example.com/org' });
 * // or, without the Logto SDK:
 * configure({ apiBase: '/org-api', getAccessToken: async (context) => '...' });
 * ```
 *
 * Elements also accept `apiBase` and `getAccessToken` properties, which win over `configure()`.
 * The Logto client is imported as a type only: the elements never load `@logto/browser`.
 */
import type LogtoClient from '@logto/browser';

/** Which token a call needs: a resource token (tenant-level calls) or an organization token. */
export type TokenContext = { kind: 'resource' } | { kind: 'organization'; organizationId: string };

/** Returns a bearer access token for the given context. */
export type GetAccessToken = (context: TokenContext) => Promise<string>;

/** The three methods of `LogtoClient` the kit uses. */
export type LogtoLike = Pick<
  LogtoClient,
  'getAccessToken' | 'getOrganizationToken' | 'clearAccessToken'
>;

export interface OrgWidgetConfig {
  /** Base URL of the companion API, e.g. `/org-api` or `https://api.example.com/org`. */
  apiBase?: string;
  /** A signed-in `LogtoClient`; used when `getAccessToken` is not given. */
  logto?: LogtoLike;
  /** The companion API's resource indicator (audience of resource tokens); needed with `logto`. */
  resource?: string;
  /** Custom token function; wins over `logto`. */
  getAccessToken?: GetAccessToken;
  /** Called after changes that make cached tokens stale; defaults to `logto.clearAccessToken()`. */
  clearTokens?: () => Promise<void> | void;
}

/** What an element holds after resolving its properties against the page configuration. */
export interface ResolvedConfig {
  apiBase: string;
  getAccessToken: GetAccessToken;
}

let current: OrgWidgetConfig = {};

/** Sets the page-wide configuration. Later calls replace earlier ones. */
export function configure(config: OrgWidgetConfig): void {
  current = { ...config };
}

/** The page-wide configuration as last given to `configure()`. */
export function getConfig(): Readonly<OrgWidgetConfig> {
  return current;
}

/** Builds a token function from a LogtoClient: resource tokens and organization tokens. */
export function logtoTokens(logto: LogtoLike, resource?: string): GetAccessToken {
  return (context) =>
    context.kind === 'organization'
      ? logto.getOrganizationToken(context.organizationId)
      : logto.getAccessToken(resource);
}

/**
 * Resolves an element's settings: element properties first, then `configure()`.
 * Returns `undefined` when no API base or no way to get tokens is known.
 */
export function resolveConfig(own: {
  apiBase?: string | undefined;
  getAccessToken?: GetAccessToken | undefined;
}): ResolvedConfig | undefined {
  const apiBase = own.apiBase || current.apiBase;
  const getAccessToken =
    own.getAccessToken ??
    current.getAccessToken ??
    (current.logto && logtoTokens(current.logto, current.resource));
  return apiBase && getAccessToken ? { apiBase, getAccessToken } : undefined;
}

/**
 * Drops cached access tokens after a change that alters them (creating or joining an
 * organization, a change of one's own roles), so the next call gets fresh scopes.
 * Never throws: a failure here only means an older token is used until it expires.
 */
export async function clearTokens(): Promise<void> {
  try {
    await (current.clearTokens ? current.clearTokens() : current.logto?.clearAccessToken());
  } catch {
    // Stale tokens are tolerable; the server re-checks permissions live on mutations.
  }
}

/**
 * The scopes a `LogtoClient` must request at sign-in for the elements to work:
 * `new LogtoClient({ ..., scopes: [...ORG_SCOPES], resources: [apiResource] })`.
 */
export const ORG_SCOPES = [
  'urn:logto:scope:organizations',
  'urn:logto:scope:organization_roles',
  'read:member',
  'invite:member',
  'update:member:role',
  'remove:member',
  'manage:organization',
] as const;
