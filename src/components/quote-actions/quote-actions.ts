import { consume } from '@lit/context';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type { QuotePdfOptions } from '../../pdf/options.js';
import type { QuoteError } from '../../quote/lifecycle-types.js';
import { localize } from '../../core/text.js';
import { cpqContext, type CpqState } from '../context.js';
import { text, uiLocale } from '../i18n.js';
import type { ApprovalLevelView } from '../quote/approval-levels.js';
import { approvalsPanel } from './approvals-panel.js';
import { approvalStrings } from './approvals.strings.js';
import { confirmPanel, CONFIRMED, type Move, type Pending } from './confirm.js';
import { FocusKeeper } from './focus-keeper.js';
import { PdfRow } from './pdf-row.js';
import { history, orderStatus, serviceStatus } from './status-parts.js';
import { styles } from './quote-actions.styles.js';
import { strings } from './quote-actions.strings.js';

/** `approver-levels="manager, director"` ↔ `['manager', 'director']`. */
const listConverter = {
  fromAttribute: (value: string | null) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  toAttribute: (value: string[] | undefined) => value?.join(','),
};

/**
 * The quote's way to an order, inside `<cpq-quote>`: its lifecycle state and the opportunity
 * stage that suggests, the approvals by level (who approves, each rule and message, approve or
 * reject one level at a time with a comment), the other moves the state allows (submit, send,
 * record the customer's acceptance, place the order, revise), the order's delivery status, the
 * quote PDF download with its progress, and the history of every move. A consequential move
 * (approve, reject, send, order, revise, decline) asks for confirmation first; after a move the
 * focus goes to the quote's status (or to the refusal), never to the next move's button. With a
 * quote service (`service` on `<cpq-quote>`) the moves are the service's: a send shows the
 * customer's link, and on the portal (a share token) the customer accepts with their name.
 *
 * @summary Lifecycle moves, approvals, order handoff, PDF download and history of the quote.
 * @csspart state - The lifecycle state and the suggested stage (focused after each move).
 * @csspart actions - The group of move buttons.
 * @csspart next - Self-service: what happens next when the customer has nothing to do.
 * @csspart button - Each button.
 * @csspart approvals - The approvals of the current prices, by level (sales mode).
 * @csspart approval-level - One level: its name, status, approvals, who approves it, and its buttons (`data-level`, `data-status`).
 * @csspart approval-item - One approval: its rule, message and decision (`data-rule`).
 * @csspart confirm - The confirmation of a consequential move.
 * @csspart comment - The comment (approve) or reason (reject) of the confirmation.
 * @csspart errors - Why the last move was refused (an alert).
 * @csspart order - The order's delivery status.
 * @csspart pdf - The PDF download button, its progress and status.
 * @csspart pdf-mark - Which status mark the PDF will carry on every page (or that it prints clean).
 * @csspart history - The `<details>` with the history.
 * @csspart name - The customer's name field (portal: accept, decline, order).
 * @csspart share-link - The customer's link after a send (with a quote service).
 * @csspart busy - The move in progress and its retries (with a quote service).
 * @cssproperty --cpq-color-accent - Primary buttons, focus rings and the confirmation.
 * @cssproperty --cpq-color-danger - Refusals and a refused order.
 * @cssproperty --cpq-color-warning - A level waiting for approval.
 * @cssproperty --cpq-color-success - An approved level.
 * @cssproperty --cpq-color-muted - History and hints.
 * @cssproperty --cpq-color-border - Button and field borders.
 * @cssproperty --cpq-radius - Corner radius.
 * @cssproperty --cpq-space-s - Gaps.
 * @fires cpq-quote-change - (from `<cpq-quote>`) after each move.
 */
export class CpqQuoteActions extends LitElement {
  static override styles = styles;

  /** Where the font for Chinese PDFs is fetched from (a TTF/OTF on the host's origin, e.g. Noto Sans SC). */
  @property({ attribute: 'font-url' }) fontUrl: string | undefined;

  /** The PDF's seller, terms, signatures, page size, accent colour… (`renderQuotePdf` options). */
  @property({ attribute: false }) pdfOptions: QuotePdfOptions = {};

  /** Offer approve and reject (the host decides who may approve; never the quote's owner). */
  @property({ type: Boolean, attribute: 'can-approve' }) canApprove = false;

