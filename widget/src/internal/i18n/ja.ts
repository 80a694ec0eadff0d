/** Japanese strings (complete: the second column of `strings.ts`). */
import { column } from './en.js';

export const ja = column(1);
