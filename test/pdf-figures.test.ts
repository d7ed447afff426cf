/**
 * The figures on a quote document (issue 13, items 4 and 5), read back with pdftotext: the
 * amount in words against the printed total (through the strict readers of
 * test/fixtures/words-readers.ts, not through amountInWords), 人民币 before the capitals, 税额合计,
 * the price columns and the totals of a 含税 catalog, no zero-base tax rows and no 小计 of a group
 * of optional lines only, and discount percents that never claim 0 % or 100 % they are not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Dec } from '../src/core/decimal.js';
import { formatMoney, formatPercent, groupDigits, printedAmount, truthfulPercent } from '../src/pdf/format.js';
import { loadNotoSansSC, renderQuotePdf, type QuotePdfOptions } from '../src/pdf/index.js';
import { priceQuote } from '../src/pricing/index.js';
import type { PricedQuote, Quote } from '../src/types.js';
import { bigQuote, compressorCatalog, compressorQuote, crmCatalog, priced, sellerEn, sellerZh } from './fixtures/pdf-quotes.js';
import { save, text, words } from './fixtures/pdf-tools.js';
import { readCapitals, readEnglish } from './fixtures/words-readers.js';

const font = await loadNotoSansSC();
const when = '2026-10-15T09:30:00Z';
const zh: QuotePdfOptions = { font, seller: sellerZh, catalog: crmCatalog, creationDate: when, status: 'final' };
const en: QuotePdfOptions = { seller: sellerEn, catalog: crmCatalog, creationDate: when, locale: 'en', status: 'final' };

/** Text with all whitespace removed: pdftotext breaks wrapped lines where the PDF does. */
const squash = (s: string): string => s.replace(/\s+/g, '');

async function pdfText(pq: PricedQuote, options: QuotePdfOptions, name: string): Promise<string> {
  return text(save(await renderQuotePdf(pq, options), name));
}

/** A quote of the CRM catalog with these lines (and a quote discount). */
function crm(lines: Quote['lines'], extra: Partial<Quote> = {}, locale = 'zh-CN'): PricedQuote {
  return priceQuote(crmCatalog, { id: 'Q-2026-0913', version: 1, date: '2026-10-15', currency: 'CNY', locale, lines, ...extra } as Quote, { locale });
}

/** Minor units of a printed amount ("¥1,234.50" → 123450n). */
const minorOf = (printed: string): bigint => BigInt(printedAmount(printed).replace('.', ''));

/** The printed total and the words under it, from a Chinese document's text. */
function zhTotalAndWords(t: string): { total: string; words: string } {
  const s = squash(t);
  const total = /价税合计(¥-?[\d,]+\.\d{2})/.exec(s)?.[1];
  const words = /大写金额：([^\s]*?[元角分整])(?=[^零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]|$)/.exec(s)?.[1];
  assert.ok(total && words, `total ${total}, words ${words}`);
  return { total, words };
}

/** The printed total and the words under it, from an English document's text. */
function enTotalAndWords(t: string): { total: string; words: string } {
  const total = /Total\(incl\.tax\)([A-Z]{3}-?[\d,]+(?:\.\d+)?)/.exec(squash(t))?.[1];
  // Wrapped words: lines joined with a space, or without one after a hyphen the wrap broke at.
  const joined = t.replace(/-\n/g, '-').replace(/\n/g, ' ');
  const words = /Amount in words: (.*? only)/.exec(joined)?.[1];
  assert.ok(total && words, `total ${total}, words ${words}`);
  return { total: `${total.slice(0, 3)} ${total.slice(3)}`, words };
}

describe('the amount in words is the printed total (pdftotext, read back strictly)', () => {
  const cases: [string, () => PricedQuote, QuotePdfOptions][] = [
    ['zh-CN, 8 lines', () => priced(bigQuote(8, 'zh-CN')), zh],
    ['zh-CN, 含税 compressor', () => priced(compressorQuote, compressorCatalog), { ...zh, catalog: compressorCatalog }],
    ['zh-CN, a total in the 万亿 range', () => {
      const q = priced(bigQuote(1, 'zh-CN'));
      q.totals.total = '1234500000000.05';
      return q;
    }, zh],
    ['zh-CN, a whole-yuan total (整)', () => {
      const q = priced(bigQuote(1, 'zh-CN'));
      q.totals.total = '100007000.00';
      return q;
    }, zh],
  ];
  for (const [what, make, options] of cases) {
    it(what, async () => {
      const q = make();
      const { total, words } = zhTotalAndWords(await pdfText(q, options, 'words-zh'));
      assert.equal(printedAmount(total), q.totals.total);
      const read = readCapitals(words);
      assert.equal(read.name, '人民币', `人民币 before the capitals: ${words}`);
      assert.equal(read.minor, minorOf(total), `${words} is not ${total}`);
    });
  }

  const enCases: [string, () => PricedQuote][] = [
    ['en, CNY', () => priced(bigQuote(8, 'en'))],
    ['en, USD', () => ({ ...priced(bigQuote(1, 'en')), currency: 'USD' })],
    ['en, KWD (3 decimals: fils, not 345/1000)', () => {
      const q = priced(bigQuote(1, 'en'));
      return { ...q, currency: 'KWD', lines: [], totals: { ...q.totals, list: '12.345', discount: '0.000', net: '12.345', tax: '0.000', total: '12.345', taxes: [] } };
    }],
    ['en, INR (paise)', () => ({ ...priced(bigQuote(1, 'en')), currency: 'INR' })],
  ];
  for (const [what, make] of enCases) {
    it(what, async () => {
      const q = make();
      const { total, words } = enTotalAndWords(await pdfText(q, en, 'words-en'));
      assert.equal(printedAmount(total), q.totals.total);
      assert.equal(readEnglish(words, q.currency), minorOf(total), `${words} is not ${total}`);
    });
  }
});

