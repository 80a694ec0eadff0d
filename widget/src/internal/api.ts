/**
 * Typed client of the companion API (see DESIGN.md "Companion API"). One method per endpoint over
 * `fetch`, bearer tokens from the resolved token function, abort signals passed through, and every
 * failure thrown as one `OrgApiError` with a stable `code`.
 */
import type {
  ApiErrorBody,
  ErrorCode,
  InvitationsResponse,
  InvitationStatus,
  InvitationView,
  InviteRequest,
  InviteResponse,
  MemberRolesResponse,
  MembersPage,
  MyInvitationsResponse,
  MyOrganizationsResponse,
  OrganizationCreatedResponse,
  OrganizationDetailResponse,
  OrganizationDomains,
  OrganizationResponse,
  ResendResponse,
  RoleRef,
  RolesResponse,
  UpdateDomainsRequest,
  UpdateOrganizationRequest,
} from 'logto-org-widget-contract';
import { clearTokens, contextCache, type ResolvedConfig, type TokenContext } from './config.js';
import { noteLocalChange, noteRequest } from './live.js';

/**
 * Codes the client adds to the server's: `network` (no answer), `config.missing` (no API base or
 * token function), `auth.token_failed` (the token function threw), `unexpected` (a non-JSON or
 * malformed error body).
 */
export type ClientErrorCode = 'network' | 'config.missing' | 'auth.token_failed' | 'unexpected';
export type OrgErrorCode = ErrorCode | ClientErrorCode;

/** The one error type of the elements. `status` is 0 when there was no HTTP answer. */
export class OrgApiError extends Error {
  override readonly name = 'OrgApiError';
  readonly code: OrgErrorCode;
  readonly status: number;
  readonly data: Record<string, unknown> | undefined;

  constructor(
    code: OrgErrorCode,
    status: number,
    message: string,
    data?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
    this.status = status;
    this.data = data;
  }
}

/** Turns anything thrown into an `OrgApiError` (aborts are left to the caller). */
export function toOrgError(error: unknown): OrgApiError {
  return error instanceof OrgApiError
    ? error
    : new OrgApiError('unexpected', 0, String(error), undefined, { cause: error });
}

/**
 * What a failed token function means: nobody signed in (`auth.missing_token`), refused an
 * organization token because the user is not (or no longer) a member (`organization.not_member`:
 * Logto answers 403 `oidc.access_denied`), or any other failure (`auth.token_failed`).
 */
function tokenError(error: unknown, context: TokenContext): OrgApiError {
  const e = error as { name?: string; code?: unknown; status?: unknown; cause?: unknown } | null;
  const options = { cause: error };
  if (e?.name === 'SignedOutError') {
    return new OrgApiError('auth.missing_token', 0, 'Not signed in', undefined, options);
  }
  const status = e?.status ?? (e?.cause as { status?: unknown } | undefined)?.status;
  if (
    context.kind === 'organization' &&
    (e?.code === 'oidc.access_denied' || e?.code === 'organization.not_member' || status === 403)
  ) {
    return new OrgApiError('organization.not_member', 403, 'Not a member', undefined, options);
  }
  return new OrgApiError(
    'auth.token_failed',
    0,
    'Could not get an access token',
    undefined,
    options,
  );
}

export interface MembersQuery {
  q?: string;
  page?: number;
  pageSize?: number;
  roleId?: string;
}

type Query = Record<string, string | number | undefined>;

const RESOURCE: TokenContext = { kind: 'resource' };
const seg = encodeURIComponent;

