import { consume } from '@lit/context';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { localize } from '../../core/text.js';
import { TEXT_LIMITS } from '../../pricing/text-limits.js';
import type { Issue, Quote } from '../../types.js';
import { cpqContext, type CpqState } from '../context.js';
import { acceptObject } from '../diagnostics.js';
import { common, text, uiLocale } from '../i18n.js';
import { fieldChange, ISSUE_PATHS, MAX_DAYS } from './field-patch.js';
import { strings, type Key } from './quote-fields.strings.js';
import styles from './quote-fields.styles.js';

/** `cpq-customer-pick`: the user asked to choose the customer; the host shows its picker when it cancels the event. */
export interface CpqCustomerPickDetail {
  /** The quote's customer now, if any. */
  customer: Record<string, unknown> | null;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cpq-customer-pick': CustomEvent<CpqCustomerPickDetail>;
  }
}

const DAYS_ERROR = { 'zh-CN': `请输入 0 到 ${MAX_DAYS} 之间的整数。`, en: `Enter a whole number from 0 to ${MAX_DAYS}.` };

/**
 * The quote's own fields: customer, price book, currency, quote date and validity, payment terms,
 * and the notes and terms printed on the document. Editable in sales mode (each field commits
 * when it is left, or on Enter in a one-line field); in self-service, and on a locked quote, the
 * same fields as read-only text — never the price book or the customer's account fields.
 *
 * The customer comes from the host: set `customer` (an object with `id` and `name`, and any
 * fields the catalog's rules read), or handle `cpq-customer-pick` (cancelable) by calling
 * `preventDefault()` and showing the CRM's own account picker, then setting `customer`. When no
 * host cancels the event, the focus goes to the customer's name field to type it in.
 *
 * With a quote service, the date is the service's (it dates each version) and so is the currency
 * (from the catalog and the price book): both show read-only.
 *
 * Pricing's located problems with a field (a currency the price book is not in, notes over
 * 4,000 characters) show under it, and the field is marked invalid.
 *
 * @summary The quote's own fields: customer, price book, currency, dates, payment terms, notes, terms.
 * @csspart fields - The form's fieldset (sales mode) or list (read-only).
 * @csspart pick - The button asking the host for its customer picker.
 * @cssproperty --cpq-color-danger - A field's problem.
 * @cssproperty --cpq-color-border - Control borders.
 * @cssproperty --cpq-color-accent - Focus rings.
 * @fires cpq-customer-pick - The user asked to choose the customer: `{ customer }`; cancel it to show your own picker.
 * @fires cpq-quote-change - (from the enclosing `<cpq-quote>`) after a field is changed here.
 */
export class CpqQuoteFields extends LitElement {
  static override styles = styles;

  /** The state shared by the enclosing `<cpq-quote>`. */
  @consume({ context: cpqContext, subscribe: true }) @state() protected cpq: CpqState | undefined;

  /** A typed value the quote cannot hold, by control (only the days net for now). */
  @state() private invalid: Record<string, string> = {};

  @state() private announcement = '';

  /** The quote's customer; setting it (from the host's picker) changes the quote (sales mode). */
  get customer(): Record<string, unknown> | undefined {
    return this.cpq?.quote.customer;
  }

  set customer(value: Record<string, unknown> | undefined) {
    const s = this.cpq;
    if (!s || !acceptObject(this, 'cpq-quote-fields', 'customer', value)) return;
    s.api.setQuoteFields({ customer: value ? { ...value } : undefined });
    const name = value?.name;
    this.announcement = text(strings, s.locale, 'customerSet', { name: typeof name === 'string' ? name : String(value?.id ?? '') });
  }

  private editable(): boolean {
    const s = this.cpq;
    return !!s && s.mode === 'sales' && !s.readonly;
  }

