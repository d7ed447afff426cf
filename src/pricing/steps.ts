import { Dec, HUNDRED, ZERO } from '../core/decimal.js';
import { atLeast, divRound, divRoundText, fromScaled, pow10n, roundTo, scaledInt, scaledQuotient, trimmedUnitsText } from '../core/money.js';
import { own } from '../core/object.js';
import { describe, parseDecimal } from '../core/parse.js';
import { localize } from '../core/text.js';
import type { Issue, RoundingMode, WaterfallStep } from '../types.js';
import type { Work } from './lines.js';
import { label, message, nameList, phrase, productName, quoted } from './messages.js';
import { evaluateModel } from './models.js';
import type { ActionKind, PreparedCatalog, PreparedRule } from '../rules/prepare-catalog.js';

/** What the line steps need from the pricing run. */
export interface StepContext {
  cat: PreparedCatalog;
  locale: string;
  scale: number;
  mode: RoundingMode;
  /** The quote's calendar day, `YYYY-MM-DD`, for rule windows. */
  day: string;
  foreign: boolean;
  issues: Issue[];
  quoteFacts: Record<string, unknown>;
  customer: unknown;
  /** Localized rule names, by rule id, made once per run. */
  ruleLabels: Map<string, string>;
  warnedForeignRules: Set<string>;
}

function issue(ctx: StepContext, severity: Issue['severity'], code: string, text: string, w: Work, path: string, ruleIds?: string[]): void {
  const entry: Issue = { severity, code, message: text, lineId: w.id, path };
  if (ruleIds) entry.ruleIds = ruleIds;
  ctx.issues.push(entry);
}

function record(w: Work, ctx: StepContext, step: WaterfallStep['step'], text: string, extra?: { ruleId: string } | { attributeId: string }): void {
  const amount = atLeast(w.amount, ctx.scale);
  // One literal per shape: a field added afterwards gives each memoized step a properties store.
  w.waterfall.push(extra === undefined ? { step, label: text, amount }
    : 'ruleId' in extra ? { step, label: text, amount, ruleId: extra.ruleId } : { step, label: text, amount, attributeId: extra.attributeId });
}

/** Step 1: the base amount for the line's quantity (percentOf lines take `percentBase`). */
export function stepBase(ctx: StepContext, w: Work, percentBase?: Dec): void {
  const product = w.product!;
  if (w.included) {
    w.amount = ZERO;
    w.listPre = ZERO;
    w.waterfall.push({ step: 'base', label: label(ctx.locale, 'included'), amount: atLeast(ZERO, ctx.scale) });
    return;
  }
  const model = w.model!;
  let amount: Dec;
  if (model.model === 'percentOf') {
    amount = (percentBase ?? ZERO).times(model.percent).div(HUNDRED);
  } else {
    const r = evaluateModel(model, w.qty, ctx.foreign ? undefined : product.cost);
    if (!r.ok) {
      const text =
        r.code === 'qty-out-of-range'
          ? message(ctx.locale, 'qty-out-of-range', { line: w.id, qty: w.qty.toString(), range: `≤ ${r.limit?.toString() ?? ''}` })
          : message(ctx.locale, 'missing-price', { product: productName(ctx, w), where: phrase(ctx.locale, 'without a cost for cost-plus pricing', '成本加成定价缺少成本') });
      issue(ctx, 'error', r.code, text, w, `${w.path}.qty`);
      w.failed = true;
      return;
    }
    amount = r.amount;
  }
  w.amount = amount;
  w.waterfall.push({ step: 'base', label: label(ctx.locale, 'base'), amount: atLeast(amount, ctx.scale) });
}

/** Step 2: attribute price deltas, per unit. The list amount includes them. */
export function stepAttributes(ctx: StepContext, w: Work): void {
  const product = w.product!;
  if (product.attributes.size > 0 && !w.included) {
    for (const [id, valueId] of Object.entries(w.attributes)) {
      const delta = product.attributes.get(id)?.values.get(valueId)?.delta;
      if (!delta || delta.isZero()) continue;
      if (ctx.foreign) {
        foreignWarning(ctx, w, `attribute:${id}`);
        continue;
      }
      w.amount = w.amount.plus(delta.times(w.qty));
      const attr = product.attributes.get(id)!;
      const text = `${localize(attr.name, ctx.locale, ctx.cat.locale) || id}${phrase(ctx.locale, ': ', '：')}${localize(attr.values.get(valueId)!.name, ctx.locale, ctx.cat.locale) || valueId}`;
      record(w, ctx, 'attribute', text, { attributeId: id });
    }
  }
  w.listPre = w.amount;
}

