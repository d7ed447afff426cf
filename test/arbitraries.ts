/**
 * fast-check arbitraries for VALID catalogs and quotes (see the README's Pricing section and
 * ../../shared/CONTRACT.md). Every generated catalog is meant to pass `validateCatalog`;
 * the property suite asserts that in a sanity property.
 *
 * Amounts stay well below 1e9: unit prices ≤ 1000, quantities ≤ 500, terms ≤ 36.
 */
import fc from 'fast-check';
import type { Catalog, PriceModel, PriceRule, Product, Quote, QuoteLine, Tax } from '../src/types.js';

export const CURRENCIES = ['CNY', 'USD', 'JPY', 'KWD'] as const;
export type TestCurrency = (typeof CURRENCIES)[number];
export const SCALE: Record<TestCurrency, number> = { CNY: 2, USD: 2, JPY: 0, KWD: 3 };
export const TAX_RATES = ['0', '6', '9', '13', '17.5'] as const;
const CATEGORIES = ['license', 'service', 'addon'] as const;

/** Write `units / 10^decimals` as a plain decimal string with exactly `decimals` decimals. */
export function formatUnits(units: bigint, decimals: number): string {
  const neg = units < 0n;
  const s = (neg ? -units : units).toString().padStart(decimals + 1, '0');
  const body = decimals === 0 ? s : `${s.slice(0, s.length - decimals)}.${s.slice(s.length - decimals)}`;
  return neg ? `-${body}` : body;
}

/** A non-negative decimal string in [min, max] with 0..maxDecimals decimals (trailing zeros allowed). */
export function decimalString(min: number, max: number, maxDecimals = 4, minDecimals = 0): fc.Arbitrary<string> {
  return fc.integer({ min: minDecimals, max: maxDecimals }).chain((d) => {
    const f = 10 ** d;
    return fc
      .bigInt({ min: BigInt(Math.ceil(min * f)), max: BigInt(Math.floor(max * f)) })
      .map((u) => formatUnits(u, d));
  });
}

/** A unit price with 0–4 decimals; small prices and "0" show up often, so ties and zeros are exercised. */
const price = (max = 1000): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 5, arbitrary: decimalString(0, max, 4) },
    { weight: 2, arbitrary: decimalString(0, 10, 4) },
    { weight: 1, arbitrary: fc.constantFrom('0', '0.005', '0.125', '0.0025', '1', '99.99', '0.5') },
  );

const percent = (max = 100): fc.Arbitrary<string> =>
  fc.oneof(decimalString(0, max, 2), fc.constantFrom('0', '5', '10', '12.5', '33.33', '50', String(max)));

/** The shape of a product before it is written out: what the quote generator needs to know. */
export interface ProductSpec {
  product: Product;
  qtyMin: number;
  qtyMax: number;
  /** Decimals a quantity may have (0: whole units). */
  qtyDecimals: number;
  hasTerm: boolean;
  termMax: number;
}

type ModelKind = 'flat' | 'tiered' | 'volume' | 'block' | 'costPlus' | 'percentOf';

/** Strictly ascending integers in [1, max), `count` of them (fewer when the range is small). */
function ascending(count: number, max: number): fc.Arbitrary<number[]> {
  if (count === 0 || max <= 1) return fc.constant([]);
  return fc
    .uniqueArray(fc.integer({ min: 1, max: max - 1 }), { minLength: 0, maxLength: Math.min(count, max - 1) })
    .map((xs) => [...xs].sort((a, b) => a - b));
}

function tiersArb(qtyMax: number): fc.Arbitrary<PriceModel> {
  return fc.integer({ min: 1, max: 4 }).chain((n) =>
    ascending(n - 1, Math.max(2, qtyMax)).chain((bounds) =>
      fc
        .tuple(
          fc.array(fc.tuple(price(), fc.option(price(100), { nil: undefined })), { minLength: bounds.length + 1, maxLength: bounds.length + 1 }),
          fc.constantFrom<'tiered' | 'volume'>('tiered', 'volume'),
        )
        .map(([cells, model]) => ({
          model,
          tiers: cells.map(([unit, flat], i) => ({
            upTo: i < bounds.length ? String(bounds[i]) : null,
            unit,
            ...(flat !== undefined ? { flat } : {}),
          })),
        })),
    ),
  );
}

