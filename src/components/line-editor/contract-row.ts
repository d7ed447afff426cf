import { html, nothing, type TemplateResult } from 'lit';
import type { LineProration, PricedLine, QuoteLine } from '../../types.js';
import { decimal, money } from '../format.js';
import type { ColumnId } from './columns.js';
import { contractFor, type ContractText } from './contract.strings.js';
import { discountKindOf, discountValueOf, type LineRow, type Section } from './line-rows.js';
import type { RowContext } from './line-row.js';
import { negate, type Sum } from '../configurator/selection.js';

/**
 * An amendment's and a ramp deal's lines in `<cpq-line-editor>` (issue 16, item 6), as row
 * templates of the same shape as line-row.ts's:
 * - a locked line (an existing subscription): read-only, tagged, its contracted net unit price
 *   and service period, its amount marked as not charged (pricing leaves it out of the totals);
 * - a change (`<subscription>:add` / `:credit`) or an added product: its quantity change and the
 *   service period as pricing counted it (the priced line's `proration`), credits tagged;
 * - a ramp deal (the lines of group `ramp:<id>`, made by `rampLines`): one row with the segments'
 *   schedule (period, quantity, net unit price, amount) behind a disclosure button; each
 *   segment's quantity is a field unless the quote is read-only.
 */

const ct = (c: RowContext): ContractText => contractFor(c.t);

/** The service period in the PDF's words, from the line's priced proration. */
export function periodText(c: RowContext, p: LineProration): string {
  return ct(c).period.replace('{start}', p.start).replace('{end}', p.end).replace('{counted}', p.label);
}

/**
 * A change of an amendment: a line changing a subscription (not the locked line itself) or a
 * credit. A renewal's lines also name the subscription they continue: they are not changes.
 */
export const isChange = (line: QuoteLine, amendment: boolean) => amendment && !line.locked && (line.subscriptionId !== undefined || line.credit === true);

/** The amendment's change lines by the subscription they change (`<id>:add` / `<id>:credit`). */
export function changesOf(lines: readonly QuoteLine[]): Map<string, QuoteLine> {
  const out = new Map<string, QuoteLine>();
  for (const line of lines) if (!line.locked && line.subscriptionId !== undefined) out.set(line.subscriptionId, line);
  return out;
}

/**
 * A subscription's quantity from the effective date: the contracted one, plus the change's or minus
 * the credit's — added by `sum` (`CpqApi.sum`, the core's exact decimals: decimal.js stays out of
 * the first chunk), undefined before the core has loaded.
 */
export function newQuantity(locked: QuoteLine, change: QuoteLine | undefined, sum: Sum): string | undefined {
  const qty = String(locked.qty ?? '0');
  if (!change) return qty;
  const delta = String(change.qty ?? '0');
  return sum([qty, change.credit ? negate(delta) : delta]);
}

/**
 * Under a top-level line's name: for a change, its tag and quantity change; for any line with a
 * service period, the period and how it was counted. Nothing for other lines.
 */
export function contractNote(c: RowContext, row: LineRow): TemplateResult | typeof nothing {
  const p = row.priced;
  const change = isChange(row.line, c.amendment);
  if (!change && !p?.proration) return nothing;
  const t = ct(c);
  const qty = String(row.line.qty ?? p?.qty ?? '');
  const delta = change && qty !== '' ? t.qtyChange.replace('{delta}', `${row.line.credit ? '−' : '+'}${decimal(qty, c.locale)}`) : '';
  const tag = !change ? nothing : row.line.credit ? html`<span class="tag credit">${t.credit}</span>` : html`<span class="tag">${t.change}</span>`;
  return html`${tag}<span class="contract-note">${[delta, p?.proration ? periodText(c, p.proration) : ''].filter((x) => x !== '').join(' · ')}</span>`;
}

/**
 * The one control of an existing subscription (sales mode, not read-only): its quantity from the
 * effective date. Committing it sets the change line (`changeQuantity`): more is an increase,
 * less a credit, the contracted quantity none.
 */
function newQtyField(c: RowContext, line: QuoteLine, who: string): TemplateResult | typeof nothing {
  if (!c.sales || c.readonly || line.subscriptionId === undefined) return nothing;
  const label = ct(c).newQty.replace('{start}', line.period?.start ?? '');
  return html`<label class="sub-qty"><span aria-hidden="true">${label}</span><input type="text" inputmode="decimal" class="num" autocomplete="off"
    data-id=${line.id} data-control="sub-qty" aria-label="${label} ${who}" .value=${newQuantity(line, c.changes.get(line.subscriptionId), c.sum) ?? ''}></label>`;
}

