/**
 * The organization's life through the demo's UI, in Chromium, once in English and once in
 * Japanese: an admin edits the settings (name, description, a logo that does not load) and a
 * member sees them; the admin adds the company's email domain for automatic membership and a new
 * person who creates an account with that domain lands in the organization; someone with two
 * pending invitations declines one and joins the other from the switcher; a removed member is
 * told on the next load and the remembered selection is forgotten; the admin deletes the
 * organization after typing its name.
 *
 * With `E2E_SCREENSHOTS=<dir>` the run also saves screenshots of each new state into that
 * directory (`demo-*.png`).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  fill,
  journal,
  newPerson,
  pageErrors,
  signIn,
  startStack,
  strings,
  type Stack,
  type Strings,
} from './support.js';

const shotsDir = process.env.E2E_SCREENSHOTS;
const STORAGE_KEY = 'org-widget:organization';
/** A logo address that never loads (Chromium refuses the port): the initials stay. */
const BROKEN_LOGO = 'http://127.0.0.1:9/logo.png';

let stack: Stack;

async function screenshot(page: Page, name: string) {
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(shotsDir, `demo-${name}.png`) });
}

/** `it`, plus screenshots of every open page into `test-results/e2e/` when the step fails. */
function step(name: string, fn: () => Promise<void>) {
  it(name, async () => {
    try {
      await fn();
    } catch (error) {
      const dir = join('test-results', 'e2e');
      mkdirSync(dir, { recursive: true });
      const slug = `lifecycle-${name.replace(/\W+/g, '-').slice(0, 40)}`;
      const pages = stack?.browser.contexts().flatMap((c) => c.pages()) ?? [];
      await Promise.all(
        pages.map((p, i) => p.screenshot({ path: join(dir, `${slug}-${i}.png`) }).catch(() => {})),
      );
      console.error(`Last page events before "${name}" failed:\n${journal.join('\n')}`);
      throw error;
    }
  });
}

const profile = (page: Page) => page.locator('org-profile');
const members = (page: Page) => page.locator('org-members');
const switcher = (page: Page) => page.locator('org-switcher');
const memberRow = (page: Page, text: string) =>
  members(page).locator('li[part="member"]', { hasText: text });

/** Chooses the demo's language before anything else (the choice survives signing in). */
async function openIn(page: Page, lang: 'en' | 'ja') {
  await page.goto(stack.demo.url);
  await page.waitForSelector('body[data-state="signed-out"]');
  await page.getByRole('button', { name: lang === 'ja' ? '日本語' : 'EN', exact: true }).click();
  assert.equal(await page.locator('html').getAttribute('lang'), lang);
}

