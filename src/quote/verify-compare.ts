import { isRecord, own } from '../core/object.js';
import type { PricedQuote } from '../types.js';
import { canonicalJson } from './canonical-json.js';
import type { OrderDifference } from './order-types.js';

/**
 * Field-by-field comparison of an order event's priced content with the same quote priced
 * again from the catalog. `expected` is always what the catalog gives, `actual` what the event
 * says; an absent field is `null` on its side.
 */

/** Priced-line fields compared as written (the event's name for each, and the priced line's). */
const LINE_FIELDS: [string, string][] = [
  ['parentId', 'parentId'], ['sku', 'sku'], ['name', 'name'], ['qty', 'qty'], ['term', 'term'],
  ['listUnitPrice', 'listUnitPrice'], ['netUnitPrice', 'netUnitPrice'], ['listAmount', 'listAmount'],
  ['netAmount', 'netAmount'], ['discountPercent', 'discountPercent'], ['taxCode', 'taxCode'],
  ['taxRate', 'taxRate'], ['tax', 'tax'], ['total', 'total'], ['appliedRule', 'priceRule'],
];
const TOTAL_FIELDS = ['list', 'discount', 'net', 'tax', 'total', 'discountPercent'];

/** Equal as JSON data (key order ignored); an absent value equals null. */
function same(a: unknown, b: unknown): boolean {
  try {
    return canonicalJson(a ?? null) === canonicalJson(b ?? null);
  } catch {
    // Only an event nested deeper than any order is can get here: it is not what was priced.
    return false;
  }
}

function diff(out: OrderDifference[], path: string, expected: unknown, actual: unknown): void {
  if (!same(expected, actual)) out.push({ path, expected: expected ?? null, actual: actual ?? null });
}

/** A short description of a line for a difference about the whole line. */
export function lineSummary(line: unknown): Record<string, unknown> {
  return { id: own(line, 'id') ?? null, sku: own(line, 'sku') ?? null, qty: own(line, 'qty') ?? null, netAmount: own(line, 'netAmount') ?? null };
}

/** Compare lines by id: changed fields, lines the event added, and lines it left out. */
export function compareLines(out: OrderDifference[], expected: PricedQuote, lines: unknown[]): void {
  const byId = new Map(expected.lines.map((l) => [l.id, l]));
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    const path = `data.lines[${i}]`;
    const id = own(line, 'id');
    const want = typeof id === 'string' && !seen.has(id) ? byId.get(id) : undefined;
    if (!want) {
      out.push({ path, expected: null, actual: isRecord(line) ? lineSummary(line) : line });
      return;
    }
    seen.add(want.id);
    for (const [field, pricedField] of LINE_FIELDS) diff(out, `${path}.${field}`, own(want, pricedField), own(line, field));
    diff(out, `${path}.attributes`, want.attributes, own(line, 'attributes'));
    diff(out, `${path}.optional`, want.optional, own(line, 'optional') === true);
    diff(out, `${path}.included`, want.included === true, own(line, 'included') === true);
  });
  for (const want of expected.lines) {
    if (!seen.has(want.id)) out.push({ path: 'data.lines', expected: lineSummary(want), actual: null });
  }
}

/** Compare the quote adjustments in order, and the totals with their tax summary by code. */
export function compareTotals(out: OrderDifference[], expected: PricedQuote, adjustments: unknown, totals: unknown): void {
  const adj = Array.isArray(adjustments) ? adjustments : [];
  const n = Math.max(adj.length, expected.adjustments.length);
  for (let i = 0; i < n; i++) {
    const want = expected.adjustments[i];
    const got = adj[i];
    if (!want || !isRecord(got)) {
      diff(out, `data.adjustments[${i}]`, want, got);
      continue;
    }
    for (const field of ['kind', 'ruleId', 'amount']) diff(out, `data.adjustments[${i}].${field}`, own(want, field), own(got, field));
  }
  for (const field of TOTAL_FIELDS) diff(out, `data.totals.${field}`, own(expected.totals, field), own(totals, field));
  const taxes = own(totals, 'taxes');
  const got = new Map<unknown, [number, unknown]>((Array.isArray(taxes) ? taxes : []).map((t, i) => [own(t, 'code'), [i, t]]));
  for (const want of expected.totals.taxes) {
    const hit = got.get(want.code);
    if (!hit) {
      out.push({ path: 'data.totals.taxes', expected: { code: want.code, base: want.base, amount: want.amount }, actual: null });
      continue;
    }
    got.delete(want.code);
    for (const field of ['rate', 'base', 'amount']) diff(out, `data.totals.taxes[${hit[0]}].${field}`, own(want, field), own(hit[1], field));
  }
  for (const [, [i, t]] of got) out.push({ path: `data.totals.taxes[${i}]`, expected: null, actual: t });
}

/** The value at a path such as `lines[2].qty` inside `root`, or undefined. */
export function valueAt(root: unknown, path: string): unknown {
  let value = root;
  for (const part of path.split(/\.|(?=\[)/)) {
    if (part === '') continue;
    const index = /^\[(\d+)\]$/.exec(part);
    value = index ? (Array.isArray(value) ? value[Number(index[1])] : undefined) : own(value, part);
  }
  return value;
}
