/**
 * Layout that holds (issue 13, item 3), read back with poppler: numbers on one line in every
 * numeric column whatever their length; the last rows, the totals, the words and the start of
 * the closing kept together; 以下无正文; no subtotal alone at the top of a page; （续） on a
 * continued group; titles and addresses of any length.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadNotoSansSC, PdfInputError, renderQuotePdf, type QuotePdfOptions } from '../src/pdf/index.js';
import { groupDigits } from '../src/pdf/format.js';
import type { PricedQuote } from '../src/types.js';
import { bigQuote, crmCatalog, priced, sellerEn, sellerZh } from './fixtures/pdf-quotes.js';
import { classify, EN_WORDS, layoutViolations, lines, pageWords, pixelBox, redDiscPng, renderColour, sealInk, sealRed, ZH_WORDS, type Classified } from './fixtures/pdf-layout.js';
import { qpdfCheck, save } from './fixtures/pdf-tools.js';
import { assertInkExplained, assertNumbersOnOneLine, hugeNumbers } from './fixtures/pdf-numbers.js';

const font = await loadNotoSansSC();
const when = '2026-10-15T09:30:00Z';
const zh: QuotePdfOptions = { font, seller: sellerZh, catalog: crmCatalog, creationDate: when, status: 'final' };
const en: QuotePdfOptions = { seller: sellerEn, catalog: crmCatalog, creationDate: when, locale: 'en', status: 'final' };

describe('numbers never wrap', () => {
  it('widens before it shrinks: 1,234,567,890.12 (the issue\'s first failing size) prints at full size', async () => {
    const q = priced(bigQuote(3, 'en'));
    q.lines[0] = Object.assign({ ...q.lines[0]! }, { netAmount: '1234567890.12', total: '1234567890.12', listUnitPrice: '123456789.12', netUnitPrice: '123456789.12' });
    const path = save(await renderQuotePdf(q, en), 'widen');
    const words = pageWords(path)[0]!;
    const height = (text: string): number => {
      const w = words.find((x) => x.text === text);
      assert.ok(w, `${text} is one word`);
      return w.yMax - w.y;
    };
    // The same box height as an ordinary amount of the same table: not shrunk.
    const ordinary = groupDigits(q.lines[1]!.netAmount);
    assert.ok(Math.abs(height('1,234,567,890.12') - height(ordinary)) < 0.01);
    assert.ok(Math.abs(height('123,456,789.12') - height(ordinary)) < 0.01);
  });

  it('a figure that cannot fit even at the smallest size is a located error', async () => {
    const q = priced(bigQuote(3, 'en'));
    q.lines[1] = { ...q.lines[1]!, qty: '1234567890123456789012345678901234567890' };
    await assert.rejects(renderQuotePdf(q, en), (e: unknown) => e instanceof PdfInputError && e.path === 'pricedQuote.lines[1].qty' && /does not fit in its column on one line/.test(e.message));
  });

  for (const [name, locale, options] of [['Helvetica (en)', 'en', en], ['Noto Sans SC (zh-CN)', 'zh-CN', zh]] as const) {
    it(`15-digit figures in every numeric column stay on one line: ${name}`, async () => {
      const { q, cells } = hugeNumbers(locale);
      const path = save(await renderQuotePdf(q, options), `huge-${locale}`);
      assertNumbersOnOneLine(path, cells);
      assertInkExplained(path);
    });
  }
});

const zhClosing: QuotePdfOptions = {
  ...zh, paymentTerms: '合同签订后 5 个工作日内支付 100% 款项。',
  terms: ['价格含税，开具增值税专用发票。', '实施周期为合同签订后 8 周，双方另有约定的除外；因客户原因延误的，工期相应顺延。', '本报价单经双方签字盖章后生效，传真件与扫描件具有同等效力。'],
};

interface Swept {
  name: string;
  path: string;
  pages: Classified[][];
}

/**
 * Documents whose page break sweeps across every position: the line count moves the break a row
 * at a time, and k lines of specification on the first line move it by one small line more,
 * so it falls before and after each row, subtotal, total, section heading and line.
 */