/** An existing subscription on an amendment: only what it is and costs, and its quantity from the effective date. */
export function lockedRow(c: RowContext, row: LineRow): TemplateResult {
  const { line, priced: p } = row;
  const t = ct(c);
  const id = line.id;
  const unit = c.products.get(line.sku)?.term?.unit;
  const price = line.contractedUnitPrice !== undefined ? String(line.contractedUnitPrice) : p?.netUnitPrice;
  const notes = [price !== undefined ? t.contracted.replace('{price}', `${money(price, c.currency, c.locale)}${unit ? ` / ${c.t[unit]}` : ''}`) : '',
    p?.proration ? periodText(c, p.proration) : ''].filter((x) => x !== '');
  const cell = (col: ColumnId): TemplateResult | typeof nothing => {
    switch (col) {
      case 'qty': return html`<td class="c-qty num" data-label=${c.t.qty}>${decimal(String(line.qty ?? p?.qty ?? ''), c.locale)}</td>`;
      case 'term': return html`<td class="c-term" data-label=${c.t.term}>${p?.term !== undefined ? `${decimal(p.term, c.locale)} ${unit ? c.t[unit] : ''}` : nothing}</td>`;
      case 'list': return html`<td class="c-list num" data-label=${c.t.listPrice}>${p ? money(p.listUnitPrice, c.currency, c.locale) : ''}</td>`;
      case 'discount': return c.sales ? html`<td class="c-discount"></td>` : nothing;
      case 'net': return html`<td class="c-net num" data-label=${c.t.net}><s>${p ? money(p.netAmount, c.currency, c.locale) : ''}</s><span class="meta">${t.notCharged}</span></td>`;
      case 'margin': return c.sales ? html`<td class="c-margin"></td>` : nothing;
      default: return html`<td class=${`c-${col}`}></td>`;
    }
  };
  return html`<tr class="line locked" part="row locked-row" data-line=${id} data-unit=${`l:${id}`}>
      <td class="c-product"><span class="name">${p?.name ?? line.sku}<span class="tag">${t.existing}</span></span><span class="sku">${line.sku}</span>
        ${notes.map((n) => html`<span class="contract-note">${n}</span>`)}${newQtyField(c, line, `${id} ${p?.name ?? line.sku}`)}</td>
      ${c.columns.map(cell)}
    </tr>`;
}

/** Lines the seller does not edit as lines: an existing subscription, a ramp deal's segment (not selectable for bulk changes). */
export const fixedLine = (line: { locked?: boolean; group?: string }) => line.locked === true || (line.group?.startsWith('ramp:') ?? false);

/** A ramp deal's group: `ramp:<line id>`. */
export const isRampSection = (s: Section) => s.group !== undefined && s.group.startsWith('ramp:');

/** Click on a schedule button: show or hide the schedule (a DOM state, like the tier tables'). */
function toggle(e: Event): void {
  const b = e.currentTarget as HTMLElement;
  b.setAttribute('aria-expanded', b.getAttribute('aria-expanded') === 'true' ? 'false' : 'true');
}

/**
 * A segment's quantity: a field (the segment's own quote line, committed as any line's quantity)
 * unless the quote is read-only. Its name says which segment: 数量 第 2 段 CRM 席位.
 */
function segmentQty(c: RowContext, s: PricedLine, i: number, name: string): TemplateResult | string {
  if (c.readonly) return decimal(s.qty, c.locale);
  const t = ct(c);
  return html`<input type="text" inputmode="decimal" class="num seg-qty" autocomplete="off" data-id=${s.id} data-control="qty"
    aria-label="${t.segQty} ${t.segment.replace('{n}', String(i + 1))} ${name}" .value=${s.qty}>`;
}

/**
 * A segment's price (sales mode, not read-only): the discount kind and value, as an ordinary
 * line's discount cell (line-row.ts) — percent, amount, or the net unit price itself — on the
 * segment's own line, committed as any line's discount (`setLineDiscount`).
 */
function segmentPrice(c: RowContext, line: QuoteLine | undefined, i: number, name: string): TemplateResult | typeof nothing {
  if (!line || !c.sales || c.readonly) return nothing;
  const t = ct(c);
  const kind = c.kinds.get(line.id) ?? discountKindOf(line.discount);
  const label = { percent: c.t.discountLabel, amount: c.t.amountLabel, unitPrice: c.t.unitPriceLabel }[kind];
  const who = `${t.segment.replace('{n}', String(i + 1))} ${name}`;
  return html`<span class="with-unit seg-price"><select class="kind" data-id=${line.id} data-control="discount-kind" aria-label="${c.t.discountKind} ${who}">
      ${(['percent', 'amount', 'unitPrice'] as const).map((k) => html`<option value=${k} ?selected=${k === kind}>${c.t[`kind_${k}`]}</option>`)}
    </select><input type="text" inputmode="decimal" class="num" autocomplete="off" data-id=${line.id} data-control="discount" aria-label="${label} ${who}"
    .value=${discountValueOf(line.discount, kind)}></span>`;
}

