import { addLine, addTextLine, applySelection, cloneLine, moveLine, removeLine, removeLines, setQuoteFields, updateLine, updateLines } from '../../quote/edit.js';
import type { ContractResult } from '../../contract/types.js';
import { sameData } from '../../core/object.js';
import type { Catalog, LineDiscount, PricedQuote, Quote, QuoteLine } from '../../types.js';
import type { CpqApi, CpqMode } from '../context.js';
import type { QuoteServiceController } from '../service/quote-service.js';
import type { QuoteFlow } from './quote-flow.js';

/**
 * The period of a product sold by term added to an amendment or a renewal: co-terminated with the
 * contract (`addProduct` of cpq-kit/contract) — from the effective date to the contract's end, or
 * over the renewal's term. Undefined on other quotes and for one-off products.
 */
export function contractPeriod(quote: Quote, catalog: Catalog | undefined, sku: string): QuoteLine['period'] | undefined {
  const ref = quote.contract;
  if (!ref || (quote.kind !== 'amendment' && quote.kind !== 'renewal')) return undefined;
  if (catalog?.products.find((p) => p.sku === sku)?.term === undefined) return undefined;
  return quote.kind === 'amendment' ? { start: ref.effective ?? quote.date ?? ref.start, end: ref.end } : { start: ref.start, end: ref.end };
}

/** What the API needs of `<cpq-quote>`. */
export interface ApiHost {
  readonly quote: Quote;
  /** The catalog (the full one, in every mode). */
  readonly catalog: Catalog | undefined;
  readonly mode: CpqMode;
  /** Read-only by the host, or locked by the lifecycle (sent, accepted, …: revise instead). */
  readonly frozen: boolean;
  readonly flow: QuoteFlow;
  /** The quote service, when `service` is set: moves go there instead of the local lifecycle. */
  readonly service: QuoteServiceController;
  /** A user's change of the quote: reprice, then `cpq-quote-change`. */
  commit(quote: Quote): void;
  setActiveLine(id: string | null, rerender: boolean): void;
  sum(amounts: Iterable<string>): string | undefined;
  /** `changeQuantity` of cpq-kit/contract, from the core (undefined until it is loaded, as are prices). */
  changeQuantity(quote: Quote, subscriptionId: string, qty: string): ContractResult<Quote> | undefined;
  preview(quote: Quote, options?: { memo?: boolean }): PricedQuote | undefined;
  /** Price ahead a change the user is about to commit (CpqApi.anticipate). */
  anticipate(quote: Quote): Promise<PricedQuote | undefined>;
  /** The ramp operations of cpq-kit/contract, from the core (undefined until it is loaded). */
  ramps(): RampOps | undefined;
}

/** The pure ramp operations (src/contract/ramp.ts) the API calls. */
export interface RampOps {
  addRampSegment(quote: Quote, rampId: string): ContractResult<Quote>;
  removeRampSegment(quote: Quote, rampId: string, index: number): ContractResult<Quote>;
  setRampSegment(quote: Quote, rampId: string, index: number, patch: { qty?: string; discount?: LineDiscount | null }): ContractResult<Quote>;
  removeRamp(quote: Quote, rampId: string): ContractResult<Quote>;
  makeRamp(quote: Quote, lineId: string, start: string, termUnit?: 'month' | 'year' | 'day'): ContractResult<Quote>;
}

