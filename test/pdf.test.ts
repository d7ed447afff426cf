/**
 * Quote documents (issue 5), checked with real tools: pdftotext reads the text, pdftoppm
 * renders the page (pdftotext cannot see boxes), qpdf checks the structure and lists the
 * attachment, pdfinfo counts pages and reads the metadata. Needs poppler-utils and qpdf
 * (`node scripts/check-system.mjs pdftotext pdftoppm qpdf`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument, PDFName, PDFString, rgb } from 'pdf-lib';
import { fontkitFor } from '../src/pdf/fontkit-adapter.js';
import { create } from '../src/pdf/fontkit-import.js';
import type { FkFont } from '../src/pdf/fontkit-types.js';
import { amountInWords, loadNotoSansSC, PdfInputError, readQuoteFromPdf, renderQuotePdf, type QuotePdfOptions } from '../src/pdf/index.js';
import { groupDigits } from '../src/pdf/format.js';
import { isCjk, wrapText } from '../src/pdf/wrap.js';
import fc from 'fast-check';
import { pricedForCustomer } from '../src/quote/index.js';
import type { PricedQuote } from '../src/types.js';
import { bigQuote, compressorCatalog, compressorQuote, crmCatalog, priced, sellerEn, sellerZh } from './fixtures/pdf-quotes.js';
import { glyphVerdict, pdfinfo, qpdfCheck, render, save, text, tool, words } from './fixtures/pdf-tools.js';

const font = await loadNotoSansSC();
const when = '2026-10-15T09:30:00Z';
const zhOptions: QuotePdfOptions = {
  font, seller: sellerZh, catalog: crmCatalog, creationDate: when,
  paymentTerms: '合同签订后 5 个工作日内支付 100% 款项。', terms: ['价格含税，开具增值税专用发票。', '实施周期为合同签订后 8 周。'],
};
const enOptions: QuotePdfOptions = { seller: sellerEn, catalog: crmCatalog, creationDate: when, locale: 'en', paymentTerms: '100 % within 30 days of invoice.' };

/** Text with all whitespace removed: pdftotext breaks wrapped lines where the PDF does. */
const squash = (s: string): string => s.replace(/\s+/g, '');

async function doc(pq: PricedQuote, options: QuotePdfOptions, name: string): Promise<{ bytes: Uint8Array; path: string; text: string; pages: number }> {
  const bytes = await renderQuotePdf(pq, options);
  const path = save(bytes, name);
  return { bytes, path, text: text(path), pages: Number(pdfinfo(path).get('Pages')) };
}

const zh1q = priced(bigQuote(1, 'zh-CN'));
const zh300q = priced(bigQuote(300, 'zh-CN'));
const en1q = priced(bigQuote(1, 'en'));
const en300q = priced(bigQuote(300, 'en'));
const [zh1, zh300, en1, en300] = await Promise.all([
  doc(zh1q, zhOptions, 'zh1'), doc(zh300q, zhOptions, 'zh300'), doc(en1q, enOptions, 'en1'), doc(en300q, enOptions, 'en300'),
]);

