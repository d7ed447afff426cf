import { ZERO, type Dec } from '../core/decimal.js';
import type { ParsedModel } from '../catalog/models.js';

/** The outcome of evaluating a model: an amount for the whole quantity, or why there is none. */
export type ModelResult = { ok: true; amount: Dec } | { ok: false; code: 'qty-out-of-range' | 'missing-price'; limit?: Dec };

/**
 * The amount of `qty` units under a model (before attribute deltas, rules, discounts and
 * term). percentOf is priced from other lines and is not evaluated here.
 */
export function evaluateModel(model: ParsedModel, qty: Dec, cost: Dec | undefined): ModelResult {
  switch (model.model) {
    case 'flat':
      return { ok: true, amount: model.list.times(qty) };
    case 'tiered': {
      // Graduated: each tier prices the part of the quantity that falls inside it.
      let amount = ZERO;
      let lower = ZERO;
      for (const t of model.tiers) {
        if (!qty.gt(lower)) break;
        const upper = t.upTo === null || qty.lt(t.upTo) ? qty : t.upTo;
        amount = amount.plus(upper.minus(lower).times(t.unit));
        if (t.flat) amount = amount.plus(t.flat);
        if (t.upTo === null) break;
        lower = t.upTo;
      }
      return { ok: true, amount };
    }
    case 'volume': {
      for (const t of model.tiers) {
        if (t.upTo === null || qty.lte(t.upTo)) {
          const amount = qty.times(t.unit);
          return { ok: true, amount: t.flat ? amount.plus(t.flat) : amount };
        }
      }
      return { ok: false, code: 'qty-out-of-range', limit: model.tiers[model.tiers.length - 1]?.upTo ?? ZERO };
    }
    case 'block': {
      for (const b of model.blocks) if (qty.lte(b.upTo)) return { ok: true, amount: b.price };
      return { ok: false, code: 'qty-out-of-range', limit: model.blocks[model.blocks.length - 1]?.upTo ?? ZERO };
    }
    case 'costPlus':
      if (!cost) return { ok: false, code: 'missing-price' };
      return { ok: true, amount: cost.times(model.markup.plus(100)).div(100).times(qty) };
    case 'percentOf':
      return { ok: false, code: 'missing-price' };
  }
}
