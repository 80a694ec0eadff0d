/**
 * Child process of the benchmarks: the companion server exactly as `npm run server` builds it
 * (loadConfig from the environment, createApp, the default JSON logger on stdout), on a free
 * loopback port. Reports `{ ready, url }` over IPC and answers `cpu` and `stop`.
 */
import { createServer } from 'node:http';
import { createApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { createJsonLogger } from '../server/src/logger.js';
import { serveHttpControl } from './control.js';

const started = performance.now();
const config = loadConfig(process.env);
const app = createApp({ config, logger: createJsonLogger() });
const server = createServer(app);
await serveHttpControl(server, started);