describe('renderQuotePdf: zh-CN', () => {
  it('prints the Chinese names, the totals and the capital-numeral line (pdftotext)', () => {
    const t = squash(zh1.text);
    for (const s of ['报价单', 'CRM专业版', '报价管理（CPQ）', 'API调用包', '苏州瑞达精密制造股份有限公司', '杭州云策软件有限公司', '部署方式：公有云（SaaS）']) assert.ok(t.includes(s), s);
    assert.ok(t.includes(`价税合计¥${groupDigits(zh1q.totals.total)}`));
    assert.ok(t.includes(`合计（不含税）¥${groupDigits(zh1q.totals.net)}`));
    assert.ok(t.includes(`大写金额：${amountInWords(zh1q.totals.total, 'CNY', 'zh-CN', { renminbi: true })}`));
    for (const tax of zh1q.totals.taxes) assert.ok(t.includes(`¥${groupDigits(tax.amount)}`), tax.code);
    for (const s of ['甲方', '乙方', '（盖章）', '授权代表（签字）', '付款方式', '条款与条件', '1.价格含税', '第1页/共1页']) assert.ok(t.includes(s), s);
  });

  it('draws real glyphs where the Chinese text is (pdftoppm pixels, not just text)', () => {
    const bmp = render(zh1.path);
    const ws = words(zh1.path);
    for (const word of ['报价单', '报价管理（CPQ）', '甲方']) {
      const w = ws.find((x) => x.text === word);
      assert.ok(w, `pdftotext -bbox finds ${word}`);
      // Only the leading Chinese characters: each a full em wide, so the box splits evenly.
      const n = Array.from(word).findIndex((c) => !/\p{Script=Han}/u.test(c));
      const k = n < 0 ? Array.from(word).length : n;
      const verdict = glyphVerdict(bmp, { ...w, w: (w.w * k) / Array.from(word).length }, k);
      assert.ok(verdict.ok, `${word}: ${verdict.reason}`);
    }
  });

  it('the pixel check fails on blank glyphs and on boxes (what broken subsetting draws)', async () => {
    const drawn = async (glyphFor: (f: FkFont) => number | undefined): Promise<string> => {
      const parsed = create(font) as FkFont;
      const good = fontkitFor(parsed).create(font) as unknown as FkFont & { layout(t: string): { glyphs: unknown[] } };
      const broken = new Proxy(good, {
        get(target, prop) {
          if (prop !== 'layout') return Reflect.get(target, prop, target);
          return (t: string) => {
            const run = target.layout(t);
            const cp = glyphFor(parsed);
            return cp === undefined ? run : { ...run, glyphs: Array.from(t, () => parsed.glyphForCodePoint(cp)) };
          };
        },
      });
      const pdf = await PDFDocument.create();
      pdf.registerFontkit({ create: () => broken } as never);
      const f = await pdf.embedFont(font, { subset: true });
      pdf.addPage([300, 100]).drawText('报价单', { x: 20, y: 50, size: 20, font: f, color: rgb(0, 0, 0) });
      return save(await pdf.save(), 'broken');
    };
    // Top-left box of the three characters, as pdftotext -bbox gives it: 20 pt em, ascent 1.16 em.
    const box = { x: 20, y: 100 - 50 - 23.2, w: 60, h: 28.96 };
    assert.ok(glyphVerdict(render(await drawn(() => undefined)), box, 3).ok, 'the control: real glyphs pass');
    assert.match(glyphVerdict(render(await drawn(() => 0x20)), box, 3).reason, /blank/);
    assert.match(glyphVerdict(render(await drawn(() => 0x10ffff)), box, 3).reason, /look alike/);
  });

  it('is a clean PDF with the metadata and the language (qpdf, pdfinfo)', async () => {
    for (const d of [zh1, zh300]) assert.equal(qpdfCheck(d.path).status, 0, qpdfCheck(d.path).output);
    const info = pdfinfo(zh1.path);
    assert.equal(info.get('Title'), `报价单 ${zh1q.quoteId}`);
    assert.equal(info.get('Author'), sellerZh.name);
    assert.ok(info.get('Subject')?.includes(zh1q.quoteId));
    assert.equal(info.get('Creator'), 'cpq-kit');
    assert.match(info.get('CreationDate') ?? '', /^2026-10-15T09:30:00/);
    assert.match(info.get('Page size') ?? '', /595\.28 x 841\.89/);
    const lang = (await PDFDocument.load(zh1.bytes)).catalog.lookup(PDFName.of('Lang'));
    assert.ok(lang instanceof PDFString && lang.decodeText() === 'zh-CN');
  });

  it('300 lines: pages as counted, header row on every page, numbers in order, file ≤ 400 KB', () => {
    assert.equal(zh1.pages, 1);
    assert.ok(zh300.pages >= 10 && zh300.pages <= 20, `${zh300.pages} pages`);
    assert.ok(zh300.bytes.length <= 400 * 1024, `${zh300.bytes.length} bytes`);
    for (let p = 1; p <= zh300.pages; p++) {
      const raw = text(zh300.path, p);
      const page = squash(raw);
      // Every page the table runs over (the last may hold only the end of the terms and the signatures).
      if (/^\d+(\.\d+)* [A-Z]/m.test(raw)) assert.ok(page.includes('序号编码名称/规格数量单位目录单价折扣成交单价金额（不含税）'), `header row on page ${p}`);
      assert.ok(page.includes(`第${p}页/共${zh300.pages}页`), `page ${p} of ${zh300.pages}`);
    }
    // Every top-level number 1…300 appears, in order, at a line start.
    const numbers = [...zh300.text.matchAll(/^(\d+) [A-Z]/gm)].map((m) => Number(m[1]));
    assert.deepEqual(numbers, Array.from({ length: 300 }, (_, i) => i + 1));
    assert.ok(squash(zh300.text).includes(`大写金额：${amountInWords(zh300q.totals.total, 'CNY', 'zh-CN', { renminbi: true })}`));
  });

  it('every price model, option lines under their bundle, optional lines marked and not totalled', () => {
    const t = squash(zh300.text);
    // tiered, flat, volume, block, costPlus, percentOf
    for (const name of ['CRM专业版', '报价管理（CPQ）', '智能销售助手', 'API调用包', '名片扫描仪', '实施服务']) assert.ok(t.includes(name), name);
    assert.ok(t.includes('【可选】培训（人天）'));
    assert.ok(t.includes('标注“可选”的项目为可选报价，未计入合计。'));
    assert.ok(/^1\.1 ADDON-CPQ/m.test(zh300.text) && /^1\.2 ADDON-API/m.test(zh300.text));
    const optional = zh300q.lines.filter((l) => l.optional);
    assert.ok(optional.length > 0);
    // The printed total is the priced total, which leaves the optional lines out.
    assert.ok(t.includes(`价税合计¥${groupDigits(zh300q.totals.total)}`));
  });

  it('tax-inclusive catalog with a nested bundle: amounts 含税, each tax rate', async () => {
    const q = priced(compressorQuote, compressorCatalog);
    const d = await doc(q, { font, catalog: compressorCatalog, seller: sellerZh, pageSize: 'Letter', accentColor: '#c00' }, 'compressor');
    const t = squash(d.text);
    assert.ok(t.includes('金额（含税）'));
    assert.ok(t.includes('价税合计¥359,199.40'));
    assert.ok(t.includes('增值税13%（货物）') && t.includes('¥36,295.44') && t.includes('¥2,474.04'));
    assert.ok(t.includes('电压/频率：380V/50Hz（国内标准）'));
    assert.ok(/^1\.5\.1 TANK-2M3/m.test(d.text), 'nested option numbered under its parent');
    assert.match(pdfinfo(d.path).get('Page size') ?? '', /612 x 792/);
    assert.equal(qpdfCheck(d.path).status, 0);
  });
});

