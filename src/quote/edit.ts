import type { ConfigSelection, Quote, QuoteLine } from '../types.js';

/**
 * Editing a quote as immutable data: every function returns a new quote and leaves its input
 * alone, sharing the lines it did not touch (so a host, or a lit context, sees a change by
 * identity). Lines are found by id; an unknown id returns the quote unchanged.
 */

/** A line id not used in the quote: `L1`, `L2`, … (the first free number after the largest). */
export function nextLineId(quote: Pick<Quote, 'lines'>): string {
  let max = 0;
  for (const line of quote.lines) {
    const m = /^L(\d{1,9})$/.exec(line.id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `L${max + 1}`;
}

/** Append a line for `sku` (with an optional starting selection); returns the quote and the new id. */
export function addLine(quote: Quote, sku: string, selection: ConfigSelection = {}): { quote: Quote; lineId: string } {
  const id = nextLineId(quote);
  const line: QuoteLine = { id, sku };
  if (selection.qty !== undefined) line.qty = String(selection.qty);
  if (selection.term !== undefined) line.term = String(selection.term);
  if (selection.attributes) line.attributes = { ...selection.attributes };
  if (selection.options) line.options = selection.options.map((o) => ({ ...o }));
  return { quote: { ...quote, lines: [...quote.lines, line] }, lineId: id };
}

/**
 * Replace fields of one line. A field set to `undefined` in the patch is removed from the line
 * (so "no discount" is `{ discount: undefined }`); the id cannot change.
 */
export function updateLine(quote: Quote, id: string, patch: Partial<Omit<QuoteLine, 'id'>>): Quote {
  const at = quote.lines.findIndex((l) => l.id === id);
  if (at < 0) return quote;
  const line: Record<string, unknown> = { ...quote.lines[at]! };
  let changed = false;
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'id') continue;
    if (value === undefined) {
      changed ||= key in line;
      delete line[key];
    } else {
      changed ||= !sameValue(line[key], value);
      line[key] = value;
    }
  }
  // The same values again (a field committed twice: Enter, then its change event): the quote as it is.
  if (!changed) return quote;
  const lines = quote.lines.slice();
  lines[at] = line as unknown as QuoteLine;
  return { ...quote, lines };
}

/** Whether a line field's new value is the one it has: the same primitives (Object.is), or plain arrays and objects of them, keys in the same order. */
function sameValue(a: unknown, b: unknown, depth = 0): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth > 16) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k, i) => k === kb[i] && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth + 1));
}

/** A line's configuration (quantity, term, attributes, options) from a configured selection. */
export function applySelection(quote: Quote, id: string, selection: ConfigSelection): Quote {
  return updateLine(quote, id, {
    qty: selection.qty === undefined ? undefined : String(selection.qty),
    term: selection.term === undefined ? undefined : String(selection.term),
    attributes: selection.attributes && Object.keys(selection.attributes).length > 0 ? { ...selection.attributes } : undefined,
    options: selection.options ? selection.options.map((o) => ({ ...o })) : undefined,
  });
}

/** Remove a line by id (the quote unchanged when there is none). */
export function removeLine(quote: Quote, id: string): Quote {
  const lines = quote.lines.filter((l) => l.id !== id);
  return lines.length === quote.lines.length ? quote : { ...quote, lines };
}

/** Move a line to position `to` (clamped to the list). */
export function moveLine(quote: Quote, id: string, to: number): Quote {
  const from = quote.lines.findIndex((l) => l.id === id);
  if (from < 0 || !Number.isInteger(to)) return quote;
  const target = Math.max(0, Math.min(quote.lines.length - 1, to));
  if (target === from) return quote;
  const lines = quote.lines.slice();
  const [line] = lines.splice(from, 1);
  lines.splice(target, 0, line!);
  return { ...quote, lines };
}

/** A section heading or a note line with `text`, at position `at` (default the end); returns the quote and its id. */
export function addTextLine(quote: Quote, kind: 'section' | 'note', text: string, at = quote.lines.length): { quote: Quote; lineId: string } {
  const id = nextLineId(quote);
  // A text line has no SKU: it shares QuoteLine's type so that the lines stay one list.
  const line = { id, kind, text } as unknown as QuoteLine;
  const lines = quote.lines.slice();
  lines.splice(Math.max(0, Math.min(lines.length, Math.trunc(at))), 0, line);
  return { quote: { ...quote, lines }, lineId: id };
}

/** A copy of a line (a new id, every other field deep-copied) right after it; the quote unchanged for an unknown id. */
export function cloneLine(quote: Quote, id: string): { quote: Quote; lineId: string | undefined } {
  const at = quote.lines.findIndex((l) => l.id === id);
  if (at < 0) return { quote, lineId: undefined };
  const lineId = nextLineId(quote);
  const copy = { ...(JSON.parse(JSON.stringify(quote.lines[at])) as QuoteLine), id: lineId };
  const lines = quote.lines.slice();
  lines.splice(at + 1, 0, copy);
  return { quote: { ...quote, lines }, lineId };
}

/** The quote's own fields a seller edits (not its lines, id, version or discount). */
export type QuoteFields = Pick<Quote, 'customer' | 'priceBook' | 'currency' | 'date' | 'validUntil' | 'paymentTerms' | 'notes' | 'terms'>;

/** The fields `setQuoteFields` changes; anything else in a patch is ignored. */
export const QUOTE_FIELD_KEYS = ['customer', 'priceBook', 'currency', 'date', 'validUntil', 'paymentTerms', 'notes', 'terms'] as const;

/** Replace some of the quote's own fields; `undefined` removes one. Pricing checks the values. */
export function setQuoteFields(quote: Quote, patch: Partial<QuoteFields>): Quote {
  const out: Record<string, unknown> = { ...quote };
  let changed = false;
  for (const key of QUOTE_FIELD_KEYS) {
    if (!Object.prototype.hasOwnProperty.call(patch, key)) continue;
    const value = patch[key];
    if (value === out[key]) continue;
    changed = true;
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return changed ? (out as unknown as Quote) : quote;
}

/** The same patch on several lines at once (one new quote: one reprice); unknown ids are skipped. */
export function updateLines(quote: Quote, ids: readonly string[], patch: Partial<Omit<QuoteLine, 'id'>>): Quote {
  let out = quote;
  for (const id of new Set(ids)) out = updateLine(out, id, patch);
  return out;
}

/** Remove several lines at once. */
export function removeLines(quote: Quote, ids: readonly string[]): Quote {
  const gone = new Set(ids);
  const lines = quote.lines.filter((l) => !gone.has(l.id));
  return lines.length === quote.lines.length ? quote : { ...quote, lines };
}
