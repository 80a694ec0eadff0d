import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Invitation, OrganizationRole } from 'logto-org-widget-contract';
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
import { MAX_EMAILS, parseEmails } from './org-invite.js';
import type { OrgInvite } from './org-invite.js';
import './org-invite.js';

const ALL = ['read:member', 'invite:member', 'update:member:role', 'remove:member'];
const ROLES: OrganizationRole[] = [
  { id: 'r-admin', name: 'admin', description: null, permissions: ALL },
  { id: 'r-member', name: 'member', description: null, permissions: ['read:member'] },
  { id: 'r-owner', name: 'owner', description: null, permissions: [...ALL, 'billing'] },
];
const DAY = 86_400_000;

function invitation(id: string, invitee: string, status: Invitation['status'], days: number) {
  const now = Date.now();
  return {
    id,
    invitee,
    status,
    roles: [{ id: 'r-member', name: 'member' }],
    inviterId: 'me',
    createdAt: now - DAY,
    expiresAt: now + days * DAY + 60_000,
    link: `https://app.test/invite?id=${id}`,
  } satisfies Invitation;
}

let api: FakeApi;
let invitations: Invitation[];

function start(permissions = ALL, routes: Record<string, Handler> = {}) {
  invitations = [
    invitation('i1', 'pat@example.com', 'Pending', 3),
    invitation('i2', 'old@example.com', 'Expired', -2),
    invitation('i3', 'late@example.com', 'Pending', -1),
    invitation('i4', 'done@example.com', 'Accepted', 3),
    invitation('i5', 'gone@example.com', 'Revoked', 3),
  ];
  api = fakeApi({
    'GET /organizations/o1': () => ({
      organization: { id: 'o1', name: 'Acme', description: null, createdAt: 0 },
      me: { id: 'me', roles: [{ id: 'r-admin', name: 'admin' }], permissions },
    }),
    'GET /organizations/o1/roles': () => ({ items: ROLES }),
    'GET /organizations/o1/invitations': () => ({ items: invitations }),
    'POST /organizations/o1/invitations': (req) => {
      const { emails } = req.body as { emails: string[] };
      return {
        results: emails.map((email, i) =>
          email.startsWith('taken')
            ? {
                email,
                status: 'failed',
                error: { code: 'invitation.already_member', message: 'server text' },
              }
            : {
                email,
                status: i === 0 ? 'sent' : 'link',
                invitation: invitation(`n${i}`, email, 'Pending', 7),
              },
        ),
      };
    },
    ...routes,
  });
}

async function mount(lang = 'en') {
  const el = await fixture<OrgInvite>(
    html`<org-invite
      lang=${lang}
      organization-id="o1"
      api-base=${API_BASE}
      .getAccessToken=${fakeTokens()}
    ></org-invite>`,
  );
  await until(
    () =>
      !el.shadowRoot!.querySelector('[aria-busy=true]') &&
      el.shadowRoot!.querySelector('table, .muted, [role=alert]'),
    'loaded',
  );
  return el;
}

const $ = (el: OrgInvite, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const $$ = (el: OrgInvite, selector: string) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>(selector),
];
const button = (el: OrgInvite, label: string) =>
  $$(el, 'button').find((b) => (b.getAttribute('aria-label') ?? b.textContent!.trim()) === label);
const status = (el: OrgInvite) => $(el, '[role=status]')!.textContent!.trim();
const posts = () => api.calls.filter((c) => c.method === 'POST');

function type(el: OrgInvite, text: string) {
  const area = $(el, '#emails') as HTMLTextAreaElement;
  area.value = text;
  area.dispatchEvent(new InputEvent('input'));
}

async function submit(el: OrgInvite) {
  await el.updateComplete;
  button(el, en['invite.submit'])!.click();
  await el.updateComplete;
}

afterEach(() => api?.restore());

