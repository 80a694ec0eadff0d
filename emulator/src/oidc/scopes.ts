/** Logto's reserved scopes, resources and claim sets, and the resource-server settings of tokens. */
import type { ResourceServer } from 'oidc-provider';

export const ORGANIZATIONS_SCOPE = 'urn:logto:scope:organizations';
export const ORGANIZATION_ROLES_SCOPE = 'urn:logto:scope:organization_roles';
/** The resource @logto/browser asks for at sign-in when organizations are requested. */
export const ORGANIZATIONS_RESOURCE = 'urn:logto:resource:organizations';
export const ORGANIZATION_AUDIENCE_PREFIX = 'urn:logto:organization:';

/** Access tokens live one hour, as Logto's. */
export const ACCESS_TOKEN_TTL = 3600;

export function organizationAudience(organizationId: string): string {
  return `${ORGANIZATION_AUDIENCE_PREFIX}${organizationId}`;
}

/** Resource-server settings shared by every JWT access token the emulator issues. */
export function jwtResourceServer(scopes: string[]): ResourceServer {
  return {
    scope: scopes.join(' '),
    accessTokenFormat: 'jwt',
    accessTokenTTL: ACCESS_TOKEN_TTL,
    jwt: { sign: { alg: 'ES384' } },
  };
}

export function organizationResourceServer(scopes: string[]): ResourceServer {
  return jwtResourceServer(scopes);
}

/** Scope → claims, as in Logto's discovery document. */
export const claimsByScope: Record<string, string[]> = {
  openid: ['sub'],
  profile: [
    'name',
    'family_name',
    'given_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
    'username',
    'created_at',
  ],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  address: ['address'],
  custom_data: ['custom_data'],
  identities: ['identities', 'sso_identities'],
  roles: ['roles'],
  [ORGANIZATIONS_SCOPE]: ['organizations', 'organization_data'],
  [ORGANIZATION_ROLES_SCOPE]: ['organization_roles'],
  'urn:logto:scope:sessions': [],
  'urn:logto:scope:trusted_devices': [],
};

export const supportedScopes = ['openid', 'offline_access', ...Object.keys(claimsByScope).slice(1)];
