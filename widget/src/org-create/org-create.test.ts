import { expect, fixture, html, oneEvent } from '@open-wc/testing';
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
import './org-create.js';
import type { OrgCreate } from './org-create.js';

const ACME: MyOrganization = {
  id: 'o-new',
  name: 'Acme',
  description: 'Rockets',
  createdAt: 1,
  roles: [{ id: 'r-admin', name: 'admin' }],
};

let api: FakeApi;
let cleared: number;

function start(handler: () => unknown = () => ({ organization: ACME })) {
  cleared = 0;
  configure({ clearTokens: () => void cleared++ });
  api = fakeApi({ 'POST /organizations': handler });
}

async function mount(lang = 'en', switchOnCreate = false) {
  return fixture<OrgCreate>(
    html`<org-create
      lang=${lang}
      api-base=${API_BASE}
      ?switch-on-create=${switchOnCreate}
      .getAccessToken=${fakeTokens()}
    ></org-create>`,
  );
}

const $ = <T extends HTMLElement = HTMLElement>(el: OrgCreate, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector);
const nameInput = (el: OrgCreate) => $<HTMLInputElement>(el, '#name')!;
const descInput = (el: OrgCreate) => $<HTMLTextAreaElement>(el, '#description')!;
const submit = (el: OrgCreate) => $<HTMLButtonElement>(el, 'button[type=submit]')!;

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

afterEach(() => {
  api?.restore();
  configure({});
});

