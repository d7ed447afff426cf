// <cpq-quote-actions>' PDF download (issue 13, items 1 and 2): offered in every state with a hint
// that names the status mark the document will carry (en and zh-CN), and a download that is the
// customer's copy and carries that mark on every page.
import { expect, fixture, html } from '@open-wc/testing';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import '../../src/index.js';
import type { CpqQuoteActions } from '../../src/components/quote-actions/quote-actions.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import { readQuoteFromPdf } from '../../src/pdf/attach.js';
import type { QuotePdfOptions } from '../../src/pdf/options.js';
import type { LifecycleQuote } from '../../src/quote/lifecycle-types.js';
import type { Catalog, Quote } from '../../src/types.js';
import { sellerOnly } from '../fixtures/seller-only.js';
import { crmCatalog, quoteFixture } from './support/catalogs.js';

interface Mounted {
  el: CpqQuote;
  actions: CpqQuoteActions;
  root: ShadowRoot;
  catalog: Catalog;
}

let n = 0;

/** The crm-pro-120 quote (valid until 2026-12-28), changed by `edit`, inside `<cpq-quote>`. */
async function mount(edit: (q: Quote) => Quote, o: { locale?: string; mode?: string; pdfOptions?: QuotePdfOptions } = {}): Promise<Mounted> {
  const catalog = await crmCatalog();
  const quote = edit({ ...(await quoteFixture('crm-pro-120')), id: `Q-PDF-${Date.now().toString(36)}-${n++}` });
  const el = await fixture<CpqQuote>(html`<cpq-quote .catalog=${catalog} .quote=${quote} mode=${o.mode ?? 'sales'} locale=${o.locale ?? 'zh-CN'}>
    <cpq-quote-actions can-approve .pdfOptions=${o.pdfOptions ?? {}}></cpq-quote-actions>
  </cpq-quote>`);
  const actions = el.querySelector('cpq-quote-actions') as CpqQuoteActions;
  const m = { el, actions, root: actions.shadowRoot!, catalog };
  await settle(m);
  return m;
}

async function settle(m: Mounted): Promise<void> {
  await m.el.updateComplete;
  await m.actions.updateComplete;
}

const hint = (m: Mounted) => m.root.querySelector<HTMLElement>('[part="pdf-mark"]')!;
const hintText = (m: Mounted) => hint(m).textContent!.replace(/\s+/g, ' ').trim();
const pdfButton = (m: Mounted) => [...m.root.querySelectorAll('button')].find((b) => /PDF/.test(b.textContent ?? ''))!;
const discount = (percent: string) => (q: Quote): Quote => ({ ...q, discount: { percent } });
/** An English document needs no CJK font: the customer's and the group names in Latin letters. */
const latin = (q: Quote): Quote => ({ ...q, locale: 'en', customer: { id: 'C-1', name: 'Ruida Precision' }, lines: q.lines.map((l) => ({ ...l, group: 'Software' })) });

async function move(m: Mounted, name: string): Promise<void> {
  const b = [...m.root.querySelectorAll('button')].find((x) => x.textContent!.trim() === name);
  if (!b) throw new Error(`no button ${name}`);
  b.click();
  await settle(m);
  // A consequential move (approve, send, …) asks for confirmation first.
  m.root.querySelector<HTMLButtonElement>('[part~="confirm"] [data-confirm]')?.click();
  await settle(m);
}

describe('<cpq-quote-actions>: which mark the PDF carries', () => {
  const cases: [string, () => Promise<Mounted>, string, string][] = [
    ['zh-CN, needs approval', () => mount(discount('20')), 'pending-approval', 'PDF 每页带“待审批”标记'],
    ['en, needs approval', () => mount(discount('20'), { locale: 'en' }), 'pending-approval', 'The PDF is marked “PENDING APPROVAL” on every page'],
    ['zh-CN, needs no approval', () => mount((q) => q), 'final', '正式报价：PDF 不带状态标记'],
    ['en, needs no approval', () => mount((q) => q, { locale: 'en' }), 'final', 'Final quote: the PDF carries no status mark'],
    ['en, superseded', () => mount((q) => ({ ...q, lifecycle: { state: 'superseded', approvals: [], history: [] } }) as Quote, { locale: 'en' }), 'superseded', 'The PDF is marked “SUPERSEDED” on every page'],
    ['zh-CN, expired', () => mount((q) => ({ ...q, validUntil: '2026-01-31' })), 'expired', 'PDF 每页带“已过期”标记'],
    ['zh-CN, errors', () => mount((q) => ({ ...q, lines: [...q.lines, { id: 'L9', sku: 'NO-SUCH-SKU' }] })), 'draft', 'PDF 每页带“草稿”标记，且不含签署栏（报价存在错误）'],
    ['en, errors', () => mount((q) => ({ ...q, lines: [...q.lines, { id: 'L9', sku: 'NO-SUCH-SKU' }] }), { locale: 'en' }), 'draft', 'The PDF is marked “DRAFT” on every page and has no signature blocks (the quote has errors)'],
    ['self-service, needs the seller\'s review', () => mount(discount('20'), { mode: 'self-service' }), 'pending-approval', 'PDF 每页带“待审批”标记'],
    ['the host\'s pdfOptions.status', () => mount((q) => q, { locale: 'en', pdfOptions: { status: 'superseded' } }), 'superseded', 'The PDF is marked “SUPERSEDED” on every page'],
  ];
  for (const [name, make, status, text] of cases) {
    it(`${name}: ${status}`, async () => {
      const m = await make();
      expect(hint(m).dataset.status).to.equal(status);
      expect(hintText(m)).to.equal(text);
      expect(pdfButton(m).disabled).to.equal(false);
      expect(pdfButton(m).getAttribute('aria-describedby')).to.equal(hint(m).id);
      await expect(m.el).to.be.accessible();
    });
  }

  it('follows the lifecycle: pending while submitted, clean once approved', async () => {
    const m = await mount(discount('20'));
    await move(m, '提交审批');
    expect((m.el.quote as LifecycleQuote).lifecycle?.state).to.equal('approval-pending');
    expect(hint(m).dataset.status).to.equal('pending-approval');
    await move(m, '以销售经理身份批准…');
    expect((m.el.quote as LifecycleQuote).lifecycle?.state).to.equal('approved');
    expect(hint(m).dataset.status).to.equal('final');
    expect(hintText(m)).to.equal('正式报价：PDF 不带状态标记');
  });
});

