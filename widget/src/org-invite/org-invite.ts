import { Task, TaskStatus } from '@lit/task';
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type {
  Invitation,
  InvitationResult,
  LiveEvent,
  OrganizationRole,
} from 'logto-org-widget-contract';
import {
  adminRoleName,
  createApi,
  forgetOrganizations,
  loadOrganization,
  type OrgApiError,
} from '../internal/api.js';
import { resolveConfig, SetupWatch, type GetAccessToken } from '../internal/config.js';
import { emit, membershipLost, reportError } from '../internal/events.js';
import { strings } from '../internal/i18n/org-invite.js';
import { LiveController } from '../internal/live.js';
import { addStrings, Localizer } from '../internal/localize.js';
import { sharedStyles } from '../internal/styles.js';
import { failureView, loadingView, QuietStart, quietView } from '../internal/views.js';
import { styles } from './org-invite.styles.js';

addStrings(strings);

/** Most addresses one request may carry (the server's limit). */
export const MAX_EMAILS = 20;
const EXPIRY_DAYS = [1, 7, 14, 30];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Splits pasted text on commas, semicolons, spaces and new lines; trims, lower-cases A–Z only
 * (never another character: "\u212A" stays, it is not "k"), dedupes.
 */
export function parseEmails(text: string): { valid: string[]; invalid: string[] } {
  const all = [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((e) => e.replace(/^<|>$/g, '').replace(/[A-Z]+/g, (upper) => upper.toLowerCase()))
        .filter(Boolean),
    ),
  ];
  return { valid: all.filter((e) => EMAIL.test(e)), invalid: all.filter((e) => !EMAIL.test(e)) };
}

/** Pending unless the server says otherwise or the expiry has passed. */
const shownStatus = (inv: Invitation, now: number) =>
  inv.status === 'Pending' && inv.expiresAt <= now ? 'Expired' : inv.status;

/**
 * Invite people to an organization by email, several at once, with a role and an expiry; see and
 * manage pending invitations (resend, revoke, copy link). Shown only with `invite:member`.
 *
 * @summary Invites members and manages pending invitations.
 *
 * @fires org-invitations-sent - Invitations were created. Detail: `{ organizationId, results }` (one result per email).
 * @fires org-invitation-resent - An invitation was sent again. Detail: `{ organizationId, delivery, invitation }`.
 * @fires org-invitation-revoked - An invitation was revoked. Detail: `{ organizationId, invitationId }`.
 * @fires org-error - A user action failed. Detail: `{ code, status, action }`.
 *
 * @attr {"off"} live - `off`: no live updates (changes made elsewhere show after a reload only).
 *
 * @csspart form - The invitation form.
 * @csspart results - The per-email results of the last submission.
 * @csspart pending - The table of pending invitations.
 * @csspart dialog - The revoke confirmation dialog.
 *
 * @cssproperty --org-color-primary - Accent color (buttons, focus, badges).
 * @cssproperty --org-color-surface - Background.
 * @cssproperty --org-color-text - Text color.
 * @cssproperty --org-color-danger - Destructive actions and errors.
 * @cssproperty --org-radius - Corner radius.
 */
