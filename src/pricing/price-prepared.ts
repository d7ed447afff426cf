import { compact, Dec, HUNDRED, ONE, ZERO } from '../core/decimal.js';
import { currencyScale } from '../core/currency.js';
import { dayOf, isIsoDate, todayUtc } from '../core/dates.js';
import { atLeast, ExactSum, fixed, roundTo, scaledInt, scaledUnits, toMinor, toUnits, unitsText, type Units } from '../core/money.js';
import { isRecord, MAX_DATA_DEPTH, own, safeClone } from '../core/object.js';
import { describe, parseDecimal } from '../core/parse.js';
import { localize } from '../core/text.js';
import type { Issue, PriceOptions, PricedLine, PricedQuote, QuoteAdjustment, WaterfallStep } from '../types.js';
import { allocateSafe, allocateUnits } from './allocate.js';
import { MAX_LINES, type AdjustedAmount, type Work } from './lines.js';
import { priceLines, pricingRun } from './price-lines.js';
import { label, message, nameList, phrase, quoted } from './messages.js';
import type { PreparedBook, PreparedCatalog } from '../catalog/assemble.js';
import { finish, freezeLines } from './finish.js';
import { readQuoteContract } from './period.js';
import { attachText, isTextLine } from './quote-text.js';
import { applyAction, foreignRuleMessage, inWindow, reportUnusedChoices, resolveRules, type StepContext } from './steps.js';

/** A priced quote with no lines, carrying `issues` (for input that cannot be priced at all). */
export function emptyPriced(quote: unknown, options: PriceOptions, locale: string, currency: string, issues: Issue[]): PricedQuote {
  const scale = currencyScale(currency) ?? 2;
  const zero = fixed(ZERO, scale);
  const id = own(quote, 'id');
  return {
    quoteId: typeof id === 'string' ? id : '',
    version: 1,
    currency,
    locale: options.locale ?? locale,
    date: options.today ?? todayUtc(),
    taxMode: 'exclusive',
    rounding: 'half-up',
    lines: [],
    adjustments: [],
    totals: { list: zero, discount: zero, net: zero, tax: zero, total: zero, taxes: [], discountPercent: '0.00' },
    approvals: [],
    issues,
    orderable: false,
  };
}

/**
 * What a run tells its caller besides the priced quote (the pricing worker's patch reads it):
 * `remade` is filled with pairs — a priced line made again for a memoized line (the same quote
 * line object, priced with the memo), then the priced line of that line it replaces, made by an
 * earlier run. The two differ only in the fields a line's figures give (net unit price, net
 * amount, tax, total, discount and margin percent, margin) and in the waterfall steps after steps
 * 1–6 (the quote adjustments' and the tax step); every other field is the same value, in the
 * same key order. Pairs come in the order of the priced lines.
 */
export interface PricingTrace {
  remade: PricedLine[];
  /**
   * `false`: the priced lines this run makes are not vouched for as settled data (`settle`,
   * core/object.ts, which lets the digest and the service keep a line's text): the pricing worker
   * posts copies of its lines and writes no text of them — 10,000 entries a quote discount.
   */
  settle?: boolean;
}

/**
 * Price a quote against a catalog that was validated and prepared already (the elements load
 * the validator on its own, once per catalog, and price every change through here).
 */
export function pricePrepared(cat: PreparedCatalog, quote: unknown, options: PriceOptions = {}, trace?: PricingTrace): PricedQuote {
  try {
    return pricingRun((run) => priceValid(cat, quote, options, run, trace));
  } catch (e) {
    return emptyPriced(quote, options, 'en', cat.currency, [
      { severity: 'error', code: 'internal-error', message: `Pricing failed unexpectedly: ${(e as Error).message}`, path: '' },
    ]);
  }
}

/** The locale asked for by the options or the quote, if any. */
export function requestedLocale(quote: unknown, options: PriceOptions): string | undefined {
  return options.locale ?? (typeof own(quote, 'locale') === 'string' ? (own(quote, 'locale') as string) : undefined);
}