function blocksArb(qtyMax: number): fc.Arbitrary<PriceModel> {
  return fc.integer({ min: 1, max: 3 }).chain((n) =>
    // Bounds strictly below qtyMax: the last block ends at qtyMax, so the upTo values ascend.
    ascending(n - 1, qtyMax).chain((bounds) =>
      fc
        .array(price(100_000), { minLength: bounds.length + 1, maxLength: bounds.length + 1 })
        .map((prices) => ({
          model: 'block' as const,
          // The last block is large enough for every quantity the product allows.
          blocks: prices.map((p, i) => ({ upTo: i < bounds.length ? String(bounds[i]) : String(qtyMax), price: p })),
        })),
    ),
  );
}

function attributesArb(): fc.Arbitrary<Product['attributes']> {
  return fc.option(
    fc.integer({ min: 1, max: 2 }).chain((n) =>
      fc.tuple(
        ...Array.from({ length: n }, (_, a) =>
          fc
            .array(fc.option(price(200), { nil: undefined }), { minLength: 1, maxLength: 3 })
            .map((deltas) => ({
              id: `a${a}`,
              name: { en: `Attribute ${a}`, 'zh-CN': `属性${a}` },
              default: 'v0',
              values: deltas.map((d, v) => ({ id: `v${v}`, name: `Value ${v}`, ...(d !== undefined ? { priceDelta: d } : {}) })),
            })),
        ),
      ),
    ),
    { nil: undefined },
  );
}

function productArb(index: number, kind: ModelKind, skus: string[], taxCodes: string[]): fc.Arbitrary<ProductSpec> {
  const sku = `P${index}`;
  return fc
    .record({
      qtyKind: fc.constantFrom('int', 'int-nostep', 'frac'),
      qtyMax: fc.integer({ min: 1, max: 500 }),
      category: fc.option(fc.constantFrom(...CATEGORIES), { nil: undefined }),
      taxCode: fc.option(fc.constantFrom(...taxCodes), { nil: undefined }),
      cost: kind === 'costPlus' ? price(500).map((c) => c as string | undefined) : fc.option(price(500), { nil: undefined }),
      term: fc.option(fc.integer({ min: 1, max: 36 }), { nil: undefined }),
      attributes: kind === 'percentOf' ? fc.constant(undefined) : attributesArb(),
    })
    .chain((r) => {
      const qtyMin = r.qtyKind === 'frac' ? 0.01 : 1;
      const qtyMax = Math.max(r.qtyMax, 1);
      let model: fc.Arbitrary<PriceModel>;
      switch (kind) {
        case 'flat':
          model = price().map((list) => ({ model: 'flat' as const, list }));
          break;
        case 'tiered':
        case 'volume':
          model = tiersArb(qtyMax);
          break;
        case 'block':
          model = blocksArb(qtyMax);
          break;
        case 'costPlus':
          model = percent(100).map((markup) => ({ model: 'costPlus' as const, markup }));
          break;
        case 'percentOf':
          model = fc
            .tuple(percent(50), fc.subarray(skus, { minLength: 1 }))
            .map(([p, of]) => ({ model: 'percentOf' as const, percent: p, of: { skus: of } }));
          break;
      }
      return model.map((priceModel): ProductSpec => {
        const qty =
          r.qtyKind === 'int'
            ? { min: '1', max: String(qtyMax), step: '1', default: '1' }
            : r.qtyKind === 'int-nostep'
              ? { min: '1', max: String(qtyMax) }
              : { min: '0.01', max: String(qtyMax), default: '1' };
        const product: Product = {
          sku,
          name: { en: `Product ${index}`, 'zh-CN': `产品${index}` },
          ...(r.category ? { category: r.category } : {}),
          ...(r.taxCode ? { taxCode: r.taxCode } : {}),
          ...(r.cost !== undefined ? { cost: r.cost } : {}),
          qty,
          ...(r.term !== undefined ? { term: { unit: 'month' as const, min: '1', max: String(r.term), default: '1' } } : {}),
          price: priceModel,
          ...(r.attributes ? { attributes: r.attributes } : {}),
        };
        return { product, qtyMin, qtyMax, qtyDecimals: r.qtyKind === 'frac' ? 2 : 0, hasTerm: r.term !== undefined, termMax: r.term ?? 1 };
      });
    });
}

