import type { DefineComponent } from "vue";
import type { OrgCreate, OrgInvitation, OrgInvite, OrgMembers, OrgSwitcher } from "../dist/index.js";

type OrgCreateProps = {
  /** Base URL of the companion API; overrides `configure({ apiBase })`. */
  apiBase?: OrgCreate["apiBase"];
  /** Also fire `org-selected` for the new organization, as if the user had switched to it. */
  switchOnCreate?: OrgCreate["switchOnCreate"];
  /** Token function; overrides `configure()`. Property only. */
  getAccessToken?: OrgCreate["getAccessToken"];
  /** The organization was created. Detail: `{ organization }`. */
  onOrgCreated?: (e: CustomEvent<import("../dist/index.js").OrgCreatedDetail>) => void;
  /** With `switch-on-create`, right after `org-created`. Detail: `{ organizationId, organization }`. */
  onOrgSelected?: (e: CustomEvent<import("../dist/index.js").OrgSelectedDetail>) => void;
  /** Creating failed. Detail: `{ code, status, action: 'create-organization' }`. */
  onOrgError?: (e: CustomEvent<import("../dist/index.js").OrgErrorDetail>) => void;
};

type OrgInvitationProps = {
  /** The invitation to show (the `id` of the invitation link). */
  invitationId?: OrgInvitation["invitationId"];
  /** Base URL of the companion API; overrides `configure({ apiBase })`. */
  apiBase?: OrgInvitation["apiBase"];
  /** The host knows nobody is signed in: show "Sign in to accept" without calling the API. */
  signedOut?: OrgInvitation["signedOut"];
  /** The signed-in user's email, to say who is signed in when the invitation is for someone else;
used when the server's answer does not name the account (`invitation.wrong_user` `data.email`). */
  userEmail?: OrgInvitation["userEmail"];
  /** Token function; overrides `configure()`. Property only. */
  getAccessToken?: OrgInvitation["getAccessToken"];
  /** Called instead of firing `org-sign-in-requested`. Property only. */
  signIn?: OrgInvitation["signIn"];
  /** The user joined. Detail: `{ invitationId, organization }`. */
  onOrgInvitationAccepted?: (e: CustomEvent<import("../dist/index.js").InvitationAcceptedDetail>) => void;
  /** The user must sign in or switch account; fired when no `signIn` callback is set. Detail: `{ invitationId, reason: 'signed-out' | 'wrong-user' }`. */
  onOrgSignInRequested?: (e: CustomEvent<import("../dist/index.js").SignInRequestedDetail>) => void;
  /** Accepting failed. Detail: `{ code, status, action: 'accept-invitation' }`. */
  onOrgError?: (e: CustomEvent<import("../dist/index.js").OrgErrorDetail>) => void;
};

type OrgInviteProps = {
  /** The organization to invite people to. */
  organizationId?: OrgInvite["organizationId"];
  /** Base URL of the companion API; overrides `configure({ apiBase })`. */
  apiBase?: OrgInvite["apiBase"];
  /** Default expiry of new invitations, in days (1, 7, 14 or 30). */
  expiresInDays?: OrgInvite["expiresInDays"];
  /** Token function; overrides `configure()`. Property only. */
  getAccessToken?: OrgInvite["getAccessToken"];
  /** Invitations were created. Detail: `{ organizationId, results }` (one result per email). */
  onOrgInvitationsSent?: (e: CustomEvent<import("../dist/index.js").InvitationsSentDetail>) => void;
  /** An invitation was sent again. Detail: `{ organizationId, delivery, invitation }`. */
  onOrgInvitationResent?: (e: CustomEvent<import("../dist/index.js").InvitationResentDetail>) => void;
  /** An invitation was revoked. Detail: `{ organizationId, invitationId }`. */
  onOrgInvitationRevoked?: (e: CustomEvent<import("../dist/index.js").InvitationRevokedDetail>) => void;
  /** A user action failed. Detail: `{ code, status, action }`. */
  onOrgError?: (e: CustomEvent<import("../dist/index.js").OrgErrorDetail>) => void;
};

