import { compact, Dec, HUNDRED, ZERO } from '../core/decimal.js';
import { atLeast, divRound, divRoundText, ExactSum, fixed, fromScaled, pow10n, roundQuotient, roundQuotientSafe, roundTo, safeUnitsText, scaledInt, scaledUnits, toUnits, unitsAt, unitsText } from '../core/money.js';
import { isRecord, own, settle } from '../core/object.js';
import { localize } from '../core/text.js';
import { freezeProration } from './period.js';
import type { Approval, CostedMargin, LineProration, PriceOptions, PricedLine, PricedQuote, QuoteAdjustment, TaxSummary, Totals, WaterfallStep } from '../types.js';
import type { AdjustedAmount, LineFigures, LineStatics, SafeUnits, Work } from './lines.js';
import { label, message } from './messages.js';
import type { StepContext } from './steps.js';

/** Unit prices are informative: the currency's decimals, or more (up to 6) when exactness needs them. */
const UNIT_PRICE_MAX_DECIMALS = 6;

/** The list unit price: exact when it has at most 6 decimals (flat prices always do). */
function unitPrice(amount: Dec, qty: Dec, scale: number, ctx: StepContext): string {
  if (qty.isZero()) return fixed(ZERO, scale);
  const max = Math.max(scale, UNIT_PRICE_MAX_DECIMALS);
  return divRoundText(amount, qty, max, ctx.mode, scale);
}

/** The charged unit price, to the currency's decimals or as many as the list unit price has. */
function netUnitPrice(amount: Dec, units: Dec | null, listUnit: string, scale: number, ctx: StepContext): string {
  const places = unitPricePlaces(listUnit, scale);
  return units ? divRoundText(amount, units, places, ctx.mode) : fixed(ZERO, places);
}

/** The charged unit price's decimals: the currency's, or as many as the list unit price has. */
function unitPricePlaces(listUnit: string, scale: number): number {
  const dot = listUnit.indexOf('.');
  return Math.max(scale, dot < 0 ? 0 : listUnit.length - dot - 1);
}

function percent(part: Dec, whole: Dec, ctx: StepContext): string {
  if (whole.isZero() || part.isZero()) return '0.00';
  return divRoundText(part, whole, 2, ctx.mode, 2, 2);
}

/** Split a gross amount into tax and net so that net + tax equals it exactly (含税). */
function taxOfGross(gross: Dec, rate: Dec, ctx: StepContext): Dec {
  return roundTo(gross.times(rate).div(rate.plus(HUNDRED)), ctx.scale, ctx.mode);
}

/**
 * A line's figures that the quote adjustments do not change. A memoized line (see
 * line-memo.ts) carries a box shared by its copies, so they are computed once per line.
 */
function lineStatics(ctx: StepContext, w: Work, inclusive: boolean): LineStatics {
  const known = w.statics?.value;
  if (known) {
    // Used again: its sums in integer units from now on.
    known.scaled ??= { list: scaledUnits(known.lineList), cost: known.lineCost && scaledUnits(known.lineCost) };
    return known;
  }
  const { cat, scale, locale } = ctx;
  const product = w.product;
  const taxCode = product?.taxCode ?? cat.defaultTaxCode ?? '';
  const taxEntry = cat.taxes.get(taxCode);
  const rate = taxEntry?.rate ?? ZERO;
  const listBasis = w.failed ? ZERO : w.listRounded;
  const lineList = inclusive ? listBasis.minus(taxOfGross(listBasis, rate, ctx)) : listBasis;
  // Units charged: qty × term (prorated: qty × num, the amount being scaled by den instead).
  const prorated = w.proration && w.model?.model !== 'percentOf' ? w.proration : undefined;
  const sign = w.credit ? -1 : 1;
  const st: LineStatics = {
    taxCode, rate, factor: taxEntry?.factor ?? ZERO, lineList,
    name: product ? localize(product.name, locale, cat.locale) : w.sku,
    qty: w.qty.toString(),
    listUnit: unitPrice(w.listPre, w.qty, scale, ctx),
    listAmount: fixed(lineList, scale),
    taxRate: rate.toString(),
    units: w.qty.isZero() ? null : compact(w.qty.times(prorated ? prorated.num : w.model?.model === 'percentOf' ? 1 : w.termFactor).times(sign)),
    unit: product?.unit !== undefined ? localize(product.unit, locale, cat.locale) : undefined,
    term: w.term && !w.proration ? w.term.toString() : undefined,
    lineCost: undefined,
    costText: undefined,
    scaled: undefined,
    ints: undefined,
  };
  if (product?.cost && !ctx.foreign) {
    const costUnits = product.cost.times(w.qty).times(sign);
    st.lineCost = prorated ? divRound(costUnits.times(prorated.num), prorated.den, scale, ctx.mode) : roundTo(costUnits.times(w.term ? w.termFactor : 1), scale, ctx.mode);
    st.costText = fixed(st.lineCost, scale);
  }
  if (w.statics) w.statics.value = st;
  return st;
}

