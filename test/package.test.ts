// The package as a consumer meets it (issue 17): `npm pack`'s tarball, built once for this file,
// unpacked into consumer projects — Node ESM and CommonJS (`require`, Node ≥ 20.19), React 19 +
// TypeScript JSX (`tsc`), Vue 3 SFCs (`vue-tsc --strictTemplates`), publint and
// @arethetypeswrong/cli, the manifest against the custom-elements-manifest schema, a
// pricing-only bundle's size, and a plain HTML page with an import map in Chromium.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { priceQuote } from '../src/pricing/index.js';
import { amountInWords } from '../src/pdf/amount-in-words.js';
import { makeConsumer, makeIsolatedConsumer, root, tsErrors, type Consumer } from './support/consumer.js';
import { servePage } from './support/import-map-page.js';

const demo = (path: string) => readFileSync(join(root, 'demo', path), 'utf8');
const tool = (pkg: string, file: string) => join(root, 'node_modules', pkg, file);

let c: Consumer;
before(() => {
  c = makeConsumer();
});
after(() => c?.close());

// The build's import statements (rolldown writes them one per line, double-quoted) and dynamic imports.
const IMPORT = String.raw`(?:^(?:import|export)\b[^"'\n]*?(?:\bfrom\s*)?|\bimport\(\s*)"`;
const BARE_IMPORT = new RegExp(String.raw`${IMPORT}([^".\/][^"]*)"`, 'gm');
const RELATIVE_IMPORT = new RegExp(String.raw`${IMPORT}(\.{1,2}\/[^"]+)"`, 'gm');
const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));

describe('the tarball', () => {
  test('ships the built package, its types, editor data and licences, and no sources or source maps', (t) => {
    const shipped = files(c.kit).map((f) => relative(c.kit, f));
    for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'custom-elements.json', 'dist/index.js', 'dist/pricing.js', 'dist/words.js', 'dist/types/index.d.ts',
      'dist/bundle/cpq-kit.js', 'dist/frameworks/react.d.ts', 'dist/frameworks/vue.d.ts', 'dist/web-types.json', 'dist/vscode.html-custom-data.json', 'schemas/catalog.schema.json', 'schemas/quote.schema.json',
      'licenses/json-logic-js-MIT.txt', 'dist/pdf-element.js', 'dist/chunks/latin-font-data.js', 'licenses/pdf-element-third-party.txt']) assert.ok(shipped.includes(f), `${f} is in the package`);
    // One copy of the PDF stack: the bundle's PDF download loads dist/pdf-element.js.
    assert.deepEqual(shipped.filter((f) => f.startsWith('dist/bundle/') && readFileSync(join(c.kit, f), 'utf8').includes('PDFDocument')), [], 'no PDF stack inside dist/bundle/');
    assert.deepEqual(shipped.filter((f) => f.startsWith('src/') || f.endsWith('.map') || f.startsWith('test/')), []);
    const bytes = statSync(c.tarball).size;
    const unpacked = shipped.reduce((n, f) => n + statSync(join(c.kit, f)).size, 0);
    t.diagnostic(`tarball ${(bytes / 1024).toFixed(0)} KiB, unpacked ${(unpacked / 1024).toFixed(0)} KiB in ${shipped.length} files`);
  });

  test('imports only Node built-ins, its dependencies and its peers', () => {
    const pkg = JSON.parse(readFileSync(join(c.kit, 'package.json'), 'utf8'));
    const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const undeclared = new Set<string>();
    for (const f of files(join(c.kit, 'dist')).filter((f) => f.endsWith('.js'))) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(BARE_IMPORT)) {
        const spec = m[1]!;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!builtins.has(spec) && !declared.has(name)) undeclared.add(`${name} (${relative(c.kit, f)})`);
      }
    }
    assert.deepEqual([...undeclared], []);
    assert.equal(pkg.dependencies['json-logic-js'], undefined, 'json-logic-js is bundled as ESM, not a dependency');
    for (const [name, range] of Object.entries(pkg.dependencies as Record<string, string>)) assert.match(range, /^\^/, `${name}: a caret range lets hosts share one copy`);
    assert.match(pkg.dependencies['better-sqlite3'], /^\^12\./, 'better-sqlite3 stays within 12.x (13 crashes on Node 20)');
  });
});

