import { html, nothing } from 'lit';
import type { Issue, PricedQuote } from '../../types.js';
import type { ApprovalLevelView } from '../quote/approval-levels.js';
import { money, percent } from '../format.js';

/**
 * Render helpers of `<cpq-quote-summary>`: each takes the priced quote and a text lookup and
 * returns a template. Catalog and pricing text always goes through lit bindings (as text).
 */

export type Lookup = (key: string, params?: Record<string, string | number>) => string;

/** What every section needs. */
export interface SectionContext {
  priced: PricedQuote;
  locale: string;
  t: Lookup;
  /** ARIA level of the section headings. */
  level: number;
}

const heading = (level: number, label: string, id?: string) =>
  html`<div class="heading" role="heading" aria-level=${level} id=${id ?? nothing}>${label}</div>`;

/** List, discount, net, tax per rate, total; cost and margin when `internal` (sales mode). */
export function totalsList({ priced, locale, t }: SectionContext, internal: boolean) {
  const { totals, currency } = priced;
  const m = (amount: string | undefined) => money(amount, currency, locale);
  const inclusive = priced.taxMode === 'inclusive';
  return html`<dl part="totals">
    <dt>${t('list')}</dt><dd data-figure="list">${m(totals.list)}</dd>
    <dt>${t('discount')}</dt><dd data-figure="discount">${t('discountValue', { amount: m(totals.discount), percent: percent(totals.discountPercent, locale) })}</dd>
    <dt>${t('net')}</dt><dd data-figure="net">${m(totals.net)}</dd>
    ${totals.taxes.map((tax) => html`
      <dt>${tax.name ?? tax.code}<span class="detail">${t('taxDetail', { rate: percent(tax.rate, locale), base: m(tax.base) })}</span></dt>
      <dd data-figure=${`tax-${tax.code}`}>${m(tax.amount)}</dd>`)}
    ${totals.taxes.length > 1 ? html`<dt>${t('taxTotal')}</dt><dd data-figure="tax">${m(totals.tax)}</dd>` : nothing}
    <dt class="total">${t(inclusive ? 'totalInclusive' : 'total')}</dt><dd class="total" part="total" data-figure="total">${m(totals.total)}</dd>
    ${internal && totals.cost !== undefined ? html`<dt class="internal">${t('cost')}</dt><dd class="internal" data-figure="cost">${m(totals.cost)}</dd>` : nothing}
    ${internal && totals.margin !== undefined ? html`<dt class="internal">${t('margin')}</dt><dd class="internal" data-figure="margin">${m(totals.margin)}</dd>` : nothing}
    ${internal && totals.marginPercent !== undefined
      ? html`<dt class="internal">${t('marginPercent')}</dt><dd class="internal" data-figure="margin-percent">${percent(totals.marginPercent, locale)}</dd>`
      : nothing}
    ${internal && totals.costedMargin ? costedMargin(priced, locale, t) : nothing}
  </dl>
  ${inclusive ? html`<p part="tax-mode">${t('taxIncluded')}</p>` : nothing}`;
}

/**
 * When some lines have no cost: the margin over those that have one, and which lines it leaves
 * out, by name (the contract's quote margin is only for a quote whose every line has a cost).
 */
function costedMargin(priced: PricedQuote, locale: string, t: Lookup) {
  const c = priced.totals.costedMargin!;
  const amount = money(c.margin, priced.currency, locale);
  const names = c.uncosted.map((id) => priced.lines.find((l) => l.id === id)?.name ?? id).join(t('listSep'));
  return html`<dt class="internal">${t('costedMargin')}</dt>
    <dd class="internal" data-figure="costed-margin">${c.marginPercent === undefined ? amount : t('costedValue', { amount, percent: percent(c.marginPercent, locale) })}</dd>
    <dd class="internal note" data-figure="uncosted">${t('uncosted', { lines: names })}</dd>`;
}

/**
 * The approvals of the quote's prices (sales mode only), as the lifecycle has them after each move:
 * needed (not submitted yet), in approval (each one pending or approved, by whom), or approved —
 * also once the quote is sent, accepted or ordered, never "needed" again for prices already approved.
 */
