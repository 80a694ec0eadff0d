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

/** A header list a buffered response can answer from (a `Headers`, or `RawHeaders`). */
type HeaderList = Pick<Headers, 'get' | 'has' | 'forEach'> & Iterable<[string, string]>;

/**
 * The headers of a `node:http` answer as they arrived (lower-case names), read through the
 * `Headers` methods callers use. No copy is made per call.
 */
export class RawHeaders implements HeaderList {
  constructor(private readonly raw: Readonly<Record<string, string | string[] | undefined>>) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  forEach(callback: (value: string, name: string, parent: Headers) => void): void {
    for (const [name, value] of this) callback(value, name, this as unknown as Headers);
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.raw).sort()) {
      const value = this.get(name);
      if (value !== null) yield [name, value];
    }
  }
}

/**
 * A response whose body is already in memory: `text()`, `json()` and `arrayBuffer()` answer from
 * the buffer, any number of times, without the web-stream machinery of a streamed body (a large
 * share of the CPU of a call). It has the parts of a `Response` that calls to Logto read (status,
 * ok, headers, the body readers, clone); `body` is null.
 */
class BufferedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: HeaderList;
  readonly body = null;
  readonly bodyUsed = false;
  readonly redirected = false;
  readonly type = 'basic';
  readonly url = '';

  constructor(
    private readonly buffer: Buffer | null,
    init: { status: number; statusText?: string; headers: HeaderList },
  ) {
    this.status = init.status;
    this.statusText = init.statusText ?? '';
    this.ok = init.status >= 200 && init.status < 300;
    this.headers = init.headers;
  }

  async text(): Promise<string> {
    return this.buffer ? this.buffer.toString('utf8') : '';
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.buffer;
    return b
      ? (b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer)
      : new ArrayBuffer(0);
  }

  clone(): BufferedResponse {
    return new BufferedResponse(this.buffer, this);
  }
}

/** A response made from a body already in memory (see `BufferedResponse`). */
export function bufferedResponse(
  buffer: Buffer | null,
  init: { status: number; statusText?: string; headers: HeaderList },
): Response {
  return new BufferedResponse(buffer, init) as unknown as Response;
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
 * Sends one call within `timeoutMs`, settling with the whole answer; on the deadline it gives up
 * and rejects with `timedOut()`.
 */
export type DirectSend = (
  request: UpstreamRequest,
  timeoutMs: number,
  timedOut: () => Error,
) => Promise<Response>;

/** Transports that also offer a direct path for the server's own calls (`withDirectSend`). */
const DIRECT = new WeakMap<FetchLike, DirectSend>();

/**
 * Attaches a direct path to a `fetch`: `fetchWithTimeout` uses it instead of the `fetch` (no
 * AbortController, no race per call); the `fetch` itself serves everything else.
 */
export function withDirectSend(fetchImpl: FetchLike, send: DirectSend): FetchLike {
  DIRECT.set(fetchImpl, send);
  return fetchImpl;
}

export function directSendOf(fetchImpl: FetchLike): DirectSend | undefined {
  return DIRECT.get(fetchImpl);
}

/**
 * One HTTP attempt with a timeout. Resolves with the response (headers received and body fully
 * read into memory, so the timeout also covers a stalled body); rejects with an AppError
 * (`upstream.timeout` or `upstream.unavailable`). The default transport's direct path is used
 * when there is one; any other `fetch` is given an abort signal and raced against the timer.
 */
export async function fetchWithTimeout(
  fetchImpl: FetchLike,
  request: UpstreamRequest,
  timeoutMs: number,
): Promise<Response> {
  const timedOut = () => new TimeoutSignal(`no answer within ${timeoutMs} ms`);
  const direct = directSendOf(fetchImpl);
  if (direct) {
    try {
      return await direct(request, timeoutMs, timedOut);
    } catch (error) {
      if (error instanceof TimeoutSignal) throw upstreamTimeout(error);
      throw upstreamUnavailable(error);
    }
  }
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const init: RequestInit = {
    method: request.method,
    headers: request.headers,
    signal: controller.signal,
  };
  if (request.body !== undefined) init.body = request.body;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const reason = timedOut();
        controller.abort(reason);
        reject(reason);
      }, timeoutMs);
    });
    const attempt = (async () => {
      const response = await fetchImpl(request.url, init);
      if (response instanceof BufferedResponse) return response as unknown as Response;
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
