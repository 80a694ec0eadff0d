import type { Plugin } from 'vite';
/** Collapses whitespace in html`` and css`` templates (Lit's own minifier), before esbuild. */
export function templateMinifier(): Plugin;