/** Creates a client bound to one API base and token function. */
export function createApi(config: ResolvedConfig | undefined) {
  async function request<T>(
    method: string,
    path: string,
    context: TokenContext,
    signal?: AbortSignal,
    body?: unknown,
    query?: Query,
  ): Promise<T> {
    if (!config) throw new OrgApiError('config.missing', 0, 'No apiBase or token function');
    const done = noteRequest();
    try {
      let token: string;
      try {
        token = await config.getAccessToken(context);
      } catch (error) {
        throw tokenError(error, context);
      }
      signal?.throwIfAborted();
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query ?? {})) {
        if (value !== undefined && value !== '') params.set(key, String(value));
      }
      const search = params.size ? `?${params}` : '';
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      let response: Response;
      try {
        response = await fetch(`${config.apiBase.replace(/\/+$/, '')}${path}${search}`, {
          method,
          headers,
          body: body === undefined ? null : JSON.stringify(body),
          signal: signal ?? null,
        });
      } catch (error) {
        if (signal?.aborted) throw error;
        throw new OrgApiError('network', 0, 'The server could not be reached', undefined, {
          cause: error,
        });
      }
      const text = await response.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      if (!response.ok) {
        const err = json as Partial<ApiErrorBody> | undefined;
        if (err && typeof err.code === 'string') {
          throw new OrgApiError(
            err.code,
            response.status,
            typeof err.message === 'string' ? err.message : err.code,
            err.data && typeof err.data === 'object' ? err.data : undefined,
          );
        }
        throw new OrgApiError('unexpected', response.status, `HTTP ${response.status}`);
      }
      if (method !== 'GET') noteLocalChange();
      return json as T;
    } finally {
      done();
    }
  }

  /**
   * A read refused for a missing permission may come from an organization token issued before
   * the caller's roles grew (tokens keep their scopes until they expire): drop the cached tokens
   * and try once more with a fresh one. Mutations are checked live by the server, so only reads.
   */
  async function read<T>(path: string, context: TokenContext, signal?: AbortSignal, query?: Query) {
    try {
      return await request<T>('GET', path, context, signal, undefined, query);
    } catch (error) {
      if (!(error instanceof OrgApiError && error.code === 'auth.forbidden')) throw error;
      await clearTokens();
      return request<T>('GET', path, context, signal, undefined, query);
    }
  }

  /** A call inside one organization, with that organization's token. */
  const inOrg = <T>(
    method: string,
    orgId: string,
    path: string,
    signal?: AbortSignal,
    body?: unknown,
    query?: Query,
  ) => {
    const context: TokenContext = { kind: 'organization', organizationId: orgId };
    const url = `/organizations/${seg(orgId)}${path}`;
    return method === 'GET'
      ? read<T>(url, context, signal, query)
      : request<T>(method, url, context, signal, body, query);
  };

  return {
    /** The token an organization call would use (to key shared answers by who asks). */
    organizationToken: (organizationId: string) =>
      config?.getAccessToken({ kind: 'organization', organizationId }),
    apiBase: config?.apiBase,
    myOrganizations: (signal?: AbortSignal) =>
      request<MyOrganizationsResponse>('GET', '/me/organizations', RESOURCE, signal),
    createOrganization: (body: { name: string; description?: string }, signal?: AbortSignal) =>
      request<OrganizationCreatedResponse>('POST', '/organizations', RESOURCE, signal, body),
    /** With `include`, the role template and a page of members come in the same answer. */
    organization: (
      orgId: string,
      signal?: AbortSignal,
      include: { roles?: boolean; members?: MembersQuery | undefined } = {},
    ) =>
      inOrg<OrganizationDetailResponse>('GET', orgId, '', signal, undefined, {
        include:
          [include.roles && 'roles', include.members && 'members'].filter(Boolean).join() ||
          undefined,
        ...(include.members as Query | undefined),
      }),
    members: (orgId: string, query: MembersQuery, signal?: AbortSignal) =>
      inOrg<MembersPage>('GET', orgId, '/members', signal, undefined, query as Query),
    setMemberRoles: (orgId: string, userId: string, roleIds: string[], signal?: AbortSignal) =>
      inOrg<MemberRolesResponse>('PUT', orgId, `/members/${seg(userId)}/roles`, signal, {
        roleIds,
      }),
    removeMember: (orgId: string, userId: string, signal?: AbortSignal) =>
      inOrg<void>('DELETE', orgId, `/members/${seg(userId)}`, signal),
    roles: (orgId: string, signal?: AbortSignal) =>
      inOrg<RolesResponse>('GET', orgId, '/roles', signal),
    invitations: (orgId: string, status?: InvitationStatus, signal?: AbortSignal) =>
      inOrg<InvitationsResponse>('GET', orgId, '/invitations', signal, undefined, { status }),
    invite: (orgId: string, body: InviteRequest, signal?: AbortSignal) =>
      inOrg<InviteResponse>('POST', orgId, '/invitations', signal, body),
    resendInvitation: (orgId: string, id: string, signal?: AbortSignal) =>
      inOrg<ResendResponse>('POST', orgId, `/invitations/${seg(id)}/resend`, signal),
    revokeInvitation: (orgId: string, id: string, signal?: AbortSignal) =>
      inOrg<void>('DELETE', orgId, `/invitations/${seg(id)}`, signal),
    updateOrganization: (orgId: string, body: UpdateOrganizationRequest, signal?: AbortSignal) =>
      inOrg<OrganizationResponse>('PATCH', orgId, '', signal, body),
    deleteOrganization: (orgId: string, signal?: AbortSignal) =>
      inOrg<void>('DELETE', orgId, '', signal),
    domains: (orgId: string, signal?: AbortSignal) =>
      inOrg<OrganizationDomains>('GET', orgId, '/domains', signal),
    setDomains: (orgId: string, body: UpdateDomainsRequest, signal?: AbortSignal) =>
      inOrg<OrganizationDomains>('PUT', orgId, '/domains', signal, body),
    myInvitations: (signal?: AbortSignal) =>
      request<MyInvitationsResponse>('GET', '/me/invitations', RESOURCE, signal),
    declineInvitation: (id: string, signal?: AbortSignal) =>
      request<void>('POST', `/invitations/${seg(id)}/decline`, RESOURCE, signal),
    invitation: (id: string, signal?: AbortSignal) =>
      request<InvitationView>('GET', `/invitations/${seg(id)}`, RESOURCE, signal),
    acceptInvitation: (id: string, signal?: AbortSignal) =>
      request<OrganizationCreatedResponse>(
        'POST',
        `/invitations/${seg(id)}/accept`,
        RESOURCE,
        signal,
      ),
  };
}

