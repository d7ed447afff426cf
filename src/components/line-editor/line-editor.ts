import { consume } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Approval, Catalog, QuoteLine, SelectedOption } from '../../types.js';
import { cpqContext, type CpqState } from '../context.js';
import { common, text, uiLocale, type Strings } from '../i18n.js';
import styles from './line-editor.styles.js';
import { head, rowContext, sectionBody, usable, type RowContext } from './line-row.js';
import { buildView, discountWarnings, normalizeDecimal, percentOf, quoteDiscountApprovals, withOptionRule, withPercent, type LineView } from './line-rows.js';

type Key =
  | 'caption' | 'keys' | 'product' | 'qty' | 'term' | 'listPrice' | 'discount' | 'net' | 'optional' | 'group' | 'actions'
  | 'discountLabel' | 'configure' | 'moveUp' | 'moveDown' | 'remove' | 'chooseRule' | 'chooseRulePlaceholder' | 'ungrouped'
  | 'groupHeading' | 'empty' | 'optionOf' | 'approval' | 'floor' | 'draft' | 'amountOff' | 'unitPrice' | 'month' | 'year' | 'day'
  | 'movedUp' | 'movedDown' | 'removed';

/** The editor's strings in one locale (labels naming a line are followed by `{line id} {name}`). */
export type LineEditorText = Record<Key, string>;

const strings: Strings<Key> = {
  'zh-CN': {
    caption: '报价行', keys: '在行内控件上按 Alt+↑ / Alt+↓ 移动该行；在“删除”按钮上按 Delete 删除该行。',
    product: '产品', qty: '数量', term: '期限', listPrice: '目录单价', discount: '折扣', net: '净额', optional: '可选', group: '分组', actions: '操作',
    discountLabel: '折扣（%）', configure: '配置', moveUp: '上移', moveDown: '下移', remove: '删除', chooseRule: '选择价格规则',
    chooseRulePlaceholder: '请选择…', ungrouped: '未分组', groupHeading: '分组：{group}', empty: '报价中还没有行。', optionOf: '{parent} 的选项',
    approval: '需审批（{level}）', floor: '低于底价', draft: '按此折扣：{messages}', amountOff: '每单位减 {amount}', unitPrice: '单价改为 {amount}',
    month: '个月', year: '年', day: '天', movedUp: '{line} 已上移', movedDown: '{line} 已下移', removed: '已删除 {line}',
  },
  en: {
    caption: 'Quote lines', keys: 'On a line’s controls, Alt+Up / Alt+Down move the line; Delete on its Remove button removes it.',
    product: 'Product', qty: 'Quantity', term: 'Term', listPrice: 'List unit price', discount: 'Discount', net: 'Net amount', optional: 'Optional', group: 'Group', actions: 'Actions',
    discountLabel: 'Discount (%)', configure: 'Configure', moveUp: 'Move up', moveDown: 'Move down', remove: 'Remove', chooseRule: 'Choose price rule',
    chooseRulePlaceholder: 'Choose…', ungrouped: 'Ungrouped', groupHeading: 'Group: {group}', empty: 'The quote has no lines yet.', optionOf: 'option of {parent}',
    approval: 'Approval needed ({level})', floor: 'Below floor', draft: 'With this discount: {messages}', amountOff: '{amount} off per unit', unitPrice: 'Unit price set to {amount}',
    month: 'months', year: 'years', day: 'days', movedUp: '{line} moved up', movedDown: '{line} moved down', removed: 'Removed {line}',
  },
};

/** Controls that commit a typed value. */
const TEXT_CONTROLS = new Set(['qty', 'term', 'discount', 'group']);
const PREVIEW_DELAY = 120;

/**
 * The quote's lines as an editable table: quantity, term, discount (sales mode), optional flag,
 * group and per-line actions, with option lines of bundles indented (read-only) under their line,
 * and each line's pricing issues under it. Every change goes through the enclosing `<cpq-quote>`.
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
 * @csspart messages - The row of a line's issues and approvals.
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
 * @fires cpq-quote-change - (from the enclosing `<cpq-quote>`) after every edit made here.
 */
export class CpqLineEditor extends LitElement {
  static override styles = styles;

  /** The state shared by the enclosing `<cpq-quote>`. */
  @consume({ context: cpqContext, subscribe: true }) @state() protected cpq: CpqState | undefined;

