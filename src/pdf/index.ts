// `cpq-kit/pdf`: quote documents, DOM-free, the same code in Node and the browser.
export { amountInWords, type AmountInWordsOptions } from './amount-in-words.js';
export { renderQuotePdf } from './render.js';
export { readQuoteFromPdf, QUOTE_ATTACHMENT } from './attach.js';
export { PdfInputError } from './errors.js';
export { loadNotoSansSC } from './node-font.js';
export type { QuotePdfOptions, QuoteParty, QuoteSeller, SignatureBlock } from './options.js';
