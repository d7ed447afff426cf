import { BlendMode, PDFDocument, clip, endPath, popGraphicsState, pushGraphicsState, rectangle, type PDFImage } from 'pdf-lib';
import { fill } from '../core/text.js';
import type { PricedQuote } from '../types.js';
import { attachQuote } from './attach.js';
import { Canvas, palette } from './canvas.js';
import { closingBlocks, type SealPlacement } from './closing.js';
import { buildContent, type Content } from './content.js';
import { PdfInputError } from './errors.js';
import { attachmentContent } from './customer-copy.js';
import { statusMark } from './document-status.js';
import { checkCoverage, embedFace, parseFont } from './fonts.js';
import { layoutBlocks } from './flow.js';
import { drawHeader, drawParties } from './header.js';
import { markPdfA3b } from './pdfa.js';
import { layoutLabels } from './layout-strings.js';
import type { QuotePdfOptions } from './options.js';
import { drawStatusMarks, resolveStatus } from './status-mark.js';
import { LineTable } from './table.js';
import { imageKind, resolveOptions } from './validate-options.js';
import { checkPricedQuote } from './validate-quote.js';

/**
 * Render a priced quote as a PDF quote document (报价单 / quotation): header with logo, parties,
 * the line table (groups, option lines indented under their bundle, optional lines marked and
 * not totalled), totals with tax per rate, the total in words, terms, signature and seal areas,
 * "page X of Y", metadata, and the customer's copy of the priced quote attached as
 * `cpq-quote.json` (no cost, margin, floor price or approval: `attachment:
 * "internal-priced-quote"` attaches the seller's quote instead).
 *
 * A quote that is not final — a draft with errors, one waiting for approval, expired or
 * superseded, from `options.lifecycle` and the quote's approvals, or `options.status` — carries
 * its status (待审批 / PENDING APPROVAL, …) as a watermark and a header mark on every page; a
 * quote with errors prints no signature blocks.
 *
 * The layout holds on real data: figures never wrap (their columns widen, then they shrink, and
 * one that cannot fit is a located error); the last rows, the totals, the amount in words and
 * the start of the terms stay on one page; 以下无正文 closes the text before the signatures,
 * which never stand alone on the last page; a subtotal never starts a page and a group that
 * goes on repeats its heading with （续）. `options.seal` prints a seal PNG at its real size
 * (42 mm) over the seller's block, and as a 骑缝章 across the page edges with `acrossPages`;
 * `options.carryForward` adds 过次页 / 承前页 running totals.
 *
 * The same code runs in Node and the browser. Chinese text needs a CJK font in
 * `options.font`; text the font cannot draw is a located error, never a box. Bad input
 * throws a `PdfInputError` naming the field: both arguments are checked as untrusted JSON
 * (a quote that came back from a browser or a file), whatever their static type says.
 *
 * @example
 * const pdf = await renderQuotePdf(priceQuote(catalog, quote), {
 *   seller: { name: '杭州云策软件有限公司', logo: pngBytes },
 *   font: await loadNotoSansSC(), // Node; in the browser fetch the font bytes
 *   paymentTerms: '合同签订后 5 个工作日内支付 100%。',
 * });
 */
