/**
 * The seams between the emulator's parts. The store (users, organizations, roles, invitations, …)
 * implements `Directory`; the OIDC provider reads only through it, so the two halves stay apart.
 * Keys, faults and call counters are shared by the OIDC side and the Management API side.
 */
import type { RequestHandler } from 'express';
import type { JWK } from 'jose';

/** What the OIDC side needs to know about users, memberships and API resources. */
export interface Directory {
  /** A user by id, in the shape Logto's Management API returns (no password). */
  getUserClaims(userId: string): DirectoryUser | undefined;
  /** Username + password check for the sign-in page; returns the user id or undefined. */
  verifyPassword(username: string, password: string): string | undefined;
  /** The users offered on the sign-in page for convenience (demo users only). */
  signInHints(): Array<{ username: string; name: string | null; password: string }>;
  /** Organization ids the user belongs to. */
  organizationIdsOf(userId: string): string[];
  /** `"<orgId>:<roleName>"` entries, as in the `organization_roles` claim. */
  organizationRoleClaimsOf(userId: string): string[];
  isMember(organizationId: string, userId: string): boolean;
  /** Names of the user's organization permissions (scopes) in that organization. */
  organizationScopesOf(organizationId: string, userId: string): string[];
  /** Does an API resource with this indicator exist? */
  hasResource(indicator: string): boolean;
  /** Names of the scopes of `indicator` that the user's global roles grant. */
  resourceScopesOf(userId: string, indicator: string): string[];
  /** OIDC clients: the SPA apps and M2M apps of the tenant. */
  applications(): DirectoryApplication[];
  /** Scopes of `indicator` that an M2M app's roles grant (`all` for the Management API role). */
  applicationResourceScopesOf(applicationId: string, indicator: string): string[];
  /**
   * Optional: creates an account from the sign-in page's "Create account" form and applies
   * Logto's just-in-time organization provisioning. Without it the page offers no registration.
   */
  registerUser?(input: { username: string; email: string; password: string }): RegistrationResult;
  /**
   * Optional: an organization's id, name and description, for the `organization_data` claim of
   * userinfo (`/oidc/me`). Without it userinfo omits `organization_data`.
   */
  organizationData?(
    organizationId: string,
  ): { id: string; name: string; description: string | null } | undefined;
}

export type RegistrationResult =
  | { ok: true; userId: string; organizationIds: string[] }
  | { ok: false; code: 'user.username_already_in_use' | 'user.email_already_in_use' };

/** A completed registration, reported after the sign-in page has answered. */
export interface RegistrationEvent {
  userId: string;
  /** Organizations the new user joined by just-in-time provisioning. */
  organizationIds: string[];
  method: string;
  /** The registration form's path (below `/oidc`). */
  path: string;
  userAgent: string | undefined;
  ip: string | undefined;
}

export interface DirectoryUser {
  id: string;
  username: string | null;
  primaryEmail: string | null;
  name: string | null;
  avatar: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface DirectoryApplication {
  id: string;
  name: string;
  type: 'SPA' | 'MachineToMachine' | 'Traditional';
  secret?: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  corsAllowedOrigins?: string[];
  /**
   * Local demo convenience: also accept any loopback redirect / post-logout URI
   * (`http://localhost:<port>/…`, `http://127.0.0.1:<port>/…`), since tests use random ports.
   */
  allowLoopbackRedirects?: boolean;
}

/** The one ES384 signing key of the emulator (same `kid` for OIDC and `/emulator/token`). */
export interface SigningKeys {
  privateJwk: JWK & { kid: string; alg: 'ES384' };
  publicJwk: JWK & { kid: string; alg: 'ES384' };
}

/** Which kind of call a fault applies to. */
export type FaultTarget = 'api' | 'token';

/** A fault: fail the next `count` calls with `status`, or hang them (never answer) when `hang`. */
export interface FaultSpec {
  target: FaultTarget;
  count: number;
  status?: number;
  hang?: boolean;
  /** Only calls whose `METHOD /path` matches this regular expression (default: all of target). */
  match?: string;
}

/** Counters readable at `GET /emulator/stats` (tests count token requests with them). */
export interface CallStats {
  tokenRequests: {
    total: number;
    clientCredentials: number;
    refreshToken: number;
    authorizationCode: number;
  };
  apiRequests: number;
}

/** Input of `mintAccessToken`, used by `POST /emulator/token`. */
export interface MintInput {
  userId: string;
  /** An API resource indicator: the token is a resource token for it. */
  resource?: string;
  /** An organization id: the token is that organization's token (`aud` = `urn:logto:organization:<id>`). */
  organizationId?: string;
  /** Scopes asked for at sign-in; default: every scope the user could get. */
  scope?: string;
  /** Client the token is for; default: the demo SPA app. */
  clientId?: string;
}

export interface MintedToken {
  access_token: string;
  expires_in: number;
  scope: string;
  token_type: 'Bearer';
}

/** What the OIDC half hands to the app that mounts it. */
export interface OidcModule {
  /** Serves everything under `/oidc` (mount with `app.use('/oidc', handler)`), sign-in page included. */
  handler: RequestHandler;
  /**
   * Mints the access token the real flow would issue for that user (same key, claims and rules).
   * Rejects with an `Error` whose `code` is `oidc.access_denied` for a non-member's organization
   * token, `oidc.invalid_target` for an unknown resource, `user.not_found` for an unknown user.
   */
  mintAccessToken(input: MintInput): Promise<MintedToken>;
}

export interface CreateOidcOptions {
  /** `<base>/oidc`, e.g. `http://127.0.0.1:3001/oidc`. */
  issuer: string;
  directory: Directory;
  keys: SigningKeys;
  /** The OIDC half increments the token counters here. */
  stats: CallStats;
  /** Management API resource indicator (default `https://default.logto.app/api`). */
  managementApiResource: string;
  /** Called after a person registered through the sign-in page (webhooks listen here). */
  onUserRegistered?(event: RegistrationEvent): void;
}

export type CreateOidc = (options: CreateOidcOptions) => Promise<OidcModule>;