function priceValid(cat: PreparedCatalog, quote: unknown, options: PriceOptions, run: number, trace: PricingTrace | undefined): PricedQuote {
  const locale = requestedLocale(quote, options) ?? cat.locale;
  const issues: Issue[] = [];
  const fail = (code: string, text: string, path: string) => issues.push({ severity: 'error', code, message: text, path });

  if (!isRecord(quote)) {
    fail('invalid-quote', message(locale, 'invalid-quote', { what: phrase(locale, `must be an object, got ${describe(quote)}`, `必须是对象，实际为 ${describe(quote)}`) }), '');
    return emptyPriced(quote, options, locale, cat.currency, issues);
  }

  // Price book and currency.
  const bookId = own(quote, 'priceBook');
  let book: PreparedBook | undefined;
  if (bookId !== undefined && bookId !== null) {
    book = typeof bookId === 'string' ? cat.priceBooks.get(bookId) : undefined;
    if (!book) fail('unknown-price-book', message(locale, 'unknown-price-book', { book: describe(bookId) }), 'priceBook');
  }
  const rawCurrency = own(quote, 'currency');
  const currency = typeof rawCurrency === 'string' ? rawCurrency : book ? book.currency : cat.currency;
  let scale = currencyScale(currency);
  if (scale === undefined) {
    fail('unknown-currency', message(locale, 'unknown-currency', { currency: describe(rawCurrency) }), 'currency');
    scale = 2;
  }
  if (book && book.currency !== currency) {
    fail('currency-mismatch', message(locale, 'currency-mismatch', { what: phrase(locale,
      `The quote is in ${currency} but price book ${book.id} is in ${book.currency}.`,
      `报价币种为 ${currency}，但价格表 ${book.id} 的币种为 ${book.currency}。`) }), 'currency');
  }
  const foreign = currency !== cat.currency;

  // Date: rule windows compare against it.
  const rawDate = own(quote, 'date');
  let date: string;
  if (isIsoDate(rawDate)) date = rawDate;
  else {
    date = options.today ?? todayUtc();
    if (rawDate === undefined) issues.push({ severity: 'warning', code: 'missing-date', message: message(locale, 'missing-date', { date }), path: 'date' });
    else fail('invalid-quote', message(locale, 'invalid-quote', { what: phrase(locale, `date must be an ISO 8601 date such as "2026-11-28", got ${describe(rawDate)}`, `日期必须是 ISO 8601 格式（如 "2026-11-28"），实际为 ${describe(rawDate)}`) }), 'date');
  }

  const rawLines = own(quote, 'lines');
  let lineList: unknown[] = [];
  if (!Array.isArray(rawLines)) {
    fail('invalid-quote', message(locale, 'invalid-quote', { what: phrase(locale, `lines must be an array, got ${describe(rawLines)}`, `lines 必须是数组，实际为 ${describe(rawLines)}`) }), 'lines');
  } else if (rawLines.length > MAX_LINES) {
    fail('invalid-quote', message(locale, 'invalid-quote', { what: phrase(locale, `has ${rawLines.length} lines; at most ${MAX_LINES} are accepted`, `有 ${rawLines.length} 行，最多接受 ${MAX_LINES} 行`) }), 'lines');
  } else lineList = rawLines;

  // Host data is copied, so the priced quote never shares objects with the input.
  const hostData = (key: 'customer' | 'opportunity'): Record<string, unknown> | undefined => {
    const raw = own(quote, key);
    if (raw === undefined || raw === null) return undefined;
    const copy = isRecord(raw) ? safeClone(raw) : undefined;
    if (copy?.ok) return copy.value as Record<string, unknown>;
    const what = copy
      ? phrase(locale, `${key} is nested deeper than ${MAX_DATA_DEPTH} levels`, `${key} 嵌套超过 ${MAX_DATA_DEPTH} 层`)
      : phrase(locale, `${key} must be an object, got ${describe(raw)}`, `${key} 必须是对象，实际为 ${describe(raw)}`);
    fail('invalid-quote', message(locale, 'invalid-quote', { what }), key);
    return undefined;
  };
  const customer = hostData('customer');
  const quoteFacts = {
    id: own(quote, 'id'), date, currency, priceBook: typeof bookId === 'string' ? bookId : undefined,
    customer, opportunity: hostData('opportunity'), lineCount: lineList.filter((l) => !isTextLine(l)).length,
  };
  const ruleLabels = new Map<string, string>();
  for (const [id, rule] of cat.rulesById) ruleLabels.set(id, localize(rule.name, locale, cat.locale) || id);
  const ctx: StepContext = {
    cat, locale, scale, mode: cat.rounding, day: dayOf(date), foreign, issues, quoteFacts, customer, ruleLabels,
    warnedForeignRules: new Set(),
  };

  const contract = readQuoteContract(quote, locale, issues);
  const lineCtx = { cat, locale, book, foreign, issues, quote: quoteFacts, onConfigure: typeof options.onConfigure === 'function' ? options.onConfigure : undefined, contract, prorations: new Map() };
  // Quotes in another currency warn once per quote across lines: they are priced without the memo.
  const head = foreign || options.memo === false ? undefined : [locale, book?.id ?? '', currency, date, contract.kind, contract.start ?? '', contract.end ?? ''].join('\u0001');
  const works = priceLines({ line: lineCtx, step: ctx, head, run }, lineList);
  reportUnusedChoices(ctx, works);
  const adjustments = quoteAdjustments(ctx, quote, works);
  const made: PricedLine[] = [];
  const priced = finish(ctx, quote, works, adjustments, { made, remade: trace?.remade, currency, date, book: book?.id, options });
  attachText(priced, quote, lineList, locale);
  // The lines this run made (attachText writes descriptions into them first); kept ones are frozen already.
  const settled = trace?.settle !== false;
  freezeLines(made, settled);
  if (priced.textLines) freezeLines(priced.textLines, settled);
  return priced;
}

