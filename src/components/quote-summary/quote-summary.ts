import { consume } from '@lit/context';
import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { sameData } from '../../core/object.js';
import type { PricedQuote } from '../../types.js';
import { cpqContext, type CpqState } from '../context.js';
import { money } from '../format.js';
import { common, text, uiLocale, type Strings } from '../i18n.js';
import styles from './quote-summary.styles.js';
import { approvalsSection, heading, issuesSection, totalsList, waterfallBody, type SectionContext } from './summary-sections.js';

type Key =
  | 'summary' | 'list' | 'discount' | 'discountValue' | 'net' | 'taxDetail' | 'taxTotal' | 'total' | 'totalInclusive' | 'taxIncluded'
  | 'cost' | 'margin' | 'marginPercent' | 'costedMargin' | 'costedValue' | 'uncosted' | 'listSep' | 'approvals' | 'approvalsPending' | 'approvalsDone' | 'approvedBy' | 'pending' | 'level' | 'review' | 'issues' | 'errors' | 'warnings' | 'error' | 'warning'
  | 'notOrderable' | 'quoteDiscount' | 'quoteDiscountHint' | 'quoteDiscountInvalid' | 'quoteDiscountAmount'
  | 'quoteDiscountKind' | 'quoteDiscountOff' | 'quoteDiscountAmountInvalid' | 'kindPercent' | 'kindAmount'
  | 'why' | 'chooseLine' | 'choose' | 'steps' | 'noLine' | 'adjustments';

const strings: Strings<Key> = {
  'zh-CN': {
    summary: '报价汇总', list: '目录价合计', discount: '折扣', discountValue: '{amount}（{percent}）', net: '净额（不含税）',
    taxDetail: '税率 {rate}，计税基础 {base}', taxTotal: '税额合计', total: '总计', totalInclusive: '总计（含税）', taxIncluded: '价格含税',
    cost: '成本', margin: '毛利', marginPercent: '毛利率', costedMargin: '毛利（有成本的行）', costedValue: '{amount}（{percent}）',
    uncosted: '未计入（无成本）：{lines}', listSep: '、', approvalsPending: '审批中', approvalsDone: '审批已通过', approvedBy: '（{by} 已批准）', pending: '（待批）', approvals: '需要审批', level: '{level}：', review: '报价需经销售确认',
    issues: '问题', errors: '错误', warnings: '提示', error: '错误：', warning: '提示：', notOrderable: '报价尚不能下单',
    quoteDiscount: '整单折扣（%）', quoteDiscountHint: '留空即取消整单折扣', quoteDiscountInvalid: '请输入 0 到 100 之间的数字',
    quoteDiscountAmount: '当前整单折扣：减 {amount}', quoteDiscountKind: '整单折扣方式', quoteDiscountOff: '整单折扣（减额）',
    quoteDiscountAmountInvalid: '请输入不小于 0 的金额', kindPercent: '百分比', kindAmount: '金额', why: '为什么是这个价格', chooseLine: '选择报价行', choose: '请选择…',
    steps: '{line} 的价格计算', noLine: '报价中没有行 {id}', adjustments: '整单调整',
  },
  en: {
    summary: 'Quote summary', list: 'List total', discount: 'Discount', discountValue: '{amount} ({percent})', net: 'Net (before tax)',
    taxDetail: 'rate {rate} on {base}', taxTotal: 'Total tax', total: 'Total', totalInclusive: 'Total (tax included)', taxIncluded: 'Prices include tax',
    cost: 'Cost', margin: 'Margin', marginPercent: 'Margin %', costedMargin: 'Margin (lines with a cost)', costedValue: '{amount} ({percent})',
    uncosted: 'Not counted (no cost): {lines}', listSep: ', ', approvalsPending: 'In approval', approvalsDone: 'Approved', approvedBy: '(approved by {by})', pending: '(pending)', approvals: 'Approvals needed', level: '{level}:', review: 'The seller will review this quote',
    issues: 'Issues', errors: 'Errors', warnings: 'Warnings', error: 'Error: ', warning: 'Warning: ', notOrderable: 'This quote cannot be ordered yet',
    quoteDiscount: 'Quote discount (%)', quoteDiscountHint: 'Leave empty for no quote discount', quoteDiscountInvalid: 'Enter a number from 0 to 100',
    quoteDiscountAmount: 'Current quote discount: {amount} off', quoteDiscountKind: 'Quote discount as', quoteDiscountOff: 'Quote discount (amount off)',
    quoteDiscountAmountInvalid: 'Enter an amount of 0 or more', kindPercent: 'percent', kindAmount: 'amount', why: 'Why this price', chooseLine: 'Choose a line', choose: 'Choose…',
    steps: 'How {line} is priced', noLine: 'No line {id} in the quote', adjustments: 'Quote adjustments',
  },
};