/** The changes the elements ask of `<cpq-quote>`, each checked against the mode and the lock. */
export function quoteApi(h: ApiHost): CpqApi {
  const sales = () => h.mode === 'sales';
  return {
    addProduct: (sku, selection) => {
      if (h.frozen) return undefined;
      const added = addLine(h.quote, sku, selection);
      const period = contractPeriod(h.quote, h.catalog, sku);
      const { quote, lineId } = period ? { quote: updateLine(added.quote, added.lineId, { period }), lineId: added.lineId } : added;
      h.setActiveLine(lineId, false);
      h.commit(quote);
      return lineId;
    },
    updateLine: (id, patch) => {
      if (h.frozen) return;
      // A customer never sets a discount: the field is dropped from the patch, not cleared.
      const { discount: _d, ...customer } = patch;
      h.commit(updateLine(h.quote, id, sales() ? patch : customer));
    },
    configureLine: (id, selection) => {
      if (!h.frozen) h.commit(applySelection(h.quote, id, selection));
    },
    removeLine: (id) => {
      if (!h.frozen) h.commit(removeLine(h.quote, id));
    },
    moveLine: (id, to) => {
      if (!h.frozen) h.commit(moveLine(h.quote, id, to));
    },
    setLineDiscount: (id, discount) => {
      if (!h.frozen && sales()) h.commit(updateLine(h.quote, id, { discount }));
    },
    setQuoteDiscount: (discount) => {
      if (h.frozen || !sales()) return;
      // The discount the quote has already (field for field) is no change: a field committing on
      // Enter and again on its change event, while a big quote is priced in the worker and the
      // figures shown still lag, would otherwise ask for a second pricing of the same quote.
      if (sameData(discount, h.quote.discount)) return;
      const { discount: _old, ...rest } = h.quote;
      h.commit(discount ? { ...rest, discount } : rest);
    },
    setQuoteFields: (patch) => {
      if (!h.frozen && sales()) h.commit(setQuoteFields(h.quote, patch));
    },
    addTextLine: (kind, text, at) => {
      if (h.frozen || !sales()) return undefined;
      const { quote, lineId } = addTextLine(h.quote, kind, text, at);
      h.commit(quote);
      return lineId;
    },
    changeSubscription: (subscriptionId, qty) => {
      if (h.frozen || !sales()) return [{ path: 'quote', message: 'the quote cannot be changed' }];
      const r = h.changeQuantity(h.quote, subscriptionId, qty);
      if (!r) return [{ path: 'quote', message: 'the quote is not priced yet' }];
      if (!r.ok) return r.errors;
      h.commit(r.value);
      return [];
    },
    editRamp: (rampId, edit) => {
      // Prices and segments are the seller's; a customer may only change quantities or remove the ramp.
      const allowed = sales() || edit.op === 'remove' || (edit.op === 'set' && edit.discount === undefined);
      if (h.frozen || !allowed) return [{ path: 'quote', message: 'the quote cannot be changed' }];
      const ops = h.ramps();
      if (!ops) return [{ path: 'quote', message: 'the quote is not priced yet' }];
      const r = edit.op === 'add' ? ops.addRampSegment(h.quote, rampId)
        : edit.op === 'removeSegment' ? ops.removeRampSegment(h.quote, rampId, edit.index)
        : edit.op === 'set' ? ops.setRampSegment(h.quote, rampId, edit.index, { ...(edit.qty !== undefined ? { qty: edit.qty } : {}), ...(edit.discount !== undefined ? { discount: edit.discount } : {}) })
        : ops.removeRamp(h.quote, rampId);
      if (!r.ok) return r.errors;
      h.commit(r.value);
      return [];
    },
    makeRamp: (lineId) => {
      if (h.frozen || !sales()) return [{ path: 'quote', message: 'the quote cannot be changed' }];
      const ops = h.ramps();
      if (!ops) return [{ path: 'quote', message: 'the quote is not priced yet' }];
      const line = h.quote.lines.find((l) => l.id === lineId);
      const unit = h.catalog?.products.find((p) => p.sku === line?.sku)?.term?.unit;
      if (!unit) return [{ path: 'lineId', message: 'only a product sold by term can be a ramp' }];
      const start = h.quote.contract?.effective ?? h.quote.contract?.start ?? h.quote.date ?? new Date().toISOString().slice(0, 10);
      const r = ops.makeRamp(h.quote, lineId, start.slice(0, 10), unit as 'month' | 'year' | 'day');
      if (!r.ok) return r.errors;
      h.commit(r.value);
      return [];
    },
    cloneLine: (id) => {
      if (h.frozen || !sales()) return undefined;
      const { quote, lineId } = cloneLine(h.quote, id);
      if (lineId) h.commit(quote);
      return lineId;
    },
    updateLines: (ids, patch) => {
      if (h.frozen) return;
      const { discount: _d, ...customer } = patch;
      h.commit(updateLines(h.quote, ids, sales() ? patch : customer));
    },
    removeLines: (ids) => {
      if (!h.frozen) h.commit(removeLines(h.quote, ids));
    },
    selectLine: (id) => h.setActiveLine(id, true),
    sum: (amounts) => h.sum(amounts),
    preview: (quote, options) => h.preview(quote, options),
    anticipate: (quote) => (h.frozen ? Promise.resolve(undefined) : h.anticipate(quote)),
    // With a service the move is asynchronous: its refusal arrives as `cpq-error` (or use `move`).
    transition: (action, details) => (h.service.active ? (void h.service.move(action, details), []) : h.flow.transition(action, details)),
    submitOrder: () => (h.service.active ? h.service.move('order') : h.flow.submitOrder()),
    retryOrder: async () => void (h.service.active ? await h.service.move('order') : await h.flow.retryOrder()),
    move: async (action, details) => {
      if (h.service.active) return h.service.move(action, details);
      // Locally every level is decided by whoever the host lets approve: the approvals name what is decided.
      const { name: _name, level: _level, ...local } = details ?? {};
      return action === 'order' ? h.flow.submitOrder() : h.flow.transition(action, local);
    },
  };
}
