/**
 * The companion API's wire types: what the elements send and receive. Type-only, shared by the
 * server and the widget (`import type`), so both sides agree on every shape and error code.
 */

/** Every non-2xx body. `code` is stable (see ERROR_CODES); `message` is for developers. */
export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  data?: Record<string, unknown>;
}

/** Stable error codes and their HTTP status. Documented in the README's error table. */
export const ERROR_CODES = {
  'request.invalid': 400, // body or query failed validation; data.field names it
  'request.too_large': 413,
  'auth.missing_token': 401,
  'auth.invalid_token': 401, // bad signature, issuer, audience, expiry, algorithm
  'auth.forbidden': 403, // signed in, but lacks the permission (data.permission)
  'auth.not_a_user': 403, // a valid token of an application (client credentials), not of a user
  'organization.not_found': 404,
  'organization.not_member': 403,
  'member.not_found': 404,
  'member.last_admin': 409, // the change would leave the organization without an admin
  'member.no_role': 400, // every member keeps at least one role (roleIds: [] refused)
  'role.not_found': 400,
  'role.escalation': 403, // granting a role whose permissions exceed the caller's
  'invitation.not_found': 404,
  'invitation.invalid_email': 400,
  'invitation.already_member': 409,
  'invitation.duplicate_pending': 409,
  'invitation.not_pending': 409, // accepted, revoked or expired: data.status says which
  'invitation.wrong_user': 403, // signed in as someone else; data.email: the caller's own email
  'domain.invalid': 400, // not a domain name (scheme, @, wildcard, IP, bad label); data.domain
  'domain.public': 400, // a public mail provider's domain (gmail.com, …); data.domain
  'domain.not_own': 403, // not the caller's own email domain; data.domain, data.ownDomain
  rate_limited: 429,
  'upstream.unavailable': 503, // Logto unreachable or answering 5xx (502 for bad answers)
  'upstream.error': 502,
  'upstream.timeout': 504,
  'lock.busy': 503, // another admin-affecting change of this organization held the lock too long
  'lock.unavailable': 503, // the shared lock store (Redis) is unreachable: the change did not run
  'route.not_found': 404,
  'stream.too_many': 429, // too many open event streams for this user or this server
  'webhook.invalid_signature': 401, // missing or wrong logto-signature-sha-256
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface RoleRef {
  id: string;
  name: string;
}

/** An organization role of the tenant's template, with its permission (scope) names. */
export interface OrganizationRole extends RoleRef {
  description: string | null;
  permissions: string[];
}

/** An organization's logos (http or https URLs; null: none). */
export interface OrganizationBranding {
  logoUrl: string | null;
  darkLogoUrl: string | null;
}

export interface Organization {
  id: string;
  name: string;
  description: string | null;
  /** Always sent by the server (optional in the type for older answers and test fixtures). */
  branding?: OrganizationBranding;
  createdAt: number;
}

/** An organization as seen by the signed-in user: their roles in it. */
export interface MyOrganization extends Organization {
  roles: RoleRef[];
}

/** GET /me/organizations */
export interface MyOrganizationsResponse {
  items: MyOrganization[];
}

/** POST /organizations (201) and POST /invitations/:id/accept */
export interface OrganizationCreatedResponse {
  organization: MyOrganization;
}

/**
 * GET /organizations/:orgId: the organization, who I am, and what I may do (for UI gating).
 * `?include=roles,members` (either or both, plus the members query `q`, `page`, `pageSize`,
 * `roleId`) adds the role template and a page of members in the same answer, when my live
 * permissions include `read:member`; without it both are left out, never an error.
 */
export interface OrganizationDetailResponse {
  organization: Organization;
  me: { id: string; roles: RoleRef[]; permissions: string[] };
  /**
   * The name of the role an organization must keep one member with (the server's
   * `ORG_CREATOR_ROLE`, default `admin`).
   */
  adminRoleName: string;
  /** With `include=roles`: what GET /organizations/:orgId/roles answers as `items`. */
  roles?: OrganizationRole[];
  /** With `include=members`: what GET /organizations/:orgId/members answers for the same query. */
  members?: MembersPage;
}

/**
 * PATCH /organizations/:orgId body. At least one field. `branding`: a field left out is kept,
 * `null` removes it; URLs are http or https, at most 2048 characters.
 */
export interface UpdateOrganizationRequest {
  name?: string;
  description?: string | null;
  branding?: { logoUrl?: string | null; darkLogoUrl?: string | null };
}

/** PATCH /organizations/:orgId */
export interface OrganizationResponse {
  organization: Organization;
}

export interface Member {
  id: string;
  username: string | null;
  name: string | null;
  email: string | null;
  avatar: string | null;
  roles: RoleRef[];
}

/** GET /organizations/:orgId/members?q&page&pageSize&roleId */
export interface MembersPage {
  items: Member[];
  total: number;
  page: number;
  pageSize: number;
}

/** PUT /organizations/:orgId/members/:userId/roles */
export interface MemberRolesResponse {
  member: Member;
}

/** GET /organizations/:orgId/roles */
export interface RolesResponse {
  items: OrganizationRole[];
}

export type InvitationStatus = 'Pending' | 'Accepted' | 'Expired' | 'Revoked';

/** Who sent an invitation. */
export interface InvitationInviter {
  id: string;
  name: string | null;
  email: string | null;
}

export interface Invitation {
  id: string;
  invitee: string;
  status: InvitationStatus;
  roles: RoleRef[];
  inviterId: string | null;
  /**
   * The inviter, resolved in `GET /organizations/:orgId/invitations` (`null` when that user no
   * longer exists); not sent in the invite and resend answers.
   */
  inviter?: InvitationInviter | null;
  createdAt: number;
  expiresAt: number;
  /** The link the invitee opens (from ORG_INVITATION_LINK). */
  link: string;
}

/** GET /organizations/:orgId/invitations?status: newest first. */
export interface InvitationsResponse {
  items: Invitation[];
}

/**
 * One result per email of POST /organizations/:orgId/invitations, in request order:
 * `sent` (Logto emailed the link), `link` (no email connector: copy `invitation.link`), `failed`.
 */
export type InvitationResult =
  | { email: string; status: 'sent' | 'link'; invitation: Invitation }
  | { email: string; status: 'failed'; error: ApiErrorBody };

export interface InviteRequest {
  emails: string[];
  roleIds: string[];
  expiresInDays?: number;
}

export interface InviteResponse {
  results: InvitationResult[];
}

/** POST /organizations/:orgId/invitations/:id/resend */
export interface ResendResponse {
  delivery: 'sent' | 'link';
  invitation: Invitation;
}

/** GET /invitations/:id (the invitee's view) */
export interface InvitationView {
  invitation: Pick<Invitation, 'id' | 'invitee' | 'status' | 'roles' | 'expiresAt'>;
  /** `branding`: the organization's logos (http(s) only; null when unset). */
  organization: Pick<Organization, 'id' | 'name' | 'description' | 'branding'>;
  inviter: { name: string | null; email: string | null } | null;
}

/** One of the signed-in user's pending invitations (GET /me/invitations). */
export interface MyInvitation {
  id: string;
  organization: Pick<Organization, 'id' | 'name' | 'branding'>;
  inviter: { name: string | null; email: string | null } | null;
  roles: RoleRef[];
  expiresAt: number;
  status: 'Pending';
}

/** GET /me/invitations: pending and not expired, addressed to my primary email; soonest expiry first. */
export interface MyInvitationsResponse {
  invitations: MyInvitation[];
}

/**
 * GET and PUT /organizations/:orgId/domains: just-in-time membership. A new user whose verified
 * email is in one of `domains` joins the organization with `roles`.
 * `ownDomain`: the domain of the caller's primary email (null if none): without
 * `allowAnyDomain`, the only domain the caller may add.
 */
export interface OrganizationDomains {
  domains: string[];
  roles: RoleRef[];
  ownDomain: string | null;
  allowAnyDomain: boolean;
}

/** PUT /organizations/:orgId/domains body: the whole new set (at most 20 domains, 20 roles). */
export interface UpdateDomainsRequest {
  domains: string[];
  roleIds: string[];
}

/**
 * What changed, as carried by `GET /organizations/:orgId/events` (Server-Sent Events, one JSON
 * `data:` line per event): a kind and, when known, the ids concerned. Signals only: the elements
 * fetch the data again through the usual calls.
 *
 * - `members`: members joined, left or changed roles (`ids`: user ids)
 * - `invitations`: invitations created, revoked or accepted (`ids`: invitation ids); sent only to
 *   holders of `invite:member`
 * - `organization`: the organization was renamed, edited or deleted (`ids`: its id)
 * - `roles`: the tenant's organization roles changed (`ids`: role ids)
 */
export interface LiveEvent {
  type: LiveEventType;
  ids?: string[];
}

export type LiveEventType = 'members' | 'invitations' | 'organization' | 'roles';

/** The `end` event of a stream the server closes for good: reconnecting needs a new token or access. */
export interface LiveEnd {
  code: ErrorCode;
}
