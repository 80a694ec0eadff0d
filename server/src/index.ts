export { AppError } from './errors.js';
export type { AppErrorOptions } from './errors.js';
