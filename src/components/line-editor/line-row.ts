import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { categoryName, levelName } from '../../catalog/names.js';
import { localize } from '../../core/text.js';
import type { Approval, Catalog, Issue, Product, QuoteLine } from '../../types.js';
import type { CpqState } from '../context.js';
import { decimal, money } from '../format.js';
import { common, uiLocale } from '../i18n.js';
import type { LineEditorText } from './line-editor.js';
import type { ColumnId } from './columns.js';
import { effectiveDiscount, listPrice, margin, type FigureContext } from './figures.js';
import { figuresFor } from './figures.strings.js';
import { discountKindOf, discountValueOf, percentOf, productsBySku, rowRenders, type ChildRow, type DiscountKind, type DiscountWarning, type LineRow, type Section } from './line-rows.js';
import { TEXT_LIMITS } from '../../pricing/text-limits.js';
import { textRow } from './text-row.js';
import { changesOf, contractNote, isChange, isRampSection, lockedRow, rampRow } from './contract-row.js';
import { contractFor } from './contract.strings.js';
import type { Sum } from '../configurator/selection.js';

/**
 * Row templates of `<cpq-line-editor>`: plain functions of one render's context and one row.
 * They allocate no event listeners (the table delegates events by `data-id` / `data-control`),
 * so a 1,000-line quote re-renders as value comparisons only.
 */

/** What every row of one render shares. */
export interface RowContext {
  /** Replaced when anything every row shows changes (locale, mode, read-only, catalog, currency). */
  epoch: object;
  t: LineEditorText;
  locale: string;
  currency: string;
  sales: boolean;
  readonly: boolean;
  /** The columns shown after the product column, in order. */
  columns: readonly ColumnId[];
  /** Each shown column, for `has()`. */
  shown: ReadonlySet<ColumnId>;
  cols: number;
  activeLineId: string | null;
  products: Map<string, Product>;
  /** Quote-level approvals a line discount can trip (sales mode), shown on lines with a discount. */
  quoteApprovals: readonly Approval[];
  /** While the seller types a discount: the line and what the typed discount would set off. */
  draft: { id: string; warnings: DiscountWarning[] } | null;
  /** The lines chosen for a bulk change (sales mode). */
  selected: ReadonlySet<string>;
  /** A discount kind chosen for a line but not committed yet (no value typed in it). */
  kinds: ReadonlyMap<string, DiscountKind>;
  ruleName(id: string): string;
  /** A category's and an approval level's display names (codes only where the catalog names nothing). */
  category(code: string): string;
  level(code: string): string;
  /** What the list price, effective discount and margin cells need. */
  fig: FigureContext;
  /** The quote is an amendment (its change lines are tagged, its locked lines take a new quantity). */
  amendment: boolean;
  /** An amendment's change lines by the subscription they change. */
  changes: ReadonlyMap<string, QuoteLine>;
  /** Exact addition of decimal strings (`CpqApi.sum`; undefined before the core has loaded). */
  sum: Sum;
}

const QTY_CODES = new Set(['invalid-quantity', 'qty-out-of-range']);

/** The catalog when it is valid (an invalid one is reported by `<cpq-quote>`; lines then show without prices). */
export const usable = (s: CpqState): Catalog | undefined => (s.catalogErrors.length === 0 ? s.catalog : undefined);

/** The context of one render. `epoch` and `quoteApprovals` keep their identity while unchanged. */
export function rowContext(s: CpqState, t: LineEditorText, epoch: object, quoteApprovals: readonly Approval[], draft: RowContext['draft'], columns: readonly ColumnId[],
  selected: ReadonlySet<string> = new Set(), kinds: ReadonlyMap<string, DiscountKind> = new Map()): RowContext {
  const sales = s.mode === 'sales';
  const catalog = usable(s);
  const rules = new Map((catalog?.priceRules ?? []).map((r) => [r.id, r.name]));
  return {
    epoch, t, locale: s.locale, currency: s.priced?.currency ?? catalog?.currency ?? 'CNY', sales, readonly: s.readonly,
    columns, shown: new Set(columns), cols: 1 + columns.length, activeLineId: s.activeLineId, products: productsBySku(catalog), quoteApprovals, draft: sales ? draft : null, selected, kinds,
    ruleName: (id) => {
      const name = rules.get(id);
      return name ? `${localize(name, s.locale, catalog?.locale)} (${id})` : id;
    },
    category: (code) => categoryName(s.catalog, code, s.locale),
    level: (code) => levelName(s.catalog, code, s.locale),
    fig: { t: figuresFor(t), locale: s.locale, currency: s.priced?.currency ?? catalog?.currency ?? 'CNY', catalog, book: s.quote.priceBook },
    amendment: s.quote.kind === 'amendment',
    changes: s.quote.kind === 'amendment' ? changesOf(s.quote.lines) : new Map(),
    sum: s.api.sum,
  };
}

