import { html, nothing, type TemplateResult } from 'lit';
import { money } from '../format.js';
import { text, type Strings } from '../i18n.js';
import type { CpqServerDiffersDetail } from '../events.js';
import type { ServiceError } from './client.js';

type Key = 'differs' | 'refused' | 'unreachable' | 'nameRequired' | 'reasonRequired' | 'notSaved' | 'notLoaded' | 'customerMove' | 'sellerMove' | 'orderNotOnline' | 'busy'
  | 'order' | 'orderNumbered' | 'placed' | 'confirmed' | 'fulfilled' | 'invoiced' | 'cancelled';

export const serviceStrings: Strings<Key> = {
  'zh-CN': {
    differs: '报价服务的计价为 {server}（本页计算为 {local}），以服务端为准，已显示服务端金额。', refused: '报价服务拒绝了请求：{message}',
    unreachable: '无法连接报价服务：{message}', nameRequired: '请填写您的姓名。', reasonRequired: '驳回需填写原因。',
    notSaved: '报价尚未保存到报价服务。', notLoaded: '报价尚未从报价服务加载。', customerMove: '客户通过报价链接接受或拒绝报价。',
    sellerMove: '此操作只能由销售方执行。', orderNotOnline: '此报价由您的客户经理下单，不能在线下单。', busy: '上一个操作仍在进行中。',
    order: '订单状态：{status}', orderNumbered: '订单状态：{status}（ERP 订单号 {number}）',
    placed: '已下单，待 ERP 确认', confirmed: 'ERP 已确认', fulfilled: '已交付', invoiced: '已开票', cancelled: '已取消',
  },
  en: {
    differs: 'The quote service priced this quote at {server} (this page computed {local}); the service\'s figures are shown.',
    refused: 'The quote service refused: {message}', unreachable: 'The quote service could not be reached: {message}',
    nameRequired: 'Enter your name.', reasonRequired: 'A rejection needs a reason.', notSaved: 'The quote is not saved in the quote service yet.',
    notLoaded: 'The quote is not loaded from the quote service yet.', customerMove: 'The customer accepts or declines through the share link.',
    sellerMove: 'Only the seller can do this.', orderNotOnline: 'Your account manager places the order of this quote; it cannot be ordered online.',
    busy: 'The previous action is still in progress.',
    order: 'Order status: {status}', orderNumbered: 'Order status: {status} (ERP order {number})',
    placed: 'placed, awaiting the ERP', confirmed: 'confirmed by the ERP', fulfilled: 'fulfilled', invoiced: 'invoiced', cancelled: 'cancelled',
  },
};

const ORDER_STATUSES = ['placed', 'confirmed', 'fulfilled', 'invoiced', 'cancelled'] as const;

/** The order's status as the state display says it (`Order status: confirmed by the ERP (ERP order SO-1001)`). */
export function orderStatusText(order: { status: string; erpOrderNumber?: string }, locale: string): string {
  const known = (ORDER_STATUSES as readonly string[]).includes(order.status);
  const status = known ? text(serviceStrings, locale, order.status as (typeof ORDER_STATUSES)[number]) : order.status;
  return order.erpOrderNumber !== undefined
    ? text(serviceStrings, locale, 'orderNumbered', { status, number: order.erpOrderNumber })
    : text(serviceStrings, locale, 'order', { status });
}

/**
 * `<cpq-quote>`'s service messages: a refusal of a load or a save (an alert), a pricing that
 * differs (polite), and the order's status once the quote is ordered (`part="order-status"`,
 * with a `data-status` for styling).
 */
export function serviceMessages(error: ServiceError | undefined, differs: CpqServerDiffersDetail | undefined, locale: string,
  order?: { status: string; erpOrderNumber?: string }): TemplateResult {
  const t = (k: Key, p: Record<string, string>) => text(serviceStrings, locale, k, p);
  return html`
    ${order ? html`<p part="order-status" role="status" data-status=${order.status}>${orderStatusText(order, locale)}</p>` : nothing}
    ${error ? html`<p part="service-error" role="alert">${t(error.status === 0 ? 'unreachable' : 'refused', { message: error.message })}</p>` : nothing}
    <p part="server-differs" role="status">${differs
      ? t('differs', { server: money(differs.server, differs.currency, locale), local: money(differs.local, differs.currency, locale) }) : nothing}</p>`;
}
