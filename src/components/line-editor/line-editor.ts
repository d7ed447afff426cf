import { consume } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { Approval, Catalog } from '../../types.js';
import { cpqContext, type CpqState } from '../context.js';
import { common, uiLocale } from '../i18n.js';
import { columnChooser } from './column-chooser.js';
import { fitTier, parseColumns, shownColumns, type ColumnId } from './columns.js';
import { strings, type Key } from './line-editor.strings.js';
import styles from './line-editor.styles.js';
import { head, rowContext, sectionBody, usable } from './line-row.js';
import { fixedLine, isRampSection } from './contract-row.js';
import { RowWindow } from './row-window.js';
import { chunksOf, itemsOf, keysOf, lineKey, type Item } from './view-slice.js';
import { bulkBar } from './bulk-bar.js';
import { LineEdits } from './line-edits.js';
import { LineSelection } from './line-selection.js';
import { buildView, quoteDiscountApprovals, type LineView } from './line-rows.js';

/** The editor's strings in one locale (labels naming a line are followed by `{line id} {name}`). */
export type LineEditorText = Record<Key, string>;

/** Above this many items (headings and lines), only the rows in view are rendered. */
const VIRTUAL_FROM = 60;

/** `cpq-columns-change`: the columns the user chose, for the host to remember and give back as `columns`. */
export interface CpqColumnsChangeDetail {
  /** The shown columns after the product column, in table order; `null` after a reset to the mode's defaults. */
  columns: ColumnId[] | null;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cpq-columns-change': CustomEvent<CpqColumnsChangeDetail>;
  }
}

/**
 * The quote's lines as an editable table: quantity, term, discount (sales mode), optional flag,
 * group and per-line actions, with option lines of bundles indented (read-only) under their line,
 * and each line's pricing issues under it. Every change goes through the enclosing `<cpq-quote>`.
 *
 * Layout: the product column is frozen (sticky) when the table scrolls sideways; the columns
 * after it are the host's choice (`columns`) or the mode's defaults, and the user may change them
 * with the column chooser (`cpq-columns-change` tells the host, which remembers them). Where the
 * editor's own width (a container query, not the viewport) is less than the chosen columns need,
 * each line shows as a card instead of a table row, so the editor fits a CRM side panel or a
 * phone. A quote of more than 60 lines and headings scrolls inside the editor
 * (`--cpq-line-editor-max-height`) and renders only the rows in view, and the one holding the focus.
 *
 * Keyboard: Tab / Shift+Tab walk the controls in row order. On any control of a line,
 * Alt+ArrowUp / Alt+ArrowDown move the line within its group (focus stays on the same control of
 * the moved line). Delete on a line's Remove button removes the line; focus then goes to the same
 * control of the next line (else the previous one, else the table caption). Enter commits a typed
 * quantity, term, discount or group, as leaving the field does.
 *
 * @summary The quote's lines, editable: quantities, terms, discounts, options, groups, order.
 * @csspart table - The `<table>`.
 * @csspart caption - The table caption (focused after the last line is removed).
 * @csspart group - A group heading row.
 * @csspart row - A quote line's row.
 * @csspart option-row - A bundle option line's row (read-only, indented).
 * @csspart locked-row - An existing subscription's row on an amendment (read-only; also `row`).
 * @csspart ramp-row - A ramp deal's one row (its segments; also `row`).
 * @csspart schedule - A ramp deal's schedule (period, quantity, net unit price, amount per segment).
 * @csspart messages - The row of a line's issues and approvals.
 * @csspart columns - The column chooser (a `<details>`).
 * @csspart scroller - The element that scrolls the table (sideways; and up and down for a long quote).
 * @cssproperty --cpq-color-accent - Focus rings, the checkbox, the configured line.
 * @cssproperty --cpq-color-text - Text.
 * @cssproperty --cpq-color-muted - SKUs, option lines, headers.
 * @cssproperty --cpq-color-danger - Errors and the Remove button.
 * @cssproperty --cpq-color-warning - Warnings and approvals.
 * @cssproperty --cpq-color-border - Cell rules and control borders.
 * @cssproperty --cpq-color-surface - Control and group-heading background.
 * @cssproperty --cpq-radius - Corner radius of controls.
 * @cssproperty --cpq-space-s - Cell padding.
 * @cssproperty --cpq-font-family - Font.
 * @cssproperty --cpq-font-size - Base font size.
 * @cssproperty --cpq-color-background - Behind the frozen product column and the header of a scrolling table (default `Canvas`).
 * @cssproperty --cpq-line-editor-max-height - How tall a long (virtualized) quote's scroller grows (default `min(70vh, 40rem)`).
 * @fires cpq-quote-change - (from the enclosing `<cpq-quote>`) after every edit made here.
 * @fires cpq-columns-change - When the user shows or hides a column: `{ columns }` (null: back to the defaults).
 */