/** The header text of each column. */
export const columnLabel = (t: LineEditorText, id: ColumnId): string =>
  ({ qty: t.qty, term: t.term, list: t.listPrice, discount: t.discount, net: t.net, margin: figuresFor(t).margin, optional: t.optional, group: t.group, actions: t.actions })[id];

const NUMERIC = new Set<ColumnId>(['list', 'net', 'margin']);

/** Column widths (from the stylesheet, by class) and headers: the product, then the shown columns. */
export function head(c: RowContext) {
  const { t } = c;
  return html`<colgroup><col class="c-product">${c.columns.map((id) => html`<col class="c-${id}">`)}</colgroup>
    <thead><tr>
      <th scope="col" class="c-product">${t.product}</th>${c.columns.map((id) => html`<th scope="col" class="c-${id}${NUMERIC.has(id) ? ' num' : ''}">${columnLabel(t, id)}</th>`)}
    </tr></thead>`;
}

/**
 * One group (or the ungrouped lines) as a `<tbody>`, headed when the quote has groups. With
 * virtual rows, `rows` are the section's rendered rows and `headed` whether its heading is among them.
 */
export function sectionBody(c: RowContext, section: Section, grouped: boolean, rows: readonly LineRow[] = section.rows, headed = true) {
  // A ramp deal's segments show as one row with its schedule (contract-row.ts).
  if (isRampSection(section)) return html`<tbody>${headed || rows.length > 0 ? rampRow(c, section, `h:${section.key}`) : nothing}${rows.map((r) => messagesRow(c, `h:${section.key}`, r.line.id, r.line.id, r.issues, [], false))}</tbody>`;
  const heading = !headed ? undefined : section.group === undefined ? (grouped ? c.t.ungrouped : undefined) : c.t.groupHeading.replace('{group}', section.group);
  return html`<tbody>
    ${heading !== undefined ? html`<tr class="group" part="group" data-unit=${`h:${section.key}`}><th scope="rowgroup" colspan=${c.cols}>${heading}</th></tr>` : nothing}
    ${repeat(rows, (r) => r.line.id, (r) => guardedRow(c, r))}
  </tbody>`;
}

/** The id of a row's message list (`aria-describedby` of its inputs). Line ids may hold any character. */
export const messagesId = (lineId: string) => `m-${encodeURIComponent(lineId)}`;

function amount(c: RowContext, value: string | undefined) {
  return value === undefined ? '' : money(value, c.currency, c.locale);
}

function issueItem(c: RowContext, issue: Issue, who: string) {
  const conflict = c.sales && !c.readonly && issue.code === 'price-rule-conflict' && issue.ruleIds && issue.ruleIds.length > 0;
  return html`<li class=${issue.severity}>
    <span class="tag">${common[uiLocale(c.locale)][issue.severity === 'error' ? 'error' : 'warning']}</span> ${issue.message}
    ${conflict
      ? html`<label class="rule"><span aria-hidden="true">${c.t.chooseRule}</span>
          <select data-id=${issue.lineId ?? ''} data-control="rule" aria-label="${c.t.chooseRule} ${who}">
            <option value="">${c.t.chooseRulePlaceholder}</option>
            ${issue.ruleIds!.map((r) => html`<option value=${r}>${c.ruleName(r)}</option>`)}
          </select></label>`
      : nothing}
  </li>`;
}

function warningItem(c: RowContext, w: DiscountWarning, draft: boolean) {
  const tag = w.kind === 'approval' ? c.t.approval.replace('{level}', w.level ? c.level(w.level) : '') : c.t.floor;
  return html`<li class="${w.kind}${draft ? ' draft' : ''}"><span class="tag">${tag}</span> ${w.message}</li>`;
}