  /** Local mode: the approval levels this person may decide (comma-separated); default every level. With a service, their token's levels. */
  @property({ attribute: 'approver-levels', converter: listConverter }) approverLevels: string[] | undefined;

  @consume({ context: cpqContext, subscribe: true }) @state() protected cpq: CpqState | undefined;

  @state() private errors: readonly QuoteError[] = [];
  /** The consequential move waiting for its confirmation, its comment, and why a confirmation was not taken. */
  @state() private confirming: Pending | undefined;
  @state() private comment = '';
  @state() private confirmError = '';
  /** A move is under way: further clicks and Enters do nothing until it is done. */
  private moving = false;
  private reference = '';
  private name = '';
  private readonly pdf = new PdfRow(this, () => ({ cpq: this.cpq!, pdfOptions: this.pdfOptions, fontUrl: this.fontUrl }));
  private readonly keeper = new FocusKeeper(this, () => this.find('[part~="state"]'));

  private find(selector: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(selector);
  }

  /** A move's button was used: a consequential move asks first, any other is made now. */
  private ask(p: Pending): void {
    if (this.moving || this.cpq?.service?.busy !== undefined) return;
    if (!CONFIRMED.has(p.action)) return void this.run(p);
    this.confirming = p;
    this.comment = this.confirmError = '';
    this.keeper.after(() => this.find('[part~="comment"]') ?? this.find('#confirm-q'));
  }

  private cancel(): void {
    const p = this.confirming;
    this.confirming = undefined;
    this.keeper.after(() => (p ? this.find(`[data-move="${moveKey(p)}"]`) : null));
  }

  private confirm(): void {
    const p = this.confirming;
    if (!p || this.moving) return;
    if (p.action === 'reject' && this.comment.trim() === '') {
      this.confirmError = text(approvalStrings, this.cpq!.locale, 'reasonRequired');
      this.keeper.after(() => this.find('[part~="comment"]'));
      return;
    }
    void this.run(p, this.comment.trim());
  }

  /** Make the move; then the focus goes to the status, or to why it was refused. */
  private async run(p: Pending, comment = ''): Promise<void> {
    if (this.moving) return;
    this.moving = true;
    this.errors = [];
    this.confirming = undefined;
    this.keeper.after(() => this.find('[part~="state"]'));
    try {
      this.errors = p.action === 'accept-own' ? this.acceptOwn() : await this.cpq!.api.move(p.action, this.details(p, comment));
    } finally {
      this.moving = false;
      const result = this.errors.length ? '[part~="errors"]' : p.action === 'order' ? '[part~="order"]' : '[part~="state"]';
      this.keeper.after(() => this.find(result) ?? this.find('[part~="state"]'));
    }
  }

  private details(p: Pending, comment: string) {
    const level = p.level ? { level: p.level.level, approvals: p.level.items.filter((i) => !i.decided).map((i) => i.key) } : {};
    const reason = comment ? { reason: comment } : {};
    return { name: this.name, ...(p.action === 'accept' && this.reference ? { reference: this.reference } : {}), ...level, ...reason };
  }

  private acceptOwn(): QuoteError[] {
    const api = this.cpq!.api;
    const sent = api.transition('send');
    return sent.length ? sent : api.transition('accept');
  }

  /** A move's button: a control of its own per move and level (never relabelled into the next move's). */
  private button(p: Pending, label: string, primary = false, disabled = false): TemplateResult {
    const busy = this.cpq?.service?.busy !== undefined;
    return html`${keyed(moveKey(p), html`<button part="button" class=${primary ? 'primary' : ''} data-move=${moveKey(p)} ?disabled=${disabled}
      aria-disabled=${busy ? 'true' : nothing} @click=${() => this.ask(p)}>${label}</button>`)}`;
  }

  private field(part: 'reference' | 'name', label: string, required = false): TemplateResult {
    const set = (e: Event) => (this[part] = (e.target as HTMLInputElement).value);
    return html`<label>${label}<input part=${part} .value=${this[part]} ?required=${required} autocomplete=${part === 'name' ? 'name' : 'off'} @input=${set}></label>`;
  }

