// Build plugins shared by the single-file bundle (widget/vite.config.ts) and the size budget
// check and render benchmark (bench/size.mjs), so they measure exactly what ships.
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';

/**
 * Every plugin of the single-file bundle (named for the first, once the only one): Lit's template
 * minifier, then the compile hint below.
 */
export function templateMinifier() {
  return [{ ...minifyHTML(), enforce: 'pre' }, compileHint()];
}

/**
 * Starts each chunk with V8's `//# allFunctionsCalledOnLoad` hint. A page that loads the bundle
 * draws its elements at once, and nearly every function of an element runs on its first render:
 * with the hint, Chromium compiles them while the file streams in, on a background thread, instead
 * of one by one on the main thread during that render (about 5 ms of the first render's 25 ms of
 * main-thread time). Other engines read it as a comment. Added after minification, which drops
 * comments; the bundle has no source map to shift.
 */
function compileHint() {
  return {
    name: 'org-widget-compile-hint',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk') chunk.code = `//# allFunctionsCalledOnLoad\n${chunk.code}`;
      }
    },
  };
}
