// Runs an npm script under Node 22 LTS as well as the machine's Node: installs the `node@22`
// package from the npm registry into node_modules/.cache/node22 once, then runs
// `npm run <script>` with that Node first on PATH.
// Usage: node scripts/node22.mjs test:node [test:security ...]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

const prefix = resolve('node_modules/.cache/node22');
const bin = join(prefix, 'node_modules', '.bin');
const node = join(bin, process.platform === 'win32' ? 'node.cmd' : 'node');

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(node)) {
  run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', 'node@22']);
}
const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
run(node, ['--version'], env);
for (const script of process.argv.slice(2)) run('npm', ['run', script], env);
