import { html, nothing } from 'lit';
import type { LineEditorText } from './line-editor.js';

/**
 * The seller's line tools above the table: add a section heading or a note line, and — once lines
 * are selected (each row's checkbox, or "select all") — one change for all of them: quantity,
 * discount (as a percent, an amount off per unit or a net unit price), group, or remove. A group
 * of labelled native controls, so Tab, Space and Enter work as everywhere; the editor announces
 * every change in its live region. Handled by the editor (`data-bulk`).
 */
export function bulkBar(t: LineEditorText, selected: number, total: number) {
  const all = total > 0 && selected === total;
  return html`<div class="bulk" part="bulk" role="group" aria-label=${t.bulk}>
    <button type="button" data-bulk="add-section">${t.addSection}</button>
    <button type="button" data-bulk="add-note">${t.addNote}</button>
    <label class="all"><input type="checkbox" data-bulk="select-all" .checked=${all} .indeterminate=${selected > 0 && !all} ?disabled=${total === 0}>${t.selectAll}</label>
    ${selected === 0 ? nothing : html`
      <span class="count" id="bulk-count">${t.selectedCount.replace('{count}', String(selected))}</span>
      <span class="set"><input id="bulk-qty" type="text" inputmode="decimal" autocomplete="off" aria-label=${t.bulkQty} aria-describedby="bulk-count">
        <button type="button" data-bulk="qty">${t.applyQty}</button></span>
      <span class="set"><select id="bulk-kind" aria-label=${t.discountKind}>
          ${(['percent', 'amount', 'unitPrice'] as const).map((k) => html`<option value=${k}>${t[`kind_${k}`]}</option>`)}
        </select><input id="bulk-discount" type="text" inputmode="decimal" autocomplete="off" aria-label=${t.discount} aria-describedby="bulk-count">
        <button type="button" data-bulk="discount">${t.applyDiscount}</button></span>
      <span class="set"><input id="bulk-group" type="text" autocomplete="off" aria-label=${t.bulkGroup} aria-describedby="bulk-count">
        <button type="button" data-bulk="group">${t.applyGroup}</button></span>
      <button type="button" class="remove" data-bulk="remove">${t.removeSelected}</button>
      <button type="button" data-bulk="clear">${t.clearSelection}</button>`}
  </div>`;
}
