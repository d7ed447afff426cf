// `cpq-kit/pdf`: quote documents, DOM-free, the same code in Node and the browser. The renderer
// and the reader load pdf-lib and fontkit (optional peer dependencies) on their first call;
// amountInWords, PdfInputError, QUOTE_ATTACHMENT and loadNotoSansSC need neither.
import type { PricedQuote } from '../types.js';
import type { QuotePdfOptions } from './options.js';
import { loadPdfStack } from './load-stack.js';

export { amountInWords, type AmountInWordsOptions } from './amount-in-words.js';
export { QUOTE_ATTACHMENT } from './attachment-name.js';
export { PdfInputError } from './errors.js';
export { loadNotoSansSC } from './node-font.js';
export type { QuotePdfOptions, QuoteParty, QuoteSeller, SignatureBlock } from './options.js';

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
 * pdf-lib and fontkit (optional peer dependencies) are loaded on the first call; when one is
 * missing the call rejects with `cpq-kit/pdf renderQuotePdf: needs pdf-lib, … npm i …`
 * (`error.code === 'ERR_CPQ_PDF_PEER_MISSING'`).
 *
 * @example
 * const pdf = await renderQuotePdf(priceQuote(catalog, quote), {
 *   seller: { name: '杭州云策软件有限公司', logo: pngBytes },
 *   font: await loadNotoSansSC(), // Node; in the browser fetch the font bytes
 *   paymentTerms: '合同签订后 5 个工作日内支付 100%。',
 * });
 */
export async function renderQuotePdf(pricedQuote: PricedQuote, options: QuotePdfOptions = {}): Promise<Uint8Array> {
  return (await loadPdfStack('renderQuotePdf')).renderQuotePdf(pricedQuote, options);
}

/**
 * The priced quote JSON a PDF made by `renderQuotePdf` carries, or null when it carries none.
 * Throws a located error (a `PdfInputError` at `bytes`) when the bytes are not a PDF, the PDF is
 * encrypted (with a user password or only an owner password), or the attachment is not JSON —
 * never `null` for an encrypted PDF. Prints nothing: pdf-lib's console messages are dropped.
 *
 * Loads pdf-lib on the first call, like `renderQuotePdf`.
 *
 * @example
 * const quote = await readQuoteFromPdf(signedPdfBytes); // → { quoteId: "Q-2026-0001", … } or null
 */
export async function readQuoteFromPdf(bytes: unknown): Promise<PricedQuote | null> {
  return (await loadPdfStack('readQuoteFromPdf')).readQuoteFromPdf(bytes);
}
