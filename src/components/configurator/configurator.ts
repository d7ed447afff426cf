import { consume } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { ConfigMessage, ConfigState, FeatureState, OptionState, SelectedOption } from '../../types.js';
import { afterPaint, background } from '../background.js';
import { cpqContext, type CpqState } from '../context.js';
import { money } from '../format.js';
import { common, text, uiLocale, type Strings } from '../i18n.js';
import styles from './configurator.styles.js';
import { effectsOf, noneCandidate, optionCandidate, priceSome } from './effects.js';
import { buildView, choose, editLevel, featureAt, keyOf, userOptions, withQty, type View } from './selection.js';

type Key = 'effects' | 'effectsOptional' | 'effectsLine' | 'hint' | 'line' | 'qty' | 'term' | 'month' | 'year' | 'day' | 'choose' | 'exactly' | 'range' | 'upTo' | 'none' | 'required' | 'auto' | 'optionQty' | 'total' | 'incl' | 'excl';

const strings: Strings<Key> = {
  'zh-CN': {
    effects: '未选选项旁的金额：选择它后报价合计的变化。', effectsOptional: '未选选项旁的金额：选择它后本行合计的变化。', effectsLine: '未选选项旁的金额：选择它后本行合计的变化（报价行数较多，按本行单独计价）。',
    hint: '选择一个可配置的报价行', line: '第 {n} 行', qty: '数量', term: '期限（{unit}）', month: '月', year: '年', day: '天', choose: '请选择…',
    exactly: '选 {n} 项', range: '选 {min}–{max} 项', upTo: '可选，最多 {max} 项', none: '不选', required: '必选', auto: '已自动选择：{reason}',
    optionQty: '{name}的数量', total: '本行合计（{basis}）', incl: '含税', excl: '不含税',
  },
  en: {
    effects: 'Beside an option not chosen: how the quote total would change if you chose it.', effectsOptional: 'Beside an option not chosen: how this line’s total would change if you chose it.', effectsLine: 'Beside an option not chosen: how this line’s total would change if you chose it (a quote this long is priced line by line here).',
    hint: 'Choose a configurable line', line: 'line {n}', qty: 'Quantity', term: 'Term ({unit})', month: 'months', year: 'years', day: 'days', choose: 'Choose…',
    exactly: 'choose {n}', range: 'choose {min}–{max}', upTo: 'optional, up to {max}', none: 'None', required: 'Required', auto: 'Selected automatically: {reason}',
    optionQty: 'Quantity of {name}', total: 'Line total ({basis})', incl: 'incl. tax', excl: 'excl. tax',
  },
};

const views = new WeakMap<CpqState, Map<string, View>>();
const NO_EFFECTS = new Map<string, string | null>();
/** Time a task may spend pricing price effects before it yields (ms). */
const SLICE_MS = 8;

/** The view of `lineId` in state `s`, shared by every element showing it. */
function viewOf(s: CpqState, lineId: string, config: ConfigState): View {
  let cache = views.get(s);
  if (!cache) views.set(s, (cache = new Map()));
  let view = cache.get(lineId);
  if (!view) cache.set(lineId, (view = { ...buildView(s.quote, s.priced, s.catalog, lineId, config, s.api.sum), effects: effectsOf(s.quote, lineId, config) }));
  return view;
}

/** Per-render values the option templates share. */
interface Ctx { t: Record<Key, string>; locale: string; currency: string; ro: boolean; view: View; effects: ReadonlyMap<string, string | null>; stale: ReadonlyMap<string, string | null> }

const idOf = (prefix: string, key: string) => `${prefix}-${encodeURIComponent(key)}`;

