import { Task, TaskStatus } from '@lit/task';
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { LiveEvent, Member, MembersPage } from 'logto-org-widget-contract';
import {
  adminRoleName,
  countAdmins,
  createApi,
  forgetOrganizations,
  loadOrganization,
  type FirstPage,
} from '../internal/api.js';
import { clearTokens, resolveConfig, SetupWatch, type GetAccessToken } from '../internal/config.js';
import { emit, membershipLost, reportError } from '../internal/events.js';
import { strings } from '../internal/i18n/org-members.js';
import { LiveController } from '../internal/live.js';
import { addStrings, Localizer } from '../internal/localize.js';
import { sharedStyles } from '../internal/styles.js';
import { avatarView, failureView, loadingView, QuietStart, quietView } from '../internal/views.js';
import { styles } from './org-members.styles.js';

addStrings(strings);

type Action = 'roles' | 'remove' | 'leave';
/** How long a result message stays. */
const STATUS_MS = 8000;

const label = (m: Member) => m.name || m.username || m.email || m.id;
const pageKey = (orgId: string, query: object) => JSON.stringify([orgId, query]);

/**
 * The members of one organization: search, role filter, pages, and (when the signed-in user's
 * permissions allow) role changes and removal; everyone can leave.
 *
 * @summary Lists and manages the members of an organization.
 *
 * @fires org-member-roles-changed - A member's roles were changed. Detail: `{ organizationId, userId, roles }`.
 * @fires org-member-removed - A member was removed. Detail: `{ organizationId, userId }`.
 * @fires org-left - The signed-in user left the organization. Detail: `{ organizationId }`.
 * @fires org-error - A user action failed. Detail: `{ code, status, action }`.
 *
 * @attr {"off"} live - `off`: no live updates (changes made elsewhere show after a reload only).
 *
 * @csspart header - The title, count, search and role filter.
 * @csspart list - The list of members.
 * @csspart member - One member row.
 * @csspart pagination - The page controls.
 * @csspart dialog - The role and confirmation dialog.
 *
 * @cssproperty --org-color-primary - Accent color (buttons, focus, badges).
 * @cssproperty --org-color-surface - Background.
 * @cssproperty --org-color-text - Text color.
 * @cssproperty --org-color-danger - Destructive actions and errors.
 * @cssproperty --org-radius - Corner radius.
 */
