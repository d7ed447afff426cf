import { Dec, ONE, ZERO } from '../core/decimal.js';
import type { Units } from '../core/money.js';
import { dict, isRecord, own } from '../core/object.js';
import { describe, parseDecimal } from '../core/parse.js';
import type { ConfigMessage, ConfigState, FeatureState, Issue, OptionState, PricedLine, SelectedOption, WaterfallStep } from '../types.js';
import { readPeriod, type Proration, type QuoteContract } from './period.js';
import { readContractFields } from './line-contract.js';
import { configureProduct } from '../rules/configure/configure-product.js';
import { readAttributes as readChosenAttributes } from '../rules/configure/tree.js';
import { message, phrase, productName } from './messages.js';
import { isTextLine, ownLineId } from './quote-text.js';
import type { ParsedModel } from '../catalog/models.js';
import type { PreparedBook, PreparedCatalog, PreparedOption, PreparedProduct } from '../rules/prepare-catalog.js';

/** Quantities above this are refused whatever the catalog allows: no real order has them. */
export const MAX_QTY = new Dec('1e12');
/** A quote with more lines than this is refused whole. */
export const MAX_LINES = 100_000;

/** One line being priced: a quote line or an option line of a bundle. */
export interface Work {
  id: string;
  parentId: string | null;
  parent: Work | null;
  sku: string;
  path: string;
  product: PreparedProduct | undefined;
  qty: Dec;
  termFactor: Dec;
  term: Dec | undefined;
  attributes: Record<string, string>;
  optional: boolean;
  group: string | undefined;
  included: boolean;
  /** Selected by a configuration rule (autoSelect). */
  auto: boolean;
  discount: unknown;
  /** The manual discount as applied (normalized), for the priced line. */
  applied: { percent: string } | { amount: string } | { unitPrice: string } | undefined;
  priceRuleChoice: string | undefined;
  /** True when the choice came from the parent line: it is used only where it resolves a tie. */
  choiceInherited: boolean;
  model: ParsedModel | undefined;
  /** Set when the line cannot be priced: its amounts are zero and the quote not orderable. */
  failed: boolean;
  listPre: Dec;
  amount: Dec;
  rounded: Dec;
  listRounded: Dec;
  /** The amount after steps 1–7, unless `adjusted` holds it. */
  final: Dec;
  /**
   * A memoized line's amount after this run's last quote adjustment that reached it, in minor
   * units (its Decimal made only where one is computed with: `finalDec`); undefined when no quote
   * adjustment reached the line in this run, `final` then being its amount.
   */
  adjusted: AdjustedAmount | undefined;
  appliedRule: string | undefined;
  /** Steps 1–6 (a memoized line's: frozen, shared by its copies). */
  waterfall: WaterfallStep[];
  /** This run's quote adjustments of the line (step 7); the priced line's waterfall is both, then tax. */
  later: readonly WaterfallStep[] | undefined;
  /** A line with a service period: the term is exactly num/den term units. */
  proration: Proration | undefined;
  /** An existing subscription on an amendment: priced, not charged. */
  locked: boolean;
  /** A decrease: the amount is negated after rounding. */
  credit: boolean;
  subscriptionId: string | undefined;
  repriced: boolean;
  /** The line's `period` as given, for its option lines. */
  periodRaw: unknown;
  /** An existing subscription's contracted net unit price (per term unit): no rules, no reconfiguration. */
  contracted: Dec | undefined;
  /** The figures of the line that quote adjustments leave alone, in a box its memoized copies share (finish.ts). */
  statics: StaticsBox | undefined;
}

/**
 * What a memoized line's copies share (see line-memo.ts): its figures that quote adjustments
 * leave alone, and the last figures derived from its amount — a one-line edit of a quote with a
 * quote discount moves few other lines' shares, so most lines come out of the adjustments with
 * the amount they had on the previous run. Each slot holds its input, checked before it is used:
 * the rest of what the figures read (the catalog, currency, rounding, the line's steps 1–6) is
 * fixed by the memo's key.
 */