/** A typed percent: full-width digits and a trailing `%` are fine; '' clears; undefined when invalid. */
export function parsePercent(raw: string): string | '' | undefined {
  const v = raw.normalize('NFKC').trim().replace(/\s*%$/, '');
  if (v === '') return '';
  if (!/^\d+(\.\d+)?$/.test(v)) return undefined;
  const [int = '', frac = ''] = v.split('.');
  const whole = int.replace(/^0+(?=\d)/, '');
  if (Number(whole) > 100 || (whole === '100' && /[1-9]/.test(frac))) return undefined;
  const f = frac.replace(/0+$/, '');
  return f ? `${whole}.${f}` : whole;
}

/** A typed quote discount amount as a decimal string ('' for empty), or undefined when it is not one (full-width digits and group separators read). */
export function parseAmount(raw: string): string | '' | undefined {
  const v = raw.normalize('NFKC').trim().replace(/^[¥$€£]\s*/, '').replace(/,(?=\d{3}(\D|$))/g, '');
  if (v === '') return '';
  if (!/^\d{1,15}(\.\d{1,12})?$/.test(v)) return undefined;
  const [int = '', frac = ''] = v.split('.');
  const f = frac.replace(/0+$/, '');
  const whole = int.replace(/^0+(?=\d)/, '');
  return f ? `${whole}.${f}` : whole;
}

/**
 * Above this many priced lines the line chooser's options are rendered only while it is in use
 * (focused or pressed): at 10,000 lines, an edit that adds a line made Chromium lay out all
 * 10,000 options again (about 0.5 s of the option click and add product tasks, bench profile).
 */
const LAZY_CHOOSER = 500;

/**
 * How long typing in the quote discount field pauses before the typed value is priced ahead
 * (`api.anticipate`): a quote discount gives every line new figures — 10,000 of them in the worker —
 * and a value priced ahead is shown at once when Enter commits it. The line editor's discount
 * preview waits as long.
 */
const ANTICIPATE_DELAY = 120;

/**
 * The quote's totals: list, discount, net, tax per rate and total; in sales mode also cost,
 * margin, the approvals the quote needs and a quote-level discount field. "Why this price" shows
 * any line's price waterfall and the quote-level adjustments. Errors and warnings are listed
 * under their own headings. In self-service mode no internal figure reaches the DOM.
 *
 * @summary Totals, taxes, approvals, issues and "why this price" for the quote.
 * @csspart totals - The `<dl>` of figures.
 * @csspart total - The quote total (after tax).
 * @csspart tax-mode - The note that prices include tax.
 * @csspart review - The self-service note that the seller will review the quote.
 * @csspart discount-input - The quote discount field (sales mode).
 * @csspart approvals - The list of approvals (sales mode).
 * @csspart issues - A list of issues (also `errors` or `warnings`).
 * @csspart not-orderable - The note that the quote cannot be ordered.
 * @csspart line-select - The "why this price" line `<select>`.
 * @csspart waterfall - The chosen line's steps (`<ol>`).
 * @csspart adjustments - The quote-level adjustments.
 * @cssproperty --cpq-color-text - Text.
 * @cssproperty --cpq-color-muted - Details, internal figures, hints.
 * @cssproperty --cpq-color-danger - Errors and the not-orderable note.
 * @cssproperty --cpq-color-warning - Warnings and approvals.
 * @cssproperty --cpq-color-accent - Focus rings.
 * @cssproperty --cpq-color-border - Rules and field borders.
 * @cssproperty --cpq-color-surface - Field background.
 * @cssproperty --cpq-radius - Corner radius of fields.
 * @cssproperty --cpq-space-s - Small gaps.
 * @cssproperty --cpq-space-m - Column gaps.
 * @cssproperty --cpq-space-l - Gaps between sections.
 * @cssproperty --cpq-font-family - Font.
 * @cssproperty --cpq-font-size - Base font size.
 * @fires cpq-quote-change - (from the enclosing `<cpq-quote>`) after the quote discount is changed here.
 */
export class CpqQuoteSummary extends LitElement {
  static override styles = styles;

  /** The state shared by the enclosing `<cpq-quote>`. */
  @consume({ context: cpqContext, subscribe: true }) @state() protected cpq: CpqState | undefined;

  /** The id of the line whose price waterfall is shown ('' for none). */
  @property({ attribute: 'waterfall-line' }) waterfallLine = '';

  /** ARIA level of the section headings (the summary's own heading is one level higher). */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 3;

