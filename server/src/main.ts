#!/usr/bin/env node
/**
 * `npm run server`: reads the environment once, listens on HOST:PORT (default 127.0.0.1:8787) with the companion
 * API at the root path, and stops cleanly on SIGINT/SIGTERM.
 */
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createJsonLogger } from './logger.js';

const logger = createJsonLogger();

let config: Config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\nSee server/README.md for the variables.\n`);
    process.exit(1);
  }
  throw error;
}

const app = createApp({ config, logger });
const server = app.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info('companion server listening', {
    host: config.host,
    port,
    logto: config.logtoEndpoint,
  });
});
server.on('error', (error) => {
  logger.error('server failed to start', { error });
  process.exit(1);
});

let stopping = false;
function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info('stopping', { signal });
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => {
    server.closeAllConnections();
  }, 5000).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
