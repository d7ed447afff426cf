import { html, nothing, type TemplateResult } from 'lit';
import type { CpqState } from '../context.js';
import { text } from '../i18n.js';
import type { ApprovalItemView, ApprovalLevelView } from '../quote/approval-levels.js';
import { approvalStrings } from './approvals.strings.js';

type Key = keyof (typeof approvalStrings)['en'];

/** What the panel needs of `<cpq-quote-actions>`: who may approve, and how a level's move is asked for. */
export interface PanelContext {
  state: CpqState;
  /** The host lets this person approve (`can-approve`). */
  canApprove: boolean;
  /** Local mode: the levels this person may approve (undefined: every level). */
  approverLevels: readonly string[] | undefined;
  /** A level's move button (approve or reject), distinct per level. */
  button(action: 'approve' | 'reject', level: ApprovalLevelView, label: string, primary: boolean): TemplateResult;
  /** Moves are offered (no confirmation open, the host did not make the quote read-only). */
  offer: boolean;
}

/**
 * Whether this person may decide `level` now, or why not (a message key, '' for no reason to
 * give: the host does not let them approve). The quote service has the last word; this only
 * decides which buttons to offer, with the same rules: never the owner, a level of theirs (or
 * handed to them), its turn, and with 会签 not signed by them already.
 */
export function mayDecide(ctx: PanelContext, level: ApprovalLevelView): { may: true } | { may: false; why: Key } {
  const s = ctx.state;
  const { actor, owner } = s.lifecycle;
  if (!ctx.canApprove || level.status !== 'current') return { may: false, why: 'noRight' };
  if (actor !== undefined && actor === owner && !s.lifecycle.allowOwnApproval) return { may: false, why: 'ownQuote' };
  const user = s.service?.user;
  if (!s.service) return ctx.approverLevels && !ctx.approverLevels.includes(level.level) ? { may: false, why: 'notYourLevel' } : { may: true };
  if (!user) return { may: false, why: 'noRight' };
  const handedToMe = level.handovers.some((h) => h.to === user.id);
  if (level.mode === 'all') {
    if (level.awaiting.includes(user.id) || handedToMe) return { may: true };
    return { may: false, why: level.signedBy.includes(user.id) ? 'signedAlready' : 'notYourLevel' };
  }
  if (handedToMe) return { may: true };
  if (level.handovers.some((h) => h.from === user.id)) return { may: false, why: 'handedAway' };
  return user.levels.includes(level.level) ? { may: true } : { may: false, why: 'notYourLevel' };
}

function item(t: (k: Key, p?: Record<string, string>) => string, i: ApprovalItemView, locale: string): TemplateResult {
  const at = i.decided ? new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(i.decided.at)) : '';
  return html`<li part="approval-item" data-rule=${i.ruleId}>
    ${i.rule && !i.message.toLowerCase().includes(i.rule.toLowerCase()) ? html`<strong>${i.rule}</strong>${t('sep')}` : nothing}${i.message}${i.product && !i.message.includes(i.product) ? t('line', { product: i.product }) : nothing}
    ${i.decided ? html`<div class="decided">${t('approvedBy', { by: i.decided.by, at })}${i.decided.comment ? html`<br>${t('comment', { comment: i.decided.comment })}` : nothing}</div>` : nothing}
  </li>`;
}

function who(t: (k: Key, p?: Record<string, string>) => string, l: ApprovalLevelView): TemplateResult {
  const handed = l.handovers.map((h) => html`<br>${t('handedTo', h)}`);
  if (l.mode === 'all') {
    const members = [...new Set([...l.signedBy, ...l.awaiting])].join('、');
    return html`${t('whoAll', { members })}${l.signedBy.length ? html`<br>${t('signed', { names: l.signedBy.join('、') })}` : nothing}${handed}`;
  }
  return html`${t('whoAny', { level: l.name })}${handed}`;
}

/**
 * The approvals of the current prices by level (sales mode): each level with its display name,
 * where it stands, who approves it, and each approval's rule and message (and who approved it);
 * a level this person may decide has its own approve and reject buttons, so one click never
 * decides more than one level.
 */
export function approvalsPanel(ctx: PanelContext): TemplateResult | typeof nothing {
  const s = ctx.state;
  const levels = s.lifecycle.approvals;
  if (s.mode !== 'sales' || levels.length === 0) return nothing;
  const t = (k: Key, p?: Record<string, string>) => text(approvalStrings, s.locale, k, p);
  const submitted = levels.some((l) => l.status !== 'required');
  const done = levels.filter((l) => l.status === 'done').length;
  return html`<section part="approvals" aria-labelledby="approvals-h">
    <h3 id="approvals-h">${submitted ? t('heading') : t('headingRequired')}${submitted ? t('progress', { done: String(done), total: String(levels.length) }) : nothing}</h3>
    <ol class="levels">${levels.map((l) => {
      const decide = mayDecide(ctx, l);
      const note = l.status === 'current' ? t(decide.may ? 'youMay' : decide.why, { level: l.name }) : '';
      return html`<li part="approval-level" data-level=${l.level} data-status=${l.status}>
        <div class="level-head"><strong class="level-name">${l.name}</strong> <span class="badge" data-status=${l.status}>${t(l.status)}</span></div>
        <ul class="items">${l.items.map((i) => item(t, i, s.locale))}</ul>
        <p class="who muted">${who(t, l)}${note ? html`<br>${note}` : nothing}</p>
        ${decide.may && ctx.offer ? html`<div class="row">${ctx.button('approve', l, t('approve', { level: l.name }), true)}${ctx.button('reject', l, t('reject', { level: l.name }), false)}</div>` : nothing}
      </li>`;
    })}</ol>
  </section>`;
}