describe('税额合计, and tax rows', () => {
  it('a 税额合计 line after the rates, equal to their sum and to the priced tax (zh-CN and en)', async () => {
    const q = priced(bigQuote(8, 'zh-CN'));
    assert.ok(q.totals.taxes.length >= 2, 'two rates');
    const sum = q.totals.taxes.reduce((a, x) => a.plus(x.amount), new Dec(0));
    assert.ok(sum.eq(q.totals.tax));
    const t = squash(await pdfText(q, zh, 'tax-zh'));
    const at = t.indexOf(`税额合计¥${groupDigits(q.totals.tax)}`);
    assert.ok(at > 0, '税额合计');
    for (const tx of q.totals.taxes) {
      const row = t.indexOf(`¥${groupDigits(tx.amount)}`, t.indexOf(`计税金额¥${groupDigits(tx.base)}`));
      assert.ok(row > 0 && row < at, `${tx.code} before 税额合计`);
    }
    assert.ok(at < t.indexOf('价税合计'));
    const e = priced(bigQuote(8, 'en'));
    assert.ok(squash(await pdfText(e, en, 'tax-en')).includes(`Totaltax${squash(formatMoney(e.totals.tax, 'CNY', false))}Total(incl.tax)`));
  });

  it('a rate whose base is 0 (its only line discounted to nothing) is left out; the control prints it', async () => {
    const q = crm([{ id: 'A', sku: 'TRAIN-DAY', qty: '2', discount: { percent: '100' } }, { id: 'B', sku: 'CRM-PRO', qty: '10', term: '12', attributes: { deploy: 'cloud' } }]);
    const zero = q.totals.taxes.find((x) => x.code === 'VAT6');
    assert.deepEqual([zero?.base, zero?.amount], ['0.00', '0.00'], 'the premise: pricing gives a zero-base VAT6 row');
    const t = squash(await pdfText(q, zh, 'zero-base'));
    assert.ok(!t.includes('增值税6%（服务）'), 'no zero-base row');
    assert.ok(t.includes('增值税13%计税金额¥7,800.00¥1,014.00'));
    const control = structuredClone(q);
    control.totals.taxes[0] = { ...zero!, base: '100.00', amount: '6.00' };
    assert.ok(squash(await pdfText(control, zh, 'zero-base-control')).includes('增值税6%（服务）计税金额¥100.00¥6.00'));
  });
});

