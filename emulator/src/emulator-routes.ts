/**
 * Emulator-only endpoints under `/emulator` (local use, no token): outbox, email switch, faults,
 * call counters, token minting and large seeds. Documented in `emulator/README.md`.
 */
import { Router } from 'express';
import type { Response } from 'express';
import { z } from 'zod';

import type { CallStats, FaultSpec, OidcModule } from './contracts.js';
import { apiErrorHandler } from './api/index.js';
import { parse } from './api/common.js';
import { ApiError } from './errors.js';
import { faultSpecSchema } from './faults.js';
import type { Faults } from './faults.js';
import type { Outbox, OutboxMail } from './outbox.js';
import { seedLarge } from './seed.js';
import type { Store } from './store.js';

export interface EmulatorRoutesOptions {
  store: Store;
  outbox: Outbox;
  faults: Faults;
  stats: CallStats;
  oidc: OidcModule;
  email: { enabled: boolean };
  /** Switches the email connector (and saves the data file when persistence is on). */
  setEmailEnabled(enabled: boolean): void;
  resetStats(): void;
  logger?: { error(message: string, error?: unknown): void };
}

const tokenBody = z
  .object({
    userId: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
    resource: z.string().min(1).optional(),
    organizationId: z.string().min(1).optional(),
    scope: z.string().optional(),
    clientId: z.string().min(1).optional(),
  })
  .refine((body) => body.userId !== undefined || body.username !== undefined, {
    message: 'Give userId or username',
    path: ['userId'],
  });

const seedBody = z.object({
  organizations: z.number().int().min(0).max(100_000),
  users: z.number().int().min(0).max(200_000),
  membersInFirstOrg: z.number().int().min(0).max(200_000).optional(),
});

const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string,
  );

/** The outbox as a page for people: newest mail first, links clickable. */
export function outboxPage(mails: OutboxMail[], emailEnabled: boolean): string {
  const rows = [...mails]
    .reverse()
    .map((mail) => {
      const link =
        mail.link && /^https?:\/\//i.test(mail.link)
          ? `<a href="${escapeHtml(mail.link)}">${escapeHtml(mail.link)}</a>`
          : escapeHtml(mail.link ?? '(no link)');
      return `<article>
  <h2>To ${escapeHtml(mail.to)}</h2>
  <p>${escapeHtml(mail.inviterName ?? 'Someone')} invited you to join
    <strong>${escapeHtml(mail.organizationName ?? mail.organizationId)}</strong>.</p>
  <p>${link}</p>
  <p class="meta">Invitation <code>${escapeHtml(mail.invitationId)}</code> ·
    <time datetime="${new Date(mail.sentAt).toISOString()}">${new Date(mail.sentAt).toISOString()}</time></p>
</article>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Emulator outbox (${mails.length})</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 48rem; padding: 0 1rem; }
  article { border: 1px solid #ccc; border-radius: 8px; padding: 0 1rem; margin-block: 1rem; }
  h2 { font-size: 1.1rem; }
  .meta { color: #666; font-size: 0.9rem; }
</style>
</head>
<body>
<h1>Emulator outbox</h1>
<p>Email connector: <strong>${emailEnabled ? 'on' : 'off'}</strong>. ${mails.length} mail(s).
Reload to see new mail.</p>
${rows || '<p>No mail yet.</p>'}
</body>
</html>`;
}

export function emulatorRoutes(options: EmulatorRoutesOptions): Router {
  const { store, outbox, faults, stats, oidc, email } = options;
  const router = Router();

  const sendOutboxHtml = (res: Response) => {
    res.set('Cache-Control', 'no-store');
    res.type('html').send(outboxPage(outbox.list(), email.enabled));
  };

  router.get('/outbox.html', (_req, res) => sendOutboxHtml(res));

  router.get('/outbox', (req, res) => {
    if (req.accepts(['json', 'html']) === 'html') {
      sendOutboxHtml(res);
      return;
    }
    res.set('Cache-Control', 'no-store');
    res.json(outbox.list());
  });

  router.delete('/outbox', (_req, res) => {
    outbox.clear();
    res.status(204).end();
  });

  router.get('/email', (_req, res) => {
    res.json({ enabled: email.enabled });
  });

  router.post('/email', (req, res) => {
    const body = parse(z.object({ enabled: z.boolean() }), req.body);
    options.setEmailEnabled(body.enabled);
    res.json({ enabled: email.enabled });
  });

  router.get('/faults', (_req, res) => {
    res.json(faults.list());
  });

  router.post('/faults', (req, res) => {
    const specs = parse(z.union([faultSpecSchema, z.array(faultSpecSchema).max(100)]), req.body);
    faults.add(specs as FaultSpec | FaultSpec[]);
    res.status(201).json(faults.list());
  });

  router.delete('/faults', (_req, res) => {
    faults.clear();
    res.status(204).end();
  });

  router.get('/stats', (_req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(stats);
  });

  router.post('/stats/reset', (_req, res) => {
    options.resetStats();
    res.json(stats);
  });

  router.post('/token', async (req, res) => {
    const body = parse(tokenBody, req.body);
    let userId = body.userId;
    if (userId === undefined) {
      const user = store.findUserByUsername(body.username as string);
      if (!user) throw new ApiError(404, 'user.not_found', 'No user with this username.');
      userId = user.id;
    }
    try {
      const token = await oidc.mintAccessToken({
        userId,
        ...(body.resource !== undefined && { resource: body.resource }),
        ...(body.organizationId !== undefined && { organizationId: body.organizationId }),
        ...(body.scope !== undefined && { scope: body.scope }),
        ...(body.clientId !== undefined && { clientId: body.clientId }),
      });
      res.set('Cache-Control', 'no-store');
      res.json(token);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const status = (error as { status?: unknown }).status;
      const known: Record<string, number> = {
        'oidc.access_denied': 403,
        'oidc.invalid_target': 400,
        'user.not_found': 404,
        'oidc.invalid_client': 400,
      };
      if (typeof code === 'string' && (code in known || typeof status === 'number')) {
        const httpStatus = known[code] ?? (status as number);
        throw new ApiError(httpStatus, code, (error as Error).message);
      }
      throw error;
    }
  });

  router.post('/seed', (req, res) => {
    const spec = parse(seedBody, req.body);
    const started = performance.now();
    const result = seedLarge(store, spec);
    res.status(201).json({
      ...result,
      users: spec.users,
      organizations: spec.organizations,
      ms: Math.round(performance.now() - started),
    });
  });

  router.use(function emulatorNotFound(_req, _res) {
    throw new ApiError(404, 'entity.not_found', 'No such emulator route.');
  });
  router.use(apiErrorHandler(options.logger));
  return router;
}
