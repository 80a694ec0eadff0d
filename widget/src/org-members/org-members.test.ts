import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Member, OrganizationRole } from 'logto-org-widget-contract';
import { configure } from '../internal/config.js';
import { en } from '../internal/i18n/en.js';
import {
  addWatched,
  API_BASE,
  apiError,
  deferred,
  fakeApi,
  fakeTokens,
  membersAsked,
  describeQuietStart,
  until,
  type FakeApi,
  type Handler,
} from '../internal/testing.js';
import './org-members.js';
import type { OrgMembers } from './org-members.js';

const ALL = ['read:member', 'invite:member', 'update:member:role', 'remove:member'];
const ROLES: OrganizationRole[] = [
  { id: 'r-admin', name: 'admin', description: 'Everything', permissions: ALL },
  { id: 'r-member', name: 'member', description: null, permissions: ['read:member'] },
  { id: 'r-owner', name: 'owner', description: null, permissions: [...ALL, 'billing'] },
];
const admin = { id: 'r-admin', name: 'admin' };
const memberRole = { id: 'r-member', name: 'member' };

function person(id: string, name: string | null, roles = [memberRole], avatar?: string): Member {
  const email = `${id}@example.com`;
  return { id, username: null, name, email, avatar: avatar ?? null, roles };
}

interface Setup {
  permissions?: string[];
  people?: Member[];
  routes?: Record<string, Handler>;
}

let api: FakeApi;
/**
 * An avatar that loads (served by the test server): one that fails is drawn as initials from then
 * on, at the element's next update, which may come at any time (the admin count, a live signal).
 */
const AVATAR = new URL('../internal/testing-avatar.svg', import.meta.url).href;

/** The answer about organization o1 (without roles and members, which `include` adds). */
const context = (permissions = ALL) => ({
  organization: { id: 'o1', name: 'Acme', description: null, createdAt: 0 },
  me: { id: 'me', roles: [admin], permissions },
});

function start({ permissions = ALL, people, routes = {} }: Setup = {}) {
  const all = people ?? [
    person('me', 'Mia Admin', [admin]),
    person('bob', 'Bob Stone'),
    person('cy', null, [], AVATAR),
  ];
  api = fakeApi({
    'GET /organizations/o1': () => context(permissions),
    'GET /organizations/o1/roles': () => ({ items: ROLES }),
    'GET /organizations/o1/members': (req) => {
      const q = req.query.get('q') ?? '';
      const page = Number(req.query.get('page') ?? 1);
      const size = Number(req.query.get('pageSize') ?? 20);
      const roleId = req.query.get('roleId');
      const hits = all.filter(
        (m) =>
          (!q || `${m.name} ${m.email}`.toLowerCase().includes(q)) &&
          (!roleId || m.roles.some((r) => r.id === roleId)),
      );
      const items = hits.slice((page - 1) * size, page * size);
      return { items, total: hits.length, page, pageSize: size };
    },
    ...routes,
  });
  return all;
}

async function mount(lang = 'en') {
  const el = await fixture<OrgMembers>(
    html`<org-members
      lang=${lang}
      organization-id="o1"
      api-base=${API_BASE}
      .getAccessToken=${fakeTokens()}
    ></org-members>`,
  );
  await until(() => el.shadowRoot!.querySelector('ul.list, [role=alert], .center'), 'members');
  await until(() => !el.shadowRoot!.querySelector('[aria-busy=true]'), 'loaded');
  return el;
}

const $ = (el: OrgMembers, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const $$ = (el: OrgMembers, selector: string) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>(selector),
];
const status = (el: OrgMembers) => $(el, '[role=status]')?.textContent?.trim();
const rows = (el: OrgMembers) => $$(el, 'li[part=member]');
const button = (el: OrgMembers, label: string) =>
  $$(el, 'button').find((b) => (b.getAttribute('aria-label') ?? b.textContent!.trim()) === label);
const requests = (path: string) => api.calls.filter((c) => c.path === path);

afterEach(() => {
  api?.restore();
  configure({});
});

