/**
 * The setup command's logic: create the organization permissions and roles of the template in a
 * tenant through the Management API, idempotently (a second run changes nothing).
 */
import { WEBHOOK_EVENTS, type WebhookEvent } from './live/webhook.js';
import type { ManagementApi } from './logto.js';
import {
  DEFAULT_ROLES,
  PERMISSION_DESCRIPTIONS,
  PERMISSION_NAMES,
  type RoleTemplate,
} from './permissions.js';

export interface SetupOptions {
  api: ManagementApi;
  permissions?: readonly string[];
  roles?: readonly RoleTemplate[];
  /** Called once per action, for printing. */
  report?: (line: string) => void;
}

export interface SetupResult {
  createdPermissions: string[];
  createdRoles: string[];
  /** `role: permission` pairs added to existing roles. */
  addedRolePermissions: string[];
  /** True when nothing needed to change. */
  unchanged: boolean;
}

export async function runSetup(options: SetupOptions): Promise<SetupResult> {
  const { api } = options;
  const report = options.report ?? (() => {});
  const permissions = options.permissions ?? PERMISSION_NAMES;
  const roles = options.roles ?? DEFAULT_ROLES;
  const result: SetupResult = {
    createdPermissions: [],
    createdRoles: [],
    addedRolePermissions: [],
    unchanged: true,
  };

  const scopes = await api.listOrganizationScopes();
  const scopeIds = new Map(scopes.map((s) => [s.name, s.id]));
  const wanted = new Set<string>([...permissions, ...roles.flatMap((r) => r.permissions)]);
  for (const name of wanted) {
    if (scopeIds.has(name)) {
      report(`permission ${name}: exists`);
      continue;
    }
    const description = (PERMISSION_DESCRIPTIONS as Record<string, string>)[name];
    const created = await api.createOrganizationScope({
      name,
      ...(description ? { description } : {}),
    });
    scopeIds.set(name, created.id);
    result.createdPermissions.push(name);
    report(`permission ${name}: created`);
  }

  const existingRoles = new Map((await api.listOrganizationRoles()).map((r) => [r.name, r]));
  for (const role of roles) {
    const ids = role.permissions.map((p) => scopeIds.get(p)!);
    const existing = existingRoles.get(role.name);
    if (!existing) {
      await api.createOrganizationRole({
        name: role.name,
        description: role.description,
        organizationScopeIds: ids,
      });
      result.createdRoles.push(role.name);
      report(`role ${role.name}: created with ${role.permissions.join(', ') || 'no permissions'}`);
      continue;
    }
    const has = new Set(existing.scopes.map((s) => s.name));
    const missing = role.permissions.filter((p) => !has.has(p));
    if (missing.length === 0) {
      report(`role ${role.name}: exists with every permission`);
      continue;
    }
    await api.addOrganizationRoleScopes(
      existing.id,
      missing.map((p) => scopeIds.get(p)!),
    );
    result.addedRolePermissions.push(...missing.map((p) => `${role.name}: ${p}`));
    report(`role ${role.name}: added ${missing.join(', ')}`);
  }

  result.unchanged =
    result.createdPermissions.length === 0 &&
    result.createdRoles.length === 0 &&
    result.addedRolePermissions.length === 0;
  return result;
}

/** Name of the Logto webhook the setup command registers. */
export const WEBHOOK_NAME = 'logto-org-widget live updates';

export interface WebhookSetupOptions {
  api: ManagementApi;
  /** Where Logto delivers: the companion server's `/webhooks/logto` (ORG_WEBHOOK_URL). */
  url: string;
  report?: (line: string) => void;
}

export interface WebhookSetupResult {
  hookId: string;
  /** The hook's signing key: for ORG_WEBHOOK_SIGNING_KEY. Never printed by default. */
  signingKey: string;
  created: boolean;
  /** Events added, URL changed or hook enabled again. */
  updated: boolean;
}

/**
 * Registers the Logto webhook of live updates idempotently: a hook with this URL (or, failing
 * that, this name) is reused, its events completed with WEBHOOK_EVENTS (others kept), its URL
 * set and it is enabled again; otherwise one is created.
 */
export async function ensureWebhook(options: WebhookSetupOptions): Promise<WebhookSetupResult> {
  const { api, url } = options;
  const report = options.report ?? (() => {});
  const hooks = await api.listHooks();
  const existing =
    hooks.find((hook) => hook.config.url === url) ??
    hooks.find((hook) => hook.name === WEBHOOK_NAME);
  if (!existing) {
    const created = await api.createHook({
      name: WEBHOOK_NAME,
      events: [...WEBHOOK_EVENTS],
      config: { url },
    });
    report(`webhook ${url}: created with ${WEBHOOK_EVENTS.join(', ')}`);
    return { hookId: created.id, signingKey: created.signingKey, created: true, updated: false };
  }
  const missing = WEBHOOK_EVENTS.filter((event) => !existing.events.includes(event));
  const change: Parameters<ManagementApi['updateHook']>[1] = {};
  if (missing.length) change.events = [...(existing.events as WebhookEvent[]), ...missing];
  if (existing.config.url !== url) change.config = { ...existing.config, url };
  if (!existing.enabled) change.enabled = true;
  if (Object.keys(change).length === 0) {
    report(`webhook ${url}: exists with every event`);
    return { hookId: existing.id, signingKey: existing.signingKey, created: false, updated: false };
  }
  const updated = await api.updateHook(existing.id, change);
  report(
    `webhook ${url}: ${[
      missing.length ? `added ${missing.join(', ')}` : '',
      change.config ? 'URL updated' : '',
      change.enabled ? 'enabled again' : '',
    ]
      .filter(Boolean)
      .join('; ')}`,
  );
  return { hookId: updated.id, signingKey: updated.signingKey, created: false, updated: true };
}
