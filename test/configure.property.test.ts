/**
 * Property-based tests of `configure` (CONTRACT.md, "Configuration rules and state"): random
 * VALID catalogs with bundles (some options bundles themselves, one level deeper) and random
 * rules of all six kinds, and random selections (sometimes junk).
 *
 * Validity: `validateCatalog` also configures every configurable product with its defaults and
 * rejects the catalog when that is not complete, and rejects setQty cycles it can see. So the
 * generator builds features whose defaults satisfy min/max, and then adds the random rules one
 * by one, keeping each only if the catalog stays valid.
 *
 * Run: node --import tsx --test test/configure.property.test.ts  (PROPERTY_RUNS=20000 for a longer hunt)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import Decimal from 'decimal.js';
import jsonLogic from 'json-logic-js';
import { configure, validateCatalog } from '../src/rules/index.js';
import type { ConfigState, FeatureState, OptionState, SelectedOption } from '../src/types.js';

/** At least 1000 runs per property. */
const RUNS = Math.max(1000, Number(process.env.PROPERTY_RUNS ?? 1000) || 1000);
const run = <T>(arb: fc.Arbitrary<T>, predicate: (v: T) => void) => fc.assert(fc.property(arb, predicate), { numRuns: RUNS });

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

// ---------------------------------------------------------------------------------------
// Catalog arbitrary

const LEAVES = ['L0', 'L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L8', 'L9'];
const SUBS = ['S0', 'S1'];
const ROOTS = ['P0', 'P1', 'P2'];

interface OptionSpec {
  flag: 'default' | 'required' | 'none';
  included: boolean;
  qtyPer: 'parent' | 'fixed' | undefined;
  qty: Obj | undefined;
}

const qtyRangeArb: fc.Arbitrary<Obj | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant({ min: '1', max: '1', default: '1' }) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([min, d, extra]) => ({ min: String(min), max: String(min + d + extra), default: String(min + d) })) },
  { weight: 1, arbitrary: fc.constant({ max: '3' }) },
);

const optionSpecArb: fc.Arbitrary<OptionSpec> = fc.record({
  flag: fc.oneof({ weight: 3, arbitrary: fc.constant('none' as const) }, { weight: 2, arbitrary: fc.constant('default' as const) }, { weight: 1, arbitrary: fc.constant('required' as const) }),
  included: fc.boolean(),
  qtyPer: fc.constantFrom('parent' as const, 'fixed' as const, undefined),
  qty: qtyRangeArb,
});

interface FeatureSpec {
  size: number;
  /** Fractions turned into min ≤ preselected ≤ max. */
  minFrac: number;
  maxFrac: number;
  noMax: boolean;
  options: OptionSpec[];
}

const featureSpecArb: fc.Arbitrary<FeatureSpec> = fc.record({
  size: fc.integer({ min: 1, max: 8 }),
  minFrac: fc.double({ min: 0, max: 1, noNaN: true }),
  maxFrac: fc.double({ min: 0, max: 1, noNaN: true }),
  noMax: fc.boolean(),
  options: fc.array(optionSpecArb, { minLength: 8, maxLength: 8 }),
});

interface ProductSpec {
  pool: string[];
  features: FeatureSpec[];
}

/** Features over `pool` (SKUs are used once per product), whose defaults are complete. */
function buildFeatures(spec: ProductSpec): Obj[] {
  const features: Obj[] = [];
  let next = 0;
  spec.features.forEach((f, j) => {
    const skus = spec.pool.slice(next, next + f.size);
    next += skus.length;
    if (skus.length === 0) return;
    const options = skus.map((sku, k): Obj => {
      const o = f.options[k]!;
      const out: Obj = { sku };
      if (o.flag === 'default') out.default = true;
      if (o.flag === 'required') out.required = true;
      if (o.included) out.included = true;
      if (o.qtyPer) out.qtyPer = o.qtyPer;
      if (o.qty) out.qty = o.qty;
      return out;
    });
    const pre = options.filter((o) => o.default === true || o.required === true).length;
    const n = options.length;
    const min = Math.floor(f.minFrac * (pre + 1)) > pre ? pre : Math.floor(f.minFrac * (pre + 1));
    const max = pre + Math.floor(f.maxFrac * (n - pre + 1)) > n ? n : pre + Math.floor(f.maxFrac * (n - pre + 1));
    const feature: Obj = { id: `f${j}`, name: { en: `Feature ${j}`, 'zh-CN': `功能${j}` }, min, options };
    if (!f.noMax) feature.max = Math.max(max, min);
    features.push(feature);
  });
  return features;
}

const productSpecArb = (pool: string[], maxFeatures: number): fc.Arbitrary<ProductSpec> =>
  fc.record({
    pool: fc.shuffledSubarray(pool, { minLength: 1, maxLength: pool.length }),
    features: fc.array(featureSpecArb, { minLength: 1, maxLength: maxFeatures }),
  });

const KINDS = ['requires', 'excludes', 'validate', 'autoSelect', 'hide', 'setQty'] as const;

