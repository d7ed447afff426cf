// Browser bench (part of `npm run bench`): builds the pages in bench/browser/ with Vite
// (production, minified), serves them with `vite preview`, and drives Debian's Chromium through
// playwright-core.
//   (a) option click → total painted, a generated product with 200 options   target < 16 ms
//   (b) quantity edit → total painted, a quote with 1,000 lines              target < 50 ms
//   (c) gzip size of the initial JS of a page that only does `import 'cpq-kit'` (no PDF),
//       split into lit + @lit/context, decimal.js + json-logic-js and the kit's own code
//                                                                             target ≤ 45 KiB
// The timings are measured inside the page (bench/browser/interaction.ts says how).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, preview, type InlineConfig, type Plugin, type Rollup } from 'vite';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = fileURLToPath(new URL('./browser/', import.meta.url));
const kitEntry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const TARGET_KIB = 45;
const RUNS = { option: 21, quantity: 11, scroll: 2 } as const;

const LIT = (id: string) => id === 'lit' || id.startsWith('lit/') || id.startsWith('@lit/');
const CORE_DEPS = (id: string) => id === 'decimal.js' || id === 'json-logic-js';
const bare = (id: string) => id !== 'cpq-kit' && !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^[A-Za-z]:[\\/]/.test(id) && !id.startsWith('virtual:');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies?: Record<string, string> };
/** The package's runtime dependencies (and their subpaths): external when measuring the kit's own code. */
const dependency = (id: string) => Object.keys(pkg.dependencies ?? {}).some((dep) => id === dep || id.startsWith(`${dep}/`));

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const kib = (bytes: number) => bytes / 1024;

/** A production build of one bench page, in memory (nothing written). */
async function buildPage(page: string, extra: Partial<InlineConfig> & { external?: (id: string) => boolean; plugins?: Plugin[] } = {}): Promise<Rollup.OutputBundle | Rollup.RollupOutput> {
  const out = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    mode: 'production',
    resolve: { alias: { 'cpq-kit': kitEntry } },
    plugins: extra.plugins ?? [],
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      sourcemap: false,
      modulePreload: { polyfill: false },
      rolldownOptions: { input: join(root, page), ...(extra.external ? { external: extra.external } : {}) },
    },
  });
  return (Array.isArray(out) ? out[0] : out) as Rollup.RollupOutput;
}

interface Initial {
  /** gzip bytes (level 9) of the entry chunk and every chunk it imports statically. */
  gzip: number;
  raw: number;
  files: number;
  /** Bare module ids the initial chunks import (when built with them external), with the names used. */
  externals: Map<string, Set<string>>;
  /** The initial chunks' file names. */
  chunks: Set<string>;
  /** gzip bytes of the chunks loaded later: the core (fetched with the first catalog), and the PDF chunks. */
  lazyGzip: number;
  pdfGzip: number;
  /** gzip bytes of the built-in Latin font's chunk, loaded only for a PDF made without a font. */
  latinFontGzip: number;
}

/** The JS a browser loads before the page runs: the HTML entry's chunk and its static imports. */
function initialJs(output: Rollup.RollupOutput): Initial {
  const chunks = new Map(output.output.filter((o): o is Rollup.OutputChunk => o.type === 'chunk').map((c) => [c.fileName, c]));
  const entries = [...chunks.values()].filter((c) => c.isEntry);
  const seen = new Set<string>();
  const externals = new Map<string, Set<string>>();
  let gzip = 0;
  let raw = 0;
  const visit = (chunk: Rollup.OutputChunk) => {
    if (seen.has(chunk.fileName)) return;
    seen.add(chunk.fileName);
    raw += Buffer.byteLength(chunk.code);
    gzip += gzipSync(chunk.code, { level: 9 }).length;
    for (const [id, names] of importedBindings(chunk.code)) {
      if (!bare(id)) continue;
      const set = externals.get(id) ?? new Set<string>();
      for (const n of names) set.add(n);
      externals.set(id, set);
    }
    for (const id of chunk.imports) {
      const next = chunks.get(id);
      if (next) visit(next);
      else if (bare(id) && !externals.has(id)) externals.set(id, new Set());
    }
  };
  for (const e of entries) visit(e);
  let lazyGzip = 0;
  let pdfGzip = 0;
  let latinFontGzip = 0;
  for (const c of chunks.values()) {
    if (seen.has(c.fileName)) continue;
    const size = gzipSync(c.code, { level: 9 }).length;
    if (Object.keys(c.modules).every((id) => /[\\/]src[\\/]pdf[\\/]latin-font-data\.ts$/.test(id))) {
      latinFontGzip += size;
      continue;
    }
    // The PDF chunk (renderer, pdf-lib, fontkit) is loaded only when a PDF is requested.
    if (Object.keys(c.modules).some((id) => /[\\/]src[\\/]pdf[\\/]|[\\/]node_modules[\\/](pdf-lib|fontkit|@pdf-lib)[\\/]/.test(id))) pdfGzip += size;
    else lazyGzip += size;
  }
  return { gzip, raw, files: seen.size, externals, chunks: seen, lazyGzip, pdfGzip, latinFontGzip };
}