export interface StaticsBox {
  value?: LineStatics;
  /** The line's amount before quote adjustments (the memo's own Dec) as `scaledInt` gives it, and in minor units. */
  scaled?: { of: Dec; value?: [bigint | number, number] | undefined };
  minor?: { of: Dec; units: Units };
  /** The amount after each quote adjustment (by its place among the quote's adjustments), as the last run left it. */
  adjustedBy?: AdjustedAmount[];
  /** Step 8's figures of the line for one final amount (finish.ts). */
  figures?: LineFigures;
  /** The priced line last made from `figures`, frozen, given again while its waterfall is the same (finish.ts). */
  line?: { figures: LineFigures; line: PricedLine; later: readonly WaterfallStep[] | undefined; tax: string; facts: object | undefined };
}

/**
 * A line's amount after a quote adjustment, from its minor units: its text and decimal (made when
 * first asked for: a quote discount gives 10,000 lines new amounts, whose figures are computed
 * from their minor units), the adjustment's waterfall step (frozen), and the line's adjustment
 * steps up to it (`later`, frozen; made from the list `before` it).
 */
export interface AdjustedAmount {
  units: Units;
  text: string;
  dec: Dec | undefined;
  step: WaterfallStep;
  later: readonly WaterfallStep[] | undefined;
  before: readonly WaterfallStep[] | undefined;
}

/** A line's figures derived from its final amount (finish.ts): the same amount gives the same figures. */
export interface LineFigures {
  /** The final amount; undefined when the figures were computed from its minor units (`units`) and no Decimal of it was made. */
  amount: Dec | undefined;
  /** The tax, net and total as Decimals; undefined when `netUnits` and `taxUnits` hold them (computed in integer units: finish.ts unitFigures). */
  tax: Dec | undefined;
  net: Dec | undefined;
  total: Dec | undefined;
  netUnitPrice: string;
  netAmount: string;
  taxText: string;
  totalText: string;
  discountPercent: string;
  margin: string | undefined;
  marginPercent: string | undefined;
  belowFloor: boolean;
  /** `net` and `tax` in minor units (for the sums of the totals), once the figures are used again (unitFigures: at once); undefined while not known. */
  netUnits: Units | undefined;
  taxUnits: Units | undefined;
  /** `amount` in minor units, when the figures were computed from them (unitFigures). */
  units: Units | undefined;
}

/** A line's static integers as Numbers (LineStatics.ints.safe): rate or factor over its power of ten, list, cost, the unit price's factors. */
export interface SafeUnits {
  /** The tax mode they were made for (the tax's numerator and denominator differ). */
  inclusive: boolean;
  /** Amounts up to this many minor units (either sign) are computed here. */
  max: number;
  list: number;
  cost: number | undefined;
  /** Tax = amount × `taxNum` / `taxDen`, rounded. */
  taxNum: number;
  taxDen: number;
  /** The net unit price = amount × `unitNum` / `unitDen`, rounded (undefined: no units charged). */
  unitNum: number | undefined;
  unitDen: number | undefined;
}

/** A line's figures that quote adjustments do not change. */
export interface LineStatics {
  taxCode: string; rate: Dec; factor: Dec; lineList: Dec; name: string; qty: string; listUnit: string; listAmount: string;
  taxRate: string; units: Dec | null; unit: string | undefined; term: string | undefined; lineCost: Dec | undefined; costText: string | undefined;
  /** `lineList` and `lineCost` as `scaledInt` gives them (for the sums of the totals), once the figures are used again. */
  scaled?: { list: [bigint | number, number] | undefined; cost: [bigint | number, number] | undefined };
  /** The list amount and cost in minor units, the rate and tax factor as integers over powers of ten (finish.ts unitFigures); false: not all of them fit. */
  ints?: {
    list: bigint; cost: bigint | undefined; rate: readonly [bigint, number]; factor: readonly [bigint, number];
    /** The units charged (qty × term) as an integer over a power of ten (undefined: none, or zero), and the net unit price's decimals. */
    units: [bigint, number] | undefined; places: number;
    /**
     * The same as Numbers, with the largest amount (in minor units, either sign) whose figures
     * stay within safe integers: unitFigures then computes without BigInt (finish.ts). Undefined
     * when no amount would.
     */
    safe: SafeUnits | undefined;
  } | false;
}