export class CpqLineEditor extends LitElement {
  static override styles = styles;

  /** The state shared by the enclosing `<cpq-quote>`. */
  @consume({ context: cpqContext, subscribe: true }) @state() protected cpq: CpqState | undefined;

  /**
   * The columns after the product column, in any order (`columns="qty net actions"`): `qty`,
   * `term`, `list`, `discount` (sales mode), `net`, `optional`, `group`, `actions`. Unset: the
   * mode's defaults (sales: all but optional and group; self-service: all but those and discount).
   */
  @property({ converter: { fromAttribute: (v) => parseColumns(v), toAttribute: (v: ColumnId[] | undefined) => v?.join(' ') ?? null } })
  columns: ColumnId[] | undefined;

  @query('.scroll') private scroller!: HTMLElement | null;

  private built: LineView | undefined;
  private items: Item[] = [];
  /** The items' keys, kept while they do not change (keysOf). */
  private keyList: { items: readonly Item[]; keys: readonly string[] } = { items: [], keys: [] };
  private readonly edits = new LineEdits(this);
  private readonly selection = new LineSelection(this, this.edits);
  private readonly rows = new RowWindow(this, () => {
    const body = this.renderRoot.querySelector<HTMLElement>('tbody');
    const table = body?.closest('table');
    return body && table ? table.offsetTop + body.offsetTop : 0;
  });
  /** What `built` was built from. */
  private builtFrom: { quote: unknown; priced: unknown; catalog: unknown } | undefined;
  /** Row-shared values that keep their identity while they do not change (see guardedRow). */
  private shared: { key: string; catalog: Catalog | undefined; epoch: object; approvals: readonly Approval[]; approvalsKey: string } =
    { key: '', catalog: undefined, epoch: {}, approvals: [], approvalsKey: '[]' };

  /** The shared state, for the edits controller. */
  get state(): CpqState | undefined {
    return this.cpq;
  }

  /** The rows as last built, for the edits controller. */
  get view(): LineView | undefined {
    return this.built;
  }

  /** A new state that differs only in `updating` (a big quote being priced in the worker): nothing to render. */
  protected override shouldUpdate(changed: PropertyValues): boolean {
    const before = changed.get('cpq') as CpqState | undefined;
    const now = this.cpq;
    if (changed.size !== 1 || !before || !now) return true;
    return (Object.keys(now) as (keyof CpqState)[]).some((k) => k !== 'updating' && now[k] !== before[k]);
  }

  override willUpdate(changed: PropertyValues): void {
    // `cpq` is protected, so it is not a key of PropertyValues<this>.
    const s = this.cpq;
    if (!(changed.has('cpq') || changed.has('columns')) || !s) return;
    // A new state with the same quote and figures (a big quote marked as updating while the worker prices): the same rows.
    const from = { quote: s.quote, priced: s.priced, catalog: usable(s) };
    const same = this.builtFrom && this.builtFrom.quote === from.quote && this.builtFrom.priced === from.priced && this.builtFrom.catalog === from.catalog;
    if (changed.has('cpq') && !same) {
      this.built = buildView(s.quote, s.priced, usable(s), this.built);
      this.items = itemsOf(this.built!, this.items);
      this.builtFrom = from;
    }
    const sh = this.shared;
    const key = `${s.locale}|${s.mode}|${s.readonly}|${s.quote.kind}|${s.priced?.currency}|${shownColumns(this.columns, s.mode).join(' ')}`;
    if (key !== sh.key || s.catalog !== sh.catalog) Object.assign(sh, { key, catalog: s.catalog, epoch: {} });
    const approvals = s.mode === 'sales' ? quoteDiscountApprovals(s.priced, usable(s)) : [];
    const approvalsKey = JSON.stringify(approvals);
    if (approvalsKey !== sh.approvalsKey) Object.assign(sh, { approvals, approvalsKey });
  }

