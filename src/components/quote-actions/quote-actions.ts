import { consume } from '@lit/context';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { documentStatus, isCleared, statusMark, type DocumentStatus } from '../../pdf/document-status.js';
import type { QuotePdfOptions } from '../../pdf/options.js';
import type { LifecycleEntry, QuoteError } from '../../quote/lifecycle-types.js';
import { localize } from '../../core/text.js';
import { cpqContext, type CpqState } from '../context.js';
import { text, uiLocale } from '../i18n.js';
import { hostStyles } from '../styles.js';
import type { QuoteAction } from '../quote/quote-flow.js';
import { download, makeQuotePdf, type PdfPhase } from './pdf-download.js';
import { strings } from './quote-actions.strings.js';

/**
 * The quote's way to an order, inside `<cpq-quote>`: its lifecycle state and the opportunity
 * stage that suggests, the moves the state allows (submit for approval, approve or reject, send,
 * record the customer's acceptance, place the order, revise), the order's delivery status, the
 * quote PDF download with its progress, and the history of every move. With a quote service
 * (`service` on `<cpq-quote>`) the moves are the service's: a send shows the customer's link, and
 * on the portal (a share token) the customer accepts with their name and PO reference.
 *
 * @summary Lifecycle moves, order handoff, PDF download and history of the quote.
 * @csspart state - The lifecycle state and the suggested stage.
 * @csspart actions - The group of move buttons.
 * @csspart button - Each button.
 * @csspart errors - Why the last move was refused (an alert).
 * @csspart order - The order's delivery status.
 * @csspart pdf - The PDF download button, its progress and status.
 * @csspart pdf-mark - Which status mark the PDF will carry on every page (or that it prints clean).
 * @csspart history - The `<details>` with the history.
 * @csspart name - The customer's name field (portal: accept, decline, order).
 * @csspart share-link - The customer's link after a send (with a quote service).
 * @csspart busy - The move in progress and its retries (with a quote service).
 * @cssproperty --cpq-color-accent - Primary buttons and focus rings.
 * @cssproperty --cpq-color-danger - Refusals and a refused order.
 * @cssproperty --cpq-color-muted - History and hints.
 * @cssproperty --cpq-color-border - Button and field borders.
 * @cssproperty --cpq-radius - Corner radius.
 * @cssproperty --cpq-space-s - Gaps.
 * @fires cpq-quote-change - (from `<cpq-quote>`) after each move.
 */
export class CpqQuoteActions extends LitElement {
  static override styles = [hostStyles, css`
    h2 { font-size: 1.05em; margin: 0 0 var(--cpq-space-s, 0.5rem); }
    p { margin: var(--cpq-space-s, 0.5rem) 0; }
    .row { display: flex; flex-wrap: wrap; gap: var(--cpq-space-s, 0.5rem); align-items: end; }
    button { font: inherit; padding: 0.35rem 0.8rem; border-radius: var(--cpq-radius, 6px); border: 1px solid var(--cpq-color-border, #d0d7de); background: var(--cpq-color-surface, #fff); color: inherit; cursor: pointer; }
    button.primary { background: var(--cpq-color-accent, #0969da); border-color: var(--cpq-color-accent, #0969da); color: #fff; }
    button:disabled { opacity: 0.55; cursor: not-allowed; }
    :focus-visible { outline: 2px solid var(--cpq-color-accent, #0969da); outline-offset: 2px; }
    label { display: grid; gap: 0.2rem; font-size: 0.875em; }
    input { font: inherit; padding: 0.3rem 0.5rem; border: 1px solid var(--cpq-color-border, #d0d7de); border-radius: var(--cpq-radius, 6px); }
    [part~='errors'], .failed { color: var(--cpq-color-danger, #b00020); }
    .muted, [part~='history'] { color: var(--cpq-color-muted, #57606a); font-size: 0.875em; }
    progress { width: 10rem; }
    summary { cursor: pointer; min-height: 24px; padding-block: 0.25rem; display: list-item; }
  `];

  /** Where the font for Chinese PDFs is fetched from (a TTF/OTF on the host's origin, e.g. Noto Sans SC). */
  @property({ attribute: 'font-url' }) fontUrl: string | undefined;

  /** The PDF's seller, terms, signatures, page size, accent colour… (`renderQuotePdf` options). */
  @property({ attribute: false }) pdfOptions: QuotePdfOptions = {};

  /** Show approve and reject (the host decides who may approve). */
  @property({ type: Boolean, attribute: 'can-approve' }) canApprove = false;

  @consume({ context: cpqContext, subscribe: true }) @state() protected cpq: CpqState | undefined;

  @state() private errors: readonly QuoteError[] = [];
  @state() private pdf: { phase: PdfPhase | 'done' | 'failed'; message?: string } | undefined;
  private reason = '';
  private reference = '';
  private name = '';

  private async move(action: QuoteAction | 'order'): Promise<void> {
    const details = action === 'reject' ? { reason: this.reason } : { name: this.name, ...(action === 'accept' && this.reference ? { reference: this.reference } : {}) };
    this.errors = [];
    this.errors = await this.cpq!.api.move(action, details);
  }

