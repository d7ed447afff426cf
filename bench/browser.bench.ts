// Browser bench (part of `npm run bench`): builds the pages in bench/browser/ with Vite
// (production, minified), serves them with `vite preview`, and drives Debian's Chromium through
// playwright-core.
//   (a) option click → total painted, a generated product with 200 options   target < 16 ms
//   (b) at 1,000 and 10,000 lines (issue 15): quantity keystroke and commit, discount commit,
//       quote-discount commit, option click, add product — real input to the next painted frame,
//       interleaved rounds, median and p95, the longest task — and wheel-scroll frame intervals;
//       targets ≤ 16 ms median / p95 ≤ 25 ms at 1,000 lines, ≤ 50 ms and no long task > 50 ms at 10,000
//   (c) gzip size of the initial JS of a page that only does `import 'cpq-kit'` (no PDF),
//       split into lit + @lit/context, decimal.js + json-logic-js and the kit's own code
//                                                                             target ≤ 45 KiB
// The timings are measured inside the page (bench/browser/interaction.ts says how).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, preview, type InlineConfig, type Plugin, type Rollup } from 'vite';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = fileURLToPath(new URL('./browser/', import.meta.url));
const kitEntry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const TARGET_KIB = 45;
const RUNS = { option: 21, lines1k: 11, lines10k: 11 } as const;
/**
 * BENCH_ACTIONS=<part>,<part>: only the line actions whose name contains one of the parts, beside the
 * floor (always run first) — a quicker look at one action while working on it; the README's figures
 * come from runs of all of them, interleaved.
 */
const ONLY_ACTIONS = process.env.BENCH_ACTIONS?.split(',').filter(Boolean);
/** BENCH_JS_FLAGS=<flags>: V8 flags for Chromium (`--js-flags`), for experiments (e.g. `--no-allocation-site-pretenuring`). */
const JS_FLAGS = process.env.BENCH_JS_FLAGS;

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

type Page = import('playwright-core').Page;
type Expect = 'total' | 'frame';

/** One user action: `prep` puts the page where the user is just before it (untimed), `act` is the input that is timed. */
interface Action {
  name: string;
  expect: Expect;
  prep(page: Page, round: number): Promise<void>;
  act(page: Page, round: number): Promise<void>;
}

const lineInput = (page: Page, control: string, line = 1) => page.locator(`cpq-line-editor input[data-control="${control}"]`).nth(line);
const selectLine = (page: Page, id: string) => page.evaluate((l) => (document.querySelector('cpq-quote') as unknown as { cpq: { api: { selectLine(id: string): void } } }).cpq.api.selectLine(l), id);

const quoteDiscountField = (page: Page) => page.locator('cpq-quote-summary').getByLabel(/^(整单折扣（%）|Quote discount \(%\))$/);

