// The quote list is newest first by creation, on both stores: quote numbers compared as text
// would put Q-2026-99999 before Q-2026-100000, and a new year's first quote after last year's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshStore, type StoreKind } from './support/service.js';

for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
  describe(`quote list order (${kind})`, () => {
    it('newest first across 100,000 and across a year, pages included', async () => {
      const { store, dispose } = await freshStore(kind);
      try {
        const ids = ['Q-2026-99998', 'Q-2026-99999', 'Q-2026-100000', 'Q-2026-100001', 'Q-2027-00001'];
        await store.transaction(async (tx) => {
          await tx.insertCatalog({ tenant: 't', catalogId: 'c', version: 1, digest: 'd', body: '{}', publishedAt: 'x', publishedBy: 'a' });
          for (const [i, quoteId] of ids.entries()) {
            const createdAt = new Date(Date.UTC(2026, 11, 31, 23, 59, 0, i)).toISOString();
            await tx.insertHead({ tenant: 't', quoteId, latestVersion: 1, owner: 's', customerId: null, createdAt, updatedAt: createdAt });
            await tx.insertVersion({ tenant: 't', quoteId, version: 1, state: 'draft', catalogId: 'c', catalogVersion: 1, body: '{}', priced: '{}',
              digest: 'd', total: '1.00', currency: 'CNY', revision: 1, createdAt, updatedAt: createdAt });
          }
        });
        const newest = [...ids].reverse();
        assert.deepEqual((await store.read.listQuotes('t', { limit: 10 })).map((q) => q.quoteId), newest);
        const first = await store.read.listQuotes('t', { limit: 2 });
        const rest = await store.read.listQuotes('t', { limit: 10, after: first[1]!.quoteId });
        assert.deepEqual([...first, ...rest].map((q) => q.quoteId), newest);
      } finally {
        await store.close();
        await dispose();
      }
    });
  });
}