  private acceptOwn(): void {
    const api = this.cpq!.api;
    const sent = api.transition('send');
    this.errors = sent.length ? sent : api.transition('accept');
  }

  /** The status the PDF carries: the host's `pdfOptions.status`, else the quote's state, approvals and errors. */
  private pdfStatus(): DocumentStatus {
    const s = this.cpq!;
    if (this.pdfOptions.status) return this.pdfOptions.status;
    const state = s.lifecycle.state;
    const needsApproval = (s.priced?.approvals.length ?? 0) > 0 || (s.priced as { reviewRequired?: boolean } | undefined)?.reviewRequired === true;
    return documentStatus({ state, approvalPending: needsApproval && !isCleared(state), hasErrors: s.priced?.orderable !== true });
  }

  private async downloadPdf(): Promise<void> {
    const s = this.cpq!;
    if (!s.priced || this.pdf && this.pdf.phase !== 'done' && this.pdf.phase !== 'failed') return;
    try {
      // The status is passed, so the document carries the mark the hint names; the attachment
      // is the customer's copy unless the host's pdfOptions name the internal one.
      const options = { ...this.pdfOptions, status: this.pdfStatus(), locale: s.locale, catalog: s.catalog };
      const bytes = await makeQuotePdf(s.priced, options, this.fontUrl, (phase) => (this.pdf = { phase }));
      download(bytes, `${s.quote.id}-v${s.quote.version ?? 1}.pdf`);
      this.pdf = { phase: 'done', message: `${Math.max(1, Math.round(bytes.length / 1024))} KB` };
    } catch (e) {
      this.pdf = { phase: 'failed', message: (e as Error).message };
    }
  }

  private button(action: QuoteAction | 'order' | 'accept-own', label: string, primary = false, disabled = false): TemplateResult {
    const run = () => (action === 'accept-own' ? this.acceptOwn() : void this.move(action));
    return html`<button part="button" class=${primary ? 'primary' : ''} ?disabled=${disabled || this.cpq?.service?.busy !== undefined} @click=${run}>${label}</button>`;
  }

  private field(part: 'reference' | 'name', label: string, required = false): TemplateResult {
    const set = (e: Event) => (this[part] = (e.target as HTMLInputElement).value);
    return html`<label>${label}<input part=${part} .value=${this[part]} ?required=${required} autocomplete=${part === 'name' ? 'name' : 'off'} @input=${set}></label>`;
  }

  /** The moves the state allows, for this mode. */
  private moves(): TemplateResult[] {
    const s = this.cpq!;
    const t = (k: keyof (typeof strings)['en']) => text(strings, s.locale, k);
    const needsApproval = (s.priced?.approvals.length ?? 0) > 0 || (s.priced as { reviewRequired?: boolean } | undefined)?.reviewRequired === true;
    const sales = s.mode === 'sales';
    const service = s.service;
    const out: TemplateResult[] = [];
    switch (s.lifecycle.state) {
      case 'draft':
      case 'rejected':
        // A customer's own quote that needs no review is accepted at once (sent to and accepted by them).
        if (service?.customer) break;
        if (!sales && !needsApproval) out.push(this.button('accept-own', t('acceptSelf'), true));
        else if (!sales) out.push(this.button('submit', t('requestQuote'), true));
        else if (needsApproval) out.push(this.button('submit', t('submit'), true));
        else out.push(this.button('send', t('send'), true));
        break;
      case 'approval-pending':
        if (sales && this.canApprove) {
          out.push(this.button('approve', t('approve'), true));
          out.push(html`<label>${t('reason')}<input part="reason" .value=${this.reason} @input=${(e: Event) => (this.reason = (e.target as HTMLInputElement).value)} aria-describedby="reason-hint"></label>`);
          out.push(this.button('reject', t('reject')));
          out.push(html`<span id="reason-hint" class="muted">${t('reasonHint')}</span>`);
        }
        break;
      case 'approved':
        if (sales) out.push(this.button('send', t('send'), true));
        break;
      case 'sent':
        // With a service the customer answers through their link, never the seller for them.
        if (service && !service.customer) break;
        if (service) out.push(this.field('name', t('name'), true));
        if (sales || service) out.push(this.field('reference', t('reference')));
        out.push(this.button('accept', t(sales ? 'accept' : 'acceptSelf'), true), this.button('decline', t(sales ? 'decline' : 'declineSelf')));
        break;
      case 'accepted':
        if (service?.customer && !service.allowOrder) break;
        if (service?.customer) out.push(this.field('name', t('name'), true));
        out.push(this.button('order', t('order'), true, s.order.status === 'pending' || s.order.status === 'delivered'));
        break;
    }
    if (sales && ['sent', 'accepted', 'rejected', 'expired'].includes(s.lifecycle.state)) out.push(this.button('revise', t('revise')));
    return out;
  }

