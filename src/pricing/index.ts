/**
 * `cpq-kit/pricing`: exact quote pricing, DOM-free, the same in Node and the browser.
 */
export { priceQuote } from './price-quote.js';
export { allocate } from './allocate.js';
export { isTextLine, TEXT_LIMITS, QUOTE_TEXT_FIELDS } from './quote-text.js';
export { currencyScale } from '../core/currency.js';
export type {
  Catalog, Quote, QuoteLine, PricedQuote, PricedLine, Totals, TaxSummary, Issue, Approval,
  WaterfallStep, QuoteAdjustment, PriceOptions, QuoteTextLine, PricedTextLine,
} from '../types.js';