/**
 * Random rules over the SKUs a catalog uses: `used` (option SKUs somewhere in a tree) mostly,
 * any product of the catalog sometimes (the root itself included).
 */
function ruleArb(used: string[], all: string[], bundles: string[]): fc.Arbitrary<Obj> {
  const skuArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...used) }, { weight: 1, arbitrary: fc.constantFrom(...all) });
  const atomArb: fc.Arbitrary<Json> = fc.oneof(
    { weight: 3, arbitrary: skuArb.map((s): Json => ({ '!!': { var: `selected.${s}` } })) },
    { weight: 2, arbitrary: skuArb.map((s): Json => ({ '!': { var: `selected.${s}` } })) },
    { weight: 1, arbitrary: fc.tuple(skuArb, fc.integer({ min: 1, max: 8 })).map(([s, n]): Json => ({ '>=': [{ var: `selected.${s}` }, n] })) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 6 }).map((n): Json => ({ '>=': [{ var: 'qty' }, n] })) },
    { weight: 1, arbitrary: fc.constantFrom('v0', 'v1').map((v): Json => ({ '==': [{ var: 'attributes.a0' }, v] })) },
    { weight: 1, arbitrary: fc.constantFrom(12, 24).map((t): Json => ({ '>=': [{ var: 'term' }, t] })) },
  );
  const whenArb: fc.Arbitrary<Json | undefined> = fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 5, arbitrary: atomArb },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom('and', 'or'), atomArb, atomArb).map(([op, a, b]): Json => ({ [op]: [a, b] })) },
  );
  const setQtyArb: fc.Arbitrary<Json> = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 5 }) },
    { weight: 2, arbitrary: fc.constant({ var: 'qty' }) },
    { weight: 1, arbitrary: fc.constantFrom<Json>(0, 'x', '2', -1, { var: 'quote.none' }, { '/': [{ var: 'qty' }, 3] }) },
    { weight: 1, arbitrary: skuArb.map((s): Json => ({ var: `selected.${s}` })) },
    { weight: 1, arbitrary: skuArb.map((s): Json => ({ '+': [{ var: `selected.${s}` }, 1] })) },
    // A computed name: validation cannot see what it reads, so cycles through it reach the engine.
    { weight: 1, arbitrary: skuArb.map((s): Json => ({ '+': [{ var: { cat: ['selected.', s] } }, 1] })) },
    { weight: 1, arbitrary: skuArb.map((s): Json => ({ if: [{ var: `selected.${s}` }, 2, 1] })) },
  );
  const targetArb = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...used) }, { weight: 1, arbitrary: fc.constantFrom(...all) });
  return fc
    .record({
      kind: fc.constantFrom(...KINDS),
      when: whenArb,
      targets: fc.uniqueArray(targetArb, { minLength: 1, maxLength: 3 }),
      products: fc.option(fc.constantFrom(...bundles), { nil: undefined, freq: 4 }),
      severity: fc.constantFrom<'error' | 'warning' | undefined>('error', 'warning', undefined),
      qty: setQtyArb,
      message: fc.boolean(),
    })
    .map((r) => {
      const out: Obj = { id: '', kind: r.kind };
      if (r.products) out.products = [r.products];
      if (r.when !== undefined) out.when = r.when;
      if (r.kind !== 'validate') out.targets = r.targets;
      if (r.kind === 'validate' && r.severity) out.severity = r.severity;
      if (r.kind === 'setQty') out.qty = r.qty;
      if (r.message || r.kind === 'validate') out.message = { en: `${r.kind} message`, 'zh-CN': `${r.kind} 消息` };
      return out;
    });
}

export interface Scenario {
  catalog: Obj;
  /** Products with features, the roots to configure. */
  bundles: string[];
  /** Option SKUs of each bundle product. */
  optionsOf: Record<string, string[]>;
  rulesTried: number;
}

const leaf = (sku: string): Obj => ({ sku, name: { en: `${sku}`, 'zh-CN': `${sku}（中）` }, price: { model: 'flat', list: '10.00' } });

interface Base {
  products: Obj[];
  bundles: string[];
  optionsOf: Record<string, string[]>;
  locale: string;
}