  /** What the discount being typed would set off (api.preview), before it is committed. */
  @state() private draft: RowContext['draft'] = null;

  @state() private announcement = '';

  private view: LineView | undefined;
  /** Row-shared values that keep their identity while they do not change (see guardedRow). */
  private shared: { key: string; catalog: Catalog | undefined; epoch: object; approvals: readonly Approval[]; approvalsKey: string } =
    { key: '', catalog: undefined, epoch: {}, approvals: [], approvalsKey: '[]' };
  private pendingFocus: { id: string; control: string } | 'caption' | null = null;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;

  override willUpdate(changed: PropertyValues): void {
    // `cpq` is protected, so it is not a key of PropertyValues<this>.
    const s = this.cpq;
    if (!changed.has('cpq') || !s) return;
    this.view = buildView(s.quote, s.priced, usable(s));
    const sh = this.shared;
    const key = `${s.locale}|${s.mode}|${s.readonly}|${s.priced?.currency}`;
    if (key !== sh.key || s.catalog !== sh.catalog) Object.assign(sh, { key, catalog: s.catalog, epoch: {} });
    const approvals = s.mode === 'sales' ? quoteDiscountApprovals(s.priced, usable(s)) : [];
    const approvalsKey = JSON.stringify(approvals);
    if (approvalsKey !== sh.approvalsKey) Object.assign(sh, { approvals, approvalsKey });
  }

