// The demo's data, fetched as a host fetches it from its own server (same origin: the CSP's
// connect-src 'self'). Vite turns each `new URL('…json', import.meta.url)` into a built asset.
import type { Catalog, Quote } from '../../src/index.js';

/** The two sample catalogs. */
export type CatalogId = 'crm' | 'compressor';
export const CATALOG_IDS: readonly CatalogId[] = ['crm', 'compressor'];

/** Which sample quote a page starts from: the seller's (CRM page) or a customer's new one (portal). */
export type QuoteKind = 'sales' | 'portal';

const catalogUrls: Record<CatalogId, URL> = {
  crm: new URL('../catalogs/crm-saas.json', import.meta.url),
  compressor: new URL('../catalogs/air-compressor.json', import.meta.url),
};

const quoteUrls: Record<QuoteKind, Record<CatalogId, URL>> = {
  sales: {
    crm: new URL('../quotes/crm-pro-120.json', import.meta.url),
    compressor: new URL('../quotes/compressor-55kw-full.json', import.meta.url),
  },
  portal: {
    crm: new URL('../quotes/portal-crm.json', import.meta.url),
    compressor: new URL('../quotes/portal-compressor.json', import.meta.url),
  },
};

async function json<T>(url: URL): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url.pathname}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

// One object per catalog for the page's lifetime: the elements cache work per catalog object.
const catalogs = new Map<CatalogId, Promise<Catalog>>();

/** The catalog and a fresh copy of the sample quote that goes with it. */
export async function loadSample(id: CatalogId, kind: QuoteKind): Promise<{ catalog: Catalog; quote: Quote }> {
  let catalog = catalogs.get(id);
  if (!catalog) catalogs.set(id, (catalog = json<Catalog>(catalogUrls[id])));
  const [c, quote] = await Promise.all([catalog, json<Quote>(quoteUrls[kind][id])]);
  return { catalog: c, quote };
}

/** `?catalog=compressor` picks the compressor catalog; anything else the CRM one. */
export function catalogFromUrl(fallback: CatalogId = 'crm'): CatalogId {
  const wanted = new URLSearchParams(location.search).get('catalog');
  return CATALOG_IDS.find((id) => id === wanted) ?? fallback;
}
