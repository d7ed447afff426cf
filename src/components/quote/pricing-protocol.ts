import type { Catalog, ConfigState, PricedLine, PricedQuote, Quote } from '../../types.js';

/**
 * A list sent as a change of the one sent before it: each entry is new (the item itself) or the
 * index of the same item in the previous list. A 10,000-line quote whose one line changed crosses
 * as one line and 9,999 numbers: the structured clone of the rest is not paid, on either side.
 */
export type ListPatch<T> = (T | number)[];

/** The page asks the pricing worker to price a quote (pricing.worker.ts). */
export interface WorkerRequest {
  /** Increases with every request of one page: answers are matched, stale ones dropped, by it. */
  seq: number;
  /** The page's id for the catalog; `catalog` comes with the first request that uses it. */
  catalogId: number;
  catalog?: Catalog;
  /** The quote without its lines when `lines` is given, else the whole quote (lines not a list). */
  quote: Quote;
  /** The quote's lines, as a change of the lines of the request before (the same objects, by identity). */
  lines?: ListPatch<unknown>;
  locale: string;
}

/** The worker's answer: the priced quote, a request a newer one overtook, or a failure. */
export type WorkerAnswer =
  | {
    seq: number;
    /** The priced quote without its lines. */
    priced: PricedQuote;
    /** Its lines, as a change of the lines of the worker's previous priced answer (the same field for field). */
    lines: ListPatch<PricedLine>;
    configs: Record<string, ConfigState>;
  }
  | { seq: number; skipped: true }
  | { seq: number; failed: string };

/** The list a patch stands for, given the previous one (an index past its end is a broken patch: undefined). */
export function applyPatch<T>(patch: ListPatch<T>, previous: readonly T[]): T[] | undefined {
  const out = new Array<T>(patch.length);
  for (let i = 0; i < patch.length; i++) {
    const p = patch[i]!;
    if (typeof p === 'number') {
      if (!(p in previous)) return undefined;
      out[i] = previous[p]!;
    } else out[i] = p;
  }
  return out;
}