  override updated(): void {
    const target = this.pendingFocus;
    if (!target) return;
    this.pendingFocus = null;
    const root = this.renderRoot as ShadowRoot;
    const el = target === 'caption' ? null : root.querySelector<HTMLElement>(`[data-id="${CSS.escape(target.id)}"][data-control="${target.control}"]`);
    (el ?? root.querySelector<HTMLElement>('caption'))?.focus();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.previewTimer);
  }

  /** Focus this control once the change it follows has rendered. */
  private focusAfter(target: CpqLineEditor['pendingFocus']): void {
    this.pendingFocus = target;
    this.requestUpdate();
  }

  private line(id: string): QuoteLine | undefined {
    return this.cpq?.quote.lines.find((l) => l.id === id);
  }

  /** A line as announced: its id and name. */
  private who(id: string): string {
    return `${id} ${this.cpq?.priced?.lines.find((l) => l.id === id)?.name ?? this.line(id)?.sku ?? ''}`;
  }

  private say(key: Key, value: string): string {
    return text(strings, this.cpq?.locale, key, { line: value, messages: value });
  }

  private handleChange(e: Event): void {
    const el = e.target as HTMLInputElement | HTMLSelectElement;
    const { id, control } = el.dataset;
    if (!id || !control || !this.cpq || this.cpq.readonly) return;
    if (TEXT_CONTROLS.has(control)) this.commitText(id, control, el.value);
    else if (control === 'optional') this.cpq.api.updateLine(id, { optional: (el as HTMLInputElement).checked ? true : undefined });
    else if (control === 'rule' && el.value) this.chooseRule(id, el.value);
  }

  /** Commit a typed value when it differs from the line's (so Enter then blur commits once). */
  private commitText(id: string, control: string, raw: string): void {
    const { api, priced } = this.cpq!;
    const line = this.line(id);
    if (!line) return;
    if (control === 'group') {
      const group = raw.trim();
      if (group === (line.group ?? '')) return;
      // The line moves to another group's section (new DOM): keep the focus on its group field.
      this.focusAfter({ id, control });
      api.updateLine(id, { group: group || undefined });
      return;
    }
    const value = normalizeDecimal(raw);
    if (control === 'discount') {
      clearTimeout(this.previewTimer);
      this.draft = null;
      if (value === '' ? line.discount !== undefined : value !== percentOf(line)) api.setLineDiscount(id, value === '' ? undefined : { percent: value });
      return;
    }
    const shown = priced?.lines.find((l) => l.id === id);
    const key = control as 'qty' | 'term';
    if (value !== String(line[key] ?? shown?.[key] ?? '')) api.updateLine(id, { [key]: value === '' ? undefined : value });
  }

  /** Resolve a price-rule tie: on the line itself, or on the bundle option the option line stands for. */
  private chooseRule(lineId: string, rule: string): void {
    const { api, configs } = this.cpq!;
    const [top, ...path] = lineId.split('/');
    if (path.length === 0) return api.updateLine(lineId, { priceRule: rule });
    const options = (this.line(top!)?.options as SelectedOption[] | undefined) ?? configs[top!]?.selection.options ?? [];
    api.updateLine(top!, { options: withOptionRule(options, path, rule) });
  }

  private handleInput(e: Event): void {
    const el = e.target as HTMLInputElement;
    if (el.dataset.control !== 'discount' || !el.dataset.id || this.cpq?.mode !== 'sales') return;
    const id = el.dataset.id;
    const value = normalizeDecimal(el.value);
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => this.previewDiscount(id, value), PREVIEW_DELAY);
  }

  /** Price the quote as if the typed discount were committed, and show what it would set off. */
  private previewDiscount(id: string, value: string): void {
    const s = this.cpq;
    if (!s) return;
    const warnings = discountWarnings(s.api.preview(withPercent(s.quote, id, value)), usable(s), id);
    this.draft = { id, warnings };
    this.announcement = warnings.length ? this.say('draft', warnings.map((w) => w.message).join(' · ')) : '';
  }

  private handleFocusOut(e: FocusEvent): void {
    // Once the field is left, the row shows what was committed (change fires before focusout).
    if ((e.target as HTMLElement).dataset.control !== 'discount') return;
    clearTimeout(this.previewTimer);
    this.draft = null;
  }

  private handleClick(e: Event): void {
    const el = (e.target as HTMLElement).closest<HTMLElement>('button[data-control]');
    const { id, control } = el?.dataset ?? {};
    if (!id || !control || !this.cpq) return;
    if (control === 'configure') this.cpq.api.selectLine(id);
    else if (control === 'remove') this.removeLine(id, control);
    else if (control === 'up' || control === 'down') this.move(id, control, control);
  }

  private handleKeydown(e: KeyboardEvent): void {
    const { id, control } = (e.target as HTMLElement).dataset;
    if (!id || !control || !this.cpq || this.cpq.readonly) return;
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown') && control !== 'rule') {
      e.preventDefault();
      this.move(id, e.key === 'ArrowUp' ? 'up' : 'down', control);
    } else if (e.key === 'Delete' && control === 'remove') {
      e.preventDefault();
      this.removeLine(id, control);
    } else if (e.key === 'Enter' && TEXT_CONTROLS.has(control)) {
      this.commitText(id, control, (e.target as HTMLInputElement).value);
    }
  }

  private move(id: string, direction: 'up' | 'down', control: string): void {
    const row = this.view?.sections.flatMap((s) => s.rows).find((r) => r.line.id === id);
    const to = direction === 'up' ? row?.up : row?.down;
    if (to === undefined) return;
    this.focusAfter({ id, control });
    this.cpq!.api.moveLine(id, to);
    // Focus stays put, so say where the line went.
    this.announcement = this.say(direction === 'up' ? 'movedUp' : 'movedDown', this.who(id));
  }

  private removeLine(id: string, control: string): void {
    const order = this.view?.order ?? [];
    const at = order.indexOf(id);
    const next = order[at + 1] ?? order[at - 1];
    this.focusAfter(next ? { id: next, control } : 'caption');
    if (this.draft?.id === id) this.draft = null;
    this.announcement = this.say('removed', this.who(id));
    this.cpq!.api.removeLine(id);
  }

  override render() {
    const s = this.cpq;
    if (!s) return nothing;
    const t = strings[uiLocale(s.locale)];
    if (!s.catalog) return html`<p>${common[uiLocale(s.locale)].noCatalog}</p>`;
    const c = rowContext(s, t, this.shared.epoch, this.shared.approvals, this.draft);
    const view = this.view!;
    return html`
      <div class="scroll">
        <p id="keys" class="sr-only">${t.keys}</p>
        <table part="table" aria-describedby="keys" @change=${this.handleChange} @input=${this.handleInput} @keydown=${this.handleKeydown} @click=${this.handleClick} @focusout=${this.handleFocusOut}>
          <caption part="caption" tabindex="-1">${t.caption}</caption>
          ${head(c)}
          ${view.sections.length === 0
            ? html`<tbody><tr><td class="empty" colspan=${c.cols}>${t.empty}</td></tr></tbody>`
            : repeat(view.sections, (sec) => sec.key, (sec) => sectionBody(c, sec, view.grouped))}
        </table>
      </div>
      <div class="sr-only" role="status" aria-live="polite">${this.announcement}</div>
    `;
  }
}