function lineRuleArb(id: string, skus: string[]): fc.Arbitrary<PriceRule> {
  return fc
    .record({
      appliesTo: fc.oneof(
        fc.constant(undefined),
        fc.subarray(skus, { minLength: 1 }).map((s) => ({ skus: s })),
        fc.subarray([...CATEGORIES], { minLength: 1 }).map((c) => ({ categories: c })),
      ),
      when: fc.option(fc.integer({ min: 1, max: 100 }).map((n) => ({ '>=': [{ var: 'line.qty' }, n] })), { nil: undefined }),
      action: fc.oneof(
        percent(100).map((v) => ({ percentOff: v })),
        price(50).map((v) => ({ amountOff: v })),
        percent(50).map((v) => ({ markup: v })),
        price(50).map((v) => ({ surcharge: v })),
      ),
      stackable: fc.boolean(),
      priority: fc.integer({ min: 0, max: 3 }),
    })
    .map((r) => ({
      id,
      name: { en: `Rule ${id}`, 'zh-CN': `规则${id}` },
      scope: 'line' as const,
      ...(r.appliesTo ? { appliesTo: r.appliesTo } : {}),
      ...(r.when ? { when: r.when } : {}),
      action: r.action,
      priority: r.priority,
      stackable: r.stackable,
    }));
}

function quoteRuleArb(): fc.Arbitrary<PriceRule> {
  return fc
    .record({
      when: fc.option(fc.integer({ min: 0, max: 5000 }).map((n) => ({ '>=': [{ var: 'quote.subtotal' }, n] })), { nil: undefined }),
      action: fc.oneof(
        percent(100).map((v) => ({ percentOff: v })),
        price(50).map((v) => ({ amountOff: v })),
        percent(20).map((v) => ({ markup: v })),
        price(50).map((v) => ({ surcharge: v })),
      ),
      stackable: fc.boolean(),
      priority: fc.integer({ min: 0, max: 3 }),
    })
    .map((r) => ({
      id: 'Q0',
      name: 'Quote rule',
      scope: 'quote' as const,
      ...(r.when ? { when: r.when } : {}),
      action: r.action,
      priority: r.priority,
      stackable: r.stackable,
    }));
}

export interface GeneratedCatalog {
  catalog: Catalog;
  specs: ProductSpec[];
  currency: TestCurrency;
  scale: number;
}

/** A valid catalog and what the quote generator needs to know about its products. */
export const catalogArb: fc.Arbitrary<GeneratedCatalog> = fc
  .record({
    currency: fc.constantFrom(...CURRENCIES),
    rounding: fc.constantFrom('half-up' as const, 'half-even' as const),
    taxMode: fc.constantFrom('exclusive' as const, 'inclusive' as const),
    rates: fc.array(fc.constantFrom(...TAX_RATES), { minLength: 1, maxLength: 3 }),
    kinds: fc.array(fc.constantFrom<ModelKind>('flat', 'tiered', 'volume', 'block', 'costPlus', 'percentOf'), { minLength: 1, maxLength: 6 }),
  })
  .chain(({ currency, rounding, taxMode, rates, kinds }) => {
    // The first product is never percentOf, so percentOf always has something to refer to.
    if (kinds[0] === 'percentOf') kinds[0] = 'flat';
    const taxes: Tax[] = rates.map((rate, i) => ({ code: `T${i}`, rate, name: { en: `Tax ${rate}%`, 'zh-CN': `税${rate}%` } }));
    const codes = taxes.map((t) => t.code);
    const plainSkus = kinds.flatMap((k, i) => (k === 'percentOf' ? [] : [`P${i}`]));
    const allSkus = kinds.map((_, i) => `P${i}`);
    return fc
      .record({
        specs: fc.tuple(...kinds.map((k, i) => productArb(i, k, plainSkus, codes))),
        lineRules: fc.integer({ min: 0, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => lineRuleArb(`R${i}`, allSkus)))),
        quoteRule: fc.option(quoteRuleArb(), { nil: undefined }),
      })
      .map(({ specs, lineRules, quoteRule }): GeneratedCatalog => {
        const priceRules: PriceRule[] = [...lineRules, ...(quoteRule ? [quoteRule] : [])];
        const catalog: Catalog = {
          id: 'prop-catalog',
          currency,
          locale: 'en',
          pricing: { rounding, taxMode },
          taxes,
          defaultTaxCode: 'T0',
          products: specs.map((s) => s.product),
          ...(priceRules.length ? { priceRules } : {}),
        };
        return { catalog, specs, currency, scale: SCALE[currency] };
      });
  });

