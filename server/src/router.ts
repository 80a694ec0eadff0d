/**
 * The companion API (DESIGN.md "Companion API"): an Express router to mount under any path.
 * Reads trust the organization token's scopes; mutations re-check the caller's permissions and
 * membership live through the Management API. The rules Logto leaves to us live here.
 */
import cors from 'cors';
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { rateLimit } from 'express-rate-limit';
import type { JWTVerifyGetKey } from 'jose';
import { randomUUID } from 'node:crypto';
import { ERROR_CODES } from 'logto-org-widget-contract';
import type {
  Invitation,
  InvitationResult,
  InvitationStatus,
  InvitationView,
  InvitationsResponse,
  InviteResponse,
  Member,
  MemberRolesResponse,
  MembersPage,
  MyOrganization,
  MyOrganizationsResponse,
  Organization,
  OrganizationCreatedResponse,
  OrganizationDetailResponse,
  OrganizationResponse,
  OrganizationRole,
  ResendResponse,
  RoleRef,
  RolesResponse,
} from 'logto-org-widget-contract';
import {
  authOf,
  createTokenVerifier,
  requireOrganizationToken,
  requireResourceToken,
  type AuthContext,
  type TokenVerifier,
} from './auth.js';
import type { Config } from './config.js';
import { AppError } from './errors.js';
import { createErrorHandler, toAppError } from './error-handler.js';
import {
  createJsonLogger,
  currentRequestId,
  runWithRequestId,
  withRequestIds,
  type Logger,
} from './logger.js';
import {
  createManagementApi,
  LogtoApiError,
  type LogtoInvitation,
  type LogtoMember,
  type LogtoOrganization,
  type LogtoOrganizationRole,
  type LogtoRoleRef,
  type ManagementApi,
} from './logto.js';
import { cachedValue, type CachedValue } from './cache.js';
import { KeyedLock } from './keyed-lock.js';
import { createM2mTokenSource, type M2mTokenSource } from './m2m.js';
import { PERMISSIONS, type Permission } from './permissions.js';
import type { FetchLike, RetryOptions } from './upstream.js';
import {
  createOrganizationBody,
  emptyBody,
  emptyQuery,
  inviteBody,
  invitationsQuery,
  LIMITS,
  memberRolesBody,
  membersQuery,
  normalizeEmail,
  parse,
  parseId,
  updateOrganizationBody,
} from './validation.js';

export interface OrgRouterOptions {
  config: Config;
  /** Used for every call to Logto (JWKS, token, Management API). Default: global fetch. */
  fetch?: FetchLike;
  /** Clock in epoch ms (token expiry, invitation expiry, M2M cache). Default: Date.now. */
  now?: () => number;
  /** Default: JSON lines on stdout. */
  logger?: Logger;
  /** Key source for user tokens. Default: the remote JWKS of the issuer. */
  jwks?: JWTVerifyGetKey;
  /** Retry tuning of idempotent upstream calls (tests shorten the backoff). */
  retry?: RetryOptions;
  /** Bound on concurrent invitations processed for one request. Default 4. */
  inviteConcurrency?: number;
}

