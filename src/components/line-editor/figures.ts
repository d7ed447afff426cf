import { html, nothing, type TemplateResult } from 'lit';
import type { Catalog, PricedLine, PriceModel, Tier } from '../../types.js';
import { decimal, money, percent } from '../format.js';
import type { FigureText } from './figures.strings.js';

/**
 * The line editor's honest figures (issue 14, item 2), as row-template helpers:
 * - a tiered or volume list price as the tier table (a disclosure shown on hover and focus, and
 *   pinned open by a click or Enter; Escape hides it), with the tiers the quantity uses marked,
 *   instead of a blended figure: a graduated price over several tiers is labelled an average;
 * - under the discount the seller entered, the effective discount off list where it differs
 *   (the quote discount's share, price rules);
 * - the line's margin (sales mode): a column of its own, else a note under the net amount.
 */

/** What the helpers need of one render. */
export interface FigureContext {
  t: FigureText;
  locale: string;
  currency: string;
  catalog: Catalog | undefined;
  /** The quote's price book id, if any (its entries override the product's price). */
  book: string | undefined;
}

/**
 * The price model a line was priced from, as pricing resolves it: the quote's price book entry,
 * else a bundle option's override of its product's price (`parentSku`), else the product's.
 */
export function priceModelOf(catalog: Catalog | undefined, book: string | undefined, sku: string, parentSku?: string): PriceModel | undefined {
  if (!catalog) return undefined;
  const entry = book ? catalog.priceBooks?.find((b) => b.id === book)?.entries.find((e) => e.sku === sku) : undefined;
  if (entry) return entry.price;
  if (parentSku !== undefined) {
    const parent = catalog.products.find((p) => p.sku === parentSku);
    const option = parent?.features?.flatMap((f) => f.options).find((o) => o.sku === sku);
    if (option?.price) return option.price;
  }
  return catalog.products.find((p) => p.sku === sku)?.price;
}

/** A decimal string's value for comparing quantities with tier bounds (not money: a number is exact enough). */
const num = (v: unknown) => Number(v);

/** The indexes of the tiers a quantity uses: every tier it reaches (graduated), or the one it falls in (volume). */
export function tiersUsed(model: { model: 'tiered' | 'volume'; tiers: Tier[] }, qty: string): number[] {
  const q = num(qty);
  const out: number[] = [];
  let lower = 0;
  for (const [i, t] of model.tiers.entries()) {
    const upper = t.upTo === null ? Infinity : num(t.upTo);
    if (model.model === 'tiered' ? q > lower : q <= upper) out.push(i);
    if (model.model === 'volume' && q <= upper) break;
    lower = upper;
  }
  return out;
}

/** Two decimal strings that are the same number ("5" and "5.00"): compared as written, trailing zeros aside. */
export function sameDecimal(a: string, b: string): boolean {
  const norm = (v: string) => (v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v).replace(/^(-?)0+(?=\d)/, '$1');
  return norm(a) === norm(b);
}

/**
 * A tier's quantities in words: 1–50, 51–200, 1,001 及以上 for whole bounds; "超过 2.5 至 10" where
 * a bound is not a whole number (upTo is inclusive, so the next tier starts above it).
 */
function tierRange(f: FigureContext, prev: Tier['upTo'], first: boolean, upTo: Tier['upTo']): string {
  const d = (v: unknown) => decimal(String(v), f.locale);
  const whole = first || Number.isInteger(num(prev));
  const from = first ? '1' : whole ? String(num(prev) + 1) : String(prev);
  if (upTo === null) return (whole ? f.t.tierFrom : f.t.tierAbove).replace('{from}', d(from));
  return whole ? `${d(from)}–${d(upTo)}` : `${f.t.tierAbove.replace('{from}', d(from))} ${f.t.tierUpTo.replace('{upTo}', d(upTo))}`;
}

/**
 * An empty note line: a row keeps its height whether or not a note shows, and before the quote is
 * priced, so a long quote's row heights (measured for its virtual scrolling) do not go stale.
 */
const KEEP_LINE = html`<span class="meta keep" aria-hidden="true">\u00a0</span>`;

const cellId = (prefix: string, lineId: string) => `${prefix}-${encodeURIComponent(lineId)}`;

/** Click on a tier trigger: pin the table open, or close it. */
function toggle(e: Event): void {
  const button = (e.target as HTMLElement).closest<HTMLElement>('button.tiers-trigger');
  if (!button) return;
  button.setAttribute('aria-expanded', button.getAttribute('aria-expanded') === 'true' ? 'false' : 'true');
  button.parentElement?.removeAttribute('data-dismissed');
}

