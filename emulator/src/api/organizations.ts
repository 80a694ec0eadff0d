/**
 * `/api/organizations`: CRUD, members (list with roles, add, replace, remove), a member's roles
 * and scopes, and the bulk role assignment.
 */
import { Router } from 'express';
import { z } from 'zod';

import type { ApiContext } from './common.js';
import {
  checkIds,
  matchesQuery,
  organizationJson,
  organizationRoleJson,
  organizationScopeJson,
  param,
  parse,
  queryString,
  readPage,
  roleRef,
  sendCreated,
  sendPage,
  userJson,
} from './common.js';

const jsonObject = z.record(z.string(), z.unknown());

const hexColor = z.string().regex(/^#[\da-f]{3}([\da-f]{3})?$/i);

/** Logto's organization `color`: every key optional, unknown keys dropped. */
const colorBody = z
  .object({ primaryColor: hexColor, isDarkModeEnabled: z.boolean(), darkPrimaryColor: hexColor })
  .partial();

/** Logto's organization `branding`: URLs only, every key optional, unknown keys dropped. */
const brandingBody = z
  .object({
    logoUrl: z.string().url(),
    darkLogoUrl: z.string().url(),
    favicon: z.string().url(),
    darkFavicon: z.string().url(),
  })
  .partial();

const createOrganizationBody = z.object({
  name: z.string().min(1).max(128),
  description: z.string().max(256).nullable().optional(),
  customData: jsonObject.optional(),
  isMfaRequired: z.boolean().optional(),
  color: colorBody.optional(),
  branding: brandingBody.optional(),
  customCss: z.string().nullable().optional(),
});

const patchOrganizationBody = createOrganizationBody.partial();

const userIdsBody = z.object({ userIds: z.array(z.string().min(1)).min(1) });

const roleIdsOrNamesBody = z.object({
  organizationRoleIds: z.array(z.string().min(1)).optional(),
  organizationRoleNames: z.array(z.string().min(1)).optional(),
});

const bulkRolesBody = z.object({
  userIds: z.array(z.string().min(1)).min(1),
  organizationRoleIds: z.array(z.string().min(1)).min(1),
});

/** The membership delta of a hook payload; empty lists are left out. */
function membershipDelta(added: string[], removed: string[] = []): Record<string, string[]> {
  return {
    ...(added.length > 0 && { addedUserIds: added }),
    ...(removed.length > 0 && { removedUserIds: removed }),
  };
}

export function organizationsRouter(context: ApiContext): Router {
  const { store, webhooks } = context;
  const router = Router();

  router.post('/organizations', (req, res) => {
    const body = parse(createOrganizationBody, req.body);
    const data = organizationJson(store.createOrganization(body));
    webhooks.append(req, res, 'Organization.Created', { data });
    res.status(201).json(data);
  });

  router.get('/organizations', (req, res) => {
    const page = readPage(req);
    const q = queryString(req, 'q');
    const orgs = store
      .listOrganizations()
      .filter((org) => matchesQuery(q, org.id, org.name, org.description));
    sendPage(req, res, context, orgs, page, organizationJson);
  });

  router.get('/organizations/:id', (req, res) => {
    res.json(organizationJson(store.getOrganization(param(req, 'id'))));
  });

  router.patch('/organizations/:id', (req, res) => {
    const id = param(req, 'id');
    const body = parse(patchOrganizationBody, req.body);
    const data = organizationJson(store.updateOrganization(id, body));
    webhooks.append(req, res, 'Organization.Data.Updated', { data });
    res.json(data);
  });

  router.delete('/organizations/:id', (req, res) => {
    store.deleteOrganization(param(req, 'id'));
    webhooks.append(req, res, 'Organization.Deleted');
    res.status(204).end();
  });

  // ------------------------------------------------------------- members

  router.get('/organizations/:id/users', (req, res) => {
    const orgId = param(req, 'id');
    const page = readPage(req);
    const q = queryString(req, 'q');
    const roleId = queryString(req, 'organizationRoleId');
    checkIds(roleId);
    // Like Logto, an unknown organization is not an error here: it simply has no members.
    let members = store.listMembers(orgId);
    if (q || roleId) {
      const needle = q?.toLowerCase();
      members = members.filter(
        (user) =>
          (!needle || store.userSearchText(user).includes(needle)) &&
          (!roleId || store.memberRoleIds(orgId, user.id).has(roleId)),
      );
    }
    sendPage(req, res, context, members, page, (user) => ({
      ...userJson(user),
      organizationRoles: store.memberRolesByName(orgId, user.id).map(roleRef),
    }));
  });

  router.post('/organizations/:id/users', (req, res) => {
    const orgId = param(req, 'id');
    const { userIds } = parse(userIdsBody, req.body);
    checkIds(...userIds);
    const added = [...new Set(userIds)].filter((userId) => !store.isMember(orgId, userId));
    store.addMembers(orgId, userIds);
    webhooks.append(req, res, 'Organization.Membership.Updated', {
      organizationId: orgId,
      ...membershipDelta(added),
    });
    res.status(201).json({ userIds });
  });

  router.put('/organizations/:id/users', (req, res) => {
    const orgId = param(req, 'id');
    const { userIds } = parse(z.object({ userIds: z.array(z.string().min(1)) }), req.body);
    checkIds(...userIds);
    const before = store.listMembers(orgId).map((user) => user.id);
    store.replaceMembers(orgId, userIds);
    const wanted = new Set(userIds);
    webhooks.append(req, res, 'Organization.Membership.Updated', {
      organizationId: orgId,
      ...membershipDelta(
        [...wanted].filter((userId) => !before.includes(userId)),
        before.filter((userId) => !wanted.has(userId)),
      ),
    });
    res.status(204).end();
  });

  router.post('/organizations/:id/users/roles', (req, res) => {
    const orgId = param(req, 'id');
    const { userIds, organizationRoleIds } = parse(bulkRolesBody, req.body);
    checkIds(...userIds, ...organizationRoleIds);
    store.addRolesToMembers(orgId, userIds, organizationRoleIds);
    sendCreated(res);
  });

  router.delete('/organizations/:id/users/:userId', (req, res) => {
    const orgId = param(req, 'id');
    const userId = param(req, 'userId');
    store.removeMember(orgId, userId);
    webhooks.append(req, res, 'Organization.Membership.Updated', {
      organizationId: orgId,
      ...membershipDelta([], [userId]),
    });
    res.status(204).end();
  });

  // ------------------------------------------------------- member roles

  const resolveRoleIds = (body: z.output<typeof roleIdsOrNamesBody>): string[] => {
    const ids = body.organizationRoleIds ?? [];
    checkIds(...ids);
    const named = body.organizationRoleNames?.length
      ? store.resolveOrganizationRoleNames(body.organizationRoleNames)
      : [];
    return [...new Set([...ids, ...named])];
  };

  router.get('/organizations/:id/users/:userId/roles', (req, res) => {
    const orgId = param(req, 'id');
    const userId = param(req, 'userId');
    const page = readPage(req, true);
    sendPage(req, res, context, store.memberRoles(orgId, userId), page, organizationRoleJson);
  });

  router.post('/organizations/:id/users/:userId/roles', (req, res) => {
    const orgId = param(req, 'id');
    const userId = param(req, 'userId');
    const body = parse(roleIdsOrNamesBody, req.body);
    store.memberRoleIds(orgId, userId);
    const roleIds = resolveRoleIds(body);
    store.addMemberRoles(orgId, userId, roleIds);
    res.status(201).json({ organizationRoleIds: roleIds });
  });

  router.put('/organizations/:id/users/:userId/roles', (req, res) => {
    const orgId = param(req, 'id');
    const userId = param(req, 'userId');
    const body = parse(roleIdsOrNamesBody, req.body);
    store.memberRoleIds(orgId, userId);
    store.replaceMemberRoles(orgId, userId, resolveRoleIds(body));
    res.status(204).end();
  });

  router.delete('/organizations/:id/users/:userId/roles/:roleId', (req, res) => {
    store.removeMemberRole(param(req, 'id'), param(req, 'userId'), param(req, 'roleId'));
    res.status(204).end();
  });

  router.get('/organizations/:id/users/:userId/scopes', (req, res) => {
    const orgId = param(req, 'id');
    const userId = param(req, 'userId');
    res.json(store.memberScopes(orgId, userId).map(organizationScopeJson));
  });

  return router;
}