export async function renderQuotePdf(pricedQuote: PricedQuote, options: QuotePdfOptions = {}): Promise<Uint8Array> {
  const quote = checkPricedQuote(pricedQuote);
  const resolved = resolveOptions(options, quote.locale);
  const { status, hasErrors } = resolveStatus(pricedQuote, quote, resolved);
  // Nobody signs a quote that cannot be ordered.
  const o = hasErrors ? { ...resolved, signatures: false as const, seal: undefined } : resolved;
  const font = o.font ? parseFont(o.font, o.fontName) : undefined;
  const content = buildContent(quote, o);
  const mark = statusMark(status, o.locale);
  if (mark) content.texts.push({ text: `${mark.mark}${mark.note}…`, from: 'the status mark' });
  const labels = layoutLabels(o.chinese);
  content.texts.push({ text: fill(labels.continued, { group: '' }) + labels.endMark + (o.carryForward ? labels.carriedForward + labels.broughtForward : ''), from: `the ${o.chinese ? 'Chinese' : 'English'} labels` });

  const doc = await PDFDocument.create();
  const face = await embedFace(doc, font, o.font);
  checkCoverage(face, content.texts);
  const logo = o.seller?.logo ? await embedLogo(doc, o.seller.logo, 'options.seller.logo') : undefined;
  const seal: SealPlacement | undefined = o.seal && { image: await embedLogo(doc, o.seal.image, 'options.seal.image'), width: o.seal.width, block: o.seal.block };

  const canvas = new Canvas(doc, face, o.pageSize, palette(o.accent));
  canvas.addPage();
  drawHeader(canvas, content, logo, o.seller?.name);
  drawParties(canvas, content);
  const table = new LineTable(canvas, content.columns, content.rows, { labels, carryForward: o.carryForward });
  layoutBlocks(canvas, [...table.blocks(), ...closingBlocks(canvas, content, labels, seal)]);
  drawFooters(canvas, content);
  if (seal && o.seal?.acrossPages) drawCrossPageSeal(canvas, seal);
  if (mark) drawStatusMarks(canvas, mark.mark, mark.note);

  const subject = `${content.title} ${quote.quoteId} · ${content.labels.version} ${quote.version}${content.buyer ? ` · ${content.buyer.name}` : ''}`;
  doc.setTitle(`${content.title} ${quote.quoteId}`, { showInWindowTitleBar: true });
  doc.setAuthor(o.seller?.name ?? 'cpq-kit');
  doc.setSubject(subject);
  doc.setKeywords([quote.quoteId, quote.currency, 'cpq-kit']);
  doc.setCreator('cpq-kit');
  doc.setProducer('cpq-kit (pdf-lib)');
  doc.setCreationDate(o.creationDate);
  doc.setModificationDate(o.creationDate);
  doc.setLanguage(o.locale);
  await attachQuote(doc, attachmentContent(pricedQuote, o.attachment), o.creationDate, o.attachment === 'customer-copy' ? "Priced quote, the customer's copy (cpq-kit data contract v1)" : undefined);
  markPdfA3b(doc);
  return doc.save();
}

async function embedLogo(doc: PDFDocument, bytes: Uint8Array, path: string): Promise<PDFImage> {
  const kind = imageKind(bytes);
  try {
    return kind === 'png' ? await doc.embedPng(bytes) : await doc.embedJpg(bytes);
  } catch (error) {
    throw new PdfInputError(path, `the ${kind === 'png' ? 'PNG' : 'JPEG'} cannot be read: ${(error as Error).message}`);
  }
}

/**
 * The 骑缝章: the seal split across the right edge of the pages, as pressed over the fanned
 * edges of the printed document — page i of n shows the i-th of n vertical slices of the seal,
 * at the edge, at mid-height, so the slices line up again when the pages are fanned. A single
 * page has no edge to seal across.
 */
function drawCrossPageSeal(canvas: Canvas, seal: SealPlacement): void {
  const n = canvas.pages.length;
  if (n < 2) return;
  const [pageW, pageH] = canvas.size;
  const h = (seal.width * seal.image.height) / seal.image.width;
  const slice = seal.width / n;
  canvas.pages.forEach((page, i) => {
    page.pushOperators(pushGraphicsState(), rectangle(pageW - slice, 0, slice, pageH), clip(), endPath());
    page.drawImage(seal.image, { x: pageW - slice * (i + 1), y: (pageH - h) / 2, width: seal.width, height: h, blendMode: BlendMode.Multiply });
    page.pushOperators(popGraphicsState());
  });
}

/** "Page X of Y" and the quote reference at the foot of every page, once the count is known. */
function drawFooters(canvas: Canvas, content: Content): void {
  const total = canvas.pages.length;
  const style = { size: 7, color: canvas.colors.muted };
  canvas.pages.forEach((page, i) => {
    canvas.page = page;
    const y = canvas.bottom - 18;
    const pageOf = fill(content.labels.pageOf, { page: i + 1, pages: total });
    canvas.rule(y + 6, canvas.left, canvas.right, 0.4);
    // One line: a title's line breaks become spaces before it is measured and cut.
    canvas.text(shorten(canvas, content.footerLeft.replace(/\s*\n\s*/g, ' '), canvas.width - canvas.measure(pageOf, style) - 24, style), canvas.left, y, style, 'left');
    canvas.text(pageOf, canvas.left, y, style, 'right', canvas.width);
  });
}

/** Cut a one-line text to a width with an ellipsis (a long title must not run into the page number). */
function shorten(canvas: Canvas, text: string, width: number, style: { size: number }): string {
  if (canvas.measure(text, style) <= width) return text;
  const chars = Array.from(text);
  while (chars.length > 1 && canvas.measure(chars.join('') + '...', style) > width) chars.pop();
  return chars.join('') + '...';
}
