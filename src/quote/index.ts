/**
 * `cpq-kit/quote`: editing a quote as immutable data, the customer's copy of a catalog and a
 * priced quote, the quote lifecycle (approval bound to a digest of the prices, sending,
 * acceptance, order, expiry, revisions), the lead-to-cash stage mapping, and the quote-to-cash
 * handoff: the CloudEvents order event and its verification on the receiving side, and the
 * CloudEvents HTTP binding (structured, binary and batched modes) both ways.
 */
export { addLine, addTextLine, applySelection, cloneLine, moveLine, nextLineId, QUOTE_FIELD_KEYS, removeLine, removeLines, setQuoteFields, updateLine, updateLines, type QuoteFields } from './edit.js';
export { catalogForCustomer, pricedForCustomer } from './redact.js';

export { approve, recordEdit, reject, submit, type ApproveContext } from './approval.js';
export { accept, decline, expire, markOrdered, send, type AcceptContext, type OrderContext } from './customer.js';
export { revise, type ReviseResult } from './revise.js';
export { stateOf, isQuoteState, STATES as QUOTE_STATES } from './lifecycle-input.js';
export { snapshot } from './snapshot.js';
export { DEFAULT_STAGE_MAPPING, suggestStage, type OpportunityStage, type StageMapping } from './stages.js';
export type {
  Acceptance, ApprovalDecision, Lifecycle, LifecycleAction, LifecycleEntry, LifecycleQuote, LifecycleResult,
  QuoteError, QuoteSnapshot, QuoteState, RequiredApproval, TransitionContext,
} from './lifecycle-types.js';

export { canonicalJson } from './canonical-json.js';
export { DIGEST_PATTERN, digestContent, quoteDigest } from './digest.js';
export { orderEventId } from './order-id.js';
export { OrderRefusedError, toOrderEvent, tryOrderEvent } from './order-event.js';
export { verifyOrder, type VerifyOptions, type VerifyResult } from './verify-order.js';
export { checkCloudEvent, type CloudEventObject } from './cloudevent.js';
export { isAbsoluteUri, isUriReference, uriReferenceProblem } from './uri-reference.js';
export { readCloudEvents, type CloudEventsMode, type HttpHeaders, type ReadCloudEventsResult, type ReadError } from './read-cloudevents.js';
export { InvalidCloudEventError, writeCloudEvent, writeCloudEventBatch, type CloudEventInput, type HttpMessage } from './write-cloudevents.js';
export {
  ORDER_DATA_SCHEMA, ORDER_EVENT_TYPE, ORDER_AMENDED_TYPE, ORDER_RENEWED_TYPE, ORDER_SCHEMA_VERSION,
  type OrderApproval, type OrderData, type OrderDifference, type OrderEvent, type OrderEventOptions,
  type OrderEventResult, type OrderLine,
  type OrderAddress, type OrderContact, type OrderParty, type OrderQuoteFields, type OrderSeller, type PaymentTerms,
} from './order-types.js';
