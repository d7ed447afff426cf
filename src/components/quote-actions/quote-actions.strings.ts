import type { Strings } from '../i18n.js';

type Key =
  | 'heading' | 'headingSelf' | 'state' | 'acceptSelf' | 'declineSelf' | 'stage' | 'actions' | 'submit' | 'requestQuote' | 'send' | 'accept' | 'decline' | 'order' | 'revise'
  | 'reference' | 'referenceSelf' | 'pdf' | 'pdfMark' | 'pdfMarkErrors' | 'pdfClean' | 'pdfModule' | 'pdfFont' | 'pdfRender' | 'pdfDone' | 'pdfFailed' | 'history' | 'noHistory'
  | 'orderPending' | 'orderRetrying' | 'orderDelivered' | 'orderDeliveredSelf' | 'orderFailed' | 'retryOrder' | 'orderHost' | 'refused' | 'entry' | 'entryReason'
  | 'name' | 'busy' | 'retrying' | 'shareLink' | 'shareExpires'
  | 'draft' | 'approval-pending' | 'approved' | 'rejected' | 'sent' | 'accepted' | 'ordered' | 'expired' | 'superseded'
  | 'nextAccepted' | 'nextReview'
  | 'self-draft' | 'self-approval-pending' | 'self-approved' | 'self-rejected' | 'self-sent' | 'self-accepted' | 'self-ordered' | 'self-expired' | 'self-superseded';

export const strings: Strings<Key> = {
  'zh-CN': {
    heading: '报价流程', headingSelf: '下一步', state: '报价状态：', acceptSelf: '接受报价', declineSelf: '拒绝报价…', stage: '建议商机阶段：{stage}', actions: '报价操作',
    submit: '提交审批', requestQuote: '提交报价请求', send: '发送给客户…', accept: '客户已接受', decline: '客户拒绝…',
    order: '下单…', revise: '修订报价（新版本）…', reference: '客户采购单号（可选）', referenceSelf: '您的采购单号（可选）',
    pdf: '下载报价单 PDF', pdfMark: 'PDF 每页带“{mark}”标记', pdfMarkErrors: 'PDF 每页带“{mark}”标记，且不含签署栏（报价存在错误）', pdfClean: '正式报价：PDF 不带状态标记', pdfModule: '正在加载 PDF 模块…', pdfFont: '正在加载中文字体…', pdfRender: '正在生成 {lines} 行的报价单…',
    pdfDone: '报价单已生成（{size}）', pdfFailed: '报价单生成失败：{message}', history: '历史记录（{count}）', noHistory: '尚无记录',
    orderPending: '订单已保存，正在发送…', orderRetrying: '订单等待发送（将自动重试）：{message}', orderDelivered: '订单已送达订单系统（{id}）', orderDeliveredSelf: '您的订单已提交（订单号 {id}）。',
    orderFailed: '订单被订单系统拒绝：{message}', retryOrder: '重新发送订单', orderHost: '订单已交给宿主页面处理', refused: '无法执行：',
    entry: '{at} · {actor}：{from} → {to}', entryReason: '（{reason}）',
    name: '您的姓名', busy: '正在提交给报价服务…', retrying: '正在重试（将自动重试）：{message}', shareLink: '客户链接', shareExpires: '有效期至 {date}',
    draft: '草稿', 'approval-pending': '待审批', approved: '已批准', rejected: '已驳回', sent: '已发送客户', accepted: '客户已接受',
    ordered: '已下单', expired: '已过期', superseded: '已被新版本取代',
    nextAccepted: '您的客户经理将为您下单，您无需再做什么。', nextReview: '客户经理确认后会把报价发给您。',
    'self-draft': '草稿', 'self-approval-pending': '客户经理正在确认', 'self-approved': '已确认，待发给您', 'self-rejected': '已拒绝', 'self-sent': '待您答复',
    'self-accepted': '您已接受', 'self-ordered': '已下单', 'self-expired': '已过期', 'self-superseded': '已有新版本',
  },
  en: {
    heading: 'Quote flow', headingSelf: 'Next step', state: 'Quote status: ', acceptSelf: 'Accept this quote', declineSelf: 'Decline this quote…', stage: 'Suggested opportunity stage: {stage}', actions: 'Quote actions',
    submit: 'Submit for approval', requestQuote: 'Request this quote', send: 'Send to customer…',
    accept: 'Customer accepted', decline: 'Customer declined…', order: 'Place order…', revise: 'Revise (new version)…',
    reference: 'Customer PO number (optional)', referenceSelf: 'Your PO number (optional)', pdf: 'Download quote PDF', pdfMark: 'The PDF is marked “{mark}” on every page', pdfMarkErrors: 'The PDF is marked “{mark}” on every page and has no signature blocks (the quote has errors)', pdfClean: 'Final quote: the PDF carries no status mark',
    pdfModule: 'Loading the PDF module…', pdfFont: 'Loading the Chinese font…', pdfRender: 'Rendering a {lines}-line quote…',
    pdfDone: 'Quote PDF ready ({size})', pdfFailed: 'The PDF could not be made: {message}', history: 'History ({count})', noHistory: 'Nothing yet',
    orderPending: 'Order saved, sending…', orderRetrying: 'Order waiting to be sent (retrying automatically): {message}',
    orderDelivered: 'Order received by order management ({id})', orderDeliveredSelf: 'Your order is placed (order {id}).', orderFailed: 'Order refused by order management: {message}',
    retryOrder: 'Send the order again', orderHost: 'Order handed to the host page', refused: 'Not done: ',
    entry: '{at} · {actor}: {from} → {to}', entryReason: ' ({reason})',
    name: 'Your name', busy: 'Sending to the quote service…', retrying: 'Retrying automatically: {message}', shareLink: 'Customer link', shareExpires: 'valid until {date}',
    draft: 'Draft', 'approval-pending': 'Awaiting approval', approved: 'Approved', rejected: 'Rejected', sent: 'Sent to customer',
    accepted: 'Accepted', ordered: 'Ordered', expired: 'Expired', superseded: 'Superseded by a newer version',
    nextAccepted: 'Your account manager will place the order: there is nothing more for you to do.', nextReview: 'Your account manager will check the quote and send it to you.',
    'self-draft': 'Draft', 'self-approval-pending': 'Being checked by your account manager', 'self-approved': 'Checked, on its way to you', 'self-rejected': 'Declined', 'self-sent': 'Waiting for your answer',
    'self-accepted': 'Accepted by you', 'self-ordered': 'Ordered', 'self-expired': 'Expired', 'self-superseded': 'Replaced by a newer version',
  },
};
