import { expect, fixture, html } from '@open-wc/testing';
import type { Invitation, Member } from 'logto-org-widget-contract';
import '../org-invite/org-invite.js';
import type { OrgInvite } from '../org-invite/org-invite.js';
import '../org-members/org-members.js';
import type { OrgMembers } from '../org-members/org-members.js';
import '../org-switcher/org-switcher.js';
import type { OrgSwitcher } from '../org-switcher/org-switcher.js';
import { en } from './i18n/en.js';
import { noteLocalChange } from './live.js';
import {
  API_BASE,
  apiError,
  deferred,
  fakeApi,
  fakeTokens,
  until,
  type FakeApi,
} from './testing.js';

const ALL = ['read:member', 'invite:member', 'update:member:role', 'remove:member'];
const admin = { id: 'r-admin', name: 'admin' };
const memberRole = { id: 'r-member', name: 'member' };
const person = (id: string, name: string, roles = [memberRole]): Member => ({
  id,
  username: null,
  name,
  email: `${id}@example.com`,
  avatar: null,
  roles,
});
const invitation = (id: string, invitee: string): Invitation => ({
  id,
  invitee,
  status: 'Pending',
  roles: [memberRole],
  inviterId: 'me',
  createdAt: 1,
  expiresAt: Date.now() + 86_400_000,
  link: `https://app.test/invite?id=${id}`,
});

/** One open event stream of the fake server: the test writes Server-Sent Events into it. */
interface Stream {
  send(text: string): void;
  close(): void;
}

let api: FakeApi;
let members: Member[];
let invitations: Invitation[];
let streams: Stream[];
let eventsAnswer: (() => Response) | undefined;

