/** `/organizations/:orgId/events`: the organization's live-update stream (see live/stream.ts). */
import type { Router } from 'express';
import type { Live } from '../live/index.js';
import type { RouteContext } from './context.js';

export function registerEventRoutes(router: Router, { orgToken }: RouteContext, live: Live): void {
  router.get('/organizations/:orgId/events', orgToken, live.events);
}
