/** Strings of `<org-invitation>`, English and Japanese side by side (see `strings.ts`). */
import type { StringTable } from './strings.js';

export const strings = {
  'invitation.missingId': ['No invitation to show.', '表示する招待がありません。'],
  'invitation.title': ['Join {name}', '{name} に参加'],
  'invitation.titleDone': ['Invitation to {name}', '{name} への招待'],
  'invitation.open': ['Open {name}', '{name} を開く'],
  'invitation.invitedBy': [
    '{name} invited you to join this organization.',
    '{name} さんからこの組織への招待が届いています。',
  ],
  'invitation.invited': [
    'You were invited to join this organization.',
    'この組織への招待が届いています。',
  ],
  'invitation.roles': ['Your role', 'あなたのロール'],
  'invitation.accept': ['Accept invitation', '招待を承諾'],
  'invitation.accepting': ['Joining…', '参加しています…'],
  'invitation.signInTitle': ['Sign in to see your invitation', 'サインインして招待を確認'],
  'invitation.signInBody': [
    'Sign in with the email address the invitation was sent to.',
    '招待が送られたメールアドレスでサインインしてください。',
  ],
  'invitation.signIn': ['Sign in to accept', 'サインインして承諾'],
  'invitation.wrongUserTitle': [
    'This invitation is for someone else',
    'この招待は別のユーザー宛てです',
  ],
  'invitation.wrongUser': [
    'This invitation is for {invitee}; you’re signed in as {email}.',
    'この招待は {invitee} 宛てですが、{email} としてサインインしています。',
  ],
  'invitation.wrongUserInvitee': [
    'This invitation is for {invitee}; you’re signed in with another account.',
    'この招待は {invitee} 宛てですが、別のアカウントでサインインしています。',
  ],
  'invitation.wrongUserEmail': [
    'This invitation was sent to another email address; you’re signed in as {email}.',
    'この招待は別のメールアドレス宛てです。現在 {email} としてサインインしています。',
  ],
  'invitation.wrongUserAny': [
    'This invitation was sent to a different email address than the one you’re signed in with.',
    'この招待は、サインイン中のアカウントとは別のメールアドレス宛てに送られています。',
  ],
  'invitation.switchAccount': ['Switch account', 'アカウントを切り替える'],
  'invitation.status.Accepted': [
    'This invitation has already been accepted.',
    'この招待はすでに承諾されています。',
  ],
  'invitation.status.Expired': [
    'This invitation has expired. Ask the person who invited you for a new one.',
    'この招待は有効期限が切れています。招待した人に新しい招待を依頼してください。',
  ],
  'invitation.status.Revoked': [
    'This invitation was withdrawn. Ask the person who invited you for a new one.',
    'この招待は取り消されました。招待した人に新しい招待を依頼してください。',
  ],
  'invitation.notFound': [
    'This invitation doesn’t exist or was deleted. Check the link you opened.',
    'この招待は存在しないか、削除されました。開いたリンクを確認してください。',
  ],
} satisfies StringTable;