describe('<org-invite>', () => {
  // The organization comes at once; the pending invitations are held: both are drawn together.
  describeQuietStart({
    startHeld() {
      const held = deferred();
      start(ALL, {
        'GET /organizations/o1/invitations': async () => (
          await held.promise,
          { items: invitations }
        ),
      });
      return held;
    },
    add: () =>
      addWatched('org-invite', {
        organizationId: 'o1',
        apiBase: API_BASE,
        getAccessToken: fakeTokens(),
      }),
    asked: () => api.calls.some((c) => c.path === '/organizations/o1/invitations'),
    drawn: (el) => $(el as OrgInvite, 'table') && $(el as OrgInvite, '#emails'),
  });

  it('is accessible', async () => {
    start();
    const el = await mount();
    type(el, 'ann@example.com, taken@example.com, zed@example.com');
    await submit(el);
    await until(() => $(el, '[part=results]'), 'results');
    await expect(el).to.be.accessible();
  });

  it('shows nothing but an explanation without invite:member', async () => {
    start(['read:member']);
    const el = await mount();
    expect($(el, 'p')!.textContent).to.equal(en['invite.noPermission']);
    expect(!!$(el, 'form')).to.equal(false);
    expect(api.calls.some((c) => c.path.endsWith('/invitations'))).to.equal(false);
  });

  it('parses pasted lists: separators, case, duplicates, invalid entries', () => {
    expect(
      parseEmails(' Ann@Example.com,bob@example.com;\n\nann@example.com <cy@ex.io> nope x@y'),
    ).to.deep.equal({
      valid: ['ann@example.com', 'bob@example.com', 'cy@ex.io'],
      invalid: ['nope', 'x@y'],
    });
    // Only A–Z are lower-cased: a KELVIN SIGN (U+212A) is not "k", the address is kept as typed.
    expect(parseEmails('\u212Aate@Corp.test kate@corp.test')).to.deep.equal({
      valid: ['\u212Aate@corp.test', 'kate@corp.test'],
      invalid: [],
    });
  });

  it('refuses invalid, missing and too many addresses before sending', async () => {
    start();
    const el = await mount();
    const area = $(el, '#emails')!;
    await submit(el);
    expect($(el, '#emails-error')!.textContent).to.equal(en['invite.noEmails']);
    expect(area.getAttribute('aria-invalid')).to.equal('true');
    expect(area.getAttribute('aria-describedby')).to.contain('emails-error');
    expect(el.shadowRoot!.activeElement === area).to.equal(true);

    type(el, 'bad, worse@');
    await submit(el);
    expect($(el, '#emails-error')!.textContent).to.equal('Not valid: bad, worse@');

    type(el, Array.from({ length: MAX_EMAILS + 1 }, (_, i) => `u${i}@example.com`).join(' '));
    await el.updateComplete;
    expect($(el, '#emails-hint')!.textContent).to.contain('21 addresses');
    await submit(el);
    expect($(el, '#emails-error')!.textContent).to.equal(
      'Up to 20 addresses at once; you entered 21.',
    );
    expect(posts()).to.have.length(0);
  });

  it('sends several invitations with role and expiry and shows one result per email', async () => {
    start();
    const el = await mount();
    type(el, 'Ann@Example.com, zed@example.com\nann@example.com taken@example.com');
    ($(el, '#expiry') as HTMLSelectElement).value = '14';
    expect(($(el, '#role') as HTMLSelectElement).value).to.equal('r-member');
    expect(($(el, 'option[value=r-owner]') as HTMLOptionElement).disabled).to.equal(true);
    const sent = oneEvent(el, 'org-invitations-sent');
    await submit(el);
    const { detail } = await sent;
    expect(posts()[0]!.body).to.deep.equal({
      emails: ['ann@example.com', 'zed@example.com', 'taken@example.com'],
      roleIds: ['r-member'],
      expiresInDays: 14,
    });
    expect(detail.organizationId).to.equal('o1');
    expect(detail.results.map((r: { status: string }) => r.status)).to.deep.equal([
      'sent',
      'link',
      'failed',
    ]);
    await until(() => $(el, '[part=results]'), 'results');
    const items = $$(el, '[part=results] li');
    expect(items[0]!.textContent).to.contain(en['invite.sent']);
    expect(items[1]!.textContent).to.contain(en['invite.link']);
    expect((items[1]!.querySelector('input') as HTMLInputElement).value).to.equal(
      'https://app.test/invite?id=n1',
    );
    expect(items[2]!.textContent)
      .to.contain(en['error.invitation.already_member'])
      .and.not.contain('server text');
    expect(($(el, '#emails') as HTMLTextAreaElement).value).to.equal('taken@example.com');
    expect(status(el)).to.equal('2 of 3 invitations created.');
    await until(
      () =>
        api.calls.filter((c) => c.path === '/organizations/o1/invitations' && c.method === 'GET')
          .length === 2,
      'list reloaded',
    );
  });

  it('always sends a role: preselects one the inviter may grant, not the admin role if another is', async () => {
    const roles: OrganizationRole[] = [
      ROLES[0]!, // admin
      { id: 'r-viewer', name: 'viewer', description: null, permissions: ['read:member'] },
      ROLES[2]!, // owner: more than my permissions
    ];
    start(ALL, { 'GET /organizations/o1/roles': () => ({ items: roles }) });
    const el = await mount();
    expect(($(el, '#role') as HTMLSelectElement).value).to.equal('r-viewer');
    expect($$(el, '#role option').map((o) => (o as HTMLOptionElement).value)).to.deep.equal([
      'r-admin',
      'r-viewer',
      'r-owner',
    ]);
    type(el, 'ann@example.com');
    await submit(el);
    await until(() => posts().length === 1, 'sent');
    expect(posts()[0]!.body).to.deep.include({ roleIds: ['r-viewer'] });
  });

  it('without a role it may grant, it says so and sends nothing (never an invitation without a role)', async () => {
    start(ALL, { 'GET /organizations/o1/roles': () => ({ items: [] }) });
    const el = await mount();
    expect($(el, '#role')).to.equal(null);
    expect($(el, '#no-role')!.textContent).to.equal(en['invite.noRole']);
    const send = button(el, en['invite.submit']) as HTMLButtonElement;
    expect(send.disabled).to.equal(true);
    type(el, 'ann@example.com');
    await submit(el);
    ($(el, 'form') as HTMLFormElement).requestSubmit();
    await el.updateComplete;
    expect(posts()).to.have.length(0);
  });

  it('shows the request as pending, then a refusal in words', async () => {
    const hold = deferred<Response>();
    start(ALL, { 'POST /organizations/o1/invitations': () => hold.promise });
    const el = await mount();
    type(el, 'ann@example.com');
    await submit(el);
    const pendingButton = await until(() => button(el, en['invite.sending']), 'sending');
    expect((pendingButton as HTMLButtonElement).disabled).to.equal(true);
    expect($(el, 'form')!.getAttribute('aria-busy')).to.equal('true');
    const failed = oneEvent(el, 'org-error');
    hold.resolve(apiError(403, 'role.escalation'));
    expect((await failed).detail).to.deep.equal({
      code: 'role.escalation',
      status: 403,
      action: 'invite',
    });
    const alert = await until(() => $(el, 'form [role=alert]'), 'alert');
    expect(alert.textContent).to.equal(en['error.role.escalation']);
  });

  it('lists pending and expired invitations with status and relative expiry', async () => {
    start();
    const el = await mount();
    const rows = $$(el, 'tbody tr');
    expect(
      rows.map((r) => r.querySelector('td')!.textContent!.trim().split(/\s/)[0]),
    ).to.deep.equal(['pat@example.com', 'old@example.com', 'late@example.com']);
    expect(rows.map((r) => r.querySelector('.badge')!.textContent!.trim())).to.deep.equal([
      'Pending',
      'Expired',
      'Expired',
    ]);
    expect(rows[0]!.querySelector('time')!.textContent!.trim()).to.equal('in 3 days');
    expect(rows[1]!.querySelector('time')!.textContent!.trim()).to.equal('2 days ago');
    expect(!!button(el, 'Revoke invitation to old@example.com')).to.equal(false);
    expect(!!button(el, 'Resend invitation to old@example.com')).to.equal(true);
  });

  it('copies a link and says so, or explains when copying fails', async () => {
    start();
    const el = await mount();
    const copied: string[] = [];
    let fail = false;
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: {
        writeText: async (text: string) => {
          if (fail) throw new DOMException('denied', 'NotAllowedError');
          copied.push(text);
        },
      },
    });
    try {
      button(el, 'Copy link for pat@example.com')!.click();
      await until(() => status(el) === en['common.copied'], 'copied');
      expect(copied).to.deep.equal(['https://app.test/invite?id=i1']);
      fail = true;
      button(el, 'Copy link for pat@example.com')!.click();
      await until(() => status(el) === en['common.copyFailed'], 'failed');
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
    }
  });

  it('one invalid address does not block the batch: the valid ones are sent, the rest listed as not invited', async () => {
    start();
    const el = await mount();
    type(el, 'ok@example.com, bad');
    const sent = oneEvent(el, 'org-invitations-sent');
    await submit(el);
    const { detail } = await sent;
    expect(posts()[0]!.body).to.deep.include({ emails: ['ok@example.com'] });
    expect(detail.results.map((r: { email: string }) => r.email)).to.deep.equal(['ok@example.com']);
    await until(() => $$(el, '[part=results] li').length === 2, 'two results');
    const bad = $$(el, '[part=results] li')[1]!;
    expect(bad.textContent).to.contain('bad').and.contain(en['invite.failed']);
    expect(bad.textContent).to.contain(en['error.invitation.invalid_email']);
    expect(status(el)).to.equal('1 of 2 invitations created.');
    expect(($(el, '#emails') as HTMLTextAreaElement).value).to.equal('bad');
    expect(el.shadowRoot!.activeElement?.id).to.equal('results-title');
  });

  it('says "1 of 1 invitation created." in the singular, and shows who sent each pending one and when', async () => {
    start();
    const el = await mount();
    type(el, 'solo@example.com');
    await submit(el);
    await until(() => status(el) === '1 of 1 invitation created.', 'singular');
    expect($$(el, 'table[part=pending] tbody tr')[0]!.textContent).to.contain('Sent');
  });

  it('says who sent each pending invitation: "by you", by name, by email, or nothing', async () => {
    start();
    const bob = { id: 'u-bob', name: 'Bob Lee', email: 'bob@example.com' };
    invitations[0] = { ...invitations[0]!, inviter: { id: 'me', name: 'Me', email: null } };
    invitations[1] = { ...invitations[1]!, inviterId: bob.id, inviter: bob };
    invitations[2] = {
      ...invitations[2]!,
      inviterId: 'u-ann',
      inviter: { id: 'u-ann', name: null, email: 'ann@example.com' },
    };
    invitations.push({ ...invitation('i6', 'x@example.com', 'Pending', 5), inviterId: 'u-gone' });
    invitations.at(-1)!.inviter = null;
    const sentBy = (el: OrgInvite) =>
      $$(el, 'tbody tr .muted').map((m) => m.textContent!.replace(/\s+/g, ' ').trim());
    const el = await mount();
    const lines = sentBy(el);
    expect(lines.find((l) => l.includes('by you'))).to.not.equal(undefined);
    expect(lines.filter((l) => l.endsWith('by Bob Lee'))).to.have.length(1);
    expect(lines.filter((l) => l.endsWith('by ann@example.com'))).to.have.length(1);
    expect(lines.filter((l) => / by /.test(l))).to.have.length(3);
    el.remove();
    api.restore();
    const saved = invitations;
    start();
    invitations.splice(0, invitations.length, ...saved);
    const ja = await mount('ja');
    expect(sentBy(ja).filter((l) => l.endsWith('（Bob Lee が送信）'))).to.have.length(1);
  });

  it('resends an invitation, and explains a refusal', async () => {
    start(ALL, {
      'POST /organizations/o1/invitations/i2/resend': () => ({
        delivery: 'link',
        invitation: invitation('i9', 'old@example.com', 'Pending', 7),
      }),
      'POST /organizations/o1/invitations/i1/resend': () =>
        apiError(409, 'invitation.not_pending', { status: 'Accepted' }),
    });
    const el = await mount();
    const hold = deferred();
    api.on({
      'GET /organizations/o1/invitations': async () => {
        await hold.promise;
        return { items: invitations };
      },
    });
    const resent = oneEvent(el, 'org-invitation-resent');
    button(el, 'Resend invitation to old@example.com')!.click();
    const { detail } = await resent;
    // The list reloads in place: still there, marked busy.
    await until(() => $(el, 'table[aria-busy=true]'), 'busy table');
    expect(!!button(el, 'Resend invitation to old@example.com')).to.equal(true);
    hold.resolve(undefined);
    await until(() => $(el, 'table[aria-busy=false]'), 'reloaded table');
    expect(detail).to.deep.include({ organizationId: 'o1', delivery: 'link' });
    expect(detail.invitation.id).to.equal('i9');
    await until(() => status(el) === 'New link for old@example.com ready to copy.');
    // Focus stays on the invitation's Resend button (never the page).
    await until(
      () =>
        el.shadowRoot!.activeElement?.getAttribute('aria-label') ===
        'Resend invitation to old@example.com',
      'focus on Resend',
    );

    const failed = oneEvent(el, 'org-error');
    await until(() => {
      const resend = button(el, 'Resend invitation to pat@example.com') as HTMLButtonElement;
      return resend && !resend.disabled;
    }, 'resend enabled');
    button(el, 'Resend invitation to pat@example.com')!.click();
    expect((await failed).detail.action).to.equal('resend-invitation');
    await until(() => status(el) === en['error.invitation.not_pending']);
    expect($(el, '[role=status]')!.classList.contains('err')).to.equal(true);
  });

  it('revokes after confirmation and returns focus', async () => {
    start(ALL, {
      'DELETE /organizations/o1/invitations/i1': () => {
        invitations = invitations.filter((i) => i.id !== 'i1');
        return new Response(null, { status: 204 });
      },
    });
    const el = await mount();
    button(el, 'Revoke invitation to pat@example.com')!.click();
    const dialog = await until(() => $(el, 'dialog[open]') as HTMLDialogElement, 'dialog');
    expect(dialog.querySelector('h2')!.textContent).to.equal(
      'Revoke the invitation to pat@example.com?',
    );
    const revoked = oneEvent(el, 'org-invitation-revoked');
    $$(el, 'dialog button')
      .find((b) => b.textContent!.trim() === en['invite.revoke'])!
      .click();
    expect((await revoked).detail).to.deep.equal({ organizationId: 'o1', invitationId: 'i1' });
    await until(() => !dialog.open, 'closed');
    await until(() => $$(el, 'tbody tr').length === 2, 'reloaded');
    expect(status(el)).to.equal('Invitation to pat@example.com revoked.');
    await until(() => el.shadowRoot!.activeElement === $(el, '#pending-title'), 'focus on list');
  });

  it('keeps the revoke dialog open with the reason when revoking fails', async () => {
    start(ALL, {
      'DELETE /organizations/o1/invitations/i1': () => apiError(503, 'upstream.unavailable'),
    });
    const el = await mount();
    button(el, 'Revoke invitation to pat@example.com')!.click();
    await until(() => $(el, 'dialog[open]'), 'dialog');
    const failed = oneEvent(el, 'org-error');
    $$(el, 'dialog button')
      .find((b) => b.textContent!.trim() === en['invite.revoke'])!
      .click();
    expect((await failed).detail).to.deep.equal({
      code: 'upstream.unavailable',
      status: 503,
      action: 'revoke-invitation',
    });
    const alert = await until(() => $(el, 'dialog [role=alert]'), 'alert');
    expect(alert.textContent).to.equal(en['error.upstream.unavailable']);
  });

  it('can be used with the keyboard alone', async () => {
    start();
    const el = await mount();
    ($(el, '#emails') as HTMLTextAreaElement).focus();
    await sendKeys({ type: 'kim@example.com' });
    await sendKeys({ press: 'Tab' }); // role
    await sendKeys({ press: 'Tab' }); // expiry
    await sendKeys({ press: 'Tab' }); // submit
    const sent = oneEvent(el, 'org-invitations-sent');
    await sendKeys({ press: 'Enter' });
    expect((await sent).detail.results[0]!.email).to.equal('kim@example.com');
  });

  it('puts focus on the address field with el.focus()', async () => {
    start();
    const el = await mount();
    el.focus();
    expect(el.shadowRoot!.activeElement === $(el, '#emails')).to.equal(true);
  });

  it('explains a failure to load, and retries', async () => {
    let fail = true;
    start(ALL, {
      'GET /organizations/o1': () =>
        fail
          ? apiError(403, 'organization.not_member')
          : {
              organization: { id: 'o1', name: 'Acme', description: null, createdAt: 0 },
              me: { id: 'me', roles: [], permissions: ALL },
            },
    });
    const el = await mount();
    expect($(el, '[role=alert]')!.textContent).to.contain(en['error.organization.not_member']);
    fail = false;
    button(el, en['common.retry'])!.click();
    await until(() => $(el, 'form'), 'form after retry');
  });

  it('renders in Japanese', async () => {
    start();
    const el = await mount('ja');
    expect($(el, 'h2')!.textContent).to.equal('メンバーを招待');
    expect($(el, 'label[for=expiry]')!.textContent).to.equal('リンクの有効期間');
    expect($$(el, 'tbody .badge').map((b) => b.textContent!.trim())).to.deep.equal([
      '保留中',
      '期限切れ',
      '期限切れ',
    ]);
    expect($(el, 'tbody time')!.textContent!.trim()).to.equal('3 日後');
  });
});
