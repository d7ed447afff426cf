// amountInWords: a table written by hand from the People's Bank of China rules for filling in
// bills (《正确填写票据和结算凭证的基本规定》, the examples it prints and the forms its rules
// give), the 万亿 range, the 人民币 option, English words for every currency the kit knows, bad
// input, and round-trip properties through independent, strict readers of the words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { currencyScale } from '../src/core/currency.js';
import { EN_CURRENCY, ZH_CURRENCY } from '../src/pdf/currency-words.js';
import { amountInWords } from '../src/pdf/index.js';
import { readCapitals, readEnglish } from './fixtures/words-readers.js';

/** Every code the kit knows, found by asking currencyScale about every three-letter code. */
const CODES: string[] = [];
for (let a = 65; a <= 90; a++) for (let b = 65; b <= 90; b++) for (let c = 65; c <= 90; c++) {
  const code = String.fromCharCode(a, b, c);
  if (currencyScale(code) !== undefined) CODES.push(code);
}

describe('amountInWords, zh-CN (PBoC rules, with 人民币)', () => {
  const table: [string, string, string][] = [
    // [amount, expected, the rule]
    ['1409.50', '人民币壹仟肆佰零玖元伍角', '2(1) an inner 0 → 零; no 整 after 角 (the rules\' example)'],
    ['6007.14', '人民币陆仟零柒元壹角肆分', '2(2) a run of zeros → one 零 (the rules\' example)'],
    ['1680.32', '人民币壹仟陆佰捌拾元零叁角贰分', '2(3) 元位 0, 角 not 0: the first form (the rules\' example)'],
    ['107000.53', '人民币壹拾万柒仟元零伍角叁分', '2(3) 万位 and 元位 0: the first form (the rules\' example)'],
    ['16409.02', '人民币壹万陆仟肆佰零玖元零贰分', '2(4) 角 0, 分 not 0 → 零 after 元 (the rules\' example)'],
    ['325.04', '人民币叁佰贰拾伍元零肆分', '2(4) (the rules\' example)'],
    ['140644.00', '人民币壹拾肆万零陆佰肆拾肆元整', '1 整 after 元; 壹 before 拾'],
    ['10.00', '人民币壹拾元整', '壹 before 拾'],
    ['15.00', '人民币壹拾伍元整', '壹 before 拾'],
    ['110.00', '人民币壹佰壹拾元整', '壹 before 拾 inside the number'],
    ['0.00', '人民币零元整', 'zero'],
    ['0.30', '人民币叁角', 'below one yuan; none after 角'],
    ['0.05', '人民币伍分', 'only 分'],
    ['0.35', '人民币叁角伍分', '角 and 分'],
    ['1.00', '人民币壹元整', '1 整 after 元'],
    ['1.01', '人民币壹元零壹分', '2(4)'],
    ['1.10', '人民币壹元壹角', 'no 零 when 元位 is not 0'],
    ['20.20', '人民币贰拾元零贰角', '2(3) 元位 0, first form'],
    ['100.00', '人民币壹佰元整', 'trailing zeros → no 零'],
    ['101.00', '人民币壹佰零壹元整', '2(1)'],
    ['1000.00', '人民币壹仟元整', 'trailing zeros'],
    ['1001.00', '人民币壹仟零壹元整', '2(2)'],
    ['1010.00', '人民币壹仟零壹拾元整', '2(1), 壹 before 拾'],
    ['1100.00', '人民币壹仟壹佰元整', 'trailing zeros'],
    ['10000.00', '人民币壹万元整', '万'],
    ['10001.00', '人民币壹万零壹元整', '2(2)'],
    ['10010.10', '人民币壹万零壹拾元零壹角', '2(1) and 2(3)'],
    ['100000.00', '人民币壹拾万元整', '壹拾万'],
    ['110000.00', '人民币壹拾壹万元整', '壹拾壹万'],
    ['1000000.00', '人民币壹佰万元整', 'trailing zeros'],
    ['1005000.00', '人民币壹佰万伍仟元整', '2(3) 万位 0, 仟位 not: the first form'],
    ['1000500.00', '人民币壹佰万零伍佰元整', '2(2) across 万'],
    ['10000000.00', '人民币壹仟万元整', '仟万'],
    ['12345678.90', '人民币壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角', 'every position'],
    ['100000000.00', '人民币壹亿元整', '亿'],
    ['100000001.00', '人民币壹亿零壹元整', 'zeros across a whole group → one 零'],
    ['100007000.00', '人民币壹亿零柒仟元整', 'a whole 万 group of zeros → 零'],
    ['100010000.00', '人民币壹亿零壹万元整', '2(2) across 亿'],
    ['1050000000.00', '人民币壹拾亿伍仟万元整', '亿位 0, 仟万位 not: the first form'],
    ['1001001001.01', '人民币壹拾亿零壹佰万壹仟零壹元零壹分', 'zeros in every group'],
    ['200000000000.00', '人民币贰仟亿元整', '仟亿'],
    ['1000000000000.00', '人民币壹万亿元整', '万亿: 10^12 (once 壹万亿亿 or 壹万亿 doubled)'],
    ['1234500000000.00', '人民币壹万贰仟叁佰肆拾伍亿元整', '万亿: one 亿 for the eight digits above it'],
    ['1000000000005.00', '人民币壹万亿零伍元整', '万亿 and a run of zeros'],
    ['1000100000000.00', '人民币壹万零壹亿元整', '万亿 with an inner 零'],
    ['1000050000000.00', '人民币壹万亿零伍仟万元整', '万亿, a whole zero group under 亿'],
    ['1200000000000.50', '人民币壹万贰仟亿元零伍角', '万亿 and 2(3)'],
    ['10000000000000.00', '人民币壹拾万亿元整', '壹拾万亿'],
    ['9999999999999999.99', '人民币玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分', 'the largest amount'],
    ['-5.50', '人民币负伍元伍角', 'a negative amount (a credit)'],
  ];
  for (const [amount, expected, why] of table) {
    it(`${amount} → ${expected} (${why})`, () => {
      assert.equal(amountInWords(amount, 'CNY', 'zh-CN', { renminbi: true }), expected);
      // Without the option, the same words without 人民币 (a bill's amount box has it printed).
      assert.equal(amountInWords(amount, 'CNY', 'zh-CN'), expected.slice(3));
    });
  }
  it('the table has at least 40 amounts', () => assert.ok(table.length >= 40, String(table.length)));

  it('other currencies take their Chinese name (or code) before the numerals, whatever the option', () => {
    assert.equal(amountInWords('100.00', 'USD', 'zh-CN'), '美元壹佰元整');
    assert.equal(amountInWords('100.00', 'USD', 'zh-CN', { renminbi: true }), '美元壹佰元整');
    assert.equal(amountInWords('3000', 'JPY', 'zh-CN'), '日元叁仟元整');
    assert.equal(amountInWords('12.345', 'KWD', 'zh-CN'), '科威特第纳尔壹拾贰元叁角肆分伍厘');
    assert.equal(amountInWords('1.00', 'XCD', 'zh-CN'), 'XCD壹元整');
  });
});