function openStream(): Response {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => (controller = c) });
  const encoder = new TextEncoder();
  streams.push({
    send: (text) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

function start() {
  members = [person('me', 'Mia Admin', [admin]), person('bob', 'Bob Stone')];
  invitations = [invitation('i1', 'pat@example.com'), invitation('i2', 'kim@example.com')];
  streams = [];
  eventsAnswer = undefined;
  api = fakeApi({
    'GET /organizations/o1': () => ({
      organization: { id: 'o1', name: 'Acme', description: null, createdAt: 0 },
      me: { id: 'me', roles: [admin], permissions: ALL },
    }),
    'GET /organizations/o1/roles': () => ({
      items: [
        { ...admin, description: null, permissions: ALL },
        { ...memberRole, description: null, permissions: ['read:member'] },
      ],
    }),
    'GET /organizations/o1/members': () => ({
      items: members,
      total: members.length,
      page: 1,
      pageSize: 20,
    }),
    'GET /organizations/o1/invitations': () => ({ items: invitations }),
    'GET /organizations/o1/events': () => (eventsAnswer ? eventsAnswer() : openStream()),
    'GET /me/organizations': () => ({
      items: [{ id: 'o1', name: 'Acme', description: null, createdAt: 0, roles: [admin] }],
    }),
  });
}

/** Calls to `path` (the members list itself: the admin count, `?roleId=`, is left out). */
const calls = (path: string) =>
  api.calls.filter((c) => c.path === path && !c.query.get('roleId')).length;
const text = (el: HTMLElement) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
const statusOf = (el: HTMLElement) =>
  el.shadowRoot!.querySelector('[role=status]')?.textContent?.trim();

/** `<org-members>` added while its members page is held back: its other requests are out. */
async function mountWhileMembersHeld() {
  start();
  const hold = deferred();
  api.on({
    'GET /organizations/o1/members': async () => {
      await hold.promise;
      return { items: members, total: members.length, page: 1, pageSize: 20 };
    },
  });
  const el = await fixture<OrgMembers>(
    html`<org-members
      organization-id="o1"
      api-base=${API_BASE}
      .getAccessToken=${fakeTokens()}
    ></org-members>`,
  );
  await until(() => calls('/organizations/o1') === 1, 'organization asked');
  return { el, hold };
}

async function mountMembers(live?: string) {
  const el = await fixture<OrgMembers>(
    html`<org-members
      organization-id="o1"
      api-base=${API_BASE}
      live=${live ?? 'on'}
      .getAccessToken=${fakeTokens()}
    ></org-members>`,
  );
  await until(() => el.shadowRoot!.querySelector('ul.list'), 'members');
  await until(() => !el.shadowRoot!.querySelector('[aria-busy=true]'), 'loaded');
  return el;
}

afterEach(() => {
  noteLocalChange(0);
  streams?.forEach((s) => {
    try {
      s.close();
    } catch {
      // already closed
    }
  });
  api?.restore();
});

describe('live updates', () => {
  it('a members signal fetches the list again in place and announces it, keeping the search text', async () => {
    start();
    const el = await mountMembers();
    await until(() => streams.length === 1, 'stream opened');
    expect(api.calls.find((c) => c.path === '/organizations/o1/events')!.token).to.equal(
      'Bearer tok-o1',
    );
    const search = el.shadowRoot!.querySelector<HTMLInputElement>('#search')!;
    search.value = 'half-typ';
    const before = calls('/organizations/o1/members');
    members = [...members, person('cy', 'Cy Newman')];
    streams[0]!.send('retry: 50\n: ok\n\ndata: {"type":"members","ids":["cy"]}\n\n');
    await until(() => text(el).includes('Cy Newman'), 'new member shown');
    expect(calls('/organizations/o1/members')).to.equal(before + 1);
    expect(search.value).to.equal('half-typ');
    expect(statusOf(el)).to.equal(en['live.members']);
  });

  it("one change signalled twice (the server's own signal and Logto's webhook) fetches once", async () => {
    start();
    const el = await mountMembers();
    await until(() => streams.length === 1, 'stream opened');
    const before = calls('/organizations/o1/members');
    const signal = 'data: {"type":"members","ids":["bob"]}\n\n';
    streams[0]!.send(signal);
    streams[0]!.send(signal);
    await until(() => calls('/organizations/o1/members') > before, 'refetched');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls('/organizations/o1/members')).to.equal(before + 1);
    streams[0]!.send('data: {"type":"members","ids":["cy"]}\n\n');
    await until(() => calls('/organizations/o1/members') === before + 2, 'next change refetched');
    expect(statusOf(el)).to.equal(en['live.members']);
  });

  it('signals of other kinds and heartbeats change nothing', async () => {
    start();
    const el = await mountMembers();
    await until(() => streams.length === 1, 'stream opened');
    const before = calls('/organizations/o1/members');
    streams[0]!.send(':\n\ndata: {"type":"invitations","ids":["i1"]}\n\n');
    // A members signal after them proves they were read and skipped.
    streams[0]!.send('data: {"type":"members"}\n\n');
    await until(() => calls('/organizations/o1/members') === before + 1, 'one refetch');
    expect(statusOf(el)).to.equal(en['live.members']);
  });

  it('an open dialog stays open and says when its member is gone', async () => {
    start();
    const el = await mountMembers();
    await until(() => streams.length === 1, 'stream opened');
    const change = [...el.shadowRoot!.querySelectorAll('button')].find(
      (b) => b.getAttribute('aria-label') === 'Change roles of Bob Stone',
    )!;
    change.click();
    const dialog = await until(
      () => el.shadowRoot!.querySelector<HTMLDialogElement>('dialog[open]'),
      'dialog',
    );
    members = members.filter((m) => m.id !== 'bob');
    streams[0]!.send('data: {"type":"members","ids":["bob"]}\n\n');
    await until(() => dialog.querySelector('[role=alert]'), 'gone message');
    expect(dialog.open).to.equal(true);
    expect(dialog.querySelector('[role=alert]')!.textContent).to.contain(
      en['error.member.not_found'],
    );
    expect(dialog.querySelector<HTMLButtonElement>('button.primary')!.disabled).to.equal(true);
  });

  it('does not announce a signal that follows a change made on this page', async () => {
    start();
    const el = await mountMembers();
    await until(() => streams.length === 1, 'stream opened');
    const before = calls('/organizations/o1/members');
    noteLocalChange();
    streams[0]!.send('data: {"type":"members","ids":["bob"]}\n\n');
    await until(() => calls('/organizations/o1/members') === before + 1, 'refetched');
    expect(statusOf(el)).to.equal('');
  });

  it('elements of one organization share one stream; the last one to leave closes it', async () => {
    start();
    const wrap = await fixture<HTMLDivElement>(
      html`<div>
        <org-members organization-id="o1" api-base=${API_BASE} .getAccessToken=${fakeTokens()}>
        </org-members>
        <org-invite organization-id="o1" api-base=${API_BASE} .getAccessToken=${fakeTokens()}>
        </org-invite>
      </div>`,
    );
    const invite = wrap.querySelector<OrgInvite>('org-invite')!;
    await until(() => text(invite).includes('pat@example.com'), 'invitations');
    await until(() => streams.length === 1, 'stream opened');
    expect(calls('/organizations/o1/events')).to.equal(1);
    const textarea = invite.shadowRoot!.querySelector<HTMLTextAreaElement>('#emails')!;
    textarea.value = 'new@example.com, half';
    textarea.dispatchEvent(new Event('input'));
    invitations = invitations.filter((i) => i.id !== 'i1');
    streams[0]!.send('data: {"type":"invitations","ids":["i1"]}\n\n');
    await until(() => !text(invite).includes('pat@example.com'), 'revoked one gone');
    expect(textarea.value).to.equal('new@example.com, half');
    expect(statusOf(invite)).to.equal(en['live.invitations']);
    const stream = api.calls.filter((c) => c.path === '/organizations/o1/events');
    wrap.remove();
    expect(stream.length).to.equal(1);
  });

  it('the revoke dialog says when its invitation was revoked or accepted elsewhere', async () => {
    start();
    const invite = await fixture<OrgInvite>(
      html`<org-invite
        organization-id="o1"
        api-base=${API_BASE}
        .getAccessToken=${fakeTokens()}
      ></org-invite>`,
    );
    await until(() => text(invite).includes('kim@example.com'), 'invitations');
    await until(() => streams.length === 1, 'stream opened');
    [...invite.shadowRoot!.querySelectorAll('button')]
      .find((b) => b.getAttribute('aria-label') === 'Revoke invitation to kim@example.com')!
      .click();
    const dialog = await until(
      () => invite.shadowRoot!.querySelector<HTMLDialogElement>('dialog[open]'),
      'dialog',
    );
    invitations = invitations.map((i) => (i.id === 'i2' ? { ...i, status: 'Accepted' } : i));
    streams[0]!.send('data: {"type":"invitations","ids":["i2"]}\n\n');
    await until(() => dialog.querySelector('[role=alert]'), 'not pending message');
    expect(dialog.open).to.equal(true);
    expect(dialog.querySelector('[role=alert]')!.textContent).to.contain(
      en['error.invitation.not_pending'],
    );
  });

  it('reconnects after the stream drops (honouring retry:) and fetches again', async () => {
    start();
    const el = await mountMembers();
    await until(() => streams.length === 1, 'stream opened');
    streams[0]!.send('retry: 10\n: ok\n\n');
    const before = calls('/organizations/o1/members');
    streams[0]!.close();
    await until(() => streams.length === 2, 'reconnected', 5000);
    await until(() => calls('/organizations/o1/members') === before + 1, 'fetched again');
    // A resync is not announced.
    expect(statusOf(el)).to.equal('');
  });

  it('stops for good after an end event other than an expired token', async () => {
    start();
    await mountMembers();
    await until(() => streams.length === 1, 'stream opened');
    streams[0]!.send('retry: 10\n\nevent: end\ndata: {"code":"organization.not_member"}\n\n');
    const context = calls('/organizations/o1');
    await until(() => calls('/organizations/o1') > context, 'elements told to fetch again');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls('/organizations/o1/events')).to.equal(1);
  });

  it('reconnects at once after an expired-token end event', async () => {
    start();
    await mountMembers();
    await until(() => streams.length === 1, 'stream opened');
    streams[0]!.send('retry: 10\n\nevent: end\ndata: {"code":"auth.invalid_token"}\n\n');
    streams[0]!.close();
    await until(() => streams.length === 2, 'reconnected');
  });

  it('a server without the stream (404, 501) or a refusal (403) leaves the element as it is', async () => {
    for (const status of [404, 501, 403]) {
      start();
      eventsAnswer = () => apiError(status, status === 403 ? 'auth.forbidden' : 'route.not_found');
      const el = await mountMembers();
      await until(() => calls('/organizations/o1/events') === 1, 'tried once');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(calls('/organizations/o1/events')).to.equal(1);
      expect(el.shadowRoot!.querySelector('[role=alert]')).to.equal(null);
      expect(text(el)).to.contain('Bob Stone');
      el.remove();
      api.restore();
    }
  });

  it('asks for the stream only once the first answers are in and drawn', async () => {
    const { el, hold } = await mountWhileMembersHeld();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls('/organizations/o1/events')).to.equal(0);
    hold.resolve(undefined);
    await until(() => streams.length === 1, 'stream opened');
    expect(el.shadowRoot!.querySelectorAll('li[part=member]').length).to.equal(2);
  });

  it('an element removed while it loads opens no stream when its answers arrive', async () => {
    const { el, hold } = await mountWhileMembersHeld();
    el.remove();
    const before = calls('/organizations/o1/events');
    hold.resolve(undefined);
    await until(() => el.shadowRoot!.querySelector('li[part=member]'), 'answers drawn');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls('/organizations/o1/events')).to.equal(before);
  });

  it('live="off" opens no stream', async () => {
    start();
    const el = await mountMembers('off');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls('/organizations/o1/events')).to.equal(0);
    expect(text(el)).to.contain('Bob Stone');
  });

  it('the page becoming visible again fetches again', async () => {
    start();
    await mountMembers();
    await until(() => streams.length === 1, 'stream opened');
    const before = calls('/organizations/o1/members');
    document.dispatchEvent(new Event('visibilitychange'));
    await until(() => calls('/organizations/o1/members') === before + 1, 'fetched again');
  });

  it('<org-switcher> follows a rename of the current organization', async () => {
    start();
    const el = await fixture<OrgSwitcher>(
      html`<org-switcher
        organization-id="o1"
        api-base=${API_BASE}
        .getAccessToken=${fakeTokens()}
      ></org-switcher>`,
    );
    await until(() => text(el).includes('Acme'), 'current organization');
    await until(() => streams.length === 1, 'stream opened');
    api.on({
      'GET /me/organizations': () => ({
        items: [{ id: 'o1', name: 'Acme Labs', description: null, createdAt: 0, roles: [admin] }],
      }),
    });
    streams[0]!.send('data: {"type":"organization","ids":["o1"]}\n\n');
    await until(() => text(el).includes('Acme Labs'), 'renamed');
  });
});
