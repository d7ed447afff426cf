import { html, nothing } from 'lit';
import { TEXT_LIMITS } from '../../pricing/text-limits.js';
import { messagesId, messagesRow, type RowContext } from './line-row.js';
import type { LineRow } from './line-rows.js';

/**
 * A section heading or a note line of the quote: its text across the figures' columns (a field
 * in sales mode, text otherwise), and the line's move, clone and remove buttons. It carries no
 * money; pricing keeps its place among the lines.
 */
export function textRow(c: RowContext, row: LineRow) {
  const { line } = row;
  const id = line.id;
  const section = row.kind === 'section';
  const label = section ? c.t.sectionLine : c.t.noteLine;
  const who = `${id} ${label}`;
  const actions = c.shown.has('actions');
  const span = c.cols - (actions ? 1 : 0);
  const editable = c.sales && !c.readonly;
  const value = line.text ?? '';
  const described = row.issues.length > 0 ? messagesId(id) : nothing;
  const invalid = row.issues.some((i) => i.severity === 'error') ? 'true' : 'false';
  return html`
    <tr class="text-line ${section ? 'section' : 'note'}" part=${section ? 'section-row' : 'note-row'} data-line=${id} data-unit=${`l:${id}`}>
      <td class="c-product c-text" colspan=${span}>
        ${editable ? html`<input type="checkbox" class="pick" data-id=${id} data-control="select" aria-label="${c.t.select} ${who}" .checked=${c.selected.has(id)}>` : nothing}
        ${editable
          ? html`<input type="text" class="text" autocomplete="off" maxlength=${TEXT_LIMITS.text} data-id=${id} data-control="text" aria-label="${label} ${id}" aria-describedby=${described} aria-invalid=${invalid}
              placeholder=${section ? c.t.sectionPlaceholder : c.t.notePlaceholder} .value=${value}>`
          : section ? html`<span class="heading" role="heading" aria-level="3">${value}</span>` : html`<span class="note">${value}</span>`}
      </td>
      ${actions ? html`<td class="c-actions"><div class="actions">${editable ? html`
        <button type="button" data-id=${id} data-control="up" aria-label="${c.t.moveUp} ${who}" aria-disabled=${row.up === undefined ? 'true' : 'false'}>↑</button>
        <button type="button" data-id=${id} data-control="down" aria-label="${c.t.moveDown} ${who}" aria-disabled=${row.down === undefined ? 'true' : 'false'}>↓</button>
        <button type="button" data-id=${id} data-control="clone" aria-label="${c.t.clone} ${who}">${c.t.clone}</button>
        <button type="button" class="remove" data-id=${id} data-control="remove" aria-label="${c.t.remove} ${who}">${c.t.remove}</button>` : nothing}</div></td>` : nothing}
    </tr>
    ${messagesRow(c, `l:${id}`, id, who, row.issues, [], false)}`;
}
