import { cloneJson, isRecord, own, safeClone } from '../core/object.js';
import type { PreparedCatalog } from '../catalog/assemble.js';
import type { PricedLine, PricedQuote, Quote } from '../types.js';
import type { Lifecycle } from './lifecycle-types.js';
import { approvalKey } from './lifecycle-input.js';
import type { OrderFields } from './order-fields.js';
import { ORDER_SCHEMA_VERSION, type OrderApproval, type OrderContractRef, type OrderData, type OrderLine } from './order-types.js';

/**
 * The event's `data` from a quote, its pricing and its lifecycle. Everything is copied (the
 * event shares no object with its inputs), and what the seller entered on quote lines travels
 * beside what was priced, so that `verifyOrder` can price the order again.
 */

/** Fields of a quote line copied into its order line as entered. */
const ENTERED = ['options', 'discount', 'priceRule', 'contractedUnitPrice', 'repriced'] as const;

/** Build the order data; the caller has checked that the quote is accepted and the digests agree. */
export function orderData(cat: PreparedCatalog, quote: Quote, priced: PricedQuote, lifecycle: Lifecycle, digest: string, forCustomer = false, fields?: OrderFields, contract?: OrderContractRef): OrderData {
  const entered = new Map<string, Record<string, unknown>>();
  for (const line of quote.lines) if (isRecord(line) && typeof line.id === 'string') entered.set(line.id, line as unknown as Record<string, unknown>);

  const decisions = new Map(lifecycle.approvals.filter((d) => d.digest === digest).map((d) => [approvalKey(d), d]));
  const approvals: OrderApproval[] = priced.approvals.map((a) => {
    const d = decisions.get(approvalKey(a))!;
    const out: OrderApproval = { ruleId: a.ruleId, level: a.level, ...(forCustomer ? {} : { message: a.message }), approvedBy: d.approvedBy, approvedAt: d.approvedAt, digest: d.digest };
    if (a.lineId !== undefined) out.lineId = a.lineId;
    return out;
  });

  const parents = new Map(priced.lines.map((l) => [l.id, l.parentId]));
  const { cost: _c, margin: _m, marginPercent: _p, costedMargin: _cm, ...totals } = priced.totals;
  const data: OrderData = {
    schemaVersion: ORDER_SCHEMA_VERSION,
    catalogId: cat.raw.id as string,
    quoteId: priced.quoteId,
    version: priced.version,
    date: priced.date,
    locale: priced.locale,
    currency: priced.currency,
    taxMode: priced.taxMode,
    rounding: priced.rounding,
    lines: priced.lines.map((line) => orderLine(cat, line, line.parentId === null ? entered.get(line.id) : undefined, requestedDate(fields, parents, line))),
    adjustments: priced.adjustments.map((a) => ({ ...a })),
    totals: { ...totals, taxes: totals.taxes.map((t) => ({ ...t })) },
    approvals,
    acceptance: { ...lifecycle.acceptance! },
    digest,
  };
  if (priced.validUntil !== undefined) data.validUntil = priced.validUntil;
  if (priced.priceBook !== undefined) data.priceBook = priced.priceBook;
  if (priced.customer !== undefined) data.customer = cloneJson(priced.customer) as Record<string, unknown>;
  if (priced.opportunity !== undefined) data.opportunity = cloneJson(priced.opportunity) as Record<string, unknown>;
  const discount = own(quote, 'discount');
  if (discount !== undefined) data.discount = cloneJson(discount) as OrderData['discount'];
  const choice = own(quote, 'priceRule');
  if (typeof choice === 'string') data.priceRule = choice;
  // The sales order's fields, already checked and copied (readOrderFields): optional, additive.
  if (fields?.billTo) data.billTo = fields.billTo;
  if (fields?.shipTo) data.shipTo = fields.shipTo;
  if (fields?.paymentTerms) data.paymentTerms = fields.paymentTerms;
  if (fields?.requestedDate !== undefined) data.requestedDate = fields.requestedDate;
  if (fields?.customerReference !== undefined) data.customerReference = fields.customerReference;
  if (fields?.seller) data.seller = { ...fields.seller };
  const kind = own(quote, 'kind');
  if (kind === 'amendment' || kind === 'renewal') data.kind = kind;
  if (contract) {
    data.contract = { id: contract.id, version: contract.version };
    // The contract's days the quote was priced against (the grid, the co-termination): a receiver prices it again with them.
    const ref = own(quote, 'contract');
    for (const key of ['start', 'end', 'effective'] as const) if (typeof own(ref, key) === 'string') data.contract[key] = own(ref, key) as string;
  }
  return data;
}

/** A line's requested delivery date: its quote line's own (an option line has its quote line's), else the quote's. */
function requestedDate(fields: OrderFields | undefined, parents: Map<string, string | null>, line: PricedLine): string | undefined {
  if (!fields) return undefined;
  let id = line.id;
  // Up to the quote line (nested bundles), bounded by the number of lines.
  for (let i = 0; i < parents.size; i++) {
    const parent = parents.get(id);
    if (parent === null || parent === undefined) break;
    id = parent;
  }
  return fields.lineDates.get(id) ?? fields.requestedDate;
}

function orderLine(cat: PreparedCatalog, line: PricedLine, entered: Record<string, unknown> | undefined, date: string | undefined): OrderLine {
  const out: OrderLine = {
    id: line.id,
    parentId: line.parentId,
    sku: line.sku,
    name: line.name,
    qty: line.qty,
    optional: line.optional,
    listUnitPrice: line.listUnitPrice,
    netUnitPrice: line.netUnitPrice,
    listAmount: line.listAmount,
    netAmount: line.netAmount,
    discountPercent: line.discountPercent,
    taxCode: line.taxCode,
    taxRate: line.taxRate,
    tax: line.tax,
    total: line.total,
  };
  if (line.category !== undefined) out.category = line.category;
  if (line.unit !== undefined) out.unit = line.unit;
  if (line.term !== undefined) {
    out.term = line.term;
    const unit = cat.products.get(line.sku)?.term?.unit;
    if (unit !== undefined) out.termUnit = unit;
  }
  if (line.attributes !== undefined) out.attributes = { ...line.attributes };
  if (line.included) out.included = true;
  if (line.group !== undefined) out.group = line.group;
  if (line.priceRule !== undefined) out.appliedRule = line.priceRule;
  if (line.proration) out.period = { start: line.proration.start, end: line.proration.end, factor: line.proration.factor, label: line.proration.label };
  if (line.locked) out.locked = true;
  if (line.credit) out.credit = true;
  if (line.subscriptionId !== undefined) out.subscriptionId = line.subscriptionId;
  if (date !== undefined) out.requestedDate = date;
  for (const key of ENTERED) {
    const copy = safeClone(own(entered, key));
    // Nesting too deep to copy was refused by pricing already (the quote would not be orderable).
    if (copy.ok && copy.value !== undefined && copy.value !== null) (out as unknown as Record<string, unknown>)[key] = copy.value;
  }
  return out;
}
