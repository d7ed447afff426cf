/**
 * How numbers and dates read on the page. Inputs are the contract's decimal strings, already
 * checked by validate-quote; only the text changes (digit grouping, trailing zeros), never the
 * value, so no rounding happens here (truthfulPercent only moves a percent off a bound it does
 * not reach).
 */
import { Dec } from '../core/decimal.js';

/** "1234567.891" → "1,234,567.891"; the sign and the decimals are kept as written. */
export function groupDigits(value: string): string {
  const negative = value.startsWith('-');
  const body = negative ? value.slice(1) : value;
  const dot = body.indexOf('.');
  const whole = dot < 0 ? body : body.slice(0, dot);
  const rest = dot < 0 ? '' : body.slice(dot);
  let out = '';
  for (let i = 0; i < whole.length; i++) {
    if (i > 0 && (whole.length - i) % 3 === 0) out += ',';
    out += whole[i];
  }
  return (negative ? '-' : '') + out + rest;
}

/** A price per unit: grouped, with trailing zeros beyond the currency's decimals dropped. */
export function formatUnitPrice(value: string, scale: number): string {
  const dot = value.indexOf('.');
  if (dot < 0) return groupDigits(value);
  let end = value.length;
  // Tiered prices averaged over a quantity carry more decimals than the currency; keep those
  // that mean something, but never fewer than the currency's own.
  while (end > dot + 1 + scale && value[end - 1] === '0') end--;
  const trimmed = value.slice(0, end);
  return groupDigits(trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed);
}

/** "5.00" → "5%", "12.50" → "12.5%"; zero prints as an empty cell. */
export function formatPercent(value: string): string {
  const trimmed = value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
  if (/^-?0$/.test(trimmed)) return '';
  return `${trimmed}%`;
}

/**
 * A two-decimal percent of `part` in `whole` that never claims a bound it does not reach: the
 * priced quote's `rounded` percent, except that one which rounded onto 0, 100 or -100 while the
 * exact ratio is not that bound is moved by 0.01 back to the side the exact ratio is on —
 * 99.9997 % prints 99.99 %, 0.003 % prints 0.01 %, 100.004 % prints 100.01 %. Rounding onto the
 * bound would be the nearer value, but a reader takes "100 %" as "free" and "0 %" as "no
 * discount", statements about the whole amount that a rounding must not make; the nearest value
 * that is not the bound is off by less than 0.01 and says which side the truth is on. `part`
 * and `whole` are exact decimal strings (a discount and its list amount); the comparisons are
 * exact, no division.
 */
export function truthfulPercent(rounded: string, part: string, whole: string): string {
  const w = new Dec(whole);
  if (w.isZero()) return rounded;
  const r = new Dec(rounded);
  const p = new Dec(part);
  for (const bound of [0, 100, -100]) {
    if (!r.eq(bound)) continue;
    // exact − bound has the sign of (part − bound/100 × whole) × sign(whole).
    const side = p.minus(w.times(bound / 100)).comparedTo(0) * (w.isNegative() ? -1 : 1);
    return side === 0 ? rounded : r.plus(side > 0 ? '0.01' : '-0.01').toFixed(2);
  }
  return rounded;
}

/** A quantity as written, with digit grouping. */
export function formatQty(value: string): string {
  return groupDigits(value);
}

/** An amount with its currency: "¥156,001.14" for CNY in Chinese, "CNY 156,001.14" otherwise (a code is never ambiguous, ¥ is). */
export function formatMoney(value: string, currency: string, chinese: boolean): string {
  if (chinese && currency === 'CNY') return value.startsWith('-') ? `-¥${groupDigits(value.slice(1))}` : `¥${groupDigits(value)}`;
  return `${currency} ${groupDigits(value)}`;
}

/**
 * The amount a `formatMoney` text shows ("¥156,001.14", "CNY -1,200.50" → "156001.14",
 * "-1200.50"): the amount in words is written from the very text the page prints.
 */
export function printedAmount(text: string): string {
  const m = /^(-?)(?:¥|[A-Z]{3} )(-?)([\d,]+(?:\.\d+)?)$/.exec(text);
  if (!m) throw new RangeError(`printedAmount: not a printed amount: ${JSON.stringify(text)}`);
  return m[1]! + m[2]! + m[3]!.replace(/,/g, '');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-11-28" → "2026年11月28日" or "28 Nov 2026"; anything else is printed as given. */
export function formatDate(value: string, chinese: boolean): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  const [, y, mo, d] = m;
  const month = Number(mo);
  if (month < 1 || month > 12) return value;
  return chinese ? `${y}年${month}月${Number(d)}日` : `${Number(d)} ${MONTHS[month - 1]} ${y}`;
}

/**
 * Text as the page shows it: line ends as "\n", tabs as spaces, and zero-width spaces and
 * byte-order marks (invisible, often pasted along with Chinese text) removed, so they are
 * not reported as characters the font cannot draw.
 */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(/[\u200B\uFEFF]/g, '');
}
