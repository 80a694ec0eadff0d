/**
 * The emulator's data: users, organizations, organization roles and scopes, memberships,
 * invitations, API resources, global roles and applications. In memory, indexed for the lookups
 * the Management API and the OIDC side make, serialisable to JSON for persistence.
 *
 * The store enforces Logto's data rules (uniqueness, foreign keys) by throwing `ApiError`s with
 * Logto's codes; request-shape validation lives in the routers.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import type {
  Directory,
  DirectoryApplication,
  DirectoryUser,
  RegistrationResult,
} from './contracts.js';
import {
  ApiError,
  foreignKeyNotFound,
  invalidInput,
  notExists,
  notExistsWithId,
  notFound,
  requireMembership,
  uniqueViolation,
} from './errors.js';
import { generateId } from './ids.js';

export const TENANT_ID = 'default';

export interface UserRecord {
  id: string;
  username: string | null;
  primaryEmail: string | null;
  primaryPhone: string | null;
  name: string | null;
  avatar: string | null;
  customData: Record<string, unknown>;
  identities: Record<string, unknown>;
  lastSignInAt: number | null;
  createdAt: number;
  updatedAt: number;
  profile: Record<string, unknown>;
  applicationId: string | null;
  isSuspended: boolean;
  /** `salt:sha256(salt + password)` in hex, or null when the user has no password. */
  passwordDigest: string | null;
}

export interface OrganizationRecord {
  id: string;
  name: string;
  description: string | null;
  customData: Record<string, unknown>;
  isMfaRequired: boolean;
  color: Record<string, unknown>;
  branding: Record<string, unknown>;
  customCss: string | null;
  createdAt: number;
}

export interface OrganizationScopeRecord {
  id: string;
  name: string;
  description: string | null;
}

export interface OrganizationRoleRecord {
  id: string;
  name: string;
  description: string | null;
  type: 'User' | 'MachineToMachine';
}

export type InvitationStatus = 'Pending' | 'Accepted' | 'Revoked' | 'Expired';

export interface InvitationRecord {
  id: string;
  inviterId: string | null;
  invitee: string;
  acceptedUserId: string | null;
  organizationId: string;
  /** Stored status; `Expired` is computed from `expiresAt` when reading. */
  status: Exclude<InvitationStatus, 'Expired'>;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  organizationRoleIds: string[];
}

export interface ResourceRecord {
  id: string;
  name: string;
  indicator: string;
  isDefault: boolean;
  accessTokenTtl: number;
}

export interface ResourceScopeRecord {
  id: string;
  resourceId: string;
  name: string;
  description: string | null;
  createdAt: number;
}

export interface RoleRecord {
  id: string;
  name: string;
  description: string;
  type: 'User' | 'MachineToMachine';
  isDefault: boolean;
}

export interface ApplicationSecretRecord {
  name: string;
  value: string;
  createdAt: number;
  expiresAt: number | null;
}

export interface ApplicationRecord {
  id: string;
  name: string;
  description: string | null;
  type: 'SPA' | 'MachineToMachine' | 'Traditional';
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  corsAllowedOrigins: string[];
  /** Accept any `http://localhost:<port>` / `http://127.0.0.1:<port>` redirect (local demo). */
  allowLoopbackRedirects: boolean;
  customData: Record<string, unknown>;
  isThirdParty: boolean;
  createdAt: number;
  secrets: ApplicationSecretRecord[];
}

/** Webhook events the emulator accepts in a hook (Logto 1.42's data and interaction events). */
export const HOOK_EVENTS = [
  'PostRegister',
  'PostSignIn',
  'PostResetPassword',
  'User.Created',
  'User.Deleted',
  'User.Data.Updated',
  'User.SuspensionStatus.Updated',
  'Role.Created',
  'Role.Deleted',
  'Role.Data.Updated',
  'Role.Scopes.Updated',
  'Scope.Created',
  'Scope.Deleted',
  'Scope.Data.Updated',
  'Organization.Created',
  'Organization.Deleted',
  'Organization.Data.Updated',
  'Organization.Membership.Updated',
  'OrganizationRole.Created',
  'OrganizationRole.Deleted',
  'OrganizationRole.Data.Updated',
  'OrganizationRole.Scopes.Updated',
  'OrganizationScope.Created',
  'OrganizationScope.Deleted',
  'OrganizationScope.Data.Updated',
  'Identifier.Lockout',
] as const;

export type HookEvent = (typeof HOOK_EVENTS)[number];

export interface HookConfig {
  url: string;
  headers?: Record<string, string>;
  retries?: number;
}

export interface HookRecord {
  id: string;
  name: string;
  /** Legacy single event (Logto keeps the column); null unless given. */
  event: HookEvent | null;
  events: HookEvent[];
  config: HookConfig;
  signingKey: string;
  enabled: boolean;
  createdAt: number;
}

/** One delivery attempt, as Logto logs it (`TriggerHook.<event>`). */
export interface HookLogRecord {
  id: string;
  key: string;
  payload: {
    key: string;
    result: 'Success' | 'Error';
    hookId: string;
    error?: string;
    response?: { statusCode: number; body: unknown };
    hookRequest: { body: Record<string, unknown> };
  };
  createdAt: number;
}

export type OneTimeTokenStatus = 'active' | 'consumed' | 'revoked' | 'expired';

/** A one-time token (`/api/one-time-tokens`): a secret bound to an email, used once. */
export interface OneTimeTokenRecord {
  id: string;
  email: string;
  token: string;
  context: { jitOrganizationIds?: string[] };
  status: OneTimeTokenStatus;
  createdAt: number;
  expiresAt: number;
}

/** Lifetime of a one-time token without `expiresIn` (Logto 1.42: 10 minutes). */
export const ONE_TIME_TOKEN_DEFAULT_SECONDS = 10 * 60;

/** The JSON form of the store (persistence file). */
export interface StoreSnapshot {
  version: 1;
  users: UserRecord[];
  organizations: OrganizationRecord[];
  organizationScopes: OrganizationScopeRecord[];
  organizationRoles: OrganizationRoleRecord[];
  /** [roleId, scopeId] pairs. */
  organizationRoleScopes: Array<[string, string]>;
  /** [roleId, resourceScopeId] pairs. */
  organizationRoleResourceScopes: Array<[string, string]>;
  /** [orgId, userId, roleIds] */
  memberships: Array<[string, string, string[]]>;
  invitations: InvitationRecord[];
  resources: ResourceRecord[];
  resourceScopes: ResourceScopeRecord[];
  roles: RoleRecord[];
  /** [roleId, resourceScopeId] pairs. */
  roleScopes: Array<[string, string]>;
  /** [userId, roleId] pairs. */
  userRoles: Array<[string, string]>;
  /** [applicationId, roleId] pairs. */
  applicationRoles: Array<[string, string]>;
  applications: ApplicationRecord[];
  /** Username → password of the demo users, shown on the sign-in page. */
  signInHints: Array<{ username: string; password: string }>;
  /** [orgId, emailDomain] pairs (organization just-in-time provisioning). */
  jitEmailDomains?: Array<[string, string]>;
  /** [orgId, organizationRoleId] pairs: the roles a just-in-time member gets. */
  jitRoles?: Array<[string, string]>;
  hooks?: HookRecord[];
  oneTimeTokens?: OneTimeTokenRecord[];
}

export interface StoreOptions {
  now?: () => number;
  /** Makes the ids of new records (`length` 12 for users and organizations, else 21); default random. */
  generateId?: (length: number) => string;
}

export function digestPassword(password: string, salt = randomBytes(8).toString('hex')): string {
  return `${salt}:${createHash('sha256').update(salt).update(password).digest('hex')}`;
}

function checkPassword(digest: string, password: string): boolean {
  const [salt, hash] = digest.split(':');
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, 'hex');
  const actual = createHash('sha256').update(salt).update(password).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

const byId = <T extends { id: string }>(a: T, b: T): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
const byName = <T extends { name: string; id: string }>(a: T, b: T): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : byId(a, b);
/** Byte order, like PostgreSQL's `C` collation (upper case before lower case). */
const byBytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** Newest first, then by id. */
const byCreatedDesc = <T extends { createdAt: number; id: string }>(a: T, b: T): number =>
  b.createdAt - a.createdAt || byId(a, b);