/**
 * A line's final amount as a Decimal: `amount`, or else the quote adjustment's (`adjusted`), made
 * from its minor units the first time one is asked for, and kept with them (at its length).
 */
function finalDec(amount: Dec | undefined, adjusted: AdjustedAmount | undefined, scale: number): Dec {
  return amount ?? (adjusted!.dec ??= compact(fromScaled(adjusted!.units, scale)));
}

/** The amount a line charges for its units (a prorated line's scaled by the period's denominator): what its net unit price divides. */
function chargedAmount(w: Work, amount: Dec | undefined, adjusted: AdjustedAmount | undefined, scale: number): Dec {
  const final = finalDec(amount, adjusted, scale);
  const prorated = w.proration && w.model?.model !== 'percentOf' ? w.proration : undefined;
  return prorated ? final.times(prorated.den) : final;
}

/**
 * Step 8's figures of a line for its final amount — `w.final`, or the quote adjustment's
 * (`w.adjusted`, in minor units) —: tax, net, total and their texts, the net unit price, discount
 * and margin. A memoized line keeps the last ones in its box (lines.ts), used again while its
 * final amount is the same.
 */
function lineFigures(ctx: StepContext, w: Work, st: LineStatics, inclusive: boolean): LineFigures {
  const box = w.failed ? undefined : w.statics;
  const known = box?.figures;
  // An amount the quote adjustments wrote from minor units is compared in them, not as a Decimal.
  const adjusted = w.failed ? undefined : w.adjusted;
  const amount = w.failed ? ZERO : adjusted ? undefined : w.final;
  const same = known !== undefined && (adjusted
    ? (known.units !== undefined ? known.units === adjusted.units : known.amount!.eq(finalDec(undefined, adjusted, ctx.scale)))
    : known.amount === amount || (known.amount ?? fromScaled(known.units!, ctx.scale)).eq(amount!));
  if (same) {
    if (known.netUnits === undefined && known.net && known.tax) {
      const net = unitsAt(known.net, ctx.scale), tax = unitsAt(known.tax, ctx.scale);
      if (net !== undefined && tax !== undefined) {
        known.netUnits = toUnits(net);
        known.taxUnits = toUnits(tax);
      }
    }
    return known;
  }
  const { scale } = ctx;
  const { rate, lineList } = st;
  const listBasis = w.failed ? ZERO : w.listRounded;
  const prorated = w.proration && w.model?.model !== 'percentOf' ? w.proration : undefined;
  const units = st.units;
  const product = w.product;
  const lineCost = st.lineCost;
  // Floor prices compare the amount actually charged with floor × units, exactly.
  const belowFloor = !w.failed && !w.included && !w.credit && !!product?.floorPrice && !!units && !ctx.foreign && chargedAmount(w, amount, adjusted, scale).lt(product.floorPrice.times(units));
  // An amount the quote adjustments wrote from its minor units: the figures in integer units.
  const exact = adjusted !== undefined ? unitFigures(ctx, w, st, adjusted, inclusive, prorated !== undefined, belowFloor) : undefined;
  if (exact) {
    box!.figures = exact;
    return exact;
  }
  const final = finalDec(amount, adjusted, scale);
  const charged = chargedAmount(w, final, undefined, scale);
  let lineTax: Dec, lineNet: Dec, lineTotal: Dec;
  if (inclusive) {
    lineTax = taxOfGross(final, rate, ctx);
    lineNet = final.minus(lineTax);
    lineTotal = final;
  } else {
    lineTax = roundTo(final.times(st.factor), scale, ctx.mode);
    lineNet = final;
    lineTotal = final.plus(lineTax);
  }
  const figures: LineFigures = {
    amount: final, tax: lineTax, net: lineNet, total: lineTotal,
    netUnitPrice: netUnitPrice(charged, units, st.listUnit, scale, ctx),
    netAmount: fixed(lineNet, scale),
    taxText: fixed(lineTax, scale),
    totalText: fixed(lineTotal, scale),
    discountPercent: percent(listBasis.minus(final), listBasis, ctx),
    margin: lineCost ? fixed(lineNet.minus(lineCost), scale) : undefined,
    marginPercent: lineCost && !lineNet.isZero() ? percent(lineNet.minus(lineCost), lineNet, ctx) : undefined,
    belowFloor,
    netUnits: undefined,
    taxUnits: undefined,
    units: undefined,
  };
  if (box) box.figures = figures;
  return figures;
}

