import { Dec } from '../core/decimal.js';
import { scaledInt } from '../core/money.js';
import { dayText, parseDay, type Day } from '../core/calendar.js';
import { isRecord, own } from '../core/object.js';
import { describe } from '../core/parse.js';
import { prorate, prorationLabel, type TermUnit } from '../core/proration.js';
import type { Issue, LineProration } from '../types.js';
import type { Work } from './lines.js';
import { message, phrase, productName } from './messages.js';
import type { PreparedCatalog } from '../catalog/assemble.js';

/** @extension What a quote says about the contract it changes or renews (`quote.kind`, `quote.contract`). */
export interface QuoteContract {
  kind: 'new' | 'amendment' | 'renewal';
  /** The contract's first and last day (inclusive), when the quote names a contract. */
  start: Day | undefined;
  end: Day | undefined;
}

interface PeriodContext {
  cat: PreparedCatalog;
  locale: string;
  issues: Issue[];
  contract: QuoteContract;
  /** Prorations already counted in this pricing run (an amendment's lines mostly share one period). */
  prorations?: Map<string, Proration>;
}

/** Read `quote.kind` and `quote.contract` ({ id, start, end }); problems are `invalid-quote` errors. */
export function readQuoteContract(quote: Record<string, unknown>, locale: string, issues: Issue[]): QuoteContract {
  const fail = (path: string, what: string) => issues.push({ severity: 'error', code: 'invalid-quote', path, message: message(locale, 'invalid-quote', { what }) });
  const rawKind = own(quote, 'kind');
  let kind: QuoteContract['kind'] = 'new';
  if (rawKind === 'amendment' || rawKind === 'renewal' || rawKind === 'new') kind = rawKind;
  else if (rawKind !== undefined) fail('kind', phrase(locale, `kind must be "new", "amendment" or "renewal", got ${describe(rawKind)}`, `kind 必须是 "new"、"amendment" 或 "renewal"，实际为 ${describe(rawKind)}`));
  const raw = own(quote, 'contract');
  const out: QuoteContract = { kind, start: undefined, end: undefined };
  if (raw === undefined) {
    if (kind !== 'new') fail('contract', phrase(locale, `of kind ${kind} needs the contract it changes: {"id", "start", "end"}`, `（${kind}）需要注明所变更的合同：{"id", "start", "end"}`));
    return out;
  }
  if (!isRecord(raw)) {
    fail('contract', phrase(locale, `contract must be an object {"id", "start", "end"}, got ${describe(raw)}`, `contract 必须是对象 {"id", "start", "end"}，实际为 ${describe(raw)}`));
    return out;
  }
  for (const key of ['start', 'end'] as const) {
    const d = parseDay(own(raw, key));
    if (d === undefined) fail(`contract.${key}`, phrase(locale, `contract.${key} must be a real calendar day "YYYY-MM-DD", got ${describe(own(raw, key))}`, `contract.${key} 必须是真实存在的日期 "YYYY-MM-DD"，实际为 ${describe(own(raw, key))}`));
    else out[key] = d;
  }
  if (out.start !== undefined && out.end !== undefined && out.end < out.start) {
    fail('contract.end', phrase(locale, `contract ends (${dayText(out.end)}) before it starts (${dayText(out.start)})`, `合同结束日（${dayText(out.end)}）早于开始日（${dayText(out.start)}）`));
    out.end = undefined;
  }
  return out;
}

/**
 * A line's `period` ({ start, end }, inclusive days): the term becomes the period in term units
 * under the product's proration policy, counted on the grid of the quote's contract (its
 * start), else of the period itself. A period may not leave the quote's contract.
 */
