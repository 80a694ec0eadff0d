/**
 * Test helpers (not part of the bundle): a fake companion API behind a stubbed `window.fetch`,
 * routed by `"METHOD /path"` in a tiny in-test router. Restore with `restore()` after each test.
 *
 * Note: never let an assertion fail with a DOM node as its actual value (`expect(node).to.exist`,
 * `.to.equal(undefined)`): the runner then tries to serialize the node and the browser
 * disconnects. Assert on booleans or text instead (`expect(!!node).to.equal(true)`).
 */
import { expect } from '@open-wc/testing';
import { contextCache, type GetAccessToken, type TokenContext } from './config.js';
import { en } from './i18n/en.js';
import { QuietStart } from './views.js';

export const API_BASE = 'http://org-api.test/api';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  token: string | null;
}

/** A handler returns a body (200 JSON), a `Response`, or a promise of either. */
export type Handler = (req: FakeRequest) => unknown;

export function json(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
  });
}

export const apiError = (status: number, code: string, data?: Record<string, unknown>) =>
  json(status, { code, message: `server says ${code}`, data });

export interface FakeApi {
  calls: FakeRequest[];
  /** Replaces or adds routes. */
  on(routes: Record<string, Handler>): void;
  restore(): void;
}

/** Stubs `window.fetch` with a router over `routes` (keys: `"GET /organizations/o1"`). */
export function fakeApi(routes: Record<string, Handler> = {}): FakeApi {
  const original = window.fetch;
  contextCache.clear();
  const table = { ...routes };
  const calls: FakeRequest[] = [];
  window.fetch = async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const path = url.href.slice(API_BASE.length).split('?')[0]!;
    const headers = new Headers(init?.headers);
    const req: FakeRequest = {
      method,
      path,
      query: url.searchParams,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      token: headers.get('authorization'),
    };
    calls.push(req);
    init?.signal?.throwIfAborted();
    const result = await answer(req);
    init?.signal?.throwIfAborted();
    return result;
  };
  /** A route's answer; `include` on an organization is put together from its routes as the server does. */
  async function answer(req: FakeRequest): Promise<Response> {
    const handler = table[`${req.method} ${req.path}`];
    const result = handler ? await handler(req) : apiError(404, 'route.not_found');
    const response = result instanceof Response ? result : json(200, result);
    const include = req.query.get('include')?.split(',') ?? [];
    if (!include.length || !/^\/organizations\/[^/]+$/.test(req.path) || !response.ok) {
      return response;
    }
    const detail = (await response.json()) as Record<string, unknown>;
    const membersQuery = new URLSearchParams(req.query);
    membersQuery.delete('include');
    const parts = [
      ['roles', '/roles', new URLSearchParams()],
      ['members', '/members', membersQuery],
    ] as const;
    for (const [name, suffix, query] of parts) {
      if (!include.includes(name)) continue;
      const sub = await answer({ ...req, path: req.path + suffix, query });
      if (sub.status === 403) continue; // left out, as the server leaves it out
      if (!sub.ok) return sub; // the whole answer fails, as on the server
      const body = (await sub.json()) as { items?: unknown };
      detail[name] = name === 'roles' ? body.items : body;
    }
    return json(200, detail);
  }
  return {
    calls,
    on: (more) => Object.assign(table, more),
    restore: () => {
      contextCache.clear();
      window.fetch = original;
    },
  };
}

/**
 * The members pages asked of organization `orgId`, in order: on their own
 * (`GET /organizations/:orgId/members`) or brought along (`GET /organizations/:orgId?include=members`).
 */
export function membersAsked(calls: readonly FakeRequest[], orgId: string): URLSearchParams[] {
  const own = `/organizations/${orgId}`;
  return calls
    .filter(
      (c) =>
        c.method === 'GET' &&
        (c.path === `${own}/members` ||
          (c.path === own && !!c.query.get('include')?.split(',').includes('members'))),
    )
    .map((c) => {
      const query = new URLSearchParams(c.query);
      query.delete('include');
      return query;
    });
}