async function sweep(locale: 'zh-CN' | 'en', options: QuotePdfOptions, counts: number[], shifts: number[], edit?: (q: PricedQuote) => void): Promise<Swept[]> {
  const out: Swept[] = [];
  const words = locale === 'en' ? EN_WORDS : ZH_WORDS;
  for (const n of counts) {
    for (const k of shifts) {
      const spec = Array.from({ length: k + 1 }, (_, i) => (locale === 'en' ? `Specification line ${i + 1}` : `规格说明第 ${i + 1} 行`)).join('\n');
      const name = `${locale}-n${n}-k${k}`;
      const q = priced(bigQuote(n, locale));
      edit?.(q);
      const path = save(await renderQuotePdf(q, { ...options, specs: { L1: spec } }), name);
      out.push({ name, path, pages: classify(pageWords(path), words) });
    }
  }
  return out;
}

/** What ends page 1 of a document: the kind of its last line above the footer (text of a row or of the terms), or "one page". */
function pageEnd(d: Swept): string {
  if (d.pages.length === 1) return 'one page';
  const body = d.pages[0]!.filter((l) => l.kind !== 'footer');
  const last = body.at(-1)!;
  if (last.kind !== 'other') return last.kind;
  return body.some((l) => l.kind === 'words') ? 'terms text' : 'row text';
}

/** What starts page 2 below the header row. */
function pageStart(d: Swept): string {
  const page = d.pages[1];
  if (!page) return 'one page';
  // A header row's titles may wrap ("Amount (excl. / tax)"): its second line is part of it.
  const head = page.find((l) => l.kind === 'head');
  return page.find((l) => l.kind !== 'head' && !(head && l.kind === 'other' && l.y - head.y < 12))!.kind;
}

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('keep-together, swept across the page break', () => {
  const cases = [
    // The end of the document crosses the foot of page 1: rows, totals, sections, signatures.
    { name: 'zh-CN, payment terms and three clauses', locale: 'zh-CN' as const, options: zhClosing, sections: true, counts: range(3, 10), ends: ['terms text', 'subtotal'], starts: ['continued', 'other'] },
    { name: 'en, validity only', locale: 'en' as const, options: en, sections: true, counts: range(6, 13), ends: ['subtotal', 'row text'], starts: ['continued'] },
    { name: 'zh-CN, no sections at all', locale: 'zh-CN' as const, options: zh, sections: false, counts: range(5, 12), edit: (q: PricedQuote) => delete q.validUntil, ends: ['subtotal'], starts: ['continued'] },
    // The break inside the table: groups that continue, subtotals at the foot.
    { name: 'zh-CN, the break inside the table', locale: 'zh-CN' as const, options: zh, sections: true, counts: range(13, 22), shifts: [0, 2], ends: ['line', 'subtotal'], starts: ['continued', 'group'] },
  ];
  for (const c of cases) {
    it(`every rule holds wherever the break falls: ${c.name}`, async () => {
      const docs = await sweep(c.locale, c.options, c.counts, c.shifts ?? range(0, 4), c.edit);
      const ends = new Set<string>();
      const starts = new Set<string>();
      const seen = new Set<string>();
      for (const d of docs) {
        const problems = layoutViolations(d.pages, { sections: c.sections, signatures: true, groups: true });
        assert.deepEqual(problems, [], `${d.name} (${d.path}): ${problems.join('; ')}`);
        ends.add(pageEnd(d));
        starts.add(pageStart(d));
        // One document of each kind of break is checked on its rendered pages too (pdftoppm).
        const kind = `${pageEnd(d)} / ${pageStart(d)}`;
        if (!seen.has(kind)) assertInkExplained(d.path);
        seen.add(kind);
      }
      // The sweep did put the break where the rules act (page 1 ending in rows or in the terms, page 2 starting with （续） …).
      for (const e of c.ends) assert.ok(ends.has(e), `some document's page 1 ends with ${e} (seen: ${[...ends].join(', ')})`);
      for (const e of c.starts) assert.ok(starts.has(e), `some document's page 2 starts with ${e} (seen: ${[...starts].join(', ')})`);
    });
  }
});

/** Every word of every page inside the page and above the footer rule, except the footer's own. */
function assertInsidePages(path: string): void {
  pageWords(path).forEach((words, p) => {
    for (const w of words) {
      assert.ok(w.x >= 0 && w.xMax <= 595.28 && w.y >= 0 && w.yMax <= 841.89, `page ${p + 1}: "${w.text}" is off the page (${w.x}, ${w.y})`);
    }
    const footer = lines(words).filter((l) => l.y > 841.89 - 46);
    assert.equal(footer.length, 1, `page ${p + 1}: one footer line, got ${footer.map((l) => l.text).join(' / ')}`);
    assert.match(footer[0]!.text, new RegExp(`第 ${p + 1} 页 / 共 ${words.length === 0 ? '' : '\\d+'} 页|Page ${p + 1} of \\d+`));
  });
}

