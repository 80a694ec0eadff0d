import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { ERROR_CODES } from 'logto-org-widget-contract';
import { OrgApiError, countAdmins, createApi, loadOrganization } from './api.js';
import { clearTokens, configure, contextCache, resolveConfig, type LogtoLike } from './config.js';
import { emit, reportError } from './events.js';
import { sharedStyles } from './styles.js';
import { strings as memberStrings } from './i18n/org-members.js';
import { strings as sharedStrings } from './i18n/strings.js';
import {
  addStrings,
  Localizer,
  registerRoleLabels,
  registerTranslation,
  resolveLang,
} from './localize.js';

// The probes below use strings of <org-members>, added as that element does when it loads.
addStrings(memberStrings);
import {
  API_BASE,
  apiError,
  deferred,
  fakeApi,
  fakeTokens,
  json,
  until,
  type FakeApi,
} from './testing.js';

class LocalizedProbe extends LitElement {
  l = new Localizer(this);
  override render() {
    return html`<p>${this.l.t('members.title')}</p>`;
  }
}
customElements.define('localized-probe', LocalizedProbe);

class StyledProbe extends LitElement {
  static override styles = sharedStyles;
  override render() {
    return html`<button class="primary">Go</button>`;
  }
}
customElements.define('styled-probe', StyledProbe);

function fakeLogto() {
  const calls: string[] = [];
  const logto: LogtoLike = {
    getAccessToken: async (resource?: string) => {
      calls.push(`resource:${resource}`);
      return 'rt';
    },
    getOrganizationToken: async (id: string) => {
      calls.push(`org:${id}`);
      return `ot-${id}`;
    },
    clearAccessToken: async () => {
      calls.push('clear');
    },
  };
  return { logto, calls };
}

describe('configure', () => {
  afterEach(() => configure({}));

  it('builds a token function from a LogtoClient: resource and organization tokens', async () => {
    const { logto, calls } = fakeLogto();
    configure({ apiBase: '/api', logto, resource: 'https://org.example/api' });
    const resolved = resolveConfig({})!;
    expect(resolved.apiBase).to.equal('/api');
    expect(await resolved.getAccessToken({ kind: 'resource' })).to.equal('rt');
    expect(await resolved.getAccessToken({ kind: 'organization', organizationId: 'o1' })).to.equal(
      'ot-o1',
    );
    expect(calls).to.deep.equal(['resource:https://org.example/api', 'org:o1']);
    await clearTokens();
    expect(calls.at(-1)).to.equal('clear');
  });

  it('lets element properties win over configure()', async () => {
    configure({ apiBase: '/page', getAccessToken: async () => 'page' });
    const own = fakeTokens();
    const resolved = resolveConfig({ apiBase: '/own', getAccessToken: own })!;
    expect(resolved.apiBase).to.equal('/own');
    expect(await resolved.getAccessToken({ kind: 'resource' })).to.equal('tok-resource');
  });

  it('is undefined without an API base or a token source', () => {
    expect(resolveConfig({})).to.equal(undefined);
    configure({ apiBase: '/x' });
    expect(resolveConfig({})).to.equal(undefined);
  });

  it('clearTokens never throws', async () => {
    configure({
      clearTokens: () => {
        throw new Error('boom');
      },
    });
    await clearTokens();
  });
});