  private handleChange(e: Event): void {
    const el = e.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
    const control = el.dataset.control;
    const s = this.cpq;
    if (!control || !s || !this.editable()) return;
    const change = fieldChange(control, el.value, s.quote, s.catalog);
    const { [control]: _old, ...rest } = this.invalid;
    if (change && 'error' in change) {
      this.invalid = { ...rest, [control]: DAYS_ERROR[uiLocale(s.locale)] };
      return;
    }
    this.invalid = rest;
    if (change) s.api.setQuoteFields(change.patch);
  }

  private handleKeydown(e: KeyboardEvent): void {
    // Enter commits a one-line field (change fires on blur, not on Enter, in some browsers).
    if (e.key === 'Enter' && e.target instanceof HTMLInputElement) this.handleChange(e);
  }

  private handlePick(): void {
    const s = this.cpq;
    if (!s) return;
    const event = new CustomEvent<CpqCustomerPickDetail>('cpq-customer-pick', {
      detail: { customer: s.quote.customer ? structuredClone(s.quote.customer) : null }, bubbles: true, composed: true, cancelable: true,
    });
    if (this.dispatchEvent(event)) this.renderRoot.querySelector<HTMLInputElement>('[data-control="customer-name"]')?.focus();
  }

  /** Pricing's problems located at a control's field. */
  private issues(control: string): Issue[] {
    const path = ISSUE_PATHS[control];
    return path ? (this.cpq?.priced?.issues ?? []).filter((i) => i.lineId === undefined && path.test(i.path ?? '')) : [];
  }

  private field(control: string, label: string, input: (described: string | typeof nothing, invalid: boolean) => TemplateResult, options: { wide?: boolean; hint?: string } = {}) {
    const problems = [...this.issues(control).map((i) => i.message), ...(this.invalid[control] ? [this.invalid[control]!] : [])];
    const ids = [problems.length ? `${control}-error` : '', options.hint ? `${control}-hint` : ''].filter(Boolean).join(' ');
    return html`<div class="field${options.wide ? ' wide' : ''}">
      <label for=${control}>${label}</label>
      ${input(ids || nothing, problems.length > 0)}
      ${options.hint ? html`<span class="hint" id="${control}-hint">${options.hint}</span>` : nothing}
      ${problems.length ? html`<p class="error" id="${control}-error">${problems.join(' ')}</p>` : nothing}
    </div>`;
  }

