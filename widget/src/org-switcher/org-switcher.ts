import { Task, TaskStatus } from '@lit/task';
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { MyInvitation, MyOrganization } from 'logto-org-widget-contract';
import { createApi, type OrgApiError } from '../internal/api.js';
import { clearTokens, resolveConfig, SetupWatch, type GetAccessToken } from '../internal/config.js';
import {
  emit,
  reportError,
  type MembershipLostDetail,
  type OrgSelectedDetail,
} from '../internal/events.js';
import { strings } from '../internal/i18n/org-switcher.js';
import { LiveController } from '../internal/live.js';
import { addStrings, Localizer } from '../internal/localize.js';
import { sharedStyles } from '../internal/styles.js';
import { avatarView, logoView } from '../internal/views.js';
import '../org-create/org-create.js';
import { styles } from './org-switcher.styles.js';

addStrings(strings);

/**
 * A compact organization picker: a button showing the current organization opens a listbox of the
 * signed-in user's organizations (with their roles) and a "Create organization" shortcut.
 *
 * Keyboard: ArrowDown / ArrowUp / Enter / Space on the button open the list; in the list, arrows,
 * Home and End move, typing a letter jumps, Enter or Space selects, Escape closes; focus returns to
 * the button. With `persist`, the current organization (picked here or set by the page) is kept in
 * `localStorage` and restored on load. Call `refresh()` after the user created or joined an
 * organization elsewhere on the page.
 *
 * The list also shows my pending invitations (organization, inviter, roles, expiry) with Join and
 * Decline. When the selected organization is no longer among mine (I was removed, it was deleted,
 * or another element found out), it says so, forgets the selection and fires
 * `org-membership-lost`.
 *
 * @summary Lists my organizations and switches between them.
 *
 * @fires org-selected - The user picked an organization (or, with `persist`, a stored choice was restored: `restored: true`). Detail: `{ organizationId, organization, restored? }`.
 * @fires org-create-requested - The user asked to create an organization. Cancelable: `preventDefault()` keeps the built-in dialog closed.
 * @fires org-created - Bubbles out of the built-in create dialog. Detail: `{ organization }`.
 * @fires org-invitation-accepted - The user joined an organization from an invitation. Detail: `{ invitationId, organization }`.
 * @fires org-invitation-declined - The user declined an invitation. Detail: `{ invitationId, organizationId }`.
 * @fires org-membership-lost - The selected organization is no longer mine; the selection was cleared. Detail: `{ organizationId }`.
 * @fires org-error - Creating, joining or declining failed. Detail: `{ code, status, action }`.
 *
 * @attr {"off"} live - `off`: no live updates of the current organization (changes made elsewhere show after a reload only).
 *
 * @csspart trigger - The button showing the current organization.
 * @csspart popup - The drop-down with the list and the create shortcut.
 * @csspart option - One organization in the list.
 * @csspart create - The "Create organization" buttons.
 * @csspart dialog - The dialog around the built-in `<org-create>`.
 * @csspart invitations - My pending invitations in the drop-down.
 * @csspart notice - The "no longer a member" and result line.
 *
 * @cssproperty --org-color-primary - Accent color (selection, focus).
 * @cssproperty --org-color-surface - Background of the button and the list.
 * @cssproperty --org-color-text - Text color.
 * @cssproperty --org-color-border - Borders.
 * @cssproperty --org-radius - Corner radius.
 */
@customElement('org-switcher')
export class OrgSwitcher extends LitElement {
  static override styles = [sharedStyles, styles];
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  private readonly l = new Localizer(this);
  #restoreDone = false;
  #typed = '';
  #typedAt = 0;

  /** The current organization renamed or deleted elsewhere, or my membership changed. */
  private readonly live = new LiveController(this, ['organization', 'members', 'roles'], () =>
    this.refresh(),
  );
  readonly #setup: SetupWatch = new SetupWatch(this, () => this.#orgsTask.error);

