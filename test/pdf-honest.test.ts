/**
 * Honest figures on the quote document (issue 14, item 2), read back with pdftotext -layout: the
 * discount the seller entered with the effective one under it where they differ (5% over
 * 实际 6.9%), and a graduated tier blend printed rounded to the currency (60.92, not 60.916667)
 * while an exact price with more decimals than the currency (0.0025 per call) prints as priced.
 * Expected texts are derived from the priced quote, not written out.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Dec } from '../src/core/decimal.js';
import { loadNotoSansSC, renderQuotePdf, type QuotePdfOptions } from '../src/pdf/index.js';
import { priceQuote } from '../src/pricing/index.js';
import type { Catalog, PricedLine, PricedQuote, Quote } from '../src/types.js';
import { crmCatalog, sellerEn, sellerZh } from './fixtures/pdf-quotes.js';
import { save, tool } from './fixtures/pdf-tools.js';

const font = await loadNotoSansSC();
const when = '2026-10-15T09:30:00Z';
const zh: QuotePdfOptions = { font, seller: sellerZh, catalog: crmCatalog, creationDate: when, status: 'final' };
const en: QuotePdfOptions = { font, seller: sellerEn, catalog: crmCatalog, creationDate: when, locale: 'en', status: 'final' };

function crm(lines: Quote['lines'], extra: Partial<Quote> = {}, locale = 'zh-CN', catalog: Catalog = crmCatalog): PricedQuote {
  return priceQuote(catalog, { id: 'Q-2026-1205', version: 1, date: '2026-10-15', currency: 'CNY', locale, lines, ...extra } as Quote, { locale });
}

/** The page's text laid out as on paper: one table row per text line, cells apart. */
async function layoutText(pq: PricedQuote, options: QuotePdfOptions, name: string): Promise<string[]> {
  const path = save(await renderQuotePdf(pq, options), name);
  return tool('pdftotext', ['-layout', path, '-']).split('\n');
}

/** The text line of a priced line's row (its line number and SKU) and the one under it. */
function rowOf(lines: string[], no: string, sku: string): [string, string] {
  const at = lines.findIndex((l) => new RegExp(`^\\s*${no.replace('.', '\\.')}\\s+${sku}\\b`).test(l));
  assert.ok(at >= 0, `row ${no} ${sku} in:\n${lines.join('\n')}`);
  return [lines[at]!, lines[at + 1] ?? ''];
}

const cells = (row: string) => row.trim().split(/\s{2,}/);
/** A two-decimal percent as printed: 6.90 → 6.9%. */
const pct = (v: string) => `${new Dec(v).toString()}%`;
const line = (q: PricedQuote, id: string) => q.lines.find((l) => l.id === id)!;
const money2 = (v: string) => new Dec(v).toDecimalPlaces(2, Dec.ROUND_HALF_UP).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

