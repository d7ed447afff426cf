import { currencyScale } from '../core/currency.js';
import { describe, parseDecimal } from '../core/parse.js';
import { isRecord, own } from '../core/object.js';
import { PdfInputError } from './errors.js';
import { cleanText } from './format.js';
import type { QuoteParty } from './options.js';

/** One line as the document prints it: strings only, copied out of the host's object. */
export interface DocLine {
  id: string;
  parentId: string | null;
  sku: string;
  name: string;
  qty: string;
  term?: string;
  unit?: string;
  attributes: [string, string][];
  listUnitPrice: string;
  netUnitPrice: string;
  /** Before tax in both tax modes, as netAmount; absent in a hand-made quote without it. */
  listAmount?: string;
  netAmount: string;
  total: string;
  discountPercent: string;
  /** The manual discount as entered, when it is a percent (the line's `discount.percent`). */
  enteredPercent?: string;
  /**
   * False when `listUnitPrice` is not the exact list amount ÷ quantity (a graduated tier blend,
   * rounded by pricing to 6 decimals): the waterfall's list amount tells. Absent: taken as exact.
   */
  listExact?: boolean;
  optional: boolean;
  included: boolean;
  group?: string;
  /** The seller's description of the line, printed under its name. */
  description?: string;
  /** A prorated line's service period and how it was counted (`proration`). */
  period?: { start: string; end: string; label: string };
  locked?: boolean;
  credit?: boolean;
  /** Where the line is in the input, for error messages (`pricedQuote.lines[3]`). */
  path: string;
}

/** A section heading or a note, printed after the top-level line it follows (`after`; null: first). */
export interface DocTextLine {
  kind: 'section' | 'note';
  text: string;
  after: string | null;
  path: string;
}

/** The priced quote as the document needs it, checked. */
export interface DocQuote {
  quoteId: string;
  version: number;
  currency: string;
  scale: number;
  locale: string;
  date: string;
  validUntil?: string;
  inclusive: boolean;
  /** The catalog's rounding mode (for a unit price printed to the currency's decimals). */
  rounding: 'half-up' | 'half-even';
  /** The customer as a party (name and any address, taxId, … fields it has). */
  customer?: QuoteParty;
  lines: DocLine[];
  totals: { list: string; discount: string; discountPercent: string; net: string; tax: string; total: string };
  taxes: { code: string; rate: string; name?: string; base: string; amount: string }[];
  orderable: boolean;
  textLines: DocTextLine[];
  /** The quote's payment terms' `text`, notes and terms, for the closing sections. */
  paymentTerms?: string;
  notes?: string;
  terms?: string;
}

/** More lines than any real quote; a bound so a broken host cannot make the kit lay out forever. */
export const MAX_LINES = 10_000;
const MAX_TEXT = 20_000;

function fail(path: string, detail: string): never {
  throw new PdfInputError(path, detail);
}

function str(obj: unknown, key: string, path: string, required = true, max = MAX_TEXT): string | undefined {
  const v = own(obj, key);
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || (required && v === '')) fail(`${path}.${key}`, `must be a non-empty string, got ${describe(v)}`);
  if (v.length > max) fail(`${path}.${key}`, `is ${v.length} characters long; at most ${max} are accepted`);
  // Ids are matched, not printed: they stay as given.
  return key === 'id' ? v : cleanText(v);
}

/** A decimal string; with `scale`, written with at most that many decimals (money as printed). */
function dec(obj: unknown, key: string, path: string, scale?: number): string {
  const v = own(obj, key);
  const parsed = parseDecimal(v);
  if (!parsed.ok) fail(`${path}.${key}`, parsed.message);
  if (scale !== undefined && parsed.value.decimalPlaces() > scale) fail(`${path}.${key}`, `has more decimals than the currency's ${scale}; a priced quote carries rounded amounts`);
  return typeof v === 'number' ? String(v) : (v as string);
}

/** Bundles nest a few levels (a machine, its tank, the tank's valve); more is broken input. */
const MAX_DEPTH = 16;