const baseArb: fc.Arbitrary<Base> = fc
  .record({
    roots: fc.integer({ min: 1, max: 3 }),
    subs: fc.array(productSpecArb(LEAVES, 2), { minLength: 2, maxLength: 2 }),
    rootSpecs: fc.array(productSpecArb([...LEAVES, ...SUBS], 4), { minLength: 3, maxLength: 3 }),
    rootQty: fc.array(fc.record({ max: fc.constantFrom('10', '50', '100'), def: fc.integer({ min: 1, max: 6 }), term: fc.boolean(), attrRequired: fc.boolean() }), { minLength: 3, maxLength: 3 }),
    locale: fc.constantFrom('en', 'zh-CN'),
  })
  .map(({ roots, subs, rootSpecs, rootQty, locale }) => {
    const products: Obj[] = [];
    const bundles: string[] = [];
    const optionsOf: Record<string, string[]> = {};
    for (let i = 0; i < roots; i++) {
      const sku = ROOTS[i]!;
      const q = rootQty[i]!;
      const features = buildFeatures(rootSpecs[i]!);
      const p: Obj = {
        ...leaf(sku),
        qty: { min: '1', max: q.max, default: String(q.def) },
        attributes: [
          { id: 'a0', default: 'v0', required: q.attrRequired, values: [{ id: 'v0' }, { id: 'v1' }, { id: 'v2', priceDelta: '1.00' }] },
          { id: 'a1', values: [{ id: 'x' }, { id: 'y' }] },
        ],
        features,
      };
      if (q.term) p.term = { unit: 'month', min: '1', max: '36', default: '12' };
      products.push(p);
      bundles.push(sku);
      optionsOf[sku] = features.flatMap((f) => (f.options as Obj[]).map((o) => o.sku as string));
    }
    SUBS.forEach((sku, i) => {
      const features = buildFeatures(subs[i]!);
      products.push({ ...leaf(sku), features });
      bundles.push(sku);
      optionsOf[sku] = features.flatMap((f) => (f.options as Obj[]).map((o) => o.sku as string));
    });
    for (const sku of LEAVES) products.push(leaf(sku));
    return { products, bundles, optionsOf, locale };
  });

const makeCatalog = (b: Base, rules: Obj[]): Obj => ({ id: 'prop', currency: 'CNY', locale: b.locale, taxes: [{ code: 'VAT13', rate: '13' }], defaultTaxCode: 'VAT13', products: b.products, rules });

const catalogArb: fc.Arbitrary<Scenario> = baseArb.chain((b) => {
  const used = [...new Set(Object.values(b.optionsOf).flat())];
  const all = b.products.map((p) => p.sku as string);
  return fc.array(ruleArb(used.length > 0 ? used : all, all, b.bundles), { maxLength: 10 }).map((rules) => {
    const v0 = validateCatalog(makeCatalog(b, []));
    if (!v0.ok) throw new Error(`generator bug: the base catalog is not valid: ${JSON.stringify(v0.errors.slice(0, 3))}`);
    // Keep each rule only if the catalog stays valid (its default configurations complete, …).
    const kept: Obj[] = [];
    rules.forEach((r) => {
      const candidate = { ...r, id: `r${kept.length}` };
      if (validateCatalog(makeCatalog(b, [...kept, candidate])).ok) kept.push(candidate);
    });
    return { catalog: makeCatalog(b, kept), bundles: b.bundles, optionsOf: b.optionsOf, rulesTried: rules.length };
  });
});

// ---------------------------------------------------------------------------------------
// Selection arbitrary

const qtyArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('1', '1', '2', '3') },
  { weight: 8, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom('0', '-1', 'abc', 2, 2.5, '0.5', '10', '1.5', null, '1e3') },
);

/** One valid entry for `sku` (nested options when it is a bundle). */
const validEntryArb = (sku: string, nested: (sku: string) => fc.Arbitrary<unknown> | undefined): fc.Arbitrary<Record<string, unknown>> => {
  const inner = nested(sku);
  return fc.record({
    qty: qtyArb,
    options: inner ? fc.option(inner, { nil: undefined, freq: 2 }) : fc.constant(undefined),
  }).map((e) => {
    const out: Record<string, unknown> = { sku };
    if (e.qty !== undefined) out.qty = e.qty;
    if (e.options !== undefined) out.options = e.options;
    return out;
  });
};

const junkEntryArb = fc.constantFrom<unknown>({ sku: 'NOPE' }, { sku: 'L0' }, { sku: 42 }, 42, null, 'L1', { sku: '__proto__' });

/**
 * A list of entries: distinct valid SKUs mostly; sometimes a junk entry or a duplicate is
 * inserted (input errors, which carry a path).
 */
const entriesArb = (skus: string[], nested: (sku: string) => fc.Arbitrary<unknown> | undefined, maxLength: number): fc.Arbitrary<unknown[]> =>
  fc.shuffledSubarray(skus, { maxLength: Math.min(maxLength, skus.length) }).chain((picked) =>
    fc.tuple(
      picked.length === 0 ? fc.constant([] as Record<string, unknown>[]) : fc.tuple(...picked.map((sku) => validEntryArb(sku, nested))),
      fc.option(fc.tuple(fc.nat(), fc.oneof(junkEntryArb, fc.constantFrom(...skus).map((sku): unknown => ({ sku })))), { nil: undefined, freq: 8 }),
    ).map(([entries, extra]) => {
      const out: unknown[] = [...entries];
      if (extra) out.splice(extra[0] % (out.length + 1), 0, extra[1]);
      return out;
    }),
  );