/**
 * Configures one quote line whose product is a bundle: quantity, term, attributes, and each
 * feature's options (radio group when one may be chosen, checkboxes otherwise), nested bundles
 * indented under their option, rule reasons beside unavailable and auto-selected options,
 * errors and warnings, and the price effect of every option. Every change goes through the
 * enclosing `<cpq-quote>` (`api.configureLine`); the engine adds required and rule-selected options.
 *
 * Keyboard: native controls in document order (Tab between groups, arrow keys inside a radio group).
 *
 * @summary Configure a bundle line: features, options, quantities, attributes, rule feedback.
 * @csspart base - The wrapper of everything shown for a line.
 * @csspart hint - The hint shown when there is no configurable line.
 * @csspart title - The product name and line id.
 * @csspart messages - Configuration errors (an alert) and warnings at the top.
 * @csspart fields - Quantity, term and attribute fields.
 * @csspart feature - A feature's `<fieldset>`.
 * @csspart option - One option row.
 * @csspart price - An option's amount (selected), or its price effect (not selected): how the quote total (an optional line's own total) would change if it were chosen, signed.
 * @csspart effects-note - The sentence saying what the signed figures beside options not chosen are.
 * @csspart stepper - An option's quantity field.
 * @csspart nested - The features of a selected option that is itself a bundle.
 * @csspart total - The line total with its options.
 * @cssproperty --cpq-color-accent - Focus rings and choice controls.
 * @cssproperty --cpq-color-text - Text.
 * @cssproperty --cpq-color-muted - Hints, SKUs, prices of options not chosen.
 * @cssproperty --cpq-color-danger - Errors.
 * @cssproperty --cpq-color-warning - Warnings and reasons an option is unavailable.
 * @cssproperty --cpq-color-border - Fieldset, field and nesting rules.
 * @cssproperty --cpq-color-surface - Field background.
 * @cssproperty --cpq-radius - Corner radius.
 * @cssproperty --cpq-space-s - Small gaps.
 * @cssproperty --cpq-space-m - Fieldset padding, gaps between fields.
 * @cssproperty --cpq-font-family - Font.
 * @cssproperty --cpq-font-size - Base font size.
 * @fires cpq-quote-change - (from the enclosing `<cpq-quote>`) after every change made here.
 */
export class CpqConfigurator extends LitElement {
  static override styles = styles;

  /** The state shared by the enclosing `<cpq-quote>`. */
  @consume({ context: cpqContext, subscribe: true }) @state() protected cpq: CpqState | undefined;

  /** The quote line to configure; default the state's active line. */
  @property({ attribute: 'line-id' }) lineId: string | undefined;

  private view: View | undefined;
  /** The price effects of the last view of the same line, shown (dimmed) until this one's are priced. */
  private stale: ReadonlyMap<string, string | null> = NO_EFFECTS;
  /** Top-level features (by index) in view: only their options' price effects are priced. */
  private readonly inView = new Set<number>();
  private observer: IntersectionObserver | undefined;
  private watched: HTMLElement[] = [];
  /** Cancels the what-if slice scheduled next (background.ts). */
  private cancelSlice: (() => void) | undefined;
  /** The what-ifs waited for the worker's pricing of the quote (schedulePricing). */
  private putOff = false;

  override willUpdate(changed: PropertyValues): void {
    if (!changed.has('cpq') && !changed.has('lineId')) return;
    const s = this.cpq;
    const id = this.lineId || s?.activeLineId || null;
    const config = s && id !== null ? s.configs[id] : undefined;
    const last = this.view;
    const view = (this.view = s && config && config.features.length > 0 ? viewOf(s, id!, config) : undefined);
    if (view === last) {
      // The worker's answer came: the what-ifs put off while it priced (schedulePricing).
      if (this.putOff && !s?.updating) this.schedulePricing();
      return;
    }
    this.stale = last && view && last.lineId === view.lineId && last.config.sku === view.config.sku ? last.effects.done : NO_EFFECTS;
    this.schedulePricing();
  }

  override updated(): void {
    // The features are rendered again on every change: watch the ones now in the shadow root.
    this.observer ??= new IntersectionObserver((entries) => {
      for (const e of entries) {
        const g = Number((e.target as HTMLElement).dataset.g);
        if (e.isIntersecting) this.inView.add(g);
        else this.inView.delete(g);
      }
      this.schedulePricing();
    });
    const now = [...this.renderRoot.querySelectorAll<HTMLElement>('fieldset[data-g]')];
    if (now.length === this.watched.length && now.every((el, i) => el === this.watched[i])) return;
    this.observer.disconnect();
    this.inView.clear();
    this.watched = now;
    for (const el of now) this.observer.observe(el);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    this.observer = undefined;
    this.watched = [];
    this.cancelSlice?.();
    this.cancelSlice = undefined;
  }