/** A token function that records its contexts and answers `tok-resource` / `tok-<orgId>`. */
export function fakeTokens(): GetAccessToken & { contexts: TokenContext[] } {
  const contexts: TokenContext[] = [];
  const fn = async (context: TokenContext) => {
    contexts.push(context);
    return context.kind === 'organization' ? `tok-${context.organizationId}` : 'tok-resource';
  };
  return Object.assign(fn, { contexts });
}

/** A promise with its resolve function exposed, to hold a request pending. */
export function deferred<T = unknown>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Waits until `check` returns a truthy value: re-checked every frame (or every 20 ms if frames are
 * throttled), failing after `ms`. A condition wait, not a sleep.
 */
export async function until<T>(
  check: () => T,
  what = 'condition',
  ms = 3000,
): Promise<NonNullable<T>> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value as NonNullable<T>;
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => {
      requestAnimationFrame(resolve);
      setTimeout(resolve, 20);
    });
  }
}

/** Elements added by `addWatched`, removed by `removeAdded()` (after each test). */
const added: Array<() => void> = [];

/**
 * Adds element `tag` with `props` by hand (no fixture, so nothing waits for it), recording whether
 * its loading placeholder (`.skeleton`) ever showed in its shadow root.
 */
export function addWatched<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]>,
): { el: HTMLElementTagNameMap[K]; seen: { placeholder: boolean } } {
  const el = Object.assign(document.createElement(tag), props);
  document.body.append(el);
  const seen = { placeholder: false };
  const watch = new MutationObserver(() => {
    seen.placeholder ||= !!el.shadowRoot!.querySelector('.skeleton');
  });
  watch.observe(el.shadowRoot!, { childList: true, subtree: true });
  added.push(() => {
    watch.disconnect();
    el.remove();
  });
  return { el, seen };
}

/** Removes the elements `addWatched` added. */
export function removeAdded(): void {
  for (const remove of added.splice(0)) remove();
}

/**
 * The quiet start of an element (`QuietStart`), as a suite of three tests: its first answers are
 * drawn in one go, with nothing to see and no loading placeholder before them; a slow answer gets
 * the placeholder once the quiet start is over; an element removed in its quiet start draws
 * nothing more. `startHeld` starts the fake API with one first answer held until `resolve()`,
 * `asked` tells when that answer has been asked for, `drawn` when the answers are on screen.
 */
export function describeQuietStart(options: {
  startHeld: () => { resolve: (value: unknown) => void };
  add: () => {
    el: HTMLElement & { updateComplete: Promise<boolean> };
    seen: { placeholder: boolean };
  };
  asked: () => unknown;
  drawn: (el: HTMLElement) => unknown;
}): void {
  const { startHeld, add, asked, drawn } = options;
  describe('quiet start', () => {
    const quietMs = QuietStart.ms;
    afterEach(() => {
      QuietStart.ms = quietMs;
      removeAdded();
    });

    it('draws the first answers in one go, with nothing to see and no placeholder before them', async () => {
      QuietStart.ms = 60_000; // however slow this machine, the answers come within the quiet start
      const held = startHeld();
      const { el, seen } = add();
      await until(asked, 'the held request');
      await el.updateComplete;
      expect(!!el.shadowRoot!.querySelector('[aria-busy=true]')).to.equal(true);
      expect(el.shadowRoot!.textContent!.trim()).to.equal('');
      held.resolve(undefined);
      await until(() => drawn(el), 'the answers drawn');
      expect(seen.placeholder).to.equal(false);
    });

    it('shows the loading placeholder once the quiet start is over, then the answers', async () => {
      QuietStart.ms = 50;
      const held = startHeld();
      const started = performance.now();
      const { el } = add();
      await until(() => el.shadowRoot!.querySelector('.skeleton'), 'placeholder');
      expect(performance.now() - started).to.be.at.least(40); // not at once (timer clocks are coarse)
      expect(el.shadowRoot!.textContent).to.contain(en['common.loading']);
      held.resolve(undefined);
      await until(() => drawn(el), 'the answers drawn');
    });

    it('removed in its quiet start, draws nothing more', async () => {
      QuietStart.ms = 30;
      const held = startHeld();
      const { el, seen } = add();
      await el.updateComplete;
      el.remove();
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(seen.placeholder).to.equal(false);
      held.resolve(undefined);
    });
  });
}