function selectionArb(s: Scenario, sku: string): fc.Arbitrary<unknown> {
  const options = s.optionsOf[sku] ?? [];
  const nested = (o: string): fc.Arbitrary<unknown> | undefined => {
    const inner = s.optionsOf[o];
    if (!SUBS.includes(o) || !inner || inner.length === 0) return undefined;
    return fc.oneof(
      { weight: 12, arbitrary: entriesArb(inner, () => undefined, 4) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>('x', {}, null) },
    );
  };
  const list = options.length === 0 ? fc.constant([] as unknown[]) : entriesArb(options, nested, 7);
  const isRoot = ROOTS.includes(sku);
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 42, 'x', [], undefined, { options: 'x' }, { qty: {}, options: {} }) },
    { weight: 15, arbitrary: fc.record({
      qty: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 6, arbitrary: fc.constantFrom('1', '2', '3', '5', 4) }, { weight: 1, arbitrary: fc.constantFrom('0', 'x', '200', '1.5') }),
      term: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(undefined, undefined, '6', '24') }, { weight: 1, arbitrary: fc.constantFrom('48', 'x') }),
      attributes: isRoot
        ? fc.oneof({ weight: 12, arbitrary: fc.constantFrom<unknown>(undefined, undefined, { a0: 'v1' }, { a0: 'v2', a1: 'x' }, { a1: 'y' }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>({ a0: 'bad' }, { zz: '1' }, 'x') })
        : fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom<unknown>({ a0: 'v1' }, 'x') }),
      options: fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: list }),
    }).map((r) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r)) if (v !== undefined) out[k] = v;
      return out;
    }) },
  );
}

interface Input {
  s: Scenario;
  sku: string;
  selection: unknown;
  locale: string | undefined;
}

const inputArb: fc.Arbitrary<Input> = catalogArb.chain((s) =>
  fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom(...s.bundles) },
    { weight: 1, arbitrary: fc.constantFrom('L0', 'NOPE') },
  ).chain((sku) =>
    fc.record({
      s: fc.constant(s),
      sku: fc.constant(sku),
      selection: selectionArb(s, sku),
      locale: fc.constantFrom(undefined, 'en', 'zh-CN'),
    }),
  ),
);

const conf = (i: Input, selection: unknown = i.selection): ConfigState =>
  configure(i.s.catalog, i.sku, selection, i.locale === undefined ? {} : { locale: i.locale });

// ---------------------------------------------------------------------------------------
// Checks

function allOptions(features: FeatureState[], prefix = ''): [string, OptionState][] {
  const out: [string, OptionState][] = [];
  for (const f of features) {
    for (const o of f.options) {
      out.push([prefix + o.sku, o]);
      if (o.features) out.push(...allOptions(o.features, `${prefix}${o.sku}/`));
    }
  }
  return out;
}

function checkShape(s: ConfigState): void {
  assert.equal(typeof s.sku, 'string');
  assert.equal(typeof s.name, 'string');
  assert.equal(typeof s.qty, 'string');
  assert.ok(s.term === undefined || typeof s.term === 'string');
  assert.ok(Array.isArray(s.attributes) && Array.isArray(s.features) && Array.isArray(s.errors) && Array.isArray(s.warnings));
  assert.equal(typeof s.complete, 'boolean');
  assert.ok(s.selection && typeof s.selection === 'object');
  assert.equal(typeof s.selection.qty, 'string');
  assert.ok(s.selection.attributes && typeof s.selection.attributes === 'object' && !Array.isArray(s.selection.attributes));
  assert.ok(Array.isArray(s.selection.options));
  for (const m of [...s.errors, ...s.warnings]) {
    assert.equal(typeof m.message, 'string');
    assert.ok(m.message.length > 0, 'a message is not empty');
    assert.ok(!/\{\w+\}/.test(m.message), `a message has an unfilled slot: ${m.message}`);
  }
  for (const e of s.errors) assert.equal(e.severity, 'error');
  for (const w of s.warnings) assert.equal(w.severity, 'warning');
  for (const [path, o] of allOptions(s.features)) {
    for (const k of ['sku', 'name', 'qty', 'lineQty', 'qtyPer'] as const) assert.equal(typeof o[k], 'string', `${path}.${k}`);
    for (const k of ['selected', 'available', 'hidden', 'required', 'included', 'default'] as const) assert.equal(typeof o[k], 'boolean', `${path}.${k}`);
    assert.ok(Array.isArray(o.reasons));
    assert.match(o.qty, /^\d+(\.\d+)?$/, `${path}.qty`);
    assert.match(o.lineQty, /^\d+(\.\d+)?$/, `${path}.lineQty`);
  }
}

/**
 * The resolved selection is exactly the selected options, in tree order, nested under their
 * bundles — plus any required option a rule hides, which keeps the user's entry (its quantity
 * and nested choice are the user's, not shown in the state: only its place is compared).
 */