/** `percent` of two counts of the same units: `part / whole` in percent, two decimals. */
function unitPercent(part: bigint, whole: bigint, ctx: StepContext): string {
  if (whole === 0n || part === 0n) return '0.00';
  return unitsText(roundQuotient(part * 10_000n, whole, ctx.mode), 2);
}

/**
 * Step 8's figures of a line whose final amount is `u` minor units, computed in BigInt: the
 * values lineFigures computes in Decimals (tax rounded once with the quote's mode, net, total,
 * discount and margin with their percentages), written by `unitsText` as `fixed` writes them —
 * a quote discount gives every line a new amount, and this is several times cheaper per line.
 * Undefined when a figure it reads has more decimals than the currency (then the Decimals do it).
 * test/pricing-units.test.ts holds the two equal.
 */
function unitFigures(ctx: StepContext, w: Work, st: LineStatics, adjusted: AdjustedAmount, inclusive: boolean, prorated: boolean, belowFloor: boolean): LineFigures | undefined {
  const { scale, mode } = ctx;
  const ints = (st.ints ??= staticUnits(st, w, scale, inclusive));
  if (!ints) return undefined;
  const u = adjusted.units;
  // The amount as a Decimal where one was made already (none is made for the figures).
  const amount = adjusted.dec;
  // Most amounts: the same steps on Numbers (safe integers all through), no BigInt made.
  const safe = ints.safe;
  if (safe !== undefined && safe.inclusive === inclusive) {
    const n = Number(u);
    if (n <= safe.max && n >= -safe.max) return safeFigures(ctx, w, st, safe, ints.places, adjusted, n, inclusive, prorated, belowFloor);
  }
  const [rv, rd] = inclusive ? ints.rate : ints.factor;
  const big = typeof u === 'bigint' ? u : BigInt(u);
  // 含税: tax = gross × rate / (rate + 100); else amount × rate / 100 (the factor).
  const tax = inclusive ? roundQuotient(big * rv, rv + 100n * pow10n(rd), mode) : roundQuotient(big * rv, pow10n(rd), mode);
  const net = inclusive ? big - tax : big;
  const total = inclusive ? big : big + tax;
  const cost = ints.cost;
  // The charged unit price (netUnitPrice): the amount over the units, to the list unit price's decimals.
  const per = ints.units;
  // The Decimal path's object, field for field and in its order (one shape for both).
  return {
    amount, tax: undefined, net: undefined, total: undefined,
    netUnitPrice: prorated || !per
      ? netUnitPrice(chargedAmount(w, undefined, adjusted, scale), st.units, st.listUnit, scale, ctx)
      : unitsText(roundQuotient(big * pow10n(per[1] + ints.places), per[0] * pow10n(scale), mode), ints.places),
    netAmount: unitsText(net, scale),
    taxText: unitsText(tax, scale),
    totalText: unitsText(total, scale),
    discountPercent: unitPercent(ints.list - big, ints.list, ctx),
    margin: cost === undefined ? undefined : unitsText(net - cost, scale),
    marginPercent: cost === undefined || net === 0n ? undefined : unitPercent(net - cost, net, ctx),
    belowFloor,
    netUnits: toUnits(net),
    taxUnits: toUnits(tax),
    units: u,
  };
}