function line(raw: unknown, i: number, scale: number, ids: Map<string, number>): DocLine {
  const path = `pricedQuote.lines[${i}]`;
  if (!isRecord(raw)) fail(path, `must be a priced line object, got ${describe(raw)}`);
  const id = str(raw, 'id', path)!;
  if (ids.has(id)) fail(`${path}.id`, `${JSON.stringify(id)} is used by an earlier line`);
  const parent = own(raw, 'parentId');
  if (parent !== undefined && parent !== null && (typeof parent !== 'string' || !ids.has(parent))) {
    fail(`${path}.parentId`, `must be null or the id of an earlier line, got ${describe(parent)}`);
  }
  const depth = typeof parent === 'string' ? ids.get(parent)! + 1 : 0;
  if (depth > MAX_DEPTH) fail(`${path}.parentId`, `option lines nest more than ${MAX_DEPTH} levels deep`);
  ids.set(id, depth);
  const attributes: [string, string][] = [];
  const attrs = own(raw, 'attributes');
  if (attrs !== undefined) {
    if (!isRecord(attrs)) fail(`${path}.attributes`, `must be an object, got ${describe(attrs)}`);
    for (const [k, v] of Object.entries(attrs)) {
      if (typeof v !== 'string') fail(`${path}.attributes.${k}`, `must be a string, got ${describe(v)}`);
      attributes.push([k, v]);
    }
  }
  const flag = (key: string): boolean => {
    const v = own(raw, key);
    if (v !== undefined && typeof v !== 'boolean') fail(`${path}.${key}`, `must be a boolean, got ${describe(v)}`);
    return v === true;
  };
  const out: DocLine = {
    id,
    parentId: typeof parent === 'string' ? parent : null,
    sku: str(raw, 'sku', path)!,
    name: str(raw, 'name', path)!,
    qty: dec(raw, 'qty', path),
    attributes,
    listUnitPrice: dec(raw, 'listUnitPrice', path),
    netUnitPrice: dec(raw, 'netUnitPrice', path),
    netAmount: dec(raw, 'netAmount', path, scale),
    total: dec(raw, 'total', path, scale),
    discountPercent: own(raw, 'discountPercent') === undefined ? '0' : dec(raw, 'discountPercent', path),
    optional: flag('optional'),
    included: flag('included'),
    path,
  };
  if (own(raw, 'term') !== undefined) out.term = dec(raw, 'term', path);
  const entered = own(own(raw, 'discount'), 'percent');
  if (entered !== undefined) out.enteredPercent = dec(own(raw, 'discount'), 'percent', `${path}.discount`);
  const exact = listExact(raw, out.listUnitPrice, out.qty);
  if (exact !== undefined) out.listExact = exact;
  if (own(raw, 'listAmount') !== undefined) out.listAmount = dec(raw, 'listAmount', path, scale);
  const unit = str(raw, 'unit', path, false);
  if (unit) out.unit = unit;
  const group = str(raw, 'group', path, false, 2000);
  if (group) out.group = group;
  const description = str(raw, 'description', path, false, 2000);
  if (description) out.description = description;
  const proration = own(raw, 'proration');
  if (proration !== undefined) {
    const p = `${path}.proration`;
    out.period = { start: str(proration, 'start', p, true, 10)!, end: str(proration, 'end', p, true, 10)!, label: str(proration, 'label', p, true, 200)! };
  }
  if (flag('locked')) out.locked = true;
  if (flag('credit')) out.credit = true;
  return out;
}

/** The priced quote's section and note lines, each placed after a top-level line it has. */
function textLines(raw: unknown, ids: Map<string, number>): DocTextLine[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) fail('pricedQuote.textLines', `must be an array, got ${describe(raw)}`);
  if (raw.length > MAX_LINES) fail('pricedQuote.textLines', `has ${raw.length} lines; at most ${MAX_LINES} are printed`);
  return raw.map((x, i) => {
    const path = `pricedQuote.textLines[${i}]`;
    const kind = own(x, 'kind');
    if (kind !== 'section' && kind !== 'note') fail(`${path}.kind`, `must be "section" or "note", got ${describe(kind)}`);
    const after = own(x, 'after') ?? null;
    if (after !== null && (typeof after !== 'string' || !ids.has(after))) fail(`${path}.after`, `must be null or the id of a line of the quote, got ${describe(after)}`);
    return { kind, text: str(x, 'text', path, false, 2000) ?? '', after, path };
  });
}

/**
 * Whether a priced line's list unit price is exact: its list amount for the whole quantity (the
 * waterfall's last base or attribute step, written exactly by pricing) is the unit price × the
 * quantity. Undefined without such a step (a hand-made quote): nothing to tell by.
 */
function listExact(raw: unknown, unit: string, qty: string): boolean | undefined {
  const steps = own(raw, 'waterfall');
  if (!Array.isArray(steps)) return undefined;
  let list: unknown;
  for (const s of steps) if (own(s, 'step') === 'base' || own(s, 'step') === 'attribute') list = own(s, 'amount');
  const amount = parseDecimal(list);
  const q = parseDecimal(qty);
  const u = parseDecimal(unit);
  return amount.ok && q.ok && u.ok ? u.value.times(q.value).eq(amount.value) : undefined;
}

