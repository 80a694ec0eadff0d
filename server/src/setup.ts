/**
 * The setup command's logic: create the organization permissions and roles of the template in a
 * tenant through the Management API, idempotently (a second run changes nothing).
 */
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