/** An amount rounded to `scale` decimals as whole minor units. */
function minorUnits(amount: Dec, scale: number): bigint {
  const [v, d] = scaledInt(amount) ?? [BigInt(toMinor(amount, scale).toFixed(0)), scale];
  return d === scale ? v : v * 10n ** BigInt(scale - d);
}

/** A quote adjustment's waterfall step; frozen when a memoized line's box keeps it for later runs. */
function adjustmentStep(kind: QuoteAdjustment['kind'], label: string, amount: string, ruleId: string | undefined, shared: boolean): WaterfallStep {
  const step: WaterfallStep = ruleId ? { step: kind, label, amount, ruleId } : { step: kind, label, amount };
  return shared ? Object.freeze(step) : step;
}

/**
 * Step 7: quote-scope rules, then the quote's manual discount. Each adjustment is rounded
 * to minor units on the running quote amount, then split over the non-optional priced
 * lines in proportion to their running amounts (largest remainder), so that the lines
 * always add up to the quote exactly.
 */
function quoteAdjustments(ctx: StepContext, quote: Record<string, unknown>, works: Work[]): QuoteAdjustment[] {
  const { locale, scale, mode } = ctx;
  const rules = ctx.cat.quoteRules;
  const discount = own(quote, 'discount');
  // No quote rule and no quote discount (most quotes): nothing to sum or split over the lines.
  if (rules.length === 0 && (discount === undefined || discount === null)) return [];
  // Quote adjustments apply to what the quote charges: never to a locked subscription or a credit.
  const eligible = works.filter((w) => !w.failed && !w.optional && !w.locked && !w.credit);
  const sum = new ExactSum();
  for (const w of eligible) {
    // A memoized line's amount seen before (the memo's own Dec) is added in BigInt units.
    const box = w.statics;
    if (box && box.scaled?.of === w.final) sum.add(w.final, (box.scaled.value ??= scaledUnits(w.final)));
    else {
      if (box) box.scaled = { of: w.final, value: undefined };
      sum.add(w.final);
    }
  }
  let running = sum.value();
  const adjustments: QuoteAdjustment[] = [];
  let units: Units[] | undefined;
  /** Adjustments allocated over the lines so far. */
  let applied = 0;

  const apply = (change: Dec, kind: QuoteAdjustment['kind'], text: string, ruleId?: string) => {
    const amount = roundTo(change, scale, mode);
    if (amount.isZero()) return;
    if (eligible.length === 0) {
      ctx.issues.push({ severity: 'warning', code: 'no-lines-for-adjustment', message: message(locale, 'no-lines-for-adjustment', { what: text }), path: kind === 'quote-discount' ? 'discount' : '' });
      return;
    }
    // In whole minor units (Numbers where safe integers), read once and kept for the next
    // adjustment (a memoized line's from its box, when its amount is the memo's own).
    const lineUnits = (units ??= eligible.map((w) => {
      const box = w.statics;
      if (box?.minor?.of === w.final) return box.minor.units;
      const minor = toUnits(minorUnits(w.final, scale));
      if (box) box.minor = { of: w.final, units: minor };
      return minor;
    }));
    // Split on Numbers where they hold every step exactly (allocateSafe), else in BigInt.
    const total = toUnits(minorUnits(amount, scale));
    const onNumbers = typeof total === 'number' && lineUnits.every((u) => typeof u === 'number')
      ? allocateSafe(total, lineUnits as number[])
      : undefined;
    const shares = onNumbers ?? allocateUnits(BigInt(total), lineUnits.map((u) => BigInt(u)));
    // This adjustment's slot in each box: a quote with a quote rule and a quote discount finds each
    // line's result of the same adjustment on the run before, not the other one's.
    const slot = applied++;
    for (let i = 0; i < eligible.length; i++) {
      const share = shares[i]!;
      if (share === 0 || share === 0n) continue;
      const w = eligible[i]!;
      const was = lineUnits[i]!;
      const sum = typeof share === 'number' && typeof was === 'number' ? was + share : undefined;
      const now = sum !== undefined && Number.isSafeInteger(sum) ? sum : toUnits(BigInt(was) + BigInt(share));
      lineUnits[i] = now;
      const box = w.statics;
      const slots = box?.adjustedBy;
      let known = slots?.[slot];
      let step: WaterfallStep;
      if (known !== undefined && known.units === now) {
        // The step of the run before, when it is the same adjustment: frozen, shared (finish.ts keeps lines by it).
        const last = known.step;
        if (last.step === kind && last.label === text && last.ruleId === ruleId) step = last;
        else {
          step = adjustmentStep(kind, text, known.text, ruleId, box !== undefined);
          known.step = step;
          known.later = undefined;
        }
      } else {
        const written = unitsText(now, scale);
        step = adjustmentStep(kind, text, written, ruleId, box !== undefined);
        if (box) {
          // No Decimal of it yet: finish computes a memoized line's figures from the minor units and
          // makes one only where something computes with it (finalDec).
          known = { units: now, text: written, dec: undefined, step, later: undefined, before: undefined };
          if (slots) slots[slot] = known;
          else {
            // Made at its length, not grown from [] (room for 17: the box is kept with the line).
            const made = new Array<AdjustedAmount>(slot + 1);
            made[slot] = known;
            box.adjustedBy = made;
          }
        } else {
          w.final = new Dec(written);
          w.amount = w.final;
        }
      }
      if (box && known) {
        // The amount is the adjustment's (`final` stays what steps 1–6 left: finish reads `adjusted`).
        w.adjusted = known;
        // The line's adjustment steps so far: the box's list, the same from run to run while the
        // steps before it and this one are.
        if (known.later === undefined || known.before !== w.later) {
          known.before = w.later;
          known.later = Object.freeze(w.later ? [...w.later, step] : [step]);
        }
        w.later = known.later;
      } else w.later = w.later ? [...w.later, step] : [step];
    }
    running = running.plus(amount);
    const adj: QuoteAdjustment = { kind, label: text, amount: fixed(amount, scale) };
    if (ruleId) adj.ruleId = ruleId;
    adjustments.push(adj);
  };

  if (rules.length > 0) {
    const facts = { quote: { ...ctx.quoteFacts, subtotal: running.toNumber() }, customer: ctx.customer };
    const choice = own(quote, 'priceRule');
    const { chosen, stackable, tied } = resolveRules(rules, (r) => inWindow(r, ctx.day) && r.when(facts), typeof choice === 'string' ? choice : undefined);
    if (tied.length > 1 && !chosen) {
      const ids = tied.map((r) => r.id);
      ctx.issues.push({ severity: 'error', code: 'price-rule-conflict', ruleIds: ids, path: 'priceRule',
        message: message(locale, 'quote-price-rule-conflict', { rules: nameList(locale, ids.map((id) => ctx.ruleLabels.get(id) ?? id)) }) });
    }
    for (const rule of chosen ? [chosen, ...stackable] : stackable) {
      if (ctx.foreign && rule.action !== 'percentOff' && rule.action !== 'markup') {
        ctx.issues.push({ severity: 'warning', code: 'currency-mismatch', path: '', ruleIds: [rule.id], message: foreignRuleMessage(ctx, rule.id) });
        continue;
      }
      let next = applyAction(rule.action, rule.value, running, ONE);
      if (next.isNegative()) {
        ctx.issues.push({ severity: 'warning', code: 'price-clamped', path: '', ruleIds: [rule.id], message: message(locale, 'quote-price-clamped', { rule: quoted(ctx.ruleLabels.get(rule.id) ?? rule.id) }) });
        next = ZERO;
      }
      apply(next.minus(running), 'quote-rule', ctx.ruleLabels.get(rule.id) ?? rule.id, rule.id);
    }
  }

  if (discount !== undefined && discount !== null) {
    const change = quoteDiscount(ctx, discount, running);
    if (change) apply(change, 'quote-discount', label(locale, 'quote-discount'));
  }
  return adjustments;
}

