import { amend, applyOrder, checkAgainstContract, createContract, renew, type Contract, type ContractError } from '../contract/index.js';
import type { OrderContractRef } from '../quote/order-types.js';
import type { PricedQuote, Quote } from '../types.js';
import type { UserIdentity } from './auth.js';
import { now, type ServiceContext } from './context.js';
import { conflict, notFound, unprocessable, type LocatedError } from './errors.js';
import type { Loaded } from './quotes.js';
import type { ContractRow, StoreTx } from './store/types.js';

/** The fields of a quote line only an amendment or renewal made from a stored contract may carry. */
const CONTRACT_LINE_FIELDS = ['locked', 'credit', 'subscriptionId', 'repriced', 'contractedUnitPrice'] as const;

const located = (errors: readonly ContractError[], prefix: string): LocatedError[] =>
  errors.slice(0, 20).map((e) => ({ path: `${prefix}${e.path}`, message: e.message, code: 'contract' }));

/** A contract as the service answers it: its JSON and its row's facts. */
export function contractView(row: ContractRow): Record<string, unknown> {
  return {
    contractId: row.contractId, version: row.version, customerId: row.customerId, quoteId: row.quoteId, quoteVersion: row.quoteVersion,
    createdAt: row.createdAt, updatedAt: row.updatedAt, contract: JSON.parse(row.body) as Contract,
  };
}

/** A stored contract of the tenant (row-locked in a transaction when `lock`); 404 across tenants alike. */
export async function loadContract(tx: StoreTx, tenant: string, contractId: string, lock = false): Promise<{ row: ContractRow; contract: Contract }> {
  const row = await tx.getContract(tenant, contractId, { lock });
  if (!row) throw notFound(`Contract "${contractId}"`, 'contractId');
  return { row, contract: JSON.parse(row.body) as Contract };
}

/**
 * What a seller's lines may say about a contract: nothing on a quote for a new sale; on an
 * amendment or renewal, what the stored contract says (`checkAgainstContract`), else 422 located
 * at `body.lines[…]`.
 */
export async function checkContractLines(tx: StoreTx, tenant: string, catalog: unknown, quote: Quote): Promise<void> {
  if (quote.kind !== 'amendment' && quote.kind !== 'renewal') {
    const errors: LocatedError[] = [];
    quote.lines.forEach((line, i) => {
      for (const key of CONTRACT_LINE_FIELDS) if ((line as unknown as Record<string, unknown>)[key] !== undefined) errors.push({ path: `body.lines[${i}].${key}`, message: 'belongs only on an amendment or renewal quote started from a contract (POST /contracts/{id}/amendments or /renewals)', code: 'contract' });
    });
    if (errors.length > 0) throw unprocessable('contract-fields', errors[0]!.message, errors[0]!.path, errors.slice(0, 20));
    return;
  }
  const { contract } = await loadContract(tx, tenant, quote.contract!.id);
  const errors = checkAgainstContract(catalog, contract, quote);
  if (errors.length > 0) throw unprocessable('contract-mismatch', `${errors[0]!.path}: ${errors[0]!.message}`, `body.${errors[0]!.path}`, located(errors, 'body.'));
}

/**
 * The contract an order makes or changes: for a new sale with products sold by term, a new
 * contract `K-<year>-<n>` from the quote's requested date (else its date); for an amendment or
 * renewal, the stored contract after it. Returns the reference the order event carries and the
 * write to make once the order is stored (in the same transaction).
 */
export async function contractForOrder(ctx: ServiceContext, tx: StoreTx, tenant: string, l: Loaded): Promise<{ ref?: OrderContractRef; save?: () => Promise<void> }> {
  const quote = l.quote as Quote & { requestedDate?: string };
  const priced: PricedQuote = l.priced;
  const { at, day } = now(ctx);
  if (quote.kind === 'amendment' || quote.kind === 'renewal') {
    const { row, contract } = await loadContract(tx, tenant, quote.contract!.id, true);
    const next = applyOrder(l.catalog.raw, contract, quote, priced);
    if (!next.ok) {
      const stale = next.errors.some((e) => e.path === 'quote.contract.version');
      const first = next.errors[0]!;
      throw stale ? conflict('contract-changed', first.message, 'contract', located(next.errors, ''))
        : unprocessable('contract-order', `${first.path}: ${first.message}`, first.path, located(next.errors, ''));
    }
    const ref = { id: contract.id, version: next.value.version };
    return {
      ref,
      save: async () => {
        const written = await tx.updateContract({ ...row, version: next.value.version, body: JSON.stringify(next.value), quoteId: priced.quoteId, quoteVersion: priced.version, updatedAt: at }, row.version);
        if (!written) throw conflict('contract-changed', `Contract ${contract.id} changed while the order was being placed: try again.`, 'contract');
      },
    };
  }
  const sold = priced.lines.some((line) => line.parentId === null && !line.optional && (line.term !== undefined || line.proration !== undefined) && l.catalog.prepared.products.get(line.sku)?.term !== undefined);
  if (!sold) return {};
  const year = day.slice(0, 4);
  const id = `K-${year}-${String(await tx.nextSequence(tenant, `contract:${year}`)).padStart(5, '0')}`;
  const start = typeof quote.requestedDate === 'string' ? quote.requestedDate : priced.date.slice(0, 10);
  const made = createContract(l.catalog.raw, quote, priced, { id, start });
  if (!made.ok) throw unprocessable('contract-order', `${made.errors[0]!.path}: ${made.errors[0]!.message}`, made.errors[0]!.path, located(made.errors, ''));
  const customerId = typeof quote.customer?.id === 'string' ? quote.customer.id : null;
  return {
    ref: { id, version: 1 },
    save: () => tx.insertContract({
      tenant, contractId: id, version: 1, customerId, body: JSON.stringify(made.value), quoteId: priced.quoteId, quoteVersion: priced.version, createdAt: at, updatedAt: at,
    }),
  };
}

/** The quote an amendment or renewal starts as (before the service gives it an id, a date and a validity). */
export function startQuote(catalog: unknown, contract: Contract, what: { amend: { effectiveDate: string } } | { renew: { term: number; uplift?: string } }, id: string, day: string): Quote {
  const made = 'amend' in what
    ? amend(contract, { effectiveDate: what.amend.effectiveDate, id, date: day })
    : renew(catalog, contract, { ...what.renew, id, date: day });
  if (!made.ok) throw unprocessable('contract-start', `${made.errors[0]!.path}: ${made.errors[0]!.message}`, `body.${made.errors[0]!.path}`, located(made.errors, 'body.'));
  return made.value;
}

export type { UserIdentity };