/** What reading a quote's lines needs from the rest of the pricing run. */
export interface LineContext {
  cat: PreparedCatalog;
  locale: string;
  book: PreparedBook | undefined;
  foreign: boolean;
  issues: Issue[];
  /** The quote facts configuration rules see. */
  quote: unknown;
  /** Told each configured line's state (PriceOptions.onConfigure). */
  onConfigure: ((lineId: string, state: ConfigState) => void) | undefined;
  /** The quote's kind and contract dates. */
  contract: QuoteContract;
  /** Prorations counted so far in this run, by policy and period. */
  prorations?: Map<string, Proration>;
}

export function issue(ctx: LineContext, severity: Issue['severity'], code: string, text: string, lineId: string | undefined, path: string): void {
  const entry: Issue = { severity, code, message: text, path };
  if (lineId !== undefined) entry.lineId = lineId;
  ctx.issues.push(entry);
}

/**
 * The attributes of a line whose product has none and that names none (most lines): one frozen
 * empty object, not an empty dictionary per line, kept with every memoized line. Nothing writes to
 * a work's attributes: a line with attributes gets its own object from the reader.
 */
const NO_ATTRIBUTES: Record<string, string> = Object.freeze(dict<string>());

function newWork(id: string, sku: string, path: string, parent: Work | null): Work {
  return {
    id, parentId: parent ? parent.id : null, parent, sku, path, product: undefined,
    qty: ZERO, termFactor: ONE, term: undefined, attributes: NO_ATTRIBUTES, optional: parent ? parent.optional : false,
    group: parent ? parent.group : undefined, included: false, auto: false, discount: undefined, applied: undefined, priceRuleChoice: parent ? parent.priceRuleChoice : undefined, choiceInherited: parent !== null,
    model: undefined, failed: false, listPre: ZERO, amount: ZERO, rounded: ZERO, listRounded: ZERO, final: ZERO, adjusted: undefined,
    appliedRule: undefined, waterfall: [], later: undefined,
    proration: undefined, locked: parent ? parent.locked : false, credit: parent ? parent.credit : false,
    subscriptionId: parent ? parent.subscriptionId : undefined, repriced: parent ? parent.repriced : false, periodRaw: undefined, contracted: undefined, statics: undefined,
  };
}

/** A line's id as priced, and what is wrong with it: missing (`#n` stands in) or a duplicate (`id#n`). */
export interface LineId {
  id: string;
  problem: 'missing' | 'duplicate' | undefined;
}

/**
 * Resolve line `i`'s id against the ids `seen` on the lines before it (and record it there).
 * A section or note line is not priced (quote-text.ts reads it), but its id is still taken:
 * for one, the duplicate is reported here and undefined returned.
 */
export function lineId(ctx: LineContext, raw: unknown, i: number, seen: Set<string>): LineId | undefined {
  const rawId = ownLineId(raw);
  if (isTextLine(raw)) {
    if (rawId !== undefined) {
      if (seen.has(rawId)) issue(ctx, 'error', 'duplicate-line-id', message(ctx.locale, 'duplicate-line-id', { line: rawId }), rawId, `lines[${i}].id`);
      seen.add(rawId);
    }
    return undefined;
  }
  const id = rawId ?? `#${i + 1}`;
  if (!isRecord(raw)) return { id, problem: undefined };
  const problem = id !== rawId ? 'missing' : seen.has(id) ? 'duplicate' : undefined;
  const priced = problem === 'duplicate' ? `${id}#${i + 1}` : id;
  seen.add(priced);
  return { id: priced, problem };
}

