/**
 * `cpq-kit/server` (Node only): the quote service — the system of record for quotes,
 * approvals, acceptances and orders (`createQuoteService`), on SQLite (`createSqliteStore`, the
 * embedded default) or PostgreSQL (`createPostgresStore`, for several instances) — which
 * delivers its order events to signed webhooks, and `verifyWebhook` for the receiving side.
 */
export { createQuoteService, DEFAULT_LEVELS, type QuoteServiceOptions } from './service.js';
export { createSqliteStore, type SqliteStoreOptions } from './store/sqlite.js';
export { createPostgresStore, type PostgresStoreOptions } from './store/postgres.js';
export type { QuoteStore, StoreTx, SubscriberRow, EventRow, DeliveryRow, DeliveryStatus, ClaimedDelivery } from './store/types.js';
export type { DispatchOptions } from './dispatch/options.js';
export type { NatsOptions } from './dispatch/nats.js';
export type { DispatchStats } from './dispatch/dispatcher.js';
export {
  verifyWebhook, InvalidWebhookError, type InvalidWebhookCode, type VerifyWebhookOptions, type WebhookHeaders, type WebhookEvent, type CreatedOrderEvent,
} from './dispatch/verify.js';
export type { OrderEvent, OrderData, OrderCancelledEvent, OrderCancelledData, OrderStatus, OrderStatusData } from '../quote/order-types.js';
export { ORDER_AMENDED_TYPE, ORDER_CANCELLED_TYPE, ORDER_EVENT_TYPE, ORDER_RENEWED_TYPE, ORDER_STATUS_TYPE } from '../quote/order-types.js';
export { StoreConflictError } from './store/types.js';
export type { ApprovalLevel, LevelStatus } from './approval-levels.js';
export type { Identity, Role, UserIdentity, CustomerIdentity, UserTokenOptions } from './auth.js';
export { ApiError, type ErrorBody, type LocatedError } from './errors.js';
export type { QuoteView } from './quotes.js';
