import { html, nothing, type TemplateResult } from 'lit';
import type { CpqState } from '../context.js';
import { money } from '../format.js';
import { text } from '../i18n.js';
import type { ApprovalLevelView } from '../quote/approval-levels.js';
import type { QuoteAction } from '../quote/quote-flow.js';
import { approvalStrings } from './approvals.strings.js';

/** A move `<cpq-quote-actions>` offers (`accept-own`: a customer's own quote, sent to and accepted by them at once). */
export type Move = QuoteAction | 'order' | 'accept-own';

/** A move asked for: its action and, for approve and reject, the level decided. */
export interface Pending {
  action: Move;
  level?: ApprovalLevelView;
}

/**
 * The consequential moves: each asks for a confirmation before it is made, in a panel whose own
 * button is a distinct control, so that no key press meant for one move makes the next one.
 */
export const CONFIRMED: ReadonlySet<Move> = new Set<Move>(['approve', 'reject', 'send', 'order', 'revise', 'decline']);

/** What the panel needs: the move asked for, the comment typed so far, and what confirming and cancelling do. */
export interface ConfirmContext {
  state: CpqState;
  pending: Pending;
  comment: string;
  /** Why the last confirmation was not taken (a rejection needs a reason). */
  error: string;
  onComment(value: string): void;
  confirm(): void;
  cancel(): void;
}

type Key = keyof (typeof approvalStrings)['en'];

/** The question the panel asks for a move. */
function question(c: ConfirmContext, t: (k: Key, p?: Record<string, string>) => string): string {
  const s = c.state;
  const self = s.mode !== 'sales';
  const total = s.priced ? money(s.priced.totals.total, s.priced.currency, s.locale) : '';
  switch (c.pending.action) {
    case 'approve': return t('ask-approve', { level: c.pending.level?.name ?? '', count: String(c.pending.level?.items.filter((i) => !i.decided).length ?? 0) });
    case 'reject': return t('ask-reject');
    case 'send': return t('ask-send');
    case 'order': return t(self ? 'ask-order-self' : 'ask-order', { total });
    case 'revise': return t('ask-revise', { next: String((s.quote.version ?? 1) + 1) });
    default: return t(self ? 'ask-decline-self' : 'ask-decline');
  }
}

/**
 * The confirmation of a consequential move, in place of the moves: what the move will do, a
 * comment (optional for an approval, required for a rejection), confirm and cancel. Escape
 * cancels. The host focuses the comment field, else the question — never the confirm button.
 */
export function confirmPanel(c: ConfirmContext): TemplateResult {
  const t = (k: Key, p?: Record<string, string>) => text(approvalStrings, c.state.locale, k, p);
  const action = c.pending.action;
  const withComment = action === 'approve' || action === 'reject';
  const doKey = `do-${action === 'approve' || action === 'reject' || action === 'send' || action === 'order' || action === 'revise' ? action : 'decline'}` as Key;
  const keydown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    c.cancel();
  };
  return html`<div part="confirm" class="confirm" role="group" aria-labelledby="confirm-title confirm-q" @keydown=${keydown}>
    <p id="confirm-title" class="confirm-title">${t('confirmLabel')}</p>
    <p id="confirm-q" tabindex="-1">${question(c, t)}</p>
    ${withComment ? html`<label>${t(action === 'reject' ? 'reasonLabel' : 'commentLabel')}
      <textarea part="comment" rows="2" .value=${c.comment} ?required=${action === 'reject'} aria-invalid=${c.error ? 'true' : 'false'}
        aria-describedby=${c.error ? 'confirm-error' : nothing} @input=${(e: Event) => c.onComment((e.target as HTMLTextAreaElement).value)}></textarea></label>` : nothing}
    ${c.error ? html`<p id="confirm-error" class="failed" role="alert">${c.error}</p>` : nothing}
    <div class="row">
      <button part="button confirm" class="primary" data-confirm=${action} @click=${() => c.confirm()}>${t(doKey)}</button>
      <button part="button" data-cancel @click=${() => c.cancel()}>${t('cancel')}</button>
    </div>
  </div>`;
}
