import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { InvitationView, MyOrganization } from 'logto-org-widget-contract';
import { configure, type GetAccessToken } from '../internal/config.js';
import type { SignInRequestedDetail } from '../internal/events.js';
import { en } from '../internal/i18n/en.js';
import { ja } from '../internal/i18n/ja.js';
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
import './org-invitation.js';
import type { OrgInvitation } from './org-invitation.js';

const DAY = 86_400_000;
const member = { id: 'r-member', name: 'member' };

function view(patch: Partial<InvitationView['invitation']> = {}): InvitationView {
  return {
    invitation: {
      id: 'inv1',
      invitee: 'bob@example.com',
      status: 'Pending',
      roles: [member],
      expiresAt: Date.now() + 3 * DAY,
      ...patch,
    },
    organization: { id: 'o1', name: 'Acme', description: 'Rockets and more' },
    inviter: { name: 'Alice Admin', email: 'alice@example.com' },
  };
}

const JOINED: MyOrganization = {
  id: 'o1',
  name: 'Acme',
  description: 'Rockets and more',
  createdAt: 0,
  roles: [member],
};

let api: FakeApi;
let cleared: number;

function start(routes: Record<string, Handler> = {}) {
  cleared = 0;
  configure({ clearTokens: () => void cleared++ });
  api = fakeApi({
    'GET /invitations/inv1': () => view(),
    'POST /invitations/inv1/accept': () => ({ organization: JOINED }),
    ...routes,
  });
}

interface MountOptions {
  lang?: string;
  signedOut?: boolean;
  userEmail?: string;
  tokens?: GetAccessToken;
  signIn?: (detail: SignInRequestedDetail) => unknown;
}

async function mount(options: MountOptions = {}) {
  const el = await fixture<OrgInvitation>(
    html`<org-invitation
      lang=${options.lang ?? 'en'}
      invitation-id="inv1"
      api-base=${API_BASE}
      user-email=${options.userEmail ?? ''}
      ?signed-out=${options.signedOut ?? false}
      .getAccessToken=${options.tokens ?? fakeTokens()}
      .signIn=${options.signIn}
    ></org-invitation>`,
  );
  await until(() => !el.shadowRoot!.querySelector('[aria-busy=true]'), 'loaded');
  await until(() => el.shadowRoot!.querySelector('h2, [role=alert]'), 'rendered');
  return el;
}

const $ = <T extends HTMLElement = HTMLElement>(el: OrgInvitation, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector);
const accept = (el: OrgInvitation) => $<HTMLButtonElement>(el, 'button[part=accept]');
const signInButton = (el: OrgInvitation) => $<HTMLButtonElement>(el, 'button[part=sign-in]');

afterEach(() => {
  api?.restore();
  configure({});
});

