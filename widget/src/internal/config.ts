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
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Which token a call needs: a resource token (tenant-level calls) or an organization token. */
export type TokenContext = { kind: 'resource' } | { kind: 'organization'; organizationId: string };

/** Returns a bearer access token for the given context. */
export type GetAccessToken = (context: TokenContext) => Promise<string>;

/**
 * The methods of `LogtoClient` the kit uses. `isAuthenticated` is optional: when present, a
 * signed-out page gets "Please sign in first" without a token request.
 */
export type LogtoLike = Pick<
  LogtoClient,
  'getAccessToken' | 'getOrganizationToken' | 'clearAccessToken'
> &
  Partial<Pick<LogtoClient, 'isAuthenticated'>>;

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
/**
 * Recent organization contexts (organization, my permissions, roles) by API base, organization
 * and token, shared by the elements of a page: `<org-members>` and `<org-invite>` side by side, or
 * an element shown again, ask once. Cleared with the tokens and by `refreshAll()`.
 */
export const contextCache = new Map<string, { at: number; value: Promise<unknown> }>();
/** Connected elements, told when the configuration or the sign-in state changes. */
const watchers = new Set<SetupWatch>();

/**
 * Sets the page-wide configuration. Later calls replace earlier ones. May be called before or
 * after the elements connect: connected elements load again with the new settings.
 */
export function configure(config: OrgWidgetConfig): void {
  current = { ...config };
  refreshAll();
}

/**
 * Tells every connected element to load again: call it after the user signed in or out (or
 * switched accounts) without a page reload. `configure()` does the same.
 */
export function refreshAll(): void {
  contextCache.clear();
  watchers.forEach((watch) => watch.refresh());
}

/** Error codes after which a retry may succeed once the page is set up and signed in. */
const SIGN_IN_CODES = new Set([
  'config.missing',
  'auth.token_failed',
  'auth.missing_token',
  'auth.invalid_token',
]);

/**
 * Retries the elements that failed for want of a sign-in when the page may have signed in
 * meanwhile: the tab becomes visible or focused again, or another tab changed the stored session.
 * Listened to from the first such failure on, not from the first element: a `storage` listener
 * costs the page a few milliseconds to register (Chromium connects to the storage areas), which
 * would delay every element's first rows for nothing when all is well.
 */
function retryStale() {
  watchers.forEach((watch) => watch.stale() && watch.refresh());
}
let listening = false;
function listen() {
  if (listening) return;
  listening = true;
  addEventListener('focus', retryStale);
  addEventListener('storage', retryStale);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') retryStale();
  });
}

/**
 * A Lit controller that keeps an element in step with `configure()`, `refreshAll()` and the
 * page's sign-in: `version` goes up on each of them, so tasks that list it in their `args` run
 * again. `failure()` returns the element's current load error (if any): when its code says the
 * page was not set up or not signed in, focus, visibility and storage events retry as well.
 */
export class SetupWatch implements ReactiveController {
  /** Part of each reading task's `args`. */
  version = 0;
  readonly #host: ReactiveControllerHost;
  readonly #failure: () => unknown;
  readonly #onRefresh: (() => void) | undefined;

  /** `onRefresh` runs before the update, e.g. to drop the message of a failed action. */
  constructor(host: ReactiveControllerHost, failure: () => unknown, onRefresh?: () => void) {
    this.#host = host;
    this.#failure = failure;
    this.#onRefresh = onRefresh;
    host.addController(this);
  }

  hostConnected(): void {
    watchers.add(this);
  }

  hostUpdated(): void {
    if (!listening && this.stale()) listen();
  }

  hostDisconnected(): void {
    watchers.delete(this);
  }

  stale(): boolean {
    const code = (this.#failure() as { code?: string } | undefined)?.code;
    return !!code && SIGN_IN_CODES.has(code);
  }

  refresh(): void {
    this.version++;
    this.#onRefresh?.();
    this.#host.requestUpdate();
  }
}

/** The page-wide configuration as last given to `configure()`. */
export function getConfig(): Readonly<OrgWidgetConfig> {
  return current;
}

/** Builds a token function from a LogtoClient: resource tokens and organization tokens. */
export function logtoTokens(logto: LogtoLike, resource?: string): GetAccessToken {
  return async (context) => {
    if (logto.isAuthenticated && !(await logto.isAuthenticated())) throw new SignedOutError();
    return context.kind === 'organization'
      ? logto.getOrganizationToken(context.organizationId)
      : logto.getAccessToken(resource);
  };
}

/**
 * Thrown by a token function when nobody is signed in (custom token functions may throw it too):
 * the elements then say "Please sign in first" (`auth.missing_token`).
 */
export class SignedOutError extends Error {
  override readonly name = 'SignedOutError';
  constructor() {
    super('Not signed in');
  }
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
  contextCache.clear();
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