/** A quantity inside the product's range, with the product's allowed decimals. */
function qtyArb(spec: ProductSpec): fc.Arbitrary<string> {
  const f = 10 ** spec.qtyDecimals;
  const lo = Math.round(spec.qtyMin * f);
  const hi = Math.round(spec.qtyMax * f);
  return fc
    .oneof(fc.integer({ min: lo, max: hi }), fc.integer({ min: lo, max: Math.min(hi, lo + 20 * f) }))
    .map((u) => formatUnits(BigInt(u), spec.qtyDecimals));
}

function lineArb(index: number, spec: ProductSpec): fc.Arbitrary<QuoteLine> {
  const attrs = spec.product.attributes ?? [];
  return fc
    .record({
      qty: qtyArb(spec),
      term: spec.hasTerm ? fc.option(fc.integer({ min: 1, max: spec.termMax }).map(String), { nil: undefined }) : fc.constant(undefined),
      attributes: attrs.length
        ? fc.option(fc.tuple(...attrs.map((a) => fc.option(fc.constantFrom(...a.values.map((v) => v.id)), { nil: undefined }))), { nil: undefined })
        : fc.constant(undefined),
      optional: fc.option(fc.boolean(), { nil: undefined, freq: 3 }),
      discount: fc.option(percent(100).map((p) => ({ percent: p })), { nil: undefined, freq: 2 }),
    })
    .map((r) => {
      const line: QuoteLine = { id: `L${index + 1}`, sku: spec.product.sku, qty: r.qty };
      if (r.term !== undefined) line.term = r.term;
      if (r.attributes) {
        const chosen: Record<string, string> = {};
        r.attributes.forEach((v, i) => {
          if (v !== undefined) chosen[attrs[i]!.id] = v;
        });
        line.attributes = chosen;
      }
      if (r.optional !== undefined) line.optional = r.optional;
      if (r.discount) line.discount = r.discount;
      return line;
    });
}

/** A valid quote against a generated catalog (1–maxLines lines, same currency). */
export function quoteArb(gen: GeneratedCatalog, maxLines = 30): fc.Arbitrary<Quote> {
  return fc
    .record({
      picks: fc.array(fc.integer({ min: 0, max: gen.specs.length - 1 }), { minLength: 1, maxLength: maxLines }),
      discount: fc.option(
        fc.oneof(
          percent(100).map((p) => ({ percent: p })),
          decimalString(0, 20, gen.scale).map((a) => ({ amount: a })),
        ),
        { nil: undefined },
      ),
    })
    .chain(({ picks, discount }) =>
      fc.tuple(...picks.map((p, i) => lineArb(i, gen.specs[p]!))).map((lines): Quote => ({
        id: 'Q-PROP-1',
        version: 1,
        date: '2026-11-28',
        currency: gen.currency,
        locale: 'en',
        customer: { id: 'C-1', segment: 'enterprise' },
        lines,
        ...(discount ? { discount } : {}),
      })),
    );
}

export interface Scenario extends GeneratedCatalog {
  quote: Quote;
}

/** A valid catalog and a valid quote against it. */
export const scenarioArb: fc.Arbitrary<Scenario> = catalogArb.chain((gen) => quoteArb(gen).map((quote) => ({ ...gen, quote })));