  readonly #orgsTask = new Task(this, {
    args: () => [this.apiBase, this.getAccessToken, this.#setup.version] as const,
    task: async (_args, { signal }) =>
      (await createApi(resolveConfig(this)).myOrganizations(signal)).items,
    onComplete: (items) => {
      this.#restore(items);
      this.#checkMembership(items);
      // Remembered (with `persist`, also stored) even when the host set it, so that a later
      // loss, seen on another load, can name the organization.
      const current = items.find((o) => o.id === this.organizationId);
      if (current) this.#choose(current);
    },
  });

  readonly #invitesTask = new Task(this, {
    args: () => [this.apiBase, this.getAccessToken, this.#setup.version, this.version] as const,
    task: async (_args, { signal }) => {
      // An older server without the inbox, or a failure here, must not break the picker.
      const { invitations } = await createApi(resolveConfig(this))
        .myInvitations(signal)
        .catch(() => ({ invitations: [] as MyInvitation[] }));
      return invitations.filter((i) => i.status === 'Pending' && i.expiresAt > Date.now());
    },
  });

  readonly #answerTask = new Task(this, {
    autoRun: false,
    task: async ([join, inv]: readonly [boolean, MyInvitation], { signal }) => {
      const api = createApi(resolveConfig(this));
      const name = inv.organization.name;
      this.warn = false;
      try {
        if (join) {
          const { organization } = await api.acceptInvitation(inv.id, signal);
          await clearTokens();
          this.#choose(organization);
          this.notice = this.l.t('invitation.accepted', { name });
          emit(this, 'org-invitation-accepted', { invitationId: inv.id, organization });
          emit(this, 'org-selected', { organizationId: organization.id, organization });
          void this.refresh();
        } else {
          await api.declineInvitation(inv.id, signal);
          this.notice = this.l.t('switcher.declined', { name });
          emit(this, 'org-invitation-declined', {
            invitationId: inv.id,
            organizationId: inv.organization.id,
          });
        }
      } catch (error) {
        const err = reportError(this, error, join ? 'accept-invitation' : 'decline-invitation');
        this.notice = this.l.error(err.code);
        this.warn = true;
        throw err;
      }
      this.answered = [...this.answered, inv.id];
      await this.updateComplete;
      // Focus moves to the next invitation, else back to the button.
      const next = this.renderRoot.querySelector<HTMLElement>('[part=invitations] .primary');
      if (next && !join) next.focus();
      else this.#closeList();
    },
  });

  // Elements of the shadow root (queried on use).
  get #trigger() {
    return this.renderRoot.querySelector<HTMLButtonElement>('#trigger');
  }

  get #dialog() {
    return this.renderRoot.querySelector<HTMLDialogElement>('dialog');
  }

  @state() private open = false;
  @state() private active = 0;
  @state() private creating = false;
  /** The last organization picked here, shown while a reload has not listed it yet. */
  @state() private picked?: MyOrganization;
  /** The result of the last action, or "no longer a member of X". */
  @state() private notice = '';
  /** The notice is a failure or a loss, not a success. */
  @state() private warn = false;
  /** Invitations answered since the last load. */
  @state() private answered: string[] = [];
  @state() private version = 0;

  /** The current organization's id. Reflects; setting it selects without firing an event. */
  @property({ attribute: 'organization-id', reflect: true }) organizationId = '';
  /** Base URL of the companion API; overrides `configure({ apiBase })`. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** Remember the selection in `localStorage` and restore it on load. */
  @property({ type: Boolean }) persist = false;
  /** The `localStorage` key used with `persist`. */
  @property({ attribute: 'storage-key' }) storageKey = 'org-widget:organization';
  /** Token function; overrides `configure()`. Property only. */
  @property({ attribute: false }) getAccessToken?: GetAccessToken;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('org-membership-lost', this.#onMembershipLost);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('org-membership-lost', this.#onMembershipLost);
  }

  override updated(): void {
    if (this.open) {
      this.renderRoot.querySelector(`#opt-${this.active}`)?.scrollIntoView({ block: 'nearest' });
    }
  }

  get #items(): MyOrganization[] {
    return this.#orgsTask.value ?? [];
  }

  get #current(): MyOrganization | undefined {
    const id = this.organizationId;
    return (
      this.#items.find((o) => o.id === id) ?? (this.picked?.id === id ? this.picked : undefined)
    );
  }

  /** On the first load with `persist`, adopts the stored organization if I still belong to it. */
  #restore(items: MyOrganization[]) {
    if (this.#restoreDone) return;
    this.#restoreDone = true;
    if (!this.persist || this.organizationId) return;
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(this.storageKey);
    } catch {
      // Storage may be blocked (privacy settings); then nothing is restored.
    }
    const organization = items.find((o) => o.id === stored);
    if (organization) {
      this.organizationId = organization.id;
      emit(this, 'org-selected', { organizationId: organization.id, organization, restored: true });
    } else if (stored) {
      this.organizationId = stored;
    }
  }

  /** Another element found I am no longer in the organization shown here: check the list. */
  readonly #onMembershipLost = (e: CustomEvent<MembershipLostDetail>) => {
    if (e.detail.organizationId === this.organizationId && e.target !== this) void this.refresh();
  };

  /**
   * The selected organization is not among mine (any more): say so, forget the selection (and
   * the stored one) and fire `org-membership-lost`.
   */
  #checkMembership(items: MyOrganization[]) {
    const id = this.organizationId;
    if (!id || items.some((o) => o.id === id)) return;
    let name = this.picked?.id === id ? this.picked.name : '';
    try {
      name ||= (this.persist && localStorage.getItem(`${this.storageKey}:name`)) || '';
    } catch {
      // Storage may be blocked; the message then names no organization.
    }
    this.#choose(undefined);
    this.warn = true;
    this.notice = name
      ? this.l.t('switcher.lost', { name })
      : this.l.t('error.organization.not_member');
    emit(this, 'org-membership-lost', { organizationId: id });
  }

  /** Makes `organization` current and stores it with `persist`; fires nothing. */
  #choose(organization: MyOrganization | undefined) {
    this.picked = organization;
    this.organizationId = organization?.id ?? '';
    if (!this.persist) return;
    try {
      if (organization) {
        localStorage.setItem(this.storageKey, organization.id);
        localStorage.setItem(`${this.storageKey}:name`, organization.name);
      } else {
        localStorage.removeItem(this.storageKey);
        localStorage.removeItem(`${this.storageKey}:name`);
      }
    } catch {
      // Storage may be blocked or full; the selection still works for this page.
    }
  }

  async #openList(at?: number) {
    const index = this.#items.findIndex((o) => o.id === this.organizationId);
    this.active = at ?? Math.max(index, 0);
    this.open = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#list')?.focus();
  }

  #closeList(refocus = true) {
    this.open = false;
    if (refocus) this.#trigger?.focus();
  }

  #onTriggerClick() {
    if (this.open) this.#closeList();
    else void this.#openList();
  }

  #onTriggerKeydown(e: KeyboardEvent) {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    void this.#openList(e.key === 'ArrowUp' && !this.#current ? this.#items.length - 1 : undefined);
  }

  #onListKeydown(e: KeyboardEvent) {
    const last = this.#items.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: Math.min(this.active + 1, last),
      ArrowUp: Math.max(this.active - 1, 0),
      Home: 0,
      End: last,
    };
    if (e.key in moves) {
      this.active = moves[e.key]!;
    } else if (e.key === 'Enter' || e.key === ' ') {
      this.#select(this.#items[this.active]);
    } else if (e.key === 'Escape') {
      this.#closeList();
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      this.#typeahead(e.key);
    } else {
      return;
    }
    e.preventDefault();
    e.stopPropagation();
  }

  /**
   * Jumps to the next organization whose name starts with what was typed in the last second;
   * repeating one letter cycles through the names that start with it.
   */
  #typeahead(key: string) {
    const now = Date.now();
    this.#typed = (now - this.#typedAt < 1000 ? this.#typed : '') + key.toLowerCase();
    this.#typedAt = now;
    const search = /^(.)\1*$/u.test(this.#typed) ? this.#typed[0]! : this.#typed;
    const n = this.#items.length;
    const from = search.length === 1 ? this.active + 1 : this.active;
    for (let i = 0; i < n; i++) {
      const index = (from + i) % n;
      if (this.#items[index]!.name.toLowerCase().startsWith(search)) {
        this.active = index;
        return;
      }
    }
  }

  #onPopupKeydown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault();
      this.#closeList();
    }
  }

  #onPopupFocusout(e: FocusEvent) {
    const next = e.relatedTarget as Node | null;
    // Moving to the trigger leaves the list open: its click toggles it.
    if (!next || (!this.renderRoot.contains(next) && next !== this)) this.#closeList(false);
  }

  #select(organization: MyOrganization | undefined) {
    if (!organization) return;
    this.#closeList();
    if (organization.id === this.organizationId) return;
    this.notice = '';
    this.#choose(organization);
    emit(this, 'org-selected', { organizationId: organization.id, organization });
  }

  async #onCreateRequested() {
    this.open = false;
    if (!emit(this, 'org-create-requested', {}, true)) return;
    this.creating = true;
    await this.updateComplete;
    this.#dialog?.showModal();
    this.renderRoot.querySelector('org-create')?.focus();
  }

  /** `<org-create switch-on-create>` in the dialog: its `org-selected` bubbles on to the host. */
  #onCreatedAndSelected(e: CustomEvent<OrgSelectedDetail>) {
    this.#choose(e.detail.organization);
    this.#dialog?.close();
    void this.refresh();
  }

  #onDialogClose() {
    this.creating = false;
    const fallback = this.renderRoot.querySelector<HTMLElement>('#trigger, button');
    fallback?.focus();
  }

  /** Reloads my organizations and invitations (e.g. after creating or joining one elsewhere). */
  refresh(): Promise<void> {
    this.answered = [];
    this.version++;
    return this.#orgsTask.run();
  }

  /** Join or decline; buttons stay enabled while busy so focus never drops out of the list. */
  #answer(join: boolean, inv: MyInvitation) {
    if (this.#answerTask.status !== TaskStatus.PENDING) {
      this.#answerTask.run([join, inv]).catch(() => undefined);
    }
  }

  get #invites(): MyInvitation[] {
    return (this.#invitesTask.value ?? []).filter((i) => !this.answered.includes(i.id));
  }

  #renderInvites() {
    const invites = this.#invites;
    if (!invites.length) return nothing;
    const busy = this.#answerTask.status === TaskStatus.PENDING;
    return html`<section part="invitations" aria-labelledby="inv-title">
      <h3 id="inv-title" class="muted">${this.l.t('switcher.invitations')}</h3>
      <ul class="list">
        ${invites.map((inv) => {
          const name = inv.organization.name;
          const from = inv.inviter?.name || inv.inviter?.email;
          return html`<li>
            ${avatarView(name, inv.organization.branding?.logoUrl, true)}
            <div class="grow who">
              <strong class="name">${name}</strong>
              <div class="muted">
                ${from ? this.l.t('switcher.from', { name: from }) : nothing}
                ${inv.roles.map((r) => this.l.role(r)).join(', ')} ·
                ${this.l.t('invitation.expires', { date: this.l.relative(inv.expiresAt) })}
              </div>
            </div>
            <span class="row">
              <button
                class="primary"
                aria-disabled=${busy}
                aria-label=${this.l.t('switcher.join', { name })}
                @click=${() => this.#answer(true, inv)}
              >
                ${this.l.t('switcher.joinShort')}
              </button>
              <button
                aria-disabled=${busy}
                aria-label=${this.l.t('switcher.decline', { name })}
                @click=${() => this.#answer(false, inv)}
              >
                ${this.l.t('switcher.declineShort')}
              </button>
            </span>
          </li>`;
        })}
      </ul>
    </section>`;
  }

  #renderCreate(primary = false) {
    return html`<button
      class=${primary ? 'primary' : 'link create'}
      part="create"
      @click=${this.#onCreateRequested}
    >
      <span aria-hidden="true">+</span> ${this.l.t('create.submit')}
    </button>`;
  }

  #renderOption(o: MyOrganization, i: number) {
    const selected = o.id === this.organizationId;
    return html`<li
      id="opt-${i}"
      role="option"
      part="option"
      aria-selected=${selected}
      class=${i === this.active ? 'active' : ''}
      @click=${() => this.#select(o)}
      @pointermove=${() => (this.active = i)}
    >
      <span class="check" aria-hidden="true">${selected ? '✓' : ''}</span>
      <span class="name">${o.name}</span>
      <span class="roles muted"
        >${
          o.roles.length
            ? o.roles.map((r) => this.l.role(r)).join(', ')
            : this.l.t('members.noRole')
        }</span
      >
    </li>`;
  }

  #renderPicker() {
    const items = this.#items;
    if (!items.length && !this.#current) {
      return html`<div class="row empty">
          <span class="muted">${this.l.t('switcher.empty')}</span>${this.#renderCreate(true)}
        </div>
        ${this.#renderInvites()}`;
    }
    const current = this.#current;
    const busy = this.#orgsTask.status === TaskStatus.PENDING;
    const count = this.#invites.length;
    return html`<button
        id="trigger"
        part="trigger"
        aria-haspopup="listbox"
        aria-expanded=${this.open}
        aria-controls="list"
        aria-busy=${busy}
        aria-label=${
          (current
            ? this.l.t('switcher.trigger', { name: current.name })
            : this.l.t('switcher.choose')) +
          (count ? ` ${this.l.plural('switcher.pending', count)}` : '')
        }
        @click=${this.#onTriggerClick}
        @keydown=${this.#onTriggerKeydown}
      >
        ${logoView(current?.branding?.logoUrl)}
        <span class="current ${current ? '' : 'muted'}"
          >${current?.name ?? this.l.t('switcher.choose')}</span
        >
        ${count ? html`<span class="badge accent">${count}</span>` : nothing}
        <span class="chevron" aria-hidden="true"></span>
      </button>
      <div
        class="popup"
        part="popup"
        tabindex="-1"
        ?hidden=${!this.open}
        @keydown=${this.#onPopupKeydown}
        @focusout=${this.#onPopupFocusout}
      >
        <ul
          id="list"
          role="listbox"
          tabindex="-1"
          aria-label=${this.l.t('switcher.list')}
          aria-activedescendant=${this.open && items.length ? `opt-${this.active}` : nothing}
          @keydown=${this.#onListKeydown}
        >
          ${items.map((o, i) => this.#renderOption(o, i))}
        </ul>
        ${this.#renderInvites()} ${this.#renderCreate()}
      </div>`;
  }

  override render() {
    const body = this.#orgsTask.render({
      initial: () => nothing,
      pending: () =>
        this.#orgsTask.value
          ? this.#renderPicker()
          : html`<button id="trigger" part="trigger" disabled aria-busy="true">
              ${this.l.t('common.loading')}
            </button>`,
      error: (error) =>
        html`<div class="row" role="alert">
          <span class="err">${this.l.error((error as OrgApiError).code)}</span>
          <button @click=${() => this.refresh()}>${this.l.t('common.retry')}</button>
        </div>`,
      complete: () => this.#renderPicker(),
    });
    return html`${body}
      <p class="status ${this.warn ? 'err' : ''}" role="status" part="notice">${this.notice}</p>
      <dialog
        part="dialog"
        aria-label=${this.l.t('create.submit')}
        @close=${this.#onDialogClose}
        @org-selected=${this.#onCreatedAndSelected}
      >
        ${
          this.creating
            ? html`<button
                  class="link close"
                  aria-label=${this.l.t('common.close')}
                  @click=${() => this.#dialog?.close()}
                >
                  <span aria-hidden="true">×</span>
                </button>
                <org-create
                  switch-on-create
                  theme=${this.getAttribute('theme') ?? nothing}
                  .apiBase=${this.apiBase}
                  .getAccessToken=${this.getAccessToken}
                ></org-create>`
            : nothing
        }
      </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'org-switcher': OrgSwitcher;
  }
}
