import { Task, TaskStatus } from '@lit/task';
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { InvitationStatus, InvitationView, MyOrganization } from 'logto-org-widget-contract';
import { createApi, type OrgApiError } from '../internal/api.js';
import { clearTokens, resolveConfig, SetupWatch, type GetAccessToken } from '../internal/config.js';
import { emit, reportError, type SignInRequestedDetail } from '../internal/events.js';
import { strings } from '../internal/i18n/org-invitation.js';
import { addStrings, Localizer } from '../internal/localize.js';
import { sharedStyles } from '../internal/styles.js';
import { avatarView, failureView, loadingView, QuietStart, quietView } from '../internal/views.js';
import { spinnerStyles } from '../org-create/org-create.styles.js';
import { styles } from './org-invitation.styles.js';

addStrings(strings);

/** Codes that mean "nobody (valid) is signed in". */
const SIGNED_OUT = new Set(['auth.token_failed', 'auth.missing_token', 'auth.invalid_token']);

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/**
 * The invitee's landing page for one invitation: which organization, who invited them, with which
 * roles and until when, and an "Accept" button. Explains in words when the user must sign in, is
 * signed in with another account, or when the invitation is expired, withdrawn, already accepted
 * or unknown.
 *
 * @summary Shows an invitation to an organization and accepts it.
 *
 * @fires org-invitation-accepted - The user joined. Detail: `{ invitationId, organization }`.
 * @fires org-selected - The user chose "Open <organization>" after joining (or on an invitation already accepted). Detail: `{ organizationId, organization }`.
 * @fires org-sign-in-requested - The user must sign in or switch account; fired when no `signIn` callback is set. Detail: `{ invitationId, reason: 'signed-out' | 'wrong-user' }`.
 * @fires org-error - Accepting failed. Detail: `{ code, status, action: 'accept-invitation' }`.
 *
 * @csspart card - The invitation details.
 * @csspart accept - The accept button.
 * @csspart open - The "Open <organization>" button after joining.
 * @csspart sign-in - The "Sign in" / "Switch account" button.
 *
 * @cssproperty --org-color-primary - Accent color (buttons, focus).
 * @cssproperty --org-color-surface - Background.
 * @cssproperty --org-color-text - Text color.
 * @cssproperty --org-color-danger - Errors.
 * @cssproperty --org-radius - Corner radius.
 */
