'use client';
// Generated from custom-elements.json by widget/bindings.mjs (npm run manifest).
// React wrappers: element properties as props, events as `onOrgSelected`-style callbacks whose
// listeners are attached by @lit/react itself (so they work on server-rendered, hydrated output).
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { OrgCreate as OrgCreateElement } from '../org-create/org-create.js';
import { OrgInvitation as OrgInvitationElement } from '../org-invitation/org-invitation.js';
import { OrgInvite as OrgInviteElement } from '../org-invite/org-invite.js';
import { OrgMembers as OrgMembersElement } from '../org-members/org-members.js';
import { OrgProfile as OrgProfileElement } from '../org-profile/org-profile.js';
import { OrgSwitcher as OrgSwitcherElement } from '../org-switcher/org-switcher.js';
import type {
  DomainsChangedDetail,
  InvitationAcceptedDetail,
  InvitationDeclinedDetail,
  InvitationResentDetail,
  InvitationRevokedDetail,
  InvitationsSentDetail,
  MemberRemovedDetail,
  MemberRolesChangedDetail,
  MembershipLostDetail,
  OrgCreateRequestedDetail,
  OrgCreatedDetail,
  OrgDeletedDetail,
  OrgErrorDetail,
  OrgLeftDetail,
  OrgSelectedDetail,
  OrgUpdatedDetail,
  SignInRequestedDetail,
} from '../internal/events.js';

/** `<org-create>`: Creates an organization (name and optional description). */
export const OrgCreate = createComponent({
  tagName: 'org-create',
  elementClass: OrgCreateElement,
  react: React,
  displayName: 'OrgCreate',
  events: {
    onOrgCreated: 'org-created' as EventName<CustomEvent<OrgCreatedDetail>>,
    onOrgSelected: 'org-selected' as EventName<CustomEvent<OrgSelectedDetail>>,
    onOrgError: 'org-error' as EventName<CustomEvent<OrgErrorDetail>>,
  },
});

/** `<org-invitation>`: Shows an invitation to an organization and accepts it. */
export const OrgInvitation = createComponent({
  tagName: 'org-invitation',
  elementClass: OrgInvitationElement,
  react: React,
  displayName: 'OrgInvitation',
  events: {
    onOrgInvitationAccepted: 'org-invitation-accepted' as EventName<CustomEvent<InvitationAcceptedDetail>>,
    onOrgSelected: 'org-selected' as EventName<CustomEvent<OrgSelectedDetail>>,
    onOrgSignInRequested: 'org-sign-in-requested' as EventName<CustomEvent<SignInRequestedDetail>>,
    onOrgError: 'org-error' as EventName<CustomEvent<OrgErrorDetail>>,
  },
});

/** `<org-invite>`: Invites members and manages pending invitations. */
export const OrgInvite = createComponent({
  tagName: 'org-invite',
  elementClass: OrgInviteElement,
  react: React,
  displayName: 'OrgInvite',
  events: {
    onOrgInvitationsSent: 'org-invitations-sent' as EventName<CustomEvent<InvitationsSentDetail>>,
    onOrgInvitationResent: 'org-invitation-resent' as EventName<CustomEvent<InvitationResentDetail>>,
    onOrgInvitationRevoked: 'org-invitation-revoked' as EventName<CustomEvent<InvitationRevokedDetail>>,
    onOrgError: 'org-error' as EventName<CustomEvent<OrgErrorDetail>>,
  },
});

/** `<org-members>`: Lists and manages the members of an organization. */
export const OrgMembers = createComponent({
  tagName: 'org-members',
  elementClass: OrgMembersElement,
  react: React,
  displayName: 'OrgMembers',
  events: {
    onOrgMemberRolesChanged: 'org-member-roles-changed' as EventName<CustomEvent<MemberRolesChangedDetail>>,
    onOrgMemberRemoved: 'org-member-removed' as EventName<CustomEvent<MemberRemovedDetail>>,
    onOrgLeft: 'org-left' as EventName<CustomEvent<OrgLeftDetail>>,
    onOrgError: 'org-error' as EventName<CustomEvent<OrgErrorDetail>>,
  },
});

/** `<org-profile>`: Shows and edits an organization's profile; leave or delete it. */
export const OrgProfile = createComponent({
  tagName: 'org-profile',
  elementClass: OrgProfileElement,
  react: React,
  displayName: 'OrgProfile',
  events: {
    onOrgUpdated: 'org-updated' as EventName<CustomEvent<OrgUpdatedDetail>>,
    onOrgDomainsChanged: 'org-domains-changed' as EventName<CustomEvent<DomainsChangedDetail>>,
    onOrgDeleted: 'org-deleted' as EventName<CustomEvent<OrgDeletedDetail>>,
    onOrgLeft: 'org-left' as EventName<CustomEvent<OrgLeftDetail>>,
    onOrgMembershipLost: 'org-membership-lost' as EventName<CustomEvent<MembershipLostDetail>>,
    onOrgError: 'org-error' as EventName<CustomEvent<OrgErrorDetail>>,
  },
});

/** `<org-switcher>`: Lists my organizations and switches between them. */
export const OrgSwitcher = createComponent({
  tagName: 'org-switcher',
  elementClass: OrgSwitcherElement,
  react: React,
  displayName: 'OrgSwitcher',
  events: {
    onOrgSelected: 'org-selected' as EventName<CustomEvent<OrgSelectedDetail>>,
    onOrgCreateRequested: 'org-create-requested' as EventName<CustomEvent<OrgCreateRequestedDetail>>,
    onOrgCreated: 'org-created' as EventName<CustomEvent<OrgCreatedDetail>>,
    onOrgInvitationAccepted: 'org-invitation-accepted' as EventName<CustomEvent<InvitationAcceptedDetail>>,
    onOrgInvitationDeclined: 'org-invitation-declined' as EventName<CustomEvent<InvitationDeclinedDetail>>,
    onOrgMembershipLost: 'org-membership-lost' as EventName<CustomEvent<MembershipLostDetail>>,
    onOrgError: 'org-error' as EventName<CustomEvent<OrgErrorDetail>>,
  },
});
