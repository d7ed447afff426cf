import { Dec, ZERO } from '../core/decimal.js';
import { currencyScale } from '../core/currency.js';
import { own } from '../core/object.js';
import { prepareCatalog } from '../rules/prepare-catalog.js';
import type { PricedQuote, QuoteLine } from '../types.js';
import { checkContract } from './amend.js';
import { configurationOf, fraction, lineAmounts } from './create.js';
import { clone, dayText, parseDay, unitPrice } from './dates.js';
import type { Contract, ContractError, ContractResult, Subscription } from './types.js';

/**
 * The contract after an amendment or renewal quote is ordered. A changed subscription ends the
 * day before the change and a new one continues it (`replaces`) with the new quantity, from the
 * effective date to its old end, at its contracted price — or, re-priced, at the price the
 * amendment charged. Added products become subscriptions to the contract's end. A renewal's
 * lines become the subscriptions of the next term, and the contract's end moves to its end.
 * The input contract is not changed.
 */
export function applyOrder(catalog: unknown, contract: Contract, quote: unknown, priced: PricedQuote): ContractResult<Contract> {
  const errors: ContractError[] = [];
  if (!checkContract(contract, errors)) return { ok: false, errors };
  const prepared = prepareCatalog(catalog);
  if (!prepared.ok) return { ok: false, errors: prepared.errors.slice(0, 20).map((e) => ({ path: `catalog.${e.path}`, message: e.message })) };
  const cat = prepared.catalog;
  const kind = own(quote, 'kind');
  const ref = own(quote, 'contract') as { id?: unknown; version?: unknown; start?: unknown; end?: unknown; effective?: unknown } | undefined;
  if (kind !== 'amendment' && kind !== 'renewal') return { ok: false, errors: [{ path: 'quote.kind', message: 'must be "amendment" or "renewal" to change a contract' }] };
  if (ref?.id !== contract.id) return { ok: false, errors: [{ path: 'quote.contract.id', message: `names ${JSON.stringify(ref?.id)}, not this contract (${contract.id})` }] };
  if (kind === 'amendment' && ref.version !== undefined && ref.version !== contract.version) {
    return { ok: false, errors: [{ path: 'quote.contract.version', message: `was made from version ${String(ref.version)} of the contract, which is now at version ${contract.version}: amend the current version` }] };
  }
  if (!priced.orderable) return { ok: false, errors: [{ path: 'priced', message: 'the quote is not orderable' }] };
  const rawLines = (own(quote, 'lines') as QuoteLine[] | undefined) ?? [];
  const byId = new Map(rawLines.map((l) => [l.id, l]));
  const amounts = lineAmounts(priced, cat.taxMode === 'inclusive');
  const scale = currencyScale(priced.currency) ?? 2;
  const next: Contract = clone(contract);
  next.version = contract.version + 1;
  const source = (lineId: string) => ({ quoteId: priced.quoteId, version: priced.version, lineId });
  const price = (lineId: string, qty: string, factor: string) => {
    const [num, den] = fraction(factor);
    return unitPrice((amounts.get(lineId) ?? ZERO).times(den), new Dec(qty).times(num).abs(), scale, cat.rounding);
  };
  let effective = typeof ref.effective === 'string' ? ref.effective : undefined;
  // New subscriptions are numbered within the contract version that made them: unique, and short.
  let count = 0;
  const newId = () => `${contract.id}:v${next.version}:${++count}`;

  const top = priced.lines.filter((l) => l.parentId === null && !l.optional);
  if (kind === 'renewal') {
    for (const l of top) {
      const product = cat.products.get(l.sku);
      if (!product?.term || !l.proration) continue;
      next.subscriptions.push({
        id: newId(), sku: l.sku, qty: l.qty, ...configurationOf(byId.get(l.id)),
        netUnitPrice: price(l.id, l.qty, l.proration.factor), termUnit: product.term.unit as Subscription['termUnit'],
        start: l.proration.start, end: l.proration.end, source: source(l.id), ...(l.subscriptionId ? { replaces: l.subscriptionId } : {}),
      });
      if (l.proration.end > next.end) next.end = l.proration.end;
      effective ??= l.proration.start;
    }
  } else {
    // Quantity per changed subscription: the locked quantity, plus increases, minus credits.
    const change = new Map<string, { qty: Dec; repriced?: { lineId: string; qty: string; factor: string } }>();
    for (const l of top) {
      if (!l.subscriptionId) continue;
      const c = change.get(l.subscriptionId) ?? { qty: ZERO };
      if (l.locked) c.qty = c.qty.plus(l.qty);
      else if (l.credit) c.qty = c.qty.minus(l.qty);
      else if (l.repriced && l.proration) c.repriced = { lineId: l.id, qty: l.qty, factor: l.proration.factor };
      else c.qty = c.qty.plus(l.qty);
      change.set(l.subscriptionId, c);
    }
    for (const l of top) {
      if (l.locked || l.credit || l.repriced || l.subscriptionId || !l.proration) continue;
      const product = cat.products.get(l.sku);
      if (!product?.term) continue;
      next.subscriptions.push({
        id: newId(), sku: l.sku, qty: l.qty, ...configurationOf(byId.get(l.id)),
        netUnitPrice: price(l.id, l.qty, l.proration.factor), termUnit: product.term.unit as Subscription['termUnit'],
        start: l.proration.start, end: l.proration.end, source: source(l.id),
      });
      effective ??= l.proration.start;
    }
    for (const [id, c] of change) {
      const index = next.subscriptions.findIndex((s) => s.id === id);
      const old = next.subscriptions[index];
      const lockedLine = top.find((l) => l.locked && l.subscriptionId === id);
      if (!old || !lockedLine?.proration) {
        errors.push({ path: 'quote.lines', message: `changes subscription ${JSON.stringify(id)}, which the contract does not have in force` });
        continue;
      }
      const from = lockedLine.proration.start;
      const unchanged = c.qty.eq(old.qty) && !c.repriced;
      if (unchanged) continue;
      if (c.qty.isNegative()) {
        errors.push({ path: 'quote.lines', message: `credits more of ${JSON.stringify(id)} than the ${old.qty} it has` });
        continue;
      }
      const qty = c.repriced ? c.repriced.qty : c.qty.toString();
      // The old subscription ends the day before; one that would end before it starts is replaced whole.
      const before = dayText(parseDay(from)! - 1);
      if (before < old.start) next.subscriptions.splice(index, 1);
      else next.subscriptions[index] = { ...old, end: before };
      if (new Dec(qty).isZero()) continue;
      next.subscriptions.push({
        ...old, id: newId(), qty,
        netUnitPrice: c.repriced ? price(c.repriced.lineId, c.repriced.qty, c.repriced.factor) : old.netUnitPrice,
        start: from, source: source(c.repriced?.lineId ?? lockedLine.id), replaces: id,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  next.history.push({ kind, quoteId: priced.quoteId, version: priced.version, effective: effective ?? priced.date.slice(0, 10) });
  return { ok: true, value: next };
}
