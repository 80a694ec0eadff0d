/** Logto's shapes to the wire shapes of the contract. */
import type {
  InvitationStatus,
  Member,
  Organization,
  OrganizationBranding,
  OrganizationRole,
  RoleRef,
} from 'logto-org-widget-contract';
import type {
  LogtoBranding,
  LogtoInvitation,
  LogtoMember,
  LogtoOrganization,
  LogtoOrganizationRole,
  LogtoRoleRef,
} from './logto.js';

export function toOrganization(o: LogtoOrganization): Organization {
  return {
    id: o.id,
    name: o.name,
    description: o.description ?? null,
    branding: toBranding(o.branding),
    createdAt: o.createdAt,
  };
}

/** The logos, http or https only (a URL set elsewhere with another scheme is not passed on). */
export function toBranding(branding: LogtoBranding | undefined): OrganizationBranding {
  return {
    logoUrl: webUrl(branding?.logoUrl),
    darkLogoUrl: webUrl(branding?.darkLogoUrl),
  };
}

function webUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2048) return null;
  return /^https?:\/\//i.test(value) && URL.canParse(value) ? value : null;
}

export function toRoleRef(r: LogtoRoleRef): RoleRef {
  return { id: r.id, name: r.name };
}

export function toOrganizationRole(r: LogtoOrganizationRole): OrganizationRole {
  return {
    id: r.id,
    name: r.name,
    description: r.description ?? null,
    permissions: (r.scopes ?? []).map((s) => s.name),
  };
}

export function toMember(u: LogtoMember): Member {
  return {
    id: u.id,
    username: u.username ?? null,
    name: u.name ?? null,
    email: u.primaryEmail ?? null,
    avatar: u.avatar ?? null,
    roles: (u.organizationRoles ?? []).map(toRoleRef),
  };
}

/** Logto reports expiry lazily; treat a pending invitation past its expiry as expired. */
export function effectiveStatus(inv: LogtoInvitation, now: number): InvitationStatus {
  if (inv.status === 'Pending' && inv.expiresAt <= now) return 'Expired';
  return inv.status;
}
