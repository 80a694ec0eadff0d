/** Strings of `<org-members>`, English and Japanese side by side (see `strings.ts`). */
import type { StringTable } from './strings.js';

export const strings = {
  'common.previous': ['Previous', '前へ'],
  'common.next': ['Next', '次へ'],
  'members.search': ['Search members', 'メンバーを検索'],
  'members.searchPlaceholder': ['Name or email', '名前またはメールアドレス'],
  'members.allRoles': ['All roles', 'すべてのロール'],
  'members.total_one': ['{count} member', 'メンバー {count} 人'],
  'members.total_other': ['{count} members', 'メンバー {count} 人'],
  'members.empty': ['No members yet.', 'まだメンバーがいません。'],
  'members.noMatch': ['No members match.', '該当するメンバーはいません。'],
  'members.you': ['You', 'あなた'],
  'members.pages': ['Pages', 'ページ'],
  'members.pageOf': ['Page {page} of {pages}', '{page} / {pages} ページ'],
  'members.changeRoles': ['Change roles', 'ロールを変更'],
  'members.changeRolesOf': ['Change roles of {name}', '{name} のロールを変更'],
  'members.remove': ['Remove', '削除'],
  'members.removeName': ['Remove {name}', '{name} を削除'],
  'members.rolesTitle': ['Roles of {name}', '{name} のロール'],
  'members.rolesSaved': ['Roles of {name} updated.', '{name} のロールを更新しました。'],
  'members.removeTitle': ['Remove {name}?', '{name} をこの組織から削除しますか？'],
  'members.removeBody': [
    '{name} loses access to this organization right away.',
    '{name} はただちにこの組織にアクセスできなくなります。',
  ],
  'members.removed': ['{name} was removed.', '{name} を組織から削除しました。'],
  'members.lastAdminDemote': [
    'You are the only admin: keep the admin role or make someone else an admin first.',
    'あなたは唯一の管理者です。管理者ロールを外す前に他のメンバーを管理者にしてください。',
  ],
  'members.oneRole': ['Choose at least one role.', 'ロールを 1 つ以上選択してください。'],
  // A change made elsewhere (another admin, Logto's console) was fetched (live updates).
  'live.members': ['Members updated.', 'メンバーが更新されました。'],
} satisfies StringTable;