function expectedSelection(features: FeatureState[]): unknown[] {
  const out: unknown[] = [];
  for (const f of features) {
    for (const o of f.options) {
      if (!o.selected) {
        if (o.hidden && o.required) out.push({ sku: o.sku, hiddenRequired: true });
        continue;
      }
      const e: Record<string, unknown> = { sku: o.sku, qty: o.qty };
      if (o.features) e.options = expectedSelection(o.features);
      out.push(e);
    }
  }
  return out;
}

/** The actual resolved selection with hidden required entries reduced as expectedSelection does. */
function comparableSelection(list: unknown[], features: FeatureState[]): unknown[] {
  const hiddenRequired = new Set(features.flatMap((f) => f.options).filter((o) => !o.selected && o.hidden && o.required).map((o) => o.sku));
  const bySku = new Map(features.flatMap((f) => f.options).map((o) => [o.sku, o]));
  return list.map((entry) => {
    const e = entry as Record<string, unknown>;
    if (hiddenRequired.has(e.sku as string)) return { sku: e.sku, hiddenRequired: true };
    const o = bySku.get(e.sku as string);
    return o?.features && Array.isArray(e.options) ? { ...e, options: comparableSelection(e.options, o.features) } : e;
  });
}

function stripPriceRule(list: SelectedOption[]): unknown[] {
  return list.map((e) => {
    const out: Record<string, unknown> = { sku: e.sku, qty: e.qty };
    if (e.options) out.options = stripPriceRule(e.options);
    return out;
  });
}

function checkStructure(s: ConfigState, rootQty: string): void {
  const errorRuleIds = new Set(s.errors.map((e) => e.ruleId).filter((x) => x !== undefined));
  const walk = (features: FeatureState[], bundleSku: string, parentLineQty: string, prefix: string) => {
    for (const f of features) {
      const chosen = f.options.filter((o) => o.selected).length;
      if (chosen < f.min || chosen > f.max) {
        assert.ok(s.errors.some((e) => e.featureId === f.id && e.sku === bundleSku), `${prefix}${f.id}: ${chosen} chosen outside ${f.min}–${f.max} without an error`);
      }
      for (const o of f.options) {
        const path = `${prefix}${o.sku}`;
        assert.ok(!(o.hidden && o.selected), `${path} is hidden and selected`);
        if (o.auto) assert.ok(o.selected, `${path} has auto but is not selected`);
        if (o.features) assert.ok(o.selected, `${path} shows its features but is not selected`);
        if (!o.available) assert.ok(o.reasons.length > 0, `${path} is unavailable without a reason`);
        if (o.selected && !o.available) {
          assert.ok(o.reasons.some((r) => errorRuleIds.has(r.ruleId)), `${path} is selected and unavailable, and no error names ${o.reasons.map((r) => r.ruleId)}`);
        }
        const expectLine = o.qtyPer === 'parent' ? mul(o.qty, parentLineQty) : o.qty;
        assert.ok(eq(o.lineQty, expectLine), `${path}.lineQty ${o.lineQty} ≠ ${expectLine}`);
        if (o.features) walk(o.features, o.sku, o.lineQty, `${path}/`);
      }
    }
  };
  walk(s.features, s.sku, rootQty, '');
  // After a cycle the engine gives back the user's own choice as the resolved selection (so that
  // configuring it again runs the same rounds); otherwise it is exactly the selected options.
  if (!hasCycle(s)) assert.deepEqual(comparableSelection(stripPriceRule(s.selection.options), s.features), expectedSelection(s.features), 'resolved selection = the selected options');
}

/** Exact decimal helpers on strings (the engine's quantities are plain decimals). */
function toBig(x: string): [bigint, number] {
  const [i, f = ''] = x.split('.');
  return [BigInt(i! + f), f.length];
}
function mul(a: string, b: string): string {
  const [x, dx] = toBig(a);
  const [y, dy] = toBig(b);
  return `${x * y}e-${dx + dy}`;
}
function eq(a: string, b: string): boolean {
  const norm = (v: string) => {
    const [m, e] = v.includes('e-') ? [v.split('e-')[0]!, Number(v.split('e-')[1])] : [toBig(v)[0].toString(), toBig(v)[1]];
    let mant = BigInt(m);
    let exp = e;
    while (exp > 0 && mant % 10n === 0n) {
      mant /= 10n;
      exp--;
    }
    return `${mant}e${exp}`;
  };
  return norm(a) === norm(b);
}

const hasCycle = (s: ConfigState) => s.errors.some((e) => /never settle|无法稳定/.test(e.message));

/**
 * A copy where the qty/lineQty of unselected options that a setQty rule targets are blanked:
 * the one known idempotence bug (see the todo case in configure.test.ts).
 */
function withoutKnownBug(s: ConfigState, catalog: Obj): unknown {
  const targets = new Set((catalog.rules as Obj[]).filter((r) => r.kind === 'setQty').flatMap((r) => r.targets as string[]));
  const copy = structuredClone(s);
  const walk = (features: FeatureState[]) => {
    for (const f of features) {
      for (const o of f.options) {
        if (!o.selected && targets.has(o.sku)) {
          o.qty = '?';
          o.lineQty = '?';
        }
        if (o.features) walk(o.features);
      }
    }
  };
  walk(copy.features);
  return copy;
}

