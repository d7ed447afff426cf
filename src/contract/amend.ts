import { parseDay } from '../core/calendar.js';
import { Dec } from '../core/decimal.js';
import { parseDecimal } from '../core/parse.js';
import type { Quote, QuoteLine } from '../types.js';
import { clone, dayText, readDay } from './dates.js';
import type { Contract, ContractError, ContractResult, Subscription } from './types.js';

export interface AmendOptions {
  /** The first day the change applies to; between the contract's first and last day. */
  effectiveDate: string;
  /** The amendment quote's id; default `<contract id>-A<version>`. */
  id?: string;
  /** The quote's date; default the effective date. */
  date?: string;
}

/** The subscriptions in force on `day` (start ≤ day ≤ end). */
export function activeOn(contract: Contract, day: string): Subscription[] {
  return contract.subscriptions.filter((s) => s.start <= day && day <= s.end);
}

/** Check the contract's own shape enough to work on it: id, days, subscriptions. */
export function checkContract(contract: unknown, errors: ContractError[]): contract is Contract {
  const c = contract as Partial<Contract> | null;
  if (!c || typeof c !== 'object' || Array.isArray(c)) {
    errors.push({ path: 'contract', message: 'must be a contract object' });
    return false;
  }
  if (typeof c.id !== 'string' || c.id === '') errors.push({ path: 'contract.id', message: 'must be a non-empty string' });
  const start = readDay(errors, c.start, 'contract.start');
  const end = readDay(errors, c.end, 'contract.end');
  if (start !== undefined && end !== undefined && end < start) errors.push({ path: 'contract.end', message: `is before the contract's start (${c.start})` });
  if (!Array.isArray(c.subscriptions)) errors.push({ path: 'contract.subscriptions', message: 'must be a list' });
  else c.subscriptions.forEach((s, i) => {
    const p = `contract.subscriptions[${i}]`;
    if (typeof s?.id !== 'string' || typeof s.sku !== 'string') errors.push({ path: p, message: 'must have an id and a sku' });
    if (!parseDecimal(s?.qty).ok) errors.push({ path: `${p}.qty`, message: 'must be a decimal string' });
    if (!parseDecimal(s?.netUnitPrice).ok) errors.push({ path: `${p}.netUnitPrice`, message: 'must be a decimal string' });
    readDay(errors, s?.start, `${p}.start`);
    readDay(errors, s?.end, `${p}.end`);
  });
  return errors.length === 0;
}

/**
 * An amendment quote: every subscription in force on the effective date as a locked line
 * (shown at its contracted price, not charged), over the period from the effective date to its
 * end — the contract's end. Change it with `changeQuantity`, `cancelSubscription` and
 * `addProduct`; price it with `priceQuote`.
 *
 * @example
 * const r = amend(contract, { effectiveDate: '2026-02-12' });
 * const q = r.ok ? changeQuantity(r.value, 'K-1:L1', '130') : r; // +30 seats from Feb 12 to the end
 */
export function amend(contract: Contract, options: AmendOptions): ContractResult<Quote> {
  const errors: ContractError[] = [];
  if (!checkContract(contract, errors)) return { ok: false, errors };
  const eff = readDay(errors, options?.effectiveDate, 'effectiveDate');
  if (eff === undefined) return { ok: false, errors };
  const day = dayText(eff);
  if (day < contract.start || day > contract.end) {
    return { ok: false, errors: [{ path: 'effectiveDate', message: `${day} is outside the contract (${contract.start} to ${contract.end})` }] };
  }
  if (options.date !== undefined && parseDay(options.date) === undefined) return { ok: false, errors: [{ path: 'date', message: 'must be a real calendar day "YYYY-MM-DD"' }] };
  const lines: QuoteLine[] = activeOn(contract, day).map((s) => {
    const line: QuoteLine = {
      id: s.id, sku: s.sku, qty: s.qty, locked: true, subscriptionId: s.id, contractedUnitPrice: s.netUnitPrice,
      period: { start: day, end: s.end },
    };
    if (s.attributes) line.attributes = { ...s.attributes };
    if (s.options) line.options = clone(s.options);
    return line;
  });
  const quote: Quote = {
    id: options.id ?? `${contract.id}-A${contract.version}`, version: 1, date: options.date ?? day, currency: contract.currency,
    kind: 'amendment', contract: { id: contract.id, start: contract.start, end: contract.end, version: contract.version, effective: day }, lines,
  };
  if (contract.customer) quote.customer = clone(contract.customer);
  return { ok: true, value: quote };
}

/** A subscription's delta line: `<subscription id>:add` or `<subscription id>:credit`. */
export const deltaIds = (subscriptionId: string) => [`${subscriptionId}:add`, `${subscriptionId}:credit`];

/**
 * Set a subscription's quantity from the amendment's effective date: the difference becomes
 * one delta line at the contracted price — an increase, or a credit for a decrease. Setting it
 * again replaces that line (a second change in the same quote is never charged twice); setting
 * it back to the contracted quantity removes it.
 */
export function changeQuantity(quote: Quote, subscriptionId: string, qty: string): ContractResult<Quote> {
  const locked = quote.lines.find((l) => l.locked && l.subscriptionId === subscriptionId);
  if (quote.kind !== 'amendment' || !locked) {
    return { ok: false, errors: [{ path: 'subscriptionId', message: `the quote has no subscription ${JSON.stringify(subscriptionId)} to change` }] };
  }
  const r = parseDecimal(qty);
  if (!r.ok || r.value.isNegative()) return { ok: false, errors: [{ path: 'qty', message: r.ok ? 'cannot be negative' : r.message }] };
  const delta = r.value.minus(new Dec(String(locked.qty)));
  const [add, credit] = deltaIds(subscriptionId);
  const lines = quote.lines.filter((l) => l.id !== add && l.id !== credit);
  if (!delta.isZero()) {
    const line: QuoteLine = { ...clone(locked), id: `${subscriptionId}:${delta.isNegative() ? 'credit' : 'add'}`, qty: delta.abs().toString() };
    delete line.locked;
    if (delta.isNegative()) line.credit = true;
    lines.splice(lines.indexOf(locked) + 1, 0, line);
  }
  return { ok: true, value: { ...quote, lines } };
}

/** Cancel a subscription from the effective date: its whole quantity is credited for the rest of the term. */
export function cancelSubscription(quote: Quote, subscriptionId: string): ContractResult<Quote> {
  return changeQuantity(quote, subscriptionId, '0');
}

/** Add a product to an amendment: a line co-terminated with the contract, from the effective date. */
export function addProduct(quote: Quote, line: Omit<QuoteLine, 'period'>): ContractResult<Quote> {
  if (quote.kind !== 'amendment' || !quote.contract) return { ok: false, errors: [{ path: 'quote.kind', message: 'products are added this way to an amendment quote' }] };
  if (quote.lines.some((l) => l.id === line.id)) return { ok: false, errors: [{ path: 'line.id', message: `the quote already has a line ${JSON.stringify(line.id)}` }] };
  const effective = quote.contract.effective ?? quote.date ?? quote.contract.start;
  return { ok: true, value: { ...quote, lines: [...quote.lines, { ...line, period: { start: effective, end: quote.contract.end } }] } };
}
