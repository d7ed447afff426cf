import { fill, isChinese, localize } from '../core/text.js';

/**
 * The pricing core's messages and waterfall labels, in English and Chinese. Messages are
 * constants with `{name}` slots, so a host can match on the issue `code` and translate.
 */
const EN = {
  'invalid-quote': 'The quote {what}.',
  'invalid-catalog': 'The catalog is not valid at {path}: {message}',
  'unknown-currency': 'Currency {currency} is not an ISO 4217 code the kit knows.',
  'currency-mismatch': '{what}',
  'unknown-price-book': 'Price book {book} does not exist in the catalog.',
  'invalid-line': 'Line {line} {what}.',
  'duplicate-line-id': 'Line id {line} is used more than once; every line needs its own id.',
  'unknown-sku': 'Line {line}: product {sku} is not in the catalog.',
  'invalid-quantity': 'Line {line}: the quantity {what}.',
  'qty-out-of-range': 'Line {line}: quantity {qty} is outside the allowed range {range}.',
  'invalid-term': 'Line {line}: the term {what}.',
  'term-ignored': '{product} is not a subscription: its term is ignored.',
  'invalid-attribute': 'Line {line}: {what}',
  'missing-price': '{product} has no price {where}.',
  'price-rule-conflict': '{product} qualifies for {rules}, which cannot be combined: choose the one that applies.',
  'quote-price-rule-conflict': 'The quote qualifies for {rules}, which cannot be combined: choose the one that applies.',
  'unknown-price-rule': '{product}: the catalog has no offer {rule}.',
  'price-rule-not-applicable': '{product}: the chosen offer {rule} is not one this line has to choose between, so the choice is ignored.',
  'price-clamped': '{product}: {rule} would take the price below zero, so it stops at zero.',
  'quote-price-clamped': '{rule} would take the quote below zero, so it stops at zero.',
  'invalid-discount': '{subject}: the discount {what}.',
  'below-floor': '{product}: the net unit price {price} is below the floor price {floor}.',
  'config-invalid': 'Line {line}: {what}',
  'missing-date': 'The quote has no date; it was priced as of {date}.',
  'no-lines-for-adjustment': 'The quote adjustment {what} has no non-optional priced line to apply to.',
  'invalid-period': 'Line {line}: the service period {what}.',
  'decrease-not-allowed': '{product}: the catalog allows no decrease or cancellation before the renewal.',
} as const;

type Key = keyof typeof EN;

const ZH: Record<Key, string> = {
  'invalid-quote': '报价单{what}。',
  'invalid-catalog': '产品目录在 {path} 处无效：{message}',
  'unknown-currency': '币种 {currency} 不是可识别的 ISO 4217 代码。',
  'currency-mismatch': '{what}',
  'unknown-price-book': '价格表 {book} 在目录中不存在。',
  'invalid-line': '第 {line} 行{what}。',
  'duplicate-line-id': '行号 {line} 重复使用；每一行需要唯一的编号。',
  'unknown-sku': '第 {line} 行：产品 {sku} 不在目录中。',
  'invalid-quantity': '第 {line} 行：数量{what}。',
  'qty-out-of-range': '第 {line} 行：数量 {qty} 超出允许范围 {range}。',
  'invalid-term': '第 {line} 行：期限{what}。',
  'term-ignored': '{product}不是订阅产品，期限不计。',
  'invalid-attribute': '第 {line} 行：{what}',
  'missing-price': '{product}没有价格（{where}）。',
  'price-rule-conflict': '{product}同时符合{rules}，这些优惠不能同时使用：请选择适用的一项。',
  'quote-price-rule-conflict': '本报价同时符合{rules}，这些优惠不能同时使用：请选择适用的一项。',
  'unknown-price-rule': '{product}：目录中没有优惠 {rule}。',
  'price-rule-not-applicable': '{product}：所选优惠{rule}不在本行需要取舍的优惠之中，已忽略该选择。',
  'price-clamped': '{product}：{rule}会使价格低于零，已按零计。',
  'quote-price-clamped': '{rule}会使报价金额低于零，已按零计。',
  'invalid-discount': '{subject}：折扣{what}。',
  'below-floor': '{product}的净单价 {price} 低于底价 {floor}。',
  'config-invalid': '第 {line} 行：{what}',
  'missing-date': '报价单没有日期，按 {date} 定价。',
  'no-lines-for-adjustment': '整单调整 {what} 没有可分摊的非可选行。',
  'invalid-period': '第 {line} 行：服务期{what}。',
  'decrease-not-allowed': '{product}：目录规定续约前不能减少数量或取消订阅。',
};

/** Format a message for `locale` with its slots filled. */
export function message(locale: string, key: Key, params: Record<string, string | number> = {}): string {
  const template: string = isChinese(locale) ? ZH[key] : EN[key];
  return fill(template, params);
}

/**
 * Names as a message lists them: quoted, joined the way each language joins a list —
 * “A” and “B” / “A”、“B”和“C”.
 */
export function nameList(locale: string, names: readonly string[]): string {
  const quoted = names.map((n) => `“${n}”`);
  if (quoted.length < 2) return quoted.join('');
  const last = quoted.pop()!;
  return isChinese(locale) ? `${quoted.join('、')}和${last}` : `${quoted.join(', ')} and ${last}`;
}

/** A product as messages name it (a line's, or the product itself): its name in `locale`, else its SKU. */
export function productName(ctx: { locale: string; cat: { locale?: string | undefined } }, of: { sku: string; product?: { name: unknown } | undefined; name?: unknown }): string {
  const name = 'product' in of ? of.product?.name : of.name;
  return localize(name, ctx.locale, ctx.cat.locale) || of.sku;
}

/** One name as a message quotes it: “A”. */
export function quoted(name: string): string {
  return `“${name}”`;
}

/** Small phrases that fill `{what}` slots, in both languages. */
export function phrase(locale: string, en: string, zh: string): string {
  return isChinese(locale) ? zh : en;
}

const LABELS_EN = {
  base: 'List price',
  included: 'Included in the bundle',
  attribute: 'Option',
  'price-rule': 'Price rule',
  discount: 'Line discount',
  term: 'Term',
  round: 'Rounded',
  'quote-rule': 'Quote price rule',
  'quote-discount': 'Quote discount',
  tax: 'Tax',
  credit: 'Credit',
  contracted: 'Contracted price',
} as const;
const LABELS_ZH: Record<keyof typeof LABELS_EN, string> = {
  base: '目录价',
  included: '套餐内含',
  attribute: '选项加价',
  'price-rule': '价格规则',
  discount: '行折扣',
  term: '期限',
  round: '舍入',
  'quote-rule': '整单价格规则',
  'quote-discount': '整单折扣',
  tax: '税额',
  credit: '贷项（冲减）',
  contracted: '合同价',
};

/** A waterfall label. */
export function label(locale: string, key: keyof typeof LABELS_EN): string {
  return isChinese(locale) ? LABELS_ZH[key] : LABELS_EN[key];
}
