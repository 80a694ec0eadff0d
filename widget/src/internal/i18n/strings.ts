/**
 * Every built-in string, English and Japanese side by side: `'key': [en, ja]`. English is the
 * complete reference; `en.ts` and `ja.ts` turn the columns into one `Translation` object per
 * language (one table keeps each key once in the bundle, and a missing translation in sight).
 * `{name}` placeholders are interpolated; keys ending in `_one` / `_other` (and other
 * `Intl.PluralRules` categories) are plural forms of one message. One block per element; shared
 * strings first.
 */
export const strings = {
  // ---- shared ----
  'common.loading': ['Loading…', '読み込み中…'],
  'common.retry': ['Try again', '再試行'],
  'common.cancel': ['Cancel', 'キャンセル'],
  'common.close': ['Close', '閉じる'],
  'common.save': ['Save', '保存'],
  'common.copy': ['Copy link', 'リンクをコピー'],
  'common.copied': ['Link copied.', 'リンクをコピーしました。'],
  'common.copyFailed': [
    'Could not copy. Select the link and copy it yourself.',
    'コピーできませんでした。リンクを選択して手動でコピーしてください。',
  ],
  'common.previous': ['Previous', '前へ'],
  'common.next': ['Next', '次へ'],
  'common.noPermission': [
    'You don’t have permission to see this.',
    'この内容を表示する権限がありません。',
  ],
  'common.missingId': ['No organization selected.', '組織が選択されていません。'],
  'role.admin': ['Admin', '管理者'],
  'role.member': ['Member', 'メンバー'],

  // ---- error messages, one per stable code ----
  'error.generic': [
    'Something went wrong. Please try again.',
    '問題が発生しました。もう一度お試しください。',
  ],
  'error.network': [
    'Can’t reach the server. Check your connection and try again.',
    'サーバーに接続できません。接続を確認してもう一度お試しください。',
  ],
  'error.config.missing': [
    'This widget is not set up: no API address or sign-in.',
    'このウィジェットは未設定です（API の URL またはサインインなし）。',
  ],
  'error.auth.token_failed': [
    'Your sign-in could not be confirmed. Please sign in again.',
    'サインイン状態を確認できませんでした。もう一度サインインしてください。',
  ],
  'error.unexpected': [
    'The server gave an unexpected answer. Please try again.',
    'サーバーから予期しない応答がありました。もう一度お試しください。',
  ],
  'error.request.invalid': [
    'Some input was not accepted. Check it and try again.',
    '入力内容の一部が受け付けられませんでした。確認してください。',
  ],
  'error.request.too_large': [
    'That is too much at once. Try with less.',
    '一度に送信できる量を超えています。減らしてお試しください。',
  ],
  'error.auth.missing_token': ['Please sign in first.', '先にサインインしてください。'],
  'error.auth.invalid_token': [
    'Your session has expired. Please sign in again.',
    'セッションの有効期限が切れました。もう一度サインインしてください。',
  ],
  'error.auth.forbidden': [
    'You don’t have permission to do this.',
    'この操作を行う権限がありません。',
  ],
  'error.organization.not_found': [
    'This organization doesn’t exist or has been deleted.',
    'この組織は存在しないか、削除されました。',
  ],
  'error.organization.not_member': [
    'You are not a member of this organization.',
    'あなたはこの組織のメンバーではありません。',
  ],
  'error.member.not_found': [
    'This person is no longer a member.',
    'このユーザーはすでにメンバーではありません。',
  ],
  'error.member.last_admin': [
    'An organization needs at least one admin. Make someone else an admin first.',
    '組織には管理者が少なくとも 1 人必要です。先に他のメンバーを管理者にしてください。',
  ],
  'error.role.not_found': ['That role no longer exists.', 'このロールは存在しません。'],
  'error.role.escalation': [
    'You can only grant roles whose permissions you have yourself.',
    '自分が持っている権限の範囲内のロールしか付与できません。',
  ],
  'error.invitation.not_found': ['This invitation doesn’t exist.', 'この招待は存在しません。'],
  'error.invitation.invalid_email': [
    'Not a valid email address.',
    'メールアドレスの形式が正しくありません。',
  ],
  'error.invitation.already_member': ['Already a member.', 'すでにメンバーです。'],
  'error.invitation.duplicate_pending': [
    'Already has a pending invitation.',
    '保留中の招待がすでにあります。',
  ],
  'error.invitation.not_pending': [
    'This invitation is no longer pending.',
    'この招待は承諾済み、取り消し済み、または期限切れです。',
  ],
  'error.rate_limited': [
    'Too many requests. Wait a moment and try again.',
    'リクエストが多すぎます。しばらく待ってからお試しください。',
  ],
  'error.upstream.unavailable': [
    'The sign-in service is unavailable. Try again shortly.',
    '認証サービスを利用できません。しばらくしてからお試しください。',
  ],
  'error.upstream.error': [
    'The sign-in service failed. Try again shortly.',
    '認証サービスでエラーが発生しました。',
  ],
  'error.upstream.timeout': [
    'The sign-in service took too long to answer. Try again.',
    '認証サービスの応答がタイムアウトしました。もう一度お試しください。',
  ],
  'error.route.not_found': [
    'The server doesn’t offer this. Check the API address.',
    'サーバーがこの機能に対応していません。API の URL を確認してください。',
  ],
  'error.internal': [
    'The server had a problem. Try again later.',
    'サーバーで問題が発生しました。時間をおいてお試しください。',
  ],

  // ---- <org-members> ----
  'members.title': ['Members', 'メンバー'],
  'members.search': ['Search members', 'メンバーを検索'],
  'members.searchPlaceholder': ['Name or email', '名前またはメールアドレス'],
  'members.role': ['Role', 'ロール'],
  'members.allRoles': ['All roles', 'すべてのロール'],
  'members.total_one': ['{count} member', 'メンバー {count} 人'],
  'members.total_other': ['{count} members', 'メンバー {count} 人'],
  'members.empty': ['No members yet.', 'まだメンバーがいません。'],
  'members.noMatch': ['No members match.', '該当するメンバーはいません。'],
  'members.you': ['You', 'あなた'],
  'members.noRole': ['No role', 'ロールなし'],
  'members.pages': ['Pages', 'ページ'],
  'members.pageOf': ['Page {page} of {pages}', '{page} / {pages} ページ'],
  'members.changeRoles': ['Change roles', 'ロールを変更'],
  'members.changeRolesOf': ['Change roles of {name}', '{name} のロールを変更'],
  'members.remove': ['Remove', '削除'],
  'members.removeName': ['Remove {name}', '{name} を削除'],
  'members.leave': ['Leave organization', '組織から脱退'],
  'members.rolesTitle': ['Roles of {name}', '{name} のロール'],
  'members.rolesSaved': ['Roles of {name} updated.', '{name} のロールを更新しました。'],
  'members.removeTitle': ['Remove {name}?', '{name} をこの組織から削除しますか？'],
  'members.removeBody': [
    '{name} loses access to this organization right away.',
    '{name} はただちにこの組織にアクセスできなくなります。',
  ],
  'members.removed': ['{name} was removed.', '{name} を組織から削除しました。'],
  'members.leaveTitle': ['Leave this organization?', 'この組織から脱退しますか？'],
  'members.leaveBody': [
    'You lose access right away. To return, you need a new invitation.',
    'ただちにアクセスできなくなります。戻るには再度招待を受ける必要があります。',
  ],
  'members.left': ['You left the organization.', '組織から脱退しました。'],
  'members.lastAdminLeave': [
    'You are the only admin. Make someone else an admin before you leave.',
    'あなたは唯一の管理者です。脱退する前に他のメンバーを管理者にしてください。',
  ],
  'members.lastAdminDemote': [
    'You are the only admin: keep the admin role or make someone else an admin first.',
    'あなたは唯一の管理者です。管理者ロールを外す前に他のメンバーを管理者にしてください。',
  ],
  'members.oneRole': ['Choose at least one role.', 'ロールを 1 つ以上選択してください。'],

  // ---- <org-profile> ----
  'profile.title': ['Organization settings', '組織の設定'],
  'profile.logo': ['Logo URL', 'ロゴの URL'],
  'profile.darkLogo': ['Logo URL for dark mode', 'ダークモード用ロゴの URL'],
  'profile.badUrl': [
    'Enter a full address starting with https://.',
    'https:// で始まる完全な URL を入力してください。',
  ],
  'profile.saved': ['Changes saved.', '変更を保存しました。'],
  'profile.danger': ['Leave or delete', '脱退と削除'],
  'profile.delete': ['Delete organization', '組織を削除'],
  'profile.deleteTitle': ['Delete {name}?', '{name} を削除しますか？'],
  'profile.deleteBody': [
    'All members lose access and pending invitations stop working. This cannot be undone.',
    'すべてのメンバーがアクセスできなくなり、保留中の招待も無効になります。元に戻せません。',
  ],
  'profile.typeName': ['Type “{name}” to confirm', '確認のため「{name}」と入力してください'],
  'profile.deleted': ['The organization was deleted.', '組織を削除しました。'],
  'domains.title': ['Automatic membership by email domain', 'メールドメインによる自動参加'],
  'domains.none': ['Nobody joins automatically.', '自動で参加するユーザーはいません。'],
  'domains.explain': [
    'People who create an account with an {domains} email join with the {roles} role.',
    '{domains} のメールアドレスでアカウントを作成したユーザーは、{roles} ロールで自動的に参加します。',
  ],
  'domains.notAffected': [
    'Existing users and invited people are not affected.',
    '既存のユーザーと招待されたユーザーには影響しません。',
  ],
  'domains.add': ['Add domain', 'ドメインを追加'],
  'domains.remove': ['Remove @{domain}', '@{domain} を削除'],
  'domains.ownHint': [
    'You can add the domain of your own email address ({domain}).',
    '追加できるのは自分のメールアドレスのドメイン（{domain}）です。',
  ],
  'domains.anyHint': [
    'Public email domains such as gmail.com are not allowed.',
    'gmail.com などの公開メールドメインは追加できません。',
  ],
  'domains.roles': ['Role for people who join this way', 'この方法で参加したユーザーのロール'],

  // ---- <org-invite> ----
  'invite.title': ['Invite people', 'メンバーを招待'],
  'invite.emails': ['Email addresses', 'メールアドレス'],
  'invite.emailsHint': [
    'Separate addresses with commas, spaces or new lines. Up to {max} at once.',
    'カンマ、スペース、改行で区切って入力してください。一度に {max} 件まで招待できます。',
  ],
  'invite.expiry': ['Link expires after', 'リンクの有効期間'],
  'invite.days_one': ['{count} day', '{count} 日間'],
  'invite.days_other': ['{count} days', '{count} 日間'],
  'invite.submit': ['Send invitations', '招待を送信'],
  'invite.sending': ['Sending…', '送信中…'],
  'invite.count_one': ['{count} address', '{count} 件のアドレス'],
  'invite.count_other': ['{count} addresses', '{count} 件のアドレス'],
  'invite.invalid': ['Not valid: {list}', '無効なアドレス: {list}'],
  'invite.tooMany': [
    'Up to {max} addresses at once; you entered {count}.',
    '一度に招待できるのは {max} 件までです（{count} 件入力されています）。',
  ],
  'invite.noEmails': [
    'Enter at least one email address.',
    'メールアドレスを 1 件以上入力してください。',
  ],
  'invite.results': ['Results', '結果'],
  'invite.summary': [
    '{ok} of {total} invitations created.',
    '{total} 件中 {ok} 件の招待を作成しました。',
  ],
  'invite.sent': ['Email sent', 'メール送信済み'],
  'invite.link': ['Share the link', 'リンクで共有'],
  'invite.failed': ['Not invited', '失敗'],
  'invite.copyFor': ['Copy link for {email}', '{email} の招待リンクをコピー'],
  'invite.pending': ['Pending invitations', '保留中の招待'],
  'invite.noPending': ['No pending invitations.', '保留中の招待はありません。'],
  'invite.invitee': ['Email', 'メールアドレス'],
  'invite.roles': ['Roles', 'ロール'],
  'invite.status': ['Status', '状態'],
  'invite.expires': ['Expires', '有効期限'],
  'invite.actions': ['Actions', '操作'],
  'invite.resend': ['Resend', '再送信'],
  'invite.resendTo': ['Resend invitation to {email}', '{email} に招待を再送信'],
  'invite.revoke': ['Revoke', '取り消し'],
  'invite.revokeTo': ['Revoke invitation to {email}', '{email} への招待を取り消す'],
  'invite.revokeTitle': ['Revoke the invitation to {email}?', '{email} への招待を取り消しますか？'],
  'invite.revokeBody': ['The invitation link stops working.', '招待リンクは使えなくなります。'],
  'invite.resent': ['Invitation to {email} sent again.', '{email} に招待を再送信しました。'],
  'invite.resentLink': [
    'New link for {email} ready to copy.',
    '{email} の新しいリンクを作成しました。コピーして共有してください。',
  ],
  'invite.revoked': ['Invitation to {email} revoked.', '{email} への招待を取り消しました。'],
  'invite.noPermission': [
    'You don’t have permission to invite people.',
    'メンバーを招待する権限がありません。',
  ],
  'invite.status.Pending': ['Pending', '保留中'],
  'invite.status.Expired': ['Expired', '期限切れ'],

  // ---- <org-create> ----
  'create.title': ['Create an organization', '組織を作成'],
  'create.name': ['Name', '名前'],
  'create.description': ['Description (optional)', '説明（任意）'],
  'create.submit': ['Create organization', '組織を作成'],
  'create.creating': ['Creating…', '作成中…'],
  'create.nameRequired': ['Enter a name.', '名前を入力してください。'],
  'create.tooLong': [
    'Use at most {max} characters (now {count}).',
    '{max} 文字以内で入力してください（現在 {count} 文字）。',
  ],
  'create.created': ['Organization “{name}” created.', '組織「{name}」を作成しました。'],

  // ---- <org-switcher> ----
  'switcher.trigger': ['Organization: {name}', '組織: {name}'],
  'switcher.choose': ['Choose an organization', '組織を選択'],
  'switcher.list': ['Your organizations', '所属している組織'],
  'switcher.empty': ['You’re not in any organization yet.', 'まだどの組織にも所属していません。'],

  // ---- <org-invitation> ----
  'invitation.missingId': ['No invitation to show.', '表示する招待がありません。'],
  'invitation.title': ['Join {name}', '{name} に参加'],
  'invitation.invitedBy': [
    '{name} invited you to join this organization.',
    '{name} さんからこの組織への招待が届いています。',
  ],
  'invitation.invited': [
    'You were invited to join this organization.',
    'この組織への招待が届いています。',
  ],
  'invitation.roles': ['Your role', 'あなたのロール'],
  'invitation.expires': ['Expires {date}', '有効期限: {date}'],
  'invitation.accept': ['Accept invitation', '招待を承諾'],
  'invitation.accepting': ['Joining…', '参加しています…'],
  'invitation.accepted': ['You joined {name}.', '{name} に参加しました。'],
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
} satisfies Record<string, readonly [en: string, ja: string]>;
