/**
 * Render time of one page of `<org-members>` in Chromium (playwright-core, the system Chromium):
 * a page that loads the single-file bundle, adds the element and waits until every member row is
 * in its shadow root and laid out. Against a fake API (answers captured from the companion server
 * for the 10,000-member organization, so only the element is measured) and against the real
 * companion server. Baseline in the same page: the same answer fetched and drawn as a plain
 * `<ul>` with innerHTML.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { chromeArgs, requireChrome } from '../scripts/chrome-path.mjs';
import { json, ratio, summarize, type Summary } from './lib.js';

export interface PageServer {
  origin: string;
  /** Answers of the fake API, by path (members pages keyed by page size). */
  setFakeApi(answers: FakeApi): void;
  close(): Promise<void>;
}

export interface FakeApi {
  organization: unknown;
  roles: unknown;
  members: Record<number, unknown>;
}

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>org-members render benchmark</title>
<script type="module">
  import * as widget from '/org-widget.js';
  window.orgWidget = widget;

  const escape = (text) => (text ?? '').replace(/[&<>"]/g, (c) => '&#' + c.charCodeAt(0) + ';');

  /** The baseline: the same answer fetched and drawn as a plain list. */
  async function plain(input) {
    const started = performance.now();
    const res = await fetch(
      input.apiBase + '/organizations/' + input.orgId + '/members?page=1&pageSize=' + input.pageSize,
      { headers: { authorization: 'Bearer ' + input.token } },
    );
    const body = await res.json();
    const list = document.createElement('ul');
    list.innerHTML = body.items
      .map((m) => '<li><strong>' + escape(m.name) + '</strong> <span>' + escape(m.email) +
        '</span> <span>' + m.roles.map((r) => escape(r.name)).join(', ') +
        '</span> <button>Roles</button> <button>Remove</button></li>')
      .join('');
    document.body.append(list);
    void list.getBoundingClientRect().height;
    const ms = performance.now() - started;
    list.remove();
    return ms;
  }

  /** The element: added to the page until every row is in its shadow root and laid out. */
  async function element(input) {
    const started = performance.now();
    const el = document.createElement('org-members');
    el.apiBase = input.apiBase;
    el.getAccessToken = async () => input.token;
    el.organizationId = input.orgId;
    el.pageSize = input.pageSize;
    document.body.append(el);
    const root = el.shadowRoot;
    if (!root) throw new Error('org-members has no shadow root (is it in the bundle?)');
    const done = () => root.querySelectorAll('[part~="member"]').length >= input.pageSize;
    if (!done()) {
      await new Promise((resolve, reject) => {
        const observer = new MutationObserver(() => {
          if (!done()) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve();
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error('rows did not appear: ' + root.innerHTML.slice(0, 400)));
        }, 15000);
        observer.observe(root, { childList: true, subtree: true });
      });
    }
    void el.getBoundingClientRect().height;
    const ms = performance.now() - started;
    el.remove();
    return ms;
  }

  window.benchMeasure = (input, mode) => (mode === 'plain' ? plain(input) : element(input));
  window.benchLoaded = true;
</script>
</head>
<body></body>
</html>`;

/** Serves the page, the bundle and the fake API on a free loopback port. */
export async function startPageServer(bundle: string): Promise<PageServer> {
  let fake: FakeApi | undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/') return send(200, 'text/html; charset=utf-8', PAGE);
    if (url.pathname === '/org-widget.js') return send(200, 'text/javascript', bundle);
    const match = /^\/fake\/organizations\/[^/]+(\/members|\/roles)?$/.exec(url.pathname);
    if (fake && match) {
      if (match[1] === '/roles') return send(200, 'application/json', JSON.stringify(fake.roles));
      if (match[1] === '/members') {
        const size = Number(url.searchParams.get('pageSize') ?? 20);
        const page = fake.members[size];
        if (page) return send(200, 'application/json', JSON.stringify(page));
      } else {
        // As the server answers `include=roles,members` (with the members query).
        const include = url.searchParams.get('include')?.split(',') ?? [];
        const size = Number(url.searchParams.get('pageSize') ?? 20);
        const body = {
          ...(fake.organization as object),
          ...(include.includes('roles') ? { roles: (fake.roles as { items: unknown }).items } : {}),
          ...(include.includes('members') ? { members: fake.members[size] } : {}),
        };
        return send(200, 'application/json', JSON.stringify(body));
      }
    }
    send(404, 'application/json', JSON.stringify({ code: 'route.not_found', message: 'no' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    setFakeApi: (answers) => {
      fake = answers;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Copies the answers the element needs from the companion server, for the fake API. */
export async function captureFakeApi(
  serverUrl: string,
  orgId: string,
  token: string,
  pageSizes: number[],
): Promise<FakeApi> {
  const get = async (path: string) =>
    (
      await json(`${serverUrl}${path}`, {
        headers: { authorization: `Bearer ${token}` },
        expect: 200,
      })
    ).body;
  const members: Record<number, unknown> = {};
  for (const size of pageSizes) {
    members[size] = await get(`/organizations/${orgId}/members?page=1&pageSize=${size}`);
  }
  const fake: FakeApi = {
    organization: await get(`/organizations/${orgId}`),
    roles: await get(`/organizations/${orgId}/roles`),
    members,
  };
  // The fake puts `include` together from these answers: it must answer what the server does.
  for (const size of pageSizes) {
    const combined = await get(`/organizations/${orgId}?include=roles,members&pageSize=${size}`);
    const expected = {
      ...(fake.organization as object),
      roles: (fake.roles as { items: unknown }).items,
      members: members[size],
    };
    if (JSON.stringify(combined) !== JSON.stringify(expected)) {
      throw new Error(`the fake API's include=roles,members differs from the server's (${size})`);
    }
  }
  return fake;
}

export interface RenderCase {
  name: string;
  rows: number;
  /** First render in a fresh page (element definition, styles, first fetch): median of several pages. */
  firstMs: number;
  first: Summary;
  /** The same answer fetched and drawn as a plain list, first in a fresh page. */
  plainFirst: Summary;
  firstRatioP50: number;
  element: Summary;
  plainDom: Summary;
  ratioP50: number;
}

interface CaseInput {
  name: string;
  apiBase: string;
  orgId: string;
  token: string;
  pageSize: number;
}

/** In-page measurement (defined by the page itself, so no bundler helper leaks into it). */
function measureInPage(page: Page, input: CaseInput, mode: 'element' | 'plain'): Promise<number> {
  return page.evaluate(
    (args) =>
      (
        window as unknown as {
          benchMeasure: (input: unknown, mode: string) => Promise<number>;
        }
      ).benchMeasure(args.input, args.mode),
    { input, mode },
  );
}

export async function benchRender(
  pageOrigin: string,
  cases: CaseInput[],
  iterations: number,
  log: (line: string) => void,
  /** Fresh pages whose first element is measured. */
  firstPages = 15,
): Promise<RenderCase[]> {
  const browser = await chromium.launch({
    executablePath: requireChrome(),
    headless: true,
    args: chromeArgs,
  });
  try {
    const results: RenderCase[] = [];
    const freshPage = async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${pageOrigin}/`);
      await page.waitForFunction(
        () => (window as unknown as { benchLoaded?: boolean }).benchLoaded,
      );
      return { context, page };
    };
    for (const input of cases) {
      // The first element of a page, in several fresh pages (one sample of it is mostly noise),
      // against the first plain list of a fresh page: a page's first fetch and first text layout
      // cost whoever comes first.
      const firsts: number[] = [];
      const plainFirsts: number[] = [];
      for (let i = 0; i < firstPages; i += 1) {
        for (const mode of i % 2
          ? (['plain', 'element'] as const)
          : (['element', 'plain'] as const)) {
          const fresh = await freshPage();
          (mode === 'element' ? firsts : plainFirsts).push(
            await measureInPage(fresh.page, input, mode),
          );
          await fresh.context.close();
        }
      }
      const first = summarize(firsts);
      const plainFirst = summarize(plainFirsts);
      const { context, page } = await freshPage();
      const element: number[] = [];
      const plain: number[] = [];
      await measureInPage(page, input, 'plain'); // warm the plain path once too
      for (let i = 0; i < iterations; i += 1) {
        element.push(await measureInPage(page, input, 'element'));
        plain.push(await measureInPage(page, input, 'plain'));
      }
      await context.close();
      const result: RenderCase = {
        name: input.name,
        rows: input.pageSize,
        firstMs: first.p50,
        first,
        plainFirst,
        firstRatioP50: ratio(first.p50, plainFirst.p50),
        element: summarize(element),
        plainDom: summarize(plain),
        ratioP50: ratio(summarize(element).p50, summarize(plain).p50),
      };
      log(
        `  ${input.name}: first ${first.p50} ms (${firstPages} fresh pages, ${first.min}–${first.max}; plain DOM first ${plainFirst.p50} ms), p50 ${result.element.p50} ms (plain DOM ${result.plainDom.p50} ms)`,
      );
      results.push(result);
    }
    return results;
  } finally {
    await browser.close();
  }
}
