/**
 * A problem with what the host passed in, located: `renderQuotePdf: options.seller.logo: not a
 * PNG or JPEG`. `path` is the location alone (empty when the problem is the whole input),
 * so a host can point at the field.
 */
export class PdfInputError extends TypeError {
  /** Where the problem is, e.g. `pricedQuote.lines[3].netAmount` or `options.font`. */
  readonly path: string;

  /** A located input error of `fn` (the entry point the host called). */
  constructor(path: string, detail: string, fn = 'renderQuotePdf') {
    super(`${fn}: ${path ? `${path}: ` : ''}${detail}`);
    this.name = 'PdfInputError';
    this.path = path;
  }
}