/**
 * The names a chunk imports from each module, read from its (minified) import statements:
 * `import e from"x"` → default, `import{a as b,c}from"x"` → a, c, `import*as e from"x"` → *.
 * (Rolldown's output chunks carry no `importedBindings`.)
 */
function importedBindings(code: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const re = /\bimport\s*([\w$]+)?\s*,?\s*(\{[^}]*\}|\*\s*as\s+[\w$]+)?\s*(?:from\s*)?["']([^"']+)["']/g;
  for (const m of code.matchAll(re)) {
    const [, def, named, id] = m;
    const names = out.get(id!) ?? [];
    if (def) names.push('default');
    if (named?.startsWith('*')) names.push('*');
    else if (named) {
      for (const part of named.slice(1, -1).split(',')) {
        const name = part.trim().split(/\s+as\s+/)[0];
        if (name) names.push(name);
      }
    }
    out.set(id!, names);
  }
  return out;
}

/** A module importing exactly `bindings` and keeping them alive (an app build drops unused exports). */
function peerModule(bindings: Map<string, Set<string>>): string {
  const lines: string[] = [];
  const keep: string[] = [];
  let n = 0;
  for (const [id, names] of bindings) {
    if (names.size === 0 || names.has('*')) {
      lines.push(`import * as m${n} from ${JSON.stringify(id)};`);
      keep.push(`m${n}`);
    } else {
      const parts = [...names].map((name, i) => `${name === 'default' ? 'default' : name} as m${n}_${i}`);
      lines.push(`import { ${parts.join(', ')} } from ${JSON.stringify(id)};`);
      keep.push(...[...names].map((_, i) => `m${n}_${i}`));
    }
    n++;
  }
  lines.push(`globalThis.__cpqBenchKeep = [${keep.join(', ')}];`);
  return lines.join('\n');
}

/** Where the kit's own bytes come from, by source folder (rendered length before minification). */
function areas(output: Rollup.RollupOutput, only: Set<string>): string {
  const byArea = new Map<string, number>();
  for (const chunk of output.output) {
    if (chunk.type !== 'chunk' || !only.has(chunk.fileName)) continue;
    for (const [id, m] of Object.entries(chunk.modules)) {
      const rel = id.replace(/\\/g, '/').split('/src/')[1];
      const area = rel ? (rel.startsWith('catalog/') ? 'catalog' : rel.startsWith('rules/configure') ? 'rules/configure' : rel.split('/')[0]!.replace(/\.ts$/, '')) : 'helpers';
      byArea.set(area, (byArea.get(area) ?? 0) + m.renderedLength);
    }
  }
  return [...byArea].sort((a, b) => b[1] - a[1]).map(([a, n]) => `${a} ${kib(n).toFixed(1)}`).join(', ') + ' KiB';
}

function peerPlugin(code: string): Plugin {
  const id = 'virtual:cpq-bench-peer';
  return {
    name: 'cpq-bench-peer',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load: (resolved) => (resolved === `\0${id}` ? code : undefined),
  };
}

