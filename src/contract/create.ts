import { Dec, ZERO } from '../core/decimal.js';
import { currencyScale } from '../core/currency.js';
import { own, isRecord, safeClone } from '../core/object.js';
import { prepareCatalog } from '../rules/prepare-catalog.js';
import type { PricedLine, PricedQuote, QuoteOption, QuoteLine } from '../types.js';
import { dayText, readDay, termEnd, unitPrice } from './dates.js';
import type { Contract, ContractError, ContractResult, Subscription } from './types.js';

export interface CreateOptions {
  /** The contract's id (the host's, or the quote service's `K-…`). */
  id: string;
  /** The first day of service; default the quote's date. */
  start?: string;
}

/** A top-level priced line and the amount it charges, its option lines included. */
export function lineAmounts(priced: PricedQuote, inclusive: boolean): Map<string, Dec> {
  const top = new Map<string, string>();
  const amounts = new Map<string, Dec>();
  for (const l of priced.lines) {
    const root = l.parentId === null ? l.id : top.get(l.parentId) ?? l.parentId;
    top.set(l.id, root);
    amounts.set(root, (amounts.get(root) ?? ZERO).plus(inclusive ? l.total : l.netAmount));
  }
  return amounts;
}

/** The configuration a subscription keeps from its quote line. */
export function configurationOf(line: unknown): { attributes?: Record<string, string>; options?: QuoteOption[] } {
  const out: { attributes?: Record<string, string>; options?: QuoteOption[] } = {};
  const attributes = own(line, 'attributes');
  const options = own(line, 'options');
  const a = isRecord(attributes) ? safeClone(attributes) : undefined;
  const o = Array.isArray(options) ? safeClone(options) : undefined;
  if (a?.ok) out.attributes = a.value as Record<string, string>;
  if (o?.ok) out.options = o.value as QuoteOption[];
  return out;
}

/**
 * The contract an ordered quote makes: one subscription per top-level line whose product is
 * sold by term (one-off lines — implementation, hardware — are not part of it). A line's
 * subscription runs from the contract's start for its term (or over its `period`); its net
 * unit price is what the line and its option lines charge ÷ quantity ÷ term, to 6 decimals.
 *
 * @example
 * const r = createContract(catalog, quote, priceQuote(catalog, quote), { id: 'K-1', start: '2026-01-01' });
 * if (r.ok) r.value.subscriptions[0]; // { id: 'K-1:L1', sku: 'CRM-PRO', qty: '100', netUnitPrice: '65.00', … }
 */
export function createContract(catalog: unknown, quote: unknown, priced: PricedQuote, options: CreateOptions): ContractResult<Contract> {
  const errors: ContractError[] = [];
  const prepared = prepareCatalog(catalog);
  if (!prepared.ok) return { ok: false, errors: prepared.errors.slice(0, 20).map((e) => ({ path: `catalog.${e.path}`, message: e.message })) };
  const cat = prepared.catalog;
  if (typeof options.id !== 'string' || options.id === '') errors.push({ path: 'id', message: 'must be a non-empty string' });
  if (!priced.orderable) errors.push({ path: 'priced', message: 'the quote is not orderable: a contract is made from an ordered quote' });
  const rawLines = own(quote, 'lines');
  if (!Array.isArray(rawLines)) errors.push({ path: 'quote.lines', message: 'must be a list of lines' });
  const start = readDay(errors, options.start ?? priced.date.slice(0, 10), options.start === undefined ? 'quote.date' : 'start');
  if (errors.length > 0 || start === undefined) return { ok: false, errors };
  const scale = currencyScale(priced.currency) ?? 2;
  const amounts = lineAmounts(priced, cat.taxMode === 'inclusive');
  const byId = new Map<string, QuoteLine>();
  for (const l of rawLines as unknown[]) if (typeof own(l, 'id') === 'string') byId.set(own(l, 'id') as string, l as QuoteLine);
  const subscriptions: Subscription[] = [];
  priced.lines.forEach((line: PricedLine, i) => {
    if (line.parentId !== null || line.optional || line.locked || line.credit) return;
    const product = cat.products.get(line.sku);
    if (!product?.term) return;
    const unit = product.term.unit as Subscription['termUnit'];
    let from = start, to: number;
    if (line.proration) {
      from = readDay(errors, line.proration.start, `priced.lines[${i}].proration.start`) ?? start;
      to = readDay(errors, line.proration.end, `priced.lines[${i}].proration.end`) ?? start;
    } else {
      const term = new Dec(line.term ?? '1');
      if (!term.isInteger()) {
        errors.push({ path: `priced.lines[${i}].term`, message: `a contract needs whole term units, got ${line.term}; give the line a period instead` });
        return;
      }
      to = termEnd(start, term.toNumber(), unit);
    }
    // Prorated: amount ÷ (qty × num/den) = amount × den ÷ (qty × num), one exact division.
    const [num, den] = line.proration ? fraction(line.proration.factor) : [new Dec(line.term ?? '1'), new Dec(1)];
    const sub: Subscription = {
      id: `${options.id}:${line.id}`, sku: line.sku, qty: line.qty,
      ...configurationOf(byId.get(line.id)),
      netUnitPrice: unitPrice((amounts.get(line.id) ?? ZERO).times(den), new Dec(line.qty).times(num), scale, cat.rounding),
      termUnit: unit, start: dayText(from), end: dayText(to),
      source: { quoteId: priced.quoteId, version: priced.version, lineId: line.id },
    };
    subscriptions.push(sub);
  });
  if (errors.length > 0) return { ok: false, errors };
  if (subscriptions.length === 0) return { ok: false, errors: [{ path: 'quote.lines', message: 'no line is a product sold by term: there is nothing to make a contract of' }] };
  const first = subscriptions.reduce((a, s) => (s.start < a ? s.start : a), subscriptions[0]!.start);
  const last = subscriptions.reduce((a, s) => (s.end > a ? s.end : a), subscriptions[0]!.end);
  const contract: Contract = {
    id: options.id, version: 1, currency: priced.currency, start: first, end: last, subscriptions,
    history: [{ kind: 'new', quoteId: priced.quoteId, version: priced.version, effective: first }],
  };
  if (priced.customer) contract.customer = priced.customer;
  return { ok: true, value: contract };
}

/** `"297/28"` or `"12"` as its numerator and denominator. */
export function fraction(text: string): [Dec, Dec] {
  const [n, d] = text.split('/');
  return [new Dec(n!), new Dec(d ?? '1')];
}
