#!/usr/bin/env node
// Build the package into a staging folder and `npm pack` it, without touching the work tree's
// dist/ (issue 17: the consumer tests install what npm would publish). The library build, the
// declarations and the editor data are made as `npm run build` makes them; the manifest and the
// schemas are the committed ones (tests keep them fresh).
//
//   node scripts/pack.mjs [destination folder]   → prints the tarball's path
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (pkg, file) => join(root, 'node_modules', pkg, file);

function run(cmd, args, cwd = root) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Builds and packs the kit; resolves to the tarball's path inside `destination`. */
export function packKit(destination = mkdtempSync(join(tmpdir(), 'cpq-pack-'))) {
  mkdirSync(destination, { recursive: true });
  const stage = mkdtempSync(join(tmpdir(), 'cpq-stage-'));
  try {
    const dist = join(stage, 'dist');
    run(process.execPath, [bin('vite', 'bin/vite.js'), 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn']);
    run(process.execPath, [bin('vite', 'bin/vite.js'), 'build', '--config', 'vite.pdf-element.config.ts', '--outDir', dist, '--logLevel', 'warn']);
    run(process.execPath, [bin('vite', 'bin/vite.js'), 'build', '--config', 'vite.bundle.config.ts', '--outDir', join(dist, 'bundle'), '--emptyOutDir', '--logLevel', 'warn']);
    run(process.execPath, [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.build.json', '--declarationDir', join(dist, 'types')]);
    run(process.execPath, [join(root, 'scripts/editor-data.mjs'), dist]);
    for (const name of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'custom-elements.json', 'schemas', 'licenses']) {
      if (existsSync(join(root, name))) cpSync(join(root, name), join(stage, name), { recursive: true });
    }
    run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', destination], stage);
    const tarball = readdirSync(destination).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack wrote no tarball into ${destination}`);
    return join(destination, tarball);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(packKit(process.argv[2]));
}
