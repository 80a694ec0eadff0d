/**
 * End-to-end helpers: the full demo stack on free ports (the same `startDemo()` as `npm start`),
 * Debian Chromium through playwright-core, and small UI steps shared by the journeys.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromeArgs, requireChrome } from '../../scripts/chrome-path.mjs';
import { startDemo, type RunningDemo } from '../../demo/start.js';
import type { OutboxMail } from '../../emulator/src/index.js';
import { en } from '../../widget/src/internal/i18n/en.js';
import { ja } from '../../widget/src/internal/i18n/ja.js';

export const strings = { en, ja } as const;
export type Strings = typeof en;

export interface Stack {
  demo: RunningDemo;
  browser: Browser;
  close(): Promise<void>;
}

/** Emulator, companion server and demo page on free ports, plus one headless Chromium. */
export async function startStack(): Promise<Stack> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'org-widget-e2e-vite-'));
  const demo = await startDemo({
    emulatorPort: 0,
    serverPort: 0,
    demoPort: 0,
    viteCacheDir: cacheDir,
  });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: requireChrome(),
      headless: true,
      args: chromeArgs,
    });
  } catch (error) {
    await demo.close();
    throw error;
  }
  return {
    demo,
    browser,
    async close() {
      await browser.close();
      await demo.close();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

/** Uncaught errors of every page, for a final check. */
export const pageErrors: string[] = [];
/** The last navigations and console errors of every page, printed when a step fails. */
export const journal: string[] = [];
let people = 0;

/** A fresh browser profile (its own cookies and storage): one per person. */
export async function newPerson(
  stack: Stack,
  options: { colorScheme?: 'light' | 'dark' } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await stack.browser.newContext({
    viewport: { width: 1280, height: 860 },
    colorScheme: options.colorScheme ?? 'light',
    locale: 'en-US',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  context.on('weberror', (error) => pageErrors.push(error.error().message));
  const name = `person ${++people}`;
  const note = (text: string) => {
    journal.push(`${new Date().toISOString().slice(11, 23)} ${name} ${text}`);
    if (journal.length > 80) journal.shift();
  };
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame())
      note(`at ${frame.url().replace(/([?&](code|state)=)[^&]+/g, '$1…')}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || /\[vite\]/.test(message.text())) {
      note(`console ${message.type()}: ${message.text()}`);
    }
  });
  return { context, page };
}

/**
 * Signs in through the emulator's own sign-in page (typed like a person would) after the page
 * sent the browser there; waits until the demo shows the signed-in state again.
 */
export async function completeSignIn(page: Page, username: string, password = `${username}-pass`) {
  await page.waitForURL(/\/oidc\/interaction\//);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForSelector('body[data-state="signed-in"]');
}

/** Opens the demo and signs in from its "Sign in" button. */
export async function signIn(page: Page, demo: RunningDemo, username: string) {
  await page.goto(demo.url);
  await page.waitForSelector('body[data-state="signed-out"]');
  await page.locator('#sign-in').click();
  await completeSignIn(page, username);
}

/** The emulator's outbox (`GET /emulator/outbox`), oldest first. */
export async function outbox(demo: RunningDemo): Promise<OutboxMail[]> {
  const response = await fetch(`${demo.logtoEndpoint}/emulator/outbox`, {
    headers: { accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`GET /emulator/outbox answered ${response.status}`);
  return (await response.json()) as OutboxMail[];
}

/** The invitation link of the newest mail to `email`. */
export async function invitationLink(demo: RunningDemo, email: string): Promise<string> {
  const mail = (await outbox(demo)).filter((m) => m.to === email).at(-1);
  if (!mail?.link) throw new Error(`No invitation mail with a link to ${email} in the outbox`);
  return mail.link;
}

/** Fills `{name}`-style placeholders of a UI string. */
export function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
}
