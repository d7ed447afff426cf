import { canonicalJson } from '../quote/canonical-json.js';
import { sha256Hex } from '../quote/digest.js';
import { catalogForCustomer } from '../quote/redact.js';
import { prepareCatalog } from '../rules/prepare-catalog.js';
import type { PreparedCatalog } from '../rules/prepare-catalog.js';
import { pricePrepared } from '../pricing/price-prepared.js';
import { Dec } from '../core/decimal.js';
import type { Catalog, PricedQuote, Quote } from '../types.js';
import type { ApprovalLevel } from './approval-levels.js';
import type { Authenticator } from './auth.js';
import { ApiError, notFound } from './errors.js';
import type { QuoteStore, StoreTx } from './store/types.js';

/** What every part of the service shares: the store, the clock, the configuration. */
export interface ServiceContext {
  store: QuoteStore;
  auth: Authenticator;
  levels: readonly ApprovalLevel[];
  clock: () => Date;
  /** The IANA time zone quote dates and transition times are written in. */
  timeZone: string;
  validityDays: number;
  maxValidityDays: number;
  shareDays: number;
  orderSource: (tenant: string) => string;
  catalogs: CatalogCache;
  outbox: OutboxContext;
}

/** What the outbox's writers share with the dispatcher: its wall clock, its settings, and a way to wake it. */
export interface OutboxContext {
  /** Wall-clock ms (due times, webhook timestamps, secret validity): not `clock`, which tests move. */
  clock: () => number;
  /** How long a rotated-out webhook secret still signs, ms. */
  rotationWindowMs: number;
  /** Wake this process's dispatcher (after an order commits); nothing when it runs none. */
  wake: () => void;
}

/** A published catalog version, validated and prepared once (versions never change). */
export interface LoadedCatalog {
  tenant: string;
  id: string;
  version: number;
  digest: string;
  raw: Catalog;
  prepared: PreparedCatalog;
  /** The customer's copy (no costs, floor prices, approval or price rules, price books). */
  customer: Catalog;
}

/** Catalog versions by tenant, id and version, least recently used dropped first. */
export class CatalogCache {
  private readonly entries = new Map<string, LoadedCatalog>();

  constructor(private readonly size = 64) {}

  async load(tx: StoreTx, tenant: string, id: string, version?: number): Promise<LoadedCatalog> {
    if (version !== undefined) {
      const hit = this.entries.get(key(tenant, id, version));
      if (hit) {
        this.entries.delete(key(tenant, id, version));
        this.entries.set(key(tenant, id, version), hit);
        return hit;
      }
    }
    const row = await tx.getCatalog(tenant, id, version);
    if (!row) throw notFound(version === undefined ? `Catalog "${id}"` : `Catalog "${id}" version ${version}`, 'catalogId');
    const cached = this.entries.get(key(tenant, id, row.version));
    if (cached) return cached;
    const raw = JSON.parse(row.body) as Catalog;
    const prepared = prepareCatalog(raw);
    // A stored catalog was valid when it was published; a failure here is the kit's own bug.
    if (!prepared.ok) throw new ApiError('api_error', 'catalog-unusable', `Catalog "${id}" version ${row.version} can no longer be prepared.`);
    const loaded: LoadedCatalog = { tenant, id, version: row.version, digest: row.digest, raw, prepared: prepared.catalog, customer: customerCatalog(raw) };
    this.entries.set(key(tenant, id, row.version), loaded);
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return loaded;
  }
}

/**
 * The catalog a customer may download: `catalogForCustomer` (no costs, floor prices, approval or
 * price rules), without price books (another customer's terms) or the floor-approval policy, and
 * with every cost-plus price written as the flat list price it comes to — the customer sees that
 * price anyway, while cost and markup together would tell the cost. It stays a valid catalog,
 * so the portal can price locally for instant feedback.
 */
export function customerCatalog(raw: Catalog): Catalog {
  const costs = new Map(raw.products.map((p) => [p.sku, p.cost]));
  const flat = (price: unknown, sku: string): unknown => {
    const model = price as { model?: unknown; markup?: unknown } | undefined;
    const cost = costs.get(sku);
    if (model?.model !== 'costPlus' || cost === undefined) return price;
    return { model: 'flat', list: new Dec(String(cost)).times(new Dec(String(model.markup)).plus(100)).div(100).toFixed() };
  };
  const { priceBooks: _books, pricing, ...rest } = catalogForCustomer(raw);
  const customer: Catalog = { ...rest, products: rest.products.map((p) => ({
    ...p,
    price: flat(p.price, p.sku) as Catalog['products'][number]['price'],
    ...(p.features ? { features: p.features.map((f) => ({ ...f, options: f.options.map((o) => (o.price ? { ...o, price: flat(o.price, o.sku) as typeof o.price } : o)) })) } : {}),
  })) };
  if (pricing) {
    const { floorApprovalLevel: _f, ...kept } = pricing as Record<string, unknown>;
    customer.pricing = kept as Catalog['pricing'];
  }
  return customer;
}

const key = (tenant: string, id: string, version: number) => `${tenant}\u0000${id}\u0000${version}`;

/** Price a quote with a loaded catalog (the server's pricing: the only one that counts). */
export function price(catalog: LoadedCatalog, quote: Quote): PricedQuote {
  return pricePrepared(catalog.prepared, quote, quote.date ? { today: quote.date } : {});
}

/** SHA-256 of a JSON value's canonical form, as `sha-256:<hex>`. */
export function jsonDigest(value: unknown): string {
  return `sha-256:${sha256Hex(canonicalJson(value))}`;
}

/** The wall-clock parts of `date` in `timeZone`. */
const formats = new Map<string, Intl.DateTimeFormat>();

function parts(date: Date, timeZone: string): Record<string, string> {
  // Making a DateTimeFormat costs far more than using one: one per time zone, kept.
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      timeZoneName: 'longOffset',
    });
    formats.set(timeZone, format);
  }
  return Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
}

/** `date` written in `timeZone`: an RFC 3339 date-time with its offset (`2026-12-04T17:00:00+08:00`) and the calendar day. */
function stamp(date: Date, timeZone: string): { at: string; day: string } {
  const p = parts(date, timeZone);
  const offset = (p.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  const day = `${p.year}-${p.month}-${p.day}`;
  return { at: `${day}T${p.hour}:${p.minute}:${p.second}${offset === '+00:00' ? 'Z' : offset}`, day };
}

/** `date` as an RFC 3339 date-time with the offset of `timeZone`, e.g. `2026-12-04T17:00:00+08:00`. */
export function timestamp(date: Date, timeZone: string): string {
  return stamp(date, timeZone).at;
}

/** The calendar day of `date` in `timeZone`, `YYYY-MM-DD`. */
export function calendarDay(date: Date, timeZone: string): string {
  return stamp(date, timeZone).day;
}

/** `day` plus `n` days. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The current time, as the lifecycle wants it: a timestamp with offset, and the calendar day, in the service's time zone. */
export function now(ctx: Pick<ServiceContext, 'clock' | 'timeZone'>): { at: string; day: string } {
  const date = ctx.clock();
  // Written to the second: the last second's answer is reused (several calls per request, many requests per second).
  const second = Math.floor(date.getTime() / 1000);
  if (last?.second !== second || last.timeZone !== ctx.timeZone) last = { second, timeZone: ctx.timeZone, ...stamp(date, ctx.timeZone) };
  return { at: last.at, day: last.day };
}

let last: { second: number; timeZone: string; at: string; day: string } | undefined;
