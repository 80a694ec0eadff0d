// Setup in any order: configure() and sign-in may happen before or after the elements connect.
import { expect, fixture, html } from '@open-wc/testing';
import '../org-create/org-create.js';
import '../org-members/org-members.js';
import type { OrgMembers } from '../org-members/org-members.js';
import '../org-switcher/org-switcher.js';
import type { OrgSwitcher } from '../org-switcher/org-switcher.js';
import { configure, refreshAll, type LogtoLike } from './config.js';
import { en } from './i18n/en.js';
import { API_BASE, fakeApi, fakeTokens, until, type FakeApi } from './testing.js';

const admin = { id: 'r-admin', name: 'admin' };
let api: FakeApi;

function start() {
  api = fakeApi({
    'GET /me/organizations': () => ({
      items: [{ id: 'o1', name: 'Acme', description: null, createdAt: 0, roles: [admin] }],
    }),
    'GET /organizations/o1': () => ({
      organization: { id: 'o1', name: 'Acme', description: null, createdAt: 0 },
      me: { id: 'me', roles: [admin], permissions: ['read:member'] },
    }),
    'GET /organizations/o1/roles': () => ({ items: [] }),
    'GET /organizations/o1/members': () => ({
      items: [
        { id: 'me', username: null, name: 'Mia', email: 'mia@x.test', avatar: null, roles: [] },
      ],
      total: 1,
      page: 1,
      pageSize: 20,
    }),
  });
}

/** A Logto stand-in whose sign-in state the test flips. */
function fakeLogto() {
  const state = { signedIn: false, member: true };
  const logto: LogtoLike = {
    isAuthenticated: async () => state.signedIn,
    getAccessToken: async () => 'rt',
    getOrganizationToken: async (id: string) => {
      if (!state.member) {
        throw Object.assign(new Error('Access denied.'), {
          name: 'LogtoRequestError',
          code: 'oidc.access_denied',
          cause: new Response(null, { status: 403 }),
        });
      }
      return `ot-${id}`;
    },
    clearAccessToken: async () => undefined,
  };
  return { logto, state };
}

const text = (el: HTMLElement) => el.shadowRoot!.textContent ?? '';
const rows = (el: OrgMembers) => el.shadowRoot!.querySelectorAll('[part~=member]').length;
const trigger = (el: OrgSwitcher) => el.shadowRoot!.querySelector('#trigger:not([disabled])');

async function mountBoth() {
  const wrap = await fixture<HTMLDivElement>(
    html`<div lang="en">
      <org-switcher></org-switcher>
      <org-members organization-id="o1"></org-members>
    </div>`,
  );
  return {
    switcher: wrap.querySelector('org-switcher')!,
    members: wrap.querySelector('org-members')!,
  };
}

afterEach(() => {
  api?.restore();
  configure({});
});

