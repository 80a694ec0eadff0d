import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { OrganizationDomains, OrganizationRole } from 'logto-org-widget-contract';
import { configure } from '../internal/config.js';
import { en } from '../internal/i18n/en.js';
import {
  addWatched,
  API_BASE,
  apiError,
  deferred,
  fakeApi,
  fakeTokens,
  describeQuietStart,
  until,
  type FakeApi,
  type Handler,
} from '../internal/testing.js';
import './org-profile.js';
import type { OrgProfile } from './org-profile.js';

const ALL = ['read:member', 'invite:member', 'update:member:role', 'remove:member'];
const ROLES: OrganizationRole[] = [
  { id: 'r-admin', name: 'admin', description: 'Everything', permissions: ALL },
  { id: 'r-member', name: 'member', description: null, permissions: ['read:member'] },
];
const admin = { id: 'r-admin', name: 'admin' };
const memberRole = { id: 'r-member', name: 'member' };

let api: FakeApi;

interface Setup {
  manage?: boolean;
  admins?: number;
  logoUrl?: string | null;
  domains?: Partial<OrganizationDomains>;
  routes?: Record<string, Handler>;
}

function start({ manage = true, admins = 2, logoUrl = null, domains, routes }: Setup = {}) {
  const organization = {
    id: 'o1',
    name: 'Acme',
    description: 'We make anvils.',
    createdAt: 0,
    branding: { logoUrl },
  };
  api = fakeApi({
    'GET /organizations/o1': () => ({
      organization,
      me: {
        id: 'me',
        roles: manage ? [admin] : [memberRole],
        permissions: manage ? [...ALL, 'manage:organization'] : ['read:member'],
      },
    }),
    'GET /organizations/o1/roles': () => ({ items: ROLES }),
    'GET /organizations/o1/members': (req) => ({
      items: [],
      total: req.query.get('roleId') === 'r-admin' ? admins : 5,
      page: 1,
      pageSize: 1,
    }),
    'GET /organizations/o1/domains': () => ({
      domains: [],
      roles: [memberRole],
      ownDomain: 'acme.com',
      allowAnyDomain: false,
      ...domains,
    }),
    ...routes,
  });
}

async function mount() {
  const el = await fixture<OrgProfile>(
    html`<org-profile
      lang="en"
      organization-id="o1"
      api-base=${API_BASE}
      .getAccessToken=${fakeTokens()}
    ></org-profile>`,
  );
  await until(() => el.shadowRoot!.querySelector('[part=header], [role=alert]'), 'loaded');
  return el;
}

const $ = <T extends HTMLElement = HTMLElement>(el: OrgProfile, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector);
const text = (el: OrgProfile) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
const button = (el: OrgProfile, label: string) =>
  [...el.shadowRoot!.querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent!.trim()) === label,
  );