const squash = (s: string): string => s.replace(/\s+/g, '');

describe('titles and addresses of any length', () => {
  it('a title with line breaks sets one footer line on every page; a 300-character title shrinks and keeps page 1', async () => {
    for (const title of ['报价单\n（第二版）\n智能制造升级项目', '智能制造升级项目二期工程软件订阅与实施服务报价'.repeat(13).slice(0, 300)]) {
      const path = save(await renderQuotePdf(priced(bigQuote(30, 'zh-CN')), { ...zh, title }), 'title');
      assertInsidePages(path);
      const pages = classify(pageWords(path), ZH_WORDS);
      assert.ok(pages.length > 1);
      // Page 1 holds the table below the header, and its title is all there (wrapped, not cut).
      assert.ok(pages[0]!.some((l) => l.kind === 'line'), 'table rows on page 1');
      const first = squash(pages[0]!.map((l) => l.text).join(''));
      assert.ok(first.includes(squash(title)), 'the whole title on page 1');
      assert.deepEqual(layoutViolations(pages, { sections: true, signatures: true, groups: true }), []);
    }
  });

  it('a 2,000-character address flows on from page 1 in its column (page 1 not left blank below the header)', async () => {
    const address = '江苏省苏州市工业园区星湖街 328 号创意产业园 12 幢 801 室（近独墅湖大道），'.repeat(60).slice(0, 2000);
    const buyer = { name: '苏州瑞达精密制造股份有限公司', address, contact: '李娜（采购部）', phone: '0512-6288 0000' };
    for (const options of [{ ...zh, buyer }, { ...zh, buyer, seller: { ...sellerZh, address } }]) {
      const path = save(await renderQuotePdf(priced(bigQuote(6, 'zh-CN')), options), 'address');
      assertInsidePages(path);
      const pages = pageWords(path);
      // Page 1 is filled down to the footer: its lowest line of text is within 30 pt of the foot.
      const body = lines(pages[0]!).filter((l) => l.y < 841.89 - 46);
      assert.ok(body.at(-1)!.y > 841.89 - 46 - 30, `page 1's text ends at ${body.at(-1)!.y.toFixed(0)} pt of 842`);
      // The buyer's column (the left half), read down its pages.
      const left = squash(pages.flatMap((p) => lines(p.filter((w) => w.xMax < 595.28 / 2)).map((l) => l.text)).join(''));
      assert.ok(left.includes(squash(`地址：${address}`)), 'the whole address is printed in the buyer column');
      assert.ok(left.includes('电话：0512-62880000'), 'the fields after it too');
      assert.deepEqual(layoutViolations(classify(pages, ZH_WORDS), { sections: true, signatures: true, groups: true }), []);
    }
  });
});

const MM_PER_INCH = 25.4;

