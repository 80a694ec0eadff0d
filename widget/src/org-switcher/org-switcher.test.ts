import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { MyOrganization } from 'logto-org-widget-contract';
import { configure } from '../internal/config.js';
import { en } from '../internal/i18n/en.js';
import { ja } from '../internal/i18n/ja.js';
import {
  API_BASE,
  apiError,
  deferred,
  fakeApi,
  fakeTokens,
  until,
  type FakeApi,
} from '../internal/testing.js';
import type { OrgCreate } from '../org-create/org-create.js';
import './org-switcher.js';
import type { OrgSwitcher } from './org-switcher.js';

const admin = { id: 'r-admin', name: 'admin' };
const member = { id: 'r-member', name: 'member' };
const org = (id: string, name: string, roles = [member]): MyOrganization => ({
  id,
  name,
  description: null,
  createdAt: 0,
  roles,
});
const ORGS = [org('o1', 'Acme', [admin]), org('o2', 'Beta'), org('o3', 'Bravo', [])];
const KEY = 'test:org-switcher';

let api: FakeApi;

function start(items: MyOrganization[] = ORGS) {
  const list = [...items];
  api = fakeApi({ 'GET /me/organizations': () => ({ items: list }) });
  return list;
}

async function mount(attrs: { lang?: string; id?: string; persist?: boolean } = {}) {
  const el = await fixture<OrgSwitcher>(
    html`<org-switcher
      lang=${attrs.lang ?? 'en'}
      organization-id=${attrs.id ?? ''}
      storage-key=${KEY}
      ?persist=${attrs.persist ?? false}
      api-base=${API_BASE}
      .getAccessToken=${fakeTokens()}
    ></org-switcher>`,
  );
  await until(
    () => el.shadowRoot!.querySelector('#trigger:not([disabled]), [role=alert], .empty'),
    'loaded',
  );
  return el;
}

const $ = <T extends HTMLElement = HTMLElement>(el: OrgSwitcher, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector);
const trigger = (el: OrgSwitcher) => $<HTMLButtonElement>(el, '#trigger')!;
const listbox = (el: OrgSwitcher) => $(el, '[role=listbox]')!;
const options = (el: OrgSwitcher) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>('[role=option]'),
];
const activeOption = (el: OrgSwitcher) =>
  el.shadowRoot!.getElementById(listbox(el).getAttribute('aria-activedescendant') ?? '');
const isOpen = (el: OrgSwitcher) => trigger(el).getAttribute('aria-expanded') === 'true';

afterEach(() => {
  api?.restore();
  configure({});
  localStorage.removeItem(KEY);
});