  override updated(): void {
    this.rows.attach(this.scroller ?? undefined);
    this.rows.measure(this.renderRoot.querySelectorAll<HTMLElement>('tr[data-unit]'));
    const target = this.edits.takeFocus();
    if (!target) return;
    const root = this.renderRoot as ShadowRoot;
    // The control itself; else (it is gone: a resolved price-rule tie) the line's first control,
    // then its top line's; the caption only when the line is gone too.
    const find = (selector: string) => root.querySelector<HTMLElement>(`${selector}:not([disabled])`);
    const el = target === 'caption' ? null
      : find(`[data-id="${CSS.escape(target.id)}"][data-control="${target.control}"]`)
        ?? find(`[data-id="${CSS.escape(target.id)}"][data-control]`)
        ?? find(`[data-id="${CSS.escape(target.id.split('/')[0]!)}"][data-control]`);
    (el ?? root.querySelector<HTMLElement>('caption'))?.focus();
  }

  /**
   * Scroll the editor to a line (a long quote renders only the rows in view); resolves once its
   * row is rendered.
   */
  async scrollToLine(id: string): Promise<void> {
    const offset = this.rows.offsetOf(lineKey(id));
    const scroller = this.scroller;
    if (offset === undefined || !scroller) return;
    for (let i = 0; i < 3; i++) {
      scroller.scrollTop = (i === 0 ? offset : this.rows.offsetOf(lineKey(id)) ?? offset) + (this.renderRoot.querySelector<HTMLElement>('tbody')?.offsetTop ?? 0);
      this.rows.scrolled();
      this.requestUpdate();
      await this.updateComplete;
      const row = this.renderRoot.querySelector<HTMLElement>(`tr[data-line="${CSS.escape(id)}"]`);
      if (row) return row.scrollIntoView({ block: 'nearest' });
      // The rows just rendered are measured at the next frame: the offset is estimated better then.
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }

  override render() {
    const s = this.cpq;
    if (!s) return nothing;
    const t = strings[uiLocale(s.locale)];
    if (!s.catalog) return html`<p>${common[uiLocale(s.locale)].noCatalog}</p>`;
    const columns = shownColumns(this.columns, s.mode);
    const c = rowContext(s, t, this.shared.epoch, this.shared.approvals, this.edits.draft, columns, this.selection.selected, this.edits.kinds);
    const view = this.built!;
    const e = this.edits;
    const virtual = this.items.length > VIRTUAL_FROM;
    const pending = e.pendingFocus;
    this.rows.pin([e.focusKey, pending && pending !== 'caption' ? lineKey(pending.id.split('/')[0]!) : null].filter((k): k is string => k !== null));
    if (this.keyList.items !== this.items) this.keyList = { items: this.items, keys: keysOf(this.items, this.keyList) };
    const slice = this.rows.update(this.keyList.keys, virtual);
    const chunks = chunksOf(view, this.items, slice);
    // A ramp deal's group is one row, not a group: it gives the other lines no heading.
    const grouped = view.grouped && view.sections.some((x) => x.group !== undefined && !isRampSection(x));
    return html`
      <div class="toolbar">
        ${c.sales && !c.readonly ? html`<div class="tools" @click=${this.selection.handleBar} @change=${this.selection.handleBar}>${bulkBar(t, this.selection.selected.size, view.order.length - s.quote.lines.filter(fixedLine).length)}</div>` : nothing}
        <div class="columns" @click=${e.handleChooser}>${columnChooser(t, c.sales, columns, this.columns !== undefined)}</div>
      </div>
      <div class="frame">
        <div class="scroll${virtual ? ' virtual' : ''}" part="scroller" tabindex=${virtual ? '0' : nothing} role=${virtual ? 'group' : nothing} aria-label=${virtual ? t.scroller : nothing}>
          <p id="keys" class="sr-only">${t.keys}</p>
          <table part="table" class="fit-${fitTier(columns)}" aria-describedby="keys" aria-rowcount=${virtual ? this.items.length + 1 : nothing}
            @change=${e.handleChange} @input=${e.handleInput} @keydown=${e.handleKeydown} @click=${e.handleClick} @focusin=${e.handleFocusIn} @focusout=${e.handleFocusOut}>
            <caption part="caption" tabindex="-1">${t.caption}</caption>
            ${head(c)}
            ${view.sections.length === 0
              ? html`<tbody><tr><td class="empty" colspan=${c.cols}>${t.empty}</td></tr></tbody>`
              : repeat(chunks, (k) => k.key, (k) => k.kind === 'gap'
                ? html`<tbody class="gap" aria-hidden="true"><tr><td colspan=${c.cols} style=${styleMap({ height: `${k.height}px` })}></td></tr></tbody>`
                : sectionBody(c, k.section, grouped, k.rows, k.headed))}
          </table>
        </div>
      </div>
      <div class="sr-only" role="status" aria-live="polite">${e.announcement}</div>
    `;
  }
}
