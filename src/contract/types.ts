import type { QuoteOption } from '../types.js';

/**
 * @extension A contract: what a customer has bought by subscription, as plain JSON a host can
 * keep in its own back end. Days are `YYYY-MM-DD`, inclusive; money and quantities are
 * decimal strings.
 */
export interface Contract {
  id: string;
  /** 1 when created; each ordered amendment or renewal adds one. */
  version: number;
  currency: string;
  customer?: Record<string, unknown>;
  /** First and last day; every change co-terminates with `end`. */
  start: string;
  end: string;
  subscriptions: Subscription[];
  /** The ordered quotes that made this contract what it is, oldest first. */
  history: ContractChange[];
}

export interface Subscription {
  id: string;
  sku: string;
  qty: string;
  /** The configuration as sold. */
  attributes?: Record<string, string>;
  options?: QuoteOption[];
  /** Net unit price per term unit (after every discount, its option lines included), on the catalog's price basis. */
  netUnitPrice: string;
  termUnit: 'month' | 'year' | 'day';
  start: string;
  end: string;
  /** The quote line it was ordered on. */
  source: { quoteId: string; version: number; lineId: string };
  /** The subscription this one continues (a quantity change, a re-price or a renewal). */
  replaces?: string;
}

export interface ContractChange {
  kind: 'new' | 'amendment' | 'renewal';
  quoteId: string;
  version: number;
  /** The day the change takes effect. */
  effective: string;
}

/** A problem with a contract call's input: where, and what. */
export interface ContractError {
  path: string;
  message: string;
}

export type ContractResult<T> = { ok: true; value: T } | { ok: false; errors: ContractError[] };
