import { html, nothing, type TemplateResult } from 'lit';
import type { LifecycleEntry } from '../../quote/lifecycle-types.js';
import type { CpqState } from '../context.js';
import { text } from '../i18n.js';
import { strings } from './quote-actions.strings.js';

type Key = keyof (typeof strings)['en'];

/** The order's delivery status: an alert with a retry when it was refused, else a status (focusable: a move's result). */
export function orderStatus(s: CpqState): TemplateResult | typeof nothing {
  const o = s.order;
  if (o.status === 'none') return nothing;
  const t = (k: Key, p?: Record<string, string>) => text(strings, s.locale, k, p);
  if (o.status === 'failed') {
    return html`<p part="order" role="alert" class="failed" tabindex="-1">${t('orderFailed', { message: o.message ?? '' })}
      <button part="button" @click=${() => void s.api.retryOrder()}>${t('retryOrder')}</button></p>`;
  }
  const message = o.status === 'host' ? t('orderHost') : o.status === 'delivered' ? t(s.mode === 'sales' ? 'orderDelivered' : 'orderDeliveredSelf', { id: o.eventId ?? '' })
    : o.message ? t('orderRetrying', { message: o.message }) : t('orderPending');
  return html`<p part="order" role="status" tabindex="-1">${message}</p>`;
}

/** With a service: the move in progress (and its retries), and the customer's link after a send. */
export function serviceStatus(s: CpqState): TemplateResult | typeof nothing {
  const v = s.service;
  if (!v) return nothing;
  const t = (k: Key, p?: Record<string, string>) => text(strings, s.locale, k, p);
  const link = v.shareLink;
  const expires = link ? new Intl.DateTimeFormat(s.locale, { dateStyle: 'medium' }).format(new Date(link.expiresAt)) : '';
  return html`<p part="busy" role="status">${v.busy ? (v.retrying ? t('retrying', { message: v.retrying }) : t('busy')) : ''}</p>
    ${link ? html`<p part="share-link"><label>${t('shareLink')}<input readonly .value=${link.url ?? link.token}></label>
      ${link.url ? html`<a href=${link.url} target="_blank" rel="noopener">${link.url}</a>` : nothing} <span class="muted">${t('shareExpires', { date: expires })}</span></p>` : nothing}`;
}

function entry(s: CpqState, e: LifecycleEntry): TemplateResult {
  const state = (k: LifecycleEntry['to']) => text(strings, s.locale, k);
  const at = new Intl.DateTimeFormat(s.locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(e.at));
  return html`<li>v${e.version} · ${text(strings, s.locale, 'entry', { at, actor: e.actor, from: state(e.from), to: state(e.to) })}${e.reason ? text(strings, s.locale, 'entryReason', { reason: e.reason }) : ''}</li>`;
}

/** The history of every move (sales mode: a customer is not shown the seller's records). */
export function history(s: CpqState): TemplateResult | typeof nothing {
  if (s.mode !== 'sales') return nothing;
  const t = (k: Key, p?: Record<string, string | number>) => text(strings, s.locale, k, p);
  const list = s.lifecycle.history;
  return html`<details part="history"><summary>${t('history', { count: list.length })}</summary>
    ${list.length ? html`<ol>${list.map((e) => entry(s, e))}</ol>` : html`<p>${t('noHistory')}</p>`}</details>`;
}
