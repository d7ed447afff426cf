import { currencyScale } from '../core/currency.js';
import { describe, parseDecimal } from '../core/parse.js';

/**
 * An amount in words, as quote documents print the total.
 *
 * zh-CN follows the People's Bank of China rules for filling in bills and settlement vouchers
 * (《支付结算办法》附件《正确填写票据和结算凭证的基本规定》): capital numerals 壹…玖拾佰仟万亿;
 * 零 for zeros inside the number, one 零 for a run of them; 整 after 元 when there are no 角/分
 * (none after 角, as the rules' own example 壹仟肆佰零玖元伍角 shows); 零 after 元 when the 角 is 0
 * and the 分 is not; where the rules allow either, the first form they print is used (¥1680.32 →
 * 壹仟陆佰捌拾元零叁角贰分, ¥107000.53 → 壹拾万柒仟元零伍角叁分); a leading 壹 before 拾. Amounts
 * in other currencies take the currency's Chinese name before the numerals (美元壹佰元整).
 *
 * en writes the words with the currency's unit names ("One hundred forty thousand six hundred
 * forty-four yuan only"; "Twelve dollars and fifty cents").
 *
 * The amount is a decimal string with at most the currency's minor-unit decimals (a document
 * prints totals already rounded; silently rounding money here would hide a bug). Up to 16
 * integer digits (below 10^16, 万亿 in Chinese). Bad input throws a RangeError naming the
 * argument and the problem.
 *
 * @example
 * amountInWords('140644.00', 'CNY', 'zh-CN'); // "壹拾肆万零陆佰肆拾肆元整"
 * amountInWords('16409.02', 'CNY', 'zh-CN');  // "壹万陆仟肆佰零玖元零贰分"
 * amountInWords('1250.50', 'USD', 'en');      // "One thousand two hundred fifty dollars and fifty cents"
 */
export function amountInWords(amount: unknown, currency: unknown, locale: unknown = 'zh-CN'): string {
  const scale = currencyScale(currency);
  if (scale === undefined) throw new RangeError(`amountInWords(currency): must be an ISO 4217 code such as "CNY", got ${describeArg(currency)}`);
  if (typeof locale !== 'string') throw new RangeError(`amountInWords(locale): must be a string such as "zh-CN" or "en", got ${describe(locale)}`);
  if (typeof amount !== 'string') throw new RangeError(`amountInWords(amount): must be a decimal string such as "140644.00", got ${describe(amount)}`);
  const parsed = parseDecimal(amount);
  if (!parsed.ok) throw new RangeError(`amountInWords(amount): ${parsed.message}`);
  const negative = parsed.value.isNegative() && !parsed.value.isZero();
  const abs = parsed.value.abs();
  if (abs.decimalPlaces() > scale) {
    throw new RangeError(`amountInWords(amount): ${currency as string} has ${scale} decimal${scale === 1 ? '' : 's'}; round "${amount}" first`);
  }
  const [whole, fraction = ''] = abs.toFixed(scale).split('.');
  if (whole!.length > 16) throw new RangeError(`amountInWords(amount): at most 16 integer digits are supported, got ${whole!.length}`);
  const code = currency as string;
  return /^zh\b/i.test(locale) ? chinese(whole!, fraction, code, negative) : english(whole!, fraction, code, negative);
}

function describeArg(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : describe(value);
}

// ---------------------------------------------------------------- zh-CN

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const IN_GROUP = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿', '万亿'];

/** Chinese names of common currencies, written before the numerals. */
const ZH_CURRENCY: Record<string, string> = {
  USD: '美元', EUR: '欧元', GBP: '英镑', JPY: '日元', HKD: '港元', MOP: '澳门元', TWD: '新台币', KRW: '韩元',
  SGD: '新加坡元', AUD: '澳大利亚元', CAD: '加拿大元', CHF: '瑞士法郎', RUB: '卢布', THB: '泰铢', MYR: '林吉特',
};

/** The integer part in capitals: groups of four digits, 零 for a run of zeros inside. */
function chineseInteger(whole: string): string {
  const digits = whole.replace(/^0+/, '');
  if (digits === '') return '';
  let out = '';
  let zero = false;
  for (let i = 0; i < digits.length; i++) {
    const pos = digits.length - 1 - i;
    const d = Number(digits[i]);
    if (d === 0) zero = true;
    else {
      // A run of zeros before a nonzero digit is one 零 (none at the very start). Zeros that only
      // end the group before (壹拾万柒仟) need none, as the rules' first form writes it; a whole
      // group of zeros does (壹亿零柒仟).
      if (zero && out !== '' && (pos % 4 !== 3 || /^0+$/.test(digits.slice(Math.max(0, i - 4), i)))) out += '零';
      zero = false;
      out += DIGITS[d]! + IN_GROUP[pos % 4]!;
    }
    if (pos % 4 === 0 && pos > 0) {
      // Close a group of four: its name, unless the whole group is zero (亿 keeps 万 apart).
      const group = digits.slice(Math.max(0, i - 3), i + 1);
      if (/[1-9]/.test(group)) out += GROUPS[pos / 4]!;
    }
  }
  return out;
}