describe('amountInWords, en: the currency named first, "only" last', () => {
  const table: [string, string, string][] = [
    ['140644.00', 'CNY', 'Chinese yuan one hundred forty thousand six hundred forty-four only'],
    ['156001.14', 'CNY', 'Chinese yuan one hundred fifty-six thousand one and fourteen fen only'],
    ['0.00', 'CNY', 'Chinese yuan zero only'],
    ['1250.50', 'USD', 'US dollars one thousand two hundred fifty and fifty cents only'],
    ['1.01', 'USD', 'US dollars one and one cent only'],
    ['1000000000000.00', 'USD', 'US dollars one trillion only'],
    ['9999999999999999.99', 'USD', 'US dollars nine quadrillion nine hundred ninety-nine trillion nine hundred ninety-nine billion nine hundred ninety-nine million nine hundred ninety-nine thousand nine hundred ninety-nine and ninety-nine cents only'],
    ['0.99', 'EUR', 'Euros zero and ninety-nine cents only'],
    ['-3.50', 'EUR', 'Euros minus three and fifty cents only'],
    ['2000000.00', 'GBP', 'Pounds sterling two million only'],
    ['0.01', 'GBP', 'Pounds sterling zero and one penny only'],
    ['12.345', 'KWD', 'Kuwaiti dinars twelve and three hundred forty-five fils only'],
    ['134.134', 'KWD', 'Kuwaiti dinars one hundred thirty-four and one hundred thirty-four fils only'],
    ['1.001', 'BHD', 'Bahraini dinars one and one fils only'],
    ['7.500', 'OMR', 'Omani rials seven and five hundred baisa only'],
    ['2.010', 'TND', 'Tunisian dinars two and ten millimes only'],
    ['120000.75', 'INR', 'Indian rupees one hundred twenty thousand and seventy-five paise only'],
    ['5.01', 'INR', 'Indian rupees five and one paisa only'],
    ['100', 'JPY', 'Japanese yen one hundred only'],
    ['1000000', 'KRW', 'South Korean won one million only'],
    ['1.2345', 'CLF', 'Chilean unidades de fomento one and two thousand three hundred forty-five ten-thousandths only'],
    ['99.99', 'CHF', 'Swiss francs ninety-nine and ninety-nine centimes only'],
    ['3.10', 'PLN', 'Polish zloty three and ten groszy only'],
    ['11.11', 'HKD', 'Hong Kong dollars eleven and eleven cents only'],
  ];
  for (const [amount, currency, expected] of table) {
    it(`${amount} ${currency} → ${expected}`, () => assert.equal(amountInWords(amount, currency, 'en'), expected));
  }

  it(`names every one of the kit's ${CODES.length} currencies and its minor unit (no code, no digits, no 134/1000)`, () => {
    assert.ok(CODES.length > 150, String(CODES.length));
    assert.deepEqual(Object.keys(EN_CURRENCY).sort(), CODES, 'the names and the scales list the same codes');
    for (const code of CODES) {
      const scale = currencyScale(code)!;
      const [name, one, many] = EN_CURRENCY[code]!;
      assert.ok(name !== '' && (scale === 0) === (one === '' && many === ''), code);
      assert.match(name + one + many, /^[A-Za-z -]*$/, `${code}: ASCII only, any font draws it`);
      const amount = scale === 0 ? '12' : `12.${'0'.repeat(scale - 1)}1`;
      const words = amountInWords(amount, code, 'en');
      assert.ok(!/\d|\//.test(words) && !words.includes(code), words);
      assert.ok(words.endsWith(scale === 0 ? 'twelve only' : `and one ${one} only`), words);
    }
    for (const code of Object.keys(ZH_CURRENCY)) assert.ok(CODES.includes(code), code);
  });
});

describe('amountInWords, bad input', () => {
  const cases: [unknown, unknown, unknown, unknown, RegExp][] = [
    [140644, 'CNY', 'zh-CN', undefined, /amountInWords\(amount\): must be a decimal string/],
    ['1.005', 'CNY', 'zh-CN', undefined, /CNY has 2 decimals; round "1.005" first/],
    ['12', 'XXX', 'zh-CN', undefined, /amountInWords\(currency\): must be an ISO 4217 code/],
    ['1e5', 'CNY', 'zh-CN', undefined, /amountInWords\(amount\): must be a decimal string/],
    ['12345678901234567', 'CNY', 'zh-CN', undefined, /at most 16 integer digits/],
    ['1.00', 'CNY', 42, undefined, /amountInWords\(locale\)/],
    ['1.00', 'CNY', 'zh-CN', null, /amountInWords\(options\): must be an object/],
    ['1.00', 'CNY', 'zh-CN', { renminbi: 'yes' }, /amountInWords\(options\.renminbi\): must be a boolean/],
    ['1.00', 'CNY', 'zh-CN', { prefix: true }, /amountInWords\(options\.prefix\): unknown option/],
  ];
  for (const [amount, currency, locale, options, message] of cases) {
    it(`${String(amount)} ${String(currency)} ${String(locale)} ${JSON.stringify(options)} → ${message.source}`, () => {
      assert.throws(() => amountInWords(amount, currency, locale, options as never), (e: unknown) => e instanceof RangeError && message.test(e.message));
    });
  }
});

describe('amountInWords, properties', () => {
  // Amounts below 10^15 yuan, with many zeros (where the 零 rules live) and every digit count.
  const digit = fc.oneof({ weight: 3, arbitrary: fc.constant('0') }, { weight: 2, arbitrary: fc.constantFrom(...'123456789') });
  const amount = (scale: number, maxDigits = 15) => fc.tuple(fc.array(digit, { minLength: 1, maxLength: maxDigits }), fc.array(digit, { minLength: scale, maxLength: scale }))
    .map(([w, f]) => {
      const whole = w.join('').replace(/^0+(?=.)/, '');
      return scale === 0 ? whole : `${whole}.${f.join('')}`;
    });
  const minorUnits = (text: string): bigint => BigInt(text.replace('.', ''));

  it('zh-CN: every amount below 10^15 reads back strictly as itself, 人民币 first with the option', () => {
    fc.assert(fc.property(amount(2), fc.boolean(), (a, renminbi) => {
      const words = amountInWords(a, 'CNY', 'zh-CN', { renminbi });
      const read = readCapitals(words);
      assert.equal(read.minor, minorUnits(a), words);
      assert.equal(read.name, renminbi ? '人民币' : '', words);
      assert.match(words, /^(人民币)?[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+$/);
    }), { numRuns: 3000 });
  });

  it('zh-CN: 16 integer digits (the 万亿 range) and 3-decimal currencies read back too', () => {
    fc.assert(fc.property(amount(2, 16), (a) => assert.equal(readCapitals(amountInWords(a, 'CNY', 'zh-CN')).minor, minorUnits(a))), { numRuns: 1000 });
    fc.assert(fc.property(amount(3), (a) => {
      const read = readCapitals(amountInWords(a, 'KWD', 'zh-CN'), 3);
      assert.equal(read.name, '科威特第纳尔');
      assert.equal(read.minor, minorUnits(a));
    }), { numRuns: 500 });
  });

  it('the strict reader refuses what the rules do not write (so the property can fail)', () => {
    for (const bad of ['壹万亿贰仟亿元整', '壹万万元整', '拾元整', '壹拾万零柒仟元整', '壹佰壹元整', '壹元', '壹元伍角整', '壹拾元伍角', '壹元零壹角', '壹仟佰元整', '零壹元整']) {
      assert.throws(() => readCapitals(bad), Error, bad);
    }
  });

  it('en: every amount below 10^15, in every currency the kit knows, reads back as itself', () => {
    const coded = fc.constantFrom(...CODES).chain((code) => amount(currencyScale(code)!).map((a) => [code, a] as const));
    fc.assert(fc.property(coded, fc.boolean(), ([code, a], negative) => {
      const text = (negative && /[1-9]/.test(a) ? '-' : '') + a;
      const words = amountInWords(text, code, 'en');
      assert.ok(!/\d/.test(words), words);
      assert.equal(readEnglish(words, code), (text.startsWith('-') ? -1n : 1n) * minorUnits(a), words);
    }), { numRuns: 2000 });
  });
});