describe('<org-create>', () => {
  it('is accessible', async () => {
    start();
    const el = await mount();
    await expect(el).to.be.accessible();
  });

  it('is accessible while showing validation errors', async () => {
    start();
    const el = await mount();
    submit(el).click();
    await until(() => $(el, '#name-error'));
    await expect(el).to.be.accessible();
  });

  it('renders labelled fields and focuses the name through delegatesFocus', async () => {
    start();
    const el = await mount();
    expect($(el, 'label[for=name]')!.textContent).to.equal(en['create.name']);
    expect($(el, 'label[for=description]')!.textContent).to.equal(en['create.description']);
    el.focus();
    expect(el.shadowRoot!.activeElement).to.equal(nameInput(el));
  });

  it('refuses an empty or blank name without calling the API', async () => {
    start();
    const el = await mount();
    type(nameInput(el), '   ');
    submit(el).click();
    await until(() => $(el, '#name-error'));
    expect(nameInput(el).getAttribute('aria-invalid')).to.equal('true');
    expect(nameInput(el).getAttribute('aria-describedby')).to.equal('name-error');
    expect($(el, '#name-error')!.textContent).to.equal(en['create.nameRequired']);
    expect(el.shadowRoot!.activeElement).to.equal(nameInput(el));
    expect(api.calls).to.have.length(0);
    // Fixing the value clears the error as the user types.
    type(nameInput(el), 'Acme');
    await el.updateComplete;
    expect($(el, '#name-error')).to.equal(null);
    expect(nameInput(el).getAttribute('aria-invalid')).to.equal('false');
  });

  it('refuses a name over 128 and a description over 256 characters', async () => {
    start();
    const el = await mount();
    type(nameInput(el), 'x'.repeat(129));
    type(descInput(el), 'y'.repeat(257));
    submit(el).click();
    await until(() => $(el, '#description-error'));
    expect($(el, '#name-error')!.textContent).to.contain('128').and.contain('129');
    expect(descInput(el).getAttribute('aria-invalid')).to.equal('true');
    expect(descInput(el).getAttribute('aria-describedby')).to.equal('description-error');
    expect(api.calls).to.have.length(0);
    // Exactly at the limits (after trimming) is fine.
    type(nameInput(el), ` ${'x'.repeat(128)} `);
    type(descInput(el), 'y'.repeat(256));
    await el.updateComplete;
    expect($(el, '[aria-invalid=true]')).to.equal(null);
  });

  it('creates with trimmed values and a resource token, clears tokens, fires org-created, resets and announces', async () => {
    start();
    const el = await mount();
    type(nameInput(el), '  Acme  ');
    type(descInput(el), ' Rockets ');
    const created = oneEvent(el, 'org-created');
    submit(el).click();
    const event = await created;
    expect(event.detail.organization).to.deep.equal(ACME);
    expect(event.bubbles && event.composed).to.equal(true);
    expect(api.calls[0]!.body).to.deep.equal({ name: 'Acme', description: 'Rockets' });
    expect(api.calls[0]!.token).to.equal('Bearer tok-resource');
    expect(cleared).to.equal(1);
    await el.updateComplete;
    expect(nameInput(el).value).to.equal('');
    expect(descInput(el).value).to.equal('');
    expect($(el, '[role=status]')!.textContent).to.equal('Organization “Acme” created.');
    await until(() => el.shadowRoot!.activeElement === nameInput(el), 'focus back on name');
  });

  it('omits an empty description', async () => {
    start();
    const el = await mount();
    type(nameInput(el), 'Acme');
    const created = oneEvent(el, 'org-created');
    submit(el).click();
    await created;
    expect(api.calls[0]!.body).to.deep.equal({ name: 'Acme' });
  });

  it('with switch-on-create also fires org-selected after org-created', async () => {
    start();
    const el = await mount('en', true);
    const order: string[] = [];
    el.addEventListener('org-created', () => order.push('created'));
    el.addEventListener('org-selected', (e) => order.push(`selected:${e.detail.organizationId}`));
    type(nameInput(el), 'Acme');
    const selected = oneEvent(el, 'org-selected');
    submit(el).click();
    const event = await selected;
    expect(event.detail.organization).to.deep.equal(ACME);
    expect(order).to.deep.equal(['created', 'selected:o-new']);
  });

  it('does not fire org-selected without switch-on-create', async () => {
    start();
    const el = await mount();
    let selected = 0;
    el.addEventListener('org-selected', () => selected++);
    type(nameInput(el), 'Acme');
    const created = oneEvent(el, 'org-created');
    submit(el).click();
    await created;
    expect(selected).to.equal(0);
  });

  it('shows a pending state: disabled button, spinner, aria-busy; a second submit is ignored', async () => {
    const gate = deferred();
    start(async () => {
      await gate.promise;
      return { organization: ACME };
    });
    const el = await mount();
    type(nameInput(el), 'Acme');
    submit(el).click();
    await until(() => submit(el).disabled, 'pending');
    expect($(el, 'form')!.getAttribute('aria-busy')).to.equal('true');
    expect(submit(el).querySelector('.spinner')).to.exist;
    expect(submit(el).textContent!.trim()).to.equal(en['create.creating']);
    $<HTMLFormElement>(el, 'form')!.requestSubmit();
    expect(api.calls).to.have.length(1);
    const created = oneEvent(el, 'org-created');
    gate.resolve(undefined);
    await created;
    await until(() => !submit(el).disabled, 'done');
    expect($(el, 'form')!.getAttribute('aria-busy')).to.equal('false');
  });

  it('shows the localized error per code, fires org-error and keeps the input', async () => {
    start(() => apiError(429, 'rate_limited'));
    const el = await mount();
    type(nameInput(el), 'Acme');
    const failed = oneEvent(el, 'org-error');
    submit(el).click();
    const event = await failed;
    expect(event.detail).to.deep.equal({
      code: 'rate_limited',
      status: 429,
      action: 'create-organization',
    });
    await until(() => $(el, '[role=alert]'));
    expect($(el, '[role=alert]')!.textContent).to.equal(en['error.rate_limited']);
    expect(nameInput(el).value).to.equal('Acme');
    expect(cleared).to.equal(0);
    // A retry that works clears the error.
    api.on({ 'POST /organizations': () => ({ organization: ACME }) });
    const created = oneEvent(el, 'org-created');
    submit(el).click();
    await created;
    await el.updateComplete;
    expect($(el, '[role=alert]')).to.equal(null);
  });

  it('reports a token failure as auth.token_failed', async () => {
    start();
    const el = await fixture<OrgCreate>(
      html`<org-create
        api-base=${API_BASE}
        .getAccessToken=${async () => {
          throw new Error('signed out');
        }}
      ></org-create>`,
    );
    type(nameInput(el), 'Acme');
    const failed = oneEvent(el, 'org-error');
    submit(el).click();
    expect((await failed).detail.code).to.equal('auth.token_failed');
    expect(api.calls).to.have.length(0);
  });

  it('renders in Japanese', async () => {
    start(() => apiError(503, 'upstream.unavailable'));
    const el = await mount('ja');
    expect($(el, 'h2')!.textContent).to.equal(ja['create.title']);
    expect(submit(el).textContent!.trim()).to.equal(ja['create.submit']);
    submit(el).click();
    await until(() => $(el, '#name-error'));
    expect($(el, '#name-error')!.textContent).to.equal(ja['create.nameRequired']);
    type(nameInput(el), 'アクメ');
    submit(el).click();
    await until(() => $(el, '[role=alert]'));
    expect($(el, '[role=alert]')!.textContent).to.equal(ja['error.upstream.unavailable']);
  });
});
