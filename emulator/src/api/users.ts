/** `/api/users`: create, get, list (search, paging), a user's organizations and roles. */
import { Router } from 'express';
import { z } from 'zod';

import { ApiError } from '../errors.js';
import type { ApiContext } from './common.js';
import {
  fullUserJson,
  likeMatcher,
  organizationJson,
  param,
  parse,
  queryString,
  readPage,
  roleJson,
  roleRef,
  sendCreated,
  sendPage,
} from './common.js';

/** Logto's rules: a username starts with a letter or `_`, then word characters. */
export const USERNAME_REGEX = /^[A-Z_a-z]\w*$/;
export const EMAIL_REGEX = /^\S+@\S+\.\S+$/;
export const PHONE_REGEX = /^\d+$/;

const createUserBody = z.object({
  username: z.string().regex(USERNAME_REGEX).optional(),
  primaryEmail: z.string().regex(EMAIL_REGEX).optional(),
  primaryPhone: z.string().regex(PHONE_REGEX).optional(),
  name: z.string().optional(),
  avatar: z.string().nullable().optional(),
  password: z.string().min(1).optional(),
  customData: z.record(z.string(), z.unknown()).optional(),
  profile: z.record(z.string(), z.unknown()).optional(),
});

const patchUserBody = z.object({
  username: z.string().regex(USERNAME_REGEX).nullable().optional(),
  primaryEmail: z.string().regex(EMAIL_REGEX).nullable().optional(),
  name: z.string().nullable().optional(),
  avatar: z.string().nullable().optional(),
  customData: z.record(z.string(), z.unknown()).optional(),
  profile: z.record(z.string(), z.unknown()).optional(),
});

const roleIdsBody = z.object({ roleIds: z.array(z.string().min(1)).min(1) });

export function usersRouter(context: ApiContext): Router {
  const { store, webhooks } = context;
  const router = Router();

  router.post('/users', (req, res) => {
    const body = parse(createUserBody, req.body);
    const data = fullUserJson(store.createUser(body));
    webhooks.append(req, res, 'User.Created', { data });
    res.status(200).json(data);
  });

  router.get('/users', (req, res) => {
    const page = readPage(req);
    const search = queryString(req, 'search');
    let users = store.listUsers();
    if (search) {
      const match = likeMatcher(search);
      users = users.filter(
        (u) =>
          match(u.id) ||
          match(u.username) ||
          match(u.primaryEmail) ||
          match(u.primaryPhone) ||
          match(u.name),
      );
    }
    sendPage(req, res, context, users, page, fullUserJson);
  });

  router.get('/users/:userId', (req, res) => {
    res.json(fullUserJson(store.getUser(param(req, 'userId'))));
  });

  router.patch('/users/:userId', (req, res) => {
    const user = store.getUser(param(req, 'userId'));
    const body = parse(patchUserBody, req.body);
    if (body.username !== undefined && body.username !== user.username && body.username) {
      if (store.findUserByUsername(body.username)) {
        throw new ApiError(422, 'user.username_already_in_use', 'This username is already taken.');
      }
    }
    if (body.primaryEmail && body.primaryEmail.toLowerCase() !== user.primaryEmail?.toLowerCase()) {
      if (store.findUserByEmail(body.primaryEmail)) {
        throw new ApiError(422, 'user.email_already_in_use', 'This email is already used.');
      }
    }
    store.updateUser(user.id, body);
    const data = fullUserJson(store.getUser(user.id));
    webhooks.append(req, res, 'User.Data.Updated', { data });
    res.json(data);
  });

  router.delete('/users/:userId', (req, res) => {
    store.deleteUser(param(req, 'userId'));
    webhooks.append(req, res, 'User.Deleted');
    res.status(204).end();
  });

  router.get('/users/:userId/organizations', (req, res) => {
    const userId = param(req, 'userId');
    store.getUser(userId);
    const orgs = store
      .organizationIdsOf(userId)
      .map((orgId) => store.organizations.get(orgId))
      .filter((org) => org !== undefined);
    res.json(
      orgs.map((org) => ({
        ...organizationJson(org),
        organizationRoles: store.memberRolesByName(org.id, userId).map(roleRef),
      })),
    );
  });

  router.get('/users/:userId/roles', (req, res) => {
    const userId = param(req, 'userId');
    store.getUser(userId);
    const page = readPage(req);
    sendPage(req, res, context, store.userRoleList(userId), page, roleJson);
  });

  router.post('/users/:userId/roles', (req, res) => {
    const userId = param(req, 'userId');
    const { roleIds } = parse(roleIdsBody, req.body);
    store.assignUserRoles(userId, roleIds);
    sendCreated(res);
  });

  router.delete('/users/:userId/roles/:roleId', (req, res) => {
    store.removeUserRole(param(req, 'userId'), param(req, 'roleId'));
    res.status(204).end();
  });

  return router;
}
