/**
 * The injected logger. Library code never writes to the console directly: it logs through this
 * interface. Every line carries the request id of the request being served (AsyncLocalStorage).
 * Tokens, secrets and Authorization headers are never passed to the logger.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

interface RequestContext {
  requestId: string;
}

const requestContext = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `requestId` attached to every log line written inside it. */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return requestContext.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

/** Anything shaped like a JWT (two or three base64url parts, the first a JSON object). */
const JWT_LIKE = /eyJ[\w-]*\.[\w-]+(?:\.[\w-]*)?/g;
const MAX_PATH = 256;

/**
 * A request path as it may be logged or repeated in an answer: a token a client put in the path
 * by mistake is replaced by `[redacted]`, and a very long path is cut.
 */
export function loggablePath(path: string): string {
  const safe = path.replace(JWT_LIKE, '[redacted]');
  return safe.length > MAX_PATH ? `${safe.slice(0, MAX_PATH)}…` : safe;
}

/** Field names whose values are never written, whatever a caller passes. */
const REDACTED = /authorization|token|secret|password|cookie/i;

function sanitize(fields: LogFields | undefined): LogFields {
  const out: LogFields = {};
  if (!fields) return out;
  for (const [key, value] of Object.entries(fields)) {
    if (REDACTED.test(key)) out[key] = '[redacted]';
    else if (value instanceof Error) out[key] = { name: value.name, message: value.message };
    else out[key] = value;
  }
  return out;
}

/**
 * The default logger: one JSON object per line on `write` (stdout by default), with time (ISO 8601),
 * level, msg, requestId (inside a request) and fields; lines below `level` (`LOG_LEVEL`) are
 * dropped before anything is formatted.
 */
export function createJsonLogger(
  options: {
    level?: LogLevel;
    write?: (line: string) => void;
    now?: () => number;
    /** Fields on every line, e.g. `{ instance: 'host:pid' }` when several instances log. */
    base?: LogFields;
  } = {},
): Logger {
  const min = LEVELS[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => void process.stdout.write(line + '\n'));
  const now = options.now ?? Date.now;
  const base = sanitize(options.base);
  const log = (level: LogLevel) => (message: string, fields?: LogFields) => {
    if (LEVELS[level] < min) return;
    const requestId = currentRequestId();
    write(
      JSON.stringify({
        time: new Date(now()).toISOString(),
        level,
        msg: message,
        ...(requestId ? { requestId } : {}),
        ...base,
        ...sanitize(fields),
      }),
    );
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});

/** Wraps a logger so every line carries the current request id (for injected loggers). */
export function withRequestIds(logger: Logger): Logger {
  const wrap =
    (fn: Logger['info']) =>
    (message: string, fields?: LogFields): void => {
      const requestId = currentRequestId();
      fn(message, sanitize(requestId ? { requestId, ...fields } : fields));
    };
  return {
    debug: wrap(logger.debug.bind(logger)),
    info: wrap(logger.info.bind(logger)),
    warn: wrap(logger.warn.bind(logger)),
    error: wrap(logger.error.bind(logger)),
  };
}
