// Copies the elements' single-file bundle next to the page and bundles Logto's browser SDK into
// one file (it ships only as npm modules), so the page loads both from this server: no CDN.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
mkdirSync('public/vendor', { recursive: true });
copyFileSync(require.resolve('logto-org-widget/bundle'), 'public/vendor/org-widget.min.js');
await build({
  entryPoints: ['@logto/browser'],
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2022',
  outfile: 'public/vendor/logto-browser.js',
  logLevel: 'warning',
});
console.log('public/vendor: org-widget.min.js, logto-browser.js');
