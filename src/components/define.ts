import { CpqQuote } from './quote/quote.js';

/** The elements and their (public) tag names. */
export const elements = {
  'cpq-quote': CpqQuote,
} as const;

/**
 * Register the elements. Safe to call more than once, and in pages that registered some tags
 * already (another copy of the kit): a taken tag is left alone.
 */
export function defineCpqElements(): void {
  if (typeof customElements === 'undefined') return;
  for (const [tag, cls] of Object.entries(elements)) if (!customElements.get(tag)) customElements.define(tag, cls);
}

declare global {
  interface HTMLElementTagNameMap {
    'cpq-quote': CpqQuote;
  }
}
