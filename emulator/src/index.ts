/**
 * A local Logto stand-in: OIDC (`/oidc`), the Management API subset the kit uses (`/api`) and
 * emulator-only controls (`/emulator`). `startEmulator()` listens and returns a handle with
 * direct access to the store, outbox, faults and counters.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import cors from 'cors';
import express from 'express';
import type { Express } from 'express';

import { fullUserJson } from './api/common.js';
import { apiErrorHandler, managementApi } from './api/index.js';
import type { CallStats, OidcModule, SigningKeys } from './contracts.js';
import { emulatorRoutes } from './emulator-routes.js';
import { Faults } from './faults.js';
import { Webhooks } from './hooks.js';
import { generateSigningKeys, importPublicKey, isSigningKeys } from './keys.js';
import { createOidc } from './oidc/index.js';
import { Outbox } from './outbox.js';
import type { OutboxMail } from './outbox.js';
import { EMULATOR_DEFAULTS, seedDemo, seedLarge, seedTenant } from './seed.js';
import type { LargeSeed } from './seed.js';
import { Store } from './store.js';
import type { HookEvent, InvitationRecord, StoreSnapshot } from './store.js';

export {
  DEMO_USERS,
  EMULATOR_DEFAULTS,
  LARGE_USER_PASSWORD,
  ORGANIZATION_ROLES,
  ORGANIZATION_SCOPES,
  createOrganizationFixture,
  createUserFixture,
  seedDemo,
  seedLarge,
  seedOrganizationTemplate,
  seedTenant,
} from './seed.js';
export type { DemoUser, LargeSeed, SeedOptions } from './seed.js';
export { HOOK_EVENTS, Store, TENANT_ID } from './store.js';
export type { HookEvent, HookLogRecord, HookRecord, StoreSnapshot } from './store.js';
export { HOOK_USER_AGENT, Webhooks, signHookBody } from './hooks.js';
export { Outbox } from './outbox.js';
export type { OutboxMail } from './outbox.js';
export { Faults } from './faults.js';
export { ApiError } from './errors.js';
export type * from './contracts.js';

export interface EmulatorLogger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

/** A webhook registered at start (`hooks` option, `EMULATOR_HOOK_URL`). */
export interface HookSeed {
  /** Keeps the hook across restarts with a data file (default: a fresh id). */
  id?: string;
  name?: string;
  url: string;
  events: HookEvent[];
  /** Default: a generated 32-character key. */
  signingKey?: string;
  headers?: Record<string, string>;
  enabled?: boolean;
}

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** `'demo'` (default), `'empty'`, or the demo plus a large data set. Ignored when loading a data file. */
  seed?: 'demo' | 'empty' | LargeSeed;
  /** Load state from this JSON file at start (if it exists), save on change and at close. */
  persistFile?: string;
  /** Whether an email connector is configured (default true). Switchable at runtime. */
  emailConnector?: boolean;
  m2mAppId?: string;
  m2mAppSecret?: string;
  /** The companion API resource indicator (default `http://localhost:8787/api`). */
  companionResource?: string;
  /** Base URL used for the issuer and links; default `http://localhost:<port>`. */
  publicUrl?: string;
  logger?: EmulatorLogger;
  /** Clock (ms), for tests of expiry. */
  now?: () => number;
  /** Id source for new records (`length` 12 for users and organizations, else 21), for tests that need known ids; default random. */
  generateId?: (length: number) => string;
  /** Webhooks to register at start (a seed with an `id` already in the data file is updated). */
  hooks?: HookSeed[];
  /** How long a webhook delivery may take (default 10,000 ms, as Logto). */
  hookTimeoutMs?: number;
}

export interface EmulatorConfig {
  publicUrl: string;
  issuer: string;
  managementApiResource: string;
  companionResource: string;
  spaAppId: string;
  m2mAppId: string;
  m2mAppSecret: string;
  persistFile: string | undefined;
}

export interface RunningEmulator {
  /** Base URL (`publicUrl`), e.g. `http://localhost:3001`. */
  url: string;
  /** `<url>/oidc`. */
  issuer: string;
  port: number;
  config: EmulatorConfig;
  store: Store;
  outbox: Outbox;
  faults: Faults;
  /** Webhook delivery; `await webhooks.idle()` waits for deliveries in flight. */
  webhooks: Webhooks;
  stats: CallStats;
  keys: SigningKeys;
  oidc: OidcModule;
  app: Express;
  emailEnabled(): boolean;
  setEmailEnabled(enabled: boolean): void;
  resetStats(): void;
  /** A Management API access token for the M2M app (real client-credentials call). */
  managementToken(): Promise<string>;
  /** Writes the data file now (no-op without `persistFile`). */
  save(): Promise<void>;
  close(): Promise<void>;
}

interface DataFile {
  version: 1;
  keys: SigningKeys;
  emailEnabled: boolean;
  outbox: OutboxMail[];
  store: StoreSnapshot;
}

