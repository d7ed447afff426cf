import type { Strings } from '../i18n.js';

export type Key =
  | 'caption' | 'keys' | 'product' | 'qty' | 'term' | 'listPrice' | 'discount' | 'net' | 'optional' | 'group' | 'actions'
  | 'discountLabel' | 'configure' | 'moveUp' | 'moveDown' | 'remove' | 'chooseRule' | 'chooseRulePlaceholder' | 'ungrouped'
  | 'groupHeading' | 'empty' | 'optionOf' | 'approval' | 'floor' | 'draft' | 'amountOff' | 'unitPrice' | 'month' | 'year' | 'day'
  | 'movedUp' | 'movedDown' | 'removed' | 'columns' | 'columnsShown' | 'columnsReset' | 'scroller';

/** The editor's strings in one locale (labels naming a line are followed by `{line id} {name}`). */
export type LineEditorText = Record<Key, string>;

export const strings: Strings<Key> = {
  'zh-CN': {
    caption: '报价行', keys: '在行内控件上按 Alt+↑ / Alt+↓ 移动该行；在“删除”按钮上按 Delete 删除该行。',
    product: '产品', qty: '数量', term: '期限', listPrice: '目录单价', discount: '折扣', net: '净额', optional: '可选', group: '分组', actions: '操作',
    discountLabel: '折扣（%）', configure: '配置', moveUp: '上移', moveDown: '下移', remove: '删除', chooseRule: '选择价格规则',
    chooseRulePlaceholder: '请选择…', ungrouped: '未分组', groupHeading: '分组：{group}', empty: '报价中还没有行。', optionOf: '{parent} 的选项',
    approval: '需审批（{level}）', floor: '低于底价', draft: '按此折扣：{messages}', amountOff: '每单位减 {amount}', unitPrice: '单价改为 {amount}',
    month: '个月', year: '年', day: '天', movedUp: '{line} 已上移', movedDown: '{line} 已下移', removed: '已删除 {line}',
    columns: '显示的列（{count}）', columnsShown: '报价行显示的列', columnsReset: '恢复默认列', scroller: '报价行（可滚动）',
  },
  en: {
    caption: 'Quote lines', keys: 'On a line’s controls, Alt+Up / Alt+Down move the line; Delete on its Remove button removes it.',
    product: 'Product', qty: 'Quantity', term: 'Term', listPrice: 'List unit price', discount: 'Discount', net: 'Net amount', optional: 'Optional', group: 'Group', actions: 'Actions',
    discountLabel: 'Discount (%)', configure: 'Configure', moveUp: 'Move up', moveDown: 'Move down', remove: 'Remove', chooseRule: 'Choose price rule',
    chooseRulePlaceholder: 'Choose…', ungrouped: 'Ungrouped', groupHeading: 'Group: {group}', empty: 'The quote has no lines yet.', optionOf: 'option of {parent}',
    approval: 'Approval needed ({level})', floor: 'Below floor', draft: 'With this discount: {messages}', amountOff: '{amount} off per unit', unitPrice: 'Unit price set to {amount}',
    month: 'months', year: 'years', day: 'days', movedUp: '{line} moved up', movedDown: '{line} moved down', removed: 'Removed {line}',
    columns: 'Columns ({count})', columnsShown: 'Columns shown in the quote lines', columnsReset: 'Default columns', scroller: 'Quote lines (scrollable)',
  },
};
