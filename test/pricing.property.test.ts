/**
 * Property-based tests of the pricing core (the README's Pricing section): invariants that hold for every
 * valid catalog and quote the arbitraries in ./arbitraries.ts generate, for `allocate`, and
 * for junk quotes. Run: node --import tsx --test test/pricing.property.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allocate, priceQuote } from '../src/pricing/index.js';
import { allocateSafe, allocateUnits, kthSmallest } from '../src/pricing/allocate.js';
import { validateCatalog } from '../src/rules/validate-catalog.js';
import { Dec } from '../src/core/decimal.js';
import type { PricedQuote } from '../src/types.js';
import { catalogArb, scenarioArb, SCALE, type Scenario } from './arbitraries.js';

/** At least 1000 runs per property; PROPERTY_RUNS=20000 for a longer hunt. */
const RUNS = Math.max(1000, Number(process.env.PROPERTY_RUNS ?? 1000) || 1000);
const run = <T>(arb: fc.Arbitrary<T>, predicate: (v: T) => void, numRuns = RUNS) =>
  fc.assert(fc.property(arb, predicate), { numRuns });

const sum = (xs: readonly string[]) => xs.reduce((a, x) => a.plus(x), new Dec(0));
const eqDec = (actual: Dec | string, expected: Dec | string, what: string) =>
  assert.ok(new Dec(actual).eq(expected), `${what}: ${new Dec(actual).toString()} ≠ ${new Dec(expected).toString()}`);

/** Price a generated scenario; a generated catalog that fails validation would make every property vacuous. */
function price(s: Scenario): PricedQuote {
  const pq = priceQuote(s.catalog, s.quote);
  const broken = pq.issues.filter((i) => i.code === 'invalid-catalog' || i.code === 'internal-error');
  assert.deepEqual(broken, [], 'the generated catalog did not price');
  return pq;
}

/** An amount written with exactly the currency's decimals and no sign on zero. */
function amountRe(scale: number): RegExp {
  return scale === 0 ? /^-?(0|[1-9]\d*)$/ : new RegExp(`^-?(0|[1-9]\\d*)\\.\\d{${scale}}$`);
}
const PERCENT_RE = /^-?(0|[1-9]\d*)\.\d{2}$/;

function checkAmount(value: unknown, re: RegExp, where: string): void {
  assert.equal(typeof value, 'string', `${where} is not a string`);
  assert.match(value as string, re, `${where} = ${String(value)}`);
  assert.ok(!/^-0(\.0*)?$/.test(value as string), `${where} is a negative zero: ${String(value)}`);
}

/** Walk every string of a JSON-like value. */
function* strings(value: unknown, path = '$'): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* strings(value[i], `${path}[${i}]`);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* strings(v, `${path}.${k}`);
}

const SHAPE_AMOUNT = /^-?\d+(\.\d+)?$/;