export function readPeriod(ctx: PeriodContext, w: Work, raw: unknown): void {
  const product = w.product!;
  if (!product.term) {
    ctx.issues.push({ severity: 'warning', code: 'term-ignored', lineId: w.id, path: `${w.path}.period`, message: message(ctx.locale, 'term-ignored', { product: productName(ctx, w) }) });
    return;
  }
  if (!isRecord(raw)) return failPeriod(ctx, w, '', `must be an object {"start", "end"}, got ${describe(raw)}`, `必须是对象 {"start", "end"}，实际为 ${describe(raw)}`);
  const start = parseDay(own(raw, 'start'));
  const end = parseDay(own(raw, 'end'));
  if (start === undefined) return failPeriod(ctx, w, '.start', `start must be a real calendar day "YYYY-MM-DD", got ${describe(own(raw, 'start'))}`, `开始日必须是真实存在的日期 "YYYY-MM-DD"，实际为 ${describe(own(raw, 'start'))}`);
  if (end === undefined) return failPeriod(ctx, w, '.end', `end must be a real calendar day "YYYY-MM-DD", got ${describe(own(raw, 'end'))}`, `结束日必须是真实存在的日期 "YYYY-MM-DD"，实际为 ${describe(own(raw, 'end'))}`);
  if (end < start) return failPeriod(ctx, w, '.end', `ends (${dayText(end)}) before it starts (${dayText(start)})`, `结束日（${dayText(end)}）早于开始日（${dayText(start)}）`);
  const c = ctx.contract;
  if (c.start !== undefined && start < c.start) return failPeriod(ctx, w, '.start', `starts (${dayText(start)}) before the contract (${dayText(c.start)})`, `开始日（${dayText(start)}）早于合同开始日（${dayText(c.start)}）`);
  if (c.end !== undefined && end > c.end) return failPeriod(ctx, w, '.end', `ends (${dayText(end)}) after the contract (${dayText(c.end)}): changes co-terminate with the contract`, `结束日（${dayText(end)}）晚于合同结束日（${dayText(c.end)}）：变更须与合同同时到期`);
  const unit = product.term.unit as TermUnit;
  const anchor = c.start ?? start;
  const policy = product.subscription.proration;
  const key = `${policy.method}|${policy.first}|${policy.last}|${unit}|${anchor}|${start}|${end}`;
  const known = ctx.prorations?.get(key);
  if (known) {
    // The same decimals and the same (frozen) period for every line of this period: decimal.js
    // values are never changed in place, and a priced line's proration is frozen anyway.
    w.proration = known;
    w.term = w.termFactor = known.term;
    return;
  }
  const p = prorate(policy, unit, anchor, start, end + 1);
  const label = prorationLabel(p, unit, ctx.locale);
  const info: LineProration = {
    start: dayText(start), end: dayText(end), method: product.subscription.proration.method,
    factor: p.den === 1n ? p.num.toString() : `${p.num}/${p.den}`, label, whole: p.whole,
  };
  if (c.start !== undefined) info.anchor = dayText(c.start);
  for (const key of ['first', 'last'] as const) {
    const x = p[key];
    if (x) info[key] = { start: x.from, end: x.to, days: x.days, of: x.of, counted: x.rule === 'prorate' ? `${x.measured}/${x.of}` : x.num.toString() };
  }
  const num = new Dec(p.num.toString());
  const den = new Dec(p.den.toString());
  // For the facts rules see and the term shown: the factor, exact when it ends, else to 6 decimals.
  const term = num.div(den).toDecimalPlaces(6);
  freezeProration(info);
  w.proration = { num, den, scaledDen: scaledInt(den), term, info };
  ctx.prorations?.set(key, w.proration);
  w.term = term;
  w.termFactor = term;
}

/** An invalid period of line `w`: an error located at its `period` field, and the line failed. */
function failPeriod(ctx: PeriodContext, w: Work, path: string, en: string, zh: string): void {
  ctx.issues.push({ severity: 'error', code: 'invalid-period', lineId: w.id, path: `${w.path}.period${path}`, message: message(ctx.locale, 'invalid-period', { line: w.id, what: phrase(ctx.locale, en, zh) }) });
  w.failed = true;
}

/**
 * What a line's service period makes of it: the proration factor as a fraction, the term factor
 * (to 6 decimals), and the period as the priced line shows it (frozen). Lines of one period in a
 * run share one.
 */
export interface Proration {
  num: Dec;
  den: Dec;
  /** `den` as `scaledInt` gives it (read once for every line of the period). */
  scaledDen: readonly [bigint, number] | undefined;
  term: Dec;
  info: LineProration;
}

/** A line's service period frozen whole (its first and last partial months too). */
export function freezeProration(info: LineProration): void {
  if (info.first) Object.freeze(info.first);
  if (info.last) Object.freeze(info.last);
  Object.freeze(info);
}
