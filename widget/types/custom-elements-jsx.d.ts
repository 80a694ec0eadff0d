import type { OrgCreate, OrgInvitation, OrgInvite, OrgMembers, OrgProfile, OrgSwitcher } from "../dist/index.js";

/**
 * This type can be used to create scoped tags for your components.
 *
 * Usage:
 *
 * ```ts
 * import type { ScopedElements } from "path/to/library/jsx-integration";
 *
 * declare module "my-library" {
 *   namespace JSX {
 *     interface IntrinsicElements
 *       extends ScopedElements<'test-', ''> {}
 *   }
 * }
 * ```
 *
 */
export type ScopedElements<Prefix extends string = "", Suffix extends string = ""> = {
  [Key in keyof CustomElements as `${Prefix}${Key}${Suffix}`]: CustomElements[Key];
};

type BaseProps = {
  /** Content added between the opening and closing tags of the element */
  children?: any;
  /** Used for declaratively styling one or more elements using CSS (Cascading Stylesheets) */
  class?: string;
  /** Used for declaratively styling one or more elements using CSS (Cascading Stylesheets) */
  className?: string;
  /** Takes an object where the key is the class name(s) and the value is a boolean expression. When true, the class is applied, and when false, it is removed. */
  classList?: Record<string, boolean | undefined>;
  /** Specifies the text direction of the element. */
  dir?: "ltr" | "rtl";
  /** Contains a space-separated list of the part names of the element that should be exposed on the host element. */
  exportparts?: string;
  /** For <label> and <output>, lets you associate the label with some control. */
  htmlFor?: string;
  /** Specifies whether the element should be hidden. */
  hidden?: boolean | string;
  /** A unique identifier for the element. */
  id?: string;
  /** Keys tell React which array item each component corresponds to */
  key?: string | number;
  /** Specifies the language of the element. */
  lang?: string;
  /** Contains a space-separated list of the part names of the element. Part names allows CSS to select and style specific elements in a shadow tree via the ::part pseudo-element. */
  part?: string;
  /** Use the ref attribute with a variable to assign a DOM element to the variable once the element is rendered. */
  ref?: unknown | ((e: unknown) => void);
  /** Adds a reference for a custom element slot */
  slot?: string;
  /** Prop for setting inline styles */
  style?: Record<string, string | number>;
  /** Overrides the default Tab button behavior. Avoid using values other than -1 and 0. */
  tabIndex?: number;
  /** Specifies the tooltip text for the element. */
  title?: string;
  /** Passing 'no' excludes the element content from being translated. */
  translate?: "yes" | "no";
};

type BaseEvents = {};

export type OrgCreateProps = {
  /** Base URL of the companion API; overrides `configure({ apiBase })`. */
  "api-base"?: OrgCreate["apiBase"];
  /** Also fire `org-selected` for the new organization, as if the user had switched to it. */
  "switch-on-create"?: OrgCreate["switchOnCreate"];
  /** Token function; overrides `configure()`. Property only. */
  getAccessToken?: OrgCreate["getAccessToken"];
  /** The organization was created. Detail: `{ organization }`. */
  "onorg-created"?: (e: CustomEvent<import("../dist/index.js").OrgCreatedDetail>) => void;
  /** With `switch-on-create`, right after `org-created`. Detail: `{ organizationId, organization }`. */
  "onorg-selected"?: (e: CustomEvent<import("../dist/index.js").OrgSelectedDetail>) => void;
  /** Creating failed. Detail: `{ code, status, action: 'create-organization' }`. */
  "onorg-error"?: (e: CustomEvent<import("../dist/index.js").OrgErrorDetail>) => void;
};