@customElement('org-invite')
export class OrgInvite extends LitElement {
  static override styles = [sharedStyles, styles];
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  private readonly l = new Localizer(this);
  #opener: HTMLElement | null = null;
  private readonly live = new LiveController(this, ['invitations', 'roles'], (e, announce) =>
    this.#onLive(e, announce),
  );
  readonly #setup: SetupWatch = new SetupWatch(
    this,
    () => this.#contextTask.error ?? this.#listTask.error,
  );

  readonly #quiet = new QuietStart(this, () => [this.#contextTask, this.#listTask]);
  readonly #contextTask = new Task(this, {
    args: () =>
      [this.organizationId, this.apiBase, this.getAccessToken, this.#setup.version] as const,
    task: async ([orgId], { signal }) => {
      if (!orgId) return undefined;
      return loadOrganization(this.#api(), orgId, signal).catch((error: unknown) => {
        membershipLost(this, error, orgId);
        throw error;
      });
    },
  });

  readonly #listTask = new Task(this, {
    args: () => [this.organizationId, this.#allowed, this.version] as const,
    task: async ([orgId, allowed], { signal }) => {
      if (!allowed) return undefined;
      const { items } = await this.#api().invitations(orgId, undefined, signal);
      // The invitation of the open revoke dialog was accepted or revoked elsewhere: say so there.
      const open = this.revoking;
      if (open && !items.some((i) => i.id === open.id && i.status === 'Pending')) {
        this.revokeError = 'invitation.not_pending';
      }
      return items;
    },
  });

  readonly #inviteTask = new Task(this, {
    autoRun: false,
    task: async (
      [emails, invalid, roleId, days]: readonly [string[], string[], string, number],
      { signal },
    ) => {
      const organizationId = this.organizationId;
      this.#announce('');
      try {
        const sent = await this.#api().invite(
          organizationId,
          { emails, roleIds: [roleId], expiresInDays: days },
          signal,
        );
        // Addresses that are not valid were not sent: listed as not invited, with the reason.
        const results: InvitationResult[] = [
          ...sent.results,
          ...invalid.map((email) => ({
            email,
            status: 'failed' as const,
            error: { code: 'invitation.invalid_email' as const, message: '' },
          })),
        ];
        const ok = results.filter((r) => r.status !== 'failed').length;
        this.results = results;
        this.text = results
          .filter((r) => r.status === 'failed')
          .map((r) => r.email)
          .join('\n');
        this.version++;
        this.#announce(this.l.plural('invite.summary', results.length, { ok }));
        emit(this, 'org-invitations-sent', { organizationId, results: sent.results });
        // Focus moves to the results (never to the page).
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('#results-title')?.focus();
      } catch (error) {
        throw reportError(this, error, 'invite');
      }
    },
  });

  readonly #rowTask = new Task(this, {
    autoRun: false,
    task: async ([action, inv]: readonly ['resend' | 'revoke', Invitation], { signal }) => {
      const organizationId = this.organizationId;
      const api = this.#api();
      try {
        if (action === 'resend') {
          const { delivery, invitation } = await api.resendInvitation(
            organizationId,
            inv.id,
            signal,
          );
          emit(this, 'org-invitation-resent', { organizationId, delivery, invitation });
          this.#announce(
            this.l.t(delivery === 'sent' ? 'invite.resent' : 'invite.resentLink', {
              email: inv.invitee,
            }),
          );
          // Focus stays on this invitation's Resend button once the list is drawn again.
          this.#refocus = this.l.t('invite.resendTo', { email: inv.invitee });
        } else {
          await api.revokeInvitation(organizationId, inv.id, signal);
          emit(this, 'org-invitation-revoked', { organizationId, invitationId: inv.id });
          this.#announce(this.l.t('invite.revoked', { email: inv.invitee }));
          // The row goes away with the reload: return focus to the list's heading.
          this.#opener = this.renderRoot.querySelector<HTMLElement>('#pending-title');
          this.#closeDialog();
        }
        this.version++;
      } catch (error) {
        const err = reportError(this, error, `${action}-invitation`);
        if (action === 'resend') this.#announce(this.l.error(err.code), true);
        else this.revokeError = err.code;
        throw err;
      }
    },
  });

  // Elements of the shadow root (queried on use).
  get #dialog() {
    return this.renderRoot.querySelector<HTMLDialogElement>('dialog');
  }

  get #textarea() {
    return this.renderRoot.querySelector<HTMLTextAreaElement>('#emails');
  }

  #noticeTimer: ReturnType<typeof setTimeout> | undefined;
  /** The label of the button to focus after the next reload of the list. */
  #refocus = '';

  @state() private text = '';
  @state() private problem = '';
  @state() private results: InvitationResult[] = [];
  @state() private version = 0;
  @state() private notice = { text: '', error: false };
  @state() private revoking?: Invitation;
  @state() private revokeError = '';

  /** The organization to invite people to. */
  @property({ attribute: 'organization-id' }) organizationId = '';
  /** Base URL of the companion API; overrides `configure({ apiBase })`. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** Default expiry of new invitations, in days (1, 7, 14 or 30). */
  @property({ type: Number, attribute: 'expires-in-days' }) expiresInDays = 7;
  /** Token function; overrides `configure()`. Property only. */
  @property({ attribute: false }) getAccessToken?: GetAccessToken;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#noticeTimer);
  }

  override updated(): void {
    if (this.#refocus && this.#listTask.status === TaskStatus.COMPLETE) {
      const label = this.#refocus;
      this.#refocus = '';
      const again = [...this.renderRoot.querySelectorAll('button')].find(
        (b) => b.getAttribute('aria-label') === label,
      );
      (again ?? this.renderRoot.querySelector<HTMLElement>('#pending-title'))?.focus();
    }
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('organizationId')) {
      this.results = [];
      this.notice = { text: '', error: false };
    }
  }

  get #allowed() {
    return !!this.#contextTask.value?.me.permissions.includes('invite:member');
  }

  #api() {
    return createApi(resolveConfig(this));
  }

  /** Shows a result; it clears after a while (errors stay until the next action). */
  #announce(text: string, error = false) {
    this.notice = { text, error };
    clearTimeout(this.#noticeTimer);
    if (text && !error) {
      this.#noticeTimer = setTimeout(() => (this.notice = { text: '', error: false }), 8000);
    }
  }

  #onInput(e: Event) {
    this.text = (e.target as HTMLTextAreaElement).value;
    this.problem = '';
  }

  #onSubmit(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const { valid, invalid } = parseEmails(this.text);
    // Invalid addresses block only when nothing valid is left to send.
    this.problem = !valid.length
      ? invalid.length
        ? this.l.t('invite.invalid', { list: invalid.join(', ') })
        : this.l.t('invite.noEmails')
      : valid.length > MAX_EMAILS
        ? this.l.t('invite.tooMany', { max: MAX_EMAILS, count: valid.length })
        : '';
    if (this.problem) {
      this.#textarea?.focus();
      return;
    }
    // Every invitation carries a role (the form offers no "no role"; without one it cannot send).
    const role = (form.elements.namedItem('role') as HTMLSelectElement | null)?.value;
    if (!role) return;
    const days = Number((form.elements.namedItem('expiry') as HTMLSelectElement).value);
    this.#inviteTask.run([valid, invalid, role, days]).catch(() => undefined);
  }

  async #copy(link: string) {
    try {
      await navigator.clipboard.writeText(link);
      this.#announce(this.l.t('common.copied'));
    } catch {
      this.#announce(this.l.t('common.copyFailed'), true);
    }
  }

  async #askRevoke(e: Event, inv: Invitation) {
    this.#opener = e.currentTarget as HTMLElement;
    this.revoking = inv;
    this.revokeError = '';
    await this.updateComplete;
    if (!this.#dialog?.open) this.#dialog?.showModal();
  }

  #closeDialog() {
    this.#dialog?.close();
  }

  #onDialogClose() {
    this.revoking = undefined;
    const opener = this.#opener;
    this.#opener = null;
    if (opener?.isConnected) opener.focus();
    else this.#textarea?.focus();
  }

  #onDialogCancel(e: Event) {
    if (this.#rowTask.status === TaskStatus.PENDING) e.preventDefault();
  }

  #onRevoke(e: SubmitEvent) {
    e.preventDefault();
    this.#rowTask.run(['revoke', this.revoking!]).catch(() => undefined);
  }

  /** A change made elsewhere: fetch the list again in place, keeping the form and the dialog. */
  #onLive(event: LiveEvent | undefined, announce: boolean) {
    if (event?.type !== 'invitations') this.#contextTask.run();
    this.version++;
    if (announce && this.#allowed) this.#announce(this.l.t('live.invitations'));
  }

  /** Reloads permissions, roles and the pending invitations. */
  reload(): void {
    forgetOrganizations();
    this.#contextTask.run();
    this.version++;
  }

  #renderForm(roles: OrganizationRole[], mine: Set<string>, admin: string) {
    const busy = this.#inviteTask.status === TaskStatus.PENDING;
    const { valid } = parseEmails(this.text);
    const grantable = roles.filter((r) => r.permissions.every((p) => mine.has(p)));
    // Preselected: `member`, else the first role I may grant other than the admin role.
    const preferred =
      grantable.find((r) => r.name === 'member') ??
      grantable.find((r) => r.name !== admin) ??
      grantable[0];
    const failed =
      this.#inviteTask.status === TaskStatus.ERROR ? (this.#inviteTask.error as OrgApiError) : null;
    return html`<form part="form" @submit=${this.#onSubmit} aria-busy=${busy} novalidate>
      <h2>${this.l.t('invite.title')}</h2>
      <div class="field">
        <label for="emails">${this.l.t('invite.emails')}</label>
        <textarea
          id="emails"
          rows="3"
          autocomplete="off"
          spellcheck="false"
          placeholder="ann@example.com, bo@example.com"
          .value=${this.text}
          aria-invalid=${!!this.problem}
          aria-describedby="emails-hint${this.problem ? ' emails-error' : ''}"
          @input=${this.#onInput}
        ></textarea>
        <span id="emails-hint" class="muted">
          ${this.l.t('invite.emailsHint', { max: MAX_EMAILS })}
          ${valid.length ? html`· ${this.l.plural('invite.count', valid.length)}` : nothing}
        </span>
        ${this.problem ? html`<span id="emails-error" class="err">${this.problem}</span>` : nothing}
      </div>
      <div class="row">
        ${
          preferred
            ? html`<div class="field">
                <label for="role">${this.l.t('members.role')}</label>
                <select id="role" name="role">
                  ${roles.map(
                    (r) =>
                      html`<option
                        value=${r.id}
                        ?selected=${r === preferred}
                        ?disabled=${!grantable.includes(r)}
                      >
                        ${this.l.role(r)}
                      </option>`,
                  )}
                </select>
              </div>`
            : html`<p id="no-role" class="err">${this.l.t('invite.noRole')}</p>`
        }
        <div class="field">
          <label for="expiry">${this.l.t('invite.expiry')}</label>
          <select id="expiry" name="expiry">
            ${EXPIRY_DAYS.map(
              (d) =>
                html`<option value=${d} ?selected=${d === this.expiresInDays}>
                  ${this.l.plural('invite.days', d)}
                </option>`,
            )}
          </select>
        </div>
      </div>
      ${failed ? html`<p class="err" role="alert">${this.l.error(failed.code)}</p>` : nothing}
      <button class="primary" ?disabled=${busy || !preferred}>
        ${this.l.t(busy ? 'invite.sending' : 'invite.submit')}
      </button>
    </form>`;
  }

  #renderResults() {
    if (!this.results.length) return nothing;
    return html`<section part="results" class="results">
      <h3 id="results-title" tabindex="-1">${this.l.t('invite.results')}</h3>
      <ul class="list">
        ${this.results.map(
          (r) =>
            html`<li>
              <span class="grow email">${r.email}</span>
              ${
                r.status === 'failed'
                  ? html`<span class="badge bad">${this.l.t('invite.failed')}</span>
                      <span class="err">${this.l.error(r.error.code)}</span>`
                  : html`<span class="badge ${r.status === 'sent' ? 'good' : 'accent'}">
                        ${this.l.t(r.status === 'sent' ? 'invite.sent' : 'invite.link')}
                      </span>
                      ${
                        r.status === 'link'
                          ? html`<input
                                class="link"
                                readonly
                                aria-label=${r.email}
                                .value=${r.invitation.link}
                              />
                              <button
                                aria-label=${this.l.t('invite.copyFor', { email: r.email })}
                                @click=${() => this.#copy(r.invitation.link)}
                              >
                                ${this.l.t('common.copy')}
                              </button>`
                          : nothing
                      }`
              }
            </li>`,
        )}
      </ul>
    </section>`;
  }

  #renderPending() {
    const now = Date.now();
    const busy = this.#rowTask.status === TaskStatus.PENDING;
    const me = this.#contextTask.value?.me.id;
    // While reloading, the previous list stays (marked busy) so focus and position are kept.
    const list = (items: Invitation[] = []) => {
      const reloading = this.#listTask.status === TaskStatus.PENDING;
      const open = items.filter((i) => ['Pending', 'Expired'].includes(shownStatus(i, now)));
      if (!open.length) {
        return html`<p class="muted" aria-busy=${reloading}>${this.l.t('invite.noPending')}</p>`;
      }
      return html`<div>
        <table part="pending" aria-busy=${reloading}>
          <thead>
            <tr>
              <th scope="col">${this.l.t('invite.invitee')}</th>
              <th scope="col">${this.l.t('invite.roles')}</th>
              <th scope="col">${this.l.t('invite.status')}</th>
              <th scope="col">${this.l.t('invite.expires')}</th>
              <th scope="col"><span class="sr-only">${this.l.t('invite.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            ${open.map((inv) => {
              const status = shownStatus(inv, now);
              const email = inv.invitee;
              const inviter = inv.inviter?.name || inv.inviter?.email;
              return html`<tr>
                <td class="email">
                  ${email}
                  <div class="muted">
                    ${this.l.t('invite.sentOn', { date: this.l.date(inv.createdAt) })}
                    ${
                      inv.inviterId && inv.inviterId === me
                        ? this.l.t('invite.byYou')
                        : inviter
                          ? this.l.t('invite.by', { name: inviter })
                          : nothing
                    }
                  </div>
                </td>
                <td>${inv.roles.map((r) => this.l.role(r)).join(', ')}</td>
                <td>
                  <span class="badge ${status === 'Pending' ? 'accent' : 'bad'}">
                    ${this.l.t(status === 'Pending' ? 'invite.status.Pending' : 'invite.status.Expired')}
                  </span>
                </td>
                <td>
                  <time
                    datetime=${new Date(inv.expiresAt).toISOString()}
                    title=${this.l.date(inv.expiresAt, { dateStyle: 'medium', timeStyle: 'short' })}
                  >
                    ${this.l.relative(inv.expiresAt, now)}
                  </time>
                </td>
                <td>
                  <div class="row end">
                    ${
                      status === 'Pending'
                        ? html`<button
                            class="link"
                            aria-label=${this.l.t('invite.copyFor', { email })}
                            @click=${() => this.#copy(inv.link)}
                          >
                            ${this.l.t('common.copy')}
                          </button>`
                        : nothing
                    }
                    <button
                      ?disabled=${busy}
                      aria-label=${this.l.t('invite.resendTo', { email })}
                      @click=${() => this.#rowTask.run(['resend', inv]).catch(() => undefined)}
                    >
                      ${this.l.t('invite.resend')}
                    </button>
                    ${
                      status === 'Pending'
                        ? html`<button
                            class="danger"
                            ?disabled=${busy}
                            aria-label=${this.l.t('invite.revokeTo', { email })}
                            @click=${(e: Event) => this.#askRevoke(e, inv)}
                          >
                            ${this.l.t('invite.revoke')}
                          </button>`
                        : nothing
                    }
                  </div>
                </td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>`;
    };
    return this.#listTask.render({
      pending: () => (this.#listTask.value ? list(this.#listTask.value) : loadingView(this.l)),
      error: (e) => failureView(this.l, e, () => this.#listTask.run()),
      complete: list,
    });
  }

  #renderDialog() {
    const inv = this.revoking;
    if (!inv) return nothing;
    const busy = this.#rowTask.status === TaskStatus.PENDING;
    const failed = this.revokeError;
    return html`<form @submit=${this.#onRevoke} aria-busy=${busy}>
      <h2 id="dialog-title">${this.l.t('invite.revokeTitle', { email: inv.invitee })}</h2>
      <p>${this.l.t('invite.revokeBody')}</p>
      ${failed ? html`<p class="err" role="alert">${this.l.error(failed)}</p>` : nothing}
      <div class="actions">
        <button type="button" ?disabled=${busy} @click=${this.#closeDialog}>
          ${this.l.t('common.cancel')}
        </button>
        <button class="primary danger" ?disabled=${busy || failed === 'invitation.not_pending'}>
          ${this.l.t('invite.revoke')}
        </button>
      </div>
    </form>`;
  }

  override render() {
    if (!this.organizationId) return html`<p class="muted">${this.l.t('common.missingId')}</p>`;
    if (this.#quiet.on) return quietView;
    const ctx = this.#contextTask.value;
    const body = this.#contextTask.render({
      pending: () =>
        ctx
          ? nothing
          : html`<h2>${this.l.t('invite.title')}</h2>
              ${loadingView(this.l)}`,
      error: (e) => failureView(this.l, e, () => this.#contextTask.run()),
      complete: () => nothing,
    });
    if (ctx && !this.#allowed) {
      return html`<p class="muted">${this.l.t('invite.noPermission')}</p>`;
    }
    return html`${body}
      ${
        ctx
          ? html`${this.#renderForm(ctx.roles, new Set(ctx.me.permissions), adminRoleName(ctx))}
              <p role="status" class="status ${this.notice.error ? 'err' : ''}">
                ${this.notice.text}
              </p>
              ${this.#renderResults()}
              <section class="pending">
                <h3 id="pending-title" tabindex="-1">${this.l.t('invite.pending')}</h3>
                ${this.#renderPending()}
              </section>`
          : nothing
      }
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
    'org-invite': OrgInvite;
  }
}