describe('Node', () => {
  const catalog = JSON.parse(demo('catalogs/crm-saas.json'));
  const quote = JSON.parse(demo('quotes/crm-pro-120.json'));
  const expected = priceQuote(catalog, quote);
  const script = (load: string) => `${load}
const fs = require_('node:fs');
const catalog = JSON.parse(fs.readFileSync(${JSON.stringify(join(root, 'demo/catalogs/crm-saas.json'))}, 'utf8'));
const quote = JSON.parse(fs.readFileSync(${JSON.stringify(join(root, 'demo/quotes/crm-pro-120.json'))}, 'utf8'));
const priced = pricing.priceQuote(catalog, quote);
console.log(JSON.stringify({ total: priced.totals.total, issues: priced.issues.length, words: words.amountInWords(priced.totals.total, priced.currency) }));
`;

  test('ESM: cpq-kit/pricing prices the demo quote as the sources do; cpq-kit/words spells the total', () => {
    c.write({ 'esm.mjs': script(`import * as pricing from 'cpq-kit/pricing';\nimport * as words from 'cpq-kit/words';\nimport { createRequire } from 'node:module';\nconst require_ = createRequire(import.meta.url);`) });
    const r = c.run(process.execPath, ['esm.mjs']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { total: expected.totals.total, issues: expected.issues.length, words: amountInWords(expected.totals.total, expected.currency) });
  });

  test('CommonJS: require("cpq-kit/pricing") works on Node ≥ 20.19 (require of ES modules)', () => {
    c.write({ 'cjs.cjs': script(`const require_ = require;\nconst pricing = require('cpq-kit/pricing');\nconst words = require('cpq-kit/words');`) });
    const r = c.run(process.execPath, ['cjs.cjs']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).total, expected.totals.total);
  });

  test('cpq-kit/words and cpq-kit/pricing load without pdf-lib or fontkit', () => {
    const reach = (entry: string, seen = new Set<string>()): Set<string> => {
      if (seen.has(entry)) return seen;
      seen.add(entry);
      const src = readFileSync(entry, 'utf8');
      for (const m of src.matchAll(RELATIVE_IMPORT)) reach(join(entry, '..', m[1]!), seen);
      for (const m of src.matchAll(BARE_IMPORT)) seen.add(`bare:${m[1]}`);
      return seen;
    };
    // index.js: the elements, with every chunk they may load (their PDF download included).
    for (const entry of ['words.js', 'pricing.js', 'index.js']) {
      const bare = [...reach(join(c.kit, 'dist', entry))].filter((s) => s.startsWith('bare:'));
      assert.deepEqual(bare.filter((s) => /pdf-lib|fontkit/.test(s)), [], `${entry} reaches ${bare.join(', ')}`);
    }
    const pdf = [...reach(join(c.kit, 'dist', 'pdf.js'))].filter((s) => s.startsWith('bare:'));
    assert.ok(pdf.includes('bare:pdf-lib') && pdf.includes('bare:fontkit'), `cpq-kit/pdf imports its peers: ${pdf.join(', ')}`);
  });

  test('pdf-lib and fontkit are optional peers: without them a consumer prices, and cpq-kit/pdf says what to install', () => {
    const pkg = JSON.parse(readFileSync(join(c.kit, 'package.json'), 'utf8'));
    for (const name of ['pdf-lib', 'fontkit']) {
      assert.equal(pkg.dependencies[name], undefined, `${name} is not a dependency`);
      assert.match(pkg.peerDependencies[name], /^\^/, `${name} is a peer`);
      assert.equal(pkg.peerDependenciesMeta[name]?.optional, true, `${name} is optional`);
    }
    const bare = makeIsolatedConsumer(c);
    try {
      bare.write({ 'no-pdf.mjs': `import { readFileSync } from 'node:fs';
import { priceQuote } from 'cpq-kit/pricing';
import { amountInWords, renderQuotePdf, readQuoteFromPdf, QUOTE_ATTACHMENT } from 'cpq-kit/pdf';
const read = (p) => JSON.parse(readFileSync(p, 'utf8'));
const priced = priceQuote(read(${JSON.stringify(join(root, 'demo/catalogs/crm-saas.json'))}), read(${JSON.stringify(join(root, 'demo/quotes/crm-pro-120.json'))}));
const failure = (e) => ({ message: e.message, code: e.code, peer: e.peer });
const render = await renderQuotePdf(priced).then(() => 'rendered', failure);
const read2 = await readQuoteFromPdf(new Uint8Array(8)).then(() => 'read', failure);
let resolved = true;
try { import.meta.resolve('pdf-lib'); } catch { resolved = false; }
console.log(JSON.stringify({ total: priced.totals.total, words: amountInWords(priced.totals.total, priced.currency), attachment: QUOTE_ATTACHMENT, render, read: read2, resolved }));
` });
      const r = bare.run(process.execPath, ['no-pdf.mjs']);
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.resolved, false, 'pdf-lib is not resolvable from the consumer');
      assert.equal(out.total, expected.totals.total);
      assert.equal(out.words, amountInWords(expected.totals.total, expected.currency));
      assert.equal(out.attachment, 'cpq-quote.json');
      for (const [fn, failure] of [['renderQuotePdf', out.render], ['readQuoteFromPdf', out.read]] as const) {
        assert.equal(failure.code, 'ERR_CPQ_PDF_PEER_MISSING', JSON.stringify(failure));
        assert.equal(failure.peer, 'pdf-lib');
        assert.equal(failure.message, `cpq-kit/pdf ${fn}: needs pdf-lib, an optional peer dependency that is not installed: npm i pdf-lib@^1.17.1 fontkit@^2.0.4`);
      }
      // The CLI's pdf command says the same before reading its input (exit 2, as for a usage error).
      const cli = bare.run(process.execPath, [join(bare.kit, 'dist/cli.js'), 'pdf', join(root, 'demo/catalogs/crm-saas.json'), join(root, 'demo/quotes/crm-pro-120.json'), '--out', join(bare.dir, 'q.pdf')]);
      assert.equal(cli.status, 2, cli.stderr);
      assert.equal(cli.stderr.trim(), 'pdf: cpq-kit/pdf renderQuotePdf: needs pdf-lib, an optional peer dependency that is not installed: npm i pdf-lib@^1.17.1 fontkit@^2.0.4');
    } finally {
      bare.close();
    }
  });
});