function quoteDiscount(ctx: StepContext, raw: unknown, running: Dec): Dec | undefined {
  const { locale } = ctx;
  const subject = phrase(locale, 'Quote', '报价单');
  const fail = (what: string) => {
    ctx.issues.push({ severity: 'error', code: 'invalid-discount', message: message(locale, 'invalid-discount', { subject, what }), path: 'discount' });
    return undefined;
  };
  const keys = isRecord(raw) ? Object.keys(raw) : [];
  if (keys.length !== 1 || (keys[0] !== 'percent' && keys[0] !== 'amount')) {
    return fail(phrase(locale, `must be { percent } or { amount }, got ${describe(raw)}`, `必须是 { percent } 或 { amount }，实际为 ${describe(raw)}`));
  }
  const key = keys[0];
  const parsed = parseDecimal(own(raw, key));
  if (!parsed.ok) return fail(`${key} ${parsed.message}`);
  const v = parsed.value;
  if (v.isNegative()) return fail(phrase(locale, `cannot be negative (${v.toString()})`, `不能为负（${v.toString()}）`));
  if (key === 'percent') {
    if (v.gt(HUNDRED)) return fail(phrase(locale, `cannot exceed 100 % (${v.toString()} %)`, `不能超过 100%（${v.toString()}%）`));
    return running.times(v).div(HUNDRED).neg();
  }
  if (v.gt(running)) {
    return fail(phrase(locale, `of ${v.toString()} is more than the quote amount ${atLeast(running, ctx.scale)}`, `${v.toString()} 超过了报价金额 ${atLeast(running, ctx.scale)}`));
  }
  return v.neg();
}

