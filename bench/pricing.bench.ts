import { priceQuote } from '../src/pricing/index.js';
import { benchCatalog, benchQuote } from './pricing-fixture.js';
import { floorPrice } from './pricing-floor.js';

function median(times: number[]): number {
  const s = [...times].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Time `fn` `runs` times after `warm` warm-up calls; the median in ms. */
function measure(fn: () => unknown, runs: number, warm: number): number {
  for (let i = 0; i < warm; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
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
    // Interleave so both see the same machine state; JIT warm-up first.
    const kit = measure(() => priceQuote(benchCatalog, quote), runs, 3);
    const bare = measure(() => floorPrice(quote), runs, 3);
    console.log(`${String(n).padStart(6)}  ${kit.toFixed(1).padStart(10)}  ${bare.toFixed(1).padStart(6)}  ${(kit / bare).toFixed(2).padStart(6)}×`);
  }
}
