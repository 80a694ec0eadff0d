/**
 * Seeds: `'empty'` (a fresh tenant: the Management API, the demo SPA and M2M apps), `'demo'`
 * (plus demo users, the companion API resource and the organization template) and a large data
 * set for benchmarks. Also helpers tests use to build organization fixtures.
 */
import { digestPassword } from './store.js';
import type { OrganizationRecord, Store, UserRecord } from './store.js';

export interface DemoUser {
  id: string;
  username: string;
  password: string;
  primaryEmail: string;
  name: string;
}

/** The demo users (local-only, documented passwords). */
export const DEMO_USERS: readonly DemoUser[] = Object.freeze([
  {
    id: 'demoalice001',
    username: 'alice',
    password: 'alice-pass',
    primaryEmail: 'alice@example.com',
    name: 'Alice Example',
  },
  {
    id: 'demobob00001',
    username: 'bob',
    password: 'bob-pass',
    primaryEmail: 'bob@example.com',
    name: 'Bob Example',
  },
  {
    id: 'democarol001',
    username: 'carol',
    password: 'carol-pass',
    primaryEmail: 'carol@example.com',
    name: 'Carol Example',
  },
  {
    id: 'demodave0001',
    username: 'dave',
    password: 'dave-pass',
    primaryEmail: 'dave@example.com',
    name: 'Dave Example',
  },
  {
    // A company address (example.com is a public mail domain): for automatic membership by domain.
    id: 'demoerin0001',
    username: 'erin',
    password: 'erin-pass',
    primaryEmail: 'erin@acme.test',
    name: 'Erin Acme',
  },
]);

/** The organization template of DESIGN.md ("Permissions"). */
export const ORGANIZATION_SCOPES = Object.freeze([
  { name: 'read:member', description: 'List members and roles' },
  { name: 'invite:member', description: 'Send, list, resend and revoke invitations' },
  { name: 'update:member:role', description: "Change another member's roles" },
  { name: 'remove:member', description: 'Remove another member' },
  { name: 'manage:organization', description: 'Edit and delete the organization' },
]);

export const ORGANIZATION_ROLES = Object.freeze([
  {
    name: 'admin',
    description: 'Manages the organization and its members',
    scopes: ORGANIZATION_SCOPES.map((scope) => scope.name),
  },
  { name: 'member', description: 'Sees the other members', scopes: ['read:member'] },
]);

/** Ids, credentials and names the seeds use. Secrets here are for local use only. */
export const EMULATOR_DEFAULTS = Object.freeze({
  port: 3001,
  spaAppId: 'orgwidgetdemospaapp01',
  spaAppName: 'Org Widget Demo SPA',
  m2mAppId: 'orgwidgetdemom2mapp01',
  /** Local-only secret of the demo M2M app (override with `m2mAppSecret`). */
  m2mAppSecret: 'local-only-m2m-secret-not-for-production',
  m2mAppName: 'Org Widget Companion M2M',
  managementApiResource: 'https://default.logto.app/api',
  managementApiScope: 'all',
  managementApiRoleName: 'Logto Management API access',
  companionResource: 'http://localhost:8787/api',
  companionResourceName: 'Org Widget Companion API',
  companionScopes: ['create:organization'] as readonly string[],
  companionRoleName: 'Organization creator',
  organizationScopes: ORGANIZATION_SCOPES.map((scope) => scope.name) as readonly string[],
  organizationRoles: ORGANIZATION_ROLES.map((role) => role.name) as readonly string[],
  /** Redirect URIs of the demo SPA; any loopback origin is accepted as well. */
  spaRedirectUris: [
    'http://localhost:5173/callback',
    'http://localhost:5173/',
    'http://127.0.0.1:5173/callback',
    'http://127.0.0.1:5173/',
  ] as readonly string[],
  spaPostLogoutRedirectUris: [
    'http://localhost:5173/',
    'http://127.0.0.1:5173/',
  ] as readonly string[],
});

export interface SeedOptions {
  m2mAppId?: string;
  m2mAppSecret?: string;
  companionResource?: string;
}

/** A fresh tenant: the Management API resource and role, the demo SPA and M2M apps. */
export function seedTenant(store: Store, options: SeedOptions = {}): void {
  const api =
    store.findResourceByIndicator(EMULATOR_DEFAULTS.managementApiResource) ??
    store.createResource({
      name: 'Logto Management API',
      indicator: EMULATOR_DEFAULTS.managementApiResource,
      isDefault: false,
    });
  const all = store.createResourceScope({
    resourceId: api.id,
    name: EMULATOR_DEFAULTS.managementApiScope,
    description: 'Default scope for Management API, allows all permissions.',
  });
  const role = store.createRole({
    name: EMULATOR_DEFAULTS.managementApiRoleName,
    description: 'This default role grants access to the Logto management API.',
    type: 'MachineToMachine',
    scopeIds: [all.id],
  });
  store.createApplication({
    id: EMULATOR_DEFAULTS.spaAppId,
    name: EMULATOR_DEFAULTS.spaAppName,
    type: 'SPA',
    redirectUris: [...EMULATOR_DEFAULTS.spaRedirectUris],
    postLogoutRedirectUris: [...EMULATOR_DEFAULTS.spaPostLogoutRedirectUris],
    allowLoopbackRedirects: true,
  });
  const m2m = store.createApplication({
    id: options.m2mAppId ?? EMULATOR_DEFAULTS.m2mAppId,
    name: EMULATOR_DEFAULTS.m2mAppName,
    description: 'The companion server (local demo)',
    type: 'MachineToMachine',
    secret: options.m2mAppSecret ?? EMULATOR_DEFAULTS.m2mAppSecret,
  });
  store.assignApplicationRoles(m2m.id, [role.id]);
}

