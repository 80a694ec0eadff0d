/** `/api/organization-roles` and `/api/organization-scopes`: the organization template. */
import { Router } from 'express';
import { z } from 'zod';

import type { ApiContext } from './common.js';
import {
  checkIds,
  matchesQuery,
  organizationRoleJson,
  organizationScopeJson,
  param,
  parse,
  queryString,
  readPage,
  resourceScopeJson,
  sendCreated,
  sendPage,
} from './common.js';

const scopeBody = z.object({
  name: z.string().min(1).max(128),
  description: z.string().max(256).nullable().optional(),
});

const roleBody = z.object({
  name: z.string().min(1).max(128),
  description: z.string().max(256).nullable().optional(),
  type: z.enum(['User', 'MachineToMachine']).optional(),
  organizationScopeIds: z.array(z.string().min(1)).optional(),
  resourceScopeIds: z.array(z.string().min(1)).optional(),
});

const scopeIdsBody = z.object({ organizationScopeIds: z.array(z.string().min(1)) });
const resourceScopeIdsBody = z.object({ scopeIds: z.array(z.string().min(1)) });

export function organizationTemplateRouter(context: ApiContext): Router {
  const { store, webhooks } = context;
  const router = Router();

  // ------------------------------------------------------------- scopes

  router.get('/organization-scopes', (req, res) => {
    const page = readPage(req, true);
    const q = queryString(req, 'q');
    const scopes = store
      .listOrganizationScopes()
      .filter((scope) => matchesQuery(q, scope.id, scope.name, scope.description));
    sendPage(req, res, context, scopes, page, organizationScopeJson);
  });

  router.post('/organization-scopes', (req, res) => {
    const body = parse(scopeBody, req.body);
    const data = organizationScopeJson(store.createOrganizationScope(body));
    webhooks.append(req, res, 'OrganizationScope.Created', { data });
    res.status(201).json(data);
  });

  router.get('/organization-scopes/:id', (req, res) => {
    res.json(organizationScopeJson(store.getOrganizationScope(param(req, 'id'))));
  });

  router.patch('/organization-scopes/:id', (req, res) => {
    const id = param(req, 'id');
    const body = parse(scopeBody.partial(), req.body);
    const data = organizationScopeJson(store.updateOrganizationScope(id, body));
    webhooks.append(req, res, 'OrganizationScope.Data.Updated', { data });
    res.json(data);
  });

  router.delete('/organization-scopes/:id', (req, res) => {
    store.deleteOrganizationScope(param(req, 'id'));
    webhooks.append(req, res, 'OrganizationScope.Deleted');
    res.status(204).end();
  });

  // -------------------------------------------------------------- roles

  const roleWithScopes = (role: Parameters<typeof organizationRoleJson>[0]) => ({
    ...organizationRoleJson(role),
    scopes: store.organizationRoleScopeList(role.id).map((s) => ({ id: s.id, name: s.name })),
    resourceScopes: store.organizationRoleResourceScopeList(role.id).map((s) => {
      const resource = store.resources.get(s.resourceId);
      return {
        id: s.id,
        name: s.name,
        resource: { id: s.resourceId, name: resource?.name ?? '' },
      };
    }),
  });

  router.get('/organization-roles', (req, res) => {
    const page = readPage(req);
    const q = queryString(req, 'q');
    const roles = store
      .listOrganizationRoles()
      .filter((role) => matchesQuery(q, role.id, role.name, role.description));
    sendPage(req, res, context, roles, page, roleWithScopes);
  });

  router.post('/organization-roles', (req, res) => {
    const body = parse(roleBody, req.body);
    checkIds(...(body.organizationScopeIds ?? []), ...(body.resourceScopeIds ?? []));
    const data = organizationRoleJson(store.createOrganizationRole(body));
    webhooks.append(req, res, 'OrganizationRole.Created', { data });
    res.status(201).json(data);
  });

  router.get('/organization-roles/:id', (req, res) => {
    res.json(organizationRoleJson(store.getOrganizationRole(param(req, 'id'))));
  });

  router.patch('/organization-roles/:id', (req, res) => {
    const id = param(req, 'id');
    const body = parse(roleBody.pick({ name: true, description: true }).partial(), req.body);
    const data = organizationRoleJson(store.updateOrganizationRole(id, body));
    webhooks.append(req, res, 'OrganizationRole.Data.Updated', { data });
    res.json(data);
  });

  router.delete('/organization-roles/:id', (req, res) => {
    store.deleteOrganizationRole(param(req, 'id'));
    webhooks.append(req, res, 'OrganizationRole.Deleted');
    res.status(204).end();
  });

  router.get('/organization-roles/:id/scopes', (req, res) => {
    const id = param(req, 'id');
    store.getOrganizationRole(id);
    const page = readPage(req, true);
    sendPage(req, res, context, store.organizationRoleScopeList(id), page, organizationScopeJson);
  });

  router.post('/organization-roles/:id/scopes', (req, res) => {
    const id = param(req, 'id');
    const { organizationScopeIds } = parse(scopeIdsBody, req.body);
    checkIds(...organizationScopeIds);
    store.addOrganizationRoleScopes(id, organizationScopeIds);
    webhooks.append(req, res, 'OrganizationRole.Scopes.Updated');
    sendCreated(res);
  });

  router.put('/organization-roles/:id/scopes', (req, res) => {
    const id = param(req, 'id');
    const { organizationScopeIds } = parse(scopeIdsBody, req.body);
    checkIds(...organizationScopeIds);
    store.addOrganizationRoleScopes(id, organizationScopeIds, true);
    webhooks.append(req, res, 'OrganizationRole.Scopes.Updated');
    res.status(204).end();
  });

  router.delete('/organization-roles/:id/scopes/:organizationScopeId', (req, res) => {
    store.removeOrganizationRoleScope(param(req, 'id'), param(req, 'organizationScopeId'));
    webhooks.append(req, res, 'OrganizationRole.Scopes.Updated');
    res.status(204).end();
  });

  router.get('/organization-roles/:id/resource-scopes', (req, res) => {
    const id = param(req, 'id');
    store.getOrganizationRole(id);
    const page = readPage(req, true);
    const scopes = store.organizationRoleResourceScopeList(id);
    sendPage(req, res, context, scopes, page, resourceScopeJson);
  });

  router.post('/organization-roles/:id/resource-scopes', (req, res) => {
    const id = param(req, 'id');
    const { scopeIds } = parse(resourceScopeIdsBody, req.body);
    checkIds(...scopeIds);
    store.addOrganizationRoleResourceScopes(id, scopeIds);
    sendCreated(res);
  });

  router.put('/organization-roles/:id/resource-scopes', (req, res) => {
    const id = param(req, 'id');
    const { scopeIds } = parse(resourceScopeIdsBody, req.body);
    checkIds(...scopeIds);
    store.addOrganizationRoleResourceScopes(id, scopeIds, true);
    res.status(204).end();
  });

  router.delete('/organization-roles/:id/resource-scopes/:scopeId', (req, res) => {
    store.removeOrganizationRoleResourceScope(param(req, 'id'), param(req, 'scopeId'));
    res.status(204).end();
  });

  return router;
}