/**
 * Read quote line `i` into work items (the line, then its option lines), checking everything
 * a line says: SKU, quantity, term, attributes, options (as child lines) and which price
 * model applies. Problems become issues; a line that cannot be priced is kept, marked `failed`.
 */
export function readLine(ctx: LineContext, raw: unknown, i: number, { id, problem }: LineId, works: Work[]): void {
  const { locale } = ctx;
  const path = `lines[${i}]`;
  if (!isRecord(raw)) {
    issue(ctx, 'error', 'invalid-line', message(locale, 'invalid-line', { line: id, what: phrase(locale, `must be an object, got ${describe(raw)}`, `必须是对象，实际为 ${describe(raw)}`) }), id, path);
    const w = newWork(id, '', path, null);
    w.failed = true;
    works.push(w);
    return;
  }
  if (problem === 'missing') {
    issue(ctx, 'error', 'invalid-line', message(locale, 'invalid-line', { line: id, what: phrase(locale, 'has no id (a non-empty string)', '缺少行号（非空字符串）') }), id, `${path}.id`);
  } else if (problem === 'duplicate') {
    issue(ctx, 'error', 'duplicate-line-id', message(locale, 'duplicate-line-id', { line: own(raw, 'id') as string }), id, `${path}.id`);
  }
  const sku = own(raw, 'sku');
  const w = newWork(id, typeof sku === 'string' ? sku : '', path, null);
  works.push(w);
  w.optional = own(raw, 'optional') === true;
  const group = own(raw, 'group');
  w.group = typeof group === 'string' ? group : undefined;
  w.discount = own(raw, 'discount');
  const choice = own(raw, 'priceRule');
  w.priceRuleChoice = typeof choice === 'string' ? choice : undefined;
  const product = typeof sku === 'string' ? ctx.cat.products.get(sku) : undefined;
  if (!product) {
    issue(ctx, 'error', 'unknown-sku', message(locale, 'unknown-sku', { line: id, sku: typeof sku === 'string' ? sku : describe(sku) }), id, `${path}.sku`);
    readQty(ctx, w, own(raw, 'qty'), undefined, undefined);
    w.failed = true;
    return;
  }
  w.product = product;
  readQty(ctx, w, own(raw, 'qty'), product.qty.default, product);
  readTerm(ctx, w, own(raw, 'term'), product);
  readContractFields(ctx, w, raw);
  readAttributes(ctx, w, own(raw, 'attributes'), product);
  w.model = resolveModel(ctx, w, product, undefined);
  // A subscription kept at its contracted price keeps its configuration as it was sold: its
  // options are data on the line, already inside the contracted unit price.
  if (w.contracted === undefined) readOptions(ctx, w, raw, product, works);
}

function readQty(ctx: LineContext, w: Work, raw: unknown, fallback: Dec | undefined, product: PreparedProduct | undefined): void {
  const { locale } = ctx;
  const path = `${w.path}.qty`;
  if (raw === undefined) {
    w.qty = fallback ?? ONE;
    return;
  }
  const r = parseDecimal(raw);
  if (!r.ok || !r.value.gt(0)) {
    const what = r.ok ? phrase(locale, `must be greater than zero, got ${describe(raw)}`, `必须大于零，实际为 ${describe(raw)}`) : r.message;
    issue(ctx, 'error', 'invalid-quantity', message(locale, 'invalid-quantity', { line: w.id, what }), w.id, path);
    w.failed = true;
    return;
  }
  const q = r.value;
  w.qty = q;
  const { min, max, step } = product?.qty ?? {};
  const hardMax = max && max.lt(MAX_QTY) ? max : MAX_QTY;
  if ((min && q.lt(min)) || q.gt(hardMax)) {
    const range = `${min ? min.toString() : '0'}–${hardMax.toString()}`;
    issue(ctx, 'error', 'qty-out-of-range', message(locale, 'qty-out-of-range', { line: w.id, qty: q.toString(), range }), w.id, path);
    w.failed = q.gt(MAX_QTY);
    return;
  }
  if (step && !q.minus(min ?? ZERO).mod(step).isZero()) {
    const what = phrase(locale, `${q.toString()} is not a multiple of the step ${step.toString()}`, `${q.toString()} 不是步长 ${step.toString()} 的整数倍`);
    issue(ctx, 'error', 'invalid-quantity', message(locale, 'invalid-quantity', { line: w.id, what }), w.id, path);
  }
}