/** The priced quote has the contract's shape (CONTRACT.md "Priced quote"). */
function assertContractShape(pq: PricedQuote): void {
  assert.ok(pq && typeof pq === 'object', 'result is an object');
  assert.equal(typeof pq.quoteId, 'string');
  assert.ok(Number.isSafeInteger(pq.version) && pq.version >= 1, `version ${String(pq.version)}`);
  assert.equal(typeof pq.currency, 'string');
  assert.equal(typeof pq.locale, 'string');
  assert.equal(typeof pq.date, 'string');
  assert.ok(['exclusive', 'inclusive'].includes(pq.taxMode));
  assert.ok(['half-up', 'half-even'].includes(pq.rounding));
  assert.ok(Array.isArray(pq.lines));
  for (const l of pq.lines) {
    for (const k of ['id', 'sku', 'name', 'qty', 'listUnitPrice', 'netUnitPrice', 'listAmount', 'netAmount', 'taxCode', 'tax', 'total', 'discountPercent'] as const) {
      assert.equal(typeof l[k], 'string', `line.${k}`);
    }
    for (const k of ['listAmount', 'netAmount', 'tax', 'total', 'discountPercent'] as const) assert.match(l[k], SHAPE_AMOUNT, `line.${k}`);
    assert.ok(l.parentId === null || typeof l.parentId === 'string');
    assert.equal(typeof l.optional, 'boolean');
    assert.ok(Array.isArray(l.waterfall));
    for (const s of l.waterfall) {
      assert.equal(typeof s.step, 'string');
      assert.equal(typeof s.label, 'string');
      assert.match(s.amount, SHAPE_AMOUNT);
    }
  }
  assert.ok(Array.isArray(pq.adjustments));
  const t = pq.totals;
  assert.ok(t && typeof t === 'object');
  for (const k of ['list', 'discount', 'net', 'tax', 'total', 'discountPercent'] as const) assert.match(t[k], SHAPE_AMOUNT, `totals.${k}`);
  assert.ok(Array.isArray(t.taxes));
  for (const x of t.taxes) {
    assert.equal(typeof x.code, 'string');
    assert.match(x.base, SHAPE_AMOUNT);
    assert.match(x.amount, SHAPE_AMOUNT);
  }
  assert.ok(Array.isArray(pq.approvals));
  assert.ok(Array.isArray(pq.issues));
  for (const i of pq.issues) {
    assert.ok(i.severity === 'error' || i.severity === 'warning', `severity ${String(i.severity)}`);
    assert.equal(typeof i.code, 'string');
    assert.equal(typeof i.message, 'string');
  }
  assert.equal(typeof pq.orderable, 'boolean');
  assert.equal(pq.orderable, !pq.issues.some((i) => i.severity === 'error'));
}

test('sanity: every generated catalog passes validateCatalog and every generated quote prices', () => {
  run(catalogArb, (gen) => {
    const r = validateCatalog(gen.catalog);
    assert.ok(r.ok, `validateCatalog rejected a generated catalog: ${JSON.stringify(r.errors)}`);
  });
  run(scenarioArb, (s) => {
    const pq = price(s);
    const bad = pq.issues.filter((i) => i.code === 'invalid-catalog' || i.code === 'internal-error' || i.code === 'invalid-quote' || i.code === 'invalid-line' || i.code === 'unknown-sku');
    assert.deepEqual(bad, []);
    assert.equal(pq.lines.length, s.quote.lines.length);
  });
});

test('lines always sum to the totals, to the minor unit', () => {
  run(scenarioArb, (s) => {
    const pq = price(s);
    const lines = pq.lines.filter((l) => !l.optional);
    const t = pq.totals;
    eqDec(sum(lines.map((l) => l.listAmount)), t.list, 'Σ listAmount vs totals.list');
    eqDec(sum(lines.map((l) => l.netAmount)), t.net, 'Σ netAmount vs totals.net');
    eqDec(sum(lines.map((l) => l.tax)), t.tax, 'Σ tax vs totals.tax');
    eqDec(sum(lines.map((l) => l.total)), t.total, 'Σ total vs totals.total');
    eqDec(sum(t.taxes.map((x) => x.base)), t.net, 'Σ taxes.base vs totals.net');
    eqDec(sum(t.taxes.map((x) => x.amount)), t.tax, 'Σ taxes.amount vs totals.tax');
    eqDec(new Dec(t.net).plus(t.tax), t.total, 'totals net + tax vs total');
    eqDec(new Dec(t.list).minus(t.net), t.discount, 'totals list − net vs discount');
    // One totals.taxes entry per tax code, no duplicates.
    const codes = t.taxes.map((x) => x.code);
    assert.equal(new Set(codes).size, codes.length, `duplicate tax codes ${codes.join(',')}`);
  });
});

