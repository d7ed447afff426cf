import type { Strings } from '../i18n.js';
import { strings, type LineEditorText } from './line-editor.strings.js';

/** The strings of the line editor's honest figures (figures.ts), apart from the editor's own table. */
export type FigureKey =
  | 'margin' | 'tieredTable' | 'volumeTable' | 'average' | 'tierQty' | 'tierUnit' | 'tierFrom' | 'tierAbove' | 'tierUpTo' | 'tierFlat'
  | 'tierUsed' | 'tierLine' | 'effective' | 'noCost' | 'marginNote' | 'costOf';

export type FigureText = Record<FigureKey, string>;

export const figureStrings: Strings<FigureKey> = {
  'zh-CN': {
    margin: '毛利率', tieredTable: '{name}的阶梯价（分段累计）', volumeTable: '{name}的批量价（按总量定价）', average: '均价',
    tierQty: '数量', tierUnit: '单价', tierFrom: '{from} 及以上', tierAbove: '超过 {from}', tierUpTo: '至 {upTo}', tierFlat: '另加固定费 {amount}',
    tierUsed: '（本行适用）', tierLine: '本行数量 {qty}：目录单价 {price}', effective: '实际 {percent}', noCost: '无成本',
    marginNote: '毛利率 {percent}', costOf: '成本 {amount}',
  },
  en: {
    margin: 'Margin', tieredTable: 'Tiered prices of {name} (graduated)', volumeTable: 'Volume prices of {name} (by total quantity)', average: 'avg.',
    tierQty: 'Quantity', tierUnit: 'Unit price', tierFrom: '{from} and up', tierAbove: 'over {from}', tierUpTo: 'to {upTo}', tierFlat: 'plus a flat {amount}',
    tierUsed: '(this line)', tierLine: 'This line, quantity {qty}: list unit price {price}', effective: 'eff. {percent}', noCost: 'no cost',
    marginNote: 'Margin {percent}', costOf: 'cost {amount}',
  },
};

/** The figure strings in the language of the editor's own strings `t` (one object per locale). */
export const figuresFor = (t: LineEditorText): FigureText => (t === strings.en ? figureStrings.en : figureStrings['zh-CN']);
