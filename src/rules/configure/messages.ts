import { fill, isChinese, localize } from '../../core/text.js';
import type { PreparedCatalog } from '../prepare-catalog.js';

/** The configuration engine's own messages (rules bring theirs), in English and Chinese. */
const EN = {
  'unknown-product': 'Product {sku} is not in the catalog.',
  'invalid-catalog': 'The catalog is not valid at {path}: {message}',
  'too-deep': 'Option {sku} nests bundles more than {depth} levels deep (or in a cycle); deeper options are ignored.',
  'not-a-list': 'options must be a list, got {what}.',
  'not-an-entry': 'An option must be an object such as {"sku": "…", "qty": "1"}, got {what}.',
  'no-sku': 'An option needs its "sku".',
  'not-an-option': '{sku} is not an option of {product}.',
  'chosen-twice': '{product} is chosen twice.',
  'bad-qty': 'The quantity of {sku} {what}; it must be a decimal greater than zero.',
  'attributes-not-object': 'attributes must be an object, got {what}.',
  'unknown-attribute': '{sku} has no attribute {id}.',
  'bad-attribute-value': 'Attribute {id} cannot be {what}; choose one of {allowed}.',
  'attribute-required': 'Attribute {id} is required.',
  'bad-root-qty': 'The quantity {what}; it must be a decimal greater than zero.',
  'bad-term': 'The term {what}; it must be a decimal greater than zero.',
  'root-qty-range': 'Quantity {value} is outside {min}–{max}.',
  'term-range': 'Term {value} is outside {min}–{max}.',
  step: '{value} is not a multiple of the step {step}.',
  'option-qty-range': 'The quantity of {product} ({value}) is outside {min}–{max}.',
  'feature-min': '{feature}: choose at least {min} (chosen: {count}).',
  'feature-max': '{feature}: choose at most {max} (chosen: {count}).',
  requires: 'Choose {targets} as well.',
  excluded: '{product} is not available: {reason}',
  validate: 'This combination is not offered.',
  excludes: '{product} cannot be chosen with this configuration.',
  hide: '{product} is not offered with this configuration.',
  autoSelect: '{product} comes with this choice.',
  setQty: 'The quantity of {product} follows from this choice.',
  'auto-hidden': 'Rule {rule} selects {product}, which rule {other} hides.',
  'setqty-bad': 'Rule {rule} gives {product} the quantity {what}; a quantity must be a number greater than zero.',
  cycle: 'Rules {rules} keep changing each other\'s result and never settle.',
} as const;

type Key = keyof typeof EN;

const ZH: Record<Key, string> = {
  'unknown-product': '产品 {sku} 不在目录中。',
  'invalid-catalog': '产品目录在 {path} 处无效：{message}',
  'too-deep': '选项 {sku} 的套餐嵌套超过 {depth} 层（或形成循环），更深的选项被忽略。',
  'not-a-list': 'options 必须是列表，实际为 {what}。',
  'not-an-entry': '选项必须是对象，例如 {"sku": "…", "qty": "1"}，实际为 {what}。',
  'no-sku': '选项缺少 "sku"。',
  'not-an-option': '{sku} 不是 {product} 的可选项。',
  'chosen-twice': '{product}被重复选择。',
  'bad-qty': '{sku} 的数量{what}；数量必须是大于零的十进制数。',
  'attributes-not-object': 'attributes 必须是对象，实际为 {what}。',
  'unknown-attribute': '{sku} 没有属性 {id}。',
  'bad-attribute-value': '属性 {id} 不能取值 {what}；可选：{allowed}。',
  'attribute-required': '属性 {id} 为必选。',
  'bad-root-qty': '数量{what}；数量必须是大于零的十进制数。',
  'bad-term': '期限{what}；期限必须是大于零的十进制数。',
  'root-qty-range': '数量 {value} 超出范围 {min}–{max}。',
  'term-range': '期限 {value} 超出范围 {min}–{max}。',
  step: '{value} 不是步长 {step} 的整数倍。',
  'option-qty-range': '{product}的数量（{value}）超出范围 {min}–{max}。',
  'feature-min': '{feature}：至少选择 {min} 项（已选 {count} 项）。',
  'feature-max': '{feature}：最多选择 {max} 项（已选 {count} 项）。',
  requires: '还需要选择{targets}。',
  excluded: '{product}不可选：{reason}',
  validate: '不提供这种配置组合。',
  excludes: '当前配置下不能选择{product}。',
  hide: '当前配置下不提供{product}。',
  autoSelect: '此选择会同时包含{product}。',
  setQty: '{product}的数量由当前选择决定。',
  'auto-hidden': '规则 {rule} 自动选择{product}，但规则 {other} 将其隐藏。',
  'setqty-bad': '规则 {rule} 给出的{product}数量为 {what}；数量必须是大于零的数。',
  cycle: '规则 {rules} 相互改变结果，无法稳定。',
};

/** A configuration message in `locale` (Chinese for zh-*, else English). */
export function say(locale: string, key: Key, params: Record<string, string | number> = {}): string {
  return fill(isChinese(locale) ? ZH[key] : EN[key], params);
}

/** A product as the messages name it: its name in `locale`, else its SKU. */
export function productOf(cat: PreparedCatalog, locale: string, sku: string): string {
  return localize(cat.products.get(sku)?.name, locale, cat.locale) || sku;
}

/** Products listed as a sentence names them: A、B和C / A, B and C. */
export function productList(cat: PreparedCatalog, locale: string, skus: readonly string[]): string {
  const names = skus.map((sku) => productOf(cat, locale, sku));
  if (names.length < 2) return names.join('');
  const last = names.pop()!;
  return isChinese(locale) ? `${names.join('、')}和${last}` : `${names.join(', ')} and ${last}`;
}