test('allocate never loses or creates a minor unit', () => {
  const weights = fc.oneof(
    fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 25 }),
    fc.array(fc.bigInt({ min: 0n, max: 5n }), { minLength: 1, maxLength: 25 }),
    fc.integer({ min: 1, max: 25 }).map((n) => Array.from({ length: n }, () => 0n)),
  );
  const total = fc.oneof(fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }), fc.bigInt({ min: -50n, max: 50n }), fc.constant(0n));
  run(fc.tuple(total, weights), ([tot, ws]) => {
    const shares = allocate(new Dec(tot.toString()), ws.map((w) => new Dec(w.toString())));
    assert.equal(shares.length, ws.length);
    const got = shares.reduce((a, s) => a.plus(s), new Dec(0));
    eqDec(got, tot.toString(), 'Σ shares vs total');
    const W = ws.reduce((a, w) => a + w, 0n);
    for (let i = 0; i < ws.length; i++) {
      const s = shares[i]!;
      assert.ok(s.isInteger(), `share ${i} is not whole: ${s.toString()}`);
      // exact proportional share (an even split when every weight is zero)
      const exact = W === 0n ? new Dec(tot.toString()).div(ws.length) : new Dec(tot.toString()).times(ws[i]!.toString()).div(W.toString());
      assert.ok(s.minus(exact).abs().lt(1), `share ${i} = ${s.toString()} is 1 unit or more from its exact share ${exact.toString()}`);
      if (tot < 0n && -tot <= W) assert.ok(s.abs().lte(ws[i]!.toString()), `share ${i} = ${s.toString()} exceeds its weight ${ws[i]}`);
      if (tot !== 0n && !s.isZero()) assert.equal(s.isNegative(), tot < 0n, `share ${i} has the wrong sign`);
    }
  });
});

/** Largest remainder as the contract words it, written the plain way: BigInt, one sort, ties to the earlier index. */
function referenceAllocation(total: bigint, weights: readonly bigint[]): bigint[] {
  const mag = (v: bigint) => (v < 0n ? -v : v);
  const units = mag(total);
  const W = weights.reduce((a, w) => a + mag(w), 0n);
  const base = W === 0n ? BigInt(weights.length) : W;
  const parts = weights.map((w, i) => {
    const numerator = W === 0n ? units : units * mag(w);
    return { i, share: numerator / base, rest: numerator % base };
  });
  let left = units - parts.reduce((a, p) => a + p.share, 0n);
  for (const p of [...parts].sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest < b.rest ? 1 : -1))) {
    if (left === 0n) break;
    p.share += 1n;
    left--;
  }
  return parts.map((p) => (total < 0n ? -p.share : p.share));
}

test('allocateUnits gives exactly the largest-remainder split, ties to the earlier index, in doubles and in BigInt', () => {
  // Few distinct weights (ties everywhere, as quotes of repeated products have), and weights whose
  // numerators pass 2^53 (the BigInt path).
  const weights = fc.oneof(
    fc.array(fc.constantFrom(0n, 1n, 3n, 7n, 1050n, 2100n), { minLength: 1, maxLength: 60 }),
    fc.array(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), { minLength: 1, maxLength: 40 }),
    fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { minLength: 1, maxLength: 30 }),
  );
  const total = fc.oneof(fc.bigInt({ min: -(10n ** 7n), max: 10n ** 7n }), fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.bigInt({ min: -60n, max: 60n }));
  run(fc.tuple(total, weights), ([tot, ws]) => {
    const want = referenceAllocation(tot, ws);
    assert.deepEqual(allocateUnits(tot, ws), want);
    // On Numbers: the same shares wherever every numerator is a safe integer, and refused (undefined) only where one is not.
    const safe = [tot, ...ws].every((v) => v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER));
    if (!safe) return;
    const mags = ws.map((v) => (v < 0n ? -v : v));
    const sum = mags.reduce((a, b) => a + b, 0n);
    const max = mags.reduce((a, b) => (b > a ? b : a), 0n);
    const fits = (tot < 0n ? -tot : tot) * (sum === 0n ? 1n : max) + (sum === 0n ? BigInt(ws.length) : sum) <= BigInt(Number.MAX_SAFE_INTEGER);
    const got = allocateSafe(Number(tot), ws.map(Number));
    assert.equal(got !== undefined, fits);
    if (got) assert.deepEqual([...got].map((x) => { assert.ok(!Object.is(x, -0)); return BigInt(x); }), want);
  });
});

test('kthSmallest is the sorted list\'s k-th value, whatever the order and however many are equal', () => {
  const values = fc.oneof(
    fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 200 }),
    fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 200 }),
    // Already in order, reversed, and organ-pipe: the orders a simple quickselect is slow on.
    fc.integer({ min: 1, max: 300 }).chain((n) => fc.constantFrom(
      Array.from({ length: n }, (_, i) => i), Array.from({ length: n }, (_, i) => n - i), Array.from({ length: n }, (_, i) => Math.min(i, n - i)))),
  );
  run(values.chain((xs) => fc.tuple(fc.constant(xs), fc.nat(xs.length - 1))), ([xs, k]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    assert.equal(kthSmallest(Float64Array.from(xs), k), sorted[k]);
  });
});