@customElement('org-invitation')
export class OrgInvitation extends LitElement {
  static override styles = [sharedStyles, spinnerStyles, styles];
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  private readonly l = new Localizer(this);
  readonly #setup: SetupWatch = new SetupWatch(
    this,
    () => this.#viewTask.error ?? this.acceptError,
    () => (this.acceptError = undefined),
  );

  readonly #quiet = new QuietStart(this, () => [this.#viewTask]);
  readonly #viewTask = new Task(this, {
    args: () =>
      [
        this.invitationId,
        this.signedOut,
        this.apiBase,
        this.getAccessToken,
        this.#setup.version,
      ] as const,
    task: async ([id, signedOut], { signal }) =>
      id && !signedOut ? createApi(resolveConfig(this)).invitation(id, signal) : undefined,
  });

  readonly #acceptTask = new Task(this, {
    autoRun: false,
    task: async ([id]: readonly [string], { signal }) => {
      let organization: MyOrganization;
      try {
        ({ organization } = await createApi(resolveConfig(this)).acceptInvitation(id, signal));
      } catch (error) {
        throw (this.acceptError = reportError(this, error, 'accept-invitation'));
      }
      await clearTokens();
      this.joined = organization;
      this.statusText = this.l.t('invitation.accepted', { name: organization.name });
      emit(this, 'org-invitation-accepted', { invitationId: id, organization });
      // The Accept button is gone: focus moves to "Open <organization>".
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part=open]')?.focus();
      return organization;
    },
  });

  @state() private joined?: MyOrganization;
  /** The last accept failure; cleared when the invitation, sign-in or configuration changes. */
  @state() private acceptError?: OrgApiError;
  @state() private statusText = '';

  /** The invitation to show (the `id` of the invitation link). */
  @property({ attribute: 'invitation-id' }) invitationId = '';
  /** Base URL of the companion API; overrides `configure({ apiBase })`. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** The host knows nobody is signed in: show "Sign in to accept" without calling the API. */
  @property({ type: Boolean, attribute: 'signed-out' }) signedOut = false;
  /**
   * The signed-in user's email, to say who is signed in when the invitation is for someone else;
   * used when the server's answer does not name the account (`invitation.wrong_user` `data.email`).
   */
  @property({ attribute: 'user-email' }) userEmail = '';
  /** Token function; overrides `configure()`. Property only. */
  @property({ attribute: false }) getAccessToken?: GetAccessToken;
  /** Called instead of firing `org-sign-in-requested`. Property only. */
  @property({ attribute: false }) signIn?: (detail: SignInRequestedDetail) => unknown;

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const inputs = ['invitationId', 'signedOut', 'apiBase', 'getAccessToken'] as const;
    if (inputs.some((key) => changed.has(key) && changed.get(key) !== undefined)) {
      this.acceptError = undefined;
      if (changed.has('invitationId')) {
        this.joined = undefined;
        this.statusText = '';
      }
    }
  }

  #onAccept() {
    if (this.#acceptTask.status !== TaskStatus.PENDING) {
      this.acceptError = undefined;
      void this.#acceptTask.run([this.invitationId]);
    }
  }

  async #requestSignIn(reason: SignInRequestedDetail['reason']) {
    const detail = { invitationId: this.invitationId, reason };
    if (!this.signIn) {
      emit(this, 'org-sign-in-requested', detail);
      return;
    }
    try {
      await this.signIn(detail);
    } catch (error) {
      reportError(this, error, 'sign-in');
    }
  }

  /** Loads the invitation again, e.g. after the user signed in without a page load. */
  reload(): void {
    this.acceptError = undefined;
    void this.#viewTask.run();
  }

  /** A failure that may replace the whole view: from accepting first, else from loading. */
  get #failure(): OrgApiError | undefined {
    if (this.acceptError) return this.acceptError;
    if (this.#viewTask.status === TaskStatus.ERROR) return this.#viewTask.error as OrgApiError;
    return undefined;
  }

  #message(title: string, body: string, action?: ReturnType<typeof html>) {
    return html`<div part="card" class="card">
      <h2>${title}</h2>
      <p>${body}</p>
      ${action ?? nothing}
    </div>`;
  }

  #renderSignIn(reason: SignInRequestedDetail['reason'], label: string) {
    return html`<div class="actions">
      <button class="primary" part="sign-in" @click=${() => this.#requestSignIn(reason)}>
        ${label}
      </button>
    </div>`;
  }

  #renderWrongUser(error: OrgApiError) {
    const invitee = text(error.data?.invitee) ?? this.#viewTask.value?.invitation.invitee;
    // The server names the account the call was made with; the host's `userEmail` is the fallback.
    const email = text(error.data?.email) ?? this.userEmail;
    const body = invitee
      ? this.l.t(email ? 'invitation.wrongUser' : 'invitation.wrongUserInvitee', { invitee, email })
      : email
        ? this.l.t('invitation.wrongUserEmail', { email })
        : this.l.t('invitation.wrongUserAny');
    return this.#message(
      this.l.t('invitation.wrongUserTitle'),
      body,
      this.#renderSignIn('wrong-user', this.l.t('invitation.switchAccount')),
    );
  }

  /** "Open Acme": fires `org-selected`, for the host to switch to the organization. */
  #renderOpen(organization: MyOrganization) {
    return html`<div class="actions">
      <button
        class="primary"
        part="open"
        @click=${() =>
          emit(this, 'org-selected', { organizationId: organization.id, organization })}
      >
        ${this.l.t('invitation.open', { name: organization.name })}
      </button>
    </div>`;
  }

  #renderDetails({ invitation, organization, inviter }: InvitationView) {
    const busy = this.#acceptTask.status === TaskStatus.PENDING;
    const failed = this.acceptError;
    // Accepting can discover a status the page did not know yet (expired, revoked meanwhile).
    const lateStatus = failed?.code === 'invitation.not_pending' && text(failed.data?.status);
    const status = (lateStatus || invitation.status) as InvitationStatus;
    const from = inviter?.name || inviter?.email;
    const expires = new Date(invitation.expiresAt).toISOString();
    // "Join Acme" only while it can still be accepted.
    const title = this.l.t(status === 'Pending' ? 'invitation.title' : 'invitation.titleDone', {
      name: organization.name,
    });
    return html`<div part="card" class="card" aria-busy=${busy}>
      <div class="title">
        ${avatarView(organization.name, organization.branding?.logoUrl, true)}
        <h2>${title}</h2>
      </div>
      ${organization.description ? html`<p class="muted">${organization.description}</p>` : nothing}
      <p>
        ${from ? this.l.t('invitation.invitedBy', { name: from }) : this.l.t('invitation.invited')}
      </p>
      <dl>
        ${
          invitation.roles.length
            ? html`<dt>${this.l.t('invitation.roles')}</dt>
                <dd>
                  ${invitation.roles.map((r) => html`<span class="badge">${this.l.role(r)}</span>`)}
                </dd>`
            : nothing
        }
      </dl>
      ${
        status === 'Pending'
          ? html`<p class="muted">
              <time datetime=${expires}>
                ${this.l.t('invitation.expires', { date: this.l.date(invitation.expiresAt) })}
                (${this.l.relative(invitation.expiresAt)})
              </time>
            </p>`
          : nothing
      }
      ${
        status === 'Pending'
          ? html`${
                failed
                  ? html`<p class="err" role="alert">${this.l.error(failed.code)}</p>`
                  : nothing
              }
              <div class="actions">
                <button class="primary" part="accept" ?disabled=${busy} @click=${this.#onAccept}>
                  ${busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}
                  ${this.l.t(busy ? 'invitation.accepting' : 'invitation.accept')}
                </button>
              </div>`
          : html`<p class="notice" role=${lateStatus ? 'alert' : nothing}>
                ${this.l.t(`invitation.status.${status as Exclude<InvitationStatus, 'Pending'>}`)}
              </p>
              ${
                status === 'Accepted'
                  ? this.#renderOpen({ ...organization, createdAt: 0, roles: invitation.roles })
                  : nothing
              }`
      }
    </div>`;
  }

  #renderBody() {
    if (!this.invitationId) return html`<p class="muted">${this.l.t('invitation.missingId')}</p>`;
    const signInTitle = this.l.t('invitation.signInTitle');
    const signIn = () =>
      this.#message(
        signInTitle,
        this.l.t('invitation.signInBody'),
        this.#renderSignIn('signed-out', this.l.t('invitation.signIn')),
      );
    if (this.signedOut) return signIn();
    if (this.joined) {
      return html`<div part="card" class="card">
        <h2>${this.joined.name}</h2>
        ${this.#renderOpen(this.joined)}
      </div>`;
    }
    const failure = this.#failure;
    if (failure && SIGNED_OUT.has(failure.code)) return signIn();
    if (failure?.code === 'invitation.wrong_user') return this.#renderWrongUser(failure);
    if (failure?.code === 'invitation.not_found') {
      return html`<p class="center err" role="alert">${this.l.t('invitation.notFound')}</p>`;
    }
    return this.#viewTask.render({
      pending: () =>
        this.#quiet.on
          ? quietView
          : this.#viewTask.value
            ? this.#renderDetails(this.#viewTask.value)
            : loadingView(this.l),
      error: (error) => failureView(this.l, error, () => this.#viewTask.run()),
      complete: (view) => (view ? this.#renderDetails(view) : nothing),
    });
  }

  override render() {
    return html`${this.#renderBody()}
      <p role="status" class="status">${this.statusText}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'org-invitation': OrgInvitation;
  }
}
