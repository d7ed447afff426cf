import type { Strings } from '../i18n.js';

type Key =
  | 'heading' | 'headingRequired' | 'progress' | 'required' | 'current' | 'waiting' | 'done' | 'approvedBy' | 'comment' | 'line' | 'sep'
  | 'whoAny' | 'whoAll' | 'signed' | 'handedTo' | 'youMay' | 'ownQuote' | 'notYourLevel' | 'signedAlready' | 'handedAway' | 'noRight'
  | 'approve' | 'reject'
  | 'ask-approve' | 'ask-reject' | 'ask-send' | 'ask-order' | 'ask-order-self' | 'ask-revise' | 'ask-decline' | 'ask-decline-self'
  | 'do-approve' | 'do-reject' | 'do-send' | 'do-order' | 'do-revise' | 'do-decline' | 'cancel' | 'commentLabel' | 'reasonLabel' | 'reasonRequired' | 'confirmLabel';

/** `<cpq-quote-actions>`: the approvals by level, and the confirmation of a consequential move. */
export const approvalStrings: Strings<Key> = {
  'zh-CN': {
    heading: '审批', headingRequired: '提交后需要的审批', progress: '（已完成 {done}/{total} 级）',
    required: '提交后审批', current: '待审批', waiting: '等待上一级审批', done: '已批准',
    approvedBy: '{by} 于 {at} 批准', comment: '审批意见：{comment}', line: '（{product}）', sep: '：',
    whoAny: '审批人：任一位{level}', whoAll: '审批人：{members}，需每人批准（会签）', signed: '已批准：{names}', handedTo: '已由 {from} 转交给 {to}',
    youMay: '您可以审批这一级。', ownQuote: '这是您自己的报价，需由其他人审批。', notYourLevel: '这一级需由{level}审批，您没有这一级的审批权限。',
    signedAlready: '您已批准这一级，等待其他人会签。', handedAway: '您已把这一级转交他人。', noRight: '',
    approve: '以{level}身份批准…', reject: '以{level}身份驳回…',
    'ask-approve': '批准“{level}”这一级的 {count} 项审批？批准只对当前价格有效：之后价格有变动，需要重新审批。',
    'ask-reject': '驳回后报价退回给销售修改，已给出的审批作废。',
    'ask-send': '发送给客户后报价即锁定，不能再修改；如需改动，请修订为新版本。',
    'ask-order': '为客户已接受的报价下单（{total}）？订单将发送到订单系统，不能在此撤回。',
    'ask-order-self': '按 {total} 下单？提交后订单即生效。',
    'ask-revise': '修订会生成新版本 v{next}（草稿），当前版本随即作废。',
    'ask-decline': '记录客户拒绝了此报价？报价将标记为已拒绝。',
    'ask-decline-self': '确定拒绝此报价？拒绝后如需报价，请联系您的客户经理。',
    'do-approve': '确认批准', 'do-reject': '确认驳回', 'do-send': '确认发送', 'do-order': '确认下单', 'do-revise': '确认修订', 'do-decline': '确认拒绝', cancel: '取消',
    commentLabel: '审批意见（可选）', reasonLabel: '驳回原因（必填）', reasonRequired: '请填写驳回原因。', confirmLabel: '请确认',
  },
  en: {
    heading: 'Approvals', headingRequired: 'Approvals needed once submitted', progress: ' ({done} of {total} levels done)',
    required: 'Needed once submitted', current: 'Awaiting approval', waiting: 'Waits for the level before it', done: 'Approved',
    approvedBy: 'Approved by {by}, {at}', comment: 'Comment: {comment}', line: ' ({product})', sep: ': ',
    whoAny: 'Approved by: any {level}', whoAll: 'Approved by: {members}, each of them (joint sign-off)', signed: 'Signed so far: {names}', handedTo: 'Handed over by {from} to {to}',
    youMay: 'You can approve this level.', ownQuote: 'This is your own quote: someone else must approve it.', notYourLevel: 'A {level} approves this level; you cannot.',
    signedAlready: 'You have signed this level; the others still have to.', handedAway: 'You handed this level over to someone else.', noRight: '',
    approve: 'Approve as {level}…', reject: 'Reject as {level}…',
    'ask-approve': 'Approve the {count} approval(s) of the “{level}” level? The approval holds for these prices only: a later price change needs a new approval.',
    'ask-reject': 'Rejecting sends the quote back to the seller to change; the approvals given so far lapse.',
    'ask-send': 'Once sent, the quote is locked: a change needs a new version.',
    'ask-order': 'Place the order for the accepted quote ({total})? It goes to order management and cannot be withdrawn here.',
    'ask-order-self': 'Place your order for {total}? Once placed, the order is binding.',
    'ask-revise': 'Revising makes version {next}, a draft; this version is superseded.',
    'ask-decline': 'Record that the customer declined this quote? It is marked rejected.',
    'ask-decline-self': 'Decline this quote? For a new quote, contact your account manager.',
    'do-approve': 'Confirm approval', 'do-reject': 'Confirm rejection', 'do-send': 'Confirm and send', 'do-order': 'Confirm order', 'do-revise': 'Confirm revision', 'do-decline': 'Confirm decline', cancel: 'Cancel',
    commentLabel: 'Comment (optional)', reasonLabel: 'Reason for rejecting (required)', reasonRequired: 'Enter a reason for rejecting.', confirmLabel: 'Please confirm',
  },
};