// ---------------------------------------------------------------------------------------
// A reference solver: the contract's fixed-point semantics written naively (every rule
// re-evaluated every round with json-logic-js), used as an oracle for the engine's solver.

interface RNode {
  path: string;
  sku: string;
  parent: RNode | null;
  opt: Obj;
  userSelected: boolean;
  userQty: Decimal | undefined;
}

const DEC_RE = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

function refDecimal(v: unknown): Decimal | undefined {
  if (typeof v === 'string' && v.length <= 40 && DEC_RE.test(v)) return new Decimal(v);
  if (typeof v === 'number' && Number.isSafeInteger(v)) return new Decimal(v);
  return undefined;
}

function refTree(catalog: Obj, rootSku: string, selection: unknown): RNode[] {
  const products = new Map((catalog.products as Obj[]).map((p) => [p.sku as string, p]));
  const nodes: RNode[] = [];
  const grow = (sku: string, parent: RNode | null, list: unknown, depth: number) => {
    const product = products.get(sku)!;
    const features = (product.features as Obj[] | undefined) ?? [];
    const known = new Set(features.flatMap((f) => (f.options as Obj[]).map((o) => o.sku as string)));
    let picks: Map<string, Record<string, unknown>> | undefined;
    if (list !== undefined && list !== null) {
      picks = new Map();
      if (Array.isArray(list)) {
        for (const e of list) {
          const esku = e !== null && typeof e === 'object' && !Array.isArray(e) && Object.prototype.hasOwnProperty.call(e, 'sku') ? (e as Record<string, unknown>).sku : undefined;
          if (typeof esku !== 'string' || !known.has(esku) || picks.has(esku)) continue;
          picks.set(esku, e as Record<string, unknown>);
        }
      }
    }
    for (const f of features) {
      for (const o of f.options as Obj[]) {
        const osku = o.sku as string;
        const pick = picks?.get(osku);
        const q = pick && Object.prototype.hasOwnProperty.call(pick, 'qty') ? refDecimal(pick.qty) : undefined;
        const n: RNode = {
          path: parent ? `${parent.path}/${osku}` : osku, sku: osku, parent, opt: o,
          userSelected: picks ? pick !== undefined : o.default === true,
          userQty: q && q.gt(0) ? q : undefined,
        };
        nodes.push(n);
        const child = products.get(osku);
        if (child && ((child.features as unknown[] | undefined)?.length ?? 0) > 0 && depth < 4) {
          grow(osku, n, pick && Object.prototype.hasOwnProperty.call(pick, 'options') ? pick.options : undefined, depth + 1);
        }
      }
    }
  };
  const rootList = selection !== null && typeof selection === 'object' && !Array.isArray(selection) && Object.prototype.hasOwnProperty.call(selection, 'options')
    ? (selection as Record<string, unknown>).options : undefined;
  grow(rootSku, null, rootList, 0);
  return nodes;
}

function refQty(value: unknown): Decimal | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return undefined;
    return new Decimal(Number.isSafeInteger(value) ? value : value.toPrecision(15)).toDecimalPlaces(6);
  }
  if (typeof value === 'string' && /^(?:0|[1-9]\d*)(?:\.\d+)?$/.test(value) && value.length <= 40) {
    const d = new Decimal(value);
    return d.gt(0) ? d : undefined;
  }
  return undefined;
}

interface RefResult {
  cycle: boolean;
  nodes: RNode[];
  selected: boolean[];
  qty: Decimal[];
  hidden: boolean[];
  excluded: boolean[];
  auto: boolean[];
  /** A valid setQty result reached the option in the last round. */
  setQty: boolean[];
}

