/**
 * An amendment quote's document (issue 16): each prorated line prints its service period and how
 * it was counted under its name, the existing subscription is tagged and left out of the sums, a
 * credit is tagged; read back with pdftotext in zh-CN and en.
 * Run: node --import tsx --test test/pdf-contract.test.ts
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { amend, changeQuantity, addProduct, createContract } from '../src/contract/index.js';
import { groupDigits } from '../src/pdf/format.js';
import { loadNotoSansSC, renderQuotePdf, type QuotePdfOptions } from '../src/pdf/index.js';
import { priceQuote } from '../src/pricing/index.js';
import type { Catalog, PricedQuote, Quote } from '../src/types.js';
import { crmCatalog, sellerEn, sellerZh } from './fixtures/pdf-quotes.js';
import { save, text } from './fixtures/pdf-tools.js';

const font = await loadNotoSansSC();
const squash = (s: string): string => s.replace(/\s+/g, '');
const must = <T>(r: { ok: true; value: T } | { ok: false; errors: unknown[] }): T => {
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  return r.value;
};

/** A CRM-PRO contract from 2026-01-01, amended from 2026-02-12: +30 seats, a cancelled storage add-on credited, SSO added. */
function amendment(locale: string): PricedQuote {
  const cat = crmCatalog as Catalog;
  const sale: Quote = { id: 'Q-2026-0100', date: '2025-12-20', locale, lines: [
    { id: 'L1', sku: 'CRM-PRO', qty: '100', term: '12' },
    { id: 'L2', sku: 'ADDON-BI', qty: '100', term: '12' },
  ] };
  const contract = must(createContract(cat, sale, priceQuote(cat, sale), { id: 'K-2026-00001', start: '2026-01-01' }));
  let q = must(amend(contract, { effectiveDate: '2026-02-12', id: 'Q-2026-0101' }));
  q = must(changeQuantity(q, 'K-2026-00001:L1', '130'));
  q = must(changeQuantity(q, 'K-2026-00001:L2', '0'));
  q = must(addProduct(q, { id: 'N1', sku: 'ADDON-SSO', qty: '130' }));
  const priced = priceQuote(cat, { ...q, locale }, { locale });
  assert.deepEqual(priced.issues.filter((i) => i.severity === 'error'), []);
  return priced;
}

it('zh-CN: the period under each line, the existing subscriptions tagged and not summed, the credit tagged', async () => {
  const pq = amendment('zh-CN');
  const options: QuotePdfOptions = { font, seller: sellerZh, catalog: crmCatalog, creationDate: '2026-02-12T09:00:00Z', status: 'final' };
  const out = squash(text(save(await renderQuotePdf(pq, options), 'amendment-zh')));
  assert.ok(out.includes(squash('服务期 2026-02-12 至 2026-12-31，按 10 个月 + 17/28 个月 计')), out.slice(0, 600));
  assert.ok(out.includes('【现有订阅，不计费】'));
  assert.ok(out.includes('【贷项】'));
  // The total is the change alone: the locked lines are not in it.
  assert.ok(out.includes(groupDigits(pq.totals.total)), pq.totals.total);
});

it('en: the same words in English', async () => {
  const pq = amendment('en');
  const options: QuotePdfOptions = { seller: sellerEn, catalog: crmCatalog, creationDate: '2026-02-12T09:00:00Z', locale: 'en', status: 'final' };
  const out = squash(text(save(await renderQuotePdf(pq, options), 'amendment-en')));
  assert.ok(out.includes(squash('Service 2026-02-12 to 2026-12-31, charged for 10 months + 17/28 of a month')), out.slice(0, 600));
  assert.ok(out.includes(squash('[Existing, not charged]')) && out.includes(squash('[Credit]')));
});