  /** What the user typed in the quote discount field while it is not valid. */
  @state() private discountDraft: string | null = null;

  /** The quote discount's kind as chosen, before a value of that kind is committed. */
  @state() private discountKind: 'percent' | 'amount' | null = null;

  private kind(s: CpqState): 'percent' | 'amount' {
    const d = s.quote.discount;
    return this.discountKind ?? (d && 'amount' in d ? 'amount' : 'percent');
  }

  private handleKind(e: Event): void {
    const s = this.cpq;
    if (!s) return;
    const kind = (e.target as HTMLSelectElement).value === 'amount' ? 'amount' : 'percent';
    const d = s.quote.discount;
    // Choosing a kind prices nothing: the field takes that kind's value, typed next.
    this.discountKind = kind === (d && 'amount' in d ? 'amount' : 'percent') ? null : kind;
    this.discountDraft = null;
  }

  private handleLine(e: Event): void {
    this.waterfallLine = (e.target as HTMLSelectElement).value;
  }

  /** The pause before a typed quote discount is priced ahead (ms; tests set it). @internal */
  static anticipateDelay = ANTICIPATE_DELAY;

  private anticipateTimer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.anticipateTimer);
  }

  private handleDiscountInput(e: Event): void {
    const input = e.target as HTMLInputElement;
    clearTimeout(this.anticipateTimer);
    this.anticipateTimer = setTimeout(() => this.anticipateDiscount(input.value), CpqQuoteSummary.anticipateDelay);
  }

  /** Price ahead the quote with the typed discount (a valid value that changes it), for the commit to come. */
  private anticipateDiscount(raw: string): void {
    const s = this.cpq;
    if (!s || s.readonly || s.mode !== 'sales') return;
    const kind = this.kind(s);
    const value = kind === 'percent' ? parsePercent(raw) : parseAmount(raw);
    if (value === undefined) return;
    const discount = value === '' ? undefined : kind === 'percent' ? { percent: value } : { amount: value };
    if (sameData(discount, s.quote.discount)) return;
    const { discount: _old, ...rest } = s.quote;
    void s.api.anticipate(discount ? { ...rest, discount } : rest);
  }

  private handleDiscountKey(e: KeyboardEvent): void {
    if (e.key === 'Enter') this.commitDiscount(e.target as HTMLInputElement);
  }

  private handleDiscountChange(e: Event): void {
    this.commitDiscount(e.target as HTMLInputElement);
  }

  private commitDiscount(input: HTMLInputElement): void {
    clearTimeout(this.anticipateTimer);
    const s = this.cpq;
    if (!s || s.readonly || s.mode !== 'sales') return;
    const kind = this.kind(s);
    const value = kind === 'percent' ? parsePercent(input.value) : parseAmount(input.value);
    if (value === undefined) {
      this.discountDraft = input.value;
      return;
    }
    this.discountDraft = null;
    const current = s.quote.discount;
    const same = current && kind in current ? (kind === 'percent' ? parsePercent : parseAmount)(String((current as Record<string, unknown>)[kind])) : undefined;
    if (value === '') {
      // Emptied: no quote discount (a kind just chosen and left empty changes nothing).
      if (same !== undefined) s.api.setQuoteDiscount(undefined);
    } else if (same !== value) {
      this.discountKind = null;
      s.api.setQuoteDiscount(kind === 'percent' ? { percent: value } : { amount: value });
    }
    input.value = value;
  }

  /** Show the price waterfall of a line (a top-level or an option line id). */
  showWaterfall(lineId: string): void {
    this.waterfallLine = lineId;
  }

  private renderDiscount(s: CpqState, priced: PricedQuote, t: (k: Key, p?: Record<string, string>) => string) {
    const d = s.quote.discount;
    const kind = this.kind(s);
    const value = d && kind in d ? String((d as Record<string, unknown>)[kind]) : '';
    // A kind switched from an amount discount: say what the quote has now.
    const amountNote = kind === 'percent' && d && 'amount' in d ? t('quoteDiscountAmount', { amount: money(String(d.amount), priced.currency, s.locale) }) : '';
    const invalid = this.discountDraft !== null;
    return html`<div class="field">
      <label for="qd">${t(kind === 'percent' ? 'quoteDiscount' : 'quoteDiscountOff')}</label>
      <span class="with-kind">
      <input id="qd" part="discount-input" type="text" inputmode="decimal" autocomplete="off" .value=${invalid ? this.discountDraft! : value}
        ?disabled=${s.readonly} aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${invalid ? 'qd-hint qd-error' : 'qd-hint'}
        @input=${this.handleDiscountInput} @change=${this.handleDiscountChange} @keydown=${this.handleDiscountKey} />
      <select id="qd-kind" part="discount-kind" aria-label=${t('quoteDiscountKind')} ?disabled=${s.readonly} @change=${this.handleKind}>
        <option value="percent" ?selected=${kind === 'percent'}>${t('kindPercent')}</option>
        <option value="amount" ?selected=${kind === 'amount'}>${t('kindAmount')} (${priced.currency})</option>
      </select></span>
      <span class="hint" id="qd-hint">${amountNote ? `${amountNote}${uiLocale(s.locale) === 'zh-CN' ? '。' : '. '}` : ''}${t('quoteDiscountHint')}</span>
      ${invalid ? html`<span class="invalid" id="qd-error">${t(kind === 'percent' ? 'quoteDiscountInvalid' : 'quoteDiscountAmountInvalid')}</span>` : nothing}
    </div>`;
  }

  private choices: { lines: readonly PricedQuote['lines'][number][]; key: string } | undefined;
  /** The line chooser has focus (or a pointer on it): a long quote's options are rendered only then. */
  @state() private choosing = false;

  /**
   * What the line chooser lists (ids, names, nesting), as one text: its options are rendered again
   * only when that changes — not for new figures, which a 10,000-line quote gets on every edit.
   */
  private lineChoices(priced: PricedQuote): string {
    if (this.choices?.lines === priced.lines) return this.choices.key;
    let key = '';
    for (const l of priced.lines) key += `${l.id}\u0001${l.parentId ?? ''}\u0001${l.name}\u0002`;
    this.choices = { lines: priced.lines, key };
    return key;
  }

  private openChooser(): void {
    this.choosing = true;
  }

  private closeChooser(): void {
    this.choosing = false;
  }

  /** A long quote's chooser while not in use: the chosen line's option alone (Chromium lays out every option of a <select> when one is added). */
  private chosenOnly(priced: PricedQuote) {
    const line = this.waterfallLine ? priced.lines.find((l) => l.id === this.waterfallLine) : undefined;
    return line ? html`<option value=${line.id} selected>${line.id} ${line.name}</option>` : nothing;
  }

  private renderWhy(ctx: SectionContext) {
    const { priced, t, level } = ctx;
    return html`<section aria-labelledby="why-h">
      ${heading(level, t('why'), 'why-h')}
      <div class="field">
        <label for="line">${t('chooseLine')}</label>
        <select id="line" part="line-select" @change=${this.handleLine} @focus=${this.openChooser} @pointerdown=${this.openChooser} @blur=${this.closeChooser}>
          <option value="" ?selected=${!this.waterfallLine}>${t('choose')}</option>
          ${priced.lines.length > LAZY_CHOOSER && !this.choosing ? this.chosenOnly(priced) : guard([this.lineChoices(priced), this.waterfallLine], () => {
            const byId = new Map(priced.lines.map((l) => [l.id, l]));
            const depth = (id: string | null): number => (id && byId.get(id) ? 1 + depth(byId.get(id)!.parentId) : 0);
            // Keyed by line id: a line added or removed moves no other option's text (10,000 DOM writes at 10,000 lines).
            return repeat(priced.lines, (l) => l.id, (l) => html`<option value=${l.id} ?selected=${l.id === this.waterfallLine}>${'\u2003'.repeat(depth(l.parentId))}${l.id} ${l.name}</option>`);
          })}
        </select>
      </div>
      ${waterfallBody(ctx, this.waterfallLine)}
    </section>`;
  }

  override render() {
    const s = this.cpq;
    const priced = s?.priced;
    if (!s || !priced) return html`<p>${text(common, s?.locale, 'noCatalog')}</p>`;
    const t = (key: Key, params?: Record<string, string | number>) => text(strings, s.locale, key, params);
    const ctx: SectionContext = { priced, locale: s.locale, t: t as SectionContext['t'], level: this.headingLevel };
    const sales = s.mode === 'sales';
    const review = !sales && (priced as PricedQuote & { reviewRequired?: boolean }).reviewRequired === true;
    return html`
      <section aria-labelledby="summary-h" aria-busy=${s.updating ? 'true' : 'false'}>
        ${heading(this.headingLevel - 1 || 1, t('summary'), 'summary-h')}
        ${totalsList(ctx, sales)}
        ${sales ? this.renderDiscount(s, priced, t) : nothing}
        ${review ? html`<p part="review">${t('review')}</p>` : nothing}
      </section>
      ${sales ? approvalsSection(ctx, s.lifecycle.approvals) : nothing}
      ${issuesSection(ctx)}
      ${this.renderWhy(ctx)}
    `;
  }
}
