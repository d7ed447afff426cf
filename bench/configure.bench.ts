import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsonLogic from 'json-logic-js';
import { compileCondition } from '../src/core/logic.js';
import { assembleCatalog } from '../src/catalog/assemble.js';
import { configure } from '../src/rules/configure.js';

/**
 * A generated product: 1,000 options in 20 features and 1,000 configuration rules of every
 * kind, with conditions of the shapes real catalogs use.
 */
export function generated() {
  const features = Array.from({ length: 20 }, (_, f) => ({
    id: `F${f}`,
    name: { 'zh-CN': `功能${f}`, en: `Feature ${f}` },
    min: 0,
    max: 50,
    options: Array.from({ length: 50 }, (_, o) => ({ sku: `OPT-${f * 50 + o}`, default: o % 7 === 0, qtyPer: 'parent' as const })),
  }));
  const products = [
    { sku: 'BIG', name: 'Big product', price: { model: 'flat', list: '1000.00' }, qty: { min: '1', max: '1000', default: '10' },
      attributes: [{ id: 'voltage', default: '400V', values: [{ id: '380V' }, { id: '400V' }, { id: '440V' }] }], features },
    ...Array.from({ length: 1000 }, (_, i) => ({ sku: `OPT-${i}`, name: `Option ${i}`, price: { model: 'flat', list: '10.00' } })),
  ];
  const sel = (i: number) => ({ var: `selected.OPT-${i % 1000}` });
  const rules = Array.from({ length: 1000 }, (_, i) => {
    const when = [
      { and: [{ '>=': [{ var: 'qty' }, i % 50] }, { '!!': sel(i * 7) }] },
      { in: [{ var: 'attributes.voltage' }, ['380V', '440V']] },
      { or: [{ '!!': sel(i * 3) }, { '>': [{ var: 'qty' }, 500 + i] }] },
      { '<=': [1, { var: 'qty' }, 900] },
      { '!': sel(i * 11 + 5) },
    ][i % 5];
    const kind = i % 100 === 0 ? 'autoSelect' : i % 100 === 1 ? 'setQty' : (['validate', 'excludes', 'hide', 'requires', 'validate'] as const)[i % 5];
    // The catalog must validate, so its default configuration is complete: requires names
    // default options (every 7th of a feature), the other kinds name options that are not.
    const f = i % 20;
    const target = kind === 'requires' ? `OPT-${f * 50 + 7 * (i % 7)}` : `OPT-${f * 50 + 1 + (i % 6) + 7 * (i % 7)}`;
    return {
      id: `R${i}`, kind, when, severity: 'warning',
      ...(kind === 'validate' ? {} : { targets: [target] }),
      ...(kind === 'setQty' ? { qty: 1 } : {}),
      message: { 'zh-CN': `规则 ${i}`, en: `Rule ${i}` },
    };
  });
  return {
    id: 'bench-config', currency: 'CNY', locale: 'zh-CN', taxes: [{ code: 'VAT13', rate: '13' }], defaultTaxCode: 'VAT13',
    products, rules,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** One first call: wall ms, the process's CPU ms, and the main thread's own CPU ms (null where /proc has no schedstat). */
type Sample = { ms: number; cpu: number; main: number | null };

/**
 * The first configure() call, once per fresh process (bench/first-configure.ts): a first call
 * is paid once per process, so one process is one sample. Run one after another, so that the
 * samples do not compete with each other for the CPU. `script`: another checkout's copy of the
 * script (the code before a change, see `checkoutOf`).
 */
export function firstCallSample(script = fileURLToPath(new URL('./first-configure.ts', import.meta.url)), args: string[] = []): Sample {
  const text = execFileSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8' });
  return JSON.parse(text.trim().split('\n').pop()!) as Sample;
}

/**
 * The sources (src/) of a git revision, written to a temporary directory with this checkout's
 * bench/ (the same catalog and the same timing script) and node_modules: its
 * bench/first-configure.ts times that revision's code.
 */
function checkoutOf(rev: string): { script: string; remove: () => void } {
  const root = fileURLToPath(new URL('../', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'cpq-first-call-'));
  const archive = execFileSync('git', ['-C', root, 'archive', '--format=tar', rev, 'src', 'package.json', 'tsconfig.json'], { maxBuffer: 1 << 28 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  cpSync(join(root, 'bench'), join(dir, 'bench'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return { script: join(dir, 'bench', 'first-configure.ts'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}


function summary(samples: Sample[]): { ms: number; cpu: number; main: number | null; q1: number; q3: number } {
  const first = samples.map((x) => x.ms).sort((a, b) => a - b);
  const q = (f: number) => first[Math.min(first.length - 1, Math.floor(f * first.length))]!;
  const main = samples.every((x) => typeof x.main === 'number') ? median(samples.map((x) => x.main!)) : null;
  return { ms: median(first), cpu: median(samples.map((x) => x.cpu)), main, q1: q(0.25), q3: q(0.75) };
}

/** configure() on 1,000 options / 1,000 rules beside one json-logic-js pass over the same conditions. */
export default async function configureBench(): Promise<void> {
  const catalog = generated();
  const conditions = catalog.rules.map((r) => r.when);
  const selection = { qty: '20', attributes: { voltage: '380V' } };

  // The facts json-logic-js sees: what configure builds for the default selection.
  const first0 = performance.now();
  const state = configure(catalog, 'BIG', selection);
  const firstCall = performance.now() - first0;
  if (state.features.length !== 20) throw new Error(`the bench catalog does not configure: ${state.errors[0]?.message}`);
  const selected: Record<string, number> = { BIG: 20 };
  for (const f of state.features) for (const o of f.options) if (o.selected) selected[o.sku] = Number(o.lineQty);
  const facts = { qty: 20, term: undefined, attributes: { voltage: '380V' }, selected, sku: 'BIG', quote: {} };

  const compileTimes: number[] = [];
  for (let k = 0; k < 15; k++) {
    const t = performance.now();
    for (const c of conditions) compileCondition(c);
    compileTimes.push(performance.now() - t);
  }
  // Prepared catalogs are cached per object: time fresh copies.
  const assembleTimes: number[] = [];
  for (let k = 0; k < 5; k++) {
    const copy = structuredClone(catalog) as unknown as Record<string, unknown>;
    const t = performance.now();
    assembleCatalog(copy);
    assembleTimes.push(performance.now() - t);
  }

  // Alternate blocks of 10 calls of each, so both see the same machine state and each pays
  // for its own garbage; per-call time = block time / 10, median over the blocks.
  // A click: the state's own selection sent back, every chosen option listed with its quantity.
  const click = state.selection;
  const kit: number[] = [];
  const kitClick: number[] = [];
  const peer: number[] = [];
  const block = 10;
  for (let k = 0; k < 10; k++) {
    configure(catalog, 'BIG', selection);
    configure(catalog, 'BIG', click);
    for (const c of conditions) jsonLogic.apply(c as jsonLogic.RulesLogic, facts);
  }
  for (let k = 0; k < 31; k++) {
    let t = performance.now();
    for (let b = 0; b < block; b++) configure(catalog, 'BIG', selection);
    kit.push((performance.now() - t) / block);
    t = performance.now();
    for (let b = 0; b < block; b++) configure(catalog, 'BIG', click);
    kitClick.push((performance.now() - t) / block);
    t = performance.now();
    for (let b = 0; b < block; b++) for (const c of conditions) jsonLogic.truthy(jsonLogic.apply(c as jsonLogic.RulesLogic, facts));
    peer.push((performance.now() - t) / block);
  }
  const k = median(kit) * 1000;
  const c = median(kitClick) * 1000;
  const p = median(peer) * 1000;
  console.log('\nconfigure(): 1,000 options in 20 features, 1,000 rules (median µs; target ratio ≤ 0.50)');
  console.log(`configure() per call          ${k.toFixed(0).padStart(8)} µs   (${state.errors.length} errors, ${state.warnings.length} warnings, complete: ${state.complete})`);
  console.log(`configure() with a full list  ${c.toFixed(0).padStart(8)} µs   (the resolved selection sent back: ${click.options.length} options listed)`);
  console.log(`json-logic-js, 1,000 applies  ${p.toFixed(0).padStart(8)} µs`);
  console.log(`ratio (defaults; full list)   ${(k / p).toFixed(2).padStart(8)}×  ${(c / p).toFixed(2)}×`);
  console.log(`compile 1,000 conditions      ${median(compileTimes).toFixed(2).padStart(8)} ms   (target ≤ 20 ms)`);
  console.log(`prepare the catalog           ${median(assembleTimes).toFixed(2).padStart(8)} ms   (index + parse + compile, no validation)`);
  console.log(`first call in this process    ${firstCall.toFixed(2).padStart(8)} ms   (one sample, after the modules other benches loaded)`);
  // The first call on a catalog the process has not seen, its code warm: what a running quote
  // service or a page switching catalogs pays (no cache holds a catalog's objects: each is new).
  const fresh: number[] = [];
  for (let k = 0; k < 41; k++) {
    const copy = generated();
    const t = performance.now();
    const s = configure(copy, 'BIG', selection);
    const ms = performance.now() - t;
    if (s.features.length !== 20) throw new Error(`a fresh copy of the bench catalog does not configure: ${s.errors[0]?.message}`);
    if (k >= 10) fresh.push(ms);
  }
  const fq = [...fresh].sort((a, b) => a - b);
  console.log(`first call on a new catalog   ${median(fresh).toFixed(2).padStart(8)} ms   (target ≤ 20 ms; validate + prepare + configure of a catalog object never seen, in this warm process; median of 31 after 10, quartiles ${fq[7]!.toFixed(1)}–${fq[23]!.toFixed(1)} ms)`);
  const runs = Math.max(1, Number(process.env.FIRST_CALL_RUNS ?? 15) || 15);
  // FIRST_CALL_BEFORE=<git revision>: the same script on that revision's code, in processes
  // alternating with these (same minutes, same load), for a before/after ratio.
  const rev = process.env.FIRST_CALL_BEFORE;
  const before = rev ? checkoutOf(rev) : undefined;
  const load0 = loadavg()[0]!;
  const kitSamples: Sample[] = [];
  const beforeSamples: Sample[] = [];
  const productsOnly: Sample[] = [];
  try {
    for (let k = 0; k < runs; k++) {
      // Alternate which goes first, so neither always follows the other.
      if (before && k % 2 === 1) beforeSamples.push(firstCallSample(before.script));
      kitSamples.push(firstCallSample());
      if (before && k % 2 === 0) beforeSamples.push(firstCallSample(before.script));
      productsOnly.push(firstCallSample(undefined, ['--no-rules']));
    }
  } finally {
    before?.remove();
  }
  const load1 = loadavg()[0]!;
  const now = summary(kitSamples);
  console.log(`first configure() call        ${now.ms.toFixed(2).padStart(8)} ms   (target ≤ 20 ms; validate + prepare + configure; median of ${runs} fresh processes, quartiles ${now.q1.toFixed(1)}–${now.q3.toFixed(1)} ms)`);
  // On a loaded machine the wall time includes waiting for a core; the CPU time does not.
  console.log(`  its CPU time                ${now.cpu.toFixed(2).padStart(8)} ms   (median; the process's threads, GC and compilers included; load average ${load0.toFixed(1)}–${load1.toFixed(1)})`);
  if (now.main !== null) console.log(`  the main thread's CPU time  ${now.main.toFixed(2).padStart(8)} ms   (median; /proc schedstat of the JS thread alone: what the call itself costs, whatever the load)`);
  // The same first call on the catalog's products alone (its rules removed), in processes
  // alternating with the above: what the 1,001 products, their validation, preparation and two
  // engine runs over 1,000 options cost cold, before any rule — the part of the 20 ms the rules
  // would have to share.
  const bare = summary(productsOnly);
  console.log(`  without the 1,000 rules     ${bare.ms.toFixed(2).padStart(8)} ms   (the same fresh-process first call on the 1,001 products alone; main thread ${bare.main === null ? '—' : `${bare.main.toFixed(2)} ms`}; quartiles ${bare.q1.toFixed(1)}–${bare.q3.toFixed(1)} ms; ${runs} processes alternating with the above)`);
  console.log(`  cold / warm                 ${(now.ms / median(fresh)).toFixed(2).padStart(8)}×  (this row's first call against the first call on a new catalog with the code warm, above)`);
  if (before) {
    const then = summary(beforeSamples);
    console.log(`  ${rev} (before)`.padEnd(30) + `${then.ms.toFixed(2).padStart(8)} ms   (wall; CPU ${then.cpu.toFixed(2)} ms${then.main === null ? '' : `, main thread ${then.main.toFixed(2)} ms`}; quartiles ${then.q1.toFixed(1)}–${then.q3.toFixed(1)} ms; ${runs} processes alternating with the above)`);
    const mainRatio = now.main !== null && then.main !== null ? `, ${(now.main / then.main).toFixed(2)}× main-thread CPU` : '';
    console.log(`  now / before                ${(now.ms / then.ms).toFixed(2).padStart(8)}×  wall, ${(now.cpu / then.cpu).toFixed(2)}× CPU${mainRatio}`);
  }
}
