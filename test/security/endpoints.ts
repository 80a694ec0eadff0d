/** The companion API's endpoints (DESIGN.md "Companion API"), as data the suites iterate over. */

export interface Ids {
  orgId: string;
  /** A member of the organization other than the caller. */
  userId: string;
  /** An invitation of the organization. */
  invitationId: string;
}

export interface Endpoint {
  /** e.g. `PUT /organizations/:orgId/members/:userId/roles` */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Which token the route takes. */
  token: 'resource' | 'org';
  path(ids: Ids): string;
  /** A valid body (for the routes that take one). */
  body?(ids: Ids & { roleId: string }): unknown;
  /** An event stream: a granted call stays open (suites that expect an answer leave it out). */
  stream?: true;
}

export const ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'GET /me/organizations',
    method: 'GET',
    token: 'resource',
    path: () => '/me/organizations',
  },
  {
    name: 'POST /organizations',
    method: 'POST',
    token: 'resource',
    path: () => '/organizations',
    body: () => ({ name: 'Forged Co' }),
  },
  {
    name: 'GET /invitations/:id',
    method: 'GET',
    token: 'resource',
    path: (ids) => `/invitations/${ids.invitationId}`,
  },
  {
    name: 'POST /invitations/:id/accept',
    method: 'POST',
    token: 'resource',
    path: (ids) => `/invitations/${ids.invitationId}/accept`,
  },
  {
    name: 'POST /invitations/:id/decline',
    method: 'POST',
    token: 'resource',
    path: (ids) => `/invitations/${ids.invitationId}/decline`,
  },
  {
    name: 'GET /me/invitations',
    method: 'GET',
    token: 'resource',
    path: () => '/me/invitations',
  },
  {
    name: 'GET /organizations/:orgId',
    method: 'GET',
    token: 'org',
    path: (ids) => `/organizations/${ids.orgId}`,
  },
  {
    name: 'GET /organizations/:orgId/events',
    method: 'GET',
    token: 'org',
    path: (ids) => `/organizations/${ids.orgId}/events`,
    stream: true,
  },
  {
    name: 'PATCH /organizations/:orgId',
    method: 'PATCH',
    token: 'org',
    path: (ids) => `/organizations/${ids.orgId}`,
    body: () => ({ name: 'Renamed', branding: { logoUrl: 'https://cdn.example.com/logo.png' } }),
  },
  {
    name: 'DELETE /organizations/:orgId',
    method: 'DELETE',
    token: 'org',
    path: (ids) => `/organizations/${ids.orgId}`,
  },
  {
    name: 'GET /organizations/:orgId/members',
    method: 'GET',
    token: 'org',
    path: (ids) => `/organizations/${ids.orgId}/members`,
  },
  {
    name: 'PUT /organizations/:orgId/members/:userId/roles',
    method: 'PUT',
    token: 'org',
    path: (ids) => `/organizations/${ids.orgId}/members/${ids.userId}/roles`,
    body: (ids) => ({ roleIds: [ids.roleId] }),
  },
  {
    name: 'DELETE /organizations/:orgId/members/:userId',
    method: 'DELETE',
    token: 'org',
    path: (ids) => `/organizations/${ids.orgId}/members/${ids.userId}`,
  },
  {
    name: 'GET /organizations/:orgId/domains',
    method: 'GET',
    token: 'org',
    path: (ids) => `/organizations/${ids.orgId}/domains`,
  },
  {
    name: 'PUT /organizations/:orgId/domains',
    method: 'PUT',
    token: 'org',
    path: (ids) => `/organizations/${ids.orgId}/domains`,
    // The empty set: the gate is what is under test (domain rules: the escalation suite).
    body: () => ({ domains: [], roleIds: [] }),
  },
  {
    name: 'GET /organizations/:orgId/roles',
    method: 'GET',
    token: 'org',
    path: (ids) => `/organizations/${ids.orgId}/roles`,
  },
  {
    name: 'GET /organizations/:orgId/invitations',
    method: 'GET',
    token: 'org',
    path: (ids) => `/organizations/${ids.orgId}/invitations`,
  },
  {
    name: 'POST /organizations/:orgId/invitations',
    method: 'POST',
    token: 'org',
    path: (ids) => `/organizations/${ids.orgId}/invitations`,
    body: (ids) => ({ emails: ['someone@example.com'], roleIds: [ids.roleId] }),
  },
  {
    name: 'POST /organizations/:orgId/invitations/:id/resend',
    method: 'POST',
    token: 'org',
    path: (ids) => `/organizations/${ids.orgId}/invitations/${ids.invitationId}/resend`,
  },
  {
    name: 'DELETE /organizations/:orgId/invitations/:id',
    method: 'DELETE',
    token: 'org',
    path: (ids) => `/organizations/${ids.orgId}/invitations/${ids.invitationId}`,
  },
];
