// The demo's sample data for the React and Vue pages (local mode: the host hands the elements
// catalog and quote), fetched as a host fetches it from its own server (same origin: the CSP's
// connect-src 'self'). Vite turns each `new URL('…json', import.meta.url)` into a built asset.
// The CRM page and the portal get theirs from the quote service instead.
import type { Catalog, Quote } from '../../src/index.js';

/** The two sample catalogs. */
export type CatalogId = 'crm' | 'compressor';
export const CATALOG_IDS: readonly CatalogId[] = ['crm', 'compressor'];

const catalogUrls: Record<CatalogId, URL> = {
  crm: new URL('../catalogs/crm-saas.json', import.meta.url),
  compressor: new URL('../catalogs/air-compressor.json', import.meta.url),
};

const quoteUrls: Record<CatalogId, URL> = {
  crm: new URL('../quotes/crm-pro-120.json', import.meta.url),
  compressor: new URL('../quotes/compressor-55kw-full.json', import.meta.url),
};

async function json<T>(url: URL): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url.pathname}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

// One object per catalog for the page's lifetime: the elements cache work per catalog object.
const catalogs = new Map<CatalogId, Promise<Catalog>>();

/** The catalog and a fresh copy of the seller's sample quote that goes with it. */
export async function loadSample(id: CatalogId): Promise<{ catalog: Catalog; quote: Quote }> {
  let catalog = catalogs.get(id);
  if (!catalog) catalogs.set(id, (catalog = json<Catalog>(catalogUrls[id])));
  const [c, quote] = await Promise.all([catalog, json<Quote>(quoteUrls[id])]);
  return { catalog: c, quote };
}

/** `?catalog=compressor` picks the compressor catalog; anything else the CRM one. */
export function catalogFromUrl(fallback: CatalogId = 'crm'): CatalogId {
  const wanted = new URLSearchParams(location.search).get('catalog');
  return CATALOG_IDS.find((id) => id === wanted) ?? fallback;
}