describe('API client', () => {
  let api: FakeApi;
  afterEach(() => api.restore());

  it('sends the organization token, the query and JSON; returns the body', async () => {
    api = fakeApi({
      'GET /organizations/o%201/members': () => ({ items: [], total: 0, page: 2, pageSize: 10 }),
      'PUT /organizations/o1/members/u1/roles': (req) => ({ member: { id: 'u1', got: req.body } }),
    });
    const tokens = fakeTokens();
    const client = createApi({ apiBase: `${API_BASE}/`, getAccessToken: tokens });
    const page = await client.members('o 1', { q: 'al', page: 2, pageSize: 10, roleId: '' });
    expect(page.page).to.equal(2);
    expect(api.calls[0]!.token).to.equal('Bearer tok-o 1');
    expect(api.calls[0]!.query.get('q')).to.equal('al');
    expect(api.calls[0]!.query.has('roleId')).to.equal(false);
    await client.setMemberRoles('o1', 'u1', ['r1']);
    expect(api.calls[1]!.body).to.deep.equal({ roleIds: ['r1'] });
    expect(tokens.contexts).to.deep.equal([
      { kind: 'organization', organizationId: 'o 1' },
      { kind: 'organization', organizationId: 'o1' },
    ]);
  });

  it('uses the resource token for tenant-level calls and handles 204', async () => {
    api = fakeApi({ 'POST /invitations/i1/accept': () => json(204) });
    const tokens = fakeTokens();
    const result = await createApi({ apiBase: API_BASE, getAccessToken: tokens }).acceptInvitation(
      'i1',
    );
    expect(result).to.equal(undefined);
    expect(tokens.contexts).to.deep.equal([{ kind: 'resource' }]);
  });

  it('maps {code, message, data} bodies to OrgApiError', async () => {
    api = fakeApi({
      'DELETE /organizations/o1/members/u1': () => apiError(409, 'member.last_admin', { n: 1 }),
    });
    const client = createApi({ apiBase: API_BASE, getAccessToken: fakeTokens() });
    const error = await client.removeMember('o1', 'u1').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(OrgApiError);
    expect(error).to.include({ code: 'member.last_admin', status: 409, name: 'OrgApiError' });
    expect((error as OrgApiError).data).to.deep.equal({ n: 1 });
  });

  it('maps a non-JSON error to unexpected, a failed fetch to network', async () => {
    api = fakeApi({
      'GET /roles-html': () => new Response('<h1>Bad gateway</h1>', { status: 502 }),
    });
    const client = createApi({ apiBase: API_BASE, getAccessToken: fakeTokens() });
    const bad = await client.roles('o1').catch((e: unknown) => e);
    expect(bad).to.include({ code: 'route.not_found', status: 404 });
    api.on({
      'GET /organizations/o1/roles': () => new Response('<h1>Bad gateway</h1>', { status: 502 }),
    });
    expect(await client.roles('o1').catch((e: unknown) => e)).to.include({
      code: 'unexpected',
      status: 502,
    });
    api.on({
      'GET /organizations/o1/roles': () => {
        throw new TypeError('Failed to fetch');
      },
    });
    expect(await client.roles('o1').catch((e: unknown) => e)).to.include({
      code: 'network',
      status: 0,
    });
  });

  it('reports a missing configuration and a failing token function by code', async () => {
    api = fakeApi();
    expect(
      await createApi(undefined)
        .myOrganizations()
        .catch((e: unknown) => e),
    ).to.include({
      code: 'config.missing',
    });
    const failing = createApi({
      apiBase: API_BASE,
      getAccessToken: () => Promise.reject(new Error('login_required')),
    });
    expect(await failing.myOrganizations().catch((e: unknown) => e)).to.include({
      code: 'auth.token_failed',
    });
    expect(api.calls).to.have.length(0);
  });

  it('loads an organization with its roles in one request, or no roles when they may not be read', async () => {
    const detail = { organization: { id: 'o1' }, me: { id: 'u1', roles: [], permissions: [] } };
    const roles = [{ id: 'r1', name: 'member', description: null, permissions: [] }];
    api = fakeApi({
      'GET /organizations/o1': () => detail,
      'GET /organizations/o1/roles': () => ({ items: roles }),
    });
    const client = createApi({ apiBase: API_BASE, getAccessToken: fakeTokens() });
    expect(await loadOrganization(client, 'o1')).to.deep.equal({ ...detail, roles });
    expect(api.calls.map((c) => `${c.path}?${c.query}`)).to.deep.equal([
      '/organizations/o1?include=roles',
    ]);
    contextCache.clear();
    api.on({ 'GET /organizations/o1/roles': () => apiError(403, 'auth.forbidden') });
    expect(await loadOrganization(client, 'o1')).to.deep.equal({ ...detail, roles: [] });
    contextCache.clear();
    api.on({ 'GET /organizations/o1': () => apiError(403, 'organization.not_member') });
    expect(await loadOrganization(client, 'o1').catch((e: unknown) => e)).to.include({
      code: 'organization.not_member',
    });
  });

  it('brings a first page of members along, and says at once when an answer is shared', async () => {
    const detail = { organization: { id: 'o1' }, me: { id: 'u1', roles: [], permissions: [] } };
    const page = { items: [], total: 0, page: 2, pageSize: 5 };
    api = fakeApi({
      'GET /organizations/o1': () => detail,
      'GET /organizations/o1/roles': () => ({ items: [] }),
      'GET /organizations/o1/members': (req) => {
        expect(Object.fromEntries(req.query)).to.deep.equal({ q: 'ann', page: '2', pageSize: '5' });
        return page;
      },
    });
    const client = createApi({ apiBase: API_BASE, getAccessToken: fakeTokens() });
    const pages: unknown[] = [];
    const firstPage = {
      query: { q: 'ann', page: 2, pageSize: 5, roleId: '' },
      onMembers: (p: unknown) => pages.push(p),
    };
    const ctx = await loadOrganization(client, 'o1', undefined, firstPage);
    expect(pages).to.deep.equal([page]);
    expect('members' in ctx).to.equal(false);
    expect(api.calls.map((c) => `${c.path}?${c.query}`)).to.deep.equal([
      '/organizations/o1?include=roles%2Cmembers&q=ann&page=2&pageSize=5',
    ]);
    // Shared with an element that asked first: no page, said before the answer is awaited.
    const held = deferred();
    api.on({ 'GET /organizations/o1': async () => (await held.promise, detail) });
    contextCache.clear();
    const first = loadOrganization(client, 'o1');
    await until(() => api.calls.length === 2, 'first request');
    const second = loadOrganization(client, 'o1', undefined, firstPage);
    await until(() => pages.length === 2, 'told no page');
    expect(pages[1]).to.equal(undefined);
    held.resolve(undefined);
    expect(await second).to.deep.equal(await first);
    expect(api.calls).to.have.length(2);
  });

  it('asks the two reads of old when the server does not know include (400 request.invalid in the query)', async () => {
    const detail = { organization: { id: 'o1' }, me: { id: 'u1', roles: [], permissions: [] } };
    const roles = [{ id: 'r1', name: 'member', description: null, permissions: [] }];
    // What a server from before `include` answers: its query takes no parameter.
    const unknownQuery = () => apiError(400, 'request.invalid', { field: 'include', in: 'query' });
    api = fakeApi({
      'GET /organizations/o1': (req) => (req.query.has('include') ? unknownQuery() : detail),
      'GET /organizations/o1/roles': () => ({ items: roles }),
    });
    const client = createApi({ apiBase: API_BASE, getAccessToken: fakeTokens() });
    const pages: unknown[] = [];
    const ctx = await loadOrganization(client, 'o1', undefined, {
      query: { page: 1, pageSize: 20 },
      onMembers: (p) => pages.push(p),
    });
    expect(ctx).to.deep.equal({ ...detail, roles });
    expect(pages).to.deep.equal([undefined]);
    expect(api.calls.map((c) => `${c.path}?${c.query}`).sort()).to.deep.equal([
      '/organizations/o1/roles?',
      '/organizations/o1?',
      '/organizations/o1?include=roles%2Cmembers&page=1&pageSize=20',
    ]);
    // Any other refusal is the answer (no second try).
    contextCache.clear();
    api.on({
      'GET /organizations/o1': () =>
        apiError(400, 'request.invalid', { field: 'orgId', in: 'params' }),
    });
    const before = api.calls.length;
    expect(await loadOrganization(client, 'o1').catch((e: unknown) => e)).to.include({
      code: 'request.invalid',
    });
    expect(api.calls.length - before).to.equal(1);
  });

  it('shares an organization context between elements for a few seconds, until tokens are cleared', async () => {
    const detail = { organization: { id: 'o1' }, me: { id: 'u1', roles: [], permissions: [] } };
    api = fakeApi({
      'GET /organizations/o1': () => detail,
      'GET /organizations/o1/roles': () => ({ items: [] }),
    });
    const tokens = fakeTokens();
    const one = createApi({ apiBase: API_BASE, getAccessToken: tokens });
    const two = createApi({ apiBase: API_BASE, getAccessToken: async () => 'tok-o1' });
    await Promise.all([loadOrganization(one, 'o1'), loadOrganization(two, 'o1')]);
    const details = () => api.calls.filter((c) => c.path === '/organizations/o1').length;
    expect(details()).to.equal(1);
    // Another user (another token) asks on its own.
    await loadOrganization(createApi({ apiBase: API_BASE, getAccessToken: async () => 'x' }), 'o1');
    expect(details()).to.equal(2);
    await clearTokens();
    await loadOrganization(one, 'o1');
    expect(details()).to.equal(3);
    // A failure is never shared.
    api.on({ 'GET /organizations/o1': () => apiError(503, 'upstream.unavailable') });
    await clearTokens();
    await loadOrganization(one, 'o1').catch(() => undefined);
    api.on({ 'GET /organizations/o1': () => detail });
    expect(await loadOrganization(one, 'o1')).to.deep.equal({ ...detail, roles: [] });
  });

  it('counts admins only for an admin, shared like the context', async () => {
    api = fakeApi({
      'GET /organizations/o1/members': () => ({ items: [], total: 2, page: 1, pageSize: 1 }),
    });
    const client = createApi({ apiBase: API_BASE, getAccessToken: fakeTokens() });
    const admin = { me: { roles: [{ id: 'r-admin', name: 'admin' }] } };
    expect(await countAdmins(client, 'o1', { me: { roles: [] } })).to.equal(undefined);
    expect(await countAdmins(client, 'o1', admin)).to.equal(2);
    expect(await countAdmins(client, 'o1', admin)).to.equal(2);
    expect(api.calls).to.have.length(1);
    expect(api.calls[0]!.query.get('roleId')).to.equal('r-admin');
  });

  it("counts holders of the server's admin role when it is not named admin", async () => {
    api = fakeApi({
      'GET /organizations/o1/members': () => ({ items: [], total: 3, page: 1, pageSize: 1 }),
    });
    const client = createApi({ apiBase: API_BASE, getAccessToken: fakeTokens() });
    const roles = [
      { id: 'r-admin', name: 'admin' },
      { id: 'r-owner', name: 'owner' },
    ];
    expect(
      await countAdmins(client, 'o1', { me: { roles: roles.slice(0, 1) }, adminRoleName: 'owner' }),
    ).to.equal(undefined);
    expect(api.calls).to.have.length(0);
    expect(await countAdmins(client, 'o1', { me: { roles }, adminRoleName: 'owner' })).to.equal(3);
    expect(api.calls[0]!.query.get('roleId')).to.equal('r-owner');
  });

  it('retries a refused read once with fresh tokens (an organization token older than a promotion)', async () => {
    let cleared = 0;
    configure({ clearTokens: () => void (cleared += 1) });
    let listed = 0;
    api = fakeApi({
      'GET /organizations/o1/invitations': () =>
        ++listed === 1 ? apiError(403, 'auth.forbidden') : { items: [] },
      'DELETE /organizations/o1/invitations/i1': () => apiError(403, 'auth.forbidden'),
    });
    const client = createApi({ apiBase: API_BASE, getAccessToken: fakeTokens() });
    expect(await client.invitations('o1')).to.deep.equal({ items: [] });
    expect(cleared).to.equal(1);
    expect(listed).to.equal(2);
    // A mutation is checked live by the server: its refusal is final, no retry.
    const error = await client.revokeInvitation('o1', 'i1').catch((e: unknown) => e);
    expect(error).to.include({ code: 'auth.forbidden' });
    expect(cleared).to.equal(1);
    expect(api.calls.filter((c) => c.method === 'DELETE')).to.have.length(1);
    configure({});
  });

  it('passes the abort signal through (an aborted call rejects, not as network)', async () => {
    api = fakeApi({ 'GET /me/organizations': () => ({ items: [] }) });
    const controller = new AbortController();
    controller.abort();
    const error = await createApi({ apiBase: API_BASE, getAccessToken: fakeTokens() })
      .myOrganizations(controller.signal)
      .catch((e: unknown) => e);
    expect(error).not.to.be.instanceOf(OrgApiError);
    expect((error as Error).name).to.equal('AbortError');
  });
});

