import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Logto-style id: lowercase alphanumeric. Users and organizations use 12, the rest 21. */
export function generateId(length = 21): string {
  let id = '';
  for (let index = 0; index < length; index += 1) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

/** Longest id Logto stores (21); longer ids are refused as too long rather than unknown. */
export const MAX_ID_LENGTH = 21;
