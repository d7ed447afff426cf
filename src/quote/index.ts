/**
 * `cpq-kit/quote`: editing a quote as immutable data, and the customer's copy of a catalog and a
 * priced quote. toOrderEvent and verifyOrder arrive with issue 6.
 */
export { addLine, applySelection, moveLine, nextLineId, removeLine, updateLine } from './edit.js';
export { catalogForCustomer, pricedForCustomer } from './redact.js';