describe('seal (公章) and 骑缝章', () => {
  const seal = redDiscPng(420);
  const dpi = 150;
  const mm = (px: number): number => (px * MM_PER_INCH) / dpi;

  it('prints the seal PNG at 42 mm over the seller\'s signature block, its transparency kept (pdftoppm)', async () => {
    for (const [widthMm, expected] of [[undefined, 42], [30, 30]] as const) {
      const path = save(await renderQuotePdf(priced(bigQuote(2, 'zh-CN')), { ...zh, seal: { image: seal, ...(widthMm ? { widthMm } : {}) } }), 'seal');
      const pages = pageWords(path);
      const last = pages.length;
      const bmp = renderColour(path, last, dpi);
      const box = pixelBox(bmp, sealRed);
      assert.ok(box, 'red seal pixels on the last page');
      const [w, h] = [mm(box.x1 - box.x0 + 1), mm(box.y1 - box.y0 + 1)];
      assert.ok(Math.abs(w - expected) <= 1 && Math.abs(h - expected) <= 1, `seal ${w.toFixed(2)} × ${h.toFixed(2)} mm, expected ${expected} ± 1`);
      // A disc: about π/4 of its box is red (a square would be all of it).
      const fill = box.count / ((box.x1 - box.x0 + 1) * (box.y1 - box.y0 + 1));
      assert.ok(Math.abs(fill - Math.PI / 4) < 0.03, `red fills ${(fill * 100).toFixed(1)} % of the box`);
      assert.equal(pixelBox(bmp, (r, g, b) => b > 200 && r < 60 && g < 60), undefined, 'no blue: the transparent corners are transparent');
      // Over the seller's block (乙方, the right one), below its title, inside the page's margins.
      const seller = lines(pages[last - 1]!).flatMap((l) => l.words).find((x) => x.text === '乙方');
      assert.ok(seller, '乙方 on the last page');
      const pt = (px: number): number => (px * 72) / dpi;
      assert.ok(pt(box.x0) > seller.x && pt(box.x1) <= 595.28 - 36 + 1, `seal x ${pt(box.x0).toFixed(0)}–${pt(box.x1).toFixed(0)} pt in the seller's block from ${seller.x.toFixed(0)}`);
      assert.ok(pt(box.y0) > seller.yMax && pt(box.y1) < 841.89 - 46, 'below the block title, above the footer');
      for (let p = 1; p < last; p++) assert.equal(pixelBox(renderColour(path, p, 36), sealRed), undefined, `no seal on page ${p}`);
    }
  });

  it('骑缝章: every page shows its slice of the seal at the right edge, and the slices make the whole seal', async () => {
    // Over the left block here, so that the signature seal stays clear of the edge's strip.
    const path = save(await renderQuotePdf(priced(bigQuote(30, 'zh-CN')), { ...zh, seal: { image: seal, acrossPages: true, block: 0 } }), 'cross-seal');
    const n = pageWords(path).length;
    assert.ok(n >= 3, `${n} pages`);
    assert.equal(qpdfCheck(path).status, 0, 'qpdf --check passes (clipping paths, the blend mode)');
    const r = ((42 / MM_PER_INCH) * dpi) / 2; // the seal's radius in pixels
    let total = 0;
    for (let p = 1; p <= n; p++) {
      const bmp = renderColour(path, p, dpi);
      // The slice: the red pixels of the strip at the right edge (the signature seal is further in).
      const strip = (x: number): boolean => x >= bmp.width - Math.ceil((2 * r) / n) - 2;
      const redAt = (x: number, y: number): boolean => {
        const i = (y * bmp.width + x) * 3;
        return sealInk(bmp.rgb[i]!, bmp.rgb[i + 1]!, bmp.rgb[i + 2]!);
      };
      let x0 = bmp.width;
      for (let x = bmp.width - 1; x >= 0 && strip(x); x--) {
        let top = -1;
        let bottom = -1;
        for (let y = 0; y < bmp.height; y++) {
          if (!redAt(x, y)) continue;
          if (top < 0) top = y;
          bottom = y;
        }
        if (top < 0) continue;
        x0 = Math.min(x0, x);
        // Column x of page p shows column u of the seal: the chord of the disc there.
        const u = (p - 1) * ((2 * r) / n) + (x + 0.5 - (bmp.width - (2 * r) / n));
        // Where the circle is steep a pixel column spans several rows of chord: compare within ±1.5 px of u.
        const chord = (v: number): number => 2 * Math.sqrt(Math.max(0, r * r - (v - r) ** 2));
        const near = [u - 1.5, u, u + 1.5].map(chord);
        const height = bottom - top + 1;
        assert.ok(height >= Math.min(...near) - 2 && height <= Math.max(...near) + 2, `page ${p}, column ${x}: red ${height} px high, the seal's chord there ${near[1]!.toFixed(1)}`);
        assert.ok(Math.abs((top + bottom) / 2 - bmp.height / 2) <= 2, `page ${p}: the slice is centred on the page's height`);
      }
      const width = bmp.width - x0;
      assert.ok(Math.abs(mm(width) - 42 / n) <= 0.5, `page ${p}: slice ${mm(width).toFixed(2)} mm wide, expected ${(42 / n).toFixed(2)}`);
      total += width;
    }
    assert.ok(Math.abs(mm(total) - 42) <= 1, `the slices add up to ${mm(total).toFixed(2)} mm`);
  });

  it('no seal on a quote with errors (no signature blocks), and located errors for bad seal options', async () => {
    const broken = priced(bigQuote(2, 'zh-CN'));
    broken.orderable = false;
    const path = save(await renderQuotePdf(broken, { ...zh, status: undefined, seal: { image: seal, acrossPages: true } }), 'seal-errors');
    const n = pageWords(path).length;
    for (let p = 1; p <= n; p++) assert.equal(pixelBox(renderColour(path, p, 36), sealRed), undefined, `no seal on page ${p}`);
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
    const bad: [QuotePdfOptions['seal'] | unknown, QuotePdfOptions['signatures'], RegExp][] = [
      [{ image: jpeg }, true, /options\.seal\.image: is a JPEG, which has no transparency/],
      [{}, true, /options\.seal\.image: is required/],
      [{ image: seal, widthMm: 100 }, true, /options\.seal\.widthMm: must be a number of millimetres from 10 to 80/],
      [{ image: seal, block: 2 }, true, /options\.seal\.block: must be the index of a signature block, 0 to 1, got 2/],
      [{ image: seal, block: 0 }, false, /options\.seal: there is no signature block/],
      [{ image: seal, acrossPages: 'yes' }, true, /options\.seal\.acrossPages: must be a boolean/],
      [{ image: seal, colour: 'red' }, true, /options\.seal\.colour: unknown option/],
    ];
    for (const [s, signatures, message] of bad) {
      await assert.rejects(renderQuotePdf(priced(bigQuote(1, 'zh-CN')), { ...zh, signatures, seal: s as QuotePdfOptions['seal'] }), (e: unknown) => e instanceof PdfInputError && message.test(e.message), String(message));
    }
  });
});

