/**
 * The organization template of DESIGN.md: permission (organization scope) names, the default
 * roles, and the scopes a host's LogtoClient must request at sign-in.
 */

export const PERMISSIONS = {
  readMember: 'read:member',
  inviteMember: 'invite:member',
  updateMemberRole: 'update:member:role',
  removeMember: 'remove:member',
  manageOrganization: 'manage:organization',
} as const;

export type Permission = (typeof PERMISSIONS)[keyof typeof PERMISSIONS];

/** Every permission name, in a stable order. */
export const PERMISSION_NAMES: readonly Permission[] = Object.freeze(Object.values(PERMISSIONS));

export const PERMISSION_DESCRIPTIONS: Readonly<Record<Permission, string>> = Object.freeze({
  'read:member': 'List members and roles',
  'invite:member': 'Send, list, resend and revoke invitations',
  'update:member:role': "Change another member's roles",
  'remove:member': 'Remove another member',
  'manage:organization': 'Edit and delete the organization',
});

export interface RoleTemplate {
  name: string;
  description: string;
  permissions: readonly Permission[];
}

/** The default organization roles: `admin` holds every permission, `member` reads members. */
export const DEFAULT_ROLES: readonly RoleTemplate[] = Object.freeze([
  Object.freeze({
    name: 'admin',
    description: 'Manages the organization, its members and invitations',
    permissions: PERMISSION_NAMES,
  }),
  Object.freeze({
    name: 'member',
    description: 'Member of the organization',
    permissions: Object.freeze([PERMISSIONS.readMember]),
  }),
]);

/**
 * The scopes a host's LogtoClient must request at sign-in, so organization tokens carry the
 * permissions: `new LogtoClient({ ..., scopes: SIGN_IN_SCOPES, resources: [ORG_API_RESOURCE] })`.
 */
export const SIGN_IN_SCOPES: readonly string[] = Object.freeze([
  'openid',
  'offline_access',
  'profile',
  'email',
  'urn:logto:scope:organizations',
  'urn:logto:scope:organization_roles',
  ...PERMISSION_NAMES,
]);
