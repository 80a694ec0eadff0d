/**
 * Every built-in string, English and Japanese side by side: `'key': [en, ja]`. English is the
 * complete reference; `en.ts` and `ja.ts` turn the columns into one `Translation` object per
 * language (one table keeps each key once in the bundle, and a missing translation in sight).
 * Strings used by one element live beside it in `i18n/<element>.ts` and are added when that element
 * loads, so an element bundled alone carries only its own. `{name}` placeholders are interpolated; keys ending in `_one` / `_other` (and other
 * `Intl.PluralRules` categories) are plural forms of one message. One block per element; shared
 * strings first.
 */
/** A table of strings: `'key': [en, ja]`. */
export type StringTable = Record<string, readonly [en: string, ja: string]>;

export const strings = {
  'common.loading': ['Loading…', '読み込み中…'],
  'common.retry': ['Try again', '再試行'],
  'common.cancel': ['Cancel', 'キャンセル'],
  'common.save': ['Save', '保存'],
  'common.noPermission': [
    'You don’t have permission to see this.',
    'この内容を表示する権限がありません。',
  ],
  'common.missingId': ['No organization selected.', '組織が選択されていません。'],
  'role.admin': ['Admin', '管理者'],
  'role.member': ['Member', 'メンバー'],
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
  'error.auth.not_a_user': [
    'This needs a signed-in person, not an application.',
    'この操作にはアプリケーションではなく、サインインしたユーザーが必要です。',
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
  'error.member.no_role': [
    'Every member needs at least one role.',
    'メンバーには少なくとも 1 つのロールが必要です。',
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
  'error.invitation.wrong_user': [
    'This invitation was sent to another email address.',
    'この招待は別のメールアドレス宛てに送信されました。',
  ],
  'error.domain.invalid': [
    'That is not a domain name, like example.com.',
    'ドメイン名ではありません（例: example.com）。',
  ],
  'error.domain.public': [
    'A public email provider can’t be an organization domain: anyone could join.',
    '公開メールサービスのドメインは、誰でも参加できてしまうため組織のドメインにできません。',
  ],
  'error.domain.not_own': [
    'You can only add the domain of your own email address.',
    '追加できるのは自分のメールアドレスのドメインのみです。',
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
  'error.lock.busy': [
    'Someone else is changing this organization. Try again in a moment.',
    '他のユーザーがこの組織を変更中です。しばらくしてからお試しください。',
  ],
  'error.lock.unavailable': [
    'The server can’t make this change right now. Nothing was changed; try again shortly.',
    'サーバーが現在この変更を行えません。何も変更されていません。しばらくしてからお試しください。',
  ],
  'error.route.not_found': [
    'The server doesn’t offer this. Check the API address.',
    'サーバーがこの機能に対応していません。API の URL を確認してください。',
  ],
  'error.internal': [
    'The server had a problem. Try again later.',
    'サーバーで問題が発生しました。時間をおいてお試しください。',
  ],
  'members.title': ['Members', 'メンバー'],
  'members.role': ['Role', 'ロール'],
  'members.noRole': ['No role', 'ロールなし'],
  'members.leave': ['Leave organization', '組織から脱退'],
  'members.leaveTitle': ['Leave this organization?', 'この組織から脱退しますか？'],
  'members.leaveBody': [
    'You lose access right away. To return, you need a new invitation.',
    'ただちにアクセスできなくなります。戻るには再度招待を受ける必要があります。',
  ],
  'members.left': ['You left the organization.', '組織から脱退しました。'],
  'create.name': ['Name', '名前'],
  'create.description': ['Description (optional)', '説明（任意）'],
  'create.submit': ['Create organization', '組織を作成'],
  'create.nameRequired': ['Enter a name.', '名前を入力してください。'],
  'create.tooLong': [
    'Use at most {max} characters (now {count}).',
    '{max} 文字以内で入力してください（現在 {count} 文字）。',
  ],
  'invitation.expires': ['Expires {date}', '有効期限: {date}'],
  'invitation.accepted': ['You joined {name}.', '{name} に参加しました。'],
  'members.lastAdminLeave': [
    'You are the only admin. Make someone else an admin before you leave.',
    'あなたは唯一の管理者です。脱退する前に他のメンバーを管理者にしてください。',
  ],
} satisfies StringTable;
