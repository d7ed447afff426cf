#!/usr/bin/env node
// What a pricing-only bundle is made of (issue 17: "a pricing-only bundle, report its gzip size").
// Bundles one entry from the sources with esbuild (minified, ESM, browser, es2022; non-ASCII kept
// as UTF-8, as Vite/Rolldown keep it) and attributes the gzip size to contributors:
//
// - total: the minified bundle, gzipped (the figure test/package.test.ts reports is Vite's,
//   from the packed package; the two differ by about 1 KiB);
// - per contributor, "alone": its modules minified and gzipped on their own (what it would weigh
//   in a bundle without the rest), and "marginal": how much the whole shrinks without it (its
//   modules left out of the concatenation; what it shares with the rest — identifiers, phrases —
//   is counted in neither). The marginals add up to less than the total; the difference is shown.
//
//   node scripts/bundle-size.mjs                       priceQuote from src/pricing/index.ts
//   node scripts/bundle-size.mjs --modules             … and every module, largest first
//   node scripts/bundle-size.mjs "import { x } from './src/….ts'; export default x;"
import { build, transform } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const showModules = args.includes('--modules');
const code = args.find((a) => !a.startsWith('--')) ?? `import { priceQuote } from './src/pricing/index.ts';\nexport default priceQuote;\n`;

/** The contributor a module belongs to. */
function contributor(file) {
  if (file.startsWith('.bundle-size-')) return '(the entry)';
  const dep = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (dep) return dep[1];
  if (/^src\/catalog\/(validate\/|check-catalog)|^src\/rules\/validate-/.test(file)) return 'catalog validator';
  if (/^src\/rules\/configure/.test(file)) return 'configuration engine';
  if (/^src\/core\/(compile-logic|logic)/.test(file)) return 'JsonLogic compiler';
  const layer = /^src\/([^/.]+)\//.exec(file);
  return layer ? `${layer[1]} (other)` : file;
}

const entry = join(root, `.bundle-size-${process.pid}.mjs`);
writeFileSync(entry, code);
const gz = (text) => gzipSync(text, { level: 9 }).length;
const kib = (n) => (n / 1024).toFixed(1).padStart(6);
try {
  const common = { entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', charset: 'utf8', write: false, absWorkingDir: root, logLevel: 'error' };
  const whole = (await build({ ...common, minify: true })).outputFiles[0].text;
  // Module boundaries: an unminified build marks each module with a `// path` comment.
  const parts = (await build({ ...common, minify: false })).outputFiles[0].text.split(/^\/\/ (\S+)\n/m);
  const modules = [];
  for (let i = 1; i < parts.length; i += 2) {
    const min = (await transform(parts[i + 1], { minify: true, format: 'esm', loader: 'js', charset: 'utf8' })).code;
    modules.push({ file: parts[i].startsWith('.bundle-size-') ? '(the entry)' : parts[i], by: contributor(parts[i]), min });
  }
  const all = modules.map((m) => m.min).join('');
  const total = gz(whole);
  console.log(`${kib(whole.length)} KiB minified, ${kib(total)} KiB gzip   (modules minified one by one, concatenated: ${kib(gz(all)).trim()} KiB gzip)`);
  console.log('\n contributor                 min KiB  gzip alone  gzip marginal');
  const names = [...new Set(modules.map((m) => m.by))];
  let marginals = 0;
  const rows = names.map((name) => {
    const own = modules.filter((m) => m.by === name).map((m) => m.min).join('');
    const rest = modules.filter((m) => m.by !== name).map((m) => m.min).join('');
    const marginal = gz(all) - gz(rest);
    marginals += marginal;
    return { name, min: own.length, alone: gz(own), marginal };
  }).sort((a, b) => b.marginal - a.marginal);
  for (const r of rows) console.log(` ${r.name.padEnd(26)} ${kib(r.min)}      ${kib(r.alone)}      ${kib(r.marginal)}`);
  console.log(` ${'(shared by contributors)'.padEnd(26)}                           ${kib(gz(all) - marginals)}`);
  if (showModules) {
    console.log('\n module                                      min KiB  gzip alone');
    for (const m of modules.sort((a, b) => b.min.length - a.min.length)) console.log(` ${m.file.padEnd(43)} ${kib(m.min.length)}  ${kib(gz(m.min))}`);
  }
} finally {
  rmSync(entry, { force: true });
}
