/** File name of the machine-readable copy inside the PDF. */
export const QUOTE_ATTACHMENT = 'cpq-quote.json';