function chinese(whole: string, fraction: string, currency: string, negative: boolean): string {
  const prefix = (currency === 'CNY' ? '' : (ZH_CURRENCY[currency] ?? currency)) + (negative ? '负' : '');
  const integer = chineseInteger(whole);
  const jiao = fraction.length >= 1 ? Number(fraction[0]) : 0;
  const fen = fraction.length >= 2 ? Number(fraction[1]) : 0;
  // Digits beyond the 分 (3- and 4-decimal currencies) have no Chinese bill unit: written as 厘/毫.
  const rest = fraction.slice(2);
  if (integer === '' && jiao === 0 && fen === 0 && !/[1-9]/.test(rest)) return `${prefix}零元整`;
  let out = integer === '' ? '' : `${integer}元`;
  if (jiao === 0 && fen === 0 && !/[1-9]/.test(rest)) return `${prefix}${out}整`;
  if (jiao !== 0) {
    // 元位 is 0 but 角 is not: 零 after 元 (the rules' first form).
    if (integer !== '' && whole.endsWith('0')) out += '零';
    out += `${DIGITS[jiao]}角`;
  } else if (integer !== '' && (fen !== 0 || /[1-9]/.test(rest))) {
    out += '零';
  }
  if (fen !== 0) out += `${DIGITS[fen]}分`;
  const units = ['厘', '毫'];
  for (let i = 0; i < rest.length; i++) if (rest[i] !== '0') out += `${DIGITS[Number(rest[i])]}${units[i]}`;
  return prefix + out;
}

// ---------------------------------------------------------------- en

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES = ['', 'thousand', 'million', 'billion', 'trillion', 'quadrillion'];

/** Unit names: [major singular, major plural, minor singular, minor plural]. */
const EN_UNITS: Record<string, [string, string, string, string]> = {
  CNY: ['yuan', 'yuan', 'fen', 'fen'],
  USD: ['dollar', 'dollars', 'cent', 'cents'],
  EUR: ['euro', 'euros', 'cent', 'cents'],
  GBP: ['pound', 'pounds', 'penny', 'pence'],
  JPY: ['yen', 'yen', '', ''],
  HKD: ['Hong Kong dollar', 'Hong Kong dollars', 'cent', 'cents'],
  SGD: ['Singapore dollar', 'Singapore dollars', 'cent', 'cents'],
  AUD: ['Australian dollar', 'Australian dollars', 'cent', 'cents'],
  CAD: ['Canadian dollar', 'Canadian dollars', 'cent', 'cents'],
  CHF: ['Swiss franc', 'Swiss francs', 'centime', 'centimes'],
  KRW: ['won', 'won', '', ''],
  TWD: ['New Taiwan dollar', 'New Taiwan dollars', 'cent', 'cents'],
};

function below1000(n: number): string {
  const parts: string[] = [];
  if (n >= 100) parts.push(`${ONES[Math.floor(n / 100)]} hundred`);
  const r = n % 100;
  if (r >= 20) parts.push(TENS[Math.floor(r / 10)]! + (r % 10 ? `-${ONES[r % 10]}` : ''));
  else if (r > 0) parts.push(ONES[r]!);
  return parts.join(' ');
}

/** Words for a string of digits (up to 16), in groups of three. */
function englishInteger(digits: string): string {
  const trimmed = digits.replace(/^0+/, '');
  if (trimmed === '') return 'zero';
  const parts: string[] = [];
  const groups = Math.ceil(trimmed.length / 3);
  for (let g = groups - 1; g >= 0; g--) {
    const end = trimmed.length - g * 3;
    const n = Number(trimmed.slice(Math.max(0, end - 3), end));
    if (n > 0) parts.push(below1000(n) + (SCALES[g] ? ` ${SCALES[g]}` : ''));
  }
  return parts.join(' ');
}

function english(whole: string, fraction: string, currency: string, negative: boolean): string {
  const [one, many, minorOne, minorMany] = EN_UNITS[currency] ?? [currency, currency, '', ''];
  const major = englishInteger(whole);
  const minorValue = fraction === '' ? 0 : Number(fraction);
  let out = `${major} ${whole.replace(/^0+/, '') === '1' ? one : many}`;
  if (minorValue === 0) out += ' only';
  else if (minorOne) out += ` and ${englishInteger(fraction)} ${minorValue === 1 ? minorOne : minorMany}`;
  else out += ` and ${fraction}/${'1'.padEnd(fraction.length + 1, '0')}`;
  if (negative) out = `minus ${out}`;
  return out.charAt(0).toUpperCase() + out.slice(1);
}
