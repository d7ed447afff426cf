import type { Prepared } from '../../catalog/prepare-with.js';
import type { Catalog, PricedQuote, Quote } from '../../types.js';
import { loadCore, type Core } from '../core-loader.js';

/**
 * `<cpq-quote>`'s catalog, prepared with the pure core. The core is fetched once per page with the
 * first catalog (core-loader.ts): until it arrives `prepared` is undefined and `pending` is the
 * wait, after which `ready` is called if the catalog is still the element's.
 */
export class CatalogPrep {
  core: Core | undefined;
  prepared: Prepared | undefined;
  pending: Promise<unknown> | undefined;

  constructor(private readonly current: () => Catalog | undefined, private readonly ready: () => void) {}

  load(catalog: Catalog | undefined): void {
    this.prepared = undefined;
    if (catalog === undefined) return;
    const core = loadCore();
    if (!(core instanceof Promise)) {
      this.core = core;
      this.prepared = core.prepareCatalog(catalog);
      return;
    }
    const pending = core.then((loaded) => {
      this.core = loaded;
      if (this.current() === catalog) {
        this.prepared = loaded.prepareCatalog(catalog);
        this.ready();
      }
      if (this.pending === pending) this.pending = undefined;
    });
    this.pending = pending;
  }

  /** The full pricing of `quote` (undefined until the catalog is prepared, or when it is not valid). */
  price(quote: Quote, options: Parameters<Core['pricePrepared']>[2]): PricedQuote | undefined {
    return this.core && this.prepared?.ok ? this.core.pricePrepared(this.prepared.catalog, quote, options) : undefined;
  }
}
