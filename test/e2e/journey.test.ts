/**
 * The whole journey through the demo's UI, in Chromium, against the emulator and the companion
 * server (all on free ports): alice creates "Acme" and invites people, carol and bob accept from
 * the links in the emulator's outbox, alice promotes bob, bob removes carol, the last admin cannot
 * leave, a plain member sees no admin actions, and the same works in Japanese.
 *
 * Steps share one stack and run in order. With `E2E_SCREENSHOTS=<dir>` the run also saves
 * screenshots of the demo (light and dark, English and Japanese) into that directory.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  completeSignIn,
  fill,
  invitationLink,
  newPerson,
  outbox,
  journal,
  pageErrors,
  signIn,
  startStack,
  strings,
  type Stack,
} from './support.js';

const en = strings.en;
const ja = strings.ja;
const shotsDir = process.env.E2E_SCREENSHOTS;

let stack: Stack;
let alice: Page;
let bob: Page;
let carol: Page;
let organizationId = '';

async function screenshot(page: Page, name: string) {
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(shotsDir, `${name}.png`) });
}

const members = (page: Page) => page.locator('org-members');
const invite = (page: Page) => page.locator('org-invite');
const memberRow = (page: Page, name: string) =>
  members(page).locator('li[part="member"]', { hasText: name });

/** Sends invitations from the page's <org-invite> and waits for one result row per address. */
async function sendInvitations(page: Page, emails: string[], t = en) {
  const form = invite(page);
  await form.getByLabel(t['invite.emails'], { exact: true }).fill(emails.join(', '));
  await form.getByRole('button', { name: t['invite.submit'], exact: true }).click();
  const results = form.locator('[part="results"]');
  for (const email of emails) {
    await results.locator('li', { hasText: email }).getByText(t['invite.sent']).waitFor();
  }
}