export function approvalsSection({ priced, locale, t, level }: SectionContext, levels: readonly ApprovalLevelView[]) {
  if (levels.length === 0) return nothing;
  const done = levels.every((l) => l.status === 'done');
  const submitted = levels.some((l) => l.status !== 'required');
  return html`<section aria-labelledby="approvals-h">
    ${heading(level, t(done ? 'approvalsDone' : submitted ? 'approvalsPending' : 'approvals'), 'approvals-h')}
    <ul part="approvals" data-state=${done ? 'approved' : submitted ? 'pending' : 'required'}>
      ${levels.flatMap((l) => l.items.map((i) => html`<li data-status=${l.status}><strong>${t('level', { level: l.name })}</strong> ${i.message}${lineOf(priced, i.lineId, i.message, locale)}${
        i.decided ? html` <span class="decided">${t('approvedBy', { by: i.decided.by })}</span>` : submitted ? html` <span class="pending">${t('pending')}</span>` : nothing}</li>`))}
    </ul>
  </section>`;
}

/** Which line a message is about, by its product's name (not the line id), unless the message names it already. */
function lineOf(priced: PricedQuote, lineId: string | undefined, message: string, locale: string): string {
  const name = lineId === undefined ? undefined : priced.lines.find((l) => l.id === lineId)?.name;
  if (!name || message.includes(name)) return '';
  return /^zh\b/i.test(locale) ? `（${name}）` : ` (${name})`;
}

function issueList(priced: PricedQuote, locale: string, t: Lookup, issues: Issue[], severity: 'error' | 'warning') {
  return html`<ul part=${`issues ${severity}s`}>
    ${issues.map((i) => html`<li class=${severity}><strong>${t(severity)}</strong>${i.message}${lineOf(priced, i.lineId, i.message, locale)}</li>`)}
  </ul>`;
}

/** Errors, then warnings, each under its own heading and prefixed in words (not only by colour). */
export function issuesSection({ priced, locale, t, level }: SectionContext) {
  const errors = priced.issues.filter((i) => i.severity === 'error');
  const warnings = priced.issues.filter((i) => i.severity !== 'error');
  if (priced.orderable && errors.length === 0 && warnings.length === 0) return nothing;
  return html`<section aria-labelledby="issues-h">
    ${heading(level, t('issues'), 'issues-h')}
    ${priced.orderable ? nothing : html`<p part="not-orderable">${t('notOrderable')}</p>`}
    ${errors.length ? html`<div class="subheading" role="heading" aria-level=${level + 1}>${t('errors')}</div>${issueList(priced, locale, t, errors, 'error')}` : nothing}
    ${warnings.length ? html`<div class="subheading" role="heading" aria-level=${level + 1}>${t('warnings')}</div>${issueList(priced, locale, t, warnings, 'warning')}` : nothing}
  </section>`;
}

/** The chosen line's waterfall steps (running amounts) and the quote-level adjustments. */
export function waterfallBody({ priced, locale, t, level }: SectionContext, lineId: string) {
  const m = (amount: string) => money(amount, priced.currency, locale);
  const line = lineId ? priced.lines.find((l) => l.id === lineId) : undefined;
  return html`
    ${line
      ? html`<ol part="waterfall" aria-label=${t('steps', { line: `${line.id} ${line.name}` })}>
          ${line.waterfall.map((s) => html`<li data-step=${s.step}><span class="label">${s.label}</span><span class="amount">${m(s.amount)}</span></li>`)}
        </ol>`
      : lineId
        ? html`<p>${t('noLine', { id: lineId })}</p>`
        : nothing}
    ${priced.adjustments.length
      ? html`<div class="subheading" role="heading" aria-level=${level + 1}>${t('adjustments')}</div>
        <ul part="adjustments">
          ${priced.adjustments.map((a) => html`<li><span class="label">${a.label}</span><span class="amount">${m(a.amount)}</span></li>`)}
        </ul>`
      : nothing}`;
}

export { heading };
