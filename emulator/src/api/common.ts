/** Shared pieces of the Management API routers: validation, pagination, JSON shapes. */
import type { Request, Response } from 'express';
import type { z } from 'zod';

import { ApiError, guardInvalid, valueTooLong } from '../errors.js';
import type { Webhooks } from '../hooks.js';
import type { GuardIssue } from '../errors.js';
import { MAX_ID_LENGTH } from '../ids.js';
import { TENANT_ID } from '../store.js';
import type {
  ApplicationRecord,
  InvitationRecord,
  OrganizationRecord,
  OrganizationRoleRecord,
  OrganizationScopeRecord,
  ResourceRecord,
  ResourceScopeRecord,
  RoleRecord,
  Store,
  UserRecord,
} from '../store.js';

/** What the routers need besides the store. */
export interface ApiContext {
  store: Store;
  /** Base URL used in `Link` headers (Logto omits the `/api` prefix there). */
  publicUrl: string;
  emailEnabled(): boolean;
  /** Records a mail in the outbox (called only when the email connector is on). */
  sendInvitationMail(invitation: InvitationRecord, payload: Record<string, unknown>): void;
  /** Data hook events of successful calls go out through here. */
  webhooks: Webhooks;
}

// ------------------------------------------------------------------ validation

export function toIssues(error: z.ZodError): GuardIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
    // Logto runs zod 3, which names a failed string format `invalid_string` with `validation`.
    if (issue.code === 'invalid_format') {
      return { validation: issue.format, code: 'invalid_string', message: issue.message, path };
    }
    return { code: issue.code, message: issue.message, path };
  });
}

/** Parses a request body (or query) with a zod schema; failure → 400 `guard.invalid_input`. */
export function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw guardInvalid(toIssues(result.error));
  return result.data;
}

/** Path ids longer than Logto's columns are refused as too long (422), not as unknown. */
export function checkIds(...ids: Array<string | undefined>): void {
  for (const id of ids) if (id !== undefined && id.length > MAX_ID_LENGTH) throw valueTooLong();
}

export function param(req: Request, name: string): string {
  const value = req.params[name];
  const id = typeof value === 'string' ? value : '';
  checkIds(id);
  return id;
}