function addToSetMap<K, V>(map: Map<K, Set<V>>, key: K, value: V): boolean {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  if (set.has(value)) return false;
  set.add(value);
  return true;
}

export class Store implements Directory {
  readonly now: () => number;
  private readonly makeId: (length: number) => string;
  users = new Map<string, UserRecord>();
  private usernameIndex = new Map<string, string>();
  private emailIndex = new Map<string, string>();
  organizations = new Map<string, OrganizationRecord>();
  organizationScopes = new Map<string, OrganizationScopeRecord>();
  organizationRoles = new Map<string, OrganizationRoleRecord>();
  /** roleId → scopeIds */
  organizationRoleScopes = new Map<string, Set<string>>();
  /** roleId → resource scopeIds */
  organizationRoleResourceScopes = new Map<string, Set<string>>();
  /** orgId → (userId → roleIds) */
  members = new Map<string, Map<string, Set<string>>>();
  /** userId → orgIds */
  userOrganizations = new Map<string, Set<string>>();
  invitations = new Map<string, InvitationRecord>();
  /** Invitation ids by organization (Logto's table is indexed by organization). */
  private invitationsByOrg = new Map<string, Set<string>>();
  /** Invitation ids by invitee, lower-case (Logto's table is indexed by invitee). */
  private invitationsByInvitee = new Map<string, Set<string>>();
  resources = new Map<string, ResourceRecord>();
  resourceScopes = new Map<string, ResourceScopeRecord>();
  roles = new Map<string, RoleRecord>();
  /** roleId → resource scopeIds */
  roleScopes = new Map<string, Set<string>>();
  /** userId → roleIds */
  userRoles = new Map<string, Set<string>>();
  /** applicationId → roleIds */
  applicationRoles = new Map<string, Set<string>>();
  apps = new Map<string, ApplicationRecord>();
  hints = new Map<string, string>();
  /** orgId → email domains whose new users join the organization (JIT) */
  jitEmailDomains = new Map<string, Set<string>>();
  /** orgId → organization role ids given to JIT members */
  jitRoles = new Map<string, Set<string>>();
  hooks = new Map<string, HookRecord>();
  /** Delivery logs, oldest first (memory only; Logto shows the last 24 hours). */
  hookLogs: HookLogRecord[] = [];
  oneTimeTokens = new Map<string, OneTimeTokenRecord>();

  private listeners = new Set<() => void>();
  private sortedUsers: UserRecord[] | undefined;
  private searchTexts = new WeakMap<UserRecord, string>();
  private sortedMembers = new Map<string, UserRecord[]>();
  private lastTime = 0;

  constructor(options: StoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.makeId = options.generateId ?? generateId;
  }

  /** Called after every change (persistence hooks in here). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** A creation time that strictly increases, so "newest first" is stable within a millisecond. */
  private stamp(): number {
    const now = this.now();
    this.lastTime = now > this.lastTime ? now : this.lastTime + 1;
    return this.lastTime;
  }

  private uniqueId(map: Map<string, unknown>, length = 21): string {
    for (;;) {
      const id = this.makeId(length);
      if (!map.has(id)) return id;
    }
  }

  // ---------------------------------------------------------------- users

  createUser(input: {
    id?: string;
    username?: string | null;
    primaryEmail?: string | null;
    primaryPhone?: string | null;
    name?: string | null;
    avatar?: string | null;
    customData?: Record<string, unknown>;
    profile?: Record<string, unknown>;
    password?: string | null;
    passwordDigest?: string | null;
    createdAt?: number;
  }): UserRecord {
    if (input.username && this.usernameIndex.has(input.username)) {
      throw new ApiError(422, 'user.username_already_in_use', 'This username is already taken.');
    }
    if (input.primaryEmail && this.emailIndex.has(input.primaryEmail.toLowerCase())) {
      throw new ApiError(422, 'user.email_already_in_use', 'This email is already used.');
    }
    if (input.id && this.users.has(input.id)) throw uniqueViolation();
    const createdAt = input.createdAt ?? this.stamp();
    const user: UserRecord = {
      id: input.id ?? this.uniqueId(this.users, 12),
      username: input.username ?? null,
      primaryEmail: input.primaryEmail ?? null,
      primaryPhone: input.primaryPhone ?? null,
      name: input.name ?? null,
      avatar: input.avatar ?? null,
      customData: input.customData ?? {},
      identities: {},
      lastSignInAt: null,
      createdAt,
      updatedAt: createdAt,
      profile: input.profile ?? {},
      applicationId: null,
      isSuspended: false,
      passwordDigest:
        input.passwordDigest ?? (input.password ? digestPassword(input.password) : null),
    };
    this.insertUser(user);
    this.changed();
    return user;
  }

  private insertUser(user: UserRecord): void {
    this.users.set(user.id, user);
    if (user.username) this.usernameIndex.set(user.username, user.id);
    if (user.primaryEmail) this.emailIndex.set(user.primaryEmail.toLowerCase(), user.id);
    this.sortedUsers = undefined;
  }

  getUser(id: string): UserRecord {
    const user = this.users.get(id);
    if (!user) throw notFound();
    return user;
  }

