/**
 * The plugins of the single-file bundle (widget/build-plugins.mjs): the bundle starts with V8's
 * compile hint (after minification, which drops comments) and its Lit templates are minified.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { build, type Rollup } from 'vite';
import { templateMinifier } from '../../widget/build-plugins.mjs';

async function bundle(source: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'org-widget-build-'));
  try {
    const entry = join(dir, 'entry.js');
    writeFileSync(entry, source);
    const output = (await build({
      configFile: false,
      root: dir,
      logLevel: 'silent',
      plugins: [templateMinifier()],
      build: {
        write: false,
        lib: { entry, formats: ['es'], fileName: () => 'bundle.js' },
        rolldownOptions: { output: { minify: true } },
      },
    })) as Rollup.RollupOutput[];
    const chunks = output.flatMap((o) => o.output).filter((c) => c.type === 'chunk');
    assert.equal(chunks.length, 1);
    return chunks[0]!.code;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('single-file bundle plugins', () => {
  it('start the bundle with the compile hint, once, and minify html`` templates', async () => {
    const code = await bundle(
      [
        '// a comment the minifier drops',
        'const html = (s) => s.join("");',
        'export const view = () => html`<p>\n    hello\n  </p>`;',
      ].join('\n'),
    );
    assert.ok(code.startsWith('//# allFunctionsCalledOnLoad\n'), code.slice(0, 60));
    assert.equal(code.split('allFunctionsCalledOnLoad').length, 2);
    assert.ok(!code.includes('a comment'));
    assert.match(code, /<p>\s?hello\s?<\/p>/);
  });
});