function readTerm(ctx: LineContext, w: Work, raw: unknown, product: PreparedProduct): void {
  const { locale } = ctx;
  const spec = product.term;
  if (!spec) {
    if (raw !== undefined && w.parent === null) {
      issue(ctx, 'warning', 'term-ignored', message(locale, 'term-ignored', { product: productName(ctx, product) }), w.id, `${w.path}.term`);
    }
    return;
  }
  const fallback = spec.default ?? spec.min ?? ONE;
  let term = fallback;
  if (w.parent !== null) {
    term = w.parent.term ?? fallback;
  } else if (raw !== undefined) {
    const r = parseDecimal(raw);
    const bad = !r.ok
      ? r.message
      : !r.value.gt(0)
        ? phrase(locale, `must be greater than zero, got ${describe(raw)}`, `必须大于零，实际为 ${describe(raw)}`)
        : (spec.min && r.value.lt(spec.min)) || (spec.max && r.value.gt(spec.max))
          ? phrase(locale, `${r.value.toString()} is outside ${spec.min?.toString() ?? '0'}–${spec.max?.toString() ?? '∞'} ${spec.unit}s`, `${r.value.toString()} 超出范围 ${spec.min?.toString() ?? '0'}–${spec.max?.toString() ?? '∞'}`)
          : undefined;
    if (bad === undefined && r.ok) term = r.value;
    else issue(ctx, 'error', 'invalid-term', message(locale, 'invalid-term', { line: w.id, what: bad ?? '' }), w.id, `${w.path}.term`);
  }
  w.term = term;
  w.termFactor = term;
}

/** Attributes are read by the configuration engine's reader; its errors become line issues. */
function readAttributes(ctx: LineContext, w: Work, raw: unknown, product: PreparedProduct): void {
  if (raw === undefined && product.attributes.size === 0) return;
  const errors: ConfigMessage[] = [];
  w.attributes = readChosenAttributes({ cat: ctx.cat, locale: ctx.locale, errors }, product, raw);
  for (const e of errors) {
    issue(ctx, 'error', 'invalid-attribute', message(ctx.locale, 'invalid-attribute', { line: w.id, what: e.message }), w.id, `${w.path}.${e.path ?? 'attributes'}`);
  }
}

/** Step 1's source of price: the quote's price book, else the bundle's override, else the product. */
function resolveModel(ctx: LineContext, w: Work, product: PreparedProduct, option: PreparedOption | undefined): ParsedModel | undefined {
  const fromBook = ctx.book?.entries.get(product.sku);
  if (fromBook) return fromBook;
  const where =
    ctx.book && !ctx.book.fallback
      ? phrase(ctx.locale, `in price book ${ctx.book.id}, which has no fallback`, `价格表 ${ctx.book.id} 中没有该产品，且不回退到目录价`)
      : ctx.foreign
        ? phrase(ctx.locale, `in the quote's currency; the catalog's own prices are in ${ctx.cat.currency}`, `报价币种下没有价格；目录价为 ${ctx.cat.currency}`)
        : undefined;
  if (where) {
    issue(ctx, 'error', 'missing-price', message(ctx.locale, 'missing-price', { product: productName(ctx, product), where }), w.id, `${w.path}.sku`);
    w.failed = true;
    return undefined;
  }
  return option?.price ?? product.price;
}

