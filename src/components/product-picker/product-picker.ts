import { consume } from '@lit/context';
import { categoryName } from '../../catalog/names.js';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { localize } from '../../core/text.js';
import type { Catalog, Product } from '../../types.js';
import { cpqContext, type CpqState } from '../context.js';
import { money } from '../format.js';
import { common, text, type Strings } from '../i18n.js';
import styles from './product-picker.styles.js';
import { catalogCategories, listPrice, productName, search } from './search.js';

type Key = 'search' | 'placeholder' | 'category' | 'all' | 'results' | 'count' | 'countLimited' | 'none' | 'add' | 'added' | 'from' | 'taxIncluded';

const strings: Strings<Key> = {
  'zh-CN': {
    search: '搜索产品', placeholder: '按名称、SKU 或类别搜索', category: '类别', all: '全部', results: '搜索结果',
    count: '找到 {count} 个产品', countLimited: '找到 {count} 个产品，显示前 {shown} 个，请细化搜索', none: '没有匹配的产品',
    add: '添加', added: '已添加 {name}', from: '{price} 起', taxIncluded: '含税',
  },
  en: {
    search: 'Search products', placeholder: 'Search by name, SKU or category', category: 'Category', all: 'All', results: 'Search results',
    count: '{count} products found', countLimited: '{count} products found, showing the first {shown}; refine the search', none: 'No matching products',
    add: 'Add', added: 'Added {name}', from: 'from {price}', taxIncluded: 'tax incl.',
  },
};

/** `categories="license, addon"` ↔ `['license', 'addon']`. */
const listConverter = {
  fromAttribute: (value: string | null) => {
    const list = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    return list.length > 0 ? list : undefined;
  },
  toAttribute: (value: string[] | undefined) => value?.join(','),
};

/**
 * Finds products of the catalog by name (any of its languages, ignoring case, full-width forms and
 * spacing), SKU or category, and adds them to the quote. Adding makes the new line the active one,
 * so a configurator opens it. Shows list prices only, never costs or floor prices.
 *
 * Keyboard: typing filters; ArrowDown in the search field moves to the first result's Add button;
 * ArrowUp / ArrowDown move between results (ArrowUp on the first returns to the field), Home / End
 * go to the first / last; Enter or Space adds; Escape clears the search and returns to the field.
 * The results are one Tab stop.
 *
 * @summary Search the catalog and add products to the quote.
 * @csspart search - The search `<input type="search">`.
 * @csspart category - The category `<select>`.
 * @csspart status - The result count (a polite live region).
 * @csspart added - The confirmation of the last added product (a polite live region).
 * @csspart results - The `<ul>` of results.
 * @csspart result - One result `<li>`.
 * @csspart name - A result's product name.
 * @csspart sku - A result's SKU.
 * @csspart price - A result's list price.
 * @csspart add - A result's Add button.
 * @cssproperty --cpq-color-accent - Add buttons and focus rings.
 * @cssproperty --cpq-color-text - Text.
 * @cssproperty --cpq-color-muted - SKU, category and the count.
 * @cssproperty --cpq-color-border - Field borders and result rules.
 * @cssproperty --cpq-color-surface - Field background.
 * @cssproperty --cpq-radius - Corner radius of fields and buttons.
 * @cssproperty --cpq-space-s - Small gaps.
 * @cssproperty --cpq-space-m - Gaps between columns.
 * @cssproperty --cpq-font-family - Font.
 * @cssproperty --cpq-font-size - Base font size.
 * @fires cpq-quote-change - (from the enclosing `<cpq-quote>`) after a product is added.
 */
export class CpqProductPicker extends LitElement {
  static override styles = styles;

  /** The state shared by the enclosing `<cpq-quote>`. */
  @consume({ context: cpqContext, subscribe: true }) @state() protected cpq: CpqState | undefined;

  /** Only these categories are offered (attribute: comma-separated); default every category. */
  @property({ converter: listConverter }) categories: string[] | undefined;

  /** Placeholder of the search field; default a localized hint. */
  @property() placeholder: string | undefined;

  /** At most this many results are rendered (the count still says how many match). */
  @property({ type: Number }) limit = 50;

  /** The search text. */
  @property() query = '';

  /** The chosen category ('' for all). */
  @property() category = '';

  @state() private announcement = '';

  /** Index of the result button that takes the Tab stop. */
  @state() private activeIndex = 0;

  private results: Product[] = [];
  private searchKey: unknown[] = [];

  override willUpdate(changed: PropertyValues): void {
    const catalog = this.catalog();
    const key = [catalog, this.query, this.category, this.categories?.join(',')];
    if (key.some((v, i) => v !== this.searchKey[i])) {
      this.searchKey = key;
      this.results = catalog ? search(catalog, { query: this.query, category: this.category, allowed: this.categories }) : [];
      if (!changed.has('activeIndex')) this.activeIndex = 0;
    }
  }

  private catalog(): Catalog | undefined {
    const s = this.cpq;
    return s && s.catalogErrors.length === 0 ? s.catalog : undefined;
  }

  private buttons(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button[data-sku]')];
  }

  private get input(): HTMLInputElement | null {
    return this.renderRoot.querySelector('input');
  }