export function queryString(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

// ------------------------------------------------------------------ pagination

export interface Page {
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * Reads `page` / `page_size` like Logto (page ≥ 1, 1 ≤ page_size ≤ 100, default size 20).
 * With `optional`, a request that names neither gets everything and no paging headers.
 */
export function readPage(req: Request, optional = false): Page | undefined {
  const page = queryString(req, 'page');
  const size = queryString(req, 'page_size');
  if (optional && !page && !size) return undefined;
  const pageNumber = page ? Number(page) : 1;
  const pageSize = size ? Number(size) : DEFAULT_PAGE_SIZE;
  if (
    !Number.isInteger(pageNumber) ||
    pageNumber < 1 ||
    !Number.isInteger(pageSize) ||
    pageSize < 1 ||
    pageSize > MAX_PAGE_SIZE
  ) {
    throw new ApiError(400, 'guard.invalid_pagination', 'The pagination values are invalid.');
  }
  return { page: pageNumber, pageSize };
}

/** Answers one page of `items`, with `Total-Number` and `Link` headers (or all, no headers). */
export function sendPage<T, R>(
  req: Request,
  res: Response,
  context: ApiContext,
  items: readonly T[],
  page: Page | undefined,
  toJson: (item: T) => R,
  /** What `Total-Number` says, when Logto counts something else than the listed items. */
  total = items.length,
): void {
  if (!page) {
    res.json(items.map(toJson));
    return;
  }
  const offset = (page.page - 1) * page.pageSize;
  const slice = items.slice(offset, offset + page.pageSize);
  const totalPages = Math.ceil(total / page.pageSize) || 1;
  const url = new URL(req.originalUrl, 'http://emulator.invalid');
  const path = url.pathname.replace(/^\/api(?=\/)/, '');
  const link = (target: number, rel: string): string => {
    const params = new URLSearchParams(url.search);
    params.set('page', String(target));
    return `<${context.publicUrl}${path}?${params.toString()}>; rel="${rel}"`;
  };
  const links = [link(1, 'first'), link(totalPages, 'last')];
  if (page.page > 1) links.push(link(page.page - 1, 'prev'));
  if (page.page < totalPages) links.push(link(page.page + 1, 'next'));
  res.set('Total-Number', String(total));
  res.set('Link', links.join(', '));
  res.json(slice.map(toJson));
}

/** Case-insensitive substring match on any of the fields. */
export function matchesQuery(q: string | undefined, ...fields: Array<string | null>): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  return fields.some((field) => field !== null && field.toLowerCase().includes(needle));
}

/** Logto's `search` uses SQL `LIKE` (case-insensitive): `%` any run, `_` one character. */
export function likeMatcher(pattern: string): (value: string | null) => boolean {
  const source = pattern
    .split('')
    .map((char) =>
      char === '%' ? '.*' : char === '_' ? '.' : char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  const regex = new RegExp(`^${source}$`, 'is');
  return (value) => value !== null && regex.test(value);
}

/** Koa's bare 201 answer: `text/plain` "Created". */
export function sendCreated(res: Response): void {
  res.status(201).type('text/plain').send('Created');
}

// ------------------------------------------------------------------ JSON shapes

export function userJson(user: UserRecord) {
  return {
    id: user.id,
    username: user.username,
    primaryEmail: user.primaryEmail,
    primaryPhone: user.primaryPhone,
    name: user.name,
    avatar: user.avatar,
    customData: user.customData,
    identities: user.identities,
    lastSignInAt: user.lastSignInAt,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    profile: user.profile,
    applicationId: user.applicationId,
    cimdClientId: null,
    isSuspended: user.isSuspended,
  };
}

export function fullUserJson(user: UserRecord) {
  return { ...userJson(user), hasPassword: user.passwordDigest !== null };
}

export function organizationJson(org: OrganizationRecord) {
  return {
    tenantId: TENANT_ID,
    id: org.id,
    name: org.name,
    description: org.description,
    customData: org.customData,
    isMfaRequired: org.isMfaRequired,
    color: org.color,
    branding: org.branding,
    customCss: org.customCss,
    createdAt: org.createdAt,
  };
}

export function organizationRoleJson(role: OrganizationRoleRecord) {
  return {
    tenantId: TENANT_ID,
    id: role.id,
    name: role.name,
    description: role.description,
    type: role.type,
  };
}

export function organizationScopeJson(scope: OrganizationScopeRecord) {
  return { tenantId: TENANT_ID, id: scope.id, name: scope.name, description: scope.description };
}

export const roleRef = (role: { id: string; name: string }) => ({ id: role.id, name: role.name });

export function invitationJson(store: Store, invitation: InvitationRecord) {
  const roles: OrganizationRoleRecord[] = [];
  for (const roleId of invitation.organizationRoleIds) {
    const role = store.organizationRoles.get(roleId);
    if (role) roles.push(role);
  }
  roles.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    tenantId: TENANT_ID,
    id: invitation.id,
    inviterId: invitation.inviterId,
    invitee: invitation.invitee,
    acceptedUserId: invitation.acceptedUserId,
    organizationId: invitation.organizationId,
    status: store.invitationStatus(invitation),
    createdAt: invitation.createdAt,
    updatedAt: invitation.updatedAt,
    expiresAt: invitation.expiresAt,
    organizationRoles: roles.map(roleRef),
  };
}

export function resourceScopeJson(scope: ResourceScopeRecord) {
  return {
    tenantId: TENANT_ID,
    id: scope.id,
    resourceId: scope.resourceId,
    name: scope.name,
    description: scope.description,
    createdAt: scope.createdAt,
  };
}

export function resourceJson(store: Store, resource: ResourceRecord) {
  return {
    tenantId: TENANT_ID,
    id: resource.id,
    name: resource.name,
    indicator: resource.indicator,
    isDefault: resource.isDefault,
    accessTokenTtl: resource.accessTokenTtl,
    scopes: store.resourceScopeList(resource.id).map(resourceScopeJson),
  };
}

export function roleJson(role: RoleRecord) {
  return {
    tenantId: TENANT_ID,
    id: role.id,
    name: role.name,
    description: role.description,
    type: role.type,
    isDefault: role.isDefault,
  };
}

export function applicationJson(app: ApplicationRecord) {
  return {
    tenantId: TENANT_ID,
    id: app.id,
    name: app.name,
    description: app.description,
    type: app.type,
    oidcClientMetadata: {
      redirectUris: app.redirectUris,
      postLogoutRedirectUris: app.postLogoutRedirectUris,
    },
    customClientMetadata: app.corsAllowedOrigins.length
      ? { corsAllowedOrigins: app.corsAllowedOrigins }
      : {},
    protectedAppMetadata: null,
    customData: app.customData,
    isThirdParty: app.isThirdParty,
    appLevelAccessControlEnabled: false,
    createdAt: app.createdAt,
  };
}
