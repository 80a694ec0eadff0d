/**
 * Calls to Logto: a timeout on every call, one bounded retry with backoff for idempotent calls,
 * and the mapping of failures to stable codes. Logto's own text never leaves the server.
 */
import { AppError } from './errors.js';

export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

export function upstreamUnavailable(cause?: unknown): AppError {
  return new AppError('upstream.unavailable', 'The identity service is unavailable. Try again.', {
    status: 503,
    expose: true,
    cause,
  });
}

export function upstreamError(cause?: unknown, data?: Record<string, unknown>): AppError {
  return new AppError('upstream.error', 'The identity service gave an unexpected answer.', {
    status: 502,
    expose: true,
    cause,
    ...(data ? { data } : {}),
  });
}

export function upstreamTimeout(cause?: unknown): AppError {
  return new AppError('upstream.timeout', 'The identity service did not answer in time.', {
    status: 504,
    expose: true,
    cause,
  });
}

/** Status codes worth one more try for an idempotent call. */
export const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
export const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** Responses made by `bufferedResponse` (their body is already in memory). */
const BUFFERED = new WeakSet<Response>();

/**
 * A Response whose body is already in memory: `text()`, `json()` and `arrayBuffer()` answer from
 * the buffer, without the web-stream machinery of a streamed body (a large share of the CPU of a
 * call). `body` is null; it can be read any number of times.
 */
export function bufferedResponse(buffer: Buffer | null, init: ResponseInit): Response {
  const response = new Response(null, init);
  const text = async () => (buffer ? buffer.toString('utf8') : '');
  Object.defineProperties(response, {
    text: { value: text },
    json: { value: async () => JSON.parse(await text()) as unknown },
    arrayBuffer: {
      value: async () =>
        buffer
          ? buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength)
          : new ArrayBuffer(0),
    },
    clone: {
      value: () =>
        bufferedResponse(buffer, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        }),
    },
  });
  BUFFERED.add(response);
  return response;
}

class TimeoutSignal extends Error {
  override readonly name = 'UpstreamTimeout';
}

/**
 * One call to Logto as plain parts (built once, reused as is by a retry: no Request objects to
 * clone).
 */
export interface UpstreamRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * One HTTP attempt with a timeout. Resolves with the response (headers received and body fully
 * read into a fresh Response, so the timeout also covers a stalled body); rejects with an AppError
 * (`upstream.timeout` or `upstream.unavailable`).
 */
export async function fetchWithTimeout(
  fetchImpl: FetchLike,
  request: UpstreamRequest,
  timeoutMs: number,
): Promise<Response> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const reason = new TimeoutSignal(`no answer within ${timeoutMs} ms`);
      controller.abort(reason);
      reject(reason);
    }, timeoutMs);
  });
  try {
    const attempt = (async () => {
      const response = await fetchImpl(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        signal: controller.signal,
      });
      if (BUFFERED.has(response)) return response;
      const body = response.status === 204 ? null : Buffer.from(await response.arrayBuffer());
      return bufferedResponse(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    })();
    attempt.catch(() => {});
    return await Promise.race([attempt, timeout]);
  } catch (error) {
    if (error instanceof TimeoutSignal) throw upstreamTimeout(error);
    if (error instanceof AppError) throw error;
    throw upstreamUnavailable(error);
  } finally {
    clearTimeout(timer);
  }
}

export interface RetryOptions {
  /** Delay before the single retry, in ms (jittered up to +50 %). */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `fetchWithTimeout` plus one retry for idempotent methods after a network error or a 429/502/503/504
 * answer. Timeouts are not retried (the timeout bounds the total wait). POSTs are never retried.
 */
export async function fetchWithRetry(
  fetchImpl: FetchLike,
  request: UpstreamRequest,
  timeoutMs: number,
  options: RetryOptions = {},
): Promise<Response> {
  const idempotent = IDEMPOTENT_METHODS.has(request.method.toUpperCase());
  try {
    const response = await fetchWithTimeout(fetchImpl, request, timeoutMs);
    if (!idempotent || !RETRYABLE_STATUSES.has(response.status)) return response;
    await (options.sleep ?? defaultSleep)(retryDelay(response, options.backoffMs ?? 200));
  } catch (error) {
    if (!idempotent || !(error instanceof AppError) || error.code !== 'upstream.unavailable')
      throw error;
    await (options.sleep ?? defaultSleep)(retryDelay(undefined, options.backoffMs ?? 200));
  }
  return fetchWithTimeout(fetchImpl, request, timeoutMs);
}

function retryDelay(response: Response | undefined, base: number): number {
  const header = response?.headers.get('retry-after');
  const seconds = header && /^\d+$/.test(header) ? Number(header) : undefined;
  // Honour a short Retry-After; never wait longer than 2 s for a retry.
  if (seconds !== undefined) return Math.min(seconds * 1000, 2000);
  return Math.round(base * (1 + Math.random() * 0.5));
}
