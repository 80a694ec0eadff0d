// Custom Elements Manifest analyzer settings: `npm run manifest` writes custom-elements.json from
// the elements' sources and JSDoc headers; `npm run check:manifest` fails when it is out of date.
export default {
  globs: ['widget/src/**/*.ts'],
  exclude: ['widget/src/**/*.test.ts', 'widget/src/**/*.styles.ts', 'widget/src/internal/**'],
  outdir: 'widget',
  litelement: true,
  // package.json's `customElements` field is written by hand: the analyzer would rewrite the
  // whole file, and point it at the temporary directory during `check:manifest`.
  packagejson: false,
  plugins: [
    {
      // Private and static members are implementation details, not API: keep them out.
      name: 'drop-private-members',
      packageLinkPhase({ customElementsManifest }) {
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
  ],
};
