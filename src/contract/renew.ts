import { parseDay } from '../core/calendar.js';
import { Dec, HUNDRED } from '../core/decimal.js';
import { parseDecimal } from '../core/parse.js';
import { prepareCatalog } from '../rules/prepare-catalog.js';
import type { Quote, QuoteLine } from '../types.js';
import { activeOn, checkContract } from './amend.js';
import { clone, dayText, termEnd } from './dates.js';
import type { Contract, ContractError, ContractResult } from './types.js';

export interface RenewOptions {
  /** The next term in each subscription's term units (a whole number ≥ 1). */
  term: string | number;
  /**
   * Percent points added to every contracted price ("5" = +5 %); absent: each product's
   * `subscription.renewalUplift`, else the catalog's `subscriptions.renewalUplift`, else 0.
   */
  uplift?: string;
  /** The renewal quote's id; default `<contract id>-R<version>`. */
  id?: string;
  /** The quote's date; default the contract's last day. */
  date?: string;
}

/**
 * A renewal quote: every subscription in force on the contract's last day, with its
 * configuration, for the next term from the day after. A product renewed at the contracted
 * price (the default, `renewalPrice: "contracted"`) is priced at its contracted unit price ×
 * (1 + uplift ÷ 100), exactly (the line amount is rounded once, as always); one renewed at
 * `list` is priced from the catalog again, rules and all, and takes no uplift. The quote is an
 * ordinary quote: it may be edited (amended) before it is sent.
 *
 * @example
 * renew(catalog, contract, { term: 12, uplift: '5' }); // next 12 months at +5 %
 */
export function renew(catalog: unknown, contract: Contract, options: RenewOptions): ContractResult<Quote> {
  const errors: ContractError[] = [];
  if (!checkContract(contract, errors)) return { ok: false, errors };
  const prepared = prepareCatalog(catalog);
  if (!prepared.ok) return { ok: false, errors: prepared.errors.slice(0, 20).map((e) => ({ path: `catalog.${e.path}`, message: e.message })) };
  const cat = prepared.catalog;
  const term = parseDecimal(options?.term);
  if (!term.ok || !term.value.isInteger() || term.value.lt(1) || term.value.gt(1200)) {
    errors.push({ path: 'term', message: `must be a whole number of term units from 1 to 1200, got ${JSON.stringify(options?.term)}` });
  }
  let uplift: Dec | undefined;
  if (options?.uplift !== undefined) {
    const u = parseDecimal(options.uplift);
    if (!u.ok || !u.value.gt(-100) || u.value.gt(1000)) errors.push({ path: 'uplift', message: `must be percent points above -100 and at most 1000 ("5" = +5 %), got ${JSON.stringify(options.uplift)}` });
    else uplift = u.value;
  }
  if (options?.date !== undefined && parseDay(options.date) === undefined) errors.push({ path: 'date', message: 'must be a real calendar day "YYYY-MM-DD"' });
  if (errors.length > 0 || !term.ok) return { ok: false, errors };
  const start = parseDay(contract.end)! + 1;
  const n = term.value.toNumber();
  let end = start;
  const lines: QuoteLine[] = [];
  for (const s of activeOn(contract, contract.end)) {
    const product = cat.products.get(s.sku);
    if (!product?.term) {
      errors.push({ path: `contract.subscriptions[${contract.subscriptions.indexOf(s)}].sku`, message: `${s.sku} is no longer a product sold by term in the catalog` });
      continue;
    }
    const last = termEnd(start, n, s.termUnit);
    if (last > end) end = last;
    const line: QuoteLine = { id: `R${lines.length + 1}`, sku: s.sku, qty: s.qty, subscriptionId: s.id, period: { start: dayText(start), end: dayText(last) } };
    if (s.attributes) line.attributes = { ...s.attributes };
    if (s.options) line.options = clone(s.options);
    const settings = product.subscription;
    if (settings.renewalPrice === 'contracted') {
      const up = uplift ?? settings.renewalUplift;
      line.contractedUnitPrice = new Dec(s.netUnitPrice).times(HUNDRED.plus(up)).div(HUNDRED).toString();
    }
    lines.push(line);
  }
  if (errors.length > 0) return { ok: false, errors };
  if (lines.length === 0) return { ok: false, errors: [{ path: 'contract.subscriptions', message: `no subscription is in force on the contract's last day (${contract.end}): there is nothing to renew` }] };
  const quote: Quote = {
    id: options.id ?? `${contract.id}-R${contract.version}`, version: 1, date: options.date ?? contract.end, currency: contract.currency,
    kind: 'renewal', contract: { id: contract.id, start: dayText(start), end: dayText(end), version: contract.version, ...(uplift ? { uplift: uplift.toString() } : {}) }, lines,
  };
  if (contract.customer) quote.customer = clone(contract.customer);
  return { ok: true, value: quote };
}
