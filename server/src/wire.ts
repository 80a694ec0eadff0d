/** Logto's shapes to the wire shapes of the contract. */
import type {
  InvitationStatus,
  Member,
  Organization,
  OrganizationRole,
  RoleRef,
} from 'logto-org-widget-contract';
import type {
  LogtoInvitation,
  LogtoMember,
  LogtoOrganization,
  LogtoOrganizationRole,
  LogtoRoleRef,
} from './logto.js';

export function toOrganization(o: LogtoOrganization): Organization {
  return { id: o.id, name: o.name, description: o.description ?? null, createdAt: o.createdAt };
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