  /** The moves the state allows, for this mode (approve and reject are the approvals panel's, per level). */
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
        if (!sales) out.push(needsApproval ? this.button({ action: 'submit' }, t('requestQuote'), true) : this.button({ action: 'accept-own' }, t('acceptSelf'), true));
        else out.push(needsApproval ? this.button({ action: 'submit' }, t('submit'), true) : this.button({ action: 'send' }, t('send'), true));
        break;
      case 'approved':
        if (sales) out.push(this.button({ action: 'send' }, t('send'), true));
        break;
      case 'sent':
        // With a service the customer answers through their link, never the seller for them.
        if (service && !service.customer) break;
        if (service) out.push(this.field('name', t('name'), true));
        if (sales || service) out.push(this.field('reference', t(sales ? 'reference' : 'referenceSelf')));
        out.push(this.button({ action: 'accept' }, t(sales ? 'accept' : 'acceptSelf'), true), this.button({ action: 'decline' }, t(sales ? 'decline' : 'declineSelf')));
        break;
      case 'accepted':
        if (service?.customer && !service.allowOrder) break;
        if (service?.customer) out.push(this.field('name', t('name'), true));
        out.push(this.button({ action: 'order' }, t('order'), true, s.order.status === 'pending' || s.order.status === 'delivered'));
        break;
    }
    if (sales && ['sent', 'accepted', 'rejected', 'expired'].includes(s.lifecycle.state)) out.push(this.button({ action: 'revise' }, t('revise')));
    return out;
  }

  /** A customer with nothing to do now is told what happens next. */
  private nextStep(t: (k: keyof (typeof strings)['en']) => string): TemplateResult | typeof nothing {
    const s = this.cpq!;
    const next = s.lifecycle.state === 'accepted' && s.order.status === 'none' ? 'nextAccepted' : s.lifecycle.state === 'approval-pending' ? 'nextReview' : undefined;
    return next ? html`<p part="next">${t(next)}</p>` : nothing;
  }

  override render() {
    const s = this.cpq;
    if (!s?.priced) return nothing;
    const t = (k: keyof (typeof strings)['en'], p?: Record<string, string | number>) => text(strings, s.locale, k, p);
    const sales = s.mode === 'sales';
    // The opportunity stage is the seller's CRM language: a customer is not shown it.
    const stage = sales ? s.lifecycle.stage : null;
    const open = s.lifecycle.canMove && !this.confirming;
    const moves = open ? this.moves() : [];
    const state = t(sales ? s.lifecycle.state : `self-${s.lifecycle.state}` as const);
    const panel = { state: s, canApprove: this.canApprove, approverLevels: this.approverLevels, offer: open,
      button: (action: 'approve' | 'reject', level: ApprovalLevelView, label: string, primary: boolean) => this.button({ action, level }, label, primary) };
    return html`<section aria-labelledby="h">
      <h2 id="h">${t(sales ? 'heading' : 'headingSelf')}</h2>
      <p part="state" tabindex="-1">${t('state')}<strong>${state}</strong>
        ${stage ? html`<span class="muted"> · ${t('stage', { stage: `${localize(stage.name, s.locale, uiLocale(s.locale))}${stage.probability ? ` ${stage.probability}%` : ''}` })}</span>` : nothing}</p>
      ${this.confirming ? confirmPanel({ state: s, pending: this.confirming, comment: this.comment, error: this.confirmError, onComment: (v) => (this.comment = v),
        confirm: () => this.confirm(), cancel: () => this.cancel() }) : nothing}
      ${moves.length ? html`<div class="row" part="actions" role="group" aria-label=${t('actions')}>${moves}</div>` : nothing}
      ${!sales && !moves.length ? this.nextStep(t) : nothing}
      ${this.errors.length ? html`<div part="errors" role="alert" tabindex="-1">${t('refused')}<ul>${this.errors.map((e) => html`<li>${e.message}</li>`)}</ul></div>` : nothing}
      ${approvalsPanel(panel)}
      ${serviceStatus(s)}
      ${orderStatus(s)}
      ${this.pdf.render()}
      ${history(s)}
    </section>`;
  }
}

/** The key of a move's control: its action and level, so that another move never reuses its element. */
function moveKey(p: Pending): string {
  return p.level ? `${p.action}:${p.level.level}` : p.action;
}

export type { Move };