  /**
   * Price the effects of the options in view after the change has been painted, a slice per task:
   * the what-if pricing is the largest part of an update, and the total the user is waiting for
   * does not depend on it. While the pricing worker prices the quote (`updating`: a big quote),
   * not before its answer is shown: a what-if priced on this thread meanwhile would hold the
   * answer back (one takes 10–30 ms here when the page prices nothing else on this thread).
   */
  private schedulePricing(): void {
    this.cancelSlice?.();
    this.cancelSlice = undefined;
    const view = this.view;
    const s = this.cpq;
    this.putOff = false;
    if (!view || !s) return;
    if (s.updating) {
      this.putOff = true;
      return;
    }
    const slice = () => {
      if (this.view !== view) return;
      const before = view.effects.done.size;
      const done = priceSome(view.effects, [...this.inView].sort((a, b) => a - b), s.quote, view.lineId, view.config, s.api, performance.now() + SLICE_MS);
      if (view.effects.done.size !== before) this.requestUpdate();
      if (!done) this.cancelSlice = background(slice);
    };
    this.cancelSlice = afterPaint(slice);
  }

  private handleChange(e: Event): void {
    const el = e.target as HTMLInputElement | HTMLSelectElement;
    const s = this.cpq;
    const view = this.view;
    const { k, p = '', f = '', s: sku = '', a = '' } = el.dataset;
    if (!s || !view || s.readonly || !k) return;
    const { config } = view;
    const sel = config.selection;
    const raw = s.quote.lines.find((l) => l.id === view.lineId)?.options as SelectedOption[] | undefined;
    const options = userOptions(sel.options, config.features, raw);
    const path = p ? p.split('/') : [];
    const value = el.value.trim();
    const checked = (el as HTMLInputElement).checked;
    const feature = featureAt(config.features, path, f);
    if ((k === 'qty' || k === 'term' || k === 'oqty') && value === '') return this.requestUpdate(); // back to the state's value
    if (k === 'qty' || k === 'term') return s.api.configureLine(view.lineId, { ...sel, options, [k]: value });
    if (k === 'attr') return s.api.configureLine(view.lineId, { ...sel, options, attributes: { ...sel.attributes, [a]: value } });
    if (k === 'oqty') return s.api.configureLine(view.lineId, { ...sel, options: editLevel(options, path, (level) => withQty(level, sku, value)) });
    if (!feature) return;
    const radio = (el as HTMLInputElement).type === 'radio';
    const next = editLevel(options, path, (level) => choose(level, feature, k === 'none' ? null : sku, checked, radio));
    s.api.configureLine(view.lineId, { ...sel, options: next });
  }

  private legendHint(c: Ctx, f: FeatureState): string {
    if (f.min === f.max) return text(strings, c.locale, 'exactly', { n: f.max });
    if (f.min === 0) return text(strings, c.locale, 'upTo', { max: f.max });
    return text(strings, c.locale, 'range', { min: f.min, max: f.max });
  }

