import type { QuoteFields } from '../../quote/edit.js';
import type { Catalog, Quote } from '../../types.js';
import { normalizeDecimal } from '../line-editor/line-rows.js';

/**
 * What a change of one field of `<cpq-quote-fields>` sets on the quote: pure, so the mapping from
 * what a person typed to the quote's fields is tested on its own. An emptied field removes its
 * value (an emptied customer, payment terms with nothing left: the whole object). `undefined`
 * means nothing to change; `{ error }` a value the quote cannot hold (told at the field).
 */
export type FieldChange = { patch: Partial<QuoteFields> } | { error: 'days' } | undefined;

/** Most days net a quote's payment terms may give (as pricing and the service accept). */
export const MAX_DAYS = 3650;

const clean = (o: Record<string, unknown>): Record<string, unknown> | undefined => {
  for (const [k, v] of Object.entries(o)) if (v === undefined || v === '') delete o[k];
  return Object.keys(o).length > 0 ? o : undefined;
};

export function fieldChange(control: string, raw: string, quote: Quote, catalog: Catalog | undefined): FieldChange {
  const value = control === 'notes' || control === 'terms' ? raw.replace(/\r\n?/g, '\n') : raw.trim();
  switch (control) {
    case 'customer-name':
    case 'customer-id': {
      const key = control === 'customer-id' ? 'id' : 'name';
      if ((quote.customer?.[key] ?? '') === value) return undefined;
      return { patch: { customer: clean({ ...quote.customer, [key]: value }) } };
    }
    case 'price-book': {
      const book = catalog?.priceBooks?.find((b) => b.id === value);
      const currency = book?.currency ?? catalog?.currency;
      // A book prices in its own currency: the quote follows it (pricing refuses a mismatch).
      return { patch: { priceBook: value || undefined, ...(currency && currency !== quote.currency ? { currency } : {}) } };
    }
    case 'currency': case 'date': case 'valid-until': {
      const key = control === 'valid-until' ? 'validUntil' : control;
      return (quote[key] ?? '') === value ? undefined : { patch: { [key]: value || undefined } };
    }
    case 'payment-text':
      return (quote.paymentTerms?.text ?? '') === value ? undefined : { patch: { paymentTerms: clean({ ...quote.paymentTerms, text: value }) } };
    case 'payment-days': {
      const digits = normalizeDecimal(value);
      if (digits !== '' && !(/^\d{1,4}$/.test(digits) && Number(digits) <= MAX_DAYS)) return { error: 'days' };
      const days = digits === '' ? undefined : Number(digits);
      return quote.paymentTerms?.days === days ? undefined : { patch: { paymentTerms: clean({ ...quote.paymentTerms, days }) } };
    }
    case 'notes': case 'terms':
      return (quote[control] ?? '') === value ? undefined : { patch: { [control]: value.trim() === '' ? undefined : value } };
    default:
      return undefined;
  }
}

/** The quote fields (issue paths) each control reports pricing's problems for. */
export const ISSUE_PATHS: Record<string, RegExp> = {
  'customer-name': /^customer\b/, 'price-book': /^priceBook\b/, currency: /^currency\b/, date: /^date\b/, 'valid-until': /^validUntil\b/,
  'payment-text': /^paymentTerms\b/, notes: /^notes\b/, terms: /^terms\b/,
};
