import { catalogForCustomer, pricedForCustomer } from '../../quote/redact.js';
import type { Catalog, PricedQuote, Quote, ValidationError } from '../../types.js';
import { tell } from '../diagnostics.js';
import { emit, type CpqErrorDetail } from '../events.js';
import { text, type Strings } from '../i18n.js';
import type { FormValue } from './form-value.js';

export const statusStrings: Strings<'total' | 'invalidCatalog' | 'notOrderable'> = {
  'zh-CN': { total: '报价总额 {total}', invalidCatalog: '产品目录无效：{message}', notOrderable: '报价尚不能下单：{message}' },
  en: { total: 'Quote total {total}', invalidCatalog: 'The catalog is not valid: {message}', notOrderable: 'The quote cannot be ordered yet: {message}' },
};

/**
 * `<cpq-quote>`'s form value, validity and custom states. `visible` is the priced quote as the
 * mode may see it, so that a validation message never shows a customer an internal figure.
 */
export function syncInternals(
  internals: ElementInternals, quote: Quote, locale: string, catalogErrors: readonly ValidationError[],
  visible: PricedQuote | undefined, flags: { selfService: boolean; readonly: boolean; value: FormValue; lazyFormValueFrom: number },
): void {
  // The JSON of a 10,000-line quote takes milliseconds: for a quote of more than
  // `lazyFormValueFrom` lines it is written only when the form is read (form-value.ts).
  flags.value.set(quote, Array.isArray(quote.lines) && quote.lines.length > flags.lazyFormValueFrom);
  const firstError = visible?.issues.find((i) => i.severity === 'error');
  if (catalogErrors[0]) internals.setValidity({ customError: true }, text(statusStrings, locale, 'invalidCatalog', { message: catalogErrors[0].message }));
  else if (firstError) internals.setValidity({ customError: true }, text(statusStrings, locale, 'notOrderable', { message: firstError.message }));
  else internals.setValidity({});
  const set = (name: string, on: boolean) => setCustomState(internals, name, on);
  set('invalid', catalogErrors.length > 0 || (visible !== undefined && !visible.orderable));
  set('needs-approval', (visible?.approvals.length ?? 0) > 0 || (visible as { reviewRequired?: boolean } | undefined)?.reviewRequired === true);
  set('self-service', flags.selfService);
  set('readonly', flags.readonly);
}

/**
 * Set or clear one custom state, where the browser has them. Custom states came in Chrome/Edge
 * 125, Firefox 126 and Safari 17.4; without them (`states` missing) the element works and only
 * `:state()` selectors never match. Chrome 90–124 knew `--name` states only and throws on a plain
 * name: the same, not an error (docs-site/guide/stability.md). Every state the element sets goes
 * through here.
 */
export function setCustomState(internals: ElementInternals, name: string, on: boolean): void {
  const states = internals.states as CustomStateSet | undefined;
  if (!states) return;
  try {
    if (on) states.add(name);
    else states.delete(name);
  } catch {
    // an older custom-states syntax: no states
  }
}

/** The `cpq-error` detail for what the mode may see: catalog errors, else the quote's errors. */
export function errorDetail(catalogErrors: readonly ValidationError[], visible: PricedQuote | undefined): CpqErrorDetail | undefined {
  if (catalogErrors.length > 0) return { source: 'catalog', errors: catalogErrors.map((e) => ({ path: e.path, message: e.message })) };
  const errors = (visible?.issues ?? []).filter((i) => i.severity === 'error');
  return errors.length > 0 ? { source: 'quote', errors: errors.map((i) => ({ path: i.path ?? '', message: i.message, code: i.code })) } : undefined;
}

/** The quote of a `<cpq-quote>` that was given none. */
export const EMPTY_QUOTE: Quote = Object.freeze({ id: 'Q-NEW', lines: [] }) as unknown as Quote;

const customerCatalogs = new WeakMap<Catalog, Catalog>();

/** The customer's copy of a catalog, made once per catalog object. */
export function customerCatalog(catalog: Catalog): Catalog {
  let copy = customerCatalogs.get(catalog);
  if (!copy) customerCatalogs.set(catalog, (copy = catalogForCustomer(catalog)));
  return copy;
}

/** The customer's copy of a priced quote; one that is a customer's copy already (the service's) as it is. */
export function forCustomer(priced: PricedQuote): PricedQuote {
  return 'reviewRequired' in priced ? priced : pricedForCustomer(priced);
}

/**
 * `cpq-error` for the catalog and pricing errors and `cpq-warning` for the catalog's warnings, once
 * per distinct set, so a host can log without repeats; the catalog's errors and warnings also go
 * to the console in development (diagnostics.ts): they are the developer's to fix.
 */
export class ErrorReporter {
  private last = '';
  private lastWarnings = '';

  constructor(private readonly target: EventTarget) {}

  report(catalogErrors: readonly ValidationError[], visible: PricedQuote | undefined, catalogWarnings: readonly ValidationError[] = []): void {
    const detail = errorDetail(catalogErrors, visible);
    const key = detail ? JSON.stringify(detail) : '';
    if (key !== this.last) {
      this.last = key;
      if (detail?.source === 'catalog') tell('error', `cpq-quote.catalog is not valid (${count(detail.errors.length, 'error')})`, detail.errors);
      if (detail) queueMicrotask(() => emit(this.target, 'cpq-error', detail));
    }
    const warnings = catalogWarnings.map((w) => ({ path: w.path, message: w.message }));
    const warningKey = JSON.stringify(warnings);
    if (warningKey === this.lastWarnings) return;
    this.lastWarnings = warningKey;
    if (warnings.length === 0) return;
    tell('warn', `cpq-quote.catalog: ${count(warnings.length, 'warning')}`, warnings);
    queueMicrotask(() => emit(this.target, 'cpq-warning', { source: 'catalog', warnings }));
  }
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
