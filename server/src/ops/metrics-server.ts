/**
 * The metrics listener: `GET /metrics` in the Prometheus text format on its own host and port
 * (`ORG_METRICS_HOST`, default 127.0.0.1; `ORG_METRICS_PORT`), apart from the public API.
 */
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.js';

export function listenMetrics(
  registry: Registry,
  options: { port: number | null; host: string },
  logger: Logger,
): Server {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => {
        logger.error('metrics collection failed', { error });
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n');
      },
    );
  });
  server.listen(options.port ?? 0, options.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    logger.info('metrics listening', { host: options.host, port });
  });
  server.on('error', (error) => logger.error('metrics listener failed', { error }));
  return server;
}