/** The pieces a router is made of, exposed for hosts and tests. */
export interface OrgRouterInternals {
  m2m: M2mTokenSource;
  api: ManagementApi;
  verify: TokenVerifier;
  logger: Logger;
  /** Serializes the admin-affecting mutations (role change, remove, leave) per organization. */
  locks: KeyedLock;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a sane incoming `X-Request-Id` or generates one; echoes it; scopes log lines to it. */
export function requestIdMiddleware(): RequestHandler {
  return function requestId(req: Request, res: Response, next: NextFunction) {
    const existing = res.locals.requestId as string | undefined;
    const incoming = req.get('x-request-id');
    const id = existing ?? (incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID());
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    if (currentRequestId() === id) return next();
    runWithRequestId(id, () => next());
  };
}

/** One log line per request, with status and duration (never headers or bodies). */
export function accessLogMiddleware(logger: Logger, now: () => number): RequestHandler {
  return function accessLog(req: Request, res: Response, next: NextFunction) {
    if (res.locals.accessLogged) return next();
    res.locals.accessLogged = true;
    const started = now();
    const id = res.locals.requestId as string | undefined;
    res.on('finish', () => {
      const fields = {
        ...(id ? { requestId: id } : {}),
        method: req.method,
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        ms: now() - started,
        ...(res.locals.auth ? { userId: res.locals.auth.userId } : {}),
      };
      if (res.statusCode >= 500) logger.warn('request', fields);
      else logger.info('request', fields);
    });
    next();
  };
}

export function createOrgRouter(options: OrgRouterOptions): Router {
  return buildOrgRouter(options).router;
}

/** Like createOrgRouter, and also returns the internals (M2M source, API client, verifier). */
export function buildOrgRouter(options: OrgRouterOptions): {
  router: Router;
  internals: OrgRouterInternals;
} {
  const { config } = options;
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? Date.now;
  const logger = options.logger ? withRequestIds(options.logger) : createJsonLogger({ now });
  const m2m = createM2mTokenSource({ config, fetch: fetchImpl, now, logger });
  const api = createManagementApi({
    config,
    fetch: fetchImpl,
    m2m,
    logger,
    ...(options.retry ? { retry: options.retry } : {}),
  });
  const verify = createTokenVerifier({
    config,
    ...(options.jwks ? { jwks: options.jwks } : {}),
    fetch: fetchImpl,
    now,
  });
  const inviteConcurrency = options.inviteConcurrency ?? 4;
  const service = new OrgService(config, api, logger, now);
  const locks = new KeyedLock();

  const router = express.Router();
  router.use(requestIdMiddleware());
  router.use(accessLogMiddleware(logger, now));
  router.use(
    cors({
      origin: [...config.allowedOrigins],
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      exposedHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    }),
  );
  router.use(express.json({ limit: '64kb', strict: true }));

  const resourceToken = requireResourceToken(verify, config.apiResource);
  const orgToken = requireOrganizationToken(verify);
  const createLimiter = userRateLimit(
    config.rateLimit.createOrganization,
    config.rateLimit.windowMs,
  );
  const inviteLimiter = userRateLimit(config.rateLimit.invitations, config.rateLimit.windowMs);

  router.param('orgId', function validateOrgId(req, _res, next, value: string) {
    parseId('orgId', value);
    next();
  });

  // --- tenant level (resource token) -------------------------------------------------------

  router.get('/me/organizations', resourceToken, async function listMyOrganizations(req, res) {
    parse(emptyQuery, req.query, 'query');
    const { userId } = authOf(res);
    const orgs = await service.userOrganizations(userId);
    const body: MyOrganizationsResponse = {
      items: orgs.map((o) => ({
        ...toOrganization(o),
        roles: (o.organizationRoles ?? []).map(toRoleRef),
      })),
    };
    res.json(body);
  });

  router.post(
    '/organizations',
    resourceToken,
    createLimiter,
    async function createOrganization(req, res) {
      const auth = authOf(res);
      if (config.createOrganizationScope && !auth.scopes.has(config.createOrganizationScope)) {
        throw forbidden(config.createOrganizationScope);
      }
      const body = parse(createOrganizationBody, req.body, 'body');
      const organization = await service.createOrganization(auth.userId, body);
      const response: OrganizationCreatedResponse = { organization };
      res.status(201).json(response);
    },
  );

  router.get('/invitations/:id', resourceToken, async function viewInvitation(req, res) {
    parse(emptyQuery, req.query, 'query');
    const id = parseInvitationId(req.params.id);
    const { invitation } = await service.invitationForInvitee(id, authOf(res).userId);
    const [organization, inviter] = await Promise.all([
      api.getOrganization(invitation.organizationId).catch((error: unknown) => {
        throw mapNotFound(error, () => invitationNotFound());
      }),
      invitation.inviterId
        ? api.getUser(invitation.inviterId).catch(() => undefined)
        : Promise.resolve(undefined),
    ]);
    const view: InvitationView = {
      invitation: {
        id: invitation.id,
        invitee: invitation.invitee,
        status: effectiveStatus(invitation, now()),
        roles: invitation.organizationRoles.map(toRoleRef),
        expiresAt: invitation.expiresAt,
      },
      organization: {
        id: organization.id,
        name: organization.name,
        description: organization.description ?? null,
      },
      inviter: inviter ? { name: inviter.name, email: inviter.primaryEmail } : null,
    };
    res.json(view);
  });

  router.post('/invitations/:id/accept', resourceToken, async function acceptInvitation(req, res) {
    parse(emptyBody, isEmptyBody(req.body) ? undefined : req.body, 'body');
    const id = parseInvitationId(req.params.id);
    const { userId } = authOf(res);
    const { invitation, email } = await service.invitationForInvitee(id, userId);
    const status = effectiveStatus(invitation, now());
    // A retry by the user who already accepted it (say, after a network failure) is answered
    // like the first acceptance, as long as they are still a member.
    if (acceptedBy(invitation, userId)) {
      res.json(await service.acceptedOrganization(invitation, userId));
      return;
    }
    if (status !== 'Pending') throw notPending(status);
    let accepted: LogtoInvitation;
    try {
      accepted = await api.setInvitationStatus(id, { status: 'Accepted', acceptedUserId: userId });
    } catch (error) {
      if (error instanceof LogtoApiError && error.status === 404) throw invitationNotFound();
      if (error instanceof LogtoApiError && error.status === 422) {
        // Logto refuses a changed status ("cannot be changed anymore") or another email.
        const fresh = await api.getInvitation(id).catch(() => undefined);
        if (fresh && acceptedBy(fresh, userId)) {
          // Accepted by the same user in the meantime (a concurrent double submit).
          res.json(await service.acceptedOrganization(fresh, userId));
          return;
        }
        const freshStatus = fresh ? effectiveStatus(fresh, now()) : 'Revoked';
        if (freshStatus !== 'Pending') throw notPending(freshStatus);
        throw wrongUser(email);
      }
      throw error;
    }
    const organization = await api.getOrganization(accepted.organizationId);
    const roles = await api
      .getMemberRoles(accepted.organizationId, userId)
      .catch(() => accepted.organizationRoles);
    const body: OrganizationCreatedResponse = {
      organization: { ...toOrganization(organization), roles: roles.map(toRoleRef) },
    };
    res.json(body);
  });

  // --- organization level (organization token) --------------------------------------------

  router.get('/organizations/:orgId', orgToken, async function getOrganization(req, res) {
    parse(emptyQuery, req.query, 'query');
    const orgId = req.params.orgId as string;
    const { userId } = authOf(res);
    const [organization, access] = await Promise.all([
      service.organization(orgId),
      service.liveAccess(orgId, userId),
    ]);
    const body: OrganizationDetailResponse = {
      organization: toOrganization(organization),
      me: { id: userId, roles: access.roles.map(toRoleRef), permissions: [...access.permissions] },
    };
    res.json(body);
  });

  router.patch('/organizations/:orgId', orgToken, async function updateOrganization(req, res) {
    const orgId = req.params.orgId as string;
    const body = parse(updateOrganizationBody, req.body, 'body');
    await service.requireLive(orgId, authOf(res), PERMISSIONS.manageOrganization);
    const updated = await api.updateOrganization(orgId, body).catch((error: unknown) => {
      throw mapNotFound(error, organizationNotFound);
    });
    const response: OrganizationResponse = { organization: toOrganization(updated) };
    res.json(response);
  });

  router.delete('/organizations/:orgId', orgToken, async function deleteOrganization(req, res) {
    const orgId = req.params.orgId as string;
    await service.requireLive(orgId, authOf(res), PERMISSIONS.manageOrganization);
    await api.deleteOrganization(orgId).catch((error: unknown) => {
      throw mapNotFound(error, organizationNotFound);
    });
    res.status(204).end();
  });

  router.get('/organizations/:orgId/members', orgToken, async function listMembers(req, res) {
    requireTokenScope(authOf(res), PERMISSIONS.readMember);
    const orgId = req.params.orgId as string;
    const query = parse(membersQuery, req.query, 'query');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? LIMITS.pageSizeDefault;
    const result = await api
      .listOrganizationUsers(orgId, {
        ...(query.q ? { q: query.q } : {}),
        ...(query.roleId ? { organizationRoleId: query.roleId } : {}),
        page,
        pageSize,
      })
      .catch((error: unknown) => {
        throw mapNotFound(error, organizationNotFound);
      });
    const body: MembersPage = {
      items: result.items.map(toMember),
      total: result.total,
      page,
      pageSize,
    };
    res.json(body);
  });

  router.put(
    '/organizations/:orgId/members/:userId/roles',
    orgToken,
    async function setMemberRoles(req, res) {
      const orgId = req.params.orgId as string;
      const targetId = parseId('userId', req.params.userId);
      const { roleIds } = parse(memberRolesBody, req.body, 'body');
      const caller = await service.requireLive(orgId, authOf(res), PERMISSIONS.updateMemberRole);
      // Admin-affecting changes of one organization run one at a time, so the last-admin check
      // and the change it guards cannot interleave with another one (within this process).
      const wanted = await locks.run(orgId, async () => {
        const [template, target] = await Promise.all([
          service.roleTemplateWith(roleIds),
          service.memberRoles(orgId, targetId),
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
        const adminRole = service.adminRoleOf(target);
        if (adminRole && !roleIds.includes(adminRole.id)) {
          await service.assertNotLastAdmin(orgId, adminRole.id);
        }
        await api.replaceMemberRoles(orgId, targetId, roleIds).catch((error: unknown) => {
          throw service.mapRoleChangeError(error);
        });
        return roles;
      });
      const user = await api.getUser(targetId);
      const body: MemberRolesResponse = {
        member: toMember({
          ...user,
          organizationRoles: wanted.map((r) => ({ id: r.id, name: r.name })),
        }),
      };
      res.json(body);
    },
  );

  router.delete(
    '/organizations/:orgId/members/:userId',
    orgToken,
    async function removeMember(req, res) {
      const orgId = req.params.orgId as string;
      const targetId = parseId('userId', req.params.userId);
      const auth = authOf(res);
      const leaving = targetId === auth.userId;
      // Leaving needs no permission, only membership; removing someone else needs remove:member.
      if (leaving) await service.requireLive(orgId, auth, null);
      else await service.requireLive(orgId, auth, PERMISSIONS.removeMember);
      // Serialized per organization with role changes (see setMemberRoles).
      await locks.run(orgId, async () => {
        const target = await service.memberRoles(orgId, targetId);
        const adminRole = service.adminRoleOf(target);
        if (adminRole) await service.assertNotLastAdmin(orgId, adminRole.id);
        await api.removeOrganizationUser(orgId, targetId).catch((error: unknown) => {
          throw mapMemberError(error);
        });
      });
      res.status(204).end();
    },
  );

  router.get('/organizations/:orgId/roles', orgToken, async function listRoles(req, res) {
    requireTokenScope(authOf(res), PERMISSIONS.readMember);
    parse(emptyQuery, req.query, 'query');
    const template = await service.roleTemplate();
    const body: RolesResponse = { items: template.roles.map(toOrganizationRole) };
    res.json(body);
  });

  router.get(
    '/organizations/:orgId/invitations',
    orgToken,
    async function listInvitations(req, res) {
      requireTokenScope(authOf(res), PERMISSIONS.inviteMember);
      const orgId = req.params.orgId as string;
      const query = parse(invitationsQuery, req.query, 'query');
      const all = await api.listInvitations({ organizationId: orgId });
      const t = now();
      const items = all
        .filter((inv) => inv.organizationId === orgId)
        .map((inv) => service.toInvitation(inv, t))
        .filter((inv) => !query.status || inv.status === query.status)
        .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
      const body: InvitationsResponse = { items };
      res.json(body);
    },
  );

  router.post(
    '/organizations/:orgId/invitations',
    orgToken,
    inviteLimiter,
    async function invite(req, res) {
      const orgId = req.params.orgId as string;
      const body = parse(inviteBody, req.body, 'body');
      const auth = authOf(res);
      const caller = await service.requireLive(orgId, auth, PERMISSIONS.inviteMember);
      const template = await service.roleTemplateWith(body.roleIds);
      const roles = body.roleIds.map((id) => {
        const role = template.byId.get(id);
        if (!role) throw roleNotFound(id);
        return role;
      });
      assertNoEscalation(roles, caller.permissions);
      const days = body.expiresInDays ?? config.invitationDefaultDays;
      const expiresAt = now() + days * 86_400_000;
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
      // Pending invitations of these emails, looked up per email before anything is created (a
      // failed lookup fails the request and creates nothing).
      const unique = [...seen];
      const found = await mapLimit(unique, inviteConcurrency, (email) =>
        service.hasPendingInvitation(orgId, email),
      );
      const pending = new Set(unique.filter((_, i) => found[i]));
      const results = await mapLimit(plans, inviteConcurrency, async ({ email, settled }) => {
        if (settled) return settled;
        if (pending.has(email)) return failed(email, 'invitation.duplicate_pending', DUPLICATE);
        return service.inviteOne({
          organizationId: orgId,
          inviterId: auth.userId,
          email,
          roleIds: body.roleIds,
          expiresAt,
        });
      });
      const response: InviteResponse = { results };
      res.json(response);
    },
  );

  router.post(
    '/organizations/:orgId/invitations/:id/resend',
    orgToken,
    inviteLimiter,
    async function resendInvitation(req, res) {
      parse(emptyBody, isEmptyBody(req.body) ? undefined : req.body, 'body');
      const orgId = req.params.orgId as string;
      const id = parseInvitationId(req.params.id);
      const auth = authOf(res);
      const caller = await service.requireLive(orgId, auth, PERMISSIONS.inviteMember);
      const invitation = await service.invitationInOrg(orgId, id);
      const status = effectiveStatus(invitation, now());
      if (status === 'Pending') {
        const delivery = await service.deliver(invitation.id);
        const body: ResendResponse = {
          delivery,
          invitation: service.toInvitation(invitation, now()),
        };
        res.json(body);
        return;
      }
      if (status !== 'Expired') throw notPending(status);
      // Expired: revoke the old one (Logto may refuse, it is no longer pending) and re-create it.
      const template = await service.roleTemplateWith(
        invitation.organizationRoles.map((r) => r.id),
      );
      const roleIds = invitation.organizationRoles
        .map((r) => r.id)
        .filter((roleId) => template.byId.has(roleId));
      assertNoEscalation(
        roleIds.map((roleId) => template.byId.get(roleId)!),
        caller.permissions,
      );
      await api.setInvitationStatus(id, { status: 'Revoked' }).catch((error: unknown) => {
        if (error instanceof LogtoApiError && (error.status === 422 || error.status === 400))
          return;
        throw error;
      });
      const result = await service.inviteOne({
        organizationId: orgId,
        inviterId: auth.userId,
        email: invitation.invitee.toLowerCase(),
        roleIds,
        expiresAt: now() + config.invitationDefaultDays * 86_400_000,
      });
      if (result.status === 'failed') {
        throw new AppError(result.error.code, result.error.message, {
          status: statusOf(result.error.code),
          ...(result.error.data ? { data: result.error.data } : {}),
        });
      }
      const body: ResendResponse = { delivery: result.status, invitation: result.invitation };
      res.json(body);
    },
  );

  router.delete(
    '/organizations/:orgId/invitations/:id',
    orgToken,
    async function revokeInvitation(req, res) {
      const orgId = req.params.orgId as string;
      const id = parseInvitationId(req.params.id);
      await service.requireLive(orgId, authOf(res), PERMISSIONS.inviteMember);
      const invitation = await service.invitationInOrg(orgId, id);
      const status = effectiveStatus(invitation, now());
      if (status === 'Accepted') throw notPending(status);
      if (status === 'Pending') {
        await api.setInvitationStatus(id, { status: 'Revoked' }).catch((error: unknown) => {
          throw mapNotFound(error, invitationNotFound);
        });
      } else {
        // Already expired or revoked: remove it from the list.
        await api.deleteInvitation(id).catch((error: unknown) => {
          throw mapNotFound(error, invitationNotFound);
        });
      }
      res.status(204).end();
    },
  );

  router.use(createErrorHandler(logger));

  return { router, internals: { m2m, api, verify, logger, locks } };
}

// --- the rules, on top of the Management API ------------------------------------------------

interface RoleTemplate {
  roles: LogtoOrganizationRole[];
  byId: Map<string, LogtoOrganizationRole>;
  byName: Map<string, LogtoOrganizationRole>;
}

interface LiveAccess {
  roles: LogtoRoleRef[];
  permissions: Set<string>;
}

interface InviteOne {
  organizationId: string;
  inviterId: string;
  email: string;
  roleIds: string[];
  expiresAt: number;
}

const NOT_EMAIL = 'Not an email address.';
const DUPLICATE = 'A pending invitation exists.';

class OrgService {
  /** The role template, kept for `config.roleTemplateTtlMs` (roles change rarely). */
  readonly #roles: CachedValue<RoleTemplate>;

  constructor(
    private readonly config: Config,
    private readonly api: ManagementApi,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {
    this.#roles = cachedValue(() => this.loadRoleTemplate(), {
      ttlMs: config.roleTemplateTtlMs,
      now,
    });
  }

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

  async userOrganizations(userId: string) {
    try {
      return await this.api.listUserOrganizations(userId);
    } catch (error) {
      // A deleted user holding a still-valid token has no organizations.
      if (error instanceof LogtoApiError && error.status === 404) return [];
      throw error;
    }
  }

  async organization(orgId: string): Promise<LogtoOrganization> {
    try {
      return await this.api.getOrganization(orgId);
    } catch (error) {
      throw mapNotFound(error, organizationNotFound);
    }
  }

  /** The caller's live membership, roles and permissions in the organization. */
  async liveAccess(orgId: string, userId: string): Promise<LiveAccess> {
    const [orgs, scopes] = await Promise.all([
      this.userOrganizations(userId),
      this.api.getMemberScopes(orgId, userId).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
    ]);
    const membership = orgs.find((o) => o.id === orgId);
    const notMember = () =>
      new AppError('organization.not_member', 'You are not a member of this organization.', {
        status: 403,
      });
    if (!membership) {
      // Tell "no such organization" apart from "not a member" for a clear answer.
      await this.organization(orgId);
      throw notMember();
    }
    if ('error' in scopes) {
      const { error } = scopes;
      if (error instanceof LogtoApiError && (error.status === 404 || error.status === 422)) {
        throw notMember();
      }
      throw error;
    }
    return {
      roles: membership.organizationRoles ?? [],
      permissions: new Set(scopes.value.map((s) => s.name)),
    };
  }

  /** Live check for a mutation: member, and holds `permission` (null: membership only). */
  async requireLive(
    orgId: string,
    auth: AuthContext,
    permission: Permission | null,
  ): Promise<LiveAccess> {
    const access = await this.liveAccess(orgId, auth.userId);
    if (permission && !access.permissions.has(permission)) throw forbidden(permission);
    return access;
  }

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
        inv.invitee.toLowerCase() === email &&
        effectiveStatus(inv, t) === 'Pending',
    );
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

  /**
   * Create an organization: create, add the creator, assign the creator role. If a later step
   * fails, the organization is deleted so no orphan is left behind.
   */
  async createOrganization(
    userId: string,
    body: { name: string; description?: string | null | undefined },
  ): Promise<MyOrganization> {
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

  /** An invitation of this organization, or `invitation.not_found`. */
  async invitationInOrg(orgId: string, id: string): Promise<LogtoInvitation> {
    const invitation = await this.api.getInvitation(id).catch((error: unknown) => {
      throw mapNotFound(error, invitationNotFound);
    });
    if (invitation.organizationId !== orgId) throw invitationNotFound();
    return invitation;
  }

  /**
   * An invitation addressed to the signed-in user (primary email, case-insensitive), with that
   * user's own primary email. Anyone else gets `invitation.wrong_user` carrying their own email
   * (never the invitee's: the link may have been forwarded).
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
    if (!own || own.trim().toLowerCase() !== invitation.invitee.trim().toLowerCase()) {
      throw wrongUser(own ?? null);
    }
    return { invitation, email: own };
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

  /** Sends the invitation email through Logto; `link` when the tenant has no email connector. */
  async deliver(id: string): Promise<'sent' | 'link'> {
    try {
      await this.api.sendInvitationMessage(id, this.link(id));
      return 'sent';
    } catch (error) {
      if (error instanceof LogtoApiError && error.status === 501) return 'link';
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
      const created = await this.api.createInvitation({
        inviterId: input.inviterId,
        invitee: email,
        organizationId: input.organizationId,
        expiresAt: input.expiresAt,
        organizationRoleIds: input.roleIds,
      });
      const delivery = await this.deliver(created.id);
      return { email, status: delivery, invitation: this.toInvitation(created, this.now()) };
    } catch (error) {
      if (error instanceof LogtoApiError) {
        if (error.code === 'entity.unique_integrity_violation') {
          return failed(email, 'invitation.duplicate_pending', DUPLICATE);
        }
        if (error.status === 422 && error.code === 'request.invalid_input') {
          return failed(email, 'invitation.already_member', 'Already a member.');
        }
        if (error.status === 400 && error.code === 'guard.invalid_input') {
          return failed(email, 'invitation.invalid_email', NOT_EMAIL);
        }
        if (error.code === 'entity.relation_foreign_key_not_found') {
          this.forgetRoleTemplate();
          return failed(email, 'role.not_found', 'A role or the organization no longer exists.');
        }
      }
      const mapped = toExposedError(error);
      this.logger.warn('Invitation failed', { code: mapped.code, error });
      return failed(email, mapped.code, mapped.message);
    }
  }
}

// --- helpers ---------------------------------------------------------------------------------

function toOrganization(o: LogtoOrganization): Organization {
  return { id: o.id, name: o.name, description: o.description ?? null, createdAt: o.createdAt };
}

function toRoleRef(r: LogtoRoleRef): RoleRef {
  return { id: r.id, name: r.name };
}

function toOrganizationRole(r: LogtoOrganizationRole): OrganizationRole {
  return {
    id: r.id,
    name: r.name,
    description: r.description ?? null,
    permissions: (r.scopes ?? []).map((s) => s.name),
  };
}

function toMember(u: LogtoMember): Member {
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
function effectiveStatus(inv: LogtoInvitation, now: number): InvitationStatus {
  if (inv.status === 'Pending' && inv.expiresAt <= now) return 'Expired';
  return inv.status;
}

function assertNoEscalation(roles: LogtoOrganizationRole[], permissions: ReadonlySet<string>) {
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

function requireTokenScope(auth: AuthContext, permission: Permission) {
  if (!auth.scopes.has(permission)) throw forbidden(permission);
}

function forbidden(permission: string): AppError {
  return new AppError('auth.forbidden', `This needs the "${permission}" permission.`, {
    status: 403,
    data: { permission },
  });
}

function organizationNotFound(): AppError {
  return new AppError('organization.not_found', 'No such organization.', { status: 404 });
}

function memberNotFound(): AppError {
  return new AppError('member.not_found', 'No such member in this organization.', { status: 404 });
}

function invitationNotFound(): AppError {
  return new AppError('invitation.not_found', 'No such invitation.', { status: 404 });
}

function roleNotFound(roleId: string): AppError {
  return new AppError('role.not_found', 'No such organization role.', {
    status: 400,
    data: { roleId },
  });
}

/** `data.email`: the signed-in caller's own primary email (null if none), never the invitee's. */
function wrongUser(callerEmail: string | null): AppError {
  return new AppError(
    'invitation.wrong_user',
    'This invitation is for another email address. Sign in as the invitee.',
    { status: 403, data: { email: callerEmail } },
  );
}

/** Accepted, and by this user. */
function acceptedBy(invitation: LogtoInvitation, userId: string): boolean {
  return invitation.status === 'Accepted' && invitation.acceptedUserId === userId;
}

function notPending(status: InvitationStatus): AppError {
  return new AppError('invitation.not_pending', `The invitation is ${status.toLowerCase()}.`, {
    status: 409,
    data: { status },
  });
}

function parseInvitationId(value: unknown): string {
  return parseId('id', value);
}

function isEmptyBody(body: unknown): boolean {
  return (
    body === undefined ||
    (typeof body === 'object' && body !== null && Object.keys(body).length === 0)
  );
}

/** Logto 404 → the given not-found error; anything else passes through. */
function mapNotFound(error: unknown, notFound: () => AppError): unknown {
  if (error instanceof LogtoApiError && error.status === 404) return notFound();
  return error;
}

function mapMemberError(error: unknown): unknown {
  if (
    error instanceof LogtoApiError &&
    (error.status === 404 || error.code === 'organization.require_membership')
  ) {
    return memberNotFound();
  }
  if (error instanceof LogtoApiError && error.code === 'entity.relation_foreign_key_not_found') {
    return new AppError('role.not_found', 'No such organization role.', { status: 400 });
  }
  return error;
}

function failed(
  email: string,
  code: InvitationResultError['code'],
  message: string,
): InvitationResult {
  return { email, status: 'failed', error: { code, message } };
}

type InvitationResultError = Extract<InvitationResult, { status: 'failed' }>['error'];

function statusOf(code: string): number {
  return (ERROR_CODES as Record<string, number>)[code] ?? 500;
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

/** Per-user rate limit (key: the verified token's `sub`), answering 429 `rate_limited`. */
function userRateLimit(limit: number, windowMs: number): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (_req, res) => `user:${(res as Response).locals.auth?.userId ?? 'anonymous'}`,
    validate: false,
    handler(req, res, next) {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 60;
      res.setHeader('Retry-After', String(seconds));
      next(
        new AppError('rate_limited', 'Too many requests. Try again later.', {
          status: 429,
          data: { retryAfter: seconds },
        }),
      );
    },
  });
}
