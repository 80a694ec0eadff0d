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
  'role.not_found': 400,
  'role.escalation': 403, // granting a role whose permissions exceed the caller's
  'invitation.not_found': 404,
  'invitation.invalid_email': 400,
  'invitation.already_member': 409,
  'invitation.duplicate_pending': 409,
  'invitation.not_pending': 409, // accepted, revoked or expired: data.status says which
  'invitation.wrong_user': 403, // signed in as someone else; data.email: the caller's own email
  rate_limited: 429,
  'upstream.unavailable': 503, // Logto unreachable or answering 5xx (502 for bad answers)
  'upstream.error': 502,
  'upstream.timeout': 504,
  'lock.busy': 503, // another admin-affecting change of this organization held the lock too long
  'lock.unavailable': 503, // the shared lock store (Redis) is unreachable: the change did not run
  'route.not_found': 404,
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

export interface Organization {
  id: string;
  name: string;
  description: string | null;
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

/** GET /organizations/:orgId: the organization, who I am, and what I may do (for UI gating). */
export interface OrganizationDetailResponse {
  organization: Organization;
  me: { id: string; roles: RoleRef[]; permissions: string[] };
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

export interface Invitation {
  id: string;
  invitee: string;
  status: InvitationStatus;
  roles: RoleRef[];
  inviterId: string | null;
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
  organization: Pick<Organization, 'id' | 'name' | 'description'>;
  inviter: { name: string | null; email: string | null } | null;
}
