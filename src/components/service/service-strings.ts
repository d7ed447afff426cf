import { html, nothing, type TemplateResult } from 'lit';
import { money } from '../format.js';
import { text, uiLocale, type Strings } from '../i18n.js';
import type { CpqServerDiffersDetail } from '../events.js';
import type { ServiceError } from './client.js';

type Key = 'differs' | 'refused' | 'unreachable' | 'nameRequired' | 'reasonRequired' | 'notSaved' | 'notLoaded' | 'customerMove' | 'sellerMove' | 'orderNotOnline' | 'busy'
  | 'notCurrentLevel' | 'order' | 'orderNumbered' | 'placed' | 'confirmed' | 'fulfilled' | 'invoiced' | 'cancelled';

export const serviceStrings: Strings<Key> = {
  'zh-CN': {
    differs: '报价服务的计价为 {server}（本页计算为 {local}），以服务端为准，已显示服务端金额。', refused: '报价服务拒绝了请求：{message}',
    unreachable: '无法连接报价服务：{message}', nameRequired: '请填写您的姓名。', reasonRequired: '驳回需填写原因。',
    notSaved: '报价尚未保存到报价服务。', notLoaded: '报价尚未从报价服务加载。', customerMove: '客户通过报价链接接受或拒绝报价。',
    sellerMove: '此操作只能由销售方执行。', orderNotOnline: '此报价由您的客户经理下单，不能在线下单。', busy: '上一个操作仍在进行中。',
    notCurrentLevel: '这一级的审批还没有轮到：请重新加载报价后再看。',
    order: '订单状态：{status}', orderNumbered: '订单状态：{status}（ERP 订单号 {number}）',
    placed: '已下单，待 ERP 确认', confirmed: 'ERP 已确认', fulfilled: '已交付', invoiced: '已开票', cancelled: '已取消',
  },
  en: {
    differs: 'The quote service priced this quote at {server} (this page computed {local}); the service\'s figures are shown.',
    refused: 'The quote service refused: {message}', unreachable: 'The quote service could not be reached: {message}',
    nameRequired: 'Enter your name.', reasonRequired: 'A rejection needs a reason.', notSaved: 'The quote is not saved in the quote service yet.',
    notLoaded: 'The quote is not loaded from the quote service yet.', customerMove: 'The customer accepts or declines through the share link.',
    sellerMove: 'Only the seller can do this.', orderNotOnline: 'Your account manager places the order of this quote; it cannot be ordered online.',
    busy: 'The previous action is still in progress.', notCurrentLevel: 'This level is not the one to decide now: reload the quote and look again.',
    order: 'Order status: {status}', orderNumbered: 'Order status: {status} (ERP order {number})',
    placed: 'placed, awaiting the ERP', confirmed: 'confirmed by the ERP', fulfilled: 'fulfilled', invoiced: 'invoiced', cancelled: 'cancelled',
  },
};

/**
 * The service's refusals in Chinese, by code: its own messages are English (a lifecycle refusal
 * comes in the quote's language). An English page shows the service's message as it is.
 */
const REFUSALS_ZH: Record<string, string> = {
  'own-quote': '这是您自己的报价，需由其他人审批。',
  'not-your-level': '您现在不能审批这一级：可能需要先由上一级审批，或这一级不在您的审批权限内。',
  'changed-since-seen': '报价的价格在您打开后已变动：已重新加载，请查看后再操作。',
  'stale-revision': '报价已被他人修改：请重新加载后再编辑。',
  superseded: '此版本已被新版本取代。',
  'already-ordered': '此报价版本已经下单。',
  locked: '报价已发送，不能再修改：请修订为新版本。',
  'invalid-transition': '报价当前的状态不允许此操作。',
  'empty-quote': '报价中没有可下单的产品：请先添加产品。',
  'link-expired': '此报价链接已过期：请联系您的客户经理获取新链接。',
  'invalid-link': '此报价链接无效。',
  'link-revoked': '此报价链接已被销售方收回。',
  'order-not-allowed': '此报价由您的客户经理下单，不能在线下单。',
  'unknown-level': '报价需要的审批级别在报价服务中没有设置：请联系管理员。',
  'invalid-handover': '不能把审批转交给此人。',
  forbidden: '您没有执行此操作的权限。',
  unauthenticated: '登录已失效：请重新登录。',
  'invalid-token': '登录已失效：请重新登录。',
  'not-found': '报价服务中找不到此报价。',
  'rate-limited': '请求过于频繁：请稍后再试。',
};

/** A refusal as this page's language says it: the service's message, in Chinese for a Chinese page. */
export function refusalText(error: { code: string; message: string; status: number }, locale: string): string {
  if (uiLocale(locale) !== 'zh-CN' || /[\u3400-\u9fff]/.test(error.message)) return error.message;
  return REFUSALS_ZH[error.code] ?? (error.status === 0 ? '网络不通或报价服务未响应。' : `报价服务拒绝了此操作（HTTP ${error.status}）。`);
}

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
    ${error ? html`<p part="service-error" role="alert">${t(error.status === 0 ? 'unreachable' : 'refused', { message: refusalText(error, locale) })}</p>` : nothing}
    <p part="server-differs" role="status">${differs
      ? t('differs', { server: money(differs.server, differs.currency, locale), local: money(differs.local, differs.currency, locale) }) : nothing}</p>`;
}
