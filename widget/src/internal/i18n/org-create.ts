/** Strings of `<org-create>`, English and Japanese side by side (see `strings.ts`). */
import type { StringTable } from './strings.js';

export const strings = {
  'create.title': ['Create an organization', '組織を作成'],
  'create.creating': ['Creating…', '作成中…'],
  'create.created': ['Organization “{name}” created.', '組織「{name}」を作成しました。'],
} satisfies StringTable;
