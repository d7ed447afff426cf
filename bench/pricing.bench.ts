import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { priceQuote } from '../src/pricing/index.js';
import { forgetLines, sealLines } from '../src/pricing/line-memo.js';
import { prepareCatalog } from '../src/rules/prepare-catalog.js';
import { benchCatalog, benchQuote } from './pricing-fixture.js';
import { floorPrice } from './pricing-floor.js';

function median(times: number[]): number {
  const s = [...times].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Time `a` and `b` alternately, `runs` times each after `warm` warm-up calls of both, so that
 * both see the same machine state (JIT, GC, other load); the medians in ms.
 */
function measurePair(a: () => unknown, b: () => unknown, runs: number, warm: number): [number, number] {
  for (let i = 0; i < warm; i++) {
    a();
    b();
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    a();
    ta.push(performance.now() - t);
    t = performance.now();
    b();
    tb.push(performance.now() - t);
  }
  return [median(ta), median(tb)];
}

/**
 * priceQuote on 1,000 and 10,000 lines beside the bare decimal.js floor: from scratch (the line
 * memo emptied before each call, so the kit pays for filling it), and an incremental edit (one
 * line's quantity changed to a value not priced before, the other lines served by the memo), the
 * same edit with sealed lines (the pricing worker's: the other lines taken from the last run).
 * Targets: from scratch ≤ 2× (issue 15: ≤ 1.5×).
 */
export default async function pricingBench(): Promise<void> {
  const prepared = prepareCatalog(benchCatalog);
  if (!prepared.ok) throw new Error('bench catalog invalid');
  const cat = prepared.catalog;
  console.log('\npriceQuote vs bare decimal.js floor (median ms; target ratio from scratch ≤ 2.00, issue 15 ≤ 1.50)');
  console.log('lines   scratch   floor   ratio   1-line edit   ratio   sealed lines   ratio');
  for (const n of [1_000, 10_000]) {
    const quote = benchQuote(n);
    const check = priceQuote(benchCatalog, quote);
    const floor = floorPrice(quote);
    if (!check.orderable || check.totals.total !== floor.total) {
      throw new Error(`bench inputs disagree: kit ${check.totals.total} (orderable ${check.orderable}) vs floor ${floor.total}`);
    }
    const runs = n >= 10_000 ? 11 : 31;
    const [kit, bare] = measurePair(() => (forgetLines(cat), priceQuote(benchCatalog, quote)), () => floorPrice(quote), runs, 5);
    // Each edit a quantity not priced before: exactly one line misses the memo.
    const edits = Array.from({ length: 2 * (runs + 5) }, (_, k) => {
      const lines = [...quote.lines];
      const i = Math.floor(n / 2);
      lines[i] = { ...lines[i]!, qty: String(1000 + k) };
      return { ...quote, lines };
    });
    let e = 0;
    const [edit, bare2] = measurePair(() => priceQuote(benchCatalog, edits[e++]!), () => floorPrice(quote), runs, 5);
    // The same edits with their lines sealed, as <cpq-quote>'s pricing worker receives them: the
    // lines the last run priced at the same places are taken from it (line-memo.ts, `shortcut`).
    const sealedEdits = edits.map((q) => ({ ...q, lines: [...q.lines] }));
    for (const q of sealedEdits) sealLines(q.lines);
    e = 0;
    const [sealed, bare3] = measurePair(() => priceQuote(benchCatalog, sealedEdits[e++]!), () => floorPrice(quote), runs, 5);
    const row = [String(n).padStart(6), kit.toFixed(1).padStart(8), bare.toFixed(1).padStart(7), `${(kit / bare).toFixed(2)}×`.padStart(7), edit.toFixed(1).padStart(12), `${(edit / bare2).toFixed(2)}×`.padStart(7), sealed.toFixed(1).padStart(14), `${(sealed / bare3).toFixed(2)}×`.padStart(7)];
    console.log(row.join(' '));
  }
  kept(cat);
}

/**
 * What pricing from scratch leaves in the heap (after full collections): the priced quote, and the
 * line memo kept for the next edit — what every young-generation collection during a pricing from
 * scratch copies, and the largest part of its GC time (the floor's garbage dies young).
 */
function kept(cat: Parameters<typeof forgetLines>[0]): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const used = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const n = 10_000;
  const quote = benchQuote(n);
  forgetLines(cat);
  const before = used();
  const priced = priceQuote(benchCatalog, quote);
  const withMemo = used();
  forgetLines(cat);
  const quoteOnly = used();
  const kb = (bytes: number) => (bytes / n / 1024).toFixed(2);
  console.log(`kept after pricing ${n.toLocaleString('en')} lines from scratch: the line memo ${kb(withMemo - quoteOnly)} KB a line, the priced quote (${priced.lines.length.toLocaleString('en')} lines) ${kb(quoteOnly - before)} KB a line`);
}