function foreignWarning(ctx: StepContext, w: Work, what: string): void {
  if (ctx.warnedForeignRules.has(what)) return;
  ctx.warnedForeignRules.add(what);
  issue(ctx, 'warning', 'currency-mismatch', foreignRuleMessage(ctx, what), w, w.path);
}

/** Amounts written in the catalog's currency are not applied to a quote in another one. */
export function foreignRuleMessage(ctx: StepContext, what: string): string {
  return phrase(
    ctx.locale,
    `${what} is an amount in ${ctx.cat.currency} and is not applied to a quote in another currency.`,
    `${what} 以 ${ctx.cat.currency} 计价，不适用于其他币种的报价。`,
  );
}

function ruleMatchesLine(ctx: StepContext, rule: PreparedRule, w: Work, facts: () => unknown): boolean {
  if (rule.skus || rule.categories) {
    const bySku = rule.skus?.has(w.sku) ?? false;
    const byCategory = w.product!.category !== undefined && (rule.categories?.has(w.product!.category) ?? false);
    if (!bySku && !byCategory) return false;
  }
  return inWindow(rule, ctx.day) && rule.when(facts());
}

/** Rule windows are inclusive calendar days compared with the quote's date. */
export function inWindow(rule: PreparedRule, day: string): boolean {
  return (rule.validFrom === undefined || rule.validFrom <= day) && (rule.validTo === undefined || rule.validTo >= day);
}

/**
 * Pick the rules that apply, per the contract: the non-stackable match with the highest
 * priority (a tie is a conflict unless `choice` names one of the tied rules), then every
 * stackable match, highest priority first. `rules` is sorted by priority already.
 */
export function resolveRules(
  rules: readonly PreparedRule[],
  matches: (r: PreparedRule) => boolean,
  choice: string | undefined,
): { chosen: PreparedRule | undefined; stackable: PreparedRule[]; tied: PreparedRule[] } {
  let chosen: PreparedRule | undefined;
  const tied: PreparedRule[] = [];
  const stackable: PreparedRule[] = [];
  for (const rule of rules) {
    if (rule.stackable) {
      if (matches(rule)) stackable.push(rule);
    } else if (tied.length === 0 || rule.priority === tied[0]!.priority) {
      if (matches(rule)) tied.push(rule);
    }
  }
  if (tied.length === 1) chosen = tied[0];
  else if (tied.length > 1) chosen = tied.find((r) => r.id === choice);
  return { chosen, stackable, tied };
}

/** Apply one rule action to a pre-term line amount for `qty` units. */
export function applyAction(kind: ActionKind, value: Dec, amount: Dec, qty: Dec): Dec {
  switch (kind) {
    case 'percentOff':
      return amount.minus(amount.times(value).div(HUNDRED));
    case 'amountOff':
      return amount.minus(value.times(qty));
    case 'setUnitPrice':
      return value.times(qty);
    case 'markup':
      return amount.plus(amount.times(value).div(HUNDRED));
    case 'surcharge':
      return amount.plus(value.times(qty));
  }
}

/** Step 3: line-scope price rules. */
export function stepRules(ctx: StepContext, w: Work): void {
  const rules = ctx.cat.lineRules;
  if (rules.length === 0 || w.included) {
    checkChoice(ctx, w, undefined, []);
    return;
  }
  let facts: unknown;
  const getFacts = () => (facts ??= lineFacts(ctx, w));
  const { chosen, stackable, tied } = resolveRules(rules, (r) => ruleMatchesLine(ctx, r, w, getFacts), w.priceRuleChoice);
  checkChoice(ctx, w, chosen, tied);
  if (chosen) applyRule(ctx, w, chosen);
  for (const rule of stackable) applyRule(ctx, w, rule);
}

function checkChoice(ctx: StepContext, w: Work, chosen: PreparedRule | undefined, tied: PreparedRule[]): void {
  const choice = w.priceRuleChoice;
  const ids = tied.map((r) => r.id);
  if (tied.length > 1 && !chosen) {
    const text = message(ctx.locale, 'price-rule-conflict', { product: productName(ctx, w), rules: nameList(ctx.locale, ids.map((id) => ctx.ruleLabels.get(id) ?? id)) });
    issue(ctx, 'error', 'price-rule-conflict', text, w, choice === undefined ? w.path : `${w.path}.priceRule`, ids);
  }
  if (choice === undefined || (chosen && chosen.id === choice) || w.choiceInherited) return;
  if (!ctx.cat.rulesById.has(choice)) {
    issue(ctx, 'error', 'unknown-price-rule', message(ctx.locale, 'unknown-price-rule', { product: productName(ctx, w), rule: quoted(choice) }), w, `${w.path}.priceRule`);
  }
}