  updateUser(
    id: string,
    patch: Partial<
      Pick<UserRecord, 'username' | 'primaryEmail' | 'name' | 'avatar' | 'customData' | 'profile'>
    >,
  ): UserRecord {
    const user = this.getUser(id);
    if (user.username) this.usernameIndex.delete(user.username);
    if (user.primaryEmail) this.emailIndex.delete(user.primaryEmail.toLowerCase());
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) (user as unknown as Record<string, unknown>)[key] = value;
    }
    user.updatedAt = this.now();
    this.searchTexts.delete(user);
    if (user.username) this.usernameIndex.set(user.username, user.id);
    if (user.primaryEmail) this.emailIndex.set(user.primaryEmail.toLowerCase(), user.id);
    this.changed();
    return user;
  }

  /** Lower-cased id, username, email, phone and name, for substring search (memoised). */
  userSearchText(user: UserRecord): string {
    let text = this.searchTexts.get(user);
    if (text === undefined) {
      text = [user.id, user.username, user.primaryEmail, user.primaryPhone, user.name]
        .filter((field) => field !== null)
        .join('\n')
        .toLowerCase();
      this.searchTexts.set(user, text);
    }
    return text;
  }

  findUserByUsername(username: string): UserRecord | undefined {
    const id = this.usernameIndex.get(username);
    return id === undefined ? undefined : this.users.get(id);
  }

  findUserByEmail(email: string): UserRecord | undefined {
    const id = this.emailIndex.get(email.toLowerCase());
    return id === undefined ? undefined : this.users.get(id);
  }

  /** All users, newest first (cached until a user is added or removed). */
  listUsers(): UserRecord[] {
    this.sortedUsers ??= [...this.users.values()].sort(byCreatedDesc);
    return this.sortedUsers;
  }

  deleteUser(id: string): void {
    const user = this.getUser(id);
    for (const orgId of [...(this.userOrganizations.get(id) ?? [])]) {
      this.removeMember(orgId, id);
    }
    this.users.delete(id);
    if (user.username) this.usernameIndex.delete(user.username);
    if (user.primaryEmail) this.emailIndex.delete(user.primaryEmail.toLowerCase());
    this.userRoles.delete(id);
    this.hints.delete(user.username ?? '');
    this.sortedUsers = undefined;
    this.changed();
  }

  /** Marks a sign-in (`Directory.recordSignIn`, called by the OIDC side). */
  recordSignIn(userId: string, applicationId: string | null): void {
    const user = this.users.get(userId);
    if (!user) return;
    const now = this.now();
    user.lastSignInAt = now;
    user.updatedAt = now;
    user.applicationId = applicationId;
    this.changed();
  }

  // -------------------------------------------------------- organizations

  createOrganization(input: {
    id?: string;
    name: string;
    description?: string | null;
    customData?: Record<string, unknown>;
    isMfaRequired?: boolean;
    color?: Record<string, unknown>;
    branding?: Record<string, unknown>;
    customCss?: string | null;
  }): OrganizationRecord {
    if (input.id && this.organizations.has(input.id)) throw uniqueViolation();
    const org: OrganizationRecord = {
      id: input.id ?? this.uniqueId(this.organizations, 12),
      name: input.name,
      description: input.description ?? null,
      customData: input.customData ?? {},
      isMfaRequired: input.isMfaRequired ?? false,
      color: input.color ?? {},
      branding: input.branding ?? {},
      customCss: input.customCss ?? null,
      createdAt: this.stamp(),
    };
    this.organizations.set(org.id, org);
    this.members.set(org.id, new Map());
    this.changed();
    return org;
  }

  getOrganization(id: string): OrganizationRecord {
    const org = this.organizations.get(id);
    if (!org) throw notExistsWithId('organizations', id);
    return org;
  }

  /** Unknown id → 404 `entity.not_exists` (Logto's answer when an update matches no row). */
  updateOrganization(
    id: string,
    patch: Partial<Omit<OrganizationRecord, 'id' | 'createdAt'>>,
  ): OrganizationRecord {
    const org = this.organizations.get(id);
    if (!org) throw notExists('organization');
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) (org as unknown as Record<string, unknown>)[key] = value;
    }
    this.changed();
    return org;
  }

  deleteOrganization(id: string): void {
    if (!this.organizations.has(id)) throw notFound();
    for (const userId of this.members.get(id)?.keys() ?? []) {
      this.userOrganizations.get(userId)?.delete(id);
    }
    this.members.delete(id);
    this.sortedMembers.delete(id);
    this.organizations.delete(id);
    this.jitEmailDomains.delete(id);
    this.jitRoles.delete(id);
    for (const invitationId of this.invitationsByOrg.get(id) ?? []) {
      const invitation = this.invitations.get(invitationId);
      if (invitation)
        this.invitationsByInvitee.get(invitation.invitee.toLowerCase())?.delete(invitationId);
      this.invitations.delete(invitationId);
    }
    this.invitationsByOrg.delete(id);
    this.changed();
  }

  /** Organizations, ordered by id (as Logto lists them). */
  listOrganizations(): OrganizationRecord[] {
    return [...this.organizations.values()].sort(byId);
  }

  // ---------------------------------------------------------- memberships

  private membersOf(orgId: string): Map<string, Set<string>> {
    const members = this.members.get(orgId);
    if (!members) throw foreignKeyNotFound();
    return members;
  }

  /** Adds users (idempotent: existing members keep their roles). */
  addMembers(orgId: string, userIds: string[]): void {
    const members = this.membersOf(orgId);
    for (const userId of userIds) if (!this.users.has(userId)) throw foreignKeyNotFound();
    for (const userId of userIds) {
      if (members.has(userId)) continue;
      members.set(userId, new Set());
      addToSetMap(this.userOrganizations, userId, orgId);
    }
    this.sortedMembers.delete(orgId);
    this.changed();
  }

  /** Makes the member list exactly `userIds` (kept members keep their roles). */
  replaceMembers(orgId: string, userIds: string[]): void {
    const members = this.membersOf(orgId);
    for (const userId of userIds) if (!this.users.has(userId)) throw foreignKeyNotFound();
    const keep = new Set(userIds);
    for (const userId of [...members.keys()]) {
      if (!keep.has(userId)) {
        members.delete(userId);
        this.userOrganizations.get(userId)?.delete(orgId);
      }
    }
    this.addMembers(orgId, userIds);
  }

  removeMember(orgId: string, userId: string): void {
    const members = this.members.get(orgId);
    if (!members?.has(userId)) throw notFound();
    members.delete(userId);
    this.userOrganizations.get(userId)?.delete(orgId);
    this.sortedMembers.delete(orgId);
    this.changed();
  }

  isMember(organizationId: string, userId: string): boolean {
    return this.members.get(organizationId)?.has(userId) ?? false;
  }

  /**
   * Members of an organization ordered by user id, as Logto's query orders them (cached per
   * organization). An unknown organization has no members.
   */
  listMembers(orgId: string): UserRecord[] {
    const members = this.members.get(orgId);
    if (!members) return [];
    let sorted = this.sortedMembers.get(orgId);
    if (!sorted) {
      sorted = [];
      for (const userId of members.keys()) {
        const user = this.users.get(userId);
        if (user) sorted.push(user);
      }
      sorted.sort(byId);
      this.sortedMembers.set(orgId, sorted);
    }
    return sorted;
  }

  memberRoleIds(orgId: string, userId: string): Set<string> {
    const roles = this.members.get(orgId)?.get(userId);
    if (!roles) throw requireMembership();
    return roles;
  }

  /** The member's roles, ordered by id. */
  memberRoles(orgId: string, userId: string): OrganizationRoleRecord[] {
    const roles: OrganizationRoleRecord[] = [];
    for (const roleId of this.memberRoleIds(orgId, userId)) {
      const role = this.organizationRoles.get(roleId);
      if (role) roles.push(role);
    }
    return roles.sort(byId);
  }

  /** The member's roles ordered by name (how Logto aggregates them into `organizationRoles`). */
  memberRolesByName(orgId: string, userId: string): OrganizationRoleRecord[] {
    return this.memberRoles(orgId, userId).sort(byName);
  }

  /** Resolves role names to ids; unknown names → 422 `organization.role_names_not_found`. */
  resolveOrganizationRoleNames(names: string[]): string[] {
    const byRoleName = new Map([...this.organizationRoles.values()].map((r) => [r.name, r.id]));
    const missing = names.filter((name) => !byRoleName.has(name));
    if (missing.length > 0) {
      throw new ApiError(
        422,
        'organization.role_names_not_found',
        `Unknown organization role names: ${missing.join(', ')}.`,
        { roleNames: missing },
      );
    }
    return names.map((name) => byRoleName.get(name) as string);
  }

  addMemberRoles(orgId: string, userId: string, roleIds: string[]): void {
    const roles = this.memberRoleIds(orgId, userId);
    for (const roleId of roleIds) {
      if (!this.organizationRoles.has(roleId)) throw foreignKeyNotFound();
    }
    for (const roleId of roleIds) roles.add(roleId);
    this.changed();
  }

  replaceMemberRoles(orgId: string, userId: string, roleIds: string[]): void {
    const roles = this.memberRoleIds(orgId, userId);
    for (const roleId of roleIds) {
      if (!this.organizationRoles.has(roleId)) throw foreignKeyNotFound();
    }
    roles.clear();
    for (const roleId of roleIds) roles.add(roleId);
    this.changed();
  }

  removeMemberRole(orgId: string, userId: string, roleId: string): void {
    const roles = this.memberRoleIds(orgId, userId);
    if (!roles.delete(roleId)) throw notFound();
    this.changed();
  }

  /** Bulk: gives every user every role; all users must be members. */
  addRolesToMembers(orgId: string, userIds: string[], roleIds: string[]): void {
    const members = this.membersOf(orgId);
    for (const userId of userIds) if (!members.has(userId)) throw foreignKeyNotFound();
    for (const roleId of roleIds) {
      if (!this.organizationRoles.has(roleId)) throw foreignKeyNotFound();
    }
    for (const userId of userIds) {
      const roles = members.get(userId) as Set<string>;
      for (const roleId of roleIds) roles.add(roleId);
    }
    this.changed();
  }

  /**
   * Organization scopes the member's roles grant, ordered by id. A non-member (or an unknown
   * organization) has none: Logto derives them from the role relations without a membership check.
   */
  memberScopes(orgId: string, userId: string): OrganizationScopeRecord[] {
    const scopeIds = new Set<string>();
    for (const roleId of this.members.get(orgId)?.get(userId) ?? []) {
      for (const scopeId of this.organizationRoleScopes.get(roleId) ?? []) scopeIds.add(scopeId);
    }
    const scopes: OrganizationScopeRecord[] = [];
    for (const scopeId of scopeIds) {
      const scope = this.organizationScopes.get(scopeId);
      if (scope) scopes.push(scope);
    }
    return scopes.sort(byId);
  }

  // ------------------------------------------- organization roles/scopes

  createOrganizationScope(input: {
    id?: string;
    name: string;
    description?: string | null;
  }): OrganizationScopeRecord {
    for (const scope of this.organizationScopes.values()) {
      if (scope.name === input.name) throw uniqueViolation();
    }
    const scope: OrganizationScopeRecord = {
      id: input.id ?? this.uniqueId(this.organizationScopes),
      name: input.name,
      description: input.description ?? null,
    };
    this.organizationScopes.set(scope.id, scope);
    this.changed();
    return scope;
  }

  getOrganizationScope(id: string): OrganizationScopeRecord {
    const scope = this.organizationScopes.get(id);
    if (!scope) throw notExistsWithId('organization_scopes', id);
    return scope;
  }

  updateOrganizationScope(
    id: string,
    patch: { name?: string; description?: string | null },
  ): OrganizationScopeRecord {
    const scope = this.getOrganizationScope(id);
    if (patch.name !== undefined && patch.name !== scope.name) {
      for (const other of this.organizationScopes.values()) {
        if (other.name === patch.name) throw uniqueViolation();
      }
      scope.name = patch.name;
    }
    if (patch.description !== undefined) scope.description = patch.description;
    this.changed();
    return scope;
  }

  deleteOrganizationScope(id: string): void {
    if (!this.organizationScopes.delete(id)) throw notFound();
    for (const scopes of this.organizationRoleScopes.values()) scopes.delete(id);
    this.changed();
  }

  /** Organization scopes ordered by name. */
  listOrganizationScopes(): OrganizationScopeRecord[] {
    return [...this.organizationScopes.values()].sort(byName);
  }

  createOrganizationRole(input: {
    id?: string;
    name: string;
    description?: string | null;
    type?: 'User' | 'MachineToMachine';
    organizationScopeIds?: string[];
    resourceScopeIds?: string[];
  }): OrganizationRoleRecord {
    for (const role of this.organizationRoles.values()) {
      if (role.name === input.name) throw uniqueViolation();
    }
    for (const scopeId of input.organizationScopeIds ?? []) {
      if (!this.organizationScopes.has(scopeId)) throw foreignKeyNotFound();
    }
    for (const scopeId of input.resourceScopeIds ?? []) {
      if (!this.resourceScopes.has(scopeId)) throw foreignKeyNotFound();
    }
    const role: OrganizationRoleRecord = {
      id: input.id ?? this.uniqueId(this.organizationRoles),
      name: input.name,
      description: input.description ?? null,
      type: input.type ?? 'User',
    };
    this.organizationRoles.set(role.id, role);
    this.organizationRoleScopes.set(role.id, new Set(input.organizationScopeIds ?? []));
    this.organizationRoleResourceScopes.set(role.id, new Set(input.resourceScopeIds ?? []));
    this.changed();
    return role;
  }

  getOrganizationRole(id: string): OrganizationRoleRecord {
    const role = this.organizationRoles.get(id);
    if (!role) throw notExistsWithId('organization_roles', id);
    return role;
  }

  updateOrganizationRole(
    id: string,
    patch: { name?: string; description?: string | null },
  ): OrganizationRoleRecord {
    const role = this.getOrganizationRole(id);
    if (patch.name !== undefined && patch.name !== role.name) {
      for (const other of this.organizationRoles.values()) {
        if (other.name === patch.name) throw uniqueViolation();
      }
      role.name = patch.name;
    }
    if (patch.description !== undefined) role.description = patch.description;
    this.changed();
    return role;
  }

  deleteOrganizationRole(id: string): void {
    if (!this.organizationRoles.delete(id)) throw notFound();
    this.organizationRoleScopes.delete(id);
    this.organizationRoleResourceScopes.delete(id);
    for (const members of this.members.values()) {
      for (const roles of members.values()) roles.delete(id);
    }
    for (const roles of this.jitRoles.values()) roles.delete(id);
    for (const invitation of this.invitations.values()) {
      invitation.organizationRoleIds = invitation.organizationRoleIds.filter((r) => r !== id);
    }
    this.changed();
  }

  /** Organization roles ordered by name. */
  listOrganizationRoles(): OrganizationRoleRecord[] {
    return [...this.organizationRoles.values()].sort(byName);
  }

  organizationRoleScopeList(roleId: string): OrganizationScopeRecord[] {
    const scopes: OrganizationScopeRecord[] = [];
    for (const scopeId of this.organizationRoleScopes.get(roleId) ?? []) {
      const scope = this.organizationScopes.get(scopeId);
      if (scope) scopes.push(scope);
    }
    return scopes.sort(byId);
  }

  organizationRoleResourceScopeList(roleId: string): ResourceScopeRecord[] {
    const scopes: ResourceScopeRecord[] = [];
    for (const scopeId of this.organizationRoleResourceScopes.get(roleId) ?? []) {
      const scope = this.resourceScopes.get(scopeId);
      if (scope) scopes.push(scope);
    }
    return scopes.sort(byId);
  }

  addOrganizationRoleScopes(roleId: string, scopeIds: string[], replace = false): void {
    if (!this.organizationRoles.has(roleId)) throw foreignKeyNotFound();
    for (const scopeId of scopeIds) {
      if (!this.organizationScopes.has(scopeId)) throw foreignKeyNotFound();
    }
    const set = this.organizationRoleScopes.get(roleId) ?? new Set<string>();
    if (replace) set.clear();
    for (const scopeId of scopeIds) set.add(scopeId);
    this.organizationRoleScopes.set(roleId, set);
    this.changed();
  }

  removeOrganizationRoleScope(roleId: string, scopeId: string): void {
    if (!this.organizationRoleScopes.get(roleId)?.delete(scopeId)) throw notFound();
    this.changed();
  }

  addOrganizationRoleResourceScopes(roleId: string, scopeIds: string[], replace = false): void {
    if (!this.organizationRoles.has(roleId)) throw foreignKeyNotFound();
    for (const scopeId of scopeIds) {
      if (!this.resourceScopes.has(scopeId)) throw foreignKeyNotFound();
    }
    const set = this.organizationRoleResourceScopes.get(roleId) ?? new Set<string>();
    if (replace) set.clear();
    for (const scopeId of scopeIds) set.add(scopeId);
    this.organizationRoleResourceScopes.set(roleId, set);
    this.changed();
  }

  removeOrganizationRoleResourceScope(roleId: string, scopeId: string): void {
    if (!this.organizationRoleResourceScopes.get(roleId)?.delete(scopeId)) throw notFound();
    this.changed();
  }

  // ------------------------------------------- just-in-time provisioning

  /** An organization's JIT email domains, in byte order (an unknown organization has none). */
  listJitEmailDomains(orgId: string): string[] {
    return [...(this.jitEmailDomains.get(orgId) ?? [])].sort(byBytes);
  }

  /** Stored as given (Logto does not normalise); a duplicate is 422 unique violation. */
  addJitEmailDomain(orgId: string, emailDomain: string): void {
    if (!this.organizations.has(orgId)) throw foreignKeyNotFound();
    if (!addToSetMap(this.jitEmailDomains, orgId, emailDomain)) throw uniqueViolation();
    this.changed();
  }

  /** Makes the domain set exactly `emailDomains` (all or nothing). */
  replaceJitEmailDomains(orgId: string, emailDomains: string[]): void {
    if (new Set(emailDomains).size !== emailDomains.length) throw uniqueViolation();
    if (emailDomains.length > 0 && !this.organizations.has(orgId)) throw foreignKeyNotFound();
    if (emailDomains.length === 0) this.jitEmailDomains.delete(orgId);
    else this.jitEmailDomains.set(orgId, new Set(emailDomains));
    this.changed();
  }

  deleteJitEmailDomain(orgId: string, emailDomain: string): void {
    if (!this.jitEmailDomains.get(orgId)?.delete(emailDomain)) throw notFound();
    this.changed();
  }

  /** An organization's JIT roles ordered by id; unknown organization → 404. */
  listJitRoles(orgId: string): OrganizationRoleRecord[] {
    this.getOrganization(orgId);
    const roles: OrganizationRoleRecord[] = [];
    for (const roleId of this.jitRoles.get(orgId) ?? []) {
      const role = this.organizationRoles.get(roleId);
      if (role) roles.push(role);
    }
    return roles.sort(byId);
  }

  /**
   * Adds JIT roles (idempotent), or replaces them; unknown organization or role → 422 FK (except
   * replacing with nothing, which Logto answers with a no-op).
   */
  addJitRoles(orgId: string, roleIds: string[], replace = false): void {
    if (!this.organizations.has(orgId)) {
      if (replace && roleIds.length === 0) return;
      throw foreignKeyNotFound();
    }
    for (const roleId of roleIds) {
      if (!this.organizationRoles.has(roleId)) throw foreignKeyNotFound();
    }
    const set = this.jitRoles.get(orgId) ?? new Set<string>();
    if (replace) set.clear();
    for (const roleId of roleIds) set.add(roleId);
    this.jitRoles.set(orgId, set);
    this.changed();
  }

  deleteJitRole(orgId: string, roleId: string): void {
    if (!this.jitRoles.get(orgId)?.delete(roleId)) throw notFound();
    this.changed();
  }

  /**
   * Logto's provisioning of a newly registered user: every organization that lists the part of
   * the email after `@` (compared exactly) as a JIT domain gets the user as a member, with its
   * JIT roles. Returns the organizations the user newly joined. Users created through the
   * Management API and users signing in are not provisioned.
   */
  provisionJitOrganizations(userId: string, email: string): string[] {
    const domain = email.split('@')[1];
    if (!domain) return [];
    const joined: string[] = [];
    for (const [orgId, domains] of this.jitEmailDomains) {
      if (!domains.has(domain) || !this.organizations.has(orgId)) continue;
      if (!this.isMember(orgId, userId)) joined.push(orgId);
      this.addMembers(orgId, [userId]);
      const roles = this.memberRoleIds(orgId, userId);
      for (const roleId of this.jitRoles.get(orgId) ?? []) roles.add(roleId);
    }
    if (joined.length > 0) this.changed();
    return joined.sort(byBytes);
  }

  // ------------------------------------------------------------- webhooks

  /** A 32-character secret, like Logto's `generateStandardSecret`. */
  static newSigningKey(): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let key = '';
    for (const byte of randomBytes(32)) key += alphabet[byte % alphabet.length];
    return key;
  }

  createHook(input: {
    id?: string;
    name?: string;
    event?: HookEvent | null;
    events: HookEvent[];
    config: HookConfig;
    signingKey?: string;
    enabled?: boolean;
  }): HookRecord {
    if (input.id && this.hooks.has(input.id)) throw uniqueViolation();
    const hook: HookRecord = {
      id: input.id ?? this.uniqueId(this.hooks),
      name: input.name ?? '',
      event: input.event ?? null,
      events: [...new Set(input.events)],
      config: input.config,
      signingKey: input.signingKey ?? Store.newSigningKey(),
      enabled: input.enabled ?? true,
      createdAt: this.stamp(),
    };
    this.hooks.set(hook.id, hook);
    this.changed();
    return hook;
  }

  getHook(id: string): HookRecord {
    const hook = this.hooks.get(id);
    if (!hook) throw notExistsWithId('hooks', id);
    return hook;
  }

  /** Unknown id → 404 `entity.not_exists` (Logto's answer when an update matches no row). */
  updateHook(
    id: string,
    patch: Partial<
      Pick<HookRecord, 'name' | 'event' | 'events' | 'config' | 'enabled' | 'signingKey'>
    >,
  ): HookRecord {
    const hook = this.hooks.get(id);
    if (!hook) throw notExists('hook');
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) (hook as unknown as Record<string, unknown>)[key] = value;
    }
    if (patch.events) hook.events = [...new Set(patch.events)];
    this.changed();
    return hook;
  }

  deleteHook(id: string): void {
    if (!this.hooks.delete(id)) throw notFound();
    this.changed();
  }

  /** Hooks, newest first. */
  listHooks(): HookRecord[] {
    return [...this.hooks.values()].sort(byCreatedDesc);
  }

  /** Enabled hooks subscribed to `event` (through `events` or the legacy `event`). */
  hooksFor(event: HookEvent): HookRecord[] {
    return this.listHooks().filter(
      (hook) => hook.enabled && (hook.events.includes(event) || hook.event === event),
    );
  }

  addHookLog(log: Omit<HookLogRecord, 'id' | 'createdAt'>): HookLogRecord {
    const record: HookLogRecord = { id: this.makeId(21), createdAt: this.now(), ...log };
    this.hookLogs.push(record);
    // Keep memory bounded: the last 24 hours, at most 10,000 entries.
    const since = this.now() - 24 * 3600 * 1000;
    while (
      this.hookLogs.length > 10_000 ||
      (this.hookLogs[0] && this.hookLogs[0].createdAt <= since)
    ) {
      this.hookLogs.shift();
    }
    return record;
  }

  /** A hook's logs of the last 24 hours, newest first, optionally of one log key. */
  recentHookLogs(hookId: string, logKey?: string): HookLogRecord[] {
    const since = this.now() - 24 * 3600 * 1000;
    return this.hookLogs
      .filter(
        (log) =>
          log.payload.hookId === hookId &&
          log.createdAt > since &&
          (logKey === undefined || log.key === logKey),
      )
      .reverse();
  }

  hookExecutionStats(hookId: string): { successCount: number; requestCount: number } {
    const logs = this.recentHookLogs(hookId);
    return {
      successCount: logs.filter((log) => log.payload.result === 'Success').length,
      requestCount: logs.length,
    };
  }

  // ---------------------------------------------------------- invitations

  /** The status as Logto reports it: a pending invitation past `expiresAt` is `Expired`. */
  invitationStatus(invitation: InvitationRecord): InvitationStatus {
    return invitation.status === 'Pending' && invitation.expiresAt <= this.now()
      ? 'Expired'
      : invitation.status;
  }

  createInvitation(input: {
    inviterId?: string | null;
    invitee: string;
    organizationId: string;
    expiresAt: number;
    organizationRoleIds?: string[];
  }): InvitationRecord {
    if (input.expiresAt <= this.now()) {
      throw new ApiError(
        400,
        'request.invalid_input',
        'Invalid input: expiresAt must be in the future.',
      );
    }
    const existingUser = this.findUserByEmail(input.invitee);
    if (existingUser && this.isMember(input.organizationId, existingUser.id)) {
      throw invalidInput('the invitee is already a member of the organization.');
    }
    for (const invitation of this.invitationsTo(input.invitee)) {
      if (
        invitation.organizationId === input.organizationId &&
        invitation.invitee === input.invitee &&
        this.invitationStatus(invitation) === 'Pending'
      ) {
        throw uniqueViolation();
      }
    }
    if (!this.organizations.has(input.organizationId)) throw foreignKeyNotFound();
    if (input.inviterId && !this.users.has(input.inviterId)) throw foreignKeyNotFound();
    for (const roleId of input.organizationRoleIds ?? []) {
      if (!this.organizationRoles.has(roleId)) throw foreignKeyNotFound();
    }
    const now = this.stamp();
    const invitation: InvitationRecord = {
      id: this.uniqueId(this.invitations),
      inviterId: input.inviterId ?? null,
      invitee: input.invitee,
      acceptedUserId: null,
      organizationId: input.organizationId,
      status: 'Pending',
      createdAt: now,
      updatedAt: now,
      expiresAt: input.expiresAt,
      organizationRoleIds: [...new Set(input.organizationRoleIds ?? [])],
    };
    this.putInvitation(invitation);
    this.changed();
    return invitation;
  }

  private putInvitation(invitation: InvitationRecord): void {
    this.invitations.set(invitation.id, invitation);
    addToSetMap(this.invitationsByOrg, invitation.organizationId, invitation.id);
    addToSetMap(this.invitationsByInvitee, invitation.invitee.toLowerCase(), invitation.id);
  }

  private invitationsTo(invitee: string): InvitationRecord[] {
    const ids = this.invitationsByInvitee.get(invitee.toLowerCase());
    return ids ? [...ids].map((id) => this.invitations.get(id)!) : [];
  }

  private invitationsOf(organizationId: string): InvitationRecord[] {
    const ids = this.invitationsByOrg.get(organizationId);
    return ids ? [...ids].map((id) => this.invitations.get(id)!) : [];
  }

  getInvitation(id: string): InvitationRecord {
    const invitation = this.invitations.get(id);
    if (!invitation) throw notFound();
    return invitation;
  }

  /** Invitations, newest first. */
  listInvitations(filter: {
    organizationId?: string;
    inviterId?: string;
    invitee?: string;
  }): InvitationRecord[] {
    const invitee = filter.invitee?.toLowerCase();
    const candidates =
      invitee !== undefined
        ? this.invitationsTo(invitee)
        : filter.organizationId !== undefined
          ? this.invitationsOf(filter.organizationId)
          : [...this.invitations.values()];
    return candidates
      .filter(
        (i) =>
          (filter.organizationId === undefined || i.organizationId === filter.organizationId) &&
          (filter.inviterId === undefined || i.inviterId === filter.inviterId) &&
          (invitee === undefined || i.invitee.toLowerCase() === invitee),
      )
      .sort(byCreatedDesc);
  }

  setInvitationStatus(
    id: string,
    status: 'Accepted' | 'Revoked',
    acceptedUserId?: string,
  ): InvitationRecord {
    const invitation = this.getInvitation(id);
    if (this.invitationStatus(invitation) !== 'Pending') {
      throw invalidInput('the invitation status can no longer change.');
    }
    if (status === 'Accepted') {
      if (!acceptedUserId) throw invalidInput('acceptedUserId is required to accept.');
      const user = this.users.get(acceptedUserId);
      if (!user) throw notFound();
      if (user.primaryEmail?.toLowerCase() !== invitation.invitee.toLowerCase()) {
        throw invalidInput("the accepting user's email differs from the invitee.");
      }
      if (!this.organizations.has(invitation.organizationId)) throw foreignKeyNotFound();
      this.addMembers(invitation.organizationId, [user.id]);
      const roles = this.memberRoleIds(invitation.organizationId, user.id);
      for (const roleId of invitation.organizationRoleIds) {
        if (this.organizationRoles.has(roleId)) roles.add(roleId);
      }
      invitation.acceptedUserId = user.id;
    }
    invitation.status = status;
    invitation.updatedAt = this.stamp();
    this.changed();
    return invitation;
  }

  deleteInvitation(id: string): void {
    const invitation = this.invitations.get(id);
    if (!invitation) throw notFound();
    this.invitations.delete(id);
    this.invitationsByOrg.get(invitation.organizationId)?.delete(id);
    this.invitationsByInvitee.get(invitation.invitee.toLowerCase())?.delete(id);
    this.changed();
  }

  // ------------------------------------------------ resources and roles

  createResource(input: {
    id?: string;
    name: string;
    indicator: string;
    accessTokenTtl?: number;
    isDefault?: boolean;
  }): ResourceRecord {
    for (const resource of this.resources.values()) {
      if (resource.indicator === input.indicator) {
        throw new ApiError(
          422,
          'resource.resource_identifier_in_use',
          `The API identifier ${input.indicator} is taken.`,
        );
      }
    }
    const resource: ResourceRecord = {
      id: input.id ?? this.uniqueId(this.resources),
      name: input.name,
      indicator: input.indicator,
      isDefault: input.isDefault ?? false,
      accessTokenTtl: input.accessTokenTtl ?? 3600,
    };
    this.resources.set(resource.id, resource);
    this.changed();
    return resource;
  }

  getResource(id: string): ResourceRecord {
    const resource = this.resources.get(id);
    if (!resource) throw notExistsWithId('resources', id);
    return resource;
  }

  findResourceByIndicator(indicator: string): ResourceRecord | undefined {
    for (const resource of this.resources.values()) {
      if (resource.indicator === indicator) return resource;
    }
    return undefined;
  }

  deleteResource(id: string): void {
    if (!this.resources.delete(id)) throw notFound();
    for (const [scopeId, scope] of this.resourceScopes) {
      if (scope.resourceId === id) this.deleteResourceScopeLinks(scopeId);
    }
    this.changed();
  }

  private deleteResourceScopeLinks(scopeId: string): void {
    this.resourceScopes.delete(scopeId);
    for (const set of this.roleScopes.values()) set.delete(scopeId);
    for (const set of this.organizationRoleResourceScopes.values()) set.delete(scopeId);
  }

  resourceScopeList(resourceId: string): ResourceScopeRecord[] {
    return [...this.resourceScopes.values()]
      .filter((scope) => scope.resourceId === resourceId)
      .sort(byCreatedDesc);
  }

  createResourceScope(input: {
    id?: string;
    resourceId: string;
    name: string;
    description?: string | null;
  }): ResourceScopeRecord {
    if (!this.resources.has(input.resourceId)) throw notExistsWithId('resources', input.resourceId);
    for (const scope of this.resourceScopes.values()) {
      if (scope.resourceId === input.resourceId && scope.name === input.name) {
        throw new ApiError(422, 'scope.name_exists', `The scope name ${input.name} is taken.`);
      }
    }
    const scope: ResourceScopeRecord = {
      id: input.id ?? this.uniqueId(this.resourceScopes),
      resourceId: input.resourceId,
      name: input.name,
      description: input.description ?? null,
      createdAt: this.stamp(),
    };
    this.resourceScopes.set(scope.id, scope);
    this.changed();
    return scope;
  }

  deleteResourceScope(resourceId: string, scopeId: string): void {
    const scope = this.resourceScopes.get(scopeId);
    if (!scope || scope.resourceId !== resourceId) throw notFound();
    this.deleteResourceScopeLinks(scopeId);
    this.changed();
  }

  createRole(input: {
    id?: string;
    name: string;
    description: string;
    type?: 'User' | 'MachineToMachine';
    isDefault?: boolean;
    scopeIds?: string[];
  }): RoleRecord {
    for (const role of this.roles.values()) {
      if (role.name === input.name) {
        throw new ApiError(422, 'role.name_in_use', `The role name ${input.name} is taken.`);
      }
    }
    for (const scopeId of input.scopeIds ?? []) {
      if (!this.resourceScopes.has(scopeId)) throw notExistsWithId('scopes', scopeId);
    }
    const role: RoleRecord = {
      id: input.id ?? this.uniqueId(this.roles),
      name: input.name,
      description: input.description,
      type: input.type ?? 'User',
      isDefault: input.isDefault ?? false,
    };
    this.roles.set(role.id, role);
    this.roleScopes.set(role.id, new Set(input.scopeIds ?? []));
    this.changed();
    return role;
  }

  getRole(id: string): RoleRecord {
    const role = this.roles.get(id);
    if (!role) throw notExistsWithId('roles', id);
    return role;
  }

  deleteRole(id: string): void {
    if (!this.roles.delete(id)) throw notFound();
    this.roleScopes.delete(id);
    for (const set of this.userRoles.values()) set.delete(id);
    for (const set of this.applicationRoles.values()) set.delete(id);
    this.changed();
  }

  listRoles(): RoleRecord[] {
    return [...this.roles.values()].sort(byName);
  }

  addRoleScopes(roleId: string, scopeIds: string[]): void {
    this.getRole(roleId);
    for (const scopeId of scopeIds) {
      if (!this.resourceScopes.has(scopeId)) throw notExistsWithId('scopes', scopeId);
    }
    const set = this.roleScopes.get(roleId) ?? new Set<string>();
    for (const scopeId of scopeIds) set.add(scopeId);
    this.roleScopes.set(roleId, set);
    this.changed();
  }

  roleScopeList(roleId: string): ResourceScopeRecord[] {
    const scopes: ResourceScopeRecord[] = [];
    for (const scopeId of this.roleScopes.get(roleId) ?? []) {
      const scope = this.resourceScopes.get(scopeId);
      if (scope) scopes.push(scope);
    }
    return scopes.sort(byId);
  }

  assignUserRoles(userId: string, roleIds: string[]): void {
    this.getUser(userId);
    for (const roleId of roleIds) {
      const role = this.getRole(roleId);
      if (role.type !== 'User') {
        throw new ApiError(422, 'user.invalid_role_type', 'Only user roles can go to users.');
      }
    }
    for (const roleId of roleIds) addToSetMap(this.userRoles, userId, roleId);
    this.changed();
  }

  removeUserRole(userId: string, roleId: string): void {
    this.getUser(userId);
    if (!this.userRoles.get(userId)?.delete(roleId)) throw notFound();
    this.changed();
  }

  userRoleList(userId: string): RoleRecord[] {
    const roles: RoleRecord[] = [];
    for (const roleId of this.userRoles.get(userId) ?? []) {
      const role = this.roles.get(roleId);
      if (role) roles.push(role);
    }
    return roles.sort(byName);
  }

  roleUserIds(roleId: string): string[] {
    const ids: string[] = [];
    for (const [userId, roles] of this.userRoles) if (roles.has(roleId)) ids.push(userId);
    return ids;
  }

  roleApplicationIds(roleId: string): string[] {
    const ids: string[] = [];
    for (const [appId, roles] of this.applicationRoles) if (roles.has(roleId)) ids.push(appId);
    return ids;
  }

  /** Returns the role ids that were newly added. */
  assignApplicationRoles(applicationId: string, roleIds: string[]): string[] {
    const app = this.getApplication(applicationId);
    for (const roleId of roleIds) {
      const role = this.getRole(roleId);
      if (role.type !== 'MachineToMachine' || app.type !== 'MachineToMachine') {
        throw new ApiError(
          422,
          'application.invalid_role_type',
          'Only machine-to-machine roles can go to machine-to-machine applications.',
        );
      }
    }
    const added = roleIds.filter((roleId) => addToSetMap(this.applicationRoles, app.id, roleId));
    this.changed();
    return added;
  }

  // --------------------------------------------------------- applications

  createApplication(input: {
    id?: string;
    name: string;
    description?: string | null;
    type: ApplicationRecord['type'];
    redirectUris?: string[];
    postLogoutRedirectUris?: string[];
    corsAllowedOrigins?: string[];
    allowLoopbackRedirects?: boolean;
    secret?: string;
  }): ApplicationRecord {
    if (input.id && this.apps.has(input.id)) throw uniqueViolation();
    const createdAt = this.stamp();
    const app: ApplicationRecord = {
      id: input.id ?? this.uniqueId(this.apps),
      name: input.name,
      description: input.description ?? null,
      type: input.type,
      redirectUris: input.redirectUris ?? [],
      postLogoutRedirectUris: input.postLogoutRedirectUris ?? [],
      corsAllowedOrigins: input.corsAllowedOrigins ?? [],
      allowLoopbackRedirects: input.allowLoopbackRedirects ?? false,
      customData: {},
      isThirdParty: false,
      createdAt,
      secrets:
        input.type === 'SPA'
          ? []
          : [
              {
                name: 'Default secret',
                value: input.secret ?? randomBytes(24).toString('base64url'),
                createdAt,
                expiresAt: null,
              },
            ],
    };
    this.apps.set(app.id, app);
    this.changed();
    return app;
  }

  getApplication(id: string): ApplicationRecord {
    const app = this.apps.get(id);
    if (!app) throw notExistsWithId('applications', id);
    return app;
  }

  addApplicationSecret(
    id: string,
    name: string,
    expiresAt: number | null,
  ): ApplicationSecretRecord {
    const app = this.getApplication(id);
    if (app.secrets.some((secret) => secret.name === name)) {
      throw new ApiError(422, 'application.secret_name_exists', 'A secret with this name exists.');
    }
    const secret: ApplicationSecretRecord = {
      name,
      value: randomBytes(24).toString('base64url'),
      createdAt: this.now(),
      expiresAt,
    };
    app.secrets.push(secret);
    this.changed();
    return secret;
  }

  // ------------------------------------------------ Directory (OIDC side)

  getUserClaims(userId: string): DirectoryUser | undefined {
    const user = this.users.get(userId);
    if (!user) return undefined;
    return {
      id: user.id,
      username: user.username,
      primaryEmail: user.primaryEmail,
      name: user.name,
      avatar: user.avatar,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    };
  }

  verifyPassword(username: string, password: string): string | undefined {
    const user =
      this.findUserByUsername(username) ??
      (username.includes('@') ? this.findUserByEmail(username) : undefined);
    if (!user?.passwordDigest || user.isSuspended) return undefined;
    return checkPassword(user.passwordDigest, password) ? user.id : undefined;
  }

  /**
   * A person creating an account on the sign-in page: the user, then just-in-time provisioning by
   * email domain (what Logto does for registrations, not for Management API creations).
   */
  registerUser(input: { username: string; email: string; password: string }): RegistrationResult {
    if (this.usernameIndex.has(input.username)) {
      return { ok: false, code: 'user.username_already_in_use' };
    }
    if (this.emailIndex.has(input.email.toLowerCase())) {
      return { ok: false, code: 'user.email_already_in_use' };
    }
    const user = this.createUser({
      username: input.username,
      primaryEmail: input.email,
      password: input.password,
    });
    return {
      ok: true,
      userId: user.id,
      organizationIds: this.provisionJitOrganizations(user.id, input.email),
    };
  }

  signInHints(): Array<{ username: string; name: string | null; password: string }> {
    const hints: Array<{ username: string; name: string | null; password: string }> = [];
    for (const [username, password] of this.hints) {
      const user = this.findUserByUsername(username);
      if (user) hints.push({ username, name: user.name, password });
    }
    return hints;
  }

  organizationIdsOf(userId: string): string[] {
    return [...(this.userOrganizations.get(userId) ?? [])].sort();
  }

  organizationRoleClaimsOf(userId: string): string[] {
    const claims: string[] = [];
    for (const orgId of this.organizationIdsOf(userId)) {
      for (const roleId of this.members.get(orgId)?.get(userId) ?? []) {
        const role = this.organizationRoles.get(roleId);
        if (role) claims.push(`${orgId}:${role.name}`);
      }
    }
    return claims;
  }

  organizationData(
    organizationId: string,
  ): { id: string; name: string; description: string | null } | undefined {
    const org = this.organizations.get(organizationId);
    return org && { id: org.id, name: org.name, description: org.description };
  }

  organizationScopesOf(organizationId: string, userId: string): string[] {
    if (!this.isMember(organizationId, userId)) return [];
    return this.memberScopes(organizationId, userId).map((scope) => scope.name);
  }

  hasResource(indicator: string): boolean {
    return this.findResourceByIndicator(indicator) !== undefined;
  }

  private scopeNamesOfRoles(roleIds: Iterable<string>, indicator: string): string[] {
    const resource = this.findResourceByIndicator(indicator);
    if (!resource) return [];
    const names = new Set<string>();
    for (const roleId of roleIds) {
      for (const scopeId of this.roleScopes.get(roleId) ?? []) {
        const scope = this.resourceScopes.get(scopeId);
        if (scope?.resourceId === resource.id) names.add(scope.name);
      }
    }
    return [...names];
  }

  resourceScopesOf(userId: string, indicator: string): string[] {
    return this.scopeNamesOfRoles(this.userRoles.get(userId) ?? [], indicator);
  }

  applicationResourceScopesOf(applicationId: string, indicator: string): string[] {
    return this.scopeNamesOfRoles(this.applicationRoles.get(applicationId) ?? [], indicator);
  }

  applications(): DirectoryApplication[] {
    return [...this.apps.values()].map((app) => {
      const entry: DirectoryApplication = {
        id: app.id,
        name: app.name,
        type: app.type,
        redirectUris: [...app.redirectUris],
        postLogoutRedirectUris: [...app.postLogoutRedirectUris],
        corsAllowedOrigins: [...app.corsAllowedOrigins],
        allowLoopbackRedirects: app.allowLoopbackRedirects,
      };
      const secret = app.secrets[0]?.value;
      if (secret !== undefined) entry.secret = secret;
      return entry;
    });
  }

  // -------------------------------------------------------- persistence

  // ------------------------------------------------------- one-time tokens

  /**
   * Issues a one-time token for `email`. As in Logto, the email's active tokens whose time has
   * passed are marked `expired` first.
   */
  createOneTimeToken(input: {
    email: string;
    context?: OneTimeTokenRecord['context'];
    expiresIn?: number;
  }): OneTimeTokenRecord {
    const now = this.now();
    for (const token of this.oneTimeTokens.values()) {
      if (token.email === input.email && token.status === 'active' && token.expiresAt <= now) {
        token.status = 'expired';
      }
    }
    const record: OneTimeTokenRecord = {
      id: this.uniqueId(this.oneTimeTokens),
      email: input.email,
      token: Store.newSigningKey(),
      context: input.context ?? {},
      status: 'active',
      createdAt: this.stamp(),
      expiresAt: now + (input.expiresIn ?? ONE_TIME_TOKEN_DEFAULT_SECONDS) * 1000,
    };
    this.oneTimeTokens.set(record.id, record);
    this.changed();
    return record;
  }

  /** Newest first, optionally only one email's or one status's (exact comparisons). */
  listOneTimeTokens(filter: { email?: string; status?: OneTimeTokenStatus }): OneTimeTokenRecord[] {
    return [...this.oneTimeTokens.values()]
      .filter(
        (token) =>
          (!filter.email || token.email === filter.email) &&
          (!filter.status || token.status === filter.status),
      )
      .sort(byCreatedDesc);
  }

  getOneTimeToken(id: string): OneTimeTokenRecord {
    const token = this.oneTimeTokens.get(id);
    if (!token) throw notExistsWithId('one_time_tokens', id);
    return token;
  }

  /**
   * Checks `token` against `email` and consumes it: unknown 404 `one_time_token.token_not_found`;
   * other email 400 `email_mismatch`; past its time 400 `token_expired` (and marked so); used or
   * revoked 400 `token_consumed` / `token_revoked`.
   */
  verifyOneTimeToken(token: string, email: string): OneTimeTokenRecord {
    const record = [...this.oneTimeTokens.values()].find((entry) => entry.token === token);
    if (!record) {
      throw new ApiError(404, 'one_time_token.token_not_found', `Token ${token} not found.`);
    }
    if (record.email !== email) {
      throw new ApiError(400, 'one_time_token.email_mismatch', 'Email mismatch with given token.');
    }
    if (record.expiresAt <= this.now() || record.status === 'expired') {
      if (record.status === 'active') {
        record.status = 'expired';
        this.changed();
      }
      throw new ApiError(400, 'one_time_token.token_expired', 'The token is expired.');
    }
    if (record.status === 'consumed') {
      throw new ApiError(400, 'one_time_token.token_consumed', 'The token has been consumed.');
    }
    if (record.status === 'revoked') {
      throw new ApiError(400, 'one_time_token.token_revoked', 'The token has been revoked.');
    }
    record.status = 'consumed';
    this.changed();
    return record;
  }

  /** Sets the status; a token cannot be made `active` again (400). */
  setOneTimeTokenStatus(id: string, status: OneTimeTokenStatus): OneTimeTokenRecord {
    const record = this.getOneTimeToken(id);
    if (status === 'active') {
      throw new ApiError(
        400,
        'one_time_token.cannot_reactivate_token',
        'Cannot reactivate the token.',
      );
    }
    record.status = status;
    this.changed();
    return record;
  }

  deleteOneTimeToken(id: string): void {
    if (!this.oneTimeTokens.delete(id)) throw notFound();
    this.changed();
  }

  toSnapshot(): StoreSnapshot {
    const pairs = (map: Map<string, Set<string>>): Array<[string, string]> => {
      const out: Array<[string, string]> = [];
      for (const [key, set] of map) for (const value of set) out.push([key, value]);
      return out;
    };
    const memberships: Array<[string, string, string[]]> = [];
    for (const [orgId, members] of this.members) {
      for (const [userId, roles] of members) memberships.push([orgId, userId, [...roles]]);
    }
    return {
      version: 1,
      users: [...this.users.values()],
      organizations: [...this.organizations.values()],
      organizationScopes: [...this.organizationScopes.values()],
      organizationRoles: [...this.organizationRoles.values()],
      organizationRoleScopes: pairs(this.organizationRoleScopes),
      organizationRoleResourceScopes: pairs(this.organizationRoleResourceScopes),
      memberships,
      invitations: [...this.invitations.values()],
      resources: [...this.resources.values()],
      resourceScopes: [...this.resourceScopes.values()],
      roles: [...this.roles.values()],
      roleScopes: pairs(this.roleScopes),
      userRoles: pairs(this.userRoles),
      applicationRoles: pairs(this.applicationRoles),
      applications: [...this.apps.values()],
      signInHints: [...this.hints].map(([username, password]) => ({ username, password })),
      jitEmailDomains: pairs(this.jitEmailDomains),
      jitRoles: pairs(this.jitRoles),
      hooks: [...this.hooks.values()],
      oneTimeTokens: [...this.oneTimeTokens.values()],
    };
  }

  static fromSnapshot(snapshot: StoreSnapshot, options: StoreOptions = {}): Store {
    if (snapshot.version !== 1)
      throw new Error(`Unsupported data file version ${snapshot.version}`);
    const store = new Store(options);
    const fill = (map: Map<string, Set<string>>, pairs: Array<[string, string]>): void => {
      for (const [key, value] of pairs) addToSetMap(map, key, value);
    };
    for (const user of snapshot.users) store.insertUser(user);
    for (const org of snapshot.organizations) {
      store.organizations.set(org.id, org);
      store.members.set(org.id, new Map());
    }
    for (const scope of snapshot.organizationScopes) store.organizationScopes.set(scope.id, scope);
    for (const role of snapshot.organizationRoles) {
      store.organizationRoles.set(role.id, role);
      store.organizationRoleScopes.set(role.id, new Set());
      store.organizationRoleResourceScopes.set(role.id, new Set());
    }
    fill(store.organizationRoleScopes, snapshot.organizationRoleScopes);
    fill(store.organizationRoleResourceScopes, snapshot.organizationRoleResourceScopes);
    for (const [orgId, userId, roles] of snapshot.memberships) {
      store.members.get(orgId)?.set(userId, new Set(roles));
      addToSetMap(store.userOrganizations, userId, orgId);
    }
    for (const invitation of snapshot.invitations) store.putInvitation(invitation);
    for (const resource of snapshot.resources) store.resources.set(resource.id, resource);
    for (const scope of snapshot.resourceScopes) store.resourceScopes.set(scope.id, scope);
    for (const role of snapshot.roles) {
      store.roles.set(role.id, role);
      store.roleScopes.set(role.id, new Set());
    }
    fill(store.roleScopes, snapshot.roleScopes);
    fill(store.userRoles, snapshot.userRoles);
    fill(store.applicationRoles, snapshot.applicationRoles);
    for (const app of snapshot.applications) store.apps.set(app.id, app);
    for (const hint of snapshot.signInHints) store.hints.set(hint.username, hint.password);
    fill(store.jitEmailDomains, snapshot.jitEmailDomains ?? []);
    fill(store.jitRoles, snapshot.jitRoles ?? []);
    for (const hook of snapshot.hooks ?? []) store.hooks.set(hook.id, hook);
    for (const token of snapshot.oneTimeTokens ?? []) store.oneTimeTokens.set(token.id, token);
    let last = 0;
    for (const user of snapshot.users) last = Math.max(last, user.createdAt);
    for (const org of snapshot.organizations) last = Math.max(last, org.createdAt);
    for (const invitation of snapshot.invitations) last = Math.max(last, invitation.createdAt);
    for (const hook of snapshot.hooks ?? []) last = Math.max(last, hook.createdAt);
    for (const token of snapshot.oneTimeTokens ?? []) last = Math.max(last, token.createdAt);
    store.lastTime = last;
    return store;
  }
}
