/** `/organizations/:orgId/members`: list, change roles, remove (or leave). */
import type { Router } from 'express';
import type { MemberRolesResponse, MembersPage } from 'logto-org-widget-contract';
import { authOf } from '../auth.js';
import { PERMISSIONS } from '../permissions.js';
import { memberRolesBody, membersPage, membersQuery, parse, parseId } from '../validation.js';
import { requireTokenScope, type RouteContext } from './context.js';

export function registerMemberRoutes(
  router: Router,
  { service, orgToken, publish }: RouteContext,
): void {
  router.get('/organizations/:orgId/members', orgToken, async function listMembers(req, res) {
    requireTokenScope(authOf(res), PERMISSIONS.readMember);
    const query = membersPage(parse(membersQuery, req.query, 'query'));
    const body: MembersPage = await service.listMembers(req.params.orgId as string, query);
    res.json(body);
  });

  router.put(
    '/organizations/:orgId/members/:userId/roles',
    orgToken,
    async function setMemberRoles(req, res) {
      const orgId = req.params.orgId as string;
      const targetId = parseId('userId', req.params.userId);
      const { roleIds } = parse(memberRolesBody, req.body, 'body');
      const body: MemberRolesResponse = {
        member: await service.setMemberRoles(orgId, authOf(res), targetId, roleIds),
      };
      publish(orgId, { type: 'members', ids: [targetId] });
      res.json(body);
    },
  );

  router.delete(
    '/organizations/:orgId/members/:userId',
    orgToken,
    async function removeMember(req, res) {
      const orgId = req.params.orgId as string;
      const targetId = parseId('userId', req.params.userId);
      await service.removeMember(orgId, authOf(res), targetId);
      publish(orgId, { type: 'members', ids: [targetId] });
      res.status(204).end();
    },
  );
}
