/** Types of bench/size.mjs (shared by `npm run bench` and scripts/check-size.mjs). */
export interface Measured {
  rawBytes: number;
  gzipBytes: number;
}
export interface SizeResult {
  gzipLevel: string;
  budgetGzipBytes: number;
  elementsFound: string[];
  elementsMissing: string[];
  /** The single-file bundle of every element with lit. */
  all: Measured;
  /** Share of each part (lit, translations, each element…) in percent, before minification. */
  allSharePercent: Record<string, number>;
  /** Code of the all-elements bundle (for the render benchmark). */
  allCode: string;
  /** The same bundle plus `@logto/browser` (only without `only`). */
  withLogto?: Measured;
  logtoAlone?: Measured;
  /** Each element module bundled alone with lit. */
  perElement?: Record<string, Measured>;
  buildMs: number;
}
export const ROOT: string;
export const ELEMENTS_GZIP_BUDGET_BYTES: number;
export const ELEMENT_GZIP_BUDGET_BYTES: number;
export const EXPECTED_ELEMENTS: string[];
export function findElements(root?: string): Array<{ name: string; file: string }>;
export function measure(code: string): Measured;
export function measureSizes(options?: {
  root?: string;
  only?: 'all' | 'elements';
}): Promise<SizeResult>;
