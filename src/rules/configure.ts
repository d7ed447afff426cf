import { isRecord, own } from '../core/object.js';
import { describe } from '../core/parse.js';
import { prepareCatalog } from './prepare-catalog.js';
import type { ConfigState, ConfigureOptions } from '../types.js';
import { configureProduct } from './configure/configure-product.js';
import { say } from './configure/messages.js';

/**
 * Configure a product: which options can be chosen, which are chosen automatically, what is
 * wrong, and why — in the user's language. Never throws: problems are `errors` and
 * `complete: false`. Deterministic and idempotent: configuring `state.selection` again gives
 * the same state.
 *
 * @example
 * const state = configure(catalog, 'CRM-ENT', { qty: '50', options: [{ sku: 'ADDON-SSO' }] });
 * state.complete;                 // false when a rule or a feature's min/max is broken
 * state.errors[0]?.message;       // the rule's own message, e.g. "单点登录需要企业版"
 * state.features[0].options[0];   // { sku, selected, available, hidden, reasons, auto?, … }
 */
export function configure(catalog: unknown, sku: unknown, selection: unknown = {}, options: ConfigureOptions = {}): ConfigState {
  const requested = typeof options.locale === 'string' ? options.locale : undefined;
  const prepared = prepareCatalog(catalog);
  if (!prepared.ok) {
    const locale = requested ?? (typeof own(catalog, 'locale') === 'string' ? (own(catalog, 'locale') as string) : 'en');
    return failed(sku, selection, prepared.errors.slice(0, 100).map((e) => say(locale, 'invalid-catalog', { path: e.path || '(root)', message: e.message })));
  }
  const cat = prepared.catalog;
  const locale = requested ?? cat.locale;
  const product = typeof sku === 'string' ? cat.products.get(sku) : undefined;
  if (!product) return failed(sku, selection, [say(locale, 'unknown-product', { sku: typeof sku === 'string' ? sku : describe(sku) })]);
  try {
    return configureProduct(cat, product, selection, { locale, quote: isRecord(options.quote) ? options.quote : undefined });
  } catch (e) {
    return failed(sku, selection, [`Configuration failed unexpectedly: ${(e as Error).message}`]);
  }
}

function failed(sku: unknown, selection: unknown, messages: string[]): ConfigState {
  const qty = own(selection, 'qty');
  return {
    sku: typeof sku === 'string' ? sku : '',
    name: typeof sku === 'string' ? sku : '',
    qty: typeof qty === 'string' ? qty : '1',
    attributes: [],
    features: [],
    errors: messages.map((message) => ({ severity: 'error', message })),
    warnings: [],
    complete: false,
    selection: { qty: typeof qty === 'string' ? qty : '1', attributes: {}, options: [] },
  };
}
