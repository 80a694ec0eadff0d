/**
 * English strings: the complete reference (the first column of `strings.ts`). Every other
 * language is typed against these keys and falls back to English per missing key.
 */
import { strings } from './strings.js';

export type TranslationKey = keyof typeof strings;
/** A complete translation: one string per key of the English reference. */
export type Translation = Record<TranslationKey, string>;

/** Column `index` of the string table as one object per language. */
export const column = (index: 0 | 1) =>
  Object.fromEntries(Object.entries(strings).map(([key, row]) => [key, row[index]])) as Translation;

export const en = column(0);
