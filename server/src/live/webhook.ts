/**
 * `POST /webhooks/logto`: Logto's webhooks turned into change signals, for changes made outside
 * the companion server (Logto's console, other services).
 *
 * - The signature (`logto-signature-sha-256`: hex HMAC-SHA256 of the raw body with the hook's
 *   signing key) is checked in constant time before anything else is read: missing or wrong →
 *   401 `webhook.invalid_signature`, nothing published. Several keys may be given (rotation).
 * - The body is read raw and bounded (`request.too_large`), so this router must see the request
 *   before any JSON parser: mount it first.
 * - Deliveries older (or newer) than `maxAgeMs` by their `createdAt` are ignored, and one delivery
 *   seen twice within `maxAgeMs` (same body hash) is published once: replays and repeated
 *   deliveries make no duplicate signal.
 * - Events used (others are acknowledged and ignored):
 *   `Organization.Membership.Updated` → `members` (added and removed user ids; plus `invitations`
 *   when an invitation was accepted), `Organization.Data.Updated` and `Organization.Deleted` →
 *   `organization`, `OrganizationRole.*` → `roles` for every organization.
 *
 * Answers 204 for every signed delivery it could read, used or not (Logto's console shows a
 * failure otherwise); only a body that is not JSON is 400 `request.invalid`. A field of an
 * unexpected type counts as absent: an id leaves the signal without it, a `createdAt` that is
 * not a date string puts the delivery outside the time window (ignored).
 */
import express, { type Request, type Response, type Router } from 'express';
import type { LiveEvent } from 'logto-org-widget-contract';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';
import { createErrorHandler } from '../error-handler.js';
import type { Logger } from '../logger.js';
import { EVERY_ORGANIZATION, type EventBus } from './bus.js';

/** The Logto hook events the signals come from (what `npm run setup` subscribes the hook to). */
export const WEBHOOK_EVENTS = Object.freeze([
  'Organization.Data.Updated',
  'Organization.Deleted',
  'Organization.Membership.Updated',
  'OrganizationRole.Created',
  'OrganizationRole.Deleted',
  'OrganizationRole.Data.Updated',
  'OrganizationRole.Scopes.Updated',
] as const);

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const SIGNATURE_HEADER = 'logto-signature-sha-256';

/** Remembers deliveries already handled. `firstSeen` is true the first time a key is offered. */
export interface DeliveryDedupe {
  firstSeen(key: string, ttlMs: number): Promise<boolean>;
}

/** Keys kept in memory until they expire (at most `max`, oldest dropped first). */
export function memoryDedupe(now: () => number = Date.now, max = 10_000): DeliveryDedupe {
  const seen = new Map<string, number>();
  return {
    async firstSeen(key, ttlMs) {
      const t = now();
      for (const [k, until] of seen) {
        if (until > t && seen.size < max) break;
        seen.delete(k);
      }
      const until = seen.get(key);
      if (until !== undefined && until > t) return false;
      seen.delete(key);
      seen.set(key, t + ttlMs);
      return true;
    },
  };
}

export interface WebhookRouterOptions {
  /** The hook's signing key(s); during a rotation both the old and the new one. */
  signingKeys: readonly string[];
  bus: EventBus;
  logger: Logger;
  now?: () => number;
  /** Path of the route. Default `/webhooks/logto`. */
  path?: string;
  /** Largest body accepted, in bytes. Default 64 KiB (Logto's organization payloads are < 1 KiB). */
  maxBodyBytes?: number;
  /** Deliveries older than this are ignored, and each one is remembered this long. Default 10 min. */
  maxAgeMs?: number;
  /** Where handled deliveries are remembered. Default: in memory (per instance). */
  dedupe?: DeliveryDedupe;
}

/** The signals of one Logto delivery: per organization (`EVERY_ORGANIZATION` for all). */
export interface WebhookSignals {
  organizationId: string;
  event: LiveEvent;
}

/** Logto's ids are short and plain; anything else is left out of a signal. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_IDS = 100;

function ids(...lists: unknown[]): string[] | undefined {
  const out = new Set<string>();
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const id of list) if (typeof id === 'string' && ID.test(id)) out.add(id);
  }
  return out.size && out.size <= MAX_IDS ? [...out] : undefined;
}

const str = (value: unknown) => (typeof value === 'string' && ID.test(value) ? value : undefined);
const obj = (value: unknown) =>
  value && typeof value === 'object' ? (value as Record<string, unknown>) : {};

/** Epoch ms of a date string (Logto's `createdAt`); NaN for anything else. */
const timeOf = (value: unknown) => (typeof value === 'string' ? Date.parse(value) : NaN);

