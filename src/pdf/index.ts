// `cpq-kit/pdf`: quote documents. renderQuotePdf and readQuoteFromPdf arrive with issue 5.
export { amountInWords } from './amount-in-words.js';