  private orderStatus(): TemplateResult | typeof nothing {
    const s = this.cpq!;
    const o = s.order;
    if (o.status === 'none') return nothing;
    const t = (k: 'orderHost' | 'orderPending' | 'orderRetrying' | 'orderDelivered' | 'orderFailed', p?: Record<string, string>) => text(strings, s.locale, k, p);
    if (o.status === 'failed') {
      return html`<p part="order" role="alert" class="failed">${t('orderFailed', { message: o.message ?? '' })}
        <button part="button" @click=${() => void s.api.retryOrder()}>${text(strings, s.locale, 'retryOrder')}</button></p>`;
    }
    const message = o.status === 'host' ? t('orderHost') : o.status === 'delivered' ? t('orderDelivered', { id: o.eventId ?? '' })
      : o.message ? t('orderRetrying', { message: o.message }) : t('orderPending');
    return html`<p part="order" role="status">${message}</p>`;
  }

  /** With a service: the move in progress (and its retries), and the customer's link after a send. */
  private serviceStatus(): TemplateResult | typeof nothing {
    const v = this.cpq!.service;
    if (!v) return nothing;
    const t = (k: 'busy' | 'retrying' | 'shareLink' | 'shareExpires', p?: Record<string, string>) => text(strings, this.cpq!.locale, k, p);
    const link = v.shareLink;
    const expires = link ? new Intl.DateTimeFormat(this.cpq!.locale, { dateStyle: 'medium' }).format(new Date(link.expiresAt)) : '';
    return html`<p part="busy" role="status">${v.busy ? (v.retrying ? t('retrying', { message: v.retrying }) : t('busy')) : ''}</p>
      ${link ? html`<p part="share-link"><label>${t('shareLink')}<input readonly .value=${link.url ?? link.token}></label>
        ${link.url ? html`<a href=${link.url} target="_blank" rel="noopener">${link.url}</a>` : nothing} <span class="muted">${t('shareExpires', { date: expires })}</span></p>` : nothing}`;
  }

  private entry(e: LifecycleEntry): TemplateResult {
    const s = this.cpq!;
    const state = (k: LifecycleEntry['to']) => text(strings, s.locale, k);
    const at = new Intl.DateTimeFormat(s.locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(e.at));
    return html`<li>v${e.version} · ${text(strings, s.locale, 'entry', { at, actor: e.actor, from: state(e.from), to: state(e.to) })}${e.reason ? text(strings, s.locale, 'entryReason', { reason: e.reason }) : ''}</li>`;
  }

  override render() {
    const s = this.cpq;
    if (!s?.priced) return nothing;
    const t = (k: keyof (typeof strings)['en'], p?: Record<string, string | number>) => text(strings, s.locale, k, p);
    // The opportunity stage is the seller's CRM language: a customer is not shown it.
    const stage = s.mode === 'sales' ? s.lifecycle.stage : null;
    const pdf = this.pdf;
    const busy = pdf !== undefined && pdf.phase !== 'done' && pdf.phase !== 'failed';
    const moves = s.lifecycle.canMove ? this.moves() : [];
    const mark = statusMark(this.pdfStatus(), s.locale);
    return html`<section aria-labelledby="h">
      <h2 id="h">${t('heading')}</h2>
      <p part="state">${t('state')}<strong>${t(s.lifecycle.state)}</strong>
        ${stage ? html`<span class="muted"> · ${t('stage', { stage: `${localize(stage.name, s.locale, uiLocale(s.locale))}${stage.probability ? ` ${stage.probability}%` : ''}` })}</span>` : nothing}</p>
      ${moves.length ? html`<div class="row" part="actions" role="group" aria-label=${t('actions')}>${moves}</div>` : nothing}
      ${this.errors.length ? html`<div part="errors" role="alert">${t('refused')}<ul>${this.errors.map((e) => html`<li>${e.message}</li>`)}</ul></div>` : nothing}
      ${this.serviceStatus()}
      ${this.orderStatus()}
      <div class="row" part="pdf">
        <button part="button" ?disabled=${busy} aria-describedby="pdf-mark" @click=${() => void this.downloadPdf()}>${t('pdf')}</button>
        <span part="pdf-mark" id="pdf-mark" class="muted" data-status=${this.pdfStatus()}>${mark ? t(s.priced.orderable ? 'pdfMark' : 'pdfMarkErrors', { mark: mark.mark }) : t('pdfClean')}</span>
        ${busy ? html`<progress aria-label=${t('pdf')} max="3" value=${pdf!.phase === 'module' ? 1 : pdf!.phase === 'font' ? 2 : 3}></progress>` : nothing}
        <span role="status">${!pdf ? '' : pdf.phase === 'module' ? t('pdfModule') : pdf.phase === 'font' ? t('pdfFont') : pdf.phase === 'render' ? t('pdfRender', { lines: s.priced.lines.length })
          : pdf.phase === 'done' ? t('pdfDone', { size: pdf.message ?? '' }) : html`<span class="failed">${t('pdfFailed', { message: pdf.message ?? '' })}</span>`}</span>
      </div>
      <details part="history"><summary>${t('history', { count: s.lifecycle.history.length })}</summary>
        ${s.lifecycle.history.length ? html`<ol>${s.lifecycle.history.map((e) => this.entry(e))}</ol>` : html`<p>${t('noHistory')}</p>`}</details>
    </section>`;
  }
}
