/**
 * `cpq-kit`: the custom elements (registered on import, when the page has `customElements`)
 * and the contract types. The pure core is in `cpq-kit/pricing`, `/rules`, `/quote`, `/pdf`.
 */
import { defineCpqElements } from './components/define.js';

export * from './types.js';
export { CpqQuote } from './components/quote/quote.js';
export { CpqProductPicker } from './components/product-picker/product-picker.js';
export { CpqConfigurator } from './components/configurator/configurator.js';
export { CpqLineEditor } from './components/line-editor/line-editor.js';
export { CpqQuoteSummary } from './components/quote-summary/quote-summary.js';
export { CpqQuoteActions } from './components/quote-actions/quote-actions.js';
export { CpqQuoteFields, type CpqCustomerPickDetail } from './components/quote-fields/quote-fields.js';
export { defineCpqElements, elements } from './components/define.js';
export { cpqContext } from './components/context.js';
export { setDiagnostics, type DiagnosticsMode } from './components/diagnostics.js';
export type { CpqState, CpqApi, CpqMode } from './components/context.js';
export type {
  CpqQuoteChangeDetail, CpqApprovalRequiredDetail, CpqErrorDetail, CpqStageSuggestDetail, CpqOrderSubmitDetail, CpqOrderDeliveredDetail, CpqOrderFailedDetail,
  CpqServerDiffersDetail, CpqShareLinkDetail, CpqQuoteSavedDetail, CpqOrderStatusDetail, CpqWarningDetail,
} from './components/events.js';
export type { CpqColumnsChangeDetail } from './components/line-editor/line-editor.js';
export type { OrderStatus, QuoteAction } from './components/quote/quote-flow.js';

defineCpqElements();