/** A line's list amount, cost, rate and tax factor as integers (false: one has more decimals than the currency, or an exponent). */
function staticUnits(st: LineStatics, w: Work, scale: number, inclusive: boolean): LineStatics['ints'] {
  const list = unitsAt(w.listRounded, scale);
  const cost = st.lineCost ? unitsAt(st.lineCost, scale) : undefined;
  const rate = catalogScaled(st.rate);
  const factor = catalogScaled(st.factor);
  if (list === undefined || (st.lineCost && cost === undefined) || !rate || !factor) return false;
  const per = st.units ? scaledInt(st.units) : undefined;
  const ints = { list, cost, rate, factor, units: per && per[0] !== 0n ? per : undefined, places: unitPricePlaces(st.listUnit, scale), safe: undefined as SafeUnits | undefined };
  ints.safe = safeUnits(ints, scale, inclusive);
  return ints;
}

const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * `ints` as Numbers for `unitFigures`' steps, with the largest amount whose every step stays a safe
 * integer: amount × the tax's numerator and × the unit price's, (list − amount) × 10,000 and
 * (net − cost) × 10,000 (the percentages), the tax at most `k` times the amount. Undefined when a
 * static integer is not safe or no amount would be.
 */
function safeUnits(ints: Exclude<LineStatics['ints'], false | undefined>, scale: number, inclusive: boolean): SafeUnits | undefined {
  const [rv, rd] = inclusive ? ints.rate : ints.factor;
  const taxNum = Number(rv);
  const taxDen = Number(inclusive ? rv + 100n * pow10n(rd) : pow10n(rd));
  const list = Number(ints.list);
  const cost = ints.cost === undefined ? undefined : Number(ints.cost);
  const per = ints.units;
  let unitNum = per ? Number(pow10n(per[1] + ints.places)) : undefined;
  let unitDen = per ? Number(per[0] * pow10n(scale)) : undefined;
  if (unitNum !== undefined && unitDen! < 0) {
    // A credit's units are negative: the sign moves to the numerator (roundQuotient does the same).
    unitNum = -unitNum;
    unitDen = -unitDen!;
  }
  const whole = [taxNum, taxDen, list, cost ?? 0, unitNum ?? 0, unitDen ?? 1];
  if (!whole.every(Number.isSafeInteger) || taxNum < 0 || taxDen <= 0) return undefined;
  // The tax is at most k × the amount; the net and total at most (k + 1) ×.
  const k = Math.ceil(taxNum / taxDen) + 1;
  const bound = Math.min(
    taxNum > 0 ? SAFE / taxNum : SAFE,
    unitNum ? SAFE / Math.abs(unitNum) : SAFE,
    SAFE / 10_000 - Math.abs(list),
    (SAFE / 10_000 - Math.abs(cost ?? 0)) / (k + 1),
  );
  // One below the floor: a quotient of doubles may round up past the integer.
  const max = Math.floor(bound) - 1;
  return max >= 1 ? { inclusive, max, list, cost, taxNum, taxDen, unitNum, unitDen } : undefined;
}

/** `unitPercent` of safe integers. */
function safePercent(part: number, whole: number, ctx: StepContext): string {
  if (whole === 0 || part === 0) return '0.00';
  return whole < 0 ? safeUnitsText(roundQuotientSafe(-part * 10_000, -whole, ctx.mode), 2) : safeUnitsText(roundQuotientSafe(part * 10_000, whole, ctx.mode), 2);
}

