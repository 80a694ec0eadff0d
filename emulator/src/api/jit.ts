/**
 * `/api/organizations/:id/jit/*`: just-in-time provisioning of an organization (recordings
 * 500–515). Email domains whose newly registered users join the organization, the roles they get,
 * and the enterprise SSO connectors (the emulator has none, so that list is always empty).
 */
import { Router } from 'express';
import { z } from 'zod';

import { foreignKeyNotFound, notFound } from '../errors.js';
import type { ApiContext } from './common.js';
import {
  checkIds,
  organizationRoleJson,
  param,
  parse,
  readPage,
  sendCreated,
  sendPage,
} from './common.js';
import { TENANT_ID } from '../store.js';

const emailDomainBody = z.object({ emailDomain: z.string().min(1) });
const emailDomainsBody = z.object({ emailDomains: z.array(z.string()) });
const addRolesBody = z.object({ organizationRoleIds: z.array(z.string().min(1)).min(1) });
const replaceRolesBody = z.object({ organizationRoleIds: z.array(z.string().min(1)) });
const addConnectorsBody = z.object({ ssoConnectorIds: z.array(z.string().min(1)).min(1) });

export function jitRouter(context: ApiContext): Router {
  const { store } = context;
  const router = Router();
  const domainJson = (organizationId: string) => (emailDomain: string) => ({
    tenantId: TENANT_ID,
    organizationId,
    emailDomain,
  });

  // ------------------------------------------------------------ email domains

  router.get('/organizations/:id/jit/email-domains', (req, res) => {
    const orgId = param(req, 'id');
    const page = readPage(req, true);
    sendPage(req, res, context, store.listJitEmailDomains(orgId), page, domainJson(orgId));
  });

  router.post('/organizations/:id/jit/email-domains', (req, res) => {
    const orgId = param(req, 'id');
    const { emailDomain } = parse(emailDomainBody, req.body);
    store.addJitEmailDomain(orgId, emailDomain);
    res.status(201).json(domainJson(orgId)(emailDomain));
  });

  router.put('/organizations/:id/jit/email-domains', (req, res) => {
    const orgId = param(req, 'id');
    const { emailDomains } = parse(emailDomainsBody, req.body);
    store.replaceJitEmailDomains(orgId, emailDomains);
    res.status(204).end();
  });

  router.delete('/organizations/:id/jit/email-domains/:emailDomain', (req, res) => {
    const orgId = param(req, 'id');
    store.deleteJitEmailDomain(orgId, String(req.params.emailDomain));
    res.status(204).end();
  });

  // ------------------------------------------------------------------- roles

  router.get('/organizations/:id/jit/roles', (req, res) => {
    const orgId = param(req, 'id');
    const page = readPage(req, true);
    sendPage(req, res, context, store.listJitRoles(orgId), page, organizationRoleJson);
  });

  router.post('/organizations/:id/jit/roles', (req, res) => {
    const orgId = param(req, 'id');
    const { organizationRoleIds } = parse(addRolesBody, req.body);
    checkIds(...organizationRoleIds);
    store.addJitRoles(orgId, organizationRoleIds);
    sendCreated(res);
  });

  router.put('/organizations/:id/jit/roles', (req, res) => {
    const orgId = param(req, 'id');
    const { organizationRoleIds } = parse(replaceRolesBody, req.body);
    checkIds(...organizationRoleIds);
    store.addJitRoles(orgId, organizationRoleIds, true);
    res.status(204).end();
  });

  router.delete('/organizations/:id/jit/roles/:roleId', (req, res) => {
    store.deleteJitRole(param(req, 'id'), param(req, 'roleId'));
    res.status(204).end();
  });

  // ---------------------------------------------- enterprise SSO connectors

  router.get('/organizations/:id/jit/sso-connectors', (req, res) => {
    const orgId = param(req, 'id');
    const page = readPage(req, true);
    store.getOrganization(orgId);
    sendPage(req, res, context, [], page, (item: never) => item);
  });

  router.post('/organizations/:id/jit/sso-connectors', (req) => {
    param(req, 'id');
    parse(addConnectorsBody, req.body);
    // No SSO connector exists in the emulator, so every id is an unknown reference.
    throw foreignKeyNotFound();
  });

  router.delete('/organizations/:id/jit/sso-connectors/:connectorId', (req) => {
    param(req, 'id');
    throw notFound();
  });

  return router;
}
