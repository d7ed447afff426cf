import { priceQuote } from '../src/pricing/index.js';
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

/** priceQuote on 1,000 and 10,000 lines beside the bare decimal.js floor; target ≤ 2×. */
export default async function pricingBench(): Promise<void> {
  console.log('\npriceQuote vs bare decimal.js floor (median ms; target ratio ≤ 2.00)');
  console.log('lines    priceQuote   floor   ratio');
  for (const n of [1_000, 10_000]) {
    const quote = benchQuote(n);
    const check = priceQuote(benchCatalog, quote);
    const floor = floorPrice(quote);
    if (!check.orderable || check.totals.total !== floor.total) {
      throw new Error(`bench inputs disagree: kit ${check.totals.total} (orderable ${check.orderable}) vs floor ${floor.total}`);
    }
    const runs = n >= 10_000 ? 11 : 31;
    const [kit, bare] = measurePair(() => priceQuote(benchCatalog, quote), () => floorPrice(quote), runs, 5);
    console.log(`${String(n).padStart(6)}  ${kit.toFixed(1).padStart(10)}  ${bare.toFixed(1).padStart(6)}  ${(kit / bare).toFixed(2).padStart(6)}×`);
  }
}
