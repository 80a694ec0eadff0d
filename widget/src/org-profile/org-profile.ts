import { Task, TaskStatus } from '@lit/task';
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Organization, OrganizationDomains } from 'logto-org-widget-contract';
import {
  countAdmins,
  createApi,
  forgetOrganizations,
  loadOrganization,
  safeDomain,
  type OrgApiError,
} from '../internal/api.js';
import { clearTokens, resolveConfig, SetupWatch, type GetAccessToken } from '../internal/config.js';
import { emit, membershipLost, reportError } from '../internal/events.js';
import { strings } from '../internal/i18n/org-profile.js';
import { addStrings, Localizer } from '../internal/localize.js';
import { sharedStyles } from '../internal/styles.js';
import {
  avatarView,
  failureView,
  loadingView,
  QuietStart,
  quietView,
  safeImageUrl,
} from '../internal/views.js';
import { styles } from './org-profile.styles.js';

addStrings(strings);

const NAME_MAX = 128;
const DESCRIPTION_MAX = 256;
type Dialog = 'leave' | 'delete';
type Field = 'name' | 'description' | 'logoUrl' | 'darkLogoUrl';

/**
 * The settings of one organization: its name, description and logo (editable with
 * `manage:organization`, read-only for everyone else), automatic membership by email domain,
 * leaving, and deleting it (after typing its name).
 *
 * @summary Shows and edits an organization's profile; leave or delete it.
 *
 * @fires org-updated - The profile was saved. Detail: `{ organization }`.
 * @fires org-domains-changed - The automatic-membership domains or roles were saved. Detail: `{ organizationId, domains, roleIds }`.
 * @fires org-deleted - The organization was deleted. Detail: `{ organizationId }`.
 * @fires org-left - The signed-in user left the organization. Detail: `{ organizationId }`.
 * @fires org-membership-lost - The signed-in user is no longer a member. Detail: `{ organizationId }`.
 * @fires org-error - A user action failed. Detail: `{ code, status, action }`.
 *
 * @csspart header - The logo, name and description.
 * @csspart form - The profile form.
 * @csspart domains - The automatic-membership section.
 * @csspart danger - The leave and delete section.
 * @csspart dialog - The leave and delete confirmation dialog.
 *
 * @cssproperty --org-color-primary - Accent color (buttons, focus).
 * @cssproperty --org-color-surface - Background.
 * @cssproperty --org-color-text - Text color.
 * @cssproperty --org-color-danger - Destructive actions and errors.
 * @cssproperty --org-radius - Corner radius.
 */
@customElement('org-profile')
export class OrgProfile extends LitElement {
  static override styles = [sharedStyles, styles];
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  private readonly l = new Localizer(this);
  readonly #setup: SetupWatch = new SetupWatch(this, () => this.#contextTask.error);