/** The signals a Logto webhook payload stands for (empty when it concerns nothing we show). */
export function signalsOf(payload: unknown): WebhookSignals[] {
  const body = obj(payload);
  const params = obj(body.params);
  const data = obj(body.data);
  switch (body.event) {
    case 'Organization.Membership.Updated': {
      const organizationId = str(body.organizationId);
      if (!organizationId) return [];
      const userIds = ids(body.addedUserIds, body.removedUserIds);
      const out: WebhookSignals[] = [
        {
          organizationId,
          event: userIds ? { type: 'members', ids: userIds } : { type: 'members' },
        },
      ];
      // An accepted invitation changes the invitation list too.
      if (body.matchedRoute === '/organization-invitations/:id/status') {
        const invitationId = str(params.id);
        out.push({
          organizationId,
          event: invitationId
            ? { type: 'invitations', ids: [invitationId] }
            : { type: 'invitations' },
        });
      }
      return out;
    }
    case 'Organization.Data.Updated':
    case 'Organization.Deleted': {
      const organizationId = str(data.id) ?? str(params.id);
      return organizationId
        ? [{ organizationId, event: { type: 'organization', ids: [organizationId] } }]
        : [];
    }
    case 'OrganizationRole.Created':
    case 'OrganizationRole.Deleted':
    case 'OrganizationRole.Data.Updated':
    case 'OrganizationRole.Scopes.Updated': {
      const roleId = str(data.id) ?? str(params.id);
      return [
        {
          organizationId: EVERY_ORGANIZATION,
          event: roleId ? { type: 'roles', ids: [roleId] } : { type: 'roles' },
        },
      ];
    }
    default:
      return [];
  }
}

/** True when `signature` (hex) is the HMAC-SHA256 of `body` under one of `keys`, in constant time. */
export function verifySignature(
  body: Buffer,
  signature: string | undefined,
  keys: readonly string[],
): boolean {
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const given = Buffer.from(signature.toLowerCase(), 'hex');
  let ok = false;
  for (const key of keys) {
    const expected = createHmac('sha256', key).update(body).digest();
    // Every key is tried (no early exit), so timing tells nothing about which one matched.
    ok = timingSafeEqual(expected, given) || ok;
  }
  return ok;
}

function invalidSignature(): AppError {
  return new AppError('webhook.invalid_signature', 'The webhook signature is missing or wrong.', {
    status: 401,
  });
}

/**
 * The webhook router. Give it the raw request: mount it before `express.json()` (the companion
 * app does). It needs no CORS (Logto calls it server to server).
 */
export function createWebhookRouter(options: WebhookRouterOptions): Router {
  const keys = options.signingKeys.filter(Boolean);
  if (keys.length === 0) throw new Error('createWebhookRouter needs at least one signing key');
  const now = options.now ?? Date.now;
  const maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  const dedupe = options.dedupe ?? memoryDedupe(now);
  const { bus, logger } = options;
  const router = express.Router();
  router.post(
    options.path ?? '/webhooks/logto',
    express.raw({ type: () => true, limit: options.maxBodyBytes ?? 64 * 1024 }),
    async function logtoWebhook(req: Request, res: Response) {
      if (!Buffer.isBuffer(req.body)) {
        // Another body parser ran first: the raw bytes the signature covers are gone.
        throw new AppError('internal', 'The webhook router must be mounted before body parsers.', {
          status: 500,
          expose: false,
        });
      }
      const raw = req.body;
      if (!verifySignature(raw, req.get(SIGNATURE_HEADER), keys)) throw invalidSignature();
      let payload: unknown;
      try {
        payload = JSON.parse(raw.toString('utf8'));
      } catch (error) {
        throw new AppError('request.invalid', 'The webhook body is not valid JSON.', {
          status: 400,
          data: { field: 'body' },
          cause: error,
        });
      }
      const signals = signalsOf(payload);
      const createdAt = timeOf(obj(payload).createdAt);
      const t = now();
      if (!signals.length) {
        res.status(204).end();
        return;
      }
      if (!Number.isFinite(createdAt) || Math.abs(t - createdAt) > maxAgeMs) {
        logger.info('webhook ignored: outside the time window', { event: obj(payload).event });
        res.status(204).end();
        return;
      }
      const key = createHash('sha256').update(raw).digest('base64url');
      if (!(await dedupe.firstSeen(key, maxAgeMs * 2))) {
        res.status(204).end();
        return;
      }
      await Promise.all(signals.map((s) => bus.publish(s.organizationId, s.event)));
      res.status(204).end();
    },
  );
  router.use(createErrorHandler(logger));
  return router;
}
