/**
 * Invitations: the invitee's side (`/invitations/:id`, resource token) and the organization's
 * side (`/organizations/:orgId/invitations`, organization token).
 */
import type { Router } from 'express';
import type {
  InvitationsResponse,
  InvitationView,
  InviteResponse,
  OrganizationCreatedResponse,
  ResendResponse,
} from 'logto-org-widget-contract';
import { authOf } from '../auth.js';
import { PERMISSIONS } from '../permissions.js';
import {
  emptyBody,
  emptyQuery,
  invitationsQuery,
  inviteBody,
  parse,
  parseId,
} from '../validation.js';
import { requireTokenScope, type RouteContext } from './context.js';

export function registerInvitationRoutes(router: Router, ctx: RouteContext): void {
  const { service, resourceToken, orgToken, inviteLimiter, publish } = ctx;

  router.get('/invitations/:id', resourceToken, async function viewInvitation(req, res) {
    parse(emptyQuery, req.query, 'query');
    const id = parseId('id', req.params.id);
    const body: InvitationView = await service.viewInvitation(id, authOf(res).userId);
    res.json(body);
  });

  router.post('/invitations/:id/accept', resourceToken, async function acceptInvitation(req, res) {
    parseEmptyBody(req.body);
    const id = parseId('id', req.params.id);
    const { userId } = authOf(res);
    const body: OrganizationCreatedResponse = await service.acceptInvitation(id, userId);
    const orgId = body.organization.id;
    publish(orgId, { type: 'members', ids: [userId] });
    publish(orgId, { type: 'invitations', ids: [id] });
    res.json(body);
  });

  router.post(
    '/invitations/:id/decline',
    resourceToken,
    async function declineInvitation(req, res) {
      parseEmptyBody(req.body);
      const id = parseId('id', req.params.id);
      await service.declineInvitation(id, authOf(res).userId);
      res.status(204).end();
    },
  );

  router.get(
    '/organizations/:orgId/invitations',
    orgToken,
    async function listInvitations(req, res) {
      requireTokenScope(authOf(res), PERMISSIONS.inviteMember);
      const query = parse(invitationsQuery, req.query, 'query');
      const body: InvitationsResponse = {
        items: await service.listInvitations(req.params.orgId as string, query.status),
      };
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
      const response: InviteResponse = {
        results: await service.invite(orgId, authOf(res), body),
      };
      const ids = response.results.flatMap((r) => (r.status === 'failed' ? [] : [r.invitation.id]));
      if (ids.length) publish(orgId, { type: 'invitations', ids });
      res.json(response);
    },
  );

  router.post(
    '/organizations/:orgId/invitations/:id/resend',
    orgToken,
    inviteLimiter,
    async function resendInvitation(req, res) {
      parseEmptyBody(req.body);
      const orgId = req.params.orgId as string;
      const id = parseId('id', req.params.id);
      const body: ResendResponse = await service.resendInvitation(orgId, authOf(res), id);
      publish(orgId, { type: 'invitations', ids: [...new Set([id, body.invitation.id])] });
      res.json(body);
    },
  );

  router.delete(
    '/organizations/:orgId/invitations/:id',
    orgToken,
    async function revokeInvitation(req, res) {
      const orgId = req.params.orgId as string;
      const id = parseId('id', req.params.id);
      await service.revokeInvitation(orgId, authOf(res), id);
      publish(orgId, { type: 'invitations', ids: [id] });
      res.status(204).end();
    },
  );
}

/** No body, or `{}`. */
function parseEmptyBody(body: unknown): void {
  const empty =
    body === undefined ||
    (typeof body === 'object' && body !== null && Object.keys(body).length === 0);
  parse(emptyBody, empty ? undefined : body, 'body');
}
