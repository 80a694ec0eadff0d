/**
 * The organization rules Logto leaves to us, on top of the Management API: live permission
 * checks for mutations, no escalation, never the last admin, no half-created organization, and
 * the invitation lifecycle. Knows nothing of HTTP: refusals are AppErrors with stable codes.
 */
import type {
  MyInvitation,
  OrganizationDomains,
  Invitation,
  InvitationInviter,
  InvitationResult,
  InvitationStatus,
  InvitationView,
  Member,
  MembersPage,
  MyOrganization,
  Organization,
  OrganizationCreatedResponse,
  OrganizationDetailResponse,
  OrganizationRole,
  ResendResponse,
} from 'logto-org-widget-contract';
import type { AuthContext } from './auth.js';
import { cachedValue, type CachedValue } from './cache.js';
import type { Config } from './config.js';
import { AppError } from './errors.js';
import { toAppError } from './error-handler.js';
import type { OrgLock } from './locks/org-lock.js';
import type { Logger } from './logger.js';
import {
  domainOfEmail,
  invalidDomain,
  isPublicMailDomain,
  normalizeDomain,
  notOwnDomain,
  publicDomain,
} from './domains.js';
import {
  LogtoApiError,
  type LogtoBranding,
  type LogtoInvitation,
  type LogtoOrganization,
  type LogtoUserOrganization,
  type LogtoOrganizationRole,
  type LogtoRoleRef,
  type ManagementApi,
} from './logto.js';
import {
  forbidden,
  invitationNotFound,
  mapMemberError,
  mapNotFound,
  memberNotFound,
  noRole,
  notMember,
  notPending,
  organizationNotFound,
  roleNotFound,
  statusOf,
  wrongUser,
} from './org-errors.js';
import { PERMISSIONS, type Permission } from './permissions.js';
import { emailKey, normalizeEmail } from './validation.js';
import {
  effectiveStatus,
  toBranding,
  toMember,
  toOrganization,
  toOrganizationRole,
  toRoleRef,
} from './wire.js';

export interface RoleTemplate {
  roles: LogtoOrganizationRole[];
  byId: Map<string, LogtoOrganizationRole>;
  byName: Map<string, LogtoOrganizationRole>;
}

export interface LiveAccess {
  /** The organization, as Logto lists it among the user's organizations. */
  organization: LogtoOrganization;
  roles: LogtoRoleRef[];
  permissions: Set<string>;
}

interface InviteOne {
  organizationId: string;
  inviterId: string;
  email: string;
  roleIds: string[];
  expiresAt: number;
  /** Shared by the invitations of one request: Logto said it has no email connector. */
  delivery?: DeliveryMemo;
}

/** What one request learned about email delivery. */
interface DeliveryMemo {
  noConnector: boolean;
}

export interface OrgServiceOptions {
  config: Config;
  api: ManagementApi;
  logger: Logger;
  now: () => number;
  /** Serializes the admin-affecting mutations (role change, remove, leave) per organization. */
  locks: OrgLock;
  /** Bound on concurrent invitations processed for one request. */
  inviteConcurrency: number;
}

const NOT_EMAIL = 'Not an email address.';
const DUPLICATE = 'A pending invitation exists.';
const DAY_MS = 86_400_000;
/** From this many distinct emails on, one listing replaces the per-email pending lookups. */
export const BATCH_LOOKUP_MIN = 5;
/**
 * Most invitations `GET /me/invitations` answers: the newest pending ones. Anyone can invite any
 * address, so the number of inviting organizations (one lookup each) is not the user's to choose.
 */
export const MY_INVITATIONS_MAX = 50;

/** A page of members: search text, role filter, page number (from 1) and size. */
export interface MembersQuery {
  q?: string | undefined;
  roleId?: string | undefined;
  page: number;
  pageSize: number;
}

export class OrgService {
  readonly config: Config;
  readonly api: ManagementApi;
  readonly logger: Logger;
  readonly now: () => number;
  readonly locks: OrgLock;
  readonly inviteConcurrency: number;
  /** The role template, kept for `config.roleTemplateTtlMs` (roles change rarely). */
  readonly #roles: CachedValue<RoleTemplate>;