/** Focus a field and type into it as a user would (select all, type): untimed preparation. */
async function typeInto(page: Page, field: ReturnType<Page['locator']>, text: string): Promise<void> {
  await field.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

/** How long round `r`'s click holds the button, ms (60–118, spread over the rounds). */
const holdMs = (r: number) => 60 + ((r * 29) % 59);

/** The actions of issue 15's table, each changing a figure every round (values alternate). */
const ALL_ACTIONS: Action[] = [
  // The floor: the same keystroke into a plain <input> outside the kit — the wait for the next
  // frame and its rendering, which every row below pays too.
  {
    name: 'floor: keystroke, plain input', expect: 'frame',
    prep: async (page) => { await page.locator('#floor').focus(); await page.keyboard.press('Control+A'); },
    act: (page, r) => page.keyboard.press(String(3 + (r % 2))),
  },
  {
    name: 'quantity keystroke', expect: 'frame',
    prep: async (page) => { await lineInput(page, 'qty').focus(); await page.keyboard.press('Control+A'); },
    act: (page, r) => page.keyboard.press(String(3 + (r % 2))),
  },
  { name: 'quantity commit (Enter)', expect: 'total', prep: async () => {}, act: (page) => page.keyboard.press('Enter') },
  {
    name: 'discount commit (Enter)', expect: 'total',
    // The typed discount's preview (approval warnings as you type) runs before the commit, as it does for a user.
    prep: async (page, r) => { await typeInto(page, lineInput(page, 'discount'), String(5 + (r % 2))); await page.waitForTimeout(400); },
    act: (page) => page.keyboard.press('Enter'),
  },
  {
    name: 'quote-discount commit (Enter)', expect: 'total',
    // As the discount commit: the user's pause after typing, in which the summary prices the typed value ahead (api.anticipate).
    prep: async (page, r) => { await typeInto(page, quoteDiscountField(page), String(3 + (r % 2))); await page.waitForTimeout(400); },
    act: (page) => page.keyboard.press('Enter'),
  },
  {
    // The same without the pause: Enter right after the digit, before anything is priced ahead.
    name: 'quote-discount commit, no pause', expect: 'total',
    prep: (page, r) => typeInto(page, quoteDiscountField(page), String(5 + (r % 2))),
    act: (page) => page.keyboard.press('Enter'),
  },
  {
    name: 'option click', expect: 'total',
    prep: async (page) => { await selectLine(page, 'L1'); await page.locator('cpq-configurator input[type=checkbox]').first().waitFor(); },
    // Held as a hand holds a button (60–118 ms, varied by round): a click with no hold sends its
    // pointerup right after the pointerdown's frame began, so it always waited out that frame's
    // interval (14 ms on a bare page; the option click read 15.5–16.0 ms whatever its work).
    act: (page, r) => page.locator('cpq-configurator input[type=checkbox]').nth(r % 2).click({ delay: holdMs(r) }),
  },
  {
    name: 'add product (Enter on a result)', expect: 'total',
    prep: async (page, r) => {
      await typeInto(page, page.locator('cpq-product-picker input').first(), `P-${10 + (r % 5)}`);
      await page.keyboard.press('ArrowDown');
    },
    act: (page) => page.keyboard.press('Enter'),
  },
];

/**
 * BENCH_PROFILE=<dir>: an unminified build, and a CPU profile (CDP Profiler) of every timed action, self time by function
 * summed per action (<dir>/<label>.txt); the raw profiles too (<dir>/<label>/<action>-r<round>.cpuprofile, for DevTools
 * or bench/profile-tasks.ts, which lists a profile's main-thread tasks and what they spent their time in) and the built
 * page's JavaScript (<dir>/build/) that their line numbers point into.
 */
const PROFILE = process.env.BENCH_PROFILE;
const selfTimes = new Map<string, Map<string, number>>();
const rawProfiles: { action: string; round: number; profile: unknown }[] = [];

/**
 * BENCH_TRACE=1: a Chromium trace (devtools.timeline) of every timed action; the renderer main thread's time
 * from the input to the painted frame, summed by kind of work (script, style, layout, paint, …) per action,
 * median over the rounds — where a frame's time goes, which a CPU profile shows only as "(program)".
 */
const TRACE = process.env.BENCH_TRACE === '1';
const traced = new Map<string, Map<string, number[]>>();

/** Trace event names and the kind of work they are counted as (the outermost event of a kind only). */
const TRACE_KINDS: Record<string, string> = {
  FunctionCall: 'script', EvaluateScript: 'script', TimerFire: 'script', FireAnimationFrame: 'script', EventDispatch: 'script', RunMicrotasks: 'script', 'V8.Execute': 'script',
  UpdateLayoutTree: 'style', RecalculateStyles: 'style', ScheduleStyleRecalculation: 'style',
  Layout: 'layout', UpdateLayerTree: 'layers', PrePaint: 'pre-paint', Paint: 'paint', PaintImage: 'paint', Layerize: 'layers', Commit: 'commit', HitTest: 'hit test',
  MinorGC: 'gc', MajorGC: 'gc', 'V8.GC_SCAVENGER': 'gc', 'BlinkGC.AtomicPhase': 'gc', IntersectionObserverController_computeIntersections: 'intersection observers', ParseHTML: 'parse',
};

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } }

/**
 * The renderer main thread's time (ms) of each kind within the action's timed window, which the page marks
 * with a `cpq-bench-action` measure (bench/browser/interaction.ts): from the input event to the frame's end.
 */
