// The journey every example passes in Chromium: sign in through the emulator, pick the seeded
// organization in the switcher and see its members, create an organization, see it in the
// switcher and yourself among its members, invite someone, and find the elements' events written
// into the page by the host's own code (`#events li[data-event]`).
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { chromeArgs, requireChrome } from '../../scripts/chrome-path.mjs';
import { SEEDED_ORGANIZATION } from './stack.mjs';

/** Runs the journey against `url` (the host's page); `stack` is the running emulator stack. */
export async function runJourney({ url, stack, name, signedInPath }) {
  const browser = await chromium.launch({
    executablePath: requireChrome(),
    headless: true,
    args: chromeArgs,
  });
  const errors = [];
  try {
    const context = await browser.newContext({ locale: 'en-US' });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });

    await page.goto(url);
    await page.locator('[data-state="signed-out"]').waitFor();
    await page.locator('#sign-in').click();
    await page.waitForURL(/\/oidc\/interaction\//);
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill('alice-pass');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('[data-state="signed-in"]').waitFor();
    if (signedInPath) assert.equal(new URL(page.url()).pathname, signedInPath);

    // Real data: the organization seeded in the emulator is in the switcher; picking it fires
    // org-selected into host code, which points <org-members> at it: its members are listed.
    await page.locator('org-switcher [part="trigger"]').click();
    await page.locator('org-switcher [part="option"]', { hasText: SEEDED_ORGANIZATION }).click();
    const selected = page.locator('#events li[data-event="org-selected"]');
    await selected.waitFor();
    const selectedDetail = JSON.parse(await selected.last().textContent());
    assert.equal(selectedDetail.organization.name, SEEDED_ORGANIZATION);
    for (const member of ['Alice Example', 'Bob Example', 'Carol Example']) {
      await page.locator('org-members li[part="member"]', { hasText: member }).waitFor();
    }

    const orgName = `Acme ${name}`;
    const create = page.locator('org-create').first();
    await create.getByLabel('Name', { exact: true }).fill(orgName);
    await create.getByRole('button', { name: 'Create organization', exact: true }).click();
    const created = page.locator('#events li[data-event="org-created"]');
    await created.waitFor();
    const createdDetail = JSON.parse(await created.last().textContent());
    assert.equal(createdDetail.organization.name, orgName, 'org-created detail reached host code');
    const organizationId = createdDetail.organization.id;

    // Real data: the switcher lists the organization, the members list shows the creator as admin.
    await page.locator('org-switcher [part="trigger"]').filter({ hasText: orgName }).waitFor();
    const me = page.locator('org-members li[part="member"]', { hasText: 'Alice Example' });
    await me.locator('.roles .badge', { hasText: 'admin' }).waitFor();

    // Invite someone; the host receives org-invitations-sent with the result per address.
    const invite = page.locator('org-invite');
    await invite.getByLabel('Email addresses', { exact: true }).fill('bob@example.com');
    await invite.getByRole('button', { name: 'Send invitations', exact: true }).click();
    const sent = page.locator('#events li[data-event="org-invitations-sent"]');
    await sent.waitFor();
    const sentDetail = JSON.parse(await sent.last().textContent());
    assert.equal(sentDetail.organizationId, organizationId);
    assert.deepEqual(
      sentDetail.results.map((r) => r.email),
      ['bob@example.com'],
    );
    const mails = stack.emulator.outbox.list();
    assert.ok(
      mails.some((m) => m.to === 'bob@example.com' && m.organizationName === orgName),
      'the emulator sent the invitation mail',
    );
    assert.deepEqual(errors, [], 'no page errors');
    return { organizationId };
  } catch (error) {
    if (errors.length) console.error(`${name}: page errors:\n  ${errors.join('\n  ')}`);
    throw error;
  } finally {
    await browser.close();
  }
}