  private handleInput(e: Event): void {
    this.query = (e.target as HTMLInputElement).value;
  }

  private handleCategory(e: Event): void {
    this.category = (e.target as HTMLSelectElement).value;
  }

  private clear(): void {
    this.query = '';
    const input = this.input;
    if (input) {
      input.value = '';
      input.focus();
    }
  }

  private handleInputKey(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      this.focusResult(0);
    } else if (e.key === 'Escape' && this.query) {
      e.preventDefault();
      this.clear();
    }
  }

  private handleResultKey(e: KeyboardEvent): void {
    const buttons = this.buttons();
    const at = buttons.indexOf(e.target as HTMLButtonElement);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[e.key];
    if (e.key === 'Escape') {
      e.preventDefault();
      this.clear();
    } else if (to !== undefined) {
      e.preventDefault();
      if (to < 0) this.input?.focus();
      else this.focusResult(Math.min(to, buttons.length - 1));
    }
  }

  private focusResult(index: number): void {
    const button = this.buttons()[index];
    if (!button || button.disabled) return;
    this.activeIndex = index;
    button.focus();
  }

  private handleFocusIn(e: FocusEvent): void {
    const index = this.buttons().indexOf(e.target as HTMLButtonElement);
    if (index >= 0) this.activeIndex = index;
  }

  private handleAdd(product: Product): void {
    const s = this.cpq;
    if (!s || s.readonly) return;
    // addProduct makes the new line the active one, which opens it in a configurator.
    if (s.api.addProduct(product.sku) !== undefined) {
      this.announcement = text(strings, s.locale, 'added', { name: productName(product, s.locale, s.catalog!) });
    }
  }

  /** Clear the search and the category filter. */
  reset(): void {
    this.query = '';
    this.category = '';
  }

  private renderPrice(product: Product, catalog: Catalog, locale: string) {
    const price = listPrice(product.price);
    if (!price) return nothing;
    const amount = money(price.amount, catalog.currency, locale);
    const unit = product.unit ? localize(product.unit, locale, catalog.locale) : '';
    const tax = catalog.pricing?.taxMode === 'inclusive' ? ` (${text(strings, locale, 'taxIncluded')})` : '';
    return `${price.from ? text(strings, locale, 'from', { price: amount }) : amount}${unit ? ` / ${unit}` : ''}${tax}`;
  }

  private renderResult(product: Product, index: number, catalog: Catalog, s: CpqState) {
    const name = productName(product, s.locale, catalog);
    const add = text(strings, s.locale, 'add');
    return html`<li part="result">
      <span class="name" part="name" lang=${s.locale}>${name}</span>
      <span class="meta"><span part="sku">${product.sku}</span>${product.category ? html`<span part="category">${categoryName(catalog, product.category, s.locale)}</span>` : nothing}</span>
      <span part="price">${this.renderPrice(product, catalog, s.locale)}</span>
      <button part="add" type="button" data-sku=${product.sku} aria-label=${`${add} ${name}`} tabindex=${index === this.activeIndex ? 0 : -1}
        ?disabled=${s.readonly} @click=${() => this.handleAdd(product)}>${add}</button>
    </li>`;
  }

  override render() {
    const s = this.cpq;
    const catalog = this.catalog();
    if (!s || !catalog) return html`<p part="status" role="status">${text(common, s?.locale, 'noCatalog')}</p>`;
    const t = (key: Key, params?: Record<string, string | number>) => text(strings, s.locale, key, params);
    const offered = catalogCategories(catalog).filter((c) => !this.categories || this.categories.includes(c));
    const shown = this.results.slice(0, Math.max(0, this.limit));
    const count = this.results.length;
    const status = count === 0 ? t('none') : count > shown.length ? t('countLimited', { count, shown: shown.length }) : t('count', { count });
    return html`
      <div class="controls">
        <div class="field grow">
          <label for="q">${t('search')}</label>
          <input id="q" part="search" type="search" autocomplete="off" .value=${this.query} placeholder=${this.placeholder ?? t('placeholder')}
            aria-describedby="status" @input=${this.handleInput} @keydown=${this.handleInputKey} />
        </div>
        <div class="field">
          <label for="cat">${t('category')}</label>
          <select id="cat" part="category" @change=${this.handleCategory}>
            <option value="" ?selected=${this.category === ''}>${t('all')}</option>
            ${offered.map((c) => html`<option value=${c} ?selected=${this.category === c}>${categoryName(catalog, c, s.locale)}</option>`)}
          </select>
        </div>
      </div>
      <p id="status" part="status" role="status">${status}</p>
      <!-- Read-only, the add buttons are disabled: the list itself takes the focus so that a keyboard user can scroll it. -->
      <ul part="results" aria-label=${t('results')} ?hidden=${shown.length === 0} tabindex=${s.readonly ? 0 : nothing} @keydown=${this.handleResultKey} @focusin=${this.handleFocusIn}>
        ${repeat(shown, (p) => p.sku, (p, i) => this.renderResult(p, i, catalog, s))}
      </ul>
      <p part="added" role="status">${this.announcement}</p>
    `;
  }
}