/**
 * The change each quote-level waterfall step made to a line: its amount minus the amount of
 * the step before it (steps record the running line amount).
 */
function quoteStepDeltas(l: PricedQuote['lines'][number], kind?: 'quote-rule' | 'quote-discount'): Dec[] {
  const out: Dec[] = [];
  l.waterfall.forEach((w, i) => {
    if ((w.step === 'quote-rule' || w.step === 'quote-discount') && (kind === undefined || w.step === kind)) {
      assert.ok(i > 0, `line ${l.id}: a ${w.step} step cannot come first`);
      out.push(new Dec(w.amount).minus(l.waterfall[i - 1]!.amount));
    }
  });
  return out;
}

test('quote adjustments: Σ adjustments equals Σ of the lines’ quote-rule/quote-discount waterfall deltas', () => {
  run(scenarioArb, (s) => {
    const pq = price(s);
    const adj = sum(pq.adjustments.map((a) => a.amount));
    const deltas = pq.lines.flatMap((l) => quoteStepDeltas(l));
    eqDec(deltas.reduce((a, d) => a.plus(d), new Dec(0)), adj, 'Σ line quote-step deltas vs Σ adjustments');
    // Per adjustment kind as well, and optional lines take no share.
    for (const kind of ['quote-rule', 'quote-discount'] as const) {
      eqDec(
        pq.lines.flatMap((l) => quoteStepDeltas(l, kind)).reduce((a, d) => a.plus(d), new Dec(0)),
        sum(pq.adjustments.filter((a) => a.kind === kind).map((a) => a.amount)),
        `Σ ${kind}`,
      );
    }
    for (const l of pq.lines.filter((x) => x.optional)) {
      assert.ok(!l.waterfall.some((w) => w.step === 'quote-rule' || w.step === 'quote-discount'), `optional line ${l.id} took a quote adjustment`);
    }
  });
});

test('pricing is deterministic, clone-independent and does not mutate its input', () => {
  run(scenarioArb, (s) => {
    const catalogBefore = JSON.stringify(s.catalog);
    const quoteBefore = JSON.stringify(s.quote);
    const a = price(s);
    const b = price(s);
    assert.deepEqual(a, b);
    assert.equal(JSON.stringify(a), JSON.stringify(b));
    const c = priceQuote(structuredClone(s.catalog), structuredClone(s.quote));
    assert.deepEqual(c, a);
    assert.equal(JSON.stringify(c), JSON.stringify(a));
    assert.equal(JSON.stringify(s.catalog), catalogBefore, 'the catalog was mutated');
    assert.equal(JSON.stringify(s.quote), quoteBefore, 'the quote was mutated');
  });
});

test('net + tax = total on every line, exactly, in both tax modes', () => {
  run(scenarioArb, (s) => {
    const pq = price(s);
    for (const l of pq.lines) {
      eqDec(new Dec(l.netAmount).plus(l.tax), l.total, `line ${l.id} net + tax vs total (${pq.taxMode})`);
      // The waterfall ends at the line's total (its tax step) when the line was priced.
      const last = l.waterfall[l.waterfall.length - 1];
      if (last?.step === 'tax') eqDec(last.amount, l.total, `line ${l.id} last waterfall step vs total`);
    }
  });
});

