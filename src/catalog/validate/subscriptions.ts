import { Dec, HUNDRED } from '../../core/decimal.js';
import { own } from '../../core/object.js';
import { partialRules, type ProrationMethod } from '../../core/proration.js';
import { decimal, fields, knownKeys, oneOf, record } from './fields.js';
import { at, choices, quote, type Report } from './report.js';

/** @extension The subscription settings of a catalog (`subscriptions`) or of a product (`subscription`). */
const SETTINGS = fields('proration', 'renewalUplift', 'renewalPrice', 'decreases');
const PRORATION = fields('method', 'first', 'last');
export const PRORATION_METHODS: readonly ProrationMethod[] = ['actual-days', '30-360', 'whole-months', 'whole-units', 'none'];

/**
 * Check subscription settings at `path` (`subscriptions` or `products[3].subscription`):
 * the proration policy, the renewal uplift (percent points, −100 < u ≤ 1000), the renewal
 * price basis and whether decreases are allowed before renewal. `termless` names a product
 * without a term, whose settings would never be used.
 */
export function checkSubscriptionSettings(r: Report, value: unknown, path: string, termless?: string): void {
  const s = record(r, value, path, '{"proration", "renewalUplift", "renewalPrice", "decreases"}');
  if (!s) return;
  if (termless !== undefined) r.warn(path, `${quote(termless)} has no "term": it is never a subscription, so these settings are never used`);
  knownKeys(r, s, path, SETTINGS, 'subscription settings');
  const p = record(r, own(s, 'proration'), at(path, 'proration'), '{"method", "first", "last"}');
  if (p) {
    knownKeys(r, p, at(path, 'proration'), PRORATION, 'a proration policy');
    const method = oneOf(r, own(p, 'method'), at(at(path, 'proration'), 'method'), PRORATION_METHODS, true);
    for (const end of ['first', 'last'] as const) {
      const rule = oneOf(r, own(p, end), at(at(path, 'proration'), end), ['prorate', 'full', 'free']);
      if (method && rule && !partialRules(method).includes(rule)) {
        r.error(at(at(path, 'proration'), end), `${quote(rule)} does not go with method ${quote(method)}: a partial ${end} period there is ${choices(partialRules(method))}`);
      }
    }
  }
  decimal(r, own(s, 'renewalUplift'), at(path, 'renewalUplift'), {
    min: HUNDRED.neg(), above: true, max: new Dec(1000), note: ' (percent points: "5" means +5 %)',
  });
  oneOf(r, own(s, 'renewalPrice'), at(path, 'renewalPrice'), ['contracted', 'list']);
  oneOf(r, own(s, 'decreases'), at(path, 'decreases'), ['allowed', 'at-renewal']);
}
