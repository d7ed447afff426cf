import type { Strings } from '../i18n.js';
import { strings, type LineEditorText } from './line-editor.strings.js';

/**
 * The strings of an amendment's and a ramp deal's lines (contract-row.ts, issue 16). The
 * service-period sentence is the PDF's (src/pdf/strings.ts `period`), filled with the priced
 * line's own `proration` (its days and the label pricing wrote): never counted again here.
 */
export type ContractKey =
  | 'existing' | 'contracted' | 'notCharged' | 'change' | 'credit' | 'qtyChange' | 'period' | 'newQty'
  | 'ramp' | 'schedule' | 'scheduleOf' | 'segment' | 'segPeriod' | 'segQty' | 'segUnit' | 'segAmount' | 'rampTotal'
  | 'segPrice' | 'segActions' | 'addSegment' | 'removeSegment' | 'removeRamp' | 'makeRamp' | 'segAdded' | 'segRemoved' | 'rampRemoved' | 'rampMade';

export type ContractText = Record<ContractKey, string>;

export const contractStrings: Strings<ContractKey> = {
  'zh-CN': {
    existing: '现有订阅', contracted: '合同净单价 {price}', notCharged: '现有订阅，不计费，不计入合计', change: '变更', credit: '贷项',
    qtyChange: '数量变更 {delta}', period: '服务期 {start} 至 {end}，按 {counted} 计', newQty: '自 {start} 起数量',
    ramp: '分段计价', schedule: '计价安排（{count} 段）', scheduleOf: '{name}的计价安排', segment: '第 {n} 段',
    segPeriod: '服务期', segQty: '数量', segUnit: '净单价', segAmount: '金额', rampTotal: '各段合计',
    segPrice: '价格', segActions: '操作', addSegment: '添加一段', removeSegment: '删除', removeRamp: '删除', makeRamp: '改为分段计价…',
    segAdded: '已为 {name} 添加第 {n} 段', segRemoved: '已删除 {name} 的第 {n} 段', rampRemoved: '已删除分段计价 {name}', rampMade: '{name} 已改为两段的分段计价',
  },
  en: {
    existing: 'Existing subscription', contracted: 'Contracted net unit price {price}', notCharged: 'Existing, not charged, not in the totals', change: 'Change', credit: 'Credit',
    qtyChange: 'Quantity change {delta}', period: 'Service {start} to {end}, charged for {counted}', newQty: 'Quantity from {start}',
    ramp: 'Ramp', schedule: 'Schedule ({count} periods)', scheduleOf: 'Schedule of {name}', segment: 'Period {n}',
    segPeriod: 'Service period', segQty: 'Quantity', segUnit: 'Net unit price', segAmount: 'Amount', rampTotal: 'All periods',
    segPrice: 'Price', segActions: 'Actions', addSegment: 'Add a period', removeSegment: 'Remove', removeRamp: 'Remove', makeRamp: 'Make a ramp…',
    segAdded: 'Added period {n} to {name}', segRemoved: 'Removed period {n} of {name}', rampRemoved: 'Removed the ramp {name}', rampMade: '{name} is now a ramp of two periods',
  },
};

/** The contract strings in the language of the editor's own strings `t`. */
export const contractFor = (t: LineEditorText): ContractText => (t === strings.en ? contractStrings.en : contractStrings['zh-CN']);
