import type { LifecycleQuote, QuoteState } from '../../quote/lifecycle-types.js';
import type { Catalog, PricedQuote, Quote } from '../../types.js';
import type { ServiceLevel } from '../quote/approval-levels.js';
import { retryDelay, DEFAULT_BACKOFF } from '../order/delivery-policy.js';
import { serviceError, ServiceError } from './service-error.js';

export { serviceError, ServiceError, type ServiceProblem } from './service-error.js';

/**
 * The browser's client of the quote service (cpq-kit/server): plain `fetch`, JSON, a bearer
 * token asked for before every request, the service's error shape read into `ServiceError`.
 * Only what `<cpq-quote>` reads of the answers is typed here; the service's own types stay on
 * the server side of the layers.
 */

/** A quote version as a seller or an approver sees it (`QuoteView` of the service). */
export interface SellerQuote {
  quoteId: string;
  version: number;
  latestVersion: number;
  state: QuoteState;
  revision: number;
  catalog: { id: string; version: number; digest: string };
  digest: string;
  quote: LifecycleQuote;
  priced: PricedQuote;
  /** The user who created the quote: the service never lets them approve it. */
  owner?: string;
  /** Where each approval level stands for the current prices (多级审批). */
  approval: { levels: ServiceLevel[] };
  orderId?: string;
  /** The order made from this version and where it stands (the ERP's reports, a cancellation). */
  order?: { id: string; status: string; erpOrderNumber?: string };
}

/** A quote version as a customer sees it through a share link (`GET /share`). */
export interface CustomerQuote {
  quoteId: string;
  version: number;
  state: QuoteState;
  digest: string;
  date?: string;
  validUntil?: string;
  currency?: string;
  locale?: string;
  catalog: { id: string; version: number };
  customer?: Quote['customer'];
  /** The document's words (issue 14): the customer sees them. */
  paymentTerms?: Quote['paymentTerms'];
  notes?: string;
  terms?: string;
  lines: Quote['lines'];
  acceptance?: { by: string; at: string; reference?: string };
  allowOrder: boolean;
  orderId?: string;
  /** The customer's copy of the priced quote (`pricedForCustomer`). */
  priced: PricedQuote;
}

/** A share link the service made for a sent version. */
export interface ShareLink {
  id: string;
  token: string;
  expiresAt: string;
  allowOrder: boolean;
}

const pause = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
});

/** What the page reads of a token's claims: whose it is, and (to offer the moves) their approval levels. */
export interface TokenClaims {
  sub?: string;
  jti?: string;
  name?: string;
  levels?: string[];
}

/**
 * The claims of a JWT, unverified: only to tell whose token it is and which moves to offer (the
 * service decides); {} when it is no JWT. UTF-8 payloads (a Chinese `name`) are decoded as such.
 */
export function claimsOf(token: string | undefined): TokenClaims {
  try {
    const part = token?.split('.')[1];
    if (!part) return {};
    const bytes = Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const raw = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const out: TokenClaims = {};
    for (const key of ['sub', 'jti', 'name'] as const) if (typeof raw[key] === 'string') out[key] = raw[key];
    if (Array.isArray(raw.levels)) out.levels = raw.levels.filter((l): l is string => typeof l === 'string');
    return out;
  } catch {
    return {};
  }
}

export interface RequestOptions {
  /** The Idempotency-Key of a write (kept across the retries of one request). */
  key?: string;
  signal?: AbortSignal;
  /** Attempts for passing troubles (network, 408, 425, 429, 5xx), with backoff. Default 4. */
  tries?: number;
}

/** The quote service at `base` (e.g. `/api/cpq`), with the bearer token `token()` gives. */
export class ServiceClient {
  constructor(readonly base: string, private readonly token: () => Promise<string | undefined>, private readonly fetcher: typeof fetch = globalThis.fetch.bind(globalThis)) {}

  /** The URL of a path under the service. */
  url(path: string): string {
    return `${this.base.replace(/\/+$/, '')}/${path}`;
  }

  /** A request with JSON in and out; passing troubles are tried again, a refusal throws `ServiceError`. */
  async request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    const tries = options.tries ?? 4;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(method, path, body, options);
      } catch (e) {
        const error = e instanceof ServiceError ? e : serviceError(0, undefined, `The quote service could not be reached: ${(e as Error).message}`);
        if (options.signal?.aborted) throw e;
        if (!error.passing || attempt >= tries) throw error;
        await pause(retryDelay(attempt, DEFAULT_BACKOFF), options.signal);
      }
    }
  }

  private async once<T>(method: string, path: string, body: unknown, options: RequestOptions): Promise<T> {
    const token = await this.token();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.key) headers['Idempotency-Key'] = options.key;
    const res = await this.fetcher(this.url(path), {
      method, headers, cache: 'no-store', ...(body !== undefined ? { body: JSON.stringify(body) } : {}), ...(options.signal ? { signal: options.signal } : {}),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!res.ok) throw serviceError(res.status, parsed);
    return parsed as T;
  }

  getQuote(quoteId: string, signal?: AbortSignal): Promise<SellerQuote> {
    return this.request('GET', `quotes/${encodeURIComponent(quoteId)}`, undefined, { signal });
  }

  async getCatalog(id: string, version: number, signal?: AbortSignal): Promise<Catalog> {
    return (await this.request<{ catalog: Catalog }>('GET', `catalogs/${encodeURIComponent(id)}/versions/${version}`, undefined, { signal })).catalog;
  }

  createQuote(body: Record<string, unknown>, key: string): Promise<SellerQuote> {
    return this.request('POST', 'quotes', body, { key });
  }

  editQuote(quoteId: string, version: number, body: Record<string, unknown>, key: string): Promise<SellerQuote> {
    return this.request('PUT', `quotes/${encodeURIComponent(quoteId)}/versions/${version}`, body, { key });
  }

  getShare(signal?: AbortSignal): Promise<CustomerQuote> {
    return this.request('GET', 'share', undefined, { signal });
  }

  getShareCatalog(signal?: AbortSignal): Promise<Catalog> {
    return this.request('GET', 'share/catalog', undefined, { signal });
  }
}

/** The quote a customer's view stands for, with the lifecycle the view tells (state, digest, acceptance). */
export function customerQuote(v: CustomerQuote): LifecycleQuote {
  const quote: LifecycleQuote = { id: v.quoteId, version: v.version, lines: v.lines, lifecycle: { state: v.state, digest: v.digest, approvals: [], history: [] } };
  for (const key of ['date', 'validUntil', 'currency', 'locale', 'customer', 'paymentTerms', 'notes', 'terms'] as const) if (v[key] !== undefined) (quote as unknown as Record<string, unknown>)[key] = v[key];
  if (v.acceptance) quote.lifecycle!.acceptance = { ...v.acceptance, digest: v.digest };
  return quote;
}

/** What a seller decides of a quote: the body of a create or an edit (the service refuses anything else). */
export function editableFields(quote: Quote): Record<string, unknown> {
  const out: Record<string, unknown> = { lines: quote.lines };
  for (const key of ['customer', 'opportunity', 'discount', 'priceBook', 'locale', 'validUntil', 'priceRule', 'paymentTerms', 'notes', 'terms'] as const) {
    if (quote[key] !== undefined) out[key] = quote[key];
  }
  return out;
}
