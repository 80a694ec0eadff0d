/**
 * The default transport to Logto: a `fetch` over `node:http` / `node:https` with keep-alive
 * connections. It answers what the companion server asks of Logto (JSON and form requests, whole
 * answers) at a fraction of the CPU of the global `fetch`, whose WHATWG request and stream
 * machinery dominated the server's own cost per request. No redirects are followed and no
 * compression is asked for; an aborted `signal` destroys the request.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { bufferedResponse, type FetchLike } from './upstream.js';

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

  return async function httpFetch(input, init) {
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
    const url = typeof input === 'string' ? new URL(input) : input;
    const method = (init?.method ?? 'GET').toUpperCase();
    const headers = plainHeaders(init?.headers);
    headers['user-agent'] ??= USER_AGENT;
    const body = await bodyOf(init?.body, headers);
    if (body !== undefined) headers['content-length'] = String(body.byteLength);
    const signal = init?.signal ?? undefined;
    signal?.throwIfAborted();
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:')
      throw new TypeError(`unsupported protocol ${url.protocol}`);

    return new Promise<Response>((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(
        url,
        { method, headers, agent: secure ? https : http },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', fail);
          res.on('end', () => {
            signal?.removeEventListener('abort', onAbort);
            const status = res.statusCode ?? 502;
            const nullBody = status === 204 || status === 304 || method === 'HEAD';
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (value === undefined) continue;
              if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
              else responseHeaders.set(name, value);
            }
            resolve(
              bufferedResponse(nullBody ? null : Buffer.concat(chunks), {
                status,
                statusText: res.statusMessage ?? '',
                headers: responseHeaders,
              }),
            );
          });
        },
      );
      function fail(error: unknown) {
        signal?.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? new TypeError('fetch failed', { cause: error }) : error);
      }
      function onAbort() {
        const reason: unknown = signal?.reason;
        req.destroy();
        reject(reason);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', fail);
      req.end(body);
    });
  };
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
  if (typeof body === 'string') {
    headers['content-type'] ??= 'text/plain;charset=UTF-8';
    return Buffer.from(body);
  }
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
