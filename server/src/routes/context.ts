/** What the route handlers share: the service and the guards built once per router. */
import type { RequestHandler } from 'express';
import type { LiveEvent } from 'logto-org-widget-contract';
import type { AuthContext } from '../auth.js';
import type { Config } from '../config.js';
import { forbidden } from '../org-errors.js';
import type { OrgService } from '../org-service.js';
import type { Permission } from '../permissions.js';

export interface RouteContext {
  config: Config;
  service: OrgService;
  /** A resource token for the companion API (tenant-level routes). */
  resourceToken: RequestHandler;
  /** The organization token of the route's `:orgId`. */
  orgToken: RequestHandler;
  /** Per-user limit on organization creation. */
  createLimiter: RequestHandler;
  /** Per-user limit on invitation sends. */
  inviteLimiter: RequestHandler;
  /** Per-user limit on `GET /me/invitations`. */
  myInvitationsLimiter: RequestHandler;
  /** Tells the organization's open screens about a change that succeeded (live updates). */
  publish(organizationId: string, event: LiveEvent): void;
}

/** Reads trust the organization token's scopes: `auth.forbidden` without `permission`. */
export function requireTokenScope(auth: AuthContext, permission: Permission): void {
  if (!auth.scopes.has(permission)) throw forbidden(permission);
}
