/** `/api/resources`, `/api/roles` and `/api/applications`: what the seed and `setup` need. */
import { Router } from 'express';
import { z } from 'zod';

import { ApiError } from '../errors.js';
import type { ApiContext } from './common.js';
import {
  applicationJson,
  checkIds,
  matchesQuery,
  param,
  parse,
  queryString,
  readPage,
  resourceJson,
  resourceScopeJson,
  roleJson,
  sendCreated,
  sendPage,
} from './common.js';

const resourceBody = z.object({
  name: z.string().min(1).max(128),
  indicator: z.string().min(1).max(256),
  accessTokenTtl: z.number().int().positive().optional(),
});

const resourceScopeBody = z.object({
  name: z.string().min(1).max(256).regex(/^\S+$/),
  description: z.string().nullable().optional(),
});

const roleBody = z.object({
  name: z.string().min(1).max(128),
  description: z.string().min(1).max(128),
  type: z.enum(['User', 'MachineToMachine']).optional(),
  isDefault: z.boolean().optional(),
  scopeIds: z.array(z.string().min(1)).optional(),
});

const applicationBody = z.object({
  name: z.string().min(1).max(256),
  description: z.string().nullable().optional(),
  type: z.enum(['SPA', 'MachineToMachine', 'Traditional']),
  oidcClientMetadata: z
    .object({
      redirectUris: z.array(z.string()).optional(),
      postLogoutRedirectUris: z.array(z.string()).optional(),
    })
    .optional(),
  customClientMetadata: z.object({ corsAllowedOrigins: z.array(z.string()).optional() }).optional(),
});

