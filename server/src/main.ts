#!/usr/bin/env node
/**
 * `npm run server`: reads the environment once, listens on HOST:PORT (default 127.0.0.1:8787) with
 * the companion API at the root path, serves Prometheus metrics on ORG_METRICS_PORT when set, and
 * stops gracefully on SIGTERM/SIGINT (see ops/shutdown.ts).
 */
import { hostname } from 'node:os';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createJsonLogger } from './logger.js';
import { createMetrics, noMetrics } from './ops/metrics.js';
import { listenMetrics } from './ops/metrics-server.js';
import { gracefulShutdown } from './ops/shutdown.js';

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

const logger = createJsonLogger({
  level: config.logLevel,
  base: { instance: `${hostname()}:${process.pid}` },
});
const metrics = config.metrics.port === null ? noMetrics : createMetrics();
const { app, shared, readiness, internals } = buildApp({ config, logger, metrics });
const server = app.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info('companion server listening', {
    host: config.host,
    port,
    logto: config.logtoEndpoint,
    redis: shared.redis ? 'on' : 'off',
  });
});
server.on('error', (error) => {
  logger.error('server failed to start', { error });
  process.exit(1);
});

const metricsServer =
  config.metrics.port !== null && metrics.registry
    ? listenMetrics(metrics.registry, config.metrics, logger)
    : null;

const stop = gracefulShutdown({
  server,
  timeoutMs: config.shutdownTimeoutMs,
  logger,
  beforeClose: () => {
    readiness.drain();
    // Open event streams would hold the server open: close them (clients reconnect elsewhere).
    void internals.live?.hub.close();
  },
  afterClose: async () => {
    await internals.live?.close();
    await shared.close();
    metricsServer?.close();
  },
});
process.on('SIGINT', () => void stop('SIGINT').then((code) => process.exit(code)));
process.on('SIGTERM', () => void stop('SIGTERM').then((code) => process.exit(code)));
