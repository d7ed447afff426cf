/**
 * The pure core the elements need, as one module loaded on demand (`core-loader.ts`): the
 * validator, the configuration engine, pricing, decimal.js and json-logic-js stay out of the
 * first chunk of `import 'cpq-kit'`. Nothing can be priced before a catalog is validated, so
 * the core arrives with the first catalog at no cost to the first price shown.
 */
import { Dec } from '../core/decimal.js';

export { prepareCatalog } from '../rules/prepare-catalog.js';
export { pricePrepared } from '../pricing/price-prepared.js';
export { changeQuantity } from '../contract/amend.js';
export { addRampSegment, makeRamp, removeRamp, removeRampSegment, setRampSegment } from '../contract/ramp.js';
export { accept, approve, decline, markOrdered, orderEventId, recordEdit, reject, revise, send, snapshot, stateOf, submit, suggestStage, tryOrderEvent } from '../quote/index.js';

/** The exact sum of decimal strings, as a decimal string. */
export function sumDecimals(values: Iterable<string>): string {
  let total = new Dec(0);
  for (const v of values) total = total.plus(v);
  return total.toFixed();
}
