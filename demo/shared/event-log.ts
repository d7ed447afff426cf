// A small, text-only log of the kit's events, so a visitor sees what a host would receive.
import { money } from '../../src/components/format.js';
import type { CpqQuoteSavedDetail, CpqServerDiffersDetail, CpqShareLinkDetail } from '../../src/components/events.js';
import type { CpqApprovalRequiredDetail, CpqErrorDetail, CpqOrderDeliveredDetail, CpqOrderFailedDetail, CpqOrderSubmitDetail, CpqQuoteChangeDetail, CpqStageSuggestDetail } from '../../src/index.js';
import { levelName } from '../../src/catalog/names.js';
import { text } from '../../src/components/i18n.js';
import { strings as stateNames } from '../../src/components/quote-actions/quote-actions.strings.js';
import { refusalText } from '../../src/components/service/service-strings.js';
import type { Catalog } from '../../src/types.js';
import type { UiLocale } from './i18n.js';

const MAX_ENTRIES = 30;

const strings = {
  'zh-CN': { stage: '报价状态：{state}；建议商机阶段：{stage}', submit: '订单事件 {id}（{lines} 行，{total}）', delivered: '订单系统已收到 {id}（HTTP {status}）', failed: '订单被拒绝 {id}：{message}', change: '{lines} 行，总额 {total}', approval: '需要 {count} 项审批：{levels}', error: '{source}：{messages}', saved: '报价服务已保存 {id}（修订 {revision}）', differs: '报价服务的定价不同：本页 {local}，服务 {server}（以服务为准）', share: '客户链接已生成，{expires} 前有效', empty: '尚无事件：修改报价试试。', catalog: '产品目录', quote: '报价', service: '报价服务', property: '元素属性', attribute: '元素特性' },
  en: { stage: 'quote status: {state}; suggested stage: {stage}', submit: 'order event {id} ({lines} lines, {total})', delivered: 'order management has {id} (HTTP {status})', failed: 'order refused {id}: {message}', change: '{lines} lines, total {total}', approval: '{count} approval(s) needed: {levels}', error: '{source}: {messages}', saved: 'the quote service saved {id} (revision {revision})', differs: 'the quote service priced differently: this page {local}, the service {server} (the service\'s stands)', share: 'customer link made, valid until {expires}', empty: 'No events yet: change the quote.', catalog: 'catalog', quote: 'quote', service: 'quote service', property: 'element property', attribute: 'element attribute' },
} as const;

type Key = keyof (typeof strings)['en'];

export class EventLog {
  private readonly list: HTMLOListElement;
  private readonly empty: HTMLParagraphElement;

