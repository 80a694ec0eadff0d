/** `/organizations/:orgId/events`: the organization's live-update stream (see live/stream.ts). */
import type { Router } from 'express';
import type { Live } from '../live/index.js';
import { userRateLimit } from '../middleware/user-rate-limit.js';
import type { RouteContext } from './context.js';

export function registerEventRoutes(
  router: Router,
  { config, orgToken }: RouteContext,
  live: Live,
): void {
  // Each open costs a live check in Logto: opens are rate limited per user (per instance).
  const openLimiter = userRateLimit(config.live.openLimit, config.rateLimit.windowMs);
  router.get('/organizations/:orgId/events', orgToken, openLimiter, live.events);
}
