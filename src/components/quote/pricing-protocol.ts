import type { Catalog, ConfigState, PricedLine, PricedQuote, Quote, WaterfallStep } from '../../types.js';

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

/**
 * New figures for lines that are otherwise the same as a line of the previous answer: the lines a
 * quote-level change reaches (a quote discount moves every line's allocated share, net, tax, total,
 * net unit price, discount and margin) cross as a few texts each in one string, not as whole line
 * objects — a 10,000-line quote discount is then one string and two number arrays to clone, and
 * the page builds new line objects from the previous ones (see `applyFigures`).
 */
export interface FigurePatch {
  /**
   * What changes, per kind of line: top-level string fields by name, and either waterfall steps (by
   * index) whose `amount` changes or, when steps came or went (a quote discount set or cleared), the
   * whole waterfall: its steps with `amount` empty, every amount then among the values.
   */
  shapes: { fields: string[]; steps: number[]; waterfall?: WaterfallStep[] }[];
  /** The positions (in the new list, ascending) of the lines with new figures; their `lines` entry is the previous line's index. */
  at: Int32Array;
  /** Each such line's shape (an index into `shapes`). */
  shape: Int32Array;
  /** The new values, line after line, fields then steps, each followed by FIGURE_END (no value contains it). */
  values: string;
}

/** Ends each value of `FigurePatch.values`. */
export const FIGURE_END = '\u001f';

/** The worker's answer: the priced quote, a request a newer one overtook, or a failure. */
export type WorkerAnswer =
  | {
    seq: number;
    /** The priced quote without its lines. */
    priced: PricedQuote;
    /** Its lines, as a change of the lines of the worker's previous priced answer (the same field for field). */
    lines: ListPatch<PricedLine>;
    /** New figures for some of the lines `lines` gives as a previous line's index. */
    figures?: FigurePatch;
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

/**
 * Put `patch`'s figures into `lines` (the list `applyPatch` gave, changed in place): a line with new
 * figures becomes a new object — the previous line's fields in the same order, the changed ones
 * replaced, its waterfall a new array whose changed steps are new objects (all of them, from the
 * shape's, when the steps changed) — and every other line
 * keeps its identity. A patch that does not fit (a position or shape out of range, values missing,
 * a field that is not a string) gives false.
 */
export function applyFigures(patch: FigurePatch, lines: PricedLine[]): boolean {
  const values = patch.values.split(FIGURE_END);
  const { at, shape, shapes } = patch;
  if (at.length !== shape.length) return false;
  let v = 0;
  for (let k = 0; k < at.length; k++) {
    const i = at[k]!;
    const s = shapes[shape[k]!];
    const base = lines[i];
    if (!s || !base || v + s.fields.length + (s.waterfall ?? s.steps).length >= values.length) return false;
    const line = { ...base } as unknown as Record<string, unknown>;
    for (const f of s.fields) {
      if (typeof line[f] !== 'string') return false;
      line[f] = values[v++];
    }
    if (s.waterfall) line.waterfall = s.waterfall.map((step) => ({ ...step, amount: values[v++]! }));
    else if (s.steps.length > 0) {
      const waterfall = base.waterfall.slice();
      for (const j of s.steps) {
        const step = waterfall[j];
        if (!step) return false;
        waterfall[j] = { ...step, amount: values[v++]! };
      }
      line.waterfall = waterfall;
    }
    lines[i] = line as unknown as PricedLine;
  }
  // The values end with FIGURE_END: split leaves one empty string after the last.
  return v === values.length - 1;
}