/** The organization template: scopes and the `admin` / `member` roles. */
export function seedOrganizationTemplate(store: Store): void {
  const scopeIds = new Map<string, string>();
  for (const scope of ORGANIZATION_SCOPES) {
    scopeIds.set(scope.name, store.createOrganizationScope(scope).id);
  }
  for (const role of ORGANIZATION_ROLES) {
    store.createOrganizationRole({
      name: role.name,
      description: role.description,
      organizationScopeIds: role.scopes.map((name) => scopeIds.get(name) as string),
    });
  }
}

/** The demo: tenant + companion API resource + template + demo users. No organizations. */
export function seedDemo(store: Store, options: SeedOptions = {}): void {
  seedTenant(store, options);
  const resource = store.createResource({
    name: EMULATOR_DEFAULTS.companionResourceName,
    indicator: options.companionResource ?? EMULATOR_DEFAULTS.companionResource,
    accessTokenTtl: 3600,
  });
  const scopeIds = EMULATOR_DEFAULTS.companionScopes.map(
    (name) =>
      store.createResourceScope({
        resourceId: resource.id,
        name,
        description: 'Create organizations',
      }).id,
  );
  const creatorRole = store.createRole({
    name: EMULATOR_DEFAULTS.companionRoleName,
    description: 'May create organizations through the companion API',
    type: 'User',
    scopeIds,
  });
  seedOrganizationTemplate(store);
  for (const user of DEMO_USERS) {
    store.createUser({
      id: user.id,
      username: user.username,
      primaryEmail: user.primaryEmail,
      name: user.name,
      password: user.password,
    });
    store.hints.set(user.username, user.password);
    store.assignUserRoles(user.id, [creatorRole.id]);
  }
}

export interface LargeSeed {
  organizations: number;
  users: number;
  /** How many of the generated users join the first organization (default: all). */
  membersInFirstOrg?: number;
}

export const LARGE_USER_PASSWORD = 'user-pass';

/**
 * Adds a large data set on top of the demo seed: `users` users (`user000001`…, password
 * `user-pass`), `organizations` organizations (`Organization 0001`…); the first has
 * `membersInFirstOrg` of them as `member`s and alice as `admin`.
 */
export function seedLarge(store: Store, spec: LargeSeed): { firstOrganizationId?: string } {
  const digest = digestPassword(LARGE_USER_PASSWORD);
  const width = String(Math.max(spec.users, 1)).length;
  const userIds: string[] = [];
  for (let index = 1; index <= spec.users; index += 1) {
    const number = String(index).padStart(Math.max(width, 6), '0');
    userIds.push(
      store.createUser({
        username: `user${number}`,
        primaryEmail: `user${number}@example.com`,
        name: `User ${number}`,
        passwordDigest: digest,
      }).id,
    );
  }
  let firstOrganizationId: string | undefined;
  const orgWidth = Math.max(String(spec.organizations).length, 4);
  for (let index = 1; index <= spec.organizations; index += 1) {
    const org = store.createOrganization({
      name: `Organization ${String(index).padStart(orgWidth, '0')}`,
    });
    firstOrganizationId ??= org.id;
  }
  if (firstOrganizationId) {
    const count = Math.min(spec.membersInFirstOrg ?? userIds.length, userIds.length);
    const members = userIds.slice(0, count);
    const roles = new Map([...store.organizationRoles.values()].map((r) => [r.name, r.id]));
    store.addMembers(firstOrganizationId, members);
    const memberRole = roles.get('member');
    if (memberRole && members.length) {
      store.addRolesToMembers(firstOrganizationId, members, [memberRole]);
    }
    const alice = store.findUserByUsername('alice');
    const adminRole = roles.get('admin');
    if (alice && adminRole) {
      store.addMembers(firstOrganizationId, [alice.id]);
      store.addMemberRoles(firstOrganizationId, alice.id, [adminRole]);
    }
  }
  return firstOrganizationId ? { firstOrganizationId } : {};
}

// ----------------------------------------------------------------- fixtures

/** Test helper: an organization with members given as `{username: roleNames}`. */
export function createOrganizationFixture(
  store: Store,
  input: { name: string; description?: string; members?: Record<string, string[]> },
): OrganizationRecord {
  const org = store.createOrganization({
    name: input.name,
    description: input.description ?? null,
  });
  for (const [username, roleNames] of Object.entries(input.members ?? {})) {
    const user = store.findUserByUsername(username);
    if (!user) throw new Error(`No user named ${username}`);
    store.addMembers(org.id, [user.id]);
    if (roleNames.length) {
      store.addMemberRoles(org.id, user.id, store.resolveOrganizationRoleNames(roleNames));
    }
  }
  return org;
}

/** Test helper: a user with a password (username must be free). */
export function createUserFixture(
  store: Store,
  input: { username: string; password?: string; primaryEmail?: string; name?: string },
): UserRecord {
  return store.createUser({
    username: input.username,
    password: input.password ?? `${input.username}-pass`,
    primaryEmail: input.primaryEmail ?? `${input.username}@example.com`,
    name: input.name ?? null,
  });
}
