// `npm run dev`: this host against the Logto emulator (from the emulator package), for trying it
// without a Logto tenant. Sign in as alice / alice-pass.
import { spawn } from 'node:child_process';
import { startEmulator } from 'logto-org-widget-emulator';

const port = Number(process.env.PORT ?? 3000);
const origin = `http://localhost:${port}`;
const emulator = await startEmulator({ port: 3001 });
const host = spawn('node', ['server.mjs'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PORT: String(port),
    LOGTO_ENDPOINT: emulator.url,
    LOGTO_APP_ID: emulator.config.spaAppId,
    LOGTO_M2M_APP_ID: emulator.config.m2mAppId,
    LOGTO_M2M_APP_SECRET: emulator.config.m2mAppSecret,
    LOGTO_MANAGEMENT_API_RESOURCE: emulator.config.managementApiResource,
    ORG_API_RESOURCE: emulator.config.companionResource,
    ORG_ALLOWED_ORIGINS: origin,
    ORG_INVITATION_LINK: `${origin}/invite?id={id}`,
  },
});
const stop = () => {
  host.kill('SIGTERM');
  void emulator.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
