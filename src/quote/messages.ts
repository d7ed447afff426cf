import { fill, isChinese } from '../core/text.js';
import type { LifecycleAction, QuoteError, QuoteState } from './lifecycle-types.js';

/**
 * Messages of the lifecycle and the order event, in English and Chinese. As in pricing, they
 * are constants with `{name}` slots and a stable `code`, so a host can match on the code and
 * show its own text.
 */
const EN = {
  'invalid-input': '{what}',
  'invalid-lifecycle': 'The quote\'s lifecycle record is not valid: {what}',
  'snapshot-mismatch': 'The priced quote is {other}, not {quote}: price this quote version and try again.',
  'invalid-transition': 'A quote that is {state} cannot be {action}.',
  'not-orderable': 'The quote has pricing errors and cannot go further: {what}',
  expired: 'The quote was valid until {validUntil}; it has expired. Revise it to make a new version.',
  superseded: 'Version {version} has been superseded by version {newer}; use the newest version.',
  'approval-pending': 'Approvals are still pending: {list}.',
  'approval-required': 'The quote needs approval before it is sent: {list}. Submit it for approval.',
  'changed-since-submit': 'The quote\'s prices changed after it was submitted; record the edit (it goes back to approval).',
  'changed-since-approval': 'The quote\'s prices changed after it was approved; it needs approval again.',
  'changed-since-sent': 'The quote\'s prices differ from what was sent to the customer.',
  'changed-since-acceptance': 'The quote\'s prices differ from what the customer accepted.',
  'unknown-approval': 'The quote does not require the approval {rule} (pending: {list}).',
  'reason-required': 'A reason is required to {action} a quote.',
  locked: 'A quote that is {state} cannot be changed; revise it to make a new version.',
  'not-expired': 'The quote is valid until {validUntil}; it has not expired yet.',
  'not-accepted': 'Only an accepted quote can be ordered; this one is {state}.',
  'already-ordered': 'The quote has been ordered already (event {event}).',
  'invalid-catalog': 'The catalog is not valid at {path}: {what}',
  'priced-mismatch': 'The priced quote is {other}, but the quote is {quote}.',
  'priced-stale': 'The priced quote is not what the catalog gives for this quote now; price it again.',
} as const;

type Key = keyof typeof EN;

const ZH: Record<Key, string> = {
  'invalid-input': '{what}',
  'invalid-lifecycle': '报价单的生命周期记录无效：{what}',
  'snapshot-mismatch': '定价结果属于 {other}，不是 {quote}：请对本版本报价重新定价后再试。',
  'invalid-transition': '{state}的报价单不能{action}。',
  'not-orderable': '报价单有定价错误，不能继续：{what}',
  expired: '报价单有效期至 {validUntil}，已过期。请修订生成新版本。',
  superseded: '第 {version} 版已被第 {newer} 版取代，请使用最新版本。',
  'approval-pending': '仍有待审批项：{list}。',
  'approval-required': '报价单发送前需要审批：{list}。请先提交审批。',
  'changed-since-submit': '报价单提交审批后价格发生了变化，请记录修改（报价单将重新进入审批）。',
  'changed-since-approval': '报价单审批通过后价格发生了变化，需要重新审批。',
  'changed-since-sent': '报价单的价格与发给客户的不一致。',
  'changed-since-acceptance': '报价单的价格与客户接受的不一致。',
  'unknown-approval': '报价单不需要审批项 {rule}（待审批：{list}）。',
  'reason-required': '{action}报价单必须填写原因。',
  locked: '{state}的报价单不能修改；请修订生成新版本。',
  'not-expired': '报价单有效期至 {validUntil}，尚未过期。',
  'not-accepted': '只有客户已接受的报价单才能下单；该报价单{state}。',
  'already-ordered': '报价单已下单（事件 {event}）。',
  'invalid-catalog': '产品目录在 {path} 处无效：{what}',
  'priced-mismatch': '定价结果属于 {other}，但报价单是 {quote}。',
  'priced-stale': '定价结果与按当前目录为该报价单定价的结果不一致，请重新定价。',
};

const STATES_EN: Record<QuoteState, string> = {
  draft: 'a draft', 'approval-pending': 'pending approval', approved: 'approved', rejected: 'rejected',
  sent: 'sent', accepted: 'accepted', ordered: 'ordered', expired: 'expired', superseded: 'superseded',
};
const STATES_ZH: Record<QuoteState, string> = {
  draft: '草稿状态', 'approval-pending': '待审批', approved: '已批准', rejected: '已驳回',
  sent: '已发送', accepted: '已接受', ordered: '已下单', expired: '已过期', superseded: '已被取代',
};
const ACTIONS_EN: Record<LifecycleAction, string> = {
  submit: 'submitted for approval', approve: 'approved', reject: 'rejected', send: 'sent', accept: 'accepted',
  decline: 'declined', order: 'ordered', edit: 'edited', expire: 'marked expired', revise: 'revised', supersede: 'superseded',
};
const ACTIONS_ZH: Record<LifecycleAction, string> = {
  submit: '提交审批', approve: '批准', reject: '驳回', send: '发送', accept: '接受', decline: '拒绝',
  order: '下单', edit: '修改', expire: '标记过期', revise: '修订', supersede: '取代',
};

/** A message for `locale` with its slots filled. */
export function message(locale: string, key: Key, params: Record<string, string | number> = {}): string {
  return fill(isChinese(locale) ? ZH[key] : EN[key], params);
}

/** A located error with its message. */
export function error(locale: string, code: Key, path: string, params: Record<string, string | number> = {}): QuoteError {
  return { code, path, message: message(locale, code, params) };
}

/** A state's name in a message. */
export function stateName(locale: string, state: QuoteState): string {
  return isChinese(locale) ? STATES_ZH[state] : STATES_EN[state];
}

/** An action's name in a message. */
export function actionName(locale: string, action: LifecycleAction): string {
  return isChinese(locale) ? ACTIONS_ZH[action] : ACTIONS_EN[action];
}

/** One phrase in the locale's language. */
export function phrase(locale: string, en: string, zh: string): string {
  return isChinese(locale) ? zh : en;
}
