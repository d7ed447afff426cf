import type { Strings } from '../i18n.js';

export type Key =
  | 'caption' | 'keys' | 'product' | 'qty' | 'term' | 'listPrice' | 'discount' | 'net' | 'optional' | 'group' | 'actions'
  | 'discountLabel' | 'configure' | 'moveUp' | 'moveDown' | 'remove' | 'chooseRule' | 'chooseRulePlaceholder' | 'ungrouped'
  | 'groupHeading' | 'empty' | 'optionOf' | 'approval' | 'floor' | 'draft' | 'amountOff' | 'unitPrice' | 'month' | 'year' | 'day'
  | 'movedUp' | 'movedDown' | 'removed' | 'columns' | 'columnsShown' | 'columnsReset' | 'scroller'
  | 'amountLabel' | 'unitPriceLabel' | 'discountKind' | 'kind_percent' | 'kind_amount' | 'kind_unitPrice' | 'clone' | 'cloned' | 'select'
  | 'description' | 'descriptionPlaceholder' | 'sectionLine' | 'noteLine' | 'sectionPlaceholder' | 'notePlaceholder' | 'addSection' | 'addNote' | 'added'
  | 'bulk' | 'selectedCount' | 'selectAll' | 'clearSelection' | 'bulkQty' | 'bulkGroup' | 'applyQty' | 'applyDiscount' | 'applyGroup'
  | 'removeSelected' | 'bulkDone' | 'bulkRemoved' | 'qtyWord' | 'discountWord' | 'groupWord' | 'noGroup';

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
    amountLabel: '每单位减额', unitPriceLabel: '净单价', discountKind: '折扣方式', kind_percent: '%', kind_amount: '减额', kind_unitPrice: '净价',
    clone: '复制', cloned: '已复制 {line}，新行为 {id}', select: '选择', description: '描述', descriptionPlaceholder: '行描述（可选）',
    sectionLine: '章节标题', noteLine: '备注行', sectionPlaceholder: '输入章节标题', notePlaceholder: '输入备注文字',
    addSection: '添加章节标题', addNote: '添加备注行', added: '已添加{line}',
    bulk: '批量修改所选行', selectedCount: '已选 {count} 行', selectAll: '全选报价行', clearSelection: '取消选择', bulkQty: '所选行的数量', bulkGroup: '所选行的分组',
    applyQty: '应用数量', applyDiscount: '应用折扣', applyGroup: '应用分组', removeSelected: '删除所选行', bulkDone: '已将 {count} 行的{what}改为 {value}',
    bulkRemoved: '已删除 {count} 行', qtyWord: '数量', discountWord: '折扣', groupWord: '分组', noGroup: '（无分组）',
  },
  en: {
    caption: 'Quote lines', keys: 'On a line’s controls, Alt+Up / Alt+Down move the line; Delete on its Remove button removes it.',
    product: 'Product', qty: 'Quantity', term: 'Term', listPrice: 'List unit price', discount: 'Discount', net: 'Net amount', optional: 'Optional', group: 'Group', actions: 'Actions',
    discountLabel: 'Discount (%)', configure: 'Configure', moveUp: 'Move up', moveDown: 'Move down', remove: 'Remove', chooseRule: 'Choose price rule',
    chooseRulePlaceholder: 'Choose…', ungrouped: 'Ungrouped', groupHeading: 'Group: {group}', empty: 'The quote has no lines yet.', optionOf: 'option of {parent}',
    approval: 'Approval needed ({level})', floor: 'Below floor', draft: 'With this discount: {messages}', amountOff: '{amount} off per unit', unitPrice: 'Unit price set to {amount}',
    month: 'months', year: 'years', day: 'days', movedUp: '{line} moved up', movedDown: '{line} moved down', removed: 'Removed {line}',
    columns: 'Columns ({count})', columnsShown: 'Columns shown in the quote lines', columnsReset: 'Default columns', scroller: 'Quote lines (scrollable)',
    amountLabel: 'Amount off per unit', unitPriceLabel: 'Net unit price', discountKind: 'Discount as', kind_percent: '%', kind_amount: 'off', kind_unitPrice: 'net',
    clone: 'Clone', cloned: 'Cloned {line} as {id}', select: 'Select', description: 'Description', descriptionPlaceholder: 'Line description (optional)',
    sectionLine: 'Section heading', noteLine: 'Note', sectionPlaceholder: 'Section heading', notePlaceholder: 'Note text',
    addSection: 'Add section heading', addNote: 'Add note', added: 'Added {line}',
    bulk: 'Change the selected lines', selectedCount: '{count} selected', selectAll: 'Select all lines', clearSelection: 'Clear selection', bulkQty: 'Quantity of the selected lines', bulkGroup: 'Group of the selected lines',
    applyQty: 'Set quantity', applyDiscount: 'Set discount', applyGroup: 'Set group', removeSelected: 'Remove selected', bulkDone: 'Set the {what} of {count} lines to {value}',
    bulkRemoved: 'Removed {count} lines', qtyWord: 'quantity', discountWord: 'discount', groupWord: 'group', noGroup: '(no group)',
  },
};