/**
 * A line's `priceRule` choice that resolved nothing — on the line or on any of its option
 * lines, which inherit it — is reported once, as a warning, after every line is priced.
 */
export function reportUnusedChoices(ctx: StepContext, works: readonly Work[]): void {
  for (const w of works) {
    const choice = w.priceRuleChoice;
    if (choice === undefined || w.choiceInherited || !ctx.cat.rulesById.has(choice)) continue;
    const used = works.some((x) => (x === w || (x.parent === w && x.choiceInherited)) && x.appliedRule === choice);
    const conflicted = ctx.issues.some((i) => i.code === 'price-rule-conflict' && i.lineId === w.id);
    if (used || conflicted) continue;
    issue(ctx, 'warning', 'price-rule-not-applicable', message(ctx.locale, 'price-rule-not-applicable', { product: productName(ctx, w), rule: quoted(ctx.ruleLabels.get(choice) ?? choice) }), w, `${w.path}.priceRule`);
  }
}

function applyRule(ctx: StepContext, w: Work, rule: PreparedRule): void {
  if (ctx.foreign && rule.action !== 'percentOff' && rule.action !== 'markup') {
    foreignWarning(ctx, w, rule.id);
    return;
  }
  let next = rule.action === 'percentOff' || rule.action === 'markup' ? w.amount.times(rule.factor) : applyAction(rule.action, rule.value, w.amount, w.qty);
  if (next.isNegative()) {
    issue(ctx, 'warning', 'price-clamped', message(ctx.locale, 'price-clamped', { product: productName(ctx, w), rule: quoted(ctx.ruleLabels.get(rule.id) ?? rule.id) }), w, w.path);
    next = ZERO;
  }
  w.amount = next;
  if (!rule.stackable) w.appliedRule = rule.id;
  record(w, ctx, 'price-rule', ctx.ruleLabels.get(rule.id) ?? rule.id, { ruleId: rule.id });
}

function lineFacts(ctx: StepContext, w: Work): unknown {
  return {
    quote: ctx.quoteFacts,
    customer: ctx.customer,
    line: {
      sku: w.sku,
      category: w.product!.category,
      qty: w.qty.toNumber(),
      term: w.term ? w.term.toNumber() : undefined,
      attributes: w.attributes,
      parentSku: w.parent ? w.parent.sku : undefined,
    },
  };
}

/** Step 4: the line's manual discount (percent, amount per unit, or a unit price). */
export function stepDiscount(ctx: StepContext, w: Work): void {
  const raw = w.discount;
  if (raw === undefined || raw === null) return;
  const path = `${w.path}.discount`;
  const subject = phrase(ctx.locale, `Line ${w.id}`, `第 ${w.id} 行`);
  const fail = (what: string) =>
    issue(ctx, 'error', 'invalid-discount', message(ctx.locale, 'invalid-discount', { subject, what }), w, path);
  const keys = typeof raw === 'object' && !Array.isArray(raw) ? Object.keys(raw) : [];
  if (keys.length !== 1 || !['percent', 'amount', 'unitPrice'].includes(keys[0]!)) {
    fail(phrase(ctx.locale, `must be one of { percent }, { amount } or { unitPrice }, got ${describe(raw)}`, `必须是 { percent }、{ amount } 或 { unitPrice } 之一，实际为 ${describe(raw)}`));
    return;
  }
  const key = keys[0]!;
  const parsed = parseDecimal(own(raw, key));
  if (!parsed.ok) {
    fail(`${key} ${parsed.message}`);
    return;
  }
  const v = parsed.value;
  if (v.isNegative()) {
    fail(phrase(ctx.locale, `${key} cannot be negative (${v.toString()})`, `${key} 不能为负（${v.toString()}）`));
    return;
  }
  let next: Dec;
  if (key === 'percent') {
    if (v.gt(HUNDRED)) {
      fail(phrase(ctx.locale, `cannot exceed 100 % (${v.toString()} %)`, `不能超过 100%（${v.toString()}%）`));
      return;
    }
    next = applyAction('percentOff', v, w.amount, w.qty);
  } else if (key === 'amount') {
    next = applyAction('amountOff', v, w.amount, w.qty);
    if (next.isNegative()) {
      fail(phrase(ctx.locale, `of ${v.toString()} per unit is more than the unit price`, `每单位 ${v.toString()} 超过了单价`));
      return;
    }
  } else {
    next = applyAction('setUnitPrice', v, w.amount, w.qty);
  }
  w.amount = next;
  w.applied = { [key]: v.toString() } as Work['applied'];
  record(w, ctx, 'discount', label(ctx.locale, 'discount'));
}

