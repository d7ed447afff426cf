import { currencyScale } from '../core/currency.js';
import { isRecord } from '../core/object.js';
import { describe, parseDecimal } from '../core/parse.js';
import { EN_CURRENCY, ZH_CURRENCY } from './currency-words.js';

/** Options of `amountInWords`. */
export interface AmountInWordsOptions {
  /**
   * zh: write the currency's Chinese name before the capitals also for CNY (人民币壹佰元整), as
   * the PBoC rules ask wherever 人民币 is not printed before the amount box — on a quote
   * document it never is. Default `false` (a bill's box has it printed); other currencies always
   * carry their name (美元壹佰元整). No effect in English, which always names the currency.
   */
  renminbi?: boolean;
}

/**
 * An amount in words, as quote documents print the total.
 *
 * zh-CN follows the People's Bank of China rules for filling in bills and settlement vouchers
 * (《支付结算办法》附件《正确填写票据和结算凭证的基本规定》): capital numerals 壹…玖拾佰仟万亿;
 * 零 for zeros inside the number, one 零 for a run of them; 整 after 元 when there are no 角/分
 * (none after 角, as the rules' own example 壹仟肆佰零玖元伍角 shows); 零 after 元 when the 角 is 0
 * and the 分 is not; where the rules allow either, the first form they print is used (¥1680.32 →
 * 壹仟陆佰捌拾元零叁角贰分, ¥107000.53 → 壹拾万柒仟元零伍角叁分); a leading 壹 before 拾. From
 * 10^12 the 万亿 range: one 亿 closes the eight digits above it (壹万贰仟亿, 壹万亿零伍元). Amounts
 * in other currencies take the currency's Chinese name before the numerals (美元壹佰元整); CNY
 * takes 人民币 with `{ renminbi: true }`.
 *
 * en names the currency first and ends with "only", as cheques and trade documents write it, so
 * that nothing can be added at either end: "Chinese yuan one hundred forty thousand six hundred
 * forty-four only", "Kuwaiti dinars twelve and three hundred forty-five fils only", "Indian
 * rupees five and fifty paise only" — every currency the kit knows, each with its minor unit's
 * name.
 *
 * The amount is a decimal string with at most the currency's minor-unit decimals (a document
 * prints totals already rounded; silently rounding money here would hide a bug). Up to 16
 * integer digits (below 10^16, 万亿 in Chinese). Bad input throws a RangeError naming the
 * argument and the problem.
 *
 * @example
 * amountInWords('140644.00', 'CNY', 'zh-CN');                      // "壹拾肆万零陆佰肆拾肆元整"
 * amountInWords('16409.02', 'CNY', 'zh-CN', { renminbi: true });   // "人民币壹万陆仟肆佰零玖元零贰分"
 * amountInWords('1250.50', 'USD', 'en');                           // "US dollars one thousand two hundred fifty and fifty cents only"
 */
export function amountInWords(amount: unknown, currency: unknown, locale: unknown = 'zh-CN', options: AmountInWordsOptions = {}): string {
  const scale = currencyScale(currency);
  if (scale === undefined) throw new RangeError(`amountInWords(currency): must be an ISO 4217 code such as "CNY", got ${describeArg(currency)}`);
  if (typeof locale !== 'string') throw new RangeError(`amountInWords(locale): must be a string such as "zh-CN" or "en", got ${describe(locale)}`);
  const renminbi = checkOptions(options);
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
  return /^zh\b/i.test(locale) ? chinese(whole!, fraction, code, negative, renminbi) : english(whole!, fraction, code, negative);
}

function checkOptions(options: unknown): boolean {
  if (!isRecord(options)) throw new RangeError(`amountInWords(options): must be an object such as { renminbi: true }, got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (key !== 'renminbi') throw new RangeError(`amountInWords(options.${key}): unknown option; the one option is renminbi`);
  }
  const r = options.renminbi;
  if (r !== undefined && typeof r !== 'boolean') throw new RangeError(`amountInWords(options.renminbi): must be a boolean, got ${describe(r)}`);
  return r === true;
}

function describeArg(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : describe(value);
}

// ---------------------------------------------------------------- zh-CN

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const IN_GROUP = ['', '拾', '佰', '仟'];

/** The integer part in capitals: groups of four digits, 零 for a run of zeros inside. */
function chineseInteger(whole: string): string {
  const digits = whole.replace(/^0+/, '');
  if (digits === '') return '';
  let out = '';
  let zero = false;
  for (let i = 0; i < digits.length; i++) {
    const pos = digits.length - 1 - i;
    const d = digits.charCodeAt(i) - 48;
    if (d === 0) zero = true;
    else {
      // A run of zeros before a nonzero digit is one 零. Zeros that only end the group above
      // (壹拾万柒仟) need none, as the rules' first form writes it; a whole group of zeros does
      // (壹亿零柒仟).
      if (zero && (pos % 4 !== 3 || /^0+$/.test(digits.slice(Math.max(0, i - 4), i)))) out += '零';
      zero = false;
      out += DIGITS[d]! + IN_GROUP[pos % 4]!;
    }
    // 亿 closes everything above it, so it is written even when its own group is zero
    // (壹万亿元整); digits above it are there, leading zeros being gone. 万 closes a group of
    // four (the ten-thousands, and the 万 of 亿 from 10^12) unless that group is all zero.
    if (pos === 8) out += '亿';
    else if ((pos === 4 || pos === 12) && /[1-9]/.test(digits.slice(Math.max(0, i - 3), i + 1))) out += '万';
  }
  return out;
}

function chinese(whole: string, fraction: string, currency: string, negative: boolean, renminbi: boolean): string {
  const name = currency === 'CNY' && !renminbi ? '' : (ZH_CURRENCY[currency] ?? currency);
  const prefix = name + (negative ? '负' : '');
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
  // Every code currencyScale knows has an entry (a test holds the two lists together).
  const [name, minorOne, minorMany] = EN_CURRENCY[currency]!;
  let out = `${name} ${negative ? 'minus ' : ''}${englishInteger(whole)}`;
  const minor = fraction.replace(/^0+/, '');
  if (minor !== '') out += ` and ${englishInteger(minor)} ${minor === '1' ? minorOne : minorMany}`;
  out += ' only';
  return out.charAt(0).toUpperCase() + out.slice(1);
}
