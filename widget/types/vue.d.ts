import type { DefineComponent } from "vue";
import type { OrgCreate, OrgInvitation, OrgInvite, OrgMembers, OrgProfile, OrgSwitcher } from "../dist/index.js";

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
  /** The user chose "Open <organization>" after joining (or on an invitation already accepted). Detail: `{ organizationId, organization }`. */
  onOrgSelected?: (e: CustomEvent<import("../dist/index.js").OrgSelectedDetail>) => void;
  /** The user must sign in or switch account; fired when no `signIn` callback is set. Detail: `{ invitationId, reason: 'signed-out' | 'wrong-user' }`. */
  onOrgSignInRequested?: (e: CustomEvent<import("../dist/index.js").SignInRequestedDetail>) => void;
  /** Accepting failed. Detail: `{ code, status, action: 'accept-invitation' }`. */
  onOrgError?: (e: CustomEvent<import("../dist/index.js").OrgErrorDetail>) => void;
};

type OrgInviteProps = {
  /** `off`: no live updates (changes made elsewhere show after a reload only). */
  live?: "off";
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
  /** `off`: no live updates (changes made elsewhere show after a reload only). */
  live?: "off";
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

type OrgProfileProps = {
  /** The organization shown. */
  organizationId?: OrgProfile["organizationId"];
  /** Base URL of the companion API; overrides `configure({ apiBase })`. */
  apiBase?: OrgProfile["apiBase"];
  /** Token function; overrides `configure()`. Property only. */
  getAccessToken?: OrgProfile["getAccessToken"];
  /** The profile was saved. Detail: `{ organization }`. */
  onOrgUpdated?: (e: CustomEvent<import("../dist/index.js").OrgUpdatedDetail>) => void;
  /** The automatic-membership domains or roles were saved. Detail: `{ organizationId, domains, roleIds }`. */
  onOrgDomainsChanged?: (e: CustomEvent<import("../dist/index.js").DomainsChangedDetail>) => void;
  /** The organization was deleted. Detail: `{ organizationId }`. */
  onOrgDeleted?: (e: CustomEvent<import("../dist/index.js").OrgDeletedDetail>) => void;
  /** The signed-in user left the organization. Detail: `{ organizationId }`. */
  onOrgLeft?: (e: CustomEvent<import("../dist/index.js").OrgLeftDetail>) => void;
  /** The signed-in user is no longer a member. Detail: `{ organizationId }`. */
  onOrgMembershipLost?: (e: CustomEvent<import("../dist/index.js").MembershipLostDetail>) => void;
  /** A user action failed. Detail: `{ code, status, action }`. */
  onOrgError?: (e: CustomEvent<import("../dist/index.js").OrgErrorDetail>) => void;
};

type OrgSwitcherProps = {
  /** `off`: no live updates of the current organization (changes made elsewhere show after a reload only). */
  live?: "off";
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
  /** The user joined an organization from an invitation. Detail: `{ invitationId, organization }`. */
  onOrgInvitationAccepted?: (e: CustomEvent<import("../dist/index.js").InvitationAcceptedDetail>) => void;
  /** The user declined an invitation. Detail: `{ invitationId, organizationId }`. */
  onOrgInvitationDeclined?: (e: CustomEvent<import("../dist/index.js").InvitationDeclinedDetail>) => void;
  /** The selected organization is no longer mine; the selection was cleared. Detail: `{ organizationId }`. */
  onOrgMembershipLost?: (e: CustomEvent<import("../dist/index.js").MembershipLostDetail>) => void;
  /** Creating, joining or declining failed. Detail: `{ code, status, action }`. */
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
   * - **OrgSelected** - The user chose "Open <organization>" after joining (or on an invitation already accepted). Detail: `{ organizationId, organization }`.
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
   * - **open** - The "Open <organization>" button after joining.
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
   * Shows and edits an organization's profile; leave or delete it.
   * ---
   *
   *
   * ### **Events:**
   *  - **OrgUpdated** - The profile was saved. Detail: `{ organization }`.
   * - **OrgDomainsChanged** - The automatic-membership domains or roles were saved. Detail: `{ organizationId, domains, roleIds }`.
   * - **OrgDeleted** - The organization was deleted. Detail: `{ organizationId }`.
   * - **OrgLeft** - The signed-in user left the organization. Detail: `{ organizationId }`.
   * - **OrgMembershipLost** - The signed-in user is no longer a member. Detail: `{ organizationId }`.
   * - **OrgError** - A user action failed. Detail: `{ code, status, action }`.
   *
   * ### **Methods:**
   *  - **reload(): _void_** - Loads the organization, my permissions and the domain settings again.
   *
   * ### **CSS Properties:**
   *  - **--org-color-primary** - Accent color (buttons, focus). _(default: undefined)_
   * - **--org-color-surface** - Background. _(default: undefined)_
   * - **--org-color-text** - Text color. _(default: undefined)_
   * - **--org-color-danger** - Destructive actions and errors. _(default: undefined)_
   * - **--org-radius** - Corner radius. _(default: undefined)_
   *
   * ### **CSS Parts:**
   *  - **header** - The logo, name and description.
   * - **form** - The profile form.
   * - **domains** - The automatic-membership section.
   * - **danger** - The leave and delete section.
   * - **dialog** - The leave and delete confirmation dialog.
   */
  "org-profile": DefineComponent<OrgProfileProps>;

  /**
   * Lists my organizations and switches between them.
   * ---
   *
   *
   * ### **Events:**
   *  - **OrgSelected** - The user picked an organization (or, with `persist`, a stored choice was restored: `restored: true`). Detail: `{ organizationId, organization, restored? }`.
   * - **OrgCreateRequested** - The user asked to create an organization. Cancelable: `preventDefault()` keeps the built-in dialog closed.
   * - **OrgCreated** - Bubbles out of the built-in create dialog. Detail: `{ organization }`.
   * - **OrgInvitationAccepted** - The user joined an organization from an invitation. Detail: `{ invitationId, organization }`.
   * - **OrgInvitationDeclined** - The user declined an invitation. Detail: `{ invitationId, organizationId }`.
   * - **OrgMembershipLost** - The selected organization is no longer mine; the selection was cleared. Detail: `{ organizationId }`.
   * - **OrgError** - Creating, joining or declining failed. Detail: `{ code, status, action }`.
   *
   * ### **Methods:**
   *  - **refresh(): _Promise<void>_** - Reloads my organizations and invitations (e.g. after creating or joining one elsewhere).
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
   * - **invitations** - My pending invitations in the drop-down.
   * - **notice** - The "no longer a member" and result line.
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
