/**
 * The typed Management API client: openapi-fetch over the `paths` types of `@logto/api` (the
 * types `createApiClient` is built on) with our own transport underneath: the single-flight M2M
 * token, a timeout on every call, one bounded retry for idempotent calls, and one retry with a
 * fresh token after a 401. Each method returns plain data or throws a LogtoApiError (status +
 * Logto's code), which callers map to their own codes; anything left unmapped becomes
 * `upstream.*`.
 *
 * openapi-fetch builds a `PlainRequest` per call, not a WHATWG Request: the transport reads its
 * parts as they are (no body stream to read back), and the token is set there rather than in a
 * middleware.
 */
import type { createApiClient } from '@logto/api/management';
import createClient, { type Client } from 'openapi-fetch';
import type { Config } from './config.js';
import type { WebhookEvent } from './live/webhook.js';
import type { Logger } from './logger.js';
import type { M2mTokenSource } from './m2m.js';
import {
  fetchWithRetry,
  type FetchLike,
  type RetryOptions,
  type UpstreamRequest,
} from './upstream.js';

/** A non-2xx answer of the Management API. Never exposed as such (see the error middleware). */
export class LogtoApiError extends Error {
  override readonly name = 'LogtoApiError';
  readonly status: number;
  readonly code: string | undefined;
  readonly operation: string;

  constructor(operation: string, status: number, code: string | undefined) {
    super(`Logto answered ${status}${code ? ` ${code}` : ''} to ${operation}`);
    this.operation = operation;
    this.status = status;
    this.code = code;
  }
}

/** Logto's organization branding (also `favicon`, `darkFavicon`, kept as they are). */
export interface LogtoBranding {
  logoUrl?: string;
  darkLogoUrl?: string;
  [key: string]: string | undefined;
}

export interface LogtoOrganization {
  id: string;
  name: string;
  description: string | null;
  branding?: LogtoBranding;
  createdAt: number;
}

export interface LogtoRoleRef {
  id: string;
  name: string;
}

export interface LogtoUserOrganization extends LogtoOrganization {
  organizationRoles: LogtoRoleRef[];
}

export interface LogtoUser {
  id: string;
  username: string | null;
  primaryEmail: string | null;
  name: string | null;
  avatar: string | null;
}

export interface LogtoMember extends LogtoUser {
  organizationRoles: LogtoRoleRef[];
}

export interface LogtoOrganizationRole {
  id: string;
  name: string;
  description: string | null;
  /** Logto 1.20+: roles are for users or for machine-to-machine apps. */
  type?: 'User' | 'MachineToMachine';
  scopes: LogtoRoleRef[];
}

export interface LogtoScope {
  id: string;
  name: string;
  description: string | null;
}

export type LogtoInvitationStatus = 'Pending' | 'Accepted' | 'Expired' | 'Revoked';

export interface LogtoInvitation {
  id: string;
  inviterId: string | null;
  invitee: string;
  acceptedUserId: string | null;
  organizationId: string;
  status: LogtoInvitationStatus;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  organizationRoles: LogtoRoleRef[];
}

/** A Logto webhook (`/api/hooks`): the fields the setup command reads. */
export interface LogtoHook {
  id: string;
  name: string;
  events: string[];
  config: { url: string; headers?: Record<string, string> };
  signingKey: string;
  enabled: boolean;
}

export interface ManagementApiOptions {
  config: Pick<Config, 'logtoEndpoint' | 'upstreamTimeoutMs'>;
  fetch: FetchLike;
  m2m: M2mTokenSource;
  logger: Logger;
  retry?: RetryOptions;
}

export type ManagementApi = ReturnType<typeof createManagementApi>;

/** Logto's Management API paths, as `@logto/api` types them. */
type ManagementPaths = ReturnType<typeof createApiClient> extends Client<infer P> ? P : never;

/** One call as openapi-fetch describes it: URL, method, headers and the serialized JSON body. */
class PlainRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | undefined;

  constructor(url: string, init: { method?: string; headers?: Headers; body?: unknown }) {
    this.url = url;
    this.method = init.method ?? 'GET';
    this.headers = init.headers ?? new Headers();
    this.body = typeof init.body === 'string' ? init.body : undefined;
  }
}

