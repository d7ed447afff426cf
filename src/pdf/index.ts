// Placeholder: the quote-PDF issue (renderQuotePdf, readQuoteFromPdf, amountInWords) fills this entry point.
export {};