export type OrgInvitationProps = {
  /** The invitation to show (the `id` of the invitation link). */
  "invitation-id"?: OrgInvitation["invitationId"];
  /** Base URL of the companion API; overrides `configure({ apiBase })`. */
  "api-base"?: OrgInvitation["apiBase"];
  /** The host knows nobody is signed in: show "Sign in to accept" without calling the API. */
  "signed-out"?: OrgInvitation["signedOut"];
  /** The signed-in user's email, to say who is signed in when the invitation is for someone else;
used when the server's answer does not name the account (`invitation.wrong_user` `data.email`). */
  "user-email"?: OrgInvitation["userEmail"];
  /** Token function; overrides `configure()`. Property only. */
  getAccessToken?: OrgInvitation["getAccessToken"];
  /** Called instead of firing `org-sign-in-requested`. Property only. */
  signIn?: OrgInvitation["signIn"];
  /** The user joined. Detail: `{ invitationId, organization }`. */
  "onorg-invitation-accepted"?: (e: CustomEvent<import("../dist/index.js").InvitationAcceptedDetail>) => void;
  /** The user chose "Open <organization>" after joining (or on an invitation already accepted). Detail: `{ organizationId, organization }`. */
  "onorg-selected"?: (e: CustomEvent<import("../dist/index.js").OrgSelectedDetail>) => void;
  /** The user must sign in or switch account; fired when no `signIn` callback is set. Detail: `{ invitationId, reason: 'signed-out' | 'wrong-user' }`. */
  "onorg-sign-in-requested"?: (e: CustomEvent<import("../dist/index.js").SignInRequestedDetail>) => void;
  /** Accepting failed. Detail: `{ code, status, action: 'accept-invitation' }`. */
  "onorg-error"?: (e: CustomEvent<import("../dist/index.js").OrgErrorDetail>) => void;
};

export type OrgInviteProps = {
  /** `off`: no live updates (changes made elsewhere show after a reload only). */
  live?: "off";
  /** The organization to invite people to. */
  "organization-id"?: OrgInvite["organizationId"];
  /** Base URL of the companion API; overrides `configure({ apiBase })`. */
  "api-base"?: OrgInvite["apiBase"];
  /** Default expiry of new invitations, in days (1, 7, 14 or 30). */
  "expires-in-days"?: OrgInvite["expiresInDays"];
  /** Token function; overrides `configure()`. Property only. */
  getAccessToken?: OrgInvite["getAccessToken"];
  /** Invitations were created. Detail: `{ organizationId, results }` (one result per email). */
  "onorg-invitations-sent"?: (e: CustomEvent<import("../dist/index.js").InvitationsSentDetail>) => void;
  /** An invitation was sent again. Detail: `{ organizationId, delivery, invitation }`. */
  "onorg-invitation-resent"?: (e: CustomEvent<import("../dist/index.js").InvitationResentDetail>) => void;
  /** An invitation was revoked. Detail: `{ organizationId, invitationId }`. */
  "onorg-invitation-revoked"?: (e: CustomEvent<import("../dist/index.js").InvitationRevokedDetail>) => void;
  /** A user action failed. Detail: `{ code, status, action }`. */
  "onorg-error"?: (e: CustomEvent<import("../dist/index.js").OrgErrorDetail>) => void;
};

export type OrgMembersProps = {
  /** `off`: no live updates (changes made elsewhere show after a reload only). */
  live?: "off";
  /** The organization whose members are shown. */
  "organization-id"?: OrgMembers["organizationId"];
  /** Base URL of the companion API; overrides `configure({ apiBase })`. */
  "api-base"?: OrgMembers["apiBase"];
  /** Members per page (at most 100). */
  "page-size"?: OrgMembers["pageSize"];
  /** Token function; overrides `configure()`. Property only. */
  getAccessToken?: OrgMembers["getAccessToken"];
  /** A member's roles were changed. Detail: `{ organizationId, userId, roles }`. */
  "onorg-member-roles-changed"?: (e: CustomEvent<import("../dist/index.js").MemberRolesChangedDetail>) => void;
  /** A member was removed. Detail: `{ organizationId, userId }`. */
  "onorg-member-removed"?: (e: CustomEvent<import("../dist/index.js").MemberRemovedDetail>) => void;
  /** The signed-in user left the organization. Detail: `{ organizationId }`. */
  "onorg-left"?: (e: CustomEvent<import("../dist/index.js").OrgLeftDetail>) => void;
  /** A user action failed. Detail: `{ code, status, action }`. */
  "onorg-error"?: (e: CustomEvent<import("../dist/index.js").OrgErrorDetail>) => void;
};

