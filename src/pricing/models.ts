import { Dec, ZERO } from '../core/decimal.js';
import { own, isRecord } from '../core/object.js';
import { parseDecimal } from '../core/parse.js';

/** A price model with every decimal parsed once, when the catalog is prepared. */
export type ParsedModel =
  | { model: 'flat'; list: Dec }
  | { model: 'tiered' | 'volume'; tiers: ParsedTier[] }
  | { model: 'block'; blocks: { upTo: Dec; price: Dec }[] }
  | { model: 'percentOf'; percent: Dec; skus: ReadonlySet<string> | null }
  | { model: 'costPlus'; markup: Dec };

export interface ParsedTier {
  upTo: Dec | null;
  unit: Dec;
  flat: Dec | null;
}

/** Thrown only while preparing a catalog that validation let through; caught there. */
export class ModelError extends Error {}

function dec(value: unknown): Dec {
  const r = parseDecimal(value);
  if (!r.ok) throw new ModelError(r.message);
  return r.value;
}

/** Parse a validated price model. */
export function parseModel(raw: unknown): ParsedModel {
  const model = own(raw, 'model');
  switch (model) {
    case 'flat':
      return { model, list: dec(own(raw, 'list')) };
    case 'tiered':
    case 'volume': {
      const tiers = own(raw, 'tiers');
      if (!Array.isArray(tiers)) throw new ModelError('tiers must be an array');
      return {
        model,
        tiers: tiers.map((t) => {
          const upTo = own(t, 'upTo');
          const flat = own(t, 'flat');
          return { upTo: upTo == null ? null : dec(upTo), unit: dec(own(t, 'unit')), flat: flat == null ? null : dec(flat) };
        }),
      };
    }
    case 'block': {
      const blocks = own(raw, 'blocks');
      if (!Array.isArray(blocks)) throw new ModelError('blocks must be an array');
      return { model, blocks: blocks.map((b) => ({ upTo: dec(own(b, 'upTo')), price: dec(own(b, 'price')) })) };
    }
    case 'percentOf': {
      const of = own(raw, 'of');
      const skus = own(of, 'skus');
      return {
        model,
        percent: dec(own(raw, 'percent')),
        skus: Array.isArray(skus) ? new Set(skus.filter((s): s is string => typeof s === 'string')) : null,
      };
    }
    case 'costPlus':
      return { model, markup: dec(own(raw, 'markup')) };
    default:
      throw new ModelError(`unknown price model ${JSON.stringify(model)}`);
  }
}

export function isModel(raw: unknown): boolean {
  return isRecord(raw) && typeof own(raw, 'model') === 'string';
}

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