/** `unitFigures` for an amount of `n` minor units (`u` as a Number, within `safe.max`): the same figures, computed on Numbers. */
function safeFigures(ctx: StepContext, w: Work, st: LineStatics, safe: SafeUnits, places: number, adjusted: AdjustedAmount, n: number, inclusive: boolean, prorated: boolean, belowFloor: boolean): LineFigures {
  const { scale, mode } = ctx;
  const tax = roundQuotientSafe(n * safe.taxNum, safe.taxDen, mode);
  const net = inclusive ? n - tax : n;
  const total = inclusive ? n : n + tax;
  const cost = safe.cost;
  return {
    amount: adjusted.dec, tax: undefined, net: undefined, total: undefined,
    netUnitPrice: prorated || safe.unitNum === undefined
      ? netUnitPrice(chargedAmount(w, undefined, adjusted, scale), st.units, st.listUnit, scale, ctx)
      : safeUnitsText(roundQuotientSafe(n * safe.unitNum, safe.unitDen!, mode), places),
    netAmount: safeUnitsText(net, scale),
    taxText: safeUnitsText(tax, scale),
    totalText: safeUnitsText(total, scale),
    discountPercent: safePercent(safe.list - n, safe.list, ctx),
    margin: cost === undefined ? undefined : safeUnitsText(net - cost, scale),
    marginPercent: cost === undefined || net === 0 ? undefined : safePercent(net - cost, net, ctx),
    belowFloor,
    netUnits: net,
    taxUnits: tax,
    units: adjusted.units,
  };
}

/** `scaledInt` of a catalog's own decimals (a tax's rate and factor), made once for every line that has them: frozen, shared. */
const catalogScaledInts = new WeakMap<Dec, readonly [bigint, number] | false>();
function catalogScaled(d: Dec): readonly [bigint, number] | undefined {
  let v = catalogScaledInts.get(d);
  if (v === undefined) catalogScaledInts.set(d, (v = Object.freeze(scaledInt(d)) ?? false));
  return v || undefined;
}

/** The priced line of a work (step 8's figures `f` for its final amount). */
function pricedLine(w: Work, st: LineStatics, f: LineFigures, taxCode: string, waterfall: WaterfallStep[]): PricedLine {
  const product = w.product;
  const line: PricedLine = {
    id: w.id,
    parentId: w.parentId,
    sku: w.sku,
    name: st.name,
    qty: st.qty,
    listUnitPrice: st.listUnit,
    netUnitPrice: f.netUnitPrice,
    listAmount: st.listAmount,
    netAmount: f.netAmount,
    taxCode,
    taxRate: st.taxRate,
    tax: f.taxText,
    total: f.totalText,
    discountPercent: f.discountPercent,
    optional: w.optional,
    waterfall,
  };
  if (product?.category !== undefined) line.category = product.category;
  if (st.unit !== undefined) line.unit = st.unit;
  // A prorated line's term is its `proration.factor` (exact); a rounded decimal of it would not be.
  if (st.term !== undefined) line.term = st.term;
  if (product && product.attributes.size > 0) line.attributes = { ...w.attributes };
  if (w.group !== undefined) line.group = w.group;
  if (w.included) line.included = true;
  if (w.auto) line.auto = true;
  if (w.appliedRule) line.priceRule = w.appliedRule;
  if (w.applied && !w.failed && !w.included) line.discount = w.applied;
  if (w.proration) line.proration = w.proration.info;
  if (w.locked) line.locked = true;
  if (w.credit) line.credit = true;
  if (w.subscriptionId !== undefined) line.subscriptionId = w.subscriptionId;
  if (w.repriced) line.repriced = true;

  if (st.lineCost) {
    line.cost = st.costText!;
    line.margin = f.margin!;
    if (f.marginPercent !== undefined) line.marginPercent = f.marginPercent;
  }
  return line;
}

/** A line's steps 1–6, its quote adjustments' and its tax step, in one list made at its length (no spreads: every line of a quote discount). */
function stepsOf(memo: readonly WaterfallStep[], later: readonly WaterfallStep[] | undefined, tax: WaterfallStep): WaterfallStep[] {
  const n = memo.length, m = later ? later.length : 0;
  const steps = new Array<WaterfallStep>(n + m + 1);
  for (let j = 0; j < n; j++) steps[j] = memo[j]!;
  for (let j = 0; j < m; j++) steps[n + j] = later![j]!;
  steps[n + m] = tax;
  return steps;
}