/**
 * Options of a bundle become child lines (and their options grandchildren): the line is
 * configured with the configuration engine, whose errors become `config-invalid` issues and
 * warnings `config-warning` issues. Quantity, term and attribute problems are reported by
 * pricing itself, once.
 */
function readOptions(ctx: LineContext, parent: Work, raw: Record<string, unknown>, product: PreparedProduct, works: Work[]): void {
  if (!product.configurable) {
    const options = own(raw, 'options');
    if (Array.isArray(options) && options.length > 0) {
      const what = phrase(ctx.locale, `${product.sku} has no options to choose`, `${product.sku} 没有可选配置项`);
      issue(ctx, 'error', 'config-invalid', message(ctx.locale, 'config-invalid', { line: parent.id, what }), parent.id, `${parent.path}.options`);
    }
    return;
  }
  const selection = { qty: own(raw, 'qty'), term: own(raw, 'term'), attributes: own(raw, 'attributes'), options: own(raw, 'options') };
  const state = configureProduct(ctx.cat, product, selection, { locale: ctx.locale, quote: ctx.quote });
  ctx.onConfigure?.(parent.id, state);
  for (const m of [...state.errors, ...state.warnings]) {
    if (m.attributeId !== undefined || m.path === 'qty' || m.path === 'term' || m.path?.startsWith('attributes')) continue;
    const error = m.severity === 'error';
    const entry: Issue = {
      severity: m.severity, code: error ? 'config-invalid' : 'config-warning', lineId: parent.id,
      message: message(ctx.locale, 'config-invalid', { line: parent.id, what: m.message }),
      path: m.path ? `${parent.path}.${m.path}` : parent.path,
    };
    if (m.ruleId) entry.ruleIds = [m.ruleId];
    ctx.issues.push(entry);
  }
  addChildren(ctx, parent, product, state.features, state.selection.options, works);
}

/**
 * A percent discount on a configured line is meant for the whole configured product, so its
 * option lines take it too; an amount per unit or a unit price belongs to the line alone.
 */
function inheritedDiscount(discount: unknown): unknown {
  const keys = isRecord(discount) ? Object.keys(discount) : [];
  if (keys.length !== 1 || keys[0] !== 'percent') return undefined;
  const p = parseDecimal(own(discount, 'percent'));
  return p.ok && !p.value.isNegative() && p.value.lte(100) ? discount : undefined;
}

function addChildren(ctx: LineContext, parent: Work, bundle: PreparedProduct, features: FeatureState[], chosen: SelectedOption[], works: Work[]): void {
  const states = new Map<string, OptionState>();
  for (const f of features) for (const o of f.options) states.set(o.sku, o);
  for (const entry of chosen) {
    const state = states.get(entry.sku);
    const option = bundle.options.get(entry.sku);
    const childProduct = ctx.cat.products.get(entry.sku);
    if (!state || !option || !childProduct) continue;
    const child = newWork(`${parent.id}/${entry.sku}`, entry.sku, parent.path, parent);
    works.push(child);
    child.product = childProduct;
    child.included = option.included;
    child.auto = state.auto !== undefined;
    child.qty = new Dec(state.lineQty);
    child.discount = inheritedDiscount(parent.discount);
    if (typeof entry.priceRule === 'string') {
      child.priceRuleChoice = entry.priceRule;
      child.choiceInherited = false;
    }
    readTerm(ctx, child, undefined, childProduct);
    if (parent.periodRaw !== undefined && childProduct.term) readPeriod(ctx, child, parent.periodRaw);
    child.periodRaw = parent.periodRaw;
    readAttributes(ctx, child, undefined, childProduct);
    child.model = child.included ? undefined : resolveModel(ctx, child, childProduct, option);
    if (state.features && entry.options) addChildren(ctx, child, childProduct, state.features, entry.options, works);
  }
}