@customElement('org-members')
export class OrgMembers extends LitElement {
  static override styles = [sharedStyles, styles];
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  private readonly l = new Localizer(this);
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #statusTimer: ReturnType<typeof setTimeout> | undefined;
  #opener: HTMLElement | null = null;
  /** The member of the open dialog may have left: check when the page arrives. */
  #checkOpen = false;
  private readonly live = new LiveController(
    this,
    ['members', 'roles', 'organization'],
    (e, announce) => this.#onLive(e, announce),
  );
  readonly #quiet = new QuietStart(this, () => [this.#contextTask, this.#membersTask]);
  readonly #setup: SetupWatch = new SetupWatch(
    this,
    () => this.#contextTask.error ?? this.#membersTask.error,
  );

  readonly #contextTask = new Task(this, {
    args: () =>
      [this.organizationId, this.apiBase, this.getAccessToken, this.#setup.version] as const,
    task: async ([orgId], { signal }) => {
      if (!orgId) return undefined;
      // Run with the page (in the same update, the members task runs next): one request brings
      // the organization, the roles and the first page.
      let firstPage: FirstPage | undefined;
      if (this.#updating) {
        const query = this.#pageQuery();
        const page = new Promise<MembersPage | undefined>((resolve) => {
          firstPage = { query, onMembers: resolve };
        });
        this.#firstPage = { key: pageKey(orgId, query), page };
      }
      return loadOrganization(this.#api(), orgId, signal, firstPage).catch((error: unknown) => {
        membershipLost(this, error, orgId);
        throw error;
      });
    },
  });

  readonly #membersTask = new Task(this, {
    args: () =>
      [
        this.organizationId,
        this.apiBase,
        this.getAccessToken,
        this.q,
        this.page,
        this.pageSize,
        this.roleId,
        this.version,
        this.#setup.version,
      ] as const,
    task: async ([orgId], { signal }) => {
      if (!orgId) return undefined;
      const query = this.#pageQuery();
      const { page, pageSize: size } = query;
      // The page asked for along with the organization in this update, if it is this one.
      const first = this.#firstPage;
      this.#firstPage = undefined;
      const brought = first?.key === pageKey(orgId, query) ? await first.page : undefined;
      signal.throwIfAborted();
      const result = brought ?? (await this.#api().members(orgId, query, signal));
      const open = this.open;
      if (this.#checkOpen && open && !result.items.some((m) => m.id === open.member.id)) {
        this.open = { ...open, error: 'member.not_found' };
      }
      this.#checkOpen = false;
      // After a removal emptied the last page, step back to the new last page.
      if (!result.items.length && result.total && page > 1) {
        this.page = Math.ceil(result.total / size);
      }
      return result;
    },
  });

  /**
   * How many admins there are, when I am one: to disable leaving or demoting the last one. Asked
   * once the first page is drawn (a task after the one that drew the rows), so it never delays
   * them: a request costs the page about a millisecond to send.
   */
  readonly #adminsTask = new Task(this, {
    args: () => [this.#contextTask.value, !!this.#membersTask.value, this.version] as const,
    task: async ([ctx, listed], { signal }) => {
      if (!ctx || !listed) return undefined;
      await new Promise((resolve) => setTimeout(resolve));
      signal.throwIfAborted();
      return countAdmins(this.#api(), this.organizationId, ctx, signal);
    },
  });

  readonly #actionTask = new Task(this, {
    autoRun: false,
    task: async ([action, member, roleIds]: readonly [Action, Member, string[]], { signal }) => {
      this.statusText = '';
      try {
        await this.#act(action, member, roleIds, signal);
      } catch (error) {
        const err = reportError(this, error, `${action}-member`);
        if (this.open) this.open = { ...this.open, error: err.code };
        throw err;
      }
      // Roles or members changed: the shared admin count is stale.
      forgetOrganizations();
      if (!this.left) this.version++;
      // A removed member's row goes away with the reload: return focus to the search field.
      if (action === 'remove') this.#opener = null;
      this.#closeDialog();
    },
  });

  /** Inside this element's update, where the tasks run (see the context task). */
  #updating = false;
  /** The first page, asked for by the context task, for the members task of the same update. */
  #firstPage: { key: string; page: Promise<MembersPage | undefined> } | undefined;

  /** The page of members the current state asks for. */
  #pageQuery() {
    const size = Math.min(Math.max(this.pageSize, 1), 100);
    return { q: this.q, page: this.page, pageSize: size, roleId: this.roleId };
  }

  // Elements of the shadow root (queried on use).
  get #dialog() {
    return this.renderRoot.querySelector<HTMLDialogElement>('dialog');
  }

  get #search() {
    return this.renderRoot.querySelector<HTMLInputElement>('#search');
  }

  @state() private q = '';
  @state() private page = 1;
  @state() private roleId = '';
  @state() private version = 0;
  @state() private statusText = '';
  @state() private left = false;
  @state() private open?: { action: Action; member: Member; selected: Set<string>; error?: string };

  /** The organization whose members are shown. */
  @property({ attribute: 'organization-id' }) organizationId = '';
  /** Base URL of the companion API; overrides `configure({ apiBase })`. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** Members per page (at most 100). */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 20;
  /** Token function; overrides `configure()`. Property only. */
  @property({ attribute: false }) getAccessToken?: GetAccessToken;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#searchTimer);
    clearTimeout(this.#statusTimer);
  }

  override updated(changed: Map<PropertyKey, unknown>): void {
    // After leaving, the list is gone: move focus to the message saying so.
    if (changed.has('left') && this.left)
      this.renderRoot.querySelector<HTMLElement>('.status')?.focus();
    // A result stays a while, then clears (unless it is all that is left to show).
    if (changed.has('statusText') && this.statusText && !this.left) {
      clearTimeout(this.#statusTimer);
      this.#statusTimer = setTimeout(() => (this.statusText = ''), STATUS_MS);
    }
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('organizationId') && changed.get('organizationId') !== undefined) {
      this.q = '';
      this.page = 1;
      this.roleId = '';
      this.left = false;
    }
    // The tasks run next (controllers' hostUpdate), then update().
    this.#updating = true;
  }

  override update(changed: Map<PropertyKey, unknown>): void {
    this.#updating = false;
    // A page the members task did not take in this update is never used later.
    this.#firstPage = undefined;
    super.update(changed);
  }

  get #me() {
    return this.#contextTask.value?.me;
  }

  /** I am an admin and the only one. */
  get #lastAdmin() {
    return this.#adminsTask.value === 1;
  }

  /** A role's label (registered, built-in, its description, its name). */
  #role(r: { id: string; name: string }) {
    return this.l.role(this.#contextTask.value?.roles.find((x) => x.id === r.id) ?? r);
  }

  #can(permission: string) {
    return !!this.#me?.permissions.includes(permission);
  }

  #api() {
    return createApi(resolveConfig(this));
  }

  async #act(action: Action, member: Member, roleIds: string[], signal: AbortSignal) {
    const api = this.#api();
    const organizationId = this.organizationId;
    const self = member.id === this.#me?.id;
    if (action === 'roles') {
      const { member: updated } = await api.setMemberRoles(
        organizationId,
        member.id,
        roleIds,
        signal,
      );
      if (self) {
        await clearTokens();
        this.#contextTask.run();
      }
      emit(this, 'org-member-roles-changed', {
        organizationId,
        userId: member.id,
        roles: updated.roles,
      });
      this.statusText = this.l.t('members.rolesSaved', { name: label(member) });
    } else {
      await api.removeMember(organizationId, member.id, signal);
      if (action === 'leave') {
        await clearTokens();
        this.left = true;
        this.open = undefined;
        emit(this, 'org-left', { organizationId });
        this.statusText = this.l.t('members.left');
      } else {
        emit(this, 'org-member-removed', { organizationId, userId: member.id });
        this.statusText = this.l.t('members.removed', { name: label(member) });
      }
    }
  }

  #onSearchInput(e: Event) {
    const value = (e.target as HTMLInputElement).value.trim();
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => this.#applySearch(value), 250);
  }

  #onSearchSubmit(e: SubmitEvent) {
    e.preventDefault();
    clearTimeout(this.#searchTimer);
    this.#applySearch(this.#search?.value.trim() ?? '');
  }

  #applySearch(value: string) {
    if (value !== this.q) {
      this.q = value;
      this.page = 1;
    }
  }

  #onRoleFilter(e: Event) {
    this.roleId = (e.target as HTMLSelectElement).value;
    this.page = 1;
  }

  async #openDialog(e: Event, action: Action, member: Member) {
    this.#opener = e.currentTarget as HTMLElement;
    this.open = { action, member, selected: new Set(member.roles.map((r) => r.id)) };
    await this.updateComplete;
    if (!this.#dialog?.open) this.#dialog?.showModal();
  }

  #closeDialog() {
    this.#dialog?.close();
  }

  #onDialogClose() {
    this.open = undefined;
    // A new run of actionTask resets its error; nothing else to clean up.
    const opener = this.#opener;
    this.#opener = null;
    if (opener?.isConnected) opener.focus();
    else this.#search?.focus();
  }

  #onDialogCancel(e: Event) {
    if (this.#actionTask.status === TaskStatus.PENDING) e.preventDefault();
  }

  #onRoleToggle(e: Event) {
    const box = e.target as HTMLInputElement;
    const selected = new Set(this.open!.selected);
    if (box.checked) selected.add(box.value);
    else selected.delete(box.value);
    this.open = { ...this.open!, selected };
  }

  #onConfirm(e: SubmitEvent) {
    e.preventDefault();
    const { action, member, selected } = this.open!;
    this.open = { action, member, selected };
    this.#actionTask.run([action, member, [...selected]]).catch(() => undefined);
  }

  #goTo(page: number) {
    this.page = page;
    this.#search?.focus();
  }

  /** A change made elsewhere: fetch again in place, keeping the search, page and dialog. */
  #onLive(event: LiveEvent | undefined, announce: boolean) {
    const me = this.#me?.id;
    if (!event || event.type !== 'members' || !event.ids || (me && event.ids.includes(me))) {
      this.#contextTask.run();
    }
    const subject = this.open?.member.id;
    this.#checkOpen = !!subject && (!event?.ids || event.ids.includes(subject));
    this.version++;
    if (announce) this.statusText = this.l.t('live.members');
  }

  /** Reloads the organization and the current page of members. */
  reload(): void {
    forgetOrganizations();
    this.#contextTask.run();
    this.version++;
  }

  #renderMember(m: Member) {
    const self = m.id === this.#me?.id;
    const name = label(m);
    const roles = this.#can('update:member:role');
    const remove = !self && this.#can('remove:member');
    return html`<li part="member">
      ${avatarView(name, m.avatar)}
      <div class="who grow">
        <div>
          <strong>${name}</strong>
          ${self ? html`<span class="badge accent">${this.l.t('members.you')}</span>` : nothing}
        </div>
        ${m.email && m.email !== name ? html`<div class="muted">${m.email}</div>` : nothing}
        ${
          self && this.#lastAdmin
            ? html`<div class="muted" id="last-admin">${this.l.t('members.lastAdminLeave')}</div>`
            : nothing
        }
      </div>
      <div class="roles">
        ${
          m.roles.length
            ? m.roles.map((r) => html`<span class="badge">${this.#role(r)}</span>`)
            : html`<span class="muted">${this.l.t('members.noRole')}</span>`
        }
      </div>
      <div class="row">
        ${
          roles
            ? html`<button
                aria-label=${this.l.t('members.changeRolesOf', { name })}
                @click=${(e: Event) => this.#openDialog(e, 'roles', m)}
              >
                ${this.l.t('members.changeRoles')}
              </button>`
            : nothing
        }
        ${
          remove
            ? html`<button
                class="danger"
                aria-label=${this.l.t('members.removeName', { name })}
                @click=${(e: Event) => this.#openDialog(e, 'remove', m)}
              >
                ${this.l.t('members.remove')}
              </button>`
            : nothing
        }
        ${
          self
            ? html`<button
                class="danger"
                ?disabled=${this.#lastAdmin}
                aria-describedby=${this.#lastAdmin ? 'last-admin' : nothing}
                @click=${(e: Event) => this.#openDialog(e, 'leave', m)}
              >
                ${this.l.t('members.leave')}
              </button>`
            : nothing
        }
      </div>
    </li>`;
  }

  #renderList() {
    const pending = this.#membersTask.status === TaskStatus.PENDING;
    const page = this.#membersTask.value;
    if (this.#membersTask.status === TaskStatus.ERROR) {
      return failureView(this.l, this.#membersTask.error, () => this.#membersTask.run());
    }
    if (!page) {
      return loadingView(this.l);
    }
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    const filtered = this.q || this.roleId;
    return html`<p class="muted count">${this.l.plural('members.total', page.total)}</p>
      ${
        page.items.length
          ? html`<ul class="list" part="list" aria-busy=${pending}>
              ${page.items.map((m) => this.#renderMember(m))}
            </ul>`
          : html`<p class="center muted" aria-busy=${pending}>
              ${this.l.t(filtered ? 'members.noMatch' : 'members.empty')}
            </p>`
      }
      ${
        pages > 1 || this.page > 1
          ? html`<nav class="row pager" part="pagination" aria-label=${this.l.t('members.pages')}>
              <button
                ?disabled=${this.page <= 1 || pending}
                @click=${() => this.#goTo(this.page - 1)}
              >
                ${this.l.t('common.previous')}
              </button>
              <span>${this.l.t('members.pageOf', { page: this.page, pages })}</span>
              <button
                ?disabled=${this.page >= pages || pending}
                @click=${() => this.#goTo(this.page + 1)}
              >
                ${this.l.t('common.next')}
              </button>
            </nav>`
          : nothing
      }`;
  }

  #renderDialog() {
    const open = this.open;
    if (!open) return nothing;
    const { action, member } = open;
    const name = label(member);
    const busy = this.#actionTask.status === TaskStatus.PENDING;
    const mine = new Set(this.#me?.permissions);
    const ctx = this.#contextTask.value;
    const admin = ctx?.roles.find((r) => r.name === adminRoleName(ctx));
    // Why Save cannot succeed, said before trying.
    const why =
      action !== 'roles'
        ? ''
        : !open.selected.size
          ? this.l.t('members.oneRole')
          : member.id === this.#me?.id && this.#lastAdmin && admin && !open.selected.has(admin.id)
            ? this.l.t('members.lastAdminDemote')
            : '';
    const title =
      action === 'roles'
        ? this.l.t('members.rolesTitle', { name })
        : action === 'remove'
          ? this.l.t('members.removeTitle', { name })
          : this.l.t('members.leaveTitle');
    return html`<form @submit=${this.#onConfirm} aria-busy=${busy}>
      <h2 id="dialog-title">${title}</h2>
      ${
        action === 'roles'
          ? html`<fieldset class="roles-pick">
              <legend class="sr-only">${title}</legend>
              ${this.#contextTask.value?.roles.map(
                (r, i) =>
                  html`<div class="pick">
                    <input
                      type="checkbox"
                      id="role-${i}"
                      value=${r.id}
                      aria-describedby=${r.description ? `role-${i}-d` : nothing}
                      .checked=${open.selected.has(r.id)}
                      ?disabled=${!r.permissions.every((p) => mine.has(p))}
                      @change=${this.#onRoleToggle}
                    />
                    <span>
                      <label for="role-${i}">${this.#role(r)}</label>
                      ${
                        r.description
                          ? html`<span class="muted" id="role-${i}-d">${r.description}</span>`
                          : nothing
                      }
                    </span>
                  </div>`,
              )}
            </fieldset>`
          : html`<p>
              ${
                action === 'remove'
                  ? this.l.t('members.removeBody', { name })
                  : this.l.t('members.leaveBody')
              }
            </p>`
      }
      ${why ? html`<p class="muted" id="why">${why}</p>` : nothing}
      ${open.error ? html`<p class="err" role="alert">${this.l.error(open.error)}</p>` : nothing}
      <div class="actions">
        <button type="button" ?disabled=${busy} @click=${this.#closeDialog}>
          ${this.l.t('common.cancel')}
        </button>
        <button
          class="primary ${action === 'roles' ? '' : 'danger'}"
          ?disabled=${busy || !!why || open.error === 'member.not_found'}
          aria-describedby=${why ? 'why' : nothing}
        >
          ${
            action === 'roles'
              ? this.l.t('common.save')
              : action === 'remove'
                ? this.l.t('members.remove')
                : this.l.t('members.leave')
          }
        </button>
      </div>
    </form>`;
  }

  override render() {
    const status = html`<p role="status" class="status" tabindex=${this.left ? -1 : nothing}>
      ${this.statusText}
    </p>`;
    if (!this.organizationId) return html`<p class="muted">${this.l.t('common.missingId')}</p>`;
    if (this.left) return status;
    if (this.#quiet.on) return quietView;
    const roles = this.#contextTask.value?.roles ?? [];
    const body = this.#contextTask.render({
      pending: () => (this.#contextTask.value ? this.#renderList() : loadingView(this.l)),
      error: (e) => failureView(this.l, e, () => this.reload()),
      complete: () => this.#renderList(),
    });
    return html`<div class="head" part="header">
        <h2>${this.l.t('members.title')}</h2>
        <form class="row" role="search" @submit=${this.#onSearchSubmit}>
          <label class="sr-only" for="search">${this.l.t('members.search')}</label>
          <input
            id="search"
            class="grow"
            type="search"
            maxlength="128"
            autocomplete="off"
            placeholder=${this.l.t('members.searchPlaceholder')}
            @input=${this.#onSearchInput}
          />
          ${
            roles.length
              ? html`<label class="sr-only" for="role">${this.l.t('members.role')}</label>
                  <select id="role" .value=${this.roleId} @change=${this.#onRoleFilter}>
                    <option value="">${this.l.t('members.allRoles')}</option>
                    ${roles.map((r) => html`<option value=${r.id}>${this.#role(r)}</option>`)}
                  </select>`
              : nothing
          }
        </form>
      </div>
      ${body} ${status}
      <dialog
        part="dialog"
        aria-labelledby="dialog-title"
        @close=${this.#onDialogClose}
        @cancel=${this.#onDialogCancel}
      >
        ${this.#renderDialog()}
      </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'org-members': OrgMembers;
  }
}
