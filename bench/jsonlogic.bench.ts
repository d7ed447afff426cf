import jsonLogic from 'json-logic-js';
import { compileCondition } from '../src/core/logic.js';

const apply = jsonLogic.apply as (rule: unknown, data?: unknown) => unknown;

function median(times: number[]): number {
  const s = [...times].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A small seeded PRNG (mulberry32), so every run benches the same catalog. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SKUS = Array.from({ length: 150 }, (_, i) => `OPT-${String(i).padStart(3, '0')}`);
const VOLTAGES = ['220V', '230V', '380V', '400V', '480V'];
const DEPLOY = ['cloud', 'onprem', 'hybrid'];
const REGIONS = ['cn-north', 'cn-east', 'eu-west', 'us-east'];
const SUPPORT = ['basic', 'standard', 'premium'];
const SEGMENTS = ['smb', 'midmarket', 'enterprise'];

/** 1,000 configuration-rule conditions of the shapes catalogs use. */
function benchRules(n: number): unknown[] {
  const r = prng(7);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const sel = () => ({ var: `selected.${pick(SKUS)}` });
  const some = <T>(xs: readonly T[], k: number) => [...xs].sort(() => r() - 0.5).slice(0, k);
  const templates: (() => unknown)[] = [
    () => ({ and: [{ '>=': [{ var: 'qty' }, int(1, 200)] }, { '!!': sel() }] }),
    () => ({ in: [{ var: 'attributes.voltage' }, some(VOLTAGES, 2)] }),
    () => ({ '<=': [int(1, 12), { var: 'term' }, int(24, 60)] }),
    () => ({ or: [{ '==': [{ var: 'attributes.deploy' }, pick(DEPLOY)] }, { '>': [sel(), int(1, 10)] }] }),
    () => ({ '!!': sel() }),
    () => ({ '!': sel() }),
    () => ({ and: [{ '!!': sel() }, { '!': sel() }, { '>=': [{ var: 'qty' }, int(1, 50)] }] }),
    () => ({ and: [{ '==': [{ var: 'quote.customer.segment' }, pick(SEGMENTS)] }, { '>': [{ var: 'quote.subtotal' }, int(1, 50) * 10_000] }] }),
    () => ({ if: [{ '>': [{ var: 'qty' }, int(10, 300)] }, { '==': [{ var: 'attributes.support' }, pick(SUPPORT)] }, true] }),
    () => ({ '===': [{ var: 'sku' }, pick(['CRM-PRO', 'CRM-ENT', 'CRM-STD'])] }),
    () => ({ or: [{ in: [{ var: 'attributes.region' }, some(REGIONS, 2)] }, { '<': [{ var: 'quote.discountPercent' }, int(5, 30)] }] }),
    () => ({ '>': [{ '*': [{ var: 'qty' }, { var: 'term' }] }, int(100, 5000)] }),
    () => ({ '!': { missing_some: [1, [`selected.${pick(SKUS)}`, `selected.${pick(SKUS)}`]] } }),
    () => ({ and: [{ '>=': [sel(), 1] }, { '<=': [sel(), int(5, 50)] }, { '!=': [{ var: 'attributes.deploy' }, 'cloud'] }] }),
  ];
  return Array.from({ length: n }, () => pick(templates)());
}

/** Facts of a configured line: ~100 of 150 option SKUs selected, with quantities. */
function benchFacts(seed: number): unknown {
  const r = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const selected: Record<string, number> = {};
  for (const sku of SKUS) if (r() < 2 / 3) selected[sku] = int(1, 40);
  return {
    qty: int(1, 300),
    term: int(1, 60),
    sku: pick(['CRM-PRO', 'CRM-ENT', 'CRM-STD']),
    attributes: { voltage: pick(VOLTAGES), deploy: pick(DEPLOY), region: pick(REGIONS), support: pick(SUPPORT) },
    selected,
    quote: {
      date: '2026-11-28',
      currency: 'CNY',
      priceBook: 'partner-gold',
      customer: { id: 'C-88', segment: pick(SEGMENTS) },
      opportunity: { id: 'OPP-7', stage: 'negotiation' },
      lineCount: int(1, 20),
      subtotal: int(1_000, 500_000),
      discountPercent: int(0, 30),
    },
  };
}

/**
 * json-logic-js's `apply` against the kit's compiled conditions (src/core/compile-logic.ts)
 * on 1,000 rule conditions: compile time, then one pass evaluating all of them.
 */
export default async function jsonLogicBench(): Promise<void> {
  const N = 1_000;
  const rules = benchRules(N);
  const factsList = [1, 2, 3, 4, 5, 6, 7, 8].map(benchFacts);

  // Compile: checkLogic + closure compiler, as the kit does once per catalog.
  const compileTimes: number[] = [];
  const t0 = performance.now();
  let conds = rules.map((rule) => compileCondition(rule));
  const cold = performance.now() - t0;
  for (let i = 0; i < 31; i++) {
    const t = performance.now();
    conds = rules.map((rule) => compileCondition(rule));
    compileTimes.push(performance.now() - t);
  }

  const viaApply = (facts: unknown): number => {
    let holds = 0;
    for (let i = 0; i < N; i++) {
      try {
        if (jsonLogic.truthy(apply(rules[i], facts))) holds++;
      } catch {
        /* does not hold */
      }
    }
    return holds;
  };
  const viaCompiled = (facts: unknown): number => {
    let holds = 0;
    for (let i = 0; i < N; i++) if (conds[i]!(facts)) holds++;
    return holds;
  };

  // Same answers, rule by rule, before timing anything.
  for (const facts of factsList) {
    for (let i = 0; i < N; i++) {
      const expected = jsonLogic.truthy(apply(rules[i], facts));
      if (conds[i]!(facts) !== expected) throw new Error(`bench rule ${i} disagrees: ${JSON.stringify(rules[i])}`);
    }
  }

  // Interleaved: a batch of passes with apply, then the same batch compiled, 101 times.
  const PASSES = 8;
  const batch = (f: (facts: unknown) => number): number => {
    const t = performance.now();
    let sink = 0;
    for (let p = 0; p < PASSES; p++) sink += f(factsList[p % factsList.length]);
    const dt = (performance.now() - t) / PASSES;
    if (sink < 0) console.log(sink);
    return dt;
  };
  for (let i = 0; i < 20; i++) {
    batch(viaApply);
    batch(viaCompiled);
  }
  const ta: number[] = [];
  const tc: number[] = [];
  for (let i = 0; i < 101; i++) {
    ta.push(batch(viaApply));
    tc.push(batch(viaCompiled));
  }
  const a = median(ta) * 1000;
  const c = median(tc) * 1000;

  console.log(`\nJsonLogic: ${N} rule conditions, facts with ~100 selected SKUs`);
  console.log(`compile (checkLogic + compileLogic), ${N} rules: first (cold) ${cold.toFixed(2)} ms, median of 31 ${median(compileTimes).toFixed(2)} ms (target ≤ 20 ms)`);
  console.log('one pass over all conditions (median µs; ratio = compiled / json-logic-js, lower is better)');
  console.log('json-logic-js apply   compiled   ratio');
  console.log(`${a.toFixed(1).padStart(19)}  ${c.toFixed(1).padStart(9)}  ${(c / a).toFixed(3).padStart(6)}×`);
}
