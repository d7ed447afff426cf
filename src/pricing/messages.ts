import { fill, isChinese } from '../core/text.js';

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
  'term-ignored': 'Line {line}: {sku} is not a subscription; the term is ignored.',
  'invalid-attribute': 'Line {line}: {what}',
  'missing-price': 'Line {line}: {sku} has no price {where}.',
  'price-rule-conflict': 'Line {line}: price rules {rules} tie at priority {priority}; choose one of them for the line.',
  'quote-price-rule-conflict': 'Quote price rules {rules} tie at priority {priority}; choose one of them for the quote.',
  'unknown-price-rule': 'Line {line}: price rule {rule} does not exist.',
  'price-rule-not-applicable': 'Line {line}: price rule {rule} resolves no tie on this line or its options; the choice is ignored.',
  'price-clamped': 'Line {line}: price rule {rule} would make the price negative; it stops at zero.',
  'quote-price-clamped': 'Quote price rule {rule} would make the quote negative; it stops at zero.',
  'invalid-discount': '{subject}: the discount {what}.',
  'below-floor': 'Line {line}: net unit price {price} is below the floor price {floor} of {sku}.',
  'config-invalid': 'Line {line}: {what}',
  'missing-date': 'The quote has no date; it was priced as of {date}.',
  'no-lines-for-adjustment': 'The quote adjustment {what} has no non-optional priced line to apply to.',
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
  'term-ignored': '第 {line} 行：{sku} 不是订阅产品，期限被忽略。',
  'invalid-attribute': '第 {line} 行：{what}',
  'missing-price': '第 {line} 行：{sku} 没有价格（{where}）。',
  'price-rule-conflict': '第 {line} 行：价格规则 {rules} 在优先级 {priority} 上冲突；请为该行选择其中一条。',
  'quote-price-rule-conflict': '整单价格规则 {rules} 在优先级 {priority} 上冲突；请为报价单选择其中一条。',
  'unknown-price-rule': '第 {line} 行：价格规则 {rule} 不存在。',
  'price-rule-not-applicable': '第 {line} 行：价格规则 {rule} 未用于解决该行或其选项的规则冲突，已忽略该选择。',
  'price-clamped': '第 {line} 行：价格规则 {rule} 会使价格为负，已按零计。',
  'quote-price-clamped': '整单价格规则 {rule} 会使报价金额为负，已按零计。',
  'invalid-discount': '{subject}：折扣{what}。',
  'below-floor': '第 {line} 行：净单价 {price} 低于 {sku} 的底价 {floor}。',
  'config-invalid': '第 {line} 行：{what}',
  'missing-date': '报价单没有日期，按 {date} 定价。',
  'no-lines-for-adjustment': '整单调整 {what} 没有可分摊的非可选行。',
};

/** Format a message for `locale` with its slots filled. */
export function message(locale: string, key: Key, params: Record<string, string | number> = {}): string {
  const template: string = isChinese(locale) ? ZH[key] : EN[key];
  return fill(template, params);
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
};

/** A waterfall label. */
export function label(locale: string, key: keyof typeof LABELS_EN): string {
  return isChinese(locale) ? LABELS_ZH[key] : LABELS_EN[key];
}
