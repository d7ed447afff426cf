import { own } from '../core/object.js';
import type { PriceOptions, PricedQuote } from '../types.js';
import { message } from './messages.js';
import { prepareCatalog } from '../rules/prepare-catalog.js';
import { emptyPriced, pricePrepared, requestedLocale } from './price-prepared.js';

export { pricePrepared } from './price-prepared.js';

/**
 * Price a quote against a catalog, exactly, following the contract's line waterfall.
 * Never throws on bad input: every problem becomes an entry in `issues` (with a path),
 * and a quote with an error is returned with `orderable: false`.
 *
 * @example
 * const priced = priceQuote(catalog, {
 *   id: 'Q-1', date: '2026-11-28',
 *   lines: [{ id: 'L1', sku: 'CRM-PRO', qty: '120', term: '12' }],
 * });
 * priced.totals.total; // "…" — a decimal string with the currency's decimals
 */
export function priceQuote(catalog: unknown, quote: unknown, options: PriceOptions = {}): PricedQuote {
  try {
    return price(catalog, quote, options);
  } catch (e) {
    // A bug, not bad input: still answer in the contract's shape rather than throw.
    return emptyPriced(quote, options, 'en', 'CNY', [
      { severity: 'error', code: 'internal-error', message: `Pricing failed unexpectedly: ${(e as Error).message}`, path: '' },
    ]);
  }
}

function price(rawCatalog: unknown, quote: unknown, options: PriceOptions): PricedQuote {
  const prepared = prepareCatalog(rawCatalog);
  if (!prepared.ok) {
    const locale = requestedLocale(quote, options) ?? (typeof own(rawCatalog, 'locale') === 'string' ? (own(rawCatalog, 'locale') as string) : 'en');
    const currency = own(rawCatalog, 'currency');
    return emptyPriced(quote, options, locale, typeof currency === 'string' ? currency : 'CNY',
      prepared.errors.slice(0, 100).map((e) => ({
        severity: 'error' as const, code: 'invalid-catalog', path: `catalog.${e.path}`.replace(/\.$/, ''),
        message: message(locale, 'invalid-catalog', { path: e.path || '(root)', message: e.message }),
      })));
  }
  return pricePrepared(prepared.catalog, quote, options);
}
