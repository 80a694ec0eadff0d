// Build plugins shared by the single-file bundle (widget/vite.config.ts) and the size budget
// check (bench/size.mjs), so the budget measures exactly what ships.
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';

/** Collapses whitespace in html`` and css`` templates (Lit's own minifier), before esbuild. */
export function templateMinifier() {
  return { ...minifyHTML(), enforce: 'pre' };
}
