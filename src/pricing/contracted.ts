import type { Dec } from '../core/decimal.js';
import { atLeast } from '../core/money.js';
import type { Work } from './lines.js';
import { label } from './messages.js';
import type { StepContext } from './steps.js';

/**
 * Steps 3–4 of an existing subscription on an amendment: its contracted net unit price (per
 * term unit) replaces price rules and discounts, which were applied when it was sold.
 */
export function stepContracted(ctx: StepContext, w: Work, unitPrice: Dec): void {
  w.amount = unitPrice.times(w.qty);
  w.waterfall.push({ step: 'contracted', label: `${label(ctx.locale, 'contracted')} ${atLeast(unitPrice, ctx.scale)} × ${w.qty.toString()}`, amount: atLeast(w.amount, ctx.scale) });
}