/** The message row under a line: its issues, and in sales mode the approvals its discount sets off. */
export function messagesRow(c: RowContext, unit: string, lineId: string, who: string, issues: readonly Issue[], warnings: readonly DiscountWarning[], draft: boolean) {
  if (issues.length === 0 && warnings.length === 0) return nothing;
  // An approval for a price under the floor repeats the below-floor issue word for word.
  const shown = new Set(warnings.map((w) => w.message));
  const list = draft ? issues.filter((i) => i.code !== 'below-floor') : issues.filter((i) => !shown.has(i.message));
  return html`<tr class="messages" part="messages" data-for=${lineId} data-unit=${unit}><td colspan=${c.cols}>
    <ul class="msgs" id=${messagesId(lineId)}>
      ${list.map((i) => issueItem(c, i, who))}${warnings.map((w) => warningItem(c, w, draft))}
    </ul></td></tr>`;
}

const asWarning = (a: Approval): DiscountWarning => ({ kind: 'approval', level: a.level, message: a.message });

/** The discount as the seller states it: a percent, an amount off per unit or a net unit price, then its value. */
function discountCell(c: RowContext, row: LineRow, who: string, described: string | typeof nothing) {
  const d = row.line.discount;
  const id = row.line.id;
  const kind = c.kinds.get(id) ?? discountKindOf(d);
  const label = { percent: c.t.discountLabel, amount: c.t.amountLabel, unitPrice: c.t.unitPriceLabel }[kind];
  const eff = effectiveDiscount(c.fig, row.priced, percentOf(row.line));
  const ids = [described === nothing ? undefined : described, eff.id].filter(Boolean).join(' ') || nothing;
  return html`<td class="c-discount" data-label=${c.t.discount}><span class="with-unit">
      <select class="kind" data-id=${id} data-control="discount-kind" aria-label="${c.t.discountKind} ${who}" ?disabled=${c.readonly}>
        ${(['percent', 'amount', 'unitPrice'] as const).map((k) => html`<option value=${k} ?selected=${k === kind}>${c.t[`kind_${k}`]}</option>`)}
      </select><input type="text" inputmode="decimal" class="num" autocomplete="off"
      data-id=${id} data-control="discount" aria-label="${label} ${who}" aria-describedby=${ids}
      .value=${discountValueOf(d, kind)} ?disabled=${c.readonly}></span>${eff.note}</td>`;
}

function actions(c: RowContext, row: LineRow, who: string) {
  const id = row.line.id;
  // An amendment's change belongs right under its subscription and exists once: no clone, no move;
  // its configuration is the subscription's, not configured here.
  const change = isChange(row.line, c.amendment);
  const configurable = !change && (row.product?.features?.length ?? 0) > 0;
  return html`<td class="c-actions"><div class="actions">
    ${configurable ? html`<button type="button" data-id=${id} data-control="configure" aria-label="${c.t.configure} ${who}">${c.t.configure}</button>` : nothing}
    ${c.readonly ? nothing : html`${c.sales && !change ? html`<button type="button" data-id=${id} data-control="clone" aria-label="${c.t.clone} ${who}">${c.t.clone}</button>` : nothing}
      ${c.sales && !change && row.product?.term !== undefined && row.line.subscriptionId === undefined && row.line.locked !== true
        ? html`<button type="button" data-id=${id} data-control="make-ramp" aria-label="${contractFor(c.t).makeRamp} ${who}">${contractFor(c.t).makeRamp}</button>` : nothing}
      ${change ? nothing : html`<button type="button" data-id=${id} data-control="up" aria-label="${c.t.moveUp} ${who}" aria-disabled=${row.up === undefined ? 'true' : 'false'}>↑</button>
      <button type="button" data-id=${id} data-control="down" aria-label="${c.t.moveDown} ${who}" aria-disabled=${row.down === undefined ? 'true' : 'false'}>↓</button>`}
      <button type="button" class="remove" data-id=${id} data-control="remove" aria-label="${c.t.remove} ${who}">${c.t.remove}</button>`}
  </div></td>`;
}

/**
 * One top-level line, re-rendered only when something it shows changed: editing one line of a
 * 1,000-line quote renders that line (and lines whose amounts moved), not the other 999.
 * Untouched quote lines keep their identity (quote/edit.ts); empty issue lists are one shared array.
 */