test('every output amount has exactly the currency’s decimals; percents two; no NaN/Infinity anywhere', () => {
  run(scenarioArb, (s) => {
    const pq = price(s);
    const re = amountRe(SCALE[s.currency]);
    for (const l of pq.lines) {
      for (const k of ['listAmount', 'netAmount', 'tax', 'total'] as const) checkAmount(l[k], re, `line ${l.id}.${k}`);
      for (const k of ['cost', 'margin'] as const) if (l[k] !== undefined) checkAmount(l[k], re, `line ${l.id}.${k}`);
      checkAmount(l.discountPercent, PERCENT_RE, `line ${l.id}.discountPercent`);
      if (l.marginPercent !== undefined) checkAmount(l.marginPercent, PERCENT_RE, `line ${l.id}.marginPercent`);
      const from = l.waterfall.findIndex((w) => ['round', 'quote-rule', 'quote-discount', 'tax'].includes(w.step));
      if (from >= 0) {
        for (const w of l.waterfall.slice(from)) {
          checkAmount(w.amount, re, `line ${l.id} waterfall ${w.step}.amount`);
        }
      }
    }
    const t = pq.totals;
    for (const k of ['list', 'discount', 'net', 'tax', 'total'] as const) checkAmount(t[k], re, `totals.${k}`);
    for (const k of ['cost', 'margin'] as const) if (t[k] !== undefined) checkAmount(t[k], re, `totals.${k}`);
    checkAmount(t.discountPercent, PERCENT_RE, 'totals.discountPercent');
    if (t.marginPercent !== undefined) checkAmount(t.marginPercent, PERCENT_RE, 'totals.marginPercent');
    for (const x of t.taxes) {
      checkAmount(x.base, re, `taxes ${x.code}.base`);
      checkAmount(x.amount, re, `taxes ${x.code}.amount`);
    }
    for (const a of pq.adjustments) checkAmount(a.amount, re, `adjustment ${a.kind}.amount`);
    // Unit prices: the currency's decimals or more, up to 6; the net unit price as many as the list one.
    const scale = SCALE[s.currency];
    const unitRe = new RegExp(`^(0|[1-9]\\d*)(\\.\\d{${Math.max(scale, 1)},${Math.max(scale, 6)}})${scale === 0 ? '?' : ''}$`);
    for (const l of pq.lines) {
      assert.match(l.listUnitPrice, unitRe, `line ${l.id}.listUnitPrice`);
      const places = (x: string) => (x.includes('.') ? x.length - x.indexOf('.') - 1 : 0);
      assert.ok(/^-?(0|[1-9]\d*)(\.\d+)?$/.test(l.netUnitPrice), `line ${l.id}.netUnitPrice = ${l.netUnitPrice}`);
      assert.equal(places(l.netUnitPrice), places(l.listUnitPrice), `line ${l.id}: netUnitPrice ${l.netUnitPrice} vs listUnitPrice ${l.listUnitPrice}`);
    }
    for (const [path, str] of strings(pq)) assert.ok(!/NaN|Infinity/.test(str), `${path} = ${str}`);
  });
});

/** |percent − exact| ≤ 0.005: two decimals, whichever rounding mode is used. */
function assertPercent(actual: string, part: Dec, whole: Dec, what: string): void {
  const exact = whole.isZero() ? new Dec(0) : part.div(whole).times(100);
  assert.ok(new Dec(actual).minus(exact).abs().lte('0.005'), `${what} = ${actual}, exact ${exact.toString()}`);
}

test('derived totals: discount, discountPercent, cost, margin and marginPercent follow from the lines', () => {
  run(scenarioArb, (s) => {
    const pq = price(s);
    const t = pq.totals;
    const list = new Dec(t.list), net = new Dec(t.net);
    eqDec(list.minus(net), t.discount, 'discount = list − net');
    assertPercent(t.discountPercent, list.minus(net), list, 'totals.discountPercent');
    const counted = pq.lines.filter((l) => !l.optional);
    const allCosted = counted.length > 0 && counted.every((l) => l.cost !== undefined);
    assert.equal(t.cost !== undefined, allCosted, `totals.cost present (${t.cost}) vs every line has a cost (${allCosted})`);
    if (t.cost !== undefined) {
      eqDec(sum(counted.map((l) => l.cost!)), t.cost, 'Σ line cost vs totals.cost');
      eqDec(net.minus(t.cost), t.margin!, 'margin = net − cost');
      if (!net.isZero()) assertPercent(t.marginPercent!, net.minus(t.cost), net, 'totals.marginPercent');
    }
    for (const l of pq.lines) {
      if (l.cost !== undefined) eqDec(new Dec(l.netAmount).minus(l.cost), l.margin!, `line ${l.id} margin = net − cost`);
    }
  });
});