describe('events', () => {
  it('bubble out of shadow roots', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const inner = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(inner);
    let seen: unknown;
    document.addEventListener('org-left', (e) => (seen = e.detail), { once: true });
    emit(inner, 'org-left', { organizationId: 'o1' });
    expect(seen).to.deep.equal({ organizationId: 'o1' });
  });
});

describe('localize', () => {
  afterEach(() => document.documentElement.removeAttribute('lang'));

  it('resolves the closest lang across shadow roots, then <html lang>, then en', async () => {
    const outer = await fixture<HTMLDivElement>(html`<div lang="ja-JP"><p></p></div>`);
    const shadowHost = outer.querySelector('p')!;
    const inner = document.createElement('span');
    shadowHost.attachShadow({ mode: 'open' }).append(inner);
    expect(resolveLang(inner)).to.equal('ja-JP');
    outer.removeAttribute('lang');
    expect(resolveLang(inner)).to.equal('en');
    document.documentElement.lang = 'ja';
    expect(resolveLang(inner)).to.equal('ja');
  });

  it('translates with subtag fallback, per-key English fallback, plurals and numbers', async () => {
    const el = await fixture<LocalizedProbe>(
      html`<localized-probe lang="ja-JP"></localized-probe>`,
    );
    expect(el.shadowRoot!.textContent).to.contain('メンバー');
    registerTranslation('fr', {
      'members.title': 'Membres',
      'members.total_one': '{count} membre',
    });
    el.lang = 'fr';
    await el.updateComplete;
    expect(el.l.t('members.title')).to.equal('Membres');
    expect(el.l.t('members.you')).to.equal('You');
    expect(el.l.plural('members.total', 1)).to.equal('1 membre');
    expect(el.l.plural('members.total', 1234)).to.match(/^1\s234 members$/);
    el.lang = 'en';
    await el.updateComplete;
    expect(el.l.plural('members.total', 1)).to.equal('1 member');
    expect(el.l.plural('members.total', 1234)).to.equal('1,234 members');
    expect(el.l.t('members.removed', { name: 'Ann' })).to.equal('Ann was removed.');
  });

  it('has an English and a Japanese message for every error code of the server and the client', () => {
    const table = sharedStrings as Record<string, readonly [string, string]>;
    const client = ['network', 'config.missing', 'auth.token_failed', 'unexpected'];
    // Never shown: the webhook is Logto calling the server, and a refused event stream makes the
    // elements fall back to fetching silently.
    const unseen = ['webhook.invalid_signature', 'stream.too_many'];
    const shown = Object.keys(ERROR_CODES).filter((code) => !unseen.includes(code));
    const missing = [...shown, ...client].filter(
      (code) => !table[`error.${code}`]?.[0] || !table[`error.${code}`]?.[1],
    );
    expect(missing).to.deep.equal([]);
  });

  it('formats English and Japanese numbers and plurals exactly as Intl does', async () => {
    const el = await fixture<LocalizedProbe>(html`<localized-probe lang="en"></localized-probe>`);
    for (const lang of ['en', 'en-GB', 'ja', 'ja-JP']) {
      el.lang = lang;
      await el.updateComplete;
      for (const n of [0, 1, 2, 7, 999, 1000, 12345, 1234567, -4321, 1.5]) {
        expect(el.l.number(n)).to.equal(new Intl.NumberFormat(lang).format(n));
        const category = new Intl.PluralRules(lang).select(n);
        const form = el.l.plural('members.total', n);
        const expected = lang.startsWith('en') && category === 'one' ? 'member' : 'members';
        if (lang.startsWith('en')) expect(form.endsWith(` ${expected}`)).to.equal(true);
      }
    }
  });

  it('keeps strings a host registered when an element adds its built-in table later', async () => {
    registerTranslation('en', { 'switcher.joinShort': 'Hop in' } as never);
    addStrings({
      'switcher.joinShort': ['Join', '参加'],
      'switcher.declineShort': ['Decline', '辞退'],
    });
    const el = await fixture<LocalizedProbe>(html`<localized-probe lang="en"></localized-probe>`);
    expect(el.l.t('switcher.joinShort')).to.equal('Hop in');
    expect(el.l.t('switcher.declineShort')).to.equal('Decline');
  });

  it('labels roles: registered, built-in (en, ja), else the description, else the name', async () => {
    const el = await fixture<LocalizedProbe>(html`<localized-probe lang="ja"></localized-probe>`);
    expect(el.l.role({ name: 'admin' })).to.equal('管理者');
    registerRoleLabels('ja', { billing: '請求担当' });
    expect(el.l.role({ name: 'billing', description: 'Pays' })).to.equal('請求担当');
    expect(el.l.role({ name: 'ops', description: 'Runs things' })).to.equal('Runs things');
    expect(el.l.role({ name: 'ops', description: null })).to.equal('ops');
  });

  it('localizes error codes with a generic fallback', async () => {
    const el = await fixture<LocalizedProbe>(html`<localized-probe lang="ja"></localized-probe>`);
    expect(el.l.error('member.last_admin')).to.contain('管理者');
    expect(el.l.error('no.such.code')).to.equal(el.l.t('error.generic'));
  });

  it('formats relative times in the element language', async () => {
    const el = await fixture<LocalizedProbe>(html`<localized-probe lang="ja"></localized-probe>`);
    const now = Date.UTC(2026, 0, 1);
    expect(el.l.relative(now + 3 * 86_400_000, now)).to.equal('3 日後');
    el.lang = 'en';
    await el.updateComplete;
    expect(el.l.relative(now - 2 * 3_600_000, now)).to.equal('2 hours ago');
  });

  it('re-renders when <html lang> changes', async () => {
    const el = await fixture<LocalizedProbe>(html`<localized-probe></localized-probe>`);
    expect(el.shadowRoot!.textContent).to.contain('Members');
    document.documentElement.lang = 'ja';
    await until(() => el.shadowRoot!.textContent!.includes('メンバー'), 'Japanese text');
  });
});