describe('a 含税 catalog: price columns and totals say tax included', () => {
  const q = priced(compressorQuote, compressorCatalog);
  const totalsOrder = (t: string, labels: string[]): void => {
    const at = labels.map((l) => t.lastIndexOf(l));
    assert.ok(at.every((x, i) => x > 0 && (i === 0 || x > at[i - 1]!)), `${labels.join(' < ')}: ${at.join(', ')}`);
  };

  it('zh-CN: 含税目录单价, 含税成交单价, 金额（含税）; the totals open with 金额合计（含税）, none says 合计（不含税）', async () => {
    const t = squash(await pdfText(q, { ...zh, catalog: compressorCatalog }, 'incl-zh'));
    assert.ok(t.includes('序号编码名称/规格数量单位含税目录单价折扣含税成交单价金额（含税）'), 'the header row');
    const first = t.indexOf('金额合计（含税）');
    assert.ok(first > 0);
    // The first row after the table is the inclusive sum: nothing before tax comes before it.
    assert.ok(t.slice(t.lastIndexOf('INSTALL-COMM'), first).indexOf('不含税') < 0);
    assert.ok(!t.includes('目录价合计') && !t.includes('合计（不含税）'));
    totalsOrder(t, [`金额合计（含税）¥${groupDigits(q.totals.total)}`, `不含税金额¥${groupDigits(q.totals.net)}`, `税额合计¥${groupDigits(q.totals.tax)}`, `价税合计¥${groupDigits(q.totals.total)}`]);
    // The discount is the priced quote's, before tax, and says so.
    assert.ok(t.includes(`折扣（不含税）(${formatPercent(q.totals.discountPercent)})-¥${groupDigits(q.totals.discount)}`));
  });

  it('en: "List price (incl. tax)", "Net price (incl. tax)"; totals open with "Total of amounts (incl. tax)"', async () => {
    const e = priced({ ...compressorQuote, locale: 'en' }, compressorCatalog);
    const t = squash(await pdfText(e, { ...en, font, catalog: compressorCatalog }, 'incl-en'));
    assert.ok(t.includes('Listprice(incl.tax)') && t.includes('Netprice(incl.tax)') && t.includes('Amount(incl.tax)'));
    assert.ok(!t.includes('Listtotal') && !t.includes('Nettotal(excl.tax)'));
    totalsOrder(t, ['Totalofamounts(incl.tax)', 'Netoftax', 'Totaltax', 'Total(incl.tax)']);
  });

  it('the control: an exclusive catalog keeps 目录单价/成交单价 and opens with 目录价合计（不含税）', async () => {
    const t = squash(await pdfText(priced(bigQuote(8, 'zh-CN')), zh, 'excl-zh'));
    assert.ok(t.includes('单位目录单价折扣成交单价金额（不含税）') && !t.includes('含税目录单价'));
    assert.ok(t.indexOf('目录价合计（不含税）') < t.indexOf('合计（不含税）¥') && !t.includes('金额合计（含税）'));
  });
});

describe('group subtotals', () => {
  it('a group of optional lines only has no 小计; the groups with counted lines keep theirs', async () => {
    const q = crm([
      { id: 'A', sku: 'CRM-PRO', qty: '10', term: '12', attributes: { deploy: 'cloud' }, group: '软件订阅' },
      { id: 'B', sku: 'TRAIN-DAY', qty: '2', optional: true, group: '可选培训' },
      { id: 'C', sku: 'IMPL-STD', qty: '1', group: '实施与服务' },
    ]);
    const t = await pdfText(q, zh, 'optional-group');
    const s = squash(t);
    assert.ok(s.includes('可选培训') && s.includes('【可选】'));
    assert.equal(s.match(/小计/g)?.length, 2, 'two subtotals');
    assert.ok(!s.includes('小计0.00'));
    // The control: the same group with a counted line has its 小计.
    const counted = crm([
      { id: 'A', sku: 'CRM-PRO', qty: '10', term: '12', attributes: { deploy: 'cloud' }, group: '软件订阅' },
      { id: 'B', sku: 'TRAIN-DAY', qty: '2', group: '可选培训' },
    ]);
    assert.ok(squash(await pdfText(counted, zh, 'counted-group')).includes('小计7,000.00'));
  });
});

