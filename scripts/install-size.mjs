#!/usr/bin/env node
// The production install of the kit's dependencies as package-lock.json lays them (issue 17,
// item 5): every package of the lock that is not dev-only, nor an optional peer left out, with
// its size on disk in this repository's node_modules — better-sqlite3 counted as npm installs it
// (its prebuilt binary, not the object files of a local compile). Offline, no registry.
//
//   node scripts/install-size.mjs [package-lock.json, e.g. `git show main:package-lock.json > /tmp/l.json`]   → "127 packages, 36.4 MB" and the largest
import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const lockPath = resolve(process.argv[2] ?? 'package-lock.json');
// Sizes are read from this repository's node_modules (another lock of the same versions works too).
const modules = fileURLToPath(new URL('..', import.meta.url));
const lock = JSON.parse(readFileSync(lockPath, 'utf8')).packages;
const skip = (dir, name) => name === 'node_modules' || (dir.endsWith('Release') && ['obj', 'obj.target', '.deps'].includes(name));
const size = (dir) => readdirSync(dir, { withFileTypes: true }).reduce((n, e) => {
  if (skip(dir, e.name)) return n;
  const p = join(dir, e.name);
  return n + (e.isDirectory() ? size(p) : lstatSync(p).size);
}, 0);
const rows = Object.entries(lock).filter(([path, p]) => path && !p.dev && !p.devOptional && !p.peer).map(([path]) => [size(join(modules, path)), path.replace(/^node_modules\//, '')]);
const total = rows.reduce((n, [b]) => n + b, 0);
console.log(`${rows.length} packages, ${(total / 1e6).toFixed(1)} MB`);
for (const [b, name] of rows.sort((a, b) => b[0] - a[0]).slice(0, 6)) console.log(`  ${(b / 1e6).toFixed(1).padStart(5)} MB ${name}`);
