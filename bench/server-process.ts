/**
 * Child process of the benchmarks: the companion server exactly as `npm run server` builds it
 * (loadConfig from the environment, createApp, the default JSON logger on stdout), on a free
 * loopback port. Reports `{ ready, url }` over IPC and answers `cpu` and `stop`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { createJsonLogger } from '../server/src/logger.js';
import { serveControl } from './control.js';

const started = performance.now();
const config = loadConfig(process.env);
const app = createApp({ config, logger: createJsonLogger() });
const server = createServer(app);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
serveControl(`http://127.0.0.1:${port}`, performance.now() - started, async () => {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
});