describe('discount percents never claim 0 % or 100 % they are not', () => {
  it('truthfulPercent: a table', () => {
    const table: [string, string, string, string][] = [
      // [rounded, part, whole, printed]
      ['100.00', '349999.00', '350000.00', '99.99'], // 99.99971 %
      ['100.00', '7000.00', '7000.00', '100.00'], // exactly 100 %
      ['0.00', '0.08', '7800.00', '0.01'], // 0.001 %
      ['0.00', '0.00', '7800.00', '0.00'], // no discount
      ['-0.00', '-0.01', '7800.00', '-0.01'], // a tiny markup
      ['-100.00', '-100.003', '100.00', '-100.01'], // a markup just past doubling
      ['100.00', '100.004', '100.00', '100.01'], // beyond the list (a credit)
      ['99.99', '9999.00', '10000.00', '99.99'], // not on a bound: as priced
      ['47.30', '7000.00', '14800.00', '47.30'],
      ['0.00', '0.00', '0.00', '0.00'], // no list at all
    ];
    for (const [rounded, part, whole, printed] of table) assert.equal(truthfulPercent(rounded, part, whole), printed, `${part}/${whole}`);
  });

  it('property: within 0.01 of the exact percent, on the same side of 0 and 100, and the bound only when exact', () => {
    const cents = fc.bigInt({ min: 1n, max: 10n ** 12n });
    fc.assert(fc.property(cents, fc.bigInt({ min: 0n, max: 10n ** 12n }), (w, p0) => {
      const p = p0 % (w + 1n);
      const part = new Dec(p.toString()).div(100).toFixed(2);
      const whole = new Dec(w.toString()).div(100).toFixed(2);
      const exact = new Dec(part).div(whole).times(100);
      const printed = new Dec(truthfulPercent(exact.toFixed(2), part, whole));
      assert.ok(printed.minus(exact).abs().lte('0.01'), `${printed} vs ${exact}`);
      assert.equal(printed.eq(100), exact.eq(100), `${printed} vs ${exact}`);
      assert.equal(printed.isZero(), exact.isZero(), `${printed} vs ${exact}`);
    }), { numRuns: 2000 });
  });

  it('99.9997 % prints 99.99 %, on the line and in the totals (pdftotext), where pricing rounds to 100.00', async () => {
    const q = crm([{ id: 'A', sku: 'TRAIN-DAY', qty: '100', discount: { unitPrice: '0.01' } }]);
    assert.deepEqual([q.lines[0]!.discountPercent, q.totals.discountPercent], ['100.00', '100.00'], 'the premise');
    const t = squash(await pdfText(q, zh, 'pct-99'));
    assert.ok(t.includes('99.99%0.01'), 'the line: 99.99% then the net unit price 0.01');
    assert.ok(t.includes('折扣(99.99%)-¥349,999.00'));
    assert.ok(!t.includes('100%'));
  });

  it('exactly 100 % still prints 100 %', async () => {
    const q = crm([{ id: 'A', sku: 'TRAIN-DAY', qty: '2', discount: { percent: '100' } }]);
    const t = squash(await pdfText(q, zh, 'pct-100'));
    assert.ok(t.includes('100%0.00'), 'the line');
    assert.ok(t.includes('折扣(100%)-¥7,000.00'));
  });

  it('0.001 % prints 0.01 %, on the line and in the totals, where pricing rounds to 0.00 (en)', async () => {
    const q = crm([{ id: 'B', sku: 'CRM-PRO', qty: '10', term: '12', attributes: { deploy: 'cloud' }, discount: { percent: '0.001' } }], {}, 'en');
    assert.deepEqual([q.lines[0]!.discountPercent, q.totals.discountPercent, q.totals.discount], ['0.00', '0.00', '0.08'], 'the premise');
    const t = squash(await pdfText(q, en, 'pct-0'));
    assert.ok(t.includes('0.01%'), 'the line');
    assert.ok(t.includes('Discount(0.01%)CNY-0.08'));
    assert.ok(!t.includes('DiscountCNY'), 'never a discount without its percent');
  });
});

describe('the totals block', () => {
  it('16-digit values in Helvetica stay clear of their labels, a long tax name wrapped beside them (pdftotext -bbox)', async () => {
    const q = priced(bigQuote(1, 'en'));
    const big = '9999999999999999.99';
    q.currency = 'USD';
    q.totals = { ...q.totals, list: big, net: big, tax: big, total: big, discount: '0.00', discountPercent: '0.00' };
    q.totals.taxes = [{ code: 'VAT', rate: '13', name: 'Value added tax on goods and services at the standard rate of thirteen percent', base: big, amount: big }];
    const path = save(await renderQuotePdf(q, { ...en, font: undefined }), 'wide-values');
    const ws = words(path);
    const values = ws.filter((w) => w.text === '9,999,999,999,999,999.99');
    assert.equal(values.length, 6, 'five values and the tax base');
    for (const v of values.filter((x) => x.x > 400)) {
      const usd = ws.find((w) => w.text === 'USD' && Math.abs(w.y - v.y) < 2 && w.x < v.x && v.x - w.x < 40)!;
      const sameLine = ws.filter((w) => Math.abs(w.y + w.h / 2 - (v.y + v.h / 2)) < v.h / 2 && w.x < usd.x && w !== usd);
      for (const w of sameLine) assert.ok(w.x + w.w <= usd.x, `"${w.text}" ends at ${w.x + w.w}, the value starts at ${usd.x}`);
    }
  });
});

describe('printedAmount', () => {
  it('reads back what formatMoney prints, in both languages, signs and scales', () => {
    const table: [string, string][] = [['¥156,001.14', '156001.14'], ['-¥1,200.50', '-1200.50'], ['CNY 1,234,500,000,000.05', '1234500000000.05'], ['KWD 12.345', '12.345'], ['JPY 3,000', '3000'], ['USD -0.50', '-0.50']];
    for (const [printed, amount] of table) assert.equal(printedAmount(printed), amount);
    assert.throws(() => printedAmount('¥1.2.3'), /not a printed amount/);
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.constantFrom('CNY', 'USD', 'KWD', 'JPY'), fc.boolean(), (n, currency, chinese) => {
      const scale = currency === 'KWD' ? 3 : currency === 'JPY' ? 0 : 2;
      const amount = new Dec(n.toString()).div(10 ** scale).toFixed(scale);
      assert.equal(printedAmount(formatMoney(amount, currency, chinese)), amount);
    }), { numRuns: 500 });
  });
});
