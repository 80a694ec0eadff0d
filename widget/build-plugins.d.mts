import type { Plugin } from 'vite';
/** Every plugin of the single-file bundle: Lit's template minifier, then V8's compile hint. */
export function templateMinifier(): Plugin[];