/** Opens the role dialog for `name` in <org-members>, sets exactly `roles`, saves. */
async function setRoles(page: Page, name: string, roles: string[], all = ['admin', 'member']) {
  await members(page)
    .getByRole('button', { name: fill(en['members.changeRolesOf'], { name }), exact: true })
    .click();
  const dialog = members(page).locator('dialog[open]');
  for (const role of all) {
    // The accessible name is the role's name followed by its description.
    const box = dialog.getByRole('checkbox', { name: new RegExp(`^${label(role)}(\\s|$)`) });
    await box.setChecked(roles.includes(role));
  }
  await dialog.getByRole('button', { name: en['common.save'], exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Waits until the row of `name` shows exactly the badges of `roles` (the list reloads after a change). */
async function waitForRoles(page: Page, name: string, roles: string[], all = ['admin', 'member']) {
  for (const role of all) {
    const badge = memberRow(page, name).locator('.roles .badge', {
      hasText: new RegExp(`^\\s*${label(role)}\\s*$`),
    });
    await badge.waitFor({ state: roles.includes(role) ? 'visible' : 'detached' });
  }
  assert.deepEqual(await rolesOf(page, name), roles);
}

/** The English label the elements show for a built-in role (`admin` → "Admin"). */
const label = (role: string) => en[`role.${role}` as 'role.admin'] ?? role;

/** The role names behind the badges of `name`'s row. */
async function rolesOf(page: Page, name: string): Promise<string[]> {
  const byLabel = new Map(['admin', 'member'].map((role) => [label(role), role]));
  return (await memberRow(page, name).locator('.roles .badge').allTextContents()).map(
    (t) => byLabel.get(t.trim()) ?? t.trim(),
  );
}

/** The invitee opens the link from the outbox and accepts; ends on the organization's page. */
async function acceptFromOutbox(page: Page, email: string, signInAs?: string) {
  const link = await invitationLink(stack.demo, email);
  assert.ok(link.startsWith(stack.demo.url), `link ${link} points at the demo page`);
  await page.goto(link);
  const card = page.locator('org-invitation');
  if (signInAs) {
    await card.getByRole('button', { name: en['invitation.signIn'], exact: true }).click();
    await completeSignIn(page, signInAs);
    assert.equal(page.url(), link, 'back on the invitation page after signing in');
  }
  await card
    .getByRole('heading', { name: fill(en['invitation.title'], { name: 'Acme' }) })
    .waitFor();
  if (signInAs) await screenshot(page, 'invitation-en-light');
  await card.getByRole('button', { name: en['invitation.accept'], exact: true }).click();
  await card
    .getByRole('status')
    .filter({ hasText: fill(en['invitation.accepted'], { name: 'Acme' }) })
    .waitFor();
  await page.locator('#open-org').click();
  await page.waitForSelector('body[data-organization="chosen"]');
}

/** `it`, plus screenshots of every open page into `test-results/e2e/` when the step fails. */
function step(name: string, fn: () => Promise<void>) {
  it(name, async () => {
    try {
      await fn();
    } catch (error) {
      const dir = join('test-results', 'e2e');
      mkdirSync(dir, { recursive: true });
      const slug = name.replace(/\W+/g, '-').slice(0, 40);
      const pages = stack?.browser.contexts().flatMap((c) => c.pages()) ?? [];
      await Promise.all(
        pages.map((p, i) => p.screenshot({ path: join(dir, `${slug}-${i}.png`) }).catch(() => {})),
      );
      console.error(`Last page events before "${name}" failed:\n${journal.join('\n')}`);
      throw error;
    }
  });
}

async function waitForList(locator: Locator) {
  await locator.locator('li[part="member"]').first().waitFor();
}

describe('demo journey', { timeout: 120_000 }, () => {
  before(async () => {
    stack = await startStack();
  });

  after(async () => {
    await stack?.close();
  });

  step('alice signs in and creates "Acme"; she is its admin', async () => {
    ({ page: alice } = await newPerson(stack));
    await signIn(alice, stack.demo, 'alice');
    assert.equal(await alice.locator('#user-name').textContent(), 'Alice Example');

    const create = alice.locator('.start org-create');
    await create.getByLabel(en['create.name'], { exact: true }).fill('Acme');
    await create.getByRole('button', { name: en['create.submit'], exact: true }).click();
    await alice.waitForSelector('body[data-organization="chosen"]');

    await memberRow(alice, 'Alice Example').getByText(en['members.you'], { exact: true }).waitFor();
    assert.deepEqual(await rolesOf(alice, 'Alice Example'), ['admin']);
    const switcher = alice.locator('org-switcher [part="trigger"]');
    await switcher.filter({ hasText: 'Acme' }).waitFor();
    organizationId = await alice.evaluate(
      () => document.querySelector('org-members')!.organizationId,
    );
    assert.match(organizationId, /^\w+$/);
  });

  step('alice invites carol, then bob and a new address; the outbox has their links', async () => {
    await sendInvitations(alice, ['carol@example.com']);
    await sendInvitations(alice, ['bob@example.com', 'new@example.com']);
    const pending = invite(alice).locator('[part="pending"] tbody tr');
    await pending.filter({ hasText: 'new@example.com' }).waitFor();
    assert.equal(await pending.count(), 3);

    const mails = await outbox(stack.demo);
    assert.deepEqual(mails.map((m) => m.to).sort(), [
      'bob@example.com',
      'carol@example.com',
      'new@example.com',
    ]);
    for (const mail of mails) {
      assert.equal(mail.organizationName, 'Acme');
      assert.match(mail.link ?? '', /\/invite\.html\?id=\w+$/);
    }
  });

  step(
    'dave opens the link meant for new@example.com: told so, offered to switch account',
    async () => {
      const { page: dave, context } = await newPerson(stack);
      await signIn(dave, stack.demo, 'dave');
      await dave.goto(await invitationLink(stack.demo, 'new@example.com'));
      const card = dave.locator('org-invitation');
      await card.getByRole('heading', { name: en['invitation.wrongUserTitle'] }).waitFor();
      assert.equal(await card.getByRole('button', { name: en['invitation.accept'] }).count(), 0);
      // "Switch account" asks Logto for a fresh sign-in (prompt=login), even with a live session.
      await card.getByRole('button', { name: en['invitation.switchAccount'], exact: true }).click();
      await dave.waitForURL(/\/oidc\/interaction\//);
      await dave.getByLabel('Username').waitFor();
      await context.close();
    },
  );

  step(
    'carol signs in, opens her link, accepts, and as a member sees no admin actions',
    async () => {
      ({ page: carol } = await newPerson(stack));
      await signIn(carol, stack.demo, 'carol');
      await acceptFromOutbox(carol, 'carol@example.com');

      await waitForList(members(carol));
      await memberRow(carol, 'Carol Example')
        .getByText(en['members.you'], { exact: true })
        .waitFor();
      assert.deepEqual(await rolesOf(carol, 'Carol Example'), ['member']);
      const adminActions = members(carol).getByRole('button', {
        name: new RegExp(`^(${en['members.changeRoles']}|${en['members.remove']})`),
      });
      assert.equal(await adminActions.count(), 0);
      await memberRow(carol, 'Carol Example')
        .getByRole('button', { name: en['members.leave'] })
        .waitFor();
      await invite(carol).getByText(en['invite.noPermission']).waitFor();
      assert.equal(await invite(carol).locator('form').count(), 0);
    },
  );

  step('bob opens his link signed out, signs in from the invitation, accepts', async () => {
    ({ page: bob } = await newPerson(stack));
    await acceptFromOutbox(bob, 'bob@example.com', 'bob');
    await memberRow(bob, 'Bob Example').getByText(en['members.you'], { exact: true }).waitFor();
  });

  step("bob appears in alice's member list; alice makes him admin", async () => {
    await alice.reload();
    await memberRow(alice, 'Bob Example').waitFor();
    assert.deepEqual(await rolesOf(alice, 'Bob Example'), ['member']);
    assert.equal(await members(alice).locator('li[part="member"]').count(), 3);

    await setRoles(alice, 'Bob Example', ['admin']);
    await members(alice).locator('[role="status"]').filter({ hasText: 'Bob Example' }).waitFor();
    await waitForRoles(alice, 'Bob Example', ['admin']);
    await screenshot(alice, 'members-en-light');
    await alice.getByRole('button', { name: 'Dark', exact: true }).click();
    await screenshot(alice, 'members-en-dark');
    await alice.getByRole('button', { name: 'Light', exact: true }).click();
  });

  step('bob, now an admin, removes carol', async () => {
    // Carol's tab is elsewhere meanwhile: she is told when she opens the organization again.
    const carolUrl = carol.url();
    await carol.goto('about:blank');
    await bob.reload();
    const remove = members(bob).getByRole('button', {
      name: fill(en['members.removeName'], { name: 'Carol Example' }),
      exact: true,
    });
    await remove.click();
    const dialog = members(bob).locator('dialog[open]');
    await dialog.getByRole('button', { name: en['members.remove'], exact: true }).click();
    await memberRow(bob, 'Carol Example').waitFor({ state: 'detached' });
    assert.equal(await members(bob).locator('li[part="member"]').count(), 2);

    // Carol's own page now says she is no longer a member, and the demo is back at the start.
    await carol.goto(carolUrl);
    await carol
      .locator('org-switcher [part="notice"]', {
        hasText: fill(en['switcher.lost'], { name: 'Acme' }),
      })
      .waitFor();
    await carol.waitForSelector('body[data-organization="none"]');
  });

  // The pending list is a read that trusts the organization token, and bob's cached token predates
  // his promotion: the element drops stale tokens after a refused read and tries once more.
  step('bob, just promoted, also sees the pending invitations', async () => {
    const row = invite(bob).locator('[part="pending"] tr', { hasText: 'new@example.com' });
    await row.waitFor();
  });

  step('alice demotes bob; as the last admin she cannot leave', async () => {
    await alice.reload();
    await waitForList(members(alice));
    await setRoles(alice, 'Bob Example', ['member']);
    await members(alice).locator('[role="status"]').filter({ hasText: 'Bob Example' }).waitFor();
    await waitForRoles(alice, 'Bob Example', ['member']);

    // Disabled up front, with the reason on her row (the server refuses it too).
    const leave = memberRow(alice, 'Alice Example').getByRole('button', {
      name: en['members.leave'],
      exact: true,
    });
    await memberRow(alice, 'Alice Example').getByText(en['members.lastAdminLeave']).waitFor();
    assert.equal(await leave.isDisabled(), true);
    assert.deepEqual(await rolesOf(alice, 'Alice Example'), ['admin']);
  });

  step(
    'in Japanese: dave signs in, creates an organization, sees members and invites',
    async () => {
      const { page: dave } = await newPerson(stack);
      await dave.goto(stack.demo.url);
      await dave.getByRole('button', { name: '日本語', exact: true }).click();
      assert.equal(await dave.locator('html').getAttribute('lang'), 'ja');
      await dave.locator('#sign-in').click();
      await completeSignIn(dave, 'dave');
      assert.equal(
        await dave.locator('html').getAttribute('lang'),
        'ja',
        'the choice survives sign-in',
      );
      assert.equal(await dave.locator('#sign-out').textContent(), 'サインアウト');

      const create = dave.locator('.start org-create');
      await create.getByLabel(ja['create.name'], { exact: true }).fill('デモ株式会社');
      await create.getByRole('button', { name: ja['create.submit'], exact: true }).click();
      await dave.waitForSelector('body[data-organization="chosen"]');

      await members(dave).getByRole('heading', { name: ja['members.title'] }).waitFor();
      await memberRow(dave, 'Dave Example').getByText(ja['members.you'], { exact: true }).waitFor();
      await members(dave).getByRole('button', { name: ja['members.leave'], exact: true }).waitFor();
      await invite(dave).getByRole('heading', { name: ja['invite.title'] }).waitFor();
      await sendInvitations(dave, ['alice@example.com'], ja);
      await screenshot(dave, 'members-ja-light');
      await dave.getByRole('button', { name: 'ダーク', exact: true }).click();
      await screenshot(dave, 'members-ja-dark');
    },
  );

  it('no page threw an uncaught error', () => {
    assert.deepEqual(pageErrors, []);
  });
});
