/** Strings of `<org-switcher>`, English and Japanese side by side (see `strings.ts`). */
import type { StringTable } from './strings.js';

export const strings = {
  'common.close': ['Close', '閉じる'],
  'switcher.trigger': ['Organization: {name}', '組織: {name}'],
  'switcher.choose': ['Choose an organization', '組織を選択'],
  'switcher.list': ['Your organizations', '所属している組織'],
  'switcher.empty': ['You’re not in any organization yet.', 'まだどの組織にも所属していません。'],
  'switcher.lost': [
    'You are no longer a member of {name}.',
    '{name} のメンバーではなくなりました。',
  ],
  'switcher.invitations': ['Invitations', '招待'],
  'switcher.pending_one': ['{count} pending invitation', '保留中の招待 {count} 件'],
  'switcher.pending_other': ['{count} pending invitations', '保留中の招待 {count} 件'],
  'switcher.from': ['From {name} ·', '{name} さんから ·'],
  'switcher.join': ['Join {name}', '{name} に参加'],
  'switcher.joinShort': ['Join', '参加'],
  'switcher.decline': ['Decline the invitation to {name}', '{name} への招待を辞退'],
  'switcher.declineShort': ['Decline', '辞退'],
  'switcher.declined': ['Invitation to {name} declined.', '{name} への招待を辞退しました。'],
} satisfies StringTable;
