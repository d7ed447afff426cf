import { Dec } from '../core/decimal.js';
import { own, isRecord } from '../core/object.js';
import { parseDecimalMemo } from '../core/parse.js';

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
  const r = parseDecimalMemo(value);
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
