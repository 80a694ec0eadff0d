/**
 * Every event the elements fire, in one place. All are `CustomEvent`s that bubble and cross shadow
 * roots (`composed`), are named in the past tense, and are fired only after a user action, never
 * when code sets a property. One block per element.
 */
import type {
  Invitation,
  InvitationResult,
  MyOrganization,
  Organization,
  RoleRef,
} from 'logto-org-widget-contract';
import { toOrgError, type OrgApiError, type OrgErrorCode } from './api.js';

// ---- <org-members> ----
export interface MemberRolesChangedDetail {
  organizationId: string;
  userId: string;
  roles: RoleRef[];
}
export interface MemberRemovedDetail {
  organizationId: string;
  userId: string;
}
export interface OrgLeftDetail {
  organizationId: string;
}

// ---- <org-profile> ----
export interface OrgUpdatedDetail {
  organization: Organization;
}
export interface OrgDeletedDetail {
  organizationId: string;
}
export interface DomainsChangedDetail {
  organizationId: string;
  domains: string[];
  roleIds: string[];
}

// ---- <org-invite> ----
export interface InvitationsSentDetail {
  organizationId: string;
  results: InvitationResult[];
}
export interface InvitationResentDetail {
  organizationId: string;
  delivery: 'sent' | 'link';
  invitation: Invitation;
}
export interface InvitationRevokedDetail {
  organizationId: string;
  invitationId: string;
}

// ---- <org-create> ----
export interface OrgCreatedDetail {
  organization: MyOrganization;
}

// ---- <org-switcher> ----
export interface OrgSelectedDetail {
  organizationId: string;
  organization: MyOrganization;
  /** `true` when a `persist`ed selection was restored on load rather than picked by the user. */
  restored?: boolean;
}
/**
 * The user asked to create an organization from the switcher. Cancelable: `preventDefault()`
 * keeps the built-in dialog closed so the host can show its own.
 */
export type OrgCreateRequestedDetail = Record<string, never>;

export interface InvitationDeclinedDetail {
  invitationId: string;
  organizationId: string;
}

// ---- <org-invitation> ----
export interface InvitationAcceptedDetail {
  invitationId: string;
  organization: MyOrganization;
}
/** The invitee must sign in (`signed-out`) or switch to the invited account (`wrong-user`). */
export interface SignInRequestedDetail {
  invitationId: string;
  reason: 'signed-out' | 'wrong-user';
}

// ---- shared ----
/**
 * The signed-in user turned out not to be (or no longer be) a member of the organization an
 * element shows: removed by someone else, or the organization was deleted. `<org-switcher>` also
 * forgets a remembered selection of it.
 */
export interface MembershipLostDetail {
  organizationId: string;
}
/** Fired when a user action fails. `action` names it, e.g. `remove-member`, `invite`. */
export interface OrgErrorDetail {
  code: OrgErrorCode;
  status: number;
  action: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    // <org-members>
    'org-member-roles-changed': CustomEvent<MemberRolesChangedDetail>;
    'org-member-removed': CustomEvent<MemberRemovedDetail>;
    'org-left': CustomEvent<OrgLeftDetail>;
    // <org-profile>
    'org-updated': CustomEvent<OrgUpdatedDetail>;
    'org-deleted': CustomEvent<OrgDeletedDetail>;
    'org-domains-changed': CustomEvent<DomainsChangedDetail>;
    // <org-invite>
    'org-invitations-sent': CustomEvent<InvitationsSentDetail>;
    'org-invitation-resent': CustomEvent<InvitationResentDetail>;
    'org-invitation-revoked': CustomEvent<InvitationRevokedDetail>;
    // <org-create>
    'org-created': CustomEvent<OrgCreatedDetail>;
    // <org-switcher>
    'org-selected': CustomEvent<OrgSelectedDetail>;
    'org-create-requested': CustomEvent<OrgCreateRequestedDetail>;
    'org-invitation-declined': CustomEvent<InvitationDeclinedDetail>;
    // <org-invitation>
    'org-invitation-accepted': CustomEvent<InvitationAcceptedDetail>;
    'org-sign-in-requested': CustomEvent<SignInRequestedDetail>;
    // shared
    'org-membership-lost': CustomEvent<MembershipLostDetail>;
    'org-error': CustomEvent<OrgErrorDetail>;
  }
}

/** Names of the kit's events (keys of the map above that start with `org-`). */
export type OrgEventName = Extract<keyof GlobalEventHandlersEventMap, `org-${string}`>;
export type OrgEventDetail<K extends OrgEventName> =
  GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never;

/**
 * Dispatches a bubbling, composed event from `target`; returns `false` when a `cancelable` one
 * was cancelled.
 */
export function emit<K extends OrgEventName>(
  target: EventTarget,
  type: K,
  detail: OrgEventDetail<K>,
  cancelable = false,
): boolean {
  return target.dispatchEvent(
    new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }),
  );
}

/**
 * Reports a failed user action: fires `org-error` (unless it was an abort) and returns the error
 * as an `OrgApiError` for the element to show (via `Localizer.error(code)`).
 */
export function reportError(target: EventTarget, error: unknown, action: string): OrgApiError {
  const err = toOrgError(error);
  if ((error as Error)?.name !== 'AbortError') {
    emit(target, 'org-error', { code: err.code, status: err.status, action });
  }
  return err;
}

/**
 * When `error` says the signed-in user is not (or no longer) a member of `organizationId`, or the
 * organization is gone, fires `org-membership-lost` and returns `true`.
 */
export function membershipLost(target: EventTarget, error: unknown, organizationId: string) {
  const code = (error as OrgApiError | undefined)?.code;
  const lost = code === 'organization.not_member' || code === 'organization.not_found';
  if (lost) emit(target, 'org-membership-lost', { organizationId });
  return lost;
}