/** The reference fixed point for a state the engine produced (root qty, term, attributes from it). */
function reference(i: Input, s: ConfigState): RefResult {
  const catalog = i.s.catalog;
  const nodes = refTree(catalog, i.sku, i.selection);
  const index = new Map(nodes.map((n, k) => [n, k]));
  const bundleSkus = new Set(nodes.filter((n) => nodes.some((m) => m.parent === n)).map((n) => n.sku));
  const rules = (catalog.rules as Obj[]).filter((r) => !r.products || (r.products as string[]).some((p) => p === i.sku || bundleSkus.has(p)));
  const rootQty = new Decimal(s.qty);
  const defaultQty = (n: RNode) => n.userQty ?? (refDecimal((n.opt.qty as Obj | undefined)?.default) ?? new Decimal(1));
  const close = (sel: boolean[]) => {
    nodes.forEach((n, k) => {
      if (n.parent && !sel[index.get(n.parent)!]) sel[k] = false;
    });
    return sel;
  };
  const lineQty = (qty: Decimal[]) => {
    const out: Decimal[] = [];
    nodes.forEach((n, k) => {
      const parentLine = n.parent ? out[index.get(n.parent)!]! : rootQty;
      out[k] = n.opt.qtyPer === 'parent' ? qty[k]!.times(parentLine) : qty[k]!;
    });
    return out;
  };
  const holds = (when: unknown, facts: unknown) => {
    if (when === undefined) return true;
    try {
      return jsonLogic.truthy(jsonLogic.apply(when as jsonLogic.RulesLogic, facts));
    } catch {
      return false;
    }
  };
  let selected = close(nodes.map((n) => n.userSelected || n.opt.required === true));
  let qty = nodes.map(defaultQty);
  const seen = new Set<string>();
  for (let round = 0; round < 64; round++) {
    const lines = lineQty(qty);
    const sel: Record<string, number> = Object.create(null);
    sel[i.sku] = rootQty.toNumber();
    nodes.forEach((n, k) => {
      if (selected[k]) sel[n.sku] = (sel[n.sku] ?? 0) + lines[k]!.toNumber();
    });
    const facts = { qty: rootQty.toNumber(), term: s.term === undefined ? undefined : Number(s.term), attributes: s.selection.attributes, selected: sel, sku: i.sku, quote: {} };
    const hidden = nodes.map(() => false);
    const excluded = nodes.map(() => false);
    const auto = nodes.map(() => false);
    const nextQty = nodes.map(defaultQty);
    const setBy = nodes.map(() => false);
    for (const r of rules) {
      if (!holds(r.when, facts)) continue;
      const targets = new Set((r.targets as string[] | undefined) ?? []);
      const hits = nodes.map((n, k) => (targets.has(n.sku) ? k : -1)).filter((k) => k >= 0);
      if (r.kind === 'hide') for (const k of hits) hidden[k] = true;
      if (r.kind === 'excludes') for (const k of hits) excluded[k] = true;
      if (r.kind === 'autoSelect') for (const k of hits) auto[k] = true;
      if (r.kind === 'setQty') {
        let v: unknown;
        try {
          v = jsonLogic.apply(r.qty as jsonLogic.RulesLogic, facts);
        } catch {
          v = undefined;
        }
        const q = refQty(v);
        if (q) {
          for (const k of hits) {
            nextQty[k] = q;
            setBy[k] = true;
          }
        }
      }
    }
    const next = close(nodes.map((n, k) => (n.userSelected || n.opt.required === true || auto[k] === true) && hidden[k] !== true));
    const same = next.every((x, k) => x === selected[k] && (!x || nextQty[k]!.eq(qty[k]!)));
    if (same) {
      // An option that ends unselected shows the quantity it would have without the user's
      // (dropped) choice: what a setQty rule gives it, else its default.
      nodes.forEach((n, k) => {
        if (!next[k] && !setBy[k]) nextQty[k] = refDecimal((n.opt.qty as Obj | undefined)?.default) ?? new Decimal(1);
      });
      return { cycle: false, nodes, selected: next, qty: nextQty, hidden, excluded, auto, setQty: setBy };
    }
    const key = next.map((x, k) => (x ? `${k}:${nextQty[k]!.toString()}` : '')).join(',');
    if (seen.has(key)) return { cycle: true, nodes, selected: next, qty: nextQty, hidden, excluded, auto, setQty: setBy };
    seen.add(key);
    selected = next;
    qty = nextQty;
  }
  return { cycle: true, nodes, selected, qty, hidden: [], excluded: [], auto: [], setQty: [] };
}

// ---------------------------------------------------------------------------------------
// Properties