describe('renderQuotePdf: en, with no font (Helvetica)', () => {
  it('prints English labels, names, totals and the amount in words', () => {
    const t = squash(en1.text);
    for (const s of ['Quotation', 'CRMProfessional', 'Quoting(CPQ)', 'Subscriptions', 'Customer', 'Supplier', 'Forthecustomer', 'Page1of1']) assert.ok(t.includes(s), s);
    assert.ok(t.includes(`Total(incl.tax)CNY${groupDigits(en1q.totals.total)}`));
    assert.ok(t.includes(squash(`Amount in words: ${amountInWords(en1q.totals.total, 'CNY', 'en')}`)));
    assert.equal(qpdfCheck(en1.path).status, 0);
  });

  it('300 lines paginate with the header repeated', () => {
    assert.ok(en300.pages >= 10 && en300.pages <= 20);
    assert.ok(squash(text(en300.path, en300.pages)).includes(`Page${en300.pages}of${en300.pages}`));
    assert.ok(squash(text(en300.path, 2)).includes('No.SKUDescriptionQtyUnitListpriceDisc.NetpriceAmount(excl.tax)'));
    assert.equal(qpdfCheck(en300.path).status, 0);
  });
});

describe('wrapText (CJK line breaking)', () => {
  const advance = (cp: number): number => (isCjk(cp) ? 10 : 5.5);
  it('breaks Chinese anywhere but never before closing or after opening punctuation', () => {
    // 6 em fit, but 税 stays with the ）。 that may not start a line (the 7th and 8th characters).
    assert.deepEqual(wrapText('报价单（含税）。合计', 60, advance), ['报价单（含', '税）。合计']);
    assert.deepEqual(wrapText('报价单（含税）。合计', 40, advance), ['报价单', '（含', '税）。合', '计']);
    assert.deepEqual(wrapText('甲乙丙丁戊，己庚', 50, advance), ['甲乙丙丁', '戊，己庚']);
    assert.deepEqual(wrapText('ADDON-STORAGE', 40, advance), ['ADDON-', 'STORAGE']);
    assert.deepEqual(wrapText('net 30 days', 35, advance), ['net 30', 'days']);
    assert.deepEqual(wrapText('a\nb', 100, advance), ['a', 'b']);
    // No break fits: the forced cut looks past the space it would drop, so ） does not start a line (CI seed 108081083).
    assert.deepEqual(wrapText('C0-， ）', 40, advance), ['C0', '-， ）']);
  });

  it('property: lines fit, keep every character, and no line starts with closing punctuation', () => {
    const alphabet = fc.constantFrom(...'报价单专业版实施服务ABCxyz012 -/，。、）」（「');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 200 }).map((a) => a.join('')), fc.integer({ min: 40, max: 300 }), (s, width) => {
        // Two closing marks in a row could not be kept off a line start by any rule; keep the runs single.
        fc.pre(!/[，。、）」]{2}|[（「]{2}/.test(s));
        const lines = wrapText(s, width, advance);
        assert.equal(squash(lines.join('')), squash(s));
        for (const [i, l] of lines.entries()) {
          const w = Array.from(l).reduce((a, c) => a + advance(c.codePointAt(0)!), 0);
          assert.ok(w <= width || Array.from(l).length === 1, `line ${i} "${l}" is ${w} wide`);
          if (i > 0) assert.ok(!/^[，。、）」]/.test(l), `line ${i} starts with closing punctuation: "${l}"`);
          if (i < lines.length - 1) assert.ok(!/[（「]$/.test(l), `line ${i} ends with opening punctuation: "${l}"`);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('long text and line breaking', () => {
  it('very long names wrap with the CJK rules and a name longer than a page splits across pages', async () => {
    const q = structuredClone(zh1q);
    const sentence = '高可用私有化部署（含双活数据中心、异地灾备），支持国产化操作系统与数据库；提供“7×24 小时”运维保障。';
    q.lines[0]!.name = sentence.repeat(8);
    q.lines[1]!.name = `超长名称${'测试文本，'.repeat(900)}结束标记`;
    q.lines[2]!.name = 'An-extremely-long-hyphenated-English-product-name-that-must-wrap-inside-its-column '.repeat(6);
    const d = await doc(q, zhOptions, 'long');
    assert.equal(qpdfCheck(d.path).status, 0);
    assert.ok(d.pages >= 2, `${d.pages} pages`);
    const t = squash(d.text);
    assert.ok(t.includes('结束标记') && t.includes(squash(sentence)));
    // Kinsoku: no printed line starts with closing punctuation.
    const bad = d.text.split('\n').filter((l) => /^[，。、；：？！）》」』】”’]/.test(l));
    assert.deepEqual(bad, []);
    // The split row repeats the header on its next page.
    assert.ok(squash(text(d.path, 2)).includes('序号编码名称/规格'));
  });
});

describe('machine-readable copy', () => {
  it('round-trips through readQuoteFromPdf and qpdf --show-attachment (the customer\'s copy: test/pdf-customer.test.ts)', async () => {
    const copy = (q: PricedQuote): unknown => JSON.parse(JSON.stringify({ ...pricedForCustomer(q), reviewRequired: false }));
    assert.deepEqual(await readQuoteFromPdf(zh300.bytes), copy(zh300q));
    assert.match(tool('qpdf', ['--list-attachments', zh1.path]), /cpq-quote\.json/);
    assert.deepEqual(JSON.parse(tool('qpdf', [`--show-attachment=cpq-quote.json`, zh1.path])), copy(zh1q));
  });

  it('survives a rewrite by another tool (qpdf --linearize), like a signed PDF coming back', async () => {
    const out = `${zh1.path}.lin.pdf`;
    tool('qpdf', ['--linearize', zh1.path, out]);
    const { readFileSync } = await import('node:fs');
    assert.equal((await readQuoteFromPdf(new Uint8Array(readFileSync(out))))?.quoteId, zh1q.quoteId);
  });

  it('null for a PDF without the attachment, a located error for bytes that are not a PDF', async () => {
    const plain = await PDFDocument.create();
    plain.addPage();
    assert.equal(await readQuoteFromPdf(await plain.save()), null);
    await assert.rejects(readQuoteFromPdf(new TextEncoder().encode('hello')), /^PdfInputError: readQuoteFromPdf: bytes: not a PDF/);
    await assert.rejects(readQuoteFromPdf('x'), /readQuoteFromPdf: bytes: must be a Uint8Array/);
  });
});

describe('bad input gives located errors', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
  const mutate = (f: (q: Record<string, any>) => void): unknown => {
    const q = structuredClone(en1q) as unknown as Record<string, any>;
    f(q);
    return q;
  };
  const cases: [string, unknown, QuotePdfOptions | unknown, RegExp][] = [
    ['logo not an image', en1q, { seller: { name: 'A', logo: new Uint8Array([1, 2, 3, 4, 5]) } }, /^renderQuotePdf: options\.seller\.logo: not a PNG or JPEG/],
    ['logo a broken PNG', en1q, { seller: { name: 'A', logo: png } }, /^renderQuotePdf: options\.seller\.logo: the PNG cannot be read/],
    ['seller without a name', en1q, { seller: { address: 'x' } }, /^renderQuotePdf: options\.seller\.name: must be a string/],
    ['unknown option', en1q, { sellr: { name: 'A' } }, /^renderQuotePdf: options\.sellr: unknown option/],
    ['accent colour', en1q, { accentColor: 'blue' }, /^renderQuotePdf: options\.accentColor: must be a colour/],
    ['page size', en1q, { pageSize: 'A3' }, /^renderQuotePdf: options\.pageSize: must be "A4" or "Letter"/],
    ['terms', en1q, { terms: ['ok', 7] }, /^renderQuotePdf: options\.terms\[1\]: must be a string/],
    ['signatures', en1q, { signatures: [{ party: 'x' }] }, /^renderQuotePdf: options\.signatures\[0\]\.title: must be a string/],
    ['font not a font', en1q, { font: new Uint8Array(64).fill(7) }, /^renderQuotePdf: options\.font: not a font file/],
    ['font WOFF2', en1q, { font: new TextEncoder().encode('wOF2 and some more bytes') }, /^renderQuotePdf: options\.font: WOFF2/],
    ['creation date', en1q, { creationDate: 'yesterday' }, /^renderQuotePdf: options\.creationDate: must be a Date/],
    ['quote not an object', null, {}, /^renderQuotePdf: pricedQuote: must be the object priceQuote returns/],
    ['float amount', mutate((q) => (q.lines[1].netAmount = 12.5)), {}, /^renderQuotePdf: pricedQuote\.lines\[1\]\.netAmount: must be a decimal string/],
    ['unrounded total', mutate((q) => (q.totals.total = '1.005')), {}, /^renderQuotePdf: pricedQuote\.totals\.total: has more decimals/],
    ['unknown parent', mutate((q) => (q.lines[1].parentId = 'nope')), {}, /^renderQuotePdf: pricedQuote\.lines\[1\]\.parentId: must be null or the id of an earlier line/],
    ['currency', mutate((q) => (q.currency = 'XYZ')), {}, /^renderQuotePdf: pricedQuote\.currency: must be an ISO 4217 code/],
    ['lines', mutate((q) => (q.lines = {})), {}, /^renderQuotePdf: pricedQuote\.lines: must be an array/],
    ['name', mutate((q) => (q.lines[0].name = 42)), {}, /^renderQuotePdf: pricedQuote\.lines\[0\]\.name: must be a non-empty string/],
  ];
  for (const [what, q, options, expected] of cases) {
    it(what, async () => {
      await assert.rejects(renderQuotePdf(q as PricedQuote, options as QuotePdfOptions), (e: unknown) => {
        assert.ok(e instanceof PdfInputError, `a PdfInputError, got ${String(e)}`);
        assert.match(e.message, expected);
        return true;
      });
    });
  }
});

describe('text the font cannot draw', () => {
  it('no font and Chinese text: names the characters, where they are, and the fix', async () => {
    const q = structuredClone(en1q);
    q.lines[0]!.name = 'CRM 专业版';
    await assert.rejects(renderQuotePdf(q, { locale: 'en' }), (e: unknown) => {
      assert.ok(e instanceof PdfInputError);
      assert.match(e.message, /built-in font cannot draw 3 characters: "专" U\+4E13 \(in pricedQuote\.lines\[0\]\.name\)/);
      assert.match(e.message, /options\.font/);
      assert.match(e.message, /@expo-google-fonts\/noto-sans-sc/);
      return true;
    });
    await assert.rejects(renderQuotePdf(en1q, { locale: 'zh-CN' }), /built-in font cannot draw .*the Chinese labels/);
  });

  it('tabs, CR LF and zero-width spaces are cleaned; other control characters are named', async () => {
    const q = structuredClone(en1q);
    q.lines[0]!.name = 'CRM\tPro\u200Bfessional\r\nEdition\uFEFF';
    const t = text(save(await renderQuotePdf(q, { locale: 'en' }), 'clean'));
    assert.ok(t.includes('CRM Professional\nEdition'), t);
    q.lines[0]!.name = 'bell\u0007';
    await assert.rejects(renderQuotePdf(q, { locale: 'en' }), /cannot draw 1 character: "\\u0007" U\+0007 \(in pricedQuote\.lines\[0\]\.name\)/);
  });

  it('a host font without a character (an emoji in Noto Sans SC)', async () => {
    const q = structuredClone(zh1q);
    q.lines[0]!.name = '专业版 🚀';
    await assert.rejects(renderQuotePdf(q, { font }), /the font in options\.font cannot draw 1 character: "🚀" U\+1F680 \(in pricedQuote\.lines\[0\]\.name\)/);
  });
});

describe('options', () => {
  it('signatures: false leaves them out; custom blocks, buyer, title and validity print', async () => {
    const d = await doc(zh1q, { font, signatures: [{ title: '采购方', party: '某某集团', seal: false }], buyer: { name: '指定买方有限公司', taxId: '9131XXXX' }, title: '销售报价单', validity: '有效期三十天。' }, 'opts');
    const t = squash(d.text);
    for (const s of ['销售报价单', '采购方', '某某集团', '指定买方有限公司', '纳税人识别号：9131XXXX', '有效期三十天。']) assert.ok(t.includes(s), s);
    assert.ok(!t.includes('（盖章）'));
    const none = squash((await doc(zh1q, { font, signatures: false }, 'nosig')).text);
    assert.ok(!none.includes('确认与签署') && !none.includes('授权代表'));
  });

  it('a PNG logo is embedded', async () => {
    // 1×1 red PNG.
    const logo = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
    const d = await doc(en1q, { ...enOptions, seller: { ...sellerEn, logo } }, 'logo');
    assert.match(tool('pdfimages', ['-list', d.path]), /image\s+1\s+1/);
  });
});
