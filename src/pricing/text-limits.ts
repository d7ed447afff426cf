/**
 * The most characters (Unicode code points) each of the quote's own texts may have: longer text
 * is refused, located. A module of its own so that the elements set `maxlength` without loading pricing.
 */
export const TEXT_LIMITS = { notes: 4000, terms: 20000, text: 1000, description: 1000, paymentTermsText: 500, paymentTermsCode: 50 } as const;