describe('the discount column: what the seller entered, and the effective discount where it differs', () => {
  const q = crm([
    { id: 'L1', sku: 'CRM-PRO', qty: '120', term: '12', attributes: { deploy: 'cloud' }, options: [{ sku: 'ADDON-CPQ', qty: '1' }], discount: { percent: '5' } },
    { id: 'L2', sku: 'IMPL-STD', qty: '1', discount: { amount: '1000' } },
    { id: 'L3', sku: 'TRAIN-DAY', qty: '2', discount: { percent: '10' } },
  ], { discount: { percent: '2' } });

  it('the premise: the effective discounts are not what was entered', () => {
    assert.notEqual(line(q, 'L1').discountPercent, '5.00');
    assert.deepEqual(line(q, 'L1').discount, { percent: '5' });
  });

  it('zh-CN: 5% with 实际 6.9% under it; an amount discount shows its effective percent alone', async () => {
    const t = await layoutText(q, zh, 'honest-discount-zh');
    const [row, under] = rowOf(t, '1', 'CRM-PRO');
    assert.ok(cells(row).includes('5%'), row);
    assert.ok(under.includes(`实际 ${pct(line(q, 'L1').discountPercent)}`), under);
    // The option line the percent reaches says the same.
    const [optRow, optUnder] = rowOf(t, '1.1', 'ADDON-CPQ');
    assert.ok(cells(optRow).includes('5%') && optUnder.includes(`实际 ${pct(line(q, 'L1/ADDON-CPQ').discountPercent)}`), `${optRow}\n${optUnder}`);
    const [amountRow, amountUnder] = rowOf(t, '2', 'IMPL-STD');
    assert.ok(cells(amountRow).includes(pct(line(q, 'L2').discountPercent)), amountRow);
    assert.ok(!amountUnder.includes('实际'), amountUnder);
    const [trainRow, trainUnder] = rowOf(t, '3', 'TRAIN-DAY');
    assert.ok(cells(trainRow).includes('10%') && trainUnder.includes(`实际 ${pct(line(q, 'L3').discountPercent)}`), `${trainRow}\n${trainUnder}`);
  });

  it('en: 5% with eff. 6.9% under it', async () => {
    const qe = crm([{ id: 'L1', sku: 'CRM-PRO', qty: '120', term: '12', attributes: { deploy: 'cloud' }, discount: { percent: '5' } }], { discount: { percent: '2' } }, 'en');
    const t = await layoutText(qe, en, 'honest-discount-en');
    const [row, under] = rowOf(t, '1', 'CRM-PRO');
    assert.ok(cells(row).includes('5%'), row);
    assert.ok(under.includes(`eff. ${pct(line(qe, 'L1').discountPercent)}`), under);
  });

  it('no note where the entered discount is the effective one', async () => {
    const plain = crm([{ id: 'L1', sku: 'TRAIN-DAY', qty: '2', discount: { percent: '10' } }]);
    assert.equal(line(plain, 'L1').discountPercent, '10.00', 'the premise');
    const t = await layoutText(plain, zh, 'honest-discount-same');
    const [row, under] = rowOf(t, '1', 'TRAIN-DAY');
    assert.ok(cells(row).includes('10%') && !under.includes('实际') && !row.includes('实际'), `${row}\n${under}`);
  });
});

describe('unit prices: a tier blend rounded to the currency, an exact price as priced', () => {
  it('a graduated CRM-PRO at 120 users: list and net unit prices to 2 decimals', async () => {
    const q = crm([{ id: 'L1', sku: 'CRM-PRO', qty: '120', term: '12', attributes: { deploy: 'cloud' }, discount: { percent: '5' } }]);
    const l: PricedLine = line(q, 'L1');
    assert.ok(new Dec(l.listUnitPrice).decimalPlaces() > 2, `the premise: ${l.listUnitPrice}`);
    const t = await layoutText(q, zh, 'honest-tiers');
    const [row] = rowOf(t, '1', 'CRM-PRO');
    assert.ok(cells(row).includes(money2(l.listUnitPrice)), row);
    assert.ok(cells(row).includes(money2(l.netUnitPrice)), row);
    assert.ok(!t.join('\n').includes(l.listUnitPrice), 'the 6-decimal blend is not printed');
  });

  it('a flat price of 0.0025 per call prints as priced (it is exact, and what the catalog states)', async () => {
    const catalog = structuredClone(crmCatalog);
    catalog.products.push({ sku: 'API-CALL', name: { 'zh-CN': 'API 调用', en: 'API call' }, unit: { 'zh-CN': '次', en: 'call' }, taxCode: 'VAT6', price: { model: 'flat', list: '0.0025' } } as Catalog['products'][number]);
    const q = crm([{ id: 'L1', sku: 'API-CALL', qty: '100000' }], {}, 'zh-CN', catalog);
    assert.equal(line(q, 'L1').listUnitPrice, '0.0025', 'the premise');
    const t = await layoutText(q, { ...zh, catalog }, 'honest-subcent');
    const [row] = rowOf(t, '1', 'API-CALL');
    assert.ok(cells(row).filter((c) => c === '0.0025').length === 2, row);
  });
});