function schedule(c: RowContext, key: string, id: string, name: string, segments: readonly PricedLine[], lines: readonly QuoteLine[]) {
  const t = ct(c);
  const m = (v: string) => money(v, c.currency, c.locale);
  const edit = c.sales && !c.readonly;
  return html`<button type="button" class="schedule-trigger" data-id=${key} data-control="schedule" aria-expanded="false" aria-controls=${id} @click=${toggle}>${t.schedule.replace('{count}', String(segments.length))}<span class="caret" aria-hidden="true">▾</span></button>
    <div class="schedule" id=${id} part="schedule"><table><caption>${t.scheduleOf.replace('{name}', name)}</caption>
      <thead><tr><th scope="col">${t.segPeriod}</th><th scope="col" class="num">${t.segQty}</th>${edit ? html`<th scope="col">${t.segPrice}</th>` : nothing}<th scope="col" class="num">${t.segUnit}</th><th scope="col" class="num">${t.segAmount}</th>${edit ? html`<th scope="col">${t.segActions}</th>` : nothing}</tr></thead>
      <tbody>${segments.map((s, i) => html`<tr><td class="period" data-label=${t.segPeriod}>${s.proration ? `${s.proration.start} – ${s.proration.end}` : ''}</td><td class="num" data-label=${t.segQty}>${segmentQty(c, s, i, name)}</td>${edit ? html`<td data-label=${t.segPrice}>${segmentPrice(c, lines.find((l) => l.id === s.id), i, name)}</td>` : nothing}<td class="num" data-label=${t.segUnit}>${m(s.netUnitPrice)}</td><td class="num" data-label=${t.segAmount}>${m(s.netAmount)}</td>${edit
        ? html`<td>${segments.length > 1 ? html`<button type="button" data-id=${s.id} data-ramp=${key} data-index=${String(i)} data-control="ramp-remove-seg" aria-label="${t.removeSegment} ${t.segment.replace('{n}', String(i + 1))} ${name}">${t.removeSegment}</button>` : nothing}</td>` : nothing}</tr>`)}</tbody>
    </table>${edit ? html`<button type="button" class="add-segment" data-id=${key} data-control="ramp-add" aria-label="${t.addSegment} ${name}">${t.addSegment}</button>` : nothing}</div>`;
}

/**
 * A ramp deal as one row: the product, the quantities of its segments in order, their summed
 * amount, and the schedule. `unit` is the row's measuring key (the group heading's, which it replaces).
 */
export function rampRow(c: RowContext, section: Section, unit: string): TemplateResult {
  const rows = section.rows.filter((r) => r.kind === undefined);
  const first = rows[0]!;
  const priced = rows.map((r) => r.priced).filter((p): p is PricedLine => p !== undefined);
  const t = ct(c);
  const name = first.priced?.name ?? first.line.sku;
  const key = section.group!.slice('ramp:'.length);
  const total = priced.length === rows.length ? c.sum(priced.map((p) => p.netAmount)) : undefined;
  const qtys = rows.map((r) => decimal(String(r.line.qty ?? r.priced?.qty ?? ''), c.locale)).join(' → ');
  const cell = (col: ColumnId): TemplateResult | typeof nothing => {
    switch (col) {
      case 'qty': return html`<td class="c-qty num" data-label=${c.t.qty}>${qtys}</td>`;
      case 'net': return html`<td class="c-net num" data-label=${c.t.net}>${total !== undefined ? money(total, c.currency, c.locale) : ''}<span class="meta">${t.rampTotal}</span></td>`;
      case 'discount': case 'margin': return c.sales ? html`<td class=${`c-${col}`}></td>` : nothing;
      case 'actions': return html`<td class="c-actions">${c.readonly ? nothing : html`<div class="actions"><button type="button" class="remove" data-id=${key} data-control="ramp-remove" aria-label="${t.removeRamp} ${key} ${name}">${t.removeRamp}</button></div>`}</td>`;
      default: return html`<td class=${`c-${col}`}></td>`;
    }
  };
  return html`<tr class="line ramp" part="row ramp-row" data-line=${key} data-unit=${unit}>
      <td class="c-product"><span class="name">${name}<span class="tag">${t.ramp}</span></span><span class="sku">${first.line.sku}</span>
        ${priced.length > 0 ? schedule(c, key, `schedule-${encodeURIComponent(key)}`, name, priced, rows.map((r) => r.line)) : nothing}</td>
      ${c.columns.map(cell)}
    </tr>`;
}
