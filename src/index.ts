/**
 * `cpq-kit`: the custom elements (registered on import, when the page has `customElements`)
 * and the contract types. The pure core is in `cpq-kit/pricing`, `/rules`, `/quote`, `/pdf`.
 */
import { defineCpqElements } from './components/define.js';

export * from './types.js';
export { CpqQuote } from './components/quote/quote.js';
export { defineCpqElements, elements } from './components/define.js';
export { cpqContext } from './components/context.js';
export type { CpqState, CpqApi, CpqMode } from './components/context.js';
export type { CpqQuoteChangeDetail, CpqApprovalRequiredDetail, CpqErrorDetail } from './components/events.js';

defineCpqElements();
