/** `/organizations` and `/organizations/:orgId` (and its role template). */
import type { Router } from 'express';
import type {
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
  emptyQuery,
  parse,
  updateOrganizationBody,
} from '../validation.js';
import { requireTokenScope, type RouteContext } from './context.js';

export function registerOrganizationRoutes(router: Router, ctx: RouteContext): void {
  const { config, service, resourceToken, orgToken, createLimiter } = ctx;

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
    parse(emptyQuery, req.query, 'query');
    const body: OrganizationDetailResponse = await service.organizationDetail(
      req.params.orgId as string,
      authOf(res).userId,
    );
    res.json(body);
  });

  router.patch('/organizations/:orgId', orgToken, async function updateOrganization(req, res) {
    const body = parse(updateOrganizationBody, req.body, 'body');
    const response: OrganizationResponse = {
      organization: await service.updateOrganization(req.params.orgId as string, authOf(res), body),
    };
    res.json(response);
  });

  router.delete('/organizations/:orgId', orgToken, async function deleteOrganization(req, res) {
    await service.deleteOrganization(req.params.orgId as string, authOf(res));
    res.status(204).end();
  });

  router.get('/organizations/:orgId/roles', orgToken, async function listRoles(req, res) {
    requireTokenScope(authOf(res), PERMISSIONS.readMember);
    parse(emptyQuery, req.query, 'query');
    const body: RolesResponse = { items: await service.roles() };
    res.json(body);
  });
}
