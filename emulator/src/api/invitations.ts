/** `/api/organization-invitations`: create (optionally mailing), list, get, status, resend, delete. */
import { Router } from 'express';
import { z } from 'zod';

import { ApiError } from '../errors.js';
import { MAX_ID_LENGTH } from '../ids.js';
import type { ApiContext } from './common.js';
import { checkIds, invitationJson, param, parse, queryString } from './common.js';

const id = z.string().min(1).max(MAX_ID_LENGTH);
const messagePayload = z.record(z.string(), z.unknown());

const createInvitationBody = z.object({
  inviterId: id.nullable().optional(),
  invitee: z.email(),
  organizationId: id,
  expiresAt: z.number(),
  organizationRoleIds: z.array(id).optional(),
  messagePayload: z.union([messagePayload, z.literal(false)]).optional(),
});

const statusBody = z.object({
  status: z.enum(['Accepted', 'Revoked']),
  acceptedUserId: id.nullable().optional(),
});

export const connectorNotFound = (): ApiError =>
  new ApiError(501, 'connector.not_found', 'No email connector is configured.');

export function invitationsRouter(context: ApiContext): Router {
  const { store, webhooks } = context;
  const router = Router();

  router.post('/organization-invitations', (req, res) => {
    const body = parse(createInvitationBody, req.body);
    const invitation = store.createInvitation({
      inviterId: body.inviterId ?? null,
      invitee: body.invitee,
      organizationId: body.organizationId,
      expiresAt: body.expiresAt,
      organizationRoleIds: body.organizationRoleIds ?? [],
    });
    if (body.messagePayload) {
      if (!context.emailEnabled()) {
        // Logto sends inside the creating transaction: without a connector nothing is saved.
        store.deleteInvitation(invitation.id);
        throw connectorNotFound();
      }
      context.sendInvitationMail(invitation, body.messagePayload);
    }
    res.status(201).json(invitationJson(store, invitation));
  });

  router.get('/organization-invitations', (req, res) => {
    const organizationId = queryString(req, 'organizationId');
    const inviterId = queryString(req, 'inviterId');
    const invitee = queryString(req, 'invitee');
    checkIds(organizationId, inviterId);
    const list = store.listInvitations({ organizationId, inviterId, invitee });
    res.json(list.map((invitation) => invitationJson(store, invitation)));
  });

  router.get('/organization-invitations/:id', (req, res) => {
    res.json(invitationJson(store, store.getInvitation(param(req, 'id'))));
  });

  router.put('/organization-invitations/:id/status', (req, res) => {
    const invitationId = param(req, 'id');
    const body = parse(statusBody, req.body);
    store.getInvitation(invitationId);
    const invitation = store.setInvitationStatus(
      invitationId,
      body.status,
      body.acceptedUserId ?? undefined,
    );
    if (body.status === 'Accepted' && invitation.acceptedUserId) {
      webhooks.append(req, res, 'Organization.Membership.Updated', {
        organizationId: invitation.organizationId,
        addedUserIds: [invitation.acceptedUserId],
      });
    }
    res.json(invitationJson(store, invitation));
  });

  router.post('/organization-invitations/:id/message', (req, res) => {
    const invitation = store.getInvitation(param(req, 'id'));
    const payload = parse(messagePayload, req.body);
    if (!context.emailEnabled()) throw connectorNotFound();
    context.sendInvitationMail(invitation, payload);
    res.status(204).end();
  });

  router.delete('/organization-invitations/:id', (req, res) => {
    store.deleteInvitation(param(req, 'id'));
    res.status(204).end();
  });

  return router;
}
