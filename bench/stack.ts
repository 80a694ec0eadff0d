/**
 * The system under test: the emulator and the companion server in their own processes (as in a
 * deployment, so the load generator does not share their event loop), plus the fixtures every
 * scenario uses, created through the Management API.
 */
import { DEMO_USERS, EMULATOR_DEFAULTS } from '../emulator/src/index.js';
import { startChild, type Child } from './control.js';
import { EmulatorClient } from './lib.js';

export const LARGE_ORG_MEMBERS = 10_000;
export const SMALL_ORG_MEMBERS = 25;
/** The demo admin every benchmark signs in as. */
export const ALICE_ID = DEMO_USERS.find((u) => u.username === 'alice')!.id;

export interface Fixtures {
  largeOrgId: string;
  smallOrgId: string;
  adminRoleId: string;
  memberRoleId: string;
}

/** The emulator with one organization of `users` members (10,000 unless told). */
export async function startEmulatorProcess(
  options: { users?: number } = {},
): Promise<{ child: Child; emulator: EmulatorClient }> {
  const users = options.users ?? LARGE_ORG_MEMBERS;
  const child = await startChild('./emulator-process.ts', {
    env: {
      BENCH_SEED: JSON.stringify({ organizations: 1, users, membersInFirstOrg: users }),
    },
  });
  const emulator = new EmulatorClient(child.url, {
    appId: EMULATOR_DEFAULTS.m2mAppId,
    secret: EMULATOR_DEFAULTS.m2mAppSecret,
    resource: EMULATOR_DEFAULTS.managementApiResource,
  });
  return { child, emulator };
}

/** The companion server's environment for the emulator at `emulatorUrl`. */
export function serverEnv(emulatorUrl: string, allowedOrigin: string): Record<string, string> {
  return {
    LOGTO_ENDPOINT: emulatorUrl,
    LOGTO_M2M_APP_ID: EMULATOR_DEFAULTS.m2mAppId,
    LOGTO_M2M_APP_SECRET: EMULATOR_DEFAULTS.m2mAppSecret,
    LOGTO_MANAGEMENT_API_RESOURCE: EMULATOR_DEFAULTS.managementApiResource,
    ORG_API_RESOURCE: EMULATOR_DEFAULTS.companionResource,
    ORG_ALLOWED_ORIGINS: allowedOrigin,
    ORG_INVITATION_LINK: 'http://localhost:5173/invite?id={id}',
    // The invitation scenario creates thousands of invitations as one user.
    ORG_RATE_LIMIT_INVITE: '100000',
    ORG_RATE_LIMIT_CREATE: '100000',
    PORT: '0',
  };
}

export function startServerProcess(
  emulatorUrl: string,
  allowedOrigin: string,
  execArgv: string[] = [],
  extraEnv: Record<string, string> = {},
): Promise<Child> {
  return startChild('./server-process.ts', {
    env: { ...serverEnv(emulatorUrl, allowedOrigin), ...extraEnv },
    execArgv,
  });
}

interface Named {
  id: string;
  name: string;
}

/** An organization with alice as admin and `members` other users as members. */
export async function createOrganization(
  emulator: EmulatorClient,
  name: string,
  roles: { adminRoleId: string; memberRoleId: string },
  memberIds: string[] = [],
): Promise<string> {
  const org = (await emulator.api<Named>('POST', '/organizations', { name }, 201)).body;
  const aliceId = ALICE_ID;
  await emulator.api('POST', `/organizations/${org.id}/users`, { userIds: [aliceId] }, 201);
  await emulator.api(
    'POST',
    `/organizations/${org.id}/users/${aliceId}/roles`,
    { organizationRoleIds: [roles.adminRoleId] },
    201,
  );
  if (memberIds.length) {
    await emulator.api('POST', `/organizations/${org.id}/users`, { userIds: memberIds }, 201);
    await emulator.api(
      'POST',
      `/organizations/${org.id}/users/roles`,
      { userIds: memberIds, organizationRoleIds: [roles.memberRoleId] },
      201,
    );
  }
  return org.id;
}

export async function createFixtures(emulator: EmulatorClient): Promise<Fixtures> {
  const roles = (await emulator.api<Named[]>('GET', '/organization-roles?page_size=100')).body;
  const adminRoleId = roles.find((r) => r.name === 'admin')?.id;
  const memberRoleId = roles.find((r) => r.name === 'member')?.id;
  if (!adminRoleId || !memberRoleId) throw new Error('the emulator has no admin/member roles');
  const orgs = (await emulator.api<Named[]>('GET', '/organizations?page_size=100')).body;
  const largeOrgId = orgs.find((o) => o.name === 'Organization 0001')?.id;
  if (!largeOrgId) throw new Error('the large seed did not create "Organization 0001"');
  const some = (
    await emulator.api<Named[]>(
      'GET',
      `/organizations/${largeOrgId}/users?page_size=${SMALL_ORG_MEMBERS - 1}&organizationRoleId=${memberRoleId}`,
    )
  ).body.map((u) => u.id);
  const smallOrgId = await createOrganization(
    emulator,
    'Bench members',
    { adminRoleId, memberRoleId },
    some,
  );
  return { largeOrgId, smallOrgId, adminRoleId, memberRoleId };
}