function traceKinds(events: TraceEvent[]): Map<string, number> {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const out = new Map<string, number>();
  const marks = events.filter((e) => e.name === 'cpq-bench-action');
  const begin = marks.find((e) => e.ph === 'b' || e.ph === 'X');
  const finish = marks.find((e) => e.ph === 'e');
  if (!main || !begin) return out;
  const start = begin.ts;
  const end = begin.ph === 'X' ? begin.ts + (begin.dur ?? 0) : finish?.ts;
  if (end === undefined) return out;
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  let coveredTo = -Infinity;
  for (const e of mine) {
    const kind = TRACE_KINDS[e.name];
    if (!kind || e.ts + e.dur! <= start || e.ts >= end) continue;
    // Nested events of a counted one (a layout inside a script) are counted once, in the outer one's kind.
    if (e.ts < coveredTo) continue;
    coveredTo = e.ts + e.dur!;
    // Only the part inside the window.
    out.set(kind, (out.get(kind) ?? 0) + (Math.min(end, e.ts + e.dur!) - Math.max(start, e.ts)) / 1000);
  }
  out.set('(window)', (end - start) / 1000);
  // The pricing worker's script time in the window (a quote above the worker threshold): what the page waits for.
  const workers = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'DedicatedWorker thread').map((e) => `${e.pid}:${e.tid}`));
  if (workers.size > 0) {
    let worker = 0, to = -Infinity;
    for (const e of events.filter((x) => x.ph === 'X' && x.dur !== undefined && workers.has(`${x.pid}:${x.tid}`)).sort((a, b) => a.ts - b.ts)) {
      const kind = TRACE_KINDS[e.name];
      if ((kind !== 'script' && kind !== 'gc') || e.ts + e.dur! <= start || e.ts >= end || e.ts < to) continue;
      to = e.ts + e.dur!;
      worker += (Math.min(end, to) - Math.max(start, e.ts)) / 1000;
    }
    out.set('worker thread', worker);
  }
  return out;
}

async function timed(page: Page, action: Action, round: number): Promise<{ ms: number; fromPress?: number; longTasks: number[] }> {
  await action.prep(page, round);
  await page.evaluate((e) => window.cpqBench.arm(e), action.expect);
  if (TRACE) return tracedAction(page, action, round);
  const cdp = PROFILE ? await page.context().newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await action.act(page, round);
  const result = await page.evaluate(() => window.cpqBench.result());
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    const self = new Map<number, number>();
    const dt = profile.timeDeltas ?? [];
    (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (dt[i + 1] ?? 0) / 1000));
    const per = selfTimes.get(action.name) ?? new Map<string, number>();
    for (const node of profile.nodes) {
      const f = node.callFrame;
      const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
      per.set(key, (per.get(key) ?? 0) + (self.get(node.id) ?? 0));
    }
    selfTimes.set(action.name, per);
    rawProfiles.push({ action: action.name, round, profile });
    await cdp.detach();
  }
  return result;
}

async function tracedAction(page: Page, action: Action, round: number): Promise<{ ms: number; fromPress?: number; longTasks: number[] }> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => { for (const e of d.value) events.push(e as unknown as TraceEvent); });
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing', ...(process.env.BENCH_TRACE_DUMP ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : [])], excludedCategories: ['*'] } });
  await action.act(page, round);
  const result = await page.evaluate(() => window.cpqBench.result());
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  const dump = process.env.BENCH_TRACE_DUMP;
  if (dump && round === 10) writeFileSync(`${dump}-${slugOf(action.name)}.json`, JSON.stringify(events));
  if (round >= 2) {
    let per = traced.get(action.name);
    if (!per) traced.set(action.name, (per = new Map(['(timed)', '(window)', 'worker thread', ...Object.values(TRACE_KINDS)].map((k) => [k, []]))));
    const kinds = traceKinds(events);
    for (const [kind, xs] of per) xs.push(kind === '(timed)' ? result.ms : kinds.get(kind) ?? 0);
  }
  return result;
}

