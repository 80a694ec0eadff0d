/** Test helpers: a running emulator plus a small Management API client. */
import { startEmulator } from '../../src/index.js';
import type { EmulatorOptions, RunningEmulator } from '../../src/index.js';

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON (or undefined when empty). */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

export interface TestEmulator {
  emulator: RunningEmulator;
  token: string;
  /** Calls `/api<path>` with the M2M token (or `headers` to override). */
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse>;
  /** Calls any path of the emulator without a token. */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse>;
  close(): Promise<void>;
}

export async function request(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const response = await fetch(url, init);
  const text = await response.text();
  let parsed: unknown = text === '' ? undefined : text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text) {
    parsed = JSON.parse(text);
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ port: 0, ...options });
  const token = await emulator.managementToken();
  const base = `http://127.0.0.1:${emulator.port}`;
  return {
    emulator,
    token,
    api: (method, path, body, headers) =>
      request(`${base}/api${path}`, method, body, {
        authorization: `Bearer ${token}`,
        ...headers,
      }),
    call: (method, path, body, headers) => request(`${base}${path}`, method, body, headers),
    close: () => emulator.close(),
  };
}

let counter = 0;
/** A unique name for fixtures inside one emulator. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}${counter}${Math.random().toString(36).slice(2, 6)}`;
}