/**
 * Whether a kept priced line's waterfall is this run's: the memo's steps (the same frozen
 * objects), the quote adjustments' steps (`w.later`) and the tax step (`tax`, `total`).
 */
function sameSteps(kept: readonly WaterfallStep[], w: Work, tax: string, total: string): boolean {
  const memo = w.waterfall, later = w.later;
  const n = memo.length, m = later ? later.length : 0;
  if (kept.length !== n + m + 1) return false;
  for (let j = 0; j < n; j++) if (kept[j] !== memo[j]) return false;
  for (let j = 0; j < m; j++) {
    const a = kept[n + j]!, b = later![j]!;
    if (a !== b && (a.step !== b.step || a.label !== b.label || a.amount !== b.amount || a.ruleId !== b.ruleId)) return false;
  }
  const last = kept[n + m]!;
  return last.label === tax && last.amount === total;
}

/**
 * Freeze the priced lines once the run has written them whole (quote-text.ts adds descriptions):
 * a priced quote's lines are read-only — a memoized line's priced line is given again by later
 * runs while its figures and waterfall are the same (finish), and frozen for every line, a write
 * fails the same way on the first pricing as on the tenth. Lines given again are frozen already.
 */
export function freezeLines(lines: readonly object[], settled = true): void {
  for (const line of lines) {
    if (Object.isFrozen(line)) continue;
    const { waterfall, attributes, discount, proration } = line as Partial<PricedLine>;
    // A frozen waterfall was frozen with its steps (finish).
    if (waterfall && !Object.isFrozen(waterfall)) {
      for (const step of waterfall) Object.freeze(step);
      Object.freeze(waterfall);
    }
    if (attributes) Object.freeze(attributes);
    if (discount) Object.freeze(discount);
    if (proration && !Object.isFrozen(proration)) freezeProration(proration);
    Object.freeze(line);
    // Made here, of plain data, and frozen whole: texts written from it can be kept for it.
    if (settled) settle(line);
  }
}

/** A counted line as approval rules see it: numbers for comparison (frozen: a kept line's are given again). */
function approvalFacts(w: Work, line: PricedLine): object {
  return Object.freeze({
    sku: w.sku, qty: w.qty.toNumber(), discountPercent: Number(line.discountPercent), marginPercent: line.marginPercent === undefined ? undefined : Number(line.marginPercent),
    net: Number(line.netAmount), credit: w.credit, repriced: w.repriced, subscriptionId: w.subscriptionId,
  });
}

interface FinishInfo {
  /** Where finish puts the priced lines it made in this run (the others are kept ones, frozen already). */
  made: PricedLine[];
  /** Where asked (PricingTrace): each line made again for a memoized line, then the priced line it replaces. */
  remade: PricedLine[] | undefined;
  currency: string;
  date: string;
  book: string | undefined;
  options: PriceOptions;
}

