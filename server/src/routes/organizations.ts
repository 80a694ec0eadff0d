/** `/organizations` and `/organizations/:orgId`: the organization, its just-in-time domains, its role template. */
import type { Router } from 'express';
import type {
  OrganizationDomains,
  OrganizationCreatedResponse,
  OrganizationDetailResponse,
  OrganizationResponse,
  RolesResponse,
} from 'logto-org-widget-contract';
import { authOf } from '../auth.js';
import { forbidden } from '../org-errors.js';
import { PERMISSIONS } from '../permissions.js';
import {
  createOrganizationBody,
  domainsBody,
  emptyQuery,
  membersPage,
  organizationQuery,
  parse,
  updateOrganizationBody,
} from '../validation.js';
import { requireTokenScope, type RouteContext } from './context.js';

export function registerOrganizationRoutes(router: Router, ctx: RouteContext): void {
  const { config, service, resourceToken, orgToken, createLimiter, publish } = ctx;

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
      const response: OrganizationCreatedResponse = {
        organization: await service.createOrganization(auth.userId, body),
      };
      res.status(201).json(response);
    },
  );

  router.get('/organizations/:orgId', orgToken, async function getOrganization(req, res) {
    const orgId = req.params.orgId as string;
    const auth = authOf(res);
    const { include = [], ...query } = parse(organizationQuery, req.query, 'query');
    // What a first screen needs in one answer (left out when I may not read members).
    const body: OrganizationDetailResponse = await service.organizationDetail(orgId, auth.userId, {
      roles: include.includes('roles'),
      members: include.includes('members') ? membersPage(query) : undefined,
    });
    res.json(body);
  });

  router.patch('/organizations/:orgId', orgToken, async function updateOrganization(req, res) {
    const orgId = req.params.orgId as string;
    const body = parse(updateOrganizationBody, req.body, 'body');
    const response: OrganizationResponse = {
      organization: await service.updateOrganization(orgId, authOf(res), body),
    };
    publish(orgId, { type: 'organization', ids: [orgId] });
    res.json(response);
  });

  router.delete('/organizations/:orgId', orgToken, async function deleteOrganization(req, res) {
    const orgId = req.params.orgId as string;
    await service.deleteOrganization(orgId, authOf(res));
    publish(orgId, { type: 'organization', ids: [orgId] });
    res.status(204).end();
  });

  router.get('/organizations/:orgId/domains', orgToken, async function getDomains(req, res) {
    requireTokenScope(authOf(res), PERMISSIONS.manageOrganization);
    parse(emptyQuery, req.query, 'query');
    const body: OrganizationDomains = await service.organizationDomains(
      req.params.orgId as string,
      authOf(res).userId,
    );
    res.json(body);
  });

  router.put('/organizations/:orgId/domains', orgToken, async function putDomains(req, res) {
    const body = parse(domainsBody, req.body, 'body');
    const answer: OrganizationDomains = await service.updateOrganizationDomains(
      req.params.orgId as string,
      authOf(res),
      body,
    );
    res.json(answer);
  });

  router.get('/organizations/:orgId/roles', orgToken, async function listRoles(req, res) {
    // The role template: for reading members, and for inviting (the roles one may grant).
    const auth = authOf(res);
    if (!auth.scopes.has(PERMISSIONS.inviteMember)) requireTokenScope(auth, PERMISSIONS.readMember);
    parse(emptyQuery, req.query, 'query');
    const body: RolesResponse = { items: await service.roles() };
    res.json(body);
  });
}
