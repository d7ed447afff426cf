import { guardProperties } from './diagnostics.js';
import { CpqConfigurator } from './configurator/configurator.js';
import { CpqLineEditor } from './line-editor/line-editor.js';
import { CpqProductPicker } from './product-picker/product-picker.js';
import { CpqQuote } from './quote/quote.js';
import { CpqQuoteActions } from './quote-actions/quote-actions.js';
import { CpqQuoteFields } from './quote-fields/quote-fields.js';
import { CpqQuoteSummary } from './quote-summary/quote-summary.js';

/** The elements and their (public) tag names. */
export const elements = {
  'cpq-quote': CpqQuote,
  'cpq-product-picker': CpqProductPicker,
  'cpq-configurator': CpqConfigurator,
  'cpq-line-editor': CpqLineEditor,
  'cpq-quote-summary': CpqQuoteSummary,
  'cpq-quote-actions': CpqQuoteActions,
  'cpq-quote-fields': CpqQuoteFields,
} as const;

// Every public property is checked as it is set (diagnostics.ts), whoever defines the tags.
for (const [tag, cls] of Object.entries(elements)) guardProperties(cls, tag);

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
    'cpq-product-picker': CpqProductPicker;
    'cpq-configurator': CpqConfigurator;
    'cpq-line-editor': CpqLineEditor;
    'cpq-quote-summary': CpqQuoteSummary;
    'cpq-quote-actions': CpqQuoteActions;
    'cpq-quote-fields': CpqQuoteFields;
  }
}
