#!/usr/bin/env node
// Runs every test/**/*.test.ts outside test/browser/ with node's built-in test runner.
// Node 20's --test takes no globs, so the files are listed here. Extra arguments are passed
// on to node (e.g. `npm run test:node -- --test-name-pattern=tiered`).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const testDir = join(root, 'test');
const browserDir = join(testDir, 'browser');

function find(dir) {
  if (dir === browserDir) return [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : find(p);
    return e.isFile() && e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const files = find(testDir)
  .map((f) => relative(root, f).split(sep).join('/'))
  .sort();
if (files.length === 0) {
  console.log('test:node: no test/**/*.test.ts files outside test/browser/');
  process.exit(0);
}

const extra = process.argv.slice(2);
// The spec reporter reads better in CI logs than the TAP that Node 20 prints when not on a TTY.
const reporter = extra.some((a) => a.startsWith('--test-reporter')) ? [] : ['--test-reporter=spec'];
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--import', './test/setup/fast-check.ts', '--test', ...reporter, ...extra, ...files],
  { cwd: root, stdio: 'inherit' },
);
if (result.error) throw result.error;
process.exit(result.status ?? 1);