  private feature(c: Ctx, f: FeatureState, path: string, group?: number): TemplateResult {
    const bundle = path ? path.slice(path.lastIndexOf('/') + 1) : c.view.config.sku;
    const notes = c.view.byFeature.get(`${bundle}|${f.id}`);
    const noteId = notes ? idOf('f', keyOf(path, f.id)) : undefined;
    const radio = f.max === 1;
    const name = `g:${keyOf(path, f.id)}`;
    return html`<fieldset part="feature" aria-describedby=${ifDefined(noteId)} data-g=${ifDefined(group)}>
      <legend>${f.name} <span class="legend-hint">(${this.legendHint(c, f)})</span></legend>
      ${notes ? html`<div id=${noteId}>${notes.map((m) => this.message(c, m))}</div>` : nothing}
      ${f.options.map((o) => (o.hidden ? nothing : this.option(c, f, o, path, radio, name)))}
      ${radio && f.min === 0
        ? html`<div class="option" part="option"><label class="choice"><input type="radio" name=${name} data-k="none" data-p=${path} data-f=${f.id}
            .checked=${live(!f.options.some((o) => o.selected))} ?disabled=${c.ro}><span class="name">${c.t.none}</span>${this.effect(c, noneCandidate(keyOf(path, f.id)), false)}</label></div>`
        : nothing}
    </fieldset>`;
  }

  private option(c: Ctx, f: FeatureState, o: OptionState, path: string, radio: boolean, name: string): TemplateResult {
    const key = keyOf(path, o.sku);
    const reasonId = !o.available && o.reasons.length > 0 ? idOf('r', key) : undefined;
    const autoId = o.auto ? idOf('a', key) : undefined;
    const described = reasonId && autoId ? `${reasonId} ${autoId}` : (reasonId ?? autoId);
    const locked = !radio && o.selected && (o.required || o.auto !== undefined);
    const price = o.selected
      ? html`<span class="price" part="price">${o.included ? common[uiLocale(c.locale)].included : money(c.view.amounts.get(key), c.currency, c.locale)}</span>`
      : this.effect(c, optionCandidate(key), o.included);
    const max = o.qtyRange.max;
    // A bound compared with 1, not money: a number is exact enough here.
    const stepper = o.selected && max !== undefined && Number(max) > 1;
    return html`<div class="option ${o.selected ? 'selected' : ''} ${o.available ? '' : 'unavailable'}" part="option">
      <label class="choice"><input type=${radio ? 'radio' : 'checkbox'} name=${name} data-k="opt" data-p=${path} data-f=${f.id} data-s=${o.sku}
        .checked=${live(o.selected)} ?disabled=${c.ro || (!o.available && !o.selected) || locked} aria-describedby=${ifDefined(described)}>
        <span class="name">${o.name}</span>${o.required ? html`<span class="tag">${c.t.required}</span>` : nothing}
        ${price}</label>
      ${reasonId ? html`<p class="reason" id=${reasonId}>${o.reasons.map((r) => r.message).join(' · ')}</p>` : nothing}
      ${autoId ? html`<p class="note" id=${autoId}>${text(strings, c.locale, 'auto', { reason: o.auto!.map((r) => r.message).join(' · ') })}</p>` : nothing}
      ${stepper
        ? html`<label class="stepper" part="stepper"><span aria-hidden="true">${c.t.qty}</span><input type="number" inputmode="decimal" data-k="oqty" data-p=${path} data-s=${o.sku}
            aria-label=${text(strings, c.locale, 'optionQty', { name: o.name })} min=${ifDefined(o.qtyRange.min)} max=${max} step=${o.qtyRange.step ?? '1'}
            .value=${live(o.qty)} ?disabled=${c.ro}></label>`
        : nothing}
      ${o.features ? html`<div class="nested" part="nested">${o.features.map((nf) => this.feature(c, nf, key))}</div>` : nothing}
    </div>`;
  }

  /**
   * The price effect of choosing `candidate`, signed (−¥47,040.00, +¥12,740.00), from this state's
   * pricing, else (dimmed, until that is done) the last state's; an included option with no
   * effect says 已含.
   */
  private effect(c: Ctx, candidate: string, included: boolean): TemplateResult {
    const fresh = c.effects.get(candidate);
    const value = fresh ?? (fresh === undefined ? c.stale.get(candidate) : null);
    const stale = fresh === undefined && value != null;
    const zero = value != null && /^-?0*(\.0*)?$/.test(value);
    const shown = value == null ? (included ? common[uiLocale(c.locale)].included : '')
      : zero ? (included ? common[uiLocale(c.locale)].included : money('0', c.currency, c.locale))
      : value.startsWith('-') ? `\u2212${money(value.slice(1), c.currency, c.locale)}` : `+${money(value, c.currency, c.locale)}`;
    return html`<span class="price ${stale ? 'stale' : ''}" part="price" data-effect=${value ?? ''}>${shown}</span>`;
  }

