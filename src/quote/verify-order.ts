import { isRecord, own } from '../core/object.js';
import { pricePrepared } from '../pricing/price-prepared.js';
import { prepareCatalog } from '../rules/prepare-catalog.js';
import type { PricedQuote } from '../types.js';
import { quoteDigest } from './digest.js';
import { orderEventId } from './order-id.js';
import type { OrderDifference } from './order-types.js';
import { isPastValidity, isTimestamp } from './validity.js';
import { compareLines, compareTotals, valueAt } from './verify-compare.js';
import { checkEnvelope } from './verify-envelope.js';

/** Options of `verifyOrder`. */
export interface VerifyOptions {
  /** The digest the host itself recorded when the customer accepted: the event must carry it. */
  acceptedDigest?: string;
}

/** What `verifyOrder` found; `priced` and `digest` are the catalog's own pricing of the order. */
export interface VerifyResult {
  ok: boolean;
  differences: OrderDifference[];
  priced?: PricedQuote;
  digest?: string;
}

/** Quote fields read back from the event to price it again, as entered. */
const QUOTE_FIELDS = ['date', 'validUntil', 'currency', 'locale', 'priceBook', 'customer', 'opportunity', 'discount', 'priceRule',
  // The sales-order fields: not priced, but approval rules see the quote's own fields.
  'billTo', 'shipTo', 'paymentTerms', 'requestedDate', 'customerReference', 'kind'];
const LINE_FIELDS = ['id', 'sku', 'qty', 'term', 'attributes', 'options', 'discount', 'priceRule', 'optional', 'group',
  // Subscriptions (issue 16): the service period and what a line is to its contract.
  'period', 'locked', 'credit', 'subscriptionId', 'repriced', 'contractedUnitPrice'];

function pick(from: unknown, keys: readonly string[], into: Record<string, unknown> = {}): Record<string, unknown> {
  for (const key of keys) {
    const value = own(from, key);
    if (value !== undefined) into[key] = value;
  }
  return into;
}

/**
 * Verify an order event on the receiving side: price the order again from the catalog and
 * report every difference — the envelope, changed prices, quantities or discounts, lines added
 * or left out, totals, currency, approvals the catalog requires but the event lacks (or that
 * were given for other prices), the acceptance, and the digest. Trust nothing a browser sent:
 * store `priced`, the catalog's own pricing, rather than the event's figures. Synchronous; never
 * throws (input it cannot read is a difference at the root).
 *
 * @example
 * const { ok, differences } = verifyOrder(catalog, JSON.parse(body));
 * for (const d of differences) console.log(`${d.path}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.actual)}`);
 */
export function verifyOrder(catalog: unknown, event: unknown, options: VerifyOptions = {}): VerifyResult {
  try {
    return verify(catalog, event, options);
  } catch (e) {
    let actual: string;
    try {
      actual = e instanceof Error ? e.message : String(e);
    } catch {
      actual = 'an unreadable exception';
    }
    return { ok: false, differences: [{ path: '', expected: 'an event that can be verified', actual }] };
  }
}

