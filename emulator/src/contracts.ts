/**
 * The seams between the emulator's parts. The store (users, organizations, roles, invitations, …)
 * implements `Directory`; the OIDC provider reads only through it, so the two halves stay apart.
 * Keys, faults and call counters are shared by the OIDC side and the Management API side.
 */
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