describe('<org-invitation>', () => {
  describeQuietStart({
    startHeld() {
      const held = deferred();
      start({ 'GET /invitations/inv1': async () => (await held.promise, view()) });
      return held;
    },
    add: () =>
      addWatched('org-invitation', {
        invitationId: 'inv1',
        apiBase: API_BASE,
        getAccessToken: fakeTokens(),
      }),
    asked: () => api.calls.length,
    drawn: (el) => accept(el as OrgInvitation),
  });

  it('is accessible', async () => {
    start();
    const el = await mount();
    await expect(el).to.be.accessible();
  });

  it('shows the organization, inviter, roles and expiry, fetched with a resource token', async () => {
    start();
    const el = await mount();
    expect($(el, 'h2')!.textContent).to.equal('Join Acme');
    expect($(el, '.card')!.textContent)
      .to.contain('Rockets and more')
      .and.contain('Alice Admin invited you')
      .and.contain(en['role.member'])
      .and.contain('Expires')
      .and.contain('in 3 days');
    expect($(el, 'time')!.getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
    expect(accept(el)!.textContent!.trim()).to.equal(en['invitation.accept']);
    expect(api.calls[0]!.token).to.equal('Bearer tok-resource');
  });

  it("shows the organization's logo, initials when it has none, never an unsafe URL", async () => {
    const branded = (logoUrl: string | null) => () => ({
      ...view(),
      organization: { ...view().organization, branding: { logoUrl, darkLogoUrl: null } },
    });
    start({ 'GET /invitations/inv1': branded('https://cdn.example.com/acme.png') });
    let el = await mount();
    const avatar = () => el.shadowRoot!.querySelector('.title .avatar')!;
    expect(avatar().querySelector('img')!.getAttribute('src')).to.equal(
      'https://cdn.example.com/acme.png',
    );
    start({ 'GET /invitations/inv1': branded('javascript:alert(1)') });
    el = await mount();
    expect(avatar().querySelector('img')).to.equal(null);
    expect(avatar().textContent!.trim()).to.equal('A');
    start();
    el = await mount();
    expect(avatar().querySelector('img')).to.equal(null);
  });

  it('falls back to the inviter email, or to no inviter', async () => {
    start({
      'GET /invitations/inv1': () => ({ ...view(), inviter: { name: null, email: 'a@x.io' } }),
    });
    const el = await mount();
    expect($(el, '.card')!.textContent).to.contain('a@x.io invited you');
    api.on({ 'GET /invitations/inv1': () => ({ ...view(), inviter: null }) });
    el.reload();
    await until(() => $(el, '.card')!.textContent!.includes(en['invitation.invited']));
  });

  it('accepts: clears tokens, fires org-invitation-accepted, announces', async () => {
    start();
    const el = await mount();
    const accepted = oneEvent(el, 'org-invitation-accepted');
    accept(el)!.click();
    const event = await accepted;
    expect(event.detail).to.deep.equal({ invitationId: 'inv1', organization: JOINED });
    expect(event.bubbles && event.composed).to.equal(true);
    expect(cleared).to.equal(1);
    const call = api.calls.find((c) => c.method === 'POST')!;
    expect(call.path).to.equal('/invitations/inv1/accept');
    expect(call.token).to.equal('Bearer tok-resource');
    await until(() => $(el, '[role=status]')!.textContent === 'You joined Acme.');
    expect(accept(el)).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('after joining, focus moves to "Open Acme", which fires org-selected', async () => {
    start();
    const el = await mount();
    accept(el)!.click();
    await until(() => el.shadowRoot!.activeElement?.getAttribute('part') === 'open', 'focus');
    const open = $<HTMLButtonElement>(el, '[part=open]')!;
    expect(open.textContent!.trim()).to.equal('Open Acme');
    const selected = oneEvent(el, 'org-selected');
    open.click();
    expect((await selected).detail.organizationId).to.equal('o1');
  });

  it('a finished invitation never says "Join"; an accepted one offers "Open Acme"', async () => {
    start({ 'GET /invitations/inv1': () => view({ status: 'Accepted' }) });
    const el = await mount();
    expect($(el, 'h2')!.textContent).to.equal('Invitation to Acme');
    expect(!!accept(el)).to.equal(false);
    expect($(el, '[part=open]')!.textContent!.trim()).to.equal('Open Acme');
    api.restore();
    start({ 'GET /invitations/inv1': () => view({ status: 'Revoked' }) });
    const revoked = await mount();
    expect($(revoked, 'h2')!.textContent).to.equal('Invitation to Acme');
    expect(!!$(revoked, '[part=open]')).to.equal(false);
  });

  it('shows a pending state while accepting', async () => {
    const gate = deferred();
    start({
      'POST /invitations/inv1/accept': async () => {
        await gate.promise;
        return { organization: JOINED };
      },
    });
    const el = await mount();
    accept(el)!.click();
    await until(() => accept(el)!.disabled, 'pending');
    expect($(el, '.card')!.getAttribute('aria-busy')).to.equal('true');
    expect(accept(el)!.querySelector('.spinner')).to.exist;
    expect(accept(el)!.textContent!.trim()).to.equal(en['invitation.accepting']);
    accept(el)!.click();
    const accepted = oneEvent(el, 'org-invitation-accepted');
    gate.resolve(undefined);
    await accepted;
    expect(api.calls.filter((c) => c.method === 'POST')).to.have.length(1);
  });

  for (const status of ['Accepted', 'Expired', 'Revoked'] as const) {
    it(`explains a ${status.toLowerCase()} invitation and offers no accept`, async () => {
      start({ 'GET /invitations/inv1': () => view({ status }) });
      const el = await mount();
      expect($(el, '.notice')!.textContent!.trim()).to.equal(en[`invitation.status.${status}`]);
      expect(accept(el)).to.equal(null);
    });
  }

  it('explains a status discovered on accept (invitation.not_pending) and fires org-error', async () => {
    start({
      'POST /invitations/inv1/accept': () =>
        apiError(409, 'invitation.not_pending', { status: 'Revoked' }),
    });
    const el = await mount();
    const failed = oneEvent(el, 'org-error');
    accept(el)!.click();
    expect((await failed).detail).to.deep.equal({
      code: 'invitation.not_pending',
      status: 409,
      action: 'accept-invitation',
    });
    await until(() => $(el, '.notice'));
    expect($(el, '.notice')!.textContent!.trim()).to.equal(en['invitation.status.Revoked']);
    expect($(el, '.notice')!.getAttribute('role')).to.equal('alert');
    expect(accept(el)).to.equal(null);
    expect(cleared).to.equal(0);
  });

  it('shows other accept errors inline and lets the user try again', async () => {
    start({ 'POST /invitations/inv1/accept': () => apiError(504, 'upstream.timeout') });
    const el = await mount();
    accept(el)!.click();
    await until(() => $(el, '.card [role=alert]'));
    expect($(el, '.card [role=alert]')!.textContent).to.equal(en['error.upstream.timeout']);
    api.on({ 'POST /invitations/inv1/accept': () => ({ organization: JOINED }) });
    const accepted = oneEvent(el, 'org-invitation-accepted');
    accept(el)!.click();
    await accepted;
  });

  it('says the invitation does not exist', async () => {
    start({ 'GET /invitations/inv1': () => apiError(404, 'invitation.not_found') });
    const el = await mount();
    expect($(el, '[role=alert]')!.textContent).to.equal(en['invitation.notFound']);
    expect(accept(el)).to.equal(null);
  });

  it('shows a load error with retry', async () => {
    start({ 'GET /invitations/inv1': () => apiError(503, 'upstream.unavailable') });
    const el = await mount();
    expect($(el, '[role=alert]')!.textContent).to.contain(en['error.upstream.unavailable']);
    api.on({ 'GET /invitations/inv1': () => view() });
    $<HTMLButtonElement>(el, '[role=alert] button')!.click();
    await until(() => accept(el), 'details');
  });

  it('when the token function throws, offers sign-in and fires org-sign-in-requested', async () => {
    start();
    const el = await mount({
      tokens: async () => {
        throw new Error('not signed in');
      },
    });
    expect($(el, 'h2')!.textContent).to.equal(en['invitation.signInTitle']);
    expect(signInButton(el)!.textContent!.trim()).to.equal(en['invitation.signIn']);
    await expect(el).to.be.accessible();
    const requested = oneEvent(el, 'org-sign-in-requested');
    signInButton(el)!.click();
    expect((await requested).detail).to.deep.equal({ invitationId: 'inv1', reason: 'signed-out' });
  });

  it('with signed-out, calls the signIn callback without calling the API', async () => {
    start();
    const seen: SignInRequestedDetail[] = [];
    let events = 0;
    const el = await mount({ signedOut: true, signIn: (detail) => seen.push(detail) });
    el.addEventListener('org-sign-in-requested', () => events++);
    expect(api.calls).to.have.length(0);
    signInButton(el)!.click();
    await el.updateComplete;
    expect(seen).to.deep.equal([{ invitationId: 'inv1', reason: 'signed-out' }]);
    expect(events).to.equal(0);
    // Once the host says the user is signed in, the invitation loads.
    el.signedOut = false;
    await until(() => accept(el), 'details');
  });

  it('offers sign-in when the server says the session expired', async () => {
    start({ 'POST /invitations/inv1/accept': () => apiError(401, 'auth.invalid_token') });
    const el = await mount();
    accept(el)!.click();
    await until(() => signInButton(el));
    expect($(el, 'h2')!.textContent).to.equal(en['invitation.signInTitle']);
  });

  it('explains a wrong account with both emails and offers to switch', async () => {
    start({ 'GET /invitations/inv1': () => apiError(403, 'invitation.wrong_user') });
    const el = await mount({ userEmail: 'carol@example.com' });
    expect($(el, 'h2')!.textContent).to.equal(en['invitation.wrongUserTitle']);
    expect($(el, '.card p')!.textContent).to.equal(
      en['invitation.wrongUserEmail'].replace('{email}', 'carol@example.com'),
    );
    api.on({
      'GET /invitations/inv1': () =>
        apiError(403, 'invitation.wrong_user', { invitee: 'bob@example.com' }),
    });
    el.reload();
    await until(() => $(el, '.card p')!.textContent!.includes('bob@example.com'));
    expect($(el, '.card p')!.textContent).to.equal(
      'This invitation is for bob@example.com; you’re signed in as carol@example.com.',
    );
    expect(signInButton(el)!.textContent!.trim()).to.equal(en['invitation.switchAccount']);
    await expect(el).to.be.accessible();
    const requested = oneEvent(el, 'org-sign-in-requested');
    signInButton(el)!.click();
    expect((await requested).detail.reason).to.equal('wrong-user');
  });

  it('names the signed-in account from the server answer, before the user-email fallback', async () => {
    start({
      'GET /invitations/inv1': () =>
        apiError(403, 'invitation.wrong_user', { email: 'dave@example.com' }),
    });
    const el = await mount({ userEmail: 'stale@example.com' });
    expect($(el, '.card p')!.textContent).to.equal(
      en['invitation.wrongUserEmail'].replace('{email}', 'dave@example.com'),
    );
    // A caller without an email (data.email null) and no user-email: the generic sentence.
    api.on({
      'GET /invitations/inv1': () => apiError(403, 'invitation.wrong_user', { email: null }),
    });
    el.userEmail = '';
    el.reload();
    await until(() => $(el, '.card p')!.textContent === en['invitation.wrongUserAny']);
    await expect(el).to.be.accessible();
  });

  it('names both addresses when accepting finds the wrong account', async () => {
    start({
      'POST /invitations/inv1/accept': () =>
        apiError(403, 'invitation.wrong_user', { email: 'dave@example.com' }),
    });
    const el = await mount();
    accept(el)!.click();
    await until(() => signInButton(el));
    expect($(el, '.card p')!.textContent).to.equal(
      'This invitation is for bob@example.com; you’re signed in as dave@example.com.',
    );
  });

  it('explains a wrong account found on accept using the invitee it already knows', async () => {
    start({ 'POST /invitations/inv1/accept': () => apiError(403, 'invitation.wrong_user') });
    const el = await mount();
    accept(el)!.click();
    await until(() => signInButton(el));
    expect($(el, '.card p')!.textContent).to.equal(
      en['invitation.wrongUserInvitee'].replace('{invitee}', 'bob@example.com'),
    );
  });

  it('renders in Japanese', async () => {
    start();
    const el = await mount({ lang: 'ja' });
    expect($(el, 'h2')!.textContent).to.equal('Acme に参加');
    expect(accept(el)!.textContent!.trim()).to.equal(ja['invitation.accept']);
    expect($(el, '.card')!.textContent).to.contain('Alice Admin さんから').and.contain('3 日後');
    api.on({ 'GET /invitations/inv1': () => view({ status: 'Expired' }) });
    el.reload();
    await until(() => $(el, '.notice'));
    expect($(el, '.notice')!.textContent!.trim()).to.equal(ja['invitation.status.Expired']);
  });

  it('says so when no invitation id is given', async () => {
    start();
    const el = await fixture<OrgInvitation>(html`<org-invitation></org-invitation>`);
    expect(el.shadowRoot!.textContent).to.contain(en['invitation.missingId']);
    expect(api.calls).to.have.length(0);
  });
});