function newStats(): CallStats {
  return {
    tokenRequests: { total: 0, clientCredentials: 0, refreshToken: 0, authorizationCode: 0 },
    apiRequests: 0,
  };
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

function readDataFile(path: string): DataFile | undefined {
  if (!existsSync(path)) return undefined;
  let data: DataFile;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as DataFile;
  } catch (error) {
    throw new Error(`${path} is not an emulator data file (not JSON)`, { cause: error });
  }
  if (data.version !== 1 || !isSigningKeys(data.keys) || !data.store) {
    throw new Error(`${path} is not an emulator data file (or an unsupported version)`);
  }
  return data;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger;
  const storeOptions = {
    ...(options.now && { now: options.now }),
    ...(options.generateId && { generateId: options.generateId }),
  };
  const persisted = options.persistFile ? readDataFile(options.persistFile) : undefined;
  if (options.persistFile) mkdirSync(dirname(options.persistFile), { recursive: true });

  const keys = persisted?.keys ?? (await generateSigningKeys());
  const store = persisted
    ? Store.fromSnapshot(persisted.store, storeOptions)
    : new Store(storeOptions);
  const outbox = new Outbox();
  if (persisted) outbox.restore(persisted.outbox ?? []);
  const email = { enabled: persisted?.emailEnabled ?? options.emailConnector ?? true };
  if (persisted && options.emailConnector !== undefined) email.enabled = options.emailConnector;

  const seedOptions = {
    ...(options.m2mAppId !== undefined && { m2mAppId: options.m2mAppId }),
    ...(options.m2mAppSecret !== undefined && { m2mAppSecret: options.m2mAppSecret }),
    ...(options.companionResource !== undefined && {
      companionResource: options.companionResource,
    }),
  };
  if (!persisted) {
    const seed = options.seed ?? 'demo';
    if (seed === 'empty') seedTenant(store, seedOptions);
    else {
      seedDemo(store, seedOptions);
      if (typeof seed === 'object') seedLarge(store, seed);
    }
  }

  for (const seed of options.hooks ?? []) {
    const fields = {
      events: seed.events,
      config: { url: seed.url, ...(seed.headers && { headers: seed.headers }) },
      ...(seed.name !== undefined && { name: seed.name }),
      ...(seed.signingKey !== undefined && { signingKey: seed.signingKey }),
      ...(seed.enabled !== undefined && { enabled: seed.enabled }),
    };
    if (seed.id && store.hooks.has(seed.id)) store.updateHook(seed.id, fields);
    else store.createHook({ ...fields, ...(seed.id !== undefined && { id: seed.id }) });
  }

  const stats = newStats();
  const faults = new Faults();
  const webhooks = new Webhooks({
    store,
    ...(options.hookTimeoutMs !== undefined && { timeoutMs: options.hookTimeoutMs }),
    ...(logger && { logger }),
  });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const server = createServer(app);

  // The issuer depends on the port, so listen first, then build the OIDC provider.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const publicUrl = (options.publicUrl ?? `http://localhost:${port}`).replace(/\/$/, '');
  const issuer = `${publicUrl}/oidc`;
  const managementApiResource = EMULATOR_DEFAULTS.managementApiResource;
  const m2mAppId = options.m2mAppId ?? EMULATOR_DEFAULTS.m2mAppId;
  const m2mApp = store.apps.get(m2mAppId);
  const config: EmulatorConfig = Object.freeze({
    publicUrl,
    issuer,
    managementApiResource,
    companionResource: options.companionResource ?? EMULATOR_DEFAULTS.companionResource,
    spaAppId: EMULATOR_DEFAULTS.spaAppId,
    m2mAppId,
    m2mAppSecret:
      m2mApp?.secrets[0]?.value ?? options.m2mAppSecret ?? EMULATOR_DEFAULTS.m2mAppSecret,
    persistFile: options.persistFile,
  });

  let oidc: OidcModule;
  try {
    oidc = await createOidc({
      issuer,
      directory: store,
      keys,
      stats,
      managementApiResource,
      onUserRegistered: (event) => {
        const user = store.users.get(event.userId);
        const request = {
          path: `/oidc${event.path}`,
          method: event.method,
          status: 200,
          ...(event.userAgent !== undefined && { userAgent: event.userAgent }),
          ...(event.ip !== undefined && { ip: event.ip }),
        };
        if (user) webhooks.emit('User.Created', request, { data: fullUserJson(user) });
        for (const organizationId of event.organizationIds) {
          webhooks.emit('Organization.Membership.Updated', request, {
            organizationId,
            addedUserIds: [event.userId],
          });
        }
      },
    });
  } catch (error) {
    server.close();
    throw error;
  }
  const publicKey = await importPublicKey(keys);

  const resetStats = (): void => {
    // Reset in place: the OIDC side holds the same object.
    Object.assign(stats.tokenRequests, {
      total: 0,
      clientCredentials: 0,
      refreshToken: 0,
      authorizationCode: 0,
    });
    stats.apiRequests = 0;
  };

  const sendInvitationMail = (invitation: InvitationRecord, payload: Record<string, unknown>) => {
    const org = store.organizations.get(invitation.organizationId);
    const inviter = invitation.inviterId ? store.users.get(invitation.inviterId) : undefined;
    outbox.add({
      to: invitation.invitee,
      link: typeof payload.link === 'string' ? payload.link : null,
      invitationId: invitation.id,
      organizationId: invitation.organizationId,
      organizationName: org?.name ?? null,
      inviterId: invitation.inviterId,
      inviterName: inviter ? (inviter.name ?? inviter.username ?? inviter.primaryEmail) : null,
      payload,
      sentAt: store.now(),
    });
  };

  const loopbackCors = cors({
    origin: (origin, callback) => callback(null, origin === undefined || isLoopbackOrigin(origin)),
  });
  const json = express.json({ limit: '1mb' });

  app.post('/oidc/token', faults.middleware('token'));
  app.use('/oidc', oidc.handler);
  app.use(
    '/api',
    json,
    managementApi({
      store,
      publicUrl,
      issuer,
      managementApiResource,
      publicKey,
      stats,
      faults,
      emailEnabled: () => email.enabled,
      sendInvitationMail,
      webhooks,
      ...(logger && { logger }),
    }),
  );
  app.use(
    '/emulator',
    loopbackCors,
    json,
    emulatorRoutes({
      store,
      outbox,
      faults,
      stats,
      oidc,
      email,
      setEmailEnabled: (enabled) => setEmailEnabled(enabled),
      resetStats,
      ...(logger && { logger }),
    }),
  );
  app.use(['/api', '/emulator'], apiErrorHandler(logger));
  app.get('/', function emulatorIndex(_req, res) {
    res.json({
      issuer,
      managementApi: `${publicUrl}/api`,
      outbox: `${publicUrl}/emulator/outbox.html`,
      spaAppId: config.spaAppId,
    });
  });
  app.use(function notFound(_req, res) {
    res.status(404).type('text/plain').send('Not Found');
  });

  // ---------------------------------------------------------------- persistence
  let saveTimer: NodeJS.Timeout | undefined;
  let saving: Promise<void> = Promise.resolve();
  const snapshot = (): string =>
    JSON.stringify({
      version: 1,
      keys,
      emailEnabled: email.enabled,
      outbox: outbox.list(),
      store: store.toSnapshot(),
    } satisfies DataFile);
  const save = (): Promise<void> => {
    const file = options.persistFile;
    if (!file) return Promise.resolve();
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = undefined;
    saving = saving
      .then(async () => {
        await writeFile(`${file}.tmp`, snapshot());
        await rename(`${file}.tmp`, file);
      })
      .catch((error: unknown) => logger?.error(`Could not save ${file}`, error));
    return saving;
  };
  const scheduleSave = (): void => {
    if (!options.persistFile || saveTimer) return;
    saveTimer = setTimeout(() => void save(), 250);
    saveTimer.unref();
  };
  function setEmailEnabled(enabled: boolean): void {
    email.enabled = enabled;
    scheduleSave();
  }
  const unsubscribeStore = store.onChange(scheduleSave);
  const unsubscribeOutbox = outbox.subscribe(scheduleSave);
  if (options.persistFile && !persisted) await save();

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      unsubscribeStore();
      unsubscribeOutbox();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await Promise.all([stopped, webhooks.close()]);
      if (saveTimer) clearTimeout(saveTimer);
      await saving;
      if (options.persistFile) {
        try {
          writeFileSync(`${options.persistFile}.tmp`, snapshot());
          renameSync(`${options.persistFile}.tmp`, options.persistFile);
        } catch (error) {
          logger?.error(`Could not save ${options.persistFile}`, error);
        }
      }
    })();
    return closed;
  };

  const managementToken = async (): Promise<string> => {
    const response = await fetch(`http://127.0.0.1:${port}/oidc/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${config.m2mAppId}:${config.m2mAppSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        resource: managementApiResource,
        scope: 'all',
      }),
    });
    const body = (await response.json()) as { access_token?: string };
    if (!response.ok || !body.access_token) {
      throw new Error(`Management token request failed with ${response.status}`);
    }
    return body.access_token;
  };

  logger?.info(`Logto emulator listening on ${publicUrl} (issuer ${issuer})`);

  return {
    url: publicUrl,
    issuer,
    port,
    config,
    store,
    outbox,
    faults,
    webhooks,
    stats,
    keys,
    oidc,
    app,
    emailEnabled: () => email.enabled,
    setEmailEnabled,
    resetStats,
    managementToken,
    save,
    close,
  };
}