type OrgMembersProps = {
  /** The organization whose members are shown. */
  organizationId?: OrgMembers["organizationId"];
  /** Base URL of the companion API; overrides `configure({ apiBase })`. */
  apiBase?: OrgMembers["apiBase"];
  /** Members per page (at most 100). */
  pageSize?: OrgMembers["pageSize"];
  /** Token function; overrides `configure()`. Property only. */
  getAccessToken?: OrgMembers["getAccessToken"];
  /** A member's roles were changed. Detail: `{ organizationId, userId, roles }`. */
  onOrgMemberRolesChanged?: (e: CustomEvent<import("../dist/index.js").MemberRolesChangedDetail>) => void;
  /** A member was removed. Detail: `{ organizationId, userId }`. */
  onOrgMemberRemoved?: (e: CustomEvent<import("../dist/index.js").MemberRemovedDetail>) => void;
  /** The signed-in user left the organization. Detail: `{ organizationId }`. */
  onOrgLeft?: (e: CustomEvent<import("../dist/index.js").OrgLeftDetail>) => void;
  /** A user action failed. Detail: `{ code, status, action }`. */
  onOrgError?: (e: CustomEvent<import("../dist/index.js").OrgErrorDetail>) => void;
};

type OrgSwitcherProps = {
  /** The current organization's id. Reflects; setting it selects without firing an event. */
  organizationId?: OrgSwitcher["organizationId"];
  /** Base URL of the companion API; overrides `configure({ apiBase })`. */
  apiBase?: OrgSwitcher["apiBase"];
  /** Remember the selection in `localStorage` and restore it on load. */
  persist?: OrgSwitcher["persist"];
  /** The `localStorage` key used with `persist`. */
  storageKey?: OrgSwitcher["storageKey"];
  /** Token function; overrides `configure()`. Property only. */
  getAccessToken?: OrgSwitcher["getAccessToken"];
  /** The user picked an organization (or, with `persist`, a stored choice was restored: `restored: true`). Detail: `{ organizationId, organization, restored? }`. */
  onOrgSelected?: (e: CustomEvent<import("../dist/index.js").OrgSelectedDetail>) => void;
  /** The user asked to create an organization. Cancelable: `preventDefault()` keeps the built-in dialog closed. */
  onOrgCreateRequested?: (e: CustomEvent<import("../dist/index.js").OrgCreateRequestedDetail>) => void;
  /** Bubbles out of the built-in create dialog. Detail: `{ organization }`. */
  onOrgCreated?: (e: CustomEvent<import("../dist/index.js").OrgCreatedDetail>) => void;
  /** Creating in the built-in dialog failed. Detail: `{ code, status, action }`. */
  onOrgError?: (e: CustomEvent<import("../dist/index.js").OrgErrorDetail>) => void;
};