describe('TypeScript consumers', () => {
  test('React 19 JSX: tsc is clean on a page of every element, and wrong props are errors', () => {
    c.write({
      'react/tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, jsx: 'react-jsx', module: 'esnext', moduleResolution: 'bundler', target: 'es2022', lib: ['es2022', 'dom', 'dom.iterable'], noEmit: true, skipLibCheck: true, types: [] }, include: ['*.tsx'] }),
      'react/app.tsx': `import 'cpq-kit';
import type {} from 'cpq-kit/react';
import type { Catalog, CpqQuoteChangeDetail, Quote } from 'cpq-kit';
export function App(props: { catalog: Catalog; quote: Quote; onTotal: (total: string) => void }) {
  const changed = (event: CustomEvent<CpqQuoteChangeDetail>) => props.onTotal(event.detail.priced?.totals.total ?? '');
  return (
    <cpq-quote catalog={props.catalog} quote={props.quote} mode="self-service" locale="en" readonly={false} oncpq-quote-change={changed} oncpq-error={(e) => console.error(e.detail.errors[0]?.path)} className="q">
      <cpq-product-picker limit={20} categories={['crm']} />
      <cpq-configurator lineId="L1" />
      <cpq-line-editor columns={['qty', 'net', 'actions']} oncpq-columns-change={(e) => e.detail.columns} />
      <cpq-quote-summary headingLevel={2} waterfallLine="L1" />
      <cpq-quote-actions canApprove fontUrl="/fonts/noto.otf" />
    </cpq-quote>
  );
}
`,
      'react/bad.tsx': `import type {} from 'cpq-kit/react';
export const a = <cpq-quote mode="bogus" />;
export const b = <cpq-quote catalog={42} />;
export const c = <cpq-line-editor columns={['nope']} />;
export const d = <cpq-quote oncpq-quote-change={(e) => e.detail.nothing} />;
export const e = <cpq-product-picker limit="ten" />;
`,
    });
    const r = c.run(process.execPath, [tool('typescript', 'bin/tsc'), '-p', 'react/tsconfig.json']);
    const errors = tsErrors(r.stdout);
    assert.deepEqual(errors.filter((e) => e.file !== 'bad.tsx'), [], r.stdout);
    assert.deepEqual([...new Set(errors.map((e) => e.line))].sort(), [2, 3, 4, 5, 6], r.stdout);
  });

  test('Vue 3 SFC: vue-tsc --strictTemplates is clean, and :catalog="42" is an error', () => {
    c.write({
      'vue/tsconfig.json': JSON.stringify({
        compilerOptions: { strict: true, jsx: 'preserve', module: 'esnext', moduleResolution: 'bundler', target: 'es2022', lib: ['es2022', 'dom', 'dom.iterable'], noEmit: true, skipLibCheck: true, types: [] },
        vueCompilerOptions: { strictTemplates: true },
        include: ['*.vue', '*.ts'],
      }),
      'vue/env.ts': `import type {} from 'cpq-kit/vue';\n`,
      'vue/App.vue': `<script setup lang="ts">
import { markRaw, shallowRef } from 'vue';
import type { Catalog, CpqQuoteChangeDetail, Quote } from 'cpq-kit';
const catalog = shallowRef<Catalog>();
const quote = shallowRef<Quote>({ id: 'Q-1', lines: [] } as unknown as Quote);
function changed(event: CustomEvent<CpqQuoteChangeDetail>) {
  quote.value = markRaw(event.detail.quote);
}
</script>
<template>
  <cpq-quote :catalog="catalog" :quote="quote" mode="sales" locale="zh-CN" @cpq-quote-change="changed" @cpq-error="(e) => console.warn(e.detail.errors)">
    <cpq-product-picker :limit="20" />
    <cpq-line-editor :columns="['qty', 'net']" />
    <cpq-quote-summary :heading-level="2" />
    <cpq-quote-actions can-approve />
  </cpq-quote>
</template>
`,
      'vue/Bad.vue': `<template>
  <cpq-quote :catalog="42" />
  <cpq-quote mode="bogus" />
  <cpq-line-editor :columns="['nope']" />
</template>
`,
    });
    const r = c.run(process.execPath, [tool('vue-tsc', 'bin/vue-tsc.js'), '-p', 'vue/tsconfig.json']);
    const errors = tsErrors(r.stdout);
    assert.deepEqual(errors.filter((e) => e.file !== 'Bad.vue'), [], r.stdout);
    assert.deepEqual([...new Set(errors.map((e) => e.line))].sort(), [2, 3, 4], r.stdout);
  });
});

