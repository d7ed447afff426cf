/**
 * The order event id of a quote version: stable, so that it serves as the idempotency key —
 * building the event again, or sending it twice, can never make a second order. The quote id
 * is percent-encoded, so the id is plain ASCII (fit for an HTTP header) and the version after
 * the last `:` is unambiguous.
 */
export function orderEventId(quoteId: string, version: number): string {
  return `order:${encodeURIComponent(quoteId)}:v${version}`;
}
