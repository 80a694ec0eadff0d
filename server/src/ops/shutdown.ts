/**
 * Graceful shutdown of a listening server: report `stopping` on /readyz, stop accepting
 * connections, let in-flight requests finish (idle keep-alive connections are closed as they go
 * idle), then release what the process holds (locks, Redis) and resolve with the exit code:
 * 0 when everything finished, 1 when requests were still running after `timeoutMs` and their
 * connections were cut.
 */
import type { Server } from 'node:http';
import type { Logger } from '../logger.js';

export interface ShutdownOptions {
  server: Server;
  timeoutMs: number;
  logger: Logger;
  /** Runs first (e.g. readiness.drain()). */
  beforeClose?: () => void;
  /** Runs once no request is in flight any more (release locks, close Redis). */
  afterClose?: () => Promise<void>;
}

/** Returns `stop(signal)`; calling it again returns the same promise. */
export function gracefulShutdown(options: ShutdownOptions): (signal: string) => Promise<number> {
  const { server, logger } = options;
  let stopping: Promise<number> | undefined;
  return (signal) => {
    stopping ??= (async () => {
      logger.info('stopping', { signal });
      options.beforeClose?.();
      let code = 0;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Keep-alive connections of finished requests would hold close() open: close them as they
      // go idle.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const deadline = new Promise<'timeout'>((resolve) =>
        setTimeout(() => resolve('timeout'), options.timeoutMs).unref(),
      );
      if ((await Promise.race([closed, deadline])) === 'timeout') {
        logger.warn('requests still in flight at the shutdown timeout; closing them');
        server.closeAllConnections();
        code = 1;
      }
      clearInterval(sweep);
      try {
        await options.afterClose?.();
      } catch (error) {
        logger.error('shutdown cleanup failed', { error });
        code = 1;
      }
      logger.info('stopped', { code });
      return code;
    })();
    return stopping;
  };
}