/** Creates an account on the emulator's sign-in page ("Create account") and comes back signed in. */
async function register(page: Page, lang: 'en' | 'ja', username: string, email: string) {
  await openIn(page, lang);
  await page.locator('#sign-in').click();
  await page.waitForURL(/\/oidc\/interaction\//);
  await page.locator('#create-account').click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(`${username}-pass-1`);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await page.waitForSelector('body[data-state="signed-in"]');
  assert.equal(await page.locator('html').getAttribute('lang'), lang);
}

/** Creates an organization from the start page; ends with it selected. */
async function createOrganization(page: Page, t: Strings, name: string) {
  const create = page.locator('.start org-create');
  await create.getByLabel(t['create.name'], { exact: true }).fill(name);
  await create.getByRole('button', { name: t['create.submit'], exact: true }).click();
  await page.waitForSelector('body[data-organization="chosen"]');
  await profile(page).getByRole('heading', { name, exact: true }).waitFor();
}

/** Sends invitations from the page's <org-invite>, waiting for one result row per address. */
async function invite(page: Page, t: Strings, emails: string[]) {
  const form = page.locator('org-invite');
  await form.getByLabel(t['invite.emails'], { exact: true }).fill(emails.join(', '));
  await form.getByRole('button', { name: t['invite.submit'], exact: true }).click();
  for (const email of emails) {
    await form
      .locator('[part="results"] li', { hasText: email })
      .getByText(t['invite.sent'])
      .waitFor();
  }
}

interface Run {
  lang: 'en' | 'ja';
  /** Signs the admin in (seeded or registered) on a fresh page. */
  admin: (page: Page) => Promise<void>;
  /** How others see the admin (name, else email). */
  adminLabel: string;
  domain: string;
  orgName: string;
  renamed: string;
  /** The initials the header shows for `renamed` when the logo does not load. */
  initials: string;
  description: string;
  /** Who registers with an address of `domain`. */
  newcomer: string;
  /** Who has a pending invitation from the admin's and from Globex. */
  invitee: { username: string; email: string; label: string };
}

const runs: Run[] = [
  {
    lang: 'en',
    admin: async (page) => {
      await openIn(page, 'en');
      await page.locator('#sign-in').click();
      await page.waitForURL(/\/oidc\/interaction\//);
      await page.getByLabel('Username').fill('erin');
      await page.getByLabel('Password').fill('erin-pass');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForSelector('body[data-state="signed-in"]');
    },
    adminLabel: 'Erin Acme',
    domain: 'acme.test',
    orgName: 'Acme',
    renamed: 'Acme Rockets',
    initials: 'AR',
    description: 'Rockets, anvils and giant magnets.',
    newcomer: 'frank',
    invitee: { username: 'bob', email: 'bob@example.com', label: 'Bob Example' },
  },
  {
    lang: 'ja',
    admin: (page) => register(page, 'ja', 'gina', 'gina@kaisha.test'),
    adminLabel: 'gina@kaisha.test',
    domain: 'kaisha.test',
    orgName: 'デモ株式会社',
    renamed: 'デモ商事株式会社',
    initials: 'デ',
    description: 'ロケットと金床の専門商社です。',
    newcomer: 'hana',
    invitee: { username: 'carol', email: 'carol@example.com', label: 'Carol Example' },
  },
];

describe('organization lifecycle through the demo', { timeout: 240_000 }, () => {
  before(async () => {
    stack = await startStack();
  });

  after(async () => {
    await stack?.close();
  });

  step('dave creates "Globex" and invites bob and carol (the invitations to decline)', async () => {
    const { page: dave, context } = await newPerson(stack);
    await signIn(dave, stack.demo, 'dave');
    await createOrganization(dave, strings.en, 'Globex');
    await invite(dave, strings.en, ['bob@example.com', 'carol@example.com']);
    await context.close();
  });

  for (const run of runs) {
    const t = strings[run.lang];
    const { lang } = run;
    let admin: Page;
    let newcomer: Page;
    let invitee: Page;
    const newcomerEmail = `${run.newcomer}@${run.domain}`;

    step(`${lang}: the admin renames the organization, describes it, sets a logo`, async () => {
      ({ page: admin } = await newPerson(stack));
      await run.admin(admin);
      await createOrganization(admin, t, run.orgName);

      const form = profile(admin).locator('[part="form"]');
      await form.getByLabel(t['create.name'], { exact: true }).fill(run.renamed);
      await form.getByLabel(t['create.description'], { exact: true }).fill(run.description);
      await form.getByLabel(t['profile.logo'], { exact: true }).fill('javascript:alert(1)');
      await form.getByRole('button', { name: t['common.save'], exact: true }).click();
      // Only http(s) logos: refused in the form, nothing sent.
      await form.getByText(t['profile.badUrl']).waitFor();
      await form.getByLabel(t['profile.logo'], { exact: true }).fill(BROKEN_LOGO);
      await form.getByRole('button', { name: t['common.save'], exact: true }).click();
      await profile(admin).getByRole('status').filter({ hasText: t['profile.saved'] }).waitFor();

      const header = profile(admin).locator('[part="header"]');
      await header.getByRole('heading', { name: run.renamed, exact: true }).waitFor();
      await header.getByText(run.description).waitFor();
      // The logo does not load: the initials show instead of a broken image.
      await header.locator('.avatar img').first().waitFor({ state: 'hidden' });
      assert.equal((await header.locator('.avatar').innerText()).trim(), run.initials);
      // The demo refreshes the switcher after `org-updated`: the new name is there.
      await switcher(admin).locator('[part="trigger"]', { hasText: run.renamed }).waitFor();
      await screenshot(admin, `settings-${lang}-light`);
    });

    step(`${lang}: the admin adds the company's email domain with the Member role`, async () => {
      const domains = profile(admin).locator('[part="domains"]');
      await domains.getByText(t['domains.none']).waitFor();
      await domains.getByText(fill(t['domains.ownHint'], { domain: run.domain })).waitFor();
      // Another company's domain: the element says only one's own is allowed, the button stays off.
      const input = domains.getByLabel(t['domains.add'], { exact: true });
      await input.fill('initech.test');
      assert.equal(
        await domains.getByRole('button', { name: t['domains.add'], exact: true }).isDisabled(),
        true,
      );
      await input.fill(run.domain);
      await domains.getByRole('button', { name: t['domains.add'], exact: true }).click();
      await domains.getByRole('checkbox', { name: t['role.member'], exact: true }).check();
      await domains.getByRole('button', { name: t['common.save'], exact: true }).click();
      const explained = fill(t['domains.explain'], {
        domains: `@${run.domain}`,
        roles: t['role.member'],
      });
      await domains.getByText(explained).waitFor();
      // Saved on the server: a reload shows the same.
      await admin.reload();
      await profile(admin).locator('[part="domains"]').getByText(explained).waitFor();
      await profile(admin).locator('[part="domains"]').scrollIntoViewIfNeeded();
      await screenshot(admin, `domains-${lang}-light`);
    });

    step(`${lang}: a new person registers with that domain and is a member at once`, async () => {
      ({ page: newcomer } = await newPerson(stack));
      await register(newcomer, lang, run.newcomer, newcomerEmail);
      // In the switcher's list, with the default role; choosing it opens the organization.
      const trigger = switcher(newcomer).locator('[part="trigger"]');
      await trigger.click();
      const option = switcher(newcomer).getByRole('option', { name: new RegExp(run.renamed) });
      assert.match(await option.innerText(), new RegExp(t['role.member']));
      await option.click();
      await newcomer.waitForSelector('body[data-organization="chosen"]');
      // A member sees the new name and description, read-only.
      const header = profile(newcomer).locator('[part="header"]');
      await header.getByRole('heading', { name: run.renamed, exact: true }).waitFor();
      await header.getByText(run.description).waitFor();
      assert.equal(await profile(newcomer).locator('[part="form"]').count(), 0);
      await memberRow(newcomer, newcomerEmail)
        .getByText(t['members.you'], { exact: true })
        .waitFor();
      await screenshot(newcomer, `member-view-${lang}-light`);

      // The admin sees them in the member list with the Member role.
      await admin.reload();
      const row = memberRow(admin, newcomerEmail);
      await row.waitFor();
      assert.deepEqual(
        (await row.locator('.roles .badge').allTextContents()).map((s) => s.trim()),
        [t['role.member']],
      );
    });

    step(`${lang}: someone declines one invitation and joins from the switcher`, async () => {
      await invite(admin, t, [run.invitee.email]);
      ({ page: invitee } = await newPerson(stack));
      await openIn(invitee, lang);
      await invitee.locator('#sign-in').click();
      await invitee.waitForURL(/\/oidc\/interaction\//);
      await invitee.getByLabel('Username').fill(run.invitee.username);
      await invitee.getByLabel('Password').fill(`${run.invitee.username}-pass`);
      await invitee.getByRole('button', { name: 'Sign in', exact: true }).click();
      await invitee.waitForSelector('body[data-state="signed-in"]');

      const list = switcher(invitee).locator('[part="invitations"]');
      const mine = list.locator('li', { hasText: run.renamed });
      const globex = list.locator('li', { hasText: 'Globex' });
      await mine.waitFor();
      await globex.waitFor();
      assert.ok(
        (await mine.innerText()).includes(fill(t['switcher.from'], { name: run.adminLabel })),
      );
      await mine.getByText(t['role.member']).waitFor();
      await screenshot(invitee, `switcher-invitations-${lang}-light`);

      await globex
        .getByRole('button', { name: fill(t['switcher.decline'], { name: 'Globex' }), exact: true })
        .click();
      await switcher(invitee)
        .locator('[part="notice"]', { hasText: fill(t['switcher.declined'], { name: 'Globex' }) })
        .waitFor();
      await globex.waitFor({ state: 'detached' });

      await mine
        .getByRole('button', { name: fill(t['switcher.join'], { name: run.renamed }), exact: true })
        .click();
      await invitee.waitForSelector('body[data-organization="chosen"]');
      await memberRow(invitee, run.invitee.label)
        .getByText(t['members.you'], { exact: true })
        .waitFor();
      await switcher(invitee).locator('[part="trigger"]', { hasText: run.renamed }).waitFor();
      await profile(invitee)
        .locator('[part="header"]')
        .getByRole('heading', { name: run.renamed, exact: true })
        .waitFor();
    });

    step(
      `${lang}: a removed member is told (${lang === 'en' ? 'live' : 'on the next load'}); the selection is forgotten`,
      async () => {
        // In English the member's page stays open (live updates tell it); in Japanese the tab is
        // elsewhere and the member opens the organization again.
        const orgUrl = newcomer.url();
        if (lang === 'ja') await newcomer.goto('about:blank');
        await admin.reload();
        await memberRow(admin, newcomerEmail)
          .getByRole('button', { name: fill(t['members.removeName'], { name: run.newcomer }) })
          .click();
        await members(admin)
          .locator('dialog[open]')
          .getByRole('button', { name: t['members.remove'], exact: true })
          .click();
        await memberRow(admin, newcomerEmail).waitFor({ state: 'detached' });

        if (lang === 'ja') await newcomer.goto(orgUrl);
        await switcher(newcomer)
          .locator('[part="notice"]', { hasText: fill(t['switcher.lost'], { name: run.renamed }) })
          .waitFor();
        await newcomer.waitForSelector('body[data-organization="none"]');
        assert.equal(new URL(newcomer.url()).search, '');
        assert.equal(
          await newcomer.evaluate((key) => localStorage.getItem(key), STORAGE_KEY),
          null,
        );
        await screenshot(newcomer, `membership-lost-${lang}-light`);

        // Forgotten: the next load neither selects it nor repeats the notice.
        await newcomer.reload();
        await switcher(newcomer).getByText(t['switcher.empty']).waitFor();
        assert.equal(await newcomer.locator('body').getAttribute('data-organization'), 'none');
        assert.equal(
          await switcher(newcomer)
            .getByText(fill(t['switcher.lost'], { name: run.renamed }))
            .count(),
          0,
        );
      },
    );

    step(`${lang}: the admin deletes the organization after typing its name`, async () => {
      // The member who joined from the switcher is elsewhere and comes back afterwards.
      const inviteeUrl = invitee.url();
      await invitee.goto('about:blank');
      await profile(admin)
        .locator('[part="danger"]')
        .getByRole('button', { name: t['profile.delete'], exact: true })
        .click();
      const dialog = profile(admin).locator('dialog[open]');
      await dialog
        .getByRole('heading', { name: fill(t['profile.deleteTitle'], { name: run.renamed }) })
        .waitFor();
      const confirm = dialog.getByRole('button', { name: t['profile.delete'], exact: true });
      assert.equal(await confirm.isDisabled(), true);
      const typed = dialog.getByLabel(fill(t['profile.typeName'], { name: run.renamed }));
      await typed.fill(run.orgName);
      assert.equal(await confirm.isDisabled(), true, 'the old name is not the name');
      await typed.fill(run.renamed);
      await screenshot(admin, `delete-${lang}-light`);
      await confirm.click();
      await admin.waitForSelector('body[data-organization="none"]');
      await switcher(admin).getByText(t['switcher.empty']).waitFor();

      // The member who joined from the switcher has lost it too.
      await invitee.goto(inviteeUrl);
      await switcher(invitee)
        .locator('[part="notice"]', { hasText: fill(t['switcher.lost'], { name: run.renamed }) })
        .waitFor();
      await invitee.context().close();
      await newcomer.context().close();
      await admin.context().close();
    });
  }

  it('no page threw an uncaught error', () => {
    assert.deepEqual(pageErrors, []);
  });
});