export function guardedRow(c: RowContext, row: LineRow) {
  const { line, priced: p } = row;
  return guard(
    [c.epoch, line, row.product, p?.name, p?.qty, p?.term, p?.unit, p?.category, p?.listUnitPrice, p?.netAmount,
      p?.discountPercent, p?.cost, p?.marginPercent, p?.proration?.label, p?.proration?.start, c.fig.book,
      row.issues, row.approvals, row.children, row.up === undefined, row.down === undefined, c.activeLineId === line.id,
      line.locked && line.subscriptionId !== undefined ? c.changes.get(line.subscriptionId) : undefined,
      c.draft?.id === line.id ? c.draft : null, c.draft?.id === line.id ? c.quoteApprovals : null, c.selected.has(line.id), c.kinds.get(line.id)],
    () => (rowRenders.onRender?.(line.id), lineRow(c, row)),
  );
}

/** One top-level line: its editable row, its messages and its option lines. */
export function lineRow(c: RowContext, row: LineRow): TemplateResult {
  if (row.kind) return textRow(c, row);
  if (row.line.locked) return html`${lockedRow(c, row)}${messagesRow(c, `l:${row.line.id}`, row.line.id, row.line.id, row.issues, [], false)}`;
  const { line, priced, product } = row;
  const id = line.id;
  const name = priced?.name ?? line.sku;
  const who = `${id} ${name}`;
  const draft = c.draft?.id === id ? c.draft : null;
  // Quote-level approvals are said once, at the quote (the summary and the actions): a line shows
  // its own, and while its discount is typed, the quote-level ones it would newly set off.
  const standing = new Set(c.quoteApprovals.map((a) => a.message));
  const warnings = !c.sales ? [] : draft ? draft.warnings.filter((w) => !(w.kind === 'approval' && standing.has(w.message)))
    : row.approvals.map(asWarning);
  const described = row.issues.length > 0 || warnings.length > 0 ? messagesId(id) : nothing;
  const category = priced?.category ?? product?.category;
  const meta = [category === undefined ? undefined : c.category(category), priced?.unit].filter(Boolean).join(' · ');
  const term = product?.term;
  const cell = (col: ColumnId): TemplateResult | typeof nothing => {
    switch (col) {
      case 'qty': return html`<td class="c-qty" data-label=${c.t.qty}><input type="text" inputmode="decimal" class="num" autocomplete="off" data-id=${id} data-control="qty"
        aria-label="${c.t.qty} ${who}" aria-describedby=${described} aria-invalid=${row.issues.some((i) => QTY_CODES.has(i.code)) ? 'true' : 'false'}
        .value=${String(line.qty ?? priced?.qty ?? '')} ?disabled=${c.readonly}></td>`;
      // A line with a service period (a change, a product added to an amendment) is counted by its
      // period, which overrides the term: what pricing counted is shown, not a term field that does nothing.
      case 'term': return html`<td class="c-term" data-label=${term ? c.t.term : nothing}>${term && line.period ? html`<span class="counted">${priced?.proration?.label ?? ''}</span>` : term ? html`<span class="with-unit"><input type="text" inputmode="decimal" class="num" autocomplete="off" data-id=${id} data-control="term"
        aria-label="${c.t.term} ${who}" aria-describedby=${described} .value=${String(line.term ?? priced?.term ?? '')} ?disabled=${c.readonly}><span>${c.t[term.unit]}</span></span>` : nothing}</td>`;
      case 'list': return html`<td class="c-list num" data-label=${c.t.listPrice}>${listPrice(c.fig, priced, line.sku)}</td>`;
      case 'discount': return c.sales ? discountCell(c, row, who, described) : nothing;
      case 'net': return html`<td class="c-net num" data-label=${c.t.net}>${amount(c, priced?.netAmount)}${c.sales && !c.shown.has('margin') ? margin(c.fig, priced, true) : nothing}</td>`;
      case 'margin': return c.sales ? html`<td class="c-margin num" data-label=${c.fig.t.margin}>${margin(c.fig, priced, false)}</td>` : nothing;
      case 'optional': return html`<td class="c-optional" data-label=${c.t.optional}><input type="checkbox" data-id=${id} data-control="optional" aria-label="${c.t.optional} ${who}" .checked=${line.optional === true} ?disabled=${c.readonly}></td>`;
      case 'group': return html`<td class="c-group" data-label=${c.t.group}><input type="text" autocomplete="off" data-id=${id} data-control="group" aria-label="${c.t.group} ${who}" .value=${line.group ?? ''} ?disabled=${c.readonly}></td>`;
      case 'actions': return actions(c, row, who);
    }
  };
  // Without the optional column, an optional line still says so, beside its name.
  const optionalTag = line.optional === true && !c.shown.has('optional') ? html`<span class="tag">${common[uiLocale(c.locale)].optional}</span>` : nothing;
  return html`
    <tr class="line" part="row" data-line=${id} data-unit=${`l:${id}`} aria-current=${c.activeLineId === id ? 'true' : nothing}>
      <td class="c-product">${c.sales && !c.readonly
        ? html`<span class="picked"><input type="checkbox" class="pick" data-id=${id} data-control="select" aria-label="${c.t.select} ${who}" .checked=${c.selected.has(id)}><span class="name">${name}${optionalTag}</span></span>`
        : html`<span class="name">${name}${optionalTag}</span>`}<span class="sku">${line.sku}</span>${meta ? html`<span class="meta">${meta}</span>` : nothing}${contractNote(c, row)}
        ${c.sales && !c.readonly
          ? html`<input type="text" class="desc" autocomplete="off" maxlength=${TEXT_LIMITS.description} data-id=${id} data-control="description" aria-label="${c.t.description} ${who}" placeholder=${c.t.descriptionPlaceholder} .value=${line.description ?? ''}>`
          : line.description ? html`<span class="desc-text">${line.description}</span>` : nothing}</td>
      ${c.columns.map(cell)}
    </tr>
    ${messagesRow(c, `l:${id}`, id, who, row.issues, warnings, draft !== null)}
    ${repeat(row.children, (child) => child.line.id, (child) => childRow(c, child, who, `l:${id}`, line.sku))}`;
}

