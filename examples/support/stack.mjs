// The services an example page talks to, on free ports: the Logto emulator and (unless the host
// mounts it itself) the companion server, both from the workspace packages' builds.
import { createServer } from 'node:net';
import { createOrganizationFixture, startEmulator } from 'logto-org-widget-emulator';
import { createApp, createJsonLogger, loadConfig } from 'logto-org-widget-server';

/** A free TCP port on 127.0.0.1 (released before use: good enough for a test run). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const SEEDED_ORGANIZATION = 'Globex';

/**
 * Starts the emulator and, with `companion: true`, the companion server allowing `pageOrigin`.
 * Returns the settings a page needs (`endpoint`, `appId`, `apiBase`, `resource`) and the
 * variables a host mounting the router itself needs (`serverEnv`). `emulatorModule`: the
 * emulator package as an example installed it (default: the workspace's).
 */
export async function startStack({ pageOrigin, companion = true, emulatorModule }) {
  const start = emulatorModule?.startEmulator ?? startEmulator;
  const seed = emulatorModule?.createOrganizationFixture ?? createOrganizationFixture;
  const emulator = await start({ port: 0 });
  // An organization that exists before the page opens: alice administers it, bob and carol belong.
  seed(emulator.store, {
    name: SEEDED_ORGANIZATION,
    members: { alice: ['admin'], bob: ['member'], carol: ['member'] },
  });
  const serverEnv = {
    LOGTO_ENDPOINT: emulator.url,
    LOGTO_M2M_APP_ID: emulator.config.m2mAppId,
    LOGTO_M2M_APP_SECRET: emulator.config.m2mAppSecret,
    LOGTO_MANAGEMENT_API_RESOURCE: emulator.config.managementApiResource,
    ORG_API_RESOURCE: emulator.config.companionResource,
    ORG_ALLOWED_ORIGINS: pageOrigin,
    ORG_INVITATION_LINK: `${pageOrigin}/invite?id={id}`,
  };
  let server;
  let apiBase = '';
  if (companion) {
    const app = createApp({
      config: loadConfig({ ...serverEnv, PORT: '0' }),
      logger: createJsonLogger({ level: 'error' }),
    });
    server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    apiBase = `http://localhost:${server.address().port}`;
  }
  return {
    emulator,
    settings: {
      endpoint: emulator.url,
      appId: emulator.config.spaAppId,
      apiBase,
      resource: emulator.config.companionResource,
    },
    serverEnv,
    async close() {
      if (server) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(() => resolve()));
      }
      await emulator.close();
    },
  };
}