describe('configure: properties over random valid catalogs and selections', () => {
  it('the generator makes valid catalogs with rules (sanity)', () => {
    let rules = 0;
    const kinds = new Set<string>();
    fc.assert(fc.property(catalogArb, (s) => {
      assert.equal(validateCatalog(s.catalog).ok, true);
      const list = s.catalog.rules as Obj[];
      rules += list.length;
      for (const r of list) kinds.add(r.kind as string);
    }), { numRuns: 300 });
    assert.ok(rules > 300, `too few rules survive validation (${rules} in 300 catalogs)`);
    assert.equal(kinds.size, 6, `every rule kind occurs (${[...kinds]})`);
  });

  it('never throws and always returns the ConfigState shape; complete ⇔ no errors; errors bounded', () => {
    run(inputArb, (i) => {
      const s = conf(i);
      checkShape(s);
      assert.equal(s.complete, s.errors.length === 0);
      const nodes = allOptions(s.features).length;
      const rules = (i.s.catalog.rules as unknown[]).length;
      const bound = 20 + 4 * (nodes + rules) + (Array.isArray(i.selection) ? 0 : JSON.stringify(i.selection ?? null).length);
      assert.ok(s.errors.length + s.warnings.length <= bound, `${s.errors.length} errors, ${s.warnings.length} warnings`);
      if (i.s.bundles.includes(i.sku)) {
        assert.equal(s.sku, i.sku);
        assert.ok(!s.errors.some((e) => /not valid|unexpectedly/.test(e.message)), `catalog or engine failure: ${JSON.stringify(s.errors)}`);
      }
    });
  });

  it('is deterministic: same input twice, and on a fresh copy of the catalog → deep-equal and JSON-equal', () => {
    run(inputArb, (i) => {
      const a = conf(i);
      const b = conf(i);
      assert.deepEqual(b, a);
      const fresh = configure(structuredClone(i.s.catalog), i.sku, structuredClone(i.selection), i.locale === undefined ? {} : { locale: i.locale });
      assert.deepEqual(fresh, a);
      assert.equal(JSON.stringify(fresh), JSON.stringify(a));
    });
  });

  it('state invariants: hidden never selected, auto ⇒ selected, features only on selected bundles, selected unavailable ⇒ error naming the rule, min/max ⇒ error, lineQty, resolved selection', () => {
    run(inputArb, (i) => {
      const s = conf(i);
      if (s.features.length === 0) return;
      checkStructure(s, s.qty);
    });
  });

  it('agrees with a naive reference solver: same fixed point (selected, qty, hidden, available, auto) or both cycle', () => {
    run(inputArb, (i) => {
      const s = conf(i);
      if (!i.s.bundles.includes(i.sku)) return;
      const ref = reference(i, s);
      const engineCycle = hasCycle(s);
      assert.equal(engineCycle, ref.cycle, `cycle: engine ${engineCycle}, reference ${ref.cycle}; errors ${JSON.stringify(s.errors)}`);
      if (ref.cycle) return;
      const states = new Map(allOptions(s.features));
      ref.nodes.forEach((n, k) => {
        const o = states.get(n.path);
        if (!o) {
          assert.ok(n.parent && !ref.selected[ref.nodes.indexOf(n.parent)], `${n.path} missing from the state`);
          return;
        }
        assert.equal(o.selected, ref.selected[k], `${n.path}.selected`);
        assert.equal(o.hidden, ref.hidden[k], `${n.path}.hidden`);
        assert.equal(o.available, !ref.hidden[k] && !ref.excluded[k], `${n.path}.available`);
        assert.equal(o.auto !== undefined, ref.auto[k] === true && ref.selected[k] === true, `${n.path}.auto`);
        assert.ok(new Decimal(o.qty).eq(ref.qty[k]!), `${n.path}.qty: engine ${o.qty}, reference ${ref.qty[k]!.toString()}`);
      });
    });
  });

  it('idempotent: s3 = configure(s2.selection) equals s2 = configure(s1.selection); s2 equals s1 when s1 had no input errors (one known bug masked)', () => {
    run(inputArb, (i) => {
      const s1 = conf(i);
      const s2 = conf(i, s1.selection);
      const s3 = conf(i, s2.selection);
      const c = i.s.catalog;
      assert.deepEqual(withoutKnownBug(s3, c), withoutKnownBug(s2, c), 's3 = s2');
      if (!s1.errors.some((e) => e.path !== undefined)) assert.deepEqual(withoutKnownBug(s2, c), withoutKnownBug(s1, c), 's2 = s1');
    });
  });

  it('idempotent on the resolved selection, strictly', () => {
    run(inputArb, (i) => {
      const s1 = conf(i);
      const s2 = conf(i, s1.selection);
      const s3 = conf(i, s2.selection);
      assert.deepEqual(s3, s2, 's3 = s2');
      if (!s1.errors.some((e) => e.path !== undefined)) assert.deepEqual(s2, s1, 's2 = s1');
    });
  });

  it('terminates on rule sets that cycle (computed fact names, autoSelect/hide loops)', () => {
    // Rules built to loop: the property completing is the proof; a cycle shows as an error.
    const loopArb = catalogArb.chain((s) => fc.constantFrom(...s.bundles).map((sku) => ({ s, sku })));
    run(loopArb, ({ s, sku }) => {
      const options = s.optionsOf[sku]!;
      const [a, b = a] = options;
      const rules: Obj[] = [
        { id: 'loop-a', kind: 'autoSelect', when: { and: [{ '==': [{ var: 'attributes.a1' }, 'y'] }, { '!': { var: { cat: ['selected.', b!] } } }] }, targets: [a!] },
        { id: 'loop-b', kind: 'hide', when: { and: [{ '==': [{ var: 'attributes.a1' }, 'y'] }, { '!!': { var: { cat: ['selected.', a!] } } }] }, targets: [a!] },
        { id: 'loop-q', kind: 'setQty', when: { '==': [{ var: 'attributes.a1' }, 'y'] }, targets: [b!], qty: { '+': [{ var: { cat: ['selected.', b!] } }, 1] } },
      ];
      const catalog = { ...s.catalog, rules: [...(s.catalog.rules as Obj[]), ...rules] };
      if (!validateCatalog(catalog).ok) return;
      const state = configure(catalog, sku, { attributes: { a1: 'y' } });
      checkShape(state);
      assert.equal(state.complete, state.errors.length === 0);
      assert.ok(state.errors.length <= 20 + 4 * (allOptions(state.features).length + rules.length + 7));
    });
  });
});