async function type(el: OrgProfile, selector: string, value: string) {
  const input = $<HTMLInputElement>(el, selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await el.updateComplete;
}

afterEach(() => {
  api?.restore();
  configure({});
});

describe('<org-profile>', () => {
  // The domain settings are read with the organization; they are held.
  describeQuietStart({
    startHeld() {
      const held = deferred();
      start();
      api.on({
        'GET /organizations/o1/domains': async () => {
          await held.promise;
          return { domains: [], roles: [memberRole], ownDomain: 'acme.com', allowAnyDomain: false };
        },
      });
      return held;
    },
    add: () =>
      addWatched('org-profile', {
        organizationId: 'o1',
        apiBase: API_BASE,
        getAccessToken: fakeTokens(),
      }),
    asked: () => api.calls.some((c) => c.path === '/organizations/o1/domains'),
    drawn: (el) => $(el as OrgProfile, '[part=header]'),
  });

  it('is accessible', async () => {
    start({ domains: { domains: ['acme.com'] } });
    const el = await mount();
    await expect(el).to.be.accessible();
  });

  it('shows name, description and a logo; only http(s) logos, initials otherwise', async () => {
    start({ logoUrl: 'https://cdn.example/acme.png' });
    const el = await mount();
    expect($(el, 'h2')!.textContent).to.equal('Acme');
    expect(text(el)).to.contain('We make anvils.');
    expect($(el, '.avatar img')!.getAttribute('src')).to.equal('https://cdn.example/acme.png');
    api.restore();
    start({ logoUrl: 'javascript:alert(1)' });
    const other = await mount();
    expect(!!$(other, '.avatar img')).to.equal(false);
    expect($(other, '.avatar')!.textContent!.trim()).to.equal('A');
  });

  it('falls back to initials when the logo fails to load', async () => {
    start({ logoUrl: 'http://127.0.0.1:9/missing.png' });
    const el = await mount();
    await until(() => $<HTMLImageElement>(el, '.avatar img')?.hidden, 'broken logo hidden');
    expect($(el, '.avatar')!.textContent!.trim()).to.equal('A');
  });

  it('members see the description read-only, no form, no domains, no delete', async () => {
    start({ manage: false });
    const el = await mount();
    expect(text(el)).to.contain('We make anvils.');
    expect(!!$(el, 'form[part=form]')).to.equal(false);
    expect(!!$(el, '[part=domains]')).to.equal(false);
    expect(!!button(el, en['profile.delete'])).to.equal(false);
    expect(!!button(el, en['members.leave'])).to.equal(true);
    expect(api.calls.some((c) => c.path.endsWith('/domains'))).to.equal(false);
  });

  it('saves name, description and logo with PATCH and fires org-updated', async () => {
    let body: unknown;
    start({
      routes: {
        'PATCH /organizations/o1': (req) => {
          body = req.body;
          return { organization: { id: 'o1', name: 'Acme Inc', description: null, createdAt: 0 } };
        },
      },
    });
    const el = await mount();
    const save = () => $(el, 'form[part=form] .primary') as HTMLButtonElement;
    expect(save().disabled).to.equal(true);
    await type(el, '#name', '  Acme Inc ');
    await type(el, '#description', '');
    await type(el, '#logoUrl', 'https://cdn.example/a.png');
    const event = oneEvent(el, 'org-updated');
    save().click();
    expect((await event).detail.organization.name).to.equal('Acme Inc');
    expect(body).to.deep.equal({
      name: 'Acme Inc',
      description: null,
      branding: { logoUrl: 'https://cdn.example/a.png', darkLogoUrl: null },
    });
    await until(() => $(el, '[role=status]')!.textContent!.includes(en['profile.saved']), 'saved');
  });

  it('refuses a logo that is not an http(s) URL and an empty name, without a request', async () => {
    start();
    const el = await mount();
    await type(el, '#logoUrl', 'data:image/png;base64,AAAA');
    await type(el, '#name', ' ');
    ($(el, 'form[part=form] .primary') as HTMLButtonElement).click();
    await el.updateComplete;
    expect($(el, '#logoUrl')!.getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#name')!.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.activeElement?.id).to.equal('name');
    expect(api.calls.some((c) => c.method === 'PATCH')).to.equal(false);
  });

  it('deletes only after the name is typed, then fires org-deleted', async () => {
    start({ routes: { 'DELETE /organizations/o1': () => new Response(null, { status: 204 }) } });
    const el = await mount();
    button(el, en['profile.delete'])!.click();
    await until(() => $<HTMLDialogElement>(el, 'dialog')!.open, 'dialog');
    const submit = $<HTMLButtonElement>(el, 'dialog .primary')!;
    expect(submit.disabled).to.equal(true);
    await type(el, '#confirm', 'acme');
    expect(submit.disabled).to.equal(true);
    await type(el, '#confirm', 'Acme');
    expect(submit.disabled).to.equal(false);
    const event = oneEvent(el, 'org-deleted');
    submit.click();
    expect((await event).detail).to.deep.equal({ organizationId: 'o1' });
    expect(api.calls.filter((c) => c.method === 'DELETE')).to.have.length(1);
  });

  it('disables leaving with the reason when I am the last admin', async () => {
    start({ admins: 1 });
    const el = await mount();
    await until(() => button(el, en['members.leave'])?.disabled, 'leave disabled');
    expect(text(el)).to.contain(en['members.lastAdminLeave']);
  });

  it('leaves the organization and fires org-left', async () => {
    start({ manage: false, routes: { 'DELETE /organizations/o1/members/me': () => json204() } });
    const el = await mount();
    button(el, en['members.leave'])!.click();
    await until(() => $<HTMLDialogElement>(el, 'dialog')!.open, 'dialog');
    const event = oneEvent(el, 'org-left');
    $<HTMLButtonElement>(el, 'dialog .primary')!.click();
    expect((await event).detail).to.deep.equal({ organizationId: 'o1' });
    await until(() => el.shadowRoot!.activeElement?.getAttribute('role') === 'status', 'focus');
  });

  it('says who joins automatically and saves domains and roles with PUT', async () => {
    let body: unknown;
    start({
      domains: { domains: ['acme.com'], roles: [memberRole] },
      routes: {
        'PUT /organizations/o1/domains': (req) => {
          body = req.body;
          return {
            domains: ['acme.com'],
            roles: [admin],
            ownDomain: 'acme.com',
            allowAnyDomain: false,
          };
        },
      },
    });
    const el = await mount();
    const section = () => $(el, '[part=domains]')!.textContent!.replace(/\s+/g, ' ');
    expect(section()).to.contain(
      'People who create an account with an @acme.com email join with the Member role.',
    );
    expect(section()).to.contain(en['domains.notAffected']);
    // Someone else's domain cannot be added unless the server allows any domain.
    await type(el, '#domain', 'other.org');
    expect(button(el, en['domains.add'])!.disabled).to.equal(true);
    const boxes = el.shadowRoot!.querySelectorAll<HTMLInputElement>(
      '[part=domains] input[type=checkbox]',
    );
    boxes[0]!.click(); // admin on
    boxes[1]!.click(); // member off
    await el.updateComplete;
    const event = oneEvent(el, 'org-domains-changed');
    ($(el, '[part=domains] .actions .primary') as HTMLButtonElement).click();
    expect((await event).detail.roleIds).to.deep.equal(['r-admin']);
    expect(body).to.deep.equal({ domains: ['acme.com'], roleIds: ['r-admin'] });
  });

  it('adds the own domain as typed ("@Acme.com") and removes one', async () => {
    start();
    const el = await mount();
    expect($(el, '[part=domains]')!.textContent).to.contain(en['domains.none']);
    await type(el, '#domain', '@Acme.com ');
    button(el, en['domains.add'])!.click();
    await el.updateComplete;
    expect($(el, '.chips')!.textContent).to.contain('@acme.com');
    button(el, 'Remove @acme.com')!.click();
    await el.updateComplete;
    expect($(el, '.chips')!.textContent!.trim()).to.equal('');
  });

  it('shows a domain section error without breaking the rest (endpoint missing)', async () => {
    start({ routes: { 'GET /organizations/o1/domains': () => apiError(404, 'route.not_found') } });
    const el = await mount();
    expect($(el, '[part=domains]')!.textContent).to.contain(en['error.route.not_found']);
    expect(!!$(el, 'form[part=form]')).to.equal(true);
  });

  it('fires org-membership-lost when I am no longer a member', async () => {
    start({
      routes: { 'GET /organizations/o1': () => apiError(403, 'organization.not_member') },
    });
    const lost = new Promise<CustomEvent>((resolve) =>
      document.addEventListener('org-membership-lost', resolve as never, { once: true }),
    );
    const el = await mount();
    expect((await lost).detail).to.deep.equal({ organizationId: 'o1' });
    expect(text(el)).to.contain(en['error.organization.not_member']);
  });
});

function json204() {
  return new Response(null, { status: 204 });
}