  constructor(options: OrgServiceOptions) {
    this.config = options.config;
    this.api = options.api;
    this.logger = options.logger;
    this.now = options.now;
    this.locks = options.locks;
    this.inviteConcurrency = options.inviteConcurrency;
    this.#roles = cachedValue(() => this.loadRoleTemplate(), {
      ttlMs: this.config.roleTemplateTtlMs,
      now: this.now,
    });
  }

  // --- the caller's organizations ------------------------------------------------------------

  async myOrganizations(userId: string): Promise<MyOrganization[]> {
    const orgs = await this.userOrganizations(userId);
    return orgs.map((o) => ({
      ...toOrganization(o),
      roles: (o.organizationRoles ?? []).map(toRoleRef),
    }));
  }

  async userOrganizations(userId: string) {
    try {
      return await this.api.listUserOrganizations(userId);
    } catch (error) {
      // A deleted user holding a still-valid token has no organizations.
      if (error instanceof LogtoApiError && error.status === 404) return [];
      throw error;
    }
  }

  /**
   * Create an organization: create, add the creator, assign the creator role. If a later step
   * fails, the organization is deleted so no orphan is left behind.
   */
  async createOrganization(
    userId: string,
    body: { name: string; description?: string | null | undefined },
  ): Promise<MyOrganization> {
    // A token outlives its user: a deleted user is refused before anything is created.
    await this.api.getUser(userId).catch((error: unknown) => {
      throw error instanceof LogtoApiError && error.status === 404 ? userGone() : error;
    });
    const created = await this.api.createOrganization({
      name: body.name,
      ...(body.description ? { description: body.description } : {}),
    });
    try {
      await this.api.addOrganizationUsers(created.id, [userId]);
      const roleIds = await this.api.addMemberRoles(created.id, userId, {
        organizationRoleNames: [this.config.creatorRoleName],
      });
      return {
        ...toOrganization(created),
        roles: roleIds.map((id) => ({ id, name: this.config.creatorRoleName })),
      };
    } catch (error) {
      await this.api.deleteOrganization(created.id).catch((cleanupError: unknown) => {
        this.logger.error('Could not delete a half-created organization', {
          organizationId: created.id,
          error: cleanupError,
        });
      });
      this.logger.warn('Organization creation failed; rolled back', {
        organizationId: created.id,
        error,
      });
      // Deleted between the check and the membership.
      if (
        error instanceof LogtoApiError &&
        error.code === 'entity.relation_foreign_key_not_found'
      ) {
        throw userGone();
      }
      if (error instanceof LogtoApiError && error.code === 'organization.role_names_not_found') {
        throw new AppError(
          'role.not_found',
          `The organization role "${this.config.creatorRoleName}" does not exist. Run the setup command.`,
          { status: 400, data: { role: this.config.creatorRoleName } },
        );
      }
      throw error;
    }
  }

  // --- one organization ----------------------------------------------------------------------

  async organization(orgId: string): Promise<LogtoOrganization> {
    try {
      return await this.api.getOrganization(orgId);
    } catch (error) {
      throw mapNotFound(error, organizationNotFound);
    }
  }

  /**
   * The organization and the caller's live roles and permissions in it; with `include`, also the
   * role template and a page of members, read at the same time and kept only when the live
   * permissions allow reading members (a token issued before a promotion still gets them, one
   * from before a demotion does not). A refusal of the caller (not a member, no such
   * organization) is answered before any other failure.
   */
  async organizationDetail(
    orgId: string,
    userId: string,
    include: { roles?: boolean; members?: MembersQuery | undefined } = {},
  ): Promise<OrganizationDetailResponse> {
    // The organization comes with the membership (Logto lists a user's organizations whole).
    const [access, roles, members] = await authorizedFirst(
      this.readAccess(orgId, userId),
      include.roles ? this.roles() : Promise.resolve(undefined),
      include.members ? this.listMembers(orgId, include.members) : Promise.resolve(undefined),
    );
    const readable = access.permissions.has(PERMISSIONS.readMember);
    // The role template also serves inviting: an inviter picks among the roles they may grant.
    const rolesReadable = readable || access.permissions.has(PERMISSIONS.inviteMember);
    return {
      organization: toOrganization(access.organization),
      me: { id: userId, roles: access.roles.map(toRoleRef), permissions: [...access.permissions] },
      adminRoleName: this.config.creatorRoleName,
      ...(roles && rolesReadable ? { roles } : {}),
      ...(members && readable ? { members } : {}),
    };
  }

  /**
   * Name, description and logos. Logto replaces the whole branding object, so the logos are
   * merged into the current one (other branding fields kept): a logo left out is kept, `null`
   * removes it.
   */
  async updateOrganization(
    orgId: string,
    auth: AuthContext,
    body: {
      name?: string | undefined;
      description?: string | null | undefined;
      branding?: { logoUrl?: string | null | undefined; darkLogoUrl?: string | null | undefined };
    },
  ): Promise<Organization> {
    await this.requireLive(orgId, auth, PERMISSIONS.manageOrganization);
    const patch: { name?: string; description?: string | null; branding?: LogtoBranding } = {};
    if (body.name !== undefined) patch.name = body.name;
    if (body.description !== undefined) patch.description = body.description;
    if (body.branding) {
      const next: LogtoBranding = { ...(await this.organization(orgId)).branding };
      for (const key of ['logoUrl', 'darkLogoUrl'] as const) {
        const value = body.branding[key];
        if (value === null) delete next[key];
        else if (value !== undefined) next[key] = value;
      }
      patch.branding = next;
    }
    const updated = await this.api.updateOrganization(orgId, patch).catch((error: unknown) => {
      throw mapNotFound(error, organizationNotFound);
    });
    return toOrganization(updated);
  }

  async deleteOrganization(orgId: string, auth: AuthContext): Promise<void> {
    await this.requireLive(orgId, auth, PERMISSIONS.manageOrganization);
    await this.api.deleteOrganization(orgId).catch((error: unknown) => {
      throw mapNotFound(error, organizationNotFound);
    });
  }

  /**
   * The user's membership of the organization, as Logto lists it among the user's organizations
   * (whole, with the user's roles there); `organization.not_member`, or `organization.not_found`
   * when there is no such organization.
   */
  async membership(orgId: string, userId: string): Promise<LogtoUserOrganization> {
    const membership = (await this.userOrganizations(userId)).find((o) => o.id === orgId);
    if (membership) return membership;
    // Tell "no such organization" apart from "not a member" for a clear answer.
    await this.organization(orgId);
    throw notMember();
  }

  /** The caller's live membership, roles and permissions in the organization. */
  async liveAccess(orgId: string, userId: string): Promise<LiveAccess> {
    const [membership, scopes] = await Promise.all([
      this.membership(orgId, userId),
      this.api.getMemberScopes(orgId, userId).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
    ]);
    if ('error' in scopes) {
      const { error } = scopes;
      if (error instanceof LogtoApiError && (error.status === 404 || error.status === 422)) {
        throw notMember();
      }
      throw error;
    }
    return {
      organization: membership,
      roles: membership.organizationRoles ?? [],
      permissions: new Set(scopes.value.map((s) => s.name)),
    };
  }

  /**
   * The caller's membership, live roles and their permissions, for a read: one call to Logto. The
   * permissions are those of the live roles in the role template, which is kept at most
   * `ORG_ROLE_CACHE_MS` and loaded again when it lacks one of the roles; a promotion or demotion
   * shows at once, a change to a role's permissions within that time. Mutations ask Logto for the
   * member's scopes instead (`requireLive`).
   */
  async readAccess(orgId: string, userId: string): Promise<LiveAccess> {
    // The template is asked at the same time; a refusal of the caller wins over its failure.
    const [membership] = await authorizedFirst(this.membership(orgId, userId), this.roleTemplate());
    const roles = membership.organizationRoles ?? [];
    const template = await this.roleTemplateWith(roles.map((r) => r.id));
    const permissions = new Set(
      roles.flatMap((r) => (template.byId.get(r.id)?.scopes ?? []).map((s) => s.name)),
    );
    return { organization: membership, roles, permissions };
  }

  /**
   * Live check for a mutation: member, and holds `permission` (null: membership only).
   *
   * With a permission, one call suffices when it is granted: the member's live permissions come
   * from their organization roles, which Logto deletes with the membership, so holding one proves
   * membership. A refusal takes the full path, to tell `organization.not_member` (or
   * `organization.not_found`) from `auth.forbidden`.
   */
  async requireLive(
    orgId: string,
    auth: AuthContext,
    permission: Permission | null,
  ): Promise<{ permissions: ReadonlySet<string> }> {
    if (permission) {
      const scopes = await this.api.getMemberScopes(orgId, auth.userId).catch((error: unknown) => {
        // Logto's refusals are judged on the full path below; outages are not.
        if (error instanceof LogtoApiError && error.status < 500) return undefined;
        throw error;
      });
      if (scopes?.some((s) => s.name === permission)) {
        return { permissions: new Set(scopes.map((s) => s.name)) };
      }
    }
    const access = await this.liveAccess(orgId, auth.userId);
    if (permission && !access.permissions.has(permission)) throw forbidden(permission);
    return access;
  }

  // --- roles ---------------------------------------------------------------------------------

  /** The organization roles users can hold (roles for machine-to-machine apps left out). */
  async loadRoleTemplate(): Promise<RoleTemplate> {
    const roles = (await this.api.listOrganizationRoles()).filter(
      (role) => role.type !== 'MachineToMachine',
    );
    return {
      roles,
      byId: new Map(roles.map((r) => [r.id, r])),
      byName: new Map(roles.map((r) => [r.name, r])),
    };
  }

  /** The role template, reused for a short while (one load shared by concurrent requests). */
  async roleTemplate(): Promise<RoleTemplate> {
    return (await this.#roles.get()).value;
  }

  async roles(): Promise<OrganizationRole[]> {
    return (await this.roleTemplate()).roles.map(toOrganizationRole);
  }

  /**
   * The role template, loaded again from Logto when the kept one lacks one of `roleIds` (a role
   * created since), so an unknown role id is only ever judged against a fresh template.
   */
  async roleTemplateWith(roleIds: readonly string[]): Promise<RoleTemplate> {
    const { value, cached } = await this.#roles.get();
    if (!cached || roleIds.every((id) => value.byId.has(id))) return value;
    this.#roles.invalidate();
    return (await this.#roles.get()).value;
  }

  /** The roles of `roleIds` from a template that knows them all, or `role.not_found`. */
  async rolesOf(roleIds: readonly string[]): Promise<LogtoOrganizationRole[]> {
    const template = await this.roleTemplateWith(roleIds);
    return roleIds.map((id) => {
      const role = template.byId.get(id);
      if (!role) throw roleNotFound(id);
      return role;
    });
  }

  /** Drops the kept role template (Logto refused a role id: a role was deleted since). */
  forgetRoleTemplate(): void {
    this.#roles.invalidate();
  }

  /** The creator ("admin") role among a member's live roles (names are unique in the template). */
  adminRoleOf(roles: readonly LogtoRoleRef[]): LogtoRoleRef | undefined {
    return roles.find((r) => r.name === this.config.creatorRoleName);
  }

  /** mapMemberError, and an unknown role id drops the kept template. */
  mapRoleChangeError(error: unknown): unknown {
    if (error instanceof LogtoApiError && error.code === 'entity.relation_foreign_key_not_found') {
      this.forgetRoleTemplate();
    }
    return mapMemberError(error);
  }

  // --- members -------------------------------------------------------------------------------

  async listMembers(orgId: string, query: MembersQuery): Promise<MembersPage> {
    const { page, pageSize } = query;
    const result = await this.api
      .listOrganizationUsers(orgId, {
        ...(query.q ? { q: query.q } : {}),
        ...(query.roleId ? { organizationRoleId: query.roleId } : {}),
        page,
        pageSize,
      })
      .catch((error: unknown) => {
        throw mapNotFound(error, organizationNotFound);
      });
    return { items: result.items.map(toMember), total: result.total, page, pageSize };
  }

  /** A member's roles in the organization; `member.not_found` when not a member. */
  async memberRoles(orgId: string, userId: string): Promise<LogtoRoleRef[]> {
    let orgs;
    try {
      orgs = await this.api.listUserOrganizations(userId);
    } catch (error) {
      if (error instanceof LogtoApiError && error.status === 404) throw memberNotFound();
      throw error;
    }
    const membership = orgs.find((o) => o.id === orgId);
    if (!membership) throw memberNotFound();
    return membership.organizationRoles ?? [];
  }

  /** Refuses a change that would leave the organization without an admin. */
  async assertNotLastAdmin(orgId: string, adminRoleId: string): Promise<void> {
    const admins = await this.api.countMembersWithRole(orgId, adminRoleId);
    if (admins <= 1) {
      throw new AppError('member.last_admin', 'The organization must keep at least one admin.', {
        status: 409,
        data: { role: this.config.creatorRoleName },
      });
    }
  }

  /** Replaces a member's roles: no escalation, never the last admin. */
  async setMemberRoles(
    orgId: string,
    auth: AuthContext,
    targetId: string,
    roleIds: string[],
  ): Promise<Member> {
    if (roleIds.length === 0) throw noRole('roleIds');
    const caller = await this.requireLive(orgId, auth, PERMISSIONS.updateMemberRole);
    // Admin-affecting changes of one organization run one at a time, so the last-admin check
    // and the change it guards cannot interleave with another one (within this process).
    const wanted = await this.locks.run(orgId, async () => {
      const [template, target] = await Promise.all([
        this.roleTemplateWith(roleIds),
        this.memberRoles(orgId, targetId),
      ]);
      const roles = roleIds.map((id) => {
        const role = template.byId.get(id);
        if (!role) throw roleNotFound(id);
        return role;
      });
      const currentIds = new Set(target.map((r) => r.id));
      const granted = roles.filter((role) => !currentIds.has(role.id));
      assertNoEscalation(granted, caller.permissions);
      // The admin role as the target holds it now (live), not as the kept template names it.
      const adminRole = this.adminRoleOf(target);
      if (adminRole && !roleIds.includes(adminRole.id)) {
        await this.assertNotLastAdmin(orgId, adminRole.id);
      }
      await this.api.replaceMemberRoles(orgId, targetId, roleIds).catch((error: unknown) => {
        throw this.mapRoleChangeError(error);
      });
      return roles;
    });
    const user = await this.api.getUser(targetId);
    return toMember({
      ...user,
      organizationRoles: wanted.map((r) => ({ id: r.id, name: r.name })),
    });
  }

  /** Removes a member, or the caller leaves: never the last admin. */
  async removeMember(orgId: string, auth: AuthContext, targetId: string): Promise<void> {
    const leaving = targetId === auth.userId;
    // Leaving needs no permission, only membership; removing someone else needs remove:member.
    if (leaving) await this.requireLive(orgId, auth, null);
    else await this.requireLive(orgId, auth, PERMISSIONS.removeMember);
    // Serialized per organization with role changes (see setMemberRoles).
    await this.locks.run(orgId, async () => {
      const target = await this.memberRoles(orgId, targetId);
      const adminRole = this.adminRoleOf(target);
      if (adminRole) await this.assertNotLastAdmin(orgId, adminRole.id);
      await this.api.removeOrganizationUser(orgId, targetId).catch((error: unknown) => {
        throw mapMemberError(error);
      });
    });
  }

  // --- invitations, the organization's side --------------------------------------------------

  link(id: string): string {
    return this.config.invitationLink.split('{id}').join(encodeURIComponent(id));
  }

  toInvitation(inv: LogtoInvitation, now: number): Invitation {
    return {
      id: inv.id,
      invitee: inv.invitee,
      status: effectiveStatus(inv, now),
      roles: inv.organizationRoles.map(toRoleRef),
      inviterId: inv.inviterId,
      createdAt: inv.createdAt,
      expiresAt: inv.expiresAt,
      link: this.link(inv.id),
    };
  }

  /** The organization's invitations, each with its inviter (`null` when that user is gone). */
  async listInvitations(orgId: string, status?: InvitationStatus): Promise<Invitation[]> {
    const all = await this.api.listInvitations({ organizationId: orgId });
    const t = this.now();
    const items = all
      .filter((inv) => inv.organizationId === orgId)
      .map((inv) => this.toInvitation(inv, t))
      .filter((inv) => !status || inv.status === status)
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
    const inviters = await this.inviters(items);
    return items.map((inv) => ({ ...inv, inviter: inviters.get(inv.inviterId ?? '') ?? null }));
  }

  /**
   * The distinct inviters of these invitations by id, looked up with bounded concurrency; a user
   * who no longer exists (or cannot be read) is left out.
   */
  async inviters(
    invitations: ReadonlyArray<{ inviterId: string | null }>,
  ): Promise<Map<string, InvitationInviter>> {
    const ids = [
      ...new Set(invitations.map((inv) => inv.inviterId).filter((id): id is string => !!id)),
    ];
    const users = await mapLimit(ids, this.inviteConcurrency, (id) =>
      this.api.getUser(id).catch(() => undefined),
    );
    const out = new Map<string, InvitationInviter>();
    users.forEach((user, i) => {
      if (user) out.set(ids[i]!, { id: user.id, name: user.name, email: user.primaryEmail });
    });
    return out;
  }

  /**
   * Invites each email (one result per email, in order): at least one role (a member always has
   * one: `member.no_role`), no escalation through the roles; an invalid email, a repeated one or
   * one with a pending invitation fails only its own result.
   */
  async invite(
    orgId: string,
    auth: AuthContext,
    body: { emails: string[]; roleIds: string[]; expiresInDays?: number | undefined },
  ): Promise<InvitationResult[]> {
    if (body.roleIds.length === 0) throw noRole('roleIds');
    const days = body.expiresInDays ?? this.config.invitationDefaultDays;
    const expiresAt = this.now() + days * DAY_MS;
    // Settled here, in order: not an email, or named twice in this request (the second one).
    const seen = new Set<string>();
    const plans = body.emails.map((raw): { email: string; settled?: InvitationResult } => {
      const email = normalizeEmail(raw);
      if (!email) {
        const shown = raw.trim();
        return { email: shown, settled: failed(shown, 'invitation.invalid_email', NOT_EMAIL) };
      }
      if (seen.has(email)) {
        return { email, settled: failed(email, 'invitation.duplicate_pending', DUPLICATE) };
      }
      seen.add(email);
      return { email };
    });
    // The live permission check, the roles and the pending invitations of these emails are read
    // at the same time (reads only); nothing is created unless all three succeed, and a refusal
    // of the caller is answered first.
    const [caller, roles, pending] = await authorizedFirst(
      this.requireLive(orgId, auth, PERMISSIONS.inviteMember),
      this.rolesOf(body.roleIds),
      this.pendingInvitees(orgId, [...seen]),
    );
    assertNoEscalation(roles, caller.permissions);
    // Once Logto answers that it has no email connector, the other invitations of this request
    // go straight to `link` (the answer would be the same).
    const delivery: DeliveryMemo = { noConnector: false };
    return mapLimit(plans, this.inviteConcurrency, async ({ email, settled }) => {
      if (settled) return settled;
      if (pending.has(email)) return failed(email, 'invitation.duplicate_pending', DUPLICATE);
      return this.inviteOne({
        organizationId: orgId,
        inviterId: auth.userId,
        email,
        roleIds: body.roleIds,
        expiresAt,
        delivery,
      });
    });
  }

  /**
   * Which of `emails` (trimmed, lower-case) have a pending invitation to the organization. A few
   * are looked up one by one (the cost follows each email's invitations); a batch of
   * `BATCH_LOOKUP_MIN` or more asks once for the organization's invitations (one call instead of
   * one per email; the same listing an admin's invitation list reads).
   */
  async pendingInvitees(orgId: string, emails: string[]): Promise<Set<string>> {
    if (emails.length < BATCH_LOOKUP_MIN) {
      const found = await mapLimit(emails, this.inviteConcurrency, (email) =>
        this.hasPendingInvitation(orgId, email),
      );
      return new Set(emails.filter((_, i) => found[i]));
    }
    const wanted = new Set(emails);
    const t = this.now();
    const pending = new Set<string>();
    for (const inv of await this.api.listInvitations({ organizationId: orgId })) {
      const email = duplicateKey(inv.invitee);
      if (
        inv.organizationId === orgId &&
        wanted.has(email) &&
        effectiveStatus(inv, t) === 'Pending'
      ) {
        pending.add(email);
      }
    }
    return pending;
  }

  /**
   * Whether `email` (trimmed, lower-case) has a pending invitation to the organization. Asks Logto
   * for that email's invitations only (`invitee` filter, which Logto compares case-insensitively),
   * so the cost does not grow with the organization's invitation history; the answer is filtered
   * again here (organization, email ignoring case, effective status).
   */
  async hasPendingInvitation(orgId: string, email: string): Promise<boolean> {
    const found = await this.api.listInvitations({ organizationId: orgId, invitee: email });
    const t = this.now();
    return found.some(
      (inv) =>
        inv.organizationId === orgId &&
        duplicateKey(inv.invitee) === email &&
        effectiveStatus(inv, t) === 'Pending',
    );
  }

  /**
   * Sends a pending invitation again; an expired one is revoked and re-created with the roles
   * that still exist (no escalation through them), or refused (`member.no_role`) when none does.
   */
  async resendInvitation(orgId: string, auth: AuthContext, id: string): Promise<ResendResponse> {
    const [caller, invitation] = await authorizedFirst(
      this.requireLive(orgId, auth, PERMISSIONS.inviteMember),
      this.invitationInOrg(orgId, id),
    );
    const status = effectiveStatus(invitation, this.now());
    if (status === 'Pending') {
      const delivery = await this.deliver(invitation.id);
      return { delivery, invitation: this.toInvitation(invitation, this.now()) };
    }
    if (status !== 'Expired') throw notPending(status);
    // Expired: revoke the old one (Logto may refuse, it is no longer pending) and re-create it.
    const template = await this.roleTemplateWith(invitation.organizationRoles.map((r) => r.id));
    const roleIds = invitation.organizationRoles
      .map((r) => r.id)
      .filter((roleId) => template.byId.has(roleId));
    // Every role it carried was deleted since: it is not re-created without a role (nothing is
    // changed; revoke it and invite again with a role).
    if (roleIds.length === 0) throw noRole('roles');
    assertNoEscalation(
      roleIds.map((roleId) => template.byId.get(roleId)!),
      caller.permissions,
    );
    await this.api.setInvitationStatus(id, { status: 'Revoked' }).catch((error: unknown) => {
      if (error instanceof LogtoApiError && (error.status === 422 || error.status === 400)) return;
      throw error;
    });
    // A failure keeps its own answer (a refusal, or upstream.unavailable / timeout / error).
    return this.createInvitation({
      organizationId: orgId,
      inviterId: auth.userId,
      // The same address: only ASCII letters are lower-cased (never "\u212A" into "k").
      email: emailKey(invitation.invitee),
      roleIds,
      expiresAt: this.now() + this.config.invitationDefaultDays * DAY_MS,
    });
  }

  /**
   * Revokes a pending invitation; an expired or revoked one is deleted from the list. One that
   * stops being pending while this runs (accepted, declined or revoked at the same moment) is
   * `invitation.not_pending` with its new status.
   */
  async revokeInvitation(orgId: string, auth: AuthContext, id: string): Promise<void> {
    const [, invitation] = await authorizedFirst(
      this.requireLive(orgId, auth, PERMISSIONS.inviteMember),
      this.invitationInOrg(orgId, id),
    );
    const status = effectiveStatus(invitation, this.now());
    if (status === 'Accepted') throw notPending(status);
    if (status === 'Pending') {
      await this.setRevoked(id);
    } else {
      // Already expired or revoked: remove it from the list.
      await this.api.deleteInvitation(id).catch((error: unknown) => {
        throw mapNotFound(error, invitationNotFound);
      });
    }
  }

  /** An invitation of this organization, or `invitation.not_found`. */
  async invitationInOrg(orgId: string, id: string): Promise<LogtoInvitation> {
    const invitation = await this.api.getInvitation(id).catch((error: unknown) => {
      throw mapNotFound(error, invitationNotFound);
    });
    if (invitation.organizationId !== orgId) throw invitationNotFound();
    return invitation;
  }

  /** Sends the invitation email through Logto; `link` when the tenant has no email connector. */
  async deliver(id: string, memo?: DeliveryMemo): Promise<'sent' | 'link'> {
    if (memo?.noConnector) return 'link';
    try {
      await this.api.sendInvitationMessage(id, this.link(id));
      return 'sent';
    } catch (error) {
      if (error instanceof LogtoApiError && error.status === 501) {
        if (memo) memo.noConnector = true;
        return 'link';
      }
      // The invitation exists; only the email failed. The admin can copy the link or resend.
      this.logger.warn('Invitation email failed; returning the link', { invitationId: id, error });
      return 'link';
    }
  }

  /**
   * One invitation: create it without a message (so it is never lost), then ask Logto to email
   * the link. Errors become a `failed` result for this email only.
   */
  async inviteOne(input: InviteOne): Promise<InvitationResult> {
    const { email } = input;
    try {
      const { delivery, invitation } = await this.createInvitation(input);
      return { email, status: delivery, invitation };
    } catch (error) {
      if (error instanceof AppError && error.expose && error.status < 500) {
        // A refusal of this email (duplicate, already a member, not an email, role gone).
        return failed(email, error.code as InvitationResultError['code'], error.message);
      }
      const mapped = toExposedError(error);
      this.logger.warn('Invitation failed', { code: mapped.code, error });
      return failed(email, mapped.code, mapped.message);
    }
  }

  /**
   * Creates one invitation and delivers it (see inviteOne). Logto's refusals of this email become
   * their invitation codes; any other failure (Logto down, a timeout) is thrown as it is, so it
   * keeps its `upstream.*` answer.
   */
  async createInvitation(
    input: InviteOne,
  ): Promise<{ delivery: 'sent' | 'link'; invitation: Invitation }> {
    let created: LogtoInvitation;
    try {
      created = await this.api.createInvitation({
        inviterId: input.inviterId,
        invitee: input.email,
        organizationId: input.organizationId,
        expiresAt: input.expiresAt,
        organizationRoleIds: input.roleIds,
      });
    } catch (error) {
      throw this.mapCreateInvitationError(error);
    }
    const delivery = await this.deliver(created.id, input.delivery);
    return { delivery, invitation: this.toInvitation(created, this.now()) };
  }

  /** Logto's refusals of a new invitation as the invitation codes; anything else as it is. */
  private mapCreateInvitationError(error: unknown): unknown {
    if (!(error instanceof LogtoApiError)) return error;
    const refusal = (code: InvitationResultError['code'], message: string) =>
      new AppError(code, message, { status: statusOf(code), cause: error });
    if (error.code === 'entity.unique_integrity_violation') {
      return refusal('invitation.duplicate_pending', DUPLICATE);
    }
    if (error.status === 422 && error.code === 'request.invalid_input') {
      return refusal('invitation.already_member', 'Already a member.');
    }
    if (error.status === 400 && error.code === 'guard.invalid_input') {
      return refusal('invitation.invalid_email', NOT_EMAIL);
    }
    if (error.code === 'entity.relation_foreign_key_not_found') {
      this.forgetRoleTemplate();
      return refusal('role.not_found', 'A role or the organization no longer exists.');
    }
    return error;
  }

  // --- invitations, the invitee's side -------------------------------------------------------

  /**
   * An invitation addressed to the signed-in user (their primary email: ASCII letters in any
   * case, every other character exactly, see `emailKey`), with that user's own primary email.
   * Anyone else gets `invitation.wrong_user` carrying their own email (never the invitee's: the
   * link may have been forwarded).
   */
  async invitationForInvitee(
    id: string,
    userId: string,
  ): Promise<{ invitation: LogtoInvitation; email: string }> {
    const [invitation, user] = await Promise.all([
      this.api.getInvitation(id).catch((error: unknown) => {
        throw mapNotFound(error, invitationNotFound);
      }),
      this.api.getUser(userId).catch((error: unknown) => {
        if (error instanceof LogtoApiError && error.status === 404) throw wrongUser(null);
        throw error;
      }),
    ]);
    const own = user.primaryEmail;
    // The same address only: ASCII letters compare in any case, no other character is folded
    // (Logto's own comparison would take "\u212Aate@…" for "kate@…").
    if (!own || emailKey(own) !== emailKey(invitation.invitee)) {
      throw wrongUser(own ?? null);
    }
    return { invitation, email: own };
  }

  /** What the invitee sees before accepting: the invitation, the organization, the inviter. */
  async viewInvitation(id: string, userId: string): Promise<InvitationView> {
    const { invitation } = await this.invitationForInvitee(id, userId);
    const [organization, inviter] = await Promise.all([
      this.api.getOrganization(invitation.organizationId).catch((error: unknown) => {
        throw mapNotFound(error, () => invitationNotFound());
      }),
      invitation.inviterId
        ? this.api.getUser(invitation.inviterId).catch(() => undefined)
        : Promise.resolve(undefined),
    ]);
    return {
      invitation: {
        id: invitation.id,
        invitee: invitation.invitee,
        status: effectiveStatus(invitation, this.now()),
        roles: invitation.organizationRoles.map(toRoleRef),
        expiresAt: invitation.expiresAt,
      },
      organization: {
        id: organization.id,
        name: organization.name,
        description: organization.description ?? null,
        branding: toBranding(organization.branding),
      },
      inviter: inviter ? { name: inviter.name, email: inviter.primaryEmail } : null,
    };
  }

  /** The invitee accepts: they join with the invitation's roles. A repeat is answered alike. */
  async acceptInvitation(id: string, userId: string): Promise<OrganizationCreatedResponse> {
    const { invitation, email } = await this.invitationForInvitee(id, userId);
    const status = effectiveStatus(invitation, this.now());
    // A retry by the user who already accepted it (say, after a network failure) is answered
    // like the first acceptance, as long as they are still a member.
    if (acceptedBy(invitation, userId)) return this.acceptedOrganization(invitation, userId);
    if (status !== 'Pending') throw notPending(status);
    let accepted: LogtoInvitation;
    try {
      accepted = await this.api.setInvitationStatus(id, {
        status: 'Accepted',
        acceptedUserId: userId,
      });
    } catch (error) {
      if (error instanceof LogtoApiError && error.status === 404) throw invitationNotFound();
      if (error instanceof LogtoApiError && error.status === 422) {
        // Logto refuses a changed status ("cannot be changed anymore") or another email.
        const fresh = await this.api.getInvitation(id).catch(() => undefined);
        if (fresh && acceptedBy(fresh, userId)) {
          // Accepted by the same user in the meantime (a concurrent double submit).
          return this.acceptedOrganization(fresh, userId);
        }
        const freshStatus = fresh ? effectiveStatus(fresh, this.now()) : 'Revoked';
        if (freshStatus !== 'Pending') throw notPending(freshStatus);
        throw wrongUser(email);
      }
      throw error;
    }
    const organization = await this.api.getOrganization(accepted.organizationId);
    const roles = await this.api
      .getMemberRoles(accepted.organizationId, userId)
      .catch(() => accepted.organizationRoles);
    return { organization: { ...toOrganization(organization), roles: roles.map(toRoleRef) } };
  }

  /**
   * The answer to an acceptance the caller already made: their organization with their current
   * roles, or `invitation.not_pending` (Accepted) when they are no longer a member.
   */
  async acceptedOrganization(
    invitation: LogtoInvitation,
    userId: string,
  ): Promise<OrganizationCreatedResponse> {
    const orgs = await this.userOrganizations(userId);
    const membership = orgs.find((o) => o.id === invitation.organizationId);
    if (!membership) throw notPending('Accepted');
    return {
      organization: {
        ...toOrganization(membership),
        roles: (membership.organizationRoles ?? []).map(toRoleRef),
      },
    };
  }

  /**
   * The signed-in user's pending invitations (to their primary email, any organization), with
   * each organization's name and logos and the inviter: the `MY_INVITATIONS_MAX` newest, so the
   * lookups (one per organization and per inviter, a few at a time) stay bounded however many
   * others send. An invitation of a deleted organization is left out.
   */
  async myInvitations(userId: string): Promise<MyInvitation[]> {
    const user = await this.api.getUser(userId).catch((error: unknown) => {
      if (error instanceof LogtoApiError && error.status === 404) return undefined;
      throw error;
    });
    const email = user?.primaryEmail ? emailKey(user.primaryEmail) : '';
    if (!email) return [];
    const t = this.now();
    // Logto compares `invitee` with SQL lower(), which also folds other characters ("\u212A" is
    // "k" to it): its answer is filtered again here with the same-address comparison.
    const pending = (await this.api.listInvitations({ invitee: email }))
      .filter((inv) => emailKey(inv.invitee) === email && effectiveStatus(inv, t) === 'Pending')
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
      .slice(0, MY_INVITATIONS_MAX);
    const orgIds = [...new Set(pending.map((inv) => inv.organizationId))];
    const [orgs, inviterById] = await Promise.all([
      mapLimit(orgIds, this.inviteConcurrency, (id) =>
        this.api.getOrganization(id).catch((error: unknown) => {
          if (error instanceof LogtoApiError && error.status === 404) return undefined;
          throw error;
        }),
      ),
      this.inviters(pending),
    ]);
    const orgById = new Map(orgIds.map((id, i) => [id, orgs[i]]));
    const out: MyInvitation[] = [];
    for (const inv of pending) {
      const org = orgById.get(inv.organizationId);
      if (!org) continue;
      const inviter = inv.inviterId ? inviterById.get(inv.inviterId) : undefined;
      const { id, name, branding } = toOrganization(org);
      out.push({
        id: inv.id,
        organization: { id, name, ...(branding ? { branding } : {}) },
        inviter: inviter ? { name: inviter.name, email: inviter.email } : null,
        roles: inv.organizationRoles.map(toRoleRef),
        expiresAt: inv.expiresAt,
        status: 'Pending',
      });
    }
    return out.sort((a, b) => a.expiresAt - b.expiresAt || (a.id < b.id ? -1 : 1));
  }

  /**
   * The invitee declines: Logto has no "declined" status, so the invitation is revoked (`PUT
   * /api/organization-invitations/:id/status` with `Revoked`, what an admin's revoke does).
   */
  async declineInvitation(id: string, userId: string): Promise<void> {
    const { invitation } = await this.invitationForInvitee(id, userId);
    const status = effectiveStatus(invitation, this.now());
    if (status !== 'Pending') throw notPending(status);
    await this.setRevoked(id);
  }

  /**
   * Revokes a pending invitation (an admin's revoke, an invitee's decline). One that stopped
   * being pending meanwhile (accepted, declined or revoked at the same moment: Logto answers 422)
   * is `invitation.not_pending` with its status now; a gone one is `invitation.not_found`.
   */
  private async setRevoked(id: string): Promise<void> {
    try {
      await this.api.setInvitationStatus(id, { status: 'Revoked' });
    } catch (error) {
      if (error instanceof LogtoApiError && error.status === 422) {
        const fresh = await this.api.getInvitation(id).catch(() => undefined);
        const status = fresh ? effectiveStatus(fresh, this.now()) : 'Revoked';
        if (status !== 'Pending') throw notPending(status);
      }
      throw mapNotFound(error, invitationNotFound);
    }
  }

  // --- just-in-time domains --------------------------------------------------------------------

  /**
   * The organization's just-in-time domains and default roles, and what the caller may add. The
   * caller's membership and `manage:organization` are checked live (as for `readAccess`), so an
   * admin removed or demoted since their token was issued reads nothing.
   */
  async organizationDomains(orgId: string, userId: string): Promise<OrganizationDomains> {
    const [access, domains, roles, user] = await authorizedFirst(
      this.readAccess(orgId, userId),
      this.api.listJitEmailDomains(orgId),
      this.api.listJitRoles(orgId),
      this.api.getUser(userId).catch(() => undefined),
    );
    if (!access.permissions.has(PERMISSIONS.manageOrganization)) {
      throw forbidden(PERMISSIONS.manageOrganization);
    }
    return {
      domains,
      roles: roles.map(toRoleRef),
      ownDomain: domainOfEmail(user?.primaryEmail),
      allowAnyDomain: this.config.jitAnyDomain,
    };
  }

  /**
   * Replaces the just-in-time domains and default roles. Domains are normalized; public mail
   * domains are refused; without `ORG_JIT_ANY_DOMAIN` a domain not yet in the set must be the
   * caller's own; the default roles obey the escalation rule (all of them when a domain is added,
   * since its users get all of them; otherwise the added ones). Roles are set first, then
   * domains; if the second step fails, the roles are restored, so nothing is left half-done.
   */
  async updateOrganizationDomains(
    orgId: string,
    auth: AuthContext,
    body: { domains: string[]; roleIds: string[] },
  ): Promise<OrganizationDomains> {
    const domains: string[] = [];
    for (const raw of body.domains) {
      const domain = normalizeDomain(raw);
      if (!domain) throw invalidDomain(raw.trim());
      if (!domains.includes(domain)) domains.push(domain);
    }
    for (const domain of domains) if (isPublicMailDomain(domain)) throw publicDomain(domain);
    if (domains.length > 0 && body.roleIds.length === 0) throw noRole('roleIds');
    const caller = await this.requireLive(orgId, auth, PERMISSIONS.manageOrganization);
    return this.locks.run(`jit:${orgId}`, async () => {
      const [currentDomains, currentRoles, user, roles] = await Promise.all([
        this.api.listJitEmailDomains(orgId),
        this.api.listJitRoles(orgId),
        this.api.getUser(auth.userId).catch(() => undefined),
        this.rolesOf(body.roleIds),
      ]);
      const ownDomain = domainOfEmail(user?.primaryEmail);
      const kept = new Set(currentDomains.map((d) => normalizeDomain(d) ?? d.toLowerCase()));
      const added = domains.filter((d) => !kept.has(d));
      if (!this.config.jitAnyDomain) {
        for (const domain of added) if (domain !== ownDomain) throw notOwnDomain(domain, ownDomain);
      }
      const currentRoleIds = new Set(currentRoles.map((r) => r.id));
      const addedRoles = roles.filter((r) => !currentRoleIds.has(r.id));
      assertNoEscalation(added.length > 0 ? roles : addedRoles, caller.permissions);

      const rolesChanged = !sameSet([...currentRoleIds], body.roleIds);
      const domainsChanged = !sameSet(currentDomains, domains);
      if (rolesChanged) {
        await this.api.replaceJitRoles(orgId, body.roleIds).catch((error: unknown) => {
          throw this.mapJitError(error, 'roles');
        });
      }
      if (domainsChanged) {
        try {
          await this.api.replaceJitEmailDomains(orgId, domains);
        } catch (error) {
          if (rolesChanged) {
            await this.api.replaceJitRoles(orgId, [...currentRoleIds]).catch((restoreError) => {
              this.logger.error('Could not restore the just-in-time roles', {
                organizationId: orgId,
                error: restoreError,
              });
            });
          }
          throw this.mapJitError(error, 'domains');
        }
      }
      return {
        domains,
        roles: roles.map(toRoleRef),
        ownDomain,
        allowAnyDomain: this.config.jitAnyDomain,
      };
    });
  }

  /**
   * Logto's foreign-key refusal: for roles, a role deleted since (the template is dropped); for
   * domains, the organization deleted since.
   */
  private mapJitError(error: unknown, step: 'roles' | 'domains'): unknown {
    const foreignKey =
      error instanceof LogtoApiError && error.code === 'entity.relation_foreign_key_not_found';
    if (foreignKey && step === 'domains') return organizationNotFound();
    if (foreignKey) {
      this.forgetRoleTemplate();
      return new AppError('role.not_found', 'A role or the organization no longer exists.', {
        status: 400,
      });
    }
    return mapNotFound(error, organizationNotFound);
  }
}

// --- helpers ---------------------------------------------------------------------------------

/** Refuses granting a role that carries a permission the caller does not hold. */
export function assertNoEscalation(
  roles: readonly LogtoOrganizationRole[],
  permissions: ReadonlySet<string>,
): void {
  for (const role of roles) {
    const missing = (role.scopes ?? []).map((s) => s.name).filter((p) => !permissions.has(p));
    if (missing.length > 0) {
      throw new AppError(
        'role.escalation',
        `You cannot grant the role "${role.name}": it has permissions you do not have.`,
        { status: 403, data: { roleId: role.id, permissions: missing } },
      );
    }
  }
}

/**
 * Runs independent reads at once and answers like running them in order: the first one's failure
 * (the caller's live authorization) wins over the others'.
 */
async function authorizedFirst<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]>;
async function authorizedFirst<A, B, C>(
  a: Promise<A>,
  b: Promise<B>,
  c: Promise<C>,
): Promise<[A, B, C]>;
async function authorizedFirst<A, B, C, D>(
  a: Promise<A>,
  b: Promise<B>,
  c: Promise<C>,
  d: Promise<D>,
): Promise<[A, B, C, D]>;
async function authorizedFirst(...reads: Array<Promise<unknown>>): Promise<unknown[]> {
  const settled = await Promise.allSettled(reads);
  for (const result of settled) if (result.status === 'rejected') throw result.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value);
}

