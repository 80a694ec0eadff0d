/** `/me/*`: what the signed-in user sees across organizations (resource token). */
import type { Router } from 'express';
import type { MyInvitationsResponse, MyOrganizationsResponse } from 'logto-org-widget-contract';
import { authOf } from '../auth.js';
import { emptyQuery, parse } from '../validation.js';
import type { RouteContext } from './context.js';

export function registerMeRoutes(
  router: Router,
  { service, resourceToken, myInvitationsLimiter }: RouteContext,
): void {
  router.get('/me/organizations', resourceToken, async function listMyOrganizations(req, res) {
    parse(emptyQuery, req.query, 'query');
    const body: MyOrganizationsResponse = {
      items: await service.myOrganizations(authOf(res).userId),
    };
    res.json(body);
  });

  // Rate limited per user: each answer costs Logto calls that others' invitations decide.
  router.get(
    '/me/invitations',
    resourceToken,
    myInvitationsLimiter,
    async function listMyInvitations(req, res) {
      parse(emptyQuery, req.query, 'query');
      const body: MyInvitationsResponse = {
        invitations: await service.myInvitations(authOf(res).userId),
      };
      res.json(body);
    },
  );
}