/** Step 8 (tax per line), the priced lines, totals, floor checks and approval rules. */
export function finish(ctx: StepContext, quote: Record<string, unknown>, works: Work[], adjustments: QuoteAdjustment[], info: FinishInfo): PricedQuote {
  const { cat, scale, locale } = ctx;
  const inclusive = cat.taxMode === 'inclusive';
  const lines: PricedLine[] = [];
  // Sums in BigInt units where a line's figures are used again (ExactSum): the same values as adding
  // the Decimals. The net and tax are the per-tax-code sums added up (every counted line is in one),
  // and the total is their sum (each line's total is its net plus its tax, in both tax modes).
  const sums = { list: new ExactSum(), cost: new ExactSum(), costedNet: new ExactSum() };
  let costKnown = true;
  const uncosted: string[] = [];
  const byTax = new Map<string, { code: string; rate: Dec; name: unknown; base: ExactSum; amount: ExactSum }>();
  const approvals: Approval[] = [];
  const lineFacts: unknown[] = [];
  let counted = 0;
  const taxLabels = new Map<string, string>();
  const taxLabel = (code: string, rate: Dec) => {
    let text = taxLabels.get(code);
    if (text === undefined) taxLabels.set(code, (text = `${label(locale, 'tax')} ${rate.toString()}%`));
    return text;
  };

  for (const w of works) {
    const product = w.product;
    const st = lineStatics(ctx, w, inclusive);
    const { taxCode, rate, lineList } = st;
    const f = lineFigures(ctx, w, st, inclusive);
    const { tax: lineTax, net: lineNet, netUnits, taxUnits } = f;
    const box = w.failed ? undefined : w.statics;
    const kept = box?.line;
    const tax = w.failed ? '' : taxLabel(taxCode, rate);
    let line: PricedLine;
    // The same figures and the same steps: the quote adjustments' list the same object (the box's,
    // price-prepared.ts) as the kept line's, or its steps equal one by one.
    if (kept && kept.figures === f && ((kept.later === w.later && kept.tax === tax) || sameSteps(kept.line.waterfall, w, tax, f.totalText))) line = kept.line;
    else {
      const taxStep: WaterfallStep = { step: 'tax', label: tax, amount: f.totalText };
      // A memoized line's steps are frozen already (steps 1–6 and the quote adjustments': shared):
      // its waterfall is frozen here, whole, and freezeLines does not visit its steps again.
      const waterfall = w.failed ? w.waterfall : box ? Object.freeze(stepsOf(w.waterfall, w.later, Object.freeze(taxStep))) as WaterfallStep[] : stepsOf(w.waterfall, w.later, taxStep);
      line = pricedLine(w, st, f, taxCode, waterfall);
      info.made.push(line);
      // The same memoized line (its box: the same quote line object) priced again with new figures
      // or quote-adjustment steps: every other field is the kept line's (PricingTrace).
      if (kept && info.remade) info.remade.push(line, kept.line);
      // Kept for the next run (frozen, as every priced line, once this run is over: freezeLines).
      if (box && box.figures === f) {
        // The box's record written over (its line replaced: nothing else holds it), not made again.
        if (kept) {
          kept.figures = f;
          kept.line = line;
          kept.later = w.later;
          kept.tax = tax;
          kept.facts = undefined;
        } else box.line = { figures: f, line, later: w.later, tax, facts: undefined };
      }
    }
    lines.push(line);
    const lineCost = st.lineCost;

    if (f.belowFloor && product?.floorPrice) {
      const text = message(locale, 'below-floor', { product: line.name, price: line.netUnitPrice, floor: atLeast(product.floorPrice, scale) });
      ctx.issues.push({ severity: 'warning', code: 'below-floor', message: text, lineId: w.id, path: w.path });
      // An optional line is not bought yet: it is flagged, and asks for approval once it is.
      if (!w.optional && !w.locked) approvals.push({ ruleId: 'below-floor', level: cat.floorApprovalLevel, message: text, lineId: w.id });
    }

    // A locked line is a subscription the customer already has: shown, not charged again.
    if (w.optional || w.locked) continue;
    sums.list.add(lineList, st.scaled?.list);
    if (lineCost) {
      sums.cost.add(lineCost, st.scaled?.cost);
      if (netUnits !== undefined) sums.costedNet.addUnits(netUnits, scale);
      else sums.costedNet.add(lineNet);
    } else {
      costKnown = false;
      uncosted.push(w.id);
    }
    let t = byTax.get(taxCode);
    if (!t) byTax.set(taxCode, (t = { code: taxCode, rate, name: cat.taxes.get(taxCode)?.name, base: new ExactSum(), amount: new ExactSum() }));
    if (netUnits !== undefined && taxUnits !== undefined) {
      t.base.addUnits(netUnits, scale);
      t.amount.addUnits(taxUnits, scale);
    } else {
      t.base.add(lineNet);
      t.amount.add(lineTax);
    }
    counted++;
    if (cat.approvalRules.length > 0) {
      // A kept line's facts are the ones made with it (its record's): made once, not on every run.
      const record = box?.line;
      lineFacts.push(record?.line === line ? (record.facts ??= approvalFacts(w, line)) : approvalFacts(w, line));
    }
  }

  let net = ZERO, tax = ZERO;
  const taxes: TaxSummary[] = [...byTax.values()].map((t) => {
    const base = t.base.value(), amount = t.amount.value();
    net = net.plus(base);
    tax = tax.plus(amount);
    const s: TaxSummary = { code: t.code, rate: t.rate.toString(), base: fixed(base, scale), amount: fixed(amount, scale) };
    if (t.name !== undefined) s.name = localize(t.name, locale, cat.locale);
    return s;
  });
  const list = sums.list.value(), total = net.plus(tax), cost = sums.cost.value(), costedNet = sums.costedNet.value();
  const discount = list.minus(net);
  const totals: Totals = {
    list: fixed(list, scale), discount: fixed(discount, scale), net: fixed(net, scale), tax: fixed(tax, scale),
    total: fixed(total, scale), taxes, discountPercent: percent(discount, list, ctx),
  };
  if (costKnown && counted > 0) {
    totals.cost = fixed(cost, scale);
    totals.margin = fixed(net.minus(cost), scale);
    if (!net.isZero()) totals.marginPercent = percent(net.minus(cost), net, ctx);
  } else if (uncosted.length < counted) {
    // Some lines have a cost: their margin, saying which lines it leaves out.
    const m: CostedMargin = { net: fixed(costedNet, scale), cost: fixed(cost, scale), margin: fixed(costedNet.minus(cost), scale), uncosted };
    if (!costedNet.isZero()) m.marginPercent = percent(costedNet.minus(cost), costedNet, ctx);
    totals.costedMargin = m;
  }

  // Approval rules see the priced totals as numbers (comparison only) and the quote's own fields.
  const facts = {
    quote: {
      ...quote, lines: undefined, date: info.date, currency: info.currency,
      customer: ctx.customer, opportunity: ctx.quoteFacts.opportunity,
      list: Number(totals.list), net: Number(totals.net), total: Number(totals.total),
      discountPercent: Number(totals.discountPercent),
      marginPercent: totals.marginPercent === undefined ? undefined : Number(totals.marginPercent),
      lineCount: ctx.quoteFacts.lineCount,
    },
    lines: lineFacts,
    customer: ctx.customer,
  };
  for (const rule of cat.approvalRules) {
    if (rule.when(facts)) approvals.push({ ruleId: rule.id, level: rule.level, message: localize(rule.message, locale, cat.locale) || rule.id });
  }

  const version = own(quote, 'version');
  const validUntil = own(quote, 'validUntil');
  const id = own(quote, 'id');
  if (typeof id !== 'string' || id === '') {
    ctx.issues.push({ severity: 'error', code: 'invalid-quote', path: 'id', message: message(locale, 'invalid-quote', { what: locale.startsWith('zh') ? '缺少编号（非空字符串）' : 'has no id (a non-empty string)' }) });
  }
  const priced: PricedQuote = {
    quoteId: typeof id === 'string' ? id : '',
    version: Number.isSafeInteger(version) && (version as number) >= 1 ? (version as number) : 1,
    currency: info.currency,
    locale,
    date: info.date,
    taxMode: cat.taxMode,
    rounding: cat.rounding,
    lines,
    adjustments,
    totals,
    approvals,
    issues: ctx.issues,
    orderable: !ctx.issues.some((i) => i.severity === 'error'),
  };
  if (typeof validUntil === 'string') priced.validUntil = validUntil;
  const kind = own(quote, 'kind');
  const contract = own(quote, 'contract');
  if ((kind === 'amendment' || kind === 'renewal') && isRecord(contract)) {
    priced.kind = kind;
    const ref: NonNullable<PricedQuote['contract']> = { id: String(own(contract, 'id')), start: String(own(contract, 'start')), end: String(own(contract, 'end')) };
    if (typeof own(contract, 'version') === 'number') ref.version = own(contract, 'version') as number;
    if (typeof own(contract, 'effective') === 'string') ref.effective = own(contract, 'effective') as string;
    priced.contract = ref;
  }
  if (info.book) priced.priceBook = info.book;
  const opportunity = ctx.quoteFacts.opportunity;
  if (ctx.customer !== undefined) priced.customer = ctx.customer as Record<string, unknown>;
  if (isRecord(opportunity)) priced.opportunity = opportunity;
  return priced;
}