function writeTrace(label: string): void {
  if (!TRACE) return;
  console.log(`\n${label}: the renderer main thread's time from the input to the painted frame, by kind (median of the rounds, ms)`);
  for (const [name, per] of traced) {
    const parts = [...per].filter(([k]) => k !== '(timed)' && k !== '(window)' && k !== 'worker thread').map(([k, xs]) => [k, median(xs)] as const).filter(([, m]) => m >= 0.05).sort((a, b) => b[1] - a[1]);
    const worker = median(per.get('worker thread')!);
    console.log(`  ${name.padEnd(34)} timed ${median(per.get('(timed)')!).toFixed(1).padStart(6)} (in the trace ${median(per.get('(window)')!).toFixed(1)}): ${parts.map(([k, m]) => `${k} ${m.toFixed(1)}`).join(', ')}${worker > 0 ? `; pricing worker's thread ${worker.toFixed(1)}` : ''}`);
  }
  traced.clear();
}

/** An action's name as a file name: `quote-discount commit (Enter)` → `quote-discount-commit`. */
const slugOf = (name: string) => name.replace(/\(.*\)/, '').trim().replace(/[^a-z0-9]+/gi, '-').toLowerCase();

function writeProfiles(label: string): void {
  if (!PROFILE) return;
  const out: string[] = [];
  for (const [name, per] of selfTimes) {
    out.push(`## ${name}`);
    for (const [k, ms] of [...per].sort((a, b) => b[1] - a[1]).slice(0, 30)) out.push(`${ms.toFixed(1).padStart(8)} ms  ${k}`);
  }
  writeFileSync(join(PROFILE, `${label}.txt`), out.join('\n'));
  selfTimes.clear();
  mkdirSync(join(PROFILE, label), { recursive: true });
  for (const { action, round, profile } of rawProfiles) {
    const slug = slugOf(action);
    writeFileSync(join(PROFILE, label, `${slug}-r${round}.cpuprofile`), JSON.stringify(profile));
  }
  rawProfiles.length = 0;
}

/** Wheel-scroll the line editor, a notch (120 px) per frame down and back up; the frame intervals. */
async function scrollFrames(page: Page, notches: number): Promise<number[]> {
  const box = await page.locator('cpq-line-editor [part~="scroller"]').boundingBox();
  if (!box) throw new Error('the line editor has no scroller on the page');
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 200));
  await page.evaluate(() => window.cpqBench.startFrames());
  for (const dir of [1, -1]) {
    for (let i = 0; i < notches; i++) {
      await page.mouse.wheel(0, 120 * dir);
      await page.waitForTimeout(16);
    }
  }
  return page.evaluate(() => window.cpqBench.stopFrames());
}

const fmt = (x: number) => x.toFixed(1).padStart(6);

async function linesRounds(page: Page, n: number, rounds: number, target: { median: number; p95: number; longTask: number }, worker = true): Promise<void> {
  const info = await page.evaluate(([k, w]) => window.cpqBench.setup('lines', k, w), [n, worker] as const);
  const ACTIONS = ONLY_ACTIONS ? ALL_ACTIONS.filter((a, i) => i === 0 || ONLY_ACTIONS.some((p) => a.name.includes(p))) : ALL_ACTIONS;
  const times = new Map<string, number[]>(ACTIONS.map((a) => [a.name, []]));
  const pressed = new Map<string, number[]>(ACTIONS.map((a) => [a.name, []]));
  const longest = new Map<string, number>(ACTIONS.map((a) => [a.name, 0]));
  // Interleaved: every round runs each action once, so drift (heat, GC, load) spreads over all of them.
  for (let r = 0; r < rounds + 2; r++) {
    for (const a of ACTIONS) {
      const t = await timed(page, a, r);
      if (r < 2) continue;
      times.get(a.name)!.push(t.ms);
      if (t.fromPress !== undefined) pressed.get(a.name)!.push(t.fromPress);
      longest.set(a.name, Math.max(longest.get(a.name)!, ...t.longTasks, 0));
    }
  }
  const frames = await scrollFrames(page, n >= 10_000 ? 60 : 40);
  console.log(`\n${n.toLocaleString('en')} lines, priced ${worker ? 'as <cpq-quote> chooses by default (the Web Worker above its worker-threshold)' : 'on the main thread (worker-threshold past the line count)'} (${info.rows} rows rendered at first; ${rounds} interleaved rounds after 2 warm-up rounds) — target: median ≤ ${target.median} ms, p95 ≤ ${target.p95} ms, no long task > ${target.longTask} ms`);
  console.log(`${'input → next painted frame'.padEnd(34)} ${'median'.padStart(9)} ${'p95'.padStart(9)}  longest task   ratio (median / target)`);
  const row = (name: string, xs: number[], long: number, scroll = false) => {
    const m = median(xs);
    const p = percentile(xs, 0.95);
    const ok = scroll ? p <= target.p95 : m <= target.median && p <= target.p95 && long <= target.longTask;
    console.log(`${name.padEnd(34)} ${fmt(m)} ms ${fmt(p)} ms  ${`${long} ms`.padStart(10)}   ${(m / target.median).toFixed(2)}× ${ok ? '✔' : '✖'}`);
  };
  for (const a of ACTIONS) row(a.name, times.get(a.name)!, longest.get(a.name)!);
  const floor = median(times.get(ACTIONS[0]!.name)!);
  console.log(`  (kit / floor, medians: ${ACTIONS.slice(1).map((a) => `${a.name.split(' (')[0]} ${(median(times.get(a.name)!) / floor).toFixed(1)}×`).join(', ')})`);
  const clicks = ACTIONS.filter((a) => pressed.get(a.name)!.length > 0);
  if (clicks.length) console.log(`  (clicks are timed from the pointerup, as INP times a click; from the pointerdown, the hold included: ${clicks.map((a) => `${a.name} median ${median(pressed.get(a.name)!).toFixed(1)} ms, p95 ${percentile(pressed.get(a.name)!, 0.95).toFixed(1)}`).join('; ')})`);
  row(`scroll frame interval (${frames.length} frames)`, frames, 0, true);
  writeProfiles(`${n}-${worker ? 'worker' : 'main'}`);
  writeTrace(`${n}-${worker ? 'worker' : 'main'}`);
}