async function sizes(): Promise<void> {
  // The kit with its dependencies, as a host's bundler ships it.
  const full = initialJs((await buildPage('size-kit.html')) as Rollup.RollupOutput);
  // The kit's own code: the same page with every package external; its imports say what it uses.
  const ownBuild = (await buildPage('size-kit.html', { external: dependency })) as Rollup.RollupOutput;
  const own = initialJs(ownBuild);
  const group = (test: (id: string) => boolean) => new Map([...own.externals].filter(([id]) => test(id)));
  const litUsed = group(LIT);
  const depsUsed = group(CORE_DEPS);
  const other = [...own.externals.keys()].filter((id) => !LIT(id) && !CORE_DEPS(id));
  const lit = initialJs((await buildPage('size-peer.html', { plugins: [peerPlugin(peerModule(litUsed))] })) as Rollup.RollupOutput);
  const deps = initialJs((await buildPage('size-peer.html', { plugins: [peerPlugin(peerModule(depsUsed))] })) as Rollup.RollupOutput);

  const row = (name: string, x: Initial, note: string) =>
    console.log(`${name.padEnd(34)} ${kib(x.gzip).toFixed(1).padStart(6)} KiB  ${kib(x.raw).toFixed(1).padStart(7)} KiB  ${note}`);
  console.log('\n(c) initial JS of a page with only `import \'cpq-kit\'` (vite build, minified; gzip -9)');
  console.log(`${''.padEnd(34)} ${'gzip'.padStart(10)}  ${'minified'.padStart(11)}`);
  row('cpq-kit, with dependencies', full, `${full.files} file(s), no PDF`);
  row('  lit + @lit/context', lit, `the bindings the kit imports: ${[...litUsed.keys()].join(', ') || '—'}`);
  row('  decimal.js + json-logic-js', deps, [...depsUsed.keys()].join(', ') || '—');
  row('  the kit\'s own code', own, `dependencies external${other.length ? `; also imports ${other.join(', ')}` : ''}`);
  console.log(`  the kit's own code by area (before minification): ${areas(ownBuild, own.chunks)}`);
  console.log(`sum of the parts (gzipped separately)  ${kib(lit.gzip + deps.gzip + own.gzip).toFixed(1)} KiB`);
  console.log(`loaded with the first catalog (validator, configure, pricing, lifecycle, decimal.js, json-logic-js): ${kib(full.lazyGzip).toFixed(1)} KiB gzip; initial + that = ${kib(full.gzip + full.lazyGzip).toFixed(1)} KiB`);
  console.log(`loaded when a PDF is requested (renderer, pdf-lib, fontkit; the font is fetched apart): ${kib(full.pdfGzip).toFixed(1)} KiB gzip; with no font given, the built-in Latin font (Arimo) besides: ${kib(full.latinFontGzip).toFixed(1)} KiB gzip`);
  console.log(`target: the kit with dependencies ≤ ${TARGET_KIB} KiB gzip → ${kib(full.gzip).toFixed(1)} KiB, ratio ${(kib(full.gzip) / TARGET_KIB).toFixed(2)}× ${full.gzip <= TARGET_KIB * 1024 ? '✔' : '✖'}`);
}

async function interactions(): Promise<void> {
  console.log('\nelements in Chromium (median ms, in-page: action dispatch → end of the frame showing the new total)');
  if (!existsSync(CHROMIUM)) {
    console.log(`skipped: ${CHROMIUM} is missing (apt-get install -y chromium, or set CHROMIUM_PATH)`);
    process.exitCode = 1;
    return;
  }
  const outDir = mkdtempSync(join(tmpdir(), 'cpq-bench-'));
  const { chromium } = await import('playwright-core');
  let server: Awaited<ReturnType<typeof preview>> | undefined;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    const config: InlineConfig = {
      configFile: false, root, logLevel: 'silent', mode: 'production', base: './',
      build: { outDir, emptyOutDir: true, target: 'es2022', minify: true, rolldownOptions: { input: join(root, 'interaction.html') } },
      preview: { host: '127.0.0.1', port: 0, strictPort: false },
    };
    await build(config);
    server = await preview(config);
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview has no local URL');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    const cases = [
      { scenario: 'option', label: '(a) option click → total painted', detail: '200-option product', target: 16 },
      { scenario: 'quantity', label: '(b) quantity edit → total painted', detail: '1,000-line quote', target: 50 },
      // 60 fps: every frame one vsync (16.7 ms) apart, 20 ms allowing for timer jitter; the figure is the 95th percentile of the intervals.
      { scenario: 'scroll', label: '(d) scrolling, frame interval p95', detail: '1,000-line quote, 120 px a frame', target: 20 },
    ] as const;
    console.log(`${'case'.padEnd(36)} ${'median'.padStart(8)}  ${'target'.padStart(7)}  ratio   runs  min–max`);
    for (const c of cases) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      try {
        await page.goto(new URL(`interaction.html?scenario=${c.scenario}`, url).href, { waitUntil: 'load' });
        await page.waitForFunction(() => 'cpqBench' in window, null, { timeout: 10_000 });
        const r = await page.evaluate(([s, n]) => window.cpqBench.run(s, n), [c.scenario, RUNS[c.scenario]] as const);
        const m = c.scenario === 'scroll' ? percentile(r.times, 0.95) : median(r.times);
        const dropped = c.scenario === 'scroll' ? `; ${r.times.filter((t) => t > 16.7 * 1.5).length} of ${r.times.length} frames over 25 ms` : '';
        console.log(
          `${c.label.padEnd(36)} ${m.toFixed(1).padStart(5)} ms  ${`< ${c.target}`.padStart(4)} ms  ${(m / c.target).toFixed(2)}×  ${String(r.times.length).padStart(4)}  ${Math.min(...r.times).toFixed(1)}–${Math.max(...r.times).toFixed(1)} ms  (${c.detail}; ${r.lines} lines, ${r.rows} rows rendered${dropped}) ${m < c.target ? '✔' : '✖'}`,
        );
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).replace(/^page\.evaluate: (Error: )?/, '').split('\n')[0];
        console.log(`${c.label.padEnd(36)}      n/a  ${`< ${c.target}`.padStart(4)} ms          — ${message}${errors.length ? ` [page: ${errors[0]}]` : ''}`);
        process.exitCode = 1;
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

export default async function browserBench(): Promise<void> {
  await interactions();
  await sizes();
}
