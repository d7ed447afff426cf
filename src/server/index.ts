/**
 * `cpq-kit/server` (Node only): the reference order receiver — verifies order events against
 * the catalog with `verifyOrder`, de-duplicates them by event id and stores them as JSON lines.
 */
export { createOrderReceiver, startOrderReceiver, type ReceiverOptions } from './receiver.js';
export { OrderStore, type StoredOrder } from './order-store.js';
