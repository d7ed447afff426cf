/**
 * The service client, the edit sync and the moves, as one module `<cpq-quote>` loads on demand
 * (quote-service.ts): a page without `service` never downloads them.
 */
export { claimsOf, customerQuote, ServiceClient } from './client.js';
export { EditSync } from './edit-sync.js';
export { MoveRunner } from './move-runner.js';