describe('reportError', () => {
  it('fires org-error with code, status and action, and returns an OrgApiError', async () => {
    const el = await fixture<HTMLDivElement>(html`<div></div>`);
    const seen: unknown[] = [];
    el.addEventListener('org-error', (e) => seen.push(e.detail));
    const err = reportError(el, new OrgApiError('auth.forbidden', 403, 'no'), 'invite');
    expect(err.code).to.equal('auth.forbidden');
    reportError(el, new DOMException('gone', 'AbortError'), 'invite');
    const other = reportError(el, new Error('weird'), 'remove-member');
    expect(other.code).to.equal('unexpected');
    expect(seen).to.deep.equal([
      { code: 'auth.forbidden', status: 403, action: 'invite' },
      { code: 'unexpected', status: 0, action: 'remove-member' },
    ]);
  });
});

describe('shared styles', () => {
  const bg = (el: Element) => getComputedStyle(el).backgroundColor;

  it('has a light and a dark palette, forced by the theme attribute', async () => {
    const light = await fixture<StyledProbe>(html`<styled-probe theme="light"></styled-probe>`);
    const dark = await fixture<StyledProbe>(html`<styled-probe theme="dark"></styled-probe>`);
    expect(bg(light)).to.equal('rgb(255, 255, 255)');
    expect(bg(dark)).to.equal('rgb(23, 24, 28)');
    expect(getComputedStyle(light).display).to.equal('block');
  });

  it('takes --org-* custom properties from the page', async () => {
    const el = await fixture<StyledProbe>(
      html`<styled-probe style="--org-color-primary: rgb(1, 2, 3)"></styled-probe>`,
    );
    expect(bg(el.shadowRoot!.querySelector('button')!)).to.equal('rgb(1, 2, 3)');
  });

  it('hides the element with the hidden attribute', async () => {
    const el = await fixture<StyledProbe>(html`<styled-probe hidden></styled-probe>`);
    expect(getComputedStyle(el).display).to.equal('none');
  });
});
