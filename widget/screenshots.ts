/**
 * Screenshots of the settings and inbox states of the elements (profile, domains, switcher
 * invitations, membership lost, the invitation page's logo, the invitation form with and without
 * a role to grant), in English and Japanese, light and dark, 380 px wide, plus the
 * 128-character-name layout at 320 px. Renders the single-file bundle against a canned API
 * (playwright routes) in the system Chromium.
 *
 *   npx tsx widget/screenshots.ts [out-dir]   # default docs/screenshots
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { measureSizes } from '../bench/size.mjs';
import { chromeArgs, requireChrome } from '../scripts/chrome-path.mjs';

const out = resolve(process.argv[2] ?? 'docs/screenshots');
mkdirSync(out, { recursive: true });

const LONG =
  'Acme Interplanetary Rocket, Anvil and Portable Hole Manufacturing Cooperative of the Greater Southwest Desert Regions Ltd.';
const long = LONG.padEnd(128, '.').slice(0, 128);
/** An organization logo (a 1 × 1 purple PNG, drawn square by the element). */
const LOGO = 'https://logo.example/acme.png';
const LOGO_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mOMTfr/HwAFWQKQfTqRvQAAAABJRU5ErkJggg==',
  'base64',
);
const day = 86_400_000;
const admin = { id: 'r-admin', name: 'admin' };
const member = { id: 'r-member', name: 'member' };
const roles = [
  { id: 'r-admin', name: 'admin', description: 'Everything', permissions: [] },
  { id: 'r-member', name: 'member', description: null, permissions: [] },
];

function answers(name: string, lost: boolean, grantable = true): Record<string, unknown> {
  const org = {
    id: 'o1',
    name,
    description: 'Rockets, anvils and portable holes since 1949.',
    createdAt: 0,
    branding: { logoUrl: null },
  };
  return {
    '/me/organizations': {
      items: lost
        ? [{ ...org, id: 'o2', name: 'Beta Labs', roles: [member] }]
        : [
            { ...org, roles: [admin] },
            { ...org, id: 'o2', name: 'Beta Labs', roles: [member] },
          ],
    },
    '/invitations/inv1': {
      invitation: {
        id: 'inv1',
        invitee: 'bob@example.com',
        status: 'Pending',
        roles: [member],
        expiresAt: Date.now() + 6 * day,
      },
      organization: { ...org, branding: { logoUrl: LOGO, darkLogoUrl: null } },
      inviter: { name: 'Alice Admin', email: 'alice@example.com' },
    },
    '/me/invitations': {
      invitations: [
        {
          id: 'i1',
          organization: { id: 'o3', name: 'Globex', branding: null },
          inviter: { name: 'Hank Scorpio', email: 'hank@globex.example' },
          roles: [member],
          expiresAt: Date.now() + 6 * day,
          status: 'Pending',
        },
        {
          id: 'i2',
          organization: { id: 'o4', name: long, branding: null },
          inviter: { email: 'someone.with.a.very.long.address@subdomain.example.co.jp' },
          roles: [admin],
          expiresAt: Date.now() + 2 * day,
          status: 'Pending',
        },
      ],
    },
    '/organizations/o1': {
      organization: org,
      me: {
        id: 'me',
        roles: [admin],
        permissions: ['read:member', 'invite:member', 'manage:organization'],
      },
    },
    // Without a grantable role, the inviter may only grant roles with permissions they lack.
    '/organizations/o1/roles': {
      items: grantable ? roles : roles.map((r) => ({ ...r, permissions: ['remove:member'] })),
    },
    '/organizations/o1/invitations': { items: [] },
    '/organizations/o1/members': { items: [], total: 2, page: 1, pageSize: 1 },
    '/organizations/o1/domains': {
      domains: ['acme.com'],
      roles: [member],
      ownDomain: 'acme.com',
      allowAnyDomain: false,
    },
  };
}

const size = await measureSizes({ only: 'all' });
const server = createServer((req, res) => {
  if (req.url === '/bundle.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' });
    res.end(size.allCode);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<!doctype html><meta charset="utf-8"><body></body>');
});
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const browser = await chromium.launch({
  executablePath: requireChrome(),
  headless: true,
  args: chromeArgs,
});