/** Same members, any order. */
function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}

/** A valid token whose user no longer exists in Logto. */
function userGone(): AppError {
  return new AppError('auth.invalid_token', 'The signed-in user no longer exists.', {
    status: 401,
    expose: true,
  });
}

/**
 * An invitee as the duplicate check compares it with a normalized (ASCII, lower-case) email.
 * Broader on purpose than `emailKey`, the same-address comparison: Unicode lower case, so an
 * invitation to "\u212Aate@…" (made elsewhere) also counts as a pending one for "kate@…" and no
 * second invitation is sent. Never used to decide who an invitation is for.
 */
function duplicateKey(invitee: string): string {
  return invitee.trim().toLowerCase();
}

/** Accepted, and by this user. */
function acceptedBy(invitation: LogtoInvitation, userId: string): boolean {
  return invitation.status === 'Accepted' && invitation.acceptedUserId === userId;
}

type InvitationResultError = Extract<InvitationResult, { status: 'failed' }>['error'];

function failed(
  email: string,
  code: InvitationResultError['code'],
  message: string,
): InvitationResult {
  return { email, status: 'failed', error: { code, message } };
}

/** The exposed form of any error (for per-email results). */
function toExposedError(error: unknown): { code: InvitationResultError['code']; message: string } {
  const appError = toAppError(error);
  return appError.expose
    ? { code: appError.code as InvitationResultError['code'], message: appError.message }
    : { code: 'internal', message: 'Something went wrong.' };
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