/** Check a priced quote enough to print it, and copy what the document needs. */
export function checkPricedQuote(pq: unknown): DocQuote {
  if (!isRecord(pq)) fail('pricedQuote', `must be the object priceQuote returns, got ${describe(pq)}`);
  const currency = str(pq, 'currency', 'pricedQuote')!;
  const scale = currencyScale(currency);
  if (scale === undefined) fail('pricedQuote.currency', `must be an ISO 4217 code such as "CNY", got ${describe(currency)}`);
  const version = own(pq, 'version') ?? 1;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) fail('pricedQuote.version', `must be a whole number, got ${describe(version)}`);
  const taxMode = own(pq, 'taxMode') ?? 'exclusive';
  if (taxMode !== 'exclusive' && taxMode !== 'inclusive') fail('pricedQuote.taxMode', `must be "exclusive" or "inclusive", got ${describe(taxMode)}`);
  const rounding = own(pq, 'rounding') ?? 'half-up';
  if (rounding !== 'half-up' && rounding !== 'half-even') fail('pricedQuote.rounding', `must be "half-up" or "half-even", got ${describe(rounding)}`);
  const orderable = own(pq, 'orderable') ?? true;
  if (typeof orderable !== 'boolean') fail('pricedQuote.orderable', `must be a boolean, got ${describe(orderable)}`);

  const rawLines = own(pq, 'lines');
  if (!Array.isArray(rawLines)) fail('pricedQuote.lines', `must be an array, got ${describe(rawLines)}`);
  if (rawLines.length > MAX_LINES) fail('pricedQuote.lines', `has ${rawLines.length} lines; at most ${MAX_LINES} are printed`);
  const ids = new Map<string, number>();
  const lines = rawLines.map((l, i) => line(l, i, scale, ids));

  const t = own(pq, 'totals');
  if (!isRecord(t)) fail('pricedQuote.totals', `must be an object, got ${describe(t)}`);
  const p = 'pricedQuote.totals';
  const totals = {
    list: dec(t, 'list', p, scale),
    discount: dec(t, 'discount', p, scale),
    discountPercent: own(t, 'discountPercent') === undefined ? '0' : dec(t, 'discountPercent', p),
    net: dec(t, 'net', p, scale),
    tax: dec(t, 'tax', p, scale),
    total: dec(t, 'total', p, scale),
  };
  const rawTaxes = own(t, 'taxes') ?? [];
  if (!Array.isArray(rawTaxes)) fail(`${p}.taxes`, `must be an array, got ${describe(rawTaxes)}`);
  const taxes = rawTaxes.map((tx, i) => {
    const tp = `${p}.taxes[${i}]`;
    if (!isRecord(tx)) fail(tp, `must be an object, got ${describe(tx)}`);
    const name = str(tx, 'name', tp, false, 200);
    return { code: str(tx, 'code', tp)!, rate: dec(tx, 'rate', tp), base: dec(tx, 'base', tp, scale), amount: dec(tx, 'amount', tp, scale), ...(name ? { name } : {}) };
  });

  const customer = own(pq, 'customer');
  const out: DocQuote = {
    quoteId: str(pq, 'quoteId', 'pricedQuote', true, 200)!,
    version,
    currency,
    scale,
    locale: str(pq, 'locale', 'pricedQuote', false) ?? 'zh-CN',
    date: str(pq, 'date', 'pricedQuote', false, 200) ?? '',
    inclusive: taxMode === 'inclusive',
    rounding,
    lines,
    totals,
    taxes,
    orderable,
    textLines: textLines(own(pq, 'textLines'), ids),
  };
  const validUntil = str(pq, 'validUntil', 'pricedQuote', false, 200);
  if (validUntil) out.validUntil = validUntil;
  const paymentTerms = str(own(pq, 'paymentTerms'), 'text', 'pricedQuote.paymentTerms', false, 2000);
  if (paymentTerms) out.paymentTerms = paymentTerms;
  for (const key of ['notes', 'terms'] as const) {
    const v = str(pq, key, 'pricedQuote', false);
    if (v) out[key] = v;
  }
  if (isRecord(customer) && own(customer, 'name') !== undefined) {
    const party: QuoteParty = { name: str(customer, 'name', 'pricedQuote.customer', true, 300)! };
    for (const key of ['address', 'taxId', 'contact', 'phone', 'email', 'bank'] as const) {
      if (typeof own(customer, key) === 'string') party[key] = str(customer, key, 'pricedQuote.customer', false, 2000)!;
    }
    out.customer = party;
  }
  return out;
}