/** Steps 5 and 6: multiply by the term, then round the line amount once to minor units. */
export function stepTermAndRound(ctx: StepContext, w: Work): void {
  if (w.proration && w.model?.model !== 'percentOf') {
    stepProrated(ctx, w, w.proration);
  } else {
    if (w.term && w.model?.model !== 'percentOf' && !w.termFactor.eq(1)) {
      w.amount = w.amount.times(w.termFactor);
      record(w, ctx, 'term', `${label(ctx.locale, 'term')} × ${w.termFactor.toString()}`);
    }
    const factor = w.model?.model === 'percentOf' ? null : w.term ? w.termFactor : null;
    const exact = w.amount;
    w.rounded = roundTo(w.amount, ctx.scale, ctx.mode);
    w.listRounded = roundTo(factor ? w.listPre.times(factor) : w.listPre, ctx.scale, ctx.mode);
    if (!exact.eq(w.rounded)) {
      w.amount = w.rounded;
      record(w, ctx, 'round', label(ctx.locale, 'round'));
    }
  }
  w.amount = w.rounded;
  if (w.credit) {
    // A decrease is the same computation with the sign turned: rounding is symmetric in both modes.
    w.rounded = w.rounded.neg();
    w.listRounded = w.listRounded.neg();
    w.amount = w.rounded;
    record(w, ctx, 'credit', label(ctx.locale, 'credit'));
  }
  w.final = w.rounded;
}

/** Decimals the exact term step of a prorated line is written with (the amount is rounded next). */
const PRORATED_PLACES = 10;

/**
 * A prorated line: amount × num ÷ den, divided once, when rounding, so that a factor such as
 * 297/28 never passes through a rounded decimal.
 */
function stepProrated(ctx: StepContext, w: Work, p: NonNullable<Work['proration']>): void {
  const numerator = w.amount.times(p.num);
  const places = Math.max(ctx.scale, PRORATED_PLACES);
  // The numerator and the divisor read as scaled integers once, for the step's text, the rounded
  // amount and whether rounding changed it (the same figures as divRoundText and divRound give).
  const a = scaledInt(numerator);
  const b = p.scaledDen;
  const shown = a && b && scaledQuotient(a, b, places, ctx.mode);
  const units = a && b && scaledQuotient(a, b, ctx.scale, ctx.mode);
  let exact: boolean;
  if (shown !== undefined && units !== undefined && a && b) {
    w.waterfall.push({ step: 'term', label: `${label(ctx.locale, 'term')} × ${p.info.label}`, amount: trimmedUnitsText(shown, places, ctx.scale) });
    w.rounded = fromScaled(units, ctx.scale);
    // rounded × den = numerator, in integers: q/10^s × B/10^y = A/10^x ⟺ q·B·10^x = A·10^(s+y).
    exact = units * b[0] * pow10n(a[1]) === a[0] * pow10n(ctx.scale + b[1]);
  } else {
    w.waterfall.push({ step: 'term', label: `${label(ctx.locale, 'term')} × ${p.info.label}`, amount: divRoundText(numerator, p.den, places, ctx.mode, ctx.scale) });
    w.rounded = divRound(numerator, p.den, ctx.scale, ctx.mode);
    exact = w.rounded.times(p.den).eq(numerator);
  }
  const list = w.listPre.times(p.num);
  const listScaled = b && scaledInt(list);
  const listUnits = listScaled && b && scaledQuotient(listScaled, b, ctx.scale, ctx.mode);
  w.listRounded = listUnits !== undefined ? fromScaled(listUnits, ctx.scale) : divRound(list, p.den, ctx.scale, ctx.mode);
  if (!exact) {
    w.amount = w.rounded;
    record(w, ctx, 'round', label(ctx.locale, 'round'));
  }
}
