import { html } from 'lit';
import { COLUMN_IDS, SALES_ONLY, type ColumnId } from './columns.js';
import type { LineEditorText } from './line-editor.js';
import { columnLabel } from './line-row.js';

/**
 * The column chooser: a disclosure of toggle buttons, one per column the mode can show, and a
 * reset to the mode's defaults. Buttons (not checkboxes): a view choice, so it stays usable on a
 * read-only quote without being one of the quote's inputs. Clicks are handled by the editor
 * (`data-column`).
 */
export function columnChooser(t: LineEditorText, sales: boolean, shown: readonly ColumnId[], chosen: boolean) {
  const available = COLUMN_IDS.filter((id) => sales || !SALES_ONLY.has(id));
  return html`<details class="chooser" part="columns">
    <summary>${t.columns.replace('{count}', String(shown.length + 1))}</summary>
    <div class="choices" role="group" aria-label=${t.columnsShown}>
      ${available.map((id) => html`<button type="button" class="choice" data-column=${id} aria-pressed=${shown.includes(id) ? 'true' : 'false'}>${columnLabel(t, id)}</button>`)}
      <button type="button" class="reset" data-column="" ?disabled=${!chosen}>${t.columnsReset}</button>
    </div>
  </details>`;
}