function verify(catalog: unknown, event: unknown, options: unknown): VerifyResult {
  const out: OrderDifference[] = [];
  const data = checkEnvelope(out, event);
  if (!data) return { ok: false, differences: out };
  const quoteId = data.quoteId as string;
  const version = data.version as number;
  const id = orderEventId(quoteId, version);
  if (own(event, 'id') !== id) out.push({ path: 'id', expected: id, actual: own(event, 'id') ?? null });

  const cat = prepareCatalog(catalog);
  if (!cat.ok) {
    for (const e of cat.errors.slice(0, 20)) out.push({ path: `catalog.${e.path}`.replace(/\.$/, ''), expected: 'a valid catalog', actual: e.message });
    return { ok: false, differences: out };
  }

  // The quote as entered, from the event: quote lines carry what the seller entered.
  const lines = data.lines as unknown[];
  const entered: number[] = [];
  lines.forEach((l, i) => {
    if (own(l, 'parentId') === null || own(l, 'parentId') === undefined) entered.push(i);
  });
  const quote = pick(data, QUOTE_FIELDS, { id: quoteId, version });
  // An amendment or renewal is priced on its contract's days (the grid, the co-termination).
  const contract = own(data, 'contract');
  if (quote.kind !== undefined && contract !== undefined) quote.contract = pick(contract, ['id', 'start', 'end', 'effective']);
  quote.lines = entered.map((i) => pick(lines[i], LINE_FIELDS));
  const locale = own(data, 'locale');
  const date = own(data, 'date');
  const priced = pricePrepared(cat.catalog, quote, {
    ...(typeof locale === 'string' ? { locale } : {}),
    ...(typeof date === 'string' ? { today: date } : {}),
  });

  for (const issue of priced.issues) {
    if (issue.severity !== 'error') continue;
    const m = /^lines\[(\d+)\](.*)$/.exec(issue.path ?? '');
    const path = m ? `lines[${entered[Number(m[1])]}]${m[2]}` : issue.path === 'id' ? 'quoteId' : issue.path ?? '';
    out.push({ path: path ? `data.${path}` : 'data', expected: `${issue.code}: ${issue.message}`, actual: valueAt(data, path) ?? null });
  }

  const book = typeof data.priceBook === 'string' ? cat.catalog.priceBooks.get(data.priceBook) : undefined;
  const currency = book ? book.currency : cat.catalog.currency;
  if (data.currency !== currency) out.push({ path: 'data.currency', expected: currency, actual: data.currency ?? null });
  for (const field of ['date', 'taxMode', 'rounding'] as const) {
    if (data[field] !== priced[field]) out.push({ path: `data.${field}`, expected: priced[field], actual: data[field] ?? null });
  }
  compareLines(out, priced, lines);
  compareTotals(out, priced, data.adjustments, data.totals);

  const digest = quoteDigest(priced);
  checkApprovals(out, priced, data.approvals, digest);
  checkAcceptance(out, data, digest);
  if (data.digest !== digest) out.push({ path: 'data.digest', expected: digest, actual: data.digest ?? null });
  const acceptedDigest = own(options, 'acceptedDigest');
  if (acceptedDigest !== undefined && data.digest !== acceptedDigest) {
    out.push({ path: 'data.digest', expected: acceptedDigest, actual: data.digest ?? null });
  }
  return { ok: out.length === 0, differences: out, priced, digest };
}

/** Every approval the catalog requires must be in the event, given by someone, for these prices. */
function checkApprovals(out: OrderDifference[], priced: PricedQuote, raw: unknown, digest: string): void {
  if (raw !== undefined && !Array.isArray(raw)) out.push({ path: 'data.approvals', expected: 'an array of approvals', actual: raw });
  const given = Array.isArray(raw) ? raw : [];
  for (const a of priced.approvals) {
    const j = given.findIndex((g) => own(g, 'ruleId') === a.ruleId && own(g, 'lineId') === a.lineId);
    if (j < 0) {
      out.push({ path: 'data.approvals', expected: { ruleId: a.ruleId, level: a.level, ...(a.lineId ? { lineId: a.lineId } : {}) }, actual: null });
      continue;
    }
    const g = given[j];
    const by = own(g, 'approvedBy');
    if (typeof by !== 'string' || by === '') out.push({ path: `data.approvals[${j}].approvedBy`, expected: 'who approved', actual: by ?? null });
    if (!isTimestamp(own(g, 'approvedAt'))) out.push({ path: `data.approvals[${j}].approvedAt`, expected: 'an RFC 3339 timestamp', actual: own(g, 'approvedAt') ?? null });
    if (own(g, 'digest') !== digest) out.push({ path: `data.approvals[${j}].digest`, expected: digest, actual: own(g, 'digest') ?? null });
  }
}

/** The customer accepted these prices, in time. */
function checkAcceptance(out: OrderDifference[], data: Record<string, unknown>, digest: string): void {
  const acceptance = data.acceptance;
  if (!isRecord(acceptance)) {
    out.push({ path: 'data.acceptance', expected: 'the customer\'s acceptance { by, at, digest }', actual: acceptance ?? null });
    return;
  }
  const by = own(acceptance, 'by');
  if (typeof by !== 'string' || by === '') out.push({ path: 'data.acceptance.by', expected: 'who accepted', actual: by ?? null });
  const at = own(acceptance, 'at');
  if (!isTimestamp(at)) out.push({ path: 'data.acceptance.at', expected: 'an RFC 3339 timestamp', actual: at ?? null });
  else if (typeof data.validUntil === 'string' && isPastValidity(data.validUntil, at)) {
    out.push({ path: 'data.acceptance.at', expected: `on or before ${data.validUntil}`, actual: at });
  }
  if (own(acceptance, 'digest') !== digest) out.push({ path: 'data.acceptance.digest', expected: digest, actual: own(acceptance, 'digest') ?? null });
}