async function open(opts: {
  lang: string;
  dark: boolean;
  width: number;
  body: string;
  name?: string;
  lost?: boolean;
  grantable?: boolean;
  storage?: Record<string, string>;
}): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: opts.width, height: 900 },
    colorScheme: opts.dark ? 'dark' : 'light',
    deviceScaleFactor: 1,
  });
  const canned = answers(opts.name ?? 'Acme', !!opts.lost, opts.grantable ?? true);
  await page.route(LOGO, (route) => route.fulfill({ contentType: 'image/png', body: LOGO_PNG }));
  await page.route('**/api/**', (route) => {
    const url = new URL(route.request().url());
    const path = url.pathname.replace(/^\/api/, '');
    let body = canned[path];
    // `?include=roles,members` adds those answers to the organization's, as the server does.
    const include = url.searchParams.get('include')?.split(',') ?? [];
    if (body && include.length) {
      body = { ...(body as object) };
      const detail = body as Record<string, unknown>;
      if (include.includes('roles'))
        detail.roles = (canned[`${path}/roles`] as { items: unknown }).items;
      if (include.includes('members')) detail.members = canned[`${path}/members`];
    }
    return route.fulfill({
      status: body ? 200 : 404,
      contentType: 'application/json',
      body: JSON.stringify(body ?? { code: 'route.not_found', message: 'no' }),
    });
  });
  await page.goto(origin);
  // A string, not a function: the TypeScript loader would add helpers the page does not have.
  const setup = JSON.stringify({ ...opts, storage: opts.storage ?? {} });
  await page.evaluate(`(async () => {
    const o = ${setup};
    for (const [k, v] of Object.entries(o.storage)) localStorage.setItem(k, v);
    document.documentElement.lang = o.lang;
    document.body.style.cssText = 'margin:0;padding:16px;font-family:system-ui;background:' +
      (o.dark ? '#0d0e11' : '#f4f5f7') + ';color-scheme:' + (o.dark ? 'dark' : 'light');
    const widget = await import('/bundle.js');
    widget.configure({ apiBase: location.origin + '/api', getAccessToken: async () => 'token' });
    document.body.innerHTML = o.body;
  })()`);
  return page;
}

async function shot(page: Page, name: string) {
  await page.waitForTimeout(300); // fonts and the last frame
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
  const scroll = await page.evaluate('document.documentElement.scrollWidth > innerWidth');
  if (scroll) console.warn(`${name}: horizontal scroll!`);
  await page.close();
  console.log(`wrote ${name}.png`);
}

for (const lang of ['en', 'ja']) {
  for (const dark of [false, true]) {
    const suffix = `${lang}-${dark ? 'dark' : 'light'}`;
    // The settings element (profile, auto-join domains, leave / delete).
    let page = await open({
      lang,
      dark,
      width: 380,
      body: '<org-profile organization-id="o1"></org-profile>',
    });
    await page.locator('org-profile [part=domains] .chips').waitFor();
    await shot(page, `profile-${suffix}`);

    // The switcher, open, with pending invitations.
    page = await open({
      lang,
      dark,
      width: 380,
      body: '<org-switcher organization-id="o1" style="width:100%"></org-switcher><div style="height:560px"></div>',
    });
    await page.locator('org-switcher [part=invitations]').waitFor({ state: 'attached' });
    await page.locator('org-switcher #trigger').click();
    await page.locator('org-switcher [part=invitations] li').first().waitFor();
    await shot(page, `switcher-invitations-${suffix}`);

    // Membership lost: the remembered organization is no longer among mine.
    page = await open({
      lang,
      dark,
      width: 380,
      lost: true,
      body: '<org-switcher persist></org-switcher>',
      storage: { 'org-widget:organization': 'o1', 'org-widget:organization:name': 'Acme' },
    });
    await page.locator('org-switcher [part=notice]:not(:empty)').waitFor();
    await shot(page, `membership-lost-${suffix}`);

    // The invitee's page with the organization's logo.
    page = await open({
      lang,
      dark,
      width: 380,
      body: '<org-invitation invitation-id="inv1"></org-invitation>',
    });
    await page.locator('org-invitation .title .avatar img').waitFor();
    await shot(page, `invitation-logo-${suffix}`);

    // The invitation form: a role is always chosen; with none the inviter may grant, it says so.
    for (const grantable of [true, false]) {
      page = await open({
        lang,
        dark,
        width: 380,
        grantable,
        body: '<org-invite organization-id="o1"></org-invite>',
      });
      await page.locator(grantable ? 'org-invite #role' : 'org-invite #no-role').waitFor();
      await shot(page, `invite${grantable ? '' : '-no-role'}-${suffix}`);
    }
  }
}

// 128-character names and long emails at 320 px: no horizontal scroll.
let page = await open({
  lang: 'en',
  dark: false,
  width: 320,
  name: long,
  body: '<org-switcher organization-id="o1"></org-switcher><div style="height:16px"></div><org-profile organization-id="o1"></org-profile><div style="height:640px"></div>',
});
await page.locator('org-profile [part=header]').waitFor();
await page.locator('org-switcher #trigger').click();
await page.locator('org-switcher [part=invitations] li').first().waitFor();
await shot(page, 'long-names-320-en-light');
page = await open({
  lang: 'ja',
  dark: true,
  width: 320,
  name: long,
  body: '<org-profile organization-id="o1"></org-profile>',
});
await page.locator('org-profile [part=header]').waitFor();
await shot(page, 'long-names-320-ja-dark');

await browser.close();
server.close();
