// Builds the four packages and packs each into a tarball, as `npm publish` would upload it:
//   node scripts/pack-all.mjs [--out DIR] [--no-build]
// Default folder `.packs/` (gitignored). Prints one tarball path a line; `--json` prints
// `{ "<package name>": "<absolute tarball path>" }` instead. The examples install these files.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
/** The published packages, in dependency order. */
export const PACKAGES = Object.freeze([
  { dir: 'contract', name: 'logto-org-widget-contract' },
  { dir: 'widget', name: 'logto-org-widget' },
  { dir: 'server', name: 'logto-org-widget-server' },
  { dir: 'emulator', name: 'logto-org-widget-emulator' },
]);

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Builds (unless `build: false`) and packs every package into `out`; returns name → tarball. */
export function packAll({ out = join(root, '.packs'), build = true, log = console.error } = {}) {
  const dir = resolve(out);
  if (build) {
    log('pack: building the packages');
    execFileSync(npm, ['run', 'build', '--workspaces'], { cwd: root, stdio: ['ignore', 2, 2] });
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const args = ['pack', '--json', '--pack-destination', dir];
  for (const pkg of PACKAGES) args.push('-w', pkg.dir);
  const report = JSON.parse(
    execFileSync(npm, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 2] }),
  );
  const tarballs = {};
  for (const entry of report) tarballs[entry.name] = join(dir, entry.filename);
  const missing = PACKAGES.filter((pkg) => !tarballs[pkg.name]);
  if (missing.length) throw new Error(`pack: no tarball for ${missing.map((p) => p.name)}`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
  if (files.length !== PACKAGES.length) throw new Error(`pack: unexpected files in ${dir}`);
  return tarballs;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const tarballs = packAll({
    ...(values.out && { out: values.out }),
    build: !values['no-build'],
  });
  if (values.json) console.log(JSON.stringify(tarballs, null, 2));
  else for (const file of Object.values(tarballs)) console.log(file);
}
