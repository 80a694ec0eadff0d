// Install footprint of the packed packages, as a consumer sees it: installs each into an empty
// folder from the tarballs (`.packs/`, made by `npm run pack:all`) and counts the packages in
// node_modules and their size on disk.
//   node scripts/footprint.mjs [--packs DIR] [--json] [--max-elements N]
// Fails when the elements alone need more than `--max-elements` packages (default 10).
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** What a consumer installs for each use. `express` is the server's peer, installed by the host. */
export const SCENARIOS = Object.freeze([
  { name: 'elements', tarballs: ['logto-org-widget-contract', 'logto-org-widget'], extra: [] },
  {
    name: 'server + express',
    tarballs: ['logto-org-widget-contract', 'logto-org-widget-server'],
    extra: ['express@5.3.0'],
  },
  { name: 'emulator', tarballs: ['logto-org-widget-emulator'], extra: [] },
]);

/** Every installed package folder under `dir` (node_modules/x, node_modules/@s/x, nested). */
function packagesIn(nodeModules) {
  const found = [];
  if (!existsSync(nodeModules)) return found;
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const path = join(nodeModules, entry);
    const dirs = entry.startsWith('@') ? readdirSync(path).map((name) => join(path, name)) : [path];
    for (const dir of dirs) {
      if (!existsSync(join(dir, 'package.json'))) continue;
      found.push(dir);
      found.push(...packagesIn(join(dir, 'node_modules')));
    }
  }
  return found;
}

function bytesIn(path) {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.size;
  let total = 0;
  for (const entry of readdirSync(path)) total += bytesIn(join(path, entry));
  return total;
}

function tarballOf(packs, name) {
  const file = readdirSync(packs).find(
    (f) => f.startsWith(`${name}-`) && /-\d[^-]*\.tgz$/.test(f.slice(name.length)),
  );
  if (!file) throw new Error(`footprint: no ${name} tarball in ${packs}: run npm run pack:all`);
  return join(packs, file);
}

/** Installs each scenario into a fresh temporary folder; returns packages and MB per scenario. */
export function measureFootprint({ packs = join(root, '.packs') } = {}) {
  const results = [];
  for (const scenario of SCENARIOS) {
    const dir = mkdtempSync(join(tmpdir(), 'org-widget-footprint-'));
    try {
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name: 'footprint-consumer', private: true, type: 'module' }),
      );
      const specs = [
        ...scenario.tarballs.map((name) => tarballOf(resolve(packs), name)),
        ...scenario.extra,
      ];
      execFileSync(npm, ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...specs], {
        cwd: dir,
        stdio: ['ignore', 'ignore', 2],
      });
      const nodeModules = join(dir, 'node_modules');
      const packages = packagesIn(nodeModules);
      results.push({
        name: scenario.name,
        packages: packages.length,
        megabytes: Math.round((bytesIn(nodeModules) / 1e6) * 10) / 10,
        names: packages.map((p) => p.slice(nodeModules.length + 1).replace(/\\/g, '/')).sort(),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      packs: { type: 'string' },
      json: { type: 'boolean', default: false },
      'max-elements': { type: 'string', default: '10' },
    },
  });
  const results = measureFootprint(values.packs ? { packs: values.packs } : {});
  if (values.json) console.log(JSON.stringify(results, null, 2));
  else {
    for (const r of results) {
      console.log(
        `footprint: ${r.name.padEnd(17)} ${String(r.packages).padStart(3)} packages ${r.megabytes.toFixed(1).padStart(6)} MB`,
      );
    }
  }
  const elements = results.find((r) => r.name === 'elements');
  const max = Number(values['max-elements']);
  if (elements && elements.packages > max) {
    console.error(
      `footprint: the elements need ${elements.packages} packages (at most ${max}): ${elements.names.join(', ')}`,
    );
    process.exit(1);
  }
}