describe('setup in any order', () => {
  // First: once an element failed for want of a sign-in, the listeners stay for the page.
  it('adds no page listeners (focus, storage) while the elements load fine', async () => {
    start();
    configure({ apiBase: API_BASE, getAccessToken: fakeTokens() });
    const added: string[] = [];
    const spy = (target: Window | Document) => {
      const original = target.addEventListener;
      target.addEventListener = function (
        this: Window | Document,
        type: string,
        listener: EventListenerOrEventListenerObject,
        options?: boolean | AddEventListenerOptions,
      ) {
        added.push(type);
        original.call(this, type, listener, options);
      };
      return () => (target.addEventListener = original);
    };
    const undo = [spy(window), spy(document)];
    try {
      const { switcher, members } = await mountBoth();
      await until(() => rows(members) === 1, 'member rows');
      await until(() => trigger(switcher), 'switcher loaded');
      expect(added.filter((type) => type === 'storage' || type === 'focus')).to.deep.equal([]);
    } finally {
      undo.forEach((restore) => restore());
    }
  });

  it('loads once configure() is called after the elements connected', async () => {
    start();
    const { switcher, members } = await mountBoth();
    await until(() => text(members).includes(en['error.config.missing']), 'not set up');
    await until(() => text(switcher).includes(en['error.config.missing']), 'switcher not set up');

    configure({ apiBase: API_BASE, getAccessToken: fakeTokens() });
    await until(() => rows(members) === 1, 'member rows');
    await until(() => trigger(switcher), 'switcher loaded');
    expect(text(members).includes(en['error.config.missing'])).to.equal(false);
    expect(text(switcher).includes(en['error.config.missing'])).to.equal(false);
  });

  it('says "sign in first" while signed out, then loads when the page signs in', async () => {
    start();
    const { logto, state } = fakeLogto();
    configure({ apiBase: API_BASE, logto, resource: 'https://org.test' });
    const { switcher, members } = await mountBoth();
    await until(() => text(switcher).includes(en['error.auth.missing_token']), 'sign in first');
    await until(() => text(members).includes(en['error.auth.missing_token']), 'members: sign in');
    expect(api.calls.length).to.equal(0);

    // Signing in elsewhere and coming back to the tab: the failed elements retry on their own.
    state.signedIn = true;
    window.dispatchEvent(new Event('focus'));
    await until(() => trigger(switcher), 'switcher loaded after focus');
    await until(() => rows(members) === 1, 'members loaded after focus');
  });

  it('refreshAll() after a sign-in in the same tab loads every element', async () => {
    start();
    let signedIn = false;
    configure({
      apiBase: API_BASE,
      getAccessToken: async () => {
        if (!signedIn) throw new Error('no session');
        return 'tok';
      },
    });
    const { switcher, members } = await mountBoth();
    await until(() => text(switcher).includes(en['error.auth.token_failed']), 'sign in again');
    signedIn = true;
    refreshAll();
    await until(() => trigger(switcher), 'switcher loaded');
    await until(() => rows(members) === 1, 'members loaded');
  });

  it('after sign-out and refreshAll(), no element keeps showing the old data', async () => {
    start();
    const { logto, state } = fakeLogto();
    state.signedIn = true;
    configure({ apiBase: API_BASE, logto, resource: 'https://org.test' });
    const { switcher, members } = await mountBoth();
    await until(() => trigger(switcher), 'switcher loaded');
    await until(() => rows(members) === 1, 'members loaded');

    state.signedIn = false;
    refreshAll();
    await until(
      () => text(switcher).includes(en['error.auth.missing_token']),
      'switcher signed out',
    );
    await until(() => text(members).includes(en['error.auth.missing_token']), 'members signed out');
    expect(rows(members)).to.equal(0);
    expect(!!trigger(switcher)).to.equal(false);
  });

  it('a refused organization token reads as "not a member", never "sign in again"', async () => {
    start();
    const { logto, state } = fakeLogto();
    state.signedIn = true;
    state.member = false;
    configure({ apiBase: API_BASE, logto, resource: 'https://org.test' });
    const lost = new Promise<CustomEvent>((resolve) =>
      document.addEventListener('org-membership-lost', resolve as never, { once: true }),
    );
    const { members } = await mountBoth();
    expect((await lost).detail).to.deep.equal({ organizationId: 'o1' });
    await until(() => text(members).includes(en['error.organization.not_member']), 'not member');
    expect(text(members).includes(en['error.auth.token_failed'])).to.equal(false);
  });

  it('<org-create> drops its "not set up" message once configure() is called', async () => {
    start();
    const el = await fixture<HTMLElement>(html`<org-create lang="en"></org-create>`);
    const root = el.shadowRoot!;
    root.querySelector<HTMLInputElement>('#name')!.value = 'Acme';
    root.querySelector('#name')!.dispatchEvent(new Event('input'));
    root.querySelector<HTMLButtonElement>('[type=submit]')!.click();
    await until(() => text(el).includes(en['error.config.missing']), 'not set up');
    configure({ apiBase: API_BASE, getAccessToken: fakeTokens() });
    await until(() => !text(el).includes(en['error.config.missing']), 'message gone');
  });
});