export type OrgApi = ReturnType<typeof createApi>;

/** Asked of `loadOrganization` by an element that shows members: a page to bring along. */
export interface FirstPage {
  query: MembersQuery;
  /**
   * Called once, as soon as it is known: with the page when the answer carried it, `undefined`
   * when it did not (a shared answer, or one without permission to read members).
   */
  onMembers: (page: MembersPage | undefined) => void;
}

/**
 * The organization, who I am and what I may do, plus the roles of the template (an empty list when
 * I may not read them): what `<org-members>` and `<org-invite>` need before drawing anything. One
 * request (`include=roles`), which can bring a first page of members along.
 */
export function loadOrganization(
  api: OrgApi,
  orgId: string,
  signal?: AbortSignal,
  firstPage?: FirstPage,
) {
  let delivered = false;
  const deliver = (page: MembersPage | undefined) => {
    if (delivered) return;
    delivered = true;
    firstPage?.onMembers(page);
  };
  return shared(
    api,
    orgId,
    'context',
    signal,
    async () => {
      const { members, ...detail } = await api
        .organization(orgId, undefined, { roles: true, members: firstPage?.query })
        .catch(async (error: unknown) => {
          if (!(error instanceof OrgApiError && error.data?.in === 'query')) throw error;
          // A companion server from before `include` refuses the query: the two reads it answers.
          const roles = api.roles(orgId).then(
            (r) => r.items,
            () => undefined,
          );
          return { ...(await api.organization(orgId)), roles: await roles };
        });
      deliver(members);
      return { ...detail, roles: detail.roles ?? [] };
    },
    () => deliver(undefined),
  ).finally(() => deliver(undefined));
}

/**
 * An answer about one organization shared for a few seconds between elements asking with the same
 * token (and so as the same user); a failure is never shared. Without a token, `load` reports it.
 * `onShared` is called when an answer already asked for is used instead of `load`.
 */
async function shared<T>(
  api: OrgApi,
  orgId: string,
  what: string,
  signal: AbortSignal | undefined,
  load: () => Promise<T>,
  onShared?: () => void,
): Promise<T> {
  let token: string | undefined;
  try {
    token = await api.organizationToken(orgId);
  } catch {
    // The request below reports the token failure with its proper code.
  }
  const key = `${what}\n${api.apiBase}\n${orgId}\n${token}`;
  const hit = token && contextCache.get(key);
  let value: Promise<T>;
  if (hit && Date.now() - hit.at < CONTEXT_TTL_MS) {
    onShared?.();
    value = hit.value as Promise<T>;
  } else {
    value = load();
    if (token) {
      contextCache.set(key, { at: Date.now(), value });
      value.catch(() => contextCache.get(key)?.value === value && contextCache.delete(key));
    }
  }
  const result = await value;
  signal?.throwIfAborted();
  return result;
}

/** How long an organization context is shared between elements. */
const CONTEXT_TTL_MS = 10_000;

/** Forgets shared organization contexts (after a change to the organization or my roles). */
export const forgetOrganizations = () => contextCache.clear();

/**
 * The role an organization must keep one member with: the server's creator role
 * (`adminRoleName`), `admin` when the server does not say.
 */
export const adminRoleName = (ctx?: { adminRoleName?: string }) => ctx?.adminRoleName || 'admin';

/**
 * How many admins the organization has, asked only when I am one (otherwise `undefined`): lets
 * the elements disable leaving or demoting myself as the last admin up front.
 */
export async function countAdmins(
  api: OrgApi,
  orgId: string,
  ctx: { me: { roles: RoleRef[] }; adminRoleName?: string },
  signal?: AbortSignal,
): Promise<number | undefined> {
  const name = adminRoleName(ctx);
  const admin = ctx.me.roles.find((r) => r.name === name);
  return (
    admin &&
    shared(api, orgId, 'admins', signal, async () => {
      return (await api.members(orgId, { roleId: admin.id, pageSize: 1 })).total;
    })
  );
}

/**
 * A domain as typed ("@Acme.com " → "acme.com"), or `''` when it is not a valid domain name
 * (letters, digits, hyphens, at least two labels).
 */
export function safeDomain(text: string): string {
  const domain = text.trim().toLowerCase().replace(/^@/, '');
  return /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/.test(
    domain,
  )
    ? domain
    : '';
}
