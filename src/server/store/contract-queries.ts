import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ContractRow } from './types.js';

/** The contracts table as Kysely sees it (migration 0005-contracts). */
export interface ContractTables {
  contracts: {
    tenant: string; contract_id: string; version: number; customer_id: string | null; body: string;
    quote_id: string; quote_version: number; created_at: string; updated_at: string;
  };
}

type Db = Kysely<ContractTables> | Transaction<ContractTables>;

const contractRow = (r: Selectable<ContractTables['contracts']>): ContractRow => ({
  tenant: r.tenant, contractId: r.contract_id, version: Number(r.version), customerId: r.customer_id, body: r.body,
  quoteId: r.quote_id, quoteVersion: Number(r.quote_version), createdAt: r.created_at, updatedAt: r.updated_at,
});

/** The contracts' queries over one connection or transaction (the store's `Queries` hands these on). */
export class ContractQueries {
  constructor(private readonly db: Db, private readonly locks: boolean) {}

  async insertContract(row: ContractRow): Promise<void> {
    await this.db.insertInto('contracts').values({
      tenant: row.tenant, contract_id: row.contractId, version: row.version, customer_id: row.customerId, body: row.body,
      quote_id: row.quoteId, quote_version: row.quoteVersion, created_at: row.createdAt, updated_at: row.updatedAt,
    }).execute();
  }

  async getContract(tenant: string, contractId: string, options?: { lock?: boolean }): Promise<ContractRow | undefined> {
    let q = this.db.selectFrom('contracts').selectAll().where('tenant', '=', tenant).where('contract_id', '=', contractId);
    if (options?.lock && this.locks) q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r && contractRow(r);
  }

  async updateContract(row: ContractRow, expectedVersion: number): Promise<boolean> {
    const result = await this.db.updateTable('contracts')
      .set({ version: row.version, customer_id: row.customerId, body: row.body, quote_id: row.quoteId, quote_version: row.quoteVersion, updated_at: row.updatedAt })
      .where('tenant', '=', row.tenant).where('contract_id', '=', row.contractId).where('version', '=', expectedVersion).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async listContracts(tenant: string, options: { customerId?: string; limit: number; after?: string }): Promise<Omit<ContractRow, 'body'>[]> {
    let q = this.db.selectFrom('contracts')
      .select(['tenant', 'contract_id', 'version', 'customer_id', 'quote_id', 'quote_version', 'created_at', 'updated_at'])
      .where('tenant', '=', tenant);
    if (options.customerId !== undefined) q = q.where('customer_id', '=', options.customerId);
    if (options.after !== undefined) q = q.where('contract_id', '>', options.after);
    const rows = await q.orderBy('contract_id').limit(options.limit).execute();
    return rows.map((r) => {
      const { body: _b, ...rest } = contractRow({ ...r, body: '' });
      return rest;
    });
  }
}