/** An option line: read-only, indented under its bundle. */
function childRow(c: RowContext, child: ChildRow, parent: string, unit: string, topSku: string) {
  const { line, depth } = child;
  const who = `${line.id} ${line.name}`;
  const unitName = c.products.get(line.sku)?.term?.unit;
  // Option line ids are the SKUs under the top line (L1/TANK-AIR/TANK-2M3): the parent's is the one before.
  const parentSku = line.parentId?.includes('/') ? line.parentId.slice(line.parentId.lastIndexOf('/') + 1) : topSku;
  const loc = common[uiLocale(c.locale)];
  const cell = (col: ColumnId) => {
    switch (col) {
      case 'qty': return html`<td class="c-qty num" data-label=${c.t.qty}>${decimal(line.qty, c.locale)}</td>`;
      case 'term': return html`<td class="c-term">${line.term !== undefined ? `${decimal(line.term, c.locale)} ${unitName ? c.t[unitName] : ''}` : nothing}</td>`;
      case 'list': return html`<td class="c-list num">${listPrice(c.fig, line, line.sku, parentSku)}</td>`;
      case 'discount': return c.sales ? html`<td class="c-discount"></td>` : nothing;
      case 'margin': return c.sales ? html`<td class="c-margin num" data-label=${c.fig.t.margin}>${margin(c.fig, line, false)}</td>` : nothing;
      case 'net': return html`<td class="c-net num" data-label=${c.t.net}>${amount(c, line.netAmount)}</td>`;
      default: return html`<td class="c-${col}"></td>`;
    }
  };
  return html`
    <tr class="child" part="option-row" data-line=${line.id} data-parent=${line.parentId ?? ''} data-unit=${unit}>
      <td class="c-product depth-${Math.min(depth, 4)}"><span class="name">${line.name}${line.auto ? html`<span class="tag">${loc.auto}</span>` : nothing}${line.included ? html`<span class="tag">${loc.included}</span>` : nothing}</span>
        <span class="sku">${line.sku}</span><span class="sr-only">${c.t.optionOf.replace('{parent}', parent)}</span></td>
      ${c.columns.map(cell)}
    </tr>
    ${messagesRow(c, unit, line.id, who, child.issues, c.sales ? child.approvals.map(asWarning) : [], false)}`;
}