describe('承前页 / 过次页 (carryForward)', () => {
  /** Cents of a printed amount ("1,234.50" → 123450n). */
  const cents = (s: string): bigint => BigInt(s.replace(/[,.]/g, ''));
  const amountOf = (l: Classified): bigint => cents(l.words.at(-1)!.text);

  for (const [locale, options, words] of [['zh-CN', zh, ZH_WORDS], ['en', en, EN_WORDS]] as const) {
    it(`the running totals read back and add up page by page: ${locale}`, async () => {
      const q = priced(bigQuote(40, locale));
      const path = save(await renderQuotePdf(q, { ...options, carryForward: true }), `carry-${locale}`);
      const pages = classify(pageWords(path), words);
      assert.ok(pages.length >= 3, `${pages.length} pages`);
      const optional = locale === 'en' ? '[Optional]' : '【可选】';
      let brought = 0n;
      let tableDone = false;
      pages.forEach((ls, p) => {
        const rows = ls.filter((l) => l.kind === 'line' && !l.text.includes(optional));
        const sum = rows.reduce((a, l) => a + amountOf(l), 0n);
        const b = ls.filter((l) => l.kind === 'brought');
        const c = ls.filter((l) => l.kind === 'carried');
        if (p === 0) assert.equal(b.length, 0, 'nothing brought forward to page 1');
        else if (!tableDone) {
          assert.equal(b.length, 1, `page ${p + 1}: one brought-forward row`);
          assert.equal(amountOf(b[0]!), brought, `page ${p + 1}: brought forward = carried forward from page ${p}`);
          assert.ok(ls.indexOf(b[0]!) === ls.findIndex((l) => l.kind === 'head') + 1 || ls[ls.indexOf(b[0]!) - 1]!.kind === 'other', 'right under the header row');
        }
        const total = ls.find((l) => l.kind === 'total');
        if (total) {
          assert.equal(c.length, 0, `page ${p + 1}: the table ends here, nothing carried`);
          tableDone = true;
          brought += sum;
        } else if (!tableDone) {
          assert.equal(c.length, 1, `page ${p + 1}: one carried-forward row`);
          assert.equal(amountOf(c[0]!), brought + sum, `page ${p + 1}: carried = brought ${brought} + this page's lines ${sum}`);
          const lastRow = ls.filter((l) => ['line', 'subtotal', 'group', 'continued', 'other'].includes(l.kind) && l.y < 841.89 - 46).at(-1)!;
          assert.ok(c[0]!.y >= lastRow.y - 12, `page ${p + 1}: the carried row ends the table`);
          brought += sum;
        }
      });
      // What the pages added up to is the sum of every counted line, and of the subtotals.
      const expected = q.lines.filter((l) => !l.optional).reduce((a, l) => a + cents(l.netAmount), 0n);
      assert.equal(brought, expected);
      const subtotals = pages.flat().filter((l) => l.kind === 'subtotal').reduce((a, l) => a + amountOf(l), 0n);
      assert.equal(subtotals, expected);
    });
  }

  it('off by default: no running totals', async () => {
    const path = save(await renderQuotePdf(priced(bigQuote(40, 'zh-CN')), zh), 'carry-off');
    const kinds = classify(pageWords(path), ZH_WORDS).flat().map((l) => l.kind);
    assert.ok(!kinds.includes('carried') && !kinds.includes('brought'));
  });
});
