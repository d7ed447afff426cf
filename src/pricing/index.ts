/**
 * `cpq-kit/pricing`: exact quote pricing, DOM-free, the same in Node and the browser.
 */
export { priceQuote } from './price-quote.js';
export { allocate } from './allocate.js';
export { currencyScale } from '../core/currency.js';
export type {
  Catalog, Quote, QuoteLine, PricedQuote, PricedLine, Totals, TaxSummary, Issue, Approval,
  WaterfallStep, QuoteAdjustment, PriceOptions,
} from '../types.js';