export type OrgProfileProps = {
  /** The organization shown. */
  "organization-id"?: OrgProfile["organizationId"];
  /** Base URL of the companion API; overrides `configure({ apiBase })`. */
  "api-base"?: OrgProfile["apiBase"];
  /** Token function; overrides `configure()`. Property only. */
  getAccessToken?: OrgProfile["getAccessToken"];
  /** The profile was saved. Detail: `{ organization }`. */
  "onorg-updated"?: (e: CustomEvent<import("../dist/index.js").OrgUpdatedDetail>) => void;
  /** The automatic-membership domains or roles were saved. Detail: `{ organizationId, domains, roleIds }`. */
  "onorg-domains-changed"?: (e: CustomEvent<import("../dist/index.js").DomainsChangedDetail>) => void;
  /** The organization was deleted. Detail: `{ organizationId }`. */
  "onorg-deleted"?: (e: CustomEvent<import("../dist/index.js").OrgDeletedDetail>) => void;
  /** The signed-in user left the organization. Detail: `{ organizationId }`. */
  "onorg-left"?: (e: CustomEvent<import("../dist/index.js").OrgLeftDetail>) => void;
  /** The signed-in user is no longer a member. Detail: `{ organizationId }`. */
  "onorg-membership-lost"?: (e: CustomEvent<import("../dist/index.js").MembershipLostDetail>) => void;
  /** A user action failed. Detail: `{ code, status, action }`. */
  "onorg-error"?: (e: CustomEvent<import("../dist/index.js").OrgErrorDetail>) => void;
};

export type OrgSwitcherProps = {
  /** `off`: no live updates of the current organization (changes made elsewhere show after a reload only). */
  live?: "off";
  /** The current organization's id. Reflects; setting it selects without firing an event. */
  "organization-id"?: OrgSwitcher["organizationId"];
  /** Base URL of the companion API; overrides `configure({ apiBase })`. */
  "api-base"?: OrgSwitcher["apiBase"];
  /** Remember the selection in `localStorage` and restore it on load. */
  persist?: OrgSwitcher["persist"];
  /** The `localStorage` key used with `persist`. */
  "storage-key"?: OrgSwitcher["storageKey"];
  /** Token function; overrides `configure()`. Property only. */
  getAccessToken?: OrgSwitcher["getAccessToken"];
  /** The user picked an organization (or, with `persist`, a stored choice was restored: `restored: true`). Detail: `{ organizationId, organization, restored? }`. */
  "onorg-selected"?: (e: CustomEvent<import("../dist/index.js").OrgSelectedDetail>) => void;
  /** The user asked to create an organization. Cancelable: `preventDefault()` keeps the built-in dialog closed. */
  "onorg-create-requested"?: (e: CustomEvent<import("../dist/index.js").OrgCreateRequestedDetail>) => void;
  /** Bubbles out of the built-in create dialog. Detail: `{ organization }`. */
  "onorg-created"?: (e: CustomEvent<import("../dist/index.js").OrgCreatedDetail>) => void;
  /** The user joined an organization from an invitation. Detail: `{ invitationId, organization }`. */
  "onorg-invitation-accepted"?: (e: CustomEvent<import("../dist/index.js").InvitationAcceptedDetail>) => void;
  /** The user declined an invitation. Detail: `{ invitationId, organizationId }`. */
  "onorg-invitation-declined"?: (e: CustomEvent<import("../dist/index.js").InvitationDeclinedDetail>) => void;
  /** The selected organization is no longer mine; the selection was cleared. Detail: `{ organizationId }`. */
  "onorg-membership-lost"?: (e: CustomEvent<import("../dist/index.js").MembershipLostDetail>) => void;
  /** Creating, joining or declining failed. Detail: `{ code, status, action }`. */
  "onorg-error"?: (e: CustomEvent<import("../dist/index.js").OrgErrorDetail>) => void;
};

