// Bundle sizes of the elements, measured with vite's JS API into memory (never touches dist/).
// Every figure is a minified ES module with its dependencies (lit, @lit/task) bundled in, the same
// settings as widget/vite.config.ts; gzip is zlib's default level (what `gzip` and vite print).
import { mkdirSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { templateMinifier } from '../widget/build-plugins.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Budget of the single-file bundle of all elements with lit (gzip bytes): 32,700. The 30,000 set
 * for six elements did not foresee live updates (about 1.1 KB: the shared stream client and the
 * elements' refresh hooks), then pending invitations named their inviter (about 40 B, with its
 * English and Japanese strings), then the quiet start that draws the first answers in one go
 * (about 170 B for four elements; the bundle dropped its pure annotations, 55 B, at the same time),
 * then invitations that always carry a role (`<org-invite>` preselects one the inviter may grant
 * and says so when there is none, in English and Japanese: about 80 B); each element alone stays
 * within 20,000.
 */
export const ELEMENTS_GZIP_BUDGET_BYTES = 32_700;
/** Budget of each element alone with lit (gzip bytes). */
export const ELEMENT_GZIP_BUDGET_BYTES = 20_000;

/** The six elements DESIGN.md names; a missing one is reported, not ignored. */
export const EXPECTED_ELEMENTS = [
  'org-create',
  'org-profile',
  'org-members',
  'org-invite',
  'org-switcher',
  'org-invitation',
];

/** Element modules present in the tree: `widget/src/<name>/<name>.ts`. */
export function findElements(root = ROOT) {
  const src = join(root, 'widget', 'src');
  return readdirSync(src, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'internal')
    .map((entry) => ({ name: entry.name, file: join(src, entry.name, `${entry.name}.ts`) }))
    .filter((element) => existsSync(element.file))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Raw and gzip bytes of a piece of code. */
export function measure(code) {
  const buffer = Buffer.from(code);
  return { rawBytes: buffer.length, gzipBytes: gzipSync(buffer).length };
}

async function bundle(entryFile) {
  const output = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    mode: 'production',
    plugins: [templateMinifier()],
    build: {
      write: false,
      target: 'es2022',
      emptyOutDir: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      lib: { entry: entryFile, formats: ['es'], fileName: () => 'bundle.js' },
      // As the single-file bundle is built (widget/vite.config.ts): minified, no pure annotations.
      rolldownOptions: {
        output: {
          minify: true,
          codeSplitting: false,
          comments: { annotation: false },
        },
      },
    },
  });
  const outputs = Array.isArray(output) ? output : [output];
  const chunks = outputs
    .flatMap((o) => ('output' in o ? o.output : []))
    .filter((c) => c.type === 'chunk');
  if (chunks.length !== 1)
    throw new Error(`expected one chunk for ${entryFile}, got ${chunks.length}`);
  return chunks[0];
}

/** Which part of the bundle a module belongs to, for the breakdown. */
function groupOf(id) {
  const path = id.split('\\').join('/');
  if (/\/node_modules\/(lit|lit-html|lit-element|@lit\/reactive-element)\//.test(path))
    return 'lit';
  if (path.includes('/node_modules/@lit/task/')) return '@lit/task';
  if (path.includes('/node_modules/@logto/')) return '@logto/browser';
  if (path.includes('/widget/src/internal/i18n/')) return 'translations';
  if (path.includes('/widget/src/internal/')) return 'internal';
  const element = /\/widget\/src\/(org-[a-z-]+)\//.exec(path);
  if (element) return element[1];
  return 'other';
}

/**
 * Share of each part in the bundle, from the bundler's per-module rendered length (after tree
 * shaking, before minification): a guide to where the bytes come from, not exact gzip bytes.
 */
function breakdown(chunk) {
  const groups = {};
  let total = 0;
  for (const [id, info] of Object.entries(chunk.modules)) {
    const group = groupOf(id);
    groups[group] = (groups[group] ?? 0) + info.renderedLength;
    total += info.renderedLength;
  }
  return Object.fromEntries(
    Object.entries(groups)
      .sort((a, b) => b[1] - a[1])
      .map(([group, bytes]) => [group, Math.round((bytes / Math.max(total, 1)) * 1000) / 10]),
  );
}

/**
 * Builds every measured bundle. `only: 'all'` builds just the all-elements bundle; `only:
 * 'elements'` also each element alone (the budget check); otherwise also the bundle with
 * `@logto/browser`.
 * Returns sizes and, for the render benchmark, the code of the all-elements bundle.
 */
export async function measureSizes({ root = ROOT, only } = {}) {
  const elements = findElements(root);
  const missing = EXPECTED_ELEMENTS.filter((name) => !elements.some((e) => e.name === name));
  // Entries live inside the project so bare imports (lit, @logto/browser) resolve.
  const dir = join(root, 'node_modules', '.cache', `bench-size-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const spec = (file) => {
    const path = relative(dir, file).split('\\').join('/');
    return path.startsWith('.') ? path : `./${path}`;
  };
  const index = join(root, 'widget', 'src', 'index.ts');
  // The package entry plus every element module found, so an element not yet exported from the
  // entry still counts toward the budget.
  const allSource = [
    `export * from '${spec(index)}';`,
    ...elements.map((e) => `import '${spec(e.file)}';`),
  ].join('\n');
  const write = (name, source) => {
    const file = join(dir, name);
    writeFileSync(file, source + '\n');
    return file;
  };
  try {
    const started = performance.now();
    const allChunk = await bundle(write('all.ts', allSource));
    const allCode = allChunk.code;
    const result = {
      gzipLevel: 'zlib default (6)',
      budgetGzipBytes: ELEMENTS_GZIP_BUDGET_BYTES,
      elementsFound: elements.map((e) => e.name),
      elementsMissing: missing,
      all: measure(allCode),
      allSharePercent: breakdown(allChunk),
      allCode,
    };
    if (only !== 'all') {
      const perElement = {};
      for (const element of elements) {
        perElement[element.name] = measure((await bundle(resolve(element.file))).code);
      }
      result.perElement = perElement;
    }
    if (only === undefined) {
      const withLogto = (
        await bundle(
          write(
            'with-logto.ts',
            `${allSource}\nexport { default as LogtoClient } from '@logto/browser';`,
          ),
        )
      ).code;
      const logtoAlone = (
        await bundle(write('logto.ts', `export { default as LogtoClient } from '@logto/browser';`))
      ).code;
      Object.assign(result, { withLogto: measure(withLogto), logtoAlone: measure(logtoAlone) });
    }
    result.buildMs = Math.round(performance.now() - started);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