export type CustomElements = {
  /**
   * Creates an organization (name and optional description).
   * ---
   *
   *
   * ### **Events:**
   *  - **OrgCreated** - The organization was created. Detail: `{ organization }`.
   * - **OrgSelected** - With `switch-on-create`, right after `org-created`. Detail: `{ organizationId, organization }`.
   * - **OrgError** - Creating failed. Detail: `{ code, status, action: 'create-organization' }`.
   *
   * ### **CSS Properties:**
   *  - **--org-color-primary** - Accent color (button, focus). _(default: undefined)_
   * - **--org-color-surface** - Background. _(default: undefined)_
   * - **--org-color-text** - Text color. _(default: undefined)_
   * - **--org-color-danger** - Validation and request errors. _(default: undefined)_
   * - **--org-radius** - Corner radius. _(default: undefined)_
   *
   * ### **CSS Parts:**
   *  - **form** - The form.
   * - **submit** - The submit button.
   * - **error** - The error message of a failed request.
   */
  "org-create": DefineComponent<OrgCreateProps>;

  /**
   * Shows an invitation to an organization and accepts it.
   * ---
   *
   *
   * ### **Events:**
   *  - **OrgInvitationAccepted** - The user joined. Detail: `{ invitationId, organization }`.
   * - **OrgSignInRequested** - The user must sign in or switch account; fired when no `signIn` callback is set. Detail: `{ invitationId, reason: 'signed-out' | 'wrong-user' }`.
   * - **OrgError** - Accepting failed. Detail: `{ code, status, action: 'accept-invitation' }`.
   *
   * ### **Methods:**
   *  - **reload(): _void_** - Loads the invitation again, e.g. after the user signed in without a page load.
   *
   * ### **CSS Properties:**
   *  - **--org-color-primary** - Accent color (buttons, focus). _(default: undefined)_
   * - **--org-color-surface** - Background. _(default: undefined)_
   * - **--org-color-text** - Text color. _(default: undefined)_
   * - **--org-color-danger** - Errors. _(default: undefined)_
   * - **--org-radius** - Corner radius. _(default: undefined)_
   *
   * ### **CSS Parts:**
   *  - **card** - The invitation details.
   * - **accept** - The accept button.
   * - **sign-in** - The "Sign in" / "Switch account" button.
   */
  "org-invitation": DefineComponent<OrgInvitationProps>;

  /**
   * Invites members and manages pending invitations.
   * ---
   *
   *
   * ### **Events:**
   *  - **OrgInvitationsSent** - Invitations were created. Detail: `{ organizationId, results }` (one result per email).
   * - **OrgInvitationResent** - An invitation was sent again. Detail: `{ organizationId, delivery, invitation }`.
   * - **OrgInvitationRevoked** - An invitation was revoked. Detail: `{ organizationId, invitationId }`.
   * - **OrgError** - A user action failed. Detail: `{ code, status, action }`.
   *
   * ### **Methods:**
   *  - **reload(): _void_** - Reloads permissions, roles and the pending invitations.
   *
   * ### **CSS Properties:**
   *  - **--org-color-primary** - Accent color (buttons, focus, badges). _(default: undefined)_
   * - **--org-color-surface** - Background. _(default: undefined)_
   * - **--org-color-text** - Text color. _(default: undefined)_
   * - **--org-color-danger** - Destructive actions and errors. _(default: undefined)_
   * - **--org-radius** - Corner radius. _(default: undefined)_
   *
   * ### **CSS Parts:**
   *  - **form** - The invitation form.
   * - **results** - The per-email results of the last submission.
   * - **pending** - The table of pending invitations.
   * - **dialog** - The revoke confirmation dialog.
   */
  "org-invite": DefineComponent<OrgInviteProps>;

  /**
   * Lists and manages the members of an organization.
   * ---
   *
   *
   * ### **Events:**
   *  - **OrgMemberRolesChanged** - A member's roles were changed. Detail: `{ organizationId, userId, roles }`.
   * - **OrgMemberRemoved** - A member was removed. Detail: `{ organizationId, userId }`.
   * - **OrgLeft** - The signed-in user left the organization. Detail: `{ organizationId }`.
   * - **OrgError** - A user action failed. Detail: `{ code, status, action }`.
   *
   * ### **Methods:**
   *  - **reload(): _void_** - Reloads the organization and the current page of members.
   *
   * ### **CSS Properties:**
   *  - **--org-color-primary** - Accent color (buttons, focus, badges). _(default: undefined)_
   * - **--org-color-surface** - Background. _(default: undefined)_
   * - **--org-color-text** - Text color. _(default: undefined)_
   * - **--org-color-danger** - Destructive actions and errors. _(default: undefined)_
   * - **--org-radius** - Corner radius. _(default: undefined)_
   *
   * ### **CSS Parts:**
   *  - **header** - The title, count, search and role filter.
   * - **list** - The list of members.
   * - **member** - One member row.
   * - **pagination** - The page controls.
   * - **dialog** - The role and confirmation dialog.
   */
  "org-members": DefineComponent<OrgMembersProps>;

  /**
   * Lists my organizations and switches between them.
   * ---
   *
   *
   * ### **Events:**
   *  - **OrgSelected** - The user picked an organization (or, with `persist`, a stored choice was restored: `restored: true`). Detail: `{ organizationId, organization, restored? }`.
   * - **OrgCreateRequested** - The user asked to create an organization. Cancelable: `preventDefault()` keeps the built-in dialog closed.
   * - **OrgCreated** - Bubbles out of the built-in create dialog. Detail: `{ organization }`.
   * - **OrgError** - Creating in the built-in dialog failed. Detail: `{ code, status, action }`.
   *
   * ### **Methods:**
   *  - **refresh(): _Promise<void>_** - Reloads my organizations (e.g. after creating or joining one elsewhere).
   *
   * ### **CSS Properties:**
   *  - **--org-color-primary** - Accent color (selection, focus). _(default: undefined)_
   * - **--org-color-surface** - Background of the button and the list. _(default: undefined)_
   * - **--org-color-text** - Text color. _(default: undefined)_
   * - **--org-color-border** - Borders. _(default: undefined)_
   * - **--org-radius** - Corner radius. _(default: undefined)_
   *
   * ### **CSS Parts:**
   *  - **trigger** - The button showing the current organization.
   * - **popup** - The drop-down with the list and the create shortcut.
   * - **option** - One organization in the list.
   * - **create** - The "Create organization" buttons.
   * - **dialog** - The dialog around the built-in `<org-create>`.
   */
  "org-switcher": DefineComponent<OrgSwitcherProps>;
};

declare module "vue" {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface GlobalComponents extends CustomElements {}
}

declare global {
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-interface
    interface IntrinsicElements extends CustomElements {}
  }
}
