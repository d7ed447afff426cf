import { Dec, HUNDRED } from '../core/decimal.js';
import { parseDecimal } from '../core/parse.js';
import { prepareCatalog } from '../rules/prepare-catalog.js';
import type { Quote, QuoteLine } from '../types.js';
import { activeOn } from './amend.js';
import type { Contract, ContractError } from './types.js';

/**
 * Check an amendment or renewal quote against the contract it names, for a back end that takes
 * such quotes from a client: the contract's fields on a line (`subscriptionId`, `locked`,
 * `credit`, `contractedUnitPrice`, `period`) must say what the contract says — a locked line its
 * subscription's quantity, a contracted price the contract's (plus the renewal's uplift), a
 * period the co-terminated one, a credit no more than the subscription has. Every problem is
 * located (`lines[2].contractedUnitPrice`). An empty list: the quote is consistent.
 */
export function checkAgainstContract(catalog: unknown, contract: Contract, quote: Quote): ContractError[] {
  const errors: ContractError[] = [];
  const ref = quote.contract;
  if (quote.kind !== 'amendment' && quote.kind !== 'renewal') return errors;
  if (!ref || ref.id !== contract.id) return [{ path: 'contract.id', message: `must name contract ${JSON.stringify(contract.id)}` }];
  if (ref.version !== undefined && ref.version !== contract.version) errors.push({ path: 'contract.version', message: `the contract is at version ${contract.version}, not ${ref.version}: start again from it` });
  const prepared = prepareCatalog(catalog);
  const cat = prepared.ok ? prepared.catalog : undefined;
  const amendment = quote.kind === 'amendment';
  const effective = amendment ? ref.effective ?? contract.start : ref.start;
  const inForce = new Map(activeOn(contract, amendment ? effective : contract.end).map((s) => [s.id, s]));
  const locked = new Map<string, QuoteLine>();
  const credited = new Map<string, Dec>();
  const sameDec = (a: unknown, b: Dec) => { const r = parseDecimal(a); return r.ok && r.value.eq(b); };
  quote.lines.forEach((line, i) => {
    const at = (key: string) => `lines[${i}].${key}`;
    const period = line.period;
    const term = cat?.products.get(line.sku)?.term !== undefined;
    if (line.subscriptionId === undefined) {
      for (const key of ['locked', 'credit', 'contractedUnitPrice'] as const) if (line[key] !== undefined && line[key] !== false) errors.push({ path: at(key), message: 'belongs only on a line of a subscription of the contract (subscriptionId)' });
      if (term && (period?.start !== effective || period?.end !== (amendment ? contract.end : ref.end))) {
        errors.push({ path: at('period'), message: `a product sold by term runs from ${effective} to ${amendment ? contract.end : ref.end} on this quote (co-terminated with the contract)` });
      }
      return;
    }
    const sub = inForce.get(line.subscriptionId);
    if (!sub || sub.sku !== line.sku) {
      errors.push({ path: at('subscriptionId'), message: `the contract has no ${line.sku} subscription ${JSON.stringify(line.subscriptionId)} in force on ${amendment ? effective : contract.end}` });
      return;
    }
    const end = amendment ? sub.end : period?.end;
    if (period?.start !== effective || period?.end !== end || (!amendment && (end === undefined || end > ref.end))) {
      errors.push({ path: at('period'), message: `must run from ${effective}${amendment ? ` to ${sub.end}` : ''}` });
    }
    if (!line.repriced) {
      const uplift = amendment ? new Dec(0) : new Dec(ref.uplift ?? cat?.products.get(sub.sku)?.subscription.renewalUplift.toString() ?? '0');
      const expected = new Dec(sub.netUnitPrice).times(HUNDRED.plus(uplift)).div(HUNDRED);
      const listRenewal = !amendment && cat?.products.get(sub.sku)?.subscription.renewalPrice === 'list';
      if (listRenewal ? line.contractedUnitPrice !== undefined : !sameDec(line.contractedUnitPrice, expected)) {
        errors.push({ path: at('contractedUnitPrice'), message: listRenewal ? 'a renewal at list price has no contracted price' : `must be the contracted price ${expected.toString()} (set repriced: true to price it again)` });
      }
    }
    if (line.locked) {
      if (!amendment) errors.push({ path: at('locked'), message: 'a renewal has no locked lines' });
      else if (locked.has(sub.id)) errors.push({ path: at('locked'), message: `subscription ${JSON.stringify(sub.id)} is locked on another line already` });
      else if (!sameDec(line.qty, new Dec(sub.qty))) errors.push({ path: at('qty'), message: `a locked line shows the contracted quantity ${sub.qty}` });
      locked.set(sub.id, line);
    }
    if (line.credit) {
      const r = parseDecimal(line.qty);
      credited.set(sub.id, (credited.get(sub.id) ?? new Dec(0)).plus(r.ok ? r.value : 0));
    }
  });
  if (amendment) {
    for (const [id, sub] of inForce) if (!locked.has(id)) errors.push({ path: 'lines', message: `subscription ${JSON.stringify(id)} (${sub.sku}) is missing its locked line` });
    for (const [id, qty] of credited) if (qty.gt(inForce.get(id)?.qty ?? 0)) errors.push({ path: 'lines', message: `credits ${qty.toString()} of subscription ${JSON.stringify(id)}, which has ${inForce.get(id)?.qty}` });
  }
  return errors;
}
