/**
 * English strings: the complete reference. Every other language is typed against these keys and
 * falls back to English per missing key. `{name}` placeholders are interpolated; keys ending in
 * `_one` / `_other` (and other `Intl.PluralRules` categories) are plural forms of one message.
 * One block per element; shared strings first.
 */
export const en = {
  // ---- shared ----
  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.save': 'Save',
  'common.copy': 'Copy link',
  'common.copied': 'Link copied.',
  'common.copyFailed': 'Could not copy. Select the link and copy it yourself.',
  'common.previous': 'Previous',
  'common.next': 'Next',
  'common.noPermission': 'You don’t have permission to see this.',
  'common.missingId': 'No organization selected.',

  // ---- error messages, one per stable code ----
  'error.generic': 'Something went wrong. Please try again.',
  'error.network': 'Can’t reach the server. Check your connection and try again.',
  'error.config.missing': 'This widget is not set up yet: it has no API address or sign-in.',
  'error.auth.token_failed': 'Your sign-in could not be confirmed. Please sign in again.',
  'error.unexpected': 'The server gave an unexpected answer. Please try again.',
  'error.request.invalid': 'Part of the request was not accepted. Check your input and try again.',
  'error.request.too_large': 'That is too much at once. Try with less.',
  'error.auth.missing_token': 'Please sign in first.',
  'error.auth.invalid_token': 'Your session has expired. Please sign in again.',
  'error.auth.forbidden': 'You don’t have permission to do this.',
  'error.organization.not_found': 'This organization doesn’t exist or has been deleted.',
  'error.organization.not_member': 'You are not a member of this organization.',
  'error.member.not_found': 'This person is no longer a member.',
  'error.member.last_admin':
    'An organization needs at least one admin. Make someone else an admin first.',
  'error.role.not_found': 'That role no longer exists. Reload and choose another.',
  'error.role.escalation': 'You can only grant roles whose permissions you have yourself.',
  'error.invitation.not_found': 'This invitation doesn’t exist.',
  'error.invitation.invalid_email': 'Not a valid email address.',
  'error.invitation.already_member': 'Already a member.',
  'error.invitation.duplicate_pending': 'Already has a pending invitation.',
  'error.invitation.not_pending': 'This invitation is no longer pending.',
  'error.invitation.wrong_user':
    'This invitation was sent to another email address. Sign in with that address.',
  'error.rate_limited': 'Too many requests. Wait a moment and try again.',
  'error.upstream.unavailable': 'The sign-in service is unavailable. Try again shortly.',
  'error.upstream.error': 'The sign-in service answered with an error. Try again shortly.',
  'error.upstream.timeout': 'The sign-in service took too long to answer. Try again.',
  'error.route.not_found': 'The server doesn’t offer this. Check the API address.',
  'error.internal': 'The server had a problem. Try again later.',

  // ---- <org-members> ----
  'members.title': 'Members',
  'members.search': 'Search members',
  'members.searchPlaceholder': 'Name or email',
  'members.role': 'Role',
  'members.allRoles': 'All roles',
  'members.total_one': '{count} member',
  'members.total_other': '{count} members',
  'members.empty': 'No members yet.',
  'members.noMatch': 'No members match.',
  'members.you': 'You',
  'members.noRole': 'No role',
  'members.pages': 'Pages',
  'members.pageOf': 'Page {page} of {pages}',
  'members.changeRoles': 'Change roles',
  'members.changeRolesOf': 'Change roles of {name}',
  'members.remove': 'Remove',
  'members.removeName': 'Remove {name}',
  'members.leave': 'Leave organization',
  'members.rolesTitle': 'Roles of {name}',
  'members.rolesSaved': 'Roles of {name} updated.',
  'members.removeTitle': 'Remove {name}?',
  'members.removeBody': '{name} loses access to this organization right away.',
  'members.removed': '{name} was removed.',
  'members.leaveTitle': 'Leave this organization?',
  'members.leaveBody': 'You lose access right away. To come back, someone has to invite you again.',
  'members.left': 'You left the organization.',

  // ---- <org-invite> ----
  'invite.title': 'Invite people',
  'invite.emails': 'Email addresses',
  'invite.emailsHint': 'Separate addresses with commas, spaces or new lines. Up to {max} at once.',
  'invite.role': 'Role',
  'invite.expiry': 'Link expires after',
  'invite.days_one': '{count} day',
  'invite.days_other': '{count} days',
  'invite.submit': 'Send invitations',
  'invite.sending': 'Sending…',
  'invite.count_one': '{count} address',
  'invite.count_other': '{count} addresses',
  'invite.invalid': 'Not valid: {list}',
  'invite.tooMany': 'Up to {max} addresses at once; you entered {count}.',
  'invite.noEmails': 'Enter at least one email address.',
  'invite.noRole': 'Choose a role.',
  'invite.results': 'Results',
  'invite.summary': '{ok} of {total} invitations created.',
  'invite.sent': 'Email sent',
  'invite.link': 'Share the link',
  'invite.failed': 'Not invited',
  'invite.copyFor': 'Copy invitation link for {email}',
  'invite.pending': 'Pending invitations',
  'invite.noPending': 'No pending invitations.',
  'invite.invitee': 'Email',
  'invite.roles': 'Roles',
  'invite.status': 'Status',
  'invite.expires': 'Expires',
  'invite.actions': 'Actions',
  'invite.resend': 'Resend',
  'invite.resendTo': 'Resend invitation to {email}',
  'invite.revoke': 'Revoke',
  'invite.revokeTo': 'Revoke invitation to {email}',
  'invite.revokeTitle': 'Revoke the invitation to {email}?',
  'invite.revokeBody': 'The invitation link stops working.',
  'invite.resent': 'Invitation to {email} sent again.',
  'invite.resentLink': 'New link for {email} ready to copy.',
  'invite.revoked': 'Invitation to {email} revoked.',
  'invite.noPermission': 'You don’t have permission to invite people.',
  'invite.status.Pending': 'Pending',
  'invite.status.Accepted': 'Accepted',
  'invite.status.Expired': 'Expired',
  'invite.status.Revoked': 'Revoked',

  // ---- <org-create> ----

  // ---- <org-switcher> ----

  // ---- <org-invitation> ----
};

export type TranslationKey = keyof typeof en;
/** A complete translation: one string per key of the English reference. */
export type Translation = Record<TranslationKey, string>;
