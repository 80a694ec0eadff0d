/**
 * Every built-in string in one place, for types and tests: the shared table plus each element's.
 * Elements do not import this file (each adds only its own table, see `localize.ts`).
 */
import { strings as create } from './org-create.js';
import { strings as invitation } from './org-invitation.js';
import { strings as invite } from './org-invite.js';
import { strings as members } from './org-members.js';
import { strings as profile } from './org-profile.js';
import { strings as switcher } from './org-switcher.js';
import { strings as shared, type StringTable } from './strings.js';

const all = { ...shared, ...members, ...invite, ...create, ...switcher, ...invitation, ...profile };

export type TranslationKey = keyof typeof all;
/** A complete translation: one string per key of the English reference. */
export type Translation = Record<TranslationKey, string>;

/** Column `index` (0 English, 1 Japanese) of a string table as one object. */
export const column = (index: 0 | 1, table: StringTable = all) =>
  Object.fromEntries(Object.entries(table).map(([key, row]) => [key, row[index]])) as Translation;

/** English strings: the complete reference. */
export const en = column(0);