interface ApiResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export function createManagementApi(options: ManagementApiOptions) {
  const { config, m2m, logger } = options;
  /** The transport openapi-fetch calls for every request, with the M2M token. */
  const transport = async (request: PlainRequest): Promise<Response> => {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    headers.authorization = `Bearer ${await m2m.getToken()}`;
    const parts: UpstreamRequest = {
      url: request.url,
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
    };
    const response = await fetchWithRetry(
      options.fetch,
      parts,
      config.upstreamTimeoutMs,
      options.retry,
    );
    if (response.status !== 401) return response;
    // The M2M token was rejected (revoked, rotated key, clock skew): drop it and try once more.
    const used = (headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    m2m.invalidate(used);
    logger.warn('Management API rejected the M2M token; retrying with a new one', {
      method: request.method,
    });
    return fetchWithRetry(
      options.fetch,
      { ...parts, headers: { ...headers, authorization: `Bearer ${await m2m.getToken()}` } },
      config.upstreamTimeoutMs,
      options.retry,
    );
  };

  function unwrap<T>(operation: string, result: ApiResult<T>): T {
    const { response } = result;
    if (response.ok) return result.data as T;
    const error = result.error;
    const code =
      typeof error === 'object' &&
      error !== null &&
      typeof (error as { code?: unknown }).code === 'string'
        ? (error as { code: string }).code
        : undefined;
    throw new LogtoApiError(operation, response.status, code);
  }

  function total(response: Response): number {
    const value = Number(response.headers.get('total-number'));
    return Number.isFinite(value) ? value : 0;
  }

  const client = createClient<ManagementPaths>({
    baseUrl: config.logtoEndpoint,
    Request: PlainRequest as unknown as typeof Request,
    fetch: transport as unknown as (input: Request) => Promise<Response>,
  });

  return {
    async getUser(userId: string): Promise<LogtoUser> {
      const r = await client.GET('/api/users/{userId}', { params: { path: { userId } } });
      return unwrap('getUser', r) as LogtoUser;
    },

    async listUserOrganizations(userId: string): Promise<LogtoUserOrganization[]> {
      const r = await client.GET('/api/users/{userId}/organizations', {
        params: { path: { userId } },
      });
      return unwrap('listUserOrganizations', r) as LogtoUserOrganization[];
    },

    async createOrganization(body: {
      name: string;
      description?: string | null;
    }): Promise<LogtoOrganization> {
      const r = await client.POST('/api/organizations', {
        body: {
          name: body.name,
          ...(body.description != null ? { description: body.description } : {}),
        },
      });
      return unwrap('createOrganization', r) as LogtoOrganization;
    },

    async getOrganization(id: string): Promise<LogtoOrganization> {
      const r = await client.GET('/api/organizations/{id}', { params: { path: { id } } });
      return unwrap('getOrganization', r) as LogtoOrganization;
    },

    /** `branding` replaces the organization's whole branding object (Logto does not merge it). */
    async updateOrganization(
      id: string,
      body: { name?: string; description?: string | null; branding?: LogtoBranding },
    ): Promise<LogtoOrganization> {
      const r = await client.PATCH('/api/organizations/{id}', {
        params: { path: { id } },
        body: body as { name?: string },
      });
      return unwrap('updateOrganization', r) as LogtoOrganization;
    },

    async deleteOrganization(id: string): Promise<void> {
      const r = await client.DELETE('/api/organizations/{id}', { params: { path: { id } } });
      unwrap('deleteOrganization', r);
    },

    async addOrganizationUsers(id: string, userIds: string[]): Promise<void> {
      const r = await client.POST('/api/organizations/{id}/users', {
        params: { path: { id } },
        body: { userIds },
        parseAs: 'text',
      });
      unwrap('addOrganizationUsers', r);
    },

    async listOrganizationUsers(
      id: string,
      query: { q?: string; page?: number; pageSize?: number; organizationRoleId?: string },
    ): Promise<{ items: LogtoMember[]; total: number }> {
      const r = await client.GET('/api/organizations/{id}/users', {
        params: {
          path: { id },
          query: {
            ...(query.q ? { q: query.q } : {}),
            ...(query.organizationRoleId ? { organizationRoleId: query.organizationRoleId } : {}),
            page: query.page ?? 1,
            page_size: query.pageSize ?? 20,
          },
        },
      });
      const items = unwrap('listOrganizationUsers', r) as LogtoMember[];
      return { items, total: total(r.response) };
    },

    /** Number of members holding `roleId` (one small page; the count comes from Total-Number). */
    async countMembersWithRole(id: string, roleId: string): Promise<number> {
      const r = await client.GET('/api/organizations/{id}/users', {
        params: { path: { id }, query: { organizationRoleId: roleId, page: 1, page_size: 1 } },
      });
      unwrap('countMembersWithRole', r);
      return total(r.response);
    },

    async removeOrganizationUser(id: string, userId: string): Promise<void> {
      const r = await client.DELETE('/api/organizations/{id}/users/{userId}', {
        params: { path: { id, userId } },
      });
      unwrap('removeOrganizationUser', r);
    },

    async getMemberRoles(id: string, userId: string): Promise<LogtoRoleRef[]> {
      const r = await client.GET('/api/organizations/{id}/users/{userId}/roles', {
        params: { path: { id, userId } },
      });
      return unwrap('getMemberRoles', r) as LogtoRoleRef[];
    },

    async addMemberRoles(
      id: string,
      userId: string,
      roles: { organizationRoleIds?: string[]; organizationRoleNames?: string[] },
    ): Promise<string[]> {
      const r = await client.POST('/api/organizations/{id}/users/{userId}/roles', {
        params: { path: { id, userId } },
        body: roles,
        parseAs: 'text',
      });
      const text = unwrap('addMemberRoles', r) as unknown as string | undefined;
      try {
        const parsed = JSON.parse(text ?? '{}') as { organizationRoleIds?: string[] };
        return parsed.organizationRoleIds ?? roles.organizationRoleIds ?? [];
      } catch {
        return roles.organizationRoleIds ?? [];
      }
    },

    async replaceMemberRoles(
      id: string,
      userId: string,
      organizationRoleIds: string[],
    ): Promise<void> {
      const r = await client.PUT('/api/organizations/{id}/users/{userId}/roles', {
        params: { path: { id, userId } },
        body: { organizationRoleIds },
      });
      unwrap('replaceMemberRoles', r);
    },

    async getMemberScopes(id: string, userId: string): Promise<LogtoScope[]> {
      const r = await client.GET('/api/organizations/{id}/users/{userId}/scopes', {
        params: { path: { id, userId } },
      });
      return unwrap('getMemberScopes', r) as LogtoScope[];
    },

    /** Every organization role of the tenant's template, with its scopes (all pages). */
    async listOrganizationRoles(): Promise<LogtoOrganizationRole[]> {
      const pageSize = 100;
      const all: LogtoOrganizationRole[] = [];
      for (let page = 1; page <= 50; page += 1) {
        const r = await client.GET('/api/organization-roles', {
          params: { query: { page, page_size: pageSize } },
        });
        const items = unwrap('listOrganizationRoles', r) as LogtoOrganizationRole[];
        all.push(...items);
        if (items.length < pageSize || all.length >= total(r.response)) break;
      }
      return all;
    },

    async createOrganizationRole(body: {
      name: string;
      description?: string;
      organizationScopeIds?: string[];
    }): Promise<LogtoOrganizationRole> {
      const r = await client.POST('/api/organization-roles', {
        body: {
          name: body.name,
          ...(body.description ? { description: body.description } : {}),
          organizationScopeIds: body.organizationScopeIds ?? [],
          resourceScopeIds: [],
        },
      });
      const role = unwrap('createOrganizationRole', r) as Omit<LogtoOrganizationRole, 'scopes'>;
      return { ...role, description: role.description ?? null, scopes: [] };
    },

    async addOrganizationRoleScopes(roleId: string, organizationScopeIds: string[]): Promise<void> {
      const r = await client.POST('/api/organization-roles/{id}/scopes', {
        params: { path: { id: roleId } },
        body: { organizationScopeIds },
        parseAs: 'text',
      });
      unwrap('addOrganizationRoleScopes', r);
    },

    async listOrganizationScopes(): Promise<LogtoScope[]> {
      const pageSize = 100;
      const all: LogtoScope[] = [];
      for (let page = 1; page <= 50; page += 1) {
        const r = await client.GET('/api/organization-scopes', {
          params: { query: { page, page_size: pageSize } },
        });
        const items = unwrap('listOrganizationScopes', r) as LogtoScope[];
        all.push(...items);
        if (items.length < pageSize || all.length >= total(r.response)) break;
      }
      return all;
    },

    async listHooks(): Promise<LogtoHook[]> {
      const r = await client.GET('/api/hooks');
      return unwrap('listHooks', r) as LogtoHook[];
    },

    async createHook(body: {
      name: string;
      events: WebhookEvent[];
      config: { url: string };
    }): Promise<LogtoHook> {
      const r = await client.POST('/api/hooks', { body });
      return unwrap('createHook', r) as LogtoHook;
    },

    async updateHook(
      id: string,
      body: { events?: WebhookEvent[]; config?: { url: string }; enabled?: boolean },
    ): Promise<LogtoHook> {
      const r = await client.PATCH('/api/hooks/{id}', { params: { path: { id } }, body });
      return unwrap('updateHook', r) as LogtoHook;
    },

    async createOrganizationScope(body: {
      name: string;
      description?: string;
    }): Promise<LogtoScope> {
      const r = await client.POST('/api/organization-scopes', { body });
      return unwrap('createOrganizationScope', r) as LogtoScope;
    },

    async listInvitations(query: {
      organizationId?: string;
      invitee?: string;
    }): Promise<LogtoInvitation[]> {
      const r = await client.GET('/api/organization-invitations', {
        params: { query },
      });
      return unwrap('listInvitations', r) as LogtoInvitation[];
    },

    async getInvitation(id: string): Promise<LogtoInvitation> {
      const r = await client.GET('/api/organization-invitations/{id}', {
        params: { path: { id } },
      });
      return unwrap('getInvitation', r) as LogtoInvitation;
    },

    /** Creates an invitation without sending a message (the message is sent separately). */
    async createInvitation(body: {
      inviterId: string;
      invitee: string;
      organizationId: string;
      expiresAt: number;
      organizationRoleIds: string[];
    }): Promise<LogtoInvitation> {
      const r = await client.POST('/api/organization-invitations', {
        body: { ...body, messagePayload: false },
      });
      return unwrap('createInvitation', r) as LogtoInvitation;
    },

    async sendInvitationMessage(id: string, link: string): Promise<void> {
      const r = await client.POST('/api/organization-invitations/{id}/message', {
        params: { path: { id } },
        body: { link },
        parseAs: 'text',
      });
      unwrap('sendInvitationMessage', r);
    },

    async setInvitationStatus(
      id: string,
      body: { status: 'Accepted'; acceptedUserId: string } | { status: 'Revoked' },
    ): Promise<LogtoInvitation> {
      const r = await client.PUT('/api/organization-invitations/{id}/status', {
        params: { path: { id } },
        body,
      });
      return unwrap('setInvitationStatus', r) as LogtoInvitation;
    },

    /** The organization's just-in-time email domains, as Logto stores them (all of them). */
    async listJitEmailDomains(id: string): Promise<string[]> {
      const r = await client.GET('/api/organizations/{id}/jit/email-domains', {
        params: { path: { id } },
      });
      const rows = unwrap('listJitEmailDomains', r) as Array<{ emailDomain: string }>;
      return rows.map((row) => row.emailDomain);
    },

    async replaceJitEmailDomains(id: string, emailDomains: string[]): Promise<void> {
      const r = await client.PUT('/api/organizations/{id}/jit/email-domains', {
        params: { path: { id } },
        body: { emailDomains },
      });
      unwrap('replaceJitEmailDomains', r);
    },

    /** The organization roles a just-in-time member gets (all of them). */
    async listJitRoles(id: string): Promise<LogtoRoleRef[]> {
      const r = await client.GET('/api/organizations/{id}/jit/roles', {
        params: { path: { id } },
      });
      return unwrap('listJitRoles', r) as LogtoRoleRef[];
    },

    async replaceJitRoles(id: string, organizationRoleIds: string[]): Promise<void> {
      const r = await client.PUT('/api/organizations/{id}/jit/roles', {
        params: { path: { id } },
        body: { organizationRoleIds },
      });
      unwrap('replaceJitRoles', r);
    },

    async deleteInvitation(id: string): Promise<void> {
      const r = await client.DELETE('/api/organization-invitations/{id}', {
        params: { path: { id } },
      });
      unwrap('deleteInvitation', r);
    },
  };
}