/** Escape hides the table shown on hover or focus (WCAG 1.4.13: dismissible) and unpins it. */
function dismiss(e: KeyboardEvent): void {
  if (e.key !== 'Escape') return;
  const box = e.currentTarget as HTMLElement;
  if (box.dataset.dismissed !== undefined && box.querySelector('[aria-expanded="true"]') === null) return;
  e.stopPropagation();
  box.dataset.dismissed = '';
  box.querySelector('button.tiers-trigger')?.setAttribute('aria-expanded', 'false');
}

/** Leaving the cell (pointer or focus) lets hover and focus show the table again. */
function reset(e: Event): void {
  const box = e.currentTarget as HTMLElement;
  if (e.type === 'focusout' && box.contains((e as FocusEvent).relatedTarget as Node | null)) return;
  box.removeAttribute('data-dismissed');
}

/**
 * A line's list unit price: the figure, or for a tiered or volume price the tier table behind a
 * disclosure button (the figure labelled an average when the quantity spans tiers or pays a flat fee).
 */
export function listPrice(f: FigureContext, line: PricedLine | undefined, sku: string, parentSku?: string): TemplateResult | string {
  if (!line) return '';
  const model = priceModelOf(f.catalog, f.book, sku, parentSku);
  const shown = money(line.listUnitPrice, f.currency, f.locale);
  if (!model || (model.model !== 'tiered' && model.model !== 'volume') || line.included) return shown;
  const used = tiersUsed(model, line.qty);
  const average = used.some((i) => model.tiers[i]!.flat !== undefined) || (model.model === 'tiered' && used.length > 1);
  const id = cellId('tiers', line.id);
  const caption = (model.model === 'tiered' ? f.t.tieredTable : f.t.volumeTable).replace('{name}', line.name);
  return html`<span class="tiers" @click=${toggle} @keydown=${dismiss} @mouseleave=${reset} @focusout=${reset}>
    <button type="button" class="tiers-trigger" aria-expanded="false" aria-controls=${id}>${average ? html`<span class="avg">${f.t.average}</span> ` : nothing}${shown}<span aria-hidden="true" class="caret">▾</span><span class="sr-only">${caption}</span></button>
    <div class="tiers-panel" id=${id} part="tiers">
      <table><caption>${caption}</caption>
        <thead><tr><th scope="col">${f.t.tierQty}</th><th scope="col">${f.t.tierUnit}</th></tr></thead>
        <tbody>${model.tiers.map((t, i) => {
          const range = tierRange(f, model.tiers[i - 1]?.upTo ?? null, i === 0, t.upTo);
          const flat = t.flat !== undefined ? ` ${f.t.tierFlat.replace('{amount}', money(String(t.flat), f.currency, f.locale))}` : '';
          return html`<tr class=${used.includes(i) ? 'used' : ''}><td>${range}</td><td class="num">${money(String(t.unit), f.currency, f.locale)}${flat}${used.includes(i) ? html`<span class="sr-only"> ${f.t.tierUsed}</span>` : nothing}</td></tr>`;
        })}</tbody>
      </table>
      <p>${f.t.tierLine.replace('{qty}', decimal(line.qty, f.locale)).replace('{price}', shown)}</p>
    </div>
  </span>`;
}

/**
 * Under the discount field: the line's effective discount off list when it is not the percent
 * entered (a quote discount's share, a price rule, an amount or a unit price entered). Its id is
 * for the field's `aria-describedby`.
 */
export function effectiveDiscount(f: FigureContext, line: PricedLine | undefined, entered: string): { id: string | undefined; note: TemplateResult } {
  if (!line || line.included) return { id: undefined, note: KEEP_LINE };
  const effective = line.discountPercent;
  if (sameDecimal(effective, entered === '' ? '0' : entered)) return { id: undefined, note: KEEP_LINE };
  const id = cellId('eff', line.id);
  return { id, note: html`<span class="meta effective" id=${id}>${f.t.effective.replace('{percent}', percent(effective, f.locale))}</span>` };
}

/** A line's margin (percent over its amount, before tax), or that it has no cost. Sales mode only. */
export function margin(f: FigureContext, line: PricedLine | undefined, asNote: boolean): TemplateResult | string {
  if (!line) return asNote ? KEEP_LINE : '';
  if (line.cost === undefined) return asNote ? html`<span class="meta margin">${f.t.noCost}</span>` : html`<span class="muted">${f.t.noCost}</span>`;
  const pct = line.marginPercent === undefined ? '' : percent(line.marginPercent, f.locale);
  const amount = money(line.margin, f.currency, f.locale);
  if (asNote) return html`<span class="meta margin">${f.t.marginNote.replace('{percent}', pct || amount)}</span>`;
  return html`${pct || amount}<span class="meta">${f.t.costOf.replace('{amount}', money(line.cost, f.currency, f.locale))}</span>`;
}
