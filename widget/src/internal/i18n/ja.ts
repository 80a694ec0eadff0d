/** Japanese strings (complete: the second column of every table). */
import { column } from './en.js';

export const ja = column(1);