  private message(c: Ctx, m: ConfigMessage): TemplateResult {
    const kind = common[uiLocale(c.locale)][m.severity === 'error' ? 'error' : 'warning'];
    return html`<p class="msg ${m.severity}"><span class="kind">${kind}</span>${m.message}</p>`;
  }

  private fields(c: Ctx): TemplateResult {
    const { config, product } = c.view;
    const q = product?.qty;
    const unit = product?.term?.unit;
    return html`<div class="fields" part="fields">
      <label class="field">${c.t.qty}<input type="number" inputmode="decimal" data-k="qty" min=${ifDefined(q?.min?.toString())} max=${ifDefined(q?.max?.toString())}
        step=${q?.step?.toString() ?? 'any'} .value=${live(config.qty)} ?disabled=${c.ro}></label>
      ${config.term !== undefined && unit
        ? html`<label class="field">${text(strings, c.locale, 'term', { unit: c.t[unit] })}<input type="number" inputmode="decimal" data-k="term"
            min=${ifDefined(product?.term?.min?.toString())} max=${ifDefined(product?.term?.max?.toString())} step="1" .value=${live(config.term)} ?disabled=${c.ro}></label>`
        : nothing}
      ${config.attributes.map((a) => html`<label class="field">${a.name}<select data-k="attr" data-a=${a.id} ?required=${a.required} ?disabled=${c.ro}>
        ${a.value === null ? html`<option value="" disabled .selected=${live(true)}>${c.t.choose}</option>` : nothing}
        ${a.values.map((v) => html`<option value=${v.id} .selected=${live(v.id === a.value)}>${v.name}${v.priceDelta && !/^-?0*\.?0*$/.test(v.priceDelta)
          ? ` (${v.priceDelta.startsWith('-') ? '' : '+'}${money(v.priceDelta, c.currency, c.locale)})` : ''}</option>`)}
      </select></label>`)}
    </div>`;
  }

  override render() {
    const s = this.cpq;
    const view = this.view;
    const t = strings[uiLocale(s?.locale)];
    if (!s || !view) return html`<p class="hint" part="hint">${t.hint}</p>`;
    const c: Ctx = { t, locale: s.locale, currency: s.priced?.currency ?? s.catalog?.currency ?? 'CNY', ro: s.readonly, view, effects: view.effects.done, stale: this.stale };
    const { config } = view;
    const errors = view.top.filter((m) => m.severity === 'error');
    const warnings = view.top.filter((m) => m.severity !== 'error');
    const basis = s.priced?.taxMode === 'inclusive' ? t.incl : t.excl;
    return html`<div part="base" @change=${this.handleChange}>
      <p class="title" part="title"><span class="name">${config.name}</span> <span class="muted">${text(strings, s.locale, 'line', { n: s.quote.lines.findIndex((l) => l.id === view.lineId) + 1 })} · <span class="sku">${config.sku}</span></span></p>
      <div part="messages">
        ${errors.length > 0 ? html`<div role="alert" class="messages">${errors.map((m) => this.message(c, m))}</div>` : nothing}
        ${warnings.length > 0 ? html`<div class="messages">${warnings.map((m) => this.message(c, m))}</div>` : nothing}
      </div>
      ${this.fields(c)}
      <p class="effects-note" part="effects-note">${view.effects.scope === 'line' ? t.effectsLine : s.quote.lines.find((l) => l.id === view.lineId)?.optional === true ? t.effectsOptional : t.effects}</p>
      ${config.features.map((f, i) => this.feature(c, f, '', i))}
      ${view.total !== undefined ? html`<p class="total" part="total"><span>${text(strings, s.locale, 'total', { basis })}</span><span>${money(view.total, c.currency, c.locale)}</span></p>` : nothing}
    </div>`;
  }
}