describe('<org-switcher>', () => {
  it('is accessible, closed and open', async () => {
    start();
    const el = await mount({ id: 'o1' });
    await expect(el).to.be.accessible();
    trigger(el).click();
    await until(() => isOpen(el));
    await expect(el).to.be.accessible();
  });

  it('shows the current organization and lists mine with my roles, using a resource token', async () => {
    start();
    const el = await mount({ id: 'o2' });
    expect(trigger(el).textContent).to.contain('Beta');
    expect(trigger(el).getAttribute('aria-label')).to.equal('Organization: Beta');
    expect(trigger(el).getAttribute('aria-haspopup')).to.equal('listbox');
    expect(isOpen(el)).to.equal(false);
    expect(options(el).map((o) => o.querySelector('.name')!.textContent)).to.deep.equal([
      'Acme',
      'Beta',
      'Bravo',
    ]);
    // Built-in roles show their translated label.
    expect(options(el)[0]!.textContent).to.contain(en['role.admin']);
    expect(options(el)[2]!.textContent).to.contain(en['members.noRole']);
    expect(options(el).map((o) => o.getAttribute('aria-selected'))).to.deep.equal([
      'false',
      'true',
      'false',
    ]);
    expect(api.calls[0]!.token).to.equal('Bearer tok-resource');
  });

  it('asks to choose when nothing (or an unknown id) is selected', async () => {
    start();
    const el = await mount({ id: 'gone' });
    expect(trigger(el).textContent).to.contain(en['switcher.choose']);
  });

  it('selects with the mouse: fires org-selected, reflects organization-id, closes', async () => {
    start();
    const el = await mount({ id: 'o1' });
    trigger(el).click();
    await until(() => isOpen(el));
    const selected = oneEvent(el, 'org-selected');
    options(el)[1]!.click();
    const event = await selected;
    expect(event.detail.organizationId).to.equal('o2');
    expect(event.detail.organization.name).to.equal('Beta');
    expect(event.detail.restored).to.equal(undefined);
    expect(event.bubbles && event.composed).to.equal(true);
    await el.updateComplete;
    expect(el.getAttribute('organization-id')).to.equal('o2');
    expect(isOpen(el)).to.equal(false);
    expect(el.shadowRoot!.activeElement).to.equal(trigger(el));
  });

  it('picking the current organization again fires nothing', async () => {
    start();
    const el = await mount({ id: 'o1' });
    let fired = 0;
    el.addEventListener('org-selected', () => fired++);
    trigger(el).click();
    await until(() => isOpen(el));
    options(el)[0]!.click();
    await el.updateComplete;
    expect(isOpen(el)).to.equal(false);
    expect(fired).to.equal(0);
  });

  it('setting organization-id from code selects without an event', async () => {
    start();
    const el = await mount({ id: 'o1' });
    let fired = 0;
    el.addEventListener('org-selected', () => fired++);
    el.organizationId = 'o3';
    await el.updateComplete;
    expect(trigger(el).textContent).to.contain('Bravo');
    expect(fired).to.equal(0);
  });

  it('works with the keyboard: arrows, Home/End, typeahead, Enter selects, focus returns', async () => {
    start();
    const el = await mount({ id: 'o1' });
    trigger(el).focus();
    await sendKeys({ press: 'ArrowDown' });
    await until(() => isOpen(el));
    expect(el.shadowRoot!.activeElement).to.equal(listbox(el));
    expect(activeOption(el)).to.equal(options(el)[0]);
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(activeOption(el)).to.equal(options(el)[1]);
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(activeOption(el)).to.equal(options(el)[2]);
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(activeOption(el)).to.equal(options(el)[2]);
    await sendKeys({ press: 'Home' });
    await el.updateComplete;
    expect(activeOption(el)).to.equal(options(el)[0]);
    await sendKeys({ press: 'b' });
    await el.updateComplete;
    expect(activeOption(el)).to.equal(options(el)[1]);
    await sendKeys({ press: 'b' });
    await el.updateComplete;
    expect(activeOption(el)).to.equal(options(el)[2]);
    const selected = oneEvent(el, 'org-selected');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail.organizationId).to.equal('o3');
    await el.updateComplete;
    expect(isOpen(el)).to.equal(false);
    expect(el.shadowRoot!.activeElement).to.equal(trigger(el));
  });

  it('Escape closes without selecting and returns focus to the button', async () => {
    start();
    const el = await mount({ id: 'o2' });
    let fired = 0;
    el.addEventListener('org-selected', () => fired++);
    trigger(el).focus();
    await sendKeys({ press: 'Enter' });
    await until(() => isOpen(el));
    expect(activeOption(el)).to.equal(options(el)[1]);
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(isOpen(el)).to.equal(false);
    expect(el.shadowRoot!.activeElement).to.equal(trigger(el));
    expect(el.organizationId).to.equal('o2');
    expect(fired).to.equal(0);
  });

  it('closes when focus leaves the element', async () => {
    start();
    const el = await mount({ id: 'o1' });
    trigger(el).click();
    await until(() => isOpen(el));
    listbox(el).blur();
    await until(() => !isOpen(el), 'closed');
  });

  it('shows loading, then an error with retry', async () => {
    const gate = deferred();
    api = fakeApi({
      'GET /me/organizations': async () => {
        await gate.promise;
        return apiError(503, 'upstream.unavailable');
      },
    });
    const el = await fixture<OrgSwitcher>(
      html`<org-switcher api-base=${API_BASE} .getAccessToken=${fakeTokens()}></org-switcher>`,
    );
    await until(() => $(el, '#trigger[aria-busy=true]'));
    expect(trigger(el).disabled).to.equal(true);
    expect(trigger(el).textContent!.trim()).to.equal(en['common.loading']);
    gate.resolve(undefined);
    await until(() => $(el, '[role=alert]'));
    expect($(el, '[role=alert]')!.textContent).to.contain(en['error.upstream.unavailable']);
    api.on({ 'GET /me/organizations': () => ({ items: ORGS }) });
    $<HTMLButtonElement>(el, '[role=alert] button')!.click();
    await until(() => $(el, '#trigger:not([disabled])'));
    expect(options(el)).to.have.length(3);
  });

  it('shows the empty state with a create button', async () => {
    start([]);
    const el = await mount();
    expect($(el, '.empty')!.textContent).to.contain(en['switcher.empty']);
    expect($(el, '.empty button')!.textContent).to.contain(en['create.submit']);
    await expect(el).to.be.accessible();
  });

  it('create shortcut fires a cancelable org-create-requested; preventDefault keeps the dialog closed', async () => {
    start();
    const el = await mount({ id: 'o1' });
    el.addEventListener('org-create-requested', (e) => e.preventDefault(), { once: true });
    const requested = oneEvent(el, 'org-create-requested');
    trigger(el).click();
    await until(() => isOpen(el));
    $<HTMLButtonElement>(el, '.popup button.create')!.click();
    const event = await requested;
    expect(event.cancelable && event.bubbles && event.composed).to.equal(true);
    await el.updateComplete;
    expect($<HTMLDialogElement>(el, 'dialog')!.open).to.equal(false);
  });

  it('creates in the built-in dialog, then selects and lists the new organization', async () => {
    const list = start([]);
    const created = org('o9', 'Zeta', [admin]);
    api.on({
      'POST /organizations': () => {
        list.push(created);
        return { organization: created };
      },
    });
    const el = await mount();
    $<HTMLButtonElement>(el, '.empty button')!.click();
    const dialog = await until(() => $<HTMLDialogElement>(el, 'dialog[open]'));
    const form = await until(() => dialog.querySelector<OrgCreate>('org-create'));
    await form.updateComplete;
    await expect(el).to.be.accessible();
    const input = form.shadowRoot!.querySelector<HTMLInputElement>('#name')!;
    input.value = 'Zeta';
    input.dispatchEvent(new Event('input'));
    const selected = oneEvent(el, 'org-selected');
    form.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    expect((await selected).detail.organizationId).to.equal('o9');
    await until(() => !$<HTMLDialogElement>(el, 'dialog')!.open, 'dialog closed');
    await until(() => options(el).length === 1, 'reloaded');
    expect(el.organizationId).to.equal('o9');
    expect(trigger(el).textContent).to.contain('Zeta');
  });

  it('with persist, stores the choice and restores it on load with restored: true', async () => {
    start();
    const first = await mount({ persist: true });
    first.organizationId = '';
    trigger(first).click();
    await until(() => isOpen(first));
    options(first)[2]!.click();
    expect(localStorage.getItem(KEY)).to.equal('o3');

    const restored = new Promise<CustomEvent>((resolve) =>
      document.addEventListener('org-selected', resolve as EventListener, { once: true }),
    );
    const second = await mount({ persist: true });
    const event = await restored;
    expect(event.detail).to.include({ organizationId: 'o3', restored: true });
    expect(second.getAttribute('organization-id')).to.equal('o3');
    expect(trigger(second).textContent).to.contain('Bravo');
  });

  it('with persist, ignores a stored organization I no longer belong to, and an explicit id wins', async () => {
    start();
    localStorage.setItem(KEY, 'o-gone');
    const el = await mount({ persist: true });
    expect(el.organizationId).to.equal('');
    localStorage.setItem(KEY, 'o2');
    const explicit = await mount({ persist: true, id: 'o1' });
    expect(explicit.organizationId).to.equal('o1');
  });

  it('without persist, stores nothing', async () => {
    start();
    const el = await mount();
    trigger(el).click();
    await until(() => isOpen(el));
    options(el)[0]!.click();
    expect(localStorage.getItem(KEY)).to.equal(null);
  });

  it('refresh() reloads the list', async () => {
    const list = start();
    const el = await mount();
    list.pop();
    await el.refresh();
    await el.updateComplete;
    expect(options(el)).to.have.length(2);
  });

  it('renders in Japanese', async () => {
    start();
    const el = await mount({ lang: 'ja' });
    expect(trigger(el).textContent).to.contain(ja['switcher.choose']);
    expect(listbox(el).getAttribute('aria-label')).to.equal(ja['switcher.list']);
    expect($(el, '.popup button.create')!.textContent).to.contain(ja['create.submit']);
    expect(options(el)[2]!.textContent).to.contain(ja['members.noRole']);
  });

  describe('invitations', () => {
    const invitation = (id: string, name: string, logoUrl?: string) => ({
      id,
      organization: { id: `org-${id}`, name, branding: logoUrl ? { logoUrl } : null },
      inviter: { name: 'Ann Lee', email: 'ann@example.com' },
      roles: [member],
      expiresAt: Date.now() + 3 * 86_400_000,
      status: 'Pending',
    });

    function withInvitations(list = [invitation('i1', 'Gamma'), invitation('i2', 'Delta')]) {
      const orgs = start();
      const pending = [...list];
      api.on({
        'GET /me/invitations': () => ({ invitations: pending }),
        'POST /invitations/i1/accept': () => {
          pending.splice(0, 1);
          const joined = org('org-i1', 'Gamma');
          orgs.push(joined);
          return { organization: joined };
        },
        'POST /invitations/i2/decline': () => new Response(null, { status: 204 }),
      });
      return orgs;
    }
    const invites = (el: OrgSwitcher) => [
      ...el.shadowRoot!.querySelectorAll<HTMLElement>('[part=invitations] li'),
    ];

    it('lists pending invitations with inviter, roles, expiry and a logo; counts them on the button', async () => {
      withInvitations([
        invitation('i1', 'Gamma', 'https://cdn.example/g.png'),
        invitation('i2', 'Delta'),
        { ...invitation('i3', 'Old'), expiresAt: Date.now() - 1000 },
      ]);
      const el = await mount({ id: 'o1' });
      await until(() => invites(el).length === 2, 'two invitations');
      expect(trigger(el).querySelector('.badge')!.textContent).to.contain('2');
      const first = invites(el)[0]!.textContent!.replace(/\s+/g, ' ');
      expect(first).to.contain('Gamma').and.contain('Ann Lee').and.contain(en['role.member']);
      expect(first).to.contain('in 3 days');
      expect(invites(el)[0]!.querySelector('img')!.getAttribute('src')).to.equal(
        'https://cdn.example/g.png',
      );
      trigger(el).click();
      await until(() => isOpen(el));
      await expect(el).to.be.accessible();
    });

    it('Join accepts, selects the organization, fires events and returns focus to the button', async () => {
      withInvitations();
      const el = await mount({ id: 'o1' });
      await until(() => invites(el).length === 2, 'invitations');
      trigger(el).click();
      await until(() => isOpen(el));
      const accepted = oneEvent(el, 'org-invitation-accepted');
      const selected = oneEvent(el, 'org-selected');
      $<HTMLButtonElement>(el, '[aria-label="Join Gamma"]')!.click();
      expect((await accepted).detail.invitationId).to.equal('i1');
      expect((await selected).detail.organizationId).to.equal('org-i1');
      await until(() => el.shadowRoot!.activeElement?.id === 'trigger', 'focus on the button');
      expect(el.organizationId).to.equal('org-i1');
      expect(trigger(el).textContent).to.contain('Gamma');
      expect($(el, '[role=status]')!.textContent).to.contain('Gamma');
    });

    it('Decline removes it, fires org-invitation-declined and focuses the next one', async () => {
      withInvitations([invitation('i2', 'Delta'), invitation('i1', 'Gamma')]);
      const el = await mount({ id: 'o1' });
      await until(() => invites(el).length === 2, 'invitations');
      trigger(el).click();
      await until(() => isOpen(el));
      const declined = oneEvent(el, 'org-invitation-declined');
      $<HTMLButtonElement>(el, '[aria-label="Decline the invitation to Delta"]')!.click();
      expect((await declined).detail).to.deep.equal({
        invitationId: 'i2',
        organizationId: 'org-i2',
      });
      await until(() => invites(el).length === 1, 'one left');
      expect(el.shadowRoot!.activeElement?.getAttribute('aria-label')).to.equal('Join Gamma');
    });

    it('shows invitations in the empty state too', async () => {
      withInvitations().splice(0);
      const el = await mount();
      await until(() => invites(el).length === 2, 'invitations');
      expect(!!$(el, '.empty')).to.equal(true);
    });
  });

  describe('membership lost', () => {
    it('says so for a selection no longer among mine, clears it (stored too) and fires the event', async () => {
      const list = start();
      const el = await mount({ id: 'o2', persist: true });
      trigger(el).click();
      await until(() => isOpen(el));
      options(el)[0]!.click(); // picks Acme, stored
      expect(localStorage.getItem(KEY)).to.equal('o1');
      list.splice(0, 1); // removed from Acme
      const lost = oneEvent(el, 'org-membership-lost');
      await el.refresh();
      expect((await lost).detail).to.deep.equal({ organizationId: 'o1' });
      expect(el.organizationId).to.equal('');
      expect(localStorage.getItem(KEY)).to.equal(null);
      expect($(el, '[role=status]')!.textContent).to.contain('You are no longer a member of Acme');
    });

    it('a stored selection I was removed from is reported on load by name', async () => {
      start();
      localStorage.setItem(KEY, 'o-gone');
      localStorage.setItem(`${KEY}:name`, 'Gone Inc');
      const lost = new Promise<CustomEvent>((resolve) =>
        document.addEventListener('org-membership-lost', resolve as never, { once: true }),
      );
      const el = await mount({ persist: true });
      expect((await lost).detail).to.deep.equal({ organizationId: 'o-gone' });
      await until(() => $(el, '[role=status]')!.textContent!.includes('Gone Inc'), 'message');
      expect(localStorage.getItem(KEY)).to.equal(null);
    });

    it('names an organization the host selected (not the switcher) when it is lost on a later load', async () => {
      const list = start();
      await mount({ id: 'o1', persist: true });
      expect(localStorage.getItem(KEY)).to.equal('o1');
      expect(localStorage.getItem(`${KEY}:name`)).to.equal('Acme');
      list.splice(0, 1); // removed from Acme; the page loads again with the same id
      const lost = new Promise<CustomEvent>((resolve) =>
        document.addEventListener('org-membership-lost', resolve as never, { once: true }),
      );
      const el = await mount({ id: 'o1', persist: true });
      expect((await lost).detail).to.deep.equal({ organizationId: 'o1' });
      await until(() => $(el, '[role=status]')!.textContent!.includes('Acme'), 'message');
      expect($(el, '[role=status]')!.textContent).to.contain('You are no longer a member of Acme');
      expect(localStorage.getItem(KEY)).to.equal(null);
    });

    it('shows the empty state once the page clears a deleted organization, the only one I had', async () => {
      const list = start([org('o1', 'Acme', [admin])]);
      const el = await mount({ id: 'o1', persist: true });
      await until(() => trigger(el)?.textContent?.includes('Acme'), 'selected');
      list.splice(0); // deleted
      el.organizationId = '';
      await el.refresh();
      await until(() => !!$(el, '.empty'), 'empty state');
      expect($(el, '.empty')!.textContent).to.contain(en['switcher.empty']);
    });

    it('reloads when another element reports that I lost the selected organization', async () => {
      const list = start();
      const el = await mount({ id: 'o2' });
      list.splice(1, 1);
      const lost = oneEvent(el, 'org-membership-lost');
      document.body.dispatchEvent(
        new CustomEvent('org-membership-lost', { detail: { organizationId: 'o2' }, bubbles: true }),
      );
      expect((await lost).detail.organizationId).to.equal('o2');
      expect(el.organizationId).to.equal('');
    });
  });
});