describe('package checks', () => {
  test('publint finds nothing to fix', async () => {
    const { publint } = await import('publint');
    const { messages } = await publint({ pkgDir: c.kit, level: 'suggestion', strict: true });
    assert.deepEqual(messages.map((m) => `${m.code} ${m.path.join('.')}`), []);
  });

  test('@arethetypeswrong/cli (esm-only profile) finds no problem', () => {
    const r = c.run(process.execPath, [tool('@arethetypeswrong/cli', 'dist/index.js'), c.tarball, '--profile', 'esm-only', '--format', 'json', '--no-emoji']);
    const report = JSON.parse(r.stdout);
    const problems = Object.values(report.analysis?.problems ?? report.problems ?? {}).flat();
    assert.equal(r.status, 0, JSON.stringify(problems, null, 1).slice(0, 2000));
  });

  test('custom-elements.json is valid against the custom-elements-manifest 2.1.0 schema and describes the shipped module', async () => {
    const { default: Ajv } = await import('ajv');
    const schema = JSON.parse(readFileSync(tool('custom-elements-manifest', 'schema.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    type Member = { name: string; privacy?: string; type: { text: string } };
    type Element = { tagName: string; members: Member[]; events: Member[]; attributes: Member[] };
    const manifest = JSON.parse(readFileSync(join(c.kit, 'custom-elements.json'), 'utf8')) as { schemaVersion: string; modules: { path: string; declarations: Element[] }[] };
    const valid = ajv.validate(schema, JSON.parse(JSON.stringify(manifest)));
    assert.ok(valid, ajv.errorsText());
    assert.equal(manifest.schemaVersion, '2.1.0');
    for (const mod of manifest.modules) assert.ok(statSync(join(c.kit, mod.path)).isFile(), `${mod.path} is shipped`);
    for (const el of manifest.modules.flatMap((m) => m.declarations)) {
      for (const m of el.members) assert.ok(!m.privacy || m.privacy === 'public', `${el.tagName}.${m.name} is public`);
      for (const e of el.events) assert.match(e.type.text, /^CustomEvent<Cpq\w+Detail>$/, `${el.tagName} ${e.name}`);
    }
    const quote = manifest.modules[0]!.declarations.find((d) => d.tagName === 'cpq-quote')!;
    assert.equal(quote.attributes.find((a) => a.name === 'mode')?.type.text, "'sales' | 'self-service'");
    assert.ok(!quote.members.some((m) => ['flow', 'flowView', 'replaceQuote', 'flowChanged'].includes(m.name)), 'internals are not API');
    const exported = JSON.parse(readFileSync(join(c.kit, 'package.json'), 'utf8')).exports['./custom-elements.json'];
    assert.equal(exported, './custom-elements.json');
  });

  test('a host bundles the elements without pdf-lib or fontkit installed; the PDF download is a chunk of its own', async (t) => {
    const { build } = await import('vite');
    const host = makeIsolatedConsumer(c);
    try {
      host.write({ 'app/entry.js': `import 'cpq-kit';\nexport const ready = customElements.whenDefined('cpq-quote-actions');\n` });
      const result = await build({
        root: join(host.dir, 'app'), logLevel: 'silent', configFile: false,
        build: { write: false, minify: true, lib: { entry: join(host.dir, 'app/entry.js'), formats: ['es'], fileName: 'app' } },
      });
      const chunks = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : [])).filter((o) => o.type === 'chunk') as { fileName: string; code: string; isEntry: boolean; imports: string[] }[];
      const pdf = chunks.filter((o) => o.code.includes('PDFDocument'));
      assert.equal(pdf.length, 1, `one chunk holds pdf-lib: ${chunks.map((o) => o.fileName).join(', ')}`);
      assert.ok(!pdf[0]!.isEntry, 'pdf-lib is loaded on demand, not with the elements');
      // What the page loads before it runs: the entry and its static imports. The pure core
      // (decimal.js, the validator, pricing) comes with the first catalog; a row that added two
      // decimals with decimal.js once put all of it in the first chunk (13.7 KiB gzip).
      const initial = new Set<string>();
      const visit = (name: string) => {
        if (initial.has(name)) return;
        initial.add(name);
        for (const next of chunks.find((o) => o.fileName === name)?.imports ?? []) visit(next);
      };
      for (const o of chunks) if (o.isEntry) visit(o.fileName);
      const decimal = chunks.filter((o) => o.code.includes('[DecimalError]'));
      assert.ok(decimal.length > 0, 'decimal.js is in the build');
      assert.ok(decimal.every((o) => !initial.has(o.fileName)), `decimal.js is loaded with the first catalog, not before the page runs: ${decimal.map((o) => o.fileName).join(', ')}`);
      t.diagnostic(`the elements' PDF chunk: ${(gzipSync(pdf[0]!.code).length / 1024).toFixed(0)} KiB gzip, loaded on the first download`);
    } finally {
      host.close();
    }
  });

  // The issue's target is 30 KiB gzip, which priceQuote's contract does not fit: decimal.js alone
  // is 12.5 KiB gzip, the validator priceQuote runs on every new catalog object (invalid catalogs
  // are issues, not exceptions) 14.5 KiB, the configuration engine that prices configured lines
  // 7.4 KiB, the pricing steps and their English and Chinese messages 16.5 KiB (marginal figures of
  // `node scripts/bundle-size.mjs`; Benchmarks has the table). The bundle is built as a host's app
  // build is (Vite minifies whitespace there; in library mode, which this test used before, it
  // does not: 65.3 KiB then, for the same code). The checked figure is a ceiling 5 % above the
  // 58.9 KiB it was set at, so any growth is a decision made in this file. Decided on 2026-12-07:
  // 63 KiB — the pricing core had grown to 61.6 KiB (kept frozen priced lines, BigInt step 8, the
  // memo's context maps), and the last run's lines (line-memo.ts `shortcut`, which halves a
  // one-line edit of 10,000 sealed lines in the pricing worker) add 0.7 KiB: 62.3 KiB. Decided
  // later that day: 64 KiB — a quote discount's re-pricing of every line (a line's adjusted amount
  // kept in minor units with its Decimal made only where one is computed with, the split and the
  // totals on Numbers where every value is a safe integer, the worker's trace of the lines it made
  // again: 0.6–0.8× the time) adds 0.7 KiB: 63.6 KiB.
  test('a pricing-only bundle: no PDF stack, no lit, at most 64 KiB gzip (target 30 KiB open)', async (t) => {
    const { build } = await import('vite');
    c.write({
      'bundle/entry.js': `import { priceQuote } from 'cpq-kit/pricing';\nexport default priceQuote;\n`,
      'bundle/decimal.js': `import { Decimal } from 'decimal.js';\nexport default Decimal;\n`,
    });
    /** The entry as an app build ships it: one chunk, minified (whitespace too). */
    const bundle = async (entry: string) => {
      const result = await build({
        root: join(c.dir, 'bundle'), logLevel: 'silent', configFile: false,
        build: { write: false, minify: true, rolldownOptions: { input: join(c.dir, 'bundle', entry), preserveEntrySignatures: 'exports-only' } },
      });
      const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
      return outputs.filter((o) => o.type === 'chunk').map((o) => (o as { code: string }).code).join('\n');
    };
    const code = await bundle('entry.js');
    const gzip = gzipSync(code).length;
    const decimal = gzipSync(await bundle('decimal.js')).length;
    t.diagnostic(`priceQuote alone: ${(code.length / 1024).toFixed(1)} KiB minified, ${(gzip / 1024).toFixed(1)} KiB gzip (decimal.js alone: ${(decimal / 1024).toFixed(1)} KiB gzip)`);
    assert.ok(!/pdf-lib|fontkit|from"lit"/.test(code), 'no PDF stack, no lit');
    assert.ok(/\bpriceQuote\b|export\s*\{/.test(code), 'the entry is bundled with its export');
    assert.ok(gzip <= 64 * 1024, `priceQuote alone is ${(gzip / 1024).toFixed(1)} KiB gzip, above the 64 KiB ceiling`);
  });
});

describe('plain HTML, no bundler', () => {
  const pages = [
    { name: 'an import map loads the packed kit', path: '' },
    { name: 'the self-contained bundle (dist/bundle/cpq-kit.js, no import map) loads', path: 'bundle.html' },
  ];
  for (const { name, path } of pages) {
    test(`${name} in Chromium under a strict CSP, and it prices the demo quote`, async (t) => {
      const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
      const { chromium: launcher } = await import('playwright-core');
      const { url, server } = await servePage(c.dir, root, { 'catalog.json': join(root, 'demo/catalogs/crm-saas.json'), 'quote.json': join(root, 'demo/quotes/crm-pro-120.json') });
      const browser = await launcher.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        const loaded: string[] = [];
        page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
        page.on('pageerror', (e) => problems.push(e.message));
        page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
        page.on('response', (r) => (r.status() >= 400 ? problems.push(`${r.status()} ${r.url()}`) : loaded.push(new URL(r.url()).pathname)));
        await page.goto(url + path);
        await page.waitForFunction(() => document.body.dataset.total !== undefined, undefined, { timeout: 20_000 });
        const expected = priceQuote(JSON.parse(demo('catalogs/crm-saas.json')), JSON.parse(demo('quotes/crm-pro-120.json')), { locale: 'en' });
        assert.equal(await page.evaluate(() => document.body.dataset.total), expected.totals.total);
        const shown = await page.evaluate(() => document.querySelector('cpq-quote-summary')!.shadowRoot!.textContent ?? '');
        // Intl formats the decimal string exactly (no float on the way), as the elements do.
        const grouped = (new Intl.NumberFormat('en', { minimumFractionDigits: 2 }).format as unknown as (v: string) => string)(expected.totals.total);
        assert.ok(shown.includes(grouped), `the summary shows ${grouped}`);
        assert.deepEqual(problems, []);
        if (path === 'bundle.html') {
          assert.deepEqual(loaded.filter((p) => p.startsWith('/node_modules/') && !p.startsWith('/node_modules/cpq-kit/dist/bundle/')), [], 'the bundle loads nothing else');
          // Its PDF download's module: dist/pdf-element.js, pdf-lib and fontkit inside, shared with the library's elements.
          const before = loaded.length;
          const pdf = await page.evaluate(async () => {
            const { renderQuotePdf } = await import('/node_modules/cpq-kit/dist/pdf-element.js' as string);
            // The demo's names are Chinese; without a CJK font the built-in Latin one draws them as x.
            const priced = JSON.parse(JSON.stringify((document.querySelector('cpq-quote') as unknown as { priced: unknown }).priced).replace(/[^\u0000-\u00ff]/g, 'x'));
            const bytes: Uint8Array = await renderQuotePdf(priced).catch((e: Error) => new TextEncoder().encode(`error ${e.message}`));
            return String.fromCharCode(...bytes.subarray(0, 60));
          });
          assert.match(pdf, /^%PDF-/, pdf);
          assert.deepEqual(loaded.slice(before).filter((p) => !/^\/node_modules\/cpq-kit\/dist\/(pdf-element\.js|chunks\/latin-font-data\.js)$/.test(p)), [], 'the PDF module loads its font data and nothing else');
          assert.deepEqual(problems, []);
        }
        t.diagnostic(`total ${expected.totals.total} shown by the summary; ${loaded.filter((p) => p.endsWith('.js')).length} modules loaded`);
      } finally {
        await browser.close();
        server.close();
      }
    });
  }
});