  readonly #quiet = new QuietStart(this, () => [this.#contextTask]);
  readonly #contextTask = new Task(this, {
    args: () =>
      [this.organizationId, this.apiBase, this.getAccessToken, this.#setup.version] as const,
    task: async ([orgId], { signal }) => {
      if (!orgId) return undefined;
      try {
        const api = this.#api();
        const ctx = await loadOrganization(api, orgId, signal);
        const manage = ctx.me.permissions.includes('manage:organization');
        const [admins, domains] = await Promise.all([
          countAdmins(api, orgId, ctx, signal).catch(() => undefined),
          manage ? api.domains(orgId, signal).catch((e: OrgApiError) => e) : undefined,
        ]);
        this.domainsSaved = undefined;
        return { ...ctx, admins, domains };
      } catch (error) {
        membershipLost(this, error, orgId);
        throw error;
      }
    },
  });

  readonly #saveTask = new Task(this, {
    autoRun: false,
    task: async ([what]: readonly ['profile' | 'domains' | Dialog], { signal }) => {
      const organizationId = this.organizationId;
      const api = this.#api();
      this.statusText = '';
      try {
        if (what === 'profile') {
          const { organization } = await api.updateOrganization(
            organizationId,
            this.#changes(),
            signal,
          );
          this.edits = {};
          forgetOrganizations();
          this.#contextTask.run();
          emit(this, 'org-updated', { organization });
          this.#say(this.l.t('profile.saved'));
        } else if (what === 'domains') {
          const body = { domains: this.#domains.domains, roleIds: this.#domains.roleIds };
          const saved = await api.setDomains(organizationId, body, signal);
          this.domainDraft = undefined;
          this.domainsSaved = saved;
          emit(this, 'org-domains-changed', { organizationId, ...body });
          this.#say(this.l.t('profile.saved'));
        } else {
          if (what === 'delete') await api.deleteOrganization(organizationId, signal);
          else await api.removeMember(organizationId, this.#contextTask.value!.me.id, signal);
          await clearTokens();
          this.gone = what;
          this.#dialog?.close();
          emit(this, what === 'delete' ? 'org-deleted' : 'org-left', { organizationId });
          this.#say(this.l.t(what === 'delete' ? 'profile.deleted' : 'members.left'));
        }
      } catch (error) {
        throw reportError(this, error, what === 'leave' ? 'leave-member' : `${what}-organization`);
      }
    },
  });

  get #dialog() {
    return this.renderRoot.querySelector('dialog');
  }

  #statusTimer: ReturnType<typeof setTimeout> | undefined;

  /** Unsaved profile edits, by field. */
  @state() private edits: Partial<Record<Field, string>> = {};
  /** Unsaved automatic-membership changes. */
  /** The domain settings as last saved here (newer than the loaded ones). */
  @state() private domainsSaved?: OrganizationDomains;
  @state() private domainDraft?: { domains: string[]; roleIds: string[]; adding: string };
  @state() private dialog?: Dialog;
  @state() private confirmName = '';
  @state() private gone?: Dialog;
  @state() private statusText = '';

  /** The organization shown. */
  @property({ attribute: 'organization-id' }) organizationId = '';
  /** Base URL of the companion API; overrides `configure({ apiBase })`. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** Token function; overrides `configure()`. Property only. */
  @property({ attribute: false }) getAccessToken?: GetAccessToken;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#statusTimer);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('organizationId') && changed.get('organizationId') !== undefined) {
      this.gone = undefined;
      this.edits = {};
      this.domainDraft = undefined;
      this.statusText = '';
    }
  }

  #api() {
    return createApi(resolveConfig(this));
  }

  /** Shows a result in the status line; it clears after a while or with the next action. */
  #say(text: string) {
    this.statusText = text;
    clearTimeout(this.#statusTimer);
    this.#statusTimer = setTimeout(() => (this.statusText = ''), 8000);
  }

  #value(field: Field): string {
    const org = this.#contextTask.value?.organization;
    if (field in this.edits) return this.edits[field]!;
    if (field === 'name') return org?.name ?? '';
    if (field === 'description') return org?.description ?? '';
    return org?.branding?.[field] ?? '';
  }

  /** What the form would change (trimmed; an emptied URL or description is removed). */
  #changes() {
    const v = (f: Field) => this.#value(f).trim();
    return {
      name: v('name'),
      description: v('description') || null,
      branding: { logoUrl: v('logoUrl') || null, darkLogoUrl: v('darkLogoUrl') || null },
    };
  }

  #problem(field: Field): string {
    const value = this.#value(field).trim();
    if (field === 'name' && !value) return this.l.t('create.nameRequired');
    const max = field === 'name' ? NAME_MAX : field === 'description' ? DESCRIPTION_MAX : 2048;
    if (value.length > max) return this.l.t('create.tooLong', { max, count: value.length });
    if (field.endsWith('Url') && value && !safeImageUrl(value)) return this.l.t('profile.badUrl');
    return '';
  }

  get #domains() {
    const saved = (this.domainsSaved ?? this.#contextTask.value?.domains) as
      OrganizationDomains | undefined;
    return (
      this.domainDraft ?? {
        domains: saved?.domains ?? [],
        roleIds: saved?.roles.map((r) => r.id) ?? [],
        adding: '',
      }
    );
  }

  #onField(e: Event) {
    const input = e.target as HTMLInputElement;
    this.edits = { ...this.edits, [input.name]: input.value };
  }

  #onSave(e: SubmitEvent) {
    e.preventDefault();
    const fields: Field[] = ['name', 'description', 'logoUrl', 'darkLogoUrl'];
    const bad = fields.find((f) => this.#problem(f));
    if (bad) {
      this.renderRoot.querySelector<HTMLElement>(`#${bad}`)?.focus();
      return;
    }
    this.#saveTask.run(['profile']).catch(() => undefined);
  }

  #draft(change: Partial<{ domains: string[]; roleIds: string[]; adding: string }>) {
    this.domainDraft = { ...this.#domains, ...change };
  }

  #onAddDomain(e: SubmitEvent) {
    e.preventDefault();
    const domain = safeDomain(this.#domains.adding);
    if (!domain) return;
    const domains = [...new Set([...this.#domains.domains, domain])];
    this.#draft({ domains, adding: '' });
  }

  #onDomainRole(e: Event) {
    const box = e.target as HTMLInputElement;
    const ids = new Set(this.#domains.roleIds);
    if (box.checked) ids.add(box.value);
    else ids.delete(box.value);
    this.#draft({ roleIds: [...ids] });
  }

  async #ask(dialog: Dialog) {
    this.dialog = dialog;
    this.confirmName = '';
    await this.updateComplete;
    this.#dialog?.showModal();
  }

  #onDialogClose() {
    this.dialog = undefined;
    if (!this.gone) this.renderRoot.querySelector<HTMLElement>('.danger-zone button')?.focus();
  }

  /** Loads the organization, my permissions and the domain settings again. */
  reload(): void {
    forgetOrganizations();
    this.#contextTask.run();
  }

  #field(field: Field, label: string, type = 'text') {
    const problem = this.#problem(field);
    const attempted = field in this.edits;
    return html`<div class="field">
      <label for=${field}>${label}</label>
      ${
        field === 'description'
          ? html`<textarea
              id=${field}
              name=${field}
              rows="2"
              .value=${this.#value(field)}
              aria-invalid=${attempted && !!problem}
              @input=${this.#onField}
            ></textarea>`
          : html`<input
              id=${field}
              name=${field}
              type=${type}
              inputmode=${type === 'url' ? 'url' : nothing}
              placeholder=${type === 'url' ? 'https://' : nothing}
              .value=${this.#value(field)}
              aria-invalid=${attempted && !!problem}
              aria-describedby=${attempted && problem ? `${field}-error` : nothing}
              @input=${this.#onField}
            />`
      }
      ${
        attempted && problem
          ? html`<span class="err muted" id="${field}-error">${problem}</span>`
          : nothing
      }
    </div>`;
  }

  #renderDomains(saved: OrganizationDomains | OrgApiError, roles: { id: string; name: string }[]) {
    if ('code' in saved) {
      return html`<p class="err">${this.l.error(saved.code)}</p>`;
    }
    const draft = this.#domains;
    const busy = this.#saveTask.status === TaskStatus.PENDING;
    const adding = safeDomain(draft.adding);
    const allowed = !adding || saved.allowAnyDomain || adding === saved.ownDomain;
    const roleNames = roles.filter((r) => draft.roleIds.includes(r.id)).map((r) => this.l.role(r));
    return html`<p class="muted">
        ${
          draft.domains.length
            ? this.l.t('domains.explain', {
                domains: draft.domains.map((d) => `@${d}`).join(', '),
                roles: roleNames.join(', ') || this.l.t('members.noRole'),
              })
            : this.l.t('domains.none')
        }
        ${this.l.t('domains.notAffected')}
      </p>
      <ul class="chips">
        ${draft.domains.map(
          (d) =>
            html`<li class="badge">
              @${d}
              <button
                class="link"
                aria-label=${this.l.t('domains.remove', { domain: d })}
                @click=${() => this.#draft({ domains: draft.domains.filter((x) => x !== d) })}
              >
                ×
              </button>
            </li>`,
        )}
      </ul>
      <form class="row" @submit=${this.#onAddDomain}>
        <label class="sr-only" for="domain">${this.l.t('domains.add')}</label>
        <input
          id="domain"
          class="grow"
          autocomplete="off"
          placeholder=${saved.ownDomain ?? 'example.com'}
          .value=${draft.adding}
          aria-invalid=${!allowed}
          aria-describedby="domain-hint"
          @input=${(e: Event) => this.#draft({ adding: (e.target as HTMLInputElement).value })}
        />
        <button ?disabled=${!adding || !allowed}>${this.l.t('domains.add')}</button>
      </form>
      <p id="domain-hint" class="muted ${allowed ? '' : 'err'}">
        ${
          saved.allowAnyDomain
            ? this.l.t('domains.anyHint')
            : this.l.t('domains.ownHint', { domain: saved.ownDomain ?? '—' })
        }
      </p>
      <fieldset class="row">
        <legend>${this.l.t('domains.roles')}</legend>
        ${roles.map(
          (r) =>
            html`<label class="pick"
              ><input
                type="checkbox"
                value=${r.id}
                .checked=${draft.roleIds.includes(r.id)}
                @change=${this.#onDomainRole}
              />${this.l.role(r)}</label
            >`,
        )}
      </fieldset>
      <div class="actions">
        <button
          class="primary"
          ?disabled=${busy || !this.domainDraft}
          @click=${() => this.#saveTask.run(['domains']).catch(() => undefined)}
        >
          ${this.l.t('common.save')}
        </button>
      </div>`;
  }

  #renderDialog(org: Organization) {
    const dialog = this.dialog;
    if (!dialog) return nothing;
    const busy = this.#saveTask.status === TaskStatus.PENDING;
    const ok = dialog === 'leave' || this.confirmName.trim() === org.name;
    const failed =
      this.#saveTask.status === TaskStatus.ERROR && (this.#saveTask.error as OrgApiError);
    return html`<form
      method="dialog"
      @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        if (ok) this.#saveTask.run([dialog]).catch(() => undefined);
      }}
    >
      <h2 id="dialog-title">
        ${this.l.t(dialog === 'leave' ? 'members.leaveTitle' : 'profile.deleteTitle', {
          name: org.name,
        })}
      </h2>
      <p>${this.l.t(dialog === 'leave' ? 'members.leaveBody' : 'profile.deleteBody')}</p>
      ${
        dialog === 'delete'
          ? html`<div class="field">
              <label for="confirm">${this.l.t('profile.typeName', { name: org.name })}</label>
              <input
                id="confirm"
                autocomplete="off"
                .value=${this.confirmName}
                @input=${(e: Event) => (this.confirmName = (e.target as HTMLInputElement).value)}
              />
            </div>`
          : nothing
      }
      ${failed ? html`<p class="err" role="alert">${this.l.error(failed.code)}</p>` : nothing}
      <div class="actions">
        <button type="button" ?disabled=${busy} @click=${() => this.#dialog?.close()}>
          ${this.l.t('common.cancel')}
        </button>
        <button class="primary danger" ?disabled=${busy || !ok}>
          ${this.l.t(dialog === 'leave' ? 'members.leave' : 'profile.delete')}
        </button>
      </div>
    </form>`;
  }

  #renderBody() {
    const ctx = this.#contextTask.value!;
    const org = ctx.organization;
    const manage = ctx.me.permissions.includes('manage:organization');
    const dark =
      this.getAttribute('theme') === 'dark' ||
      (this.getAttribute('theme') !== 'light' &&
        matchMedia('(prefers-color-scheme: dark)').matches);
    const logo = (dark && org.branding?.darkLogoUrl) || org.branding?.logoUrl;
    const busy = this.#saveTask.status === TaskStatus.PENDING;
    const lastAdmin = ctx.admins === 1;
    const changed = Object.keys(this.edits).length > 0;
    return html`<div class="row head" part="header">
        ${avatarView(org.name, logo, true)}
        <div class="grow who">
          <h2>${org.name}</h2>
          ${org.description ? html`<p class="muted">${org.description}</p>` : nothing}
        </div>
      </div>
      ${
        manage
          ? html`<form part="form" novalidate aria-busy=${busy} @submit=${this.#onSave}>
                <h3>${this.l.t('profile.title')}</h3>
                ${this.#field('name', this.l.t('create.name'))}
                ${this.#field('description', this.l.t('create.description'))}
                ${this.#field('logoUrl', this.l.t('profile.logo'), 'url')}
                ${this.#field('darkLogoUrl', this.l.t('profile.darkLogo'), 'url')}
                <div class="actions">
                  <button class="primary" ?disabled=${busy || !changed}>
                    ${this.l.t('common.save')}
                  </button>
                </div>
              </form>
              <section part="domains" aria-labelledby="domains-title">
                <h3 id="domains-title">${this.l.t('domains.title')}</h3>
                ${
                  ctx.domains
                    ? this.#renderDomains(this.domainsSaved ?? ctx.domains, ctx.roles)
                    : nothing
                }
              </section>`
          : nothing
      }
      <section class="danger-zone" part="danger" aria-labelledby="danger-title">
        <h3 id="danger-title">${this.l.t(manage ? 'profile.danger' : 'members.leave')}</h3>
        <div class="row">
          <button
            class="danger"
            ?disabled=${lastAdmin}
            aria-describedby=${lastAdmin ? 'last-admin' : nothing}
            @click=${() => this.#ask('leave')}
          >
            ${this.l.t('members.leave')}
          </button>
          ${
            manage
              ? html`<button class="danger" @click=${() => this.#ask('delete')}>
                  ${this.l.t('profile.delete')}
                </button>`
              : nothing
          }
        </div>
        ${
          lastAdmin
            ? html`<p class="muted" id="last-admin">${this.l.t('members.lastAdminLeave')}</p>`
            : nothing
        }
      </section>
      <dialog part="dialog" aria-labelledby="dialog-title" @close=${this.#onDialogClose}>
        ${this.#renderDialog(org)}
      </dialog>`;
  }

  override render() {
    const status = html`<p role="status" class="status" tabindex="-1">${this.statusText}</p>`;
    if (!this.organizationId) return html`<p class="muted">${this.l.t('common.missingId')}</p>`;
    if (this.gone) return status;
    if (this.#quiet.on) return quietView;
    const body = this.#contextTask.render({
      pending: () =>
        this.#contextTask.value
          ? this.#renderBody()
          : html`<h2>${this.l.t('profile.title')}</h2>
              ${loadingView(this.l)}`,
      error: (e) => failureView(this.l, e, () => this.reload()),
      complete: (ctx) => (ctx ? this.#renderBody() : nothing),
    });
    return html`${body}${status}`;
  }

  override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('gone') && this.gone) {
      this.renderRoot.querySelector<HTMLElement>('.status')?.focus();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'org-profile': OrgProfile;
  }
}
