// `cpq-kit/pdf`: renderQuotePdf, readQuoteFromPdf and amountInWords arrive with issue 5.
export {};
