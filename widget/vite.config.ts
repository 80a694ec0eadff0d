// Builds the self-contained single-file bundle: every element with lit included, minified,
// loadable by a plain HTML page with one <script type="module">. @logto/browser is not included:
// pages pass their own LogtoClient to configure().
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { templateMinifier } from './build-plugins.mjs';

export default defineConfig({
  logLevel: 'warn',
  plugins: [templateMinifier()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: false,
    target: 'es2022',
    lib: {
      entry: fileURLToPath(new URL('./src/index.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'org-widget.min.js',
    },
    rolldownOptions: {
      // No bundler reads this file's pure annotations after it: they are left out.
      output: { minify: true, comments: { annotation: false } },
    },
  },
});
