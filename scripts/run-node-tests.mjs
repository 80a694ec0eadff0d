// Runs the Node-side test files with Node's own test runner (through tsx for TypeScript).
// Usage: node scripts/run-node-tests.mjs [dir or file ...]   (default: server/test emulator/test)
// Fails when no test file is found, so a wrong path can never pass silently.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dirs = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['server/test', 'emulator/test'];

function collect(dir) {
  let found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found = found.concat(collect(path));
    else if (name.endsWith('.test.ts') && !name.endsWith('.browser.test.ts')) found.push(path);
  }
  return found;
}

const files = dirs.flatMap((dir) => (statSync(dir).isFile() ? [dir] : collect(dir))).sort();
if (files.length === 0) {
  console.error(`No test files found in ${dirs.join(', ')}`);
  process.exit(1);
}

const child = spawn(
  process.execPath,
  ['--conditions=org-widget-source', '--import', 'tsx', '--test', '--test-concurrency=1', ...files],
  { stdio: 'inherit' },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
