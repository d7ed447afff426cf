import { amend, changeQuantity, type Contract } from '../src/contract/index.js';
import { priceQuote } from '../src/pricing/index.js';
import { forgetLines } from '../src/pricing/line-memo.js';
import { prepareCatalog } from '../src/rules/prepare-catalog.js';
import type { Quote } from '../src/types.js';
import { benchCatalog, benchQuote } from './pricing-fixture.js';

function median(times: number[]): number {
  const s = [...times].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A contract of `n` subscriptions of the bench catalog's monthly licence, 2026-01-01 to 2026-12-31. */
function benchContract(n: number): Contract {
  return {
    id: 'K-BENCH', version: 1, currency: 'CNY', start: '2026-01-01', end: '2026-12-31',
    history: [{ kind: 'new', quoteId: 'Q-BENCH', version: 1, effective: '2026-01-01' }],
    subscriptions: Array.from({ length: n }, (_, i) => ({
      id: `K-BENCH:L${i}`, sku: 'F', qty: String(1 + ((i * 7) % 50)), netUnitPrice: `${90 + (i % 10)}.${String((i * 37) % 100).padStart(2, '0')}`,
      termUnit: 'month' as const, start: '2026-01-01', end: '2026-12-31', source: { quoteId: 'Q-BENCH', version: 1, lineId: `L${i}` },
    })),
  };
}

/** An amendment from 12 February: every subscription locked, one in ten changed (+3 seats, or −1), priced. */
function amendAndPrice(contract: Contract): ReturnType<typeof priceQuote> {
  const started = amend(contract, { effectiveDate: '2026-02-12' });
  if (!started.ok) throw new Error(JSON.stringify(started.errors));
  let quote: Quote = started.value;
  contract.subscriptions.forEach((s, i) => {
    if (i % 10 !== 0) return;
    const r = changeQuantity(quote, s.id, String(Number(s.qty) + (i % 20 === 0 ? 3 : -1)));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    quote = r.value;
  });
  return priceQuote(benchCatalog, quote);
}

/**
 * Amending a 1,000-subscription contract (amend, 100 changes, pricing 1,100 prorated lines) beside
 * pricing a 1,000-line quote; target ≤ 2×. Two readings, alternating in the same loop: from scratch
 * (the line memo emptied before each call, both sides: the pricing work itself, as when the target
 * was set, before pricing had a memo), and warm (each side the same input again, its lines from the
 * memo: what is left of the amendment is amend() and the 100 changes, and of priceQuote the memo's
 * lookups). The target is read on the first.
 */
export default async function contractBench(): Promise<void> {
  console.log('\namend a contract vs priceQuote of a 1,000-line quote (median ms; target ratio ≤ 2.00, from scratch)');
  console.log('subscriptions   pricing        amend+price   priceQuote   ratio');
  const n = 1_000;
  const contract = benchContract(n);
  const quote = benchQuote(n);
  const prepared = prepareCatalog(benchCatalog);
  if (!prepared.ok) throw new Error('bench catalog invalid');
  const cat = prepared.catalog;
  const check = amendAndPrice(contract);
  if (!check.orderable || check.lines.length !== 1_100) throw new Error(`bench amendment did not price: ${JSON.stringify(check.issues.slice(0, 3))}`);
  for (let i = 0; i < 5; i++) {
    amendAndPrice(contract);
    priceQuote(benchCatalog, quote);
  }
  const time = (f: () => unknown): number => {
    const t = performance.now();
    f();
    return performance.now() - t;
  };
  const cold = { kit: [] as number[], peer: [] as number[] };
  const warm = { kit: [] as number[], peer: [] as number[] };
  for (let i = 0; i < 31; i++) {
    // Each side from scratch, then the same input again (its lines now in the memo).
    forgetLines(cat);
    cold.kit.push(time(() => amendAndPrice(contract)));
    warm.kit.push(time(() => amendAndPrice(contract)));
    forgetLines(cat);
    cold.peer.push(time(() => priceQuote(benchCatalog, quote)));
    warm.peer.push(time(() => priceQuote(benchCatalog, quote)));
  }
  for (const [name, r] of [['from scratch', cold], ['warm (memo)', warm]] as const) {
    const [kit, peer] = [median(r.kit), median(r.peer)];
    console.log(`${String(n).padStart(13)}   ${name.padEnd(13)} ${kit.toFixed(1).padStart(11)}  ${peer.toFixed(1).padStart(11)}  ${(kit / peer).toFixed(2).padStart(6)}×${name === 'from scratch' ? (kit / peer <= 2 ? ' ✔' : ' ✖') : ''}`);
  }
}