export type CustomElements = {
  /**
   * Creates an organization (name and optional description).
   * ---
   *
   *
   * ### **Events:**
   *  - **org-created** - The organization was created. Detail: `{ organization }`.
   * - **org-selected** - With `switch-on-create`, right after `org-created`. Detail: `{ organizationId, organization }`.
   * - **org-error** - Creating failed. Detail: `{ code, status, action: 'create-organization' }`.
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
  "org-create": Partial<OrgCreateProps & BaseProps & BaseEvents>;

  /**
   * Shows an invitation to an organization and accepts it.
   * ---
   *
   *
   * ### **Events:**
   *  - **org-invitation-accepted** - The user joined. Detail: `{ invitationId, organization }`.
   * - **org-selected** - The user chose "Open <organization>" after joining (or on an invitation already accepted). Detail: `{ organizationId, organization }`.
   * - **org-sign-in-requested** - The user must sign in or switch account; fired when no `signIn` callback is set. Detail: `{ invitationId, reason: 'signed-out' | 'wrong-user' }`.
   * - **org-error** - Accepting failed. Detail: `{ code, status, action: 'accept-invitation' }`.
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
  "org-invitation": Partial<OrgInvitationProps & BaseProps & BaseEvents>;

  /**
   * Invites members and manages pending invitations.
   * ---
   *
   *
   * ### **Events:**
   *  - **org-invitations-sent** - Invitations were created. Detail: `{ organizationId, results }` (one result per email).
   * - **org-invitation-resent** - An invitation was sent again. Detail: `{ organizationId, delivery, invitation }`.
   * - **org-invitation-revoked** - An invitation was revoked. Detail: `{ organizationId, invitationId }`.
   * - **org-error** - A user action failed. Detail: `{ code, status, action }`.
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
  "org-invite": Partial<OrgInviteProps & BaseProps & BaseEvents>;

  /**
   * Lists and manages the members of an organization.
   * ---
   *
   *
   * ### **Events:**
   *  - **org-member-roles-changed** - A member's roles were changed. Detail: `{ organizationId, userId, roles }`.
   * - **org-member-removed** - A member was removed. Detail: `{ organizationId, userId }`.
   * - **org-left** - The signed-in user left the organization. Detail: `{ organizationId }`.
   * - **org-error** - A user action failed. Detail: `{ code, status, action }`.
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
  "org-members": Partial<OrgMembersProps & BaseProps & BaseEvents>;

  /**
   * Shows and edits an organization's profile; leave or delete it.
   * ---
   *
   *
   * ### **Events:**
   *  - **org-updated** - The profile was saved. Detail: `{ organization }`.
   * - **org-domains-changed** - The automatic-membership domains or roles were saved. Detail: `{ organizationId, domains, roleIds }`.
   * - **org-deleted** - The organization was deleted. Detail: `{ organizationId }`.
   * - **org-left** - The signed-in user left the organization. Detail: `{ organizationId }`.
   * - **org-membership-lost** - The signed-in user is no longer a member. Detail: `{ organizationId }`.
   * - **org-error** - A user action failed. Detail: `{ code, status, action }`.
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
  "org-profile": Partial<OrgProfileProps & BaseProps & BaseEvents>;

  /**
   * Lists my organizations and switches between them.
   * ---
   *
   *
   * ### **Events:**
   *  - **org-selected** - The user picked an organization (or, with `persist`, a stored choice was restored: `restored: true`). Detail: `{ organizationId, organization, restored? }`.
   * - **org-create-requested** - The user asked to create an organization. Cancelable: `preventDefault()` keeps the built-in dialog closed.
   * - **org-created** - Bubbles out of the built-in create dialog. Detail: `{ organization }`.
   * - **org-invitation-accepted** - The user joined an organization from an invitation. Detail: `{ invitationId, organization }`.
   * - **org-invitation-declined** - The user declined an invitation. Detail: `{ invitationId, organizationId }`.
   * - **org-membership-lost** - The selected organization is no longer mine; the selection was cleared. Detail: `{ organizationId }`.
   * - **org-error** - Creating, joining or declining failed. Detail: `{ code, status, action }`.
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
  "org-switcher": Partial<OrgSwitcherProps & BaseProps & BaseEvents>;
};