test('an optional line changes neither the totals nor the other lines', () => {
  const arb = scenarioArb.chain((s) => fc.tuple(fc.constant(s), fc.nat({ max: s.quote.lines.length - 1 }), fc.nat({ max: s.quote.lines.length })));
  run(arb, ([s, from, at]) => {
    const base = price(s);
    const extra = { ...structuredClone(s.quote.lines[from]!), id: 'OPT-EXTRA', optional: true };
    const lines = [...s.quote.lines];
    lines.splice(at, 0, extra);
    const withOptional = priceQuote(s.catalog, { ...s.quote, lines });
    assert.deepEqual(withOptional.totals, base.totals);
    assert.deepEqual(withOptional.adjustments, base.adjustments);
    assert.deepEqual(withOptional.lines.filter((l) => l.id !== 'OPT-EXTRA'), base.lines);
  });
});

test('orderable is true exactly when no issue is an error', () => {
  run(scenarioArb, (s) => {
    const pq = price(s);
    assert.equal(pq.orderable, !pq.issues.some((i) => i.severity === 'error'));
  });
});

test('priceQuote never throws on junk quotes and always answers in the contract shape', () => {
  const keys = fc.oneof(
    fc.string(),
    fc.constantFrom('__proto__', 'constructor', 'toString', 'id', 'lines', 'sku', 'qty', 'term', 'attributes', 'options', 'discount', 'percent', 'amount', 'unitPrice', 'optional', 'priceRule', 'currency', 'date', 'priceBook'),
  );
  const anything = fc.anything({
    key: keys, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true,
    withTypedArray: true, withSparseArray: true, withBoxedValues: true, withObjectString: true, maxDepth: 4,
  });
  const junkRun = (junk: unknown, gen: { catalog: unknown }) => {
    let pq: PricedQuote | undefined;
    assert.doesNotThrow(() => {
      pq = priceQuote(gen.catalog, junk);
    });
    assertContractShape(pq!);
    assert.ok(!pq!.issues.some((i) => i.code === 'internal-error'), `internal error: ${JSON.stringify(pq!.issues)}`);
    return pq!;
  };
  run(fc.tuple(catalogArb, anything), ([gen, junk]) => {
    junkRun(junk, gen);
  });
  // JSON in, JSON out: the answer to any JSON value serialises.
  run(fc.tuple(catalogArb, fc.jsonValue()), ([gen, junk]) => {
    const pq = junkRun(junk, gen);
    assert.doesNotThrow(() => JSON.stringify(pq));
  });
  // A quote-like object whose lines are junk.
  run(fc.tuple(catalogArb, fc.array(anything, { maxLength: 5 })), ([gen, lines]) => {
    junkRun({ id: 'Q-J', date: '2026-11-28', lines }, gen);
  });
  // Junk inside an otherwise valid quote: a random field of the quote or of a line replaced.
  const junkField = fc.oneof(fc.anything(), fc.jsonValue(), fc.constantFrom('NaN', 'Infinity', '-0', '1e5', '', ' 1', '0x10', '-1', '1.', '.5'), fc.double());
  const quoteKeys = ['id', 'version', 'date', 'currency', 'locale', 'priceBook', 'customer', 'lines', 'discount', 'priceRule', 'validUntil'];
  const lineKeys = ['id', 'sku', 'qty', 'term', 'attributes', 'options', 'discount', 'priceRule', 'optional', 'group'];
  const arb = scenarioArb.chain((s) =>
    fc.tuple(fc.constant(s), fc.boolean(), fc.constantFrom(...quoteKeys), fc.nat(), fc.constantFrom(...lineKeys), junkField),
  );
  run(arb, ([s, onLine, qk, li, lk, junk]) => {
    const quote = structuredClone(s.quote) as unknown as Record<string, unknown>;
    if (onLine) {
      const lines = quote.lines as Record<string, unknown>[];
      lines[li % lines.length]![lk] = junk;
    } else quote[qk] = junk;
    let pq: PricedQuote | undefined;
    assert.doesNotThrow(() => {
      pq = priceQuote(s.catalog, quote);
    });
    assertContractShape(pq!);
    assert.ok(!pq!.issues.some((i) => i.code === 'internal-error'), `internal error: ${JSON.stringify(pq!.issues)}`);
  });
});
