// The bundled sample catalogs, fetched as a host would (the test server serves the repository).
import type { Catalog, Quote } from '../../../src/types.js';

async function json<T>(path: string): Promise<T> {
  const res = await fetch(new URL(`../../../${path}`, import.meta.url));
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

export const crmCatalog = () => json<Catalog>('demo/catalogs/crm-saas.json');
export const compressorCatalog = () => json<Catalog>('demo/catalogs/air-compressor.json');
export const quoteFixture = (name: string) => json<Quote>(`test/fixtures/quotes/${name}.json`);