describe('<org-members>', () => {
  describeQuietStart({
    startHeld() {
      const held = deferred();
      start({ routes: { 'GET /organizations/o1': async () => (await held.promise, context()) } });
      return held;
    },
    add: () =>
      addWatched('org-members', {
        organizationId: 'o1',
        apiBase: API_BASE,
        getAccessToken: fakeTokens(),
      }),
    asked: () => requests('/organizations/o1').length,
    drawn: (el) =>
      rows(el as OrgMembers).length === 3 && $(el as OrgMembers, '.head input[type=search]'),
  });

  it('is accessible', async () => {
    start();
    const el = await mount();
    await expect(el).to.be.accessible();
  });

  it('renders members with avatar or initials, role badges, the "you" marker and the total', async () => {
    start();
    const el = await mount();
    expect(rows(el)).to.have.length(3);
    const [me, bob, cy] = rows(el);
    expect(me!.textContent).to.contain('Mia Admin').and.contain(en['members.you']);
    // Built-in roles show their translated label.
    expect(me!.querySelector('.badge:not(.accent)')!.textContent).to.equal(en['role.admin']);
    expect(bob!.querySelector('.avatar')!.textContent).to.equal('BS');
    expect(bob!.textContent).to.contain('bob@example.com').and.not.contain(en['members.you']);
    expect(cy!.querySelector('.avatar img')!.getAttribute('src')).to.equal(AVATAR);
    expect(cy!.textContent).to.contain('cy@example.com').and.contain(en['members.noRole']);
    expect($(el, '.count')!.textContent).to.equal('3 members');
    expect(api.calls.every((c) => c.token === 'Bearer tok-o1')).to.equal(true);
  });

  it('shows role and remove actions only with the permissions, leave only on my row', async () => {
    start({ permissions: ['read:member'] });
    const el = await mount();
    expect(!!button(el, 'Change roles of Bob Stone')).to.equal(false);
    expect(!!button(el, 'Remove Bob Stone')).to.equal(false);
    expect(rows(el)[0]!.textContent).to.contain(en['members.leave']);
    expect(rows(el)[1]!.textContent).not.to.contain(en['members.leave']);

    api.restore();
    start();
    const admin = await mount();
    expect(!!button(admin, 'Change roles of Bob Stone')).to.equal(true);
    expect(!!button(admin, 'Remove Bob Stone')).to.equal(true);
    expect(!!button(admin, 'Remove Mia Admin')).to.equal(false);
  });

  it('searches on the server after a pause in typing, and at once on Enter', async () => {
    start();
    const el = await mount();
    const input = $(el, '#search') as HTMLInputElement;
    input.value = 'bo';
    input.dispatchEvent(new InputEvent('input'));
    input.value = 'bob';
    input.dispatchEvent(new InputEvent('input'));
    expect(api.calls.filter((c) => c.query.get('q'))).to.have.length(0);
    await until(() => rows(el).length === 1, 'search result');
    const searched = api.calls.filter((c) => c.query.has('q'));
    expect(searched.map((c) => c.query.get('q'))).to.deep.equal(['bob']);

    input.value = 'nobody';
    input.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => $(el, 'p.center'), 'no match');
    expect($(el, 'p.center')!.textContent!.trim()).to.equal(en['members.noMatch']);
  });

  it('pages through members and filters by role', async () => {
    const people = Array.from({ length: 45 }, (_, i) =>
      person(`u${i}`, `User ${i}`, i % 2 ? [admin] : [memberRole]),
    );
    start({ people });
    const el = await mount();
    expect(rows(el)).to.have.length(20);
    expect($(el, '[part=pagination]')!.textContent).to.contain('Page 1 of 3');
    button(el, en['common.next'])!.click();
    await until(() => $(el, '[part=pagination]')!.textContent!.includes('Page 2 of 3'));
    await until(() => rows(el)[0]!.textContent!.includes('User 20'), 'page 2');
    expect(api.calls.at(-1)!.query.get('page')).to.equal('2');

    const select = $(el, 'select#role') as HTMLSelectElement;
    select.value = 'r-admin';
    select.dispatchEvent(new Event('change'));
    await until(() => $(el, '.count')!.textContent === '22 members', 'filtered');
    expect(api.calls.at(-1)!.query.get('roleId')).to.equal('r-admin');
    expect(api.calls.at(-1)!.query.get('page')).to.equal('1');
  });

  it('marks the list busy while a page loads', async () => {
    start();
    const el = await mount();
    const hold = deferred();
    api.on({
      'GET /organizations/o1/members': async () => {
        await hold.promise;
        return { items: [person('z', 'Zed')], total: 1, page: 1, pageSize: 20 };
      },
    });
    el.reload();
    await until(() => $(el, 'ul[aria-busy=true]'), 'busy list');
    hold.resolve(undefined);
    await until(() => $(el, 'ul[aria-busy=false]'), 'idle list');
    expect(rows(el)).to.have.length(1);
  });

  it('asks for the organization, its roles and the members page in one request, and nothing else before the rows', async () => {
    const hold = deferred();
    const held =
      (handler: Handler): Handler =>
      async (req) => {
        await hold.promise;
        return handler(req);
      };
    const people = [person('me', 'Mia Admin', [admin]), person('bob', 'Bob Stone')];
    const page = { items: people, total: 2, page: 1, pageSize: 20 };
    api = fakeApi({
      'GET /organizations/o1': held(() => ({
        organization: { id: 'o1', name: 'Acme', description: null, createdAt: 0 },
        me: { id: 'me', roles: [admin], permissions: ALL },
      })),
      'GET /organizations/o1/roles': held(() => ({ items: ROLES })),
      'GET /organizations/o1/members': (req) =>
        req.query.get('roleId') ? { ...page, items: [people[0]], total: 1 } : held(() => page)(req),
    });
    const el = document.createElement('org-members');
    el.organizationId = 'o1';
    el.apiBase = API_BASE;
    el.getAccessToken = fakeTokens();
    document.body.append(el);
    try {
      // All three come in one request, and nothing else is asked before the rows.
      await until(() => api.calls.length === 1, 'one request in flight');
      expect(api.calls.map((c) => `${c.path}?${c.query}`)).to.deep.equal([
        '/organizations/o1?include=roles%2Cmembers&page=1&pageSize=20',
      ]);
      // When the rows appear, the admin count is not asked in the same task (it would delay
      // their first paint): not even after many more microtasks.
      const countsWhenDrawn = new Promise<number>((resolve) => {
        const observer = new MutationObserver(async () => {
          if (!el.shadowRoot!.querySelector('li[part=member]')) return;
          observer.disconnect();
          for (let i = 0; i < 200; i += 1) await Promise.resolve();
          resolve(api.calls.filter((c) => c.query.get('roleId')).length);
        });
        observer.observe(el.shadowRoot!, { childList: true, subtree: true });
      });
      hold.resolve(undefined);
      expect(await countsWhenDrawn).to.equal(0);
      // It comes right after, and disables leaving for the last admin.
      await until(
        () => (button(el, en['members.leave']) as HTMLButtonElement | undefined)?.disabled,
        'leave disabled',
      );
      expect(api.calls.filter((c) => c.query.get('roleId')).length).to.equal(1);
    } finally {
      el.remove();
    }
  });

  it('shows a localized error with a retry', async () => {
    let fail = true;
    start({
      routes: {
        'GET /organizations/o1/members': () =>
          fail
            ? apiError(503, 'upstream.unavailable')
            : { items: [person('bob', 'Bob')], total: 1, page: 1, pageSize: 20 },
      },
    });
    const el = await mount();
    expect($(el, '[role=alert]')!.textContent).to.contain(en['error.upstream.unavailable']);
    expect($(el, '[role=alert]')!.textContent).not.to.contain('server says');
    fail = false;
    button(el, en['common.retry'])!.click();
    await until(() => rows(el).length === 1, 'retried');
  });

  it('explains a missing permission to read members', async () => {
    start({ routes: { 'GET /organizations/o1/members': () => apiError(403, 'auth.forbidden') } });
    const el = await mount();
    expect($(el, '[role=alert]')!.textContent).to.contain(en['common.noPermission']);
  });

  it('changes roles in a dialog, fires an event, returns focus and announces', async () => {
    start({
      routes: {
        'PUT /organizations/o1/members/bob/roles': (req) => ({
          member: {
            ...person('bob', 'Bob Stone'),
            roles: ROLES.filter((r) => (req.body as { roleIds: string[] }).roleIds.includes(r.id)),
          },
        }),
      },
    });
    const el = await mount();
    const opener = button(el, 'Change roles of Bob Stone')!;
    opener.click();
    const dialog = await until(() => $(el, 'dialog[open]') as HTMLDialogElement, 'dialog');
    const boxes = $$(el, 'dialog input[type=checkbox]') as HTMLInputElement[];
    expect(boxes.map((b) => [b.value, b.checked, b.disabled])).to.deep.equal([
      ['r-admin', false, false],
      ['r-member', true, false],
      ['r-owner', false, true], // would grant more than I have
    ]);
    expect(
      boxes.map((b) => [b.labels![0]!.textContent, b.getAttribute('aria-describedby')]),
    ).to.deep.equal([
      [en['role.admin'], 'role-0-d'],
      [en['role.member'], null],
      ['owner', null],
    ]);
    await expect(el).to.be.accessible();
    boxes[0]!.click();
    const event = oneEvent(el, 'org-member-roles-changed');
    button(el, en['common.save'])!.click();
    const { detail } = await event;
    expect(detail).to.deep.equal({
      organizationId: 'o1',
      userId: 'bob',
      roles: [ROLES[0], ROLES[1]],
    });
    expect(requests('/organizations/o1/members/bob/roles')[0]!.body).to.deep.equal({
      roleIds: ['r-member', 'r-admin'],
    });
    await until(() => !dialog.open, 'dialog closed');
    await until(() => el.shadowRoot!.activeElement === opener, 'focus back on the opener');
    expect(status(el)).to.equal('Roles of Bob Stone updated.');
  });

  it('keeps the dialog open and explains a refusal (last admin)', async () => {
    start({
      routes: {
        'PUT /organizations/o1/members/me/roles': () => apiError(409, 'member.last_admin'),
      },
    });
    const el = await mount();
    button(el, 'Change roles of Mia Admin')!.click();
    await until(() => $(el, 'dialog[open]'), 'dialog');
    ($$(el, 'dialog input[type=checkbox]')[0] as HTMLInputElement).click();
    const error = oneEvent(el, 'org-error');
    button(el, en['common.save'])!.click();
    expect((await error).detail).to.deep.equal({
      code: 'member.last_admin',
      status: 409,
      action: 'roles-member',
    });
    const alert = await until(() => $(el, 'dialog [role=alert]'), 'alert');
    expect(alert.textContent).to.equal(en['error.member.last_admin']);
    expect(($(el, 'dialog') as HTMLDialogElement).open).to.equal(true);

    // The refusal belongs to that attempt: another dialog starts clean.
    button(el, en['common.cancel'])!.click();
    await until(() => !$(el, 'dialog[open]'), 'closed');
    button(el, 'Remove Bob Stone')!.click();
    await until(() => $(el, 'dialog[open]'), 'second dialog');
    expect(!!$(el, 'dialog [role=alert]')).to.equal(false);
  });

  it('removes a member after confirmation and reloads the page', async () => {
    let people = start();
    start({
      people,
      routes: {
        'DELETE /organizations/o1/members/bob': () => {
          people = people.filter((p) => p.id !== 'bob');
          return new Response(null, { status: 204 });
        },
        'GET /organizations/o1/members': () => ({
          items: people,
          total: people.length,
          page: 1,
          pageSize: 20,
        }),
      },
    });
    const el = await mount();
    button(el, 'Remove Bob Stone')!.click();
    await until(() => $(el, 'dialog[open]'), 'dialog');
    expect($(el, 'dialog h2')!.textContent).to.equal('Remove Bob Stone?');
    expect(el.shadowRoot!.activeElement!.textContent!.trim()).to.equal(en['common.cancel']);
    const removed = oneEvent(el, 'org-member-removed');
    button(el, en['members.remove'])!.click();
    expect((await removed).detail).to.deep.equal({ organizationId: 'o1', userId: 'bob' });
    await until(() => rows(el).length === 2, 'reloaded');
    expect(status(el)).to.equal('Bob Stone was removed.');
    await until(() => el.shadowRoot!.activeElement === $(el, '#search'), 'focus on search');
  });

  it('cancels a removal with Escape, sending nothing', async () => {
    start();
    const el = await mount();
    const opener = button(el, 'Remove Bob Stone')!;
    opener.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = await until(() => $(el, 'dialog[open]') as HTMLDialogElement, 'dialog');
    await sendKeys({ press: 'Escape' });
    await until(() => !dialog.open, 'closed');
    await until(() => el.shadowRoot!.activeElement === opener, 'focus back');
    expect(api.calls.filter((c) => c.method === 'DELETE')).to.have.length(0);
  });

  it('leaves the organization by keyboard: clears cached tokens and fires org-left', async () => {
    let cleared = 0;
    configure({ clearTokens: () => void cleared++ });
    start({
      people: [person('me', 'Mia Admin', [admin]), person('ann', 'Ann Admin', [admin])],
      routes: { 'DELETE /organizations/o1/members/me': () => new Response(null, { status: 204 }) },
    });
    const el = await mount();
    await until(() => membersAsked(api.calls, 'o1').length >= 2, 'admins counted');
    button(el, en['members.leave'])!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => $(el, 'dialog[open]'), 'dialog');
    await sendKeys({ press: 'Tab' });
    const left = oneEvent(el, 'org-left');
    await sendKeys({ press: 'Enter' });
    expect((await left).detail).to.deep.equal({ organizationId: 'o1' });
    expect(cleared).to.equal(1);
    await until(() => status(el) === en['members.left'], 'left');
    expect(rows(el)).to.have.length(0);
    await until(() => el.shadowRoot!.activeElement === $(el, '[role=status]'), 'focus on message');
  });

  it('clears cached tokens and reloads my permissions after changing my own roles', async () => {
    let cleared = 0;
    configure({ clearTokens: () => void cleared++ });
    start({
      routes: {
        'PUT /organizations/o1/members/me/roles': () => ({
          member: { ...person('me', 'Mia Admin'), roles: [memberRole] },
        }),
      },
    });
    const el = await mount();
    button(el, 'Change roles of Mia Admin')!.click();
    await until(() => $(el, 'dialog[open]'), 'dialog');
    const changed = oneEvent(el, 'org-member-roles-changed');
    button(el, en['common.save'])!.click();
    expect((await changed).detail.roles).to.deep.equal([memberRole]);
    expect(cleared).to.equal(1);
    await until(() => requests('/organizations/o1').length === 2, 'permissions reloaded');
  });

  it('puts focus on the search field with el.focus(), and caps the page size at 100', async () => {
    start();
    const el = await fixture<OrgMembers>(
      html`<org-members
        organization-id="o1"
        page-size="500"
        api-base=${API_BASE}
        .getAccessToken=${fakeTokens()}
      ></org-members>`,
    );
    el.focus();
    expect(el.shadowRoot!.activeElement === $(el, '#search')).to.equal(true);
    await until(() => rows(el).length, 'rows');
    expect(membersAsked(api.calls, 'o1')[0]!.get('pageSize')).to.equal('100');
  });

  it('fires no event when properties change', async () => {
    start();
    let fired = 0;
    document.addEventListener('org-error', () => fired++);
    const el = await mount();
    el.organizationId = 'o2';
    await el.updateComplete;
    await until(() => $(el, '[role=alert]'), 'error for unknown org');
    expect(fired).to.equal(0);
  });

  it('renders in Japanese', async () => {
    start();
    const el = await mount('ja');
    expect($(el, 'h2')!.textContent).to.equal('メンバー');
    expect($(el, '.count')!.textContent).to.equal('メンバー 3 人');
    expect(rows(el)[0]!.textContent).to.contain('あなた');
    expect(!!button(el, 'Bob Stone のロールを変更')).to.equal(true);
  });

  it('the last admin cannot leave or drop the admin role: disabled up front with the reason', async () => {
    start();
    const el = await mount();
    await until(
      () => (button(el, en['members.leave']) as HTMLButtonElement | undefined)?.disabled,
      'leave disabled',
    );
    expect(rows(el)[0]!.textContent).to.contain(en['members.lastAdminLeave']);
    button(el, 'Change roles of Mia Admin')!.click();
    await until(() => $(el, 'dialog[open]'), 'dialog');
    const save = button(el, en['common.save'])! as HTMLButtonElement;
    expect(save.disabled).to.equal(false);
    ($$(el, 'dialog input[type=checkbox]')[1] as HTMLInputElement).click(); // member on
    ($$(el, 'dialog input[type=checkbox]')[0] as HTMLInputElement).click(); // admin off
    await el.updateComplete;
    expect(save.disabled).to.equal(true);
    expect($(el, '#why')!.textContent).to.contain(en['members.lastAdminDemote']);
    expect(save.getAttribute('aria-describedby')).to.equal('why');
  });

  it("counts the server's admin role when it is not named admin (owner)", async () => {
    const owner = { id: 'r-owner', name: 'owner' };
    start({
      people: [person('me', 'Mia Owner', [owner]), person('bob', 'Bob Stone', [admin])],
      routes: {
        'GET /organizations/o1': () => ({
          organization: { id: 'o1', name: 'Acme', description: null, createdAt: 0 },
          me: { id: 'me', roles: [owner], permissions: [...ALL, 'billing'] },
          adminRoleName: 'owner',
        }),
      },
    });
    const el = await mount();
    await until(
      () => (button(el, en['members.leave']) as HTMLButtonElement | undefined)?.disabled,
      'leave disabled',
    );
    expect(
      api.calls
        .find((c) => c.path.endsWith('/members') && c.query.get('roleId'))!
        .query.get('roleId'),
    ).to.equal('r-owner');
    button(el, 'Change roles of Mia Owner')!.click();
    await until(() => $(el, 'dialog[open]'), 'dialog');
    ($$(el, 'dialog input[type=checkbox]')[1] as HTMLInputElement).click(); // member on
    ($$(el, 'dialog input[type=checkbox]')[2] as HTMLInputElement).click(); // owner off
    await el.updateComplete;
    expect((button(el, en['common.save']) as HTMLButtonElement).disabled).to.equal(true);
    expect($(el, '#why')!.textContent).to.contain(en['members.lastAdminDemote']);
  });

  it('a member keeps at least one role: Save is disabled with the reason when none is picked', async () => {
    start();
    const el = await mount();
    button(el, 'Change roles of Bob Stone')!.click();
    await until(() => $(el, 'dialog[open]'), 'dialog');
    ($$(el, 'dialog input[type=checkbox]')[1] as HTMLInputElement).click(); // member off
    await el.updateComplete;
    expect((button(el, en['common.save']) as HTMLButtonElement).disabled).to.equal(true);
    expect($(el, '#why')!.textContent).to.contain(en['members.oneRole']);
  });

  it('a result message clears when the next action starts', async () => {
    start({
      routes: { 'DELETE /organizations/o1/members/bob': () => new Response(null, { status: 204 }) },
    });
    const el = await mount();
    button(el, 'Remove Bob Stone')!.click();
    await until(() => $(el, 'dialog[open]'), 'dialog');
    button(el, en['members.remove'])!.click();
    await until(() => status(el)?.includes('Bob Stone'), 'removed message');
    button(el, 'Change roles of Mia Admin')!.click();
    await until(() => $(el, 'dialog[open]'), 'dialog');
    button(el, en['common.save'])!.click();
    await until(() => !status(el)?.includes('Bob Stone'), 'cleared');
  });
});
