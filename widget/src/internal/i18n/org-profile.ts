/** Strings of `<org-profile>`, English and Japanese side by side (see `strings.ts`). */
import type { StringTable } from './strings.js';

export const strings = {
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
} satisfies StringTable;
