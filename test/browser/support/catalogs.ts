// The bundled sample catalogs, fetched as a host would (the test server serves the repository).
import type { Catalog, Quote } from '../../../src/types.js';

async function json<T>(path: string): Promise<T> {
  const res = await fetch(new URL(`../../../${path}`, import.meta.url));
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

export const crmCatalog = () => json<Catalog>('demo/catalogs/crm-saas.json');
export const compressorCatalog = () => json<Catalog>('demo/catalogs/air-compressor.json');
/** A quote of the demo (demo/quotes/<name>.json). */
export const demoQuote = (name: string) => json<Quote>(`demo/quotes/${name}.json`);
export const quoteFixture = (name: string) => json<Quote>(`test/fixtures/quotes/${name}.json`);