export function resourcesRouter(context: ApiContext): Router {
  const { store, webhooks } = context;
  const router = Router();

  // ---------------------------------------------------------- resources

  router.get('/resources', (req, res) => {
    const page = readPage(req, true);
    const resources = [...store.resources.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    sendPage(req, res, context, resources, page, (r) => resourceJson(store, r));
  });

  router.post('/resources', (req, res) => {
    const body = parse(resourceBody, req.body);
    res.status(201).json(resourceJson(store, store.createResource(body)));
  });

  router.get('/resources/:id', (req, res) => {
    res.json(resourceJson(store, store.getResource(param(req, 'id'))));
  });

  router.delete('/resources/:id', (req, res) => {
    store.deleteResource(param(req, 'id'));
    res.status(204).end();
  });

  router.get('/resources/:id/scopes', (req, res) => {
    const id = param(req, 'id');
    store.getResource(id);
    const page = readPage(req, true);
    sendPage(req, res, context, store.resourceScopeList(id), page, resourceScopeJson);
  });

  router.post('/resources/:id/scopes', (req, res) => {
    const resourceId = param(req, 'id');
    const body = parse(resourceScopeBody, req.body);
    res.status(201).json(resourceScopeJson(store.createResourceScope({ resourceId, ...body })));
  });

  router.delete('/resources/:id/scopes/:scopeId', (req, res) => {
    store.deleteResourceScope(param(req, 'id'), param(req, 'scopeId'));
    res.status(204).end();
  });

  // -------------------------------------------------------------- roles

  const roleWithCounts = (role: Parameters<typeof roleJson>[0]) => {
    const userIds = store.roleUserIds(role.id);
    const appIds = store.roleApplicationIds(role.id);
    return {
      ...roleJson(role),
      usersCount: userIds.length,
      featuredUsers: userIds.slice(0, 3).map((userId) => {
        const user = store.users.get(userId);
        return { id: userId, avatar: user?.avatar ?? null, name: user?.name ?? null };
      }),
      applicationsCount: appIds.length,
      featuredApplications: appIds.slice(0, 3).map((appId) => {
        const app = store.apps.get(appId);
        return { id: appId, name: app?.name ?? '', type: app?.type ?? 'MachineToMachine' };
      }),
    };
  };

  router.get('/roles', (req, res) => {
    const page = readPage(req);
    const type = queryString(req, 'type');
    const search = queryString(req, 'search');
    const roles = store
      .listRoles()
      .filter(
        (role) => (type === undefined || role.type === type) && matchesQuery(search, role.name),
      );
    sendPage(req, res, context, roles, page, roleWithCounts);
  });

  router.post('/roles', (req, res) => {
    const body = parse(roleBody, req.body);
    checkIds(...(body.scopeIds ?? []));
    const data = roleJson(store.createRole(body));
    webhooks.append(req, res, 'Role.Created', { data });
    res.status(200).json(data);
  });

  router.get('/roles/:id', (req, res) => {
    res.json(roleWithCounts(store.getRole(param(req, 'id'))));
  });

  router.delete('/roles/:id', (req, res) => {
    store.deleteRole(param(req, 'id'));
    webhooks.append(req, res, 'Role.Deleted');
    res.status(204).end();
  });

  router.get('/roles/:id/scopes', (req, res) => {
    const id = param(req, 'id');
    store.getRole(id);
    const page = readPage(req, true);
    sendPage(req, res, context, store.roleScopeList(id), page, resourceScopeJson);
  });

  router.post('/roles/:id/scopes', (req, res) => {
    const id = param(req, 'id');
    const { scopeIds } = parse(z.object({ scopeIds: z.array(z.string().min(1)).min(1) }), req.body);
    checkIds(...scopeIds);
    store.addRoleScopes(id, scopeIds);
    const data = store.roleScopeList(id).map(resourceScopeJson);
    webhooks.append(req, res, 'Role.Scopes.Updated', { data });
    res.status(201).json(data);
  });

  router.post('/roles/:id/users', (req, res) => {
    const id = param(req, 'id');
    const { userIds } = parse(z.object({ userIds: z.array(z.string().min(1)).min(1) }), req.body);
    checkIds(...userIds);
    store.getRole(id);
    const existing = new Set(store.roleUserIds(id));
    for (const userId of userIds) {
      if (existing.has(userId)) {
        throw new ApiError(422, 'role.user_exists', 'The user already has this role.');
      }
    }
    for (const userId of userIds) store.assignUserRoles(userId, [id]);
    sendCreated(res);
  });

  router.get('/roles/:id/users', (req, res) => {
    const id = param(req, 'id');
    store.getRole(id);
    const page = readPage(req);
    const users = store
      .roleUserIds(id)
      .map((userId) => store.users.get(userId))
      .filter((user) => user !== undefined);
    sendPage(req, res, context, users, page, (user) => ({ id: user.id, username: user.username }));
  });

  router.post('/roles/:id/applications', (req, res) => {
    const id = param(req, 'id');
    const { applicationIds } = parse(
      z.object({ applicationIds: z.array(z.string().min(1)).min(1) }),
      req.body,
    );
    checkIds(...applicationIds);
    store.getRole(id);
    const existing = new Set(store.roleApplicationIds(id));
    for (const appId of applicationIds) {
      if (existing.has(appId)) {
        throw new ApiError(
          422,
          'role.application_exists',
          'The application already has this role.',
        );
      }
    }
    for (const appId of applicationIds) store.assignApplicationRoles(appId, [id]);
    sendCreated(res);
  });

  // ------------------------------------------------------- applications

  router.get('/applications', (req, res) => {
    const page = readPage(req);
    const apps = [...store.apps.values()].sort((a, b) => b.createdAt - a.createdAt);
    sendPage(req, res, context, apps, page, applicationJson);
  });

  router.post('/applications', (req, res) => {
    const body = parse(applicationBody, req.body);
    const app = store.createApplication({
      name: body.name,
      description: body.description ?? null,
      type: body.type,
      redirectUris: body.oidcClientMetadata?.redirectUris ?? [],
      postLogoutRedirectUris: body.oidcClientMetadata?.postLogoutRedirectUris ?? [],
      corsAllowedOrigins: body.customClientMetadata?.corsAllowedOrigins ?? [],
    });
    res.status(200).json(applicationJson(app));
  });

  router.get('/applications/:id', (req, res) => {
    const app = store.getApplication(param(req, 'id'));
    res.json({ ...applicationJson(app), isAdmin: false });
  });

  router.get('/applications/:id/secrets', (req, res) => {
    const app = store.getApplication(param(req, 'id'));
    res.json(
      app.secrets.map((secret) => ({
        tenantId: 'default',
        applicationId: app.id,
        name: secret.name,
        value: secret.value,
        createdAt: secret.createdAt,
        expiresAt: secret.expiresAt,
      })),
    );
  });

  router.post('/applications/:id/secrets', (req, res) => {
    const appId = param(req, 'id');
    const body = parse(
      z.object({ name: z.string().min(1).max(256), expiresAt: z.number().nullable().optional() }),
      req.body,
    );
    const secret = store.addApplicationSecret(appId, body.name, body.expiresAt ?? null);
    res.status(201).json({ tenantId: 'default', applicationId: appId, ...secret });
  });

  router.get('/applications/:id/roles', (req, res) => {
    const app = store.getApplication(param(req, 'id'));
    const page = readPage(req);
    const roles = [...(store.applicationRoles.get(app.id) ?? [])]
      .map((roleId) => store.roles.get(roleId))
      .filter((role) => role !== undefined);
    sendPage(req, res, context, roles, page, roleJson);
  });

  router.post('/applications/:id/roles', (req, res) => {
    const appId = param(req, 'id');
    const { roleIds } = parse(z.object({ roleIds: z.array(z.string().min(1)).min(1) }), req.body);
    checkIds(...roleIds);
    const added = store.assignApplicationRoles(appId, roleIds);
    res.status(201).json({ roleIds, addedRoleIds: added });
  });

  return router;
}