  private renderForm(s: CpqState, t: (k: Key, p?: Record<string, string | number>) => string) {
    const q = s.quote;
    const served = s.service !== undefined;
    const books = s.catalog?.priceBooks ?? [];
    const currencies = [...new Set([s.catalog?.currency, ...books.map((b) => b.currency), q.currency].filter((c): c is string => !!c))];
    const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
    const textInput = (control: string, value: string, max: number, type = 'text') => (d: string | typeof nothing, bad: boolean) =>
      html`<input id=${control} data-control=${control} type=${type} .value=${value} maxlength=${type === 'text' ? max : nothing} autocomplete="off" aria-describedby=${d} aria-invalid=${bad ? 'true' : 'false'}>`;
    const area = (control: 'notes' | 'terms') => (d: string | typeof nothing, bad: boolean) =>
      html`<textarea id=${control} data-control=${control} rows=${control === 'terms' ? 5 : 3} .value=${q[control] ?? ''} maxlength=${TEXT_LIMITS[control]} aria-describedby=${d} aria-invalid=${bad ? 'true' : 'false'}></textarea>`;
    return html`<fieldset part="fields" @change=${this.handleChange} @keydown=${this.handleKeydown}>
      <legend>${t('heading')}</legend>
      <div class="grid">
        ${this.field('customer-name', t('customerName'), textInput('customer-name', str(q.customer?.name), 500))}
        ${this.field('customer-id', t('customerId'), textInput('customer-id', str(q.customer?.id), 100))}
        <div class="field"><span class="sr-only">${t('customer')}</span>
          <button type="button" part="pick" @click=${this.handlePick}>${t('pick')}</button></div>
        ${this.field('price-book', t('priceBook'), (d, bad) => html`<select id="price-book" data-control="price-book" aria-describedby=${d} aria-invalid=${bad ? 'true' : 'false'}>
          <option value="" ?selected=${!q.priceBook}>${t('listPrices')}</option>
          ${books.map((b) => html`<option value=${b.id} ?selected=${q.priceBook === b.id}>${localize(b.name, s.locale, s.catalog?.locale) || b.id} · ${b.currency}</option>`)}
        </select>`)}
        ${this.field('currency', t('currency'), (d, bad) => html`<select id="currency" data-control="currency" ?disabled=${served} aria-describedby=${d} aria-invalid=${bad ? 'true' : 'false'}>
          ${currencies.map((c) => html`<option value=${c} ?selected=${(q.currency ?? s.priced?.currency ?? s.catalog?.currency) === c}>${c}</option>`)}
        </select>`, served ? { hint: t('byService') } : {})}
        ${this.field('date', t('date'), served ? (d) => html`<input id="date" type="date" readonly .value=${s.priced?.date ?? q.date ?? ''} aria-describedby=${d}>` : textInput('date', q.date ?? '', 10, 'date'), served ? { hint: t('byService') } : {})}
        ${this.field('valid-until', t('validUntil'), textInput('valid-until', q.validUntil ?? '', 10, 'date'))}
        ${this.field('payment-text', t('paymentTerms'), textInput('payment-text', q.paymentTerms?.text ?? '', TEXT_LIMITS.paymentTermsText))}
        ${this.field('payment-days', t('paymentDays'), (d, bad) => html`<input id="payment-days" data-control="payment-days" type="text" inputmode="numeric" autocomplete="off"
          .value=${q.paymentTerms?.days === undefined ? '' : String(q.paymentTerms.days)} aria-describedby=${d} aria-invalid=${bad ? 'true' : 'false'}>`)}
        ${this.field('notes', t('notes'), area('notes'), { wide: true, hint: t('chars', { max: TEXT_LIMITS.notes }) })}
        ${this.field('terms', t('terms'), area('terms'), { wide: true, hint: t('chars', { max: TEXT_LIMITS.terms }) })}
      </div>
    </fieldset>`;
  }

  /** Read-only: what the document says; a customer never sees the price book or account fields. */
  private renderRead(s: CpqState, t: (k: Key) => string) {
    const q: Quote = s.quote;
    const p = s.priced;
    const sales = s.mode === 'sales';
    const name = q.customer?.name;
    const rows: [string, string | undefined][] = [
      [t('customer'), typeof name === 'string' && name ? name : sales ? t('noCustomer') : undefined],
      [t('customerId'), sales && q.customer?.id !== undefined ? String(q.customer.id) : undefined],
      [t('priceBook'), sales && q.priceBook ? localize(s.catalog?.priceBooks?.find((b) => b.id === q.priceBook)?.name, s.locale, s.catalog?.locale) || q.priceBook : undefined],
      [t('currency'), p?.currency ?? q.currency],
      [t('date'), p?.date ?? q.date],
      [t('validUntil'), q.validUntil],
      [t('paymentTerms'), q.paymentTerms?.text],
      [t('paymentDays'), q.paymentTerms?.days === undefined ? undefined : String(q.paymentTerms.days)],
      [t('notes'), q.notes],
      [t('terms'), q.terms],
    ];
    return html`<section part="fields" aria-labelledby="h"><h2 class="heading" id="h">${t('heading')}</h2>
      <dl>${rows.filter(([, v]) => v).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl></section>`;
  }

  override render() {
    const s = this.cpq;
    if (!s) return nothing;
    if (!s.catalog && s.mode === 'sales' && !s.readonly) return html`<p>${common[uiLocale(s.locale)].noCatalog}</p>`;
    const t = (k: Key, p?: Record<string, string | number>) => text(strings, s.locale, k, p);
    return html`${this.editable() ? this.renderForm(s, t) : this.renderRead(s, t)}
      <div class="sr-only" role="status" aria-live="polite">${this.announcement}</div>`;
  }
}
