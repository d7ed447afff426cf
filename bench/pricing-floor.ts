import { Dec, HUNDRED, ZERO } from '../src/core/decimal.js';
import { benchQuote } from './pricing-fixture.js';

/**
 * The floor: bare decimal.js doing the same per-line arithmetic as priceQuote on the bench
 * quote — parse the quantity, evaluate the model, three percent-off rules, term, round,
 * a 3 % quote discount split by largest remainder, tax per line, totals and the per-rate
 * summary, and every per-line figure the kit outputs (list and net amounts and unit prices,
 * discount percent, tax, total) as strings —
 * with the catalog hard-coded and no validation, rule matching, waterfall or issues.
 * It writes strings with decimal.js's own `toFixed`; the kit pads `toString()` of values it has
 * already rounded (src/core/money.ts `fixed`), which is part of what the kit is measured on.
 */
const F = new Dec('99.90');
const TIERS = [
  { upTo: new Dec(10), unit: new Dec('10.50') },
  { upTo: new Dec(100), unit: new Dec('8.25') },
  { upTo: null, unit: new Dec('7.00') },
];
const V = [{ upTo: new Dec(10), unit: new Dec('10.50') }, { upTo: null, unit: new Dec('8.25') }];
// Percent-off rules and tax rates as precomputed factors, as the kit prepares them once per catalog.
const R = [new Dec('0.97'), new Dec('0.98'), new Dec('0.985')];
const TERM = new Dec(12);
const RATE13 = new Dec('0.13');
const RATE6 = new Dec('0.06');
const CENTS = new Dec(100);

interface FloorLine { listUnit: string; netUnit: string; list: string; net: string; tax: string; total: string; discountPercent: string }

export function floorPrice(quote: ReturnType<typeof benchQuote>): { total: string; lines: FloorLine[] } {
  const n = quote.lines.length;
  const amounts: Dec[] = new Array(n);
  const lists: Dec[] = new Array(n);
  const qtys: Dec[] = new Array(n);
  let sum = ZERO;
  for (let i = 0; i < n; i++) {
    const line = quote.lines[i]!;
    const q = new Dec(line.qty);
    let a: Dec;
    if (line.sku === 'F') a = F.times(q);
    else if (line.sku === 'T') {
      a = ZERO;
      let lower = ZERO;
      for (const t of TIERS) {
        if (!q.gt(lower)) break;
        const upper = t.upTo === null || q.lt(t.upTo) ? q : t.upTo;
        a = a.plus(upper.minus(lower).times(t.unit));
        if (t.upTo === null) break;
        lower = t.upTo;
      }
    } else {
      const t = V.find((x) => x.upTo === null || q.lte(x.upTo))!;
      a = q.times(t.unit);
    }
    lists[i] = line.sku === 'F' ? a.times(TERM) : a;
    qtys[i] = line.sku === 'F' ? q.times(TERM) : q;
    if (q.gte(5)) a = a.times(R[0]!);
    if (line.sku === 'F') a = a.times(R[1]!);
    a = a.times(R[2]!);
    if (line.sku === 'F') a = a.times(TERM);
    a = a.toDecimalPlaces(2, Dec.ROUND_HALF_UP);
    amounts[i] = a;
    sum = sum.plus(a);
  }
  // Quote discount 3 %, rounded, split by largest remainder in cents.
  const disc = sum.times(3).div(HUNDRED).toDecimalPlaces(2, Dec.ROUND_HALF_UP).times(CENTS);
  const sumCents = sum.times(CENTS);
  const rem: { i: number; r: Dec }[] = new Array(n);
  let given = ZERO;
  for (let i = 0; i < n; i++) {
    const num = disc.times(amounts[i]!.times(CENTS));
    const share = num.divToInt(sumCents);
    given = given.plus(share);
    rem[i] = { i, r: num.minus(share.times(sumCents)) };
    amounts[i] = amounts[i]!.minus(share.div(CENTS));
  }
  const left = disc.minus(given).toNumber();
  rem.sort((a, b) => b.r.comparedTo(a.r) || a.i - b.i);
  for (let k = 0; k < left; k++) amounts[rem[k]!.i] = amounts[rem[k]!.i]!.minus(new Dec('0.01'));
  let total = ZERO, list = ZERO, net = ZERO, taxes = ZERO, base13 = ZERO, tax13 = ZERO, base6 = ZERO, tax6 = ZERO;
  const lines: FloorLine[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const a = amounts[i]!;
    const l = lists[i]!.toDecimalPlaces(2, Dec.ROUND_HALF_UP);
    const six = quote.lines[i]!.sku === 'V';
    const tax = a.times(six ? RATE6 : RATE13).toDecimalPlaces(2, Dec.ROUND_HALF_UP);
    const t = a.plus(tax);
    total = total.plus(t);
    list = list.plus(l);
    net = net.plus(a);
    taxes = taxes.plus(tax);
    if (six) { base6 = base6.plus(a); tax6 = tax6.plus(tax); } else { base13 = base13.plus(a); tax13 = tax13.plus(tax); }
    lines[i] = {
      listUnit: lists[i]!.div(qtys[i]!).toDecimalPlaces(6, Dec.ROUND_HALF_UP).toFixed(2),
      netUnit: a.div(qtys[i]!).toDecimalPlaces(2, Dec.ROUND_HALF_UP).toFixed(2),
      list: l.toFixed(2), net: a.toFixed(2), tax: tax.toFixed(2), total: t.toFixed(2),
      discountPercent: l.minus(a).times(HUNDRED).div(l).toDecimalPlaces(2, Dec.ROUND_HALF_UP).toFixed(2),
    };
  }
  const summary = [base13.toFixed(2), tax13.toFixed(2), base6.toFixed(2), tax6.toFixed(2), list.toFixed(2), net.toFixed(2), taxes.toFixed(2)];
  void summary;
  return { total: total.toFixed(2), lines };
}
