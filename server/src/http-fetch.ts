/**
 * The default transport to Logto: a `fetch` over `node:http` / `node:https` with keep-alive
 * connections. It answers what the companion server asks of Logto (JSON and form requests, whole
 * answers) at a fraction of the CPU of the global `fetch`, whose WHATWG request and stream
 * machinery dominated the server's own cost per request. No redirects are followed and no
 * compression is asked for; an aborted `signal` destroys the request.
 */
import {
  Agent as HttpAgent,
  request as httpRequest,
  type ClientRequest,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { bufferedResponse, RawHeaders, withDirectSend, type FetchLike } from './upstream.js';

/** Sent with every call unless the caller names its own: Logto's logs tell the server's calls apart. */
export const USER_AGENT = 'logto-org-widget-server';

export interface HttpFetchOptions {
  /** Connections per host at once. Default: no bound (as the global fetch), so a burst never queues behind the timeout. */
  maxSockets?: number;
}

export function createHttpFetch(options: HttpFetchOptions = {}): FetchLike {
  // An idle connection is dropped after 4 s (or sooner, by the server's Keep-Alive hint), before
  // Logto's own 5 s keep-alive timeout could close it under a request being sent.
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? Infinity,
    scheduling: 'lifo' as const,
    timeout: 4000,
  };
  const http = new HttpAgent(agentOptions);
  const https = new HttpsAgent(agentOptions);

  /**
   * One request and its whole answer. `settle` is called once: with the response, or with the
   * error; the returned request can be destroyed to give up (the caller settles then).
   */
  function exchange(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: Buffer | undefined,
    settle: (error: unknown, response?: Response) => void,
  ): ClientRequest {
    const secure = url.protocol === 'https:';
    const req = (secure ? httpsRequest : httpRequest)(
      url,
      { method, headers, agent: secure ? https : http },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', settle);
        res.on('end', () => {
          const status = res.statusCode ?? 502;
          const nullBody = status === 204 || status === 304 || method === 'HEAD';
          settle(
            undefined,
            bufferedResponse(nullBody ? null : Buffer.concat(chunks), {
              status,
              statusText: res.statusMessage ?? '',
              headers: new RawHeaders(res.headers),
            }),
          );
        });
      },
    );
    req.on('error', settle);
    req.end(body);
    return req;
  }

  function prepare(
    input: string | URL,
    method: string | undefined,
    headers: Record<string, string>,
  ) {
    const url = typeof input === 'string' ? new URL(input) : input;
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new TypeError(`unsupported protocol ${url.protocol}`);
    headers['user-agent'] ??= USER_AGENT;
    return { url, method: (method ?? 'GET').toUpperCase() };
  }

  const fetchFailed = (error: unknown) =>
    error instanceof Error ? new TypeError('fetch failed', { cause: error }) : error;

  const httpFetch: FetchLike = async function httpFetch(input, init) {
    if (input instanceof Request) {
      // Rare path (a Request built by a library): read it into plain parts once.
      const request = input;
      const body = request.body ? await request.text() : undefined;
      return httpFetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(body === undefined ? {} : { body }),
        signal: init?.signal ?? request.signal,
      });
    }
    const headers = plainHeaders(init?.headers);
    const { url, method } = prepare(input, init?.method, headers);
    const body = await bodyOf(init?.body, headers);
    if (body !== undefined) headers['content-length'] = String(body.byteLength);
    const signal = init?.signal ?? undefined;
    signal?.throwIfAborted();
    return new Promise<Response>((resolve, reject) => {
      const req = exchange(url, method, headers, body, (error, response) => {
        signal?.removeEventListener('abort', onAbort);
        if (response) resolve(response);
        else reject(fetchFailed(error));
      });
      function onAbort() {
        const reason: unknown = signal?.reason;
        req.destroy();
        reject(reason);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  };

  // The path of the server's own calls: plain parts and a deadline, no AbortSignal (an
  // EventTarget) per call.
  return withDirectSend(httpFetch, (request, timeoutMs, timedOut) => {
    const headers = { ...request.headers };
    const { url, method } = prepare(request.url, request.method, headers);
    const body = request.body === undefined ? undefined : textBody(request.body, headers);
    if (body !== undefined) headers['content-length'] = String(body.byteLength);
    return new Promise<Response>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const req = exchange(url, method, headers, body, (error, response) => {
        if (timer === undefined) return; // already given up
        clearTimeout(timer);
        timer = undefined;
        if (response) resolve(response);
        else reject(fetchFailed(error));
      });
      timer = setTimeout(() => {
        timer = undefined;
        req.destroy();
        reject(timedOut());
      }, timeoutMs);
    });
  });
}

function plainHeaders(headers: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (headers instanceof Headers || Array.isArray(headers)) {
    for (const [name, value] of headers as Iterable<[string, string]>)
      out[name.toLowerCase()] = value;
    return out;
  }
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = String(value);
  return out;
}

async function bodyOf(
  body: RequestInit['body'],
  headers: Record<string, string>,
): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return textBody(body, headers);
  if (body instanceof URLSearchParams) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
    return Buffer.from(body.toString());
  }
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  // Blobs, streams, forms: let the platform serialize them.
  const serialized = new Response(body);
  const type = serialized.headers.get('content-type');
  if (type) headers['content-type'] ??= type;
  return Buffer.from(await serialized.arrayBuffer());
}

/** A string body, typed as `fetch` types it unless the caller named a type. */
function textBody(text: string, headers: Record<string, string>): Buffer {
  headers['content-type'] ??= 'text/plain;charset=UTF-8';
  return Buffer.from(text);
}