async function interactions(): Promise<void> {
  console.log('\nelements in Chromium: real input (Playwright keyboard, mouse, wheel) → the end of the first frame painted after the update, timed in the page from the input event\'s timestamp');
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
      build: { outDir, emptyOutDir: true, target: 'es2022', minify: !PROFILE, rolldownOptions: { input: join(root, 'interaction.html') } },
      preview: { host: '127.0.0.1', port: 0, strictPort: false },
    };
    await build(config);
    if (PROFILE) cpSync(join(outDir, 'assets'), join(PROFILE, 'build'), { recursive: true });
    server = await preview(config);
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview has no local URL');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', ...(JS_FLAGS ? [`--js-flags=${JS_FLAGS}`] : [])] });
    const open = async () => {
      const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
      page.setDefaultTimeout(60_000);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(new URL('interaction.html', url).href, { waitUntil: 'load' });
      await page.waitForFunction(() => 'cpqBench' in window, null, { timeout: 10_000 });
      return { page, errors };
    };
    const run = async (what: string, body: (page: Page) => Promise<void>) => {
      const { page, errors } = await open();
      try {
        await body(page);
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).replace(/^page\.evaluate: (Error: )?/, '').split('\n')[0];
        console.log(`${what}: n/a — ${message}${errors.length ? ` [page: ${errors[0]}]` : ''}`);
        process.exitCode = 1;
      } finally {
        await page.close();
      }
    };
    const parts = process.env.BENCH_BROWSER?.split(',');
    const want = (part: string) => !parts || parts.includes(part);
    if (want('options')) await run('option click, 200-option product', async (page) => {
      await page.evaluate(() => window.cpqBench.setup('options'));
      const option = ALL_ACTIONS.find((a) => a.name === 'option click')!;
      const xs: number[] = [];
      const down: number[] = [];
      for (let r = 0; r < RUNS.option + 3; r++) {
        const t = await timed(page, { ...option, prep: async () => {} }, r);
        if (r < 3) continue;
        xs.push(t.ms);
        if (t.fromPress !== undefined) down.push(t.fromPress);
      }
      const m = median(xs);
      console.log(`\n(a) option click (from its pointerup) → total painted, 200-option product: median ${m.toFixed(1)} ms, p95 ${percentile(xs, 0.95).toFixed(1)} ms (${xs.length} runs; target < 16 ms: ${(m / 16).toFixed(2)}×) ${m < 16 ? '✔' : '✖'}${down.length ? `; from its pointerdown, the hold (60–118 ms) included: median ${median(down).toFixed(1)} ms, p95 ${percentile(down, 0.95).toFixed(1)}` : ''}`);
      writeProfiles('200-option');
      writeTrace('200-option product');
    });
    if (want('1k')) await run('1,000 lines', (page) => linesRounds(page, 1000, RUNS.lines1k, { median: 16, p95: 25, longTask: 50 }));
    if (parts?.includes('1k-main')) await run('1,000 lines, main thread', (page) => linesRounds(page, 1000, RUNS.lines1k, { median: 16, p95: 25, longTask: 50 }, false));
    if (want('10k')) await run('10,000 lines', (page) => linesRounds(page, 10_000, RUNS.lines10k, { median: 50, p95: 100, longTask: 50 }));
    if (parts?.includes('10k-main')) await run('10,000 lines, main thread', (page) => linesRounds(page, 10_000, RUNS.lines10k, { median: 50, p95: 100, longTask: 50 }, false));
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * BENCH_BROWSER picks parts, comma-separated: `options` (a), `1k` and `10k` (b; `1k-main` and `10k-main`, only when
 * named, the same rounds with every quote priced on the main thread, to compare with the worker), `sizes` (c, no
 * Chromium needed); e.g. BENCH_BROWSER=10k runs only the 10,000-line rounds. Unset: all of them.
 */
export default async function browserBench(): Promise<void> {
  const parts = process.env.BENCH_BROWSER?.split(',');
  if (!parts || parts.some((p) => p !== 'sizes')) await interactions();
  if (!parts || parts.includes('sizes')) await sizes();
}