  /** Listen on `source` (a `<cpq-quote>` or an ancestor) and write into `container`. */
  constructor(container: HTMLElement, source: EventTarget, private locale: () => UiLocale) {
    this.empty = document.createElement('p');
    this.empty.className = 'event-log-empty';
    this.list = document.createElement('ol');
    this.list.className = 'event-log-list';
    // Once the list scrolls (max-height), a keyboard user reaches it with Tab and scrolls it with the arrows.
    const heading = container.closest('section')?.getAttribute('aria-labelledby');
    if (heading) this.list.setAttribute('aria-labelledby', heading);
    // role=log: a polite live region for appended entries (on a wrapper: a list keeps its role).
    const live = document.createElement('div');
    live.setAttribute('role', 'log');
    live.append(this.list);
    container.append(this.empty, live);
    this.refresh();
    source.addEventListener('cpq-quote-change', (e) => {
      const { quote, priced } = (e as CustomEvent<CpqQuoteChangeDetail>).detail;
      const total = priced ? money(priced.totals.total, priced.currency, this.locale()) : '—';
      this.add('cpq-quote-change', this.s('change', { lines: String(quote.lines.length), total }));
    });
    source.addEventListener('cpq-approval-required', (e) => {
      const { count, approvals } = (e as CustomEvent<CpqApprovalRequiredDetail>).detail;
      // Levels by their display names (the catalog's), never their codes.
      const catalog = (source as { catalog?: Catalog }).catalog;
      const levels = [...new Set(approvals.map((a) => levelName(catalog, a.level, this.locale())))].join(this.locale() === 'zh-CN' ? '、' : ', ');
      this.add('cpq-approval-required', this.s('approval', { count: String(count), levels: levels || '—' }), 'warning');
    });
    source.addEventListener('cpq-stage-suggest', (e) => {
      const { state, stage } = (e as CustomEvent<CpqStageSuggestDetail>).detail;
      const name = stage ? `${typeof stage.name === 'string' ? stage.name : (stage.name[this.locale()] ?? stage.id)}${stage.probability ? ` ${stage.probability}%` : ''}` : '—';
      this.add('cpq-stage-suggest', this.s('stage', { state: text(stateNames, this.locale(), state), stage: name }));
    });
    source.addEventListener('cpq-order-submit', (e) => {
      const { event } = (e as CustomEvent<CpqOrderSubmitDetail>).detail;
      this.add('cpq-order-submit', this.s('submit', { id: event.id, lines: String(event.data.lines.length), total: money(event.data.totals.total, event.data.currency, this.locale()) }));
    });
    source.addEventListener('cpq-order-delivered', (e) => {
      const { id, status } = (e as CustomEvent<CpqOrderDeliveredDetail>).detail;
      this.add('cpq-order-delivered', this.s('delivered', { id, status: String(status) }));
    });
    source.addEventListener('cpq-order-failed', (e) => {
      const { id, message } = (e as CustomEvent<CpqOrderFailedDetail>).detail;
      this.add('cpq-order-failed', this.s('failed', { id, message }), 'error');
    });
    source.addEventListener('cpq-quote-saved', (e) => {
      const { quoteId, revision } = (e as CustomEvent<CpqQuoteSavedDetail>).detail;
      this.add('cpq-quote-saved', this.s('saved', { id: quoteId, revision: String(revision) }));
    });
    source.addEventListener('cpq-server-differs', (e) => {
      const { local, server, currency } = (e as CustomEvent<CpqServerDiffersDetail>).detail;
      this.add('cpq-server-differs', this.s('differs', { local: money(local, currency, this.locale()), server: money(server, currency, this.locale()) }), 'warning');
    });
    source.addEventListener('cpq-share-link', (e) => {
      const { expiresAt } = (e as CustomEvent<CpqShareLinkDetail>).detail;
      this.add('cpq-share-link', this.s('share', { expires: new Date(expiresAt).toLocaleDateString(this.locale()) }));
    });
    source.addEventListener('cpq-error', (e) => {
      const { source: from, errors, status } = (e as CustomEvent<CpqErrorDetail & { status?: number }>).detail;
      // The service's own messages are English: a Chinese page says them in Chinese (codes are for hosts, not people).
      const said = (x: { code?: string; message: string }) => (from === 'service' ? refusalText({ code: x.code ?? '', message: x.message, status: status ?? 0 }, this.locale()) : x.message);
      const messages = [...new Set(errors.slice(0, 3).map(said))].join(this.locale() === 'zh-CN' ? '；' : '; ');
      this.add('cpq-error', this.s('error', { source: this.s(from), messages }), 'error');
    });
  }

  /** Re-read the locale (after a language switch). */
  refresh(): void {
    this.empty.textContent = this.s('empty');
    this.empty.hidden = this.list.childElementCount > 0;
  }

  private s(key: Key, params: Record<string, string> = {}): string {
    return strings[this.locale()][key].replace(/\{(\w+)\}/g, (m, name: string) => params[name] ?? m);
  }

  private add(type: string, summary: string, tone?: 'warning' | 'error'): void {
    const item = document.createElement('li');
    if (tone) item.classList.add(`event-${tone}`);
    const time = document.createElement('time');
    const now = new Date();
    time.dateTime = now.toISOString();
    time.textContent = now.toLocaleTimeString(this.locale(), { hour12: false });
    // The event's name is the host's API (an identifier, not prose).
    const name = document.createElement('code');
    name.lang = 'en';
    name.translate = false;
    name.textContent = type;
    const text = document.createElement('span');
    text.textContent = summary;
    item.append(time, ' ', name, ' ', text);
    this.list.prepend(item);
    while (this.list.childElementCount > MAX_ENTRIES) this.list.lastElementChild!.remove();
    this.refresh();
    if (this.list.scrollHeight > this.list.clientHeight) this.list.tabIndex = 0;
  }
}
