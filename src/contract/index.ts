/**
 * `cpq-kit/contract`: subscriptions and contracts, DOM-free. An ordered quote with term
 * products becomes a contract (`createContract`); `amend` and `renew` make the quotes that
 * change or continue it, priced by `priceQuote` with exact proration; `applyOrder` gives the
 * contract after such a quote is ordered.
 */
export { createContract, type CreateOptions } from './create.js';
export { amend, activeOn, changeQuantity, cancelSubscription, addProduct, type AmendOptions } from './amend.js';
export { applyOrder } from './apply.js';
export { renew, type RenewOptions } from './renew.js';
export { prorate, prorationLabel, type ProrationPolicy, type Proration } from '../core/proration.js';
export type { Contract, Subscription, ContractChange, ContractError, ContractResult } from './types.js';
export { checkAgainstContract } from './check.js';
export { rampLines, rampSegments, addRampSegment, removeRampSegment, setRampSegment, removeRamp, makeRamp, type RampSegment } from './ramp.js';