/** Click the download and catch the file the element offers (no real download). */
async function download(m: Mounted): Promise<Uint8Array> {
  let blob: Blob | undefined;
  const [create, click] = [URL.createObjectURL, HTMLAnchorElement.prototype.click];
  URL.createObjectURL = (b: Blob | MediaSource) => ((blob = b as Blob), 'blob:caught');
  HTMLAnchorElement.prototype.click = () => {};
  try {
    pdfButton(m).click();
    const end = Date.now() + 8000;
    while (!blob) {
      const failed = m.root.querySelector('[part="pdf"] .failed');
      if (failed) throw new Error(failed.textContent!);
      if (Date.now() > end) throw new Error('no PDF within 8 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    URL.createObjectURL = create;
    HTMLAnchorElement.prototype.click = click;
  }
  return new Uint8Array(await blob.arrayBuffer());
}

/** How often each page's content draws `text` in a standard font (pdf-lib writes it as WinAnsi hex). */
/**
 * How often `text` is drawn in each page's content. Fonts are embedded subsets (text is drawn as
 * glyph ids), so the text is encoded through each font's ToUnicode map, read back from the file.
 */
async function drawnPerPage(bytes: Uint8Array, text: string): Promise<number[]> {
  const doc = await PDFDocument.load(bytes);
  const decode = (s: unknown) => (s instanceof PDFRawStream ? new TextDecoder('latin1').decode(decodePDFRawStream(s).decode()) : '');
  return doc.getPages().map((page) => {
    const contents = page.node.lookup(PDFName.of('Contents'));
    const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
    const ops = streams.map(decode).join('\n').toLowerCase();
    const fonts = page.node.Resources()?.lookup(PDFName.of('Font'));
    const encodings = new Set<string>();
    if (fonts instanceof PDFDict) {
      for (const ref of fonts.values()) {
        const font = doc.context.lookup(ref);
        if (!(font instanceof PDFDict)) continue;
        const cmap = decode(font.lookup(PDFName.of('ToUnicode')));
        const glyphOf = new Map<string, string>();
        for (const m of cmap.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
          const unicode = String.fromCharCode(parseInt(m[2]!, 16));
          if (!glyphOf.has(unicode)) glyphOf.set(unicode, m[1]!.toLowerCase());
        }
        const glyphs = [...text].map((c) => glyphOf.get(c));
        if (glyphs.every((g) => g !== undefined)) encodings.add(glyphs.join(''));
      }
    }
    // A font without a ToUnicode map draws WinAnsi bytes.
    encodings.add([...text].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    let count = 0;
    for (const hex of encodings) count += ops.split(`<${hex}>`).length - 1;
    return count;
  });
}

describe('<cpq-quote-actions>: the downloaded PDF', () => {
  it('is the customer\'s copy, marked PENDING APPROVAL on every page until approved, then clean', async () => {
    const m = await mount((q) => discount('20')(latin(q)), { locale: 'en' });
    expect(m.el.priced!.approvals.length).to.be.greaterThan(0);
    const pending = await download(m);
    const copy = await readQuoteFromPdf(pending);
    expect(sellerOnly(copy, m.catalog)).to.deep.equal([]);
    expect((copy as unknown as { reviewRequired: boolean }).reviewRequired).to.equal(true);
    const counts = await drawnPerPage(pending, 'PENDING APPROVAL');
    expect(counts.length).to.be.greaterThan(0);
    // The header mark and the watermark, on each page.
    for (const c of counts) expect(c).to.equal(2);

    await move(m, 'Submit for approval');
    await move(m, 'Approve as Sales manager…');
    const approved = await download(m);
    expect(sellerOnly(await readQuoteFromPdf(approved), m.catalog)).to.deep.equal([]);
    expect((await drawnPerPage(approved, 'PENDING APPROVAL')).every((c) => c === 0)).to.equal(true);
  });
});
