// Custom Elements Manifest analyzer settings: `npm run manifest` writes custom-elements.json from
// the elements' sources and JSDoc headers, and from it the framework bindings (React wrappers,
// JSX / Vue / Svelte types); `npm run check:manifest` fails when any of them is out of date.
import { readFileSync } from 'node:fs';
import { frameworkBindings } from './widget/bindings.mjs';

// `check:manifest` passes `--outdir` to write everything into a scratch folder for comparison.
const outArg = process.argv.indexOf('--outdir');
const outdir = outArg > 0 ? process.argv[outArg + 1] : 'widget';

export default {
  globs: ['widget/src/**/*.ts'],
  exclude: [
    'widget/src/**/*.test.ts',
    'widget/src/**/*.styles.ts',
    'widget/src/internal/**',
    'widget/src/react/**',
  ],
  outdir,
  litelement: true,
  // package.json's `customElements` field is written by hand: the analyzer would rewrite the
  // whole file, and point it at the temporary directory during `check:manifest`.
  packagejson: false,
  plugins: [
    {
      // Private and static members are implementation details, not API: keep them out.
      name: 'stable-order-and-public-members',
      packageLinkPhase({ customElementsManifest }) {
        // Modules in path order: the analyzer lists them in the file system's order, which
        // differs between checkouts and would make the freshness check fail on a clean clone.
        customElementsManifest.modules.sort((a, b) =>
          a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
        );
        for (const mod of customElementsManifest.modules) {
          for (const declaration of mod.declarations ?? []) {
            if (declaration.members) {
              declaration.members = declaration.members.filter(
                (member) =>
                  !member.static && member.privacy !== 'private' && member.privacy !== 'protected',
              );
            }
          }
        }
      },
    },
    // Every `@fires` typed from the event map in events.ts (`CustomEvent<OrgSelectedDetail>`),
    // then the React wrappers and the JSX and Vue types, generated from the manifest.
    frameworkBindings({
      outdir,
      eventsSource: readFileSync(
        new URL('./widget/src/internal/events.ts', import.meta.url),
        'utf8',
      ),
    }),
  ],
};
