import { Task, TaskStatus } from '@lit/task';
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { MyOrganization } from 'logto-org-widget-contract';
import { createApi, type OrgApiError } from '../internal/api.js';
import { clearTokens, resolveConfig, SetupWatch, type GetAccessToken } from '../internal/config.js';
import { emit, reportError } from '../internal/events.js';
import { strings } from '../internal/i18n/org-create.js';
import { addStrings, Localizer } from '../internal/localize.js';
import { sharedStyles } from '../internal/styles.js';
import { spinnerStyles, styles } from './org-create.styles.js';

addStrings(strings);

/** Limits of the companion API (`POST /organizations`), checked before sending. */
export const NAME_MAX = 128;
export const DESCRIPTION_MAX = 256;

type Field = 'name' | 'description';

/**
 * A form that creates an organization; the signed-in user becomes its admin.
 *
 * @summary Creates an organization (name and optional description).
 *
 * @fires org-created - The organization was created. Detail: `{ organization }`.
 * @fires org-selected - With `switch-on-create`, right after `org-created`. Detail: `{ organizationId, organization }`.
 * @fires org-error - Creating failed. Detail: `{ code, status, action: 'create-organization' }`.
 *
 * @csspart form - The form.
 * @csspart submit - The submit button.
 * @csspart error - The error message of a failed request.
 *
 * @cssproperty --org-color-primary - Accent color (button, focus).
 * @cssproperty --org-color-surface - Background.
 * @cssproperty --org-color-text - Text color.
 * @cssproperty --org-color-danger - Validation and request errors.
 * @cssproperty --org-radius - Corner radius.
 */
@customElement('org-create')
export class OrgCreate extends LitElement {
  static override styles = [sharedStyles, spinnerStyles, styles];
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  private readonly l = new Localizer(this);
  /** The setup version of the last failure: shown until the page's setup or sign-in changes. */
  #failedAt = -1;
  readonly #setup: SetupWatch = new SetupWatch(this, () =>
    this.#failedAt === this.#setup.version ? this.#createTask.error : undefined,
  );

  readonly #createTask = new Task(this, {
    autoRun: false,
    task: async ([body]: readonly [{ name: string; description?: string }], { signal }) => {
      let organization: MyOrganization;
      try {
        ({ organization } = await createApi(resolveConfig(this)).createOrganization(body, signal));
      } catch (error) {
        this.#failedAt = this.#setup.version;
        throw reportError(this, error, 'create-organization');
      }
      await clearTokens();
      this.name = '';
      this.description = '';
      this.checked = false;
      this.statusText = this.l.t('create.created', { name: organization.name });
      emit(this, 'org-created', { organization });
      if (this.switchOnCreate) {
        emit(this, 'org-selected', { organizationId: organization.id, organization });
      }
      return organization;
    },
  });

  @state() private name = '';
  @state() private description = '';
  /** Validation messages show after the first submit attempt, then update as the user types. */
  @state() private checked = false;
  @state() private statusText = '';

  /** Base URL of the companion API; overrides `configure({ apiBase })`. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** Also fire `org-selected` for the new organization, as if the user had switched to it. */
  @property({ type: Boolean, attribute: 'switch-on-create' }) switchOnCreate = false;
  /** Token function; overrides `configure()`. Property only. */
  @property({ attribute: false }) getAccessToken?: GetAccessToken;

  #problems(): Partial<Record<Field, string>> {
    const name = this.name.trim();
    const description = this.description.trim();
    const tooLong = (count: number, max: number) => this.l.t('create.tooLong', { max, count });
    return {
      ...(!name
        ? { name: this.l.t('create.nameRequired') }
        : name.length > NAME_MAX
          ? { name: tooLong(name.length, NAME_MAX) }
          : {}),
      ...(description.length > DESCRIPTION_MAX
        ? { description: tooLong(description.length, DESCRIPTION_MAX) }
        : {}),
    };
  }

  #onInput(e: Event) {
    const field = e.target as HTMLInputElement | HTMLTextAreaElement;
    this[field.name as Field] = field.value;
  }

  async #onSubmit(e: SubmitEvent) {
    e.preventDefault();
    if (this.#createTask.status === TaskStatus.PENDING) return;
    this.checked = true;
    this.statusText = '';
    const problems = this.#problems();
    if (problems.name || problems.description) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
      return;
    }
    const description = this.description.trim();
    const body = { name: this.name.trim(), ...(description ? { description } : {}) };
    await this.#createTask.run([body]);
    const ok = this.#createTask.status === TaskStatus.COMPLETE;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(ok ? '#name' : '[type=submit]')?.focus();
  }

  #renderField(field: Field, problem: string | undefined) {
    const invalid = problem ? 'true' : 'false';
    const describedBy = problem ? `${field}-error` : nothing;
    return html`<div class="field">
      <label for=${field}
        >${this.l.t(field === 'name' ? 'create.name' : 'create.description')}</label
      >
      ${
        field === 'name'
          ? html`<input
              id="name"
              name="name"
              autocomplete="organization"
              required
              .value=${this.name}
              aria-invalid=${invalid}
              aria-describedby=${describedBy}
              @input=${this.#onInput}
            />`
          : html`<textarea
              id="description"
              name="description"
              rows="2"
              .value=${this.description}
              aria-invalid=${invalid}
              aria-describedby=${describedBy}
              @input=${this.#onInput}
            ></textarea>`
      }
      ${problem ? html`<span id="${field}-error" class="err muted">${problem}</span>` : nothing}
    </div>`;
  }

  override render() {
    const busy = this.#createTask.status === TaskStatus.PENDING;
    const failed =
      this.#failedAt === this.#setup.version && this.#createTask.status === TaskStatus.ERROR
        ? (this.#createTask.error as OrgApiError)
        : undefined;
    const problems = this.checked ? this.#problems() : {};
    return html`<form part="form" novalidate aria-busy=${busy} @submit=${this.#onSubmit}>
        <h2>${this.l.t('create.title')}</h2>
        ${this.#renderField('name', problems.name)}
        ${this.#renderField('description', problems.description)}
        ${
          failed
            ? html`<p class="err" part="error" role="alert">${this.l.error(failed.code)}</p>`
            : nothing
        }
        <div class="actions">
          <button type="submit" class="primary" part="submit" ?disabled=${busy}>
            ${busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}
            ${this.l.t(busy ? 'create.creating' : 'create.submit')}
          </button>
        </div>
      </form>
      <p role="status" class="status">${this.statusText}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'org-create': OrgCreate;
  }
}
